"""The pane protocol: what the main window asks of every pane, so it loops over them instead of naming each.

A pane is a QWidget that also derives from `Pane` and overrides what it needs; the defaults do nothing.
The main window builds a pane when it is first shown and from then on treats all of them alike: the
window title's detail, saving its own settings, following a palette change, stopping its workers.
"""

from __future__ import annotations


class Pane:
    """Mixed into each pane's QWidget class (no Qt here: the methods are plain Python)."""

    def title_detail(self) -> str:
        """What the window title adds after the pane's name (the table, the region, the search); "" for none."""
        return ""

    def save(self) -> None:
        """Keep the pane's own settings (splitters, choices) in the settings file."""

    def apply_palette(self, name: str) -> None:
        """Redraw what the style sheet does not reach (plots) in the "light" or "dark" palette."""

    def shutdown(self) -> None:
        """Stop the pane's workers and close what it holds open; the window is closing."""
