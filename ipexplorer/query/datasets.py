"""What the table explorer can show: a report table wide (as printed) or long, or all values.

A Dataset is a SELECT whose columns are described by `Column`s; the query builder wraps it
with WHERE / ORDER BY / LIMIT, so SQLite does all sorting and filtering.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from ipexplorer.query.columns import Column, Kind, Role
from ipexplorer.store.schema import derived_select

ROW_ID = "_rid"  # every dataset has a unique row key under this alias


@dataclass(frozen=True)
class Dataset:
    """A SELECT and its columns; `hidden_keys` are selected for sorting but never shown."""

    key: str
    title_zh: str
    title_en: str
    sql: str
    params: tuple = ()
    columns: tuple[Column, ...] = ()
    default_sort: tuple[tuple[str, bool], ...] = ()
    table_no: int | None = None
    quick_filter_keys: tuple[str, ...] = ("region_zh", "region_en", "pinyin")
    # its region columns are the region table's (a row's region_zh names its region, REGIONS_SQL's columns): a
    # quick text over them alone keeps whole regions, found once among the regions
    region_rows: bool = False
    source_line_key: str = "source_line"
    hidden_keys: tuple[str, ...] = field(default=("pinyin_key",))
    source_sql: str = ""   # what a materialised dataset's table holds (written at build from this)
    source_params: tuple = ()   # the values bound to source_sql's ? marks, in order
    not_null: frozenset[str] = frozenset()   # keys never empty: sorted ascending without NULLS LAST
    printed_rows: bool = False   # an in-text table as printed: a row per (measure, IP type), a column per year
    span: tuple[int, int] | None = None      # the years the change and CAGR columns compare (3+ years only)
    # (row key, column key, marker) of every value the report printed as a nil ("—", "-"): the grid and the
    # exports show the marker the report printed, not a constant
    nils_sql: str = ""

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def has(self, key: str) -> bool:
        return any(c.key == key for c in self.columns) or key in self.hidden_keys or key == ROW_ID

    @property
    def latin_keys(self) -> frozenset[str]:
        """The columns of Latin text alone (Column.latin): a quick text with a Chinese character skips them."""
        return frozenset(c.key for c in self.columns if c.latin)

    @property
    def two_level_header(self) -> bool:
        return any(c.group_zh for c in self.columns)


# a region's names and kind are never empty (schema: NOT NULL), nor an observation's coordinates
NOT_NULL_KEYS = frozenset({"_rid", "region_zh", "region_en", "pinyin", "pinyin_key", "kind_zh", "kind_order",
                           "region_kind"})

REGION_COLUMNS = (
    Column("region_zh", "地区", "Region (Chinese)", Kind.TEXT, Role.NAME, sort_sql="pinyin_key"),
    Column("region_en", "地区(英文)", "Region", Kind.TEXT, Role.NAME, sort_sql="region_en COLLATE NOCASE",
           latin=True),
    Column("pinyin", "拼音", "Pinyin", Kind.TEXT, Role.NAME, sort_sql="pinyin COLLATE NOCASE", hidden=True,
           latin=True),
    Column("kind_zh", "类别", "Kind", Kind.TEXT, Role.DIMENSION, sort_sql="kind_order"),
    Column("parent_zh", "所属省份", "Province", Kind.TEXT, Role.DIMENSION, sort_sql="parent_key", hidden=True),
    Column("iso_alpha3", "ISO 代码", "ISO code", Kind.TEXT, Role.DIMENSION, hidden=True),
)

_REGION_SELECT = """
       r.name_zh AS region_zh, r.name_en AS region_en, r.pinyin AS pinyin, r.pinyin_key AS pinyin_key,
       k.name_zh || ' ' || k.name_en AS kind_zh, k.sort_order AS kind_order, r.kind AS region_kind,
       p.name_zh AS parent_zh, p.pinyin_key AS parent_key, r.iso_alpha3 AS iso_alpha3"""

_REGION_JOIN = """
JOIN region r ON r.region_id = {alias}.region_id
JOIN region_kind k ON k.code = r.kind
LEFT JOIN region p ON p.region_id = r.parent_id"""

# every region once, under the names the views give its columns: a filter of these columns alone keeps or drops
# all of a region's rows together, so a chart finds the regions first and reads only their rows, by index
# (query.builder.region_filter), where a million rows' LIKEs would take seconds
REGIONS_SQL = f"""SELECT {_REGION_SELECT.strip()}
FROM region r
CROSS JOIN region_kind k ON k.code = r.kind
LEFT JOIN region p ON p.region_id = r.parent_id"""
REGION_KEYS = frozenset({"region_zh", "region_en", "pinyin", "pinyin_key", "kind_zh", "kind_order", "region_kind",
                         "parent_zh", "parent_key", "iso_alpha3"})


# The explorer reads materialised copies of its two views, written at build (store/materialise.py): every
# sort of the long view walks an index instead of sorting a join, and a wide table's pivot is not
# recomputed per page. The SELECTs below are what the copies hold.
LONG_TABLE = "view_long"

LONG_SOURCE = f"""
SELECT o.obs_id AS _rid, o.table_no AS table_no,{_REGION_SELECT},
       o.year AS year, m.name_zh || ' ' || m.name_en AS measure_zh, m.sort_order AS measure_order,
       o.measure AS measure, t.name_zh || ' ' || t.name_en AS ip_type_zh, t.sort_order AS ip_type_order,
       o.ip_type AS ip_type, o.value AS value, rt.unit_zh AS unit,
       d.change_abs AS change_abs, d.change_pct AS change_pct, d.share AS share, d.rank_in_kind AS rank_in_kind,
       o.source_line AS source_line, o.row_index AS row_index, (SELECT max(edition) FROM reports) AS edition,
       o.printed AS printed
FROM observation o{_REGION_JOIN.format(alias="o")}
JOIN measure m ON m.code = o.measure
JOIN ip_type t ON t.code = o.ip_type
JOIN report_table rt ON rt.table_no = o.table_no
LEFT JOIN observation_derived d ON d.obs_id = o.obs_id"""

# With several editions the long view holds every year present: beside the latest edition's observations, each
# (table, region, year, measure, IP type) only older editions print, from the newest of them (as
# latest_observations: SQLite's max() takes the other bare columns from the newest row of each group, read in the
# order of edition_value's key index), its line that edition's, placed by the row of the region in the latest
# edition's table (a region that table lacks after every printed row: UNLISTED_ROW). Change, share and rank are
# derived over every year present (long_stages).
UNLISTED_ROW = 1000000   # no wide pivot has a row of such a region
OLDER_TABLE = "long_older"   # those values: stage 1 of the long copy
OLDER_ROWS = """
SELECT (SELECT max(obs_id) FROM observation) + ev_rowid AS _rid, edition, table_no, region_id, year, measure, ip_type,
       value, source_line, printed
FROM (SELECT max(e.edition) AS edition, e.rowid AS ev_rowid, e.table_no, e.region_id, e.year, e.measure,
             e.ip_type, e.value, e.source_line, e.printed
      FROM edition_value e GROUP BY e.table_no, e.region_id, e.year, e.measure, e.ip_type)
WHERE edition < (SELECT max(edition) FROM reports)"""
DERIVED_TABLE = "long_derived"   # every row's change, share and rank, by _rid: stage 2
# what the rule of store/schema.derived_select reads: each row's keys and value, the observations' and the older
# ones', the keys as numbers (region, measure and IP type by rowid: its windows sort the rows faster than by name)
_DERIVED_ROWS = f"""
SELECT o.obs_id AS _rid, o.table_no, o.region_id AS region, o.year, m.rowid AS measure,
       t.rowid AS ip_type, o.value, r.kind AS region_kind, (SELECT max(edition) FROM reports) AS edition
FROM observation o JOIN region r ON r.region_id = o.region_id
JOIN measure m ON m.code = o.measure JOIN ip_type t ON t.code = o.ip_type
UNION ALL
SELECT ev._rid, ev.table_no, ev.region_id, ev.year, m.rowid, t.rowid, ev.value, r.kind, ev.edition
FROM {OLDER_TABLE} ev JOIN region r ON r.region_id = ev.region_id
JOIN measure m ON m.code = ev.measure JOIN ip_type t ON t.code = ev.ip_type"""
_DERIVED = ("d.change_abs AS change_abs, d.change_pct AS change_pct, d.share AS share, "
            "d.rank_in_kind AS rank_in_kind")
# the rows of the copy, each finding its derived numbers by _rid (stage 3)
_EVERY_ROWS = f"""{LONG_SOURCE.replace("observation_derived d ON d.obs_id", f"{DERIVED_TABLE} d ON d._rid")}
UNION ALL
SELECT ev._rid AS _rid, ev.table_no AS table_no,{_REGION_SELECT},
       ev.year AS year, m.name_zh || ' ' || m.name_en AS measure_zh, m.sort_order AS measure_order,
       ev.measure AS measure, t.name_zh || ' ' || t.name_en AS ip_type_zh, t.sort_order AS ip_type_order,
       ev.ip_type AS ip_type, ev.value AS value, rt.unit_zh AS unit, {_DERIVED},
       ev.source_line AS source_line, coalesce(tr.row_index, {UNLISTED_ROW} + ev.source_line) AS row_index,
       ev.edition AS edition, ev.printed AS printed
FROM {OLDER_TABLE} ev{_REGION_JOIN.format(alias="ev")}
JOIN measure m ON m.code = ev.measure
JOIN ip_type t ON t.code = ev.ip_type
JOIN report_table rt ON rt.table_no = ev.table_no
LEFT JOIN table_row tr ON tr.table_no = ev.table_no AND tr.region_id = ev.region_id
LEFT JOIN {DERIVED_TABLE} d ON d._rid = ev._rid"""


def editions_of(conn: sqlite3.Connection) -> tuple[int, ...]:
    """The editions (report years) the database holds, oldest first; () for a database without the list."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'reports'").fetchone():
        return ()
    return tuple(y for (y,) in conn.execute("SELECT edition FROM reports ORDER BY edition"))


def several_editions(conn: sqlite3.Connection) -> bool:
    """Whether the database holds more than one edition (report)."""
    return len(editions_of(conn)) > 1


def long_stages(conn: sqlite3.Connection) -> tuple[tuple[tuple[str, str, str], ...], str]:
    """What the long copy holds, as the build writes it: ((name, columns, SELECT) of each table it writes first,
    …), and the SELECT of the copy's rows, which reads them by name. One edition: the observations, nothing first.

    With several editions, the years only older ones print (OLDER_TABLE), then each row's change, share and rank
    derived over every year present by the rule observation_derived follows (store/schema.derived_select) over the
    rows' keys and values alone (DERIVED_TABLE, keyed by _rid: each row of the copy finds its own numbers by
    its rowid; sorting the whole wide rows for them, or the copy's rows by _rid to join them, cost the build more
    than the derivation itself). The latest edition's share and rank are its own; a change is within one edition."""
    if not several_editions(conn):
        return (), LONG_SOURCE
    derived = ("_rid INTEGER PRIMARY KEY, change_abs, change_pct, share, rank_in_kind", derived_select(_DERIVED_ROWS))
    return ((OLDER_TABLE, "", OLDER_ROWS), (DERIVED_TABLE, *derived)), _EVERY_ROWS


# (name, columns) of the long copy's indexes: the default order, value sorts (all tables, one table),
# names in pinyin order, and a chart's slice: per region kind, its regions largest first by each number a chart
# sorts by (query.chart_data reads a kind's top N off these without touching the rows)
CHART_FIELDS = ("value", "change_abs", "change_pct", "share")
LONG_INDEXES = (
    ("view_long_order", "table_no, row_index, year, measure_order, ip_type_order"),
    ("view_long_value", "value DESC"),   # a number's first header click sorts largest first
    ("view_long_table_value", "table_no, value DESC"),
    ("view_long_pinyin", "pinyin_key"),
    ("view_long_region", "region_zh, measure, ip_type, year"),   # every row of a chart's bar, its numbers
    # equal numbers in the view's own order (table, printed row): a chart's tie at its cut is decided in the index
    *((f"view_long_chart_{f}", f"measure, ip_type, year, region_kind, {f} DESC, table_no, row_index, region_zh")
      for f in CHART_FIELDS),
    # … and in the view's default order (a chart that keeps the table's order reads a kind's first N off it)
    ("view_long_chart_order", "measure, ip_type, year, region_kind, table_no, row_index"),
    # … and in pinyin order (the table sorted by its regions' names, then charted in its order)
    ("view_long_chart_pinyin", "measure, ip_type, year, region_kind, pinyin_key"),
)
# the IP types a stacked chart adds up (its regions per kind are counted at build under STACKED_KEY)
STACKED_TYPES = ("invention", "utility_model", "design")
STACKED_KEY = "+".join(STACKED_TYPES)


# How many regions of each kind a chart of the unfiltered view ranks (its "Showing 30 of N" and the groups it
# leaves out), counted once at build: per table (0: all tables), measure, IP type (STACKED_KEY: any type a stacked
# chart adds up) and year (0: any year), and per table over all its rows (measure and type ''), what a wide table's
# chart counts (the regions of its rows, not those only older editions print); with their rows (a region with one
# row per number: ties in the chart index fall in the view's order).
KINDS_TABLE = "view_long_kinds"
STACKED_TABLE = "view_long_stacked"
# Each region's numbers of the STACKED_TYPES per table (0: all tables), measure and year, counted and added up once
# (a temporary table of the build, which KINDS_SOURCE and STACKED_SOURCE read): its kind, its stacked total (the sum
# of its numbers of the types, each the largest of its rows), its place in the view's default order (its first row
# of those numbers), its rows and how many of them have a value. Added up per type as it is read in one pass, where
# a pass per type and one over their sums sorted the rows three times more.
STACKED_REGIONS = "long_stacked_regions"
_STACKED_TOTAL = " + ".join(f"coalesce(MAX(CASE WHEN ip_type = '{t}' THEN value END), 0)" for t in STACKED_TYPES)
STACKED_REGIONS_SOURCE = f"""
WITH p AS (SELECT table_no, region_zh, region_kind, measure, year, ip_type, value,
                  -- the view's default order; within a measure and year: table, printed row, IP type
                  ROW_NUMBER() OVER (PARTITION BY measure, year ORDER BY table_no, row_index, ip_type_order, _rid)
                      AS pos
           FROM {LONG_TABLE} WHERE ip_type IN {STACKED_TYPES!r})
SELECT table_no, region_zh, MIN(region_kind) AS region_kind, measure, year, {_STACKED_TOTAL} AS total,
       MIN(pos) AS first_pos, count(*) AS n, count(value) AS valued
FROM p GROUP BY table_no, region_zh, measure, year
UNION ALL
SELECT 0, region_zh, MIN(region_kind), measure, year, {_STACKED_TOTAL}, MIN(pos), count(*), count(value)
FROM p GROUP BY region_zh, measure, year"""
# the regions per kind over all years come from each region's rows per table, measure and type (`r`, grouped in the
# order of the view_long_region index: a tenth of the rows, each kind's count of them then cheap)
KINDS_SOURCE = f"""
WITH r AS (SELECT table_no, measure, ip_type, region_kind, region_zh, count(*) AS n,
                  sum(row_index < {UNLISTED_ROW}) AS listed
           FROM {LONG_TABLE} GROUP BY region_zh, measure, ip_type, table_no, region_kind)
SELECT 0, measure, ip_type, year, region_kind, count(DISTINCT region_zh), count(*) FROM {LONG_TABLE}
GROUP BY measure, ip_type, year, region_kind
UNION ALL SELECT 0, measure, ip_type, 0, region_kind, count(DISTINCT region_zh), sum(n) FROM r
GROUP BY measure, ip_type, region_kind
UNION ALL SELECT table_no, measure, ip_type, year, region_kind, count(DISTINCT region_zh), count(*) FROM {LONG_TABLE}
GROUP BY table_no, measure, ip_type, year, region_kind
UNION ALL SELECT table_no, measure, ip_type, 0, region_kind, count(*), sum(n) FROM r
GROUP BY table_no, measure, ip_type, region_kind
UNION ALL SELECT table_no, '', '', 0, region_kind, count(DISTINCT region_zh), sum(listed) FROM r
WHERE listed > 0 GROUP BY table_no, region_kind
UNION ALL SELECT 0, measure, '{STACKED_KEY}', year, region_kind, count(*), sum(n) FROM {STACKED_REGIONS}
WHERE table_no = 0 GROUP BY measure, year, region_kind
UNION ALL SELECT table_no, measure, '{STACKED_KEY}', year, region_kind, count(*), sum(n) FROM {STACKED_REGIONS}
WHERE table_no != 0 GROUP BY table_no, measure, year, region_kind"""


# Each region's stacked total per table (0: all tables), measure and year, with its place in the view's default
# order: a stacked chart of the unfiltered view reads each kind's top N off its key, where the types' lists read apart
# had to be read on past every tie with the cut. Regions with no number of the types have no row (they rank below
# those that have one, and are not drawn).
STACKED_SOURCE = f"""
SELECT table_no, measure, year, region_kind, total, first_pos, region_zh FROM {STACKED_REGIONS} WHERE valued > 0"""

def wide_table(table_no: int) -> str:
    """The materialised wide pivot of one report table."""
    return f"view_wide_{int(table_no)}"


def table_list(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(number, Chinese title, English title) of every table in the database."""
    return [tuple(r) for r in conn.execute("SELECT table_no, title_zh, title_en FROM report_table ORDER BY table_no")]


def long_dataset(conn: sqlite3.Connection, table_no: int | None = None) -> Dataset:
    """One row per value; all tables when `table_no` is None."""
    sql = f"SELECT * FROM {LONG_TABLE}" + (" WHERE table_no = ?" if table_no is not None else "")
    if table_no is None:
        title = ("全部数据", "All observations")
    else:
        title = conn.execute("SELECT title_zh, title_en, source FROM report_table WHERE table_no = ?",
                             (table_no,)).fetchone()
    # an in-text table (101…) counts the national total: no kinds of region, provinces or ISO codes to offer
    regions = REGION_COLUMNS if title[2:] != ("narrative",) else tuple(
        c for c in REGION_COLUMNS if c.key not in ("kind_zh", "parent_zh", "iso_alpha3"))
    columns = (
        Column("table_no", "表", "Table", Kind.CODE, Role.DIMENSION, hidden=table_no is not None),
        *regions,
        Column("year", "年份", "Year", Kind.CODE, Role.DIMENSION),
        Column("measure_zh", "指标", "Measure", Kind.TEXT, Role.DIMENSION, sort_sql="measure_order"),
        Column("ip_type_zh", "类型", "IP type", Kind.TEXT, Role.DIMENSION, sort_sql="ip_type_order"),
        Column("value", "数值", "Value", Kind.INT, Role.VALUE),
        Column("unit", "单位", "Unit", Kind.TEXT, Role.DIMENSION, hidden=True),
        Column("change_abs", "较上年增减", "Change vs the year before", Kind.INT, Role.DERIVED),
        Column("change_pct", "增长率", "Change %", Kind.PERCENT, Role.DERIVED),
        Column("share", "占总计比重", "Share of total", Kind.PERCENT, Role.DERIVED),
        Column("rank_in_kind", "同类排名", "Rank in kind", Kind.CODE, Role.DERIVED),   # an order, never added
        Column("source_line", "报告行", "Report line", Kind.CODE, Role.PROVENANCE),
        # the edition that prints the value (the line is its report's): shown when there are several
        Column("edition", "版本", "Edition", Kind.CODE, Role.PROVENANCE, hidden=not several_editions(conn)),
    )
    return Dataset(
        region_rows=True,
        key=f"long:{table_no or 'all'}", title_zh=title[0], title_en=title[1], sql=sql,
        params=(table_no,) if table_no is not None else (), columns=columns, table_no=table_no,
        nils_sql=f"SELECT _rid, 'value', printed FROM {LONG_TABLE} WHERE printed IS NOT NULL"
                 + (f" AND table_no = {int(table_no)}" if table_no is not None else ""),
        not_null=NOT_NULL_KEYS | {"table_no", "row_index", "year", "measure_order", "ip_type_order", "value"},
        default_sort=(("table_no", True), ("row_index", True), ("year", True), ("measure_order", True),
                      ("ip_type_order", True)),
        hidden_keys=("pinyin_key", "kind_order", "region_kind", "parent_key", "measure", "measure_order",
                     "ip_type", "ip_type_order", "row_index"),
    )


def wide_dataset(conn: sqlite3.Connection, table_no: int, span: tuple[int, int] | None = None) -> Dataset:
    """One row per printed row, one column per printed column (year × type), as in the report.

    Years that only earlier editions print (a database of several reports) get value columns of their own,
    beside the printed ones: the value of the latest edition printing that year, the region matched by identity.
    Derived columns follow: the change (absolute and %) from the year before the table's latest
    to the latest, for each type, and the latest year's share of the total and rank within the region kind.
    With three or more years, the change and its compound annual growth rate over `span` (from, to) follow
    too, computed in SQL over the materialised pivot (default: the first year to the last).
    """
    title = conn.execute("SELECT title_zh, title_en, label_title, source FROM report_table WHERE table_no = ?",
                         (table_no,)).fetchone()
    if title is None:
        raise KeyError(f"no table {table_no}")
    if title[3] == "narrative":
        return printed_rows_dataset(conn, table_no, span)
    cols = conn.execute(
        "SELECT c.col_index, c.year, c.measure, c.ip_type, c.label_zh, t.name_en, m.name_en, "
        "       (SELECT count(DISTINCT measure) FROM table_column WHERE table_no = c.table_no), "
        "       (SELECT count(DISTINCT ip_type) FROM table_column WHERE table_no = c.table_no) "
        "FROM table_column c JOIN ip_type t ON t.code = c.ip_type JOIN measure m ON m.code = c.measure "
        "WHERE c.table_no = ? ORDER BY c.col_index", (table_no,)).fetchall()
    parts = []
    columns: list[Column] = [
        Column("region_zh", title[2], "Region (Chinese)", Kind.TEXT, Role.NAME, sort_sql="pinyin_key"),
        *REGION_COLUMNS[1:],
    ]
    by_type: dict[tuple[str, str], dict[int, int]] = {}
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    values: list[Column] = []
    for index, year, measure, ip_type, label, type_en, measure_en, n_measures, n_types in cols:
        key = f"c{index}"
        parts.append(f"MAX(CASE WHEN o.col_index = {index} THEN o.value END) AS {key}")
        english = measure_en if n_measures > 1 else type_en
        if n_measures > 1 and n_types > 1:  # the in-text tables (101…): both vary
            english = f"{measure_en}: {type_en}"
        values.append(Column(key, label, english, Kind.INT, Role.VALUE, group_zh=f"{year}年", group_en=str(year),
                             year=year, ip_type=ip_type, measure=measure))
        by_type.setdefault((measure, ip_type), {})[year] = index
        labels.setdefault((measure, ip_type), (label, english))
    earlier = _earlier_years(conn, table_no, {c.year for c in values})
    params: list = []   # bound to the ? marks of `parts`, in their order
    for year, measure, ip_type in earlier:
        parts.append(f"(SELECT ev.value FROM edition_value ev WHERE ev.table_no = {int(table_no)} "
                     f"AND ev.region_id = tr.region_id AND ev.year = {int(year)} AND ev.measure = ? "
                     f"AND ev.ip_type = ? ORDER BY ev.edition DESC LIMIT 1) "
                     f"AS {year_key(year, measure, ip_type)}")
        params += [measure, ip_type]
    older, provenance, provenance_params = _older_provenance(conn, table_no, earlier, "ev.region_id = tr.region_id")
    parts.extend(provenance)
    params += provenance_params
    columns.extend(_with_earlier_years(values, earlier, labels, older))
    derived = []
    groups: list[str] = []
    for (measure, ip_type), years in by_type.items():
        latest = max(years)
        if latest - 1 not in years:     # the change is year on year: it needs the year before the latest
            continue
        last = years[latest]
        zh, en = labels[(measure, ip_type)]
        slug = f"{measure}_{ip_type}"
        specs = (
            ("chg", "change_abs", Kind.INT, zh, en, "较上年增减", f"Change {latest - 1}→{latest}"),
            ("pct", "change_pct", Kind.PERCENT, zh, en, "增长率", "Change %"),
            ("share", "share", Kind.PERCENT, zh, en, f"{latest}年占总计比重", f"Share of total {latest}"),
            ("rank", "rank_in_kind", Kind.CODE, zh, en, f"{latest}年同类排名", f"Rank in kind {latest}"),
        )
        groups = groups or [spec[5] for spec in specs]
        for field_name, sql_field, kind, title_zh, title_en, group_zh, group_en in specs:
            key = f"{field_name}_{slug}"
            parts.append(f"MAX(CASE WHEN o.col_index = {last} THEN d.{sql_field} END) AS {key}")
            derived.append(Column(key, title_zh, title_en, kind, Role.DERIVED, group_zh=group_zh, group_en=group_en,
                                  year=latest, ip_type=ip_type, measure=measure))
    columns.extend(sorted(derived, key=lambda c: groups.index(c.group_zh) if c.group_zh in groups else len(groups)))
    value_keys = {(c.year, c.measure, c.ip_type): c.key for c in columns if c.role is Role.VALUE}
    span_columns, span_sql, span = _span_columns(value_keys, labels, span)
    columns.extend(span_columns)
    columns.append(Column("source_line", "报告行", "Report line", Kind.CODE, Role.PROVENANCE))
    columns.extend(_provenance_columns(older))
    source = f"""
SELECT tr.row_index AS _rid, tr.row_index AS row_index,{_REGION_SELECT},
       {", ".join(parts)},
       tr.source_line AS source_line
FROM table_row tr{_REGION_JOIN.format(alias="tr")}
JOIN observation o ON o.table_no = tr.table_no AND o.row_index = tr.row_index
LEFT JOIN observation_derived d ON d.obs_id = o.obs_id
WHERE tr.table_no = {int(table_no)}
GROUP BY tr.row_index"""
    return Dataset(
        region_rows=True,
        key=f"wide:{table_no}", title_zh=title[0], title_en=title[1],
        sql=f"SELECT *{span_sql} FROM {wide_table(table_no)}",
        source_sql=source, source_params=tuple(params),
        columns=tuple(columns), table_no=table_no, default_sort=(("row_index", True),),
        not_null=NOT_NULL_KEYS | {"row_index"}, span=span,
        nils_sql=f"SELECT row_index, 'c' || col_index, printed FROM observation WHERE table_no = {int(table_no)} "
                 "AND printed IS NOT NULL" + _older_nils(table_no, older, "tr.row_index", "table_row tr",
                                                          "tr.table_no = ev.table_no AND tr.region_id = ev.region_id"),
        hidden_keys=("pinyin_key", "kind_order", "region_kind", "parent_key", "row_index"),
    )


PRINTED_HIDDEN = ("row_index", "level", "measure", "ip_type")


def printed_rows_dataset(conn: sqlite3.Connection, table_no: int, span: tuple[int, int] | None = None) -> Dataset:
    """An in-text table (101…) as printed: a row per printed row (复审请求, (1) 发明专利, …), a column per year.

    Each row is one (measure, IP type) of the national total, so the row's line is every one of its values'
    line. The change from the year before the latest follows, per row (no share or rank: one region); with
    three or more years (several editions), the change, change % and CAGR over `span` too.
    """
    title_zh, title_en, label_title, unit_zh, unit_en = conn.execute(
        "SELECT title_zh, title_en, label_title, unit_zh, unit_en FROM report_table WHERE table_no = ?",
        (table_no,)).fetchone()
    years = [y for (y,) in conn.execute(
        "SELECT year FROM table_column WHERE table_no = ? GROUP BY year ORDER BY min(col_index)", (table_no,))]
    columns: list[Column] = [
        Column("region_zh", label_title, "Type", Kind.TEXT, Role.NAME, sort_sql="row_index"),
        Column("region_en", f"{label_title}(英文)", "Type (English)", Kind.TEXT, Role.NAME, sort_sql="row_index",
               latin=True),
    ]
    parts = []
    for i, year in enumerate(years):
        parts.append(f"MAX(CASE WHEN o.year = {int(year)} THEN o.value END) AS c{i}")
        columns.append(Column(f"c{i}", f"{year}年/{unit_zh}", f"{year} ({unit_en})", Kind.INT, Role.VALUE,
                              year=year))
    # years only earlier editions print follow, the way the table runs (newest first, as printed)
    ascending = len(years) < 2 or years[0] < years[-1]
    earlier = sorted({y for y, _m, _t in _earlier_years(conn, table_no, set(years))}, reverse=not ascending)
    at = 2 if ascending else len(columns)
    older, provenance, _none = _older_provenance(conn, table_no, [(y, "rows", "all") for y in earlier],
                                                 "ev.measure = ir.measure AND ev.ip_type = ir.ip_type", by_type=False)
    parts.extend(provenance)
    for year in earlier:
        key = year_key(year, "rows", "all")
        parts.append(f"(SELECT ev.value FROM edition_value ev WHERE ev.table_no = {int(table_no)} "
                     f"AND ev.measure = ir.measure AND ev.ip_type = ir.ip_type AND ev.year = {int(year)} "
                     f"ORDER BY ev.edition DESC LIMIT 1) AS {key}")
        line, edition = provenance_keys(year, "rows", "all")
        columns.insert(at, Column(key, f"{year}年/{unit_zh}", f"{year} ({unit_en})", Kind.INT, Role.VALUE, year=year,
                                  line_key=line, edition_key=edition, absent_in=older.get((year, "rows", "all"))))
        at += 1
    latest = max(years, default=0)
    if latest - 1 in years:   # the change is year on year: it needs the year before the latest
        parts.append(f"MAX(CASE WHEN o.year = {int(latest)} THEN d.change_abs END) AS chg")
        parts.append(f"MAX(CASE WHEN o.year = {int(latest)} THEN d.change_pct END) AS pct")
        columns.append(Column("chg", "较上年增减", f"Change {latest - 1}→{latest}", Kind.INT, Role.DERIVED,
                              year=latest))
        columns.append(Column("pct", "增长率", "Change %", Kind.PERCENT, Role.DERIVED, year=latest))
    value_keys = {(c.year, "rows", "all"): c.key for c in columns if c.role is Role.VALUE}
    spans, span_sql, span = _span_columns(value_keys, {("rows", "all"): ("", "")}, span)
    # one header row, as printed: the span's words are the column's title
    columns.extend(replace(c, title_zh=c.group_zh, title_en=c.group_en, group_zh="", group_en="", measure=None,
                           ip_type=None) for c in spans)
    columns.append(Column("source_line", "报告行", "Report line", Kind.CODE, Role.PROVENANCE))
    columns.extend(_provenance_columns(older))
    source = f"""
SELECT ir.row_index AS _rid, ir.row_index AS row_index, ir.label_zh AS region_zh, ir.label_en AS region_en,
       ir.level AS level, ir.measure AS measure, ir.ip_type AS ip_type,
       {", ".join(parts)},
       ir.source_line AS source_line
FROM intext_row ir
JOIN observation o ON o.table_no = ir.table_no AND o.measure = ir.measure AND o.ip_type = ir.ip_type
LEFT JOIN observation_derived d ON d.obs_id = o.obs_id
WHERE ir.table_no = {int(table_no)}
GROUP BY ir.row_index"""
    whens = " ".join(f"WHEN {int(year)} THEN 'c{i}'" for i, year in enumerate(years)) or "WHEN 0 THEN ''"
    return Dataset(
        key=f"wide:{table_no}", title_zh=title_zh, title_en=title_en,
        sql=f"SELECT *{span_sql} FROM {wide_table(table_no)}", span=span,
        source_sql=source, columns=tuple(columns), table_no=table_no, default_sort=(("row_index", True),),
        quick_filter_keys=("region_zh", "region_en"),
        not_null=frozenset({"_rid", "row_index", "region_zh", "region_en", "level", "measure", "ip_type"}),
        hidden_keys=PRINTED_HIDDEN, printed_rows=True,
        nils_sql=f"SELECT ir.row_index, CASE o.year {whens} END, o.printed FROM intext_row ir "
                 "JOIN observation o ON o.table_no = ir.table_no AND o.measure = ir.measure "
                 f"AND o.ip_type = ir.ip_type WHERE ir.table_no = {int(table_no)} AND o.printed IS NOT NULL"
                 + _older_nils(table_no, older, "ir.row_index", "intext_row ir",
                               "ir.table_no = ev.table_no AND ir.measure = ev.measure AND ir.ip_type = ev.ip_type",
                               printed_rows=True),
    )


def dataset_for(conn: sqlite3.Connection, table_no: int | None, layout: str,
                span: tuple[int, int] | None = None) -> Dataset:
    """The dataset the explorer shows for a table choice (None = all observations), layout and span of years."""
    if table_no is None or layout == "long":
        return long_dataset(conn, table_no)
    return wide_dataset(conn, table_no, span)


def year_key(year: int, measure: str, ip_type: str) -> str:
    """The wide pivot's column of a year only an earlier edition prints."""
    return f"y{int(year)}__{measure}__{ip_type}"


_YEAR_KEY = re.compile(r"^y(\d{4})__(\w+?)__(\w+)$")


def _earlier_years(conn: sqlite3.Connection, table_no: int, printed: set[int]) -> list[tuple[int, str, str]]:
    """(year, measure, IP type) that earlier editions print for the table and the latest does not.

    Read from the materialised pivot's columns when it is there (cheap at every start), else (at build,
    before it is written) from the regions per kind counted over the long copy, which holds every edition's
    (table, year, measure, IP type) (a few thousand rows by key, where every edition's values were read through),
    else from every edition's values.
    """
    names = [r[1] for r in conn.execute(f"PRAGMA table_info({wide_table(table_no)})")]
    if names:
        found = [(int(m[1]), m[2], m[3]) for n in names if (m := _YEAR_KEY.match(n))]
    elif conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (KINDS_TABLE,)).fetchone():
        found = [tuple(r) for r in conn.execute(
            f"SELECT DISTINCT year, measure, ip_type FROM {KINDS_TABLE} WHERE table_no = ? AND year != 0 "
            "AND ip_type != ?", (table_no, STACKED_KEY))]
    elif conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'edition_value'").fetchone():
        found = [tuple(r) for r in conn.execute(
            "SELECT DISTINCT year, measure, ip_type FROM edition_value WHERE table_no = ?", (table_no,))]
    else:
        found = []
    return sorted({f for f in found if f[0] not in printed})


def provenance_keys(year: int, measure: str, ip_type: str) -> tuple[str, str]:
    """The wide pivot's columns of the report line and the edition of a year only earlier editions print, one pair
    per value column (year, measure, IP type): each cell's provenance is its own."""
    key = year_key(year, measure, ip_type)
    return f"line__{key}", f"edition__{key}"


def _older_provenance(conn: sqlite3.Connection, table_no: int, earlier: list[tuple[int, str, str]],
                      match: str, *, by_type: bool = True
                      ) -> tuple[dict[tuple[int, str, str], int], list[str], list[str]]:
    """For each (year, measure, IP type) only older editions print: the newest edition printing it in the table,
    and the pivot's SELECT parts giving each row's line and edition of it (`provenance_keys`), from the newest
    edition printing that value for the row (`match` ties edition_value `ev` to the row), with the values bound to
    the parts' ? marks, in order (the measure and IP type codes). Without `by_type` (a row
    per measure and IP type: the in-text tables, `earlier` keyed (year, "rows", "all")) the year alone keys them."""
    if not earlier:
        return {}, [], []
    keys = sorted(set(earlier))
    years = sorted({y for y, _m, _t in keys})
    marks = ", ".join("?" * len(years))
    if by_type:
        older = {(y, m, t): e for y, m, t, e in conn.execute(
            f"SELECT year, measure, ip_type, max(edition) FROM edition_value WHERE table_no = ? AND year IN ({marks}) "
            "GROUP BY year, measure, ip_type", (table_no, *years))}
    else:
        newest = dict(conn.execute(f"SELECT year, max(edition) FROM edition_value WHERE table_no = ? "
                                   f"AND year IN ({marks}) GROUP BY year", (table_no, *years)).fetchall())
        older = {k: newest[k[0]] for k in keys if k[0] in newest}
    parts: list[str] = []
    params: list[str] = []
    same_type = " AND ev.measure = ? AND ev.ip_type = ?" if by_type else ""
    for year, measure, ip_type in keys:
        for field_name, alias in zip(("source_line", "edition"), provenance_keys(year, measure, ip_type), strict=True):
            parts.append(f"(SELECT ev.{field_name} FROM edition_value ev WHERE ev.table_no = {int(table_no)} "
                         f"AND {match}{same_type} AND ev.year = {int(year)} ORDER BY ev.edition DESC LIMIT 1) "
                         f"AS {alias}")
            params += [measure, ip_type] if by_type else []
    return {k: e for k, e in older.items() if k in set(keys)}, parts, params


def _provenance_columns(older: dict[tuple[int, str, str], int]) -> list[Column]:
    """The hidden line and edition of each older value column (its cells open that edition's line)."""
    columns = []
    for year, measure, ip_type in sorted(older):
        line, edition = provenance_keys(year, measure, ip_type)
        what = "" if measure == "rows" else f" {measure}/{ip_type}"
        columns.append(Column(line, f"{year}年报告行{what}", f"Report line {year}{what}", Kind.CODE,
                              Role.PROVENANCE, hidden=True))
        columns.append(Column(edition, f"{year}年版本{what}", f"Edition {year}{what}", Kind.CODE, Role.PROVENANCE,
                              hidden=True))
    return columns


def _older_nils(table_no: int, older: dict[tuple[int, str, str], int], row_key: str, rows: str, join: str, *,
                printed_rows: bool = False) -> str:
    """The nils printed by the newest edition printing an older year (the one whose value the pivot shows), as
    a `UNION ALL` arm of a dataset's nils_sql."""
    if not older:
        return ""
    key = "'y' || ev.year || '__rows__all'" if printed_rows else \
        "'y' || ev.year || '__' || ev.measure || '__' || ev.ip_type"
    years = ", ".join(str(int(y)) for y in sorted({y for y, _m, _t in older}))
    return (f" UNION ALL SELECT {row_key}, {key}, ev.printed FROM edition_value ev JOIN {rows} ON {join} "
            f"WHERE ev.table_no = {int(table_no)} AND ev.printed IS NOT NULL AND ev.year IN ({years}) "
            "AND NOT EXISTS (SELECT 1 FROM edition_value n WHERE n.table_no = ev.table_no "
            "AND n.region_id = ev.region_id AND n.year = ev.year AND n.measure = ev.measure "
            "AND n.ip_type = ev.ip_type AND n.edition > ev.edition)")


def _with_earlier_years(values: list[Column], earlier: list[tuple[int, str, str]],
                        labels: dict[tuple[str, str], tuple[str, str]],
                        older: dict[tuple[int, str, str], int] | None = None) -> list[Column]:
    """The printed value columns with the earlier years' columns beside the earliest printed year's.

    Years run the way the table prints them: before the earliest year when it prints oldest first,
    after it when newest first (the in-text tables).
    """
    if not earlier or not values:
        return values
    first = min(c.year for c in values)
    ascending = values[0].year <= values[-1].year
    order = [(c.measure, c.ip_type) for c in values if c.year == first]
    order += [k for k in labels if k not in order]
    extra: list[Column] = []
    present = set(earlier)
    for year in sorted({y for y, _m, _t in earlier}, reverse=not ascending):
        for measure, ip_type in order:
            if (year, measure, ip_type) in present:
                zh, en = labels[(measure, ip_type)]
                line, edition = provenance_keys(year, measure, ip_type)
                extra.append(Column(year_key(year, measure, ip_type), zh, en, Kind.INT, Role.VALUE,
                                    group_zh=f"{year}年", group_en=str(year), year=year, ip_type=ip_type,
                                    measure=measure, line_key=line, edition_key=edition,
                                    absent_in=(older or {}).get((year, measure, ip_type))))
    at = next(i for i, c in enumerate(values) if c.year == first)
    if not ascending:
        at = max(i for i, c in enumerate(values) if c.year == first) + 1
    return [*values[:at], *extra, *values[at:]]


def _span_columns(value_keys: dict[tuple[int, str, str], str], labels: dict[tuple[str, str], tuple[str, str]],
                  span: tuple[int, int] | None) -> tuple[list[Column], str, tuple[int, int] | None]:
    """Change, change % and compound annual growth rate from one year to another, for each type with 3+ years.

    Returns the columns, the SQL selecting them over the pivot (", expr AS key, …") and the span they
    compare; none (and no span) with fewer years.
    """
    chosen = None
    columns: list[Column] = []
    sql: list[str] = []
    groups: dict[str, list[Column]] = {}
    for (measure, ip_type), (zh, en) in labels.items():
        years = sorted(y for (y, m, t) in value_keys if (m, t) == (measure, ip_type))
        if len(years) < 3:
            continue
        start, end = span if span and span[0] in years and span[1] in years and span[0] < span[1] \
            else (years[0], years[-1])
        chosen = chosen or (start, end)
        a, b = value_keys[(start, measure, ip_type)], value_keys[(end, measure, ip_type)]
        slug = f"{measure}_{ip_type}"
        specs = (
            ("span_chg", Kind.INT, f"{start}–{end}年增减", f"Change {start}→{end}", f"({b} - {a})"),
            ("span_pct", Kind.PERCENT, f"{start}–{end}年增长率", f"Change % {start}→{end}",
             f"({b} - {a}) * 1.0 / NULLIF({a}, 0)"),
            ("cagr", Kind.PERCENT, f"{start}–{end}年年均增长率", f"CAGR {start}→{end}",
             f"CASE WHEN {a} > 0 AND {b} >= 0 THEN pow({b} * 1.0 / {a}, 1.0 / {end - start}) - 1 END"),
        )
        for prefix, kind, group_zh, group_en, expr in specs:
            key = f"{prefix}_{slug}"
            sql.append(f", {expr} AS {key}")
            groups.setdefault(prefix, []).append(Column(key, zh, en, kind, Role.DERIVED, group_zh=group_zh,
                                                        group_en=group_en, year=end, ip_type=ip_type,
                                                        measure=measure))
    for cols in groups.values():
        columns.extend(cols)
    return columns, "".join(sql), chosen


def nil_markers(conn: sqlite3.Connection, dataset: Dataset, rows: Collection | None = None) -> dict[tuple, str]:
    """{(row key, column key): marker} of the dataset's values the report printed as a nil ("—" or "-"); those of
    the row keys `rows` alone when given (a selection exported: its nils, not the whole table's)."""
    if not dataset.nils_sql or (rows is not None and not rows):
        return {}
    if rows is None:
        return {(rid, key): marker for rid, key, marker in conn.execute(dataset.nils_sql)}
    found = conn.execute(f"WITH nil(rid, key, marker) AS ({dataset.nils_sql}) SELECT rid, key, marker FROM nil "
                         "WHERE rid IN (SELECT value FROM json_each(?))", [json.dumps(list(set(rows)))])
    return {(rid, key): marker for rid, key, marker in found}
