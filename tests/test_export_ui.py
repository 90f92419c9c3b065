"""Export from the window: the dialog's scopes, the worker with progress and cancel, errors."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from ipexplorer.query.builder import ColumnFilter
from ipexplorer.store.database import connect
from ipexplorer.ui.grid.table_model import RAW_ROLE
from ipexplorer.ui.shell.export_dialog import ExportDialog, ExportRequest, ExportTask


@pytest.fixture
def window(qtbot, built_db, settings):
    from ipexplorer.ui.shell.main_window import MainWindow

    w = MainWindow(built_db, settings=settings)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitUntil(lambda: w.explorer.model.rowCount() > 0 and w.explorer.model.fully_loaded)
    yield w
    w.close()


def run(qtbot, window, dialog) -> ExportTask:
    task = window.start_export(dialog)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    return task


def sheet_rows(path, min_row):
    return [list(r) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=min_row, values_only=True)]


def test_whole_filtered_view(qtbot, window, tmp_path):
    explorer = window.explorer
    with qtbot.waitSignal(explorer.model.loaded):
        explorer.set_filter(ColumnFilter("c4", low=300_000))
    with qtbot.waitSignal(explorer.model.loaded):
        explorer.sort_by("c4", ascending=False)
    dialog = ExportDialog(explorer, window)
    dialog.set_scope("view")
    dialog.path_edit.setText(str(tmp_path / "view.xlsx"))
    task = run(qtbot, window, dialog)
    assert task.ok, task.result
    rows = sheet_rows(tmp_path / "view.xlsx", 3)
    c4 = explorer.model.column_index("c4")
    assert [r[0] for r in rows] == [explorer.model.index(i, 0).data(RAW_ROLE)
                                    for i in range(explorer.model.rowCount())]
    assert [r[7] for r in rows] == [explorer.model.index(i, c4).data(RAW_ROLE)
                                    for i in range(explorer.model.rowCount())]
    # the rows the filter keeps, counted here from the whole table (not through the query the grid shares)
    conn = connect(window.db_path)
    whole = conn.execute("SELECT c4 FROM view_wide_1").fetchall()
    conn.close()
    totals = [r[7] for r in rows]
    assert len(totals) == sum(1 for (v,) in whole if v is not None and v >= 300_000) < len(whole)
    assert totals == sorted(totals, reverse=True)
    about = [r[1] for r in openpyxl.load_workbook(tmp_path / "view.xlsx")["说明 About"].iter_rows(values_only=True)
             if r[0] == "筛选与排序 Filters and sort"]
    assert any("≥ 300,000" in line for line in about) and any("descending" in line for line in about)
    assert "已导出" in window.statusBar().currentMessage()


def test_selected_cells_and_rows(qtbot, window, tmp_path):
    explorer = window.explorer
    model = explorer.model
    view = explorer.view
    view.setCurrentIndex(model.index(2, 0))
    selection = view.selectionModel()
    from PySide6.QtCore import QItemSelectionModel

    selection.select(model.index(2, model.column_index("c4")), QItemSelectionModel.SelectionFlag.Select)
    selection.select(model.index(4, model.column_index("c4")), QItemSelectionModel.SelectionFlag.Select)
    dialog = ExportDialog(explorer, window)
    assert dialog.scope() == "rows"
    dialog.set_scope("cells")
    dialog.path_edit.setText(str(tmp_path / "cells.csv"))
    # the selected cells by row and column key (what the metadata's cells not printed are read for)
    label = model.columns[0].key
    assert set(dialog.request().cells) == {(model.row_id(2), label), (model.row_id(2), "c4"), (model.row_id(4), "c4")}
    assert run(qtbot, window, dialog).ok
    with open(tmp_path / "cells.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["", "2020年"] and len(rows) == 4  # two header rows, then the rows with a selected cell
    assert rows[2][0] == "天津"
    assert rows[3][0] == "" and rows[3][1] == str(model.index(4, model.column_index("c4")).data(RAW_ROLE))

    dialog = ExportDialog(explorer, window)
    dialog.set_scope("rows")
    dialog.path_edit.setText(str(tmp_path / "rows.xlsx"))
    assert run(qtbot, window, dialog).ok
    rows = sheet_rows(tmp_path / "rows.xlsx", 3)
    assert [r[0] for r in rows] == [model.index(i, 0).data(RAW_ROLE) for i in (2, 4)]


def test_several_tables(qtbot, window, tmp_path):
    dialog = ExportDialog(window.explorer, window)
    dialog.set_scope("tables")
    dialog.set_tables([1, 5, 12])
    dialog.path_edit.setText(str(tmp_path / "tables.xlsx"))
    assert run(qtbot, window, dialog).ok
    names = openpyxl.load_workbook(tmp_path / "tables.xlsx").sheetnames
    assert names == ["表1 Table 1", "表5 Table 5", "表12 Table 12", "说明 About"]
    first = dialog.tables.item(0)       # a title the list cuts reads whole in its tooltip
    assert first.toolTip() == "表1 分地区国内专利申请年度状况（2019 年、2020 年）\n" + \
        first.text().split(" · ", 1)[1] and len(first.toolTip()) > 40


def test_dialog_refuses_what_cannot_work(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("ipexplorer.ui.shell.export_dialog.show_error", lambda *a, **k: shown.append(a))
    dialog = ExportDialog(window.explorer, window)
    assert not dialog.scope_buttons["cells"].isEnabled()  # nothing selected yet
    dialog.set_scope("tables")
    dialog.set_tables([])
    assert window.start_export(dialog) is None
    dialog.set_tables([1, 2])
    dialog.path_edit.setText(str(tmp_path / "two.csv"))
    assert window.start_export(dialog) is None
    assert "一张表" in shown[-1][1]
    dialog.set_scope("view")
    for typed in (str(tmp_path), f"{tmp_path}/"):   # a folder: it became a file beside it, named after it
        dialog.path_edit.setText(typed)
        assert window.start_export(dialog) is None
        assert "文件夹" in shown[-1][1] and str(tmp_path) in shown[-1][1]
    assert not tmp_path.with_suffix(".xlsx").exists()


def test_a_folder_that_takes_no_files_is_not_said_to_be_missing(tmp_path):
    """/proc answers "no such file" when a file is made in it: the export said the folder did not exist."""
    import errno

    from ipexplorer.export.files import describe_os_error

    missing = OSError(errno.ENOENT, "No such file or directory")
    assert describe_os_error(missing, tmp_path) == "the folder takes no new files"
    assert describe_os_error(missing, tmp_path / "gone") == "the folder does not exist"
    assert describe_os_error(missing) == "the folder does not exist"


def test_failure_shows_a_message_and_keeps_the_old_file(qtbot, window, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr("ipexplorer.ui.shell.export_dialog.show_error", lambda *a, **k: errors.append(a))
    target = tmp_path / "missing-folder" / "x.xlsx"
    dialog = ExportDialog(window.explorer, window)
    dialog.set_scope("view")
    dialog.path_edit.setText(str(target))
    task = run(qtbot, window, dialog)
    assert not task.ok
    # the causes in the interface's words (the tests' interface is Chinese), the paths as they are
    assert errors[0][1].startswith(f"无法写入 {target}") and f"文件夹 {target.parent} 不存在" in errors[0][1]
    assert "does not exist" not in errors[0][1] and "Traceback" not in errors[0][1]
    old = tmp_path / "x.xlsx"                    # a file there, marked read-only: refused, kept as it was
    old.write_bytes(b"old")
    old.chmod(0o444)
    before = sorted(p.name for p in tmp_path.iterdir())
    dialog = ExportDialog(window.explorer, window)
    dialog.set_scope("view")
    dialog.path_edit.setText(str(old))
    task = run(qtbot, window, dialog)
    assert not task.ok and old.read_bytes() == b"old"
    assert "只读" in errors[-1][1] and "read-only" not in errors[-1][1] and "Traceback" not in errors[-1][1]
    assert sorted(p.name for p in tmp_path.iterdir()) == before      # no temporary file left


def test_cancel_writes_nothing_and_window_stays_usable(qtbot, window, tmp_path):
    explorer = window.explorer
    request = ExportRequest(path=tmp_path / "big.xlsx", scope="view", language="both", db_path=window.db_path,
                            dataset=explorer.dataset, state=explorer.model.state)
    from ipexplorer.export.sheets import Sheet, SheetColumn

    def endless():
        i = 0
        while True:
            i += 1
            yield (f"row {i}", i)

    request.sheet = Sheet("big", [SheetColumn("a"), SheetColumn("b")], endless(), 10_000_000)
    task = ExportTask(request, window)
    task.start()
    qtbot.wait(100)
    # the GUI thread is free while the worker writes
    explorer.quick.setText("jiang")
    assert explorer.quick.text() == "jiang"
    from PySide6.QtWidgets import QPushButton

    with qtbot.waitSignal(task.finished, timeout=20000):
        task.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    assert not task.ok and "已取消" in task.result
    assert not [p for p in tmp_path.iterdir() if "big" in p.name or p.name.startswith(".")]   # nor its temporaries
    assert not (tmp_path / "big.xlsx").exists()


def test_chart_data_through_the_exporter(qtbot, window, tmp_path, monkeypatch):
    window.show_pane("charts")
    qtbot.waitUntil(lambda: window.charts.data is not None and window.charts.settled(), timeout=10000)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "chart.xlsx"), ""))
    window.charts.export_data_dialog()
    task = window._export_tasks[-1]
    if task.thread.isRunning():
        with qtbot.waitSignal(task.finished, timeout=20000):
            pass
    rows = sheet_rows(tmp_path / "chart.xlsx", 2)
    data = window.charts.data
    assert [r[0] for r in rows] == [c.name_zh for c in data.categories]
    assert [r[2] for r in rows] == list(data.series[0].values)


def test_export_menu_action_has_shortcut(window, monkeypatch):
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    window.export_action.trigger()
    assert len(opened) == 1 and isinstance(opened[0], ExportDialog)
    assert opened[0].scope() == "view"                         # nothing selected: the whole view


def test_csv_in_gb18030_from_the_dialog(qtbot, window, tmp_path):
    dialog = ExportDialog(window.explorer, window)
    dialog.set_scope("view")
    dialog.path_edit.setText(str(tmp_path / "view.csv"))
    dialog.encoding_combo.setCurrentIndex(dialog.encoding_combo.findData("gb18030"))
    assert run(qtbot, window, dialog).ok
    data = (tmp_path / "view.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and "广东" in data.decode("gb18030")


def test_a_select_all_is_read_off_the_selections_ranges_not_cell_by_cell(qtbot, window, monkeypatch, tmp_path):
    """Opening the dialog over every observation selected took 0.6 s and its request 1 s on the GUI thread: an
    index object per selected cell. Both read the selection's ranges now, and export every cell all the same."""
    from PySide6.QtCore import QItemSelectionModel

    explorer = window.explorer
    with qtbot.waitSignal(explorer.model.loaded, timeout=10000):
        explorer.show_table(None, "long")
    with qtbot.waitSignal(explorer.grid.all_selected, timeout=10000):
        explorer.select_all()
    per_cell = []
    monkeypatch.setattr(QItemSelectionModel, "selectedIndexes", lambda self: per_cell.append(1) or [])
    dialog = ExportDialog(explorer, window)
    assert dialog.scope() == "rows" and dialog.scope_buttons["cells"].isEnabled()
    dialog.set_scope("cells")
    dialog.path_edit.setText(str(tmp_path / "all.xlsx"))
    request = dialog.request()
    shown = explorer.visible_columns()
    assert not per_cell
    assert len(request.rows) == explorer.model.rowCount() == 6520
    assert len(request.columns) == len(shown) and len(request.cells) == 6520 * len(shown)
