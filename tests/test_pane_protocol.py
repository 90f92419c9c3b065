"""The main window treats every pane alike through the Pane protocol (title, save, palette, shutdown)."""

from __future__ import annotations

from ipexplorer.ui.pane import Pane
from ipexplorer.ui.shell.main_window import PANES


def test_every_pane_speaks_the_protocol_and_closing_stops_every_worker(qtbot, window):
    for key, _label in PANES:
        window.show_pane(key)
        qtbot.wait(20)
    panes = window.built_panes()
    assert len(panes) == len(PANES) and all(isinstance(p, Pane) for p in panes)
    runners = [r for p in panes for r in (getattr(p, "runner", None), getattr(getattr(p, "model", None), "runner",
                                                                               None)) if r is not None]
    assert len(runners) >= 6
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
