"""The command line on other machines and with odd input: any output encoding, no tracebacks, column titles."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipexplorer.cli import main


def run_cli(args: list, encoding: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run([sys.executable, "-m", "ipexplorer", *args], capture_output=True, env=env, timeout=300)


@pytest.mark.parametrize("encoding", ["gbk", "cp1252", "ascii"])
def test_search_prints_what_the_stream_can_hold(built_db, encoding):
    done = run_cli(["search", "专利", "--db", str(built_db)], encoding)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr and b"results for" in done.stdout


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_check_and_build_db_print_what_the_stream_can_hold(built_db, tmp_path, encoding):
    checked = run_cli(["check", "--db", str(built_db)], encoding)
    assert checked.returncode == 0 and b"Traceback" not in checked.stderr, checked.stderr
    built = run_cli(["build-db", "--db", str(tmp_path / "x.sqlite")], encoding)
    assert built.returncode == 0 and b"Traceback" not in built.stderr, built.stderr
    assert b"identities verified" in built.stdout


def test_search_for_bytes_that_are_not_utf8(built_db):
    done = run_cli([b"search", b"\xff\xfe", b"--db", os.fsencode(built_db)])
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("table", ["0", "999", "99999999999999999999999"])
@pytest.mark.parametrize("layout", ["wide", "long"])
def test_a_table_that_does_not_exist_is_named(built_db, tmp_path, capsys, table, layout):
    out = tmp_path / "x.csv"
    assert main(["export", "--db", str(built_db), "--table", table, "--layout", layout, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"no table {table}; tables: 1, 2," in err
    assert not out.exists()


def test_a_filter_value_beyond_sqlites_integers_is_compared_not_a_crash(built_db, tmp_path, capsys):
    out = tmp_path / "x.csv"
    assert main(["export", "--db", str(built_db), "--table", "1", "--filter", "c1=" + "9" * 25,
                 "--out", str(out)]) == 0
    assert "Wrote 0 rows" in capsys.readouterr().out


def test_check_with_a_name_too_long(tmp_path, capsys):
    assert main(["check", "--db", str(tmp_path / ("a" * 253 + ".sqlite"))]) == 1
    err = capsys.readouterr().err
    assert "too long" in err and "Traceback" not in err


def test_export_out_too_long(built_db, tmp_path, capsys):
    assert main(["export", "--db", str(built_db), "--table", "1", "--out", str(tmp_path / ("a" * 256 + ".csv"))]) == 1
    assert "bytes long" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def header_and_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[2:]   # wide: the group row, the titles, then data


def test_year_on_the_wide_layout_keeps_that_years_columns(built_db, tmp_path):
    out = tmp_path / "y.csv"
    assert main(["export", "--db", str(built_db), "--table", "1", "--filter", "year=2020", "--out", str(out)]) == 0
    groups, rows = header_and_rows(out)
    years = {g for g in groups if g}
    assert "2020年" in years and "2019年" not in years and len(rows) == 51


def test_a_column_title_as_users_see_it_filters_like_its_key(built_db, tmp_path):
    by_title, by_key = tmp_path / "t.csv", tmp_path / "k.csv"
    assert main(["export", "--db", str(built_db), "--table", "1", "--filter", "2020 合计>=100000",
                 "--out", str(by_title)]) == 0
    assert main(["export", "--db", str(built_db), "--table", "1", "--filter", "c4>=100000", "--out", str(by_key)]) == 0
    assert by_title.read_text(encoding="utf-8-sig") == by_key.read_text(encoding="utf-8-sig")
    assert 5 <= len(header_and_rows(by_title)[1]) < 51
    again = tmp_path / "e.csv"
    assert main(["export", "--db", str(built_db), "--table", "1", "--filter", "2020 Patents (all types)>=100000",
                 "--filter", "Region=Guangdong", "--out", str(again)]) == 0
    assert len(header_and_rows(again)[1]) == 1


def test_an_ambiguous_title_lists_the_columns_it_could_be(built_db, tmp_path, capsys):
    assert main(["export", "--db", str(built_db), "--table", "1", "--filter", "合计>=100000",
                 "--out", str(tmp_path / "a.csv")]) == 2
    err = capsys.readouterr().err
    assert "names 6 columns" in err and "2020年 合计" in err


def test_ordering_a_text_column_says_it_holds_text(built_db, tmp_path, capsys):
    assert main(["export", "--db", str(built_db), "--table", "1", "--filter", "region_en>=5",
                 "--out", str(tmp_path / "a.csv")]) == 2
    assert "holds text" in capsys.readouterr().err
    assert main(["export", "--db", str(built_db), "--table", "1", "--filter", "c4>=many",
                 "--out", str(tmp_path / "a.csv")]) == 2
    assert "holds numbers; 'many' is not a number" in capsys.readouterr().err


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_columns_lists_the_names_filters_accept(built_db, capsys, layout):
    assert main(["columns", "--table", "1", "--layout", layout, "--db", str(built_db)]) == 0
    out = capsys.readouterr().out
    if layout == "wide":
        assert "c4" in out and "2020年 合计" in out and "2020 Patents (all types)" in out
    else:
        assert "year" in out and "年份" in out


def test_columns_of_a_table_that_does_not_exist(built_db, capsys):
    assert main(["columns", "--table", "0", "--db", str(built_db)]) == 2
    assert "no table 0" in capsys.readouterr().err


def test_a_query_of_only_comments_is_an_error_not_an_empty_file(built_db, tmp_path, capsys):
    out = tmp_path / "n.csv"
    assert main(["export", "--db", str(built_db), "--sql", "-- nothing", "--out", str(out)]) == 1
    assert "empty" in capsys.readouterr().err
    assert not out.exists()


def test_an_unexpected_error_is_one_line_and_logged(built_db, tmp_path, capsys, monkeypatch):
    import ipexplorer.cli as cli

    def boom(_args):
        raise RuntimeError("something odd")

    monkeypatch.setattr(cli, "cmd_search", boom)
    assert main(["search", "x", "--db", str(built_db)]) == 1
    err = capsys.readouterr().err
    assert "RuntimeError: something odd" in err and "Traceback" not in err


def test_a_failed_gui_start_exits_non_zero(tmp_path):
    """`--db` under a file: the database cannot be built, the start fails, the exit code says so."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "ipexplorer", "--db", str(blocker / "x.sqlite"),
                           "--exit-after-first-paint"], capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
