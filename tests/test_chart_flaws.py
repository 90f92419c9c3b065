"""What a user sees on the Charts pane: every bar named, one kind of region ranked, clear axes, empty states,
a legend clear of the bars, outlines only on the selected bars, clean exports, the chart on the clipboard."""

from __future__ import annotations

import pytest
from conftest import back_to_default_chart, charts_window, default_charts_window, shared_window
from PySide6.QtCore import QItemSelectionModel, QPointF
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QWidget

from ipexplorer.query.chart_data import ChartKind
from ipexplorer.ui.plots.chart_plot import empty_message


def _window(qtbot, built_db, settings, width, height):
    w = charts_window(qtbot, built_db, settings, width, height)
    qtbot.wait(50)
    return w


@pytest.fixture
def window(qtbot, built_db, settings):
    """A 1280×800 window of the test's own, for the tests that scroll or resize the plot or change its kinds' tops."""
    w = _window(qtbot, built_db, settings, 1280, 800)
    yield w
    w.close()


@pytest.fixture(scope="module")
def module_window(request, qapp, built_db, tmp_path_factory):
    def make(bot, settings):
        w = default_charts_window(bot, built_db, settings, 1280, 800)
        bot.wait(50)
        return w

    with shared_window(request, tmp_path_factory, make) as w:
        yield w


@pytest.fixture
def shared(qtbot, module_window):
    """The module's shared window for a test that changes only its table, filter, kind, regions or selection: put
    back to its default chart after the test (back_to_default_chart), so each test starts from it."""
    yield module_window
    back_to_default_chart(qtbot, module_window)


def set_kind(charts, kind: ChartKind) -> None:
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(kind.value))
    wait_settled(charts)


def wait_settled(charts, timeout: float = 5.0) -> None:
    """Let the chart's numbers arrive (they are read off the GUI thread)."""
    import time

    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout
    while not charts.settled():
        assert time.monotonic() < deadline, "the chart did not settle"
        QCoreApplication.processEvents()
        time.sleep(0.005)


def named_rows(plot) -> set[int]:
    axis = plot.category_axis
    lo, hi = plot.view_box.viewRange()[1]
    return {int(v) for v in axis.tickValues(lo, hi, axis.geometry().height())[0][1]}


def test_every_bar_in_view_is_named_at_1280x800_and_scrolling_reaches_the_last(qtbot, window):
    plot = window.charts.plot
    assert window.width() == 1280
    n = len(window.charts.data.categories)
    assert n == 30
    shown = set(plot.visible_rows())
    assert len(shown) >= 12
    assert named_rows(plot) >= shown                  # no bar in view without its name
    while plot.view_box.scroll_rows is not None and n - 1 not in plot.visible_rows():
        plot.view_box.scroll_by(3)
    assert n - 1 in plot.visible_rows() and named_rows(plot) >= set(plot.visible_rows())


@pytest.mark.parametrize("size", [(1024, 640), (1100, 700), (1920, 1080)])
def test_every_bar_in_view_is_named_at_every_window_size(qtbot, built_db, settings, size):
    """However few bars fit, each one in view has its name (none dropped by the axis thinning its labels)."""
    w = _window(qtbot, built_db, settings, *size)
    try:
        plot = w.charts.plot
        shown = set(plot.visible_rows())
        assert shown and named_rows(plot) >= shown
    finally:
        w.close()


def test_a_row_selected_in_the_table_scrolls_its_bar_into_view_and_only_it_is_outlined(qtbot, shared):
    charts = shared.charts
    explorer = charts.grid   # the table beside the chart
    plot = charts.plot
    last = charts.data.categories[-1]
    row = explorer.model.row_of_id(last.row_ids[0])
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    explorer.view.selectionModel().select(explorer.model.index(row, 0), flags)
    index = len(charts.data.categories) - 1
    assert index in plot.visible_rows()
    outline = plot.highlight_item.opts
    value = charts.data.series[0].values[index]
    assert list(outline["width"]) == [value]         # hugs the bar, not the whole row
    assert list(outline["x0"]) == [0]


def test_regions_of_one_kind_are_ranked_unless_mixing_is_chosen(qtbot, shared):
    charts = shared.charts
    data = charts.data
    names = {c.name_zh for c in data.categories}
    assert "深圳" not in names and "广东" in names
    assert {c.kind for c in data.categories} <= {"province", "hk_macao_taiwan"}
    assert data.left_out == 16
    assert "16" in charts.status.text()
    charts.regions_combo.setCurrentIndex(charts.regions_combo.findData("all"))
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    mixed = charts.data
    assert "深圳" in {c.name_zh for c in mixed.categories} and mixed.mixed
    charts.regions_combo.setCurrentIndex(charts.regions_combo.findData("city"))
    qtbot.waitUntil(charts.settled, timeout=5000)   # the chart's numbers come off the GUI thread
    assert {c.kind for c in charts.data.categories} == {"sub_provincial"}


@pytest.mark.parametrize("kind", [ChartKind.CHANGE_PCT, ChartKind.SHARE])
def test_percent_axes_read_plainly(qtbot, shared, kind):
    set_kind(shared.charts, kind)
    axis = shared.charts.plot.value_axis
    assert axis.labelText == "%"
    assert axis.labelUnitPrefix == "" and not axis.autoSIPrefix
    assert "x0.001" not in axis.labelString()


def test_scatter_has_numbers_on_both_axes_and_its_own_hint(qtbot, shared):
    charts = shared.charts
    set_kind(charts, ChartKind.SCATTER)
    axis = charts.plot.category_axis
    lo, hi = charts.plot.view_box.viewRange()[1]
    levels = axis.tickValues(lo, hi, axis.geometry().height())
    values = [v for _spacing, vs in levels for v in vs]
    assert len(values) >= 3
    assert all(s.replace(",", "").lstrip("-").isdigit() for s in axis.tickStrings(values, 1, levels[0][0]))
    hint = charts.tr("Click a point to select its rows, drag to select several, Ctrl adds")
    assert charts.status.toolTip().startswith(hint) and charts.plot.hint == hint
    assert charts.tr("scroll for more") not in charts.status.text()


def test_scatter_axes_and_the_series_hint_follow_the_names_language(qtbot, shared):
    """The scatter's level axis is titled in the names language, both names when both are shown (it read
    "2020年 申请量·发明" beside English labels); a line chart's hint speaks of its lines' points, not of bars."""
    charts = shared.charts
    set_kind(charts, ChartKind.SCATTER)
    for language, wanted, unwanted in (("en", "Applications", "申请量"), ("zh", "申请量", "Applications"),
                                       ("both", "申请量", None)):
        charts.plot.language = language
        charts.plot.show_data(charts.data)
        title = charts.plot._axis_titles["bottom"][0]
        assert wanted in title and (unwanted is None or unwanted not in title), (language, title)
    both = charts.plot._axis_titles["bottom"][0]
    year = charts.data.x_series.name_zh[:4]
    assert "Applications" in both and both.startswith(f"{year}年") and both.count(year) == 1, both   # said once
    set_kind(charts, ChartKind.SERIES)
    hint = charts.tr("Click a line's point to select its rows, drag to select several, Ctrl adds")
    assert charts.status.toolTip().startswith(hint) and charts.plot.hint == hint


def _named_boxes(plot) -> list:
    return [box for names in plot.point_names for box in names.scene_boxes()]


@pytest.mark.parametrize("width", [1280, 760])
def test_a_scatter_names_its_points_farthest_out_where_a_name_has_room(qtbot, window, width):
    """Guangdong, Jiangsu, Zhejiang… carry their names (in the names language; with both, the interface's); the
    crowd near the origin is left to the tooltip; no name runs into another, into a dot or out of the plot."""
    charts = window.charts
    window.resize(width, 800)
    set_kind(charts, ChartKind.SCATTER)
    plot, data = charts.plot, charts.data
    xs, ys = data.x_series.values, data.series[0].values
    farthest = sorted(range(len(xs)), key=lambda i: -(xs[i] / max(xs) + ys[i] / max(ys)))[:3]
    qtbot.waitUntil(lambda: set(farthest) <= set(plot.named_points()), timeout=3000)
    named = plot.named_points()
    assert 3 <= len(named) < len(xs)                       # not every point: the crowd would be a smudge
    for language, attr in (("en", "name_en"), ("zh", "name_zh")):
        plot.language = language
        plot.show_data(data)
        texts = [t for names in plot.point_names for t in names.texts()]
        assert {getattr(data.categories[i], attr) for i in farthest} <= set(texts), language
    boxes = _named_boxes(plot)
    area = plot.view_box.sceneBoundingRect()
    assert len(boxes) == len(plot.named_points()) and all(area.contains(b) for b in boxes)
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    dots = [plot.view_box.mapViewToScene(QPointF(x, y)) for x, y in zip(xs, ys, strict=True)]
    assert not any(b.contains(d) for b in boxes for d in dots)
    window.resize(width - 200, 800)                        # a narrower plot: placed again, still apart
    qtbot.waitUntil(lambda: plot.view_box.sceneBoundingRect().width() < area.width() - 20, timeout=3000)

    def placed_again() -> bool:   # once the layout has settled (the plot may move as the window relays)
        boxes, inside = _named_boxes(plot), plot.view_box.sceneBoundingRect()
        return bool(boxes) and all(inside.contains(b) for b in boxes) and \
            not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])

    qtbot.waitUntil(placed_again, timeout=3000)


def test_value_ticks_never_run_together(qtbot, window):
    from PySide6.QtGui import QFontMetrics

    plot = window.charts.plot
    plot.resize(380, plot.height())
    qtbot.wait(50)
    axis = plot.value_axis
    lo, hi = plot.view_box.viewRange()[0]
    size = axis.geometry().width()
    spacing, ticks = axis.tickValues(lo, hi, size)[0]
    widest = max(QFontMetrics(axis.style.get("tickFont") or plot.font()).horizontalAdvance(t)
                 for t in axis.tickStrings(ticks, 1, spacing))
    assert spacing * size / (hi - lo) > widest


def test_nothing_to_draw_says_why(qtbot, shared):
    charts, explorer = shared.charts, shared.explorer
    explorer.show_table(7, "wide")
    qtbot.waitUntil(lambda: charts.frame is not None and charts.frame.table_nos == (7,) and charts.settled())
    set_kind(charts, ChartKind.STACKED)
    assert charts.data.empty == "no_types"
    assert charts.plot.message == empty_message(charts.data) != ""
    assert charts.plot.message in charts.plot.title_label.text
    assert not charts.plot.plot.getAxis("left").isVisible()
    set_kind(charts, ChartKind.BARS)
    assert not charts.plot.message
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.quick.setText("zzzz")
        explorer._apply_quick()
    qtbot.waitUntil(lambda: charts.data is not None and charts.data.empty == "no_rows", timeout=5000)
    assert empty_message(charts.data) in charts.plot.title_label.text
    assert "·  /" not in charts.data.title_en and " · / · " not in charts.data.title_zh


def test_the_stacked_legend_is_opaque_and_clear_of_the_bars(qtbot, shared):
    charts = shared.charts
    set_kind(charts, ChartKind.STACKED)
    plot = charts.plot
    qtbot.wait(50)
    legend = plot.legend
    assert legend.isVisible() and len(legend.items) == 3
    assert legend.opts["brush"].color().alpha() == 255
    assert not legend.sceneBoundingRect().intersects(plot.view_box.sceneBoundingRect())


def test_exports_and_the_clipboard_leave_selection_outlines_out(qtbot, shared, tmp_path):
    charts = shared.charts
    explorer = charts.grid
    plain = charts.export_image(tmp_path / "plain.png")
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    explorer.view.selectionModel().select(explorer.model.index(1, 0), flags)   # not selectRow: no stale Shift
    assert charts.plot.highlight_item is not None and charts.plot.highlight_item.isVisible()
    selected = charts.export_image(tmp_path / "selected.png")
    assert QImage(str(plain)) == QImage(str(selected))
    assert charts.plot.highlight_item.isVisible()     # still shown on screen
    charts.copy_chart_action.trigger()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull() and image.width() > 200


@pytest.mark.parametrize(("size", "side_by_side"), [((1280, 800), True), ((1024, 640), True), ((900, 760), False)])
def test_chart_and_table_each_keep_room(qtbot, built_db, settings, size, side_by_side):
    from PySide6.QtCore import Qt

    w = _window(qtbot, built_db, settings, *size)
    try:
        assert w.width() == size[0]                    # the pane never forces the window wider
        charts = w.charts
        horizontal = charts.splitter.orientation() == Qt.Orientation.Horizontal
        assert horizontal == side_by_side
        assert charts.plot.height() >= (250 if side_by_side else 150)
        assert w.charts.grid.view.height() >= 120
    finally:
        w.close()


def visible_table_rows(view) -> int:
    """Rows of the table wholly in its viewport."""
    height = view.viewport().height()
    return sum(1 for r in range(view.model().rowCount())
               if view.rowViewportPosition(r) >= 0 and view.rowViewportPosition(r) + view.rowHeight(r) <= height)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_at_1024x640_the_chart_names_eight_bars_beside_five_table_rows(qtbot, qapp, built_db, settings, language):
    """Chart and table side by side (the toolbars wrap): before, stacked, two bars and four rows fitted."""
    from PySide6.QtCore import Qt

    from ipexplorer.ui.shell import i18n

    i18n.install(language, qapp)
    w = _window(qtbot, built_db, settings, 1024, 640)
    try:
        charts = w.charts
        assert w.width() == 1024 and charts.splitter.orientation() == Qt.Orientation.Horizontal
        plot = charts.plot
        shown = set(plot.visible_rows())
        assert len(shown) >= 8 and named_rows(plot) >= shown       # eight bars or more, each named
        assert charts.panel.width() >= 420
        assert visible_table_rows(charts.grid.view) >= 5
        for widget in (charts.grid, charts.kind_combo, charts.export_button):
            assert widget.isVisible() and widget.width() > 20      # nothing squeezed away by the wrap
            assert widget.mapTo(w, widget.rect().bottomRight()).x() <= w.width()
    finally:
        w.close()
        i18n.install("zh_CN", qapp)


def _table_102_value_axis(qtbot, w):
    """表102's years chart drawn, its value-axis title set: (the plot, its value axis)."""
    w.explorer.show_table(102, "wide")
    wait_settled(w.charts)
    qtbot.waitUntil(lambda: "无效" in w.charts.plot._axis_titles.get("bottom", ("",))[0], timeout=5000)
    qtbot.wait(100)
    return w.charts.plot, w.charts.plot.value_axis


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_the_value_axis_title_fits_the_chart_and_says_the_rest_in_its_tooltip(qtbot, built_db, settings, size):
    """表102's bilingual axis title ran off the chart's right edge ("… · Patent invalidation reque"), then was cut
    mid-word at 1024 px ("专利无效宣告请求受理量（件） Patent invali…"): where both names do not fit, the
    interface's alone is shown whole (the chart's title gives both), the whole title in the tooltip."""
    from PySide6.QtGui import QFontMetrics

    w = _window(qtbot, built_db, settings, *size)
    try:
        plot, axis = _table_102_value_axis(qtbot, w)
        shown = axis.label.toPlainText().strip()
        whole, short = plot._axis_titles["bottom"]
        assert "Patent invalidation" in whole and short == "专利无效宣告请求受理量（件）"   # the interface's: Chinese
        assert shown and QFontMetrics(axis.label.font()).horizontalAdvance(shown) <= plot.view_box.width()
        assert shown in (whole, short) and "…" not in shown, shown
        assert axis.toolTip() == ("" if shown == whole else whole)
        if size == (1024, 640):
            assert shown == short
    finally:
        w.close()


def test_the_charts_table_choice_ends_a_cut_title_in_an_ellipsis_and_names_it_whole(qtbot, built_db, settings):
    """At 1024×640 the title of table 1 does not fit the chart's table choice: it is elided, never cut mid-word."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox

    from ipexplorer.ui.shell.elided_combo import ElidedCombo

    w = charts_window(qtbot, built_db, settings, 1024, 640)
    combo = w.charts.findChild(QComboBox, "chartTable")
    assert isinstance(combo, ElidedCombo)
    combo.setCurrentIndex(combo.findData(2))
    combo.setCurrentIndex(combo.findData(1))
    full = combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole) or combo.currentText()
    assert combo.toolTip() == full and "表1" in full
    assert combo.fontMetrics().horizontalAdvance(combo.currentText()) > combo.width()   # so it must be elided
    plain = [c.objectName() for c in w.charts.findChildren(QComboBox) if not isinstance(c, ElidedCombo)]
    assert plain == []          # every choice above the chart ("Over the years (li…") elides alike
    kind = w.charts.findChild(QComboBox, "chartKind")
    assert kind.toolTip() == kind.currentText()


def test_at_1920_every_choice_above_the_chart_shows_its_whole_text(qtbot, built_db, settings):
    """A wide window has room: the kind, measure and region choices read in full ("One kind of …" and
    "申请量·专利(合计) …" were cut at 1920 px though half the row was empty); at 1024 px they still fit the row."""
    from PySide6.QtWidgets import QComboBox

    def cut(combo) -> bool:   # the text wider than the box less its arrow and frame
        return combo.fontMetrics().horizontalAdvance(combo.currentText()) > combo.width() - 30

    w = charts_window(qtbot, built_db, settings, 1920, 1080)
    try:
        for name in ("chartKind", "chartSlice", "chartRegions"):
            combo = w.charts.findChild(QComboBox, name)
            assert combo.isVisible()
            assert combo.width() >= combo.sizeHint().width(), name
            assert not cut(combo), (name, combo.currentText(), combo.width())
    finally:
        w.close()
    w = charts_window(qtbot, built_db, settings, 1024, 640)
    try:
        panel = w.charts.panel
        for name in ("chartKind", "chartSlice", "chartYear", "chartRegions", "chartExport"):
            widget = w.charts.findChild(QWidget, name)
            assert widget.geometry().right() <= panel.contentsRect().right(), name
    finally:
        w.close()


def test_in_a_small_window_chart_and_table_are_tabs_each_with_the_whole_pane(qtbot, built_db, settings):
    """At 800×600, stacked in halves, the chart named about one bar above about one table row."""
    w = _window(qtbot, built_db, settings, 800, 600)
    try:
        charts = w.charts
        assert w.width() == 800 and charts.in_tabs()
        assert charts.tabs.currentWidget() is charts.panel
        plot = charts.plot
        qtbot.waitUntil(lambda: len(plot.visible_rows()) >= 10)
        assert named_rows(plot) >= set(plot.visible_rows())
        charts.tabs.setCurrentWidget(charts.table_slot)
        qtbot.waitUntil(lambda: visible_table_rows(charts.grid.view) >= 10)
        # a larger window puts them back side by side, each still drawn
        w.resize(1280, 800)
        qtbot.waitUntil(lambda: not charts.in_tabs())
        qtbot.waitUntil(lambda: charts.panel.isVisible() and charts.grid.view.isVisible())
        assert charts.splitter.indexOf(charts.panel) >= 0 and charts.splitter.indexOf(charts.table_slot) >= 0
    finally:
        w.close()


def test_a_time_series_top_says_the_lines_it_draws_and_the_other_kinds_keep_theirs(qtbot, window):
    """"Over the years" read "Top 30" over its ten lines; back on bars the 30 chosen there returns."""
    from ipexplorer.query.chart_data import MAX_LINES

    charts = window.charts
    set_kind(charts, ChartKind.BARS)
    charts.top_spin.setValue(30)
    wait_settled(charts)
    set_kind(charts, ChartKind.SERIES)
    assert charts.top_spin.value() == len(charts.data.categories) <= MAX_LINES
    assert charts.top_spin.maximum() == MAX_LINES and str(MAX_LINES) in charts.top_spin.toolTip()
    charts.top_spin.setValue(3)
    wait_settled(charts)
    assert len(charts.data.categories) == 3
    set_kind(charts, ChartKind.BARS)
    assert charts.top_spin.value() == 30 and len(charts.data.categories) == 30


def test_closing_in_tabs_keeps_the_split_chosen_beside(qtbot, built_db, settings):
    """In tabs the splitter is empty: saving its state then lost the user's split of chart and table. In tabs
    the pane writes nothing at all; beside, the split shown, which gives the same split back."""
    from PySide6.QtCore import QByteArray

    from ipexplorer.ui.shell.settings import parse_ini

    def stored() -> dict[str, str]:
        return parse_ini(settings.path.read_text(encoding="utf-8"))

    w = _window(qtbot, built_db, settings, 800, 600)
    try:
        charts = w.charts
        assert charts.in_tabs()
        settings.set("charts/splitter", b"kept")
        before = settings.path.read_bytes()
        charts.save()
        assert settings.path.read_bytes() == before
        assert settings.get("charts/splitter") == b"kept"
        w.resize(1280, 800)
        qtbot.waitUntil(lambda: not charts.in_tabs() and charts.splitter.isVisible())
        total = sum(charts.splitter.sizes())
        charts.splitter.setSizes([300, total - 300])     # the user's split
        charts.splitter.splitterMoved.emit(300, 1)       # as a drag of the divider does
        chosen = charts.splitter.sizes()
        kept = stored()
        charts.save()
        saved = settings.get("charts/splitter")
        assert saved == bytes(charts.splitter.saveState()) != b"kept"
        assert {k: v for k, v in stored().items() if k != "charts/splitter"} == {
            k: v for k, v in kept.items() if k != "charts/splitter"}
        charts.splitter.setSizes([total // 2, total - total // 2])
        assert charts.splitter.restoreState(QByteArray(saved)) and charts.splitter.sizes() == chosen
    finally:
        w.close()



def test_an_elided_combo_measures_its_items_when_they_change_not_per_size_hint(qtbot, monkeypatch):
    """Its size hint (asked on every layout pass) measured every item's text each time: now once per change of
    the items or the font."""
    from PySide6.QtWidgets import QComboBox

    from ipexplorer.ui.shell.elided_combo import ElidedCombo

    combo = ElidedCombo()
    qtbot.addWidget(combo)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(4)
    combo.addItems(["short", "a longer item"])
    read = []
    item_text = combo.itemText
    monkeypatch.setattr(combo, "itemText", lambda i: read.append(i) or item_text(i))
    first = combo.sizeHint().width()
    for _ in range(20):
        assert combo.sizeHint().width() == first
    assert sorted(read) == [0, 1]                                 # each item measured once
    combo.addItem("an item much, much longer than both of the others")
    assert combo.sizeHint().width() > first                      # the new item measured
    wider = combo.sizeHint().width()
    font = combo.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    combo.setFont(font)
    assert combo.sizeHint().width() > wider                      # and in the new font


def test_a_line_charts_legend_takes_the_columns_its_names_need_and_leaves_the_plot_its_height(qtbot, built_db,
                                                                                            settings):
    """At 1024×640 the ten lines' legend stood one name per row once it had been one column (each label then
    measured at its stretched cell's 375 px, not its text's), squeezing the plot to 40 px: overlapping ticks,
    the axis title cut."""
    w = _window(qtbot, built_db, settings, 1024, 640)
    try:
        set_kind(w.charts, ChartKind.SERIES)
        plot = w.charts.plot
        qtbot.waitUntil(lambda: len(plot.legend.items) == 10, timeout=5000)
        w.resize(700, 640)     # narrow: one name a row; then the window as it was
        qtbot.wait(50)
        w.resize(1024, 640)
        qtbot.wait(50)
        widest = max(label.item.boundingRect().width() for _sample, label in plot.legend.items)
        assert plot.legend.columnCount >= 2 and plot.legend.columnCount * widest < plot.ci.width()
        assert plot.view_box.height() >= 120, plot.view_box.height()
    finally:
        w.close()


def test_an_english_value_title_too_long_for_the_plot_takes_two_whole_lines(qtbot, built_db, settings, english):
    """In English at 1024 px, 表102's value title in English alone ("Patent invalidation requests received
    (items)") was still cut ("… (ite…"): it is broken at a space onto a second line, each line whole."""
    from PySide6.QtGui import QFontMetrics

    w = _window(qtbot, built_db, settings, 1024, 640)
    try:
        plot, axis = _table_102_value_axis(qtbot, w)
        lines = axis.label.toPlainText().strip().splitlines()
        metrics = QFontMetrics(axis.label.font())
        assert len(lines) == 2 and " ".join(lines) == "Patent invalidation requests received (items)", lines
        assert all(metrics.horizontalAdvance(line) <= plot.view_box.width() for line in lines)
        assert axis.toolTip() == plot._axis_titles["bottom"][0]   # the bilingual title whole
        for palette in (None, "dark"):    # the lines centred under each other, after a palette change too
            if palette:
                plot.apply_palette(palette)
            layout = axis.label.document().firstBlock().layout()
            middles = [layout.lineAt(i).naturalTextRect().center().x() for i in range(layout.lineCount())]
            assert layout.lineCount() == 2 and abs(middles[0] - middles[1]) <= 1, (palette, middles)
    finally:
        w.close()
