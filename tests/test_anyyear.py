"""Any year's report: a year-shifted copy of the 2020 text builds with every year, title, date and label its own."""

from __future__ import annotations

import sqlite3

import pytest

from ipexplorer.cli import main
from ipexplorer.query.builder import QueryState
from ipexplorer.query.chart_data import ChartKind, ChartSpec, chart_data, chart_frame
from ipexplorer.query.datasets import wide_dataset
from ipexplorer.query.timeline import Period, query_events, timeline_period
from ipexplorer.report.edition import edition_of
from ipexplorer.report.source import ReportError, read_report
from ipexplorer.store.database import connect


@pytest.fixture
def conn(shifted_db):
    c = connect(shifted_db)
    yield c
    c.close()


def test_the_edition_is_read_from_the_title(report_path, shifted_report, mutated_report):
    assert edition_of(read_report(report_path)).year == 2020
    assert edition_of(read_report(shifted_report)).year == 2019
    untitled = mutated_report(lambda lines: [x.replace("年度报告", "").replace("ANNUAL REPORT", "") for x in lines])
    with pytest.raises(ReportError, match="which year"):
        edition_of(read_report(untitled))
    both = mutated_report(lambda lines: [x.replace("2020 ANNUAL", "2018 ANNUAL") for x in lines])
    with pytest.raises(ReportError, match="says 2020 but the English title"):
        edition_of(read_report(both))


def test_tables_hold_their_own_years_and_titles(conn):
    assert conn.execute("SELECT edition, title FROM reports").fetchall() == [(2019, "国家知识产权局 2019 年度报告")]
    years = {y for (y,) in conn.execute("SELECT DISTINCT year FROM table_column")}
    assert years == {2018, 2019}
    titles = [t for (t,) in conn.execute("SELECT title_en FROM report_table WHERE table_no <= 12")]
    assert all(t.endswith("(2018, 2019)") for t in titles), titles
    assert not any("2020" in t for (t,) in conn.execute("SELECT title_zh || title_en FROM report_table"))


def test_events_are_dated_in_the_reports_year(conn):
    dates = [d for (d,) in conn.execute("SELECT date FROM event")]
    assert len(dates) == 92 and all(d.startswith("2019-") for d in dates)
    assert timeline_period(conn) == Period(2019, 2019)
    events = query_events(conn)
    assert events[0].start >= 0 and max(e.end for e in events) <= Period(2019, 2019).days == 365


def test_headline_figures_are_checked_against_the_years_tables(shifted_db, shifted_report, capsys):
    assert main(["check", "--db", str(shifted_db), "--report", str(shifted_report)]) == 0
    assert "81 headline-figure cross-checks against the tables: 75 agree, 6 disagree" in capsys.readouterr().out
    conn = sqlite3.connect(shifted_db)
    total, years = conn.execute("SELECT count(*), group_concat(DISTINCT year) FROM figure_check").fetchone()
    conn.close()
    assert total == 81 and years == "2019"


def test_derived_columns_and_chart_labels_follow_the_years_present(conn):
    dataset = wide_dataset(conn, 1)
    derived = [c for c in dataset.columns if c.key.startswith(("chg_", "share_", "rank_"))]
    assert derived and {c.year for c in derived} == {2019}
    groups = {c.group_en for c in derived}
    assert {"Change 2018→2019", "Share of total 2019", "Rank in kind 2019"} <= groups
    frame = chart_frame(conn, dataset, QueryState())
    assert frame.years == [2018, 2019] and frame.editions == (2019,)
    years = chart_data(frame, ChartSpec(kind=ChartKind.YEARS))
    assert "2018 vs 2019" in years.title_en and "2020" not in years.caption
    assert "Annual Report 2019" in years.caption
    change = chart_data(frame, ChartSpec(kind=ChartKind.CHANGE))
    assert "Change 2018→2019" in change.title_en
    bars = chart_data(frame, ChartSpec())
    assert "2019" in bars.title_en and "2020" not in bars.title_en + bars.title_zh


def test_english_titles_follow_the_content_not_the_number(mutated_report, tmp_path):
    from ipexplorer.report.appendix import parse_appendix

    def swap(lines):   # 表1 and 表3 trade their bodies: the titles must follow what each counts
        a = next(i for i, x in enumerate(lines) if x.startswith("表 1 "))
        b = next(i for i, x in enumerate(lines) if x.startswith("表 2 "))
        c = next(i for i, x in enumerate(lines) if x.startswith("表 3 "))
        d = next(i for i, x in enumerate(lines) if x.startswith("表 4 "))
        one, three = lines[a:b], lines[c:d]
        three[0] = three[0].replace("表 3", "表 1")
        one[0] = one[0].replace("表 1", "表 3")
        return lines[:a] + three + lines[b:c] + one + lines[d:]

    tables = {t.number: t for t in parse_appendix(read_report(mutated_report(swap)))}
    assert tables[1].title_en.startswith("Domestic patent grants")
    assert tables[3].title_en.startswith("Domestic patent applications")


def test_a_title_whose_years_disagree_with_its_header_is_refused(mutated_report):
    from ipexplorer.report.appendix import parse_appendix

    def edit(lines):
        i = next(i for i, x in enumerate(lines) if x.startswith("表 3 "))
        lines[i] = lines[i].replace("2019 年、2020 年", "2018 年、2019 年")
        return lines

    with pytest.raises(ReportError, match="title prints the years 2018, 2019") as info:
        parse_appendix(read_report(mutated_report(edit)))
    assert info.value.table_no == 3


def test_check_without_report_checks_the_report_the_database_was_built_from(shifted_db, capsys):
    """A database of one other report: `check` alone checked the shipped 2020 text against it."""
    from ipexplorer.cli import main

    assert main(["check", "--db", str(shifted_db)]) == 0
    out = capsys.readouterr().out
    assert "2019" in out and "cnipa-annual-report-2019" in out
