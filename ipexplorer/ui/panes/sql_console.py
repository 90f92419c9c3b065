"""The SQL console: read-only queries on the database, shown in the same sortable, filterable table.

The query is first checked and run once on a worker thread (its own read-only connection under the
Guard: writes, ATTACH and state-changing pragmas refused, a time limit, Cancel); its result then
becomes a Dataset that the lazy SQL model pages, sorts and filters in SQLite like any report table.
Errors show under the editor, with the place SQLite points at selected in the query.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.paths import data_dir
from ipexplorer.query.builder import QueryState
from ipexplorer.query.console import (
    DEFAULT_TIME_LIMIT,
    SAVED_NAME,
    ConsoleError,
    SavedQueries,
    describe_error,
    prepare,
    schema_objects,
)
from ipexplorer.query.datasets import Dataset
from ipexplorer.query.view import query_parts
from ipexplorer.ui.grid.sql_grid import SqlGrid, rows_text
from ipexplorer.ui.pane import Pane, PaneContext
from ipexplorer.ui.runner import Runner
from ipexplorer.ui.shell.filter_edit import FilterEdit
from ipexplorer.ui.shell.view_text import part_text

log = logging.getLogger(__name__)

NAME_ROLE = Qt.ItemDataRole.UserRole


def _prepare(conn: sqlite3.Connection, guard, sql: str) -> Dataset:
    """Check and run the query once on the runner's guarded connection (off the GUI thread)."""
    try:
        return prepare(conn, sql, guard)
    except sqlite3.Error as exc:   # prepare turns SQLite's errors into ConsoleError; this is a safety net
        raise ConsoleError(str(exc), "error", sqlite_message=str(exc)) from None


class QueryResults(SqlGrid):
    """The one SQL grid over the console's result, with a quick filter over every column above it.

    Its model pages on the console's guarded connection: the user's own SQL stays read-only and bounded.
    """

    def __init__(self, db_path: Path, time_limit: float, parent: QWidget | None = None):
        super().__init__(db_path, parent, time_limit=time_limit, language="both")
        self.setObjectName("sqlResults")
        self.autosize_limit = 360
        self.fill_width = True   # a long text cut at the cap beside empty space: the space goes to it
        self.view.setObjectName("resultsView")
        self.says_failure = False   # the console's error line says it, with the place SQLite points at
        bar = QHBoxLayout()
        self.quick = FilterEdit(objectName="resultsFilter", placeholderText=self.tr("Filter results (any column)…"))
        bar.addWidget(self.quick, 1)
        self.clear_button = QPushButton(self.tr("Clear filters and sort"), objectName="resultsClear")
        bar.addWidget(self.clear_button)
        self.filters_label = QLabel(objectName="resultsFilters")
        self.filters_label.setWordWrap(True)
        self.filters_label.hide()
        self.layout().insertLayout(0, bar)
        self.layout().insertWidget(1, self.filters_label)
        self._quick_timer = QTimer(self, singleShot=True, interval=150)
        self._quick_timer.timeout.connect(self._apply_quick)
        self.quick.textChanged.connect(lambda _t: self._quick_timer.start())
        self.clear_button.clicked.connect(self.clear_filters)
        self.clear_requested.connect(self.clear_filters)
        self.model.state_changed.connect(self._show_filters)

    def show_dataset(self, dataset: Dataset, state: QueryState | None = None, *, autosize: bool = True) -> None:
        """A new result: filters and sort start afresh."""
        self.quick.blockSignals(True)
        self.quick.clear()
        self.quick.blockSignals(False)
        super().show_dataset(dataset, state or QueryState(), autosize=autosize)

    def _show_filters(self) -> None:
        dataset = self.dataset
        lines = [part_text(p) for p in query_parts(dataset, self.model.state)] if dataset is not None else []
        self.filters_label.setText(self.tr("Filters and sort: {list}").format(list="; ".join(lines)) if lines else "")
        self.filters_label.setVisible(bool(lines))

    def _apply_quick(self) -> None:
        state = self.model.state
        if self.dataset is not None and state.quick_text != self.quick.text():
            self.model.set_state(QueryState(self.quick.text(), state.filters, state.sort, state.pinyin_order))

    def set_quick_filter(self, text: str) -> None:
        self.quick.setText(text)
        self._quick_timer.stop()
        self._apply_quick()

    def clear_filters(self) -> None:
        self.quick.blockSignals(True)
        self.quick.clear()
        self.quick.blockSignals(False)
        if self.dataset is not None:
            self.model.set_state(QueryState())


class SqlConsole(QWidget, Pane):
    """Editor, schema and saved queries above; the result table below."""

    open_report_line = Signal(int, int)   # (line, edition; 0 the latest): a result row's edition column
    export_requested = Signal()
    stats_changed = Signal(str)

    def __init__(self, db_path: Path, parent: QWidget | None = None, saved_path: Path | None = None):
        super().__init__(parent)
        self.setObjectName("sqlConsole")
        self.db_path = Path(db_path)
        self.saved = SavedQueries(saved_path or data_dir() / SAVED_NAME)
        # the check run: people's own SQL on a guarded connection (read-only, time limit, Cancel)
        self.runner = Runner(self.db_path, self, time_limit=DEFAULT_TIME_LIMIT, name="ipexplorer-console")
        self.last_error: ConsoleError | None = None
        self.sql = ""                      # the query whose result is shown
        self._build_ui()
        self._fill_schema()
        self._fill_saved()
        if self.saved.problem:
            self._show_error(self.saved.problem)

    # --- layout ------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="consoleSplitter")
        outer.addWidget(self.splitter, 1)

        top = QSplitter(Qt.Orientation.Horizontal, objectName="consoleTop")
        editor_box = QWidget()
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        self.editor = QPlainTextEdit(objectName="sqlEditor")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(font)
        self.editor.setPlaceholderText(self.tr(
            "SELECT region_zh, region_en, value FROM observations WHERE table_no = 1 AND year = 2020 …\n"
            "Read-only: one SELECT (or WITH …) at a time. Ctrl+Enter runs it."))
        self.editor.setTabChangesFocus(False)
        editor_layout.addWidget(self.editor, 1)
        self.error_label = QLabel(objectName="sqlError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        editor_layout.addWidget(self.error_label)
        bar = QHBoxLayout()
        self.run_button = QPushButton(self.tr("Run"), objectName="sqlRun")
        self.run_button.setToolTip(self.tr("Run the query (Ctrl+Enter)"))
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="sqlCancel", enabled=False)
        self.limit_spin = QSpinBox(objectName="sqlTimeLimit", minimum=1, maximum=600, value=int(DEFAULT_TIME_LIMIT))
        self.limit_spin.setPrefix(self.tr("Time limit: "))
        self.limit_spin.setSuffix(" s")
        self.busy = QProgressBar(objectName="sqlBusy", minimum=0, maximum=0, textVisible=False)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.status = QLabel(objectName="sqlStatus")
        self.export_button = QPushButton(self.tr("Export…"), objectName="sqlExport", enabled=False)
        self.export_button.setToolTip(self.tr("The result, filtered and sorted as shown, as Excel or CSV"))
        for w in (self.run_button, self.cancel_button, self.limit_spin, self.busy):
            bar.addWidget(w)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.export_button)
        editor_layout.addLayout(bar)
        top.addWidget(editor_box)

        self.side = QTabWidget(objectName="consoleSide")
        self.schema = QTreeWidget(objectName="sqlSchema")
        self.schema.setHeaderLabels([self.tr("Name"), self.tr("Type")])
        self.schema.setToolTip(self.tr("Double-click a name to insert it"))
        self.side.addTab(self.schema, self.tr("Schema"))
        saved_box = QWidget()
        saved_layout = QVBoxLayout(saved_box)
        saved_layout.setContentsMargins(0, 0, 0, 0)
        self.saved_list = QListWidget(objectName="sqlSaved")
        self.saved_list.setToolTip(self.tr("Double-click to load a query into the editor"))
        saved_layout.addWidget(self.saved_list, 1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save…"), objectName="sqlSave")
        self.delete_button = QPushButton(self.tr("Delete"), objectName="sqlDelete")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        saved_layout.addLayout(buttons)
        self.side.addTab(saved_box, self.tr("Saved queries"))
        top.addWidget(self.side)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        self.splitter.addWidget(top)

        self.results = QueryResults(self.db_path, float(self.limit_spin.value()), self)
        self.splitter.addWidget(self.results)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(self.export_requested.emit)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self.editor, self.run)
        self.schema.itemDoubleClicked.connect(self._insert_name)
        self.saved_list.itemDoubleClicked.connect(lambda item: self.load_saved(item.data(NAME_ROLE)))
        self.save_button.clicked.connect(lambda: self.save_query())
        self.delete_button.clicked.connect(self.delete_selected)
        self.results.open_report_line.connect(self.open_report_line)
        self.results.stats_changed.connect(self.stats_changed)
        self.results.model.total_changed.connect(self._on_total)
        self.results.model.query_failed.connect(self._on_late_failure)
        self.results.message.connect(self._show_error)

    # --- schema and saved queries -----------------------------------------------------------------
    def _fill_schema(self) -> None:
        """Ask the worker for the schema; the browser fills when it arrives."""
        self.runner.submit(schema_objects, done=self._show_schema, channel="schema",
                           failed=lambda exc: self._show_error(
                               self.tr("Cannot read the schema: {error}").format(error=exc)))

    def _show_schema(self, objects) -> None:
        self.schema.clear()
        groups = {"view": QTreeWidgetItem([self.tr("Views"), ""]), "table": QTreeWidgetItem([self.tr("Tables"), ""])}
        for group in groups.values():
            self.schema.addTopLevelItem(group)
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        for obj in objects:
            item = QTreeWidgetItem([obj.name, obj.kind])
            item.setData(0, NAME_ROLE, obj.name)
            for name, kind in obj.columns:
                child = QTreeWidgetItem([name, kind])
                child.setData(0, NAME_ROLE, name)
                item.addChild(child)
            groups[obj.kind].addChild(item)
        groups["view"].setExpanded(True)
        self.schema.resizeColumnToContents(0)

    def schema_names(self) -> list[str]:
        """The views and tables in the browser, in its order."""
        return [self.schema.topLevelItem(g).child(i).text(0) for g in range(self.schema.topLevelItemCount())
                for i in range(self.schema.topLevelItem(g).childCount())]

    def _insert_name(self, item: QTreeWidgetItem, _column: int) -> None:
        name = item.data(0, NAME_ROLE)
        if name:
            self.editor.insertPlainText(name)
            self.editor.setFocus()

    def _fill_saved(self) -> None:
        self.saved_list.clear()
        for query in self.saved.all():
            item = QListWidgetItem(query.name)
            item.setData(NAME_ROLE, query.name)
            item.setToolTip(query.sql)
            if query.example:
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            self.saved_list.addItem(item)

    def load_saved(self, name: str) -> None:
        query = self.saved.get(name)
        if query is not None:
            self.editor.setPlainText(query.sql)
            self.editor.setFocus()

    def save_query(self, name: str | None = None) -> bool:
        """Keep the editor's query under a name (asked for when not given)."""
        sql = self.editor.toPlainText().strip()
        if not sql:
            self._show_error(self.tr("Nothing to save: the editor is empty."))
            return False
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("Save query"), self.tr("Name:"))
            if not ok:
                return False
        try:
            self.saved.save(name, sql)
        except (ValueError, OSError) as exc:
            self._show_error(self.tr("Cannot save the query: {error}").format(error=exc))
            return False
        self._fill_saved()
        self._hide_error()
        return True

    def delete_selected(self) -> None:
        item = self.saved_list.currentItem()
        if item is None:
            return
        query = self.saved.get(item.data(NAME_ROLE))
        if query is None or query.example:
            self._show_error(self.tr("The examples cannot be deleted."))
            return
        try:
            self.saved.delete(query.name)
        except OSError as exc:
            self._show_error(self.tr("Cannot delete the query: {error}").format(error=exc))
            return
        self._fill_saved()

    def clear_filters(self) -> None:
        """Edit › Clear all filters: the result's filters and sort off (it did nothing here)."""
        self.results.clear_filters()

    def edit_grid(self) -> QueryResults:
        """Edit › Copy and Select all: the result."""
        return self.results

    def find_box(self) -> FilterEdit:
        """Find: the results' filter box (Ctrl+F left the pane for the Tables pane's box)."""
        return self.results.quick

    # --- running -----------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.runner.is_busy("prepare")

    def run(self) -> None:
        """Check and run the editor's query off the GUI thread; the result replaces the table."""
        if self.running:
            return
        sql = self.editor.toPlainText()
        self._hide_error()
        if not sql.strip():   # not a refusal: there is nothing to refuse
            self._show_error(self.tr("Nothing to run: write a SELECT query above (the views and tables are listed "
                                     "on the right, examples under Saved queries)."))
            return
        self.results.model.set_time_limit(float(self.limit_spin.value()))
        self.runner.set_time_limit(float(self.limit_spin.value()))
        self._set_running(True)
        self.runner.submit(_prepare, sql, with_guard=True, channel="prepare",
                           done=lambda dataset, s=sql: self._on_finished(self._on_ready, s, dataset),
                           failed=lambda exc: self._on_finished(self._on_failed, exc))

    def time_limit(self) -> float:
        """The console's time limit in seconds (its spin box)."""
        return float(self.limit_spin.value())

    def cancel(self) -> None:
        """Stop the query under way: the check run, and the table's paging of the result."""
        self.runner.cancel("prepare")
        self.results.model.cancel()

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.busy.setVisible(running)
        if running:
            self.status.setText(self.tr("Running…"))

    def _on_ready(self, sql: str, dataset: Dataset) -> None:
        self.sql = sql.strip()
        self.status.setToolTip("")
        self.results.show_dataset(dataset)
        self.export_button.setEnabled(True)
        n = len(dataset.columns)
        self.status.setText((self.tr("{count} column") if n == 1 else self.tr("{count} columns")).format(count=n))

    def _on_finished(self, then, *args) -> None:
        self._set_running(False)
        then(*args)
        if self.status.text() == self.tr("Running…"):
            self.status.setText("")

    def _on_failed(self, error: BaseException) -> None:
        if not isinstance(error, ConsoleError):
            error = ConsoleError(str(error), "error", sqlite_message=str(error))
        self.last_error = error
        self._show_error(self.message_for(error))
        if error.position is not None:
            cursor = self.editor.textCursor()
            cursor.setPosition(min(error.position[0], len(self.editor.toPlainText())))
            cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
            self.editor.setTextCursor(cursor)
        # the rows below stay, as the last query that ran gave them: said, so they are not taken for this one's
        self.status.setText(self.tr("Below: the rows of the last query that ran") if self.results.dataset is not None
                            else "")
        self.status.setToolTip(self.sql if self.results.dataset is not None else "")

    def _on_late_failure(self, message: str) -> None:
        """The query failed after its check run, while its rows were read into the table or counted (a bad value
        further down, the time limit): said in the console's words as an early failure is, with the rows that
        came before it."""
        exc = self.results.model.failure_error
        error = describe_error(exc, self.sql) if exc is not None else ConsoleError(message, "error",
                                                                                  sqlite_message=message)
        self.last_error = error
        shown = self.results.model.rowCount()
        if shown:
            after = self.tr("after the first row, which is shown") if shown == 1 else \
                self.tr("after the first {count} rows, which are shown").format(count=f"{shown:,}")
            self._show_error(self.tr("{message} ({after})").format(message=self.message_for(error), after=after))
        else:
            self._show_error(self.message_for(error))

    def _on_total(self, total: int) -> None:
        if self.results.dataset is not None:
            self.status.setText(rows_text(total))

    def message_for(self, error: ConsoleError) -> str:
        """What went wrong, in the interface language, with SQLite's own words."""
        sqlite_words = error.sqlite_message or str(error)
        if error.kind == "refused":
            return self.tr("Refused: the console only reads (no INSERT, UPDATE, DELETE, CREATE, DROP, ATTACH or "
                           "pragmas that change state), one statement at a time. ({detail})").format(
                detail=sqlite_words)
        if error.kind == "time":
            return self.tr("Stopped: the query ran past the time limit of {seconds} s.").format(
                seconds=self.limit_spin.value())
        if error.kind == "cancel":
            return self.tr("Cancelled.")
        if error.position is not None:
            return self.tr("SQL error at line {line}, column {column}: {detail}").format(
                line=error.position[1], column=error.position[2], detail=sqlite_words)
        return self.tr("SQL error: {detail}").format(detail=sqlite_words)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _hide_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()
        self.last_error = None

    def export_path_dialog(self) -> Path | None:
        from ipexplorer.ui.shell.save_dialog import ask_save_path

        return ask_save_path(self, self.tr("Export query result"), "query.xlsx")

    def python_script(self) -> str | None:
        """A script whose `db.view(...)` gives the shown result (the query, its filters, sort and columns)."""
        dataset = self.results.dataset
        if dataset is None:
            return None
        from ipexplorer.export.scripts import view_script
        from ipexplorer.query.view import ViewState

        state = ViewState(table=None, sql=self.sql, query=self.results.state,
                          columns=tuple(c.key for c in self.results.visible_columns()))
        return view_script(state, db=self.db_path, dataset=dataset)

    def copy_python(self) -> None:
        script = self.python_script()
        if script is None:
            self.status.setText(self.tr("Run a query first: its result is what the script gives"))
            return
        QGuiApplication.clipboard().setText(script)

    offers = frozenset({"python"})

    def can_export(self) -> bool:
        return True

    def request_export(self, path: Path | None = None):
        """The result, filtered and sorted as shown, re-run (guarded) into a workbook or CSV."""
        from ipexplorer.ui.shell.export_dialog import ExportRequest

        results = self.results
        if results.dataset is None:
            return None
        path = path or self.export_path_dialog()
        if path is None:
            return None
        return ExportRequest(path=Path(path), scope="sql", language="both", db_path=self.db_path,
                             dataset=results.dataset, state=results.model.state,
                             columns=results.visible_columns(), sql=self.sql, time_limit=self.time_limit())

    def shutdown(self) -> None:
        self.runner.shutdown()
        self.results.shutdown()


def make(ctx: PaneContext) -> SqlConsole:
    """The SQL console in the window."""
    pane = SqlConsole(ctx.db_path, ctx.parent)
    pane.open_report_line.connect(ctx.host.open_report_line)
    pane.export_requested.connect(ctx.host.export)
    return pane
