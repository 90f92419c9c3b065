"""The year's dated events: every item of 第一章 年度要事, and dated sentences elsewhere.

Categories and partners come from the keyword tables below — transparent rules, each tested.
An event may have several categories; partners are organisations named in the text and the
countries of the regions table. One event printed twice (第一章's 2月15日 and 专题's) is one
event with two sources; the regions it names are each a venue (在北京召开) or its subject.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from ipexplorer.report.paragraphs import Narrative
from ipexplorer.report.source import ReportError

# An item's date is in the report's year unless it prints its own ("2019年12月31日").
YEAR_PREFIX = r"(?:(?P<y>(?:19|20)\d\d)\s*年)?"
# 1月6日至7日 · 11月14日至15日 · 10月26—28日 · 3月30日至4月1日 · 8月 (month only)
DAY = re.compile(
    rf"^{YEAR_PREFIX}(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"
    r"(?:(?:至|—|－|-|~|～)(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日)?"
)
DAY_RANGE_SHORT = re.compile(rf"^{YEAR_PREFIX}(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})(?:—|－|-|~|～)(?P<d2>\d{{1,2}})日")
MONTH_ONLY = re.compile(rf"^{YEAR_PREFIX}(?P<m>\d{{1,2}})月(?!\d)[，,、]")


class DateError(ValueError):
    """A printed date that is no day of the calendar (2月30日, 13月2日) or a range that ends before it starts."""
SAME_DAY = re.compile(r"^同日[，,]?")

# category code -> (English name, Chinese name, keywords); order is the display order
CATEGORIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "international": ("International cooperation", "国际合作", (
        "世界知识产权组织", "WIPO", "五局", "中美欧日韩", "中日韩", "金砖", "一带一路", "欧洲专利局", "欧盟",
        "特许厅", "国际", "双边", "多边", "外国", "海外", "境外", "专利审查高速路", "PPH", "东盟", "中欧",
        "会谈", "签署", "谅解备忘录", "合作协议")),
    "policy": ("Policy or regulation issued", "政策法规发布", (
        "印发", "发布", "出台", "施行", "实施意见", "指导意见", "办法", "规定", "通知", "方案", "条例",
        "专利法", "修正", "修改", "审议通过")),
    "meeting": ("Meetings and conferences", "会议活动", (
        "会议", "座谈会", "论坛", "研讨会", "大会", "召开", "举办", "举行", "峰会", "年会", "发布会")),
    "party": ("Party and internal affairs", "党建与内部事务", (
        "党组", "党建", "党委", "主题教育", "习近平", "中央", "党中央", "政治局", "机关", "干部", "巡视",
        "纪检", "全会")),
    "covid": ("COVID-19 response", "疫情防控", (
        "疫情", "新冠", "防控", "复工复产", "肺炎")),
    "poverty": ("Poverty alleviation", "脱贫攻坚", (
        "扶贫", "脱贫", "贫困", "桑植", "乡村振兴")),
    "exams_awards": ("Exams, awards and fairs", "考试、奖项与展会", (
        "考试", "专利奖", "颁奖", "表彰", "评选", "博览会", "展会", "交易会", "大赛", "竞赛", "中国专利奖",
        "职称")),
    "enforcement": ("Protection and enforcement", "保护与执法", (
        "保护", "执法", "侵权", "打击", "维权", "纠纷", "行政裁决")),
}

ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "WIPO": ("世界知识产权组织", "WIPO"),
    "EPO": ("欧洲专利局", "EPO"),
    "EUIPO": ("欧盟知识产权局", "EUIPO"),
    "JPO": ("日本特许厅", "JPO"),
    "KIPO": ("韩国特许厅", "韩国知识产权局", "KIPO"),
    "USPTO": ("美国专利商标局", "USPTO"),
    "IP5": ("中美欧日韩", "知识产权五局", "专利五局", "五局合作"),
    "TM5": ("TM5", "商标五局"),
    "BRICS": ("金砖",),
    "ASEAN": ("东盟",),
}


VENUE = "venue"       # where it took place: 在北京召开, 在广东落地, 落地江苏盐城, 深入湖南省桑植县调研
SUBJECT = "subject"   # whom or what it is about: 与浙江省人民政府会商, 韩国特许厅, 内地与澳门签署
ROLES = (VENUE, SUBJECT)


@dataclass(frozen=True)
class Source:
    """One place the report prints an event: its sentence and line."""

    text: str
    section_id: int
    section: str
    para_id: int
    source_line: int
    chapter: int | None


@dataclass
class Event:
    """A dated event, told by `source` (its own printing) and possibly again elsewhere (`sources`)."""

    date: str                 # ISO: 2020-01-06, or 2020-08 when only the month is given (the report's year)
    end_date: str | None
    precision: str            # day | month
    source: Source
    categories: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)          # organisation codes and country names (English)
    sources: list[Source] = field(default_factory=list)         # every line printing it, its own first
    regions: list[tuple[str, str]] = field(default_factory=list)  # (Chinese name, VENUE | SUBJECT)

    def __post_init__(self) -> None:
        if not self.sources:
            self.sources = [self.source]

    # its own printing's sentence, section, paragraph and line
    @property
    def text(self) -> str:
        return self.source.text

    @property
    def section_id(self) -> int:
        return self.source.section_id

    @property
    def section(self) -> str:
        return self.source.section

    @property
    def para_id(self) -> int:
        return self.source.para_id

    @property
    def source_line(self) -> int:
        return self.source.source_line

    @property
    def chapter(self) -> int | None:
        return self.source.chapter


def _iso(year: int, month: int, day: int | None, printed: str) -> str:
    try:
        return dt.date(year, month, day).isoformat() if day else dt.date(year, month, 1).isoformat()[:7]
    except ValueError:
        raise DateError(f"{printed!r} is not a date ({year}-{month:02d}" + (f"-{day:02d})" if day else ")")) from None


def parse_date(text: str, year: int) -> tuple[str, str | None, str, int] | None:
    """(date, end date, precision, length of the date text) of a text that starts with a date, else None.

    `year` is the report's; a printed year wins. A date that is no calendar day raises DateError.
    """
    if m := DAY_RANGE_SHORT.match(text) or DAY.match(text):
        y = int(m["y"]) if m["y"] else year
        month, printed = int(m["m"]), m.group(0)
        start = _iso(y, month, int(m["d"]), printed)
        end = _iso(y, int(m.groupdict().get("m2") or month), int(m["d2"]), printed) if m["d2"] else None
        if end is not None and end < start:
            raise DateError(f"{printed!r} ends before it starts")
        return start, end, "day", m.end()
    if m := MONTH_ONLY.match(text):
        y = int(m["y"]) if m["y"] else year
        return _iso(y, int(m["m"]), None, m.group(0)), None, "month", m.end()
    return None


# each category's keywords as one pattern: a search per category, not a test per keyword
_CATEGORY_WORDS = {code: re.compile("|".join(map(re.escape, words))) for code, (_en, _zh, words) in CATEGORIES.items()}


def categorise(text: str) -> list[str]:
    return [code for code, words in _CATEGORY_WORDS.items() if words.search(text)]


def inside_longer_word(text: str, end: int, name: str) -> bool:
    """A country name ending in 国 followed by 家 reads as …国家 ("countries"): 拉美国家 is not 美国."""
    return name.endswith("国") and text[end:end + 1] == "家"


def names_place(text: str, name: str) -> bool:
    """Whether `text` names the place `name` as a whole name at least once (not 美国 inside 拉美国家)."""
    if name not in text:   # most names are not there: skip the pattern (ten editions' events, hundreds of names)
        return False
    return any(not inside_longer_word(text, m.end(), name) for m in re.finditer(re.escape(name), text))


def longest_first(names: Iterable[str]) -> list[str]:
    """`names` longest first (equal lengths in their given order): the order partners_in and places_in read them."""
    return sorted(names, key=len, reverse=True)


def partners_in(text: str, countries: dict[str, str], ordered: Sequence[str] | None = None
                ) -> tuple[list[str], list[str]]:
    """Organisations (codes) and countries (English names; Chinese names) the text names. `ordered`: the
    countries' Chinese names longest first, when the caller has them (extract_events sorts them once)."""
    orgs = [code for code, names in ORGANISATIONS.items() if any(n in text for n in names)]
    ordered = longest_first(countries) if ordered is None else ordered
    found_zh = [zh for zh in ordered if zh in text and names_place(text, zh)]
    # 日本特许厅 names both JPO and Japan: keep both, they are different kinds of partner
    return orgs + [countries[zh] for zh in found_zh], found_zh


# A place is the venue when its clause reads 在X…召开 (or 举行, 开幕, 落地 …), 落地X, 赴X or 深入X…调研;
# anything else the event names (与X签署, X特许厅, 内地与澳门) is what the event is about.
CLAUSE_END = re.compile(r"[，,。；;：:！？!?]")
VENUE_VERBS = ("召开", "举行", "举办", "开幕", "闭幕", "接见", "落地", "启动", "颁发", "颁奖", "调研", "开展")
AT = "在"
TOWARDS = ("落地", "赴", "深入", "前往")
PARTNER_WORDS = ("与", "同")   # 在北京与X签署: X is a partner, not a venue


def place_role(text: str, start: int, end: int) -> str:
    """VENUE or SUBJECT for the place printed at text[start:end], from the grammar of its clause."""
    before_cut = [m.end() for m in CLAUSE_END.finditer(text, 0, start)]
    clause_start = before_cut[-1] if before_cut else 0
    after = CLAUSE_END.search(text, end)
    before, rest = text[clause_start:start], text[end:after.start() if after else len(text)]
    at = before.rfind(AT)
    if at >= 0 and len(before) - at <= 9 and not any(w in before[at:] for w in PARTNER_WORDS) \
            and any(v in rest for v in VENUE_VERBS):
        return VENUE
    for word in TOWARDS:
        at = before.rfind(word)
        if at >= 0 and len(before) - at <= 20 and not any(w in before[at + len(word):] for w in PARTNER_WORDS):
            return VENUE
    return SUBJECT


def places_in(text: str, places: Collection[str]) -> list[tuple[str, str]]:
    """(place, role) for each place of `places` the text names, in the order printed; a place both held in
    and spoken of is the subject. Longer names first, so 新疆生产建设兵团 is not also read as 新疆."""
    return _places_in(text, longest_first(p for p in places if len(p) >= 2))


def _places_in(text: str, ordered: Sequence[str]) -> list[tuple[str, str]]:
    """places_in with the places (of two or more characters) already longest first."""
    found: dict[str, tuple[int, str]] = {}
    masked = text
    for name in ordered:
        if name not in masked:
            continue
        for m in re.finditer(re.escape(name), masked):
            if inside_longer_word(masked, m.end(), name):
                continue
            role = place_role(text, m.start(), m.end())
            first, old = found.get(name, (m.start(), role))
            found[name] = (min(first, m.start()), SUBJECT if SUBJECT in (role, old) else VENUE)
        masked = masked.replace(name, "\0" * len(name))
    return [(name, role) for name, (_at, role) in sorted(found.items(), key=lambda kv: kv[1][0])]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；;])", text) if s.strip()]


def _items(text: str, year: int) -> list[str]:
    """A 年度要事 paragraph split where a sentence opens with 同日 or a new date."""
    items: list[str] = []
    for sentence in _sentences(text):
        stripped = sentence.strip()
        if items and not (SAME_DAY.match(stripped) or parse_date(stripped, year)):
            items[-1] += sentence
        else:
            items.append(stripped)
    return items


def extract_events(narrative: Narrative, countries: dict[str, str] | None = None, *, year: int,
                   places: Collection[str] = ()) -> list[Event]:
    """Chapter 1's items (each paragraph that starts with a date or 同日), then dated sentences elsewhere;
    an event printed in two places is one event with both sources (same_event).

    Dates are in `year` (the report's edition) unless they print their own; a date that is no day of
    the calendar is refused (ReportError naming the paragraph's line), never stored or dropped.
    `places` are the Chinese names of regions (provinces, cities, countries) whose mentions are linked
    with their role.
    """
    countries = countries or {}
    ordered = longest_first(countries)   # sorted once for every sentence's partners
    events: list[Event] = []
    last_date: tuple[str, str | None, str] | None = None
    for para in narrative.paragraphs:
        if para.kind != "text":
            continue
        section = narrative.section(para.section_id)
        chapter = section.chapter
        try:
            if chapter == 1:
                for item in _items(para.text, year):
                    found = parse_date(item, year)
                    if found:
                        date, end, precision, _ = found
                        last_date = (date, end, precision)
                    elif SAME_DAY.match(item) and last_date:
                        date, end, precision = last_date[0], None, last_date[2]
                    else:
                        continue
                    events.append(_event(date, end, precision, item, para, section, countries, ordered))
                continue
            for sentence in _sentences(para.text):
                found = parse_date(sentence.strip(), year)
                if found:
                    date, end, precision, _ = found
                    events.append(_event(date, end, precision, sentence.strip(), para, section, countries,
                                         ordered))
        except DateError as exc:
            raise ReportError(f"{exc} in {section.path}", line=para.first_line) from None
    events = merge_duplicates(events)
    place_order = longest_first(p for p in places if len(p) >= 2)
    for event in events:
        event.regions = _merge_roles([_places_in(src.text, place_order) for src in event.sources])
    return events


def _event(date, end, precision, text, para, section, countries, ordered) -> Event:
    partners, _chinese_names = partners_in(text, countries, ordered)
    source = Source(text, section.section_id, section.path, para.para_id, para.first_line, section.chapter)
    return Event(date, end, precision, source, categorise(text), partners)


def _merge_roles(found: list[list[tuple[str, str]]]) -> list[tuple[str, str]]:
    roles: dict[str, str] = {}
    for name, role in (pair for pairs in found for pair in pairs):
        roles[name] = SUBJECT if SUBJECT in (role, roles.get(name)) else role
    return list(roles.items())


# --- one event, several sources ---------------------------------------------------------------------
# 第一章 年度要事 lists the year's events; the chapters and 专题 tell many of them again ("2月15日，市场监管总局、
# 国家药监局、国家知识产权局共同发布…", "9月，申长雨局长与澳大利亚知识产权局局长召开视频会议…"). Two dated sentences
# are one event when their dates agree (the same day, or a month-only date containing the other's day), they
# come from different paragraphs, their partners do not exclude each other, and their words overlap: the share
# of the shorter sentence's character pairs, each weighted by how rare it is among all events (so 申长雨局长 and
# 视频会议 count little, 澳大利亚 and 复工复产 much), is at least SAME_EVENT. Pairs are taken best first and each
# sentence joins one event only (10月 沙特 video call is 10月13日's, not 10月26日's forum).
SAME_EVENT = 0.4
DATE_PREFIX = re.compile(r"^(?:同日|[\d年月日至—－~～-]+)[，,]?")   # 同日, 2月15日, 10月26—28日
NOT_WORDS = re.compile(r"[\s，,。；;、：:“”\"《》〈〉（）()·]")


def _pairs(text: str) -> set[str]:
    body = NOT_WORDS.sub("", DATE_PREFIX.sub("", text))
    return {body[i:i + 2] for i in range(len(body) - 1)}


def _dates_agree(a: Event, b: Event) -> bool:
    if a.precision == "day" and b.precision == "day":
        return a.date == b.date
    return a.date[:7] == b.date[:7]


def _partners_agree(a: Event, b: Event) -> bool:
    return not (a.partners and b.partners and not set(a.partners) & set(b.partners))


def same_event_score(pairs_a: set[str], pairs_b: set[str], weight, totals: tuple[float, float] | None = None) -> float:
    """The weighted share of the shorter sentence's character pairs the other one has too (0–1); `totals`, each
    sentence's summed weights, when the caller has them (merge_duplicates sums each sentence's once)."""
    if totals is None:
        totals = sum(weight(p) for p in pairs_a), sum(weight(p) for p in pairs_b)
    total = min(totals)
    return sum(weight(p) for p in pairs_a & pairs_b) / total if total else 0.0


def merge_duplicates(events: list[Event]) -> list[Event]:
    """`events` with each event printed twice kept once: the earlier printing (第一章's) with the other's line
    added to its sources, the more precise date, and both sentences' partners and categories."""
    pairs = [_pairs(e.text) for e in events]
    frequency = Counter(p for ps in pairs for p in ps)
    n = max(len(events), 1)
    # each pair's weight once, and each sentence's sum of them (the same sums, in the same order, as per pair)
    weight = {p: math.log(n / f) if f < n else 0.0 for p, f in frequency.items()}.__getitem__
    totals = [sum(weight(p) for p in ps) for ps in pairs]
    para_ids = [e.para_id for e in events]

    by_month: dict[str, list[int]] = {}   # dates agree only within a month: only those pairs are compared
    for k, e in enumerate(events):
        by_month.setdefault(e.date[:7], []).append(k)
    candidates = []
    for members in by_month.values():
        for x, i in enumerate(members):
            a = events[i]
            for j in members[x + 1:]:
                b = events[j]
                if para_ids[i] != para_ids[j] and _dates_agree(a, b) and _partners_agree(a, b):
                    score = same_event_score(pairs[i], pairs[j], weight, (totals[i], totals[j]))
                    if score >= SAME_EVENT:
                        candidates.append((-score, i, j))
    into: dict[int, int] = {}   # a later printing -> the event it tells again
    paired: set[int] = set()
    for _score, i, j in sorted(candidates):
        if not {i, j} & paired:    # each sentence is one printing of one event
            into[j] = i
            paired |= {i, j}
    for j, i in sorted(into.items()):
        keep, other = events[i], events[j]
        keep.sources.extend(other.sources)
        if keep.precision == "month" and other.precision == "day":
            keep.date, keep.end_date, keep.precision = other.date, other.end_date, other.precision
        keep.partners += [p for p in other.partners if p not in keep.partners]
        keep.categories = [c for c in CATEGORIES if c in keep.categories or c in other.categories]
    return [e for k, e in enumerate(events) if k not in into]
