"""The shared table view as a Qt object: one `query.view.ViewState` that panes publish and observe.

The Tables pane publishes what it shows (table, layout, query, columns, names language); the Charts pane
observes it and shows it in its own grid beside the chart, and edits it back (a sort or a filter made
beside the chart shows in the Tables pane too). Panes never reach into each other's widgets: they meet here.

The settings keep view states as `ViewState.to_dict()` JSON only (`load_views` / `store_views`): the
current view and, per dataset, the view each table was left in. A pane whose grid shows no shared view (the
timeline's list, a region's values) keeps that grid's sort as `GridView` JSON (`load_grid` / `store_grid`),
and their column widths (a profile's: those the user set by hand; the others fit each region's values).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal

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
    selection_changed = Signal(object)   # frozenset of the selected rows' keys

    def __init__(self, parent: QObject | None = None, state: ViewState | None = None, settings=None):
        super().__init__(parent)
        self._state = state
        self._settings = settings
        self._dataset: Dataset | None = None
        self._selection: tuple[str, frozenset] = ("", frozenset())   # (dataset key, row keys)

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
        old, self._state = self.state, state
        if dataset is not None:
            self._dataset = dataset
        if self._selection[1] and _rows_change(old, state):   # the grids drop their selections: so does the view
            self._selection = ("", frozenset())
            self.selection_changed.emit(frozenset())
        self.changed.emit(state)

    # --- the selected rows, shared like the view ------------------------------------------------
    @property
    def selection(self) -> frozenset:
        """The keys (SqlGrid.selected_row_ids) of the rows selected in the view shown; empty for another view."""
        key, rows = self._selection
        return rows if key == self.state.dataset_key else frozenset()

    def set_selection(self, row_ids, dataset_key: str | None = None) -> None:
        """Publish the rows a grid of the view has selected (nothing happens when they are the ones held).

        A grid of another dataset than the view's (a table still loading) publishes nothing.
        """
        key = self.state.dataset_key
        if dataset_key is not None and dataset_key != key:
            return
        rows = frozenset(row_ids)
        if rows == self.selection:
            return
        self._selection = (key, rows)
        self.selection_changed.emit(rows)


def _rows_change(old: ViewState, new: ViewState) -> bool:
    """Whether a grid showing `old` loses its selection when it shows `new`: another dataset, filters or quick
    text reload its rows; a sort moves them, selection and all."""
    before, after = old.query, new.query
    return (old.dataset_key != new.dataset_key or before.quick_text != after.quick_text
            or before.filters != after.filters)


class SharedSelection(QObject):
    """Keeps one pane's grid and the ViewModel's selected rows in step, both ways.

    A selection made in the grid is published; one published by another pane's grid is taken over when this
    grid shows the same dataset, at once if it is on screen, else when it is next shown or loaded:
    a hidden pane never loads all its rows for a selection nobody sees. Whole rows are selected (a chart
    bar stands for its rows); a grid whose selection already covers those rows keeps its own cells.
    """

    def __init__(self, view: ViewModel, grid, parent: QObject | None = None):
        super().__init__(parent)
        self.view, self.grid = view, grid
        self._pending = True   # a pane built later takes the rows selected before it (once its rows are in)
        grid.view.selectionModel().selectionChanged.connect(self._publish)
        view.selection_changed.connect(self._follow)
        grid.model.loaded.connect(self._on_loaded)
        # a reload drops the grid's selection without selectionChanged: the view's rows are selected again
        grid.model.modelReset.connect(self._on_reset)
        grid.installEventFilter(self)   # shown (its pane brought to the front): the view's rows selected

    def _publish(self, *_args) -> None:
        dataset = self.grid.dataset
        if dataset is not None:
            self.view.set_selection(self.grid.selected_row_ids(), dataset.key)

    def _follow(self, _rows) -> None:
        self._pending = True
        if self.grid.isVisible():
            self.apply()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.grid and event.type() == QEvent.Type.Show:
            self.apply()
        return False

    def _on_reset(self) -> None:
        if self.view.selection:
            self._pending = True

    def _on_loaded(self) -> None:
        if self._pending and self.grid.isVisible():
            self.apply()

    def apply(self) -> None:
        """Select the view's rows in the grid, if it shows the view's dataset (else once it does)."""
        if not self._pending:
            return
        dataset = self.grid.dataset
        if dataset is None or dataset.key != self.view.state.dataset_key or self.grid.model.rowCount() == 0:
            return   # its rows are not in yet: `loaded` applies it
        self._pending = False
        wanted = self.view.selection
        if wanted == frozenset(self.grid.selected_row_ids()):
            return
        if wanted:
            self.grid.select_row_ids(wanted)   # every row loaded first when some are not yet
        else:
            self.grid.view.clearSelection()


def load_views(settings) -> tuple[ViewState, dict[str, ViewState]]:
    """The current view and the view of each dataset from the settings; whatever is damaged reads as default."""
    import json  # here, as in the other readers and writers: json is not on the way to the first frame

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
    import json

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
    import json

    try:
        data = json.loads(settings.get(key) or "{}")
    except ValueError:
        log.warning("settings: ignored %s: not JSON", key)
        data = {}
    return GridView.from_dict(data)


def store_grid(settings, key: str, view: GridView) -> None:
    import json

    settings.set(key, json.dumps(view.to_dict(), ensure_ascii=False))
