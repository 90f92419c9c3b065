"""Headline figures of the narrative: numbers with units, normalised, with the change stated beside them.

"149.7万件" becomes 1,497,000 件 (亿元 → 元 × 1e8; the unit keeps its base), and a change that follows
("同比增长6.9%", "较上年提升1.9个百分点") is attached to the figure it describes. What a figure measures is
the phrase before it in its clause ("国内发明专利申请"), or, when the counted noun follows the number
("累计受理20件集成电路布图设计撤销案"), both. The rules are the tables and patterns below:

- a number counts when a unit or a scale (万, 亿) follows it; ordinals (第3), years and dates (2020年,
  2月1日), ranges (1~5倍) and numbers inside titles 《…》 do not;
- a change in per cent belongs to the nearest figure before it that is not itself a percentage (a
  share "占总量的89.8%" may stand between); a change in 个百分点 belongs to the nearest percentage;
  with no such figure in the same clause it is a figure of its own (value NULL, the change kept);
- a change measured against another year than the last ("比2016年提高了近17个百分点") is no year-on-
  year change: it is kept as a figure of its own, in its unit;
- odd source values are flagged (FLAGS), never changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from ipexplorer.query.numbers import format_exact


class ParagraphLike(Protocol):
    """What the extractor needs of a paragraph (the narrative's rows, or made-up ones in tests)."""

    text: str
    first_line: int
    last_line: int
    section: str


# Printed unit -> (normalised unit, kind). Longest first when matching.
UNITS: dict[str, tuple[str, str]] = {
    "个百分点": ("pp", "points"),
    "个工作日": ("个工作日", "duration"),
    "个月": ("个月", "duration"),
    "天": ("天", "duration"),
    "%": ("%", "percent"),
    "％": ("%", "percent"),
    "元": ("元", "money"),
    "美元": ("美元", "money"),
    "件": ("件", "count"),
    "个": ("个", "count"),
    "家": ("家", "count"),
    "人次": ("人次", "count"),
    "人": ("人", "count"),
    "名": ("名", "count"),
    "项": ("项", "count"),
    "所": ("所", "count"),
    "次": ("次", "count"),
    "场": ("场", "count"),
    "期": ("期", "count"),
    "篇次": ("篇次", "count"),
    "篇": ("篇", "count"),
    "条": ("条", "count"),
    "单": ("单", "count"),
    "起": ("起", "count"),
    "批": ("批", "count"),
    "类": ("类", "count"),
    "分": ("分", "score"),
    "倍": ("倍", "ratio"),
}

# Printed scale -> factor: 149.7万件 = 1,497,000 件; 11.5万亿元 = 11.5e12 元.
SCALES: dict[str, int] = {"万亿": 10**12, "亿": 10**8, "万": 10**4}

# Words that qualify a figure, as printed, and what they mean for a cross-check.
QUALIFIERS_BEFORE = ("约", "接近", "近", "逾", "超过", "超", "突破", "不足", "低于", "高于")
# 约 ends words that are no qualifier: 签约, 预约, 节约, 条约, …
NOT_QUALIFIER_YUE = tuple("签预节契条公合制邀相履违特")
QUALIFIER_MEANING = {
    "约": "about", "左右": "about",
    "余": "at least", "多": "at least", "逾": "at least", "超过": "at least", "超": "at least",
    "突破": "at least", "以上": "at least", "高于": "at least",
    "近": "at most", "接近": "at most", "不足": "at most", "低于": "at most", "以内": "at most",
}

YEAR_ON_YEAR = ("同比", "较上年", "比上年", "较去年", "比去年")
RISE = ("增长", "增加", "提高", "提升", "上升", "上涨")
FALL = ("下降", "减少", "降低", "回落", "下滑")

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
FIGURE = re.compile(
    rf"(?P<num>{_NUM})\s*(?P<scale>万亿|亿|万)?\s*(?P<more>余|多)?\s*(?P<unit>{_UNIT_ALT})?"
    r"(?P<after>以上|以内|左右)?"
)
CHANGE = re.compile(
    r"(?P<basis>同比|较上年|比上年|较去年|比去年|(?:比|较)\s*(?P<year>\d{4})\s*年底?)?\s*"
    rf"(?P<verb>{'|'.join(RISE + FALL)})了?\s*(?P<q>近|约|超过|逾)?\s*"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|％|个百分点)"
)
# What follows a number that makes it a date, a year or an ordinal rather than a figure.
NOT_A_FIGURE_AFTER = re.compile(r"^\s*(?:年|月(?!份)|日|号|时|届|点|级|周年|世纪|代)")
RANGE_DASH = "~～—－-至"
_DIGIT = re.compile(r"\d")
CLAUSE_END = "，,；;：:。！？!?"

# Leading words of a clause that say when or how, not what: stripped from the measure.
_LEADING = re.compile(
    r"^(?:\d{4}\s*年(?:度|底)?(?:以来)?|截至\s*\d{4}\s*年底?|自\s*\d{4}\s*年(?:起|以来)?|全年|当年|目前|其中|同时|"
    r"此外|另外|据统计|经调查统计|调查结果显示|我国|全国|共有|共计|共|合计|分别为|分别是|分别|已|另)[，,、\s]*"
)
# Trailing words between the phrase and the number: stripped from the measure.
_TRAILING = re.compile(
    r"(?:压减至|压缩至|缩短至|提高到|提高至|提升至|提升到|增加到|增至|升至|降至|达到|达|为|是|共计|共|合计|"
    r"逾|超过|超|突破|接近|近|的|了|已|控制在|在|有|低于|不足|高于|累计达|同步|进一步|人均|均|分别|(?<=\S{2})(?:从|由)[^，,从由]{0,6})\s*$"
)
# Footnote marks and emphasis left in the text by the PDF: not part of a measure.
_NOISE = re.compile(r"\^?[①②③④⑤⑥⑦⑧⑨⑩]|\*+")
# The patterns the rules below apply to every figure, compiled once.
_SPACES = re.compile(r"\s+")
_SPACE_BY_CHINESE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_NOUN_AFTER = re.compile(r"\s*([^\d，,；;：:。！？!?（(、）)]{1,20})(?=[\d，,；;：:。！？!?（(、）)]|$)")
_NAME_BREAK = re.compile(r"[，,、和及与为是]")
_PERSONS = re.compile(r"人数$")
_SEMICOLON = re.compile(r"[；;]")
_LINKING = re.compile(r"[\s，,、]|同比|较上年|比上年")

# Flags for odd source values: (name, test(figure) -> bool, message). A flagged figure keeps its printed value.
FlagRule = tuple[str, Callable[["Figure"], bool], str]
FLAGS: tuple[FlagRule, ...] = (
    ("separator_with_scale",
     lambda f: "," in f.number_text and f.scale is not None,
     "a thousands separator before a scale ({raw}): read as {value} {unit}; a decimal point may be meant"),
    ("persons_over_10_million",
     lambda f: f.unit in ("人", "人次", "名") and f.value is not None and f.value > 10_000_000,
     "{value} {unit} is more people than the context allows"),
    ("percent_over_100",
     lambda f: f.unit == "%" and f.value is not None and f.value > 100 and any(w in f.measure_text for w in
                                                                              ("占", "比重", "率", "比例")),
     "a share or rate above 100 % ({raw})"),
    ("score_over_100",
     lambda f: f.unit == "分" and f.value is not None and f.value > 100,
     "a score above 100 ({raw})"),
    ("fractional_count",
     lambda f: f.kind == "count" and f.value is not None and f.value != int(f.value)
     and not any(w in f.sentence for w in ("均", "每")),
     "a count that is not a whole number ({raw})"),
)


@dataclass
class Figure:
    """A number with its unit, as printed and normalised, where it stands and what it measures."""

    section: str
    sentence: str
    measure_text: str
    value: int | float | None      # normalised: 149.7万件 → 1497000; None for a change stated alone
    unit: str                      # 件, 元, %, pp, 个月, …
    raw_text: str                  # as printed: "149.7万件", "同比增长6.9%"
    change_value: float | None = None   # +6.9, -3.0 (signed)
    change_unit: str | None = None      # % or pp
    line: int = 0
    flag: str | None = None
    para_id: int | None = None
    qualifier: str | None = None        # 约, 余, 近, …: the printed value is not exact
    kind: str = ""                      # count, money, percent, points, duration, score, ratio
    number_text: str = ""               # the digits as printed: "4,532"
    scale: str | None = None            # 万, 亿, 万亿
    start: int = 0                      # offsets in the paragraph's text
    end: int = 0
    change_decimals: int = 0

    @property
    def decimals(self) -> int:
        """Digits printed after the decimal point (1 for 149.7万)."""
        _, _, frac = self.number_text.partition(".")
        return len(frac)

    @property
    def rounded_to(self) -> float:
        """Place value of the last printed digit, normalised: 134.5万 → 1000 (the figure means ±500)."""
        step = Decimal(1).scaleb(-self.decimals) * SCALES.get(self.scale or "", 1)
        return int(step) if step == int(step) else float(step)

    @property
    def change_rounded_to(self) -> float | None:
        """Place value of the change's last printed digit: 0.1 for 同比增长6.9%."""
        if self.change_value is None:
            return None
        return float(Decimal(1).scaleb(-self.change_decimals))


def normalise(number_text: str, scale: str | None) -> int | float:
    """The printed number times its scale, exactly: ("149.7", "万") → 1497000; ("0.5", None) → 0.5."""
    value = Decimal(number_text.replace(",", "")) * SCALES.get(scale or "", 1)
    return int(value) if value == value.to_integral_value() else float(value)


_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」）)]*|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, the end mark (and a closing quote after it) included."""
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]


def _ordinal_or_code(before: str) -> bool:
    """Does the text before a number make it an ordinal (第3) or part of a code (TM5, IP5)?"""
    before = before.rstrip()
    return bool(before) and (before[-1] == "第" or (before[-1].isascii() and before[-1].isalpha()))


def _inside_title(text: str, pos: int) -> bool:
    """Is `pos` inside 《…》 (a document title, whose numbers are no figures)?"""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def _qualifier_before(text: str, pos: int) -> str | None:
    before = text[:pos].rstrip()
    for word in sorted(QUALIFIERS_BEFORE, key=len, reverse=True):
        if before.endswith(word):
            if word == "约" and before[:-1].endswith(NOT_QUALIFIER_YUE):
                return None
            return word
    return None


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and text[i - 1] not in CLAUSE_END:
        i -= 1
    return i


def _clean_measure(prefix: str) -> str:
    text = _NOISE.sub("", prefix)
    text = _SPACE_BY_CHINESE.sub("", text).strip(" ，,、（(")
    changed = True
    while changed and text:
        changed = False
        for pattern in (_LEADING, _TRAILING):
            new = pattern.sub("", text).strip(" ，,、")
            if new != text:
                text, changed = new, True
    if (text.endswith("（") or text.endswith("(")):
        text = text[:-1]
    return text


def _suffix_noun(text: str, pos: int, end: int) -> tuple[str, int]:
    """The counted noun right after a number's unit ("20件集成电路布图设计撤销案"), if short and plain,
    and where it ends; ("", pos) when there is none."""
    m = _NOUN_AFTER.match(text[pos:end])
    if not m:
        return "", pos
    word = _NOISE.sub("", _SPACES.sub("", m.group(1)))
    word = _TRAILING.sub("", word).rstrip("和及与等的了")
    if not word or CHANGE.match(text, pos) or word[0] in "的是为和及与或等" or word.startswith(YEAR_ON_YEAR):
        return "", pos
    return word, pos + m.end(1)


def _figure_follows(text: str, pos: int, end: int) -> bool:
    m = FIGURE.match(text, pos, end)
    return m is not None and m.group("unit") is not None


def _signed(verb: str, number: str) -> float:
    value = float(number)
    return -value if verb in FALL else value


def extract_figures(paragraphs: Iterable[ParagraphLike], *, year: int) -> list[Figure]:
    """Every figure of the paragraphs, in order; see the module's rules. `year` is the report's edition."""
    figures: list[Figure] = []
    for para in paragraphs:
        figures.extend(_figures_of(para, year))
    for figure in figures:
        figure.flag = flag_of(figure)
    return figures


def flag_of(figure: Figure) -> str | None:
    """The FLAGS a figure trips, as one message (None when it looks plausible)."""
    messages = []
    for name, test, message in FLAGS:
        if test(figure):
            value = figure.value if figure.value is not None else 0
            text = message.format(raw=figure.raw_text, value=format_exact(value), unit=figure.unit)
            messages.append(f"{name}: {text}")
    return "; ".join(messages) or None


def _line_of(para: ParagraphLike, offset: int) -> int:
    starts: Sequence[tuple[int, int]] = getattr(para, "line_starts", ()) or ()
    line = para.first_line
    for start, number in starts:
        if start <= offset:
            line = number
        else:
            break
    return line


def _figures_of(para: ParagraphLike, year: int) -> list[Figure]:
    text = para.text
    out: list[Figure] = []
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end].strip()
        if not _DIGIT.search(sentence):
            continue
        has_change = "%" in sentence or "％" in sentence or "百分点" in sentence
        changes = list(CHANGE.finditer(text, s_start, s_end)) if has_change else []
        taken = [(m.start("verb") if m.group("basis") is None else m.start(), m.end()) for m in changes]
        found: list[Figure] = []
        for m in FIGURE.finditer(text, s_start, s_end):
            if any(a <= m.start("num") < b for a, b in taken):
                continue
            floor = max([s_start, *(f.end for f in found)])
            figure = _figure_at(para, text, m, floor, s_end, sentence, found[-1] if found else None)
            if figure is not None:
                found.append(figure)
        for m in changes:
            _attach_change(para, text, m, found, s_start, s_end, sentence, year)
        found.sort(key=lambda f: f.start)
        out.extend(found)
    return out


def _figure_at(para: ParagraphLike, text: str, m: re.Match, s_start: int, s_end: int, sentence: str,
               previous: Figure | None) -> Figure | None:
    num, scale, unit = m.group("num"), m.group("scale"), m.group("unit")
    if unit is None and scale is None:
        return None
    start, end = m.start("num"), m.end()
    if unit is None:  # a bare scale ("达47万"): only when nothing of note follows
        end = m.end("more") if m.group("more") else m.end("scale")
    if _ordinal_or_code(text[max(s_start, start - 4):start]) or _inside_title(text, start):
        return None
    if unit is None and NOT_A_FIGURE_AFTER.match(text, end):
        return None
    if start > 0 and text[start - 1] in RANGE_DASH and start > 1 and text[start - 2].isdigit():
        return None
    rest = text[m.end("num"):s_end].lstrip()
    if rest and rest[0] in RANGE_DASH and len(rest) > 1 and rest[1].isdigit():
        return None
    qualifier = m.group("more") or m.group("after") or _qualifier_before(text, start)
    q_start = start
    if qualifier and qualifier in QUALIFIERS_BEFORE and text[:start].rstrip().endswith(qualifier):
        q_start = len(text[:start].rstrip()) - len(qualifier)
    norm_unit, kind = UNITS[unit] if unit else ("", "count")
    if text[q_start - 1:q_start] in ("（", "(") and text[end:end + 1] in ("）", ")"):
        # 山东（810件）: the figure belongs to the name before the bracket
        end += 1
        measure = _NAME_BREAK.split(text[_clause_start(text, q_start - 1, s_start):q_start - 1])[-1]
        measure = _clean_measure(measure)
    else:
        measure = _clean_measure(text[_clause_start(text, q_start, s_start):q_start])
        noun, noun_end = _suffix_noun(text, end, s_end) if kind in ("count", "money") and unit else ("", end)
        if noun:
            measure = f"{measure}{noun}" if measure else noun
            # "9个省市巡回审理案件103件": a noun right before the next figure is that one's too
            if not _figure_follows(text, noun_end, s_end):
                end = noun_end
        if not measure.strip("和及与、") and previous is not None:
            measure = previous.measure_text  # "分别占比18.0%和16.8%": the second shares the first's measure
    if not norm_unit and _PERSONS.search(measure):
        norm_unit = "人"
    return Figure(
        section=para.section, sentence=sentence, measure_text=measure,
        value=normalise(num, scale), unit=norm_unit, raw_text=_SPACES.sub("", text[start:m.end()]),
        line=_line_of(para, start), para_id=getattr(para, "para_id", None), qualifier=qualifier,
        kind=kind, number_text=num, scale=scale, start=start, end=end,
    )


def _attach_change(para: ParagraphLike, text: str, m: re.Match, found: list[Figure], s_start: int, s_end: int,
                   sentence: str, year: int) -> None:
    unit = "pp" if m.group("unit") == "个百分点" else "%"
    value = _signed(m.group("verb"), m.group("num"))
    decimals = len(m.group("num").partition(".")[2])
    basis_year = m.group("year")
    year_on_year = basis_year is None or int(basis_year) == year - 1
    start = m.start() if m.group("basis") else m.start("verb")
    if year_on_year:
        target = _change_target(text, found, unit, start)
        if target is not None:
            target.change_value, target.change_unit = value, unit
            target.change_decimals = decimals
            target.end = max(target.end, m.end())
            return
    # a change of its own: against another year (a figure in its unit), or with no figure to belong to
    clause = _clause_start(text, start, s_start)
    measure = _clean_measure(text[clause:start])
    raw = _SPACES.sub("", text[m.start():m.end()])
    if year_on_year:
        figure = Figure(para.section, sentence, measure, None, "", raw, value, unit)
        figure.change_decimals = decimals
    else:
        basis = _SPACES.sub("", text[m.start():m.end("verb")])
        figure = Figure(para.section, sentence, f"{measure}{basis}" if measure else basis, value, unit, raw,
                        kind="points" if unit == "pp" else "percent", number_text=m.group("num"))
    figure.line = _line_of(para, m.start())
    figure.para_id = getattr(para, "para_id", None)
    figure.qualifier = m.group("q")
    figure.start, figure.end = m.start(), m.end()
    found.append(figure)


def _change_target(text: str, found: list[Figure], unit: str, start: int) -> Figure | None:
    """The figure a year-on-year change belongs to (see the module's rules), or None."""
    before = sorted((f for f in found if f.end <= start and f.value is not None), key=lambda f: f.start)
    gap_end = start
    for figure in reversed(before):
        gap = text[figure.end:gap_end]
        if _SEMICOLON.search(gap):
            return None
        wanted = figure.unit == "%" if unit == "pp" else figure.unit not in ("%", "pp")
        if wanted:
            if figure.change_value is not None or _residue(gap):
                return None
            return figure
        if unit == "pp" or figure.unit != "%":
            return None
        # a share between the figure and its change: step over it and its words ("占总量的")
        if _residue(gap):
            return None
        gap_end = _clause_start(text, figure.start, 0)
    return None


def _residue(gap: str) -> str:
    """What is left of the text between a figure and its change once punctuation and linking words go."""
    return _LINKING.sub("", gap)
