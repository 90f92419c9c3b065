"""What a chart draws, read from the rows the table view shows (same dataset, filters and sort).

The chart never runs its own notion of the data: it takes the table's SQL (its WHERE and ORDER BY),
groups the rows by region, and picks the series a chart kind needs. Wide tables give one
row per region already; long tables are folded back to one category per region, and each
category remembers the row keys it came from so a click on a bar can select them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from ipexplorer.query.builder import QueryState, order_clause, region_filter, where_clause
from ipexplorer.query.columns import Role
from ipexplorer.query.datasets import (
    CHART_FIELDS,
    KINDS_TABLE,
    LONG_TABLE,
    STACKED_KEY,
    STACKED_TABLE,
    STACKED_TYPES,
    UNLISTED_ROW,
    Dataset,
    editions_of,
    wide_table,
)
from ipexplorer.query.names import name_text
from ipexplorer.query.notes import note_en
from ipexplorer.query.stats import TOTAL_KINDS

PATENT_TYPES = STACKED_TYPES   # a stacked chart's parts, in the report's order
FIELDS = ("value", "change_abs", "change_pct", "share", "rank_in_kind")
# regions ranked against each other by default: provinces (with Taiwan, Hong Kong, Macao), the
# sub-provincial cities that lie inside them, or countries — never a province beside its own city
REGION_GROUPS = {"province": "province", "hk_macao_taiwan": "province", "sub_provincial": "city",
                 "country": "country"}
REGION_CHOICES = ("auto", "province", "city", "country", "all")
_WIDE_PREFIX = {"chg": "change_abs", "pct": "change_pct", "share": "share", "rank": "rank_in_kind"}


class ChartKind(str, Enum):
    BARS = "bars"                # one measure, horizontal bars, top N
    YEARS = "years"              # the table's years side by side, grouped bars
    SERIES = "series"            # a line per region across the years (several editions: three or more)
    STACKED = "stacked"          # invention / utility model / design stacked
    CHANGE = "change"            # change on the year before, diverging (absolute)
    CHANGE_PCT = "change_pct"    # … in per cent
    SHARE = "share"              # share of the total
    SCATTER = "scatter"          # two measures against each other
    MAP = "map"                  # a choropleth of the regions' values (query.map_data)
    MAP_CHANGE = "map_change"    # … of their change on the year before in per cent, diverging


KIND_TITLES = {
    ChartKind.BARS: ("数值", "Values"),
    ChartKind.YEARS: ("各年对比", "Years compared"),
    ChartKind.SERIES: ("历年走势", "Over the years"),
    ChartKind.STACKED: ("按类型堆叠", "Stacked by type"),
    ChartKind.CHANGE: ("较上年增减", "Change on the year before"),
    ChartKind.CHANGE_PCT: ("增长率", "Change on the year before (%)"),
    ChartKind.SHARE: ("占总计比重", "Share of total"),
    ChartKind.SCATTER: ("散点图", "Scatter"),
    ChartKind.MAP: ("数值", "Values"),
    ChartKind.MAP_CHANGE: ("增长率", "Change on the year before (%)"),
}
MAP_KINDS = frozenset({ChartKind.MAP, ChartKind.MAP_CHANGE})
MAX_LINES = 10   # a time series draws the top N regions' lines, at most this many


@dataclass(frozen=True)
class Slice:
    """One number per region: a (year, measure, IP type) and which field of it."""

    measure: str
    ip_type: str
    year: int
    field: str = "value"


@dataclass
class Category:
    """A region on the chart, and the table rows (row keys) it stands for."""

    name_zh: str
    name_en: str
    kind: str
    row_ids: list = field(default_factory=list)
    values: dict[tuple[int, str, str, str], float | None] = field(default_factory=dict)

    def label(self, language: str = "zh") -> str:
        return name_text(self.name_zh, self.name_en, language)

    def get(self, s: Slice) -> float | None:
        return self.values.get((s.year, s.measure, s.ip_type, s.field))


@dataclass
class ChartFrame:
    """The table's rows regrouped by region, in the table's order, plus what can be charted."""

    categories: list[Category]
    measures: dict[str, tuple[str, str]]     # code -> (zh, en), in the report's order
    ip_types: dict[str, tuple[str, str]]
    years: list[int]
    unit_zh: str = "件"
    unit_en: str = "pieces"
    table_nos: tuple[int, ...] = ()
    editions: tuple[int, ...] = ()           # the reports the numbers come from (their years)
    notes_zh: str = ""                       # what the report notes under the table (注：…), as printed
    available: list[tuple[str, str]] | None = None   # (measure, ip_type) pairs of the view, when known
    kind_counts: dict[str, int] | None = None       # regions per kind in the view, when only the top N were read

    def slices(self) -> list[tuple[str, str]]:
        """(measure, ip_type) pairs that have values."""
        if self.available is not None:
            return list(self.available)
        seen: dict[tuple[str, str], None] = {}
        for cat in self.categories:
            for (_y, m, t, f) in cat.values:
                if f == "value":
                    seen[(m, t)] = None
        return list(seen)


@dataclass(frozen=True)
class Series:
    name_zh: str
    name_en: str
    values: tuple[float | None, ...]
    key: str = ""  # a palette key: a year, an IP type, …


@dataclass(frozen=True)
class ChartData:
    """Exactly what gets drawn: categories (bars or points) and series of numbers."""

    kind: ChartKind
    categories: tuple[Category, ...]
    series: tuple[Series, ...]
    title_zh: str
    title_en: str
    value_label_zh: str
    value_label_en: str
    percent: bool = False
    caption: str = ""
    x_series: Series | None = None  # scatter only
    regions: str = "all"            # the region group ranked ("province", "city", "country") or "all"
    left_out: int = 0               # regions of other groups not drawn
    totals_left_out: int = 0        # totals not drawn (include_totals off: 合计 beside its parts would dwarf them)
    no_number: int = 0              # regions (or types) with none of the numbers drawn: nothing to draw for them
    mixed: bool = False             # regions of several groups drawn together (the user's choice)
    empty: str = ""                 # why nothing is drawn: "no_rows" (the filter matches nothing), "no_types"

    def rows(self, language: str = "zh") -> list[list]:
        """The chart's data as a table (for export): category, then one column per series."""
        out = []
        for i, cat in enumerate(self.categories):
            row: list = [cat.name_zh, cat.name_en]
            if self.x_series is not None:
                row.append(self.x_series.values[i])
            row.extend(s.values[i] for s in self.series)
            out.append(row)
        return out

    def header(self, language: str = "zh") -> list[str]:
        by_type = any(c.kind == "ip_type" for c in self.categories)
        names = ["类型 Type", "Type (English)"] if by_type else ["地区 Region", "Region (English)"]
        if self.x_series is not None:
            names.append(name_text(self.x_series.name_zh, self.x_series.name_en, language))
        names.extend(name_text(s.name_zh, s.name_en, language) for s in self.series)
        return names


def _catalogue(conn: sqlite3.Connection, dataset: Dataset, state: QueryState, source: str, params: list,
               regions: list[str] | None = None,
               slices_kept: _Kept | None = None) -> tuple[list[tuple[int, str, str]], list[str]]:
    """The (year, measure, IP type) slices the view holds, and the value fields it has (`regions`: the view's
    filters' regions: their rows in the long copy are read by index; `slices_kept`: the region kinds and
    slices a filter of kinds and slices alone keeps, their slices as counted at build)."""
    if "year" in dataset.hidden_keys or (dataset.has("year") and dataset.has("value")):   # long: one row per value
        unfiltered = regions is None and not (state.quick_text.strip() or state.filters)
        if (slices_kept is not None or unfiltered) and conn.execute(   # the counts written at build, if any
                "SELECT 1 FROM sqlite_master WHERE name = ?", (KINDS_TABLE,)).fetchone():
            # the slices as counted at build over the long copy, which holds every edition's years (a table's
            # columns are the latest edition's only: an unfiltered chart offered fewer years than a filtered one)
            sql = (f"SELECT DISTINCT year, measure, ip_type FROM {KINDS_TABLE} WHERE table_no = ? AND year != 0 "
                   "AND measure != '' AND ip_type != ?")
            args = [dataset.table_no or 0, STACKED_KEY]
            for column, values in (() if slices_kept is None else slices_kept.conditions()):
                condition, values_args = _one_of(column, sorted(values))
                sql += f" AND {condition}"
                args += values_args
            if slices_kept is not None and slices_kept.ranges:   # each slice with a row in the ranges
                sql, args = _slices_within(dataset, slices_kept, sql.replace("DISTINCT", "DISTINCT region_kind,",
                                                                                   1), args)
        elif regions is not None:
            kept, region_list = _kept_rows(LONG_TABLE, regions)
            sql = f"SELECT DISTINCT v.year, v.measure, v.ip_type FROM {kept}"
            args = [region_list]
            if dataset.table_no is not None:
                sql, args = sql + " WHERE v.table_no = ?", [*args, dataset.table_no]
        elif state.quick_text.strip() or state.filters:
            sql, args = f"SELECT DISTINCT year, measure, ip_type FROM ({source})", params
        else:   # (a database without the counts) the tables' columns say which slices: no row need be read
            sql = "SELECT DISTINCT year, measure, ip_type FROM table_column"
            args = [dataset.table_no] if dataset.table_no is not None else []
            sql += " WHERE table_no = ?" if args else ""
        sql = (f"SELECT s.* FROM ({sql}) s JOIN measure m ON m.code = s.measure JOIN ip_type t ON t.code = s.ip_type "
               "ORDER BY s.year, m.sort_order, t.sort_order")   # the order the view lists them in
        slices = [tuple(r) for r in conn.execute(sql, args)]
        return slices, [f for f in FIELDS if dataset.has(f)]
    cols = [c for c in dataset.columns if c.role in (Role.VALUE, Role.DERIVED) and c.measure]
    slices = list(dict.fromkeys((c.year, c.measure, c.ip_type) for c in cols if c.role is Role.VALUE))
    return slices, ["value", *dict.fromkeys(f for c in cols if c.role is Role.DERIVED
                                            and (f := _WIDE_PREFIX.get(c.key.split("_", 1)[0])))]


def _slices_within(dataset: Dataset, kept: _Kept, counted: str,
                   args: list) -> tuple[str, list]:
    """The slices of `counted` (region kind, year, measure, IP type as counted at build) with a row in `kept`'s
    ranges, as a SELECT of their (year, measure, IP type) and its parameters: each slice and kind sought in the
    range's chart index by all four and the range (an EXISTS of each counted row, one statement)."""
    within, within_args = kept.range_sql("v.")
    in_table, table_arg = (" AND v.table_no = ?", [dataset.table_no]) if dataset.table_no else ("", [])
    # the counts' typed columns compared bare (+: no affinity, as the long copy's columns have none) and the range's
    # chart index named: else the planner seeks by the first two columns, or walks the field's index over every row
    index = f"view_long_chart_{kept.ranges[0][0]}"
    return (f"SELECT DISTINCT c.year, c.measure, c.ip_type FROM ({counted}) c "
            f"WHERE EXISTS (SELECT 1 FROM {LONG_TABLE} v INDEXED BY {index} WHERE v.measure = +c.measure "
            "AND v.ip_type = +c.ip_type AND v.year = +c.year AND v.region_kind = +c.region_kind"
            f"{within}{in_table})", [*args, *within_args, *table_arg])


def _value_sql(dataset: Dataset, key: tuple[int, str, str, str], long_layout: bool) -> str | None:
    """SQL for one number of a region (year, measure, IP type, field), aggregated over its rows."""
    year, measure, ip_type, f = key
    if long_layout:
        return (f"MAX(CASE WHEN year = {int(year)} AND measure = '{measure}' AND ip_type = '{ip_type}' "
                f"THEN {f} END)")
    for col in dataset.columns:
        if col.measure == measure and col.ip_type == ip_type and col.year == year and (
                (f == "value" and col.role is Role.VALUE)
                or (col.role is Role.DERIVED and _WIDE_PREFIX.get(col.key.split("_", 1)[0]) == f)):
            return f"MAX({col.key})"
    return None


@dataclass(frozen=True)
class _Plan:
    """What a chart kind draws of a frame: its series' keys and names, the key it ranks by (None: their sum),
    the scatter's horizontal key, and whether its numbers are per cents. chart_data draws it, and chart_frame
    reads exactly these numbers (one home for both)."""

    keys: tuple[Slice, ...]
    names: tuple[tuple[str, str, str], ...]
    sort_key: Slice | None
    x_key: Slice | None = None
    percent: bool = False


def _plan(frame: ChartFrame, spec: ChartSpec) -> _Plan:
    measure, ip_type = default_slice(frame, spec)
    year = spec.year if spec.year in frame.years else (frame.years[-1] if frame.years else 0)
    kind = spec.kind
    if kind in (ChartKind.YEARS, ChartKind.SERIES):   # a series per year: bars side by side, or a line's points
        keys = [Slice(measure, ip_type, y) for y in frame.years]
        return _Plan(tuple(keys), tuple((f"{y}年", str(y), str(y)) for y in frame.years),
                     keys[-1] if keys else Slice(measure, ip_type, year))
    if kind is ChartKind.STACKED:
        types = [t for t in PATENT_TYPES if (measure, t) in frame.slices()]
        return _Plan(tuple(Slice(measure, t, year) for t in types), tuple((*frame.ip_types[t], t) for t in types),
                     None)
    if kind in (ChartKind.CHANGE, ChartKind.CHANGE_PCT, ChartKind.SHARE):
        f = {"change": "change_abs", "change_pct": "change_pct", "share": "share"}[kind.value]
        key = Slice(measure, ip_type, max(frame.years or [0]), f)
        title = _kind_title(kind, frame.years)
        return _Plan((key,), ((title[0], title[1], f),), key, percent=kind is not ChartKind.CHANGE)
    if kind is ChartKind.SCATTER:
        m_zh, m_en = frame.measures.get(measure, (measure, measure))
        t_zh, t_en = frame.ip_types.get(ip_type, (ip_type, ip_type))
        xm, xt, x_year = spec.x_measure, spec.x_ip_type, year
        if (xm, xt) not in frame.slices():
            others = [s for s in frame.slices() if s != (measure, ip_type)]
            xm, xt = others[0] if others else (measure, ip_type)
        if (xm, xt) == (measure, ip_type) and len(frame.years) > 1:
            x_year = frame.years[0]  # one kind of number only: last year against this year
        return _Plan((Slice(measure, ip_type, year),), ((f"{year}年 {m_zh}·{t_zh}", f"{m_en} · {t_en}, {year}", "y"),),
                     None, Slice(xm or measure, xt or ip_type, x_year))
    t_zh, t_en = frame.ip_types.get(ip_type, (ip_type, ip_type))
    key = Slice(measure, ip_type, year)
    return _Plan((key,), ((f"{year}年 {t_zh}", f"{t_en} {year}", str(year)),), key)


def _drawn_keys(frame: ChartFrame, spec: ChartSpec) -> tuple[list[Slice], Slice | None, bool]:
    """The numbers chart_frame reads for `spec`, the key it ranks by (None: their sum) and whether it cuts
    to each kind's top N: the plan's, except that a scatter or a map reads every number (any slice may be
    asked for) and ranks none."""
    if spec.kind is ChartKind.SCATTER or spec.kind in MAP_KINDS:
        return [Slice(m, t, y) for y in frame.years for m, t in frame.slices()], None, False
    plan = _plan(frame, spec)
    return list(plan.keys), plan.sort_key, True


def _first_distinct(rows: list[tuple], top: int, ties: bool = True) -> tuple[list[str], object] | None:
    """The first `top` distinct names of `rows` (largest first) with every row tied with the last (unless not
    `ties`), and that last value; None when `rows` end before the ties do (more rows are needed)."""
    seen: dict[str, None] = {}
    boundary = None
    for name, value in rows:
        if boundary is not None and (value != boundary or not ties):
            return list(seen), boundary
        seen[name] = None
        if boundary is None and len(seen) == top:
            boundary = value
    return None


def _seek_top(conn: sqlite3.Connection, dataset: Dataset, long_layout: bool, key: Slice, top: int,
              several: tuple[int, ...], in_order: bool,
              kinds: frozenset[str] | None = None,
              ranges: _Kept | None = None, by_key: bool = False) -> tuple[list[str], dict[str, int]] | None:
    """Every region that can be in a kind's top `top` by `key` (the first `top` and all tied with the last), and
    the regions per kind, read off the chart indexes and the counts written at build (an unfiltered view).

    The chart's own query then ranks only these, so ties and the view's order decide exactly as over every
    row. Ties need not be read when the view is `in_order` (its default order, which the index keeps among
    equal numbers) and each region of the kind has one row of the number. With `several` years drawn side by
    side, a region without the sort key still ranks, at 0: where a kind has fewer than `top` regions above 0,
    all its regions with a number of those years are candidates. `kinds`: the view keeps only these kinds of
    region (a filter of its kind alone); `ranges`: the view keeps only the rows in these ranges of the key's field
    (its regions per kind are counted then, off the same index); `by_key`: the view is sorted by the key's field
    alone, largest first, so equal numbers of a kind whose regions have one row each fall in row-key order — read
    in that order, ties need not be read either. None: the database has no counts (built before them); the general
    query decides.
    """
    if key.field not in CHART_FIELDS:
        return None
    scope = dataset.table_no or 0
    count_key = (key.measure, key.ip_type, 0 if several else key.year) if long_layout else ("", "", 0)
    sort_key = (key.measure, key.ip_type, key.year)
    try:   # the counts of the regions drawn, and of the sort key's rows (one query for both)
        found = conn.execute(f"SELECT measure, ip_type, year, region_kind, regions, rows FROM {KINDS_TABLE} "
                             "WHERE table_no = ? AND (measure, ip_type, year) IN (VALUES (?, ?, ?), (?, ?, ?))",
                             (scope, *count_key, *sort_key)).fetchall()
    except sqlite3.OperationalError:   # no such table: a database built before the counts
        return None
    counts = {kind: n for *k, kind, n, _rows in found if tuple(k) == count_key and (kinds is None or kind in kinds)}
    single = {kind for *k, kind, n, rows in found if tuple(k) == sort_key and n == rows}   # one row each of the key
    in_table, table_arg = (" AND table_no = ?", [scope]) if scope else ("", [])
    if not long_layout:   # a wide table's rows: not the regions only older editions print (no row of the pivot)
        in_table += f" AND row_index < {UNLISTED_ROW}"
    within, within_args = ranges.range_sql() if ranges is not None else ("", [])
    if within:   # the regions of each kind with a row of the key in the ranges (its rows, where each has one)
        counts = {kind: n for kind in counts if (n := conn.execute(
            f"SELECT {'count(*)' if kind in single else 'count(DISTINCT region_zh)'} FROM {LONG_TABLE} "
            "WHERE measure = ? AND ip_type = ? AND year = ? "
            f"AND region_kind = ?{within}{in_table}",
            [key.measure, key.ip_type, key.year, kind, *within_args, *table_arg]).fetchone()[0])}
    names: list[str] = []
    for kind in counts:
        limit = top + 8
        while True:
            rows = conn.execute(
                f"SELECT region_zh, {key.field} FROM {LONG_TABLE} WHERE measure = ? AND ip_type = ? AND year = ? "
                f"AND region_kind = ? AND {key.field} IS NOT NULL{within}{in_table} ORDER BY {key.field} DESC"
                f"{', _rid' if by_key else ''} LIMIT ?",
                [key.measure, key.ip_type, key.year, kind, *within_args, *table_arg, limit]).fetchall()
            found = _first_distinct(rows, top, ties=not ((in_order or by_key) and kind in single))
            if found is not None or len(rows) < limit:
                break
            limit *= 4
        if found is None:   # fewer than `top` regions of the kind have the key: every one is a candidate
            found = (list(dict.fromkeys(name for name, _v in rows)), None)
        picked, boundary = found
        if several and (boundary is None or boundary <= 0):   # regions without the key may rank too
            years, years_args = _one_of("year", several)
            picked = [n for (n,) in conn.execute(
                f"SELECT DISTINCT region_zh FROM {LONG_TABLE} WHERE measure = ? AND ip_type = ? "
                f"AND {years} AND region_kind = ?{in_table}",
                [key.measure, key.ip_type, *years_args, kind, *table_arg])]
        names.extend(picked)
    return names, counts


@dataclass(frozen=True)
class _Kept:
    """What a filter of region kinds and slices alone keeps (None: any): codes of region kinds, measures and IP
    types, and years. Each of a slice's rows in the view passes such a filter, or none does, and of a region kind
    likewise: a chart of the slices it draws is the unfiltered view's, without the kinds left out."""

    kinds: frozenset[str] | None = None
    years: frozenset[int] | None = None
    measures: frozenset[str] | None = None
    ip_types: frozenset[str] | None = None
    # (field, low, high) of each numeric range (a chart field of the long copy): these keep rows, not slices, so
    # only a chart of one number of that field, largest first, seeks its top N (off the field's chart index)
    ranges: tuple[tuple[str, float | None, float | None], ...] = ()

    def range_sql(self, alias: str = "") -> tuple[str, list]:
        """The ranges as conditions on the long copy's rows (" AND …", as where_clause writes them)."""
        sql, args = "", []
        for f, low, high in self.ranges:
            if low is not None:
                sql, args = sql + f" AND {alias}{f} >= ?", [*args, low]
            if high is not None:
                sql, args = sql + f" AND {alias}{f} <= ?", [*args, high]
        return sql, args

    def seeks(self, spec: ChartSpec, drawn: list[Slice], sort_key: Slice | None) -> bool:
        """Whether a chart of `spec` (its `drawn` numbers, ranked by `sort_key`) is the unfiltered one's, but for
        the ranges: one number, largest first, of the ranges' field."""
        return not self.ranges or (spec.sort_desc and len(drawn) == 1 and sort_key is not None
                                   and all(f == sort_key.field for f, _l, _h in self.ranges))

    def conditions(self) -> list[tuple[str, frozenset]]:
        """(column of the long copy and of its counts, the values kept) of each part that filters."""
        return [(c, v) for c, v in (("region_kind", self.kinds), ("year", self.years), ("measure", self.measures),
                                    ("ip_type", self.ip_types)) if v is not None]

    def exact(self, stacked: bool, several: bool) -> bool:
        """Whether the counts written at build count this chart's regions: a stacked chart's count every region
        with any of the types it adds up, a chart of several years' those of any year."""
        return not ((stacked and self.ip_types is not None and not set(STACKED_TYPES) <= self.ip_types)
                    or (several and self.years is not None))


# the filters a chart of the view seeks as the unfiltered one's: column -> (part of _Kept, the lookup table and
# its column matched by the filter's values: None, the values are the codes themselves)
_SLICE_FILTERS = {
    "region_kind": ("kinds", None), "kind_zh": ("kinds", ("region_kind", "name_zh || ' ' || name_en")),
    "year": ("years", None),
    "measure": ("measures", None), "measure_zh": ("measures", ("measure", "name_zh || ' ' || name_en")),
    "ip_type": ("ip_types", None), "ip_type_zh": ("ip_types", ("ip_type", "name_zh || ' ' || name_en")),
}


def _slices_only(conn: sqlite3.Connection, dataset: Dataset, state: QueryState) -> _Kept | None:
    """What the view's filters keep, when they filter by region kind (the kind facet, the CLI's --region-kind),
    year, measure or IP type alone (value lists): such a view is the unfiltered one without the kinds and slices
    left out, so a chart seeks each kept kind's top N as for the unfiltered view (a wide table's years and types
    are columns: only its kinds filter rows). None for any other filter."""
    if state.quick_text.strip() or not state.filters:
        return None
    kept: dict[str, set] = {}
    ranges = []
    for f in state.filters:
        if f.key in CHART_FIELDS and dataset.key.startswith("long:") and f.values is None and f.top is None \
                and f.bottom is None and (f.low is not None or f.high is not None):
            ranges.append((f.key, f.low, f.high))
            continue
        if f.key not in _SLICE_FILTERS or f.values is None or None in f.values or \
                any(v is not None for v in (f.low, f.high, f.top, f.bottom)):
            return None
        part, lookup = _SLICE_FILTERS[f.key]
        if lookup is None:
            codes = set(f.values)
        else:
            table, column = lookup
            codes = {c for (c,) in conn.execute(f"SELECT code FROM {table} WHERE {column} IN "
                                                f"({', '.join('?' * len(f.values))})", list(f.values))}
        kept[part] = codes if part not in kept else kept[part] & codes
    return _Kept(**{part: frozenset(codes) for part, codes in kept.items()}, ranges=tuple(ranges))


def _kind_counts(conn: sqlite3.Connection, scope: int, key: tuple[str, str, int]) -> dict[str, int] | None:
    """The regions per kind an unfiltered view has of `key` (measure, IP type or STACKED_KEY, year or 0), as
    counted at build; None for a database built before these counts."""
    try:
        counts = {kind: n for kind, n in conn.execute(
            f"SELECT region_kind, regions FROM {KINDS_TABLE} WHERE table_no = ? AND measure = ? AND ip_type = ? "
            "AND year = ?", (scope, *key))}
    except sqlite3.OperationalError:   # no such table
        return None
    return counts or None


def _seek_totals(conn: sqlite3.Connection, dataset: Dataset, keys: list[Slice], top: int, kinds: list[str],
                 in_order: bool, first: Callable[[list[str], int], list[str]] | None = None) -> list[str] | None:
    """Every region that can be in a kind's top `top` by its stacked total, read off the totals written at build
    (STACKED_TABLE): the first `top` when the view is `in_order` (its default order, in which the totals' key
    keeps equal totals), else those above the `top`-th total and, of the regions tied with it, as many as the top
    has room for, the first in the view's order (`first`; without it every tied region). None when the chart adds
    up other numbers than every one of the stacked types' values of one measure and year, or for a database built
    before the totals."""
    if sorted(k.ip_type for k in keys) != sorted(STACKED_TYPES) or any(k.field != "value" for k in keys) or \
            len({(k.measure, k.year) for k in keys}) != 1:
        return None
    where = f"FROM {STACKED_TABLE} WHERE table_no = ? AND measure = ? AND year = ? AND region_kind = ?"
    if dataset.key.startswith("wide:") and dataset.table_no is not None:   # the table's rows, by its pivot's index
        where += f" AND region_zh IN (SELECT region_zh FROM {wide_table(dataset.table_no)})"
    names: list[str] = []
    try:
        for kind in kinds:
            args = [dataset.table_no or 0, keys[0].measure, keys[0].year, kind]
            if in_order:
                found = conn.execute(f"SELECT region_zh {where} ORDER BY total DESC, first_pos LIMIT ?", [*args, top])
                names.extend(n for (n,) in found)
                continue
            found = conn.execute(f"SELECT region_zh, total {where} AND total >= coalesce((SELECT total {where} "
                                 "ORDER BY total DESC LIMIT 1 OFFSET ?), total) ORDER BY total DESC, first_pos",
                                 [*args, *args, top - 1]).fetchall()   # the key's order: no sort
            cut = found[top - 1][1] if len(found) > top else None
            if cut is None or first is None:
                names.extend(n for n, _t in found)
                continue
            # more tied with the N-th than the top has room for: those first in the view's order win the tie
            above = [n for n, total in found if total > cut]
            names.extend([*above, *first([n for n, total in found if total == cut], top - len(above))])
    except sqlite3.OperationalError:   # no such table: a database built before the totals
        return None
    return names


def _first_in_order(conn: sqlite3.Connection, dataset: Dataset, state: QueryState, source: str, params: list,
                    keys: list[Slice], names: list[str], n: int) -> list[str]:
    """The first `n` of the regions `names` (equal in what the chart ranks them by) in the view's order (`source`,
    the view's rows): each region at its first row of the numbers `keys`, as the chart's own query places it."""
    kept, region_list = _kept_rows(f"({source})", names)
    conditions = [_one_of(f"v.{field}", [getattr(k, field) for k in keys]) for field in ("measure", "ip_type", "year")]
    found = conn.execute(
        f"SELECT v.region_zh FROM {kept} WHERE {' AND '.join(c for c, _a in conditions)} "
        f"{order_clause(dataset, state)}",
        [region_list, *params, *(a for _c, args in conditions for a in args)])
    first: dict[str, None] = {}
    for (name,) in found:
        first[name] = None
        if len(first) == n:
            break
    return list(first)


def _seek_sum(conn: sqlite3.Connection, dataset: Dataset, keys: list[Slice], top: int,
              kinds: list[str]) -> list[str]:
    """Every region that can be in a kind's top `top` by the sum of `keys`' numbers (a stacked chart), read off the
    chart indexes of an unfiltered long view without adding up every region's.

    Each key's regions are read largest first, `limit` of each; a region read in none of them has at most the sum of
    each list's last number (or 0 past a list's end: a missing number counts 0). Once a kind's `top`-th largest sum
    of the regions read is above that bound, no other region can reach the top (nor tie with it); else each list
    is read further. The chart's own query then ranks these regions as it would every region.
    """
    scope = dataset.table_no
    in_table, table_arg = (" AND table_no = ?", [scope]) if scope else ("", [])
    if dataset.key.startswith("wide:"):   # a wide table's rows: not the regions only older editions print
        in_table += f" AND row_index < {UNLISTED_ROW}"
    fields = {k.field for k in keys}
    (f,) = fields if len(fields) == 1 else ("value",)
    measure, year = keys[0].measure, keys[0].year
    types = [k.ip_type for k in keys]
    names: list[str] = []
    for kind in kinds:
        limit = top + 8
        while True:
            seen: dict[str, None] = {}
            known: dict[tuple[str, str], float] = {}   # (region, type): its number, where a list holds it
            bound, ended = 0, True
            for key in keys:
                rows = conn.execute(
                    f"SELECT region_zh, {f} FROM {LONG_TABLE} WHERE measure = ? AND ip_type = ? AND year = ? "
                    f"AND region_kind = ? AND {f} IS NOT NULL{in_table} ORDER BY {f} DESC LIMIT ?",
                    [key.measure, key.ip_type, key.year, kind, *table_arg, limit]).fetchall()
                for name, value in rows:
                    seen[name] = None
                    known.setdefault((name, key.ip_type), value)   # a region's first row: its largest
                if len(rows) == limit:
                    bound, ended = bound + max(rows[-1][1], 0), False
            missing = [n for n in seen if any((n, t) not in known for t in types)]
            if missing:   # a number below a list's end, or none: read it off the region's own rows
                kept, region_list = _kept_rows(LONG_TABLE, missing)
                of_types, types_args = _one_of("v.ip_type", types)
                known.update(((name, t), value or 0) for name, t, value in conn.execute(
                    f"SELECT v.region_zh, v.ip_type, MAX(v.{f}) FROM {kept} "
                    f"WHERE v.measure = ? AND v.year = ? AND {of_types}"
                    f"{in_table.replace('table_no', 'v.table_no')} GROUP BY v.region_zh, v.ip_type",
                    [region_list, measure, year, *types_args, *table_arg]))
            sums = {n: sum(known.get((n, t)) or 0 for t in types) for n in seen}
            ranked = sorted(sums.values(), reverse=True)
            if ended or (len(ranked) >= top and ranked[top - 1] > bound):
                break
            limit *= 4
        cutoff = ranked[top - 1] if len(ranked) >= top else None   # the regions read below the top are not drawn
        names.extend(n for n in seen if cutoff is None or sums.get(n, 0) >= cutoff)
    return names


def _seek_first(conn: sqlite3.Connection, dataset: Dataset, state: QueryState, keys: list[Slice], top: int,
                kinds: list[str]) -> list[str]:
    """Every region that can be among a kind's first `top` in the view's order (a chart that keeps the table's
    order), read in that order per key and kind of an unfiltered long view (or a wide table in its printed order),
    not over every row.

    A region's place is its first row among the keys' rows. Read per key, each kind's rows in the view's order
    until `top` regions with that key's number were seen: a region not seen in any key has `top` regions with
    a number before its first row (in the key of that row), so it is not drawn. The chart's own query then
    ranks the regions seen as it would every region.
    """
    if dataset.key.startswith("long:"):
        rows_sql, args, order = f"({dataset.sql})", list(dataset.params), order_clause(dataset, state)
    else:   # a wide table in its printed order: a region's row is its rows in the long copy, the same row_index
        rows_sql, args, order = LONG_TABLE, [], "AND table_no = ? ORDER BY row_index, _rid"
    names: dict[str, None] = {}
    for key in dict.fromkeys(keys):
        for kind in kinds:
            limit = top + 8
            while True:
                rows = conn.execute(
                    f"SELECT region_zh, {key.field} IS NOT NULL FROM {rows_sql} WHERE measure = ? "
                    f"AND ip_type = ? AND year = ? AND region_kind = ? {order} LIMIT ?",
                    [*args, key.measure, key.ip_type, key.year, kind,
                     *([] if args or dataset.key.startswith("long:") else [dataset.table_no]), limit]).fetchall()
                seen: dict[str, None] = {}
                with_number: set[str] = set()
                for name, has in rows:
                    seen[name] = None
                    if has:
                        with_number.add(name)
                        if len(with_number) == top:
                            break
                if len(with_number) == top or len(rows) < limit:
                    break
                limit *= 4
            names.update(seen)
    return list(names)


def _one_of(column: str, values: Iterable) -> tuple[str, list]:
    """`column IN (?, …)` and its arguments, each value once: a list repeating one value (a measure once per
    type) left the planner seeking on fewer of an index's columns; SQLite reads a list of one as `= ?`."""
    distinct = list(dict.fromkeys(values))
    return f"{column} IN ({', '.join('?' * len(distinct))})", distinct


def _kept_rows(rows: str, regions: Iterable[str]) -> tuple[str, str]:
    """The FROM clause of the rows of `rows` (a table, or a "(SELECT …)") whose region is one of `regions`, and
    the one parameter it takes: the regions as a JSON list, the outer loop, so each region's rows are sought in
    the long copy's region index whatever the planner guesses of the list's length. Its rows are `v.`."""
    return (f"(SELECT value AS _region FROM json_each(?)) j CROSS JOIN {rows} v ON v.region_zh = j._region",
            json.dumps(list(regions), ensure_ascii=False))


def _kept_regions(conn: sqlite3.Connection, dataset: Dataset, state: QueryState) -> list[str] | None:
    """The regions the view's filters keep, found once among the regions (a few thousand where the rows are a
    million) when the filters are about regions only (for _kept_rows); None otherwise, and for lists of the
    regions' own names alone (a region's checklist), whose IN seeks the long copy's region index as it is."""
    found = region_filter(dataset, state)
    if found is None:
        return None
    if not state.quick_text.strip() and all(f.key == "region_zh" and f.values is not None and None not in f.values
                                            and f.low is None and f.high is None for f in state.filters):
        return None
    return [name for (name,) in conn.execute(*found)]


def chart_frame(conn: sqlite3.Connection, dataset: Dataset, state: QueryState,
                spec: ChartSpec | None = None, *, seek: bool = True) -> ChartFrame:
    """The view's numbers by region, in the view's order, aggregated in SQLite.

    With `spec`, only what that chart draws is read: its numbers, and per kind of region only the top N
    by its sort key (a chart of a million-row view reads a few hundred rows). Without it, every number of
    every region (exports, the in-text tables' chart by type). An unfiltered view's top N are found off the
    chart indexes first (`_seek_top`), a filtered one's among the regions its filters keep (`_kept_regions`);
    `seek=False` reads and ranks every row of the view, for tests to compare.
    """
    if dataset.printed_rows:
        return _printed_rows_frame(conn, dataset, state)
    where, where_params = where_clause(dataset, state)
    params = [*dataset.params, *where_params]
    source = f"SELECT * FROM ({dataset.sql}) {where}"
    conjunction = " AND " if where else " WHERE "
    long_layout = dataset.has("year") and dataset.has("value") and dataset.has("measure")
    # a filter about regions only (quick text, a region column's filter): the kept regions' rows by index
    slices_kept = _slices_only(conn, dataset, state) if seek and where and dataset.has("region_kind") else None
    kinds = slices_kept.kinds if slices_kept is not None else None
    regions = _kept_regions(conn, dataset, state) if seek and slices_kept is None and long_layout \
        and dataset.key.startswith("long:") else None
    if regions is not None:   # (the kept regions are the filters: their rows are not tested again)
        kept, region_list = _kept_rows(f"({dataset.sql})", regions)
        source = f"SELECT v.* FROM {kept}"
        params, conjunction = [region_list, *dataset.params], " WHERE "
    slices, fields = _catalogue(conn, dataset, state, source, params, regions, slices_kept)
    measures, ip_types = _lookups(conn)
    present_m = {m for _y, m, _t in slices}
    present_t = {t for _y, _m, t in slices}
    unit = ("件", "pieces", "")
    if dataset.table_no is not None:
        found = conn.execute("SELECT unit_zh, unit_en, coalesce(notes_zh, '') FROM report_table WHERE table_no = ?",
                             (dataset.table_no,)).fetchone()
        unit = found or unit
    frame = ChartFrame(
        categories=[],
        measures={k: v for k, v in measures.items() if k in present_m},
        ip_types={k: v for k, v in ip_types.items() if k in present_t},
        years=sorted({y for y, _m, _t in slices if y}),
        unit_zh=unit[0], unit_en=unit[1], notes_zh=unit[2],
        table_nos=(dataset.table_no,) if dataset.table_no is not None else (),
        editions=editions_of(conn),
        available=list(dict.fromkeys((m, t) for _y, m, t in slices)),
    )
    in_text = dataset.table_no is not None and dataset.table_no > 100
    sql_of = {k: e for y, m, t in slices for f in fields
              if (e := _value_sql(dataset, k := (y, m, t, f), long_layout)) is not None}
    keys = list(sql_of)
    top, sort_sql, any_sql = None, "0", "1"
    seeked: tuple[list[str], dict[str, int]] | None = None
    if spec is not None and not in_text:
        drawn, sort_key, cut = _drawn_keys(frame, spec)
        wanted = {(k.year, k.measure, k.ip_type) for k in drawn}
        keys = [k for k in keys if k[:3] in wanted]
        if cut and spec.top_n:
            top = spec.top_n
            pos = {k: i for i, k in enumerate(keys)}
            drawn_cols = [f"k{pos[(k.year, k.measure, k.ip_type, k.field)]}" for k in drawn
                          if (k.year, k.measure, k.ip_type, k.field) in pos]
            sort_keys = drawn_cols if sort_key is None else [
                f"k{pos[(sort_key.year, sort_key.measure, sort_key.ip_type, sort_key.field)]}"
                if (sort_key.year, sort_key.measure, sort_key.ip_type, sort_key.field) in pos else "NULL"]
            sort_sql = " + ".join(f"COALESCE({c}, 0)" for c in sort_keys) or "0"
            any_sql = " OR ".join(f"{c} IS NOT NULL" for c in drawn_cols) or "0"
            several = tuple(sorted({k.year for k in drawn})) if len(drawn_cols) > 1 else ()
            unfiltered = not where or (   # (but for the kinds and slices it keeps)
                slices_kept is not None and slices_kept.exact(spec.kind is ChartKind.STACKED, len(several) > 1)
                and slices_kept.seeks(spec, drawn, sort_key))
            wide = dataset.key.startswith("wide:") and dataset.table_no is not None and not long_layout
            fast = seek and unfiltered and (dataset.key.startswith("long:") or wide)   # an unfiltered view
            if wide:   # a wide table's chart counts its rows' regions, whatever their numbers
                count_key = ("", "", 0)
            elif spec.kind is ChartKind.STACKED and drawn:
                count_key = (drawn[0].measure, STACKED_KEY, drawn[0].year)
            else:
                count_key = (drawn[0].measure, drawn[0].ip_type, 0 if several else drawn[0].year) \
                    if drawn else ("", "", 0)
            counts = _kind_counts(conn, dataset.table_no or 0, count_key) if fast and drawn_cols else None
            if counts is not None and kinds is not None:
                counts = {k: n for k, n in counts.items() if k in kinds}
            if not spec.sort_desc:
                sort_sql = "0"
                if counts is not None and not (wide and state.sort):
                    seeked = _seek_first(conn, dataset, state, drawn, top, list(counts)), counts
            elif sort_key is None and counts is not None and spec.kind is ChartKind.STACKED:
                in_order = not state.sort and dataset.key.startswith("long:")
                first = (lambda tied, n: _first_in_order(conn, dataset, state, source, params, drawn, tied, n)) \
                    if dataset.key.startswith("long:") else None   # (a wide table's rows are its regions)
                totals = _seek_totals(conn, dataset, drawn, top, list(counts), in_order, first)
                seeked = (totals if totals is not None else _seek_sum(conn, dataset, drawn, top, list(counts))), counts
            elif seek and sort_key is not None and unfiltered and \
                    (sort_key.year, sort_key.measure, sort_key.ip_type, sort_key.field) in pos:
                by_key = long_layout and dataset.key.startswith("long:") and not several \
                    and state.sort == ((sort_key.field, False),)
                seeked = _seek_top(conn, dataset, long_layout, sort_key, top, several, not state.sort, kinds,
                                   slices_kept, by_key)
        if long_layout and wanted:   # (nothing to draw: every region still counts in what is left out)
            pairs = {(m, t) for _y, m, t in wanted}
            conditions = [_one_of("measure", sorted({m for m, _t in pairs})),
                          _one_of("ip_type", sorted({t for _m, t in pairs})),
                          _one_of("year", sorted({y for y, _m, _t in wanted}))]
            source += conjunction + " AND ".join(c for c, _a in conditions)
            params += [a for _c, args in conditions for a in args]
            conjunction = " AND "
        if seeked is not None:   # only the regions that can make a kind's top N (ranked below as over every row)
            kept, region_list = _kept_rows(f"({source})", seeked[0])
            source = f"SELECT v.* FROM {kept}"
            params = [region_list, *params]
    exprs = [(k, sql_of[k]) for k in keys]
    columns = "".join(f", {e} AS k{i}" for i, (_k, e) in enumerate(exprs))
    kind_col = "region_kind" if dataset.has("region_kind") else "''"
    en_col = "region_en" if dataset.has("region_en") else "region_zh"
    order = order_clause(dataset, state).removeprefix("ORDER BY ")
    raw = ["year", "measure", "ip_type", *fields] if long_layout else [e[4:-1] for _k, e in exprs]   # MAX(col)
    picked = ", ".join(dict.fromkeys(["_rid", "region_zh", en_col, kind_col.strip("'") or "NULL AS region_kind",
                                      *raw]))
    # a bar stands for every row of its region in the view, not only the rows of the numbers drawn
    all_rids, all_params = "", []
    if long_layout and spec is not None and not in_text:
        # filters about regions alone keep every row of a kept region: its rows are the dataset's (the filters' test,
        # a subquery, would be run again for each bar)
        row_where, row_params = ("", []) if regions is not None else (where, where_params)
        cond = f"{row_where} AND" if row_where else "WHERE"
        all_rids = (f", (SELECT group_concat(_rid) FROM ({dataset.sql}) {cond} region_zh = r.region_zh) "
                    "AS _all_rids")
        all_params = [*dataset.params, *row_params]
    # a wide table's rows are its regions, in row order unless sorted: no grouping, no ranking by position
    pos = "_rid" if not long_layout and not state.sort and dataset.default_sort == (("row_index", True),) \
        else f"ROW_NUMBER() OVER (ORDER BY {order})"
    grouped = (f"SELECT region_zh, MIN({en_col}) AS region_en, MIN({kind_col}) AS region_kind, MIN(_pos) AS _pos, "
               f"group_concat(_rid) AS _rids{columns} FROM v WHERE region_zh IS NOT NULL GROUP BY region_zh"
               if long_layout else
               f"SELECT region_zh, {en_col} AS region_en, {kind_col} AS region_kind, _pos, _rid AS _rids"
               + "".join(f", {e[4:-1]} AS k{i}" for i, (_k, e) in enumerate(exprs))
               + " FROM v WHERE region_zh IS NOT NULL")
    sql = f"""
WITH v AS (SELECT {picked}, {pos} AS _pos FROM ({source})),
g AS ({grouped}),
r AS (SELECT g.*, COUNT(*) OVER (PARTITION BY region_kind) AS _n,
             ROW_NUMBER() OVER (PARTITION BY region_kind, ({any_sql}) ORDER BY ({sort_sql}) DESC, _pos) AS _rank
      FROM g)
SELECT r.*{all_rids} FROM r WHERE _rank <= ? ORDER BY _pos"""
    counts: dict[str, int] = {}
    for row in conn.execute(sql, [*params, *all_params, top if top is not None else 1 << 62]):
        name, name_en, kind, _pos, rids = row[:5]
        rids = row[-1] if all_rids else rids
        cat = Category(name, name_en or name, kind or "", [int(r) for r in str(rids).split(",")])
        for (k, _e), value in zip(exprs, row[5:5 + len(exprs)], strict=True):
            cat.values[k] = value
        counts[kind or ""] = row[-3 if all_rids else -2]
        frame.categories.append(cat)
    if top is not None:
        frame.kind_counts = dict(seeked[1]) if seeked is not None else counts
    if in_text and len(frame.categories) == 1:
        return by_type(frame)
    return frame


BY_TYPE = "by_type"
GRAND_TOTAL_TYPES = frozenset({"patent", "trademark"})


def _type_frame(cats: dict[str, Category], ip_types: dict[str, tuple[str, str]], **fields) -> ChartFrame:
    """A frame of one category per IP type (`cats`, by type code), in the report's order of the types."""
    order = {t: i for i, t in enumerate(ip_types)}
    return ChartFrame(categories=[cats[t] for t in sorted(cats, key=lambda t: order.get(t, len(order)))],
                      ip_types={BY_TYPE: ("按类型", "By type")}, **fields)


def _type_category(cats: dict[str, Category], ip_types: dict[str, tuple[str, str]], ip_type: str) -> Category:
    """The category of `ip_type` in `cats`, made on first use: the all-types total is of kind 'total', so it
    shows only when totals are included."""
    cat = cats.get(ip_type)
    if cat is None:
        zh, en = ip_types.get(ip_type, (ip_type, ip_type))
        cat = cats[ip_type] = Category(zh, en, "total" if ip_type in GRAND_TOTAL_TYPES else "ip_type")
    return cat


def by_type(frame: ChartFrame) -> ChartFrame:
    """One region's numbers with a bar per IP type (the in-text tables print only the national total).

    Each type becomes a category standing for the same table row.
    """
    (only,) = frame.categories
    cats: dict[str, Category] = {}
    for (year, measure, ip_type, f), value in only.values.items():
        cat = _type_category(cats, frame.ip_types, ip_type)
        cat.row_ids = list(only.row_ids)
        cat.values[(year, measure, BY_TYPE, f)] = value
    return _type_frame(cats, frame.ip_types, measures=frame.measures, years=frame.years, unit_zh=frame.unit_zh,
                       unit_en=frame.unit_en, table_nos=frame.table_nos, editions=frame.editions)


def _printed_rows_frame(conn: sqlite3.Connection, dataset: Dataset, state: QueryState) -> ChartFrame:
    """An in-text table as printed (a row per measure and type, a column per year) as bars per type.

    The rows the view keeps (filters, quick text) are the numbers drawn; each bar stands for the rows of
    its type, so a click on it selects them.
    """
    where, where_params = where_clause(dataset, state)
    values = [c for c in dataset.columns if c.role is Role.VALUE and c.year]
    derived = [(k, f) for k, f in (("chg", "change_abs"), ("pct", "change_pct")) if dataset.has(k)]
    years = sorted({c.year for c in values if c.year})
    latest = years[-1] if years else 0
    picked = ", ".join(["_rid", "measure", "ip_type", *(c.key for c in values), *(k for k, _f in derived)])
    rows = conn.execute(f"SELECT {picked} FROM ({dataset.sql}) {where} {order_clause(dataset, state)}",
                        [*dataset.params, *where_params]).fetchall()
    measures, ip_types = _lookups(conn)
    cats: dict[str, Category] = {}
    for rid, measure, ip_type, *numbers in rows:
        cat = _type_category(cats, ip_types, ip_type)
        cat.row_ids.append(rid)
        for col, value in zip(values, numbers, strict=False):
            cat.values[(col.year, measure, BY_TYPE, "value")] = value
        for (_k, f), value in zip(derived, numbers[len(values):], strict=True):
            cat.values[(latest, measure, BY_TYPE, f)] = value
    unit = conn.execute("SELECT unit_zh, unit_en FROM report_table WHERE table_no = ?", (dataset.table_no,)
                        ).fetchone() or ("件", "pieces")
    present = {m for _rid, m, *_rest in rows}
    return _type_frame(cats, ip_types, measures={k: v for k, v in measures.items() if k in present}, years=years,
                       unit_zh=unit[0], unit_en=unit[1],
                       table_nos=(dataset.table_no,) if dataset.table_no is not None else (),
                       editions=editions_of(conn))


def editions_text(editions: Sequence[int]) -> str:
    """The reports' years as a title names them: 2020; 2019, 2020; 2016–2020 (three or more in a row)."""
    years = sorted(editions)
    if len(years) >= 3 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def _lookups(conn: sqlite3.Connection) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    measures = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT code, name_zh, name_en FROM measure ORDER BY sort_order")}
    ip_types = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT code, name_zh, name_en FROM ip_type ORDER BY sort_order")}
    return measures, ip_types


@dataclass(frozen=True)
class ChartSpec:
    """The user's choices: chart kind, which numbers, how many bars, totals or not."""

    kind: ChartKind = ChartKind.BARS
    measure: str | None = None
    ip_type: str | None = None
    year: int | None = None           # None: the latest year the table prints
    x_measure: str | None = None      # scatter: the horizontal axis's measure / type
    x_ip_type: str | None = None
    top_n: int | None = 30
    sort_desc: bool = True            # False: keep the table's order
    include_totals: bool = False
    regions: str = "auto"             # REGION_CHOICES: one group of regions (auto: the largest), or all


def default_slice(frame: ChartFrame, spec: ChartSpec) -> tuple[str, str]:
    """The spec's (measure, ip_type) if the frame has it, else the frame's first (prefer 合计)."""
    slices = frame.slices()
    if not slices:
        return spec.measure or "", spec.ip_type or ""
    if (spec.measure, spec.ip_type) in slices:
        return spec.measure, spec.ip_type  # type: ignore[return-value]
    for m, t in slices:
        if t in ("patent_total", "total") and (spec.measure in (None, m)):
            return m, t
    for m, t in slices:
        if spec.measure == m:
            return m, t
    return slices[0]


def chart_data(frame: ChartFrame, spec: ChartSpec, keep: Collection = ()) -> ChartData:
    """Pick, sort and cut the series a chart kind needs; the caption names the source.

    `keep`: row keys (the table's selection) whose regions a time series draws beside its top ten, as the bars
    draw any region of their top N.
    """
    measure, ip_type = default_slice(frame, spec)
    year = spec.year if spec.year in frame.years else (frame.years[-1] if frame.years else 0)
    m_zh, m_en = frame.measures.get(measure, (measure, measure))
    t_zh, t_en = frame.ip_types.get(ip_type, (ip_type, ip_type))
    cats = [c for c in frame.categories if spec.include_totals or c.kind not in TOTAL_KINDS]
    totals_left_out = len(frame.categories) - len(cats)
    cats, group, left_out, mixed = _one_group(cats, spec.regions, dict(frame.kind_counts or {}))
    kind = spec.kind
    unit_zh, unit_en = frame.unit_zh, frame.unit_en
    plan = _plan(frame, spec)
    keys, names, sort_key, x_key, percent = list(plan.keys), plan.names, plan.sort_key, plan.x_key, plan.percent
    x_series = None

    def total(c: Category) -> float:
        if sort_key is not None:
            return c.get(sort_key) or 0
        return sum(c.get(k) or 0 for k in keys)

    numbered = len(cats)
    if kind is ChartKind.SCATTER:
        cats = [c for c in cats if c.get(keys[0]) is not None and c.get(x_key) is not None]
    else:
        cats = [c for c in cats if any(c.get(k) is not None for k in keys)]
    no_number = numbered - len(cats)
    if spec.sort_desc and kind is not ChartKind.SCATTER:
        cats.sort(key=total, reverse=True)
    top_n = spec.top_n
    if kind is ChartKind.SERIES:   # more lines than this are a tangle, and their legend fills the chart
        top_n = min(top_n or MAX_LINES, MAX_LINES)
    ranked = len(cats)
    if top_n and kind is not ChartKind.SCATTER:
        wanted = set(keep) if kind is ChartKind.SERIES else set()
        ranked = len(cats[:top_n])
        cats = cats[:top_n] + [c for c in cats[top_n:] if wanted.intersection(c.row_ids)]
    series = tuple(Series(zh, en, tuple(c.get(k) for c in cats), key) for k, (zh, en, key) in zip(keys, names,
                                                                                                    strict=True))
    if kind is ChartKind.SCATTER:
        xm_zh, xm_en = frame.measures.get(x_key.measure, (x_key.measure,) * 2)
        xt_zh, xt_en = frame.ip_types.get(x_key.ip_type, (x_key.ip_type,) * 2)
        x_series = Series(f"{x_key.year}年 {xm_zh}·{xt_zh}", f"{xm_en} · {xt_en}, {x_key.year}",
                          tuple(c.get(x_key) for c in cats), "x")
    kt_zh, kt_en = _kind_title(kind, frame.years)
    if kind is ChartKind.SCATTER:
        # the upright axis's measure first in both languages (the Chinese named them the other way round)
        title_zh, title_en = f"{names[0][0]} 与 {x_series.name_zh}", f"{names[0][1]} vs {x_series.name_en}"
    elif kind is ChartKind.STACKED:
        title_zh, title_en = f"{year}年 {m_zh}（{kt_zh}）", f"{m_en} by type, {year}"
    elif kind in (ChartKind.YEARS, ChartKind.SERIES):
        title_zh, title_en = f"{m_zh} · {t_zh}（{kt_zh}）", f"{m_en} · {t_en}, {kt_en}"
    elif kind is ChartKind.BARS:
        title_zh, title_en = f"{year}年 {m_zh} · {t_zh}", f"{m_en} · {t_en}, {year}"
    else:
        title_zh, title_en = f"{m_zh} · {t_zh}（{kt_zh}）", f"{m_en} · {t_en}: {kt_en}"
    if top_n and kind is not ChartKind.SCATTER and ranked == top_n:
        title_zh += f"，前 {top_n} 名"
        title_en += f", top {top_n}"
    if percent:
        label_zh, label_en = "%", "%"
    else:
        label_zh, label_en = f"{m_zh}（{unit_zh}）", f"{m_en} ({unit_en})"
    empty = "no_types" if kind is ChartKind.STACKED and not keys else "no_rows" if not cats else ""
    if not frame.categories or not measure:
        empty = "no_rows"
    if empty:
        title_zh, title_en = KIND_TITLES[kind]
    return ChartData(kind, tuple(cats), series, title_zh, title_en, label_zh, label_en, percent,
                     caption=source_caption(frame.table_nos, frame.editions, frame.notes_zh), x_series=x_series,
                     regions=group,
                     left_out=left_out, mixed=mixed, empty=empty, totals_left_out=totals_left_out,
                     no_number=no_number)


def _kind_title(kind: ChartKind, years: Sequence[int]) -> tuple[str, str]:
    """The kind's title, with the years it shows: "2019 与 2020 年对比", "Change 2019→2020"."""
    zh, en = KIND_TITLES[kind]
    if not years:
        return zh, en
    last = max(years)
    if kind is ChartKind.YEARS:
        if len(years) == 2:
            return f"{years[0]} 与 {years[1]} 年对比", f"{years[0]} vs {years[1]}"
        return f"{years[0]}–{years[-1]} 年对比", f"{years[0]}–{years[-1]}"
    if kind is ChartKind.SERIES:
        return f"{years[0]}–{years[-1]} 年走势", f"{years[0]}–{years[-1]}"
    if kind is ChartKind.CHANGE:
        return zh, f"Change {last - 1}→{last}"
    if kind in (ChartKind.CHANGE_PCT, ChartKind.MAP_CHANGE):
        return zh, f"Change {last - 1}→{last} (%)"
    return zh, en


def region_group(kind: str) -> str:
    """The group a region kind is ranked in: province, city, country (totals and IP types stand alone)."""
    return REGION_GROUPS.get(kind, kind)


def _one_group(cats: list[Category], choice: str,
               counts: dict[str, int] | None = None) -> tuple[list[Category], str, int, bool]:
    """Keep the regions of one group (`auto`: the group with most regions); `all` mixes them.

    Totals, when included, stay whatever the group. Returns the categories kept, the group, how many
    regions were left out, and whether groups are mixed. `counts` (regions per kind) stands for the
    categories when a frame holds only each kind's top N.
    """
    if not counts:
        counts = {}
        for c in cats:
            counts[c.kind] = counts.get(c.kind, 0) + 1
    groups: dict[str, int] = {}
    for kind, n in counts.items():
        if kind not in TOTAL_KINDS:
            groups[region_group(kind)] = groups.get(region_group(kind), 0) + n
    if choice == "all" or len(groups) <= 1:
        return cats, ("all" if len(groups) > 1 else next(iter(groups), "all")), 0, len(groups) > 1
    group = choice if choice in groups else max(groups, key=lambda g: (groups[g], g == "province"))
    kept = [c for c in cats if c.kind in TOTAL_KINDS or region_group(c.kind) == group]
    return kept, group, sum(n for g, n in groups.items() if g != group), False


def source_caption(table_nos: tuple[int, ...], editions: Sequence[int] = (), notes_zh: str = "") -> str:
    """Which report (its edition, or editions) and tables a chart's numbers come from, and what the report notes
    under the table (注：…), in English where known and as printed: a chart of 表1 left out that its counts exclude
    abnormal applications."""
    tables = ", ".join(f"Table {n}" for n in table_nos) if table_nos else "all tables"
    if not editions:
        source = f"Source: CNIPA Annual Report, {tables} · 来源：国家知识产权局年报"
    else:
        years = "、".join(map(str, editions))
        source = (f"Source: CNIPA Annual Report {', '.join(map(str, editions))}, {tables} · "
                  f"来源：国家知识产权局 {years} 年年报")
    if not notes_zh:
        return source
    english = note_en(notes_zh)
    return f"{f'Note: {english} · ' if english else ''}注：{notes_zh.strip()}\n{source}"   # a line of its own

