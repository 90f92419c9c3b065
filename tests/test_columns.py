"""One rule for what is a code (year, table, report line) and what a count, for datasets and queries alike."""

from __future__ import annotations

from ipexplorer.query.builder import QueryState, select_sql
from ipexplorer.query.columns import Kind, column_kind
from ipexplorer.query.datasets import dataset_for
from ipexplorer.store.database import connect


def test_a_query_result_gets_the_kinds_the_datasets_declare(built_db):
    conn = connect(built_db)
    checked = 0
    for table_no, layout in ((1, "wide"), (3, "long"), (None, "long"), (101, "wide")):
        dataset = dataset_for(conn, table_no, layout)
        sql, params = select_sql(dataset, QueryState(), limit=300)
        rows = conn.execute(sql, params).fetchall()
        for i, col in enumerate(dataset.columns, start=1):
            if col.kind in (Kind.INT, Kind.CODE):
                values = [r[i] for r in rows]
                if any(v is not None for v in values):
                    assert column_kind(col.key, values) is col.kind, (dataset.key, col.key)
                    checked += 1
    assert checked > 20
    conn.close()


def test_codes_counts_and_text():
    assert column_kind("year", [2019, 2020]) is Kind.CODE
    assert column_kind("table_no", [1, None]) is Kind.CODE
    assert column_kind("source_line", [1578]) is Kind.CODE
    assert column_kind("value", [2019, 2020]) is Kind.INT
    assert column_kind("share", [0.5, 1]) is Kind.FLOAT
    assert column_kind("year", ["2020年"]) is Kind.TEXT
    assert column_kind("flag", [True]) is Kind.TEXT
    assert column_kind("empty", [None]) is Kind.TEXT
