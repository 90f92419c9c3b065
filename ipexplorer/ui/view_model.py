"""The shared table view as a Qt object: one `query.view.ViewState` that panes publish and observe.

The Tables pane publishes what it shows (table, layout, query, columns, names language); the Charts pane
observes it and shows it in its own grid beside the chart, and edits it back (a sort or a filter made
beside the chart shows in the Tables pane too). Panes never reach into each other's widgets: they meet here.

The settings keep view states as `ViewState.to_dict()` JSON only (`load_views` / `store_views`): the
current view and, per dataset, the view each table was left in. A pane whose grid shows no shared view (the
timeline's list, a region's values) keeps that grid's sort and widths as `GridView` JSON (`load_grid` /
`store_grid`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:   # imported when a view is first asked for: query.view is not on the way to the first frame
    from ipexplorer.query.datasets import Dataset
    from ipexplorer.query.view import ViewState

log = logging.getLogger(__name__)
SETTINGS_KEY = "explorer/view"


class ViewModel(QObject):
    """Holds one ViewState (and the Dataset its publisher resolved for it); `changed(state)` on a new one.

    Without a state it starts from the settings' current view (read when first asked for), else the default.
    """

    changed = Signal(object)   # ViewState

    def __init__(self, parent: QObject | None = None, state: ViewState | None = None, settings=None):
        super().__init__(parent)
        self._state = state
        self._settings = settings
        self._dataset: Dataset | None = None

    @property
    def state(self) -> ViewState:
        if self._state is None:
            if self._settings is not None:
                self._state = load_views(self._settings)[0]
            else:
                from ipexplorer.query.view import ViewState

                self._state = ViewState()
        return self._state

    @property
    def dataset(self) -> Dataset | None:
        """The Dataset shown for the state, when the publisher had it (a table's chosen span of years included)."""
        return self._dataset if self._dataset is not None and self._dataset.key == self.state.dataset_key \
            else None

    def set_state(self, state: ViewState, dataset: Dataset | None = None) -> None:
        """Publish a new view (nothing happens when it equals the current one and its dataset is the same)."""
        if state == self.state and (dataset is None or dataset == self._dataset):
            return
        self._state = state
        if dataset is not None:
            self._dataset = dataset
        self.changed.emit(state)


def load_views(settings) -> tuple[ViewState, dict[str, ViewState]]:
    """The current view and the view of each dataset from the settings; whatever is damaged reads as default."""
    from ipexplorer.query.view import ViewState

    try:
        data = json.loads(settings.get(SETTINGS_KEY) or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, Mapping):
        data = {}
    views = data.get("views")
    saved = {k: ViewState.from_dict(v) for k, v in views.items() if isinstance(k, str) and isinstance(v, Mapping)} \
        if isinstance(views, Mapping) else {}
    current = data.get("current")
    if current is not None and not isinstance(current, Mapping):
        log.warning("settings: ignored the current table view: not a view")
    default = ViewState(names="both")   # both names until the user picks one
    return (ViewState.from_dict({"names": "both", **current}) if isinstance(current, Mapping) else default), saved


def store_views(settings, current: ViewState, views: Mapping[str, ViewState]) -> None:
    settings.set(SETTINGS_KEY, json.dumps({"current": current.to_dict(),
                                           "views": {k: v.to_dict() for k, v in views.items()}},
                                          ensure_ascii=False))


# --- a grid's own sort and widths, for panes with no shared view (the timeline's list, a region's values) ---
GRID_VERSION = 1


@dataclass(frozen=True)
class GridView:
    """The sort keys and column widths of one pane's grid, kept between sessions as plain JSON.

    Like ViewState's: `to_dict` is versioned JSON, `from_dict` never raises (an unknown key is ignored, a
    wrong-typed value reads as the default), and `restricted_to` drops keys a dataset no longer has.
    """

    sort: tuple[tuple[str, bool], ...] = ()
    widths: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict:
        return {"version": GRID_VERSION, "sort": [[k, a] for k, a in self.sort], "widths": dict(self.widths)}

    @classmethod
    def from_dict(cls, data: object) -> GridView:
        if not isinstance(data, Mapping):
            return cls()
        raw_sort, raw_widths = data.get("sort"), data.get("widths")
        sort, seen = [], set()
        for item in raw_sort if isinstance(raw_sort, list) else ():
            if (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and item[0]
                    and isinstance(item[1], bool) and item[0] not in seen):
                sort.append((item[0], item[1]))
                seen.add(item[0])
        widths = tuple((k, w) for k, w in raw_widths.items()
                       if isinstance(k, str) and isinstance(w, int) and not isinstance(w, bool) and 0 < w <= 4000) \
            if isinstance(raw_widths, Mapping) else ()
        return cls(tuple(sort), widths)

    def restricted_to(self, dataset: Dataset) -> GridView:
        return GridView(tuple((k, a) for k, a in self.sort if dataset.has(k)),
                        tuple((k, w) for k, w in self.widths if dataset.has(k)))

    @classmethod
    def of(cls, grid) -> GridView:
        """What an SqlGrid shows now: its sort keys and the widths of its shown columns."""
        return cls(tuple(grid.state.sort), tuple(grid.column_widths()))


def load_grid(settings, key: str) -> GridView:
    """The grid view kept under settings `key`; damaged or missing reads as the default (no sort, no widths)."""
    try:
        data = json.loads(settings.get(key) or "{}")
    except ValueError:
        log.warning("settings: ignored %s: not JSON", key)
        data = {}
    return GridView.from_dict(data)


def store_grid(settings, key: str, view: GridView) -> None:
    settings.set(key, json.dumps(view.to_dict(), ensure_ascii=False))
