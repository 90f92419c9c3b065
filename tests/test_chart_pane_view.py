"""The Charts pane acts on its own grid of the shared view: Find, File › Export, and the selected rows, which the
Tables pane shares with it both ways (ui/view_model.ViewModel.selection) — driven through the real window."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import charts_window
from PySide6.QtCore import QItemSelectionModel, QRectF
from PySide6.QtWidgets import QApplication

from ipexplorer.query.builder import ColumnFilter
from ipexplorer.ui.grid.table_model import RAW_ROLE


@pytest.fixture
def window(qtbot, built_db, settings):
    w = charts_window(qtbot, built_db, settings, 1400, 900)
    yield w
    w.close()


def names(grid, key="region_zh") -> list:
    model = grid.model
    c = model.column_index(key)
    return [model.index(r, c).data(RAW_ROLE) for r in range(model.rowCount())]


def selected_names(grid) -> list:
    rows = names(grid)
    return sorted(rows[grid.model.row_of_id(i)] for i in grid.selected_row_ids())


def select_cell(grid, region: str, key: str = "c4") -> None:
    """One cell of a region's row, selected as a click does (explicit flags: no modifier left from elsewhere)."""
    model = grid.model
    index = model.index(names(grid).index(region), model.column_index(key))
    grid.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_a_row_selected_in_tables_is_selected_in_the_charts_grid_and_chart_and_back(qtbot, window):
    charts, explorer = window.charts, window.explorer
    window.show_pane("tables")
    qtbot.waitUntil(lambda: explorer.model.fully_loaded and "广东" in names(explorer.grid))
    select_cell(explorer.grid, "广东", "region_zh")
    assert window.view_state.selection == {explorer.grid.model.row_id(names(explorer.grid).index("广东"))}
    assert charts.grid.selected_row_ids() == []          # the hidden pane waits until it is shown
    window.show_pane("charts")
    qtbot.waitUntil(lambda: selected_names(charts.grid) == ["广东"])
    bar = [c.name_zh for c in charts.data.categories].index("广东")
    assert charts.plot.highlighted == {bar}                 # and the chart outlines its bar
    # the other way: a rubber band over three bars selects their rows here, and in the Tables pane
    wanted = sorted(c.name_zh for c in charts.data.categories[1:4])
    charts.plot.view_box.sigRectSelected.emit(QRectF(0, 0.8, 10, 2.4), False)
    assert selected_names(charts.grid) == wanted
    window.show_pane("tables")
    qtbot.waitUntil(lambda: selected_names(explorer.grid) == wanted)
    # a cell selection in Tables that covers the shared rows is kept as it is (not widened to whole rows)
    select_cell(explorer.grid, wanted[0])
    window.show_pane("charts")
    qtbot.waitUntil(lambda: selected_names(charts.grid) == [wanted[0]])
    window.show_pane("tables")
    assert len(explorer.grid.selected_cells()) == 1
    # nothing selected in one: nothing in the other
    explorer.grid.view.clearSelection()
    window.show_pane("charts")
    qtbot.waitUntil(lambda: charts.grid.selected_row_ids() == [])
    assert charts.plot.highlighted == set()


def test_a_filter_drops_the_shared_selection_a_sort_keeps_it(qtbot, window):
    charts, view = window.charts, window.view_state
    charts.plot.view_box.sigRectSelected.emit(QRectF(0, -0.2, 10, 0.4), False)
    kept = set(view.selection)
    assert len(kept) == 1
    with qtbot.waitSignal(charts.model.loaded, timeout=5000):
        charts.grid.sort_by("c4", ascending=True)
    assert view.selection == kept and set(charts.grid.selected_row_ids()) == kept
    with qtbot.waitSignal(charts.model.loaded, timeout=5000):
        charts.grid.set_filter(ColumnFilter("c4", top=5))
    assert view.selection == frozenset()


def test_find_on_the_charts_pane_filters_its_own_grid_and_the_shared_view(qtbot, window):
    charts, explorer = window.charts, window.explorer
    window.find_action.trigger()
    assert window.current_pane() == "charts"                # not a jump to the Tables pane
    assert QApplication.focusWidget() is charts.quick
    with qtbot.waitSignal(charts.model.loaded, timeout=5000):
        qtbot.keyClicks(charts.quick, "jiang")
    assert charts.model.state.quick_text == "jiang"
    assert {"江苏", "浙江", "新疆"} <= set(names(charts.grid)) and "北京" not in names(charts.grid)
    assert window.view_state.state.query.quick_text == "jiang"
    window.show_pane("tables")
    qtbot.waitUntil(lambda: explorer.model.fully_loaded and explorer.quick.text() == "jiang")
    assert sorted(names(explorer.grid)) == sorted(names(charts.grid))
    with qtbot.waitSignal(charts.model.loaded, timeout=5000):   # cleared in Tables: the chart's box follows
        explorer.clear_filters()
    assert charts.quick.text() == ""


def test_file_export_on_the_charts_pane_writes_its_own_grid(qtbot, window, tmp_path, monkeypatch):
    """The Export dialog opens over the Charts pane's grid: its selection, its view (sorted, filtered)."""
    from ipexplorer.ui.shell import export_dialog

    charts = window.charts
    with qtbot.waitSignal(charts.model.loaded, timeout=5000):
        charts.grid.sort_by("c4", ascending=True)
    qtbot.waitUntil(lambda: charts.model.fully_loaded)
    charts.plot.view_box.sigRectSelected.emit(QRectF(0, 0.8, 10, 1.4), False)   # two bars: their rows
    chosen = selected_names(charts.grid)
    assert len(chosen) == 2
    seen = {}

    def exec_(dialog):
        seen["source"] = dialog.explorer
        dialog.path_edit.setText(str(tmp_path / "rows.xlsx"))
        assert dialog.scope() == "rows" and dialog.scope_buttons["cells"].isEnabled()
        return dialog.DialogCode.Accepted

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", exec_)
    task = window.export()
    assert seen["source"] is charts
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    sheet = openpyxl.load_workbook(tmp_path / "rows.xlsx").worksheets[0]
    written = [row for row in sheet.iter_rows(values_only=True)]
    assert sorted(v for row in written for v in row if v in chosen) == chosen

    whole = charts.request_export(tmp_path / "view.xlsx")
    assert whole.scope == "view" and whole.view.query.sort == (("c4", True),) and whole.dataset is charts.dataset


def test_the_charts_grid_takes_a_selection_made_before_it_was_built(qtbot, built_db, settings):
    from ipexplorer.ui.shell.main_window import MainWindow

    w = MainWindow(built_db, settings=settings, pane="tables")
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    explorer = w.explorer
    qtbot.waitUntil(lambda: explorer.dataset is not None and explorer.model.fully_loaded
                    and "浙江" in names(explorer.grid), timeout=10000)
    select_cell(explorer.grid, "浙江", "region_zh")
    assert "charts" not in w.panes.built()
    w.show_pane("charts")
    qtbot.waitUntil(lambda: w.charts.model.fully_loaded and selected_names(w.charts.grid) == ["浙江"],
                    timeout=10000)
    assert selected_names(explorer.grid) == ["浙江"] and len(explorer.grid.selected_cells()) == 1
    w.close()


def test_the_charts_quick_filter_has_a_place_at_1024(qtbot, built_db, settings):
    w = charts_window(qtbot, built_db, settings, 1024, 640)
    quick = w.charts.quick
    assert quick.isVisible() and quick.width() >= 100
    assert quick.mapTo(w, quick.rect().bottomRight()).x() <= w.width()
    w.close()


def test_edit_copy_copies_the_grid_of_the_pane_in_front(qtbot, window):
    """Edit › Copy on the Charts pane copies its own grid's selection; back on Tables, the Tables pane's."""
    from PySide6.QtGui import QGuiApplication

    charts, explorer = window.charts, window.explorer

    def copy_in_menu():
        shown = [a for a in window.edit_menu.actions() if a.isVisible() and a.text() == charts.grid.copy_action.text()]
        assert len(shown) == 1
        return shown[0]

    assert copy_in_menu() is charts.grid.copy_action
    select_cell(charts.grid, "江苏", "region_zh")
    QGuiApplication.clipboard().clear()
    copy_in_menu().trigger()
    assert "江苏" in QGuiApplication.clipboard().text() and "广东" not in QGuiApplication.clipboard().text()
    window.show_pane("tables")
    qtbot.waitUntil(lambda: explorer.model.fully_loaded and selected_names(explorer.grid) == ["江苏"])
    assert copy_in_menu() is explorer.copy_action
    select_cell(explorer.grid, "广东", "region_zh")
    copy_in_menu().trigger()
    assert "广东" in QGuiApplication.clipboard().text() and "江苏" not in QGuiApplication.clipboard().text()


def test_a_pane_built_behind_another_keeps_its_edit_actions_hidden(qtbot, built_db, settings):
    """A pane built while another is in front (asked for by the window, not shown) listed its Copy and Select
    all in the Edit menu beside the front pane's until the next switch."""
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.show_pane("sql")
    charts = window.charts            # built, not shown
    copy_text = charts.grid.copy_action.text()
    shown = [a for a in window.edit_menu.actions() if a.isVisible() and a.text() == copy_text]
    assert charts.grid.copy_action not in shown and len(shown) <= 1
    window.show_pane("charts")
    shown = [a for a in window.edit_menu.actions() if a.isVisible() and a.text() == copy_text]
    assert shown == [charts.grid.copy_action]
    window.close()


def test_all_rows_selected_reach_the_charts_pane_as_one_range(qtbot, window, monkeypatch):
    """Ctrl+A over All observations (6,520 rows) in Tables, then Charts: its grid selects the rows as one range
    (it made one per row, and Qt tested each painted cell and header section against all of them), and the
    status bar's statistics read the selection a column run at a time, never a cell at a time."""
    from PySide6.QtWidgets import QStyle, QStyleOptionHeader

    from ipexplorer.ui.grid.table_model import SqlTableModel

    charts, explorer = window.charts, window.explorer
    window.show_pane("tables")
    explorer.show_table(None)
    qtbot.waitUntil(lambda: explorer.grid.dataset is not None and explorer.grid.dataset.table_no is None
                    and explorer.model.rowCount() > 0, timeout=10000)
    explorer.grid.select_all()
    qtbot.waitUntil(lambda: explorer.model.fully_loaded and len(window.view_state.selection) > 6000, timeout=20000)
    rows = explorer.model.rowCount()
    assert len(window.view_state.selection) == rows
    cells = []
    original = SqlTableModel.raw
    monkeypatch.setattr(SqlTableModel, "raw", lambda self, r, c: cells.append(r) or original(self, r, c))
    stats = []
    charts.grid.stats_changed.connect(stats.append)
    window.show_pane("charts")
    qtbot.waitUntil(lambda: charts.settled() and charts.model.fully_loaded
                    and len(charts.grid.selected_row_ids()) == rows, timeout=30000)
    ranges = charts.grid.view.selectionModel().selection()
    assert [(r.top(), r.bottom()) for r in ranges] == [(0, rows - 1)]
    assert cells == [] and stats and f"{rows * len(charts.grid.visible_columns()):,}" in stats[-1]
    # the header still shows the whole column selected (Qt's own test of that scanned every row per section)
    header = charts.grid.header
    option = QStyleOptionHeader()
    header.initStyleOptionForIndex(option, charts.model.column_index("value"))
    assert option.state & QStyle.StateFlag.State_On and option.state & QStyle.StateFlag.State_Sunken
    select_cell(charts.grid, names(charts.grid)[0], "value")
    option = QStyleOptionHeader()
    header.initStyleOptionForIndex(option, charts.model.column_index("value"))
    assert option.state & QStyle.StateFlag.State_On and not option.state & QStyle.StateFlag.State_Sunken
    option = QStyleOptionHeader()
    header.initStyleOptionForIndex(option, charts.model.column_index("region_zh"))
    assert not option.state & QStyle.StateFlag.State_On


def test_both_panes_offer_the_tables_alike_and_name_what_their_filter_box_filters(qtbot, window):
    """One filling of the table choice (the Charts pane's had no tooltips) and one rule for the quick filter's
    words: a table of regions filters regions, a table of types (表101) its rows, in both panes."""
    from PySide6.QtCore import Qt

    charts, explorer = window.charts, window.explorer
    tooltip = Qt.ItemDataRole.ToolTipRole
    qtbot.waitUntil(lambda: charts.table_combo.count() > 10 and explorer.table_combo.count() > 10)
    items = [(explorer.table_combo.itemText(i), explorer.table_combo.itemData(i),
              explorer.table_combo.itemData(i, tooltip)) for i in range(explorer.table_combo.count())]
    assert items == [(charts.table_combo.itemText(i), charts.table_combo.itemData(i),
                      charts.table_combo.itemData(i, tooltip)) for i in range(charts.table_combo.count())]
    first = charts.table_combo.findData(1)
    assert charts.table_combo.itemData(first, tooltip).splitlines()[1].startswith("Table 1: ")
    assert charts.table_combo.toolTip() == charts.table_combo.itemData(first, tooltip)   # the view shows table 1
    assert "地区" in charts.quick.toolTip() and "地区" in explorer.quick.toolTip()
    assert "地区" in charts.quick.placeholderText() and "地区" in explorer.quick.placeholderText()
    window.show_pane("tables")
    explorer.show_table(101)
    qtbot.waitUntil(lambda: explorer.grid.dataset is not None and explorer.grid.dataset.table_no == 101)
    window.show_pane("charts")
    qtbot.waitUntil(lambda: charts.dataset is not None and charts.dataset.table_no == 101)
    for box in (charts.quick, explorer.quick):
        assert "行" in box.placeholderText() and "地区" not in box.placeholderText()
        assert box.toolTip() == "筛选行（中文、英文或拼音）"
    assert len(charts.quick.placeholderText()) < len(explorer.quick.placeholderText())   # the narrower box


def test_sorting_the_charts_grid_by_a_name_keeps_its_label_columns_sharing_their_room(qtbot, window):
    """Beside a chart the label columns share a part of the width (the first number in sight); a sort mark on a
    name widened that column to its whole title, which the grid took for a width of the user's: the sharing
    stopped until the next table."""
    grid = window.charts.grid
    labels = dict(grid._label_widths)
    assert labels
    widths = {i: grid.view.columnWidth(i) for i in labels}
    with qtbot.waitSignal(grid.model.loaded, timeout=5000):
        grid.sort_by("region_zh")
    assert {i: grid.view.columnWidth(i) for i in labels} == widths
    window.resize(1100, 800)
    qtbot.waitUntil(lambda: grid.view.viewport().width() < 500)
    assert set(grid._label_widths) == set(labels)   # still shared: the room follows the window
