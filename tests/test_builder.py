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
