"""The Charts pane: the shared table view in a grid of its own beside a chart of it, linked both ways.

The pane observes the view state the Tables pane publishes (ui/view_model.py): its grid shows that view
(a sort or filter made in it goes back to the shared view, so the Tables pane shows it too), and the chart
reads the same dataset, filters and sort (ipexplorer.query.chart_data). Rows selected in the grid are
outlined on the chart, and a click or a rubber band on the chart selects the rows in the grid.
pyqtgraph loads the first time the pane is shown.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ipexplorer.query.builder import QueryState
from ipexplorer.query.chart_data import (
    MAP_KINDS,
    MAX_LINES,
    ChartData,
    ChartFrame,
    ChartKind,
    ChartSpec,
    chart_data,
    chart_frame,
)
from ipexplorer.query.datasets import Dataset, dataset_for, table_list
from ipexplorer.query.view import ViewState, filter_part
from ipexplorer.ui.grid.sql_grid import SqlGrid
from ipexplorer.ui.pane import Pane, PaneContext
from ipexplorer.ui.runner import Runner
from ipexplorer.ui.shell import first_frame, i18n
from ipexplorer.ui.shell.elided_combo import ElidedCombo
from ipexplorer.ui.shell.filter_edit import FilterEdit
from ipexplorer.ui.shell.flow_layout import FlowLayout
from ipexplorer.ui.shell.indicators import CheckBox
from ipexplorer.ui.shell.menu_button import MenuButton
from ipexplorer.ui.shell.settings import Settings
from ipexplorer.ui.shell.table_choice import fill_table_choice, show_quick_filter_words
from ipexplorer.ui.shell.view_text import part_text
from ipexplorer.ui.view_model import SharedSelection, ViewModel

log = logging.getLogger(__name__)

KINDS = (
    (ChartKind.BARS, QT_TRANSLATE_NOOP("ChartPane", "Bars")),
    (ChartKind.YEARS, QT_TRANSLATE_NOOP("ChartPane", "Years compared")),
    (ChartKind.SERIES, QT_TRANSLATE_NOOP("ChartPane", "Over the years (lines)")),
    (ChartKind.STACKED, QT_TRANSLATE_NOOP("ChartPane", "Stacked by type")),
    (ChartKind.CHANGE, QT_TRANSLATE_NOOP("ChartPane", "Change (absolute)")),
    (ChartKind.CHANGE_PCT, QT_TRANSLATE_NOOP("ChartPane", "Change %")),
    (ChartKind.SHARE, QT_TRANSLATE_NOOP("ChartPane", "Share of total")),
    (ChartKind.SCATTER, QT_TRANSLATE_NOOP("ChartPane", "Scatter")),
    (ChartKind.MAP, QT_TRANSLATE_NOOP("ChartPane", "Map")),
    (ChartKind.MAP_CHANGE, QT_TRANSLATE_NOOP("ChartPane", "Map of change %")),
)
MAP_CHOICES = (
    ("auto", QT_TRANSLATE_NOOP("ChartPane", "Map: as the table")),
    ("china", QT_TRANSLATE_NOOP("ChartPane", "China")),
    ("world", QT_TRANSLATE_NOOP("ChartPane", "World")),
)
CLASSINGS = (
    ("quantiles", QT_TRANSLATE_NOOP("ChartPane", "Quantiles")),
    ("jenks", QT_TRANSLATE_NOOP("ChartPane", "Natural breaks")),
)
# names shown through self.tr() when the combos are filled
SCALE_CHOICES = (
    ("1", QT_TRANSLATE_NOOP("ChartPane", "Units")),
    ("1e4", QT_TRANSLATE_NOOP("ChartPane", "×10k")),
    ("1e8", QT_TRANSLATE_NOOP("ChartPane", "×100M")),
)
REGION_CHOICES = (
    ("auto", QT_TRANSLATE_NOOP("ChartPane", "One kind of region")),
    ("province", QT_TRANSLATE_NOOP("ChartPane", "Provinces")),
    ("city", QT_TRANSLATE_NOOP("ChartPane", "Sub-provincial cities")),
    ("country", QT_TRANSLATE_NOOP("ChartPane", "Countries")),
    ("all", QT_TRANSLATE_NOOP("ChartPane", "All kinds (mixed)")),
)
GROUP_NAMES = {
    "province": QT_TRANSLATE_NOOP("ChartPane", "provinces"),
    "city": QT_TRANSLATE_NOOP("ChartPane", "sub-provincial cities"),
    "country": QT_TRANSLATE_NOOP("ChartPane", "countries"),
}
PALETTES = (
    ("auto", QT_TRANSLATE_NOOP("ChartPane", "System")),
    ("light", QT_TRANSLATE_NOOP("ChartPane", "Light")),
    ("dark", QT_TRANSLATE_NOOP("ChartPane", "Dark")),
)


CHART_MIN_WIDTH = 420   # beside the table, a chart narrower than this names its bars in too little room
# beside the chart, the table's first share while the chart keeps CHART_MIN_WIDTH: room for the row numbers, a
# region's names in both languages ("Inner Mongolia" whole), a kind and the first number; five elevenths of a
# 1024 px window gave the names 64 px each ("Inner …", "Heilon…")
TABLE_FIRST_WIDTH = 440
# above each other, chart and table need this height to keep a dozen named bars and five rows; below it (an
# 800×600 window stacked them to about one bar and one row) they become two tabs, each with the whole pane
STACK_MIN_HEIGHT = 620


# the kinds that draw every year, or the latest year's change or share, whatever the year box says
EVERY_OR_LATEST_YEAR = frozenset({ChartKind.SERIES, ChartKind.YEARS, ChartKind.CHANGE, ChartKind.CHANGE_PCT,
                                  ChartKind.SHARE, ChartKind.MAP_CHANGE})


class ChartPane(QWidget, Pane):
    """The view's grid on the left, chart controls and the plot on the right."""

    chart_updated = Signal()

    def __init__(self, view: ViewModel, db_path: Path, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartPane")
        self.view_model = view
        self.db_path = Path(db_path)
        self.settings = settings
        self.runner = Runner(db_path, self, name="ipexplorer-chart")
        self.plot = None  # ChartPlot, created when first shown
        self.map_plot = None  # MapPlot, created when a map is first asked for
        self.map = None       # MapData of the map shown
        self._map_room = False  # whether the splitter was given to the map (above the table)
        self.tabs = None        # QTabWidget of chart and table, made when the pane is too small for both
        self.frame: ChartFrame | None = None
        self._frame_spec: ChartSpec | None = None   # the chart the frame was read for (it holds only that)
        self.data: ChartData | None = None
        self._dirty = True
        self._refreshed = False
        self._fill_pending = False   # a read that offers the view's choices again is on its way
        self._updating = False
        self.last_redraw_ms = 0.0
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)
        self._closed = False
        self.run_export = None   # the window's export runner (set by `make`)
        self._build_ui()
        self._restore_spec()
        self.model.state_changed.connect(self._schedule)
        self.model.loaded.connect(self._schedule)
        self.grid.view.selectionModel().selectionChanged.connect(self._on_grid_selection)
        # the rows selected here are the shared view's: the Tables pane selects them too, and the other way
        self.shared_selection = SharedSelection(view, self.grid, self)
        self.grid.state_edited.connect(self._on_grid_edited)
        self.grid.clear_requested.connect(self.clear_filters)
        view.changed.connect(self._on_view)
        self._on_view(view.state)
        self.runner.submit(table_list, channel="tables", done=self._fill_tables)

    # --- layout ------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(self, objectName="chartSplitter")
        self.table_slot = QWidget(objectName="chartTableSlot")
        self.table_slot.setLayout(QVBoxLayout())
        self.table_slot.layout().setContentsMargins(6, 6, 0, 0)
        # the shared view in a grid of its own: sort and filter it here, and the Tables pane follows
        self.grid = SqlGrid(db_path=self.db_path, parent=self.table_slot, language=self.view_model.state.names)
        self.grid.setObjectName("chartGrid")
        # beside a chart the table's numbers are in sight: its region names and kind share half its width
        self.grid.label_room = 0.5
        # which table is charted, chosen here too (the Tables pane follows: one shared view)
        self.table_combo = ElidedCombo(objectName="chartTable")   # a long title ends in "…", whole in the tooltip
        self.table_combo.follow_tooltip()
        self.table_combo.addItem(self.tr("All observations"), 0)
        self.table_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.table_combo.setMinimumContentsLength(16)
        self.table_combo.currentIndexChanged.connect(self._on_table_choice)
        # Find (Ctrl+F) on this pane: its own quick filter, which is the shared view's (the Tables pane's too)
        self.quick = FilterEdit(objectName="chartQuickFilter")
        show_quick_filter_words(self.quick, None, short=True)
        self.quick.setMinimumWidth(120)   # narrower, it goes under the table choice (the row wraps)
        self._quick_timer = QTimer(self, singleShot=True, interval=150)
        self._quick_timer.timeout.connect(self._apply_quick)
        self.quick.textChanged.connect(lambda _t: self._quick_timer.start())
        choice = FlowLayout()   # side by side where there is room, the filter under the choice where not
        choice.add_widget(self.table_combo, 3)
        choice.add_widget(self.quick, 2)
        self.table_slot.layout().addLayout(choice)
        self.table_slot.setMinimumWidth(360)   # a few columns beside the chart, else the chart goes above it
        self._sized = False
        self._split_ours = False   # the side-by-side split is the pane's (not moved by the user, nor restored)
        self.model = self.grid.model
        self.table_slot.layout().addWidget(self.grid)
        self.panel = QWidget(objectName="chartPanel")
        panel = QVBoxLayout(self.panel)
        panel.setContentsMargins(6, 6, 6, 6)
        row1, row2 = FlowLayout(), FlowLayout()   # they wrap rather than widen the pane (1024 px: beside the table)
        self.kind_combo = ElidedCombo(objectName="chartKind")
        self.kind_combo.follow_tooltip()
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind_combo.setMinimumContentsLength(10)
        for kind, label in KINDS:
            self.kind_combo.addItem(self.tr(label), kind.value)
        self.slice_combo = ElidedCombo(objectName="chartSlice")
        self.slice_combo.follow_tooltip()
        self.slice_combo.setMinimumContentsLength(12)
        self.slice_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.year_combo = ElidedCombo(objectName="chartYear")
        self.year_combo.follow_tooltip()
        self.x_label = QLabel("X:")
        self.x_combo = ElidedCombo(objectName="chartX")
        self.x_combo.follow_tooltip()
        self.x_combo.setMinimumContentsLength(10)
        self.x_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for w in (self.kind_combo, self.slice_combo, self.year_combo):
            row1.addWidget(w)
        self.x_label.hide()      # shown for a scatter only; hidden from the start so the pane never
        self.x_combo.hide()      # asks for their width (a window once widened does not shrink back)
        self._top_other_kinds = 30   # the "Top" of the kinds other than a time series (which draws ≤ 10 lines)
        self.top_spin = QSpinBox(objectName="chartTopN", minimum=0, maximum=500, value=30,
                                 specialValueText=self.tr("All"), prefix=self.tr("Top "))
        self.sort_check = CheckBox(self.tr("Sort by value"), objectName="chartSort", checked=True)
        self.totals_check = CheckBox(self.tr("Totals"), objectName="chartTotals")
        self.regions_combo = ElidedCombo(objectName="chartRegions")
        self.regions_combo.setToolTip(self.tr("Which regions are ranked: one kind (provinces are never ranked "
                                              "beside the cities inside them), or all kinds mixed"))
        for key, label in REGION_CHOICES:
            self.regions_combo.addItem(self.tr(label), key)
        self.regions_combo.setMinimumContentsLength(8)
        self.regions_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scale_combo = ElidedCombo(objectName="chartScale")
        self.scale_combo.follow_tooltip()
        for key, label in SCALE_CHOICES:
            self.scale_combo.addItem(self.tr(label), key)
        self.palette_combo = ElidedCombo(objectName="chartPalette")
        self.palette_combo.follow_tooltip()
        for key, label in PALETTES:
            self.palette_combo.addItem(self.tr(label), key)
        self.export_button = MenuButton(objectName="chartExport", text=self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction(self.tr("PNG image…"), lambda: self.export_image_dialog("png"))
        menu.addAction(self.tr("SVG image…"), lambda: self.export_image_dialog("svg"))
        menu.addAction(self.tr("Chart data (Excel/CSV)…"), self.export_data_dialog)
        menu.addSeparator()
        self.copy_chart_action = menu.addAction(self.tr("Copy chart"), self.copy_chart)
        self.copy_chart_action.setObjectName("copyChartAction")
        self.copy_command_action = menu.addAction(self.tr("Copy chart command line"), self.copy_command)
        self.copy_command_action.setObjectName("copyChartCommandAction")
        self.copy_python_action = menu.addAction(self.tr("Copy as Python"), self.copy_python)
        self.export_button.setMenu(menu)
        self.options_button = MenuButton(objectName="chartOptions", text=self.tr("Options"))
        self.options_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        options = QMenu(self.options_button)
        # the less used choices live in the menu, so the controls fit beside the table in a 1280 px window
        for title, combo in ((self.tr("Scale"), self.scale_combo), (self.tr("Palette"), self.palette_combo),
                             ("", self.sort_check), ("", self.totals_check)):
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(8, 2, 8, 2)
            if title:
                row.addWidget(QLabel(title))
            row.addWidget(combo)
            action = QWidgetAction(options)
            action.setDefaultWidget(holder)
            options.addAction(action)
        self.options_button.setMenu(options)
        self.map_combo = ElidedCombo(objectName="mapWhich")
        self.map_combo.setToolTip(self.tr("Tables 9–12 have provinces and countries: choose the map"))
        for key, label in MAP_CHOICES:
            self.map_combo.addItem(self.tr(label), key)
        self.classing_combo = ElidedCombo(objectName="mapClassing")
        self.classing_combo.follow_tooltip()
        for key, label in CLASSINGS:
            self.classing_combo.addItem(self.tr(label), key)
        self.classes_spin = QSpinBox(objectName="mapClasses", minimum=3, maximum=7, value=5,
                                     suffix=self.tr(" classes"))
        self.cities_check = CheckBox(self.tr("Cities"), objectName="mapCities")
        self.cities_check.setToolTip(self.tr("The sub-provincial cities as dots at their seats, area by value"))
        self.map_controls = (self.map_combo, self.classing_combo, self.classes_spin, self.cities_check)
        for w in (self.top_spin, self.x_label, self.x_combo, self.regions_combo, *self.map_controls,
                  self.options_button, self.export_button):
            row2.addWidget(w)
        panel.addLayout(row1)
        panel.addLayout(row2)
        self.plot_holder = QVBoxLayout()
        self.loading = QLabel(self.tr("Loading charts…"), objectName="chartLoading")
        self.plot_holder.addWidget(self.loading, 1)
        panel.addLayout(self.plot_holder, 1)
        self.status = QLabel(objectName="chartStatus")
        self.status.setWordWrap(True)
        panel.addWidget(self.status)
        self.splitter.addWidget(self.table_slot)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.splitterMoved.connect(self._on_split_moved)
        outer.addWidget(self.splitter)
        for combo in (self.kind_combo, self.slice_combo, self.year_combo, self.x_combo, self.scale_combo,
                      self.palette_combo, self.regions_combo, self.classing_combo, self.map_combo):
            combo.currentIndexChanged.connect(self._on_control)
        for box in (self.sort_check, self.totals_check, self.cities_check):
            box.toggled.connect(self._on_control)
        self.top_spin.valueChanged.connect(self._on_control)
        self.classes_spin.valueChanged.connect(self._on_control)

    # --- the pane protocol ---------------------------------------------------------------
    offers = frozenset({"python", "command", "table_status"})

    def clear_filters(self) -> None:
        """Every filter and the quick text off (in the shared view: the Tables pane's too); the sort kept."""
        self.view_model.set_state(self.view_model.state.with_query(self.view_model.state.query.without_filters()))

    def reset_view(self) -> None:
        """Forget the saved chart and draw the default one: its kind, top, scale, palette and map choices as on a
        first start, the first measure and the latest year of the view."""
        self.settings.clear_group("charts/")
        self._updating = True
        for combo in (self.slice_combo, self.x_combo, self.year_combo):
            combo.clear()       # the next frame offers the view's choices afresh, none of them kept
        self._updating = False
        self._restore_spec()
        self._apply_controls()
        self._sized = False     # the pane's own split again, not the divider the user moved
        self._choose_orientation(self.size())
        self._schedule()

    def edit_grid(self) -> SqlGrid:
        """Edit › Copy and Select all: this pane's grid."""
        return self.grid

    def find_box(self) -> FilterEdit:
        """Find: this pane's quick filter (the shared view's)."""
        return self.quick

    def _apply_quick(self) -> None:
        query = self.model.state
        if self.dataset is not None and query.quick_text != self.quick.text():
            self.grid.set_state(QueryState(self.quick.text(), query.filters, query.sort, query.pinyin_order))
            self._on_grid_edited()

    def _show_quick(self, text: str) -> None:
        if self.quick.text() != text and not self._quick_timer.isActive():
            self.quick.blockSignals(True)
            self.quick.setText(text)
            self.quick.blockSignals(False)

    def can_export(self) -> bool:
        return True

    def request_export(self, path: Path | None = None):
        """File › Export: this pane's grid — its selection, or the view it shows — through the Export dialog
        (the chart itself: the Export button's images and chart data); with `path`, the whole view."""
        from ipexplorer.ui.shell.export_dialog import ExportDialog, ExportRequest, explorer_view, request_of

        if path is not None:
            return ExportRequest(path=Path(path), scope="view", language=self.language, db_path=self.db_path,
                                 view=explorer_view(self), dataset=self.dataset)
        dialog = ExportDialog(self, self.window())
        if dialog.exec() != dialog.DialogCode.Accepted:
            return None
        return request_of(dialog)

    # what the Export dialog reads of the pane it exports from (the Tables pane offers the same)
    def table_no(self) -> int | None:
        return self.view_model.state.table

    def layout_key(self) -> str:
        return self.view_model.state.effective_layout

    def table_choices(self) -> list[tuple[int, str, str]]:
        return list(getattr(self, "_tables", []))

    def visible_columns(self):
        return self.grid.visible_columns()

    def selected_pairs(self) -> set[tuple[int, int]]:
        return self.grid.selected_pairs()

    def has_selection(self) -> bool:
        return self.grid.has_selection()

    # --- the shared view ---------------------------------------------------------------------
    @property
    def dataset(self) -> Dataset | None:
        return self.model.dataset

    @property
    def language(self) -> str:
        """The names language of the view ("zh", "en" or "both")."""
        return self.view_model.state.names

    def _fill_tables(self, tables: list[tuple[int, str, str]]) -> None:
        self._tables = list(tables)
        fill_table_choice(self.table_combo, self._tables)
        self._show_table_choice(self.view_model.state)

    def _show_table_choice(self, state: ViewState) -> None:
        self.table_combo.blockSignals(True)
        self.table_combo.setCurrentIndex(max(0, self.table_combo.findData(state.table or 0)))
        self.table_combo.setToolTip(self.table_combo.currentData(Qt.ItemDataRole.ToolTipRole)
                                    or self.table_combo.currentText())
        self.table_combo.blockSignals(False)

    def _on_table_choice(self, *_args) -> None:
        """Another table: the shared view takes it (the Tables pane shows it with its saved filters)."""
        state = self.view_model.state
        table = self.table_combo.currentData() or None
        if table != state.table:
            self.view_model.set_state(state.with_table(table, state.layout))

    def _on_view(self, state: ViewState) -> None:
        """The shared view changed: show it in the grid (its dataset read off the GUI thread when new)."""
        if self._closed or state.kind == "query":
            return
        self._show_table_choice(state)
        self._show_quick(state.query.quick_text)
        dataset = self.view_model.dataset
        if dataset is None and self.dataset is not None and self.dataset.key == state.dataset_key:
            dataset = self.dataset
        if dataset is None:
            self.runner.submit(dataset_for, state.table, state.effective_layout, channel="dataset",
                               done=lambda ds, s=state: self._on_dataset(ds, s))
            return
        self._show_view(dataset, state)

    def _on_dataset(self, dataset: Dataset, state: ViewState) -> None:
        if not self._closed and state == self.view_model.state:
            self._show_view(dataset, state)

    def _show_view(self, dataset: Dataset, state: ViewState) -> None:
        if self.grid.language != state.names:
            self.grid.set_language(state.names)
            self._schedule()
        if self.dataset is not dataset and self.dataset != dataset:
            self.grid.show_dataset(dataset, state.query)
            show_quick_filter_words(self.quick, dataset, short=True)   # a table of types: its rows
        elif self.model.state != state.query:
            self.grid.set_state(state.query)
        visible = [c.key for c in state.visible_columns(dataset)]
        if visible != [c.key for c in self.grid.visible_columns()]:
            self.grid.show_columns(visible)

    def _on_grid_edited(self) -> None:
        """A sort or filter made in the chart's grid: the shared view (and the Tables pane) take it."""
        state = self.view_model.state
        if self.dataset is not None and state.dataset_key == self.dataset.key and state.query != self.model.state:
            self.view_model.set_state(state.with_query(self.model.state), self.dataset)

    def view_state(self) -> ViewState:
        """The shared view with the grid's columns in the order shown (for scripts and command lines)."""
        return self.view_model.state.with_columns([c.key for c in self.grid.visible_columns()])

    def _side_by_side_width(self) -> int:
        """The table at its narrowest beside a chart of CHART_MIN_WIDTH (its toolbars wrap to any width)."""
        table = max(self.table_slot.minimumWidth(), self.table_slot.minimumSizeHint().width())
        return table + max(self.panel.minimumSizeHint().width(), CHART_MIN_WIDTH) + 40

    def minimumSizeHint(self):
        """As narrow as the wider of table and chart: below the width both need, they stack."""
        hint = super().minimumSizeHint()
        if self.splitter.orientation() == Qt.Orientation.Horizontal:
            hint.setWidth(max(self.table_slot.minimumSizeHint().width(), self.panel.minimumSizeHint().width()))
        return hint

    def resizeEvent(self, event) -> None:
        """Side by side when there is room for both, chart above the table otherwise."""
        super().resizeEvent(event)
        self._choose_orientation(event.size())

    def _choose_orientation(self, size) -> None:
        if size.width() < 200 or size.height() < 150:
            return   # not laid out yet (a new widget is 100×30): splitting that would stick
        # side by side when both fit (a 1024 px window and up, the table's toolbars wrapping): each keeps its
        # full height, so the table shows 15+ rows and the chart names 15+ bars; above each other below that
        wide = size.width() >= self._side_by_side_width()
        tabs = not wide and size.height() < STACK_MIN_HEIGHT
        self._use_tabs(tabs)
        if tabs:
            self.panel.setMinimumWidth(0)
            return
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        # beside the table the chart never gets less than CHART_MIN_WIDTH, however the split was left before
        # (a window that started wider kept the table's share: a 330 px chart at 1024 px)
        self.panel.setMinimumWidth(CHART_MIN_WIDTH if wide else 0)
        if self.splitter.orientation() != orientation or not self._sized:
            self._sized = True   # once, then on each change of orientation (a restored divider stays)
            self.splitter.setOrientation(orientation)
            if wide:
                self.splitter.insertWidget(0, self.table_slot)
            else:
                self.splitter.insertWidget(0, self.panel)
            total = size.width() if wide else size.height()
            if wide:
                self._split_beside(total)
            else:
                self.splitter.setSizes([total // 2, total // 2])
            self._map_room = False
            if not wide and self.map_plot is not None and self.is_map():
                self._give_map_room(True)
        elif wide and self._split_ours:
            self._split_beside(size.width())

    def _split_beside(self, total: int) -> None:
        """Table and chart side by side in the pane's shares (5 : 6), the table with TABLE_FIRST_WIDTH where the
        chart keeps CHART_MIN_WIDTH; again at each resize until the user moves the divider (the stretch factors
        alone kept the table's 440 px of a first small layout at any width)."""
        table = max(total * 5 // 11, min(TABLE_FIRST_WIDTH, total - CHART_MIN_WIDTH))
        if self.splitter.sizes() != [table, total - table]:
            self.splitter.setSizes([table, total - table])
        self._split_ours = True

    def in_tabs(self) -> bool:
        return self.tabs is not None and self.tabs.isVisible()

    def _use_tabs(self, tabs: bool) -> None:
        """Chart and table as two tabs (a small window), or back in the splitter."""
        if tabs == (self.tabs is not None and not self.tabs.isHidden()):
            return
        if tabs:
            if self.tabs is None:
                from PySide6.QtWidgets import QTabWidget

                self.tabs = QTabWidget(self, objectName="chartTabs")
                self.tabs.setDocumentMode(True)
                self.layout().addWidget(self.tabs)
            self.tabs.addTab(self.panel, self.tr("Chart"))
            self.tabs.addTab(self.table_slot, self.tr("Table"))
            self.splitter.hide()
            self.tabs.show()
        else:
            self.tabs.hide()
            self.tabs.clear()
            self.splitter.insertWidget(0, self.table_slot)
            self.splitter.insertWidget(1, self.panel)
            self.table_slot.show()
            self.panel.show()
            self.splitter.show()
            self._sized = False   # sized again for its orientation

    # --- the plot, lazily ----------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.plot is None:   # once pyqtgraph is imported (off the GUI thread) and the pane has painted
            first_frame.when_plots_ready(lambda: first_frame.after_next_paint(self, self.ensure_plot), self)
        elif self._dirty:
            self._schedule()

    def ensure_plot(self):
        if self.plot is None:
            from ipexplorer.ui.plots.chart_plot import ChartPlot

            self.plot = ChartPlot(self.panel)
            self.plot_holder.removeWidget(self.loading)
            self.loading.deleteLater()
            self.plot_holder.addWidget(self.plot, 1)
            self.plot.category_clicked.connect(self._on_category_clicked)
            self.plot.categories_selected.connect(self._on_categories_selected)
            self.plot.scrolling_changed.connect(self._on_scrolling_changed)
            self.plot.set_value_scale(float(self.scale_combo.currentData()))
            self.plot.apply_palette(self.palette_name())
            self.refresh()
        return self.plot

    def ensure_map_plot(self):
        """The map's plot, built (and the map module imported) the first time a map is shown."""
        if self.map_plot is None:
            from ipexplorer.ui.plots.map_plot import MapPlot

            self.map_plot = MapPlot(self.panel)
            self.plot_holder.addWidget(self.map_plot, 1)
            self.map_plot.shapes_selected.connect(self._on_shapes_selected)
            self.map_plot.apply_palette(self.palette_name())
        return self.map_plot

    def is_map(self) -> bool:
        return self.kind_combo.currentData() in {k.value for k in MAP_KINDS}

    def current_plot(self):
        """The plot on show: the map's or the charts'."""
        return self.map_plot if self.is_map() and self.map_plot is not None else self.plot

    def title_detail(self) -> str:
        """The table the chart draws."""
        ds = self.dataset
        return i18n.pick(ds.title_zh, ds.title_en) if ds is not None else ""

    def apply_palette(self, name: str) -> None:
        """The table in the application's palette (Pane's default); the chart in it too unless the chart has a
        palette chosen."""
        super().apply_palette(name)
        self.follow_palette()

    def follow_palette(self) -> None:
        """Redraw in the application's palette when the chart's own choice is 'System'."""
        if self.plot is not None and self.palette_combo.currentData() == "auto":
            self.plot.palette_name = self.palette_name()
            self.plot.colors = None
            self.plot.apply_palette(self.palette_name())
            if self.map_plot is not None:
                self.map_plot.apply_palette(self.palette_name())
            self.redraw()

    def palette_name(self) -> str:
        choice = self.palette_combo.currentData()
        if choice in ("light", "dark"):
            return choice
        window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
        return "dark" if window.lightness() < 128 else "light"

    # --- data ------------------------------------------------------------------------------------
    def spec(self) -> ChartSpec:
        measure, ip_type = (self.slice_combo.currentData() or (None, None))
        x_measure, x_type = (self.x_combo.currentData() or (None, None))
        return ChartSpec(
            kind=ChartKind(self.kind_combo.currentData()), measure=measure, ip_type=ip_type,
            year=self.year_combo.currentData() or None, x_measure=x_measure, x_ip_type=x_type,
            top_n=self.top_spin.value() or None, sort_desc=self.sort_check.isChecked(),
            include_totals=self.totals_check.isChecked(), regions=self.regions_combo.currentData() or "auto")

    def _schedule(self, *_args) -> None:
        self._dirty = True
        self._refreshed = False
        if self.isVisible():
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Re-read the table's rows and redraw (only while the pane is shown)."""
        dataset = self.dataset
        if dataset is None or self._closed:
            return
        self._read_frame(self.spec(), fill=True)

    def _read_frame(self, spec: ChartSpec, *, fill: bool) -> None:
        """Ask for what the chart `spec` draws of the view (aggregated, its top N only, in SQLite, off the GUI
        thread); `fill` offers the view's measures, types and years again when it arrives. A read that supersedes
        one with `fill` fills too, or the choices would never be offered again (and the pane never settle)."""
        fill = fill or self._fill_pending
        self._fill_pending = fill
        read = spec
        if spec.kind is ChartKind.SERIES and spec.top_n:   # its few lines, and the regions the table may select
            read = dataclasses.replace(spec, top_n=max(spec.top_n, self._top_other_kinds or 0) or None)
        self.runner.submit(chart_frame, self.dataset, self.model.state, read, channel="frame",
                           done=lambda frame, s=spec, f=fill: self._on_frame(frame, s, f),
                           failed=self._on_frame_failed)

    def _on_frame_failed(self, exc: BaseException) -> None:
        log.warning("chart query failed: %s", exc)
        self._show_status(self.tr("Cannot draw the chart: {error}").format(error=exc))

    def _on_frame(self, frame: ChartFrame, spec: ChartSpec, fill: bool) -> None:
        if self._closed:
            return
        self.frame = frame
        self._frame_spec = spec
        self._fill_pending = False
        if fill:
            self._fill_choices(self.frame)
            self._refreshed = True
        self.redraw()

    def settled(self) -> bool:
        """Whether the chart shows the view's current rows for the current choices (nothing on its way)."""
        return (not self._dirty and self.frame is not None and self._frame_spec == self.spec()
                and not self.runner.is_busy())

    def _fill_choices(self, frame: ChartFrame) -> None:
        """Offer the measures, types and years the current view has; keep the user's picks."""
        self._updating = True
        try:
            lang = self.language
            for combo, choices in (
                (self.slice_combo, frame.slices()),
                (self.x_combo, frame.slices()),
            ):
                current = combo.currentData()
                wanted = current or self._saved_slice(combo)
                combo.clear()
                for m, t in choices:
                    mz, me = frame.measures.get(m, (m, m))
                    tz, te = frame.ip_types.get(t, (t, t))
                    label = f"{me} · {te}" if lang == "en" else f"{mz}·{tz}" if lang == "zh" else \
                        f"{mz}·{tz} {me} · {te}"
                    combo.addItem(label, (m, t))
                index = next((i for i in range(combo.count()) if combo.itemData(i) == wanted), -1)
                if index < 0 and combo is self.x_combo and combo.count() > 1:
                    index = 1
                combo.setCurrentIndex(max(0, index))
            year = self.year_combo.currentData() or self._saved.get("year")
            self.year_combo.clear()
            for y in frame.years:
                self.year_combo.addItem(self.tr("{year}").format(year=y), y)
            self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(year or (frame.years or [0])[-1])))
            self._fit_controls_to_kind()
        finally:
            self._updating = False

    def _saved_slice(self, combo: QComboBox):
        saved = self._saved.get("x" if combo is self.x_combo else "slice")
        return tuple(saved) if saved else None

    def map_spec(self):
        from ipexplorer.query.map_data import Classing, MapSpec

        spec = self.spec()
        return MapSpec(measure=spec.measure, ip_type=spec.ip_type, year=spec.year,
                       field="change_pct" if spec.kind is ChartKind.MAP_CHANGE else "value",
                       classes=self.classes_spin.value(), classing=Classing(self.classing_combo.currentData()),
                       cities=self.cities_check.isChecked(),
                       map_name=None if self.map_combo.currentData() == "auto" else self.map_combo.currentData())

    def redraw(self) -> None:
        if self.frame is None:
            return
        spec = self.spec()
        if spec != self._frame_spec:   # other numbers: read them (the chart draws when they arrive)
            self._read_frame(spec, fill=False)
            return
        self.data = chart_data(self.frame, spec, self._kept_rows(spec))
        if self._refreshed and not self.runner.is_busy("frame"):
            self._dirty = False   # what is drawn is the view's current numbers
        if self.plot is None:
            return
        if self.is_map():
            self._redraw_map()
            return
        if self.map_plot is not None:
            self.map_plot.hide()
            self._give_map_room(False)
        self.plot.show()
        started = time.perf_counter()
        self.plot.language = self.language
        self.plot.show_data(self.data)
        self._on_table_selection()
        self.last_redraw_ms = (time.perf_counter() - started) * 1000
        self._show_status(self.status_text(self.data), self.status_tip(self.data))
        self.plot.set_hint(self.select_hint(self.data.kind) if not self.data.empty else "")
        self.chart_updated.emit()

    def status_text(self, data: ChartData) -> str:
        """What the chart shows of the table and, tersely, what it left out and why (regions of other kinds, the
        totals while Totals is off, regions without a number to draw): two lines at most beside the table at
        1024 px. How to select is the status's and the plot's tooltip (status_tip, select_hint)."""
        if data.empty:
            return ""
        frame = self.frame
        regions = (sum(frame.kind_counts.values()) if frame.kind_counts is not None else len(frame.categories)) \
            if frame else 0
        shown = len(data.categories)
        parts = [self.tr("Showing {shown} of {regions}").format(shown=shown, regions=regions)]
        left = []   # (what Showing … of … counts and the chart does not draw, each said)
        if data.left_out:
            group = self.tr(GROUP_NAMES.get(data.regions, "regions"))
            left.append((self.tr("{count} region other than {group}") if data.left_out == 1 else
                         self.tr("{count} regions other than {group}")).format(count=data.left_out, group=group))
        if data.totals_left_out == 1:
            left.append(self.tr("the total (Options › Totals draws it)"))
        elif data.totals_left_out:
            left.append(self.tr("{count} totals (Options › Totals draws them)").format(count=data.totals_left_out))
        if data.no_number:
            left.append(self.tr("{count} without a number").format(count=data.no_number))
        if left:
            parts.append(self.tr("left out: {what}").format(
                what=self.tr(", ", "between the things a chart leaves out").join(left)))
        if data.mixed:
            parts.append(self.tr("kinds mixed: a province's total includes its cities"))
        if self.plot is not None and self.plot.view_box.scroll_rows is not None:
            parts.append(self.tr("scroll for more"))
        return " — ".join(parts).replace(" › ", "\u00a0›\u00a0")   # a menu path never broken at its ›

    def select_hint(self, kind: ChartKind) -> str:
        """How to select a chart's rows: the tooltip of the plot (off its bars) and of the status."""
        if kind is ChartKind.SCATTER:
            return self.tr("Click a point to select its rows, drag to select several, Ctrl adds")
        if kind is ChartKind.SERIES:
            return self.tr("Click a line's point to select its rows, drag to select several, Ctrl adds")
        if kind in (ChartKind.MAP, ChartKind.MAP_CHANGE):
            return self.tr("Click a shape to select its row, drag to select several, Ctrl adds")
        return self.tr("Click a bar to select its rows, drag to select several, Ctrl adds")

    def status_tip(self, data: ChartData) -> str:
        """The status's tooltip: how to select, and the whys the status only names (one kind of region ranked,
        the totals drawn on request)."""
        if data.empty:
            return ""
        lines = [self.select_hint(data.kind)]
        if data.left_out:
            lines.append(self.tr("Only {group} are ranked together: a province is never ranked beside the cities "
                                 "inside it (the regions box above can mix all kinds)").format(
                group=self.tr(GROUP_NAMES.get(data.regions, "regions"))))
        if data.totals_left_out:
            lines.append(self.tr("Totals are drawn only with Options › Totals: beside their parts they would "
                                 "dwarf them"))
        return "\n".join(lines)

    def _on_scrolling_changed(self) -> None:
        """The bars fit, or no longer do, after the chart was laid out again (its height, a new kind's rows): its
        status says "scroll for more" of what is drawn now (it said it of the chart kind shown before)."""
        if self.data is not None and not self.is_map() and self.plot is not None and self.plot.data is self.data:
            self._show_status(self.status_text(self.data), self.status_tip(self.data))

    def _show_status(self, text: str, tip: str = "") -> None:
        self.status.setText(text)
        self.status.setToolTip(tip)

    def copy_chart(self) -> None:
        """The chart (or map) as an image on the clipboard (without selection outlines)."""
        plot = self.ensure_map_plot() if self.is_map() else self.ensure_plot()
        QGuiApplication.clipboard().setImage(plot.image())

    def _give_map_room(self, is_map: bool) -> None:
        """Above the table, a map gets three fifths of the height (half leaves it a thumbnail at 1280×800)."""
        if self.splitter.orientation() != Qt.Orientation.Vertical or self._map_room == is_map:
            return
        self._map_room = is_map
        total = sum(self.splitter.sizes())
        first = total * 3 // 5 if is_map else total // 2
        self.splitter.setSizes([first, total - first])

    def _redraw_map(self) -> None:
        from ipexplorer.query.map_data import map_data

        started = time.perf_counter()
        plot = self.ensure_map_plot()
        self.plot.hide()
        plot.show()
        self._give_map_room(True)
        self.runner.submit(map_data, self.frame, self.map_spec(), channel="map",   # off the GUI thread
                           done=lambda data: self._show_map(data, started), failed=self._map_failed)

    def _map_failed(self, exc: BaseException) -> None:
        log.warning("map query failed: %s", exc)
        self._show_status(self.tr("Cannot draw the map: {error}").format(error=exc))

    def _show_map(self, data, started: float) -> None:
        if self._closed:
            return
        plot = self.ensure_map_plot()
        self.map = data
        plot.language = self.language
        plot.show_data(self.map)
        self._on_table_selection()
        self.last_redraw_ms = (time.perf_counter() - started) * 1000
        shaded = sum(1 for r in self.map.regions if r.value is not None)
        hint = self.select_hint(ChartKind.MAP)
        self._show_status(self.map_status(shaded, self.map.classes), hint)
        plot.set_hint(hint)
        self.chart_updated.emit()

    def map_status(self, shaded: int, classes: int) -> str:
        """How many regions the map shades, in how many classes; when none, why ("0 regions shaded in 0 classes"
        over an all-hatched map said nothing of the filters, or of a table of types that has no regions)."""
        if not shaded:
            if self.frame is None or not self.frame.categories:   # the table's filters leave no row
                return self.tr("No rows match the table's filters: nothing to shade.")
            return self.tr("No row of this table is a region on this map: nothing to shade. Choose another "
                           "chart kind.")
        words = {(True, True): self.tr("{shaded} region shaded in {classes} class"),
                 (True, False): self.tr("{shaded} region shaded in {classes} classes"),
                 (False, True): self.tr("{shaded} regions shaded in {classes} class"),
                 (False, False): self.tr("{shaded} regions shaded in {classes} classes")}
        return words[(shaded == 1, classes == 1)].format(shaded=shaded, classes=classes)

    def _on_control(self, *_args) -> None:
        if self._updating:
            return
        self._apply_controls()
        self._save_spec()
        self.redraw()

    def _apply_controls(self) -> None:
        """The plots take the scale and palette chosen; the controls show what the kind uses."""
        self._fit_controls_to_kind()
        if self.map_plot is not None and self.map_plot.palette_name != self.palette_name():
            self.map_plot.apply_palette(self.palette_name())
        if self.plot is not None:
            self.plot.value_scale = float(self.scale_combo.currentData())
            if self.plot.palette_name != self.palette_name():
                self.plot.palette_name = self.palette_name()
                self.plot.colors = None
                self.plot.apply_palette(self.palette_name())

    def _uses_year(self) -> bool:
        """A time series and the years side by side draw every year, and a change or a share is the latest year's
        (on the year before, of the total): the year box means nothing for them (set to 2019 beside a chart
        titled "Change 2019→2020", it was live and ignored)."""
        return self.kind_combo.currentData() not in {k.value for k in EVERY_OR_LATEST_YEAR}

    # --- linking with the table -------------------------------------------------------------------
    def _kept_rows(self, spec: ChartSpec) -> list:
        """The selected rows, whose regions a time series draws beyond its top ten."""
        return self.grid.selected_row_ids() if spec.kind is ChartKind.SERIES else []

    def _on_grid_selection(self, *_args) -> None:
        """Outline the selected rows' bars; a time series also draws a selected region beyond its top ten."""
        if self.data is not None and self.data.kind is ChartKind.SERIES and not self.is_map():
            self.redraw()
            return
        self._on_table_selection()

    def category_indexes_for_rows(self, row_ids) -> set[int]:
        wanted = set(row_ids)
        if self.data is None or not wanted:
            return set()
        return {i for i, c in enumerate(self.data.categories) if wanted.intersection(c.row_ids)}

    def _on_table_selection(self, *_args) -> None:
        if self.plot is None or self.data is None:
            return
        if self.is_map() and self.map_plot is not None and self.map is not None:
            wanted = set(self.grid.selected_row_ids())
            self.map_plot.set_highlight_keys({r.key for r in (*self.map.regions, *self.map.cities)
                                              if wanted.intersection(r.category.row_ids)})
            return
        self.plot.set_highlight(self.category_indexes_for_rows(self.grid.selected_row_ids()))

    def _on_shapes_selected(self, keys: list, add: bool) -> None:
        """Select in the table the rows behind the clicked or dragged-over shapes."""
        if self.map is None:
            return
        wanted = set(keys)
        ids = [rid for r in (*self.map.regions, *self.map.cities) if r.key in wanted for rid in r.category.row_ids]
        self.grid.select_row_ids(ids, add=add)

    def _fit_controls_to_kind(self) -> None:
        """The controls the chart kind reads, shown; a time series' "Top" says the at most ten lines it draws
        (it read "Top 30" over ten lines), the number chosen for the other kinds kept for them."""
        kind = self.kind_combo.currentData()
        scatter = kind == ChartKind.SCATTER.value
        self.x_label.setVisible(scatter)
        self.x_combo.setVisible(scatter)
        self.top_spin.setVisible(not scatter)
        self.sort_check.setEnabled(not scatter)
        self.year_combo.setVisible(self._uses_year())
        series = kind == ChartKind.SERIES.value
        if series != (self.top_spin.maximum() == MAX_LINES):
            blocked = self.top_spin.blockSignals(True)
            if series:
                self._top_other_kinds = self.top_spin.value()
                self.top_spin.setRange(1, MAX_LINES)
                self.top_spin.setValue(min(self._top_other_kinds or MAX_LINES, MAX_LINES))
                self.top_spin.setToolTip(self.tr("A time series draws at most {n} lines").format(n=MAX_LINES))
            else:
                self.top_spin.setRange(0, 500)
                self.top_spin.setValue(self._top_other_kinds)
                self.top_spin.setToolTip("")
            self.top_spin.blockSignals(blocked)
        self._show_map_controls()

    def _show_map_controls(self) -> None:
        is_map = self.is_map()
        for w in self.map_controls:
            w.setVisible(is_map)
        # a map draws every region, in no order: its Top and Sort are greyed, and given back on leaving it
        # (they stayed greyed in every chart drawn after a map)
        self.top_spin.setEnabled(not is_map)
        self.sort_check.setEnabled(not is_map and self.kind_combo.currentData() != ChartKind.SCATTER.value)

    def select_categories(self, indexes, add: bool = False) -> None:
        """Select in the table the rows behind these chart categories."""
        if self.data is None:
            return
        ids = [rid for i in indexes if 0 <= i < len(self.data.categories) for rid in self.data.categories[i].row_ids]
        self.grid.select_row_ids(ids, add=add)

    def _on_category_clicked(self, index: int, add: bool) -> None:
        self.select_categories([index], add)

    def _on_categories_selected(self, indexes: list, add: bool) -> None:
        self.select_categories(indexes, add)

    # --- export --------------------------------------------------------------------------------
    def export_image(self, path: str | Path) -> Path:
        """Write the chart (title and source caption included) as PNG or SVG, atomically."""
        path = Path(path)
        plot = self.ensure_plot()
        if self.is_map():
            plot = self.ensure_map_plot()
        suffix = path.suffix.lower()
        if suffix not in (".png", ".svg"):
            raise ValueError(f"choose a .png or .svg file name, not {path.name!r}")
        from ipexplorer.export.files import atomic_path
        from ipexplorer.export.sheets import ExportError

        try:
            with atomic_path(path) as tmp:
                if suffix == ".png":
                    plot.export_png(str(tmp))
                else:
                    plot.export_svg(str(tmp))
                if os.path.getsize(tmp) == 0:
                    raise OSError("the image came out empty")
        except ExportError as exc:
            raise OSError(str(exc)) from None
        return path

    def export_image_dialog(self, fmt: str) -> None:
        """Ask where (the exports' one question), then write the image; a failure says so as every export does."""
        from ipexplorer.ui.shell.export_dialog import export_failed
        from ipexplorer.ui.shell.save_dialog import ask_save_path

        path = ask_save_path(self, self.tr("Export chart"), f"chart.{fmt}", (fmt,))
        if path is None:
            return
        try:
            self.export_image(path)
        except (OSError, ValueError) as exc:
            log.warning("chart export failed: %s", exc)
            export_failed(str(exc), self)

    # --- the same chart from a script -----------------------------------------------------------
    def command_line(self, out: str = "chart.png") -> str:
        """The `ipexplorer chart` line that draws this chart at the plot's size; ValueError if it has none."""
        from ipexplorer.export.chart_image import KINDS, chart_command

        state = self.view_model.state
        table_no = state.table
        if table_no is None:
            raise ValueError(self.tr("Charts of all observations have no command line: choose a table"))
        spec = self.spec()
        kind = next(name for name, value in KINDS.items() if value == spec.kind.value)
        size = (self.plot.width(), self.plot.height()) if self.plot is not None else (1200, 800)
        return chart_command(table_no, kind, spec, layout=state.layout, state=self.model.state,
                             language=self.language, size=size, palette=self.palette_name(), out=out,
                             db=str(self.db_path))

    def copy_command(self) -> None:
        try:
            QGuiApplication.clipboard().setText(self.command_line())
        except ValueError as exc:
            self._show_status(str(exc))

    def python_script(self) -> str:
        """The table's script, with the chart's command line as a comment when it has one."""
        try:
            command = self.command_line()
        except ValueError:
            command = None
        from ipexplorer.export.scripts import view_script

        return view_script(self.view_state(), db=self.db_path, dataset=self.dataset, chart_command=command)

    def copy_python(self) -> None:
        QGuiApplication.clipboard().setText(self.python_script())

    def export_data_dialog(self) -> None:
        """The chart's numbers go through the app's Excel/CSV exporter (run by the window, in the background)."""
        if self.data is None or self.run_export is None:
            return
        from ipexplorer.ui.shell.save_dialog import ask_save_path

        path = ask_save_path(self, self.tr("Export chart data"), "chart.xlsx")
        if path is not None:
            self.run_export(self.chart_data_request(path))

    def chart_data_request(self, path: Path):
        """The chart's numbers as one sheet (categories, then a column per series), with the table's filters."""
        from ipexplorer.export.sheets import Sheet, SheetColumn
        from ipexplorer.query.columns import Kind
        from ipexplorer.ui.shell.export_dialog import ExportRequest

        data, language, state = self.data, self.language, self.model.state
        kind = Kind.PERCENT if data.percent else Kind.INT
        header = data.header(language)
        columns = [SheetColumn(header[0]), SheetColumn(header[1])] + [SheetColumn(h, kind) for h in header[2:]]
        names = "en" if language == "en" else "zh"
        filters = ([f"“{state.quick_text.strip()}”"] if state.quick_text.strip() else []) + [
            part_text(filter_part(self.dataset, f, names)) for f in state.filters]
        request = ExportRequest(path=Path(path), scope="chart", language=language, db_path=self.db_path,
                                dataset=self.dataset, state=state, filters=filters)
        request.sheet = Sheet("图表 Chart", columns, data.rows(), len(data.categories),
                              description=f"{data.title_zh} · {data.title_en}")
        return request

    # --- persistence --------------------------------------------------------------------------
    def _restore_spec(self) -> None:
        try:
            self._saved = json.loads(self.settings.get("charts/spec") or "{}")
        except ValueError:
            self._saved = {}
        saved = self._saved
        self._updating = True
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(saved.get("kind", "bars"))))
        self.top_spin.setValue(int(saved.get("top", 30)))
        self.sort_check.setChecked(bool(saved.get("sort", True)))
        self.totals_check.setChecked(bool(saved.get("totals", False)))
        self.regions_combo.setCurrentIndex(max(0, self.regions_combo.findData(saved.get("regions", "auto"))))
        self.scale_combo.setCurrentIndex(max(0, self.scale_combo.findData(saved.get("scale", "1"))))
        self.palette_combo.setCurrentIndex(max(0, self.palette_combo.findData(saved.get("palette", "auto"))))
        self.classing_combo.setCurrentIndex(max(0, self.classing_combo.findData(saved.get("classing", "quantiles"))))
        self.classes_spin.setValue(int(saved.get("classes", 5)))
        self.map_combo.setCurrentIndex(max(0, self.map_combo.findData(saved.get("map", "auto"))))
        self.cities_check.setChecked(bool(saved.get("cities", False)))
        self._show_map_controls()
        self._updating = False

    def _save_spec(self) -> None:
        spec = self.spec()
        top = self._top_other_kinds if spec.kind is ChartKind.SERIES else spec.top_n
        self._saved = {"kind": spec.kind.value, "slice": [spec.measure, spec.ip_type],
                       "x": [spec.x_measure, spec.x_ip_type], "year": spec.year, "top": top or 0,
                       "sort": spec.sort_desc, "totals": spec.include_totals, "regions": spec.regions,
                       "scale": self.scale_combo.currentData(), "palette": self.palette_combo.currentData(),
                       "classing": self.classing_combo.currentData(), "classes": self.classes_spin.value(),
                       "cities": self.cities_check.isChecked(), "map": self.map_combo.currentData()}
        self.settings.set("charts/spec", json.dumps(self._saved))

    def save(self) -> None:
        if not self.in_tabs():   # in tabs the splitter is empty: the user's split is kept for when it returns
            # the pane's own split is not kept: restored, it would stay at the width it was laid out for
            self.settings.set("charts/splitter", b"" if self._split_ours else bytes(self.splitter.saveState()))

    def restore_splitter(self) -> None:
        state = self.settings.get("charts/splitter")
        if state:
            from PySide6.QtCore import QByteArray

            self._sized = self.splitter.restoreState(QByteArray(state))
            self._split_ours = not self._sized

    def _on_split_moved(self, *_args) -> None:
        self._split_ours = False   # the user's divider: it stays where they left it

    def shutdown(self) -> None:
        self._closed = True            # a last signal of the table must not query after the worker stopped
        self._refresh_timer.stop()
        self.runner.shutdown()
        self.grid.shutdown()


def make(ctx: PaneContext) -> ChartPane:
    """The Charts pane in the window: it draws the shared view; its grid's rows and selection fill the status bar."""
    pane = ChartPane(ctx.view, ctx.db_path, ctx.settings, ctx.parent)
    pane.run_export = ctx.host.run_export
    pane.grid.rows_changed.connect(ctx.host.show_rows_text)
    pane.grid.stats_changed.connect(ctx.host.show_stats_text)
    pane.grid.open_report_line.connect(ctx.host.open_report_line)
    pane.restore_splitter()
    return pane
