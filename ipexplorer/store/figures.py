"""Build stage: the narrative's headline figures and their checks against the tables.

A function of the parsed edition: its rebuilt paragraphs (stage "narrative") and its tables' values
(appendix and in-text tables), so it runs after both; without a narrative it finds nothing. Each edition's
figures are checked against that edition's own tables.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ipexplorer.report.figure_checks import TOTAL as TOTAL_ZH
from ipexplorer.report.figure_checks import check_figures, disagreement_flags, needed_tables
from ipexplorer.report.figures import extract_figures
from ipexplorer.report.source import ReportText
from ipexplorer.store.parse import ParsedEdition


@dataclass(frozen=True)
class NarrativeParagraph:
    """A text paragraph of the narrative, with where each of its report lines starts in its text."""

    para_id: int
    text: str
    first_line: int
    last_line: int
    section: str
    line_starts: tuple[tuple[int, int], ...] = ()


def line_starts(report: ReportText, text: str, first_line: int, last_line: int) -> tuple[tuple[int, int], ...]:
    """(offset in `text`, report line) for each line the paragraph was rejoined from.

    A paragraph is its lines stripped and joined; the captions and table lines stepped over in
    between are not in its text, so a line counts only where it continues the text.
    """
    starts, offset = [], 0
    for number in range(first_line, last_line + 1):
        piece = report.line(number).strip()
        if piece and text.startswith(piece, offset):
            starts.append((offset, number))
            offset += len(piece)
    return tuple(starts)


def paragraphs(parsed: ParsedEdition) -> list[NarrativeParagraph]:
    """The narrative's text paragraphs with their section paths, in report order."""
    narrative = parsed.narrative
    if narrative is None:
        return []
    rows = sorted((p for p in narrative.paragraphs if p.kind == "text"), key=lambda p: (p.first_line, p.para_id))
    return [NarrativeParagraph(p.para_id, p.text, p.first_line, p.last_line, narrative.section(p.section_id).path,
                               line_starts(parsed.report, p.text, p.first_line, p.last_line)) for p in rows]


def table_values(parsed: ParsedEdition) -> dict[tuple[int, str, int, str, str], float | None]:
    """The edition's printed values the check rules can ask for, keyed by (table, region as printed, year,
    measure, IP type): the appendix tables' and the in-text tables' (whose one row is the national total, 合计).
    None: a nil."""
    needed = needed_tables()   # only what the check rules can ask for: table -> regions (None: any)
    values: dict[tuple[int, str, int, str, str], float | None] = {}
    for table in parsed.tables:
        if table.number not in needed:
            continue
        regions = needed[table.number]
        for row in table.rows:
            if regions is not None and row.region.name_zh not in regions:
                continue
            for column, value in zip(table.columns, row.values, strict=True):
                values[(table.number, row.region.name_zh, column.year, column.measure, column.ip_type)] = value
    for table in parsed.intext:
        for row in table.rows:
            for year, value in zip(table.years, row.values, strict=True):
                values[(table.number, TOTAL_ZH, year, row.measure, row.ip_type)] = value
    return values


def parse_figures(parsed: ParsedEdition) -> None:
    """Extract the figures of the narrative's paragraphs and check them against the edition's tables."""
    if parsed.narrative is None:
        return
    figures = extract_figures(paragraphs(parsed), year=parsed.year)
    checks = check_figures(figures, {k: v for k, v in table_values(parsed).items() if v is not None}, parsed.year)
    for index, flag in disagreement_flags(figures, checks).items():
        figures[index].flag = f"{figures[index].flag}; {flag}" if figures[index].flag else flag
    parsed.figures, parsed.checks = figures, checks


def counts(parsed: ParsedEdition) -> dict[str, int]:
    """What the build prints of an edition's figures."""
    if parsed.narrative is None:
        return {}
    return {
        "figures": len(parsed.figures),
        "figures flagged": sum(1 for f in parsed.figures if f.flag),
        "figure cross-checks": len(parsed.checks),
        "cross-checks disagreeing": sum(1 for c in parsed.checks if not c.agrees),
    }


def write_figures(conn: sqlite3.Connection, parsed: ParsedEdition, f_off: int, p_off: int) -> int:
    """Insert the edition's figures and checks, figure ids moved by `f_off` and paragraph ids by `p_off` (those
    of its narrative); return the next edition's figure offset."""
    edition = parsed.year
    conn.executemany(
        "INSERT INTO edition_figure (figure_id, para_id, section, sentence, measure_text, value, unit, raw_text,"
        " change_value, change_unit, line, flag, qualifier, edition) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i + f_off, f.para_id + p_off if f.para_id is not None else None, f.section, f.sentence, f.measure_text,
          f.value, f.unit, f.raw_text, f.change_value, f.change_unit, f.line, f.flag, f.qualifier, edition)
         for i, f in enumerate(parsed.figures, start=1)])
    conn.executemany(
        "INSERT INTO edition_figure_check (figure_id, table_no, region_zh, year, measure, ip_type, table_value,"
        " rounded_to, agrees, note, compares, edition) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(c.figure_index + 1 + f_off, c.table_no, c.region_zh, c.year, c.measure, c.ip_type, c.table_value,
          c.rounded_to, int(c.agrees), c.note, c.compares, edition) for c in parsed.checks])
    return f_off + len(parsed.figures)
