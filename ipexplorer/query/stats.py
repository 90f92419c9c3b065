"""What a selection's sum may add: never a total to its members, nor a city to the province it lies in.

The report's tables print 国内总计 above the provinces, and the sub-provincial cities and the XPCC inside
their provinces (bracketed rows). A spreadsheet-like status bar that adds every selected cell counts the
same applications two or three times; these rules say which cells stay out of the sum, and why.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

TOTAL_KINDS = frozenset({"total", "domestic_total", "foreign_total"})


def region_kinds(conn: sqlite3.Connection) -> dict[str, tuple[str, str | None]]:
    """Chinese region name -> (kind, Chinese name of the province it lies in, if any)."""
    rows = conn.execute("SELECT r.name_zh, r.kind, p.name_zh FROM region r "
                        "LEFT JOIN region p ON p.region_id = r.parent_id").fetchall()
    kinds = {name: (kind, parent) for name, kind, parent in rows}
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'intext_row'").fetchone():
        # the in-text tables' printed rows (复审请求, (1) 发明专利, (a) 无效宣告): a total and its parts, a part of
        # a part inside the part it belongs to, as a city inside its province
        for label, level, parent in conn.execute(
                "SELECT i.label_zh, i.level, p.label_zh FROM intext_row i LEFT JOIN intext_row p "
                "ON p.table_no = i.table_no AND p.row_index = i.parent_index AND p.level > 0"):
            kinds.setdefault(label, ("total" if level == 0 else "part", parent))
    return kinds


@dataclass(frozen=True)
class SummedCell:
    value: float
    region: str | None = None      # the row's Chinese region name, if the row has one


@dataclass
class SelectionSum:
    kept: list[int] = field(default_factory=list)   # indexes of the cells the sum adds
    totals_left_out: int = 0       # totals (国内总计 …) selected with their members
    inside_left_out: int = 0       # cities (and the XPCC) selected with their province
    parts_left_out: int = 0        # an in-text table's parts ((a)…(d)) selected with the part they make up ((2))
    kept_regions: set[str | None] = field(default_factory=set)   # the regions whose cells the sum adds

    @property
    def left_out(self) -> int:
        return self.totals_left_out + self.inside_left_out + self.parts_left_out


def region_selection_sum(cells: Mapping[str | None, int],
                         regions: dict[str, tuple[str, str | None]]) -> SelectionSum:
    """selection_sum of cells counted by their row's region ({region: cells}, None for a row without one): the
    rule says the same of every cell of a region, so it is asked once per region (a select-all of the long view
    has 91,000 cells of a few hundred regions); `kept_regions` are those the sum adds, and what it leaves out
    is counted in cells. `kept` stays empty (no cell indexes)."""
    kinds = {r: regions.get(r or "", ("", None)) for r in cells}
    names = {r for r in cells if r}
    members = any(k not in TOTAL_KINDS for k, _p in kinds.values() if k)
    sub_totals = any(k in ("domestic_total", "foreign_total") for k, _p in kinds.values())
    out = SelectionSum()
    for region, (kind, parent) in kinds.items():
        if kind in TOTAL_KINDS and (members or (kind == "total" and sub_totals)):
            out.totals_left_out += cells[region]
        elif parent is not None and parent in names and kind == "part":
            out.parts_left_out += cells[region]
        elif parent is not None and parent in names:
            out.inside_left_out += cells[region]
        else:
            out.kept_regions.add(region)
    return out


def selection_sum(cells: list[SummedCell], regions: dict[str, tuple[str, str | None]]) -> SelectionSum:
    """The cells a sum may add: totals only when no member is selected (国内总计 + 国外在华总计 without
    合计), a city only when its province is not selected."""
    out = region_selection_sum(Counter(c.region for c in cells), regions)
    out.kept = [i for i, c in enumerate(cells) if c.region in out.kept_regions]
    return out
