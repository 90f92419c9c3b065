"""A database of several editions behaves as one data set: the long layout's derived columns for every year, a
wide table's counts and each older cell's own provenance, the facets a dataset has, search and timeline over every
edition, and exports that say why a cell an edition did not print is empty."""

from __future__ import annotations

import sqlite3

import pytest

from ipexplorer.query.builder import QueryState
from ipexplorer.query.columns import Role
from ipexplorer.query.datasets import long_dataset, wide_dataset


@pytest.fixture(scope="module")
def conn(two_editions):
    c = sqlite3.connect(f"file:{two_editions}?mode=ro", uri=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def extra_region(tmp_path_factory, report_path, report_lines):
    """The 2020 report without 亚美尼亚 (all zeros) in 表2, and its year-shifted copy (the 2019 edition) with it:
    a region only the older edition prints."""
    from conftest import line_index, shift_years

    from ipexplorer.store.build import build_database

    folder = tmp_path_factory.mktemp("extra-region")
    older = folder / "cnipa-annual-report-2019.zh.txt"
    older.write_text("\n".join(shift_years(report_lines)) + "\n", encoding="utf-8")
    lines = list(report_lines)
    del lines[line_index(lines, "亚美尼亚\t", line_index(lines, "表 2"))]
    latest = folder / "cnipa-annual-report-2020.zh.txt"
    latest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "ipexplorer.sqlite"
    build_database([latest, older], db)
    return db


# --- 3. the long layout's change, share and rank for every year present ----------------------------------------
def test_the_long_layout_derives_change_share_and_rank_for_every_year(conn):
    rows = {y: r for y, *r in conn.execute(
        "SELECT year, value, change_abs, change_pct, share, rank_in_kind, edition FROM view_long "
        "WHERE table_no = 1 AND region_zh = '广东' AND measure = 'applications' AND ip_type = 'patent'")}
    total = dict(conn.execute("SELECT year, value FROM view_long WHERE table_no = 1 AND region_zh = '国内总计' "
                              "AND measure = 'applications' AND ip_type = 'patent'").fetchall())
    value_2018, change_2018, _p, share_2018, rank_2018, edition_2018 = rows[2018]
    assert edition_2018 == 2019 and change_2018 is None      # no 2017: no change
    assert share_2018 == pytest.approx(value_2018 / total[2018]) and rank_2018 == 1
    value_2019, change_2019, pct_2019, share_2019, rank_2019, _e = rows[2019]
    # 2019 as the 2020 edition prints it, against 2018 as the 2019 edition prints it
    assert change_2019 == value_2019 - value_2018 and pct_2019 == pytest.approx((value_2019 - value_2018) / value_2018)
    assert share_2019 == pytest.approx(value_2019 / total[2019]) and rank_2019 == 1
    value_2020, change_2020, *_rest = rows[2020]
    assert change_2020 == value_2020 - value_2019           # the latest edition's own, as before
    ranks = [r for (r,) in conn.execute("SELECT rank_in_kind FROM view_long WHERE table_no = 1 AND year = 2018 "
                                        "AND measure = 'applications' AND ip_type = 'patent' "
                                        "AND region_kind = 'province' ORDER BY value DESC")]
    assert ranks[:3] == [1, 2, 3] and None not in ranks
    # every row of an older year has its share, as the latest edition's rows do
    assert conn.execute("SELECT count(*) FROM view_long WHERE year = 2018 AND share IS NULL "
                        "AND region_kind NOT IN ('total', 'domestic_total', 'foreign_total') AND value IS NOT NULL"
                        ).fetchone() == (0,)


# --- 4. a wide table's counts: the regions its rows have ------------------------------------------------------
def test_a_wide_tables_kind_counts_leave_out_regions_only_older_editions_print(extra_region):
    from ipexplorer.query.chart_data import ChartSpec, chart_frame

    c = sqlite3.connect(f"file:{extra_region}?mode=ro", uri=True)
    try:
        dataset = wide_dataset(c, 2)
        countries = c.execute(f"SELECT count(*) FROM ({dataset.sql}) WHERE region_kind = 'country'").fetchone()[0]
        assert not c.execute(f"SELECT 1 FROM ({dataset.sql}) WHERE region_zh = '亚美尼亚'").fetchall()
        assert c.execute("SELECT count(*) FROM view_long WHERE table_no = 2 AND region_zh = '亚美尼亚'").fetchone()[0]
        fast = chart_frame(c, dataset, QueryState(), ChartSpec(top_n=5))
        slow = chart_frame(c, dataset, QueryState(), ChartSpec(top_n=5), seek=False)
    finally:
        c.close()
    assert slow.kind_counts["country"] == countries
    assert fast.kind_counts == slow.kind_counts


# --- 5. each older cell's own line and edition -----------------------------------------------------------------
def test_each_older_value_column_has_its_own_line_and_edition(conn):
    dataset = wide_dataset(conn, 1)
    older = [c for c in dataset.columns if c.role is Role.VALUE and c.year == 2018]
    assert len(older) == 4
    assert len({c.line_key for c in older}) == len({c.edition_key for c in older}) == 4   # per (measure, IP type)
    for col in older:
        assert dataset.has(col.line_key) and dataset.has(col.edition_key) and col.absent_in == 2019
    # the line and edition of each cell are those of the value it shows
    keys = [d[0] for d in conn.execute(f"SELECT * FROM ({dataset.sql}) LIMIT 0").description]
    row = dict(zip(keys, conn.execute(f"SELECT * FROM ({dataset.sql}) WHERE region_zh = '北京'").fetchone(),
                   strict=True))
    for col in older:
        expected = conn.execute(
            "SELECT ev.value, ev.source_line, ev.edition FROM edition_value ev JOIN region r USING (region_id) "
            "WHERE r.name_zh = '北京' AND ev.table_no = 1 AND ev.year = 2018 AND ev.measure = ? AND ev.ip_type = ?",
            (col.measure, col.ip_type)).fetchone()
        assert (row[col.key], row[col.line_key], row[col.edition_key]) == expected, col.key


def test_a_cell_the_older_edition_did_not_print_has_no_line_of_another_type(tmp_path, shifted_report,
                                                                             report_path):
    """A 2018 column of a type the older edition prints no value of for a row gives no line or edition, even where
    the row's other types of 2018 have theirs (they were keyed by region and year alone)."""
    from ipexplorer.store.build import build_database

    db = tmp_path / "db.sqlite"
    build_database([report_path, shifted_report], db)
    c = sqlite3.connect(db)
    try:
        # one type's value of 2018 gone from the older edition (as if it printed no such cell)
        c.execute("DELETE FROM edition_value WHERE edition = 2019 AND table_no = 1 AND year = 2018 "
                  "AND measure = 'applications' AND ip_type = 'design' AND region_id = "
                  "(SELECT region_id FROM region WHERE name_zh = '北京')")
        c.execute("DROP TABLE view_wide_1")
        c.execute(f"CREATE TABLE view_wide_1 AS {wide_dataset(c, 1).source_sql}")
        dataset = wide_dataset(c, 1)
        design = next(col for col in dataset.columns if col.year == 2018 and col.ip_type == "design")
        invention = next(col for col in dataset.columns if col.year == 2018 and col.ip_type == "invention")
        row = c.execute(f"SELECT {design.key}, {design.line_key}, {design.edition_key}, {invention.line_key} "
                        f"FROM ({dataset.sql}) WHERE region_zh = '北京'").fetchone()
    finally:
        c.close()
    assert row[:3] == (None, None, None) and row[3] is not None


# --- 6. the facets a dataset has -------------------------------------------------------------------------------
def test_an_in_text_tables_long_layout_has_no_region_kind(conn):
    from ipexplorer.query.view import ViewState

    intext = long_dataset(conn, 102)
    assert not intext.has("kind_zh") and intext.has("year") and intext.has("ip_type_zh")
    assert long_dataset(conn, 1).has("kind_zh") and long_dataset(conn, None).has("kind_zh")
    rows = conn.execute(f"SELECT count(*) FROM ({intext.sql})", intext.params).fetchone()[0]
    assert rows > 0
    assert "kind_zh" not in [c.key for c in ViewState(table=102, layout="long").visible_columns(intext)]


def test_the_tables_pane_offers_no_region_kind_facet_for_an_in_text_tables_long_layout(qtbot, two_editions,
                                                                                       settings):
    from ipexplorer.ui.panes.table_explorer import TableExplorer

    widget = TableExplorer(two_editions, settings)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.dataset is not None and widget.model.fully_loaded, timeout=10000)
    widget.show_table(102, "long")
    qtbot.waitUntil(lambda: widget.dataset.key == "long:102" and widget.model.fully_loaded, timeout=10000)
    assert not widget.facet_buttons["kind_zh"].isEnabled()    # greyed, saying why, as for its wide layout
    assert widget.facet_buttons["year"].isEnabled() and widget.facet_buttons["ip_type_zh"].isEnabled()
    widget.show_table(1, "long")
    qtbot.waitUntil(lambda: widget.dataset.key == "long:1" and widget.model.rowCount() > 0, timeout=10000)
    assert widget.facet_buttons["kind_zh"].isEnabled()
    widget.shutdown()

