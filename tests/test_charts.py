"""The Charts pane over the real database: the chart shows the table's rows, linked both ways."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import back_to_default_chart, default_charts_window, selection_cleared, shared_window
from PySide6.QtCore import QItemSelectionModel, QPointF, QRectF, Qt
from PySide6.QtGui import QImage

from ipexplorer.query.builder import ColumnFilter, QueryState
from ipexplorer.query.chart_data import ChartKind, ChartSpec, chart_data, chart_frame
from ipexplorer.query.datasets import dataset_for
from ipexplorer.store.database import connect
from ipexplorer.ui.grid.table_model import RAW_ROLE


@pytest.fixture(scope="module")
def module_charts_window(request, qapp, built_db, tmp_path_factory):
    with shared_window(request, tmp_path_factory,
                       lambda bot, settings: default_charts_window(bot, built_db, settings, 1400, 900)) as w:
        yield w


@pytest.fixture
def window(qtbot, module_charts_window):
    """The module's Charts window for a test that changes its table, filters, sort, kind or choices: put back to
    its default chart after the test (back_to_default_chart), so each test starts from it."""
    yield module_charts_window
    back_to_default_chart(qtbot, module_charts_window)


@pytest.fixture
def shared(module_charts_window):
    """The module's Charts window for a test that only reads it or selects rows of its own (the selection is
    cleared after each)."""
    yield from selection_cleared(module_charts_window)


def table_rows(explorer, key="region_zh"):
    model = explorer.model
    c = model.column_index(key)
    return [model.index(r, c).data(RAW_ROLE) for r in range(model.rowCount())]


def apply(qtbot, window, change):
    explorer = window.explorer
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        change(explorer)
    qtbot.waitUntil(lambda: explorer.model.fully_loaded)
    qtbot.waitUntil(window.charts.settled, timeout=5000)


FILTERS = {
    "provinces only": lambda e: e.set_filter(ColumnFilter("kind_zh", values=("省级行政区 Province",))),
    "quick text": lambda e: e.quick.setText("jiang") or e._apply_quick(),
    "range": lambda e: e.set_filter(ColumnFilter("c4", low=100_000, high=500_000)),
    "top 5": lambda e: e.set_filter(ColumnFilter("c4", top=5)),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_chart_shows_exactly_the_table_rows(qtbot, window, name):
    charts = window.charts
    charts.top_spin.setValue(0)          # all bars
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    charts.sort_check.setChecked(False)  # the table's order
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    charts.totals_check.setChecked(True)
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    charts.regions_combo.setCurrentIndex(charts.regions_combo.findData("all"))   # every kind, as the table
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    apply(qtbot, window, FILTERS[name])
    explorer = window.explorer
    shown = [c.name_zh for c in charts.data.categories]
    assert shown == table_rows(explorer)
    assert shown, "the filter left rows"
    # the values drawn are the table's 2020 totals (column c4 of table 1)
    values = charts.data.series[0].values
    assert list(values) == table_rows(explorer, "c4")


def test_totals_hidden_by_default_and_top_n_sorted(qtbot, window):
    charts = window.charts
    charts.totals_check.setChecked(False)
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    charts.sort_check.setChecked(True)
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    charts.top_spin.setValue(10)
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    data = charts.data
    assert len(data.categories) == 10
    assert all(c.kind not in {"total", "domestic_total", "foreign_total"} for c in data.categories)
    values = data.series[0].values
    assert list(values) == sorted(values, reverse=True)
    assert data.categories[0].name_zh == "广东"
    assert "Table 1" in data.caption


def test_a_maps_greyed_top_and_sort_are_given_back_to_the_chart_after_it(qtbot, window):
    """A map draws every region in no order, so its Top and Sort are greyed; they stayed greyed in every chart
    drawn after it (a bar chart's "Top 30" could no longer be changed)."""
    charts = window.charts
    for kind, top, sort in ((ChartKind.MAP, False, False), (ChartKind.BARS, True, True),
                            (ChartKind.MAP_CHANGE, False, False), (ChartKind.SCATTER, True, False),
                            (ChartKind.YEARS, True, True)):
        charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(kind.value))
        qtbot.waitUntil(charts.settled, timeout=5000)
        assert (charts.top_spin.isEnabled(), charts.sort_check.isEnabled()) == (top, sort), kind


def test_every_chart_kind_draws(qtbot, window):
    charts = window.charts
    for i in range(charts.kind_combo.count()):
        charts.kind_combo.setCurrentIndex(i)
        qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
        data = charts.data
        assert data.kind.value == charts.kind_combo.currentData()
        assert data.categories
        assert charts.plot.items, data.kind
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.STACKED.value))
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    assert [s.key for s in charts.data.series] == ["invention", "utility_model", "design"]
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.YEARS.value))
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    assert [s.name_en for s in charts.data.series] == ["2019", "2020"]


def test_a_sort_or_filter_beside_the_chart_shows_in_the_tables_pane_and_back(qtbot, window):
    """One view state, two grids: the chart's grid and the Tables pane follow each other, and the chart both."""
    charts, explorer = window.charts, window.explorer
    assert charts.grid is not explorer.grid and charts.grid.parent() is not explorer   # its own grid
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        charts.grid.sort_by("c4", ascending=True)         # a header click beside the chart
    assert explorer.model.state.sort == charts.model.state.sort == (("c4", True),)
    assert window.view_state.state.query.sort == (("c4", True),)
    qtbot.waitUntil(lambda: charts.settled() and explorer.model.fully_loaded, timeout=5000)
    # the chart's grid takes the new order a moment after the Tables pane's (each asks its own page)
    qtbot.waitUntil(lambda: table_rows(explorer) == table_rows(charts.grid), timeout=5000)
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        charts.grid.set_filter(ColumnFilter("c4", top=5))
    assert explorer.model.state.filter_for("c4").top == 5
    assert any("5" in c for c in explorer.chip_texts())    # its chips say so too
    # the chart's grid asks its own page a moment after the Tables pane's: both come to the same 5 rows
    qtbot.waitUntil(lambda: charts.settled() and explorer.model.fully_loaded and charts.model.fully_loaded
                    and charts.model.rowCount() == explorer.model.rowCount() == 5, timeout=5000)
    assert 0 < len(charts.data.categories) <= 5
    with qtbot.waitSignal(charts.model.loaded, timeout=5000):   # and from the Tables pane to the chart's grid
        explorer.remove_filter("c4")
    assert charts.model.state.filter_for("c4") is None
    qtbot.waitUntil(charts.settled, timeout=5000)
    assert len(charts.data.categories) > 5


def test_table_selection_highlights_bars(qtbot, shared):
    charts = shared.charts
    explorer = charts.grid   # the chart's own grid of the shared view
    row = table_rows(explorer).index("广东")
    # an explicit selection: QTest keeps a modifier of an earlier test's Shift+click, which selectRow() would obey
    selection = explorer.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    selection.select(explorer.model.index(row, 0), flags)
    index = [c.name_zh for c in charts.data.categories].index("广东")
    assert charts.plot.highlighted == {index}
    assert charts.plot.highlight_item is not None


def test_click_on_a_bar_selects_its_row(qtbot, shared):
    charts = shared.charts
    plot = charts.plot
    qtbot.waitUntil(lambda: plot.plot.sceneBoundingRect().height() > 100)
    target = 2
    name = charts.data.categories[target].name_zh
    value = charts.data.series[0].values[target]
    scene = plot.view_box.mapViewToScene(QPointF(value / 2, target))
    assert plot.category_at(scene) == target
    plot.category_clicked.emit(plot.category_at(scene), False)
    grid = charts.grid
    selected = grid.selected_row_ids()
    assert len(selected) == 1
    row = grid.model.row_of_id(selected[0])
    assert table_rows(grid)[row] == name
    assert plot.highlighted == {target}


def test_rubber_band_selects_several_rows(qtbot, shared):
    charts = shared.charts
    names = [c.name_zh for c in charts.data.categories[1:4]]
    charts.plot.view_box.sigRectSelected.emit(QRectF(0, 0.8, 10, 2.4), False)
    explorer = charts.grid
    chosen = {table_rows(explorer)[explorer.model.row_of_id(i)] for i in explorer.selected_row_ids()}
    assert chosen == set(names)
    # ctrl adds to the selection
    charts.plot.view_box.sigRectSelected.emit(QRectF(0, -0.2, 10, 0.4), True)
    assert len(explorer.selected_row_ids()) == 4


def test_scatter_hover_and_band(qtbot, window):
    charts = window.charts
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.SCATTER.value))
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    data = charts.data
    assert data.x_series is not None and len(data.x_series.values) == len(data.categories)
    xs, ys = data.x_series.values, data.series[0].values
    i = max(range(len(xs)), key=lambda k: xs[k])
    tip = charts.plot.tooltip(i)
    assert data.categories[i].name_zh in tip and f"{xs[i]:,}" in tip
    charts.plot.view_box.sigRectSelected.emit(QRectF(xs[i] - 1, ys[i] - 1, 2, 2), False)
    ids = charts.grid.selected_row_ids()
    assert ids == data.categories[i].row_ids


def test_tooltip_has_exact_values_with_units(shared):
    charts = shared.charts
    tip = charts.plot.tooltip(0)
    cat = charts.data.categories[0]
    assert cat.name_zh in tip and cat.name_en in tip
    assert f"{charts.data.series[0].values[0]:,}" in tip
    assert "件" in tip


def test_long_layout_folds_rows_by_region(qtbot, window):
    explorer = window.explorer
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(4, "long")
    qtbot.waitUntil(lambda: window.charts.settled() and window.charts.frame.table_nos == (4,))
    data = window.charts.data
    conn = connect(window.db_path)
    expected = conn.execute(
        "SELECT value FROM observations WHERE table_no = 4 AND region_zh = ? AND year = 2020 "
        "AND ip_type = 'patent'", (data.categories[0].name_zh,)).fetchone()[0]
    conn.close()
    assert data.series[0].values[0] == expected
    # a bar stands for every row of its region; clicking selects them all
    window.charts.select_categories([0])  # the rows may not be fetched yet: the table loads them first
    grid = window.charts.grid
    qtbot.waitUntil(lambda: len(grid.selected_row_ids()) == len(data.categories[0].row_ids) > 1)


def test_export_png_and_svg_with_caption(qtbot, shared, tmp_path):
    charts = shared.charts
    png = charts.export_image(tmp_path / "chart.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 800
    svg = charts.export_image(tmp_path / "chart.svg")
    text = svg.read_text(encoding="utf-8")
    ET.fromstring(text)  # well-formed XML
    captions = [t.text or "" for t in ET.fromstring(text).iter("{http://www.w3.org/2000/svg}text")]
    assert any("CNIPA Annual Report 2020, Table 1" in c for c in captions)  # drawn, not only described
    assert not list(tmp_path.glob(".*"))  # no temporary files left


def test_export_to_unwritable_place_fails_cleanly(shared, tmp_path):
    with pytest.raises(OSError, match="cannot write"):
        shared.charts.export_image(tmp_path / "missing" / "chart.png")
    with pytest.raises(ValueError):
        shared.charts.export_image(tmp_path / "chart.gif")


def test_scale_and_palette(qtbot, window):
    charts = window.charts
    charts.scale_combo.setCurrentIndex(charts.scale_combo.findData("1e4"))
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    assert charts.plot.value_axis.tickStrings([1_000_000], 1, 100_000) == ["100"]
    assert "万" in charts.plot.plot.getAxis("bottom").labelText
    charts.palette_combo.setCurrentIndex(charts.palette_combo.findData("dark"))
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    assert charts.plot.palette_name == "dark"


def test_chart_choices_survive_a_restart(qtbot, built_db, settings):
    from ipexplorer.ui.shell.main_window import MainWindow

    w = MainWindow(built_db, settings=settings)
    qtbot.addWidget(w)
    w.charts.kind_combo.setCurrentIndex(w.charts.kind_combo.findData(ChartKind.SHARE.value))
    w.charts.top_spin.setValue(12)
    w.close()
    again = MainWindow(built_db, settings=settings)
    qtbot.addWidget(again)
    assert again.charts.kind_combo.currentData() == ChartKind.SHARE.value
    assert again.charts.top_spin.value() == 12
    again.close()


def test_chart_data_core_on_every_table(built_db):
    conn = connect(built_db)
    for table_no in range(1, 13):
        for layout in ("wide", "long"):
            frame = chart_frame(conn, dataset_for(conn, table_no, layout), QueryState())
            for kind in ChartKind:
                data = chart_data(frame, ChartSpec(kind=kind))
                assert data.caption.endswith("2020 年年报")
                for s in data.series:
                    assert len(s.values) == len(data.categories)
    conn.close()


def test_pyqtgraph_loads_only_with_the_charts_pane(lazy_imports):
    out = lazy_imports   # (conftest's probe: a window shown, then its Charts pane)
    assert "before False False" in out.stdout, out.stderr
    assert "after True" in out.stdout, out.stderr


def test_clicking_with_the_mouse_selects(qtbot, shared):
    """A real mouse click on a bar reaches the table."""
    charts = shared.charts
    plot = charts.plot
    target = 1
    value = charts.data.series[0].values[target]
    scene = plot.view_box.mapViewToScene(QPointF(value / 2, target))
    pos = plot.mapFromScene(scene)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: bool(charts.grid.selected_row_ids()))
    assert charts.plot.highlighted == {target}


@pytest.mark.parametrize("height", [260, 480, 900])
def test_category_labels_never_overlap(qtbot, window, height):
    from PySide6.QtGui import QFontMetrics

    charts = window.charts
    charts.top_spin.setValue(0)
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    charts.totals_check.setChecked(True)
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    plot = charts.plot
    plot.resize(plot.width(), height)
    qtbot.wait(50)
    axis = plot.category_axis
    lo, hi = plot.view_box.viewRange()[1]
    length = axis.geometry().height()
    ticks = axis.tickValues(lo, hi, length)[0][1]
    assert len(ticks) > 1, "several labels are shown"
    pixels_per_category = length / (hi - lo)
    gap = (ticks[1] - ticks[0]) * pixels_per_category
    assert gap >= QFontMetrics(axis.style.get("tickFont") or plot.font()).height()


def test_a_table_chosen_beside_the_chart_is_the_tables_panes_too(qtbot, window):
    charts, explorer = window.charts, window.explorer
    qtbot.waitUntil(lambda: charts.table_combo.findData(6) >= 0, timeout=5000)   # the list is read off the GUI thread
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        charts.table_combo.setCurrentIndex(charts.table_combo.findData(6))
    assert explorer.dataset.key == "wide:6" and explorer.table_combo.currentData() == 6
    qtbot.waitUntil(lambda: charts.settled() and charts.dataset.key == "wide:6" and charts.frame.table_nos == (6,),
                    timeout=5000)
    with qtbot.waitSignal(charts.model.loaded, timeout=5000):   # and the other way
        explorer.show_table(2, "wide")
    assert charts.table_combo.currentData() == 2 and charts.dataset.key == "wide:2"


def test_the_kept_regions_rows_are_read_through_one_helper(built_db):
    """chart_data._kept_rows: the rows of the listed regions (a name with quotes or a backslash included, as JSON
    carries it), for the catalogue, the seek of the top N and the rows below a list's end alike."""
    from ipexplorer.query.chart_data import _kept_rows
    from ipexplorer.query.datasets import LONG_TABLE

    conn = connect(built_db)
    try:
        kept, param = _kept_rows(LONG_TABLE, iter(["广东", "北京", 'a "quoted"\\ name']))
        found = {r for (r,) in conn.execute(f"SELECT DISTINCT v.region_zh FROM {kept}", [param])}
        assert found == {"广东", "北京"}
        rows = conn.execute(f"SELECT count(*) FROM {kept} WHERE v.region_zh = '广东'", [param]).fetchone()[0]
        assert rows == conn.execute(f"SELECT count(*) FROM {LONG_TABLE} WHERE region_zh = '广东'").fetchone()[0] > 0
        kept, param = _kept_rows(f"(SELECT * FROM {LONG_TABLE} WHERE year = 2020)", [])
        assert conn.execute(f"SELECT count(*) FROM {kept}", [param]).fetchone()[0] == 0
    finally:
        conn.close()
    source = (Path(__file__).parents[1] / "ipexplorer" / "query" / "chart_data.py").read_text(encoding="utf-8")
    assert source.count("json.dumps(") == 1 and source.count("json_each(") == 1


def test_the_first_show_of_the_charts_pane_paints_it_before_building_the_plot(qtbot, qapp, built_db, settings):
    """The pane's first frame (the table, the controls) does not wait for pyqtgraph's items to be built: the
    plot follows the frame (issue #19: the first switch to Charts built it from a 0 ms timer, before the paint)."""
    from PySide6.QtCore import QEvent, QObject

    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings, pane="overview")
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    window.resize(1280, 820)
    window.show()
    qtbot.waitExposed(window)
    assert "charts" not in window.panes.built()
    plot_at_first_paint = []

    class Watch(QObject):
        def eventFilter(self, obj, event) -> bool:
            if not plot_at_first_paint and event.type() == QEvent.Type.Paint and obj.objectName() == "pane_charts":
                plot_at_first_paint.append(obj.plot)
            return False

    watch = Watch()
    qapp.installEventFilter(watch)
    try:
        window.show_pane("charts")
        qtbot.waitUntil(lambda: window.charts.plot is not None and window.charts.data is not None, timeout=10000)
    finally:
        qapp.removeEventFilter(watch)
    assert plot_at_first_paint == [None]
    assert window.charts.plot.isVisible()


def test_after_next_paint_waits_for_the_widgets_frame(qtbot):
    from PySide6.QtWidgets import QLabel

    from ipexplorer.ui.shell import first_frame

    label = QLabel("hello")
    qtbot.addWidget(label)
    calls = []
    first_frame.after_next_paint(label, lambda: calls.append(label.isVisible()))
    qtbot.wait(50)
    assert calls == []                       # not shown, not painted: nothing yet
    label.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=2000)
    hidden = QLabel("never shown")
    qtbot.addWidget(hidden)
    first_frame.after_next_paint(hidden, lambda: calls.append("at most"))
    qtbot.waitUntil(lambda: calls[-1] == "at most", timeout=first_frame.AFTER_PAINT_AT_MOST_MS + 2000)


def test_a_widget_shown_again_and_again_keeps_one_paint_watcher(qtbot, monkeypatch):
    """One watcher per widget, armed again for each wait (not one per show, as every show of a pane before its plot
    was built left one): thirty shows and ten deadlines leave one a widget, each callback called once."""
    from PySide6.QtWidgets import QLabel

    from ipexplorer.ui.shell import first_frame

    def helpers(widget) -> list:
        return [c for c in widget.children() if not c.isWidgetType()]

    label = QLabel("shown again and again")
    qtbot.addWidget(label)
    before = len(helpers(label))
    calls: list[int] = []
    for i in range(30):
        label.hide()
        first_frame.after_next_paint(label, lambda i=i: calls.append(i))
        label.show()
        qtbot.waitUntil(lambda i=i: calls[-1:] == [i], timeout=2000)
    hidden = QLabel("never shown")
    qtbot.addWidget(hidden)
    monkeypatch.setattr(first_frame, "AFTER_PAINT_AT_MOST_MS", 10)
    for i in range(30, 40):
        first_frame.after_next_paint(hidden, lambda i=i: calls.append(i))
        qtbot.waitUntil(lambda i=i: calls[-1:] == [i], timeout=2000)
    for i in range(40, 45):   # several waiting at once: one watcher, each called once its frame is painted
        first_frame.after_next_paint(label, lambda i=i: calls.append(i))
    label.update()
    qtbot.waitUntil(lambda: len(calls) == 45, timeout=2000)
    assert calls == list(range(45))
    assert len(helpers(label)) == before + 1 and len(helpers(hidden)) == 1
    assert len(label.findChildren(first_frame._PaintWatch)) == 1
    label.update()
    qtbot.wait(50)                           # a later paint calls nothing again
    assert len(calls) == 45


def test_the_start_panes_frame_is_awaited_by_the_windows_one_watcher(qtbot):
    from PySide6.QtWidgets import QLabel

    from ipexplorer.ui.shell import first_frame

    window = QLabel("a window")
    qtbot.addWidget(window)
    window.show()
    for _ in range(10):
        first_frame.expect(preload_plots=False)
        first_frame.painted(window)
        assert not first_frame.is_settled()
        window.update()
        qtbot.waitUntil(first_frame.is_settled, timeout=2000)
    assert len([c for c in window.children() if not c.isWidgetType()]) == 1


def test_reset_view_puts_the_chart_and_its_table_back_to_their_defaults(qtbot, built_db, settings):
    """View › Reset view on the Charts pane: every choice above the chart as on a first start, the table view back
    to table 1 as printed, and the saved chart forgotten (a restart draws the default chart too)."""
    w = default_charts_window(qtbot, built_db, settings, 1280, 800)
    qtbot.addWidget(w)
    charts, explorer = w.charts, w.explorer
    split = charts.splitter.sizes()
    charts.splitter.setSizes([split[0] + 120, split[1] - 120])
    charts.splitter.splitterMoved.emit(split[0] + 120, 1)     # as a drag of the divider says
    changes = [lambda: charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.SHARE.value)),
               lambda: charts.top_spin.setValue(7), lambda: charts.sort_check.setChecked(False),
               lambda: charts.totals_check.setChecked(True),
               lambda: charts.scale_combo.setCurrentIndex(charts.scale_combo.findData("1e4")),
               lambda: charts.palette_combo.setCurrentIndex(charts.palette_combo.findData("dark")),
               lambda: charts.year_combo.setCurrentIndex(0),
               lambda: charts.slice_combo.setCurrentIndex(charts.slice_combo.count() - 1)]
    for change in changes:
        change()
        qtbot.waitUntil(charts.settled, timeout=5000)
    fitted = dict(explorer.grid.column_widths())["c4"]
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(6, "wide")
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.set_filter(ColumnFilter("c4", top=5))
    qtbot.waitUntil(lambda: charts.settled() and charts.frame.table_nos == (6,), timeout=5000)
    assert charts.spec() != w.default_spec and charts.plot.palette_name == "dark"
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(1, "wide")
    explorer.grid.set_column_widths([("c4", fitted + 150)])        # widened by hand, and a column dragged
    explorer.header.moveSection(explorer.header.visualIndex(explorer.model.column_index("c4")), 3)
    assert explorer.view_state().columns is not None
    assert settings.get("charts/spec")
    back_to_default_chart(qtbot, w)     # View › Reset view, and every default asserted (the columns' too)
    assert dict(explorer.grid.column_widths())["c4"] == fitted     # fitted again, not the width set by hand
    assert charts.plot.palette_name == charts.palette_name() and charts.plot.value_scale == 1.0
    assert charts.spec().year == max(charts.frame.years) and charts.slice_combo.currentIndex() == 0
    assert not settings.get("charts/spec")
    assert charts.splitter.sizes() == split            # the pane's own split, not the divider as it was dragged
    w.save()
    assert not settings.get("charts/splitter")         # and the close that follows keeps none
