"""Parse the statistical appendix (附录一, 表1–表12) into tidy values with provenance.

The header of every table is read by rule: the first header line holds the row-label
title and, per column, either a year ("2019 年", "截至 2019 年底") or a measure
("申请数量"); the second line holds the other half (a type such as 发明 or a year).
Continuation blocks (续表) repeat the header and must repeat it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ipexplorer.report.cells import read_values
from ipexplorer.report.regions import Region, classify
from ipexplorer.report.source import ReportError, ReportText

APPENDIX_START = "附录一 统计资料"
APPENDIX_END = "附录二"
EXPECTED_TABLES = tuple(range(1, 13))

_TABLE_HEADING = re.compile(r"^表\s*(\d+)\s+(\S.*)$")
_UNIT = re.compile(r"^单位\s*[:：]\s*(\S+)\s*$")
_NOTE = re.compile(r"^注\s*[:：]\s*(.+)$")
_YEAR = re.compile(r"(\d{4})\s*年")

# IP types: code -> (Chinese, English), in display order.
IP_TYPES: dict[str, tuple[str, str]] = {
    "patent": ("专利(合计)", "Patents (all types)"),
    "invention": ("发明", "Invention patent"),
    "utility_model": ("实用新型", "Utility model"),
    "design": ("外观设计", "Design"),
    "trademark": ("商标", "Trademark"),
    "gi_product": ("地理标志产品", "GI product"),
    "gi_trademark": ("地理标志商标", "GI trademark"),
    "ic_layout": ("集成电路布图设计", "IC layout design"),
}

# Measures: code -> (Chinese, English), in display order.
MEASURES: dict[str, tuple[str, str]] = {
    "applications": ("申请量", "Applications"),
    "grants": ("授权量", "Grants"),
    "registrations": ("注册量", "Registrations"),
    "in_force": ("年末有效量", "In force at year end"),
    "cumulative_approvals": ("年末累计批准数量", "Cumulative approvals at year end"),
    "cumulative_registrations": ("年末累计注册数量", "Cumulative registrations at year end"),
    "certificates": ("发证数量", "Certificates issued"),
}

PATENT_TYPE_LABELS = {"合计": "patent", "发明": "invention", "实用新型": "utility_model", "外观设计": "design"}

# Column labels that name a measure themselves.
MEASURE_LABELS = {
    "申请量": "applications",
    "申请数量": "applications",
    "注册量": "registrations",
    "年末有效注册量": "in_force",
    "年末累计批准数量": "cumulative_approvals",
    "年末累计注册数量": "cumulative_registrations",
    "发证数量": "certificates",
}

# Title keywords -> measure, for tables whose columns name only the IP type.
TITLE_MEASURES = (("有效", "in_force"), ("授权", "grants"), ("申请", "applications"))

# Title keywords -> IP type of the whole table (checked in order).
TITLE_IP_TYPES = (
    ("地理标志产品", "gi_product"),
    ("地理标志商标", "gi_trademark"),
    ("集成电路布图设计", "ic_layout"),
    ("商标", "trademark"),
    ("专利", None),  # per column: 合计 / 发明 / 实用新型 / 外观设计
)

UNITS = {"件": "items"}

# What a table counts, in English, by IP type (the patent types all read "patent").
_SUBJECT_EN = {"patent": "patent", "invention": "patent", "utility_model": "patent", "design": "patent",
               "trademark": "trademark", "gi_product": "geographical indication product",
               "gi_trademark": "geographical indication trademark", "ic_layout": "IC layout design"}
_MEASURE_EN = {"applications": "applications", "grants": "grants", "registrations": "registrations",
               "in_force": "in force", "cumulative_approvals": "cumulative approvals",
               "cumulative_registrations": "cumulative registrations", "certificates": "certificates issued"}
# A title's scope, as printed, and the row-label title that must go with it.
FOREIGN_WORDS, DOMESTIC_WORDS = ("国外在华", "国别"), ("国内",)


def english_title(table: Table) -> str:
    """The English title from the table's content: scope (its rows), IP type, measures, years.

    Cross-checked with the Chinese title: its scope (国内 / 国外在华) must match the rows' and the years
    it prints ("（2019 年、2020 年）") the header's; a mismatch names the table.
    """
    title_zh, number, columns = table.title_zh, table.number, table.columns
    kinds = {row.region.kind for row in table.rows}
    foreign, domestic = "country" in kinds, bool(kinds & {"province", "hk_macao_taiwan"})
    says_foreign = any(w in title_zh for w in FOREIGN_WORDS)
    says_domestic = any(w in title_zh for w in DOMESTIC_WORDS) and not says_foreign
    if (says_foreign and domestic) or (says_domestic and foreign):
        raise ReportError(f"the title {title_zh!r} says {'foreign' if says_foreign else 'domestic'} but the table "
                          f"lists {'provinces' if domestic else 'countries'}", line=table.first_line,
                          table_no=number)
    years = sorted({c.year for c in columns})
    printed = sorted({int(y) for y in _YEAR.findall(title_zh)})
    if printed and printed != years:
        raise ReportError(f"the title prints the years {', '.join(map(str, printed))} but the header's columns "
                          f"hold {', '.join(map(str, years))}", line=table.first_line, table_no=number)
    subjects = list(dict.fromkeys(_SUBJECT_EN[c.ip_type] for c in columns))
    measures = list(dict.fromkeys(
        "registrations in force" if c.measure == "in_force" and c.ip_type == "trademark" else _MEASURE_EN[c.measure]
        for c in columns))
    subject = " and ".join(subjects)
    if len(measures) > 1:
        what = f"{subject} {', '.join(measures[:-1])} and {measures[-1]}"
    elif measures[0] == "in force":
        what = f"{subject}s in force"
    else:
        what = f"{subject} {measures[0]}"
    if foreign and not domestic:
        text = f"Foreign {what} in China by country or territory"
    elif domestic and not foreign:
        text = f"Domestic {what} by region"
    else:
        text = f"{what[0].upper()}{what[1:]} by region, country or territory"
    return f"{text} ({', '.join(map(str, years))})"


@dataclass(frozen=True)
class Column:
    """One value column: the year, measure and IP type it holds, and its printed label."""

    year: int
    measure: str
    ip_type: str
    label: str


@dataclass
class Row:
    label: str
    region: Region
    values: tuple[int | None, ...]          # None where the report prints a nil marker
    line: int
    printed: tuple[str | None, ...] = ()    # per value: the nil marker as printed, else None

    @cached_property
    def counts(self) -> tuple[int, ...]:
        """The values with a nil as 0, for the report's sums."""
        return tuple(v or 0 for v in self.values) if None in self.values else self.values


@dataclass
class Table:
    number: int
    title_zh: str
    title_en: str
    unit_zh: str
    label_title: str
    columns: tuple[Column, ...]
    first_line: int
    last_line: int = 0
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    header_lines: tuple[str, str] = ("", "")

    def row(self, name_zh: str) -> Row | None:
        for row in self.rows:
            if row.region.name_zh == name_zh:
                return row
        return None


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def _fill_forward(cells: Sequence[str]) -> list[str]:
    out, last = [], ""
    for cell in cells:
        last = cell or last
        out.append(last)
    return out


def _table_semantics(number: int, title: str) -> tuple[str | None, str | None]:
    measure = next((m for key, m in TITLE_MEASURES if key in title), None)
    for key, ip_type in TITLE_IP_TYPES:
        if key in title:
            return measure, ip_type
    raise ReportError(f"cannot tell what table {number} counts from its title {title!r}", table_no=number)


def _read_columns(number: int, title: str, first: str, second: str, line: int) -> tuple[str, tuple[Column, ...]]:
    """Combine the two header lines into typed columns."""
    top, bottom = _cells(first), _cells(second)
    if not top or not top[0]:
        raise ReportError("table header must start with the row-label title (地区 / 国家和地区)",
                          line=line, table_no=number)
    if bottom and bottom[0]:
        raise ReportError("second header line must leave the row-label column empty", line=line + 1, table_no=number)
    width = len(bottom)
    while width > 1 and not bottom[width - 1]:
        width -= 1
    top = _fill_forward(top + [""] * max(0, width - len(top)))
    title_measure, title_ip = _table_semantics(number, title)
    columns = []
    for i in range(1, width):
        a, b = top[i], bottom[i]
        year_text, other = (a, b) if _YEAR.search(a) else (b, a)
        year_match = _YEAR.search(year_text)
        if not year_match or not other:
            raise ReportError(f"header column {i} ({a!r} / {b!r}) does not name a year and a type",
                              line=line, table_no=number)
        year = int(year_match.group(1))
        measure = MEASURE_LABELS.get(other, title_measure)
        ip_type = PATENT_TYPE_LABELS.get(other) if title_ip is None else title_ip
        if measure is None or ip_type is None:
            raise ReportError(f"header column {i} label {other!r} is not a known measure or type",
                              line=line, table_no=number)
        column = Column(year, measure, ip_type, other)
        twin = next((k for k, c in enumerate(columns, start=1) if (c.year, c.measure, c.ip_type) ==
                     (year, measure, ip_type)), None)
        if twin is not None:
            raise ReportError(f"header columns {twin} and {i} both hold {year} {measure}/{ip_type} ({other!r}): "
                              "a year label is shifted or missing", line=line, table_no=number)
        columns.append(column)
    if not columns:
        raise ReportError("table header has no value columns", line=line, table_no=number)
    return top[0], tuple(columns)


def _next_content(lines: Sequence[str], index: int, end: int) -> int:
    """Index of the next non-blank line at or after `index` (or `end`)."""
    while index < end and not lines[index].strip():
        index += 1
    return index


def find_appendix(report: ReportText) -> tuple[int, int]:
    """0-based [start, end) of the appendix body; the table of contents is skipped."""
    lines = report.lines
    start = None
    for i, text in enumerate(lines):
        if text.strip() == APPENDIX_START:  # the TOC entry carries a tab and a page number
            start = i + 1                   # the first: later ones are running titles inside the tables
            break
    if start is None:
        raise ReportError(f"the appendix heading {APPENDIX_START!r} was not found")
    end = None
    for i in range(start, len(lines)):
        if lines[i].strip().startswith(APPENDIX_END):
            end = i
            break
    if end is None:
        raise ReportError(
            f"the report ends inside the appendix (no {APPENDIX_END!r} heading after the tables): "
            "the file looks truncated",
            line=len(lines),
        )
    return start, end


# Page furniture a PDF extraction leaves between a table's rows: page numbers ("— 94 —", "94"), running
# titles ("国家知识产权局 2020 年度报告", "2020 ANNUAL REPORT", "附录一 统计资料").
FURNITURE = (
    re.compile(r"^[—–\-－]*\s*\d{1,3}\s*[—–\-－]*$"),
    re.compile(r"^\S*\s*(?:19|20)\d\d\s*年度?报告$"),
    re.compile(r"^(?:CNIPA\s+)?(?:19|20)\d\d\s+ANNUAL\s+REPORT$", re.IGNORECASE),
    re.compile(rf"^{APPENDIX_START}$"),
)


# the four as one pattern: one match per line of a table instead of four
_ANY_FURNITURE = re.compile("|".join(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for p in FURNITURE))


def is_furniture(text: str) -> bool:
    return _ANY_FURNITURE.match(text) is not None


def parse_appendix(report: ReportText, furniture: list[tuple[int, str]] | None = None) -> list[Table]:
    """All 12 tables, in report order; any malformed line raises ReportError naming it.

    Page furniture between rows is skipped and, when `furniture` is given, listed there as (line, text).
    """
    furniture = furniture if furniture is not None else []
    lines = report.lines
    start, end = find_appendix(report)
    tables: list[Table] = []
    seen: dict[int, int] = {}
    current: Table | None = None
    names: set[str] = set()      # the current table's regions by Chinese name, its rows by ISO code (_read_row)
    isos: dict[str, Row] = {}
    i = _next_content(lines, start, end)
    while i < end:
        text = lines[i]
        lineno = i + 1
        stripped = text.strip()
        heading = _TABLE_HEADING.match(stripped)
        if heading:
            number = int(heading.group(1))
            if number in seen:
                raise ReportError(f"table {number} appears twice (first at line {seen[number]})",
                                  line=lineno, table_no=number)
            seen[number] = lineno
            if current is not None:
                _close(current)
            title = re.sub(r"\s+", " ", heading.group(2)).strip()
            i = _next_content(lines, i + 1, end)
            unit_match = _UNIT.match(lines[i].strip()) if i < end else None
            if not unit_match:
                raise ReportError("expected the unit line (单位：…) after the table title",
                                  line=min(i, end - 1) + 1, table_no=number)
            i = _next_content(lines, i + 1, end)
            label_title, columns, i = _read_header(lines, i, end, number, title)
            current = Table(number, title, "", unit_match.group(1), label_title,
                            columns, first_line=lineno, header_lines=(lines[i - 2], lines[i - 1]))
            tables.append(current)
            names, isos = set(), {}
            continue
        if current is None:
            raise ReportError(f"unexpected text before the first table: {text.strip()[:40]!r}", line=lineno)
        if is_furniture(stripped):    # a page number or running title the PDF left inside the table
            furniture.append((lineno, stripped))
            i += 1
            continue
        if "续" in stripped and re.sub(r"\s+", "", stripped) == "续表":
            i = _next_content(lines, i + 1, end)
            header = (lines[i] if i < end else "", lines[i + 1] if i + 1 < end else "")
            if _normal_header(header) != _normal_header(current.header_lines):
                raise ReportError("the header after 续表 differs from the table's own header",
                                  line=min(i, end - 1) + 1, table_no=current.number)
            i += 2
            continue
        note = _NOTE.match(stripped)
        if note:
            current.notes.append(note.group(1))
            current.last_line = max(current.last_line, lineno)
        elif stripped:
            current.rows.append(_read_row(text, lineno, current, names, isos))
            current.last_line = lineno
        i += 1
    if current is not None:
        _close(current)
    missing = [n for n in EXPECTED_TABLES if n not in seen]
    if missing:
        raise ReportError(f"table(s) {', '.join(map(str, missing))} missing from the appendix "
                          f"(found {', '.join(map(str, sorted(seen))) or 'none'})", line=start)
    extra = sorted(set(seen) - set(EXPECTED_TABLES))
    if extra:
        raise ReportError(f"unexpected table number {extra[0]}", line=seen[extra[0]], table_no=extra[0])
    order = [t.number for t in tables]
    if order != sorted(order):
        raise ReportError(f"tables are out of order: {order}", line=start)
    return tables


def _normal_header(pair: tuple[str, str]) -> tuple[list[str], list[str]]:
    """Headers compare without spaces: the first block prints "2019 年", 续表 "2019年"."""
    return tuple([re.sub(r"\s+", "", c) for c in _cells(line)] for line in pair)  # type: ignore[return-value]


def _read_header(lines: Sequence[str], i: int, end: int, number: int, title: str):
    if i + 1 >= end:
        raise ReportError("the report ends before the table's header", line=i + 1, table_no=number)
    label_title, columns = _read_columns(number, title, lines[i], lines[i + 1], i + 1)
    return label_title, columns, i + 2


def _row_cells(text: str) -> list[str]:
    """A data row's cells: tab-separated (trailing tabs ignored), or runs of spaces where the PDF lost the tabs."""
    cells = _cells(text) if "\t" in text else re.split(r"\s+", text.strip())
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    return cells


@lru_cache(maxsize=4096)
def _classify_label(label: str) -> Region:
    return classify(label)


def _classify(label: str, lineno: int, table_no: int) -> Region:
    """classify(), remembered per label (every edition prints the same few hundred); errors name the line."""
    try:
        return _classify_label(label)
    except ReportError as exc:
        raise ReportError(exc.detail, line=lineno, table_no=table_no) from None


def _read_row(text: str, lineno: int, table: Table, names: set[str], isos: dict[str, Row]) -> Row:
    """A data row of `table`. `names` and `isos` (the table's regions so far by Chinese name, its rows by ISO code;
    the row is added to both) find a region printed twice without a pass over the rows for each row."""
    cells = _row_cells(text)
    expected = len(table.columns) + 1
    if len(cells) != expected:
        raise ReportError(f"row has {len(cells)} cells, expected {expected} (label + {len(table.columns)} values): "
                          f"{text.strip()[:60]!r}", line=lineno, table_no=table.number)
    label = cells[0]
    if not label:
        raise ReportError("row has no label", line=lineno, table_no=table.number)
    values, printed = read_values(cells[1:], lambda k, cell: ReportError(
        f"cell {cell!r} in column {table.columns[k].year} {table.columns[k].label} of row {label!r} "
        "is not a number", line=lineno, table_no=table.number))
    region = _classify(label, lineno, table.number)
    if region.name_zh in names:
        raise ReportError(f"row {label!r} appears twice in the table", line=lineno, table_no=table.number)
    twin = isos.get(region.iso_alpha3) if region.iso_alpha3 else None
    if twin is not None:
        raise ReportError(f"rows {twin.label!r} (line {twin.line}) and {label!r} are the same region "
                          f"({region.name_en}, {region.iso_alpha3})", line=lineno, table_no=table.number)
    row = Row(label, region, values, lineno, printed)
    names.add(region.name_zh)
    if region.iso_alpha3:
        isos[region.iso_alpha3] = row
    return row


def _close(table: Table) -> None:
    if not table.rows:
        raise ReportError("table has no data rows", line=table.first_line, table_no=table.number)
    table.title_en = english_title(table)
