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
