"""The timeline's events as a sheet: what the event list shows, in its order."""

from __future__ import annotations

from collections.abc import Sequence

from ipexplorer.export.sheets import Sheet, SheetColumn
from ipexplorer.query.columns import Kind
from ipexplorer.query.timeline import Event, EventFilter, Lane


def events_sheet(events: Sequence[Event], lanes: Sequence[Lane], flt: EventFilter | None = None) -> Sheet:
    """One row per event: ISO dates, categories in both languages, partners, section and report line."""
    names = {lane.code: lane for lane in lanes}
    columns = [SheetColumn("日期 Date"), SheetColumn("结束日期 End date"), SheetColumn("精度 Precision"),
               SheetColumn("类别 Categories"), SheetColumn("Categories (English)"), SheetColumn("合作方 Partners"),
               SheetColumn("内容 Text"), SheetColumn("章节 Section"), SheetColumn("报告行 Report line", Kind.CODE),
               SheetColumn("又见于 Also printed at")]
    rows = [[e.date, e.end_date, e.precision,
             "；".join(names[c].name_zh for c in e.categories if c in names),
             "; ".join(names[c].name_en for c in e.categories if c in names),
             "; ".join(e.partners), e.text, e.section, e.source_line,
             "; ".join(str(n) for n in e.sources if n != e.source_line)] for e in events]
    description = "年度要事 · Events of 2020"
    if flt is not None and flt.active:
        description += f" (filtered: {describe_filter(flt, lanes)})"
    return Sheet("年度要事 Events", columns, rows, len(rows), description=description)


def describe_filter(flt: EventFilter, lanes: Sequence[Lane]) -> str:
    names = {lane.code: lane.name_en for lane in lanes}
    parts = []
    if flt.text.strip():
        parts.append(f"text contains {flt.text.strip()!r}")
    if flt.categories is not None:
        parts.append("category in " + ", ".join(names.get(c, c) for c in sorted(flt.categories)))
    if flt.months is not None:
        parts.append("month in " + ", ".join(str(m) for m in sorted(flt.months)))
    if flt.partners is not None:
        parts.append("partner in " + ", ".join(sorted(flt.partners)))
    return "; ".join(parts)
