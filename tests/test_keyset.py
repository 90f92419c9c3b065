"""Deep pages seek after the last row shown (keyset) instead of stepping past OFFSET rows: the same rows."""

from __future__ import annotations

import sqlite3

import pytest

from ipexplorer.query.builder import ColumnFilter, QueryState, order_terms, page_sql, select_sql
from ipexplorer.query.datasets import dataset_for
from ipexplorer.ui.grid.table_model import RAW_ROLE, SqlTableModel


@pytest.fixture(scope="module")
def conn(built_db):
    connection = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    yield connection
    connection.close()


STATES = [
    QueryState(),
    QueryState(sort=(("value", False),)),
    QueryState(sort=(("value", True),)),
    QueryState(sort=(("change_abs", True),)),            # empty cells last, ascending
    QueryState(sort=(("change_pct", False),)),
    QueryState(sort=(("region_zh", True),)),              # pinyin order
    QueryState(sort=(("region_zh", False),), pinyin_order=False),
    QueryState(sort=(("region_en", True),)),              # COLLATE NOCASE
    QueryState(sort=(("year", True), ("value", False))),   # mixed directions
    QueryState(sort=(("kind_zh", True),)),                # thousands of equal keys: the row key decides
    QueryState(sort=(("share", True), ("kind_zh", False))),
    QueryState(quick_text="江", sort=(("value", False),)),
    QueryState(filters=(ColumnFilter("value", low=100, high=50_000),), sort=(("change_pct", True),)),
]


def _keyset_pages(conn, dataset, state, size: int) -> list[tuple]:
    """Every row of the view, page after page, each sought after the last row of the one before."""
    width = len(order_terms(dataset, state))
    out, after = [], None
    while True:
        sql, params = page_sql(dataset, state, size, after)
        rows = conn.execute(sql, params).fetchall()
        out += [r[:len(r) - width] for r in rows]
        if len(rows) < size:
            return out
        after = (*rows[-1][len(rows[-1]) - width:], rows[-1][0])


def _wide_states(dataset) -> list[QueryState]:
    """The same kinds of sort on a wide table's own columns: a year's value, a change (empty cells), a share."""
    value = next(c.key for c in dataset.columns if c.key.startswith("c"))
    change = next(c.key for c in dataset.columns if c.key.startswith("chg_"))
    pct = next(c.key for c in dataset.columns if c.key.startswith("pct_"))
    return [QueryState(), QueryState(sort=((value, False),)), QueryState(sort=((change, True),)),
            QueryState(sort=((pct, False), ("kind_zh", True))), QueryState(sort=(("kind_zh", True),)),
            QueryState(sort=(("region_zh", True),)), QueryState(quick_text="江", sort=((value, True),))]


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
def test_keyset_pages_give_the_offset_rows(conn, state):
    dataset = dataset_for(conn, None, "long")
    sql, params = select_sql(dataset, state)
    every = conn.execute(sql, params).fetchall()
    assert len(every) > 20
    assert _keyset_pages(conn, dataset, state, 251) == every   # 26 pages: boundaries inside long runs of ties


@pytest.mark.parametrize("table_no", [1, 9, 11])
def test_keyset_pages_of_a_wide_table_give_the_offset_rows(conn, table_no):
    dataset = dataset_for(conn, table_no, "wide")
    for state in _wide_states(dataset):
        sql, params = select_sql(dataset, state)
        every = conn.execute(sql, params).fetchall()
        assert len(every) > 3, state
        assert _keyset_pages(conn, dataset, state, 3) == every, state


def test_keyset_pages_of_a_console_query(conn):
    """The console's rows are keyed by their position in the query's own order: the same rows too (891 rows of 47
    values: a value sort's ties run across pages, the last page part full)."""
    from ipexplorer.query.console import query_dataset

    text = "SELECT table_no, year, value FROM observations WHERE value < 50 AND table_no <= 3"
    names = ["table_no", "year", "value"]
    dataset = query_dataset(text, names, conn.execute(text + " LIMIT 20").fetchall())
    for state in (QueryState(), QueryState(sort=(("col_2", True),)), QueryState(sort=(("col_3", False),))):
        sql, params = select_sql(dataset, state)
        assert _keyset_pages(conn, dataset, state, 50) == conn.execute(sql, params).fetchall()


def test_a_deep_page_seeks_in_the_index(conn):
    """The default order and a value sort seek their index for a page after a row: no sort, no full walk."""
    dataset = dataset_for(conn, None, "long")
    for state in (QueryState(), QueryState(sort=(("value", False),)), QueryState(sort=(("region_zh", True),))):
        sql, params = page_sql(dataset, state, 256)
        last = conn.execute(sql, params).fetchall()[-1]
        width = len(order_terms(dataset, state))
        sql, params = page_sql(dataset, state, 256, (*last[len(last) - width:], last[0]))
        plan = [str(r[-1]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
        reads = [p for p in plan if "view_long" in p]
        assert reads and all(p.startswith("SEARCH view_long USING") for p in reads), plan   # never a SCAN
        assert not [p for p in plan if "TEMP B-TREE" in p], plan
        assert all(">?" in p or "<?" in p or ")>(" in p or "=?" in p or "IS NULL" in p.upper() or "ISNULL" in p
                   for p in reads), plan   # a range or an equality on the index, not a walk from its start


@pytest.mark.parametrize("state", [QueryState(sort=(("kind_zh", True),)), QueryState(sort=(("change_abs", True),)),
                                   QueryState()], ids=["equal keys", "empty last", "default"])
def test_the_model_scrolled_to_the_end_holds_the_offset_rows(qtbot, built_db, conn, monkeypatch, state):
    """Scrolling (fetchMore page by page) to the end, then Ctrl+A's fetch of all the rest, give the rows of the
    one OFFSET-free query in its order; back at the top the first rows are the first rows."""
    monkeypatch.setattr(SqlTableModel, "CHUNK", 200)
    dataset = dataset_for(conn, None, "long")
    sql, params = select_sql(dataset, state)
    every = conn.execute(sql, params).fetchall()
    model = SqlTableModel(built_db)
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.set_dataset(dataset, state)
    for _ in range(5):   # scroll a few pages, then select all
        qtbot.waitUntil(lambda: not model._fetching, timeout=10000)
        model.fetchMore()
    qtbot.waitUntil(lambda: not model._fetching, timeout=10000)
    assert model.rowCount() == 6 * 200
    model.fetch_all()
    qtbot.waitUntil(lambda: model.fully_loaded, timeout=20000)
    assert model.rowCount() == len(every)
    last = len(every) - 1   # every cell as stored (a column at once: an index per cell costs a second here)
    shown = list(zip(*(model.column_slice(c, 0, last) for c in range(model.columnCount())), strict=True))
    assert shown == [row[1:] for row in every]
    assert [model.index(last, c).data(RAW_ROLE) for c in range(model.columnCount())] == list(every[-1][1:])
    assert [model.row_id(r) for r in range(len(every))] == [row[0] for row in every]
    model.shutdown()
