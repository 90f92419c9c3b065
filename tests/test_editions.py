"""Several editions in one database: the 2020 report and a year-shifted copy (the 2019 edition) side by side."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from ipexplorer.cli import main
from ipexplorer.report.source import ReportError
from ipexplorer.store import schema
from ipexplorer.store.build import build_database
from ipexplorer.store.database import connect, inspect_database


@pytest.fixture
def conn(two_editions):
    c = connect(two_editions)
    yield c
    c.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_report_is_kept(conn):
    assert conn.execute("SELECT edition, title FROM reports ORDER BY edition").fetchall() == [
        (2019, "国家知识产权局 2019 年度报告"), (2020, "国家知识产权局 2020 年度报告")]
    assert conn.execute("SELECT edition, count(*) FROM observations GROUP BY edition").fetchall() == [
        (2019, 6520), (2020, 6520)]


FIRST_OBSERVATIONS = ("table_no", "region_zh", "region_en", "region_kind", "parent_zh", "iso_alpha3", "year",
                      "measure", "ip_type", "value", "unit", "source_line")
OLD_COLUMNS = {   # the views' columns as first documented (literal: a column moved in the schema must fail here)
    "observations": FIRST_OBSERVATIONS, "latest_observations": FIRST_OBSERVATIONS,
    "events": ("date", "end_date", "precision", "text", "categories", "partners", "section", "source_line",
               "edition")}


def test_the_views_keep_their_columns_and_gain_the_edition(conn):
    for view, columns in (("observations", schema.OBSERVATIONS_COLUMNS), ("latest_observations",
                                                                           schema.OBSERVATIONS_COLUMNS),
                          ("events", schema.EVENTS_COLUMNS)):
        names = tuple(d[0] for d in conn.execute(f"SELECT * FROM {view} LIMIT 1").description)
        assert names == columns and "edition" in names, view
        assert names[:len(OLD_COLUMNS[view])] == OLD_COLUMNS[view], view   # columns only ever added at the end
    assert conn.execute("SELECT DISTINCT edition FROM events").fetchall() == [(2019,), (2020,)]


def test_every_editions_narrative_events_and_figures_are_kept(conn, built_db):
    # events dated in their edition's year, as many in each (the 2019 copy is the 2020 text moved back a year)
    n = conn.execute("SELECT count(*) FROM event").fetchone()[0]
    assert n > 80 and conn.execute("SELECT edition, min(substr(date, 1, 4)), max(substr(date, 1, 4)), count(*) "
                                   "FROM events GROUP BY edition").fetchall() == [(2019, "2019", "2019", n),
                                                                                  (2020, "2020", "2020", n)]
    for table in ("edition_section", "edition_paragraph", "edition_figure", "edition_figure_check"):
        per = dict(conn.execute(f"SELECT edition, count(*) FROM {table} GROUP BY edition").fetchall())
        assert set(per) == {2019, 2020} and per[2019] == per[2020] > 0, table
    # each edition's figures are checked against its own tables: 81 checks, the same six disagreements
    assert conn.execute("SELECT edition, count(*), sum(NOT agrees) FROM edition_figure_check GROUP BY edition"
                        ).fetchall() == [(2019, 81, 6), (2020, 81, 6)]
    assert conn.execute("SELECT DISTINCT year FROM edition_figure_check WHERE edition = 2019").fetchall() == [(2019,)]
    # the names the app reads show the latest edition alone, with the ids a one-edition build gives them
    one = connect(built_db)
    try:
        for query in ("SELECT para_id, section_id, text, first_line FROM paragraph",
                      "SELECT section_id, path FROM section", "SELECT * FROM event", "SELECT * FROM event_partner",
                      "SELECT * FROM event_in_category", "SELECT * FROM event_source", "SELECT * FROM event_region",
                      "SELECT * FROM figure", "SELECT * FROM figure_check"):
            assert sorted(conn.execute(query).fetchall()) == sorted(one.execute(query).fetchall()), query
    finally:
        one.close()
    # an older edition's rows link within that edition
    assert conn.execute("SELECT count(*) FROM edition_event e JOIN edition_section s USING (section_id) "
                        "JOIN edition_paragraph p USING (para_id) WHERE e.edition <> s.edition OR "
                        "e.edition <> p.edition").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM edition_figure f JOIN edition_paragraph p USING (para_id) "
                        "WHERE f.edition <> p.edition").fetchone() == (0,)


def test_search_finds_paragraphs_of_every_edition_with_their_edition(conn, two_editions, capsys):
    from ipexplorer.query.search import search_all

    every = search_all(conn, "年度要事", every_edition=True)
    assert {h.edition for h in every} == {2019, 2020}
    assert {h.edition for h in search_all(conn, "年度要事")} == {2020}   # the app's pane: the latest edition
    places = {e: sorted((h.section, h.first_line) for h in every if h.edition == e) for e in (2019, 2020)}
    assert places[2019] == places[2020] and len(every) == 2 * len(places[2020])   # the copy: the same places
    # a paragraph that only the 2019 edition prints (its years moved back): found there alone
    only = search_all(conn, "2019年，国家知识产权局", every_edition=True)
    assert only and {h.edition for h in only} == {2019}
    assert main(["search", "--db", str(two_editions), "年度要事"]) == 0
    out = capsys.readouterr().out
    assert "(2019 edition, line" in out and "(2020 edition, line" in out


def test_latest_observations_hold_three_years_each_from_the_latest_edition_printing_it(conn):
    rows = conn.execute("SELECT year, edition, value, source_line FROM latest_observations WHERE table_no = 1 "
                        "AND region_zh = '广东' AND measure = 'applications' AND ip_type = 'patent' "
                        "ORDER BY year").fetchall()
    # 2018 only in the 2019 edition; 2019 in both (the 2020 edition wins); 2020 only in the 2020 edition
    assert [(y, e) for y, e, _v, _l in rows] == [(2018, 2019), (2019, 2020), (2020, 2020)]
    assert rows[1][2] == 807700 and rows[2][2] == 967204 and rows[0][2] == 807700
    keys = conn.execute("SELECT count(*), count(DISTINCT table_no || region_zh || year || measure || ip_type) "
                        "FROM latest_observations").fetchone()
    assert keys[0] == keys[1]


def test_check_lists_the_revisions(two_editions, capsys):
    assert main(["check", "--db", str(two_editions)]) == 0
    out = capsys.readouterr().out
    assert "Editions 2019, 2020:" in out and "printed differently by a later edition" in out
    assert "- table 1, 北京, 2019 applications/patent: 2019 edition" in out and "SELECT * FROM revisions" in out
    conn = connect(two_editions)
    try:
        # the 2019 edition prints 广东's 2019 applications as 967204, the 2020 edition as 807700
        row = conn.execute("SELECT value, later_edition, later_value FROM revisions WHERE table_no = 1 AND "
                           "region_zh = '广东' AND year = 2019 AND measure = 'applications' AND "
                           "ip_type = 'patent'").fetchone()
        same = conn.execute("SELECT count(*) FROM revisions WHERE year <> 2019").fetchone()[0]
    finally:
        conn.close()
    assert row == (967204, 2020, 807700) and same == 0   # only the year both print can be revised


def test_check_checks_every_edition_each_under_its_name(two_editions, tmp_path, capsys):
    assert main(["check", "--db", str(two_editions)]) == 0
    out = capsys.readouterr().out
    older, newer = out.split("== 2020 edition:")
    assert older.startswith("== 2019 edition:")
    for edition, part in ((2019, older), (2020, newer)):
        assert "1592 identities verified, 0 violations" in part and "matches the report (all 6520 values)" in part
        assert f"81 headline-figure cross-checks of the {edition} edition against the tables: 75 agree, " \
               "6 disagree" in part
        assert f"(表10 山东 {edition})" in part and f"(表10 山东 {2019 if edition == 2020 else 2020})" not in part
    # an older edition's stored value changed: that edition's part says so, and the exit status is from all
    copy = tmp_path / "db.sqlite"
    shutil.copyfile(two_editions, copy)   # not its read-only mode
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE edition_value SET value = value + 1 WHERE edition = 2019 AND table_no = 1 "
                 "AND year = 2018 AND source_line = (SELECT min(source_line) FROM edition_value WHERE table_no = 1)")
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(copy)]) == 1
    older, newer = capsys.readouterr().out.split("== 2020 edition:")
    assert "differs from the report" in older and "differs" not in newer
    # one report given: only its edition, compared with that edition's values
    conn = connect(two_editions)
    path = conn.execute("SELECT path FROM reports WHERE edition = 2019").fetchone()[0]
    conn.close()
    assert main(["check", "--db", str(copy), "--report", path]) == 1
    out = capsys.readouterr().out
    assert "differs from the report" in out and "of the 2019 edition" in out and "== " not in out


def test_two_reports_of_one_edition_are_refused(tmp_path, report_path, mutated_report):
    copy = mutated_report(lambda lines: [*lines, "另一份"], name="copy.txt")
    with pytest.raises(ReportError, match="two reports of the 2020 edition"):
        build_database([report_path, copy], tmp_path / "db.sqlite")
    assert not (tmp_path / "db.sqlite").exists()


def test_add_report_keeps_what_is_there_and_adds_an_edition(tmp_path, shifted_report, report_path, capsys):
    own = tmp_path / "reports"
    own.mkdir()
    older = own / shifted_report.name
    shutil.copyfile(shifted_report, older)
    db = tmp_path / "db.sqlite"
    assert main(["build-db", "--report", str(older), "--db", str(db)]) == 0
    assert main(["add-report", str(report_path), "--db", str(db)]) == 0
    assert "editions 2019, 2020" in capsys.readouterr().out
    conn = connect(db)
    assert [e for (e,) in conn.execute("SELECT edition FROM reports ORDER BY edition")] == [2019, 2020]
    conn.close()
    before = digest(db)
    assert main(["add-report", str(report_path), "--db", str(db)]) == 1          # that edition is there
    assert "two reports of the 2020 edition" in capsys.readouterr().err and digest(db) == before
    older.unlink()                                                                # a report it holds is gone
    assert main(["add-report", str(report_path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert str(older) in err and "no longer there" in err and digest(db) == before
    assert inspect_database(db).usable


def test_an_older_schema_of_two_editions_is_rebuilt_from_both(tmp_path, two_editions):
    import sqlite3

    db = tmp_path / "db.sqlite"
    db.write_bytes(two_editions.read_bytes())   # built from both reports (a copy: the session's stays as it is)
    c = sqlite3.connect(db)
    c.execute("PRAGMA user_version = 2")
    c.close()
    state = inspect_database(db)
    assert state.action == "build" and len(state.reports) == 2
    from ipexplorer.store.database import ensure_database

    summary = ensure_database(db)
    assert summary is not None and summary.editions == [2019, 2020]   # rebuilt, from both reports
    assert inspect_database(db).usable
    conn = connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert [e for (e,) in conn.execute("SELECT edition FROM reports ORDER BY edition")] == [2019, 2020]
    conn.close()


def test_exports_and_the_api_cite_the_reports_the_database_holds(shifted_db, two_editions, built_db, tmp_path):
    """The citation of a workbook's metadata and of a DataFrame's attrs names the database's editions, as their
    titles print them: a database of the 2019 edition alone does not cite the 2020 report."""
    import ipexplorer
    from ipexplorer import CITATION
    from ipexplorer.export.views import metadata

    cited = {}
    for name, db in (("2019", shifted_db), ("both", two_editions), ("2020", built_db)):
        c = connect(db)
        try:
            exported = metadata(c, []).citation
        finally:
            c.close()
        with ipexplorer.open(db) as api:
            assert api.tables().attrs["citation"] == exported
        cited[name] = exported
    assert "国家知识产权局 2019 年度报告 (Annual Report 2019)" in cited["2019"] and "2020" not in cited["2019"]
    assert cited["both"] == ("China National Intellectual Property Administration (CNIPA), "
                             "国家知识产权局 2019 年度报告 (Annual Report 2019); "
                             "国家知识产权局 2020 年度报告 (Annual Report 2020).")
    assert cited["2020"] == CITATION
