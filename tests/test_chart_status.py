"""The Charts pane's status under the chart says in two lines at most, in either language, what the chart shows
and what it leaves out and why; how to select is the status's tooltip and the plot's off its bars (at 1024×640 the
status took three lines, a bar's height, the how-to its last)."""

from __future__ import annotations

import pytest
from conftest import charts_window
from PySide6.QtCore import QPointF
from PySide6.QtGui import QTextLayout, QTextOption

from ipexplorer.query.chart_data import ChartKind


def wrapped_lines(label) -> int:
    """The lines a word-wrapped label's plain text takes at its width, as the label lays it out (counted, not
    measured: CJK glyphs from a fallback font make a line taller than the label's own font says)."""
    layout = QTextLayout(label.text(), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = 0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        lines += 1
    layout.endLayout()
    return lines


def show_chart(qtbot, window, table_no: int, kind: ChartKind):
    if window.charts.frame is None or window.charts.frame.table_nos != (table_no,):
        window.show_pane("tables")
        with qtbot.waitSignal(window.explorer.model.loaded, timeout=10000):
            window.explorer.show_table(table_no, "wide")
        window.show_pane("charts")
    charts = window.charts
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(kind.value))
    qtbot.waitUntil(lambda: charts.settled() and charts.data is not None and charts.data.kind is kind
                    and charts.frame.table_nos == (table_no,), timeout=10000)
    return charts


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_at_1024x640_the_status_takes_two_lines_at_most(qtbot, qapp, built_db, settings, language):
    """Bars and lines of table 1 (one kind of region ranked, the total left out, scrolling) and 表102's years (its
    total left out): the status names what is left out in two lines; the how-to is in the tooltips."""
    from ipexplorer.ui.shell import i18n

    i18n.install(language, qapp)
    w = charts_window(qtbot, built_db, settings, 1024, 640)
    try:
        for table_no, kind in ((1, ChartKind.BARS), (1, ChartKind.SERIES), (102, ChartKind.YEARS)):
            charts = show_chart(qtbot, w, table_no, kind)
            status, hint = charts.status, charts.select_hint(kind)
            assert status.isVisible() and status.text(), (table_no, kind)
            assert wrapped_lines(status) <= 2, (table_no, kind, status.width(), status.text())
            assert hint not in status.text() and status.toolTip().startswith(hint)
            assert charts.plot.hint == hint and charts.plot.toolTip() == hint
            if table_no == 1 and language == "en":
                assert status.text().startswith("Showing ")
                assert "left out: 16 regions other than provinces, the total (Options\u00a0›\u00a0Totals draws it)" \
                    in status.text(), status.text()
                assert "Only provinces are ranked together" in status.toolTip()
            if table_no == 1 and language == "zh_CN":
                assert "未绘出：省级行政区以外的 16 个、合计（勾选“选项”中的“含合计”可绘出）" in status.text()
                assert "仅省级行政区一同排名" in status.toolTip()
    finally:
        w.close()
        i18n.install("zh_CN", qapp)


def test_scroll_for_more_is_said_of_the_chart_drawn_not_of_the_kind_before(qtbot, qapp, built_db, settings):
    """The status read "scroll for more" off the plot before it was laid out for the new kind: a share chart of
    30 bars that all fit said it after a stacked one, and a years chart that scrolled did not."""
    from ipexplorer.ui.shell import i18n

    i18n.install("en", qapp)
    w = charts_window(qtbot, built_db, settings, 1280, 800)
    try:
        seen = set()
        for kind in (ChartKind.BARS, ChartKind.YEARS, ChartKind.STACKED, ChartKind.SHARE, ChartKind.BARS,
                     ChartKind.CHANGE, ChartKind.YEARS):
            charts = show_chart(qtbot, w, 1, kind)
            qtbot.wait(50)   # laid out at its new height
            scrolls = getattr(charts.plot.view_box, "scroll_rows", None) is not None
            seen.add(scrolls)
            assert ("scroll for more" in charts.status.text()) == scrolls, (kind, charts.status.text())
        assert seen == {True, False}   # both kinds of chart were met
    finally:
        w.close()
        i18n.install("zh_CN", qapp)


def test_the_plot_tells_how_to_select_where_no_bar_or_shape_is_under_the_mouse(qtbot, built_db, settings):
    """Off the bars the plot's tooltip is the how-to; on a bar, the bar's numbers. A map's how-to is its plot's
    tooltip and the status's."""
    w = charts_window(qtbot, built_db, settings, 1024, 640)
    try:
        plot = w.charts.plot
        hint = w.charts.select_hint(ChartKind.BARS)
        value = w.charts.data.series[0].values[0]
        bar = plot.mapFromScene(plot.view_box.mapViewToScene(QPointF(value / 2, 0)))
        qtbot.mouseMove(plot.viewport(), bar)
        qtbot.waitUntil(lambda: plot.toolTip() == plot.tooltip(0))
        qtbot.wait(50)   # (pyqtgraph's scene drops moves closer together than its mouseRateLimit)
        qtbot.mouseMove(plot.viewport(), plot.mapFromScene(plot.title_label.sceneBoundingRect().center()))
        qtbot.waitUntil(lambda: plot.toolTip() == hint)
        charts = w.charts
        charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.MAP.value))
        qtbot.waitUntil(lambda: charts.map is not None and not charts.runner.is_busy() and not charts._dirty)
        hint = charts.select_hint(ChartKind.MAP)
        assert charts.status.text() == "已按 5 级填色 34 个地区"   # the how-to off the map's status too
        assert charts.status.toolTip() == hint and charts.map_plot.toolTip() == hint
    finally:
        w.close()
