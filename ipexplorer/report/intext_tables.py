"""The small tables printed inside 第三章 (专利复审/无效宣告 by type; 商标评审 by kind), read by rule.

Each is a tab-separated block: a header naming the years and the unit ("类型⇥2020年/件⇥2019年/件"),
then rows whose labels carry their level — a plain label is a total ("复审请求"), "(1) 发明专利" is
one of its parts and "(a) 无效宣告" a part of the part before it. What a row counts comes from the
rule tables below, keyed by the part of the chapter the block sits in (一、专利 / 二、商标) and its
label; a label they do not know stops the build and is named, as in the appendix.

In the database every value is an observation of the national total (the row 合计) for a year, a
measure (复审请求 → reexamination_requests) and a type (发明专利 → invention), so the tables share
the appendix's tables, views and derived columns; they are numbered 101, 102, … in report order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ipexplorer.report.cells import read_values
from ipexplorer.report.integrity import CheckResult, Violation
from ipexplorer.report.paragraphs import CHAPTER, PART
from ipexplorer.report.source import ReportError, ReportText

FIRST_NUMBER = 101
CHAPTER_ZH = "第三章"  # the chapter whose in-text tables are read

_HEADER_YEAR = re.compile(r"^(\d{4})\s*年\s*/\s*(\S+)$")
_ROW_LABEL = re.compile(r"^(?:[（(]\s*(?:(?P<num>\d+)|(?P<letter>[a-z]))\s*[）)])?\s*(?P<label>\S.*)$")

# Measures the tables add to the `measure` codes: code -> (Chinese, English).
MEASURES: dict[str, tuple[str, str]] = {
    "reexamination_requests": ("专利复审请求受理量", "Patent reexamination requests received"),
    "reexamination_closed": ("专利复审结案量", "Patent reexamination cases closed"),
    "invalidation_requests": ("专利无效宣告请求受理量", "Patent invalidation requests received"),
    "invalidation_closed": ("专利无效宣告结案量", "Patent invalidation cases closed"),
    "tm_review_requests": ("商标评审案件申请受理量", "Trademark review cases received"),
    "tm_review_decisions": ("商标评审案件裁定量", "Trademark review cases decided"),
}

# Kinds of trademark review case, added to the `ip_type` codes: code -> (Chinese, English).
IP_TYPES: dict[str, tuple[str, str]] = {
    "tm_refusal_review": ("商标驳回复审", "Trademark: review of refusal"),
    "tm_inter_partes": ("商标复杂案件（涉及双方当事人）", "Trademark: inter partes cases"),
    "tm_invalidation": ("商标无效宣告", "Trademark: invalidation"),
    "tm_revocation_review": ("商标撤销注册复审", "Trademark: review of revocation"),
    "tm_non_registration_review": ("商标不予注册复审", "Trademark: review of non-registration"),
    "tm_other_review": ("其他商标评审案件", "Trademark: other review cases"),
}

# (part of the chapter, total row's label) -> measure of the total row and of its parts.
TOTAL_LABELS: dict[tuple[str, str], str] = {
    ("专利", "复审请求"): "reexamination_requests",
    ("专利", "复审结案"): "reexamination_closed",
    ("专利", "无效宣告请求"): "invalidation_requests",
    ("专利", "无效宣告结案"): "invalidation_closed",
    ("商标", "复审请求"): "tm_review_requests",
    ("商标", "复审裁定"): "tm_review_decisions",
}

# The total row's IP type, by part of the chapter.
TOTAL_IP_TYPE = {"专利": "patent", "商标": "trademark"}

# (part of the chapter, part row's label) -> IP type (the patent type, or the kind of review case).
PART_LABELS: dict[tuple[str, str], str] = {
    ("专利", "发明专利"): "invention",
    ("专利", "实用新型专利"): "utility_model",
    ("专利", "外观设计专利"): "design",
    ("商标", "驳回复审"): "tm_refusal_review",
    ("商标", "复杂案件"): "tm_inter_partes",
    ("商标", "无效宣告"): "tm_invalidation",
    ("商标", "撤销注册复审"): "tm_revocation_review",
    ("商标", "不予注册复审"): "tm_non_registration_review",
    ("商标", "其他"): "tm_other_review",
}

# Titles, keyed by the measures of the table's total rows (the printed tables have none).
TITLES: dict[tuple[str, ...], tuple[str, str]] = {
    ("reexamination_requests", "reexamination_closed"): (
        "专利复审请求与结案数量（按专利类型）", "Patent reexamination requests received and cases closed, by type"),
    ("invalidation_requests", "invalidation_closed"): (
        "专利无效宣告请求与结案数量（按专利类型）", "Patent invalidation requests received and cases closed, by type"),
    ("tm_review_requests",): ("商标评审案件申请数量（按案件类型）", "Trademark review cases received, by kind"),
    ("tm_review_decisions",): ("商标评审案件裁定数量（按案件类型）", "Trademark review cases decided, by kind"),
}

UNITS_EN = {"件": "items"}


@dataclass(frozen=True)
class IntextRow:
    """One printed row: its label (without the "(1)" marker), level and what it counts."""

    label: str
    marker: str          # "", "(1)", "(a)"
    level: int           # 0 total, 1 part, 2 part of a part
    parent: int | None   # index of the row it is part of
    measure: str
    ip_type: str
    values: tuple[int | None, ...]   # one per year, in the header's order; None where a nil is printed
    line: int
    printed: tuple[str | None, ...] = ()   # per value: the nil marker as printed ("—", "-"), else None


@dataclass
class IntextTable:
    """A printed in-text table; `years` in the printed order (2020 first)."""

    number: int
    area: str            # 专利 / 商标: the part of the chapter it sits in
    section: str         # the nearest headings, for provenance: "一、专利 › （六）专利复审与无效"
    unit_zh: str
    label_title: str     # the header's first cell: 类型
    years: tuple[int, ...]
    first_line: int
    last_line: int = 0
    rows: list[IntextRow] = field(default_factory=list)

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(r.measure for r in self.rows if r.level == 0)

    @property
    def title_zh(self) -> str:
        base = TITLES.get(self.measures, ("表内数据", "In-text table"))[0]
        return f"{base}（{'、'.join(f'{y} 年' for y in sorted(self.years))}）"

    @property
    def title_en(self) -> str:
        base = TITLES.get(self.measures, ("表内数据", "In-text table"))[1]
        return f"{base} ({', '.join(str(y) for y in sorted(self.years))})"

    def column_label(self, row: IntextRow) -> str:
        """The row's label with the rows it is part of: 复审请求·发明专利, 复审请求·复杂案件·无效宣告."""
        names = [row.label]
        parent = row.parent
        while parent is not None:
            names.append(self.rows[parent].label)
            parent = self.rows[parent].parent
        return "·".join(reversed(names))


_CHAPTER_END = re.compile(r"^(?:附\s*录|专\s*题)")


def chapter_range(report: ReportText, chapter: str = CHAPTER_ZH) -> tuple[int, int] | None:
    """1-based [first, end) lines of a chapter's body, or None when it is not there.

    The contents lines carry a tab and are skipped; the body ends at the next chapter, the 专题 or the 附录.
    """
    start = None
    for n, text in enumerate(report.lines, start=1):
        s = text.strip()
        if "\t" in text:
            continue
        if start is None:
            if s.startswith(chapter) and CHAPTER.match(s):
                start = n
        elif CHAPTER.match(s) or _CHAPTER_END.match(s):
            return start, n
    return None if start is None else (start, len(report.lines) + 1)


def _header(text: str) -> tuple[str, tuple[int, ...], str] | None:
    """(label title, years, unit) of a header line such as "类型⇥2020年/件⇥2019年/件", else None."""
    cells = [c.strip() for c in text.split("\t")]
    if len(cells) < 2 or not cells[0]:
        return None
    found = [_HEADER_YEAR.match(c) for c in cells[1:]]
    if not all(found):
        return None
    units = {m.group(2) for m in found}
    if len(units) != 1:
        return None
    return cells[0], tuple(int(m.group(1)) for m in found), units.pop()


def parse_intext_tables(report: ReportText, chapter: str = CHAPTER_ZH,
                        first_number: int = FIRST_NUMBER) -> list[IntextTable]:
    """Every tab-separated table of the chapter, numbered from `first_number`; ReportError names a bad line."""
    found = chapter_range(report, chapter)
    if found is None:
        return []  # no such chapter (a cut-down report): no in-text tables, the appendix stands alone
    start, end = found
    tables: list[IntextTable] = []
    part = heading = subpart = ""
    current: IntextTable | None = None
    for n in range(start, end):
        raw = report.line(n)
        s = raw.strip()
        if "\t" not in raw:
            if current is not None:
                _close(current)
                current = None
            if (m := PART.match(s)) and len(s) <= 40 and not s.endswith("。"):
                part, heading, subpart = m.group(2).strip(), s, ""
            elif re.match(r"^[（(]\s*[一二三四五六七八九十]+\s*[）)]", s) and len(s) <= 40:
                subpart = s
            continue
        header = _header(raw)
        if header is not None:
            if current is not None:
                _close(current)
            area = _area(part, n)
            title, years, unit = header
            section = " › ".join(x for x in (heading, subpart) if x)
            current = IntextTable(len(tables) + first_number, area, section, unit, title, years, n, n)
            tables.append(current)
            continue
        if current is None:
            raise ReportError("a table row without the header that names its years (类型⇥2020年/件⇥…)", line=n)
        current.rows.append(_read_row(current, raw, n))
        current.last_line = n
    if current is not None:
        _close(current)
    return tables


def _area(part: str, line: int) -> str:
    for area in TOTAL_IP_TYPE:
        if part.startswith(area):
            return area
    raise ReportError(f"an in-text table under {part or 'no heading'!r}: only 专利 and 商标 tables are known",
                      line=line)


def _read_row(table: IntextTable, text: str, line: int) -> IntextRow:
    cells = [c.strip() for c in text.split("\t")]
    expected = len(table.years) + 1
    if len(cells) != expected:
        raise ReportError(f"in-text table row has {len(cells)} cells, expected {expected} "
                          f"(label + {len(table.years)} years): {text.strip()[:60]!r}", line=line,
                          table_no=table.number)
    m = _ROW_LABEL.match(cells[0])
    if not m:
        raise ReportError("in-text table row has no label", line=line, table_no=table.number)
    label = re.sub(r"\s+", "", m.group("label"))
    values, printed = read_values(cells[1:], lambda k, cell: ReportError(
        f"cell {cell!r} ({table.years[k]}) of row {cells[0]!r} is not a number", line=line, table_no=table.number))
    level = 0 if not (m.group("num") or m.group("letter")) else 1 if m.group("num") else 2
    marker = "" if level == 0 else f"({m.group('num') or m.group('letter')})"
    parent = None
    if level > 0:
        parent = next((i for i in range(len(table.rows) - 1, -1, -1) if table.rows[i].level == level - 1), None)
        if parent is None:
            raise ReportError(f"row {cells[0]!r} is a part of nothing: no row of level {level - 1} above it",
                              line=line, table_no=table.number)
    if level == 0:
        measure = TOTAL_LABELS.get((table.area, label))
        if measure is None:
            raise ReportError(f"unknown in-text table total {label!r} under {table.area}; known: "
                              f"{', '.join(k[1] for k in TOTAL_LABELS if k[0] == table.area)}", line=line,
                              table_no=table.number)
        ip_type = TOTAL_IP_TYPE[table.area]
    else:
        top = parent
        while table.rows[top].parent is not None:
            top = table.rows[top].parent
        measure = table.rows[top].measure
        ip_type = PART_LABELS.get((table.area, label))
        if ip_type is None:
            raise ReportError(f"unknown in-text table row {label!r} under {table.area}; known: "
                              f"{', '.join(k[1] for k in PART_LABELS if k[0] == table.area)}", line=line,
                              table_no=table.number)
    if any(r.measure == measure and r.ip_type == ip_type for r in table.rows):
        raise ReportError(f"row {cells[0]!r} appears twice in the table", line=line, table_no=table.number)
    return IntextRow(label, marker, level, parent, measure, ip_type, values, line, printed)


def _close(table: IntextTable) -> None:
    if not table.rows:
        raise ReportError("in-text table has a header but no rows", line=table.first_line, table_no=table.number)


def check_intext_tables(tables: Sequence[IntextTable]) -> CheckResult:
    """Each total equals the sum of its parts, for every year (复审请求 = (1) + (2) + (3); (2) = (a)…(d)).

    A nil part adds nothing (as in the appendix's sums); a nil total is not checked.
    """
    violations: list[Violation] = []
    per_table: dict[int, int] = {}
    for table in tables:
        count = 0
        for i, row in enumerate(table.rows):
            parts = [r for r in table.rows if r.parent == i]
            if not parts:
                continue
            names = " + ".join(f"{p.marker} {p.label}" for p in parts)
            for k, year in enumerate(table.years):
                if row.values[k] is None:
                    continue
                count += 1
                expected = sum(p.values[k] or 0 for p in parts)
                if expected != row.values[k]:
                    violations.append(Violation(table.number, f"{row.marker} {row.label}".strip(),
                                                f"{year}", expected, row.values[k],
                                                f"{row.label} = {names}", row.line))
        per_table[table.number] = count
    return CheckResult(tuple(violations), sum(per_table.values()), per_table)
