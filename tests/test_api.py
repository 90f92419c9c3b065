"""The Python API: `ipexplorer.open()` and its DataFrames hold the report's numbers, read-only."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import ipexplorer
from ipexplorer.api import APIError, Database, QueryError, QueryTimeout, ReadOnlyError


@pytest.fixture(scope="module")
def db(built_db: Path) -> Database:
    database = ipexplorer.open(built_db)
    yield database
    database.close()


def _raw(built_db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_importing_the_package_loads_neither_pandas_nor_qt_nor_the_api():
    code = ("import sys, ipexplorer; "
            "print(sorted(m for m in ('pandas', 'PySide6', 'ipexplorer.api') if m in sys.modules)); "
            "print(callable(ipexplorer.open), 'ipexplorer.api' in sys.modules, 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    # the name resolves on first use, and even then pandas waits for the first DataFrame
    assert out[1] == "True True False"


def test_the_package_names_the_api_and_refuses_other_names():
    assert ipexplorer.open is ipexplorer.api.open
    assert ipexplorer.ReadOnlyError is ReadOnlyError
    assert "open" in dir(ipexplorer)
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        _ = ipexplorer.nonsense


def test_observations_equal_the_view(db, built_db):
    df = db.observations()
    expected = _raw(built_db, "SELECT * FROM observations")
    names = [r[1] for r in _raw(built_db, "PRAGMA table_info(observations)")]
    assert list(df.columns) == names
    assert len(df) == len(expected)
    got = [tuple(None if pd.isna(v) else v for v in row) for row in df.itertuples(index=False)]
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    assert str(df["value"].dtype) == "Int64"
    appendix = db.observations(table=range(1, 13))
    assert len(appendix) == 6460
    assert df.attrs["report"] == "cnipa-annual-report-2020.zh.txt" and len(df.attrs["report_sha256"]) == 64


def test_observation_filters_take_a_value_or_a_list(db, built_db):
    one = db.observations(table=1, region="广东", year=2020, ip_type="invention")
    assert one["value"].tolist() == [r[0] for r in _raw(
        built_db, "SELECT value FROM observations WHERE table_no = 1 AND region_zh = '广东' AND year = 2020 "
                  "AND ip_type = 'invention'")]
    assert len(one) == 1
    both = db.observations(table=[1, 3], region=["Guangdong", "北京"], year=2020, measure=["applications", "grants"])
    assert set(both["table_no"]) == {1, 3} and set(both["region_zh"]) == {"广东", "北京"}
    assert len(both) == 2 * 2 * 4
    assert both.attrs["tables"] == [1, 3]
    assert db.observations(table=[]).empty


def test_edition_filters_the_reports_edition(db):
    every = db.observations(table=1)
    assert "edition" in every.columns and set(every["edition"]) == {2020}
    assert len(db.observations(table=1, edition=2020)) == len(every)
    assert db.observations(table=1, edition=[2019]).empty


def test_every_wide_table_holds_every_printed_value(db, built_db):
    """Each cell of table(n) is the value printed at that row and column (all 6,460 appendix values)."""
    cells = 0
    for n in range(1, 13):
        df = db.table(n)
        stacked = {(region, year, label): value for region, row in df.iterrows()
                   for (year, label), value in row.items() if not pd.isna(value)}
        expected = {(region, year, label): value for region, year, label, value in _raw(
            built_db, "SELECT r.name_zh, o.year, c.label_zh, o.value FROM observation o "
                      "JOIN region r ON r.region_id = o.region_id "
                      "JOIN table_column c ON c.table_no = o.table_no AND c.col_index = o.col_index "
                      "WHERE o.table_no = ?", (n,))}
        assert stacked == expected, f"table {n}"
        cells += len(stacked)
    assert cells == 6460


def test_table_1_as_printed(db, built_db):
    df = db.table(1)
    assert df.shape == (51, 8)
    assert all(str(t) == "Int64" for t in df.dtypes)
    assert df.index[0] == "国内总计" and df.index.name == "地区"
    assert list(df.columns.get_level_values(0)) == [2019] * 4 + [2020] * 4
    assert list(df.columns.get_level_values(1))[:4] == ["合计", "发明", "实用新型", "外观设计"]
    assert df.loc["广东", (2020, "发明")] == _raw(
        built_db, "SELECT value FROM observations WHERE table_no = 1 AND region_zh = '广东' AND year = 2020 "
                  "AND ip_type = 'invention'")[0][0]
    title, unit, notes, first, last = _raw(
        built_db, "SELECT title_zh, unit_zh, notes_zh, first_line, last_line FROM report_table WHERE table_no = 1")[0]
    assert df.attrs["title"] == title and df.attrs["unit"] == unit and df.attrs["notes"] == notes
    assert df.attrs["lines"] == (first, last) and len(df.attrs["source_lines"]) == 51


def test_an_in_text_table_as_printed(db):
    df = db.table(103)
    assert df.index.name == "类型" and list(df.index[:3]) == ["复审请求", "(1) 驳回复审", "(2) 复杂案件"]
    assert [c[0] for c in df.columns] == [2020, 2019] and df.iloc[0].tolist() == [367029, 360996]
    assert df.attrs["source_lines"][0] == df.attrs["lines"][0] + 1   # each row on its own line
    assert db.table(103, lang="en").index.name == "type"


def test_table_languages_and_the_long_layout(db):
    en = db.table(1, lang="en")
    assert en.index[0] == "Domestic total" and en.columns.names == ["year", "measure"]
    assert list(en.columns)[:2] == [(2019, "Patents (all types)"), (2019, "Invention patent")]
    both = db.table(1, lang="both")
    assert both.index[0] == ("国内总计", "Domestic total")
    assert both.attrs["title"].startswith("分地区国内专利申请")
    assert "Domestic patent applications" in both.attrs["title"]
    long = db.table(1, layout="long")
    assert len(long) == 51 * 8 and str(long["value"].dtype) == "Int64"
    assert long["value"].sum() == db.table(1).sum().sum()
    assert list(long.columns) == ["region_kind", "year", "measure", "ip_type", "value", "source_line"]


def test_bad_arguments_say_what_is_wrong(db):
    with pytest.raises(APIError, match=r"no table 13; the tables are 1, 2, .*104"):
        db.table(13)
    with pytest.raises(ValueError, match="layout"):
        db.table(1, layout="tall")
    with pytest.raises(ValueError, match="lang"):
        db.table(1, lang="fr")


def test_sql_reads_with_parameters(db):
    df = db.sql("SELECT region_zh, value FROM observations WHERE table_no = ? AND year = ? ORDER BY value DESC",
                (1, 2020))
    assert list(df.columns) == ["region_zh", "value"] and df.iloc[0]["region_zh"] == "国内总计"
    assert df.attrs["query"].startswith("SELECT region_zh")
    named = db.sql("SELECT count(*) AS n FROM observations WHERE table_no = :t", {"t": 1})
    assert named["n"][0] == 51 * 8


@pytest.mark.parametrize("statement", [
    "DELETE FROM observation",
    "UPDATE observation SET value = 0",
    "DROP VIEW observations",
    "ATTACH DATABASE ':memory:' AS other",
    "PRAGMA query_only = OFF",
    "SELECT 1; DELETE FROM observation",
])
def test_sql_refuses_anything_but_reading(db, db_copy, statement):
    with pytest.raises(ReadOnlyError, match="Refused"):
        db.sql(statement)
    assert db.sql("SELECT count(*) AS n FROM observation")["n"][0] == 6520


def test_sql_errors_and_the_time_limit(db):
    with pytest.raises(QueryError, match="syntax error"):
        db.sql("SELEC 1")
    slow = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT count(*) FROM n")
    db.time_limit = 0.2
    try:
        with pytest.raises(QueryTimeout, match="time limit"):
            db.sql(slow)
    finally:
        db.time_limit = 10.0
    assert db.sql("SELECT 1 AS one")["one"][0] == 1   # the connection goes on after a stop


def test_events_regions_search(db, built_db):
    events = db.events()
    assert len(events) == _raw(built_db, "SELECT count(*) FROM events")[0][0]
    wipo = db.events(partner="WIPO")
    assert len(wipo) == _raw(built_db, "SELECT count(*) FROM events WHERE partners LIKE '%WIPO%'")[0][0] > 0
    spring = db.events(start="2020-03", end="2020-04")
    assert len(spring) > 0 and spring["date"].str[:7].between("2020-03", "2020-04").all()
    coop = db.events(category=["International cooperation"], text="合作")
    assert len(coop) > 0 and coop["categories"].str.contains("International cooperation").all()
    regions = db.regions()
    assert len(regions) == _raw(built_db, "SELECT count(*) FROM region")[0][0]
    assert regions.set_index("region_zh").loc["深圳", "parent_zh"] == "广东"
    hits = db.search("Guangdong")
    assert len(hits) > 0 and hits["snippet"].str.contains("«广东»").any()
    assert hits.attrs["query"] == "Guangdong"


def test_open_builds_a_missing_database_as_the_app_does(tmp_path, monkeypatch):
    target = tmp_path / "fresh" / "ipexplorer.sqlite"
    monkeypatch.setenv("IPEXPLORER_DB", str(target))
    with ipexplorer.open() as database:
        assert database.path == target and target.exists()
        assert len(database.table(1)) == 51


def test_open_reports_a_database_it_cannot_build(tmp_path):
    with pytest.raises(APIError, match="cannot open the database"):
        ipexplorer.open(tmp_path / "new.sqlite", report=tmp_path / "no-such-report.txt")
    assert not (tmp_path / "new.sqlite").exists()


def test_jupyter_summary_and_silence(db, capsys):
    page = db._repr_html_()
    assert "16 tables" in page and "6,520 values" in page and "分地区国内专利申请年度状况" in page
    assert "1 report:" in page and "cnipa-annual-report-2020.zh.txt" in page
    assert db.table(1).attrs["reports"][0]["name"] == "cnipa-annual-report-2020.zh.txt"
    db.table(2)
    db.observations(table=5)
    db.search("专利")
    with pytest.raises(ReadOnlyError):
        db.sql("DELETE FROM observation")
    assert capsys.readouterr() == ("", "")


def test_view_gives_a_saved_view_state_filtered_sorted_and_in_its_columns(db, built_db):
    from ipexplorer.query.view import ViewState

    state = {"table": 1, "layout": "long", "names": "en", "columns": ["region_en", "year", "value"],
             "query": {"filters": [{"key": "year", "values": [2020]}, {"key": "region_kind", "values": ["province"]},
                                   {"key": "ip_type", "values": ["invention"]}, {"key": "value", "top": 5}],
                       "sort": [["value", False]]}}
    df = db.view(state)
    expected = _raw(built_db, "SELECT region_en, year, value FROM observations WHERE table_no = 1 AND year = 2020 "
                              "AND region_kind = 'province' AND ip_type = 'invention' ORDER BY value DESC LIMIT 5")
    assert list(df.columns) == ["Region", "Year", "Value"]
    assert [tuple(r) for r in df.itertuples(index=False)] == expected
    assert df.attrs["keys"] == ["region_en", "year", "value"] and df.attrs["view"]["table"] == 1
    assert db.view(ViewState.from_dict(state)).equals(df)   # a ViewState, its dict, or JSON: the same rows
    import json
    assert db.view(json.dumps(state)).equals(df)


def test_view_of_a_wide_table_and_of_a_console_query(db):
    wide = db.view({"table": 3})
    assert len(wide) == 51 and wide.columns.nlevels == 2
    assert ("2020年", "发明") in wide.columns
    query = db.view({"sql": "SELECT region_zh, value FROM observations WHERE table_no = 1 AND year = 2020",
                     "query": {"sort": [["col_2", False]]}})
    assert list(query.columns) == ["region_zh", "value"] and query["value"].is_monotonic_decreasing
    with pytest.raises(ReadOnlyError):
        db.view({"sql": "DELETE FROM observation"})
    with pytest.raises(APIError, match="no table 77"):
        db.view({"table": 77})


def test_a_database_without_the_reports_table_names_its_report_from_meta(built_db, tmp_path):
    """An older database has no `reports`: the one report it was built from comes from the meta table."""
    copy = tmp_path / "old.sqlite"
    source, target = sqlite3.connect(built_db), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    sha = target.execute("SELECT value FROM meta WHERE key = 'report_sha256'").fetchone()[0]
    kind = target.execute("SELECT type FROM sqlite_master WHERE name = 'reports'").fetchone()[0]
    target.execute(f"DROP {kind.upper()} reports")
    target.commit()
    target.close()
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        database = Database(copy, conn)
        assert database._reports == [{"edition": None, "title": "", "name": "cnipa-annual-report-2020.zh.txt",
                                      "sha256": sha}]
    finally:
        conn.close()


@pytest.mark.parametrize("call", ["sql", "view"])
def test_a_guarded_query_leaves_no_watchdog_to_interrupt_the_closed_connection(built_db, monkeypatch, call):
    """The guard's watchdog stops with the statement: it used to wake at the time limit and interrupt the
    connection, closed by then ("Exception in thread ipexplorer-sql-watchdog" after db.close())."""
    import threading
    import time

    from ipexplorer.query.view import ViewState

    raised = []
    monkeypatch.setattr(threading, "excepthook", raised.append)
    database = ipexplorer.open(built_db)
    database.time_limit = 0.2
    if call == "sql":
        assert len(database.sql("SELECT 1 AS one")) == 1
    else:
        assert len(database.view(ViewState(table=None, sql="SELECT 2 AS two"))) == 1
    database.close()
    time.sleep(0.5)
    assert raised == []
    assert not [t for t in threading.enumerate() if t.name == "ipexplorer-sql-watchdog" and t.is_alive()]
