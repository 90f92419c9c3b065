""""Copy as Python": a short script that gives a table view's rows through the Python API.

The script names the view by its state (query.view.ViewState, the JSON the app keeps in its
settings), so `db.view(...)` reads the same rows, in the same order and columns, as the grid; only
what differs from a fresh view is written, to keep it short enough to read and edit.
"""

from __future__ import annotations

import pprint
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ipexplorer.query.datasets import Dataset
    from ipexplorer.query.view import ViewState


def short_state(state: ViewState, dataset: Dataset | None = None) -> dict:
    """The state's JSON without what a fresh view has anyway (empty query, default columns)."""
    from ipexplorer.query.view import ViewState

    data = state.to_dict()
    out: dict = {}
    if state.kind == "query":
        out["sql"] = state.sql
    else:
        out["table"] = state.table
        if state.table is not None:
            out["layout"] = state.layout
    if state.names != ViewState().names:
        out["names"] = state.names
    columns = data.get("columns")
    if columns is not None:
        fresh = ViewState(table=state.table, layout=state.layout, sql=state.sql, names=state.names,
                          column_facets=state.column_facets)
        defaults = [c.key for c in fresh.visible_columns(dataset)] if dataset is not None else None
        if columns != defaults:
            out["columns"] = columns
        elif data.get("column_facets"):
            out["column_facets"] = data["column_facets"]
    query = {k: v for k, v in data["query"].items()
             if (k == "pinyin_order" and v is False) or (k != "pinyin_order" and v)}
    if query:
        out["query"] = query
    return out


def view_script(state: ViewState, *, db: str | Path | None = None, dataset: Dataset | None = None,
                chart_command: str | None = None) -> str:
    """A script whose `df` holds the view's rows as the grid shows them.

    `db` is written only when it is not the database `ipexplorer.open()` finds by itself;
    `chart_command`, when given, follows as a comment (the Charts pane's chart, from a shell).
    """
    from ipexplorer.paths import default_db

    where = ""
    if db is not None and Path(db).expanduser().resolve() != default_db().expanduser().resolve():
        where = repr(str(db))
    body = pprint.pformat(short_state(state, dataset), indent=4, width=100, sort_dicts=False)
    lines = [
        "import ipexplorer",
        "",
        f"db = ipexplorer.open({where})",
        f"df = db.view({body})",
        "df",
    ]
    if chart_command:
        lines += ["", "# the chart, from a shell:", f"# {chart_command}"]
    return "\n".join(lines) + "\n"
