"""Build stage: the in-text tables of 第三章 as report tables 101, 102, … beside the appendix's.

Their values are observations of the national total (the region 合计) with their own measure and
IP-type codes, so `observations`, the derived columns and the table explorer take them as they are.
`parse_intext` reads and checks them into the parsed edition; `write_intext_tables` inserts them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from ipexplorer.report.intext_tables import (
    IP_TYPES,
    MEASURES,
    UNITS_EN,
    IntextTable,
    check_intext_tables,
    parse_intext_tables,
)
from ipexplorer.store.errors import IntegrityError
from ipexplorer.store.parse import ParsedEdition

TOTAL_ZH = "合计"


def parse_intext(parsed: ParsedEdition) -> None:
    """Parse and verify (totals = sum of parts) the in-text tables; IntegrityError lists what disagrees."""
    tables = parse_intext_tables(parsed.report)
    result = check_intext_tables(tables)
    if not result.ok:
        raise IntegrityError(result.violations)
    parsed.intext, parsed.intext_result = tables, result


def counts(parsed: ParsedEdition) -> dict[str, int]:
    """What the build prints of the in-text tables."""
    if parsed.intext_result is None:
        return {}
    return {"in-text tables": len(parsed.intext),
            "in-text values": sum(len(t.rows) * len(t.years) for t in parsed.intext),
            "in-text identities verified": parsed.intext_result.identities_checked}


def codes(measures: dict[str, int], ip_types: dict[str, int]) -> None:
    """Append the in-text tables' codes to the lookup codes (code -> sort order) after the appendix's, in order."""
    for known, added in ((measures, MEASURES), (ip_types, IP_TYPES)):
        start = max(known.values(), default=-1) + 1
        for i, code in enumerate(added):
            known.setdefault(code, start + i)


def write_intext_tables(conn: sqlite3.Connection, parsed: ParsedEdition, region_id: int,
                        english: tuple[Mapping[str, str], Mapping[str, str]]) -> None:
    """Insert the tables, their columns, their one row (合计, `region_id`), values and printed rows (labelled in
    English by `english`: measure code -> name, IP-type code -> name)."""
    for table in parsed.intext:
        _write_table(conn, table, region_id)
        _write_rows(conn, table, *english)
        conn.execute("INSERT INTO integrity_check VALUES (?, ?, ?)",
                     (table.number, parsed.intext_result.per_table.get(table.number, 0), 0))


def _write_table(conn: sqlite3.Connection, table: IntextTable, region_id: int) -> None:
    conn.execute(
        "INSERT INTO report_table (table_no, title_zh, title_en, unit_zh, unit_en, label_title, notes_zh, first_line,"
        " last_line, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'narrative')",
        (table.number, table.title_zh, table.title_en, table.unit_zh, UNITS_EN.get(table.unit_zh, table.unit_zh),
         table.label_title, None, table.first_line, table.last_line))
    # printed rows (types) become columns, year by year in the printed order; the one row is 合计
    columns = [(year, k, row) for k, year in enumerate(table.years) for row in table.rows]
    conn.executemany("INSERT INTO table_column VALUES (?, ?, ?, ?, ?, ?)",
                     [(table.number, i, year, row.measure, row.ip_type, table.column_label(row))
                      for i, (year, _k, row) in enumerate(columns)])
    conn.execute("INSERT INTO table_row VALUES (?, 0, ?, ?, ?)", (table.number, region_id, TOTAL_ZH, table.first_line))
    conn.executemany(
        "INSERT INTO observation (table_no, row_index, col_index, region_id, year, measure, ip_type, value,"
        " source_line, printed) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(table.number, i, region_id, year, row.measure, row.ip_type, row.values[k], row.line,
          row.printed[k] if row.printed else None)
         for i, (year, k, row) in enumerate(columns)])


def _write_rows(conn: sqlite3.Connection, table: IntextTable, measures: Mapping[str, str],
                types: Mapping[str, str]) -> None:
    """The printed rows, so the wide layout shows the table as printed (rows × years), each row on its line."""
    rows = []
    for i, row in enumerate(table.rows):
        english = measures.get(row.measure, row.measure) if row.level == 0 else types.get(row.ip_type, row.ip_type)
        rows.append((table.number, i, f"{row.marker} {row.label}".strip(), f"{row.marker} {english}".strip(),
                     row.level, row.parent, row.measure, row.ip_type, row.line))
    conn.executemany("INSERT INTO intext_row VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
