"""The window's panes as plain data: the one list a new pane is added to.

Qt-free, so that the CLI (`ipexplorer --pane KEY`, `ipexplorer.PANE_KEYS`), which may not import the UI,
and the window (ui/pane.py, ui/shell/main_window.py) read the same entries. Each entry names its factory as
"module:function"; the module is imported only when the pane is first built. The titles are marked for
translation here (tools/translations.py scans this module) and translated by the window ("MainWindow").
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple


def QT_TRANSLATE_NOOP(_context: str, text: str) -> str:   # the name lupdate looks for
    """Mark `text` for translation in `_context` without importing Qt; the window translates it when shown."""
    return text


class PaneSpec(NamedTuple):
    """One pane: its key (`--pane KEY`, settings), its name in the navigation, and "module:function" of its factory.

    The navigation's icon is drawn for the key (ui/shell/icons.py); its shortcut is Ctrl+ its position.
    """

    key: str
    title: str
    factory: str

    def build(self, context: Any) -> Any:
        """Import the factory's module and make the pane (a QWidget) from a `ui.pane.PaneContext`."""
        module, _, name = self.factory.partition(":")
        return getattr(importlib.import_module(module), name)(context)


PANES: list[PaneSpec] = [
    PaneSpec("overview", QT_TRANSLATE_NOOP("MainWindow", "Overview"), "ipexplorer.ui.panes.overview_pane:make"),
    PaneSpec("tables", QT_TRANSLATE_NOOP("MainWindow", "Tables"), "ipexplorer.ui.panes.table_explorer:make"),
    PaneSpec("charts", QT_TRANSLATE_NOOP("MainWindow", "Charts"), "ipexplorer.ui.panes.chart_pane:make"),
    PaneSpec("timeline", QT_TRANSLATE_NOOP("MainWindow", "Timeline"), "ipexplorer.ui.panes.timeline_pane:make"),
    PaneSpec("search", QT_TRANSLATE_NOOP("MainWindow", "Search"), "ipexplorer.ui.panes.search_pane:make"),
    PaneSpec("regions", QT_TRANSLATE_NOOP("MainWindow", "Regions"), "ipexplorer.ui.panes.region_pane:make"),
    PaneSpec("sql", QT_TRANSLATE_NOOP("MainWindow", "SQL console"), "ipexplorer.ui.panes.sql_console:make"),
    PaneSpec("report", QT_TRANSLATE_NOOP("MainWindow", "Report text"), "ipexplorer.ui.panes.report_reader:make"),
]


def pane_keys() -> tuple[str, ...]:
    """The panes' keys in the window's order, read from the list now (an entry added since counts)."""
    return tuple(spec.key for spec in PANES)
