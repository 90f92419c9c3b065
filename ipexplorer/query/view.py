"""What a table view shows, as plain data: the one object that widgets, settings and exports share.

A `ViewState` names the dataset (a report table, all observations or a read-only console query), its
layout, the query (sort keys, filters, facets, quick text), the visible columns and their order and the
names language. Widgets observe it and edit it by replacing it; settings keep its JSON (`to_dict`); an
export turns the same object into sheets. It never imports Qt, and it describes itself as structured parts
(`describe`) that the interface translates, rather than as English sentences.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ipexplorer.query.builder import ColumnFilter, QueryState
from ipexplorer.query.columns import Column, Role
from ipexplorer.query.datasets import Dataset, dataset_for

VERSION = 2   # 2: the span of years the change and CAGR columns compare
LAYOUTS = ("wide", "long")
NAMES = ("zh", "en", "both")
# Wide layout: the year / type / measure facets choose value columns (by this Column attribute), not rows.
COLUMN_FACETS = {"year": "year", "ip_type_zh": "ip_type", "measure_zh": "measure"}
# A describe() part: (kind, args); the kinds are listed in `describe_part_en`.
Part = tuple[str, dict]


@dataclass(frozen=True)
class ViewState:
    """One table view. `table` None means all observations; a non-empty `sql` is a console query.

    `columns` lists the visible column keys in display order (None: the dataset's defaults under the
    names language and facets); `column_facets` maps a wide-layout facet to the values it keeps.
    `widths` keeps the pixel widths the grid showed (settings only: exports and the API ignore them; a
    view without them is fitted to its first rows). `span` is the (from, to) years a wide table of three or more
    years compares in its "Change from … to …" columns (None: its first and last year).
    """

    table: int | None = 1
    layout: str = "wide"
    sql: str = ""
    query: QueryState = field(default_factory=QueryState)
    columns: tuple[str, ...] | None = None
    names: str = "zh"
    column_facets: tuple[tuple[str, tuple], ...] = ()
    widths: tuple[tuple[str, int], ...] = ()
    span: tuple[int, int] | None = None

    # --- what it names ----------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """"query" (console SQL), "all" (every observation) or "table"."""
        if self.sql.strip():
            return "query"
        return "all" if self.table is None else "table"

    @property
    def dataset_key(self) -> str:
        """The key of the Dataset this view shows (as `Dataset.key`): settings keep one view per key."""
        if self.kind == "query":
            return "sql"
        if self.table is None:
            return "long:all"
        return f"{self.effective_layout}:{self.table}"

    @property
    def effective_layout(self) -> str:
        """All observations and console results have one layout only: long."""
        return self.layout if self.kind == "table" else "long"

    @property
    def language(self) -> str:
        """The language of column titles and region names ("zh", "en" or "both")."""
        return self.names

    def dataset(self, conn: sqlite3.Connection) -> Dataset:
        """The Dataset of a table view (a console query's comes from query.console.prepare, under its guard)."""
        if self.kind == "query":
            raise ValueError("a console query's dataset is prepared by query.console under a read-only guard")
        return dataset_for(conn, self.table, self.effective_layout, self.span)

    def facet(self, key: str) -> tuple | None:
        """The values a wide-layout column facet keeps (None: all)."""
        return next((values for k, values in self.column_facets if k == key), None)

    def visible_columns(self, dataset: Dataset) -> list[Column]:
        """The columns shown, in order: `columns` if set (unknown keys dropped), else the defaults.

        The defaults are the dataset's non-hidden columns, with the Chinese or English region name per the
        names language, and in the wide layout only the value columns the column facets keep.
        """
        by_key = {c.key: c for c in dataset.columns}
        if self.columns is not None:
            return [by_key[k] for k in self.columns if k in by_key]
        return [c for c in dataset.columns if self.shows_by_default(c, dataset)]

    def shows_by_default(self, col: Column, dataset: Dataset) -> bool:
        """Whether a column shows when the user has not chosen the columns (names language, facets)."""
        if col.key == "region_zh":
            return self.names != "en"
        if col.key == "region_en":
            return self.names != "zh"
        if col.hidden:
            return False
        if col.role in (Role.VALUE, Role.DERIVED) and dataset.key.startswith("wide:"):
            for facet, attr in COLUMN_FACETS.items():
                allowed = self.facet(facet)
                value = getattr(col, attr)   # None: the column does not vary by it (101…: types are rows)
                if allowed is not None and value is not None and value not in allowed:
                    return False
        return True

    # --- edits (each returns a new state) ---------------------------------------------------
    def with_query(self, query: QueryState) -> ViewState:
        return replace(self, query=query)

    def with_table(self, table: int | None, layout: str | None = None) -> ViewState:
        """Another table: its own query and columns start afresh (a caller restores saved ones by key)."""
        return replace(self, table=table, layout=layout or self.layout, sql="", query=QueryState(
            pinyin_order=self.query.pinyin_order), columns=None, column_facets=(), widths=(), span=None)

    def with_sql(self, sql: str) -> ViewState:
        return replace(self, sql=sql, query=QueryState(pinyin_order=self.query.pinyin_order), columns=None,
                       column_facets=(), widths=(), span=None)

    def with_span(self, span: tuple[int, int] | None) -> ViewState:
        """Compare other years in the change and CAGR columns (None: the first and the last)."""
        return replace(self, span=_span_from(list(span) if span is not None else None))

    def with_names(self, names: str) -> ViewState:
        return replace(self, names=names if names in NAMES else "zh")

    def with_columns(self, columns: Sequence[str] | None) -> ViewState:
        return replace(self, columns=tuple(columns) if columns is not None else None)

    def with_column_facet(self, key: str, values: Sequence | None) -> ViewState:
        rest = tuple((k, v) for k, v in self.column_facets if k != key)
        return replace(self, column_facets=rest if values is None else (*rest, (key, tuple(values))))

    def restricted_to(self, dataset: Dataset) -> ViewState:
        """Drop the filters, sort keys and columns the dataset no longer has (a saved view after a rebuild)."""
        query = self.query
        query = replace(query, filters=tuple(f for f in query.filters if dataset.has(f.key)),
                        sort=tuple((k, a) for k, a in query.sort if dataset.has(k)))
        columns = None if self.columns is None else tuple(k for k in self.columns if dataset.has(k))
        columns = columns or None   # none of the saved columns left: the defaults, never an empty grid
        return replace(self, query=query, columns=columns,
                       widths=tuple((k, w) for k, w in self.widths if dataset.has(k)))

    # --- JSON -------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """Plain JSON (settings, export metadata, "copy as Python"); `from_dict` reads it back."""
        return {
            "version": VERSION,
            "table": self.table,
            "layout": self.layout,
            "sql": self.sql,
            "names": self.names,
            "columns": list(self.columns) if self.columns is not None else None,
            "column_facets": {k: list(v) for k, v in self.column_facets},
            "query": query_to_dict(self.query),
            "widths": dict(self.widths),
            "span": list(self.span) if self.span is not None else None,
        }

    @classmethod
    def from_dict(cls, data: object) -> ViewState:
        """Read `to_dict`'s JSON; unknown keys are ignored and a wrong-typed value falls back to its default.

        Never raises: a setting written by another version, or edited by hand, gives a usable view.
        """
        if not isinstance(data, Mapping):
            return cls()
        default = cls()
        table = data.get("table", default.table)
        if table is not None and not (_is_int(table) and table > 0):
            table = default.table
        layout = data.get("layout")
        names = data.get("names")
        sql = data.get("sql")
        columns = data.get("columns")
        columns = tuple(columns) if isinstance(columns, list) and all(isinstance(k, str) for k in columns) else None
        # older settings kept the query's keys at the top level
        raw_query = data.get("query") if isinstance(data.get("query"), Mapping) else data
        return cls(
            table=table,
            layout=layout if layout in LAYOUTS else default.layout,
            sql=sql if isinstance(sql, str) else "",
            query=query_from_dict(raw_query),
            columns=columns,
            names=names if names in NAMES else default.names,
            column_facets=_facets_from(data.get("column_facets")),
            widths=_widths_from(data.get("widths")),
            span=_span_from(data.get("span")),
        )

    # --- description ------------------------------------------------------------------------
    def describe(self, dataset: Dataset | None = None) -> list[Part]:
        """What this view shows, as (kind, args) parts for the interface to translate.

        First a "table", "all" or "query" part, then the query's parts (`query_parts`), then a
        "columns" part for each wide-layout column facet that hides columns.
        """
        if self.kind == "query":
            parts: list[Part] = [("query", {"sql": self.sql})]
        elif self.kind == "all":
            parts = [("all", {"layout": "long"})]
        else:
            parts = [("table", {"table": self.table, "layout": self.effective_layout})]
        if dataset is not None:
            title = dataset.title_en if self.names == "en" else dataset.title_zh
            parts[0][1]["title"] = title
        parts.extend(query_parts(dataset, self.query, self.names))
        for key, values in self.column_facets:
            parts.append(("columns", {"key": key, "values": list(values)}))
        return parts


# --- the query state as JSON -----------------------------------------------------------------
def query_to_dict(state: QueryState) -> dict:
    """A JSON-ready form of the query state."""
    return {
        "quick_text": state.quick_text,
        "filters": [{k: list(v) if isinstance(v, tuple) else v for k, v in vars(f).items() if v is not None}
                    for f in state.filters],
        "sort": [[k, asc] for k, asc in state.sort],
        "pinyin_order": state.pinyin_order,
    }


def query_from_dict(data: object, dataset: Dataset | None = None) -> QueryState:
    """Rebuild a query state, tolerantly; filters and sort keys `dataset` does not have are dropped."""
    if not isinstance(data, Mapping):
        return QueryState()
    filters = []
    raw_filters = data.get("filters")
    for raw in raw_filters if isinstance(raw_filters, list) else ():
        flt = _filter_from(raw)
        if flt is not None and (dataset is None or dataset.has(flt.key)) and flt.key not in {
                f.key for f in filters}:
            filters.append(flt)
    sort = []
    raw_sort = data.get("sort")
    for item in raw_sort if isinstance(raw_sort, list) else ():
        if (isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], str)
                and isinstance(item[1], bool) and (dataset is None or dataset.has(item[0]))):
            sort.append((item[0], item[1]))
    quick = data.get("quick_text")
    pinyin = data.get("pinyin_order")
    return QueryState(quick_text=quick if isinstance(quick, str) else "", filters=tuple(filters),
                      sort=tuple(sort), pinyin_order=pinyin if isinstance(pinyin, bool) else True)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str) or _is_number(value)


def _filter_from(raw: object) -> ColumnFilter | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("key"), str) or not raw["key"]:
        return None
    values = raw.get("values")
    values = tuple(values) if isinstance(values, (list, tuple)) and all(_is_scalar(v) for v in values) else None
    low, high = (raw.get(k) if _is_number(raw.get(k)) else None for k in ("low", "high"))
    top, bottom = (raw.get(k) if _is_int(raw.get(k)) and raw.get(k) > 0 else None for k in ("top", "bottom"))
    flt = ColumnFilter(raw["key"], values=values, low=low, high=high, top=top, bottom=bottom)
    return flt if flt.active else None


def _widths_from(raw: object) -> tuple[tuple[str, int], ...]:
    if not isinstance(raw, Mapping):
        return ()
    return tuple((k, w) for k, w in raw.items() if isinstance(k, str) and _is_int(w) and 0 < w <= 4000)


def _span_from(raw: object) -> tuple[int, int] | None:
    """Two years, the earlier first; anything else (a hand-edited setting, another version's) is no span."""
    if not (isinstance(raw, (list, tuple)) and len(raw) == 2 and all(_is_int(y) for y in raw)):
        return None
    start, end = raw
    return (start, end) if 1900 <= start < end <= 2200 else None


def _facets_from(raw: object) -> tuple[tuple[str, tuple], ...]:
    if not isinstance(raw, Mapping):
        return ()
    return tuple((k, tuple(v)) for k, v in raw.items()
                 if isinstance(k, str) and isinstance(v, list) and all(_is_scalar(x) for x in v))


# --- description ---------------------------------------------------------------------------------
def _column_title(dataset: Dataset | None, key: str, language: str) -> str:
    col = next((c for c in dataset.columns if c.key == key), None) if dataset is not None else None
    if col is None:
        return key
    title = col.title(language)
    return f"{col.group(language)} {title}" if col.group(language) else title


def filter_part(dataset: Dataset | None, flt: ColumnFilter, language: str = "zh") -> Part:
    """One filter as a part: ("values", …), ("top", …), ("bottom", …), ("range", …), ("min", …) or ("max", …).

    Every part has "key" and "column" (the column's title in `language`, with its group).
    """
    args: dict = {"key": flt.key, "column": _column_title(dataset, flt.key, language)}
    if flt.values is not None:
        return "values", {**args, "values": list(flt.values)}
    if flt.top is not None:
        return "top", {**args, "n": flt.top}
    if flt.bottom is not None:
        return "bottom", {**args, "n": flt.bottom}
    if flt.low is not None and flt.high is not None:
        return "range", {**args, "low": flt.low, "high": flt.high}
    if flt.low is not None:
        return "min", {**args, "low": flt.low}
    return "max", {**args, "high": flt.high}


def query_parts(dataset: Dataset | None, state: QueryState, language: str = "zh") -> list[Part]:
    """The query's parts: ("text", {"text"}), one per filter (`filter_part`), then ("sort", {"keys"})."""
    parts: list[Part] = []
    if state.quick_text.strip():
        parts.append(("text", {"text": state.quick_text.strip()}))
    parts.extend(filter_part(dataset, f, language) for f in state.filters)
    if state.sort:
        parts.append(("sort", {"keys": [{"key": k, "column": _column_title(dataset, k, language),
                                          "ascending": a} for k, a in state.sort]}))
    return parts


def describe_part_en(part: Part) -> str:
    """A part in plain English (export metadata, the CLI, logs); the interface translates parts itself."""
    kind, args = part
    if kind == "table":
        return f"table {args['table']} ({args['layout']})" + (f": {args['title']}" if args.get("title") else "")
    if kind == "all":
        return "all observations"
    if kind == "query":
        return f"query: {args['sql']}"
    if kind == "text":
        return f"text contains “{args['text']}”"
    if kind == "values":
        values = args["values"]
        shown = ", ".join("(empty)" if v is None else str(v) for v in values[:3])
        more = f" +{len(values) - 3}" if len(values) > 3 else ""
        return f"{args['column']}: {shown}{more}"
    if kind in ("top", "bottom"):
        return f"{args['column']}: {kind} {args['n']}"
    if kind == "range":
        return f"{args['column']}: {args['low']:,g} – {args['high']:,g}"
    if kind == "min":
        return f"{args['column']} ≥ {args['low']:,g}"
    if kind == "max":
        return f"{args['column']} ≤ {args['high']:,g}"
    if kind == "sort":
        keys = [f"{k['column']} {'ascending' if k['ascending'] else 'descending'}" for k in args["keys"]]
        return "sorted by " + ", ".join(keys)
    if kind == "columns":
        return f"{args['key']} columns: " + ", ".join(str(v) for v in args["values"])
    return f"{kind}: {args}"


def describe_state(dataset: Dataset | None, state: QueryState, language: str = "en") -> list[str]:
    """The query's filters and sort as English lines (export metadata, the console's filter line)."""
    return [describe_part_en(p) for p in query_parts(dataset, state, language)]
