"""The year's dated events: every item of 第一章 年度要事, and dated sentences elsewhere.

Categories and partners come from the keyword tables below — transparent rules, each tested.
An event may have several categories; partners are organisations named in the text and the
countries of the regions table.
"""

from __future__ import annotations

import datetime as dt
import re
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


@dataclass
class Event:
    date: str                 # ISO: 2020-01-06, or 2020-08 when only the month is given (the report's year)
    end_date: str | None
    precision: str            # day | month
    text: str
    section_id: int
    section: str
    para_id: int
    source_line: int
    chapter: int | None
    categories: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)          # organisation codes and country names (English)


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


def categorise(text: str) -> list[str]:
    return [code for code, (_en, _zh, words) in CATEGORIES.items() if any(w in text for w in words)]


def partners_in(text: str, countries: dict[str, str]) -> tuple[list[str], list[str]]:
    """Organisations (codes) and countries (English names; Chinese names) the text names."""
    orgs = [code for code, names in ORGANISATIONS.items() if any(n in text for n in names)]
    found_zh = [zh for zh in sorted(countries, key=len, reverse=True) if zh in text]
    # 日本特许厅 names both JPO and Japan: keep both, they are different kinds of partner
    return orgs + [countries[zh] for zh in found_zh], found_zh


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


def extract_events(narrative: Narrative, countries: dict[str, str] | None = None, *, year: int) -> list[Event]:
    """Chapter 1's items (each paragraph that starts with a date or 同日), then dated sentences elsewhere.

    Dates are in `year` (the report's edition) unless they print their own; a date that is no day of
    the calendar is refused (ReportError naming the paragraph's line), never stored or dropped.
    """
    countries = countries or {}
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
                    events.append(_event(date, end, precision, item, para, section, countries))
                continue
            for sentence in _sentences(para.text):
                found = parse_date(sentence.strip(), year)
                if found:
                    date, end, precision, _ = found
                    events.append(_event(date, end, precision, sentence.strip(), para, section, countries))
        except DateError as exc:
            raise ReportError(f"{exc} in {section.path}", line=para.first_line) from None
    return events


def _event(date, end, precision, text, para, section, countries) -> Event:
    partners, _chinese_names = partners_in(text, countries)
    return Event(date, end, precision, text, section.section_id, section.path, para.para_id, para.first_line,
                 section.chapter, categorise(text), partners)
