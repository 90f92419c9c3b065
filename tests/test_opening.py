"""The opening rules: which files at the database path are used, rebuilt by themselves, or refused untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from ipexplorer.cli import main
from ipexplorer.store import schema
from ipexplorer.store.build import build_database
from ipexplorer.store.database import connect, ensure_database, inspect_database
from ipexplorer.store.errors import DatabaseRefused


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def built_from(db: Path) -> list[str]:
    conn = connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT sha256 FROM reports")]
    finally:
        conn.close()


def test_a_built_database_carries_the_mark(built_db):
    header = built_db.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == schema.APPLICATION_ID
    assert int.from_bytes(header[60:64], "big") == schema.SCHEMA_VERSION


# --- ours: used, or rebuilt by itself ------------------------------------------------------------------------

def test_missing_database_is_built(tmp_path, report_path):
    db = tmp_path / "sub" / "new.sqlite"
    assert inspect_database(db, report_path).reason == "missing"
    assert ensure_database(db, report_path) is not None
    assert inspect_database(db, report_path).usable
    assert ensure_database(db, report_path) is None  # kept as is the second time


def test_a_corrupt_database_of_ours_is_rebuilt(db_copy, report_path):
    data = bytearray(db_copy.read_bytes())
    data[8192:len(data) // 2] = b"\xa5" * (len(data) // 2 - 8192)   # the mark survives in the header
    db_copy.write_bytes(bytes(data))
    assert inspect_database(db_copy, report_path).reason.startswith("corrupt")
    ensure_database(db_copy, report_path)
    assert inspect_database(db_copy, report_path).usable


def test_a_truncated_database_of_ours_is_rebuilt(db_copy, report_path):
    data = db_copy.read_bytes()
    db_copy.write_bytes(data[: len(data) // 3])
    assert inspect_database(db_copy, report_path).action == "build"
    ensure_database(db_copy, report_path)
    assert inspect_database(db_copy, report_path).usable


@pytest.fixture(scope="module")
def other_built(tmp_path_factory, report_lines):
    """Another report (the shipped one with a line added) and a database built from it, made once for the module's
    tests, which each take a copy of the database (other_db)."""
    folder = tmp_path_factory.mktemp("other-report")
    report = folder / "other.txt"
    report.write_text("\n".join([*report_lines, "附加的一行"]) + "\n", encoding="utf-8")
    db = folder / "other.sqlite"
    build_database(report, db)
    return report, db


@pytest.fixture
def other_db(other_built, tmp_path):
    """(the other report, a copy of the database built from it of the test's own)"""
    report, built = other_built
    db = tmp_path / "other.sqlite"
    db.write_bytes(built.read_bytes())
    return report, db


def test_an_older_schema_is_rebuilt_from_its_own_report(other_db):
    other, db = other_db
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    state = inspect_database(db)
    assert "schema version 1" in state.reason and state.reports == (other.resolve(),)
    ensure_database(db)
    assert inspect_database(db).usable
    assert built_from(db) == [digest(other)]    # not the shipped report


def test_a_database_from_another_report_is_used_as_it_is(other_db, tmp_path, capsys):
    _other, db = other_db
    before = digest(db)
    assert inspect_database(db).usable
    assert main(["search", "专利", "--db", str(db)]) == 0
    assert main(["export", "--table", "1", "--db", str(db), "--out", str(tmp_path / "t.csv")]) == 0
    assert digest(db) == before


def test_an_older_schema_whose_reports_are_gone_is_refused_with_the_command_to_run(mutated_report, tmp_path):
    other = mutated_report(lambda lines: [*lines, "附加的一行"], name="other.txt")
    db = tmp_path / "other.sqlite"
    build_database(other, db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    other.unlink()
    before = digest(db)
    with pytest.raises(DatabaseRefused, match=r"ipexplorer build-db --report .*other\.txt --db") as info:
        ensure_database(db)
    assert str(db) in str(info.value)
    assert digest(db) == before


def test_a_database_of_schema_5_built_from_the_shipped_report_is_rebuilt(db_copy):
    conn = sqlite3.connect(db_copy)
    conn.execute("PRAGMA application_id = 0")     # written before the mark existed
    conn.execute("PRAGMA user_version = 5")
    conn.execute("DROP TABLE reports")
    conn.commit()
    conn.close()
    assert inspect_database(db_copy).action == "build"
    ensure_database(db_copy)
    assert inspect_database(db_copy).usable


def test_a_database_of_schema_5_from_another_report_is_refused(db_copy):
    conn = sqlite3.connect(db_copy)
    conn.execute("PRAGMA application_id = 0")
    conn.execute("PRAGMA user_version = 5")
    conn.execute("DROP TABLE reports")
    conn.execute("UPDATE meta SET value = 'feed' WHERE key = 'report_sha256'")
    conn.execute("UPDATE meta SET value = 'cnipa-2019.txt' WHERE key = 'report_name'")
    conn.commit()
    conn.close()
    before = digest(db_copy)
    with pytest.raises(DatabaseRefused, match=r"build-db --report cnipa-2019\.txt"):
        ensure_database(db_copy)
    assert digest(db_copy) == before


# --- not ours: refused, byte-identical -----------------------------------------------------------------------

def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE mine (x)")
    conn.execute("INSERT INTO mine VALUES (42)")
    conn.commit()
    conn.close()


def _empty_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 0")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.commit()
    conn.close()


def _other_app(path: Path) -> None:
    _foreign_sqlite(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.commit()
    conn.close()


def _legacy_lookalike(path: Path) -> None:   # schema number 3, but no ipexplorer meta table
    _foreign_sqlite(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


FOREIGN = {
    "another program's SQLite": _foreign_sqlite,
    "an empty SQLite file": _empty_sqlite,
    "another application id": _other_app,
    "a schema number without our meta": _legacy_lookalike,
    "a text file": lambda p: p.write_text("my notes\n" * 200, encoding="utf-8"),
    "random bytes": lambda p: p.write_bytes(os.urandom(8192)),
    "an empty file": lambda p: p.write_bytes(b""),
}


@pytest.mark.parametrize("make", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_file_that_is_not_ours_is_refused_by_every_command(make, tmp_path, capsys):
    db = tmp_path / "theirs.sqlite"
    make(db)
    before = digest(db)
    state = inspect_database(db)
    assert state.refused and str(db) in state.message()
    for argv in (["search", "专利"], ["export", "--table", "1", "--out", str(tmp_path / "t.csv")], ["check"],
                 ["build-db"]):
        assert main([*argv, "--db", str(db)]) == 1, argv
        err = capsys.readouterr().err
        assert str(db) in err and "Traceback" not in err, argv
        assert digest(db) == before, argv
    assert not (tmp_path / "t.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.sqlite"]   # no temporary file left


def test_a_database_of_a_newer_schema_is_refused(db_copy):
    conn = sqlite3.connect(db_copy)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(db_copy)
    with pytest.raises(DatabaseRefused, match="newer ipexplorer"):
        ensure_database(db_copy)
    assert digest(db_copy) == before


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    assert main(["search", "专利", "--db", str(folder)]) == 1
    assert list(folder.iterdir()) == []


def test_a_locked_database_is_locked_not_corrupt(db_copy, capsys):
    other = sqlite3.connect(db_copy, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        other.execute("INSERT INTO meta VALUES ('theirs', 'committed')")
        state = inspect_database(db_copy)
        assert state.refused and "locked by another program" in state.message()
        assert main(["search", "专利", "--db", str(db_copy)]) == 1
        err = capsys.readouterr().err
        assert "locked by another program" in err and "corrupt" not in err
        assert main(["build-db", "--db", str(db_copy)]) == 1
        assert "locked by another program" in capsys.readouterr().err
        other.execute("COMMIT")
    finally:
        other.close()
    conn = connect(db_copy)
    assert conn.execute("SELECT value FROM meta WHERE key = 'theirs'").fetchone() == ("committed",)
    conn.close()


def test_a_pending_write_of_another_program_blocks_a_rebuild(db_copy):
    conn = sqlite3.connect(db_copy)
    conn.execute("PRAGMA user_version = 1")   # ours and old: would be rebuilt
    conn.close()
    other = sqlite3.connect(db_copy, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO meta VALUES ('theirs', 'pending')")
        with pytest.raises(DatabaseRefused, match="locked by another program"):
            ensure_database(db_copy)
        other.execute("COMMIT")
    finally:
        other.close()


def test_a_symlinked_database_is_updated_at_its_target(tmp_path, report_path):
    target = tmp_path / "real" / "ipexplorer.sqlite"
    target.parent.mkdir()
    link = tmp_path / "link.sqlite"
    link.symlink_to(target)
    assert main(["build-db", "--db", str(link)]) == 0      # dangling: built at the target
    assert link.is_symlink() and target.is_file()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    ensure_database(link)                                 # an older schema: rebuilt, through the link
    assert link.is_symlink() and inspect_database(target).usable
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.sqlite", "real"]


def test_the_python_api_refuses_a_file_that_is_not_ours(tmp_path):
    import ipexplorer
    from ipexplorer.api import APIError

    db = tmp_path / "theirs.sqlite"
    _foreign_sqlite(db)
    before = digest(db)
    with pytest.raises(APIError, match="another program"):
        ipexplorer.open(db)
    assert digest(db) == before
