"""What the report prints with each table besides its cells: the unit (单位：件) and its notes (注：…)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# the notes the report prints under its tables, in English (the English interface gave them in Chinese)
NOTES_EN = {
    "专利申请量统计中已扣除非正常专利申请。": "Patent application counts exclude abnormal patent applications.",
}


@dataclass(frozen=True)
class TableNote:
    unit_zh: str
    unit_en: str
    notes_zh: str      # as printed ("" when the table has none)

    @property
    def notes_en(self) -> str:
        """The notes in English where they are known ("" for a note no edition printed before)."""
        return note_en(self.notes_zh)


def note_en(notes_zh: str) -> str:
    """A table's printed notes in English ("" where no English is known)."""
    return NOTES_EN.get(notes_zh.strip(), "")


def table_notes(conn: sqlite3.Connection) -> dict[int, TableNote]:
    """Every table's unit and notes, by table number."""
    rows = conn.execute("SELECT table_no, coalesce(unit_zh, ''), coalesce(unit_en, ''), coalesce(notes_zh, '') "
                        "FROM report_table ORDER BY table_no").fetchall()
    return {n: TableNote(uz, ue, nz) for n, uz, ue, nz in rows}
