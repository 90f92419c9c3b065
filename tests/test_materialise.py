"""The explorer's views are read from copies written at build: the same rows, and sorts that walk an index."""

from __future__ import annotations

import sqlite3

import pytest

from ipexplorer.query.builder import QueryState, select_sql
from ipexplorer.query.datasets import LONG_SOURCE, LONG_TABLE, dataset_for, table_list, wide_dataset, wide_table


@pytest.fixture
def conn(built_db):
    connection = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_the_long_copy_holds_the_source_rows(conn):
    source = conn.execute(f"SELECT * FROM ({LONG_SOURCE}) ORDER BY _rid").fetchall()
    copy = conn.execute(f"SELECT * FROM {LONG_TABLE} ORDER BY _rid").fetchall()
    assert len(copy) == 6460 + conn.execute("SELECT count(*) FROM observation WHERE table_no > 100").fetchone()[0]
    assert copy == source


def test_every_wide_copy_holds_its_pivot(conn):
    for table_no, _zh, _en in table_list(conn):
        dataset = wide_dataset(conn, table_no)
        assert dataset.sql == f"SELECT * FROM {wide_table(table_no)}"
        source = conn.execute(f"SELECT * FROM ({dataset.source_sql}) ORDER BY _rid").fetchall()
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
    compared = 0
    for table_no in (1, 3, 7, 10, None):
        if table_no is None and layout == "wide":
            continue
        dataset = dataset_for(conn, table_no, layout)
        for state in states:
            whole = chart_frame(conn, dataset, state)
            for spec in specs:
                cut = chart_frame(conn, dataset, state, spec)
                drawn_cut, drawn_whole = _drawn(chart_data(cut, spec)), _drawn(chart_data(whole, spec))
                if table_no is None:   # all tables: the cut frame counts as left out only regions with those numbers
                    drawn_cut, drawn_whole = drawn_cut[:4] + drawn_cut[5:], drawn_whole[:4] + drawn_whole[5:]
                assert drawn_cut == drawn_whole, (table_no, state, spec)
                compared += 1
    assert compared > 100


def test_a_profile_reads_only_its_own_rows(conn):
    """Ranks come from the table written at build: the profile's query never scans observations."""
    from ipexplorer.query.profiles import _VALUES_SQL

    plan = [str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {_VALUES_SQL}", {"region": "广东"})]
    assert not [p for p in plan if p.startswith("SCAN") and ("observation" in p or " o" in p)], plan
    assert any(p.startswith("SEARCH o ") and "region_id=?" in p for p in plan), plan   # its rows, by index
