"""The one SQL grid: every table of the app (Tables, beside the chart, console results) is this widget.

It holds the lazy SQL model (rows paged, sorted and filtered in SQLite off the GUI thread), a view whose
first visible column stays put, a header that sorts on click (Shift+click adds a key) and opens a
column's filter popup on right-click (its values or range asked of the model's runner, so the GUI thread
never waits), selection with copy as TSV, Ctrl+A over every row of the query (not only the rows loaded),
the status-bar statistics of the selection, columns fitted to their text (on show, and a double-click on a
header section's edge, by one rule: fit_width) and an empty state when no row matches.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import (
    SIGNAL,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPushButton, QToolTip, QVBoxLayout, QWidget

from ipexplorer.query.builder import ColumnFilter, QueryState, range_sql, values_sql
from ipexplorer.query.columns import Column, Kind
from ipexplorer.query.datasets import Dataset
from ipexplorer.query.numbers import format_value
from ipexplorer.query.stats import region_kinds, region_selection_sum
from ipexplorer.ui.grid.column_filter import ColumnFilterPopup
from ipexplorer.ui.grid.empty_state import Empty, empty_state
from ipexplorer.ui.grid.frozen_table import (
    MAX_FROZEN_WIDTH,
    Fitted,
    FrozenColumnTableView,
    fit_width,
    fitted_widths,
)
from ipexplorer.ui.grid.group_header import GroupHeaderView
from ipexplorer.ui.grid.runs import merged_runs, row_runs
from ipexplorer.ui.grid.table_model import (
    EDITION_ROLE,
    SOURCE_LINE_ROLE,
    SqlTableModel,
    selection_tsv,
)
from ipexplorer.ui.shell import theme

translate = QCoreApplication.translate
FIT_ROWS = 64   # rows measured when a column is fitted to its contents
LABEL_FLOOR = 64   # the least width label_room narrows a label column to ("Inner M…", "省级行政…")


def rows_text(count: int) -> str:
    """'1 row', '51 rows' (English has a singular; the Chinese is the same for both)."""
    text = translate("SqlGrid", "{count} row") if count == 1 else translate("SqlGrid", "{count} rows")
    return text.format(count=f"{count:,}")


def selection_stats(values: list, kinds: list[Kind] | None = None, row_regions: list[str | None] | None = None,
                    regions: dict | None = None, count: int | None = None) -> str:
    """Count / sum / average of the selected numbers, as a spreadsheet's status bar shows them.

    With `kinds` (one per value), shares (per cent) and counts are never added together: a selection
    that mixes them shows its count only. With each value's row region and the regions' kinds, a total
    is never added to its members nor a city to its province (query/stats.py); the text says what was left out.
    `count`: the cells selected, when `values` holds only those that may be numbers.
    """
    if not values and not count:
        return ""
    kinds = kinds or [Kind.INT] * len(values)
    row_regions = row_regions or [None] * len(values)
    picked = [(v, k, r) for v, k, r in zip(values, kinds, row_regions, strict=True)  # no sum of years, lines
              if isinstance(v, (int, float)) and not isinstance(v, bool) and k is not Kind.CODE]
    left_out = ""
    if regions and picked:
        out = region_selection_sum(Counter(r for _v, _k, r in picked), regions)   # the rule, once per region
        picked = [p for p in picked if p[2] in out.kept_regions]
        if out.left_out:
            parts = []
            if out.totals_left_out:
                parts.append(translate("TableExplorer", "{count} totals").format(count=out.totals_left_out))
            if out.inside_left_out:
                parts.append(translate("TableExplorer", "{count} inside selected provinces").format(
                    count=out.inside_left_out))
            if out.parts_left_out:   # (a)…(d) of an in-text table's (2): no province in sight
                parts.append(translate("TableExplorer", "{count} parts of a selected total").format(
                    count=out.parts_left_out))
            left_out = "   " + translate("TableExplorer", "(not added: {what})").format(what=", ".join(parts))
    numbers = [(v, k) for v, k, _r in picked]
    count = f"{len(values) if count is None else count:,}"
    if not numbers:
        return translate("TableExplorer", "Count: {count}").format(count=count)
    if len({k is Kind.PERCENT for _v, k in numbers}) > 1:
        return translate("TableExplorer", "Count: {count}   (shares and counts mixed: no sum)").format(count=count)
    total = sum(v for v, _k in numbers)
    kind = numbers[0][1]
    if kind is Kind.PERCENT:
        return translate("TableExplorer", "Count: {count}   Average: {average}").format(
            count=count, average=format_value(total / len(numbers), Kind.PERCENT)) + left_out
    return translate("TableExplorer", "Count: {count}   Sum: {sum}   Average: {average}").format(
        count=count, sum=format_value(total, Kind.INT), average=f"{total / len(numbers):,.2f}") + left_out


def shared_level(widths: list[int], room: int, floors: list[int] | None = None) -> int:
    """The greatest width L at which columns of these widths, each cut to L but none below its floor, fit in
    `room` together: the widest come down first and together, the narrow keep theirs."""
    if not widths:
        return room
    floors = floors or [0] * len(widths)

    def total(level: int) -> int:
        return sum(max(floor, min(width, level)) for width, floor in zip(widths, floors, strict=True))

    low, high = 0, max(widths)
    if total(high) <= room:
        return high
    while low < high:   # total() grows with the level: the last level that fits
        middle = (low + high + 1) // 2
        low, high = (middle, high) if total(middle) <= room else (low, middle - 1)
    return low


def _label_floors(naturals: list[int], readables: list[int], repeats: list[bool],
                  floor: int) -> tuple[list[int], list[int], list[int]]:
    """Each label column's floor (`floor`, or its fitted width if narrower), its readable width (its short texts
    whole, not below its floor nor past its fitted width), and the least it keeps while the names are read (a
    column of one repeated text its floor, a name its readable width)."""
    floors = [min(n, floor) for n in naturals]
    readables = [min(n, max(f, r)) for n, r, f in zip(naturals, readables, floors, strict=True)]
    names_kept = [f if rep else r for r, f, rep in zip(readables, floors, repeats, strict=True)]
    return floors, readables, names_kept


def share_label_room(naturals: list[int], readables: list[int], repeats: list[bool], room: int,
                     floor: int = LABEL_FLOOR) -> list[int]:
    """The widths of the label columns in `room`, the widest cut first: fitted when all fit; else none below its
    readable width (its short texts whole); else the columns whose rows repeat one text (a region's kind) give
    way first, down to `floor`, while the names keep their readable widths; only then do the names come down
    too (none below `floor`; a cut text ends in "…" and shows whole in its tooltip)."""
    floors, readables, names_kept = _label_floors(naturals, readables, repeats, floor)
    for least in (naturals, readables, names_kept):
        if sum(least) <= room:
            level = shared_level(naturals, room, least)
            return [max(low, min(n, level)) for n, low in zip(naturals, least, strict=True)]
    level = shared_level(names_kept, room, floors)
    return [max(f, min(w, level)) for w, f in zip(names_kept, floors, strict=True)]


def label_room(naturals: list[int], readables: list[int], repeats: list[bool], share: int, most: int | None,
               floor: int = LABEL_FLOOR) -> int:
    """The room the label columns share (share_label_room): their `share` of the width, or what the names need to
    be read if that is more (a name its readable width, a column of one repeated text its floor), but no more than
    `most` (the width that leaves the first value's column in sight; None: no value column)."""
    _floors, _readables, names_kept = _label_floors(naturals, readables, repeats, floor)
    room = max(share, sum(names_kept))
    return room if most is None else min(room, most)


def _popup_values(conn, numeric: bool, sql: str, params: list):
    """A column's value checklist (text) or its (min, max) (numbers), for the filter popup."""
    if numeric:
        value_range = tuple(conn.execute(sql, params).fetchone())
        if any(v is not None and not isinstance(v, (int, float)) for v in value_range):
            value_range = (None, None)   # a console column that mixes text in
        return value_range
    return [tuple(r) for r in conn.execute(sql, params)]


class SqlGrid(QWidget):
    """A Dataset and a QueryState in; a sortable, filterable, selectable, copyable table out."""

    stats_changed = Signal(str)          # selection count / sum / average
    rows_changed = Signal(str)           # "51 rows" (or the failure) for the status bar
    open_report_line = Signal(int, int)  # double-click on a row that has a source line: (line, edition; 0 latest)
    message = Signal(str)                # a problem to show inline (a filter list that failed)
    popup_shown = Signal(object)         # the filter popup, once its values have arrived
    state_edited = Signal()              # sort or filters changed by the user (panes keep their view state)
    all_selected = Signal()              # Ctrl+A has selected every row of the query
    clear_requested = Signal()           # "Clear filters" of the empty state (the pane clears its own boxes too)
    column_fitted = Signal(int)          # a double-click on a header section's edge fitted this column

    def __init__(self, db_path: Path, parent: QWidget | None = None, *, time_limit: float | None = None,
                 language: str = "zh"):
        super().__init__(parent)
        self.setObjectName("sqlGrid")
        self.db_path = Path(db_path)
        self.model = SqlTableModel(self.db_path, self, time_limit=time_limit)
        self.language = language
        self.model.set_language(language)
        self.popup: ColumnFilterPopup | None = None
        self._autosize_pending = False
        self.autosize_limit = 240
        # after fitting, room the viewport has left goes to the columns cut at autosize_limit (the console: a
        # long text column cut at the cap beside empty space)
        self.fill_width = False
        # the share of the grid's width the columns before its first number (region names, kind) may take when
        # fitted: None, as wide as their text (to autosize_limit); the table beside a chart sets it
        self.label_room: float | None = None
        # label column -> (width fitted, its short texts' width, whether its text repeats, width given)
        self._label_widths: dict[int, tuple[int, int, bool, int]] = {}
        self._first_value = -1   # the column after them
        self._pending_rows: tuple[set, bool] | None = None
        self._select_all_pending = False
        self.regions: dict = {}       # region name -> (kind, province): what a selection's sum may add
        self.outside_filters = False  # the pane filters the dataset itself (the timeline's boxes): "No rows match"
        # what the empty state says while no row has arrived yet ("Loading events…"); empty: a blank grid, as the
        # tables' first page comes in a moment. Said until the first answer only: a later query (a filter typed)
        # keeps the last rows or a blank for its few milliseconds, not a flash of words per keystroke
        self.loading_text = ""
        self._answered = False
        self.failure = ""             # why the last query failed ("" once a query is under way or answered)
        # whether the grid says a failure over itself; False where its owner says it in its own place (the SQL
        # console's error line, which names the position): then a failed query leaves the grid blank, once
        self.says_failure = True
        self.arranging = False        # columns being moved by show_columns, not by the user
        self._build_ui()
        self.apply_palette(theme.palette_name())   # a grid built after a switch starts in the palette of its time
        self.model.runner.submit(region_kinds, channel="regions", done=self._set_regions,
                                 failed=lambda _exc: None)

    def apply_palette(self, name: str) -> None:
        """The signed columns in the named palette's rise and fall, repainted. A palette switch reaches a grid
        one way: the window's palette change → each built pane's `Pane.apply_palette` → its grids (no palette
        event of the grid's own); the rows' stripes and the frozen strip are the widgets' palette, Qt's."""
        self.model.set_palette(name)
        self.view.viewport().update()
        self.view.frozen.viewport().update()

    def _set_regions(self, regions: dict) -> None:
        self.regions = regions

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = FrozenColumnTableView(self)
        self.view.setObjectName("tableView")
        self.view.keeps_width = lambda section: section in self._label_widths   # sized by the shared label room
        self.header = GroupHeaderView(self.view)
        self.header.language = self.language
        self.header.setSectionsMovable(True)
        self.header.setSectionsClickable(True)
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setHorizontalHeader(self.header)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        # fitting a column to its contents measures this many rows (those in view first), not Qt's 1,000: each is
        # a paint's worth of calls into the model per column, a quarter of a second for a fresh 256-row page of
        # thirty columns on the first switch to a pane; the widths are capped anyway (autosize_limit)
        self.header.setResizeContentsPrecision(FIT_ROWS)
        self.view.frozen.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        # a double-click on a section's edge (of either header) is fit_column's: QTableView's own connection of it to
        # resizeColumnToContents asks the delegate, and through it the model for seven roles, of every row measured
        for table in (self.view, self.view.frozen):
            edges = table.horizontalHeader()
            # a title wider than its column ends in "…" (Qt's headers clip it at both ends, centred: "ɜ区 Region (Ch")
            edges.setTextElideMode(Qt.TextElideMode.ElideRight)
            QObject.disconnect(edges, SIGNAL("sectionHandleDoubleClicked(int)"), table, None)
            edges.sectionHandleDoubleClicked.connect(self._on_edge_double_clicked)
        layout.addWidget(self.view, 1)
        # the empty state: what happened and the way out, not a blank grid
        self.empty_label = QWidget(self.view.viewport(), objectName="emptyState")
        empty = QVBoxLayout(self.empty_label)
        empty.addStretch(1)
        self.empty_text = QLabel(self.tr("No rows match"), objectName="emptyText")
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setWordWrap(True)   # a failure's message can be long
        font = self.empty_text.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.empty_text.setFont(font)
        empty.addWidget(self.empty_text)
        self.empty_clear = QPushButton(self.tr("Clear filters"), objectName="emptyClearFilters")
        self.empty_clear.clicked.connect(self.clear_requested)
        empty.addWidget(self.empty_clear, 0, Qt.AlignmentFlag.AlignHCenter)
        empty.addStretch(2)
        self.empty_label.hide()
        # the state covers the viewport, which the view lays out after the grid's own resize (and again when the
        # header shows with the first columns): "Loading events…" was cut to the first frame's tiny viewport
        self.view.viewport().installEventFilter(self)
        self.view.frozen.viewport().installEventFilter(self)   # a cut name's tooltip in the frozen strip too

        self.copy_action = QAction(self.tr("Copy"), self, shortcut=QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.select_all_action = QAction(self.tr("Select all"), self, shortcut=QKeySequence.StandardKey.SelectAll)
        self.select_all_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # the header's mouse actions from the keyboard, on the current cell's column (Alt+↓ as in a spreadsheet)
        self.sort_up_action = QAction(self.tr("Sort ascending by this column"), self,
                                      shortcut=QKeySequence("Alt+Shift+Up"))
        self.sort_down_action = QAction(self.tr("Sort descending by this column"), self,
                                        shortcut=QKeySequence("Alt+Shift+Down"))
        self.filter_action = QAction(self.tr("Filter this column…"), self, shortcut=QKeySequence("Alt+Down"))
        for action in (self.copy_action, self.select_all_action, self.sort_up_action, self.sort_down_action,
                       self.filter_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.sort_up_action.triggered.connect(lambda: self._sort_current(True))
        self.sort_down_action.triggered.connect(lambda: self._sort_current(False))
        self.filter_action.triggered.connect(self._filter_current)
        self.addActions([self.copy_action, self.select_all_action, self.sort_up_action, self.sort_down_action,
                         self.filter_action])

        self.copy_action.triggered.connect(self.copy_selection)
        self.select_all_action.triggered.connect(self.select_all)
        self.header.sectionClicked.connect(self._on_header_clicked)
        self.header.customContextMenuRequested.connect(self._on_header_menu)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.model.no_selection = lambda: not self.view.selectionModel().hasSelection()
        self.view.doubleClicked.connect(self._on_double_click)
        self.model.loaded.connect(self._on_loaded)
        # a reset drops the selection without selectionChanged: the statistics must not outlive it
        self.model.modelReset.connect(self._on_selection)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.model.total_changed.connect(self._on_total)
        self.model.query_failed.connect(self._on_failed)
        self.model.state_changed.connect(self._on_state_changed)

    # --- what is shown ---------------------------------------------------------------
    @property
    def dataset(self) -> Dataset | None:
        return self.model.dataset

    @property
    def state(self) -> QueryState:
        return self.model.state

    def show_dataset(self, dataset: Dataset, state: QueryState | None = None, *, autosize: bool = True) -> None:
        """A new dataset (its columns' widths fitted to the first rows unless the caller restores them).

        Columns described as hidden (kept for tooltips, sorting or the report line) start hidden.
        """
        self._autosize_pending = autosize
        self._label_widths = {}
        self.model.set_dataset(dataset, state or QueryState())
        for i, column in enumerate(dataset.columns):
            self.view.setColumnHidden(i, column.hidden)
        self.view.refresh_frozen()

    def set_state(self, state: QueryState) -> None:
        self.model.set_state(state)

    def set_language(self, language: str) -> None:
        self.language = language
        self.model.set_language(language)
        self.header.language = language
        self.header.viewport().update()

    def visible_columns(self) -> list[Column]:
        """The columns shown, in the order the header shows them."""
        out = []
        for visual in range(self.header.count()):
            logical = self.header.logicalIndex(visual)
            if not self.view.isColumnHidden(logical) and logical < len(self.model.columns):
                out.append(self.model.columns[logical])
        return out

    def show_columns(self, keys: list[str]) -> None:
        """Show exactly these columns, in this order (a view state's columns); the others hidden after them."""
        self.arranging = True
        try:
            wanted = {k: i for i, k in enumerate(keys)}
            for logical, col in enumerate(self.model.columns):
                self.view.setColumnHidden(logical, col.key not in wanted)
            known = [c.key for c in self.model.columns]
            for position, key in enumerate(k for k in keys if k in known):
                logical = known.index(key)
                if self.header.visualIndex(logical) != position:
                    self.header.moveSection(self.header.visualIndex(logical), position)
        finally:
            self.arranging = False
        self.view.refresh_frozen()

    def column_widths(self) -> tuple[tuple[str, int], ...]:
        """(key, width) of the columns shown (the frozen label column's width is its own)."""
        widths = ((c.key, self.view.columnWidth(self.model.column_index(c.key))) for c in self.visible_columns())
        return tuple((k, w) for k, w in widths if w > 0)

    def set_column_widths(self, widths) -> None:
        keys = [c.key for c in self.model.columns]
        for key, width in widths:
            if key in keys:
                self.view.setColumnWidth(keys.index(key), width)
        self.view.refresh_frozen()

    def fit_width(self, logical: int, cells: int | None = None) -> int:
        """The width that shows a column's header and its first FIT_ROWS rows whole (frozen_table.fit_width, the
        one fitting rule: autosize, a double-click on an edge, the frozen strip's own fit); `cells`: its cells'
        width, when measured already."""
        frozen = logical == self.view.frozen_section()
        return fit_width(self.view.frozen if frozen else self.view, logical, FIT_ROWS, cells)

    def fit_column(self, logical: int) -> None:
        """One column as wide as fit_width (within the header's least and most section sizes), as a double-click
        on its edge asks; not capped at autosize_limit: the user asked to see the whole text."""
        if not 0 <= logical < self.model.columnCount() or self.view.isColumnHidden(logical):
            return
        header = self.view.horizontalHeader()
        width = max(header.minimumSectionSize(), min(self.fit_width(logical), header.maximumSectionSize()))
        self.view.setColumnWidth(logical, width)

    def _on_edge_double_clicked(self, logical: int) -> None:
        self.fit_column(logical)
        self.column_fitted.emit(logical)

    def autosize(self) -> None:
        """Every shown column as wide as fit_width, then capped at autosize_limit; beside a chart, the label columns
        then share label_room (their texts read and measured once, for both their widths)."""
        header = self.header
        fits = {}
        if self.label_room is not None:
            labels, self._first_value = self.label_columns()
            fits = {i: self._fitted(i) for i in labels}
        for i in range(self.model.columnCount()):
            if header.isSectionHidden(i):   # the user's hidden columns and the frozen one (sized on its own)
                continue
            fitted = fits.get(i)
            width = min(self.fit_width(i, None if fitted is None else fitted.widest), header.maximumSectionSize())
            header.resizeSection(i, max(header.minimumSectionSize(), width))
        for i in range(self.model.columnCount()):
            self.view.setColumnWidth(i, min(self.view.columnWidth(i), self.autosize_limit))
        if self.label_room is not None:
            self._label_widths = {}
            for i, fitted in fits.items():   # as fitted, the short texts' width, whether its texts repeat
                natural = self.view.columnWidth(i)
                repeats = fitted.texts > 1 and fitted.distinct * 2 <= fitted.texts   # a kind: few distinct texts
                self._label_widths[i] = (natural, fitted.short, repeats, natural)
            self._share_label_room()
        self.view.refresh_frozen()
        if self.fill_width:
            self.widen_cut_columns(self.view.viewport().width() - self.view.horizontalHeader().length())

    def widen_cut_columns(self, spare: int, keep: Collection[str] = ()) -> None:
        """Give `spare` pixels to the columns cut at their cap (autosize_limit; the frozen one's MAX_FROZEN_WIDTH),
        each up to its whole text, the frozen one first. `keep`: keys of columns sized by hand."""
        view, header = self.view, self.view.horizontalHeader()
        if spare <= 0:
            return
        header.setMaximumSectionSize(max(header.maximumSectionSize(), self.autosize_limit + spare))
        frozen = view.frozen_section()
        order = [frozen] if frozen >= 0 else []
        order += [i for i in range(self.model.columnCount()) if i != frozen and not view.isColumnHidden(i)]
        for i in order:
            cap = MAX_FROZEN_WIDTH if i == frozen else self.autosize_limit
            if spare <= 0 or self.model.columns[i].key in keep or view.columnWidth(i) < cap:
                continue   # only a column held at its cap was cut: the others already show their whole text
            grow = min(self.fit_width(i) - view.columnWidth(i), spare)
            if grow <= 0:
                continue
            if i == frozen:
                view.fit_frozen(view.columnWidth(i) + grow)
            else:
                view.setColumnWidth(i, view.columnWidth(i) + grow)
            spare -= grow
        view.refresh_frozen()

    def label_columns(self) -> tuple[list[int], int]:
        """The shown columns before the first value (a number that is not a code), the frozen one first, and
        that first value's column (-1: none)."""
        frozen = self.view.frozen_section()
        labels = [frozen] if frozen >= 0 else []
        for column in self.visible_columns():
            logical = self.model.column_index(column.key)
            if logical == frozen:
                continue
            if column.kind.numeric and column.kind is not Kind.CODE:
                return labels, logical
            labels.append(logical)
        return labels, -1

    def _fitted(self, logical: int) -> Fitted:
        """A column's widest and widest short cells (fitted_widths), in the view that shows it."""
        frozen = logical == self.view.frozen_section()
        return fitted_widths(self.view.frozen if frozen else self.view, logical, FIT_ROWS)

    def _share_label_room(self) -> None:
        """The label columns at their fitted widths or narrower (share_label_room), so that together they take at
        most label_room of the width the columns have, or what the names need to be read if that is more, and
        leave the first value's column in sight: at 1920 px the table beside a chart gave its region names and
        kinds 240 px each and its first number began at the viewport's right edge; at 1024 px the half gave each
        name 64 px ("Inner …", "Heilon…") beside a kind column of one repeated text."""
        viewport = self.view.viewport().width()
        if self.label_room is None or not self._label_widths or viewport < LABEL_FLOOR:
            return   # (a view not laid out yet: its viewport's resize shares the room)
        width = viewport + self.view.frozen_width()
        most = width - self.view.columnWidth(self._first_value) if self._first_value >= 0 else None
        measures = list(self._label_widths.values())
        naturals, shorts, repeats = [m[0] for m in measures], [m[1] for m in measures], [m[2] for m in measures]
        room = label_room(naturals, shorts, repeats, int(self.label_room * width), most)
        widths = share_label_room(naturals, shorts, repeats, room)
        for (logical, (natural, short, repeats, _given)), width in zip(self._label_widths.items(), widths,
                                                                        strict=True):
            self._label_widths[logical] = (natural, short, repeats, width)
            if self.view.columnWidth(logical) != width:
                self.view.setColumnWidth(logical, width)

    def _reshare_label_room(self) -> None:
        """The viewport resized: the label columns share its new width, unless the user has sized one of them."""
        if any(self.view.columnWidth(i) != given for i, (*_measure, given) in self._label_widths.items()):
            self._label_widths = {}   # a width of the user's: theirs from now on
        self._share_label_room()

    def _on_loaded(self) -> None:
        self._answered = True
        if self._autosize_pending:
            self._autosize_pending = False
            self.autosize()
        self._update_empty()
        self._finish_pending_selection()

    def _on_rows_inserted(self, *_args) -> None:
        self._update_empty()
        self._finish_pending_selection()

    def _on_total(self, total: int) -> None:
        self.rows_changed.emit(rows_text(total))
        self._update_empty()

    def clear_filters(self) -> None:
        """Every filter and the quick text off; the sort kept."""
        state = self.model.state
        self.model.set_state(state.without_filters())
        self.state_edited.emit()

    def _on_state_changed(self) -> None:
        """A query under way. Before the first answer the grid says its loading text; after it, what the grid
        shows (rows, or "No rows match" and its Clear filters) stands until the next answer: hidden on every
        query, the empty state went off and on again for each letter typed into a filter that matched nothing."""
        self.failure = ""
        if not self._answered:
            self._update_empty()

    def _on_failed(self, message: str) -> None:
        """A failure is an answer too: the grid with no row says it (not "No rows"), until the next answer."""
        self.failure = message
        self._answered = True
        self.rows_changed.emit(self.failure_text())
        self._update_empty()

    def failure_text(self) -> str:
        """"Query failed: …" for the last query's failure; empty when it answered."""
        return self.tr("Query failed: {error}").format(error=self.failure) if self.failure else ""

    def set_loading_text(self, text: str) -> None:
        """Say `text` over the grid until its first answer arrives (rows, none, or a failure); empty: a blank
        grid until then."""
        self.loading_text = text
        self._update_empty()

    def is_loading(self) -> bool:
        """No row shown and one still to come: before the first dataset, or while its query runs."""
        return self.model.rowCount() == 0 and (self.dataset is None or not self.model.fully_loaded)

    def _update_empty(self) -> None:
        loading = bool(self.loading_text) and not self._answered and self.is_loading()
        empty = self.dataset is not None and self.model.rowCount() == 0 and self.model.fully_loaded
        filtered = bool(self.model.state.quick_text or self.model.state.filters or self.outside_filters)
        state = empty_state(empty=empty, loading=loading, failed=bool(self.failure), filtered=filtered)
        if state is not None:
            self.empty_text.setText(self._empty_words(state))
        self.empty_clear.setVisible(filtered and not loading)
        quiet = state is Empty.FAILED and not self.says_failure   # said by the owner, not over the grid too
        self.empty_label.setVisible(state is not None and not quiet)
        self.empty_label.raise_()
        if state is not None:
            self.empty_label.setGeometry(self.view.viewport().rect())

    def _empty_words(self, state: Empty) -> str:
        """The grid's words for why it shows no row."""
        if state is Empty.FAILED:
            return self.failure_text()
        if state is Empty.LOADING:
            return self.loading_text
        return self.tr("No rows match") if state is Empty.NO_MATCH else self.tr("No rows")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.empty_label.isHidden():   # not hidden, though not yet visible in a window about to show
            self.empty_label.setGeometry(self.view.viewport().rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            return self._cut_text_tip(watched, event) or super().eventFilter(watched, event)
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            if not self.empty_label.isHidden():
                self.empty_label.setGeometry(self.view.viewport().rect())
            if self._label_widths:
                self._reshare_label_room()
        return super().eventFilter(watched, event)

    def _cut_text_tip(self, viewport: QObject, event) -> bool:
        """A cell whose text its column cuts ("Inner Mon…") and that has no tooltip of its own shows its whole
        text as the tooltip; False: Qt's own tooltip (the model's) answers."""
        table = self.view.frozen if viewport is self.view.frozen.viewport() else self.view
        index = table.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False
        text = index.data(Qt.ItemDataRole.DisplayRole)
        rect = table.visualRect(index)
        if not text or table.sizeHintForIndex(index).width() <= rect.width():
            return False
        QToolTip.showText(event.globalPos(), str(text), viewport, rect)
        return True

    # --- sorting and filtering (all in SQLite) ---------------------------------------------
    def _on_header_clicked(self, logical: int) -> None:
        if not 0 <= logical < len(self.model.columns):
            return
        shift = bool(QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.sort_by(self.model.columns[logical].key, add=shift)

    def sort_by(self, key: str, *, add: bool = False, ascending: bool | None = None) -> None:
        """Click: sort by this column (again: reverse). Shift+click: add or flip a secondary key."""
        if self.dataset is None:
            return
        numeric = self.model.columns[self.model.column_index(key)].kind.numeric
        self.model.set_state(self.model.state.with_sort(key, add=add, ascending=ascending, numeric=numeric))
        self.state_edited.emit()

    def _current_column(self) -> int:
        index = self.view.currentIndex()
        return index.column() if index.isValid() else self.view.frozen_section()

    def _sort_current(self, ascending: bool) -> None:
        logical = self._current_column()
        if self.dataset is not None and 0 <= logical < len(self.model.columns):
            self.sort_by(self.model.columns[logical].key, ascending=ascending)

    def _filter_current(self) -> None:
        logical = self._current_column()
        header = self.view.horizontalHeader()
        if logical == self.view.frozen_section():
            header = self.view.frozen.horizontalHeader()
        x = header.sectionViewportPosition(logical)
        self.open_filter_popup(logical, header.mapToGlobal(QPoint(max(0, x), header.height())))

    def set_filter(self, flt: ColumnFilter) -> None:
        if self.dataset is not None:
            self.model.set_state(self.model.state.with_filter(flt))
            self.state_edited.emit()

    def remove_filter(self, key: str) -> None:
        if self.dataset is not None:
            self.model.set_state(self.model.state.without_filter(key))
            self.state_edited.emit()

    def _on_header_menu(self, pos: QPoint) -> None:
        logical = self.header.logicalIndexAt(pos)
        if logical >= 0:
            self.open_filter_popup(logical, self.header.mapToGlobal(pos))

    def open_filter_popup(self, logical: int, where: QPoint | None = None) -> None:
        """Ask for the column's value checklist (text) or range (numbers); the popup opens when they arrive."""
        if self.dataset is None or not 0 <= logical < len(self.model.columns):
            return
        column = self.model.columns[logical]
        if column.kind.numeric:
            sql, params = range_sql(self.dataset, self.model.state, column.key)
        else:
            sql, params = values_sql(self.dataset, self.model.state, column.key)
        self.model.runner.submit(
            _popup_values, column.kind.numeric, sql, params, channel="popup",
            done=lambda result, c=column, i=logical, w=where: self._show_popup(c, i, w, result),
            failed=lambda exc: self.message.emit(
                self.tr("Cannot list this column's values: {error}").format(error=exc)))

    def column_values(self, key: str, done) -> None:
        """A text column's (value, count) list under the current filters, handed to `done` on the GUI thread."""
        if self.dataset is None:
            return
        sql, params = values_sql(self.dataset, self.model.state, key)
        self.model.runner.submit(_popup_values, False, sql, params, channel=f"values:{key}", done=done,
                                 failed=lambda exc: self.message.emit(str(exc)))

    def _show_popup(self, column: Column, logical: int, where: QPoint | None, result) -> None:
        values, value_range = (None, result) if column.kind.numeric else (result, None)
        if self.popup is not None:
            with contextlib.suppress(RuntimeError):
                self.popup.close()
        popup = ColumnFilterPopup(column, values, value_range, self.model.state.filter_for(column.key),
                                  self.language, self)
        popup.applied.connect(self.set_filter)
        popup.cleared.connect(self.remove_filter)
        popup.show_under(self.header, logical, where)
        self.popup = popup
        self.popup_shown.emit(popup)

    # --- selection and copy ------------------------------------------------------------------
    def selected_cells(self) -> list[QModelIndex]:
        return [i for i in self.view.selectionModel().selectedIndexes() if not self.view.isColumnHidden(i.column())]

    def selected_pairs(self) -> set[tuple[int, int]]:
        """The selected (row, column) cells of shown columns, read off the selection's ranges: no index objects
        (selectedIndexes() makes one per cell, seconds for a select-all of thousands of rows)."""
        shown = [c for c in range(self.model.columnCount()) if not self.view.isColumnHidden(c)]
        cells: set[tuple[int, int]] = set()
        for part in self.view.selectionModel().selection():
            columns = [c for c in shown if part.left() <= c <= part.right()]
            cells.update((r, c) for r in range(part.top(), part.bottom() + 1) for c in columns)
        return cells

    def has_selection(self) -> bool:
        """A cell of a shown column is selected: read off the selection's ranges, not its cells."""
        shown = [c for c in range(self.model.columnCount()) if not self.view.isColumnHidden(c)]
        return any(part.left() <= c <= part.right() for part in self.view.selectionModel().selection()
                   for c in shown)

    def select_all(self) -> None:
        """Every row of the query, loading the rest first (Ctrl+A is not only the rows loaded so far)."""
        self.model.fetch_all()
        if self.model.fully_loaded:
            self.view.selectAll()
            self.all_selected.emit()
        else:
            self._select_all_pending = True

    def selection_tsv(self) -> str:
        """The selected cells as TSV with a header row (two when the view has groups), in view order."""
        return selection_tsv(self.model, self.header, self.selected_pairs(), self.language)

    def copy_selection(self) -> None:
        text = self.selection_tsv()
        if text:
            QGuiApplication.clipboard().setText(text)

    def selected_row_ids(self) -> list:
        """Row keys of the rows that have a selected cell (charts highlight these), off the selection's ranges."""
        ids = []
        for top, bottom in merged_runs((p.top(), p.bottom()) for p in self.view.selectionModel().selection()):
            ids += self.model.row_ids(top, bottom)   # a run at a time: ranges of the same rows add none
        return ids

    def select_row_ids(self, row_ids, *, add: bool = False) -> None:
        """Select whole rows by key (from a chart click); loads the rest of the view first if needed."""
        wanted = set(row_ids)
        if not self.model.fully_loaded:
            self._pending_rows = (wanted, add)
            self.model.fetch_all()
            return
        runs = row_runs(self.model.row_id(r) in wanted for r in range(self.model.rowCount()))
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for top, bottom in runs:   # one range per run of rows (all rows: one range), not one per row
            selection.select(self.model.index(top, 0), self.model.index(bottom, last))
        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.Select if add else QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.selectionModel().select(selection, flags)
        if runs:
            self.view.scrollTo(self.model.index(runs[0][0], self.view.frozen_section()))

    def _finish_pending_selection(self) -> None:
        if not self.model.fully_loaded:
            if self._select_all_pending or self._pending_rows is not None:
                self.model.fetch_all()   # a page was already under way when asked: ask for the rest now
            return
        if self._select_all_pending:
            self._select_all_pending = False
            self.view.selectAll()
            self.all_selected.emit()
        if self._pending_rows is not None:
            wanted, add = self._pending_rows
            self._pending_rows = None
            self.select_row_ids(wanted, add=add)

    def _on_selection(self, *_args) -> None:
        model = self.model
        keys = [c.key for c in model.columns]
        region = keys.index("region_zh") if "region_zh" in keys else -1
        values, kinds, row_regions, count = [], [], [], 0
        for column, first, last in self._selected_spans():   # a column's run of rows at a time, not a cell
            count += last - first + 1
            kind = model.columns[column].kind
            if not kind.numeric or kind is Kind.CODE:   # counted, never added (text, years, lines)
                continue
            part = model.column_slice(column, first, last)
            values += part
            kinds += [kind] * len(part)
            row_regions += model.column_slice(region, first, last) if region >= 0 else [None] * len(part)
        self.stats_changed.emit(selection_stats(values, kinds, row_regions, self.regions, count))

    def _selected_spans(self) -> list[tuple[int, int, int]]:
        """(column, first row, last row) of the shown columns' selected cells, one per column of each range of
        the selection: as many as the ranges have columns, whatever their rows. Ranges that overlap (Ctrl+click
        over a selected cell) are split into their cells, so that no cell counts twice."""
        ranges = [(p.top(), min(p.bottom(), self.model.rowCount() - 1), p.left(), p.right())
                  for p in self.view.selectionModel().selection()]
        shown = [c for c in range(self.model.columnCount()) if not self.view.isColumnHidden(c)]
        overlap = any(a[0] <= b[1] and b[0] <= a[1] and a[2] <= b[3] and b[2] <= a[3]
                      for i, a in enumerate(ranges) for b in ranges[i + 1:]) if len(ranges) < 200 else True
        if overlap:
            return [(c, r, r) for r, c in sorted(self.selected_pairs())]
        return [(c, top, bottom) for top, bottom, left, right in ranges for c in shown
                if left <= c <= right and top <= bottom]

    def _on_double_click(self, index: QModelIndex) -> None:
        line = index.data(SOURCE_LINE_ROLE)
        if isinstance(line, int) and line > 0:
            self.open_report_line.emit(line, index.data(EDITION_ROLE) or 0)

    def shutdown(self) -> None:
        self.model.shutdown()
