"""The Charts pane's status says why a chart draws fewer bars than the table has regions ("Showing 3 of 4 — left
out: …"): the total left out while Totals is off, a region without a number to draw."""

from __future__ import annotations

from ipexplorer.query.builder import QueryState
from ipexplorer.query.chart_data import ChartKind, ChartSpec, chart_data, chart_frame
from ipexplorer.query.datasets import wide_dataset
from ipexplorer.store.database import connect


def _years_of_table(qtbot, window, table_no: int):
    window.show_pane("tables")
    with qtbot.waitSignal(window.explorer.model.loaded, timeout=10000):
        window.explorer.show_table(table_no, "wide")
    window.show_pane("charts")
    charts = window.charts
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.YEARS.value))
    qtbot.waitUntil(lambda: charts.settled() and charts.data is not None
                    and charts.data.kind is ChartKind.YEARS and charts.frame.table_nos == (table_no,), timeout=10000)
    return charts


def test_the_years_of_an_in_text_table_say_the_total_is_left_out_and_how_to_draw_it(qtbot, window):
    """表102's years drew three types of four, the caption saying "显示 4 个中的 3 个" and nothing more."""
    charts = _years_of_table(qtbot, window, 102)
    data = charts.data
    assert data.totals_left_out == 1 and len(data.categories) == 3
    assert charts.status.text() == "显示 4 个中的 3 个 — 未绘出：合计（勾选“选项”中的“含合计”可绘出）"
    assert "“含合计”才绘出合计：与其组成部分并列会使各部分显得过小" in charts.status.toolTip()   # and why
    charts.totals_check.setChecked(True)
    qtbot.waitUntil(lambda: charts.settled() and charts.data.totals_left_out == 0, timeout=10000)
    assert len(charts.data.categories) == 4 and "未绘出" not in charts.status.text()
    assert "含合计" not in charts.status.toolTip()


def test_a_region_without_a_number_to_draw_is_counted_as_such(built_db):
    """Each category the chart leaves out is counted under one reason: the totals (Totals off), the other groups,
    those without a number; with the drawn ones they are the table's regions."""
    conn = connect(built_db)
    try:
        dataset = wide_dataset(conn, 1)
        frame = chart_frame(conn, dataset, QueryState(), seek=False)
    finally:
        conn.close()
    spec = ChartSpec(kind=ChartKind.BARS, top_n=None)
    data = chart_data(frame, spec)
    assert data.totals_left_out > 0 and data.left_out > 0
    assert len(data.categories) + data.totals_left_out + data.left_out + data.no_number == len(frame.categories)
    target = next(c for c in frame.categories if c.kind == "province")
    for key in list(target.values):
        target.values[key] = None
    blank = chart_data(frame, spec)
    assert blank.no_number == data.no_number + 1 and target not in blank.categories


def test_the_left_out_totals_are_said_in_english_too(qtbot, built_db, settings, english):
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    charts = _years_of_table(qtbot, window, 102)
    assert charts.status.text() == "Showing 3 of 4 — left out: the total (Options\u00a0›\u00a0Totals draws it)"
    assert "Totals are drawn only with Options › Totals" in charts.status.toolTip()
