"""The command line: build-db and check print what they did and exit non-zero on failure."""

from __future__ import annotations

import sqlite3

from conftest import line_index

from ipexplorer.cli import main


def test_build_db_prints_counts_and_identities(tmp_path, capsys):
    db = tmp_path / "cli.sqlite"
    assert main(["build-db", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "table  1:   408 values" in out and "table 12:    82 values" in out
    assert "identities verified, 0 violations" in out
    assert db.exists()


def test_db_option_and_environment_variable(tmp_path, built_db, capsys, monkeypatch):
    env_db = tmp_path / "env.sqlite"
    monkeypatch.setenv("IPEXPLORER_DB", str(env_db))
    assert main(["build-db"]) == 0
    assert env_db.exists()
    capsys.readouterr()
    # the option, before the subcommand too, over the variable (a database that is not there would be built)
    monkeypatch.setenv("IPEXPLORER_DB", str(tmp_path / "missing" / "x.sqlite"))
    assert main(["--db", str(built_db), "search", "专利", "--limit", "1"]) == 0
    assert "results for" in capsys.readouterr().out and not (tmp_path / "missing").exists()


def test_check_passes_on_the_report_and_a_fresh_database(built_db, capsys):
    assert main(["check", "--db", str(built_db)]) == 0
    out = capsys.readouterr().out
    assert "0 violations" in out and "matches the report" in out
    # the narrative's own disagreements with the tables are listed, and do not fail the check
    assert "81 headline-figure cross-checks against the tables: 75 agree, 6 disagree" in out
    assert "line 691: 山东: 810件 vs 812 (表10 山东 2020)" in out


def test_check_fails_on_a_violation(mutated_report, tmp_path, capsys):
    def edit(lines):
        i = line_index(lines, "北京\t")
        i = line_index(lines, "北京\t", i + 1)  # the data row, not the narrative
        cells = lines[i].split("\t")
        cells[1] = str(int(cells[1]) + 5)
        lines[i] = "\t".join(cells)
        return lines

    bad = mutated_report(edit)
    assert main(["check", "--report", str(bad), "--db", str(tmp_path / "none.sqlite")]) == 1
    out = capsys.readouterr().out
    assert "violation(s)" in out and "row 北京" in out and "expected" in out and "actual" in out


def test_check_fails_when_the_database_differs(db_copy, capsys):
    conn = sqlite3.connect(db_copy)
    conn.execute("UPDATE observation SET value = value + 1 WHERE obs_id = 10")
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(db_copy)]) == 1
    assert "differs from the report" in capsys.readouterr().out


def test_build_db_failure_exits_non_zero_and_keeps_the_database(mutated_report, db_copy, capsys):
    before = db_copy.read_bytes()
    bad = mutated_report(lambda lines: lines[:2000])
    assert main(["build-db", "--report", str(bad), "--db", str(db_copy)]) == 1
    err = capsys.readouterr().err
    assert "error:" in err and "left unchanged" in err and "Traceback" not in err
    assert db_copy.read_bytes() == before


def test_the_console_script_entry_runs_the_cli_in_process(built_db, db_copy, tmp_path, capsys):
    """`ipexplorer.main.main` (what the `ipexplorer` script calls) hands subcommands to the CLI, exit codes too."""
    from ipexplorer.main import main as entry

    assert entry(["check", "--db", str(built_db)]) == 0
    assert "matches the report" in capsys.readouterr().out
    conn = sqlite3.connect(db_copy)
    conn.execute("UPDATE observation SET value = value + 1 WHERE obs_id = 10")
    conn.commit()
    conn.close()
    assert entry(["--db", str(db_copy), "check"]) == 1
    out = tmp_path / "t9.csv"
    assert entry(["export", "--db", str(built_db), "--table", "9", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8-sig").count("\n") == 2 + 43     # two header rows, 43 rows


def test_build_db_and_add_report_say_alike_what_they_did_not_write(mutated_report, report_path, db_copy, tmp_path,
                                                                   capsys):
    """A failed write names its cause and the database kept; a refused file's message says it was left untouched,
    once — from build-db and from add-report alike."""
    bad = mutated_report(lambda lines: lines[:2000])
    foreign = tmp_path / "notes.sqlite"
    foreign.write_text("not a database\n", encoding="utf-8")
    for command, good in ((["build-db", "--report"], ["build-db", "--report", str(report_path)]),
                          (["add-report"], ["add-report", str(report_path)])):
        assert main([*command, str(bad), "--db", str(db_copy)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("error:") and err.count("left unchanged") == 1 and "Traceback" not in err, command
        assert main([*good, "--db", str(foreign)]) == 1
        err = capsys.readouterr().err
        assert "left untouched" in err and "left unchanged" not in err, command
        assert foreign.read_text(encoding="utf-8") == "not a database\n"
