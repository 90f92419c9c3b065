"""Several editions in the explorer: a year column for every year present, change and CAGR over any span."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ipexplorer.query.builder import QueryState, select_sql
from ipexplorer.query.columns import Role
from ipexplorer.query.datasets import wide_dataset
from ipexplorer.store.database import connect

# 广东's patent applications (表1 合计) as printed: the 2020 report gives 2019 = 807700 and 2020 = 967204; its
# year-shifted copy (the 2019 edition) prints the same cells as 2018 and 2019, so 2018 = 807700.
GD_2018, GD_2019, GD_2020 = 807700, 807700, 967204
# 北京's invention applications: 2019 = 129930 and 2020 = 145035 in the 2020 report (2018 = 129930 likewise)
BJ_2018, BJ_2020 = 129930, 145035


@pytest.fixture
def conn(two_editions):
    c = connect(two_editions)
    yield c
    c.close()


def _row(conn, dataset, region: str) -> dict:
    keys = [d[0] for d in conn.execute(f"SELECT * FROM ({dataset.sql}) LIMIT 0").description]
    for row in conn.execute(f"SELECT * FROM ({dataset.sql})", dataset.params):
        record = dict(zip(keys, row, strict=True))
        if record["region_zh"] == region:
            return record
    raise AssertionError(f"{region} not in {dataset.key}")


def _value_key(dataset, year: int, ip_type: str = "patent") -> str:
    return next(c.key for c in dataset.columns if c.role is Role.VALUE and c.year == year and c.ip_type == ip_type)


def test_three_years_give_a_value_column_each_in_year_order(conn):
    dataset = wide_dataset(conn, 1)
    values = [c for c in dataset.columns if c.role is Role.VALUE]
    assert list(dict.fromkeys(c.group_en for c in values)) == ["2018", "2019", "2020"]
    assert [c.title_zh for c in values if c.year == 2018] == ["合计", "发明", "实用新型", "外观设计"]
    row = _row(conn, dataset, "广东")
    assert (row[_value_key(dataset, 2018)], row[_value_key(dataset, 2019)], row[_value_key(dataset, 2020)]) == (
        GD_2018, GD_2019, GD_2020)
    # an in-text table prints its years newest first: the earlier edition's year comes last
    intext = wide_dataset(conn, 101)
    assert [c.year for c in intext.columns if c.role is Role.VALUE] == [2020, 2019, 2018]
    first = conn.execute(f"SELECT region_zh, y2018__rows__all, c1 FROM ({intext.sql}) ORDER BY row_index").fetchone()
    assert first == ("复审请求", 55354, 55354)   # 2019 as the report prints it: the copy gives it as 2018


def test_change_and_cagr_over_the_whole_span_by_default(conn):
    dataset = wide_dataset(conn, 1)
    groups = {c.group_en for c in dataset.columns if c.role is Role.DERIVED}
    assert {"Change 2018→2020", "Change % 2018→2020", "CAGR 2018→2020", "Change 2019→2020"} <= groups
    row = _row(conn, dataset, "广东")
    assert row["span_chg_applications_patent"] == GD_2020 - GD_2018
    assert row["span_pct_applications_patent"] == pytest.approx((GD_2020 - GD_2018) / GD_2018)
    assert row["cagr_applications_patent"] == pytest.approx((GD_2020 / GD_2018) ** (1 / 2) - 1)
    bj = _row(conn, dataset, "北京")
    assert bj["cagr_applications_invention"] == pytest.approx((BJ_2020 / BJ_2018) ** 0.5 - 1)


def test_any_two_years_chosen(conn):
    dataset = wide_dataset(conn, 1, span=(2018, 2019))
    groups = [c.group_en for c in dataset.columns if c.key.startswith(("span_", "cagr_"))]
    assert set(groups) == {"Change 2018→2019", "Change % 2018→2019", "CAGR 2018→2019"}
    row = _row(conn, dataset, "广东")
    assert row["span_chg_applications_patent"] == GD_2019 - GD_2018 == 0
    assert row["cagr_applications_patent"] == pytest.approx(0)
    one_year = _row(conn, wide_dataset(conn, 1, span=(2019, 2020)), "广东")
    assert one_year["cagr_applications_patent"] == pytest.approx(GD_2020 / GD_2019 - 1)
    # a span the table lacks, or backwards, falls back to the whole span
    for bad in ((2017, 2020), (2020, 2018)):
        assert {c.group_en for c in wide_dataset(conn, 1, span=bad).columns
                if c.key.startswith("cagr_")} == {"CAGR 2018→2020"}


def test_the_span_columns_sort_in_sql(conn):
    dataset = wide_dataset(conn, 1)
    sql, params = select_sql(dataset, QueryState(sort=(("cagr_applications_patent", False),)), limit=5)
    keys = [d[0] for d in conn.execute(sql, params).description]
    rows = conn.execute(sql, params).fetchall()
    assert rows and keys[0] == "_rid"
    ids = [r[0] for r in rows]
    cagr = {r[0]: r[-1] for r in conn.execute(f"SELECT _rid, cagr_applications_patent FROM ({dataset.sql})")}
    top = sorted((v for v in cagr.values() if v is not None), reverse=True)[:5]
    assert [cagr[i] for i in ids] == top


def test_one_edition_has_two_years_and_no_span_columns(built_db):
    c = connect(built_db)
    try:
        dataset = wide_dataset(c, 1)
    finally:
        c.close()
    assert {c.year for c in dataset.columns if c.role is Role.VALUE} == {2019, 2020}
    assert not [c for c in dataset.columns if c.key.startswith(("span_", "cagr_", "y20"))]


# --- the Tables pane ------------------------------------------------------------------------------------------
@pytest.fixture
def explorer(qtbot, two_editions, settings):
    from ipexplorer.ui.panes.table_explorer import TableExplorer

    widget = TableExplorer(two_editions, settings)
    qtbot.addWidget(widget)
    widget.resize(1400, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0 and widget.model.fully_loaded)
    yield widget
    widget.shutdown()


def _cell(explorer, region: str, key: str):
    from ipexplorer.ui.grid.table_model import RAW_ROLE

    model = explorer.model
    names = model.column_index("region_zh")
    row = next(r for r in range(model.rowCount()) if model.index(r, names).data(RAW_ROLE) == region)
    return model.index(row, model.column_index(key)).data(RAW_ROLE)


def test_the_tables_pane_shows_every_year_and_compares_the_chosen_two(qtbot, explorer):
    assert explorer.dataset.key == "wide:1"
    groups = [c.group_en for c in explorer.model.columns if c.role is Role.VALUE]
    assert list(dict.fromkeys(groups)) == ["2018", "2019", "2020"]
    assert explorer.span_box.isVisible() and explorer.span() == (2018, 2020)
    assert [explorer.span_from.itemData(i) for i in range(explorer.span_from.count())] == [2018, 2019, 2020]
    assert _cell(explorer, "广东", "cagr_applications_patent") == pytest.approx((GD_2020 / GD_2018) ** 0.5 - 1)
    with qtbot.waitSignal(explorer.dataset_changed, timeout=5000):
        explorer.span_from.setCurrentIndex(explorer.span_from.findData(2019))
    qtbot.waitUntil(lambda: explorer.model.fully_loaded)
    assert explorer.span() == (2019, 2020)
    col = explorer.model.columns[explorer.model.column_index("span_chg_applications_patent")]
    assert col.group_en == "Change 2019→2020"
    assert _cell(explorer, "广东", "span_chg_applications_patent") == GD_2020 - GD_2019
    explorer.span_to.setCurrentIndex(explorer.span_to.findData(2019))   # a year against itself: nothing changes
    assert explorer.span() == (2019, 2020) and explorer.span_to.currentData() == 2020


def test_the_chosen_years_are_in_the_view_state_and_restored(qtbot, explorer, two_editions, settings):
    from ipexplorer.ui.panes.table_explorer import TableExplorer
    from ipexplorer.ui.view_model import load_views

    assert explorer.view_state().span is None            # the whole span: none chosen
    with qtbot.waitSignal(explorer.dataset_changed, timeout=5000):
        explorer.span_to.setCurrentIndex(explorer.span_to.findData(2019))
    assert explorer.span() == (2018, 2019) and explorer.view_state().span == (2018, 2019)
    assert explorer.view_model.state.span == (2018, 2019)   # published to the shared view (Charts, exports)
    explorer.save()
    current, views = load_views(settings)
    assert current.span == (2018, 2019) and views["wide:1"].span == (2018, 2019)
    explorer.show_table(2, "wide")                          # another table: its own whole span
    qtbot.waitUntil(lambda: explorer.dataset is not None and explorer.dataset.key == "wide:2")
    assert explorer.span() == (2018, 2020)
    explorer.save()
    again = TableExplorer(two_editions, settings)           # the next session: table 2, then back to table 1
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.dataset is not None and again.dataset.key == "wide:2", timeout=5000)
    again.show_table(1, "wide")
    qtbot.waitUntil(lambda: again.span() == (2018, 2019) and again.model.rowCount() > 30
                    and again.model.fully_loaded, timeout=5000)
    assert again.span_from.currentData() == 2018 and again.span_to.currentData() == 2019
    assert _cell(again, "广东", "span_chg_applications_patent") == GD_2019 - GD_2018
    again.shutdown()


def test_a_saved_span_of_years_the_table_lacks_shows_the_whole_span(qtbot, two_editions, settings):
    from ipexplorer.query.view import ViewState
    from ipexplorer.ui.panes.table_explorer import TableExplorer
    from ipexplorer.ui.view_model import store_views

    state = ViewState(table=1, span=(2011, 2019))
    store_views(settings, state, {"wide:1": state, "wide:2": ViewState(table=2, span=(2018, 2019))})
    widget = TableExplorer(two_editions, settings)
    qtbot.addWidget(widget)
    widget.show()
    # a span asked for is a dataset read on the runner: none under way once the table is shown and loaded
    qtbot.waitUntil(lambda: widget.dataset is not None and widget.dataset.key == "wide:1"
                    and widget.model.fully_loaded and not widget.model.runner.is_busy(), timeout=5000)
    assert widget.span() == (2018, 2020) and widget.view_state().span is None
    # beside it, a saved span the table has is shown (the saved views were read)
    widget.show_table(2, "wide")
    qtbot.waitUntil(lambda: widget.dataset.key == "wide:2" and widget.span() == (2018, 2019), timeout=5000)
    assert widget.view_state().span == (2018, 2019)
    widget.shutdown()


def test_the_span_picker_is_hidden_with_two_years(qtbot, built_db, settings):
    from ipexplorer.ui.panes.table_explorer import TableExplorer

    widget = TableExplorer(built_db, settings)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0 and widget.model.fully_loaded)
    assert widget.span() is None and not widget.span_box.isVisible()
    widget.shutdown()


# --- the time-series chart ------------------------------------------------------------------------------------
def test_a_time_series_draws_a_line_per_region_through_its_years(qapp, two_editions, tmp_path):
    from ipexplorer.export.chart_image import chart_image
    from ipexplorer.query.chart_data import ChartKind
    from ipexplorer.ui.render import chart_widget

    c = connect(two_editions)
    try:
        image = chart_image(c, 1, "series", tmp_path / "s.png", region_kinds=["province"], top=5, language="en")
        dataset = wide_dataset(c, 1)
        expected = {}
        for region in ("广东", "江苏", "浙江", "山东", "北京"):
            row = _row(c, dataset, region)
            expected[row["region_en"]] = [row[_value_key(dataset, y)] for y in (2018, 2019, 2020)]
    finally:
        c.close()
    data = image.data
    assert data.kind is ChartKind.SERIES and "2018–2020" in data.title_en
    assert [s.name_en for s in data.series] == ["2018", "2019", "2020"]
    plot = chart_widget(image)
    try:
        assert len(plot.lines) == 5
        names = [label.text for _sample, label in plot.legend.items]
        assert names == ["Guangdong", "Jiangsu", "Zhejiang", "Shandong", "Beijing"] == list(expected)
        for name, curve in zip(names, plot.lines, strict=True):
            xs, ys = curve.getData()
            assert list(xs) == [2018, 2019, 2020] and list(ys) == expected[name], name
        assert expected["Guangdong"] == [GD_2018, GD_2019, GD_2020]
        ticks = plot.value_axis._tickLevels
        assert [t for _v, t in ticks[0]] == ["2018", "2019", "2020"]   # years on the x axis, no separators
        plot.set_highlight({1})
        assert plot.lines[1].opts["pen"].width() > plot.lines[0].opts["pen"].width()
    finally:
        plot.hide()
        plot.deleteLater()


def test_the_charts_pane_offers_the_time_series(qtbot, two_editions, settings):
    from conftest import charts_window

    from ipexplorer.query.chart_data import MAX_LINES, ChartKind

    w = charts_window(qtbot, two_editions, settings, 1280, 800)
    charts = w.charts
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.SERIES.value))
    qtbot.waitUntil(lambda: charts.settled() and charts.data.kind is ChartKind.SERIES, timeout=10000)
    assert [s.name_en for s in charts.data.series] == ["2018", "2019", "2020"]
    assert len(charts.plot.lines) == len(charts.data.categories) == MAX_LINES   # top 30 asked: 10 lines at most
    assert charts.data.title_en.endswith(f"top {MAX_LINES}")
    assert charts.data.categories[0].name_zh == "广东"
    # the year box means nothing for the series or the years side by side: hidden; shown for bars
    assert not charts.year_combo.isVisible()
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.YEARS.value))
    assert not charts.year_combo.isVisible()
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.BARS.value))
    assert charts.year_combo.isVisible()
    # a change or a share is the latest year's, whatever the box said (2019 beside "Change 2019→2020"): hidden
    for kind in (ChartKind.CHANGE, ChartKind.CHANGE_PCT, ChartKind.SHARE, ChartKind.MAP_CHANGE):
        charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(kind.value))
        assert not charts.year_combo.isVisible(), kind
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.MAP.value))
    assert charts.year_combo.isVisible()
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.SERIES.value))
    qtbot.waitUntil(lambda: charts.settled() and charts.data.kind is ChartKind.SERIES, timeout=10000)
    assert not charts.year_combo.isVisible()
    # a region selected in the table beyond the top ten gets its line too (the title still says top ten)
    drawn = {c.name_zh for c in charts.data.categories}
    outside = next(c for c in charts.frame.categories if c.kind == "province" and c.name_zh not in drawn)
    charts.grid.select_row_ids(outside.row_ids)
    qtbot.waitUntil(lambda: outside.name_zh in {c.name_zh for c in charts.data.categories}, timeout=5000)
    assert len(charts.plot.lines) == MAX_LINES + 1 and charts.data.title_en.endswith(f"top {MAX_LINES}")
    assert charts.data.categories[-1].name_zh == outside.name_zh
    assert charts.plot.lines[-1].opts["pen"].width() > charts.plot.lines[0].opts["pen"].width()   # outlined
    charts.grid.view.clearSelection()
    qtbot.waitUntil(lambda: len(charts.data.categories) == MAX_LINES, timeout=5000)
    w.close()


# --- titles from the data --------------------------------------------------------------------------------------
def test_the_overview_names_the_latest_report_of_a_year_shifted_database(qtbot, shifted_db, english):
    from ipexplorer.ui.panes.overview_pane import OverviewPane

    pane = OverviewPane(shifted_db)
    qtbot.addWidget(pane, before_close_func=lambda p: p.shutdown())
    qtbot.waitUntil(lambda: pane.data is not None, timeout=10000)
    assert "CNIPA Annual Report 2019" in pane.title.text() and "2020" not in pane.title.text()
    assert pane.provinces_box.title() == "Patent applications by province, 2019 (Table 1)"


def test_the_overview_and_about_name_every_report_of_a_database(qtbot, two_editions, english):
    from ipexplorer.ui.panes.overview_pane import OverviewPane
    from ipexplorer.ui.shell.help_dialogs import AboutDialog

    pane = OverviewPane(two_editions)
    qtbot.addWidget(pane, before_close_func=lambda p: p.shutdown())
    qtbot.waitUntil(lambda: pane.data is not None, timeout=10000)
    assert "CNIPA Annual Report 2020" in pane.title.text() and "reports of 2019, 2020" in pane.title.text()
    about = AboutDialog(db_path=two_editions)
    qtbot.addWidget(about, before_close_func=lambda d: d.done(0))
    qtbot.waitUntil(lambda: about.editions == (2019, 2020), timeout=5000)
    assert "Annual Report 2019, 2020" in about.title.text()
    assert "国家知识产权局 2019、2020 年度报告 (Annual Reports 2019, 2020)" in about.data_text.toPlainText()


def test_editions_text():
    from ipexplorer.query.chart_data import editions_text

    assert editions_text([2020]) == "2020" and editions_text([2019, 2020]) == "2019, 2020"
    assert editions_text([2018, 2019, 2020]) == "2018–2020" and editions_text([2016, 2018, 2020]) == "2016, 2018, 2020"


# --- File › Add report… ----------------------------------------------------------------------------------------
def _digest(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def main_window(qtbot, db_copy, settings):
    from ipexplorer.ui.shell.main_window import MainWindow

    w = MainWindow(db_copy, settings=settings, pane="tables")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.explorer.model.rowCount() > 0 and w.explorer.model.fully_loaded, timeout=10000)
    yield w
    w.close()


def _add(qtbot, monkeypatch, window, report):
    from ipexplorer.ui.shell import add_report

    monkeypatch.setattr(add_report, "choose_report", lambda _parent: report)
    window.findChild(type(window.export_action), "addReportAction").trigger()
    return window.add_report_task


def test_add_report_shows_the_new_years_in_every_pane(qtbot, monkeypatch, main_window, shifted_report, db_copy):
    task = _add(qtbot, monkeypatch, main_window, shifted_report)
    assert task.dialog.isVisible()        # progress on screen while the worker builds
    steps = []
    task.progress.connect(lambda done, total: steps.append((done, total)))
    qtbot.waitUntil(lambda: getattr(main_window, "successor", None) is not None, timeout=30000)
    new = main_window.successor
    qtbot.addWidget(new)
    assert steps and steps[-1][0] == steps[-1][1]
    assert not task.dialog.isVisible() and not main_window.isVisible()
    c = connect(db_copy)
    try:
        assert [e for (e,) in c.execute("SELECT edition FROM reports ORDER BY edition")] == [2019, 2020]
    finally:
        c.close()
    qtbot.waitUntil(lambda: new.explorer.dataset is not None and new.explorer.model.fully_loaded, timeout=10000)
    groups = [col.group_en for col in new.explorer.dataset.columns if col.role is Role.VALUE]
    assert list(dict.fromkeys(groups)) == ["2018", "2019", "2020"] and new.explorer.span() == (2018, 2020)
    assert "2019, 2020" in new.statusBar().currentMessage()
    new.close()


def test_a_bad_report_file_is_named_and_the_database_kept(qtbot, monkeypatch, main_window, db_copy, tmp_path):
    shown = []
    monkeypatch.setattr("ipexplorer.ui.shell.add_report.show_error", lambda *a, **k: shown.append(a))
    bad = tmp_path / "not-a-report.txt"
    bad.write_text("这不是年度报告\nnothing to read here\n", encoding="utf-8")
    before = _digest(db_copy)
    task = _add(qtbot, monkeypatch, main_window, bad)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    title, message = shown[0][:2]
    assert title == "Cannot add the report" or title == "无法添加报告"
    assert str(bad) in message and "Traceback" not in message
    assert _digest(db_copy) == before and getattr(main_window, "successor", None) is None
    assert not task.dialog.isVisible() and main_window.isVisible()
    assert not list(db_copy.parent.glob(".ipexplorer.sqlite.*.tmp"))


def test_cancel_leaves_the_database_as_it_was(qtbot, monkeypatch, main_window, shifted_report, db_copy):
    before = _digest(db_copy)
    task = _add(qtbot, monkeypatch, main_window, shifted_report)
    ended = []
    task.finished.connect(lambda added, message: ended.append((added, message)))
    from PySide6.QtWidgets import QPushButton

    task.dialog.findChild(QPushButton).click()   # Cancel, while the worker reads the reports
    qtbot.waitUntil(lambda: bool(ended), timeout=30000)
    assert ended[0][0] is False and ("cancelled" in ended[0][1] or "取消" in ended[0][1])
    assert _digest(db_copy) == before and getattr(main_window, "successor", None) is None
    assert not list(db_copy.parent.glob(".ipexplorer.sqlite.*.tmp"))


def test_an_in_text_table_of_three_years_has_its_span_columns(conn):
    dataset = wide_dataset(conn, 101, span=(2018, 2020))
    assert dataset.span == (2018, 2020)
    titles = [c.title_en for c in dataset.columns if c.key.startswith(("span_", "cagr_"))]
    assert titles == ["Change 2018→2020", "Change % 2018→2020", "CAGR 2018→2020"]
    assert not any(c.group_zh for c in dataset.columns)   # one header row, as printed
    row = conn.execute(f"SELECT c0, y2018__rows__all, span_chg_rows_all, cagr_rows_all FROM ({dataset.sql}) "
                       "WHERE region_zh = '复审请求'").fetchone()
    # 复审请求 as printed: 54670 in 2020, 55354 in 2019 (the shifted copy prints that as 2018)
    assert row[:3] == (54670, 55354, 54670 - 55354)
    assert row[3] == pytest.approx((54670 / 55354) ** 0.5 - 1)
    shorter = wide_dataset(conn, 101, span=(2019, 2020))
    assert [c.title_en for c in shorter.columns if c.key.startswith("cagr_")] == ["CAGR 2019→2020"]


# --- every year in the long layout; an older edition's nil and a row it left out ------------------------------
def test_the_long_layout_and_all_observations_show_every_year_with_its_edition(conn, built_db):
    from ipexplorer.query.datasets import long_dataset

    dataset = long_dataset(conn, 1)
    rows = conn.execute(f"SELECT year, value, edition, source_line FROM ({dataset.sql}) WHERE region_zh = '广东' "
                        "AND measure = 'applications' AND ip_type = 'patent' ORDER BY year", dataset.params).fetchall()
    # latest edition printing a year wins, as in latest_observations: 2018 from the 2019 edition
    assert [(y, v, e) for y, v, e, _l in rows] == [(2018, GD_2018, 2019), (2019, GD_2019, 2020), (2020, GD_2020, 2020)]
    assert conn.execute("SELECT count(*) FROM latest_observations").fetchone()[0] == conn.execute(
        f"SELECT count(*) FROM ({long_dataset(conn, None).sql})").fetchone()[0] == 6520 + 3260
    assert not dataset.column("edition").hidden                      # several editions: the column shows
    one = connect(built_db)
    try:
        alone = long_dataset(one, None)
        assert alone.column("edition").hidden and one.execute(
            f"SELECT count(*), min(edition), max(edition) FROM ({alone.sql})").fetchone() == (6520, 2020, 2020)
    finally:
        one.close()


def test_an_older_years_cell_and_row_open_the_line_of_the_edition_printing_them(qtbot, two_editions, settings):
    from ipexplorer.ui.grid.table_model import EDITION_ROLE, RAW_ROLE, SOURCE_LINE_ROLE
    from ipexplorer.ui.shell.main_window import MainWindow

    w = MainWindow(two_editions, settings=settings)
    qtbot.addWidget(w)
    w.show()
    w.show_pane("tables")
    explorer = w.explorer
    qtbot.waitUntil(lambda: explorer.dataset is not None and explorer.model.fully_loaded, timeout=10000)
    model = explorer.model
    names = model.column_index("region_zh")
    row = next(r for r in range(model.rowCount()) if model.index(r, names).data(RAW_ROLE) == "北京")
    older = model.index(row, model.column_index("y2018__applications__patent"))
    latest = model.index(row, model.column_index(_value_key(explorer.dataset, 2020)))
    assert (older.data(EDITION_ROLE), latest.data(EDITION_ROLE)) == (2019, None)
    assert older.data(SOURCE_LINE_ROLE) == latest.data(SOURCE_LINE_ROLE) == 1560   # the copy keeps its lines
    explorer.view.setCurrentIndex(older)
    assert "2019" in explorer.provenance.text()
    explorer.open_button.click()
    reader = w.report_view
    qtbot.waitUntil(lambda: reader.current is not None and reader.current.edition == 2019, timeout=10000)
    assert reader.current_line == 1560 and reader.edition_combo.currentData() == 2019
    # the long layout: a row of 2018 is the 2019 edition's
    w.show_pane("tables")
    with qtbot.waitSignal(explorer.dataset_changed, timeout=10000):
        explorer.show_table(1, "long")
    qtbot.waitUntil(lambda: explorer.model.rowCount() > 10, timeout=10000)
    model = explorer.model
    years, editions = model.column_index("year"), model.column_index("edition")
    row = next(r for r in range(model.rowCount()) if model.index(r, years).data(RAW_ROLE) == 2018)
    index = model.index(row, model.column_index("value"))
    assert model.index(row, editions).data(RAW_ROLE) == index.data(EDITION_ROLE) == 2019
    explorer.view.setCurrentIndex(index)
    w.show_pane("report")
    reader.show_line(1700)                      # the latest edition's, to leave it
    qtbot.waitUntil(lambda: reader.built and reader.edition == 2020, timeout=10000)
    w.show_pane("tables")
    explorer.open_button.click()
    qtbot.waitUntil(lambda: reader.built and reader.current.edition == 2019, timeout=10000)
    assert reader.current_line == index.data(SOURCE_LINE_ROLE)
    w.close()


def test_a_row_an_older_edition_left_out_reads_empty_and_its_nil_as_printed(qtbot, gapped_editions, settings):
    from ipexplorer.ui.grid.table_model import RAW_ROLE
    from ipexplorer.ui.panes.table_explorer import TableExplorer

    c = connect(gapped_editions)
    try:
        assert c.execute("SELECT value, printed FROM edition_value ev JOIN region r USING (region_id) "
                         "WHERE edition = 2019 AND table_no = 2 AND r.name_zh = '安道尔' AND printed IS NOT NULL"
                         ).fetchall() == [(None, "—")]
        assert not c.execute("SELECT 1 FROM edition_value ev JOIN region r USING (region_id) WHERE edition = 2019 "
                             "AND table_no = 2 AND r.name_zh = '亚美尼亚'").fetchall()
        key = wide_dataset(c, 2).columns[[k.key for k in wide_dataset(c, 2).columns].index(
            "y2018__applications__patent") + 2].key                     # the third value column of 2018
    finally:
        c.close()
    widget = TableExplorer(gapped_editions, settings)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.dataset is not None and widget.model.fully_loaded, timeout=10000)
    widget.show_table(2, "wide")
    qtbot.waitUntil(lambda: widget.dataset.key == "wide:2" and widget.model.fully_loaded
                    and widget.model.rowCount() > 100, timeout=10000)
    model = widget.model
    names = model.column_index("region_zh")
    rows = {model.index(r, names).data(RAW_ROLE): r for r in range(model.rowCount())}
    nil = model.index(rows["安道尔"], model.column_index(key))
    absent = model.index(rows["亚美尼亚"], model.column_index(key))
    printed_2020 = model.index(rows["亚美尼亚"], model.column_index(_value_key(widget.dataset, 2020)))
    assert nil.data() == "—" and model.printed(nil.row(), nil.column()) == "—"   # as that edition printed it
    assert absent.data(RAW_ROLE) is None and absent.data() == ""                  # not printed: empty
    assert "2019" in absent.data(Qt.ItemDataRole.ToolTipRole) and "2019" not in (nil.data(
        Qt.ItemDataRole.ToolTipRole) or "")
    assert printed_2020.data() == "0"
    widget.shutdown()
