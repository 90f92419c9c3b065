"""The shared table view as a Qt object: one `query.view.ViewState` that panes publish and observe.

The Tables pane publishes what it shows (table, layout, query, columns, names language); the Charts pane
observes it and draws it beside its own grid, and edits it back (a sort or a filter made beside the chart
shows in the Tables pane too). Panes never reach into each other's widgets: they meet here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ipexplorer.query.view import ViewState


class ViewModel(QObject):
    """Holds one ViewState; `changed(state)` whenever another one is set."""

    changed = Signal(object)   # ViewState

    def __init__(self, parent: QObject | None = None, state: ViewState | None = None):
        super().__init__(parent)
        self._state = state or ViewState()

    @property
    def state(self) -> ViewState:
        return self._state

    def set_state(self, state: ViewState) -> None:
        """Publish a new view (nothing happens when it equals the current one)."""
        if state == self._state:
            return
        self._state = state
        self.changed.emit(state)
