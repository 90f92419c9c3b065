"""The SQL console's result table: the same lazy SQL model as the Tables pane, sorted and filtered in SQLite.

Click a header to sort (Shift+click adds a key), right-click it for the value checklist or a
number range, type in the quick filter to keep rows containing the text in any column.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.query.builder import ColumnFilter, QueryState, range_sql, values_sql
from ipexplorer.query.datasets import Dataset
from ipexplorer.query.readonly import guard
from ipexplorer.query.view import describe_state
from ipexplorer.store.database import connect
from ipexplorer.ui.grid.column_filter import ColumnFilterPopup
from ipexplorer.ui.grid.table_model import RAW_ROLE, SOURCE_LINE_ROLE, SqlTableModel, selection_tsv
from ipexplorer.ui.panes.table_explorer import selection_stats

POPUP_TIME_LIMIT = 3.0   # the filter popup's value list runs on the GUI thread: keep it short


class ResultsTable(QWidget):
    """A Dataset from the console through a SqlTableModel whose worker connection is guarded."""

    stats_changed = Signal(str)          # selection count / sum / average
    open_report_line = Signal(int)       # double-click on a row that has a source line
    message = Signal(str)                # a problem to show inline (a filter list that failed)

    def __init__(self, db_path: Path, time_limit: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sqlResults")
        self.db_path = Path(db_path)
        self.model = SqlTableModel(self.db_path, self, time_limit=time_limit)
        self.model.set_language("both")
        self._conn: sqlite3.Connection | None = None   # for the filter popup's values, opened when first needed
        self._popup: ColumnFilterPopup | None = None
        self._build_ui()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.quick = QLineEdit(objectName="resultsFilter", placeholderText=self.tr("Filter results (any column)…"))
        self.quick.setClearButtonEnabled(True)
        bar.addWidget(self.quick, 1)
        self.clear_button = QPushButton(self.tr("Clear filters and sort"), objectName="resultsClear")
        bar.addWidget(self.clear_button)
        layout.addLayout(bar)
        self.filters_label = QLabel(objectName="resultsFilters")
        self.filters_label.setWordWrap(True)
        self.filters_label.hide()
        layout.addWidget(self.filters_label)
        self.view = QTableView(objectName="resultsView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.header = self.view.horizontalHeader()
        self.header.setSectionsClickable(True)
        self.header.setSectionsMovable(True)
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        layout.addWidget(self.view, 1)

        self.copy_action = QAction(self.tr("Copy"), self, shortcut=QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.select_all_action = QAction(self.tr("Select all"), self, shortcut=QKeySequence.StandardKey.SelectAll)
        self.select_all_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addActions([self.copy_action, self.select_all_action])

        self._quick_timer = QTimer(self, singleShot=True, interval=150)
        self._quick_timer.timeout.connect(self._apply_quick)
        self.quick.textChanged.connect(lambda _t: self._quick_timer.start())
        self.clear_button.clicked.connect(self.clear_filters)
        self.header.sectionClicked.connect(self._on_header_clicked)
        self.header.customContextMenuRequested.connect(self._on_header_menu)
        self.copy_action.triggered.connect(self.copy_selection)
        self.select_all_action.triggered.connect(self.select_all)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.doubleClicked.connect(self._on_double_click)
        self.model.state_changed.connect(self._show_filters)
        self.model.loaded.connect(self._autosize)

    # --- what is shown -------------------------------------------------------------------
    @property
    def dataset(self) -> Dataset | None:
        return self.model.dataset

    def show_dataset(self, dataset: Dataset) -> None:
        """A new result: filters and sort start afresh."""
        self.quick.blockSignals(True)
        self.quick.clear()
        self.quick.blockSignals(False)
        self._autosize_pending = True
        self.model.set_dataset(dataset, QueryState())

    def visible_columns(self) -> list:
        out = []
        for visual in range(self.header.count()):
            logical = self.header.logicalIndex(visual)
            if not self.view.isColumnHidden(logical):
                out.append(self.model.columns[logical])
        return out

    def _autosize(self) -> None:
        if getattr(self, "_autosize_pending", False):
            self._autosize_pending = False
            self.view.resizeColumnsToContents()
            for i in range(self.model.columnCount()):
                self.view.setColumnWidth(i, min(self.view.columnWidth(i), 360))

    def _show_filters(self) -> None:
        dataset = self.dataset
        lines = describe_state(dataset, self.model.state) if dataset is not None else []
        self.filters_label.setText(self.tr("Filters and sort: {list}").format(list="; ".join(lines)) if lines else "")
        self.filters_label.setVisible(bool(lines))

    # --- sorting and filtering (all in SQLite) ---------------------------------------------
    def _on_header_clicked(self, logical: int) -> None:
        shift = bool(QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.sort_by(self.model.columns[logical].key, add=shift)

    def sort_by(self, key: str, *, add: bool = False, ascending: bool | None = None) -> None:
        """Click: sort by this column (again: reverse). Shift+click: add or flip a secondary key."""
        if self.dataset is None:
            return
        numeric = self.model.columns[self.model.column_index(key)].kind.numeric
        self.model.set_state(self.model.state.with_sort(key, add=add, ascending=ascending, numeric=numeric))

    def _apply_quick(self) -> None:
        state = self.model.state
        if self.dataset is not None and state.quick_text != self.quick.text():
            self.model.set_state(QueryState(self.quick.text(), state.filters, state.sort, state.pinyin_order))

    def set_quick_filter(self, text: str) -> None:
        self.quick.setText(text)
        self._quick_timer.stop()
        self._apply_quick()

    def set_filter(self, flt: ColumnFilter) -> None:
        if self.dataset is not None:
            self.model.set_state(self.model.state.with_filter(flt))

    def remove_filter(self, key: str) -> None:
        if self.dataset is not None:
            self.model.set_state(self.model.state.without_filter(key))

    def clear_filters(self) -> None:
        self.quick.blockSignals(True)
        self.quick.clear()
        self.quick.blockSignals(False)
        if self.dataset is not None:
            self.model.set_state(QueryState())

    def _popup_conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.db_path)
            self._guard = guard(self._conn, time_limit=POPUP_TIME_LIMIT)
        self._guard.start()
        return self._conn

    def _on_header_menu(self, pos: QPoint) -> None:
        logical = self.header.logicalIndexAt(pos)
        if logical >= 0:
            self.open_filter_popup(logical, self.header.mapToGlobal(pos))

    def open_filter_popup(self, logical: int, where: QPoint | None = None) -> ColumnFilterPopup | None:
        """The column's value checklist (text) or range and top/bottom N (numbers)."""
        if self.dataset is None or not 0 <= logical < len(self.model.columns):
            return None
        column = self.model.columns[logical]
        values = value_range = None
        try:
            conn = self._popup_conn()
            if column.kind.numeric:
                sql, params = range_sql(self.dataset, self.model.state, column.key)
                value_range = tuple(conn.execute(sql, params).fetchone())
                if any(v is not None and not isinstance(v, (int, float)) for v in value_range):
                    value_range = (None, None)
            else:
                sql, params = values_sql(self.dataset, self.model.state, column.key)
                values = [tuple(r) for r in conn.execute(sql, params)]
        except sqlite3.Error as exc:
            self.message.emit(self.tr("Cannot list this column's values: {error}").format(error=exc))
            return None
        popup = ColumnFilterPopup(column, values, value_range, self.model.state.filter_for(column.key), "both", self)
        popup.applied.connect(self.set_filter)
        popup.cleared.connect(self.remove_filter)
        popup.show_under(self.header, logical, where)
        self._popup = popup
        return popup

    # --- selection and copy ------------------------------------------------------------------
    def selected_cells(self) -> list[QModelIndex]:
        return [i for i in self.view.selectionModel().selectedIndexes() if not self.view.isColumnHidden(i.column())]

    def select_all(self) -> None:
        self.model.fetch_all()
        self.view.selectAll()

    def selection_tsv(self) -> str:
        """The selected cells as TSV under a header row, in the order shown."""
        return selection_tsv(self.model, self.header, self.selected_cells())

    def copy_selection(self) -> None:
        text = self.selection_tsv()
        if text:
            QGuiApplication.clipboard().setText(text)

    def _on_selection(self, *_args) -> None:
        cells = self.selected_cells()
        kinds = [self.model.columns[i.column()].kind for i in cells]
        self.stats_changed.emit(selection_stats([i.data(RAW_ROLE) for i in cells], kinds))

    def _on_double_click(self, index: QModelIndex) -> None:
        line = index.data(SOURCE_LINE_ROLE)
        if isinstance(line, int) and line > 0:
            self.open_report_line.emit(line)

    def shutdown(self) -> None:
        self.model.shutdown()
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
