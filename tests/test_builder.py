"""The SQL builder behind every table view: filters that combine."""

from __future__ import annotations

from ipexplorer.query.builder import ColumnFilter, QueryState, select_sql
from ipexplorer.query.datasets import dataset_for
from ipexplorer.store.database import connect


def test_two_top_n_filters_intersect_their_rankings(built_db):
    conn = connect(built_db)
    dataset = dataset_for(conn, 1, "wide")
    numeric = [c.key for c in dataset.columns if c.kind.numeric][:2]
    state = QueryState(filters=(ColumnFilter(numeric[0], top=10), ColumnFilter(numeric[1], top=10)))
    sql, params = select_sql(dataset, state)
    rows = conn.execute(sql, params).fetchall()
    top = []
    for key in numeric:
        alone, p = select_sql(dataset, QueryState(filters=(ColumnFilter(key, top=10),)))
        top.append({r[0] for r in conn.execute(alone, p)})
    assert {r[0] for r in rows} == top[0] & top[1] and 0 < len(rows) <= 10
    conn.close()


def test_a_header_click_sorts_then_reverses_and_shift_adds_keys():
    state = QueryState(quick_text="x", pinyin_order=False)
    first = state.with_sort("value", numeric=True)
    assert first.sort == (("value", False),)                    # numbers: largest first
    assert first.with_sort("value", numeric=True).sort == (("value", True),)
    both = first.with_sort("name", add=True)
    assert both.sort == (("value", False), ("name", True))       # text: A→Z, added after
    assert both.with_sort("value", add=True).sort == (("value", True), ("name", True))
    assert both.with_sort("name").sort == (("name", False),)     # a plain click keeps one key
    assert both.quick_text == "x" and not both.pinyin_order


def test_selection_stats_never_add_shares_to_counts(qapp):
    from ipexplorer.query.columns import Kind
    from ipexplorer.ui.grid.sql_grid import selection_stats

    assert "365,679" in selection_stats([215926, 149753], [Kind.INT, Kind.INT])
    mixed = selection_stats([215926, 0.25], [Kind.INT, Kind.PERCENT])
    assert "2" in mixed and "215" not in mixed
    shares = selection_stats([0.25, 0.75], [Kind.PERCENT, Kind.PERCENT])
    assert "50.0 %" in shares
