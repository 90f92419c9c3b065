"""The main window treats every pane alike through the Pane protocol and builds them from one list (ui/pane.py)."""

from __future__ import annotations

import sys
import types

import openpyxl
import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ipexplorer import pane_list
from ipexplorer.ui.pane import Pane, PaneSpec
from ipexplorer.ui.shell.main_window import PANES


def test_every_pane_speaks_the_protocol_and_closing_stops_every_worker(qtbot, window):
    for spec in PANES:
        window.show_pane(spec.key)
        qtbot.wait(20)
    panes = window.built_panes()
    assert len(panes) == len(PANES) and all(isinstance(p, Pane) for p in panes)
    runners = [r for p in panes for r in (getattr(p, "runner", None), getattr(getattr(p, "model", None), "runner",
                                                                               None)) if r is not None]
    assert len(runners) >= 7
    window.close()
    assert not any(r._worker.isRunning() for r in runners)


def test_the_title_names_what_each_pane_shows(qtbot, window):
    window.show_pane("tables")
    qtbot.waitUntil(lambda: window.explorer.dataset is not None, timeout=5000)
    assert window.explorer.title_detail() in window.windowTitle()
    window.show_pane("charts")
    assert window.charts.title_detail() == window.explorer.title_detail() != ""
    window.show_pane("sql")
    assert window.windowTitle().count(":") == 0      # the console adds nothing


class DummyPane(QWidget, Pane):
    """A pane that notes what the window asks of it and exports one cell."""

    built = 0

    def __init__(self, context):
        super().__init__(context.parent)
        DummyPane.built += 1
        self.context = context
        self.calls: list[str] = []
        QVBoxLayout(self).addWidget(QLabel("dummy"))

    def title_detail(self) -> str:
        return "dummy detail"

    def save(self) -> None:
        self.calls.append("save")
        self.context.settings.set("window/pane", "dummy")   # a key the settings know, written by the pane

    def shutdown(self) -> None:
        self.calls.append("shutdown")

    def can_export(self) -> bool:
        return True

    def request_export(self, path=None):
        from ipexplorer.export.sheets import Sheet, SheetColumn
        from ipexplorer.ui.shell.export_dialog import ExportRequest

        self.calls.append("export")
        request = ExportRequest(path=self.context.settings_dir / "dummy.xlsx", scope="events", language="en",
                                db_path=self.context.db_path)
        request.sheet = Sheet("Dummy", [SheetColumn("what")], [["a dummy cell"]], 1)
        return request


def test_a_pane_added_by_one_list_entry_is_built_lazily_saved_exported_and_shut_down(
        qtbot, built_db, settings, tmp_path, monkeypatch):
    from ipexplorer.ui.shell.main_window import MainWindow

    module = types.ModuleType("dummy_pane")

    def make(context):
        context.settings_dir = tmp_path
        return DummyPane(context)

    module.make = make
    monkeypatch.setitem(sys.modules, "dummy_pane", module)
    DummyPane.built = 0
    # the one edit: an entry in the one list
    monkeypatch.setattr(pane_list, "PANES", [*pane_list.PANES, PaneSpec("dummy", "Dummy", "dummy_pane:make")])
    window = MainWindow(built_db, settings=settings, pane="overview")
    qtbot.addWidget(window)
    window.show()
    assert DummyPane.built == 0                                     # not built before it is shown
    assert window.nav.item(window.nav.count() - 1).text() == "Dummy"
    go = [a for a in window.findChildren(type(window.export_action)) if a.objectName() == "go_dummy"]
    assert go and go[0].shortcut().toString() == f"Ctrl+{len(PANES) + 1}"
    go[0].trigger()
    assert DummyPane.built == 1 and window.current_pane() == "dummy"
    dummy = window.panes["dummy"]
    assert window.windowTitle().startswith("Dummy: dummy detail")
    task = window.export()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert openpyxl.load_workbook(tmp_path / "dummy.xlsx").worksheets[0]["A2"].value == "a dummy cell"
    window.close()
    assert dummy.calls == ["export", "save", "shutdown"] and DummyPane.built == 1


def test_an_entry_in_the_one_list_is_a_pane_of_the_window_and_a_choice_of_the_cli(
        qtbot, built_db, settings, monkeypatch, capsys):
    """The Qt-free list feeds `ipexplorer --pane`, `ipexplorer.PANE_KEYS`, ui.pane.PANES and the window alike."""
    import ipexplorer
    from ipexplorer import cli, main
    from ipexplorer.ui import pane as registry
    from ipexplorer.ui.shell.main_window import MainWindow

    monkeypatch.setattr(pane_list, "PANES", [*pane_list.PANES, PaneSpec("dummy", "Dummy", "dummy_pane:make")])
    assert ipexplorer.PANE_KEYS[-1] == "dummy" and registry.PANES[-1].key == "dummy"
    assert cli.make_parser().parse_args(["--pane", "dummy"]).pane == "dummy"
    assert main.app_options(["--pane", "dummy"]) == {"db": None, "pane": "dummy", "exit_after_first_paint": False}
    window = MainWindow(built_db, settings=settings, pane="overview")
    qtbot.addWidget(window)
    assert [window.nav.item(r).data(0x0100) for r in range(window.nav.count())] == list(ipexplorer.PANE_KEYS)
    monkeypatch.undo()
    assert "dummy" not in ipexplorer.PANE_KEYS
    with pytest.raises(SystemExit):
        cli.make_parser().parse_args(["--pane", "dummy"])
    assert "invalid choice: 'dummy'" in capsys.readouterr().err


def test_a_panes_palette_reaches_every_grid_it_holds_by_the_protocols_default(qtbot, built_db):
    """Pane.apply_palette's default repaints each grid inside the pane, however deep (a pane adds only what is
    its own): here two grids, one nested in a frame, of a pane that does not override it."""
    from ipexplorer.ui.grid.sql_grid import SqlGrid
    from ipexplorer.ui.shell import theme

    class GridsPane(QWidget, Pane):
        pass

    pane = GridsPane()
    qtbot.addWidget(pane)
    frame = QWidget(pane)
    grids = [SqlGrid(built_db, pane), SqlGrid(built_db, frame)]
    try:
        for grid in grids:
            assert grid.model.signed_brushes == theme.signed_brushes(theme.palette_name())
        for name in ("dark", "light"):
            pane.apply_palette(name)
            for grid in grids:
                assert grid.model.signed_brushes == theme.signed_brushes(name), name
    finally:
        for grid in grids:
            grid.shutdown()
