"""A chart's fast paths (regions kept by a filter, a stacked sum, the table's order) draw what ranking every row
of the view draws (`chart_frame(..., seek=False)`), on the real data; and they take fewer steps of SQLite."""

from __future__ import annotations

import re
import sqlite3

import pytest
from conftest import Pairs

from ipexplorer.query.builder import ColumnFilter, QueryState
from ipexplorer.query.chart_data import ChartKind, ChartSpec, chart_data, chart_frame
from ipexplorer.query.datasets import dataset_for


@pytest.fixture(scope="module")
def conn(built_db):
    connection = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    yield connection
    connection.close()


def _drawn(frame, spec):
    data = chart_data(frame, spec)
    return ([c.name_zh for c in data.categories], [sorted(c.row_ids) for c in data.categories],   # a set of rows
            [s.values for s in data.series], data.x_series.values if data.x_series else None, data.title_en,
            data.left_out, data.regions, data.mixed, data.empty)


def _same(conn, dataset, state, specs, *, whole: bool | None = None) -> int:
    """Each spec's chart drawn the same by both paths; with `whole`, also the view's whole frame (every number of
    every region, as exports read it) — it has no top N, so no cut for ties to fall at. By default only a filtered
    view's: an unfiltered one's whole frame is read by the same statements with or without seeking (no filter to
    keep regions or slices by), so comparing them proved nothing and took most of these tests' time."""
    if whole is None:
        whole = bool(state.filters or state.quick_text.strip())
    slow_whole = chart_frame(conn, dataset, state, seek=False) if whole else None
    fast_whole = chart_frame(conn, dataset, state) if whole else None
    if whole:
        assert fast_whole.available == slow_whole.available and fast_whole.years == slow_whole.years
    for spec in specs:
        fast = chart_frame(conn, dataset, state, spec)
        slow = chart_frame(conn, dataset, state, spec, seek=False)
        assert _drawn(fast, spec) == _drawn(slow, spec), (dataset.key, state, spec)
        if whole:
            assert _drawn(fast_whole, spec) == _drawn(slow_whole, spec), (dataset.key, state, spec)
    return len(specs)


def _scans(conn, action) -> list[str]:
    """The full scans of the long view's rows (or of one of its indexes) in the statements an action runs."""
    statements: list[str] = []
    conn.set_trace_callback(statements.append)   # the statements with their values bound in
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return [detail for sql in statements if "view_long" in sql
            for *_ids, detail in conn.execute(f"EXPLAIN QUERY PLAN {sql}") if detail.startswith("SCAN view_long")]


def _steps(conn, action) -> int:
    """SQLite's virtual-machine steps (in hundreds) an action takes."""
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    conn.set_progress_handler(tick, 100)
    try:
        action()
    finally:
        conn.set_progress_handler(None, 0)
    return count[0]


QUICK = ("广东", "江", "guang", "us", "zzz")
REGION_FILTERS = (ColumnFilter("region_kind", values=("country",)), ColumnFilter("region_kind", values=("province",)),
                  ColumnFilter("parent_zh", values=("广东",)),
                  ColumnFilter("region_zh", values=("北京", "美国", "深圳")))


def test_a_chart_of_regions_kept_by_filters_draws_what_every_row_draws(conn):
    """Quick text and region columns' filters keep whole regions: the chart finds those regions first and reads
    their rows by index; bars, order, row keys, counts left out and the slices offered are those of the slow path."""
    specs = [ChartSpec(kind=k, top_n=3) for k in (ChartKind.BARS, ChartKind.STACKED, ChartKind.YEARS,
                                                  ChartKind.CHANGE_PCT, ChartKind.SCATTER)]
    specs += [ChartSpec(sort_desc=False, top_n=4), ChartSpec(regions="all", include_totals=True, top_n=5),
              ChartSpec(regions="city", kind=ChartKind.STACKED)]
    states = [QueryState(quick_text=q) for q in QUICK] + [QueryState(filters=(f,)) for f in REGION_FILTERS]
    states += [QueryState(quick_text="江", filters=(REGION_FILTERS[1],), sort=(("region_zh", True),))]
    pairs, compared = Pairs(specs, 2), 0
    for i, table_no in enumerate((None, 2)):
        dataset = dataset_for(conn, table_no, "long")
        for j, state in enumerate(states):
            compared += _same(conn, dataset, state, pairs.pick(i, j))
    pairs.check()
    assert compared >= 80


def test_a_filter_about_rows_is_not_taken_for_one_about_regions(conn):
    """A year, a number or a top N filter keeps rows, not regions: the chart ranks the view's own rows."""
    from ipexplorer.query.builder import region_filter

    dataset = dataset_for(conn, None, "long")
    assert region_filter(dataset, QueryState(quick_text="广东")) is not None
    assert region_filter(dataset, QueryState(filters=(ColumnFilter("region_kind", values=("country",)),)))
    for flt in (ColumnFilter("year", values=(2020,)), ColumnFilter("value", low=1000),
                ColumnFilter("region_zh", top=3)):
        assert region_filter(dataset, QueryState(quick_text="江", filters=(flt,))) is None
        _same(conn, dataset, QueryState(quick_text="江", filters=(flt,)), [ChartSpec(), ChartSpec(top_n=3)])
    assert region_filter(dataset, QueryState()) is None


def test_a_quick_filtered_chart_reads_the_kept_regions_rows_only(conn):
    """Not every row tested against the text: the kept regions' rows are sought in an index."""
    dataset = dataset_for(conn, None, "long")
    for state in (QueryState(quick_text="广东"), QueryState(filters=(REGION_FILTERS[0],))):
        for spec in (ChartSpec(), ChartSpec(kind=ChartKind.STACKED), ChartSpec(sort_desc=False)):
            assert _scans(conn, lambda s=state, c=spec: chart_frame(conn, dataset, s, c)) == [], (state, spec)
            assert _scans(conn, lambda s=state, c=spec: chart_frame(conn, dataset, s, c, seek=False))


def test_a_stacked_chart_and_one_in_the_tables_order_draw_what_every_row_draws(conn):
    """An unfiltered view's stacked chart (top N by the sum of the types, off each type's index) and a chart that
    keeps the table's order (each kind's first N, read in that order): the same bars, rows and counts as ranking
    every region of the view, in a long table and a wide one; ties at the cut (the IC layout tables' equal small
    counts) included."""
    specs = [ChartSpec(kind=ChartKind.STACKED, top_n=n) for n in (1, 2, 5, 30)]
    specs += [ChartSpec(kind=k, top_n=n, sort_desc=False) for k in (ChartKind.BARS, ChartKind.STACKED,
                                                                   ChartKind.YEARS, ChartKind.CHANGE_PCT)
              for n in (1, 4, 30)]
    specs += [ChartSpec(kind=ChartKind.STACKED, regions="all", include_totals=True, top_n=3),
              ChartSpec(sort_desc=False, regions="city", top_n=2)]
    pairs, compared = Pairs(specs, 2), 0
    for i, (table_no, layout, sorts) in enumerate((
            (None, "long", ((), (("value", False),))), (2, "long", ((), (("region_zh", True),))),
            (11, "long", ((),)), (12, "long", ((), (("region_zh", True),))), (1, "wide", ((), (("c3", False),))),
            (12, "wide", ((),)))):
        dataset = dataset_for(conn, table_no, layout)
        for j, sort in enumerate(sorts):
            compared += _same(conn, dataset, QueryState(sort=sort), pairs.pick(i, j, stride=len(sorts)))
    pairs.check()
    assert compared > 100


def test_a_stacked_chart_and_the_tables_order_read_no_view_row_by_row(conn):
    """Neither ranks every row of its numbers: each kind's top or first N are sought in an index, a fraction of
    the steps of SQLite that ranking the view's rows takes (even on the real report's few hundred regions)."""
    for table_no in (None, 1):
        dataset = dataset_for(conn, table_no, "long")
        for spec in (ChartSpec(kind=ChartKind.STACKED, top_n=3), ChartSpec(sort_desc=False, top_n=3),
                     ChartSpec(kind=ChartKind.STACKED, sort_desc=False, top_n=3)):
            fast = _steps(conn, lambda d=dataset, c=spec: chart_frame(conn, d, QueryState(), c))
            slow = _steps(conn, lambda d=dataset, c=spec: chart_frame(conn, d, QueryState(), c, seek=False))
            assert fast * 2 < slow, (table_no, spec, fast, slow)


def test_a_chart_of_some_kinds_of_region_seeks_as_an_unfiltered_one(conn):
    """The kind facet (kind_zh) or --region-kind (region_kind) alone: each kept kind's top or first N off the
    indexes, its slices and counts as written at build — the same chart as ranking the view's rows, in a long
    and a wide table, and far fewer steps of SQLite."""
    kinds = [(ColumnFilter("kind_zh", values=("国家和地区 Country or territory",)),),
             (ColumnFilter("region_kind", values=("province", "sub_provincial")),),
             (ColumnFilter("kind_zh", values=("省级行政区 Province", "合计 Grand total")),
              ColumnFilter("region_kind", values=("province",)))]
    specs = [ChartSpec(top_n=3), ChartSpec(kind=ChartKind.STACKED, top_n=3), ChartSpec(sort_desc=False, top_n=3),
             ChartSpec(kind=ChartKind.YEARS), ChartSpec(regions="all", include_totals=True, top_n=4)]
    pairs = Pairs(specs, 3)
    for i, (table_no, layout) in enumerate(((None, "long"), (1, "long"), (2, "wide"), (1, "wide"))):
        dataset = dataset_for(conn, table_no, layout)
        for j, filters in enumerate(kinds):
            _same(conn, dataset, QueryState(filters=filters), pairs.pick(i, j))
    pairs.check()
    dataset = dataset_for(conn, None, "long")
    state = QueryState(filters=kinds[1])
    for spec in specs[:3]:
        fast = _steps(conn, lambda c=spec: chart_frame(conn, dataset, state, c))
        slow = _steps(conn, lambda c=spec: chart_frame(conn, dataset, state, c, seek=False))
        assert fast * 2 < slow, (spec, fast, slow)


def test_the_fast_paths_hold_with_two_editions(two_editions):
    """With an older edition's years in the long view (rows of their own), the same charts as the slow path."""
    connection = sqlite3.connect(f"file:{two_editions}?mode=ro", uri=True)
    try:
        specs = [ChartSpec(top_n=3), ChartSpec(kind=ChartKind.STACKED, top_n=3), ChartSpec(sort_desc=False, top_n=3),
                 ChartSpec(kind=ChartKind.YEARS, top_n=3), ChartSpec(kind=ChartKind.YEARS, sort_desc=False, top_n=3)]
        states = [QueryState(), QueryState(quick_text="江"), QueryState(filters=(REGION_FILTERS[0],))]
        pairs = Pairs(specs, 3)
        for i, (table_no, layout) in enumerate(((None, "long"), (1, "long"), (1, "wide"))):
            for j, state in enumerate(states):
                _same(connection, dataset_for(connection, table_no, layout), state, pairs.pick(i, j))
        pairs.check()
    finally:
        connection.close()


def test_an_unfiltered_long_view_offers_every_editions_years(two_editions):
    """The long view holds an older edition's years: an unfiltered chart offered only the latest edition's
    (read off its table columns) while a filtered one offered them all — the year box changed with a filter."""
    connection = sqlite3.connect(f"file:{two_editions}?mode=ro", uri=True)
    try:
        for table_no in (None, 1):
            dataset = dataset_for(connection, table_no, "long")
            plain = chart_frame(connection, dataset, QueryState(), ChartSpec(top_n=3))
            filtered = chart_frame(connection, dataset, QueryState(quick_text="江"), ChartSpec(top_n=3))
            slow = chart_frame(connection, dataset, QueryState(), ChartSpec(top_n=3), seek=False)
            assert 2018 in plain.years, (table_no, plain.years)
            assert plain.years == filtered.years == slow.years
    finally:
        connection.close()


SLICE_FILTERS = ((ColumnFilter("year", values=(2020,)),),
                 (ColumnFilter("measure_zh", values=("申请量 Applications",)),),
                 (ColumnFilter("ip_type_zh", values=("发明 Invention patent", "实用新型 Utility model")),),
                 (ColumnFilter("ip_type", values=("invention", "utility_model", "design")),
                  ColumnFilter("year", values=(2019,))),
                 (ColumnFilter("measure", values=("grants", "in_force")), ColumnFilter("year", values=(2019, 2020)),
                  ColumnFilter("region_kind", values=("province", "country"))))


def test_a_chart_of_some_years_measures_or_types_seeks_as_an_unfiltered_one(conn):
    """The year, measure and IP type facets keep whole slices of the numbers (each of a slice's rows, or none):
    the chart seeks each kind's top or first N as for the unfiltered view, its slices and counts as written at
    build — the same chart as ranking the view's rows, and far fewer steps of SQLite."""
    specs = [ChartSpec(top_n=3), ChartSpec(kind=ChartKind.STACKED, top_n=3), ChartSpec(sort_desc=False, top_n=3),
             ChartSpec(kind=ChartKind.YEARS, top_n=4), ChartSpec(kind=ChartKind.SHARE, top_n=3),
             ChartSpec(kind=ChartKind.CHANGE, sort_desc=False, top_n=2),
             ChartSpec(regions="all", include_totals=True, top_n=4)]
    pairs = Pairs(specs, 4)
    for i, table_no in enumerate((None, 1, 9)):
        dataset = dataset_for(conn, table_no, "long")
        for j, filters in enumerate(SLICE_FILTERS):
            for k, sort in enumerate(((), (("value", False),))):
                # the whole frame (spec-free) of one sort per table and filter, each sort with every table and filter
                _same(conn, dataset, QueryState(filters=filters, sort=sort), pairs.pick(i, j, k),
                      whole=(i + j + k) % 2 == 0)
    pairs.check()
    dataset = dataset_for(conn, None, "long")
    for filters in SLICE_FILTERS[:2]:
        state = QueryState(filters=filters)
        for spec in specs[:3]:
            fast = _steps(conn, lambda c=spec, s=state: chart_frame(conn, dataset, s, c))
            slow = _steps(conn, lambda c=spec, s=state: chart_frame(conn, dataset, s, c, seek=False))
            assert fast * 2 < slow, (filters, spec, fast, slow)


@pytest.fixture(scope="module")
def tied(built_db, tmp_path_factory):
    """The real database with every region's rows copied twice (benchmarks/synthetic.py): each number tied three
    times, the ties of the million-row benchmark in small."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("ipexplorer_benchmark_synthetic", path)
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    db = tmp_path_factory.mktemp("tied") / "tied.sqlite"
    n = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True).execute("SELECT count(*) FROM observation").fetchone()[0]
    synthetic.multiply(built_db, db, rows=n * 2 + 1)
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_a_stacked_chart_of_tied_totals_draws_what_every_row_draws(tied):
    """Stacked totals tied at the cut (each region's copies): each kind's top N read off the totals written at
    build, in the view's order or after all tied with the last when the table is sorted — the same bars, in the same
    order, as ranking every region; far fewer steps of SQLite than adding up the types' lists read apart."""
    specs = [ChartSpec(kind=ChartKind.STACKED, top_n=n) for n in (1, 2, 4, 7, 30)]
    specs += [ChartSpec(kind=ChartKind.STACKED, regions="all", include_totals=True, top_n=5),
              ChartSpec(kind=ChartKind.STACKED, regions="city", top_n=3)]
    pairs = Pairs(specs, 2)
    for i, (table_no, layout, sorts) in enumerate(((None, "long", ((), (("value", False),), (("region_zh", True),))),
                                                   (1, "long", ((),)), (3, "long", ((), (("region_en", False),))),
                                                   (2, "wide", ((), (("c3", False),))))):
        dataset = dataset_for(tied, table_no, layout)
        # an unfiltered view's whole frame has no top N (no cut for a tie to fall at) and is read the same way with
        # or without seeking: its comparison is left to the real data's tests (~0.2 s each here, tied three times)
        for j, sort in enumerate(sorts):
            every = len(sorts) if len(sorts) < 3 else 1   # (a third sort of one table only: every spec)
            _same(tied, dataset, QueryState(sort=sort), pairs.pick(i, j, stride=every), whole=False)
        # the whole frame of a filtered long view and a wide one (each 0.2 s here)
        _same(tied, dataset, QueryState(filters=(ColumnFilter("region_kind", values=("country",)),)), specs[:3],
              whole=i in (0, 3))
    pairs.check()
    dataset = dataset_for(tied, None, "long")
    fast = _steps(tied, lambda: chart_frame(tied, dataset, QueryState(), specs[-3]))
    slow = _steps(tied, lambda: chart_frame(tied, dataset, QueryState(), specs[-3], seek=False))
    assert fast * 4 < slow, (fast, slow)


def test_a_stacked_charts_lists_name_each_value_once_and_seek_on_every_column(tied):
    """A stacked chart's numbers share a measure and a year: its IN lists name each value once, not once per
    type, which left the seek of the regions tied at the cut (a sorted view's, in the view's order) on the region
    index by region and measure only; now by region, measure, type and year."""
    dataset = dataset_for(tied, None, "long")
    statements: list[str] = []
    tied.set_trace_callback(statements.append)   # the statements with their values bound in
    try:
        chart_frame(tied, dataset, QueryState(sort=(("value", False),)), ChartSpec(kind=ChartKind.STACKED, top_n=2))
    finally:
        tied.set_trace_callback(None)
    lists = [items.split(", ") for sql in statements for items in re.findall(r"\bIN \(([^()]*)\)", sql)
             if "SELECT" not in items]
    assert all(len(set(items)) == len(items) for items in lists), lists
    ties = [sql for sql in statements if sql.startswith("SELECT v.region_zh FROM")]
    assert ties
    for sql in ties:
        plan = " ".join(detail for *_ids, detail in tied.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "view_long_region (region_zh=? AND measure=? AND ip_type=? AND year=?)" in plan, plan


def test_a_table_sorted_by_its_regions_is_charted_in_its_order_off_an_index(conn):
    """Sorted by region (pinyin) and charted in that order: each kind's first N regions of a number are read off
    an index in that order — no sort of the kind's rows of the number (at a million rows, 15,000 countries' rows
    sorted per kind)."""
    statements: list[str] = []
    dataset = dataset_for(conn, None, "long")
    state = QueryState(sort=(("region_zh", True),))
    conn.set_trace_callback(statements.append)
    try:
        for kind in (ChartKind.BARS, ChartKind.STACKED, ChartKind.YEARS):
            chart_frame(conn, dataset, state, ChartSpec(kind=kind, sort_desc=False, top_n=3))
    finally:
        conn.set_trace_callback(None)
    seeks = [sql for sql in statements if sql.startswith("SELECT region_zh") and "ORDER BY pinyin_key" in sql]
    assert len(seeks) >= 6
    for sql in seeks:
        plan = [detail for *_ids, detail in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert not any("TEMP B-TREE" in d for d in plan), plan
        assert any("view_long_chart_pinyin" in d for d in plan), plan
    _same(conn, dataset, state, [ChartSpec(kind=k, sort_desc=False, top_n=n) for k in (ChartKind.BARS,
          ChartKind.STACKED) for n in (2, 30)])


RANGES = ((ColumnFilter("value", low=1000),), (ColumnFilter("value", high=500),),
          (ColumnFilter("change_pct", low=0.1),), (ColumnFilter("share", low=0.01, high=0.2),),
          (ColumnFilter("value", low=100, high=50000), ColumnFilter("year", values=(2019,))),
          (ColumnFilter("change_abs", low=0), ColumnFilter("region_kind", values=("country",))))


def test_a_chart_of_a_numeric_range_draws_what_every_row_draws(conn):
    """A range of a number keeps rows, not slices: a chart of that number, largest first, seeks each kind's top N
    among the rows in the range off the number's chart index (its regions per kind counted there too, and the
    slices offered found there); the other charts rank the view's rows. Both draw what ranking every row draws, and
    the seek walks no view row by row."""
    specs = [ChartSpec(top_n=3), ChartSpec(top_n=30), ChartSpec(kind=ChartKind.CHANGE_PCT, top_n=3),
             ChartSpec(kind=ChartKind.SHARE, top_n=4), ChartSpec(kind=ChartKind.CHANGE, top_n=3),
             ChartSpec(kind=ChartKind.STACKED, top_n=3), ChartSpec(sort_desc=False, top_n=3),
             ChartSpec(kind=ChartKind.YEARS, top_n=3), ChartSpec(regions="all", include_totals=True, top_n=4)]
    pairs = Pairs(specs, 4)
    for i, table_no in enumerate((None, 1, 10)):
        dataset = dataset_for(conn, table_no, "long")
        for j, filters in enumerate(RANGES):
            for k, sort in enumerate(((), (("value", False),))):
                # the whole frame (spec-free) of one sort per table and filter, each sort with every table and filter
                _same(conn, dataset, QueryState(filters=filters, sort=sort), pairs.pick(i, j, k),
                      whole=(i + j + k) % 2 == 0)
    pairs.check()
    dataset = dataset_for(conn, None, "long")
    for filters, spec in ((RANGES[0], ChartSpec(top_n=3)), (RANGES[2], ChartSpec(kind=ChartKind.CHANGE_PCT, top_n=3))):
        state = QueryState(filters=filters)
        assert _scans(conn, lambda c=spec, s=state: chart_frame(conn, dataset, s, c)) == [], (filters, spec)
        assert _scans(conn, lambda c=spec, s=state: chart_frame(conn, dataset, s, c, seek=False))


def test_a_range_filtered_chart_finds_its_slices_in_one_statement(conn):
    """The slices with a row in a numeric range are sought in the range's chart index by one statement (an EXISTS
    per slice and kind counted at build), not one query each (hundreds at a million rows)."""
    dataset = dataset_for(conn, None, "long")
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        chart_frame(conn, dataset, QueryState(filters=(ColumnFilter("value", low=1000),)), ChartSpec())
    finally:
        conn.set_trace_callback(None)
    assert len(statements) < 25, len(statements)


def test_a_sorted_stacked_chart_ranks_only_the_regions_that_win_a_tie(tied):
    """Sorted otherwise than in the view's default order, the regions tied at the cut (each region's copies) are
    sorted by their first row in the view's order, and only those that fit in the top N are ranked by the chart's
    query: each kind's top N, not every region tied with the N-th (the same bars: the test above)."""
    import json
    import re

    dataset = dataset_for(tied, None, "long")
    spec = ChartSpec(kind=ChartKind.STACKED, top_n=2)
    for sort in ((("value", False),), (("region_zh", True),)):
        statements: list[str] = []
        tied.set_trace_callback(statements.append)
        try:
            frame = chart_frame(tied, dataset, QueryState(sort=sort), spec)
        finally:
            tied.set_trace_callback(None)
        (main,) = [sql for sql in statements if sql.lstrip().startswith("WITH v AS")]
        assert len(json.loads(re.search(r"json_each\('(\[.*?\])'\)", main)[1])) <= 2 * len(frame.kind_counts)


def test_a_chinese_quick_text_is_not_tried_on_the_latin_columns(conn):
    """English names and pinyin never hold a Chinese character: a quick text with one tests the Chinese names only
    (LIKE of a Chinese word over the other two took two thirds of a quick filter at a million rows) and keeps the
    same rows; Latin text still tries every column, and a dataset that does not vouch for its columns (a console
    query's) tries them all."""
    from dataclasses import replace

    from ipexplorer.query.builder import _quick_keys, count_sql

    def english(dataset, text) -> bool:
        """Whether `text` is tried on the English names (by LIKE, or from a word's start)."""
        keys, _pinyin, from_start = _quick_keys(dataset, text)
        return "region_en" in keys or from_start

    for table_no, layout in ((None, "long"), (2, "wide"), (101, "wide")):
        dataset = dataset_for(conn, table_no, layout)
        # each column says whether it holds Latin text alone (Column.latin): English names and pinyin
        assert dataset.latin_keys == ({"region_en"} if table_no == 101 else {"region_en", "pinyin"})
        unsure = replace(dataset, columns=tuple(replace(c, latin=False) for c in dataset.columns))
        for text in ("广东", "江", "美国", "东京", "Japan", "guang"):
            state = QueryState(quick_text=text)
            keys, pinyin, _from_start = _quick_keys(dataset, text)
            assert english(dataset, text) == ("pinyin" in keys or pinyin is not None) == text.isascii(), text
            assert english(unsure, text) == ("region_en" in dataset.quick_filter_keys)
            assert conn.execute(*count_sql(dataset, state)).fetchone() == conn.execute(*count_sql(unsure, state)
                                                                                        ).fetchone(), text


def test_a_table_sorted_by_the_charted_number_reads_no_ties(tied):
    """Sorted by the number charted, largest first: equal numbers fall in row-key order, so each kind's top N are
    read in that order off the index without every region tied with the last — the same bars as ranking every row,
    in a fraction of the steps."""
    dataset = dataset_for(tied, None, "long")
    for field, kind in (("value", ChartKind.BARS), ("share", ChartKind.SHARE), ("change_abs", ChartKind.CHANGE)):
        state = QueryState(sort=((field, False),))
        specs = [ChartSpec(kind=kind, top_n=n) for n in (1, 2, 5, 30)] + [ChartSpec(kind=kind, regions="all",
                                                                                    include_totals=True, top_n=4)]
        _same(tied, dataset, state, specs, whole=False)   # (whole frames: see the tied totals' test)
        _same(tied, dataset_for(tied, 3, "long"), state, specs[:3], whole=False)

    def ranked(state: QueryState) -> int:
        """How many regions the chart's own query ranks (the candidates sought)."""
        import json
        import re

        statements: list[str] = []
        tied.set_trace_callback(statements.append)
        try:
            chart_frame(tied, dataset, state, ChartSpec(top_n=2))
        finally:
            tied.set_trace_callback(None)
        (main,) = [sql for sql in statements if sql.lstrip().startswith("WITH v AS")]
        return len(json.loads(re.search(r"json_each\('(\[.*?\])'\)", main)[1]))

    kinds = len(chart_frame(tied, dataset, QueryState(), ChartSpec(top_n=2)).kind_counts)
    # at most the top 2 of each kind (a total is one region); with a second sort key every tie is read
    assert ranked(QueryState(sort=(("value", False),))) <= 2 * kinds < ranked(QueryState(
        sort=(("value", False), ("region_zh", True))))
