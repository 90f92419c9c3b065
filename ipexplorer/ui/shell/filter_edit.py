"""A filter box whose clear button does not change its size.

QLineEdit's own clear button counts in its size hints only while it shows, that is while the box holds text:
the first key typed into the Tables pane's quick filter made the box 26 px wider (16 px on some styles) and moved
the boxes beside it, the layout jumping under the typing. Here the clear action is always there, its room always
counted; it shows its icon, its tooltip and takes a click only while there is text to clear.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLineEdit, QStyle


class FilterEdit(QLineEdit):
    """A line edit with a clear button at its end, as wide empty as with text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._icon = self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton, None, self)
        self.clear_action = self.addAction(QIcon(), QLineEdit.ActionPosition.TrailingPosition)
        self.clear_action.setObjectName("filterClear")
        self.clear_action.triggered.connect(self._clear)
        self._shown: bool | None = None
        self._sync()
        self.textChanged.connect(lambda _t: self._sync())

    # the panes set a box's text with its signals blocked (a view restored, filters cleared): no textChanged then,
    # so the setters the panes call bring the button up to date themselves
    def setText(self, text: str) -> None:
        super().setText(text)
        self._sync()

    def clear(self) -> None:
        super().clear()
        self._sync()

    def _clear(self) -> None:
        if self.text():
            self.clear()
            self.setFocus()

    def _sync(self) -> None:
        """The clear button while there is text: its icon, its tooltip and its click; an empty slot otherwise."""
        shown = bool(self.text())
        if shown != self._shown:
            self._shown = shown
            self.clear_action.setIcon(self._icon if shown else QIcon())
            self.clear_action.setToolTip(self.tr("Clear") if shown else "")
            self.clear_action.setEnabled(shown)
