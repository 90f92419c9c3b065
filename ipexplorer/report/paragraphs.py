"""The report's narrative rebuilt from PDF-extracted lines: sections, paragraphs and captions.

The text breaks paragraphs at page ends and puts photo captions between the halves. The rules:
- a heading is a line that matches the report's numbering (第N章, 一、, （一）, 专题, month names in
  第一章, a province's name in 第九章) — it opens a section;
- a caption is a line without final punctuation that stands apart (two or more blank lines before
  it, or only a heading after it), or a unit line such as (单位:件); or, by its content, a short line
  between blank lines that names what a photo shows (…视频会议, …座谈交流, …启动仪式) or credits it (摄影：…),
  since another extraction may set a caption off by single blank lines like any paragraph; or a chart's
  title (…居前十位的企业, …布局情况), whatever its spacing: a chart may stand between the lines of a paragraph;
- a text line without final punctuation continues in the next text line, unless that one plainly
  starts a new paragraph (a date, a heading); captions and table lines in between are stepped over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipexplorer.report.source import ReportText

FINAL = tuple("。！？；：”」）)…!?;")
CN_NUM = "一二三四五六七八九十"
MONTHS = ("一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月")

CHAPTER = re.compile(rf"^第([{CN_NUM}]+)章\s*(\S.*)$")
PART = re.compile(rf"^([{CN_NUM}]+)、\s*(\S.*)$")
SUBPART = re.compile(rf"^[（(]\s*([{CN_NUM}]+)\s*[）)]\s*(\S.*)$")
TOPIC = re.compile(rf"^专题([{CN_NUM}]+)\s*(\S.*)$")
UNIT_LINE = re.compile(r"^[（(]\s*单位\s*[:：].*[）)]$")
CONTINUED = ("，", "、", ",")
STARTS_NEW = re.compile(r"^(\d{1,2}月(\d{1,2}日)?|同日|20\d\d年|截至|\d+\.(?!\d)|（\d+）|\(\d+\))")
# A photo's credit ("（摄影：王某）", "摄影：…", "（供图：…）"): a caption whatever its spacing or punctuation.
PHOTO_CREDIT = re.compile(r"[（(]\s*(?:摄影|摄|供图|图片来源)\s*[:：]?[^（）()]{0,30}[）)]$"
                          r"|(?:摄影|供图)\s*[:：]\s*\S{1,12}$")
# What the report's photo captions end with: the occasion shown, a noun (…局长会议, …启动仪式, …座谈交流).
# A verb ending (…召开, …举行) is left out: a paragraph cut at a page end may stop there.
CAPTION_END = re.compile(r"(?:会议|大会|座谈会|研讨会|发布会|推进会|现场会|例会|论坛|仪式|开幕式|活动|研讨班|培训班|"
                         r"座谈交流|调研|会谈|视频发言|实况直播|合影|颁奖|揭牌|签约|上线|应对措施|"
                         r"(?:视频|线上)形式(?:召开|举行))$")
# A chart's title: a ranking ("…居前十位的企业", "…居前5位的类别分布") or what the chart shows ("…申请情况",
# "…布局情况", "…每万人口发明专利拥有量"), with no sentence punctuation outside brackets ("(区、市)" is part of a
# name). A line cut at a page end carries a comma or ends on a verb, so it is not taken for one.
CHART_TITLE = re.compile(r"(?:居前|排名前|排在前)[\d一二三四五六七八九十]{1,3}位的\S{1,12}|(?:分布|情况|构成|拥有量)$")
SENTENCE_MARK = re.compile(r"[，。；：！？,;:!?]")
BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
CAPTION_MAX = 60   # characters: a caption is one short line
PROVINCE_SUFFIX = re.compile(r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$")

CHAPTER_EN = {
    1: "Highlights of the year", 2: "Legal affairs", 3: "IP creation", 4: "Strategy, protection and use",
    5: "Public services", 6: "Publicity, training and research", 7: "Exchanges with Hong Kong, Macao and Taiwan",
    8: "International cooperation", 9: "Local IP work",
}


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12 (the report's chapter and month numbers)."""
    digits = {c: i + 1 for i, c in enumerate(CN_NUM[:9])}
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return digits[tens] * 10 + (digits[ones] if ones else 0)
    return digits[text]


@dataclass
class Section:
    section_id: int
    parent_id: int | None
    level: int
    kind: str          # preface | chapter | month | part | subpart | province | topic
    number: str
    title_zh: str
    title_en: str
    first_line: int
    last_line: int = 0
    path: str = ""
    chapter: int | None = None


@dataclass
class Paragraph:
    para_id: int
    section_id: int
    kind: str          # heading | text | caption | table
    text: str
    first_line: int
    last_line: int
    lines: list[int] = field(default_factory=list)

    @property
    def section(self) -> str:  # filled by the builder, for provenance text
        return getattr(self, "_path", "")


@dataclass
class Narrative:
    sections: list[Section]
    paragraphs: list[Paragraph]

    def section(self, section_id: int) -> Section:
        return self.sections[section_id - 1]


_CONTENTS, _APPENDIX = re.compile(r"目\s*录"), re.compile(r"附\s*录")


def _narrative_range(report: ReportText) -> tuple[int, int, int, int]:
    """(preface start, contents start, body start, appendix start) as 1-based line numbers."""
    lines = [line.strip() for line in report.lines]
    preface = lines.index("局长致辞") + 1 if "局长致辞" in lines else 1
    contents = next((i + 1 for i, s in enumerate(lines) if _CONTENTS.fullmatch(s)), preface)
    body = next((i + 1 for i, s in enumerate(lines) if i + 1 > contents and CHAPTER.match(s) and "\t" not in s),
                contents)
    appendix = next((i + 1 for i, s in enumerate(lines) if i + 1 > body and _APPENDIX.fullmatch(s)),
                    len(lines) + 1)
    return preface, contents, body, appendix


def is_chart_title(text: str) -> bool:
    """Whether a line reads as a chart's title (what it ranks or shows), by its words alone."""
    return not SENTENCE_MARK.search(BRACKETED.sub("", text)) and bool(CHART_TITLE.search(text.rstrip()))


def _province_heading(text: str, names: set[str]) -> str | None:
    """The region a 第九章 heading names (北京市 → 北京), or None."""
    if text in names:
        return text
    stripped = PROVINCE_SUFFIX.sub("", text)
    for name in names:
        if stripped == name or (len(name) >= 2 and text.startswith(name) and len(text) <= len(name) + 6):
            return name
    return None


def rebuild(report: ReportText, region_names: set[str] | None = None) -> Narrative:
    """Sections and paragraphs of the narrative (局长致辞 to the end of 专题), with line ranges."""
    region_names = region_names or set()
    preface, contents, body, appendix = _narrative_range(report)
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    stack: list[Section] = []

    def open_section(level: int, kind: str, number: str, zh: str, en: str, line: int,
                     chapter: int | None) -> Section:
        while stack and stack[-1].level >= level:
            stack.pop().last_line = line - 1
        parent = stack[-1] if stack else None
        sec = Section(len(sections) + 1, parent.section_id if parent else None, level, kind, number, zh, en, line,
                      chapter=chapter if chapter is not None else (parent.chapter if parent else None))
        sec.path = f"{parent.path} › {zh}" if parent else zh
        sections.append(sec)
        stack.append(sec)
        paragraphs.append(Paragraph(len(paragraphs) + 1, sec.section_id, "heading", zh, line, line, [line]))
        return sec

    numbered = [(n, report.line(n).strip()) for n in range(preface, appendix)
                if not (contents <= n < body)]
    blank_before: dict[int, int] = {}
    count = 0
    for n in range(preface, appendix):
        if not report.line(n).strip():
            count += 1
        else:
            blank_before[n] = count
            count = 0
    texts = [(n, s) for n, s in numbered if s]
    heading_at: dict[int, tuple] = {}
    chapter = None
    in_topics = False
    for n, s in texts:
        kind = None
        if n == preface:
            kind = (1, "preface", "", "局长致辞", "Foreword by the Commissioner", None)
        elif m := CHAPTER.match(s):
            chapter = cn_number(m.group(1))
            in_topics = False
            kind = (1, "chapter", m.group(1), s, f"Chapter {chapter}: {CHAPTER_EN.get(chapter, '')}".rstrip(": "),
                    chapter)
        elif s == "专题":
            in_topics, chapter = True, None
            kind = (1, "topic", "", "专题", "Special topics", None)
        elif in_topics and (m := TOPIC.match(s)):
            kind = (2, "topic", m.group(1), s, f"Special topic {cn_number(m.group(1))}", None)
        elif chapter == 1 and s in MONTHS:
            kind = (2, "month", str(MONTHS.index(s) + 1), s, f"Month {MONTHS.index(s) + 1}", None)
        elif chapter == 9 and (name := _province_heading(s, region_names)) and not s.endswith(FINAL):
            kind = (2, "province", name, s, s, None)
        elif (m := PART.match(s)) and len(s) <= 40 and not s.endswith("。"):
            kind = (2, "part", m.group(1), s, s, None)
        elif (m := SUBPART.match(s)) and len(s) <= 40 and not s.endswith("。"):
            kind = (3, "subpart", m.group(1), s, s, None)
        if kind:
            heading_at[n] = kind

    def is_caption(i: int) -> bool:
        n, s = texts[i]
        if UNIT_LINE.match(s):
            return True
        if "\t" not in s and len(s) <= CAPTION_MAX + 20 and PHOTO_CREDIT.search(s):
            return True   # credited: a caption even when it starts with a date or ends with a bracket
        if "\t" not in s and len(s) <= CAPTION_MAX and is_chart_title(s):
            return True   # a chart's title, even with no blank line around it inside a paragraph
        if s.endswith(FINAL) or s.endswith(CONTINUED) or "\t" in s:
            return False  # a line ending mid-sentence (，、；：) runs on past a page break
        nxt = texts[i + 1][0] if i + 1 < len(texts) else None
        if blank_before.get(n, 0) >= 2 and len(s) <= CAPTION_MAX and not STARTS_NEW.match(s):
            return True
        if (blank_before.get(n, 0) >= 1 and nxt is not None and blank_before.get(nxt, 0) >= 1
                and len(s) <= CAPTION_MAX and not STARTS_NEW.match(s) and CAPTION_END.search(s)):
            return True   # by content: set off by single blank lines, it names the occasion a photo shows
        return nxt is not None and (nxt in heading_at or UNIT_LINE.match(texts[i + 1][1])) and len(s) <= 40

    pending: Paragraph | None = None
    deferred: Paragraph | None = None   # begun inside another one's flow; continues once that one ends
    interrupted = False                  # a table stands between `pending` and the next line
    for i, (n, s) in enumerate(texts):
        if n in heading_at:
            pending = deferred = None
            open_section(*heading_at[n][:5], n, heading_at[n][5])
            continue
        section_id = stack[-1].section_id if stack else 1
        if "\t" in s:
            paragraphs.append(Paragraph(len(paragraphs) + 1, section_id, "table", s, n, n, [n]))
            interrupted = pending is not None
            continue
        if is_caption(i):
            paragraphs.append(Paragraph(len(paragraphs) + 1, section_id, "caption", s, n, n, [n]))
            continue
        if pending is not None and not STARTS_NEW.match(s) and pending.section_id == section_id:
            if (interrupted and deferred is None and pending.text.endswith(CONTINUED)
                    and not s.endswith(FINAL + CONTINUED)):
                # Two columns flowing around a table: a paragraph cut mid-sentence (，) before the table,
                # then a line cut mid-word after it. That line opens a paragraph of its own whose end
                # comes later; the cut paragraph goes on with the next line.
                deferred = Paragraph(len(paragraphs) + 1, section_id, "text", s, n, n, [n])
                paragraphs.append(deferred)
                interrupted = False
                continue
            pending.text += s
            pending.last_line = n
            pending.lines.append(n)
        else:
            pending = Paragraph(len(paragraphs) + 1, section_id, "text", s, n, n, [n])
            paragraphs.append(pending)
        interrupted = False
        if pending.text.endswith(FINAL):
            pending, deferred = deferred, None
    last = appendix - 1
    while stack:
        stack.pop().last_line = last
    if sections and sections[0].kind == "preface" and contents > preface:
        sections[0].last_line = min(sections[0].last_line, contents - 1)  # the contents pages are skipped
    return Narrative(sections, paragraphs)
