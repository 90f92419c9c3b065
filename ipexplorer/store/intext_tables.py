"""Build stage: the in-text tables of 第三章 as report tables 101, 102, … beside the appendix's.

Their values are observations of the national total (the region 合计) with their own measure and
IP-type codes, so `observations`, the derived columns and the table explorer take them as they are.
"""

from __future__ import annotations

import sqlite3

from ipexplorer.report.intext_tables import (
    IP_TYPES,
    MEASURES,
    UNITS_EN,
    IntextTable,
    check_intext_tables,
    parse_intext_tables,
)
from ipexplorer.report.source import ReportText
from ipexplorer.store.errors import IntegrityError

TOTAL_ZH = "合计"


def build_intext_tables(conn: sqlite3.Connection, report: ReportText) -> dict[str, int]:
    """Parse, verify (totals = sum of parts) and write the in-text tables; return counts to print."""
    tables = parse_intext_tables(report)
    result = check_intext_tables(tables)
    if not result.ok:
        raise IntegrityError(result.violations)
    _add_codes(conn, "measure", MEASURES)
    _add_codes(conn, "ip_type", IP_TYPES)
    region_id = _total_region(conn)
    values = 0
    for table in tables:
        values += _write_table(conn, table, region_id)
        conn.execute("INSERT INTO integrity_check VALUES (?, ?, ?)",
                     (table.number, result.per_table.get(table.number, 0), 0))
    return {"in-text tables": len(tables), "in-text values": values,
            "in-text identities verified": result.identities_checked}


def _add_codes(conn: sqlite3.Connection, table: str, codes: dict[str, tuple[str, str]]) -> None:
    """Append codes to a lookup table (measure, ip_type) after the appendix's, keeping their order."""
    start = conn.execute(f"SELECT coalesce(max(sort_order), -1) + 1 FROM {table}").fetchone()[0]
    conn.executemany(f"INSERT OR IGNORE INTO {table} (code, name_zh, name_en, sort_order) VALUES (?, ?, ?, ?)",
                     [(code, zh, en, start + i) for i, (code, (zh, en)) in enumerate(codes.items())])


def _total_region(conn: sqlite3.Connection) -> int:
    """The region 合计 (the national grand total) the appendix already holds, or a new one."""
    row = conn.execute("SELECT region_id FROM region WHERE name_zh = ? AND kind = 'total'", (TOTAL_ZH,)).fetchone()
    if row:
        return row[0]
    cur = conn.execute(
        "INSERT INTO region (name_zh, name_en, kind, pinyin, pinyin_key) VALUES (?, 'Total', 'total', 'heji', "
        "'he2 ji4')", (TOTAL_ZH,))
    return cur.lastrowid


def _write_table(conn: sqlite3.Connection, table: IntextTable, region_id: int) -> int:
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
    _write_rows(conn, table)
    return len(columns)


def _write_rows(conn: sqlite3.Connection, table: IntextTable) -> None:
    """The printed rows, so the wide layout shows the table as printed (rows × years), each row on its line."""
    measures = dict(conn.execute("SELECT code, name_en FROM measure"))
    types = dict(conn.execute("SELECT code, name_en FROM ip_type"))
    rows = []
    for i, row in enumerate(table.rows):
        english = measures.get(row.measure, row.measure) if row.level == 0 else types.get(row.ip_type, row.ip_type)
        rows.append((table.number, i, f"{row.marker} {row.label}".strip(), f"{row.marker} {english}".strip(),
                     row.level, row.parent, row.measure, row.ip_type, row.line))
    conn.executemany("INSERT INTO intext_row VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
