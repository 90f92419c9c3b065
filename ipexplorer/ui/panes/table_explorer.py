"""The Tables pane: pick a report table, sort, filter, facet, select and copy — all in SQL."""

from __future__ import annotations

import html
import logging
import sqlite3
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.query.builder import ColumnFilter, QueryState
from ipexplorer.query.columns import Column, Role
from ipexplorer.query.datasets import Dataset, dataset_for, table_list
from ipexplorer.query.names import name_text
from ipexplorer.query.notes import table_notes
from ipexplorer.query.view import COLUMN_FACETS, ViewState, filter_part
from ipexplorer.ui.grid.sql_grid import SqlGrid
from ipexplorer.ui.grid.table_model import EDITION_ROLE, RAW_ROLE, SOURCE_LINE_ROLE
from ipexplorer.ui.pane import Pane, PaneContext
from ipexplorer.ui.shell import i18n
from ipexplorer.ui.shell.elided_combo import ElidedCombo
from ipexplorer.ui.shell.filter_edit import FilterEdit
from ipexplorer.ui.shell.flow_layout import FlowLayout
from ipexplorer.ui.shell.menu_button import MenuButton
from ipexplorer.ui.shell.settings import Settings
from ipexplorer.ui.shell.table_choice import fill_table_choice, show_quick_filter_words
from ipexplorer.ui.shell.view_text import part_text
from ipexplorer.ui.view_model import SharedSelection, ViewModel, load_views, store_views

log = logging.getLogger(__name__)

translate = QCoreApplication.translate
STORE_DELAY_MS = 1000   # the views are written to the settings file this long after the last change
LAYOUTS = (
    ("wide", QT_TRANSLATE_NOOP("TableExplorer", "Wide, as printed")),
    ("long", QT_TRANSLATE_NOOP("TableExplorer", "Long")),
)
NAMES = (
    ("zh", QT_TRANSLATE_NOOP("TableExplorer", "Chinese names")),
    ("en", QT_TRANSLATE_NOOP("TableExplorer", "English names")),
    ("both", QT_TRANSLATE_NOOP("TableExplorer", "Both names")),
)
# Long-layout facets: (column key, label)
FACETS = (
    ("kind_zh", QT_TRANSLATE_NOOP("TableExplorer", "Region kind")),
    ("year", QT_TRANSLATE_NOOP("TableExplorer", "Year")),
    ("ip_type_zh", QT_TRANSLATE_NOOP("TableExplorer", "IP type")),
    ("measure_zh", QT_TRANSLATE_NOOP("TableExplorer", "Measure")),
)


def _setup(conn: sqlite3.Connection) -> tuple[list, dict, dict, dict]:
    """What the pane offers, read once off the GUI thread: the tables, every table's datasets, the code names
    and the tables' units and notes."""
    tables = table_list(conn)
    datasets = {(None, layout): dataset_for(conn, None, layout) for layout in ("wide", "long")}
    for number, _zh, _en in tables:
        for layout in ("wide", "long"):
            datasets[(number, layout)] = dataset_for(conn, number, layout)
    try:
        notes = table_notes(conn)
    except sqlite3.Error:
        notes = {}
    return tables, datasets, _code_labels(conn), notes


def _code_labels(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """The names of the IP types and measures, for the wide layout's column facets."""
    return {(table, code): f"{zh} {en}" for table in ("ip_type", "measure")
            for code, zh, en in conn.execute(f"SELECT code, name_zh, name_en FROM {table}")}



class TableExplorer(QWidget, Pane):
    """Shows one Dataset through the SQL grid; every control edits the view, published as a ViewState.

    The view it shows (table, layout, query, columns, names) goes to the shared ViewModel, which the
    Charts pane observes, and comes back from it when the chart's table is sorted or filtered. The
    settings keep each table's ViewState JSON (never a header's saved bytes).
    """

    stats_changed = Signal(str)           # selection count / sum / average
    rows_changed = Signal(str)            # "51 rows" for the status bar
    open_report_line = Signal(int, int)   # "open in report" for the current cell: (line, edition; 0 the latest)
    dataset_changed = Signal(object)      # the Dataset now shown
    open_region = Signal(str)             # a row's region profile (Chinese name)
    names_changed = Signal(str)           # the names language ("zh", "en" or "both")
    selection_changed = Signal()          # the grid's selection (the chart outlines its bars)

    def __init__(self, db_path: Path, settings: Settings | None = None, parent: QWidget | None = None,
                 view: ViewModel | None = None):
        super().__init__(parent)
        self.setObjectName("tableExplorer")
        self.settings = settings or Settings()
        self.db_path = Path(db_path)
        current, self._views = load_views(self.settings)
        self.view_model = view if view is not None else ViewModel(self, current)
        self.language = current.names
        self.column_facets: dict[str, set | None] = {}
        self._columns: tuple[str, ...] | None = None   # the user's columns in order (None: the defaults)
        self._publishing = False
        self._chips_say: tuple | None = None   # what the filter chips shown say
        self._layout_before_all = "wide"       # the layout chosen before All observations (theirs is long)
        self._restoring = False
        self._code_labels: dict[tuple[str, str], str] = {}
        self._tables: list[tuple[int, str, str]] = []
        self._datasets: dict[tuple[int | None, str], Dataset] = {}
        self._ready = False                      # the tables' list and datasets are read off the GUI thread
        self._when_ready: list = []
        self._spans_asked: set[tuple[str, tuple[int, int]]] = set()   # saved years of change, restored once
        self._build_ui()
        self._connect()
        self.model.runner.submit(_setup, channel="setup", done=self._on_setup)

    def _on_setup(self, setup: tuple[list, dict, dict, dict]) -> None:
        """The tables, their datasets, code names and notes are in: fill the table choice, show the saved view."""
        self._tables, self._datasets, labels, self.notes = setup
        self._code_labels.update(labels)
        fill_table_choice(self.table_combo, self._tables)
        self._ready = True
        self.restore()
        waiting, self._when_ready = self._when_ready, []
        for then in waiting:
            then()

    # --- construction ----------------------------------------------------------------
    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        bar = FlowLayout()   # wraps in the narrow half of the Charts pane (1024 px) instead of widening it
        self.table_combo = ElidedCombo(objectName="tableCombo")
        self.table_combo.addItem(self.tr("All observations"), 0)
        self.table_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.table_combo.setMinimumContentsLength(36)
        self.table_combo.follow_tooltip()
        self.table_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        bar.add_widget(self.table_combo, 3)
        self.layout_combo = QComboBox(objectName="layoutCombo")
        for key, label in LAYOUTS:
            self.layout_combo.addItem(self.tr(label), key)
        bar.addWidget(self.layout_combo)
        self.names_combo = QComboBox(objectName="namesCombo")
        for key, label in NAMES:
            self.names_combo.addItem(self.tr(label), key)
        bar.addWidget(self.names_combo)
        self.quick = FilterEdit(objectName="quickFilter")   # as wide with its clear button as without
        show_quick_filter_words(self.quick, None)
        bar.add_widget(self.quick, 2)
        layout.addLayout(bar)

        facets = FlowLayout()
        self.facet_buttons: dict[str, QToolButton] = {}
        for key, label in FACETS:
            button = MenuButton(objectName=f"facet_{key}")
            button.setText(self.tr(label))   # the menu button draws its own arrow
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setMenu(QMenu(button))
            button.menu().aboutToShow.connect(lambda k=key: self._fill_facet_menu(k))
            facets.addWidget(button)
            self.facet_buttons[key] = button
        self.columns_button = MenuButton(objectName="columnsButton", text=self.tr("Columns"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_button.setMenu(QMenu(self.columns_button))
        self.columns_button.menu().aboutToShow.connect(self._fill_columns_menu)
        facets.addWidget(self.columns_button)
        self.order_combo = QComboBox(objectName="orderCombo")
        self.order_combo.addItem(self.tr("Pinyin order"), True)
        self.order_combo.addItem(self.tr("Unicode order"), False)
        facets.addWidget(self.order_combo)
        self.clear_button = QPushButton(self.tr("Clear all filters"), objectName="clearFilters")
        facets.addWidget(self.clear_button)
        # several editions give a wide table three or more years: the change and CAGR columns compare two of them
        self.span_box = QWidget(objectName="spanBox")
        span = QHBoxLayout(self.span_box)
        span.setContentsMargins(8, 0, 0, 0)
        self.span_from = QComboBox(objectName="spanFrom")
        self.span_to = QComboBox(objectName="spanTo")
        span.addWidget(QLabel(self.tr("Change from")))
        span.addWidget(self.span_from)
        span.addWidget(QLabel(self.tr("to")))
        span.addWidget(self.span_to)
        self.span_box.setToolTip(self.tr("The years the change, change % and CAGR columns compare"))
        self.span_box.hide()
        facets.addWidget(self.span_box)
        layout.addLayout(facets)

        self.chips = QHBoxLayout()
        self.chips.setSpacing(4)
        chips_holder = QWidget(objectName="chips")
        chips_holder.setLayout(self.chips)
        # as tall with "No filters" as with a chip: the first chip of a keystroke moved the table below it (a
        # full relayout and repaint of the grid, and the rows jumped by a few pixels)
        probe = QToolButton(objectName="filterChip")
        probe.setText("“广 Guangdong”  ✕")
        margins = self.chips.contentsMargins()
        chips_holder.setMinimumHeight(probe.sizeHint().height() + margins.top() + margins.bottom())
        probe.deleteLater()
        layout.addWidget(chips_holder)
        # the unit and notes the report prints with the table (注：专利申请量统计中已扣除非正常专利申请)
        self.notes: dict = {}   # read with the tables, off the GUI thread (_setup)
        self.notes_label = QLabel(objectName="tableNotes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setProperty("i18nData", True)   # the notes are the report's own words
        layout.addWidget(self.notes_label)

        # the one SQL grid: sort, filter popups, selection, copy, Ctrl+A, statistics, empty state
        self.grid = SqlGrid(self.db_path, self, language=self.language)
        self.model = self.grid.model
        self.view = self.grid.view
        self.header = self.grid.header
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        layout.addWidget(self.grid, 1)

        provenance = QHBoxLayout()
        self.provenance = QLabel(objectName="provenance")
        self.provenance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open in report"), objectName="openInReport")
        self.open_button.setEnabled(False)
        provenance.addWidget(self.provenance, 1)
        provenance.addWidget(self.open_button)
        layout.addLayout(provenance)

        self.copy_action = self.grid.copy_action
        self.select_all_action = self.grid.select_all_action
        self.autosize_action = QAction(self.tr("Auto-size columns"), self)
        self.copy_python_action = QAction(self.tr("Copy as Python"), self, objectName="copyPythonAction")
        self.copy_python_action.setToolTip(self.tr("Copy a script that gives this view's rows through the Python API"))

    def _connect(self) -> None:
        self.table_combo.currentIndexChanged.connect(self._on_dataset_choice)
        self.layout_combo.currentIndexChanged.connect(self._on_dataset_choice)
        self.names_combo.currentIndexChanged.connect(self._on_names)
        self.order_combo.currentIndexChanged.connect(self._on_order)
        self.span_from.currentIndexChanged.connect(self._on_span_choice)
        self.span_to.currentIndexChanged.connect(self._on_span_choice)
        self._store_timer = QTimer(self, singleShot=True, interval=STORE_DELAY_MS)
        self._store_timer.timeout.connect(self._store)
        self._quick_timer = QTimer(self, singleShot=True, interval=150)
        self._quick_timer.timeout.connect(self._apply_quick)
        self.quick.textChanged.connect(lambda _t: self._quick_timer.start())
        self.clear_button.clicked.connect(self.clear_filters)
        self.view.customContextMenuRequested.connect(self._on_cell_menu)
        self.autosize_action.triggered.connect(self.autosize)
        self.copy_python_action.triggered.connect(self.copy_python)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self.selection_changed.emit())
        # the rows selected here are the shared view's: the Charts pane selects (and outlines) them too
        self.shared_selection = SharedSelection(self.view_model, self.grid, self)
        self.open_button.clicked.connect(self._open_current)
        self.grid.rows_changed.connect(self.rows_changed)
        self.grid.stats_changed.connect(self.stats_changed)
        self.grid.open_report_line.connect(self.open_report_line)
        self.grid.state_edited.connect(self._publish)
        self.header.sectionMoved.connect(self._on_section_moved)
        self.view_model.changed.connect(self._on_view)
        self.grid.clear_requested.connect(self.clear_filters)
        # a reset drops the current cell without currentChanged: its "Source: table …" must go with it
        self.model.modelReset.connect(lambda: self._on_current(self.view.currentIndex(), QModelIndex()))
        self.model.state_changed.connect(self._refresh_chips)
        self.model.state_changed.connect(self._publish)

    # --- choosing what is shown ----------------------------------------------------------
    @property
    def dataset(self) -> Dataset | None:
        return self.model.dataset

    def table_no(self) -> int | None:
        number = self.table_combo.currentData()
        return number or None

    def layout_key(self) -> str:
        return self.layout_combo.currentData()

    def focus_filter(self) -> None:
        """Find: the quick filter, its text selected."""
        self.quick.setFocus()
        self.quick.selectAll()

    # --- the pane protocol ---------------------------------------------------------------
    offers = frozenset({"python", "table_status"})

    def focus_find(self) -> bool:
        self.focus_filter()
        return True

    def menu_actions(self) -> dict[str, list]:
        return {"edit": [self.copy_action, self.select_all_action], "view": [self.autosize_action]}

    def can_export(self) -> bool:
        return True

    def request_export(self, path: Path | None = None):
        """The Export dialog (selection, view or several tables); with `path`, the whole view, no questions."""
        from ipexplorer.ui.shell.export_dialog import ExportDialog, ExportRequest, explorer_view, request_of

        if path is not None:
            return ExportRequest(path=Path(path), scope="view", language=self.language, db_path=self.db_path,
                                 view=explorer_view(self), dataset=self.dataset)
        dialog = ExportDialog(self, self.window())
        if dialog.exec() != dialog.DialogCode.Accepted:
            return None
        return request_of(dialog)

    def title_detail(self) -> str:
        """The table shown."""
        ds = self.dataset
        return i18n.pick(ds.title_zh, ds.title_en) if ds is not None else ""

    def table_choices(self) -> list[tuple[int, str, str]]:
        """(number, Chinese title, English title) of every table that can be shown."""
        return list(self._tables)

    def show_table(self, table_no: int | None, layout: str | None = None, then=None) -> None:
        """Show a report table (None = all observations) in a layout; `then()` once it is the one shown."""
        if not self._ready:
            self._when_ready.append(lambda: self.show_table(table_no, layout, then))
            return
        self._then = then
        self._restoring = True
        self.table_combo.setCurrentIndex(max(0, self.table_combo.findData(table_no or 0)))
        if layout:
            self.layout_combo.setCurrentIndex(max(0, self.layout_combo.findData(layout)))
        self._restoring = False
        self._on_dataset_choice()

    def show_region_rows(self, region_zh: str) -> None:
        """Every value of one region across all tables (the long view, filtered to it)."""
        def filtered() -> None:
            self.quick.clear()
            self.set_filter(ColumnFilter("region_zh", values=(region_zh,)))
            self._refresh_chips()

        self.show_table(None, "long", then=filtered)

    def show_notes(self, table_no: int | None) -> None:
        """The table's unit and its printed notes under the filters (hidden for all observations)."""
        note = self.notes.get(table_no or 0)
        if note is None:
            self.notes_label.hide()
            return
        chinese = i18n.is_chinese()
        unit = note.unit_zh if chinese else (note.unit_en or note.unit_zh)
        parts = [self.tr("Unit: {unit}").format(unit=unit)]
        if note.notes_zh and (chinese or note.notes_en):
            parts.append(self.tr("Note: {note}").format(note=note.notes_zh if chinese else note.notes_en))
        elif note.notes_zh:   # a note without an English version: the report's words, said to be
            parts.append(self.tr("Note (the report's words, in Chinese): {note}").format(note=note.notes_zh))
        self.notes_label.setText("<span style='color:gray'>" + html.escape("   ·   ".join(parts)) + "</span>")
        # the note as printed, in the English interface too
        self.notes_label.setToolTip("" if chinese or not note.notes_zh else f"注：{note.notes_zh}")
        self.notes_label.show()

    def _fit_layout_to_table(self, table_no: int | None) -> None:
        """All observations are one value per row: the layout box says Long, greyed, and gives back the layout
        chosen before on leaving them (it read "Wide, as printed" over the long rows, and changed nothing)."""
        combo, everything = self.layout_combo, table_no is None
        blocked = combo.blockSignals(True)
        if everything and combo.isEnabled():
            self._layout_before_all = combo.currentData()
            combo.setCurrentIndex(max(0, combo.findData("long")))
        elif not everything and not combo.isEnabled():
            combo.setCurrentIndex(max(0, combo.findData(self._layout_before_all)))
        combo.blockSignals(blocked)
        combo.setEnabled(not everything)
        combo.setToolTip(self.tr("All observations are one value per row: the long layout") if everything else "")

    def _on_dataset_choice(self, *_args) -> None:
        if self._restoring:
            return
        self._fit_layout_to_table(self.table_no())
        table_no, layout = self.table_no(), self.layout_key()
        then, self._then = getattr(self, "_then", None), None
        dataset = self._datasets.get((table_no, layout))
        if dataset is None:   # not among those read at the start (a layout the table lacks): ask for it
            self.model.runner.submit(dataset_for, table_no, layout, channel="dataset",
                                     done=lambda ds, k=(table_no, layout), t=then: self._on_dataset(k, ds, t))
            return
        self._show_dataset(dataset, then)

    def _on_dataset(self, key: tuple[int | None, str], dataset: Dataset, then) -> None:
        self._datasets[key] = dataset
        if key == (self.table_no(), self.layout_key()):
            self._show_dataset(dataset, then)

    def _show_dataset(self, dataset: Dataset, then=None) -> None:
        """The chosen table's saved view (filters, sort, columns, widths) over its dataset."""
        table_no = self.table_no()
        self._keep_view()
        saved = self._views.get(dataset.key)
        saved = saved.restricted_to(dataset) if saved is not None else ViewState()
        query = saved.query
        state = QueryState(query.quick_text, query.filters, query.sort, self.order_combo.currentData())
        self.column_facets = {k: set(v) for k, v in saved.column_facets}
        self._columns = saved.columns
        self.quick.blockSignals(True)
        self.quick.setText(state.quick_text)
        self.quick.blockSignals(False)
        self._publishing = True   # one view is published once the dataset's columns are arranged
        try:
            self.model.set_dataset(dataset, state)
        finally:
            self._publishing = False
        self._show_span(dataset)
        self._restore_span(dataset, saved.span)
        self.show_notes(table_no)
        self._apply_column_visibility()
        if saved.widths:
            self.grid.set_column_widths(saved.widths)
        else:
            self.grid._autosize_pending = True   # fitted to the first rows
        self.view.refresh_frozen()
        self._publish()
        wide = dataset.key.startswith("wide:")
        for key in COLUMN_FACETS:
            self.facet_buttons[key].setEnabled(True)
            self.facet_buttons[key].setToolTip(self.tr("Choose the columns shown") if wide else "")
        # a table of types (表101–104) has no regions: their facet greyed, saying why, and the box filters rows
        regions = dataset.has("kind_zh")
        self.facet_buttons["kind_zh"].setEnabled(regions)
        self.facet_buttons["kind_zh"].setToolTip("" if regions else self.tr("This table has no regions"))
        show_quick_filter_words(self.quick, dataset)
        self.dataset_changed.emit(dataset)
        if then is not None:
            then()

    def span(self) -> tuple[int, int] | None:
        """The years the change and CAGR columns compare, when the table shown has three or more."""
        return self.dataset.span if self.dataset is not None else None

    def set_span(self, start: int, end: int) -> None:
        """Compare `start` with `end` in the change and CAGR columns (the dataset is read again off the GUI thread)."""
        dataset, table_no = self.dataset, self.table_no()
        if dataset is None or dataset.span is None or table_no is None or start >= end \
                or (start, end) == dataset.span:
            return
        key = (table_no, "wide")
        shown = getattr(self, "_shown", None)
        if shown is not None and shown.dataset_key == dataset.key:   # kept as chosen when the new dataset shows
            self._shown = shown.with_span((start, end))
        self.model.runner.submit(dataset_for, table_no, "wide", (start, end), channel="dataset",
                                 done=lambda ds: self._on_dataset(key, ds, None))

    def _restore_span(self, dataset: Dataset, saved: tuple[int, int] | None) -> None:
        """The saved years of change, asked for once per table (years the table no longer has: its whole span)."""
        if saved is None or dataset.span is None or saved == dataset.span:
            return
        years = {c.year for c in dataset.columns if c.role is Role.VALUE}
        if saved[0] in years and saved[1] in years and (dataset.key, saved) not in self._spans_asked:
            self._spans_asked.add((dataset.key, saved))
            self.set_span(*saved)

    def _show_span(self, dataset: Dataset) -> None:
        self.span_box.setVisible(dataset.span is not None)
        if dataset.span is None:
            return
        years = sorted({c.year for c in dataset.columns if c.role is Role.VALUE and c.year})
        for combo, year in ((self.span_from, dataset.span[0]), (self.span_to, dataset.span[1])):
            combo.blockSignals(True)
            combo.clear()
            for y in years:
                combo.addItem(str(y), y)
            combo.setCurrentIndex(combo.findData(year))
            combo.blockSignals(False)

    def _on_span_choice(self, *_args) -> None:
        start, end = self.span_from.currentData(), self.span_to.currentData()
        if start is None or end is None:
            return
        if start == end:   # one year compared with itself: keep the span shown
            if self.dataset is not None:
                self._show_span(self.dataset)
            return
        self.set_span(min(start, end), max(start, end))

    def _apply_column_visibility(self) -> None:
        """The view's columns: the user's choice and order, else the defaults for the names and facets."""
        dataset = self.dataset
        if dataset is None:
            return
        self.grid.show_columns([c.key for c in self.view_state().visible_columns(dataset)])

    def _on_names(self, *_args) -> None:
        frozen = self.view.frozen_section()
        was_frozen = self.model.columns[frozen].key if 0 <= frozen < len(self.model.columns) else None
        names = self.names_combo.currentData()
        self.language = "en" if names == "en" else "zh" if names == "zh" else "both"
        self.grid.set_language(self.language)
        if self._columns is not None:   # the user's columns: the names decide the region name columns still
            region = [k for k in ("region_zh", "region_en") if (k == "region_zh") != (names == "en")
                      and (names == "both" or k == f"region_{names}")]
            at = next((i for i, k in enumerate(self._columns) if k in ("region_zh", "region_en")), 0)
            rest = [k for k in self._columns if k not in ("region_zh", "region_en")]
            self._columns = (*rest[:at], *region, *rest[at:])
        self._apply_column_visibility()
        frozen = self.view.frozen_section()
        if 0 <= frozen < len(self.model.columns) and self.model.columns[frozen].key != was_frozen:
            self.view.refit_frozen()   # the other language's names in front: fitted to them, not at the last width
        self._refresh_chips()
        self._publish()
        self.names_changed.emit(self.language)

    def _on_order(self, *_args) -> None:
        pinyin = bool(self.order_combo.currentData())
        state = self.model.state
        self.model.set_state(QueryState(state.quick_text, state.filters, state.sort, pinyin))

    # --- sorting ---------------------------------------------------------------------------
    def sort_by(self, key: str, *, add: bool = False, ascending: bool | None = None) -> None:
        """Click: sort by this column (again: reverse). Shift+click: add or flip a secondary key."""
        self.grid.sort_by(key, add=add, ascending=ascending)

    # --- filtering -------------------------------------------------------------------------
    def _apply_quick(self) -> None:
        state = self.model.state
        if state.quick_text != self.quick.text():
            self.model.set_state(QueryState(self.quick.text(), state.filters, state.sort, state.pinyin_order))

    def set_filter(self, flt: ColumnFilter) -> None:
        self.grid.set_filter(flt)

    def remove_filter(self, key: str) -> None:
        self.grid.remove_filter(key)

    def set_column_facet(self, facet: str, values: set | None) -> None:
        self.column_facets[facet] = values
        self._columns = None   # choosing by facet: the facets decide the value columns again
        self._apply_column_visibility()
        self._refresh_chips()
        self._publish()

    def clear_filters(self) -> None:
        self.column_facets = {}
        self.quick.blockSignals(True)
        self.quick.clear()
        self.quick.blockSignals(False)
        state = self.model.state
        self.model.set_state(state.without_filters())
        self._apply_column_visibility()
        self._publish()

    def open_filter_popup(self, logical: int, where: QPoint | None = None) -> None:
        """The column's filter popup (it opens when its values arrive: `grid.popup_shown`)."""
        self.grid.open_filter_popup(logical, where)

    def _fill_facet_menu(self, key: str) -> None:
        menu = self.facet_buttons[key].menu()
        menu.clear()
        dataset = self.dataset
        if dataset is None:
            return
        if dataset.key.startswith("wide:") and key in COLUMN_FACETS:
            attr = COLUMN_FACETS[key]
            options = []
            for col in dataset.columns:
                value = getattr(col, attr)
                if col.role == Role.VALUE and value is not None and value not in [o[0] for o in options]:
                    label = {"year": str(value)}.get(attr) or self._code_label(attr, value)
                    options.append((value, label))
            allowed = self.column_facets.get(key)
            for value, label in options:
                action = menu.addAction(label)
                action.setCheckable(True)
                action.setChecked(allowed is None or value in allowed)
                action.toggled.connect(lambda on, v=value, k=key, o=options: self._toggle_column_facet(k, v, on, o))
            return
        if not dataset.has(key):
            menu.addAction(self.tr("(not in this view)")).setEnabled(False)
            return
        menu.addAction(self.tr("Loading…")).setEnabled(False)
        self.grid.column_values(key, lambda values, k=key: self._fill_row_facet(k, values))

    def _fill_row_facet(self, key: str, values: list[tuple[object, int]]) -> None:
        """The facet's values (with counts under the other filters), once they have arrived."""
        menu = self.facet_buttons[key].menu()
        menu.clear()
        current = self.model.state.filter_for(key)
        selected = set(current.values) if current and current.values is not None else None
        for value, count in values:
            action = menu.addAction(f"{value}  ({count:,})")
            action.setCheckable(True)
            action.setChecked(selected is None or value in selected)
            action.toggled.connect(
                lambda on, v=value, k=key, all_v=[x for x, _ in values]: self._toggle_row_facet(k, v, on, all_v))

    def _code_label(self, attr: str, code: str) -> str:
        return self._code_labels.get((attr, code), code)

    def _toggle_column_facet(self, key: str, value, on: bool, options: list) -> None:
        allowed = self.column_facets.get(key)
        allowed = set(o[0] for o in options) if allowed is None else set(allowed)
        (allowed.add if on else allowed.discard)(value)
        self.set_column_facet(key, None if len(allowed) == len(options) else allowed)

    def _toggle_row_facet(self, key: str, value, on: bool, all_values: list) -> None:
        current = self.model.state.filter_for(key)
        selected = set(all_values) if current is None or current.values is None else set(current.values)
        (selected.add if on else selected.discard)(value)
        if len(selected) == len(all_values):
            self.remove_filter(key)
        else:
            self.set_filter(ColumnFilter(key, values=tuple(v for v in all_values if v in selected)))

    def _refresh_chips(self) -> None:
        # what the chips say: a sort changes none of it, and building them again relaid the pane's whole top
        dataset, state = self.dataset, self.model.state
        said = (dataset.key if dataset is not None else None, state.quick_text.strip(), state.filters,
                tuple(sorted((k, tuple(sorted(map(str, v)))) for k, v in self.column_facets.items()
                             if v is not None)), self.language)
        if said == self._chips_say:
            return
        self._chips_say = said
        while self.chips.count():
            item = self.chips.takeAt(0)
            if item.widget():
                item.widget().hide()   # at once: deletion waits for the event loop, and the old chip would show
                item.widget().deleteLater()
        if dataset is None:
            return
        chips: list[tuple[str, callable]] = []
        if state.quick_text.strip():
            chips.append((f"“{state.quick_text.strip()}”", lambda: self.quick.clear()))
        for flt in state.filters:
            # the column named as its header names it (both names by default: "地区 Region (Chinese): 广州", not
            # "地区: 广州" in the English interface)
            chips.append((part_text(filter_part(dataset, flt, self.language)),
                          lambda k=flt.key: self.remove_filter(k)))
        for key, allowed in self.column_facets.items():
            if allowed is not None:
                label = self.tr(dict(FACETS)[key])
                chips.append((f"{label}: {', '.join(sorted(map(str, allowed)))}",
                              lambda k=key: self.set_column_facet(k, None)))
        for text, remove in chips:
            chip = QToolButton(objectName="filterChip")
            chip.setText(f"{text}  ✕")
            chip.setToolTip(self.tr("Remove this filter"))
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _checked=False, r=remove: r())
            self.chips.addWidget(chip)
        if not chips:
            self.chips.addWidget(QLabel(self.tr("No filters"), objectName="noFilters"))
        self.chips.addStretch(1)

    def chip_texts(self) -> list[str]:
        return [self.chips.itemAt(i).widget().text() for i in range(self.chips.count())
                if self.chips.itemAt(i).widget() and self.chips.itemAt(i).widget().objectName() == "filterChip"]

    # --- columns -----------------------------------------------------------------------------
    def _fill_columns_menu(self) -> None:
        menu = self.columns_button.menu()
        menu.clear()
        menu.addAction(self.autosize_action)
        menu.addSeparator()
        for i, col in enumerate(self.model.columns):
            title = f"{col.group(self.language)} {col.title(self.language)}".strip()
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(i))
            action.toggled.connect(lambda on, c=i: self.set_column_visible(c, on))

    def set_column_visible(self, logical: int, visible: bool) -> None:
        self.view.setColumnHidden(logical, not visible)
        self.view.refresh_frozen()
        self._columns = tuple(c.key for c in self.visible_columns())
        self._publish()

    def _on_section_moved(self, *_args) -> None:
        """A column dragged to another place: the view's columns follow the header's order."""
        if not self.grid.arranging and self.dataset is not None:
            self._columns = tuple(c.key for c in self.visible_columns())
            self._publish()

    def autosize(self) -> None:
        self.grid.autosize()

    # --- selection, copy, provenance (the grid's) ------------------------------------------
    def select_all(self) -> None:
        self.grid.select_all()

    def selected_pairs(self) -> set[tuple[int, int]]:
        return self.grid.selected_pairs()

    def has_selection(self) -> bool:
        return self.grid.has_selection()

    def selection_tsv(self) -> str:
        """The selected cells as TSV with a header row (two when the view has groups), in view order."""
        return self.grid.selection_tsv()

    def selected_row_ids(self) -> list:
        return self.grid.selected_row_ids()

    def select_row_ids(self, row_ids, *, add: bool = False) -> None:
        self.grid.select_row_ids(row_ids, add=add)

    def copy_selection(self) -> None:
        self.grid.copy_selection()

    def visible_columns(self) -> list[Column]:
        return self.grid.visible_columns()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.dataset is None:
            self.provenance.clear()
            self.open_button.setEnabled(False)
            return
        line = current.data(SOURCE_LINE_ROLE)
        column = self.model.columns[current.column()]
        keys = [c.key for c in self.model.columns]

        def cell(key: str, role: int = RAW_ROLE):
            return self.model.index(current.row(), keys.index(key)).data(role) if key in keys else None

        # the row and the number in the names language (they were Chinese in the English interface too)
        region = name_text(cell("region_zh") or "", cell("region_en") or "", self.language)
        table_no = self.dataset.table_no
        if table_no is None and "table_no" in keys:
            table_no = cell("table_no")
        if (column.role in (Role.VALUE, Role.DERIVED) and column.year is not None) or column.group_zh:
            what = f"{column.group(self.language)} {column.title(self.language)}".strip()
        elif "year" in keys:   # one value per row: its year, measure and type, not the column's title ("类别")
            parts = [cell("year"), cell("measure_zh", Qt.ItemDataRole.DisplayRole),
                     cell("ip_type_zh", Qt.ItemDataRole.DisplayRole)]
            what = " · ".join(str(p) for p in parts if p not in (None, ""))
        else:
            what = column.title(self.language)
        edition = current.data(EDITION_ROLE)
        source = self.tr("Source: table {table} · report line {line} · {region} · {what}").format(
            table=table_no, line=line, region=region, what=what)
        several = any(c.key == "edition" and not c.hidden for c in self.dataset.columns) or column.edition_key
        if edition and several:   # a row or column of one edition among several (one edition: said by nothing)
            source += " · " + self.tr("{year} edition").format(year=edition)
        self.provenance.setText(source)
        self._current_line = line
        self._current_edition = edition or 0
        self.open_button.setEnabled(line is not None)

    def region_at(self, index: QModelIndex) -> str | None:
        """The Chinese region name of the row under `index`, when the view has one."""
        if not index.isValid() or "region_zh" not in [c.key for c in self.model.columns]:
            return None
        return self.model.index(index.row(), self.model.column_index("region_zh")).data(RAW_ROLE) or None

    def cell_menu(self, index: QModelIndex) -> QMenu:
        """Copy, open the cell's source line, and the row's region profile."""
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.addAction(self.copy_python_action)
        line = index.data(SOURCE_LINE_ROLE) if index.isValid() else None
        action = menu.addAction(self.tr("Open in report (line {line})").format(line=line) if line
                                else self.tr("Open in report"))
        action.setEnabled(bool(line))
        edition = (index.data(EDITION_ROLE) if index.isValid() else None) or 0
        action.triggered.connect(lambda _=False, n=line, e=edition: self.open_report_line.emit(int(n), int(e)))
        region = self.region_at(index)
        action = menu.addAction(self.tr("Region profile: {region}").format(region=region) if region
                                else self.tr("Region profile"))
        action.setObjectName("regionProfileAction")
        action.setEnabled(bool(region))
        action.triggered.connect(lambda _=False, r=region: self.open_region.emit(r))
        return menu

    def python_script(self, chart_command: str | None = None) -> str:
        """A script reproducing this view (table, layout, filters, sort, columns) through `db.view(...)`."""
        from ipexplorer.export.scripts import view_script
        from ipexplorer.ui.shell.export_dialog import explorer_view

        return view_script(explorer_view(self), db=self.db_path, dataset=self.dataset, chart_command=chart_command)

    def copy_python(self) -> None:
        QGuiApplication.clipboard().setText(self.python_script())

    def _on_cell_menu(self, pos: QPoint) -> None:
        self.cell_menu(self.view.indexAt(pos)).popup(self.view.viewport().mapToGlobal(pos))

    def _open_current(self) -> None:
        line = getattr(self, "_current_line", None)
        if line:
            self.open_report_line.emit(int(line), int(getattr(self, "_current_edition", 0) or 0))

    # --- the view state: published, observed, kept -------------------------------------------
    def view_state(self) -> ViewState:
        """What the pane shows, as a ViewState (columns None while the defaults apply)."""
        facets = tuple((k, tuple(sorted(v, key=str))) for k, v in self.column_facets.items() if v is not None)
        return ViewState(table=self.table_no(), layout=self.layout_key(), query=self.model.state,
                         columns=self._columns, names=self.names_combo.currentData() or "both",
                         column_facets=facets, span=self._chosen_span())

    def _chosen_span(self) -> tuple[int, int] | None:
        """The years compared when they are not the table's first and last (None: those, whatever they become)."""
        dataset = self.dataset
        if dataset is None or dataset.span is None:
            return None
        years = sorted({c.year for c in dataset.columns if c.role is Role.VALUE and c.year})
        return None if years and dataset.span == (years[0], years[-1]) else dataset.span

    def _publish(self, *_args) -> None:
        """Tell the shared view (the Charts pane draws it) and the settings what is shown now."""
        if self._publishing or self._restoring or self.dataset is None:
            return
        state = self._shown = self.view_state()
        self._publishing = True
        try:
            self.view_model.set_state(state, self.dataset)
        finally:
            self._publishing = False
        self._views[self.dataset.key] = replace(state, widths=self._views.get(self.dataset.key, state).widths)
        self._store_soon()

    def _store_soon(self) -> None:
        """Write the views to the settings file shortly (a sort or a keystroke would otherwise re-read and
        rewrite the file on the GUI thread each time); `save` and closing write at once."""
        self._store_timer.start()

    def _store(self) -> None:
        self._store_timer.stop()
        shown = getattr(self, "_shown", None)
        if shown is not None:
            store_views(self.settings, shown, self._views)

    def _keep_view(self) -> None:
        """The shown table's view (as last published) with its columns' widths, before another takes its place."""
        shown = getattr(self, "_shown", None)
        if self.dataset is not None and shown is not None and shown.dataset_key == self.dataset.key:
            self._views[self.dataset.key] = replace(shown, widths=self.grid.column_widths())
            self._store_soon()

    def _on_view(self, state: ViewState) -> None:
        """Another pane changed the shared view (the chart's table sorted or filtered, another table chosen)."""
        if self._publishing or not self._ready or self.dataset is None:
            return
        current = self.view_state()
        if state == current:
            return
        if (state.table, state.effective_layout) != (current.table, current.effective_layout):
            self.show_table(state.table, state.layout)
            return
        if state.names != current.names:
            self.names_combo.setCurrentIndex(max(0, self.names_combo.findData(state.names)))
        if state.span != current.span and state.span is not None:
            self.set_span(*state.span)
        if (state.columns, state.column_facets) != (current.columns, current.column_facets):
            self._columns = state.columns
            self.column_facets = {k: set(v) for k, v in state.column_facets}
            self._apply_column_visibility()
        if state.query != self.model.state:
            self.quick.blockSignals(True)
            self.quick.setText(state.query.quick_text)
            self.quick.blockSignals(False)
            self.model.set_state(state.query)   # state_changed publishes it back (equal: no echo)
        self._publish()

    def save(self) -> None:
        self._keep_view()
        self._store()

    def restore(self) -> None:
        if not self._ready:
            return   # _on_setup restores once the tables are known
        _saved, self._views = load_views(self.settings)
        current = self.view_model.state   # the settings' current view, or what another pane chose since
        self._restoring = True
        self.names_combo.setCurrentIndex(max(0, self.names_combo.findData(current.names)))
        self.order_combo.setCurrentIndex(0 if current.query.pinyin_order else 1)
        self.layout_combo.setCurrentIndex(max(0, self.layout_combo.findData(current.layout)))
        self.table_combo.setCurrentIndex(max(0, self.table_combo.findData(current.table or 0)))
        self._restoring = False
        self._on_names()
        self._on_dataset_choice()

    def reset_view(self) -> None:
        """Forget saved column layouts, widths and filters; show table 1 as printed."""
        self._store_timer.stop()
        header = self.header
        self.grid.arranging = True     # the columns put back in their order: no choice of the user's to keep
        try:
            for i in range(header.count()):
                header.moveSection(header.visualIndex(i), i)
        finally:
            self.grid.arranging = False
        self.settings.set("explorer/view", "")
        self._views = {}
        self._shown = None             # nor is the view shown kept for its table when table 1 takes its place
        self.column_facets = {}
        self._columns = None
        self.model.set_state(QueryState())
        self.show_table(1, "wide")
        self.autosize()

    def shutdown(self) -> None:
        self.save()
        self.model.shutdown()


def make(ctx: PaneContext) -> TableExplorer:
    """The Tables pane in the window: the status bar shows its rows and selection, a row leads to its line."""
    explorer = TableExplorer(ctx.db_path, ctx.settings, ctx.parent, view=ctx.view)
    explorer.open_region.connect(ctx.host.open_region)
    explorer.rows_changed.connect(ctx.host.show_rows_text)
    explorer.stats_changed.connect(ctx.host.show_stats_text)
    explorer.open_report_line.connect(ctx.host.open_report_line)
    explorer.dataset_changed.connect(lambda _d: ctx.host.update_title())
    return explorer
