"""What an export holds: sheets of typed columns and rows, and the metadata that travels with them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ipexplorer.query.columns import Kind

Progress = Callable[[int, int], None]   # (rows written, rows expected; 0 when unknown)
Cancelled = Callable[[], bool]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EDITION_TITLE = "版本 Edition"   # the column naming the edition printing a row, in exports of several editions


class ExportError(Exception):
    """The file could not be written; the message names the path and the cause."""


class ExportCancelled(Exception):
    """The user stopped the export; nothing was written."""


@dataclass(frozen=True)
class SheetColumn:
    title: str
    kind: Kind = Kind.TEXT
    group: str = ""          # the first header row where the view has two (2019年 | 2020年)
    note: str = ""           # what an empty cell of it means, when not a missing number (a year an edition left out)


@dataclass
class Sheet:
    """One table of the export; `rows` may be a generator so large exports stream."""

    name: str
    columns: Sequence[SheetColumn]
    rows: Iterable[Sequence]
    expected_rows: int = 0
    description: str = ""    # e.g. the table's title and the filters applied, for the metadata sheet
    nil_markers: tuple[str, ...] = ()   # the nils its rows print ("—", "-"), read once with them
    not_printed: tuple[str, ...] = ()   # the empty cells of its rows an older edition did not print, listed

    @property
    def two_level_header(self) -> bool:
        return any(c.group for c in self.columns)


@dataclass
class Metadata:
    """Where the data came from and what was done to it; written as the workbook's last sheet."""

    source: str = ""
    report_sha256: str = ""
    tables: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)    # each table's unit, as printed with it (件 · items)
    notes: list[str] = field(default_factory=list)    # each table's printed notes (注：…)
    filters: list[str] = field(default_factory=list)
    exported_at: str = ""
    app_version: str = ""
    citation: str = ""
    extra: list[tuple[str, str]] = field(default_factory=list)
    nil_markers: list[str] = field(default_factory=list)   # the nils the exported tables print ("—", "-")
    not_printed: list[str] = field(default_factory=list)   # empty cells an older edition did not print, listed

    def items(self, row_counts: dict[str, int]) -> list[tuple[str, str]]:
        items = [
            ("来源 Source", self.source),
            ("报告 SHA-256 Report SHA-256", self.report_sha256),
        ]
        items += [("表 Table", t) for t in self.tables]
        items += [("单位 Unit", u) for u in self.units]
        items += [("注 Notes", n) for n in self.notes]
        if self.nil_markers:
            markers = " / ".join(f"“{m}”" for m in self.nil_markers)
            items.append(("空值 Nil", f"{markers}: 报告印为无数值（非 0，非缺失） · "
                                      "printed by the report for no number (not 0, not missing data)"))
        items += [("未印 Not printed", n) for n in self.not_printed]
        items += [("筛选与排序 Filters and sort", f) for f in self.filters] or [
            ("筛选与排序 Filters and sort", "无 none")]
        items += [(f"行数 Rows · {name}", f"{count:,}") for name, count in row_counts.items()]
        items += [
            ("导出时间 Exported at", self.exported_at),
            ("应用版本 App version", f"ipexplorer {self.app_version}"),
            ("引用 Citation", self.citation),
        ]
        return items + list(self.extra)


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would run as a formula if typed into a cell."""
    return text.startswith(FORMULA_PREFIXES)


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_names(names: Iterable[str]) -> list[str]:
    """Excel-safe, unique sheet names (31 characters at most, no []:*?/\\)."""
    out: list[str] = []
    for name in names:
        base = _BAD_SHEET_CHARS.sub(" ", name).strip().strip("'")[:31] or "Sheet"
        candidate, n = base, 2
        while candidate.lower() in (o.lower() for o in out):
            suffix = f" ({n})"
            candidate = base[: 31 - len(suffix)] + suffix
            n += 1
        out.append(candidate)
    return out
