"""Turn a dataset and the user's filters and sort into SQL (values always as parameters)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ipexplorer.query.datasets import REGION_KEYS, REGIONS_SQL, ROW_ID, Dataset
from ipexplorer.query.quick import english_names, lettered_names, pinyin_names


@dataclass(frozen=True)
class ColumnFilter:
    """A filter on one column: a value list, a numeric range, or the top/bottom N rows."""

    key: str
    values: tuple | None = None        # keep rows whose value is one of these
    low: float | None = None            # keep rows with low <= value
    high: float | None = None           # … and value <= high
    top: int | None = None              # keep the N largest (after the other filters)
    bottom: int | None = None           # keep the N smallest

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.values, self.low, self.high, self.top, self.bottom))


@dataclass(frozen=True)
class QueryState:
    """What the user asked for: quick text, column filters, sort keys (key, ascending)."""

    quick_text: str = ""
    filters: tuple[ColumnFilter, ...] = ()
    sort: tuple[tuple[str, bool], ...] = ()
    pinyin_order: bool = True  # False: Chinese names in Unicode code-point order

    def with_filter(self, flt: ColumnFilter) -> QueryState:
        rest = tuple(f for f in self.filters if f.key != flt.key)
        return replace(self, filters=(*rest, flt) if flt.active else rest)

    def with_sort(self, key: str, *, add: bool = False, ascending: bool | None = None,
                  numeric: bool = False) -> QueryState:
        """A header click: sort by `key` (again: reverse it); `add` keeps the other keys (Shift+click).

        A new key sorts numbers largest first and text A→Z unless `ascending` says otherwise.
        """
        keys = list(self.sort)
        existing = next((i for i, (k, _a) in enumerate(keys) if k == key), None)
        if ascending is None:
            ascending = not keys[existing][1] if existing is not None else not numeric
        if not add:
            keys = [(key, ascending)]
        elif existing is not None:
            keys[existing] = (key, ascending)
        else:
            keys.append((key, ascending))
        return replace(self, sort=tuple(keys))

    def without_filter(self, key: str) -> QueryState:
        return replace(self, filters=tuple(f for f in self.filters if f.key != key))

    def without_filters(self) -> QueryState:
        """The same sort and name order with no quick text, filter or facet ("Clear filters")."""
        return QueryState("", (), self.sort, self.pinyin_order)

    def filter_for(self, key: str) -> ColumnFilter | None:
        return next((f for f in self.filters if f.key == key), None)


# CJK ideographs (unified, extensions A–F, compatibility): a quick text with one of them skips Latin-only columns
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


class QueryError(ValueError):
    """A filter or sort names a column the dataset does not have."""


def _ident(dataset: Dataset, key: str) -> str:
    if not dataset.has(key) or not key.replace("_", "").isalnum():
        raise QueryError(f"unknown column {key!r}")
    return key


def escape_like(text: str) -> str:
    """`text` for a LIKE pattern with `ESCAPE '\\'`: its own %, _ and \\ match themselves.

    The one LIKE escape of the code (tables' quick filter, region search, the timeline's text filter).
    """
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# a quick text's LIKE columns, its pinyin regions' SELECT, whether English words are tried (_quick_keys)
QuickKeys = tuple[list[str], tuple[str, list] | None, bool]
# … and the regions it keeps (quick_regions): worked out once per statement, however many WHEREs it holds
QuickParts = tuple[QuickKeys, tuple[str, list] | None]


def _quick_keys(dataset: Dataset, text: str) -> QuickKeys:
    """The columns a quick text is tried on by LIKE, the SELECT of the regions it names by pinyin, initials or ISO
    code (Latin letters, query/quick.py; None for other text) and whether English words are tried from their start.
    A column of Latin text alone (Column.latin) is not tried with a Chinese character."""
    keys = [k for k in dataset.quick_filter_keys if dataset.has(k)]
    if _HAN.search(text):   # a Chinese character: never in a column of Latin text
        keys = [k for k in keys if k not in dataset.latin_keys]
    pinyin = pinyin_names(text) if dataset.has("region_zh") else None
    if pinyin is not None:   # Latin letters: pinyin by syllables, initials, ISO codes
        keys = [k for k in keys if k not in ("pinyin", "region_en")]
    return keys, pinyin, dataset.has("region_en") and pinyin is not None   # English words: not "ChenGDu"


def quick_regions(dataset: Dataset, text: str, quick_keys: QuickKeys | None = None) -> tuple[str, list] | None:
    """The regions a quick text keeps, as a SELECT of their `region_zh` (and its parameters), when it is tried on
    the regions' own columns alone (dataset.region_rows): found once among the regions, most by seeks in their
    seek keys written at build (query.quick; a Latin text is tried by LIKE only on the Chinese names holding a
    Latin letter).
    None: the text is tried on the rows. `quick_keys`: _quick_keys of the text, when already at hand."""
    keys, pinyin, english = quick_keys if quick_keys is not None else _quick_keys(dataset, text)
    if not (dataset.region_rows and set(keys) <= REGION_KEYS):
        return None
    arms: list[str] = []
    params: list = []
    if keys:
        source = f"({REGIONS_SQL})"
        if keys == ["region_zh"]:   # the Chinese names alone: of the region table (or those with a Latin letter)
            source = f"({lettered_names()})" if pinyin is not None else "(SELECT name_zh AS region_zh FROM region)"
        arms.append(f"SELECT region_zh FROM {source} WHERE "
                    + " OR ".join(f"{_ident(dataset, k)} LIKE ? ESCAPE '\\'" for k in keys))
        params.extend([f"%{escape_like(text)}%"] * len(keys))
    for found in ((english_names(text),) if english else ()) + ((pinyin,) if pinyin is not None else ()):
        arms.append(found[0])
        params.extend(found[1])
    return " UNION ALL ".join(arms) or "SELECT NULL AS region_zh WHERE 0", params


def _quick_parts(dataset: Dataset, text: str) -> QuickParts:
    """The quick text's keys and the regions it keeps, found once for a statement."""
    keys = _quick_keys(dataset, text)
    return keys, quick_regions(dataset, text, keys)


def _quick_condition(dataset: Dataset, text: str, params: list, regions: str | None, walk: bool,
                     quick: QuickParts) -> str:
    """The quick text's condition (its parameters appended to `params`): a LIKE of each quick-filter column, and
    for Latin letters pinyin by syllables, initials, ISO codes and English words from their start. A text that
    keeps whole regions (quick_regions) is their list — `regions`: the name of a table of them the statement
    holds — whose rows are sought by region or, `walk`, tested as the view's order is walked."""
    quick_keys, found = quick
    if found is not None:
        if regions is None:
            regions = f"({found[0]})"
            params.extend(found[1])
        else:
            regions = f"(SELECT region_zh FROM {regions})"
        return f"{'+' if walk else ''}region_zh IN {regions}"
    keys, pinyin, english = quick_keys
    parts = [f"{_ident(dataset, k)} LIKE ? ESCAPE '\\'" for k in keys]
    params.extend([f"%{escape_like(text)}%"] * len(keys))
    if english:
        parts.append(f"(' ' || replace({_ident(dataset, 'region_en')}, char(39), '')) LIKE ? ESCAPE '\\'")
        params.append(f"% {escape_like(text.replace(chr(39), ''))}%")
    if pinyin is not None:
        parts.append(f"region_zh IN ({pinyin[0]})")
        params.extend(pinyin[1])
    return "(" + " OR ".join(parts) + ")" if parts else "0"


def where_clause(dataset: Dataset, state: QueryState, *, skip: str | None = None,
                 ranking: bool = True, regions: str | None = None, walk: bool = False,
                 quick: QuickParts | None = None) -> tuple[str, list]:
    """The WHERE clause (without the filter of column `skip`; without the top/bottom N ones unless `ranking`).

    Each top/bottom N ranks the rows that pass the other, plain filters; several of them intersect. `regions`,
    `walk`: a quick text's regions are read from that table of the statement, and tested as the view's order is
    walked, not sought (a page: _by_plan). `quick`: the quick text's parts, when the statement has them already.
    """
    conds: list[str] = []
    params: list = []
    text = state.quick_text.strip()
    if text:
        quick = quick if quick is not None else _quick_parts(dataset, text)
        conds.append(_quick_condition(dataset, text, params, regions, walk, quick))
    plain = [f for f in state.filters if f.key != skip and f.top is None and f.bottom is None]
    for flt in plain:
        key = _ident(dataset, flt.key)
        if flt.values is not None:
            non_null = [v for v in flt.values if v is not None]
            parts = []
            if non_null:
                parts.append(f"{key} IN ({', '.join('?' * len(non_null))})")
                params.extend(non_null)
            if len(non_null) != len(flt.values):
                parts.append(f"{key} IS NULL")
            conds.append("(" + " OR ".join(parts) + ")" if parts else "0")
        if flt.low is not None:
            conds.append(f"{key} >= ?")
            params.append(flt.low)
        if flt.high is not None:
            conds.append(f"{key} <= ?")
            params.append(flt.high)
    # top/bottom N apply after every other filter
    for flt in state.filters if ranking else ():
        if flt.key == skip or (flt.top is None and flt.bottom is None):
            continue
        key = _ident(dataset, flt.key)
        inner_where, inner_params = where_clause(dataset, state, skip=flt.key, ranking=False, regions=regions,
                                                 quick=quick)
        direction = "DESC" if flt.top is not None else "ASC"
        conds.append(f"{ROW_ID} IN (SELECT {ROW_ID} FROM ({dataset.sql}) {inner_where} "
                     f"AND {key} IS NOT NULL ORDER BY {key} {direction} LIMIT ?)"
                     if inner_where else
                     f"{ROW_ID} IN (SELECT {ROW_ID} FROM ({dataset.sql}) WHERE {key} IS NOT NULL "
                     f"ORDER BY {key} {direction} LIMIT ?)")
        params.extend([*dataset.params, *inner_params, flt.top if flt.top is not None else flt.bottom])
    return ("WHERE " + " AND ".join(conds)) if conds else "", params


def region_filter(dataset: Dataset, state: QueryState) -> tuple[str, list] | None:
    """The regions the view's filters keep (a SELECT of their `region_zh`, over every region once), when each
    filter is about the region alone (quick text, filters of region columns): a chart of a million rows then
    reads the kept regions' rows by index instead of testing every row. None: no filter, or one about rows
    (a year, a number, a top N)."""
    text = state.quick_text.strip()
    if not (text or state.filters) or not dataset.has("region_zh"):
        return None
    if text and not {k for k in dataset.quick_filter_keys if dataset.has(k)} <= REGION_KEYS:
        return None
    if any(f.key not in REGION_KEYS or f.top is not None or f.bottom is not None for f in state.filters):
        return None
    if text and not state.filters and (found := quick_regions(dataset, text)) is not None:
        return f"SELECT DISTINCT region_zh FROM ({found[0]})", found[1]   # not tested again over every region
    where, params = where_clause(dataset, state)
    return f"SELECT region_zh FROM ({REGIONS_SQL}) {where}", params


def order_terms(dataset: Dataset, state: QueryState) -> list[tuple[str, bool, bool]]:
    """The view's sort as (SQL expression, ascending, empty cells last) terms, before the row key."""
    keys = state.sort or dataset.default_sort
    terms = []
    for key, ascending in keys:
        _ident(dataset, key)
        expr = key
        if dataset.has(key) and key in {c.key for c in dataset.columns}:
            col = dataset.column(key)
            if col.sort_sql and (state.pinyin_order or col.sort_sql != "pinyin_key"):
                expr = col.sort_sql
        # empty cells last either way. SQLite sorts NULL first, so DESC is NULLS LAST already and walks an index;
        # ASC NULLS LAST cannot walk one (a temporary B-tree sorts every row), so a key that is never empty
        # says only ASC
        terms.append((expr, ascending, not (ascending and key in dataset.not_null)))
    return terms


def order_clause(dataset: Dataset, state: QueryState) -> str:
    terms = [f"{expr} {'ASC' if asc else 'DESC'}{' NULLS LAST' if last else ''}"
             for expr, asc, last in order_terms(dataset, state)]
    terms.append(ROW_ID)
    return "ORDER BY " + ", ".join(terms)


def _after_term(expr: str, ascending: bool, nulls_last: bool, value) -> list[tuple[str, list]]:
    """Rows strictly after `value` in one sort term's order, as conditions in that order (SQLite's own order
    puts NULL first; with empty cells last, the larger or smaller values come first, then the empty cells)."""
    if value is None:
        return [] if nulls_last else [(f"{expr} IS NOT NULL", [])]
    after = (f"{expr} {'>' if ascending else '<'} ?", [value])
    return [after, (f"{expr} IS NULL", [])] if nulls_last else [after]


def seek_arms(dataset: Dataset, state: QueryState, after: tuple) -> list[tuple[str, list]]:
    """The rows after one row of the view in its order, as conditions whose rows follow each other in that
    order: `after` is that row's sort keys (page_sql's trailing columns) then its row key. Each condition is
    an equality on the leading keys and a range on the next, which SQLite seeks in an index (one OR of them
    all walks every row from the start): a deep page costs what the first does. The same rows as OFFSET,
    empty cells and equal keys included (the row key decides)."""
    terms = order_terms(dataset, state)
    *values, rid = after
    if len(values) != len(terms):
        raise QueryError("a page's keys do not match the view's sort")
    if all(asc and not last for _e, asc, last in terms) and all(v is not None for v in values):
        # one direction and never empty: a row value, one seek in the sort's index
        exprs = ", ".join([*(e for e, _a, _l in terms), ROW_ID])
        return [(f"({exprs}) > ({', '.join('?' * (len(terms) + 1))})", [*values, rid])]
    equal: list[str] = []
    equal_params: list = []
    depths = []
    for (expr, asc, last), value in zip(terms, values, strict=True):
        depths.append((list(equal), list(equal_params), _after_term(expr, asc, last, value)))
        equal.append(f"{expr} IS NULL" if value is None else f"{expr} = ?")
        equal_params += [] if value is None else [value]
    arms = [(" AND ".join([*equal, f"{ROW_ID} > ?"]), [*equal_params, rid])]
    for eq, eq_params, afters in reversed(depths):
        arms += [(" AND ".join([*eq, cond]), [*eq_params, *args]) for cond, args in afters]
    return arms


# A page of a quick text's regions: at most this many rows of theirs are sought by region and sorted; more, and the
# view's order is walked (the page ends soon among so many)
FEW_ROWS = 5000


def _by_plan(dataset: Dataset, state: QueryState,
             build: Callable[[str, list], tuple[str, list]]) -> tuple[str, list]:
    """The SELECT `build(where, params)` makes, for a page: when the quick text keeps whole regions, of its two
    plans the one that suits how many rows they have — a few (under FEW_ROWS, counted off the region index): their
    rows sought by region and sorted; many: the view's order walked, each row's region tested, until the page is
    full (a rare name walked every row; a common one sorted tens of thousands). The regions are found once, in a
    table of the statement (`_quick`), as is their count."""
    quick = _quick_parts(dataset, state.quick_text.strip()) if state.quick_text.strip() else None
    found = quick[1] if quick is not None else None
    if found is None:
        return build(*where_clause(dataset, state, quick=quick))
    seek_where, seek_params = where_clause(dataset, state, regions="_quick", quick=quick)
    walk_where, walk_params = where_clause(dataset, state, regions="_quick", walk=True, quick=quick)
    sought, sought_params = build(seek_where, seek_params)
    walked, walked_params = build(walk_where, walk_params)
    # either plan's rows cut to none (LIMIT 0) unless it suits: SQLite computes a limit before its loop and skips a
    # loop of none (a term of the WHERE would be tested on every row walked)
    few = "(SELECT n FROM _few)"
    return (f"WITH _quick(region_zh) AS ({found[0]}), "
            f"_few(n) AS (SELECT count(*) < ? FROM (SELECT 1 FROM ({dataset.sql}) {seek_where} LIMIT ?)) "
            f"SELECT * FROM (SELECT * FROM ({sought}) LIMIT CASE WHEN {few} THEN -1 ELSE 0 END) UNION ALL "
            f"SELECT * FROM (SELECT * FROM ({walked}) LIMIT CASE WHEN {few} THEN 0 ELSE -1 END)",
            [*found[1], FEW_ROWS, *dataset.params, *seek_params, FEW_ROWS, *sought_params, *walked_params])


def page_sql(dataset: Dataset, state: QueryState, limit: int, after: tuple | None = None) -> tuple[str, list]:
    """A page of the view (`limit` rows; -1 every row), from the start or after the row whose keys are `after`.

    Its rows are select_sql's columns followed by the sort keys' values: a page's last row gives the next
    page's `after` (its sort keys, then its row key, the first column). After a row, the page is the
    seek_arms' rows one after the other (each arm sorted and cut to the page), cut to the page.
    """
    keys = [c.key for c in dataset.columns]
    sort_keys = [f"{e} AS _s{i}" for i, (e, _a, _l) in enumerate(order_terms(dataset, state))]
    select = f"SELECT {ROW_ID}, {', '.join([*keys, *sort_keys])} FROM ({dataset.sql})"
    order = order_clause(dataset, state)

    def build(where: str, params: list) -> tuple[str, list]:
        if after is None:
            return f"{select} {where} {order} LIMIT ?", [*dataset.params, *params, limit]
        arms, all_params = [], []
        for cond, args in seek_arms(dataset, state, after):
            arms.append(f"SELECT * FROM ({select} {where} {'AND' if where else 'WHERE'} {cond} {order} LIMIT ?)")
            all_params += [*dataset.params, *params, *args, limit]
        return " UNION ALL ".join(arms) + " LIMIT ?", [*all_params, limit]

    return _by_plan(dataset, state, build)


def select_sql(dataset: Dataset, state: QueryState, limit: int | None = None, offset: int = 0) -> tuple[str, list]:
    keys = [c.key for c in dataset.columns]

    def build(where: str, params: list) -> tuple[str, list]:
        sql = f"SELECT {ROW_ID}, {', '.join(keys)} FROM ({dataset.sql}) {where} {order_clause(dataset, state)}"
        all_params = [*dataset.params, *params]
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            all_params += [limit, offset]
        return sql, all_params

    if limit is None:   # every row: the kept regions' rows, sought
        return build(*where_clause(dataset, state))
    return _by_plan(dataset, state, build)


def count_sql(dataset: Dataset, state: QueryState) -> tuple[str, list]:
    where, params = where_clause(dataset, state)
    return f"SELECT count(*) FROM ({dataset.sql}) {where}", [*dataset.params, *params]


def values_sql(dataset: Dataset, state: QueryState, key: str, limit: int = 5000) -> tuple[str, list]:
    """Distinct values of a column with their counts, under every filter but its own (for checklists)."""
    key = _ident(dataset, key)
    where, params = where_clause(dataset, state, skip=key)
    col = dataset.column(key) if key in {c.key for c in dataset.columns} else None
    order = col.sort_sql if col is not None and col.sort_sql else key
    if order != key and " " not in order:
        order = f"MIN({order})"
    elif " " in order:
        order = key
    sql = (f"SELECT {key}, count(*) FROM ({dataset.sql}) {where} GROUP BY {key} "
           f"ORDER BY ({key} IS NULL), {order} LIMIT ?")
    return sql, [*dataset.params, *params, limit]


def range_sql(dataset: Dataset, state: QueryState, key: str) -> tuple[str, list]:
    key = _ident(dataset, key)
    where, params = where_clause(dataset, state, skip=key)
    return f"SELECT min({key}), max({key}) FROM ({dataset.sql}) {where}", [*dataset.params, *params]
