"""Build stage: the narrative's headline figures and their checks against the tables.

Reads the rebuilt paragraphs (stage "narrative") and the tables' values (appendix and in-text
tables), so it runs after both. Without a paragraph table it writes nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ipexplorer.report.edition import edition_of
from ipexplorer.report.figure_checks import check_figures, disagreement_flags, needed_tables
from ipexplorer.report.figures import extract_figures
from ipexplorer.report.source import ReportText


@dataclass(frozen=True)
class NarrativeParagraph:
    """A stored paragraph, with where each of its report lines starts in its text."""

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


def paragraphs(conn: sqlite3.Connection, report: ReportText) -> list[NarrativeParagraph]:
    """The narrative's text paragraphs with their section paths, in report order."""
    rows = conn.execute(
        "SELECT p.para_id, p.text, p.first_line, p.last_line, s.path FROM paragraph p "
        "JOIN section s ON s.section_id = p.section_id WHERE p.kind = 'text' ORDER BY p.first_line, p.para_id")
    return [NarrativeParagraph(pid, text, first, last, path, line_starts(report, text, first, last))
            for pid, text, first, last, path in rows]


def table_values(conn: sqlite3.Connection) -> dict[tuple[int, str, int, str, str], float]:
    """The stored values the check rules can ask for, keyed by (table, region as printed, year, measure, IP type)."""
    conditions, params = [], []
    for table_no, regions in needed_tables().items():
        if regions is None:
            conditions.append("o.table_no = ?")
            params.append(table_no)
        else:
            conditions.append(f"(o.table_no = ? AND r.name_zh IN ({', '.join('?' * len(regions))}))")
            params.extend([table_no, *sorted(regions)])
    if not conditions:
        return {}
    return {(t, region, year, m, i): v for t, region, year, m, i, v in conn.execute(
        "SELECT o.table_no, r.name_zh, o.year, o.measure, o.ip_type, o.value FROM observation o "
        f"JOIN region r ON r.region_id = o.region_id WHERE {' OR '.join(conditions)}", params)}


def build_figures(conn: sqlite3.Connection, report: ReportText) -> dict[str, int]:
    """Extract, check and write the figures; return counts to print ({} without paragraphs)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'paragraph'").fetchone() is None:
        return {}
    year = edition_of(report).year
    figures = extract_figures(paragraphs(conn, report), year=year)
    checks = check_figures(figures, table_values(conn), year)
    for index, flag in disagreement_flags(figures, checks).items():
        figures[index].flag = f"{figures[index].flag}; {flag}" if figures[index].flag else flag
    conn.executemany(
        "INSERT INTO figure (figure_id, para_id, section, sentence, measure_text, value, unit, raw_text, change_value,"
        " change_unit, line, flag, qualifier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i, f.para_id, f.section, f.sentence, f.measure_text, f.value, f.unit, f.raw_text, f.change_value,
          f.change_unit, f.line, f.flag, f.qualifier) for i, f in enumerate(figures, start=1)])
    conn.executemany(
        "INSERT INTO figure_check (figure_id, table_no, region_zh, year, measure, ip_type, table_value, rounded_to,"
        " agrees, note, compares) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(c.figure_index + 1, c.table_no, c.region_zh, c.year, c.measure, c.ip_type, c.table_value, c.rounded_to,
          int(c.agrees), c.note, c.compares) for c in checks])
    return {
        "figures": len(figures),
        "figures flagged": sum(1 for f in figures if f.flag),
        "figure cross-checks": len(checks),
        "cross-checks disagreeing": sum(1 for c in checks if not c.agrees),
    }
