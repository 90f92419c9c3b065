"""The timeline's events as a sheet: what the event list shows, in its order."""

from __future__ import annotations

from collections.abc import Sequence

from ipexplorer.export.sheets import EDITION_TITLE, Sheet, SheetColumn
from ipexplorer.query.columns import Kind
from ipexplorer.query.timeline import Event, EventFilter, Lane


def events_sheet(events: Sequence[Event], lanes: Sequence[Lane], flt: EventFilter | None = None) -> Sheet:
    """One row per event: ISO dates, categories in both languages, partners, section and report line; with events
    of several editions, the edition printing each (its report line is of that edition's report)."""
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
    if len({e.edition for e in events}) > 1:
        columns.append(SheetColumn(EDITION_TITLE, Kind.CODE))
        for row, event in zip(rows, events, strict=True):
            row.append(event.edition)
    span = span_of(events)
    description = f"年度要事 · Events of {span}" if span else "年度要事 · Events"
    if flt is not None and flt.active:
        description += f" (filtered: {describe_filter(flt, lanes)})"
    return Sheet("年度要事 Events", columns, rows, len(rows), description=description)


def span_of(events: Sequence[Event]) -> str:
    """The years the timeline spans ("2020", "2019–2020"), from the events' period, else their dates."""
    period = next((e.period for e in events if e.period is not None), None)
    first, last = (period.first, period.last) if period else (
        min((int(e.date[:4]) for e in events), default=0), max((int(e.date[:4]) for e in events), default=0))
    if not first:
        return ""
    return str(first) if first == last else f"{first}–{last}"


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
