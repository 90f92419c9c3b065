"""The pane protocol and the pane registry: what the main window asks of every pane, and the list of them.

A pane is a QWidget that also derives from `Pane` and overrides what it needs; the defaults do nothing.
The main window builds a pane when it is first shown and from then on treats all of them alike: the
window title's detail, saving its own settings, following a palette change, stopping its workers,
and what File › Export writes. Adding a pane is one `PaneSpec` in ipexplorer/pane_list.py's `PANES` (Qt-free:
the CLI's `--pane` choices come from it too): its module's factory takes one `PaneContext` and connects the
pane's requests (open a report line, a region…) to the context's host.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ipexplorer import pane_list
from ipexplorer.pane_list import PaneSpec

__all__ = ["Pane", "PaneContext", "PaneHost", "PaneSpec"]

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ipexplorer.export.jobs import ExportRequest
    from ipexplorer.ui.shell.settings import Settings
    from ipexplorer.ui.view_model import ViewModel


class Pane:
    """Mixed into each pane's QWidget class (plain Python methods; a pane overrides what it offers)."""

    #: what the window's shared actions do on this pane: "python" (Copy as Python), "command" (Copy chart
    #: command line), "table_status" (the status bar's rows and statistics describe it)
    offers: frozenset[str] = frozenset()

    def title_detail(self) -> str:
        """What the window title adds after the pane's name (the table, the region, the search); "" for none."""
        return ""

    def save(self) -> None:
        """Keep the pane's own settings (splitters, choices) in the settings file."""

    def apply_palette(self, name: str) -> None:
        """Redraw what Qt's palette does not reach in the "light" or "dark" palette. The window calls it on every
        built pane when the palette changes, the one way a switch reaches them; a pane built later starts in the
        palette of its time. This default repaints every grid the pane holds (`SqlGrid.apply_palette`: its signed
        colours); a pane with plots or colours of its own calls it, then redraws those."""
        if "ipexplorer.ui.grid.sql_grid" not in sys.modules:   # no grid was ever made: nothing to repaint
            return
        from ipexplorer.ui.grid.sql_grid import SqlGrid

        for grid in self.findChildren(SqlGrid):   # type: ignore[attr-defined]  # a Pane is a QWidget
            grid.apply_palette(name)

    def shutdown(self) -> None:
        """Stop the pane's workers and close what it holds open; the window is closing."""

    def shown(self) -> None:
        """The pane has become the one on show (it may take back what it lends, or refresh)."""

    def edit_grid(self) -> Any:
        """The grid Edit › Copy and Select all act on while the pane is in front (None: the pane has none)."""
        return None

    def find_box(self) -> Any:
        """The filter or search box Edit › Find focuses (None: Find goes to the Tables pane's)."""
        return None

    def menu_actions(self) -> dict[str, list]:
        """Actions the pane adds to the window's menus once built: {"edit": [...], "view": [...]}; by default its
        `edit_grid`'s Copy and Select all."""
        grid = self.edit_grid()
        return {"edit": [grid.copy_action, grid.select_all_action]} if grid is not None else {}

    def focus_find(self) -> bool:
        """Edit › Find: focus the pane's `find_box`, its text selected; False if it has none."""
        box = self.find_box()
        if box is None:
            return False
        box.setFocus()
        box.selectAll()
        return True

    def clear_filters(self) -> None:
        """Edit › Clear all filters."""

    def copy_python(self) -> None:
        """Edit › Copy as Python (panes offering "python")."""

    def copy_command(self) -> None:
        """Edit › Copy chart command line (panes offering "command")."""

    def reset_view(self) -> None:
        """View › Reset view: forget the pane's saved layout and choices."""

    def can_export(self) -> bool:
        """Whether the pane has something of its own to export now; else File › Export writes the table view."""
        return False

    def request_export(self, path: Path | None = None) -> ExportRequest | None:
        """What File › Export writes from this pane (asking where, and what, when `path` is None); None: nothing."""
        return None


class PaneHost(Protocol):
    """What a pane may ask of the window it lives in (the main window, or a stand-in when a pane runs alone)."""

    def show_pane(self, key: str) -> None: ...
    def open_report_line(self, line: int, edition: int = 0) -> None: ...
    def open_paragraph(self, para_id: int, term: str = "") -> None: ...
    def open_region(self, region_zh: str) -> None: ...
    def show_region_rows(self, region_zh: str) -> None: ...
    def update_title(self) -> None: ...
    def show_rows_text(self, text: str) -> None: ...
    def show_stats_text(self, text: str) -> None: ...
    def run_export(self, request: ExportRequest) -> Any: ...
    def export(self) -> Any: ...
    def pane(self, key: str) -> QWidget: ...


@dataclass
class PaneContext:
    """Everything a pane's factory gets: the database, the report, the settings, the shared view state, its host."""

    db_path: Path
    report_path: Path
    settings: Settings
    view: ViewModel
    host: PaneHost
    parent: QWidget | None = None


def __getattr__(name: str):
    """`PANES`, the registry: the Qt-free ipexplorer/pane_list.py's list as it is now (the CLI's `--pane` reads
    the same one), never a copy taken at import."""
    if name == "PANES":
        return pane_list.PANES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
