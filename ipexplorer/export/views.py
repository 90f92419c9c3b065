"""Sheets from what the explorer shows: a filtered and sorted view, a selection, whole tables, a query.

The rows come from the same SQL the table view runs (`select_sql`), so an export holds exactly
what was on screen, in the same order, with the same column titles.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import sqlite3
from collections.abc import Collection, Iterator, Sequence

from ipexplorer import __version__, citation
from ipexplorer.export.sheets import Metadata, Sheet, SheetColumn
from ipexplorer.query.builder import QueryState, count_sql, select_sql, where_clause
from ipexplorer.query.columns import Column
from ipexplorer.query.datasets import Dataset, dataset_for, editions_of, nil_markers
from ipexplorer.query.names import unit_text
from ipexplorer.query.notes import note_en
from ipexplorer.query.view import describe_state

FETCH = 2000


def visible_columns(dataset: Dataset, keys: Sequence[str] | None = None) -> list[Column]:
    if keys is not None:
        by_key = {c.key: c for c in dataset.columns}
        return [by_key[k] for k in keys if k in by_key]
    return [c for c in dataset.columns if not c.hidden]


def sheet_columns(columns: Sequence[Column], language: str) -> list[SheetColumn]:
    return [SheetColumn(c.title(language), c.kind, c.group(language), _empty_note(c)) for c in columns]


def _empty_note(column: Column) -> str:
    """What an empty cell of a year only older editions print means (the grid's "Not printed in the 2019
    edition"): that edition has no such row or value, where a printed nil shows its marker."""
    if not column.absent_in:
        return ""
    return (f"空白：{column.absent_in} 年版未印此值（非 0，非无数值） · an empty cell: not printed in the "
            f"{column.absent_in} edition (not 0, not a nil)")


NOT_PRINTED_NAMES = 40   # rows named per edition in the metadata; more are counted


def not_printed(conn: sqlite3.Connection, dataset: Dataset, state: QueryState, columns: Sequence[Column],
                nils: dict[tuple, str], cells: Collection[tuple] | None = None) -> list[str]:
    """The view's empty cells of the years only older editions print, that the edition giving the column did not
    print (a row or value it left out; a nil it printed reads its marker): one line per edition, naming the rows
    and their columns. `cells` ((row key, column key) pairs: a selection) keeps those alone.

    One query reads every such column's empty cells at once (a scan of the dataset, not one per column)."""
    absent = [c for c in columns if c.absent_in]
    if not absent or (cells is not None and not cells):
        return []
    where, params = where_clause(dataset, state)
    empty = " OR ".join(f"{c.key} IS NULL" for c in absent)
    cond = f"{where} AND ({empty})" if where else f"WHERE ({empty})"
    params = [*dataset.params, *params]
    if cells is not None:
        cond += " AND _rid IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted({rid for rid, _key in cells})))
    flags = ", ".join(f"{c.key} IS NULL" for c in absent)
    missing: dict[int, dict[str, list[Column]]] = {}
    for rid, name, *nulls in conn.execute(f"SELECT _rid, region_zh, {flags} FROM ({dataset.sql}) {cond} "
                                          f"ORDER BY _rid", params):
        for column, null in zip(absent, nulls, strict=True):
            cell = (rid, column.key)
            if null and cell not in nils and (cells is None or cell in cells):
                missing.setdefault(column.absent_in, {}).setdefault(name, []).append(column)
    lines = []
    for edition, rows in sorted(missing.items()):
        of_edition = [c for c in absent if c.absent_in == edition]
        named = []
        for name, cols in list(rows.items())[:NOT_PRINTED_NAMES]:
            if len(cols) == len(of_edition):
                what = "all " + "/".join(str(y) for y in sorted({c.year for c in cols}))
            else:
                what = ", ".join(f"{c.group_en or c.year} {c.title_zh}" if c.group_en else c.title_zh for c in cols)
            named.append(f"{name} ({what})")
        more = len(rows) - len(named)
        cells_count = sum(len(cols) for cols in rows.values())
        lines.append(f"{edition} 年版未印 · not printed in the {edition} edition ({cells_count:,} empty cells, not 0, "
                     f"not a nil): " + "; ".join(named) + (f"; … {more:,} more rows" if more > 0 else ""))
    return lines


def _stream(conn: sqlite3.Connection, sql: str, params: Sequence, positions: list[int],
            nils: dict[tuple, list[tuple[int, str]]] | None = None) -> Iterator[tuple]:
    """The rows' values at `positions`; a nil the report printed becomes its marker (text "—" or "-", never 0
    nor an empty cell that reads as missing)."""
    cursor = conn.execute(sql, list(params))
    # the values of a row as a tuple, picked in C (itemgetter of one position gives the value alone)
    pick = operator.itemgetter(*positions) if len(positions) > 1 else lambda row: tuple(row[p] for p in positions)
    while True:
        batch = cursor.fetchmany(FETCH)
        if not batch:
            return
        for row in batch:
            values = pick(row)
            if nils and row[0] in nils:
                values = list(values)
                for at, marker in nils[row[0]]:
                    if values[at] is None:
                        values[at] = marker
                values = tuple(values)
            yield values


def view_sheet(conn: sqlite3.Connection, dataset: Dataset, state: QueryState, language: str = "both",
               column_keys: Sequence[str] | None = None, name: str | None = None) -> Sheet:
    """The whole filtered, sorted view, streamed from SQLite."""
    columns = visible_columns(dataset, column_keys)
    sql, params = select_sql(dataset, state)
    keys = [c.key for c in dataset.columns]
    positions = [1 + keys.index(c.key) for c in columns]  # column 0 is the row key
    count_query, count_params = count_sql(dataset, state)
    expected = conn.execute(count_query, count_params).fetchone()[0]
    shown = {c.key: i for i, c in enumerate(columns)}
    markers = nil_markers(conn, dataset)
    nils: dict[tuple, list[tuple[int, str]]] = {}
    absent = not_printed(conn, dataset, state, columns, markers)
    for (rid, key), marker in markers.items():
        if key in shown:
            nils.setdefault(rid, []).append((shown[key], marker))
    return Sheet(name or sheet_name(dataset), sheet_columns(columns, language),
                 _stream(conn, sql, params, positions, nils), expected,
                 description=f"{dataset.title_zh} · {dataset.title_en}",
                 nil_markers=tuple(sorted(set(markers.values()))), not_printed=tuple(absent))


def rows_sheet(conn: sqlite3.Connection, dataset: Dataset, state: QueryState, columns: Sequence[Column],
               rows: Sequence[Sequence], cells: Collection[tuple] = (), language: str = "both",
               name: str | None = None, row_keys: Sequence = ()) -> Sheet:
    """Rows already at hand (a selection in the table): values in the order of `columns`; `cells`, the selected
    (row key, column key) pairs, say which of them an older edition did not print and which nils they hold, as
    a view's sheet does for all its rows. Without `cells`, every cell of `columns` in the rows `row_keys` (whole
    rows); without either, the rows are not known by key and the metadata names no nil nor cell of theirs."""
    chosen = set(cells) if cells else {(rid, c.key) for rid in row_keys for c in columns}
    markers = nil_markers(conn, dataset, {rid for rid, _key in chosen})
    absent = not_printed(conn, dataset, state, columns, markers, chosen)
    shown = {m for cell, m in markers.items() if cell in chosen}
    return Sheet(name or sheet_name(dataset), sheet_columns(columns, language), list(rows), len(rows),
                 description=f"{dataset.title_zh} · {dataset.title_en}",
                 nil_markers=tuple(sorted(shown)), not_printed=tuple(absent))


def tables_of(conn: sqlite3.Connection, table_nos: Sequence[int], layout: str = "wide") -> list[Dataset]:
    """Whole report tables' datasets, as printed (wide) or one value per row (long): one sheet each."""
    return [dataset_for(conn, n, layout) for n in table_nos]


def sheet_name(dataset: Dataset) -> str:
    if dataset.table_no is not None:
        return f"表{dataset.table_no} Table {dataset.table_no}"
    return "全部数据 All"


def table_units_and_notes(conn: sqlite3.Connection, datasets: Sequence[Dataset]) -> tuple[list[str], list[str]]:
    """The unit and the notes (注：…) the report prints with each table exported, named by table when several.

    A view of all observations has no one unit (its rows carry theirs in the unit column) and no notes.
    """
    numbers = list(dict.fromkeys(d.table_no for d in datasets if d.table_no is not None))
    units: list[str] = []
    notes: list[str] = []
    for n in numbers:
        row = conn.execute("SELECT unit_zh, unit_en, notes_zh FROM report_table WHERE table_no = ?", (n,)).fetchone()
        if row is None:
            continue
        unit_zh, unit_en, note = row
        prefix = f"表{n} Table {n}: " if len(numbers) > 1 else ""
        if unit_zh:
            units.append(prefix + unit_text(unit_zh, unit_en))
        if note:   # bilingual as the unit is: the words as printed, and their English where known
            english = note_en(note)
            notes.append(prefix + (f"{note} · {english}" if english else note))
    return units, notes


def metadata(conn: sqlite3.Connection, datasets: Sequence[Dataset], state: QueryState | None = None,
             extra: Sequence[tuple[str, str]] = (), sheets: Sequence[Sheet] | None = None) -> Metadata:
    """Where the export comes from; the nil markers and the cells not printed those of `sheets`, read with their
    rows (a view's, a selection's), else the nils read here for the datasets (ready-made sheets: a chart's data)."""
    from ipexplorer.store.database import built_from

    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    editions = ", ".join(str(y) for y in editions_of(conn))
    units, notes = table_units_and_notes(conn, datasets)
    filters: list[str] = []
    if state is not None and datasets:
        filters = describe_state(datasets[0], state, "en")
    return Metadata(
        source=f"CNIPA Annual Report {editions} (国家知识产权局 {editions} 年度报告), {meta.get('report_name', '')}",
        report_sha256=meta.get("report_sha256", ""),
        tables=[f"{d.title_zh} · {d.title_en}" for d in datasets],
        units=units,
        notes=notes,
        filters=filters,
        exported_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        app_version=__version__,
        citation=citation([(r.edition, r.title) for r in built_from(conn) if r.edition is not None]),
        extra=list(extra),
        nil_markers=sorted({m for s in sheets for m in s.nil_markers} if sheets is not None
                           else {m for d in datasets for m in nil_markers(conn, d).values()}),
        not_printed=[(f"{s.name}: {line}" if len(sheets) > 1 else line) for s in sheets for line in s.not_printed]
        if sheets is not None else [],
    )
