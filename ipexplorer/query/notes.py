"""What the report prints with each table besides its cells: the unit (单位：件) and its notes (注：…)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class TableNote:
    unit_zh: str
    unit_en: str
    notes_zh: str      # as printed ("" when the table has none)


def table_notes(conn: sqlite3.Connection) -> dict[int, TableNote]:
    """Every table's unit and notes, by table number."""
    rows = conn.execute("SELECT table_no, coalesce(unit_zh, ''), coalesce(unit_en, ''), coalesce(notes_zh, '') "
                        "FROM report_table ORDER BY table_no").fetchall()
    return {n: TableNote(uz, ue, nz) for n, uz, ue, nz in rows}
