"""A database of several editions behaves as one data set: the long layout's derived columns for every year, a
wide table's counts and each older cell's own provenance, the facets a dataset has, search and timeline over every
edition, and exports that say why a cell an edition did not print is empty."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from ipexplorer.query.builder import QueryState
from ipexplorer.query.columns import Role
from ipexplorer.query.datasets import long_dataset, wide_dataset


@pytest.fixture(scope="module")
def conn(two_editions):
    c = sqlite3.connect(f"file:{two_editions}?mode=ro", uri=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def older_regions(tmp_path_factory, report_lines):
    """The regions only the older edition prints, in one database (one build of two editions, not one each): the
    2020 report without 日本 and 亚美尼亚 (all zeros) in 表2 and 南苏丹 (its one row) in 表8, and its year-shifted
    copy (the 2019 edition) with them."""
    return _older_only(tmp_path_factory.mktemp("older-regions"), report_lines,
                       (("表 2", "日本"), ("表 2", "亚美尼亚"), ("表 8", "南苏丹")))


@pytest.fixture(scope="module")
def extra_region(older_regions):
    """亚美尼亚 (all zeros) in 表2 of the 2019 edition only: a region only the older edition prints."""
    return older_regions


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
    value_2019, change_2019, pct_2019, share_2019, rank_2019, edition_2019 = rows[2019]
    # 2019 as the 2020 edition prints it, which does not print 2018: no change, as in the wide layout (a change
    # never sets one edition's number against another's)
    assert edition_2019 == 2020 and change_2019 is None and pct_2019 is None
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


@pytest.mark.parametrize("db_name", ["built_db", "two_editions", "big_older_region"])
def test_the_long_and_wide_layouts_derive_the_same_change_share_and_rank(request, db_name):
    """One rule (store/schema.derived_select) for observation_derived, which the wide pivots show, and the long copy
    over every edition's years: the latest edition's rows have the same share, rank and change in both (a region
    only an older edition prints — 日本 in big_older_region's 表2 — counts in neither; the edition's earliest year
    has no change in either, though an older edition prints the year before); a wide table's latest year shows its
    rows' numbers as the long copy holds them."""
    c = sqlite3.connect(f"file:{request.getfixturevalue(db_name)}?mode=ro", uri=True)
    try:
        latest = c.execute("SELECT max(edition) FROM reports").fetchone()[0]
        differ = c.execute(
            "SELECT l.table_no, l.region_zh, l.year, l.measure, l.ip_type FROM view_long l "
            "JOIN observation o ON o.obs_id = l._rid JOIN observation_derived d ON d.obs_id = o.obs_id "
            "WHERE l.edition = ? AND (l.share IS NOT d.share OR l.rank_in_kind IS NOT d.rank_in_kind "
            "OR l.change_abs IS NOT d.change_abs OR l.change_pct IS NOT d.change_pct) LIMIT 5", (latest,)).fetchall()
        assert differ == []
        # a change is year on year within one edition, in both
        assert c.execute("SELECT count(*) FROM view_long l WHERE change_abs IS NOT NULL AND NOT EXISTS ("
                         "SELECT 1 FROM view_long p WHERE p.table_no = l.table_no AND p.region_zh = l.region_zh "
                         "AND p.measure = l.measure AND p.ip_type = l.ip_type AND p.year = l.year - 1 "
                         "AND p.edition = l.edition)").fetchone() == (0,)
        for table_no in (1, 2):
            dataset = wide_dataset(c, table_no)
            fields = {"chg": "change_abs", "pct": "change_pct", "share": "share", "rank": "rank_in_kind"}
            derived = [col for col in dataset.columns if col.role is Role.DERIVED and col.measure
                       and col.key.split("_", 1)[0] in fields]
            assert derived
            for col in derived:
                field = fields[col.key.split("_", 1)[0]]
                wide = dict(c.execute(f"SELECT region_zh, {col.key} FROM ({dataset.sql})").fetchall())
                long = dict(c.execute(f"SELECT region_zh, {field} FROM view_long WHERE table_no = ? AND year = ? "
                                      "AND measure = ? AND ip_type = ? AND region_zh IN (SELECT region_zh FROM "
                                      f"({dataset.sql}))", (table_no, col.year, col.measure, col.ip_type)).fetchall())
                assert wide == long, (table_no, col.key)
        if db_name == "big_older_region":   # 日本 of 2019, only the older edition prints it: not ranked
            assert c.execute("SELECT rank_in_kind FROM view_long WHERE table_no = 2 AND region_zh = '日本' "
                             "AND year = 2019 AND measure = 'applications' AND ip_type = 'patent'"
                             ).fetchone() == (None,)
    finally:
        c.close()


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


def _older_only(folder, report_lines, removed: tuple[tuple[str, str], ...]):
    """Two editions in `folder`: the 2020 report without each (table title, region)'s row of `removed` (the
    table's 国外在华总计 less the row's numbers, so the identities hold) and the report's year-shifted copy (the
    2019 edition) with them: regions only the older edition prints there."""
    from conftest import line_index, shift_years

    from ipexplorer.store.build import build_database

    older = folder / "cnipa-annual-report-2019.zh.txt"
    older.write_text("\n".join(shift_years(report_lines)) + "\n", encoding="utf-8")
    lines = list(report_lines)
    for table_title, region in removed:
        table = line_index(lines, table_title)
        total_at = line_index(lines, "国外在华总计\t", table)
        row_at = line_index(lines, f"{region}\t", table)
        row = [int(v) for v in lines[row_at].split("\t")[1:]]
        total = lines[total_at].split("\t")
        lines[total_at] = "\t".join([total[0], *(str(int(t) - v) for t, v in zip(total[1:], row, strict=True))])
        del lines[row_at]
    latest = folder / "cnipa-annual-report-2020.zh.txt"
    latest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "ipexplorer.sqlite"
    build_database([latest, older], db)
    return db


@pytest.fixture(scope="module")
def big_older_region(older_regions):
    """日本 in 表2 of the 2019 edition only (国外在华总计 less its numbers in the 2020 one): a region only the older
    edition prints, the largest country of its years."""
    return older_regions


@pytest.mark.parametrize("totals", [True, False], ids=["stacked totals", "stacked sums"])
def test_a_wide_tables_chart_of_an_older_year_draws_its_own_rows_top_n(big_older_region, monkeypatch, totals):
    """日本 leads the countries of 2018 in the long copy, but the wide table (the latest edition's rows) has no row
    of it: the fast path's candidates are the table's rows, so the chart draws its top five, not four."""
    from ipexplorer.query import chart_data as module
    from ipexplorer.query.chart_data import ChartKind, ChartSpec, chart_data, chart_frame

    if not totals:   # a database built before the stacked totals: the types' lists are read
        monkeypatch.setattr(module, "_seek_totals", lambda *a, **k: None)
    c = sqlite3.connect(f"file:{big_older_region}?mode=ro", uri=True)
    try:
        dataset = wide_dataset(c, 2)
        assert c.execute("SELECT region_zh FROM view_long WHERE table_no = 2 AND year = 2018 AND region_kind = "
                         "'country' AND measure = 'applications' AND ip_type = 'patent' ORDER BY value DESC "
                         "LIMIT 1").fetchone() == ("日本",)
        for kind in (ChartKind.BARS, ChartKind.STACKED):
            spec = ChartSpec(kind=kind, year=2018, top_n=5, regions="country")
            fast = chart_data(chart_frame(c, dataset, QueryState(), spec), spec)
            slow = chart_data(chart_frame(c, dataset, QueryState(), spec, seek=False), spec)
            assert [x.name_zh for x in fast.categories] == [x.name_zh for x in slow.categories], kind
            assert len(fast.categories) == 5 and "日本" not in {x.name_zh for x in fast.categories}, kind
    finally:
        c.close()


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
        dataset = wide_dataset(c, 1)
        c.execute(f"CREATE TABLE view_wide_1 AS {dataset.source_sql}", dataset.source_params)
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


# --- 1. search and timeline over every edition -----------------------------------------------------------------
def test_the_search_pane_finds_every_editions_paragraphs_each_naming_its_edition(qtbot, two_editions, settings,
                                                                                   english):
    from ipexplorer.ui.panes.search_pane import MARKERS, SearchPane, hit_html

    pane = SearchPane(two_editions, settings)
    qtbot.addWidget(pane, before_close_func=lambda p: p.shutdown())
    pane.resize(900, 600)
    pane.show()
    qtbot.waitUntil(lambda: pane.chapter.count() > 1, timeout=5000)
    with qtbot.waitSignal(pane.searched, timeout=5000):
        pane.set_query("世界知识产权组织")        # a word the latest edition's index finds
    hits = pane.model.hits
    assert {h.edition for h in hits} == {2019, 2020}
    assert len(hits) == 2 * len([h for h in hits if h.edition == 2020])   # the copy: the same paragraphs
    assert hits[0].edition == 2020                                        # of equal rank, the latest first
    older = next(h for h in hits if h.edition == 2019)
    assert pane.model.edition_text(older) == "2019 edition"
    assert "2019 edition" in hit_html(older, "#777", pane.model.edition_text(older))
    assert "2019 edition" in pane.model.index(hits.index(older), 0).data(Qt.ItemDataRole.ToolTipRole)
    # the chapter filter keeps every edition's paragraphs of that chapter
    with qtbot.waitSignal(pane.searched, timeout=5000):
        pane.chapter.setCurrentIndex(pane.chapter.findData("第一章 年度要事"))
    kept = pane.model.hits
    assert kept and {h.edition for h in kept} == {2019, 2020} and all(h.section.startswith("第一章") for h in kept)
    # one and two characters, and a region's English name, are found in the older edition too
    for query in ("疫", "Guangdong"):
        with qtbot.waitSignal(pane.searched, timeout=5000):
            pane.chapter.setCurrentIndex(0)
            pane.set_query(query)
        assert {h.edition for h in pane.model.hits} == {2019, 2020}, query
    assert MARKERS[0] in pane.model.hits[0].snippet
    pane.shutdown()


def test_a_search_of_every_edition_finds_what_reading_every_paragraph_finds(two_editions, monkeypatch):
    """The narrowing in SQL keeps every paragraph the words' matching keeps (the same hits as matching every
    paragraph in Python), and the older edition's hits are the latest edition's places (the copy prints the same
    paragraphs), for words of every kind."""
    from ipexplorer.query import search as module

    c = sqlite3.connect(f"file:{two_editions}?mode=ro", uri=True)
    queries = ("疫", "专利", "知识产权保护", "2180亿元", "2180 亿元", "WIPO", "wipo", "Guangdong", "United States",
               "美国 专利", "广东 知识产权", "全省", "Xinjiang")
    try:
        narrowed = {q: module.search_all(c, q, every_edition=True) for q in queries}
        monkeypatch.setattr(module, "_narrowing", lambda words: ("", []))
        for query in queries:
            every = module.search_all(c, query, every_edition=True)
            assert every and narrowed[query] == every, query
            places = {e: sorted((h.section, h.first_line) for h in every if h.edition == e)
                      for e in (2019, 2020)}
            assert places[2019] == places[2020], query
        # ASCII case only, as LIKE: a dotless ı, a long ſ or a full-width letter is not its ASCII letter's case
        for query in ("wıpo", "tiſc", "ＷＩＰＯ"):
            monkeypatch.undo()
            narrowed = module.search_all(c, query, every_edition=True)
            monkeypatch.setattr(module, "_narrowing", lambda words: ("", []))
            assert narrowed == module.search_all(c, query, every_edition=True) == [], query
    finally:
        c.close()


@pytest.fixture
def timeline(qtbot, two_editions, settings, english):
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    widget = TimelinePane(two_editions, settings)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    with qtbot.waitSignal(widget.refreshed, timeout=10000):
        widget.show()
    qtbot.waitUntil(lambda: widget.plot is not None, timeout=5000)
    yield widget
    widget.shutdown()


def test_the_timeline_spans_every_editions_events_each_naming_its_edition(qtbot, timeline, conn):
    from ipexplorer.ui.grid.table_model import EDITION_ROLE

    per = dict(conn.execute("SELECT edition, count(*) FROM edition_event GROUP BY edition").fetchall())
    assert len(timeline.events) == per[2019] + per[2020] == timeline.total
    assert {e.edition for e in timeline.events} == {2019, 2020}
    assert (timeline.period.first, timeline.period.last) == (2019, 2020)
    # the axis names each January's year
    assert [en for _d, _zh, en in timeline.period.month_starts() if en.startswith("Jan")] == ["Jan 2019", "Jan 2020"]
    assert timeline.layout_data.drawn_events() == set(range(len(timeline.events)))
    assert f"{len(timeline.events)} / {len(timeline.events)}" in timeline.count_label.text()
    # the list: dates with their year, and the edition beside them
    model = timeline.model
    column = model.column_index("edition")
    assert not timeline.view.isColumnHidden(column)
    first = timeline.events[0]
    assert first.date.startswith("2019") and first.edition == 2019
    assert model.index(0, model.column_index("date_label")).data() == first.date_label("en") \
        == f"{first._date_text('en')} 2019"
    assert model.index(0, column).data(EDITION_ROLE) == 2019
    # the edition box keeps one edition's events
    combo = timeline.edition_combo
    assert combo.isVisible() and [combo.itemData(i) for i in range(1, combo.count())] == [2020, 2019]
    with qtbot.waitSignal(timeline.refreshed, timeout=5000):
        combo.setCurrentIndex(combo.findData(2019))
    assert len(timeline.events) == per[2019] and {e.edition for e in timeline.events} == {2019}
    # an older event's line opens in its own edition's report
    timeline.select_index(0)
    assert "2019 edition, report line" in timeline.details.toPlainText()
    with qtbot.waitSignal(timeline.open_report_line, timeout=2000) as opened:
        timeline.open_in_report()
    assert opened.args == [timeline.events[0].source_line, 2019]
    with qtbot.waitSignal(timeline.refreshed, timeout=5000):
        timeline.clear_filters()
    assert len(timeline.events) == per[2019] + per[2020]
    sheet = timeline.export_sheet()
    assert sheet.columns[-1].title == "版本 Edition" and {r[-1] for r in sheet.rows} == {2019, 2020}


def test_the_timeline_of_one_edition_shows_no_edition(qtbot, built_db, settings):
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    widget = TimelinePane(built_db, settings)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.refreshed, timeout=10000):
        widget.show()
    assert not widget.edition_combo.isVisible()
    assert widget.view.isColumnHidden(widget.model.column_index("edition"))
    assert widget.model.index(0, widget.model.column_index("date_label")).data() == widget.events[0].date_label(
        widget.language) and "2020" not in widget.events[0].date_label(widget.language)
    assert widget.export_sheet().columns[-1].title != "版本 Edition"
    widget.shutdown()


# --- 2. exports say why a cell an edition did not print is empty -----------------------------------------------
@pytest.fixture
def gapped(gapped_editions):
    """The 2020 report and a 2019 edition that prints 安道尔's third value in 表2 as a nil ("—") and leaves
    亚美尼亚 out of 表2 (conftest's gapped_editions)."""
    return gapped_editions


def test_the_metadata_lists_the_cells_an_older_edition_did_not_print(gapped, tmp_path):
    import json

    from openpyxl import load_workbook

    from ipexplorer.export.jobs import ExportRequest, run
    from ipexplorer.query.view import ViewState

    run(ExportRequest(path=tmp_path / "t.xlsx", scope="view", db_path=gapped, view=ViewState(table=2)))
    book = load_workbook(tmp_path / "t.xlsx", read_only=True)
    about = {(r[0] or ""): r[1] for r in book["说明 About"].iter_rows(values_only=True) if r and r[0]}
    line = about["未印 Not printed"]
    assert "not printed in the 2019 edition" in line and "亚美尼亚 (all 2018)" in line
    assert "安道尔" not in line            # a nil it printed: its marker, not an empty cell
    # the CSV's metadata says the same, and each older column says what its empty cells mean
    run(ExportRequest(path=tmp_path / "t.csv", scope="view", db_path=gapped, view=ViewState(table=2)))
    described = json.loads((tmp_path / "t.csv-metadata.json").read_text(encoding="utf-8"))
    assert any(d.startswith("未印 Not printed: 2019 年版未印") and "亚美尼亚" in d for d in described["dc:description"])
    columns = described["tableSchema"]["columns"]
    older = [c for c in columns if isinstance(c["titles"], list) and c["titles"][0] == "2018年"]
    assert older and all("not printed in the 2019 edition" in c["dc:description"] for c in older)
    assert not any("not printed" in c.get("dc:description", "") for c in columns
                   if isinstance(c["titles"], list) and c["titles"][0] == "2020年")
    # a filter that keeps no such row: nothing to list
    from ipexplorer.query.builder import QueryState

    kept = ViewState(table=2).with_query(QueryState(quick_text="日本"))
    run(ExportRequest(path=tmp_path / "f.xlsx", scope="view", db_path=gapped, view=kept))
    about = {(r[0] or ""): r[1] for r in load_workbook(tmp_path / "f.xlsx", read_only=True)["说明 About"].iter_rows(
        values_only=True) if r and r[0]}
    assert "未印 Not printed" not in about


def _about(path) -> dict:
    from openpyxl import load_workbook

    return {(r[0] or ""): r[1] for r in load_workbook(path, read_only=True)["说明 About"].iter_rows(values_only=True)
            if r and r[0]}


def test_a_selections_metadata_lists_its_cells_an_older_edition_did_not_print(gapped, tmp_path):
    """A selection exported (cells or whole rows) lists, as the whole view does, the selected cells of the older
    year its edition did not print — those alone: not the other rows' nor a printed nil."""
    from ipexplorer.export.jobs import ExportRequest, run
    from ipexplorer.query.view import ViewState

    c = sqlite3.connect(f"file:{gapped}?mode=ro", uri=True)
    try:
        dataset = wide_dataset(c, 2)
        rids = dict(c.execute(f"SELECT region_zh, _rid FROM ({dataset.sql})").fetchall())
    finally:
        c.close()
    older = [col for col in dataset.columns if col.absent_in]
    columns = [dataset.column("region_zh"), *older]
    assert older and all(col.absent_in == 2019 for col in older)

    def export(name: str, scope: str, regions: list[str], cells: list[tuple]) -> dict:
        rows = [[region, *([None] * len(older))] for region in regions]
        run(ExportRequest(path=tmp_path / name, scope=scope, db_path=gapped, view=ViewState(table=2),
                          columns=columns, rows=rows, cells=cells))
        return _about(tmp_path / name)

    whole = export("rows.xlsx", "rows", ["亚美尼亚", "安道尔", "日本"],
                   [(rids[r], col.key) for r in ("亚美尼亚", "安道尔", "日本") for col in columns])
    line = whole["未印 Not printed"]
    assert line.startswith("2019 年版未印 · not printed in the 2019 edition")
    assert f"({len(older)} empty cells" in line and "亚美尼亚 (all 2018)" in line
    assert "安道尔" not in line and "日本" not in line    # a printed nil; a printed row
    assert "“—”" in whole["空值 Nil"]                     # 安道尔's nil, selected
    one = export("cell.xlsx", "cells", ["亚美尼亚"], [(rids["亚美尼亚"], older[0].key)])
    assert one["未印 Not printed"].endswith(f"亚美尼亚 ({older[0].group_en} {older[0].title_zh})")
    assert "(1 empty cells" in one["未印 Not printed"] and "空值 Nil" not in one
    elsewhere = export("other.xlsx", "cells", ["日本"], [(rids["日本"], col.key) for col in older])
    assert "未印 Not printed" not in elsewhere


def test_whole_rows_exported_by_their_keys_list_their_own_nils_and_cells_not_printed(gapped, tmp_path):
    """Rows exported without their cells (the request's default) but with their keys: the metadata lists the nils
    and the cells not printed of those rows alone — not every nil of the table; rows known by no key, none."""
    from ipexplorer.export.jobs import ExportRequest, run
    from ipexplorer.query.view import ViewState

    c = sqlite3.connect(f"file:{gapped}?mode=ro", uri=True)
    try:
        dataset = wide_dataset(c, 2)
        rids = dict(c.execute(f"SELECT region_zh, _rid FROM ({dataset.sql})").fetchall())
    finally:
        c.close()
    older = [col for col in dataset.columns if col.absent_in]
    columns = [dataset.column("region_zh"), *older]

    def export(name: str, regions: list[str], keyed: bool = True) -> dict:
        rows = [[region, *([None] * len(older))] for region in regions]
        run(ExportRequest(path=tmp_path / name, scope="rows", db_path=gapped, view=ViewState(table=2),
                          columns=columns, rows=rows, row_keys=[rids[r] for r in regions] if keyed else []))
        return _about(tmp_path / name)

    both = export("both.xlsx", ["亚美尼亚", "安道尔"])
    assert "亚美尼亚 (all 2018)" in both["未印 Not printed"] and "安道尔" not in both["未印 Not printed"]
    assert "“—”" in both["空值 Nil"]                     # 安道尔's nil, exported
    japan = export("japan.xlsx", ["日本"])
    assert "空值 Nil" not in japan and "未印 Not printed" not in japan   # the table's nil is another row's
    unkeyed = export("unkeyed.xlsx", ["安道尔"], keyed=False)
    assert "空值 Nil" not in unkeyed and "未印 Not printed" not in unkeyed


def test_the_cells_not_printed_are_read_in_one_query(gapped):
    """Every older column's empty cells in one scan of the view, not one per column."""
    from ipexplorer.export.views import not_printed
    from ipexplorer.query.datasets import nil_markers

    c = sqlite3.connect(f"file:{gapped}?mode=ro", uri=True)
    try:
        dataset = wide_dataset(c, 2)
        older = [col for col in dataset.columns if col.absent_in]
        nils = nil_markers(c, dataset)
        statements: list[str] = []
        c.set_trace_callback(statements.append)
        lines = not_printed(c, dataset, QueryState(), dataset.columns, nils)
    finally:
        c.close()
    assert len(older) > 1 and len(statements) == 1
    assert len(lines) == 1 and "亚美尼亚 (all 2018)" in lines[0]


def test_a_wide_pivots_older_years_bind_their_measure_and_type_codes(two_editions):
    """The older years' values and provenance find their measure and IP type by bound values, not by codes pasted
    into the SQL as quoted literals; the copy holds what the bound source selects."""
    import re

    c = sqlite3.connect(f"file:{two_editions}?mode=ro", uri=True)
    try:
        dataset = wide_dataset(c, 1)
        assert not re.search(r"ev\.(measure|ip_type) = '", dataset.source_sql)
        assert "applications" in dataset.source_params and "design" in dataset.source_params
        source = c.execute(f"SELECT * FROM ({dataset.source_sql}) ORDER BY _rid", dataset.source_params).fetchall()
        assert source == c.execute("SELECT * FROM view_wide_1 ORDER BY _rid").fetchall()
    finally:
        c.close()


def test_a_region_profiles_events_and_the_apis_count_are_every_editions(two_editions, conn):
    """As the Timeline and api.events(): a profile lists the events of every edition naming the region, each with its
    edition, and the API's summary counts every edition's events and values, per edition."""
    import ipexplorer
    from ipexplorer.query.profiles import region_profile

    guangdong = region_profile(conn, "广东")
    linked = conn.execute("SELECT e.edition, count(*) FROM edition_event_region x JOIN edition_event e "
                          "USING (event_id) WHERE x.region_id = (SELECT region_id FROM region WHERE name_zh = '广东') "
                          "GROUP BY e.edition").fetchall()
    assert {e.edition for e in guangdong.events} == {2019, 2020} == {e for e, _n in linked}
    assert len(guangdong.events) == sum(n for _e, n in linked)
    db = ipexplorer.open(two_editions)
    try:
        every = len(db.events())
        assert every == conn.execute("SELECT count(*) FROM edition_event").fetchone()[0]
        page = db._repr_html_()
        events = dict(conn.execute("SELECT edition, count(*) FROM edition_event GROUP BY edition").fetchall())
        assert f"{every:,} events (2019: {events[2019]:,}; 2020: {events[2020]:,})" in page
        # every edition's values, as observations() gives them, per edition and per table
        values = dict(conn.execute("SELECT edition, count(*) FROM edition_value GROUP BY edition").fetchall())
        assert sum(values.values()) == len(db.observations()) > values[2020]
        assert f"{len(db.observations()):,} values (2019: {values[2019]:,}; 2020: {values[2020]:,})" in page
        assert "<th>values 2019</th><th>values 2020</th>" in page
    finally:
        db.close()


def test_a_region_profiles_export_names_each_rows_edition(two_editions, conn, built_db, tmp_path):
    """With several editions each sheet of the profile's workbook ends in the edition column the timeline's export
    has: the values and 第九章 the latest edition's, each event its own; with one edition there is none."""
    from openpyxl import load_workbook

    from ipexplorer.export.jobs import ExportRequest, run
    from ipexplorer.export.profiles import profile_sheets
    from ipexplorer.query.profiles import region_profile

    profile = region_profile(conn, "广东")
    assert profile.edition == 2020
    run(ExportRequest(path=tmp_path / "p.xlsx", scope="profile", db_path=two_editions,
                      sheets=profile_sheets(profile)))
    book = load_workbook(tmp_path / "p.xlsx", read_only=True)
    sheets = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames[:3]}
    assert all(rows[0][-1] == "版本 Edition" for rows in sheets.values())
    values, narrative, events = sheets.values()
    assert len(values) > 1 and {r[-1] for r in values[1:]} == {2020}
    assert len(narrative) > 1 and {r[-1] for r in narrative[1:]} == {2020}
    assert [r[-1] for r in events[1:]] == [e.edition for e in profile.events] and {r[-1] for r in events[1:]} == {
        2019, 2020}
    one = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    try:
        alone = region_profile(one, "广东")
    finally:
        one.close()
    assert alone.edition is None
    assert not any(c.title == "版本 Edition" for sheet in profile_sheets(alone) for c in sheet.columns)


def test_a_region_panes_events_name_their_edition_and_open_its_line(qtbot, two_editions, english, regions_pane):
    pane = regions_pane(two_editions)
    with qtbot.waitSignal(pane.region_shown, timeout=10000):
        pane.show_region("广东")
    texts = [pane.events_list.item(i).text() for i in range(pane.events_list.count())]
    assert len(texts) == len(pane.profile.events)
    row = next(i for i, e in enumerate(pane.profile.events) if e.edition == 2019)
    assert "[2019 edition]" in texts[row] and "2019 edition" in pane.events_list.item(row).toolTip()
    with qtbot.waitSignal(pane.open_report_line) as blocker:
        pane.events_list.itemDoubleClicked.emit(pane.events_list.item(row))
    assert blocker.args == [pane.profile.events[row].source_line, 2019]


# --- a region only an older edition prints: its profile -----------------------------------------------------
@pytest.fixture(scope="module")
def older_only_region(older_regions):
    """南苏丹 (its one row, in 表8; 国外在华总计 less its numbers in the 2020 edition) in the 2019 edition only: a
    region the latest edition's tables leave out, that only the older one prints."""
    return older_regions


def test_a_region_only_an_older_edition_prints_shows_that_editions_values(older_only_region):
    """南苏丹's profile has the values of the 2019 edition (the newest printing it), each naming that edition, its
    years 2018 and 2019 and its line of that report, ranked among that edition's countries; the grid's rows open
    that edition's lines. A region the latest edition prints keeps the latest's values."""
    from ipexplorer.query.profiles import region_profile, values_dataset

    c = sqlite3.connect(f"file:{older_only_region}?mode=ro", uri=True)
    try:
        assert not c.execute("SELECT 1 FROM observation JOIN region USING (region_id) WHERE name_zh = '南苏丹'"
                             ).fetchall()
        profile = region_profile(c, "南苏丹")
        printed = {(t, y, m, i): (v, line) for t, y, m, i, v, line in c.execute(
            "SELECT e.table_no, e.year, e.measure, e.ip_type, e.value, e.source_line FROM edition_value e "
            "JOIN region r USING (region_id) WHERE r.name_zh = '南苏丹' AND e.edition = 2019")}
        # its ranks as RANK() over the 2019 edition's countries gives them
        ranks = {(t, y, m, i): (rank, peers) for name, t, y, m, i, rank, peers in c.execute(
            "SELECT r.name_zh, e.table_no, e.year, e.measure, e.ip_type, "
            "       CASE WHEN e.value IS NOT NULL THEN RANK() OVER (slice ORDER BY e.value DESC) END, "
            "       COUNT(e.value) OVER slice "
            "FROM edition_value e JOIN region r USING (region_id) WHERE e.edition = 2019 AND r.kind = 'country' "
            "WINDOW slice AS (PARTITION BY e.table_no, e.year, e.measure, e.ip_type)")
            if name == "南苏丹"}
        grid = values_dataset("南苏丹", 2019, "en")
        rows = c.execute(f"SELECT table_no, edition, source_line FROM ({grid.sql})", grid.params).fetchall()
        kept = region_profile(c, "科摩罗")
    finally:
        c.close()
    assert printed and profile.edition == 2020 and profile.older_edition == 2019
    assert {(v.table_no, 2019, v.measure, v.ip_type) for v in profile.values} == {k for k in printed if k[1] == 2019}
    for v in profile.values:
        assert (v.edition, v.year_last) == (2019, 2019)
        last, prev = (v.table_no, 2019, v.measure, v.ip_type), (v.table_no, 2018, v.measure, v.ip_type)
        assert (v.value_last, v.value_prev, v.source_line) == (printed[last][0], printed[prev][0], printed[last][1])
        assert (v.rank, v.peers, v.rank_prev) == (*ranks[last], ranks[prev][0])
    assert any(v.value_last for v in profile.values) and any(v.rank for v in profile.values)
    assert sorted(rows) == sorted((v.table_no, 2019, v.source_line) for v in profile.values)
    assert kept.values and kept.older_edition is None and {v.edition for v in kept.values} == {2020}


def test_the_regions_pane_names_the_edition_an_older_regions_values_are_of(qtbot, older_only_region, english,
                                                                           regions_pane):
    from ipexplorer.export.profiles import profile_sheets
    from ipexplorer.ui.grid.table_model import EDITION_ROLE

    pane = regions_pane(older_only_region)
    with qtbot.waitSignal(pane.region_shown, timeout=10000):
        pane.show_region("南苏丹")
    model = pane.values_model
    assert model.rowCount() == len(pane.profile.values) > 0
    titles = [c.title("en") for c in model.columns if not c.hidden]
    assert "2018" in titles and "2019" in titles and "2020" not in titles
    assert pane.values_edition.isVisible() and "2019 edition" in pane.values_edition.text()
    assert "2018 and 2019" in pane.chart_caption.text()
    line = next(c for c, col in enumerate(model.columns) if col.key == "value_last")
    with qtbot.waitSignal(pane.open_report_line) as blocker:
        pane.values._on_double_click(model.index(0, line))
    assert model.index(0, line).data(EDITION_ROLE) == 2019
    assert blocker.args == [model.record(0)["source_line"], 2019]
    values = profile_sheets(pane.profile)[0]
    assert {row[-1] for row in values.rows} == {2019}
    with qtbot.waitSignal(pane.region_shown, timeout=10000):
        pane.show_region("科摩罗")   # the latest edition prints it: nothing to say
    assert not pane.values_edition.isVisible()
