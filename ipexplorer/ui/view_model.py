"""The shared table view as a Qt object: one `query.view.ViewState` that panes publish and observe.

The Tables pane publishes what it shows (table, layout, query, columns, names language); the Charts pane
observes it and draws it beside its own grid, and edits it back (a sort or a filter made beside the chart
shows in the Tables pane too). Panes never reach into each other's widgets: they meet here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:   # imported when a view is first asked for: query.view is not on the way to the first frame
    from ipexplorer.query.view import ViewState


class ViewModel(QObject):
    """Holds one ViewState; `changed(state)` whenever another one is set."""

    changed = Signal(object)   # ViewState

    def __init__(self, parent: QObject | None = None, state: ViewState | None = None):
        super().__init__(parent)
        self._state = state

    @property
    def state(self) -> ViewState:
        if self._state is None:
            from ipexplorer.query.view import ViewState

            self._state = ViewState()
        return self._state

    def set_state(self, state: ViewState) -> None:
        """Publish a new view (nothing happens when it equals the current one)."""
        if state == self.state:
            return
        self._state = state
        self.changed.emit(state)
