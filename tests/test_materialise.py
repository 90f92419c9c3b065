"""The explorer's views are read from copies written at build: the same rows, and sorts that walk an index."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import Pairs

from ipexplorer.query.builder import QueryState, select_sql
from ipexplorer.query.datasets import (
    DERIVED_TABLE,
    KINDS_TABLE,
    LONG_SOURCE,
    LONG_TABLE,
    OLDER_TABLE,
    STACKED_KEY,
    STACKED_TABLE,
    STACKED_TYPES,
    UNLISTED_ROW,
    dataset_for,
    long_stages,
    table_list,
    wide_dataset,
    wide_table,
)


@pytest.fixture(scope="module")
def conn(built_db):
    connection = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_the_long_copy_holds_the_source_rows(conn):
    source = conn.execute(f"SELECT * FROM ({LONG_SOURCE}) ORDER BY _rid").fetchall()
    copy = conn.execute(f"SELECT * FROM {LONG_TABLE} ORDER BY _rid").fetchall()
    assert len(copy) == 6460 + conn.execute("SELECT count(*) FROM observation WHERE table_no > 100").fetchone()[0]
    assert copy == source


def test_the_long_copy_of_several_editions_holds_its_source_rows(two_editions):
    """The build writes the long copy in stages (older editions' values, then the derived numbers, then the rows):
    the copy is what its stages give read over the source tables, as they are computed, not as the build writes
    them: each stage's SELECT is kept as it gives its rows (a temporary table of that name made from it, its
    columns named by the SELECT, each value as computed), then the rows' SELECT reads them by name. Each stage is
    indexed on _rid, as the copy's rows find their own: read as common table expressions, the rows' SELECT
    scanned every derived row for each row of the copy (~4.5 s; the same rows)."""
    c = sqlite3.connect(f"file:{two_editions}?mode=ro", uri=True)
    try:
        first, rows = long_stages(c)
        assert [name for name, _columns, _select in first] == [OLDER_TABLE, DERIVED_TABLE]
        for name, _columns, select in first:
            c.execute(f"CREATE TEMP TABLE {name} AS {select}")
            c.execute(f"CREATE INDEX temp.{name}_rid ON {name} (_rid)")
        source = c.execute(f"SELECT * FROM ({rows}) ORDER BY _rid").fetchall()
        copy = c.execute(f"SELECT * FROM {LONG_TABLE} ORDER BY _rid").fetchall()
        older = c.execute(f"SELECT count(*) FROM {LONG_TABLE} WHERE edition < (SELECT max(edition) FROM reports)"
                          ).fetchone()[0]
    finally:
        c.close()
    assert older > 1000 and copy == source


# The counts of KINDS_TABLE and the totals of STACKED_TABLE as their definitions read: each grouping counted over
# the long copy's rows on its own (the build counts them from fewer passes)
_KIND_GROUPS = (("0", "measure", "ip_type", "year", "", "measure, ip_type, year"),
                ("0", "measure", "ip_type", "0", "", "measure, ip_type"),
                ("table_no", "measure", "ip_type", "year", "", "table_no, measure, ip_type, year"),
                ("table_no", "measure", "ip_type", "0", "", "table_no, measure, ip_type"),
                ("table_no", "''", "''", "0", f"row_index < {UNLISTED_ROW}", "table_no"),
                ("0", "measure", f"'{STACKED_KEY}'", "year", f"ip_type IN {STACKED_TYPES!r}", "measure, year"),
                ("table_no", "measure", f"'{STACKED_KEY}'", "year", f"ip_type IN {STACKED_TYPES!r}",
                 "table_no, measure, year"))
_STACKED = f"""
WITH p AS (SELECT table_no, region_zh, region_kind, measure, year, ip_type, value,
                  ROW_NUMBER() OVER (PARTITION BY measure, year
                                     ORDER BY table_no, row_index, year, measure_order, ip_type_order, _rid) AS pos
           FROM {LONG_TABLE} WHERE ip_type IN {STACKED_TYPES!r}),
t AS (SELECT table_no, region_zh, MIN(region_kind) AS region_kind, measure, year, ip_type, MAX(value) AS value,
             MIN(pos) AS pos FROM p GROUP BY table_no, region_zh, measure, year, ip_type),
a AS (SELECT 0 AS table_no, region_zh, MIN(region_kind) AS region_kind, measure, year, ip_type, MAX(value) AS value,
             MIN(pos) AS pos FROM t GROUP BY region_zh, measure, year, ip_type)
SELECT table_no, measure, year, MIN(region_kind), SUM(coalesce(value, 0)), MIN(pos), region_zh
FROM (SELECT * FROM t UNION ALL SELECT * FROM a)
GROUP BY table_no, region_zh, measure, year HAVING count(value) > 0"""


@pytest.mark.parametrize("db_name", ["built_db", "two_editions"])
def test_the_regions_per_kind_and_stacked_totals_are_those_of_the_long_copys_rows(request, db_name):
    c = sqlite3.connect(f"file:{request.getfixturevalue(db_name)}?mode=ro", uri=True)
    try:
        counted = []
        for table, measure, ip_type, year, where, by in _KIND_GROUPS:
            counted += c.execute(
                f"SELECT {table}, {measure}, {ip_type}, {year}, region_kind, count(DISTINCT region_zh), count(*) "
                f"FROM {LONG_TABLE} {'WHERE ' + where if where else ''} GROUP BY {by}, region_kind").fetchall()
        kinds = c.execute(f"SELECT * FROM {KINDS_TABLE}").fetchall()
        assert len(kinds) > 100 and sorted(kinds) == sorted(counted)
        stacked = c.execute(f"SELECT * FROM {STACKED_TABLE}").fetchall()
        assert len(stacked) > 100 and sorted(stacked) == sorted(c.execute(_STACKED).fetchall())
    finally:
        c.close()


def test_every_wide_copy_holds_its_pivot(conn):
    for table_no, _zh, _en in table_list(conn):
        dataset = wide_dataset(conn, table_no)
        assert dataset.sql == f"SELECT * FROM {wide_table(table_no)}"
        source = conn.execute(f"SELECT * FROM ({dataset.source_sql}) ORDER BY _rid", dataset.source_params).fetchall()
        assert conn.execute(f"{dataset.sql} ORDER BY _rid").fetchall() == source, table_no


@pytest.mark.parametrize("sort", [(), (("value", False),), (("region_zh", True),)])
def test_the_long_views_sorts_walk_an_index(conn, sort):
    """A page of All observations never sorts every row (at a million rows that is a second)."""
    sql, params = select_sql(dataset_for(conn, None, "long"), QueryState(sort=sort), limit=256)
    plan = " ".join(str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, plan


def test_an_ascending_sort_keeps_empty_cells_last(conn):
    """Keys that may be empty still sort them last when ascending (only never-empty keys drop NULLS LAST)."""
    dataset = dataset_for(conn, None, "long")
    sql, params = select_sql(dataset, QueryState(sort=(("change_abs", True),)))
    values = [row[dataset.columns.index(dataset.column("change_abs")) + 1] for row in conn.execute(sql, params)]
    first_empty = values.index(None)
    assert all(v is None for v in values[first_empty:]) and values[0] is not None


def _drawn(data):
    return ([c.name_zh for c in data.categories], [s.values for s in data.series],
            data.x_series.values if data.x_series else None, data.title_en, data.left_out, data.regions, data.mixed,
            data.empty)


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_a_chart_read_in_sql_top_n_draws_what_the_whole_frame_draws(conn, layout):
    """chart_frame(spec) reads only that chart's numbers and each kind's top N; the chart must not change."""
    from ipexplorer.query.builder import ColumnFilter
    from ipexplorer.query.chart_data import ChartKind, ChartSpec, chart_data, chart_frame

    states = [QueryState(), QueryState(quick_text="江"), QueryState(filters=(ColumnFilter("region_kind",
                                                                                          values=("country",)),))]
    specs = [ChartSpec(kind=k) for k in ChartKind] + [
        ChartSpec(top_n=5), ChartSpec(top_n=5, sort_desc=False), ChartSpec(regions="city"),
        ChartSpec(regions="all", include_totals=True), ChartSpec(kind=ChartKind.YEARS, top_n=3)]
    pairs, compared = Pairs(specs, 3), 0
    for i, table_no in enumerate((1, 3, 7, 10, None)):
        if table_no is None and layout == "wide":
            continue
        dataset = dataset_for(conn, table_no, layout)
        for j, state in enumerate(states):
            whole = chart_frame(conn, dataset, state)
            for spec in pairs.pick(i, j):   # each spec with every table and every state
                cut = chart_frame(conn, dataset, state, spec)
                drawn_cut, drawn_whole = _drawn(chart_data(cut, spec)), _drawn(chart_data(whole, spec))
                if table_no is None:   # all tables: the cut frame counts as left out only regions with those numbers
                    drawn_cut, drawn_whole = drawn_cut[:4] + drawn_cut[5:], drawn_whole[:4] + drawn_whole[5:]
                assert drawn_cut == drawn_whole, (table_no, state, spec)
                compared += 1
    pairs.check()
    assert compared > 30


def test_a_profile_reads_only_its_own_rows(conn):
    """Ranks come from the table written at build: the profile's query never scans observations, nor every
    edition's values (an older edition's, for a region the latest leaves out, are sought by table and region)."""
    from ipexplorer.query.profiles import _VALUES_SQL

    plan = [str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {_VALUES_SQL}", {"region": "广东"})]
    assert not [p for p in plan if p.startswith("SCAN") and ("observation" in p or " o" in p)], plan
    assert not [p for p in plan if p.startswith("SCAN") and ("edition_value" in p or p.split()[1] in ("e", "p"))], plan
    assert any(p.startswith("SEARCH e ") and "region_id=?" in p for p in plan), plan
    assert any(p.startswith("SEARCH o ") and "region_id=?" in p for p in plan), plan   # its rows, by index


def test_a_charts_top_n_read_off_the_index_ranks_as_over_every_region(conn):
    """The unfiltered view's top N per kind come off the chart indexes (every region tied with the N-th too),
    then ranked by the chart's own query: the same bars, order, row keys and counts as ranking every region,
    ties at the cut included (the IC layout tables have many equal small counts)."""
    from ipexplorer.query.chart_data import ChartKind, ChartSpec, _first_distinct, chart_data, chart_frame

    specs = [ChartSpec(kind=k, top_n=n) for k in (ChartKind.BARS, ChartKind.YEARS, ChartKind.CHANGE,
                                                   ChartKind.CHANGE_PCT, ChartKind.SHARE) for n in (1, 2, 5, 30)]
    specs += [ChartSpec(regions="all", include_totals=True, top_n=3), ChartSpec(regions="city", top_n=4)]
    pairs, seeked, ties = Pairs(specs, 2), 0, 0
    for i, (table_no, layout) in enumerate(((1, "wide"), (2, "long"), (9, "wide"), (11, "long"), (12, "wide"),
                                            (None, "long"), (11, "wide"))):
        dataset = dataset_for(conn, table_no, layout)
        for j, sort in enumerate(((), (("region_zh", True),))):
            state = QueryState(sort=sort)
            for spec in pairs.pick(i, j):   # each spec with every table and each sort
                fast = chart_frame(conn, dataset, state, spec)
                slow = chart_frame(conn, dataset, state, spec, seek=False)
                data = chart_data(fast, spec)
                assert _drawn(data) == _drawn(chart_data(slow, spec)), (table_no, layout, spec)
                assert [c.row_ids for c in data.categories] == [c.row_ids for c in chart_data(slow, spec).categories]
                assert fast.kind_counts == slow.kind_counts, (table_no, layout, spec)
                seeked += len(fast.categories) < len(slow.categories)
    pairs.check()
    assert seeked > 10   # the index path was taken (it reads fewer regions than ranking all of them)
    for table_no, measure in ((11, "applications"), (12, "certificates")):   # ties at the cut exist there
        for top in range(1, 12):
            rows = conn.execute("SELECT region_zh, value FROM view_long WHERE table_no = ? AND measure = ? "
                                "AND year = 2020 AND region_kind = 'province' AND value IS NOT NULL "
                                "ORDER BY value DESC", (table_no, measure)).fetchall()
            found = _first_distinct(rows, top)
            ties += found is not None and len(found[0]) > top
    assert ties, "no tie at a cut: the comparison above proves nothing about ties"
    assert _first_distinct([("a", 5), ("b", 4), ("c", 4), ("d", 3)], 2) == (["a", "b", "c"], 4)
    assert _first_distinct([("a", 5), ("a", 4), ("b", 4), ("c", 3)], 2) == (["a", "b"], 4)
    assert _first_distinct([("a", 5), ("b", 4), ("c", 4)], 2) is None   # the ties may go on
