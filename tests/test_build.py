"""Building the database: contents, the stable view, atomicity, bad input and rebuild triggers."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import line_index

from ipexplorer.report.source import ReportError
from ipexplorer.store import schema
from ipexplorer.store.build import BuildError, IntegrityError, build_database
from ipexplorer.store.database import connect


def test_observations_view_is_the_documented_contract(built_db):
    conn = connect(built_db)
    cols = [d[0] for d in conn.execute("SELECT * FROM observations LIMIT 1").description]
    assert tuple(cols) == schema.OBSERVATIONS_COLUMNS
    n = conn.execute("SELECT count(*) FROM observations WHERE table_no <= 12").fetchone()[0]
    assert n == 6460
    row = conn.execute(
        "SELECT region_en, region_kind, parent_zh, value, unit, source_line FROM observations "
        "WHERE table_no = 1 AND region_zh = '深圳' AND year = 2020 AND ip_type = 'invention'").fetchone()
    assert row == ("Shenzhen", "sub_provincial", "广东", 87267, "件", 1611)
    assert isinstance(row[3], int)
    assert conn.execute("SELECT iso_alpha3 FROM observations WHERE region_zh = '日本' LIMIT 1").fetchone() == ("JPN",)


def test_database_records_schema_version_and_report_hash(built_db, report_path):
    import hashlib

    conn = connect(built_db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert meta["report_sha256"] == hashlib.sha256(report_path.read_bytes()).hexdigest()
    titles = conn.execute("SELECT count(*), count(title_en) FROM report_table WHERE table_no <= 12").fetchone()
    assert titles == (12, 12)


def test_pinyin_sort_key_orders_provinces(built_db):
    conn = connect(built_db)
    names = [r[0] for r in conn.execute(
        "SELECT name_zh FROM region WHERE kind = 'province' ORDER BY pinyin_key")]
    assert names[:3] == ["安徽", "北京", "重庆"]  # an, bei, chong
    assert names.index("山西") < names.index("陕西")  # shan1 xi1 < shan3 xi1
    assert names[-1] == "浙江"


def test_database_is_read_only_through_connect(built_db):
    conn = connect(built_db)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM observation")


def test_indexes_serve_the_ui_filters(built_db):
    conn = connect(built_db)
    plan = " ".join(r[-1] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT value FROM observation WHERE table_no = 1 AND region_id = 5"))
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan


# --- bad input: a clear error naming the line, and the existing database untouched ---------

def truncate_in_table(lines):
    return lines[: line_index(lines, "美国\t", line_index(lines, "表 12 "))]


def non_numeric_cell(lines):
    i = line_index(lines, "北京\t", line_index(lines, "表 3 "))
    lines[i] = lines[i].replace("\t", "\t1O", 1)
    return lines


def wrong_cell_count(lines):
    i = line_index(lines, "江苏\t", line_index(lines, "表 7 "))
    lines[i] = lines[i] + "\t5"
    return lines


def missing_table(lines):
    start = line_index(lines, "表 10 ")
    end = line_index(lines, "表 11 ")
    return lines[:start] + lines[end:]


def duplicated_table(lines):
    start = line_index(lines, "表 9 ")
    end = line_index(lines, "表 10 ")
    return lines[:end] + lines[start:end] + lines[end:]


def unknown_region(lines):
    i = line_index(lines, "法国\t", line_index(lines, "表 2 "))
    lines[i] = lines[i].replace("法国", "法兰西帝国")
    return lines


def changed_total(lines):
    i = line_index(lines, "国内总计\t", line_index(lines, "表5"))
    lines[i] = lines[i].replace("\t", "\t9", 1)
    return lines


MUTATIONS = [
    (truncate_in_table, r"truncated", None),
    (non_numeric_cell, r"'1O.*' .* is not a number", 3),
    (wrong_cell_count, r"row has 8 cells, expected 7", 7),
    (missing_table, r"table\(s\) 10 missing", None),
    (duplicated_table, r"table 9 appears twice", 9),
    (unknown_region, r"法兰西帝国", 2),
    (changed_total, r"identity violation", None),
]


@pytest.mark.parametrize(("edit", "message", "table_no"), MUTATIONS, ids=[m[0].__name__ for m in MUTATIONS])
def test_bad_report_fails_clearly_and_keeps_the_database(edit, message, table_no, mutated_report, db_copy):
    before = db_copy.read_bytes()
    bad = mutated_report(edit)
    with pytest.raises(ReportError, match=message) as info:
        build_database(bad, db_copy)
    if table_no is not None:
        assert info.value.table_no == table_no
        assert info.value.line is not None and f"line {info.value.line}" in str(info.value)
    assert db_copy.read_bytes() == before
    assert not list(db_copy.parent.glob(".*.tmp")), "temporary file left behind"


def test_integrity_error_lists_each_violation(mutated_report, tmp_path):
    with pytest.raises(IntegrityError) as info:
        build_database(mutated_report(changed_total), tmp_path / "x.sqlite")
    v = info.value.violations[0]
    assert (v.table_no, v.row) == (5, "国内总计")
    assert not (tmp_path / "x.sqlite").exists()


def test_not_utf8_names_the_line(tmp_path, report_path, db_copy):
    data = report_path.read_bytes().split(b"\n")
    data[41] = "国家知识产权局".encode("gb18030")
    bad = tmp_path / "gbk.txt"
    bad.write_bytes(b"\n".join(data))
    before = db_copy.read_bytes()
    with pytest.raises(ReportError, match="not UTF-8") as info:
        build_database(bad, db_copy)
    assert info.value.line == 42
    assert db_copy.read_bytes() == before


def test_missing_report(tmp_path):
    with pytest.raises(ReportError, match="report not found"):
        build_database(tmp_path / "nope.txt", tmp_path / "db.sqlite")


def test_unwritable_location_is_a_build_error(tmp_path, report_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(BuildError, match="cannot write"):
        build_database(report_path, blocker / "db.sqlite")


# --- one build flow: parse everything in memory, then write it in one transaction --------------

def test_the_stages_parse_into_memory_without_a_database(report_path, built_db):
    """Every stage is a function of the parsed edition: no connection is open while the report is parsed."""
    import inspect

    from ipexplorer.report.source import read_report
    from ipexplorer.store.parse import ParsedEdition, parse_edition, stages

    for name, stage in stages():
        assert list(inspect.signature(stage).parameters) == ["parsed"], name
    parsed = parse_edition(read_report(report_path))
    assert isinstance(parsed, ParsedEdition) and parsed.year == 2020
    assert sum(len(t.rows) * len(t.columns) for t in parsed.tables) == 6460
    assert [t.number for t in parsed.intext] == [101, 102, 103, 104]
    stored = connect(built_db)
    try:
        events, figures = stored.execute(
            "SELECT (SELECT count(*) FROM event), (SELECT count(*) FROM figure)").fetchone()
    finally:
        stored.close()
    assert (len(parsed.events), len(parsed.figures), len(parsed.checks)) == (events, figures, 81)


def test_the_write_reads_nothing_back_and_commits_once(report_path, tmp_path, monkeypatch, built_db):
    """While the parsed rows are written, any SELECT fails (INSERT … SELECT too); then SQL derives what it
    computes from them; one BEGIN, one COMMIT. The database is the same as the shared build's."""
    import ipexplorer.store.build as build

    real_connect, real_derive = sqlite3.connect, build.derive
    phase = {"now": "write"}
    statements: list[str] = []

    def deny_reads(action, _arg1, _arg2, _db, _trigger):   # SQLITE_SELECT: every SELECT, INSERT … SELECT too
        return sqlite3.SQLITE_DENY if phase["now"] == "write" and action == sqlite3.SQLITE_SELECT else sqlite3.SQLITE_OK

    def connect(path, *args, **kwargs):
        conn = real_connect(path, *args, **kwargs)
        if str(path).endswith(".tmp"):
            conn.set_authorizer(deny_reads)
            conn.set_trace_callback(statements.append)
        return conn

    def derive(conn):
        assert conn.in_transaction   # the rows written so far are not committed yet
        phase["now"] = "derive"
        real_derive(conn)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(build, "derive", derive)
    summary = build.build_database(report_path, tmp_path / "db.sqlite")
    monkeypatch.undo()
    assert phase["now"] == "derive" and summary.observations == 6460
    verbs = [s.split(None, 1)[0].upper() for s in statements]
    assert verbs.count("BEGIN") == 1 and verbs.count("COMMIT") == 1 and verbs[-1] == "COMMIT"
    first_derived = next(i for i, s in enumerate(statements) if s.startswith("INSERT INTO observation_derived"))
    assert not any(v == "SELECT" for v in verbs[:first_derived])
    new, shared = connect_ro(tmp_path / "db.sqlite"), connect_ro(built_db)
    for query in ("SELECT * FROM observations", "SELECT * FROM events", "SELECT * FROM figure_check",
                  "SELECT para_id, text FROM paragraph", "SELECT * FROM view_long"):
        assert new.execute(query).fetchall() == shared.execute(query).fetchall(), query


def connect_ro(path):
    return connect(path)


def test_a_script_is_split_into_its_statements_strings_and_comments_kept():
    from ipexplorer.store.build import statements

    script = "CREATE TABLE a (x TEXT); -- a note; with a semicolon\nINSERT INTO a VALUES ('1; 2');\n-- end\n"
    assert list(statements(script)) == [
        "CREATE TABLE a (x TEXT);", "-- a note; with a semicolon\nINSERT INTO a VALUES ('1; 2');"]
    assert len(list(statements(schema.TABLES + schema.VIEWS))) == (schema.TABLES + schema.VIEWS).count("CREATE ")


def test_a_write_that_cannot_replace_the_database_names_it_and_keeps_the_old_one(report_path, db_copy, monkeypatch):
    """The build writes beside the database and renames over it (the one rename-over of export.files); a rename
    refused is a BuildError naming the database, the old file byte-identical and no temporary file left."""
    import os

    before = db_copy.read_bytes()
    db_copy.chmod(0o640)
    real_replace = os.replace

    def refused(src, dst, *args, **kwargs):
        if str(dst) == str(db_copy):
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(BuildError, match=f"cannot write the database {db_copy}: Permission denied"):
        build_database(report_path, db_copy)
    monkeypatch.undo()
    assert db_copy.read_bytes() == before
    assert not list(db_copy.parent.glob(f".{db_copy.name}.*.tmp"))
    build_database(report_path, db_copy)
    assert (db_copy.stat().st_mode & 0o777) == 0o640   # a replaced database keeps its mode
