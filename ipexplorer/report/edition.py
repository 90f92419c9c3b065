"""Which year a report is of, read from its title page ("国家知识产权局 2020 年度报告", "2020 ANNUAL REPORT")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipexplorer.report.source import ReportError, ReportText

TITLE_ZH = re.compile(r"^\s*(?P<org>\S*?)\s*(?P<year>(?:19|20)\d\d)\s*年度?报告\s*$")
TITLE_EN = re.compile(r"^\s*(?P<year>(?:19|20)\d\d)\s+ANNUAL\s+REPORT\s*$", re.IGNORECASE)
TITLE_PAGE_LINES = 40   # the title page; a year mentioned later is not the report's


@dataclass(frozen=True)
class Edition:
    """The report's year (its edition) and its title as printed, with the title's line."""

    year: int
    title: str
    line: int


def edition_of(report: ReportText) -> Edition:
    """The edition from the title page; the Chinese and English titles must agree if both are printed."""
    zh = en = None
    for number, text in enumerate(report.lines[:TITLE_PAGE_LINES], start=1):
        if zh is None and (m := TITLE_ZH.match(text)):
            zh = Edition(int(m["year"]), " ".join(text.split()), number)
        elif en is None and (m := TITLE_EN.match(text)):
            en = Edition(int(m["year"]), " ".join(text.split()), number)
    if zh and en and zh.year != en.year:
        raise ReportError(f"the title says {zh.year} but the English title (line {en.line}) says {en.year}",
                          line=zh.line)
    found = zh or en
    if found is None:
        raise ReportError(f"no title such as \"国家知识产权局 2020 年度报告\" in the first {TITLE_PAGE_LINES} lines: "
                          "cannot tell which year's report this is")
    # a running title repeats the year; another year's title page means a second report in the file
    for number, text in enumerate(report.lines[TITLE_PAGE_LINES:], start=TITLE_PAGE_LINES + 1):
        m = TITLE_ZH.match(text) or TITLE_EN.match(text)
        if m and int(m["year"]) != found.year:
            raise ReportError(f"a second report begins here ({text.strip()!r}) after the {found.year} report's "
                              "text: give each report its own file", line=number)
    return found
