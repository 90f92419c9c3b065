"""One export path for the command line and the window: a request (a view state, a query, tables, a selection
or ready-made sheets) → sheets and metadata → an .xlsx or .csv file.

`ipexplorer export` and the Export dialog's worker both call `run`, so the same view gives the same workbook
from either: the same rows in the same order, the same column titles and the same number formats.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipexplorer.export.sheets import Cancelled, ExportCancelled, ExportError, Metadata, Progress, Sheet
from ipexplorer.export.views import metadata, rows_sheet, tables_of, view_sheet
from ipexplorer.query.builder import QueryState
from ipexplorer.query.columns import Column
from ipexplorer.query.datasets import Dataset
from ipexplorer.query.view import ViewState, describe_part_en

QUERY_SHEET = "查询 Query"


@dataclass
class ExportRequest:
    """Everything an export needs, as plain data (it crosses to a worker thread).

    `view` is the view state exported (scopes "view", "sql", "cells", "rows"); `dataset`, when given, is the
    Dataset already open for it (a console query's, prepared under its guard), else it is opened from the view.
    `rows` and `columns` carry a selection copied from the table, `cells` its selected (row key, column key)
    pairs, or `row_keys` the rows' keys (then every cell of `columns` of those rows); `sheet`/`sheets` are
    ready-made ones.
    """

    path: Path
    scope: str
    language: str = "both"
    db_path: Path | None = None
    view: ViewState | None = None
    dataset: Dataset | None = None
    state: QueryState | None = None        # without a view: the query of `dataset`
    columns: list[Column] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    cells: list[tuple] = field(default_factory=list)
    row_keys: list = field(default_factory=list)   # the rows' keys, in `rows`' order (whole rows, no `cells`)
    table_nos: list[int] = field(default_factory=list)
    layout: str = "wide"
    filters: list[str] = field(default_factory=list)   # the metadata's filter lines; default: the view's
    sheet: Sheet | None = None   # a ready-made sheet (the chart's data, the timeline's events)
    sql: str = ""                # scope "sql": the console's query
    time_limit: float | None = 60.0   # scope "sql": seconds the query may run
    sheets: list[Sheet] = field(default_factory=list)   # ready-made sheets (a region profile)
    encoding: str = "utf-8-sig"  # CSV only: utf-8-sig (the default) or gb18030


def _view_parts(request: ExportRequest, conn: sqlite3.Connection) -> tuple[Dataset, QueryState, list[str] | None,
                                                                          str]:
    """The dataset, query, column keys (None: the dataset's defaults) and language of a view-like request."""
    view = request.view
    if view is None:
        keys = [c.key for c in request.columns] or None
        return request.dataset, request.state or QueryState(), keys, request.language
    dataset = request.dataset if request.dataset is not None else view.dataset(conn)
    keys = [c.key for c in view.visible_columns(dataset)]
    return dataset, view.query, keys, view.names


def build(conn: sqlite3.Connection, request: ExportRequest) -> tuple[list[Sheet], Metadata]:
    """The sheets (rows streamed from SQLite where they are a view) and the metadata of a request."""
    if request.scope == "tables":
        datasets = tables_of(conn, request.table_nos, request.layout)
        sheets = [view_sheet(conn, d, QueryState(), request.language) for d in datasets]
        return sheets, metadata(conn, datasets, sheets=sheets)
    if request.sheet is not None or request.sheets:
        sheets = [request.sheet] if request.sheet is not None else list(request.sheets)
        datasets = [request.dataset] if request.dataset is not None else []
        meta = metadata(conn, datasets, request.state)
    else:
        dataset, state, keys, language = _view_parts(request, conn)
        if request.scope in ("cells", "rows"):
            sheets = [rows_sheet(conn, dataset, state, request.columns, request.rows, request.cells, language,
                                  row_keys=request.row_keys)]
        else:
            name = QUERY_SHEET if request.scope == "sql" else None
            sheets = [view_sheet(conn, dataset, state, language, keys, name=name)]
        meta = metadata(conn, [dataset], state, sheets=sheets)
        if request.view is not None:
            meta.filters = [describe_part_en(p) for p in request.view.describe(dataset)[1:]]
    if request.filters:
        meta.filters = list(request.filters)
    if request.scope in ("cells", "rows"):
        meta.extra.append(("范围 Scope", f"{len(request.rows):,} selected rows 选中的行"))
    if request.scope == "sql":
        meta.tables = [f"SQL: {request.sql or (request.view.sql if request.view else '')}"]
    return sheets, meta


def write(path: Path, sheets: Sequence[Sheet], meta: Metadata, progress: Progress | None = None,
          cancelled: Cancelled | None = None, encoding: str = "utf-8-sig") -> int:
    """Write the sheets to `path` (.csv: the first sheet, its metadata beside it; else a workbook); the rows written."""
    from ipexplorer.export.csv_file import export_csv, export_csv_metadata
    from ipexplorer.export.xlsx import export_xlsx

    if Path(path).suffix.lower() == ".csv":
        rows = export_csv(Path(path), sheets[0], progress, cancelled, encoding)
        export_csv_metadata(Path(path), sheets[0], meta, rows, encoding)
        return rows
    return sum(export_xlsx(Path(path), list(sheets), meta, progress, cancelled).values())


def run(request: ExportRequest, progress: Progress | None = None, cancelled: Cancelled | None = None) -> int:
    """Open the database, build the request's sheets and write its file; the rows written.

    A console query ("sql") runs under the read-only guard, bounded by `time_limit`, and Cancel stops it
    midway; its result's dataset is prepared here unless the request brings it.
    Raises ExportError (naming the cause), ExportCancelled, or ConsoleError for a query that cannot run.
    """
    from ipexplorer.query.readonly import guard, watching
    from ipexplorer.store.database import connect

    conn = connect(request.db_path)
    sql_guard = (guard(conn, time_limit=request.time_limit, cancelled=cancelled)
                 if request.scope == "sql" else None)
    try:
        if sql_guard is not None and request.dataset is None:
            from ipexplorer.query.console import prepare

            request.dataset = prepare(conn, request.sql or (request.view.sql if request.view else ""), sql_guard)
        # the watchdog keeps the query's time limit (counted on from its check run) while the rows stream out
        with watching(sql_guard, reset=False):
            sheets, meta = build(conn, request)
            return write(request.path, sheets, meta, progress, cancelled, request.encoding)
    except sqlite3.Error as exc:
        if sql_guard is None:
            raise
        if sql_guard.stopped_by == "cancel":
            raise ExportCancelled() from None
        if sql_guard.stopped_by == "time":
            raise ExportError(f"the query ran past the time limit of {request.time_limit:g} s; "
                              "nothing was written") from None
        raise ExportError(f"the query failed: {exc}") from None
    finally:
        conn.close()
