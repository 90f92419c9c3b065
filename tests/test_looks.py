"""What a user sees that a test can measure: readable disabled text, a greyed choice that says why."""

from __future__ import annotations

import pytest
from conftest import settle_layouts
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from ipexplorer.ui.shell import theme


@pytest.mark.parametrize("name", ["light", "dark"])
def test_disabled_text_is_readable_in_both_palettes(qapp, name):
    palette = theme.dark_palette() if name == "dark" else theme.light_palette(qapp)
    role, disabled = QPalette.ColorRole, QPalette.ColorGroup.Disabled
    for ground in (role.Window, role.Base, role.Button):
        for text in (role.WindowText, role.Text, role.ButtonText):
            fg, bg = palette.color(disabled, text), palette.color(disabled, ground)
            assert theme.contrast_ratio(fg, bg) >= 4.5, (name, ground.name, text.name, fg.name(), bg.name())
        # still plainly paler than the enabled text, so greyed reads as greyed
        enabled = palette.color(QPalette.ColorGroup.Active, role.WindowText)
        assert theme.contrast_ratio(palette.color(disabled, role.WindowText), enabled) >= 1.8


def test_applied_palette_has_the_readable_disabled_text(qapp):
    before = qapp.palette()
    try:
        for name in ("dark", "light"):
            theme.apply(name, qapp)
            color = qapp.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
            assert color.name() == theme.DISABLED_TEXT[name]
    finally:
        qapp.setPalette(before)


def test_export_dialog_says_why_the_selection_scopes_are_greyed(qtbot, built_db, settings):
    from PySide6.QtCore import QItemSelectionModel

    from ipexplorer.ui.shell.export_dialog import ExportDialog
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.model.rowCount() > 0)
    dialog = ExportDialog(explorer, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.scope_buttons["cells"].isEnabled()
    assert dialog.scope_note.isVisible() and "选中" in dialog.scope_note.text()
    assert dialog.scope_buttons["rows"].toolTip() == dialog.scope_note.text()
    dialog.close()

    explorer.view.selectionModel().select(explorer.model.index(1, 0), QItemSelectionModel.SelectionFlag.Select)
    dialog = ExportDialog(explorer, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.scope_buttons["cells"].isEnabled() and not dialog.scope_note.isVisible()
    window.close()


def box_ring(view, rect, base) -> float:
    """The highest contrast on `base` of the check box at the left of an item view's item `rect`."""
    from PySide6.QtGui import QColor

    image = view.viewport().grab().toImage()
    return max(theme.contrast_ratio(QColor.fromRgb(image.pixel(x, y)), base)
               for x in range(rect.left(), rect.left() + 22) for y in range(rect.top(), rect.bottom()))


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_export_dialogs_greyed_choices_are_faint_but_seen(qtbot, qapp, built_db, settings, name):
    """In the dark Export dialog a greyed scope's circle was a dark disc on the dark window (1.7:1; Fusion rings
    it a shade darker than the window, 2.2:1 when enabled). Its ring is 3:1 on the window now, fainter than an
    enabled one's, and its words 4.5:1."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    from ipexplorer.ui.shell.export_dialog import ExportDialog
    from ipexplorer.ui.shell.main_window import MainWindow

    before = qapp.palette()
    theme.apply(name, qapp)
    try:
        window = MainWindow(built_db, settings=settings)
        qtbot.addWidget(window)
        window.show()
        explorer = window.explorer
        qtbot.waitUntil(lambda: explorer.model.rowCount() > 0)
        dialog = ExportDialog(explorer, window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        ground = dialog.palette().color(QPalette.ColorRole.Window)

        def strongest(button, part: str) -> float:
            """The highest contrast on the window of the button's indicator ("ring") or of its words."""
            option = QStyleOptionButton()
            button.initStyleOption(option)
            indicator = button.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, option, button)
            image = button.grab().toImage()
            xs = range(indicator.left(), indicator.right() + 2) if part == "ring" else range(
                indicator.right() + 4, button.width())
            return max(theme.contrast_ratio(QColor.fromRgb(image.pixel(x, y)), ground)
                       for x in xs for y in range(button.height()))

        greyed, enabled = dialog.scope_buttons["cells"], dialog.scope_buttons["tables"]
        assert not greyed.isEnabled() and enabled.isEnabled() and not enabled.isChecked()
        assert strongest(greyed, "ring") >= 3.0, name
        assert strongest(enabled, "ring") > strongest(greyed, "ring") + 0.5, name   # greyed reads as greyed
        assert strongest(greyed, "words") >= 4.5, name
        tables = dialog.tables   # greyed until "Several report tables" is chosen: its boxes seen all the same
        assert not tables.isEnabled()
        base = tables.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base)
        for row in (0, 1):   # a ticked and an unticked box
            ring = box_ring(tables, tables.visualRect(tables.model().index(row, 0)), base)
            assert ring >= 3.0, (name, row, ring)
        window.close()
    finally:
        qapp.setPalette(before)


def test_stem_darkening_stays_off_in_every_freetype_library_qt_makes(qapp, caplog):
    """Qt makes a FreeType library per thread that draws text and switches stem darkening on in each; once off
    in the first library, the fix was never looked at again (CJK text heavier when dark came back)."""
    import ctypes
    import logging
    import threading

    before = qapp.palette()
    theme.apply("dark", qapp)
    qapp.setPalette(before)
    if theme.stem_darkening_off() is None:
        pytest.skip("Qt does not draw with the system FreeType here")
    assert theme.stem_darkening_off() is True
    seen = []

    def worker() -> None:          # a thread's own library: Qt made it with darkening on
        seen.append(theme.stem_darkening_off())
        seen.append(theme.even_cjk_weight())
        seen.append(theme.stem_darkening_off())

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [False, True, True]

    # the GUI thread's library with darkening on again (as a library Qt makes anew has it): the next apply mends it
    get_library, _get, property_set = theme._freetype_calls()
    on = ctypes.c_ubyte(0)
    assert property_set(get_library(), b"cff", b"no-stem-darkening", ctypes.byref(on)) == 0
    assert theme.stem_darkening_off() is False
    with caplog.at_level(logging.INFO, logger="ipexplorer.ui.shell.theme"):
        theme.apply("light", qapp)
    qapp.setPalette(before)
    assert theme.stem_darkening_off() is True
    assert "again" in caplog.text


def test_a_table_of_types_greys_the_region_facet_and_filters_rows(qtbot, built_db, settings):
    """表102 (invalidation requests by patent type) offered a "Region kind" facet and "Filter regions…"."""
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.show_pane("tables")
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.model.rowCount() > 0)
    facet = explorer.facet_buttons["kind_zh"]
    for table_no, layout, regions in ((102, "wide", False), (1, "wide", True), (1, "long", True),
                                      (102, "wide", False)):
        with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
            explorer.show_table(table_no, layout)
        # the facet and the box are set with the dataset, at once: wait for the dataset itself (the combo boxes
        # say the table chosen before its dataset is shown)
        qtbot.waitUntil(lambda t=table_no, k=layout: explorer.dataset is not None
                        and explorer.dataset.key == f"{k}:{t}")
        assert facet.isEnabled() == regions, (table_no, layout)
        assert (facet.toolTip() == "") == regions
        assert ("地区" in explorer.quick.placeholderText()) == regions, explorer.quick.placeholderText()
        window.show_pane("charts")      # the Charts pane's own box over the same table says the same
        charts = window.charts
        qtbot.waitUntil(lambda t=table_no, c=charts: c.dataset is not None and c.dataset.table_no == t)
        assert ("地区" in charts.quick.placeholderText()) == regions, charts.quick.placeholderText()
        assert ("地区" in charts.quick.toolTip()) == regions
        window.show_pane("tables")
    window.close()


def test_a_year_is_named_once_in_both_names(qapp):
    """The 2019-vs-2020 legend read "2019年 · 2019" with both names shown."""
    from types import SimpleNamespace

    from ipexplorer.ui.plots.chart_plot import ChartPlot

    both = SimpleNamespace(language="both")
    assert ChartPlot._label(both, "2019年", "2019") == "2019年"
    assert ChartPlot._label(both, "发明", "Invention patent") == "发明 Invention patent"
    assert ChartPlot._label(SimpleNamespace(language="en"), "2019年", "2019") == "2019"


NAMED = {("广东", "Guangdong"): ("广东", "Guangdong", "广东 Guangdong"),
         ("2019年", "2019"): ("2019年", "2019", "2019年"),
         ("WIPO", "WIPO"): ("WIPO", "WIPO", "WIPO"), ("其他", ""): ("其他", "其他", "其他")}


@pytest.mark.parametrize(("zh", "en"), list(NAMED))
def test_charts_maps_and_the_timeline_join_two_names_alike(qapp, zh, en):
    """Charts joined a name's Chinese and English with " · ", maps and the timeline with a space, and only the
    charts named a year once: each had its own rule. All three give the one rule's answer."""
    from types import SimpleNamespace

    from ipexplorer.query.names import name_text
    from ipexplorer.query.timeline import Lane, Period
    from ipexplorer.ui.plots.chart_plot import ChartPlot
    from ipexplorer.ui.plots.map_plot import MapPlot
    from ipexplorer.ui.plots.timeline_plot import DateAxis

    for language, expected in zip(("zh", "en", "both"), NAMED[(zh, en)], strict=True):
        plot = SimpleNamespace(language=language)
        assert name_text(zh, en, language) == expected
        assert ChartPlot._label(plot, zh, en) == MapPlot._text(plot, zh, en) == expected, language
        assert Lane("x", zh, en).label(language) == expected, language
    axis = DateAxis()
    axis.language = "both"
    axis.period = Period(2020, 2020)
    assert axis.tickStrings([15.0], 1, 30.5) == ["1月 Jan"]


def test_the_timelines_tip_names_categories_as_its_list_does(qapp):
    """The axis's tip joined an event's categories with "；" with both names shown, the list with "; "."""
    from types import SimpleNamespace

    from ipexplorer.query.timeline import Event, Lane, categories_text, layout
    from ipexplorer.ui.plots.timeline_plot import TimelinePlot

    lanes = [Lane("meeting", "会议活动", "Meetings"), Lane("covid", "疫情防控", "COVID-19")]
    event = Event(1, "2020-03-01", None, "day", "某事。", ("meeting", "covid"), (), "第一章", 100)
    for language in ("zh", "en", "both"):
        tip = TimelinePlot.tooltip(SimpleNamespace(layout_data=layout([event], lanes), language=language), 0)
        assert f"<i>{categories_text(event.categories, lanes, language)}</i>" in tip, (language, tip)
    assert categories_text(event.categories, lanes, "both") == "会议活动 Meetings; 疫情防控 COVID-19"
    assert categories_text(event.categories, lanes, "zh") == "会议活动；疫情防控"


def test_a_chart_message_has_no_axes_left_from_the_last_chart(qtbot, built_db, settings):
    """"Stacked by type" on 表7 (one type) after a scatter said why nothing is drawn above the scatter's axes,
    titles and numbers (a resize re-showed them)."""
    from conftest import charts_window

    from ipexplorer.query.chart_data import ChartKind

    w = charts_window(qtbot, built_db, settings, 1024, 640)
    try:
        charts = w.charts
        charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.SCATTER.value))
        qtbot.waitUntil(lambda: charts.settled() and charts.data.kind is ChartKind.SCATTER)
        with qtbot.waitSignal(w.explorer.model.loaded, timeout=5000):
            w.explorer.show_table(7, "wide")
        charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.STACKED.value))
        plot = charts.plot
        qtbot.waitUntil(lambda: charts.settled() and bool(plot.message), timeout=5000)
        before = plot.view_box.size()
        w.resize(1100, 700)
        qtbot.waitUntil(lambda: plot.view_box.size() != before)   # its titles are fitted as the view box resizes
        for side in ("left", "bottom"):
            axis = plot.plot.getAxis(side)
            assert not axis.isVisible(), side
            assert not axis.labelText, (side, axis.labelText)
    finally:
        w.close()


def _cell_contrast(image, rect) -> tuple[float, str, str]:
    """(contrast, ground, ink) of a painted cell: its commonest colour is the ground, its pixel most unlike the
    ground the ink of the text drawn on it."""
    from collections import Counter

    from PySide6.QtGui import QColor

    pixels = Counter(image.pixel(x, y) for x in range(rect.left() + 2, rect.right() - 1)
                     for y in range(rect.top() + 1, rect.bottom()))
    ground = QColor.fromRgb(pixels.most_common(1)[0][0])
    ink = max((QColor.fromRgb(p) for p in pixels), key=lambda c: theme.contrast_ratio(c, ground))
    return theme.contrast_ratio(ink, ground), ground.name(), ink.name()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_selected_text_is_readable_on_the_selection_in_both_palettes(qtbot, qapp, name):
    """White on Fusion's light selection blue (#308cc6) was 3.7:1, on the first dark one 4.0:1, in every pane's
    lists and tables (3.3:1 in the current cell, under Fusion's focus frame); a selected cell's text now reads at
    4.5:1 or more, current or not, focused or not."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

    before = qapp.palette()
    try:
        theme.apply(name, qapp)
        palette = qapp.palette()
        role, group = QPalette.ColorRole, QPalette.ColorGroup
        for g in (group.Active, group.Inactive, group.Disabled):
            ratio = theme.contrast_ratio(palette.color(g, role.HighlightedText), palette.color(g, role.Highlight))
            assert ratio >= 4.5, (name, g.name, ratio)

        holder = QWidget()
        qtbot.addWidget(holder)
        table = QTableWidget(4, 1)
        other = QLineEdit()
        box = QVBoxLayout(holder)
        box.addWidget(table)
        box.addWidget(other)
        for row in range(4):
            table.setItem(row, 0, QTableWidgetItem("国家知识产权局 ■■■■ Guangdong"))
        table.setColumnWidth(0, 320)
        holder.resize(400, 220)
        holder.show()
        qtbot.waitExposed(holder)
        holder.activateWindow()
        table.setCurrentCell(2, 0)                    # rows 1 and 2 selected, row 2 the current one
        table.selectionModel().select(table.model().index(1, 0), QItemSelectionModel.SelectionFlag.Select)
        for focused in (table, other):
            focused.setFocus()
            qtbot.wait(20)
            image = table.viewport().grab().toImage()
            for row in (1, 2):
                ratio, ground, ink = _cell_contrast(image, table.visualItemRect(table.item(row, 0)))
                # the ground is the selection's colour (Fusion shades the current cell a little), not the cell's
                assert theme.contrast_ratio(QColor(ground), palette.color(group.Active, role.Highlight)) < 1.25, \
                    (row, ground)
                assert ratio >= 4.5, (name, row, focused is table, ground, ink, ratio)
    finally:
        qapp.setPalette(before)


def test_the_quick_light_palette_has_the_readable_selection(qapp):
    """Before the first frame the light palette is Qt's own but for our readable colours: the selected pane's
    item keeps its colour when the exact palette follows."""
    before = qapp.palette()
    try:
        qapp.setPalette(qapp.style().standardPalette())
        theme.apply("light", qapp, quick=True)
        quick = qapp.palette().color(QPalette.ColorRole.Highlight).name()
        theme.apply("light", qapp)
        assert quick == qapp.palette().color(QPalette.ColorRole.Highlight).name() == theme.HIGHLIGHT["light"]
    finally:
        qapp.setPalette(before)


def test_the_english_interface_gives_a_tables_note_in_english(qtbot, english, built_db, settings):
    """表1's note (注：专利申请量统计中已扣除非正常专利申请。) was given in Chinese in the English interface, as if
    untranslated: it reads in English, with the words as printed in its tooltip, and a note with no English yet says
    it is the report's Chinese."""
    import dataclasses

    from ipexplorer.ui.panes.table_explorer import TableExplorer

    explorer = TableExplorer(built_db, settings)
    qtbot.addWidget(explorer, before_close_func=lambda w: w.shutdown())
    explorer.resize(1100, 700)
    explorer.show()
    qtbot.waitUntil(lambda: explorer.model.rowCount() > 0 and bool(explorer.notes))
    explorer.show_notes(1)
    text = explorer.notes_label.text()
    assert "exclude abnormal patent applications" in text and "items" in text, text
    assert "非正常" not in text
    assert explorer.notes_label.toolTip() == "注：专利申请量统计中已扣除非正常专利申请。"
    explorer.notes[1] = dataclasses.replace(explorer.notes[1], notes_zh="本表数据未经审计。")
    explorer.show_notes(1)
    assert "in Chinese" in explorer.notes_label.text() and "本表数据未经审计。" in explorer.notes_label.text()
    explorer.show_notes(7)                 # no note: the unit alone, no tooltip
    assert "Note" not in explorer.notes_label.text() and not explorer.notes_label.toolTip()


def test_an_axis_title_is_centred_under_its_axis_when_the_chart_changes(qtbot, built_db, settings):
    """pyqtgraph centres an axis title on the axis's resize only: after bars, the scatter's longer bottom title
    started where the bars' had and ran off the chart's right edge ("… Invention patent, 202")."""
    from conftest import charts_window

    from ipexplorer.query.chart_data import ChartKind

    w = charts_window(qtbot, built_db, settings, 1024, 640)
    try:
        charts = w.charts
        for kind in (ChartKind.BARS, ChartKind.SCATTER, ChartKind.BARS):
            charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(kind.value))
            qtbot.waitUntil(lambda k=kind: charts.settled() and charts.data.kind is k)
            qtbot.wait(30)
            plot = charts.plot
            widget = plot.mapToScene(plot.rect()).boundingRect()
            for side in ("bottom", "left") if kind is ChartKind.SCATTER else ("bottom",):
                axis = plot.plot.getAxis(side)
                assert axis.labelText, (kind, side)
                label = axis.label.mapRectToScene(axis.label.boundingRect())
                box = axis.sceneBoundingRect()
                if side == "bottom":
                    assert abs(label.center().x() - box.center().x()) <= 1.5, (kind, label, box)
                else:
                    assert abs(label.center().y() - box.center().y()) <= 1.5, (kind, label, box)
                assert widget.contains(label), (kind, side, label, widget)
    finally:
        w.close()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_line_of_a_top_ten_stands_off_the_charts_ground(qtbot, qapp, built_db, settings, name):
    """Over five lines the colours were evenly spaced hues at one brightness: on white a yellow line (1.6:1), on
    the dark ground a blue one (2.3:1) hardly showed. Each line is 3:1 off the ground now, and no two alike."""
    from conftest import charts_window
    from PySide6.QtGui import QColor

    from ipexplorer.query.chart_data import ChartKind

    before = qapp.palette()
    theme.apply(name, qapp)
    w = charts_window(qtbot, built_db, settings, 1280, 800)
    try:
        charts = w.charts
        charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.SERIES.value))
        qtbot.waitUntil(lambda: charts.settled() and charts.data.kind is ChartKind.SERIES)
        plot = charts.plot
        assert plot.palette_name == name and len(plot.lines) == 10
        ground = QColor(plot.colors["background"])
        colors = [curve.opts["pen"].color() for curve in plot.lines]
        for color in colors:
            assert theme.contrast_ratio(color, ground) >= 3.0, (name, color.name(), ground.name())
        for i, a in enumerate(colors):
            for b in colors[i + 1:]:
                apart = sum(abs(x - y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))
                assert apart >= 60, (a.name(), b.name())
    finally:
        w.close()
        qapp.setPalette(before)


def test_a_menu_buttons_words_keep_clear_of_its_arrow(qtbot, window):
    """Fusion draws an instant menu's arrow in the button's lower right corner but centred the words in the whole
    button: the arrow sat on their last letter ("Options⌄", "Region kind⌄", "选项⌄"). Every such button of the
    Tables, Charts and Timeline panes draws its words clear of the arrow, and whole."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QStyle, QToolButton

    checked = []
    for pane in ("tables", "charts", "timeline"):
        window.show_pane(pane)
        qtbot.wait(100)
        buttons = [b for b in window.findChildren(QToolButton) if b.isVisible() and b.menu() is not None and b.text()
                   and b.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup]
        for button in buttons:
            image = button.grab().toImage()
            w, h = image.width(), image.height()
            mbi = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
            arrow_left, arrow_top = w - 1 + 5 - mbi, h - mbi + 4
            face = QColor.fromRgb(image.pixel(w // 2, 3))
            ink = [x for x in range(2, w - 2) for y in range(3, arrow_top)
                   if theme.contrast_ratio(QColor.fromRgb(image.pixel(x, y)), face) > 1.3]   # greyed words too
            assert ink, button.objectName()
            assert max(ink) <= arrow_left - 2, (button.objectName(), button.text(), max(ink), arrow_left)
            assert button.fontMetrics().horizontalAdvance(button.text()) <= max(ink) - min(ink) + 3, button.text()
            checked.append(button.objectName())
    assert {"chartOptions", "chartExport", "columnsButton", "eventRegions"} <= set(checked), checked
    # and no wider than Qt's own: a wider one pushed the Charts pane's Export onto a row of its own at 1280 px
    from PySide6.QtWidgets import QMenu

    plain = QToolButton(text=window.charts.export_button.text())
    plain.setMenu(QMenu(plain))
    plain.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    assert window.charts.export_button.sizeHint() == plain.sizeHint()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_a_rise_and_a_fall_read_on_the_rows_of_both_palettes(qtbot, qapp, regions_pane, name):
    """A change's green and red were the light palette's in the dark one too: 2.9:1 on its rows (a region
    profile's "-4.3 %" all but vanished). Both read at 4.5:1 or more on either palette's rows."""
    from PySide6.QtCore import Qt

    from ipexplorer.ui.grid.table_model import COLUMN_ROLE, RAW_ROLE

    before = qapp.palette()
    theme.apply(name, qapp)
    try:
        pane = regions_pane()
        with qtbot.waitSignal(pane.region_shown, timeout=10000):
            pane.show_region("美国")
        model, view = pane.values_model, pane.values_view
        signed = next(c for c in range(model.columnCount())
                      if getattr(model.headerData(c, Qt.Orientation.Horizontal, COLUMN_ROLE), "signed", False))
        values = [model.index(r, signed).data(RAW_ROLE) for r in range(model.rowCount())]
        rows = [next(r for r, v in enumerate(values) if v and v > 0),
                next(r for r, v in enumerate(values) if v and v < 0)]
        for row in rows:
            index = model.index(row, signed)
            view.scrollTo(index)
            qtbot.wait(30)
            ratio, ground, ink = _cell_contrast(view.viewport().grab().toImage(), view.visualRect(index))
            assert ratio >= 4.5, (name, row, values[row], ground, ink, ratio)
    finally:
        qapp.setPalette(before)


def test_a_scatters_title_names_its_measures_in_the_same_order_in_both_languages(built_db):
    """"2020年 申请量·发明 与 2020年 申请量·专利(合计)" over "Applications · Patents (all types), 2020 vs
    Applications · Invention patent, 2020": the Chinese named the horizontal axis's measure first, the English the
    upright one's. Both name the upright axis's (the points' height) first."""
    from ipexplorer.query.builder import QueryState
    from ipexplorer.query.chart_data import ChartKind, ChartSpec, chart_data, chart_frame
    from ipexplorer.query.datasets import wide_dataset
    from ipexplorer.store.database import connect

    conn = connect(built_db)
    try:
        data = chart_data(chart_frame(conn, wide_dataset(conn, 1), QueryState()),
                          ChartSpec(kind=ChartKind.SCATTER, x_ip_type="invention"))
    finally:
        conn.close()
    y, x = data.series[0], data.x_series
    assert x.name_zh != y.name_zh
    assert data.title_zh.startswith(y.name_zh) and x.name_zh in data.title_zh, (data.title_zh, y.name_zh)
    assert data.title_en.startswith(y.name_en) and x.name_en in data.title_en, (data.title_en, y.name_en)


def test_the_reports_bold_lead_ins_show_bold_not_as_asterisks(qtbot, built_db, settings, regions_pane):
    """The report's text marks bold run-in headings as **…** ("…70余件。**优化质押登记和专利评估服务。**设立…"): a
    region profile and the search hits showed the asterisks. They show the words bold."""
    from PySide6.QtGui import QTextDocument

    from ipexplorer.query.emphasis import emphasis_html, without_emphasis
    from ipexplorer.ui.panes.search_pane import SearchPane, hit_html

    assert emphasis_html("a。**b。**c **d") == "a。<b>b。</b>c d"
    assert without_emphasis("a**b**") == "ab"

    pane = regions_pane()
    with qtbot.waitSignal(pane.region_shown, timeout=10000):
        pane.show_region("广东")
    shown = pane.narrative.toPlainText()
    assert "优化质押登记和专利评估服务。" in shown and "**" not in shown
    assert "<b>优化质押登记和专利评估服务。</b>" in emphasis_html("**优化质押登记和专利评估服务。**")

    search = SearchPane(built_db, settings)
    qtbot.addWidget(search, before_close_func=lambda w: w.shutdown())
    search.show()
    qtbot.waitUntil(lambda: search.chapter.count() > 1, timeout=5000)
    with qtbot.waitSignal(search.searched, timeout=5000):
        search.set_query("质押登记")
    hits = [h for h in search.model.hits if "**" in h.snippet]
    assert hits, [h.snippet for h in search.model.hits]
    document = QTextDocument()
    document.setHtml(hit_html(hits[0], "#808080"))
    assert "**" not in document.toPlainText()


def test_a_filter_boxs_clear_button_is_there_only_with_text_even_set_with_signals_blocked(qtbot):
    """The clear slot of an empty box showed a "Clear" tooltip and took a click, and its icon was set while the box
    painted (a box whose text a pane set with its signals blocked was right only once repainted). The button is
    up to date when the text is set, shown or not, with or without signals."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QToolButton

    from ipexplorer.ui.shell.filter_edit import FilterEdit

    box = FilterEdit()
    qtbot.addWidget(box)
    button = next(o for o in box.clear_action.associatedObjects() if isinstance(o, QToolButton))

    def state() -> tuple[bool, bool, str]:
        return (not box.clear_action.icon().isNull(), button.isEnabled(), button.toolTip())

    assert state() == (False, False, "")                  # empty from the start: nothing to clear
    box.blockSignals(True)
    box.setText("广东")                                    # never shown, never painted
    assert state() == (True, True, box.tr("Clear"))
    box.clear()
    assert state() == (False, False, "")
    box.blockSignals(False)
    box.show()
    qtbot.waitExposed(box)
    triggered = []
    box.clear_action.triggered.connect(lambda: triggered.append(True))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)   # the empty slot takes no click
    assert triggered == []
    qtbot.keyClicks(box, "zz")
    assert state() == (True, True, box.tr("Clear"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert triggered == [True] and box.text() == "" and state() == (False, False, "")


def test_a_filter_box_keeps_its_size_when_its_clear_button_shows(qtbot, window):
    """The Tables pane's quick filter grew by its clear button's width with the first key typed (QLineEdit counts
    the button only while it shows), and the boxes beside it moved under the typing."""
    window.resize(1024, 640)
    window.show_pane("tables")
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.model.dataset is not None and explorer.model.rowCount() > 0)
    bar = (explorer.table_combo, explorer.layout_combo, explorer.names_combo, explorer.quick)
    settle_layouts(qtbot, bar)   # laid out at the new size
    placed = [w.geometry() for w in bar]
    boxes = [explorer.quick, window.charts.quick, window.timeline.text_filter]
    hints = [(b.sizeHint(), b.minimumSizeHint()) for b in boxes]
    explorer.quick.setText("广")
    for box in boxes[1:]:
        box.blockSignals(True)
        box.setText("x")
    try:
        qtbot.waitUntil(lambda: not explorer.model.fully_loaded or explorer.model.rowCount() < 51, timeout=3000)
        settle_layouts(qtbot, bar)   # whatever the text and its clear button asked of the layout is done
        assert [(b.sizeHint(), b.minimumSizeHint()) for b in boxes] == hints
        assert [w.geometry() for w in bar] == placed
        assert not explorer.quick.clear_action.icon().isNull()   # the way to clear it shows with the text
        explorer.quick.clear_action.trigger()
        assert explorer.quick.text() == "" and explorer.quick.clear_action.icon().isNull()
        assert [w.geometry() for w in bar] == placed
    finally:
        for box in boxes[1:]:
            box.setText("")
            box.blockSignals(False)
        explorer.quick.setText("")


def test_a_chart_of_a_noted_table_says_the_note_under_it_in_english_and_as_printed(qtbot, english, built_db,
                                                                                   settings):
    """The Charts pane showed 表1's bars with no word of its note (注：专利申请量统计中已扣除非正常专利申请。), which
    the Tables pane gives under the same table: the chart's caption says it, in English and as printed, before the
    source (and so does the image exported from it); a table without a note keeps its plain source line."""
    from conftest import charts_window

    window = charts_window(qtbot, built_db, settings, 1280, 800)
    charts = window.charts
    drawn = charts.plot.caption_label.text
    assert "Note: Patent application counts exclude abnormal patent applications." in drawn
    assert "注：专利申请量统计中已扣除非正常专利申请。" in drawn
    assert "Source: CNIPA Annual Report 2020, Table 1" in drawn
    charts.table_combo.setCurrentIndex(charts.table_combo.findData(3))
    qtbot.waitUntil(lambda: charts.data is not None and "Table 3" in charts.plot.caption_label.text, timeout=10000)
    assert "Note" not in charts.plot.caption_label.text and "注：" not in charts.plot.caption_label.text


@pytest.mark.parametrize("name", ["light", "dark"])
def test_a_filter_lists_unticked_boxes_are_seen(qtbot, qapp, built_db, settings, name):
    """Fusion drew the filter popup's unticked boxes a shade off the dark list (a value left out of the filter
    looked like no box at all); they are ringed 3:1 on the list, as the Export dialog's."""

    from ipexplorer.ui.panes.table_explorer import TableExplorer

    before = qapp.palette()
    theme.apply(name, qapp)
    try:
        explorer = TableExplorer(built_db, settings)
        qtbot.addWidget(explorer, before_close_func=lambda w: w.shutdown())
        explorer.resize(1100, 700)
        explorer.show()
        qtbot.waitUntil(lambda: explorer.model.rowCount() > 0 and explorer.model.fully_loaded)
        with qtbot.waitSignal(explorer.grid.popup_shown, timeout=5000) as shown:
            explorer.open_filter_popup(explorer.model.column_index("kind_zh"))
        popup = shown.args[0]
        qtbot.waitExposed(popup)
        popup.list.item(1).setCheckState(Qt.CheckState.Unchecked)
        base = popup.list.palette().color(QPalette.ColorRole.Base)
        for row in (0, 1):   # a ticked and an unticked box
            ring = box_ring(popup.list, popup.list.visualItemRect(popup.list.item(row)), base)
            assert ring >= 3.0, (name, row, ring)
        popup.close()
    finally:
        qapp.setPalette(before)
