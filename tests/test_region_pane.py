"""The Regions pane: the searchable list, a profile's values, chart, narrative and events, its export,
and the ways in from a table row and an event."""

from __future__ import annotations

import time

import openpyxl
import pytest
from conftest import first_link_color
from PySide6.QtCore import QEvent, QObject, QPoint, Qt

from ipexplorer.query.profiles import MISSING
from ipexplorer.ui.grid.table_model import RAW_ROLE, SOURCE_LINE_ROLE
from ipexplorer.ui.panes.region_pane import REGION_ROLE


def column_values(model, key: str) -> list:
    """A column of the values grid, top to bottom, as stored."""
    column = model.column_index(key)
    return [model.index(r, column).data(RAW_ROLE) for r in range(model.rowCount())]


def sorted_by(qtbot, pane, key: str, ascending: bool) -> None:
    """Sort the values as a header click does (the grid asks SQLite for the new order)."""
    with qtbot.waitSignal(pane.values_model.loaded, timeout=5000):
        pane.values.sort_by(key, ascending=ascending)


def show(qtbot, pane, region_zh: str) -> None:
    """Open a profile and wait for it: the profile, then its values in the grid, are read off the GUI thread
    (two reads one after the other: room for a loaded machine)."""
    with qtbot.waitSignal(pane.region_shown, timeout=10000):
        pane.show_region(region_zh)


def open_region(qtbot, window, region_zh: str) -> None:
    with qtbot.waitSignal(window.regions.region_shown, timeout=10000):
        window.open_region(region_zh)


@pytest.fixture
def regions(regions_pane):
    return regions_pane()   # its exports' requests in regions.exported


def test_searching_the_list_and_opening_a_profile(qtbot, regions):
    regions.search.setText("zhejiang")
    qtbot.waitUntil(lambda: len(regions.list_model.entries()) == 1)
    with qtbot.waitSignal(regions.region_shown, timeout=5000):
        qtbot.keyClick(regions.search, Qt.Key.Key_Return)
    assert regions.profile.name == "浙江"
    assert "浙江" in regions.title.text() and "Zhejiang" in regions.title.text()
    assert regions.values_model.rowCount() == len(regions.profile.values)
    assert regions.chart is not None and len(regions.chart.bars) == len(regions.profile.chart)


def test_a_search_that_finds_no_region_says_so_over_the_list(qtbot, regions):
    qtbot.waitUntil(lambda: len(regions.list_model.entries()) > 30)
    assert not regions.list_note.isVisible()
    regions.search.setText("zzz")
    qtbot.waitUntil(lambda: not regions.list_model.entries())
    assert regions.list_note.isVisible() and "zzz" in regions.list_note.text()
    assert regions.count_label.text().startswith("0 ")
    regions.search.setText("jiang")
    qtbot.waitUntil(lambda: bool(regions.list_model.entries()))
    assert not regions.list_note.isVisible()


def test_values_sort_in_sql_by_change(qtbot, regions):
    show(qtbot, regions, "广东")
    assert column_values(regions.values_model, "table_no") == sorted(column_values(regions.values_model, "table_no"))
    sorted_by(qtbot, regions, "change", False)
    assert "ORDER BY change DESC" in regions.values_model.last_sql
    changes = [c for c in column_values(regions.values_model, "change") if c is not None]
    assert changes == sorted(changes, reverse=True) and len(changes) > 5
    expected = sorted((v.change_pct for v in regions.profile.values if v.change_pct is not None), reverse=True)
    assert [c * 100 for c in changes] == pytest.approx(expected)


def test_a_header_click_sorts_the_values_and_shows_the_mark(qtbot, regions):
    show(qtbot, regions, "广东")
    model, header = regions.values_model, regions.values.header
    logical = model.column_index("value_last")
    x = header.sectionViewportPosition(logical) + header.sectionSize(logical) // 2
    with qtbot.waitSignal(model.loaded, timeout=5000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    values = [v for v in column_values(model, "value_last") if v is not None]
    assert values == sorted(values, reverse=True)                  # a number sorts largest first
    assert model.headerData(logical, Qt.Orientation.Horizontal).endswith("▼")


def test_the_rank_reads_one_of_peers_and_sorts_by_the_rank(qtbot, regions):
    show(qtbot, regions, "广东")
    model = regions.values_model
    column = model.column_index("rank_text")
    texts = {model.index(r, column).data() for r in range(model.rowCount())}
    assert texts == {v.rank_text for v in regions.profile.values}
    assert "1 / 31" in texts
    sorted_by(qtbot, regions, "rank_text", False)
    ranks = [r for r in column_values(model, "rank") if r is not None]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > 9   # 23 / 31 before 3 / 31: numbers, not text
    change = model.index(0, model.column_index("change"))
    assert change.data().startswith(("+", "-", "—"))


def test_a_region_alone_of_its_kind_has_no_rank_and_the_list_marks_no_other(qtbot, regions):
    """The domestic total (not in the list: opened from a table) read "1 / 1" in every rank cell, and 深圳 stayed
    marked in the list beside its profile."""
    show(qtbot, regions, "深圳")
    assert regions.region_view.currentIndex().data(REGION_ROLE) == "深圳"
    show(qtbot, regions, "国内总计")
    model = regions.values_model
    qtbot.waitUntil(lambda: model.rowCount() > 10 and model.fully_loaded)
    column = model.column_index("rank_text")
    assert {model.index(r, column).data() for r in range(model.rowCount())} == {MISSING}
    assert {v.rank_text for v in regions.profile.values} == {""} and {v.peers for v in regions.profile.values} == {1}
    assert not regions.region_view.currentIndex().isValid()
    assert not regions.region_view.selectionModel().hasSelection()
    show(qtbot, regions, "广东")
    assert regions.region_view.currentIndex().data(REGION_ROLE) == "广东"
    qtbot.waitUntil(lambda: model.fully_loaded and model.rowCount() > 10)
    assert "1 / 31" in {model.index(r, column).data() for r in range(model.rowCount())}


def test_the_title_writes_the_pinyin_with_its_tones(qtbot, regions):
    """A country's pinyin read as its search key ("meiguo"), beside a province's "Guangdong"."""
    show(qtbot, regions, "美国")
    assert "Měiguó" in regions.title.text() and "meiguo" not in regions.title.text()
    show(qtbot, regions, "西安")
    assert "Xī'ān" in regions.title.text() or "Xī&#x27;ān" in regions.title.text()


def test_select_all_and_copy_copies_every_value(qtbot, regions, qapp):
    show(qtbot, regions, "广东")
    regions.values_view.setFocus()
    with qtbot.waitSignal(regions.values.all_selected, timeout=5000):
        regions.values.select_all_action.trigger()
    regions.values.copy_action.trigger()
    lines = qapp.clipboard().text().splitlines()
    assert len(lines) == 1 + len(regions.profile.values)
    assert lines[0].split("\t") == ["表", "指标", "类型", "2019", "2020", "变化", "2020 年排名"]
    assert "967204" in lines[1].split("\t") and "1 / 31" in lines[1].split("\t")
    assert "133" in regions.values_stats.text()     # 19 values × 7 columns, counted in the pane


def test_a_column_filter_narrows_the_values_and_the_empty_state_clears_it(qtbot, regions):
    from ipexplorer.query.builder import ColumnFilter

    show(qtbot, regions, "广东")
    model = regions.values_model
    with qtbot.waitSignal(model.loaded, timeout=5000):
        regions.values.set_filter(ColumnFilter("value_last", low=100000))
    assert model.rowCount() < len(regions.profile.values)
    assert all(v >= 100000 for v in column_values(model, "value_last"))
    with qtbot.waitSignal(model.loaded, timeout=5000):
        regions.values.set_filter(ColumnFilter("value_last", low=10 ** 12))
    qtbot.waitUntil(lambda: regions.values.empty_label.isVisible())
    with qtbot.waitSignal(model.loaded, timeout=5000):
        regions.values.empty_clear.click()
    assert model.rowCount() == len(regions.profile.values)


def test_double_clicks_open_the_report_at_the_line(qtbot, regions):
    show(qtbot, regions, "日本")
    model = regions.values_model
    index = model.index(0, model.column_index("value_last"))
    view = regions.values_view
    where = view.visualRect(index).center()
    assert view.viewport().rect().contains(where)
    with qtbot.waitSignal(regions.open_report_line) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == [index.data(SOURCE_LINE_ROLE), 0]   # (line, edition: 0 the latest)
    assert blocker.args[0] == regions.profile.values[0].source_line
    item = regions.events_list.item(0)
    with qtbot.waitSignal(regions.open_report_line) as blocker:
        regions.events_list.itemDoubleClicked.emit(item)
    assert blocker.args == [regions.profile.events[0].source_line, 0]


def test_profile_export_writes_three_sheets(qtbot, regions, built_db, tmp_path):
    from ipexplorer.ui.shell.export_dialog import run_request

    show(qtbot, regions, "广东")
    regions.export_profile(tmp_path / "guangdong.xlsx")
    request = regions.exported[0]
    run_request(request, lambda *_: None, lambda: False)
    book = openpyxl.load_workbook(tmp_path / "guangdong.xlsx", read_only=True)
    names = book.sheetnames
    assert names[:3] == ["数值 Values", "第九章 Narrative", "年度要事 Events"]
    values = list(book["数值 Values"].iter_rows(values_only=True))
    assert len(values) - 1 == len(regions.profile.values)
    assert (807700, 967204) in {(r[8], r[9]) for r in values[1:]}
    assert values[0][7] == "单位 Unit" and {r[7] for r in values[1:]} == {"件 · items"}   # as the other exports


def test_unknown_region_says_so_and_keeps_the_profile(qtbot, regions, monkeypatch):
    shown = []
    monkeypatch.setattr("ipexplorer.ui.panes.region_pane.show_error", lambda *a, **k: shown.append(a))
    show(qtbot, regions, "广东")
    regions.show_region("亚特兰蒂斯")
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert regions.profile.name == "广东"


def test_a_table_row_opens_its_region_profile(qtbot, window):
    window.show_pane("tables")
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.model.fully_loaded and explorer.model.rowCount() > 0)
    column = explorer.model.column_index("region_zh")
    row = next(r for r in range(explorer.model.rowCount()) if explorer.model.index(r, column).data() == "四川")
    menu = explorer.cell_menu(explorer.model.index(row, 3))
    action = next(a for a in menu.actions() if a.objectName() == "regionProfileAction")
    with qtbot.waitSignal(window.regions.region_shown, timeout=5000):
        action.trigger()
    assert window.current_pane() == "regions" and window.regions.profile.name == "四川"


def test_an_event_opens_its_region_profile(qtbot, window):
    window.show_pane("timeline")
    pane = window.timeline
    qtbot.waitUntil(lambda: pane.model.rowCount() == 92, timeout=5000)
    row = next(i for i, e in enumerate(pane.events) if "Japan" in e.partners)
    with qtbot.waitSignal(pane.details_shown, timeout=5000):
        pane.select_index(row)
    action = next(a for a in pane.region_button.menu().actions() if a.text().startswith("日本")
                  and "概况" in a.text())
    with qtbot.waitSignal(window.regions.region_shown, timeout=5000):
        action.trigger()
    assert window.current_pane() == "regions" and window.regions.profile.name == "日本"


def test_models_pass_the_model_tester(qtbot, regions, qtmodeltester):
    show(qtbot, regions, "广东")
    qtmodeltester.check(regions.list_model)
    qtmodeltester.check(regions.values_model)


@pytest.mark.parametrize("region", ["广东", "深圳", "日本", "新疆生产建设兵团"])
def test_every_value_column_shows_beside_the_chart(qtbot, window, region):
    """At the default window size the rank column is not cut off, and the chart keeps its width."""
    open_region(qtbot, window, region)
    pane = window.regions
    qtbot.waitUntil(lambda: pane.chart is not None and pane.chart.isVisible())
    view = pane.values_view
    assert view.horizontalHeader().length() <= view.viewport().width()
    assert pane.chart.width() >= pane.chart.minimumWidth()
    assert len(pane.chart.bars) == len(pane.profile.chart) > 0


def test_the_chart_legend_stays_clear_of_the_bars(qtbot, regions):
    show(qtbot, regions, "新疆生产建设兵团")    # its longest bar reaches the top right, where a legend would sit
    chart = regions.chart
    qtbot.waitUntil(lambda: chart.plot.vb.sceneBoundingRect().height() > 50)   # pyqtgraph lays out later
    legend = chart.legend.sceneBoundingRect()
    assert legend.height() > 0
    assert not legend.intersects(chart.plot.vb.sceneBoundingRect())
    assert [label.text for _sample, label in chart.legend.items] == ["2019", "2020"]


def test_a_city_names_its_province_and_a_country_its_iso_codes(qtbot, regions):
    show(qtbot, regions, "深圳")
    assert "广东" in regions.title.text() and "Guangdong" in regions.title.text()
    show(qtbot, regions, "日本")
    assert "JPN" in regions.title.text() and regions.profile.narrative == []
    # no 第九章 section, but the chapters that name Japan (日本特许厅) are listed
    assert regions.profile.mentions and str(len(regions.profile.mentions)) in regions.tabs.tabText(0)
    assert "2" in regions.tabs.tabText(1)


def test_title_and_status_bar_on_the_overview_and_regions(qtbot, window):
    assert window.current_pane() == "overview"              # the start page when no pane was saved
    assert window.windowTitle() == "概览 — ipexplorer"
    assert window.rows_label.isHidden() and window.stats_label.isHidden()
    open_region(qtbot, window, "日本")
    assert window.windowTitle() == "地区: 日本 — ipexplorer"
    assert window.rows_label.isHidden() and window.stats_label.isHidden()
    window.show_pane("tables")
    assert not window.rows_label.isHidden()


def test_in_english_the_columns_and_the_value_labels_still_fit(qtbot, built_db, settings, english):
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    open_region(qtbot, window, "日本")
    pane = window.regions
    chart = pane.chart
    qtbot.waitUntil(lambda: chart.plot.vb.sceneBoundingRect().width() > 50)
    view = pane.values_view
    assert view.horizontalHeader().length() <= view.viewport().width()
    model = pane.values_model
    measures = column_values(model, "measure_name")
    long_measure = next(r for r, m in enumerate(measures) if len(m) > 30)
    tip = model.index(long_measure, model.column_index("measure_name")).data(Qt.ItemDataRole.ToolTipRole)
    assert measures[long_measure] in tip and "report line" in tip
    def labels_inside() -> bool:
        box = chart.plot.vb.sceneBoundingRect()
        return all(box.contains(label.topRight()) for label in chart.labels.scene_boxes())

    qtbot.waitUntil(labels_inside, timeout=3000)   # pyqtgraph lays the labels out after the profile arrives
    shown = chart.labels.scene_boxes()
    assert chart.labels.isVisible() and len(shown) == 2 * len(chart.bars) - _missing_values(chart)
    digits = [r.adjusted(0, r.height() * 0.3, 0, -r.height() * 0.3) for r in shown]   # the glyphs, not padding
    assert not any(a.intersects(b) for i, a in enumerate(digits) for b in digits[i + 1:])   # no two touch
    window.close()


def _missing_values(chart) -> int:
    return sum((b.value_prev is None) + (b.value_last is None) for b in chart.bars)


def test_a_kept_index_follows_its_value_through_a_sort(qtbot, regions):
    """A sort moves the grid's rows with the layout signals and persistent indexes, not a reset."""
    from PySide6.QtCore import QPersistentModelIndex

    show(qtbot, regions, "广东")
    model = regions.values_model
    measure = model.column_index("measure_name")
    kept = QPersistentModelIndex(model.index(0, measure))
    row_id, value = model.row_id(0), column_values(model, "value_last")[0]
    regions.values_view.setCurrentIndex(model.index(0, measure))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.layoutChanged, timeout=5000):
        regions.values.sort_by("value_last", ascending=True)
    assert not resets
    assert kept.isValid() and kept.row() != 0 and kept.column() == measure
    assert model.row_id(kept.row()) == row_id and column_values(model, "value_last")[kept.row()] == value
    assert regions.values_view.currentIndex().row() == kept.row()   # the current cell went with it


def test_a_country_shows_the_paragraphs_that_name_it_and_the_tab_with_content_is_chosen(qtbot, regions):
    show(qtbot, regions, "美国")
    profile = regions.profile
    lines = [p.first_line for p in profile.mentions]
    assert 1273 in lines                                    # 第八章: 推动与美国专利商标局…
    assert all("拉美国家" not in p.text or "美国专利" in p.text for p in profile.mentions)
    assert 1271 not in lines                                 # the heading 与北美和拉美国家交流合作
    assert "美国专利商标局" in regions.narrative.toPlainText()
    from ipexplorer.ui.shell import i18n

    if i18n.is_chinese():
        assert "报告其他章节" in regions.narrative.toPlainText()     # the heading in the interface language
    assert regions.tabs.currentIndex() == 0
    assert str(len(profile.mentions)) in regions.tabs.tabText(0)


def test_the_events_tab_is_chosen_when_only_events_name_the_region(qtbot, regions, monkeypatch):
    from dataclasses import replace

    from ipexplorer.query import profiles
    from ipexplorer.ui.panes import region_pane

    real = profiles.region_profile

    def without_text(conn, name):
        profile = real(conn, name)
        return replace(profile, narrative=[], mentions=[])

    monkeypatch.setattr(region_pane, "region_profile", without_text)
    show(qtbot, regions, "北京")
    assert regions.profile.events
    assert regions.tabs.currentIndex() == 1


def _named_measures(chart) -> set[int]:
    axis = chart.category_axis
    lo, hi = chart.plot.vb.viewRange()[1]
    return {int(v) for v in axis.tickValues(lo, hi, axis.geometry().height())[0][1]}


@pytest.mark.parametrize(("language", "region"), [("en", "广东"), ("en", "美国"), ("zh_CN", "广东")])
def test_at_1024x640_every_value_column_and_every_measure_name_shows(qtbot, qapp, built_db, settings, language,
                                                                     region):
    """The values table keeps every column (the rank reads "1 / 31"); the chart, with no room beside it, has a
    tab of its own where each measure is named; the region list stays readable."""
    from ipexplorer.ui.shell import i18n
    from ipexplorer.ui.shell.main_window import MainWindow

    i18n.install(language, qapp)
    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    try:
        window.resize(1024, 640)
        window.show()
        open_region(qtbot, window, region)
        pane = window.regions
        qtbot.waitUntil(lambda: pane.chart is not None, timeout=5000)
        view = pane.values_view
        qtbot.waitUntil(lambda: view.horizontalHeader().length() <= view.viewport().width(), timeout=3000)
        model, header = pane.values_model, view.horizontalHeader()
        rank = model.column_index("rank_text")
        texts = [model.index(r, rank).data() for r in range(model.rowCount())]
        assert any(t and t.split(" / ")[1] for t in texts)                # "1 / 31", never "1 /"
        assert header.sectionViewportPosition(rank) >= 0 and \
            header.sectionViewportPosition(rank) + header.sectionSize(rank) <= view.viewport().width()
        assert pane.region_view.width() >= 170
        if pane.chart_in_tab():
            pane.tabs.setCurrentWidget(pane.chart_holder)
        chart = pane.chart
        qtbot.waitUntil(lambda: chart.isVisible() and chart.plot.vb.sceneBoundingRect().height() > 50)
        qtbot.wait(50)
        assert _named_measures(chart) == set(range(len(chart.bars)))     # every measure named
        from ipexplorer.ui.plots.region_plot import BAR_HEIGHT

        # 16 bars in ~145 px are thinner than their digits: the value labels hide (the table above gives them)
        bar_px = chart.plot.vb.height() / len(chart.bars) * BAR_HEIGHT
        assert bar_px < chart.labels.cap_height() + 2 and not chart.labels.isVisible()
    finally:
        window.close()
        i18n.install("zh_CN", qapp)


@pytest.mark.parametrize("width", [250, 320, 420])
def test_the_profile_chart_ticks_never_run_together(qtbot, regions, width):
    """"2004006000": the value axis' numbers each have their own room, however narrow the chart."""
    from PySide6.QtGui import QFontMetrics

    show(qtbot, regions, "广东")
    chart = regions.chart
    chart.setFixedWidth(width)
    qtbot.waitUntil(lambda: abs(chart.width() - width) < 2)
    qtbot.wait(50)
    axis = chart.value_axis
    lo, hi = chart.plot.vb.viewRange()[0]
    size = axis.geometry().width()
    spacing, ticks = axis.tickValues(lo, hi, size)[0]
    texts = axis.tickStrings(ticks, 1, spacing)
    widest = max(QFontMetrics(axis.style.get("tickFont") or chart.font()).horizontalAdvance(t) for t in texts)
    assert ticks and spacing * size / (hi - lo) > widest


def test_the_values_sort_goes_from_profile_to_profile_and_to_the_next_session(qtbot, regions_pane, settings):
    """A header sort of the values stays when another region is opened, and comes back after a restart
    (kept as GridView JSON in the settings file, read back through QSettings as plain text)."""
    import json

    from PySide6.QtCore import QSettings

    from ipexplorer.ui.shell.settings import Settings

    first = regions_pane(settings=settings)
    show(qtbot, first, "广东")
    sorted_by(qtbot, first, "change", False)
    show(qtbot, first, "浙江")
    changes = [c for c in column_values(first.values_model, "change") if c is not None]
    assert first.values.state.sort == (("change", False),) and changes == sorted(changes, reverse=True)
    first.save()
    first.shutdown()
    assert json.loads(QSettings(str(settings.path), QSettings.Format.IniFormat).value("regions/grid"))["sort"] \
        == [["change", False]]

    second = regions_pane(settings=Settings(settings.path))
    show(qtbot, second, "广东")
    changes = [c for c in column_values(second.values_model, "change") if c is not None]
    assert second.values.state.sort == (("change", False),) and changes == sorted(changes, reverse=True)
    assert len(changes) > 5


def test_at_1920_a_long_measure_reads_in_full_when_the_table_has_room(qtbot, built_db, settings, english):
    """The 140 px cap that keeps every column beside the chart at 1280 px cut "Cumulativ… year end" at 1920
    px beside empty room; the room goes to the cut column, and at 1280 the table still fits."""
    from ipexplorer.ui.shell.main_window import MainWindow

    for width, height, whole in ((1920, 1080, True), (1280, 820, False)):
        window = MainWindow(built_db, settings=settings)
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        open_region(qtbot, window, "广东")
        pane = window.regions
        view, model = pane.values_view, pane.values_model
        column = model.column_index("measure_name")
        longest = max(column_values(model, "measure_name"), key=len)
        needs = view.fontMetrics().horizontalAdvance(longest)
        least = needs if whole else 1

        def wide_enough(view=view, column=column, least=least) -> bool:
            return view.columnWidth(column) >= least

        qtbot.waitUntil(wide_enough, timeout=3000)
        assert view.horizontalHeader().length() <= view.viewport().width()
        window.close()


def test_a_new_profile_redraws_its_chart_without_new_items(qtbot, regions):
    """The two years' bars are reset with new arrays and every value label is one item: a profile after a profile
    adds nothing to the chart's scene (a text item per value was most of a redraw); the labels say the values."""
    import pyqtgraph as pg

    show(qtbot, regions, "广东")
    chart = regions.chart
    before = set(map(id, chart.plot.items))
    texts = chart.labels.texts()
    show(qtbot, regions, "北京")
    assert set(map(id, chart.plot.items)) == before
    assert not any(isinstance(item, pg.TextItem) for item in chart.scene().items())
    assert chart.labels.texts() != texts
    from ipexplorer.query.numbers import format_number
    wanted = sorted(format_number(v, chart.value_scale) for b in chart.bars for v in (b.value_prev, b.value_last)
                    if v is not None)
    assert sorted(chart.labels.texts()) == wanted


def drag_edge(header, logical: int, by: int) -> None:
    """Drag a section's right edge by `by` pixels, as the user does (press, move with the button held, release)."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    edge = header.sectionViewportPosition(logical) + header.sectionSize(logical) - 1
    y = header.height() / 2
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, x, button, buttons in ((QEvent.Type.MouseButtonPress, edge, left, left),
                                     (QEvent.Type.MouseMove, edge + by // 2, none, left),
                                     (QEvent.Type.MouseMove, edge + by, none, left),
                                     (QEvent.Type.MouseButtonRelease, edge + by, left, none)):
        point = QPointF(x, y)
        QApplication.sendEvent(header.viewport(), QMouseEvent(kind, point, header.viewport().mapToGlobal(point),
                                                              button, buttons, Qt.KeyboardModifier.NoModifier))


def test_a_column_widened_by_hand_keeps_its_width_across_profiles_and_sessions(qtbot, regions_pane, settings):
    """The widths the user sets are kept per column key (GridView JSON); the columns never touched still fit
    each profile's values."""
    import json

    from PySide6.QtCore import QSettings

    from ipexplorer.ui.shell.settings import Settings

    first = regions_pane(settings=settings, size=(1400, 800))
    show(qtbot, first, "广东")
    model, view = first.values_model, first.values_view
    change, first_year = model.column_index("change"), model.column_index("value_last")
    fitted = view.columnWidth(change)
    drag_edge(first.values.header, change, 70)
    wide = view.columnWidth(change)
    assert wide >= fitted + 60 and first.hand_widths() == {"change": wide}
    other = view.columnWidth(first_year)
    show(qtbot, first, "西藏")   # other values: the untouched columns fit them, the widened one stays
    assert view.columnWidth(change) == wide
    assert "value_last" not in first.hand_widths()
    first.save()
    first.shutdown()
    saved = json.loads(QSettings(str(settings.path), QSettings.Format.IniFormat).value("regions/grid"))
    assert saved["widths"] == {"change": wide}

    second = regions_pane(settings=Settings(settings.path), size=(1400, 800))
    show(qtbot, second, "广东")
    assert second.values_view.columnWidth(change) == wide
    assert second.values_view.columnWidth(first_year) == other   # fitted to the same values as before
    # a double-click on its edge fits it again, and forgets the width set by hand
    second.values.header.sectionHandleDoubleClicked.emit(change)
    assert second.hand_widths() == {} and second.values_view.columnWidth(change) < wide


def test_fitting_a_profiles_values_measures_their_text_not_every_cell(qtbot, regions):
    """The values are fitted as every grid's columns are (by each cell's text, then the widest cell's size): Qt's
    own fitting asked the delegate, and through it the model for seven roles, of every cell of every column."""
    from PySide6.QtWidgets import QStyledItemDelegate

    show(qtbot, regions, "广东")
    asked = []

    class Counting(QStyledItemDelegate):
        def sizeHint(self, option, index):
            asked.append(index.column())
            return super().sizeHint(option, index)

    model, view = regions.values_model, regions.values_view
    delegate = Counting(view)
    view.setItemDelegate(delegate)
    before = [view.columnWidth(i) for i in range(model.columnCount())]
    regions.fit_values()
    shown = [i for i in range(model.columnCount()) if not view.isColumnHidden(i)]
    assert model.rowCount() > 10 and 0 < len(asked) <= 2 * len(shown)   # the widest cell of each, not every row
    assert [view.columnWidth(i) for i in range(model.columnCount())] == before


def test_signed_values_take_the_palettes_rise_and_fall_from_theme(qtbot, qapp, regions):
    """A signed column's ▲ and ▼ are theme's signed colours of the application's palette, 4.5:1 on the grid's
    rows in both palettes (one table of them, the one the Overview's cards and the charts read)."""
    from ipexplorer.ui.shell import theme

    show(qtbot, regions, "广东")
    model, view = regions.values_model, regions.values_view
    column = model.column_index("change")
    cells = [model.index(r, column) for r in range(model.rowCount())]
    cells = [(i, i.data(RAW_ROLE)) for i in cells if i.data(RAW_ROLE)]
    assert any(v > 0 for _i, v in cells) and any(v < 0 for _i, v in cells)
    before = qapp.palette()
    role = theme.QPalette.ColorRole
    try:
        for name in ("dark", "light"):
            theme.apply(name, qapp)
            regions.apply_palette(name)   # as the window does for each built pane (the pane runs alone here)
            qapp.processEvents()
            base = view.palette().color(role.Base)
            for index, value in cells:
                colour = index.data(Qt.ItemDataRole.ForegroundRole).color()
                assert colour == theme.signed_color(value > 0, name), (name, value)
                assert theme.contrast_ratio(colour, base) >= 4.5, (name, value)
    finally:
        qapp.setPalette(before)


def test_a_double_click_on_a_values_edge_fits_by_fit_values_alone(qtbot, regions):
    """A double-click on a column's edge gives it fit_values' width, measured by the cells' text: Qt's own
    fit (QTableView's resizeColumnToContents, cell by cell through the delegate) no longer runs first."""
    from PySide6.QtWidgets import QStyledItemDelegate

    show(qtbot, regions, "广东")
    model, view = regions.values_model, regions.values_view
    header = view.horizontalHeader()
    column = next(i for i in range(model.columnCount()) if not view.isColumnHidden(i) and i != view.frozen_section())
    regions.fit_values()
    fitted = view.columnWidth(column)
    view.setColumnWidth(column, fitted + 60)
    asked = []

    class Counting(QStyledItemDelegate):
        def sizeHint(self, option, index):
            asked.append(index.column())
            return super().sizeHint(option, index)

    view.setItemDelegate(Counting(view))
    edge = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) - 2, header.height() // 2)
    assert header.logicalIndexAt(edge) == column
    qtbot.mouseDClick(header.viewport(), Qt.MouseButton.LeftButton, pos=edge)
    qtbot.waitUntil(lambda: view.columnWidth(column) == fitted, timeout=2000)
    shown = [i for i in range(model.columnCount()) if not view.isColumnHidden(i)]
    assert model.rowCount() > 10 and len(asked) <= 2 * len(shown)   # the widest cell of each, not every row


def test_overlapping_selected_ranges_count_a_cell_once(qtbot, regions):
    """A selection whose ranges overlap (a QItemSelection of such ranges is selected as it is; Qt splits only
    what it merges itself): the status line counts and adds each selected cell once, where the ranges' own rows
    would count the shared cells twice (the grid's fallback to its selected cells)."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    from ipexplorer.query.columns import Kind
    from ipexplorer.ui.grid.sql_grid import selection_stats

    show(qtbot, regions, "广东")
    model, view = regions.values_model, regions.values_view
    column = model.column_index("value_last")
    values = [model.index(r, column).data(RAW_ROLE) for r in range(6)]
    assert all(isinstance(v, int) for v in values)
    selection = view.selectionModel()
    ranges = QItemSelection(model.index(0, column), model.index(3, column))
    ranges.select(model.index(2, column), model.index(5, column))   # appended as it is, not split
    selection.select(ranges, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert len(selection.selection()) == 2   # two ranges, rows 2 and 3 in both
    assert sorted(regions.values.selected_pairs()) == [(r, column) for r in range(6)]
    expected = selection_stats(values, [Kind.INT] * 6)   # 6 cells, their sum and average, in the interface's words
    qtbot.waitUntil(lambda: regions.values_stats.text() == expected, timeout=2000)
    assert f"{sum(values):,}" in expected


def test_switching_profiles_never_paints_the_values_table_empty(qtbot, regions):
    """The next profile's side is painted once its parts are in: its values table is not painted emptied (the new
    dataset's reset, before its rows arrive) nor its chart at the last profile's width, then all of it again."""
    viewport = regions.values_view.viewport()
    painted_rows: list[int] = []

    class Paints(QObject):
        def eventFilter(self, obj, event) -> bool:
            if obj is viewport and event.type() == QEvent.Type.Paint:
                painted_rows.append(regions.values_model.rowCount())
            return False

    loaded: list[int] = []   # the paints made when the values arrived
    regions.values_model.loaded.connect(lambda: loaded.append(len(painted_rows)))

    def shown_and_painted(region: str) -> None:
        loaded.clear()
        show(qtbot, regions, region)
        qtbot.waitUntil(lambda: len(painted_rows) > loaded[0], timeout=5000)   # painted since its values came

    # the hold's own limit (HOLD_PAINT_MS, for a query that never answers) out of reach: a loaded machine's slow
    # values would otherwise meet it and paint the grid empty by that rule (tested on its own below)
    regions._hold_timer.setInterval(30_000)
    paints = Paints()
    viewport.installEventFilter(paints)
    try:
        shown_and_painted("广东")   # the first profile's paints (and the chart's first drawing) are over
        painted_rows.clear()
        for region in ("北京", "美国", "江苏"):
            # the values' worker busy for a moment first: the values come after the first paint would (as on a
            # loaded machine), not by chance before it
            regions.values_model.runner.submit(lambda _conn: time.sleep(0.15), channel="busy")
            shown_and_painted(region)
    finally:
        viewport.removeEventFilter(paints)
    assert painted_rows and 0 not in painted_rows, painted_rows
    assert regions.right.updatesEnabled()


def test_a_profile_whose_values_never_come_is_painted_after_the_hold_limit(qtbot, regions):
    """The profile's side is held unpainted for at most the hold's limit: values that do not come (a worker busy
    past it) leave the side painted again, not frozen on the last profile."""
    show(qtbot, regions, "广东")
    regions._hold_timer.setInterval(1000)
    regions.values_model.runner.submit(lambda _conn: time.sleep(2.5), channel="busy")
    shown: list[str] = []
    regions.region_shown.connect(shown.append)
    regions.show_region("北京")
    qtbot.waitUntil(lambda: regions.profile is not None and regions.profile.name == "北京", timeout=5000)
    assert not regions.right.updatesEnabled()              # held while its parts come
    qtbot.waitUntil(regions.right.updatesEnabled, timeout=5000)
    assert not shown                                       # released by the limit, its values still on their way
    qtbot.waitUntil(lambda: shown == ["北京"], timeout=5000)


def test_reset_view_forgets_the_values_sort_and_the_widths_set_by_hand(qtbot, regions_pane, settings):
    """View › Reset view: the profile shown takes the values' first order and fitted widths, and the close that
    follows keeps those, not the old ones."""
    import json

    from PySide6.QtCore import QSettings

    pane = regions_pane(settings=settings, size=(1400, 800))
    show(qtbot, pane, "广东")
    model, view = pane.values_model, pane.values_view
    change = model.column_index("change")
    first = [model.row_id(r) for r in range(model.rowCount())]
    fitted = view.columnWidth(change)
    drag_edge(pane.values.header, change, 70)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        pane.values.sort_by("change", ascending=False)
    assert pane.hand_widths() and [model.row_id(r) for r in range(model.rowCount())] != first
    pane.save()
    with qtbot.waitSignal(model.loaded, timeout=5000):
        pane.reset_view()
    assert pane.values.state.sort == () and pane.hand_widths() == {} and view.columnWidth(change) == fitted
    assert [model.row_id(r) for r in range(model.rowCount())] == first
    pane.save()
    saved = json.loads(QSettings(str(settings.path), QSettings.Format.IniFormat).value("regions/grid"))
    assert saved["sort"] == [] and saved["widths"] == {}


def test_a_palette_switch_recolours_the_shown_profiles_links_and_legend(qtbot, qapp, regions):
    """After light → dark the profile's links stayed dark blue on the dark page and its chart's years dark grey:
    both were coloured when they were made."""
    from PySide6.QtGui import QPalette

    from ipexplorer.ui.shell import theme

    before = qapp.palette()
    try:
        theme.apply("light", qapp)
        show(qtbot, regions, "广东")
        qtbot.waitUntil(lambda: regions.chart is not None and bool(regions.chart.legend.items))
        light_link = first_link_color(regions.narrative)
        theme.apply("dark", qapp)
        regions.apply_palette("dark")
        assert first_link_color(regions.narrative) == qapp.palette().color(QPalette.ColorRole.Link).name()
        assert first_link_color(regions.narrative) != light_link
        import pyqtgraph as pg

        ink = pg.mkColor(regions.chart.colors["foreground"]).name()
        for _sample, label in regions.chart.legend.items:   # the years' names as drawn, in the dark ink
            assert ink in label.item.toHtml().lower(), label.item.toHtml()
    finally:
        qapp.setPalette(before)


def test_the_profile_shown_comes_back_in_a_new_pane_and_an_unknown_one_quietly_not(qtbot, regions_pane, settings,
                                                                                     monkeypatch):
    """A restart, or the window a language switch builds, showed the empty "Choose a region" page."""
    from ipexplorer.ui.panes import region_pane

    first = regions_pane(settings=settings)
    show(qtbot, first, "江苏")
    first.save()
    again = regions_pane(settings=settings)
    qtbot.waitUntil(lambda: again.profile is not None and again.profile.name == "江苏", timeout=10000)
    errors = []
    monkeypatch.setattr(region_pane, "show_error", lambda *a, **k: errors.append(a))
    settings.set(region_pane.SHOWN_KEY, "不存在之地")
    quiet = regions_pane(settings=settings)
    qtbot.waitUntil(lambda: not quiet.runner.is_busy("profile"), timeout=10000)
    qtbot.wait(50)
    assert quiet.profile is None and not errors
