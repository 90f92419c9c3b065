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
    assert column_kind("rank_in_kind", [1, 31]) is column_kind("rank_applications_patent", [2]) is Kind.CODE
    assert column_kind("franking", [3]) is Kind.INT
    assert column_kind("value", [2019, 2020]) is Kind.INT
    assert column_kind("share", [0.5, 1]) is Kind.FLOAT
    assert column_kind("year", ["2020年"]) is Kind.TEXT
    assert column_kind("flag", [True]) is Kind.TEXT
    assert column_kind("empty", [None]) is Kind.TEXT


def test_one_formatter_reads_codes_counts_and_shares_apart():
    from ipexplorer.query.numbers import format_change, format_number, format_value

    assert format_value(2020, Kind.CODE) == "2020" and format_value(2020, Kind.INT) == "2,020"
    assert format_value(0.25, Kind.PERCENT) == "25.0 %" and format_value(1234.5, Kind.FLOAT) == "1,234.50"
    assert format_value(None, Kind.INT) == "" and format_value(None, Kind.INT, empty="—") == "—"
    assert format_value("北京", Kind.TEXT) == "北京"
    assert format_number(1_497_000, 1e4) == "150" and format_number(12_345, 1e4) == "1.23"
    assert format_number(float("nan")) == "—" and format_change(12.34) == "+12.3 %"


def test_one_like_escape_matches_wildcards_literally(built_db):
    from ipexplorer.query.builder import escape_like

    conn = connect(built_db)
    hit = conn.execute("SELECT 'a_b%c' LIKE ? ESCAPE '\\'", (f"%{escape_like('_b%')}%",)).fetchone()[0]
    miss = conn.execute("SELECT 'axbyc' LIKE ? ESCAPE '\\'", (f"%{escape_like('_b%')}%",)).fetchone()[0]
    assert (hit, miss) == (1, 0)
    conn.close()
