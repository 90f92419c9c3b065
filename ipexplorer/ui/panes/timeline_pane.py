"""The Timeline pane: every edition's events on an axis in lanes by category, a list beside it, details.

A database of several editions shows one timeline over their years: each event names its edition (in the list,
the details and the export), its lines open in that edition's report, and the edition box keeps one edition's.

The list is the one SQL grid over `query.timeline.events_dataset` (the boxes above filter the dataset,
the header sorts and filters it in SQLite; copy, Ctrl+A and the empty state as in every table), and the
axis draws the grid's rows, so both show the same events in the same order and share one selection.
pyqtgraph is imported when the pane is first shown.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.query.builder import QueryState
from ipexplorer.query.datasets import Dataset
from ipexplorer.query.timeline import (
    MONTHS_EN,
    MONTHS_ZH,
    Event,
    EventFilter,
    Lane,
    Period,
    categories_text,
    event_of_record,
    events_dataset,
    layout,
)
from ipexplorer.ui.grid.empty_state import Empty, empty_state
from ipexplorer.ui.grid.sql_grid import SqlGrid
from ipexplorer.ui.pane import Pane, PaneContext
from ipexplorer.ui.runner import Runner
from ipexplorer.ui.shell import first_frame, i18n, theme
from ipexplorer.ui.shell.elided_combo import ElidedCombo
from ipexplorer.ui.shell.filter_edit import FilterEdit
from ipexplorer.ui.shell.menu_button import MenuButton
from ipexplorer.ui.shell.settings import Settings
from ipexplorer.ui.view_model import GridView, load_grid, store_grid

ANY = "__any__"
BOXES_KEY = "timeline/boxes"   # the filter boxes and the event chosen, as JSON
GRID_KEY = "timeline/grid"   # the list's sort and column widths (GridView JSON)
COLUMN_WIDTHS = {"date_label": 92, "edition": 64, "categories": 150, "text": 420,
                 "partners": 110}   # the section stretches


PARTNERS_ZH: dict[str, str] = {}   # country partners' Chinese names, read with the lanes


def partner_text(partner: str) -> str:
    """A partner in the interface's language: 韩国 in Chinese, South Korea in English; WIPO either way."""
    return PARTNERS_ZH.get(partner, partner) if i18n.is_chinese() else partner


def _setup(conn) -> tuple[list[Lane], list[tuple[str, int]], int, Period, dict[str, str], tuple[int, ...]]:
    """What the filters offer: the lanes, the partners with their counts, how many events there are (of every
    edition), the years, the partners' Chinese names and the editions."""
    from ipexplorer.query.datasets import editions_of
    from ipexplorer.query.timeline import lanes, partner_counts, partner_names_zh, timeline_period

    return (lanes(conn), partner_counts(conn), conn.execute("SELECT count(*) FROM edition_event").fetchone()[0],
            timeline_period(conn), partner_names_zh(conn), editions_of(conn))


class TimelinePane(QWidget, Pane):
    """Axis above; list and details below; filters and navigation on top."""

    open_report_line = Signal(int, int)   # (line, edition; 0 the latest): an event's line in its edition's report
    show_region_rows = Signal(str)     # a region's values in the table explorer
    open_region = Signal(str)          # a region's profile
    export_requested = Signal()
    refreshed = Signal()               # the list and axis show the events of the current filters and sort
    details_shown = Signal()           # the selected event's details (and its regions) are in

    def __init__(self, db_path: Path, settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timelinePane")
        self.settings = settings or Settings()
        self.db_path = Path(db_path)
        self.runner = Runner(db_path, self, name="ipexplorer-timeline")
        self.language = "zh" if i18n.is_chinese() else "en"   # category names follow the interface
        self.plot = None
        self.lanes: list[Lane] = []
        self.period: Period | None = None
        self.editions: tuple[int, ...] = ()
        self.total = 0
        self.layout_data = layout([], self.lanes)
        self._events: list[Event] = []     # the grid's rows as events, in its order: what the axis draws
        self._selected_id: int | None = None   # the event selected, found again after a filter or sort
        self._ready = False  # no query until the lanes and partners are in (the view sorts while set up)
        self._build_ui([])
        self.runner.submit(_setup, channel="setup", done=self._on_setup)

    def _on_setup(self, setup: tuple[list[Lane], list[tuple[str, int]], int, Period, dict[str, str],
                                     tuple[int, ...]]) -> None:
        """The lanes and partners arrived: fill the filters, then list the events."""
        self.lanes, partners, self.total, self.period, names_zh, self.editions = setup
        PARTNERS_ZH.update(names_zh)
        self.layout_data = layout([], self.lanes, self.period)
        combos = (self.category_combo, self.partner_combo, self.edition_combo)
        for combo in combos:
            combo.blockSignals(True)
        for lane in self.lanes:
            self.category_combo.addItem(lane.label(self.language), lane.code)
        for name, count in partners:
            self.partner_combo.addItem(f"{partner_text(name)} ({count})", name)
        for edition in reversed(self.editions):
            self.edition_combo.addItem(self.edition_text(edition), edition)
        self.edition_combo.setVisible(len(self.editions) > 1)
        if len(self.editions) > 1:
            self.fit_button.setToolTip(self.tr("Show every year (Ctrl+0)"))
        for combo in combos:
            combo.blockSignals(False)
        self._restore_boxes()
        self._ready = True
        self.refresh()

    # --- building -------------------------------------------------------------------------------
    def _build_ui(self, partners: list[tuple[str, int]]) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        bar = QHBoxLayout()
        self.text_filter = FilterEdit(objectName="timelineText",
                                      placeholderText=self.tr("Filter events (text, partner)…"))
        self.category_combo = ElidedCombo(objectName="timelineCategory")
        self.category_combo.follow_tooltip()
        self.category_combo.addItem(self.tr("All categories"), ANY)
        for lane in self.lanes:
            self.category_combo.addItem(lane.label(self.language), lane.code)
        self.month_combo = ElidedCombo(objectName="timelineMonth")
        self.month_combo.follow_tooltip()
        self.month_combo.addItem(self.tr("All months"), ANY)
        for m in range(1, 13):
            self.month_combo.addItem(MONTHS_ZH[m - 1] if self.language == "zh" else MONTHS_EN[m - 1], m)
        self.partner_combo = ElidedCombo(objectName="timelinePartner")
        self.partner_combo.follow_tooltip()
        self.partner_combo.addItem(self.tr("All partners"), ANY)
        for name, count in partners:
            self.partner_combo.addItem(f"{name} ({count})", name)
        self.edition_combo = ElidedCombo(objectName="timelineEdition")
        self.edition_combo.follow_tooltip()
        self.edition_combo.addItem(self.tr("All editions"), ANY)
        self.edition_combo.setToolTip(self.tr("The events of one edition of the report, or of every edition"))
        self.edition_combo.hide()   # shown when the database holds several editions
        self.count_label = QLabel(objectName="timelineCount")
        bar.addWidget(self.text_filter, 2)
        for combo in (self.edition_combo, self.category_combo, self.month_combo, self.partner_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            bar.addWidget(combo)
        bar.addWidget(self.count_label)
        outer.addLayout(bar)

        nav = QHBoxLayout()
        self.prev_button = self._button("◀ " + self.tr("Previous"), "timelinePrev", self.previous_event,
                                        self.tr("Previous event (Ctrl+←, or ← on the axis)"))
        self.next_button = self._button(self.tr("Next") + " ▶", "timelineNext", self.next_event,
                                        self.tr("Next event (Ctrl+→, or → on the axis)"))
        self.zoom_in_button = self._button(self.tr("Zoom in"), "timelineZoomIn", lambda: self.zoom(0.5),
                                           self.tr("Ctrl++, + on the axis, or the mouse wheel"))
        self.zoom_out_button = self._button(self.tr("Zoom out"), "timelineZoomOut", lambda: self.zoom(2.0), "Ctrl+−")
        self.fit_button = self._button(self.tr("Fit all"), "timelineFit", self.fit_all,
                                       self.tr("Show the whole year (Ctrl+0)"))
        self.export_button = self._button(self.tr("Export…"), "timelineExport", self.export_requested.emit,
                                          self.tr("The events in the list, as Excel or CSV"))
        for w in (self.prev_button, self.next_button, self.zoom_in_button, self.zoom_out_button, self.fit_button):
            nav.addWidget(w)
        nav.addStretch(1)
        nav.addWidget(self.export_button)
        outer.addLayout(nav)

        self.plot_holder = QWidget(objectName="timelinePlotHolder")
        QVBoxLayout(self.plot_holder).setContentsMargins(0, 0, 0, 0)
        self.grid = SqlGrid(self.db_path, self, language=self.language)
        self.grid.setObjectName("eventList")
        self.grid.set_loading_text(self.tr("Loading events…"))   # the list's empty state, until the rows come
        # the axis says the same over itself (and before it exists): loading, or that no event is listed
        self.plot_message = QLabel(self.plot_holder, objectName="timelinePlotMessage")
        self.plot_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plot_message.setWordWrap(True)
        self.plot_message.setFont(self.grid.empty_text.font())
        self.plot_message.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.plot_holder.installEventFilter(self)   # the message covers the holder, whatever its size
        self.view = self.grid.view
        self.model = self.grid.model
        self.model.row_tooltip = self._cell_tooltip
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.grid.header.setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.model.loaded.connect(self._on_rows)
        self.model.rowsInserted.connect(lambda *_a: self._on_rows())
        # a failed query is an answer too: the axis shows what the list shows, and says the failure with it (a
        # first query that failed left "Loading events…" over the axis for good)
        self.model.query_failed.connect(lambda _msg: self._on_rows())
        self.grid.open_report_line.connect(self.open_report_line)
        self.grid.clear_requested.connect(self.clear_filters)

        self.details = QTextBrowser(objectName="eventDetails")
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._on_link)
        self.report_button = self._button(self.tr("Open in report"), "eventOpenReport", self.open_in_report, "")
        self.region_button = MenuButton(objectName="eventRegions", text=self.tr("Regions"))
        self.region_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.region_button.setMenu(QMenu(self.region_button))
        detail_box = QWidget()
        dl = QVBoxLayout(detail_box)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.region_button)
        buttons.addStretch(1)
        dl.addLayout(buttons)

        self.list_splitter = QSplitter(Qt.Orientation.Horizontal, objectName="timelineListSplitter")
        self.list_splitter.addWidget(self.grid)
        self.list_splitter.addWidget(detail_box)
        self.list_splitter.setStretchFactor(0, 3)
        self.list_splitter.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="timelineSplitter")
        self.splitter.addWidget(self.plot_holder)
        self.splitter.addWidget(self.list_splitter)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)
        self.plot_holder.setMinimumHeight(9 * 22 + 50)  # every lane readable
        self._default_split()
        for key, splitter in (("timeline/splitter", self.splitter), ("timeline/list_splitter", self.list_splitter)):
            state = self.settings.get(key)
            if state:
                splitter.restoreState(QByteArray(state))

        self._text_timer = QTimer(self, singleShot=True, interval=150)
        self._text_timer.timeout.connect(self.refresh)
        self.text_filter.textChanged.connect(lambda _t: self._text_timer.start())
        self.text_filter.returnPressed.connect(self.refresh)
        for combo in self._boxes().values():
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for keys, slot in (("Ctrl+Left", self.previous_event), ("Ctrl+Right", self.next_event),
                           ("Ctrl++", lambda: self.zoom(0.5)), ("Ctrl+=", lambda: self.zoom(0.5)),
                           ("Ctrl+-", lambda: self.zoom(2.0)), ("Ctrl+0", self.fit_all)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._show_details(None)
        self._update_plot_message()

    def _button(self, text: str, name: str, slot, tip: str) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.clicked.connect(lambda _=False: slot())
        if tip:
            button.setToolTip(tip)
        return button

    def ensure_plot(self):
        """Create the axis (importing pyqtgraph) the first time it is needed."""
        if self.plot is None:
            from ipexplorer.ui.plots.timeline_plot import TimelinePlot

            self.plot = TimelinePlot(self)
            self.plot.apply_palette(theme.palette_name())
            self.plot.set_language(self.language)
            self.plot_holder.layout().addWidget(self.plot)
            self.plot.event_clicked.connect(self.select_index)
            self.plot.range_moved.connect(self._list_follows_axis)
            self.plot.installEventFilter(self)  # ← / → step through events, + / − zoom
            self.plot.set_layout(self.layout_data)
            self.plot.set_selected(self.current_index())
            self._update_plot_message()
        return self.plot

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.plot is None:   # after the first frame, once pyqtgraph is imported (off the GUI thread), and
            # after this pane's own first frame: the bar, list and details show at once, the axis (a third of
            # the first switch's work, pyqtgraph's items) follows them
            first_frame.when_plots_ready(lambda: first_frame.after_next_paint(self, self.ensure_plot), self)

    # --- data -----------------------------------------------------------------------------------
    def event_filter(self) -> EventFilter:
        def chosen(combo: QComboBox):
            value = combo.currentData()
            return None if value == ANY else frozenset({value})

        return EventFilter(self.text_filter.text(), chosen(self.category_combo), chosen(self.month_combo),
                           chosen(self.partner_combo), chosen(self.edition_combo))

    def edition_text(self, edition: int | None) -> str:
        """"2019 edition", naming the report an event is printed in."""
        return self.tr("{year} edition").format(year=edition) if edition else ""

    def refresh(self) -> None:
        """The boxes' filters as the grid's dataset (its sort and column filters kept); the grid reads the rows
        off the GUI thread, and `refreshed` says list and axis show them."""
        if not self._ready:
            return
        if self.model.dataset is None:   # the first list: the sort and widths the last session left
            saved = load_grid(self.settings, GRID_KEY).restricted_to(self._dataset())
            self._list(QueryState(sort=saved.sort), saved.widths)
        else:                            # the user's sort, column filters and widths survive a filter
            self._list(self.grid.state, self.grid.column_widths())

    def _dataset(self) -> Dataset:
        several = len(self.editions) > 1
        with_year = self.period is not None and self.period.first != self.period.last
        return events_dataset(self.event_filter(), self.language, several, with_year=with_year)

    def _list(self, state: QueryState, widths: Iterable[tuple[str, int]] = ()) -> None:
        """The boxes' events in the list, in `state`'s order and column filters, its columns `widths` wide (the
        others at their first widths)."""
        self.grid.outside_filters = self.event_filter().active
        self.grid.show_dataset(self._dataset(), state, autosize=False)
        self.grid.set_column_widths({**COLUMN_WIDTHS, **dict(widths)}.items())

    def clear_filters(self) -> None:
        """The empty state's way out: every box and every column filter off (the sort kept)."""
        self._clear_boxes()
        self.grid.clear_filters()
        self.refresh()

    def _clear_boxes(self) -> None:
        """The filter boxes back to every event, without a list for each box put back."""
        self._ready, ready = False, self._ready
        self.text_filter.clear()
        self._text_timer.stop()
        for combo in self._boxes().values():
            combo.setCurrentIndex(0)
        self._ready = ready

    def _on_rows(self) -> None:
        """The grid's rows changed (a filter, a sort, the rest of a page): the axis draws them, the selected
        event stays selected if it is still listed."""
        if not self.model.fully_loaded:
            self.model.fetch_all()   # the axis shows every event of the list, not the first page
            return
        events = [event_of_record(self.model.record(r), self.period) for r in range(self.model.rowCount())]
        self._events = events
        self.layout_data = layout(events, self.lanes, self.period)
        if self.plot is not None:
            self.plot.set_layout(self.layout_data, keep_range=True)
        self.count_label.setText(self.tr("{shown} / {total} events").format(shown=len(events), total=self.total))
        row = self.model.row_of_id(self._selected_id) if self._selected_id is not None else None
        if row is None:
            self._selected_id = None
            self._show_details(None)
            if self.plot is not None:
                self.plot.set_selected(None)
        elif self.current_index() == row:    # a sort moved it: the selection went with it
            if self.plot is not None:
                self.plot.set_selected(row)
        else:
            self.select_index(row)
        self._update_plot_message()
        self._update_steps()
        self.refreshed.emit()

    def plot_message_text(self) -> str:
        """What the axis says over itself: "Loading events…" until its events are drawn, the list's failure when
        its query failed, an honest empty state when the filters leave none, nothing when it shows events (the
        grid's rule: ui/grid/empty_state)."""
        query = self.grid.state
        state = empty_state(
            empty=not self._events, failed=self._ready and bool(self.grid.failure),
            loading=not self._ready or self.grid.is_loading() or not self.model.fully_loaded or self.plot is None,
            filtered=bool(self.event_filter().active or query.filters or query.quick_text))
        if state is None:
            return ""
        if state is Empty.FAILED:
            return self.grid.failure_text()
        if state is Empty.LOADING:
            return self.grid.loading_text
        return self.tr("No events match the filters") if state is Empty.NO_MATCH else self.tr("No events")

    def _update_plot_message(self) -> None:
        text = self.plot_message_text()
        self.plot_message.setText(text)
        self.plot_message.setVisible(bool(text))
        self.plot_message.setGeometry(self.plot_holder.rect())
        self.plot_message.raise_()

    def _cell_tooltip(self, record: dict, key: str) -> str | None:
        """The text and section in full (the list elides them)."""
        if key in ("text", "section") and record.get(key):
            return f"<p>{html.escape(record[key])}</p>"
        return None

    def _categories_text(self, event: Event) -> str:
        return categories_text(event.categories, self.lanes, self.language)

    @property
    def events(self) -> list[Event]:
        """The listed events, in the list's order (row i of the list is event i of the axis)."""
        return self._events

    def current_index(self) -> int | None:
        index = self.view.currentIndex()
        return index.row() if index.isValid() and self.view.selectionModel().isSelected(index) else None

    def current_event(self) -> Event | None:
        row = self.current_index()
        return self._events[row] if row is not None and row < len(self._events) else None

    def edit_grid(self) -> SqlGrid:
        """Edit › Copy and Select all: the events' list (Ctrl+C and Ctrl+A worked in it, the menu offered neither)."""
        return self.grid

    def find_box(self) -> FilterEdit:
        """Find: the events' text filter (Ctrl+F left the pane for the Tables pane's box)."""
        return self.text_filter

    # --- selection ------------------------------------------------------------------------------
    def select_index(self, row: int) -> None:
        """Select the event at list row `row` in the list, on the axis and in the details."""
        if not 0 <= row < min(self.model.rowCount(), len(self._events)):
            return
        # the current cell is the row's category, in sight beside the frozen date: on the text cell, wider than
        # the list, ↓ from there scrolled the category out of sight at each step
        index = self.model.index(row, self.model.column_index("categories"))
        across = self.view.horizontalScrollBar()
        left = across.value()   # the current cell scrolls the view to it: down to its row only, as below
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(index, self.view.selectionModel().SelectionFlag.ClearAndSelect
                                          | self.view.selectionModel().SelectionFlag.Rows)
        across.setValue(left)
        self._scroll_to_row(row)
        self._apply_selection(row)

    def _scroll_to_row(self, row: int,
                       hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Down (or up) to list row `row` only: the columns stay where the user has them (the text cell, wider
        than the list, scrolled the category column out of sight at each step)."""
        across = self.view.horizontalScrollBar()
        left = across.value()
        self.view.scrollTo(self.model.index(row, self.model.column_index("text")), hint)
        across.setValue(left)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self._events):
            self._apply_selection(current.row())

    def _update_steps(self) -> None:
        """Previous and Next greyed where there is no event to step to: none listed, or at either end."""
        n, row = len(self._events), self.current_index()
        self.prev_button.setEnabled(n > 0 and (row is None or row > 0))
        self.next_button.setEnabled(n > 0 and (row is None or row < n - 1))

    def _apply_selection(self, row: int) -> None:
        self._selected_id = self._events[row].event_id
        if self.plot is not None:
            self.plot.set_selected(row)
            self.plot.ensure_visible(row)
        self._show_details(self._events[row])
        self._update_steps()

    def next_event(self) -> None:
        row = self.current_index()
        self.select_index(0 if row is None else min(row + 1, self.model.rowCount() - 1))

    def previous_event(self) -> None:
        row = self.current_index()
        self.select_index(self.model.rowCount() - 1 if row is None else max(row - 1, 0))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.plot_holder and event.type() == QEvent.Type.Resize:
            self.plot_message.setGeometry(self.plot_holder.rect())
        elif watched is self.plot and event.type() == QEvent.Type.KeyPress:
            actions = {Qt.Key.Key_Right: self.next_event, Qt.Key.Key_Left: self.previous_event,
                       Qt.Key.Key_Plus: lambda: self.zoom(0.5), Qt.Key.Key_Equal: lambda: self.zoom(0.5),
                       Qt.Key.Key_Minus: lambda: self.zoom(2.0), Qt.Key.Key_0: self.fit_all}
            action = actions.get(Qt.Key(event.key()))
            if action is not None:
                action()
                return True
        return super().eventFilter(watched, event)

    def _list_follows_axis(self, lo: float, hi: float) -> None:
        """Zoomed or panned with no event selected: the list scrolls to the first event the axis shows (a
        selected event keeps the list where it is)."""
        if self.current_index() is not None or self.plot is None or self.plot.layout_data is None:
            return
        row = self.plot.layout_data.first_in_view(lo, hi)
        if row is not None and row < self.model.rowCount():
            self._scroll_to_row(row, QAbstractItemView.ScrollHint.PositionAtTop)

    # --- zoom -----------------------------------------------------------------------------------
    def zoom(self, factor: float) -> None:
        """Zoom the axis around the selected event (or the view's middle)."""
        plot = self.ensure_plot()
        row = self.current_index()
        items = self.layout_data.items_of(row) if row is not None else []
        center = None
        if items:
            first = items[0]
            center = first.x if hasattr(first, "count") else (first.x0 + first.x1) / 2
        plot.zoom(factor, center)

    def fit_all(self) -> None:
        self.ensure_plot().fit_all()

    # --- details --------------------------------------------------------------------------------
    def _show_details(self, event: Event | None) -> None:
        menu = self.region_button.menu()
        menu.clear()
        self.report_button.setEnabled(event is not None)
        if event is None:
            self.details.setHtml("<p style='color:gray'>" + self.tr("Select an event to see it in full.") + "</p>")
            self.region_button.setEnabled(False)
            return
        from ipexplorer.query.timeline import regions_named

        self._show_event(event, [], final=False)   # at once; the regions it names follow from the worker
        self.runner.submit(regions_named, event, channel="regions",
                           done=lambda regions, e=event: self._show_event(e, regions))

    def _show_event(self, event: Event, regions: list[tuple[str, str, str]], *, final: bool = True) -> None:
        menu = self.region_button.menu()
        menu.clear()
        cats = self._categories_text(event)
        partners = "; ".join(partner_text(p) for p in event.partners) or "—"
        roles = {"venue": self.tr("venue"), "subject": self.tr("subject")}
        links = " ".join(f"<a href='region:{html.escape(zh)}'>{html.escape(zh)} {html.escape(en)}</a>"
                         f" <span style='color:gray'>({roles.get(role, role)})</span>"
                         for zh, en, _kind, role in regions)
        # the labels outside the f-string: lupdate finds (and the .qm translates) only plain tr() calls
        label_categories, label_partners = self.tr("Categories:"), self.tr("Partners:")
        label_section, label_regions = self.tr("Section:"), self.tr("Regions:")
        line_text = self.tr("report line {line}").format(line=event.source_line)
        if len(self.editions) > 1 and event.edition:   # the line is of that edition's report
            line_text = f"{self.edition_text(event.edition)}, {line_text}"
        also = [n for n in event.sources if n != event.source_line]   # the same event printed again elsewhere
        also_links = ", ".join(f"<a href='line:{n}'>{n}</a>" for n in also)
        also_said = self.tr("also printed at line {lines}") if len(also) == 1 else self.tr(
            "also printed at lines {lines}")
        also_text = " · " + also_said.replace("{lines}", also_links) if also else ""
        self.details.setHtml(
            f"<h3 style='margin:0'>{html.escape(event.date_label(self.language))} "
            f"<span style='color:gray;font-weight:normal'>{event.date}"
            f"{' – ' + event.end_date if event.end_date else ''}</span></h3>"
            f"<p>{html.escape(event.text)}</p>"
            f"<p><b>{label_categories}</b> {html.escape(cats)}<br><b>{label_partners}</b> "
            f"{html.escape(partners)}<br><b>{label_section}</b> {html.escape(event.section)} · "
            f"<a href='line:{event.source_line}'>{line_text}</a>{also_text}"
            + (f"<br><b>{label_regions}</b> {links}" if links else "") + "</p>")
        for zh, en, _kind, _role in regions:
            name = zh if self.language == "zh" else f"{en} {zh}"
            menu.addAction(self.tr("{region}: show its rows").format(region=name),
                           lambda _=False, z=zh: self.show_region_rows.emit(z))
            menu.addAction(self.tr("{region}: region profile").format(region=name),
                           lambda _=False, z=zh: self.open_region.emit(z))
        self.region_button.setEnabled(bool(regions))
        if final:
            self.details_shown.emit()

    def _on_link(self, url) -> None:
        text = url.toString()
        kind, _, value = text.partition(":")
        if kind == "line":   # a line of the event shown, in its edition's report
            event = self.current_event()
            self.open_report_line.emit(int(value), int(event.edition or 0) if event is not None else 0)
        elif kind == "region":
            self.show_region_rows.emit(value)

    def open_in_report(self) -> None:
        event = self.current_event()
        if event is not None:
            self.open_report_line.emit(event.source_line, int(event.edition or 0))

    # --- export and lifetime --------------------------------------------------------------------
    def export_sheet(self):
        """The events the list shows, in its order, as a sheet for the exporter."""
        from ipexplorer.export.events import events_sheet

        return events_sheet(self._events, self.lanes, self.event_filter())

    def apply_palette(self, name: str) -> None:
        """The list (Pane's default) and, once built, the axis in the named palette."""
        super().apply_palette(name)
        if self.plot is not None:
            self.plot.apply_palette(name)
        self._show_details(self.current_event())   # its links are coloured when the text is made: made again

    def save(self) -> None:
        self.settings.set("timeline/splitter", bytes(self.splitter.saveState()))
        self.settings.set("timeline/list_splitter", bytes(self.list_splitter.saveState()))
        if self.model.dataset is not None:   # never listed: what the last session kept stays
            store_grid(self.settings, GRID_KEY, GridView.of(self.grid))
            boxes = {key: combo.currentData() for key, combo in self._boxes().items()
                     if combo.currentData() != ANY}
            self.settings.set(BOXES_KEY, json.dumps({"text": self.text_filter.text(), **boxes,
                                                     "event": self._selected_id}, ensure_ascii=False))

    def _boxes(self) -> dict[str, QComboBox]:
        return {"category": self.category_combo, "month": self.month_combo, "partner": self.partner_combo,
                "edition": self.edition_combo}

    def _restore_boxes(self) -> None:
        """The filter boxes and the event chosen as the last session (or the window before a language switch)
        left them: they were lost, the list's sort and widths kept. A value no longer offered is left out."""
        saved = json.loads(self.settings.get(BOXES_KEY) or "{}")   # Settings reads a JSON object or nothing
        if isinstance(saved.get("text"), str):
            self.text_filter.blockSignals(True)
            self.text_filter.setText(saved["text"])
            self.text_filter.blockSignals(False)
        for key, combo in self._boxes().items():
            index = combo.findData(saved.get(key)) if isinstance(saved.get(key), (str, int)) else -1
            if index >= 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
        if isinstance(saved.get("event"), int) and not isinstance(saved.get("event"), bool):
            self._selected_id = saved["event"]

    def reset_view(self) -> None:
        """The pane as on a first start, as View › Reset view puts every pane: the splits, every event (the boxes
        and column filters off, as the Tables pane's are), the list in date order, its columns' first widths, the
        whole year on the axis and no event chosen (the zoom and the event were kept)."""
        self.settings.clear_group("timeline/")
        self._default_split()
        self._clear_boxes()
        self._selected_id = None
        self.view.clearSelection()
        self._show_details(None)
        if self.plot is not None:
            self.plot.set_selected(None)
            self.plot.fit_all()
        if self._ready and self.model.dataset is not None:
            self._list(QueryState())

    def _default_split(self) -> None:
        self.splitter.setSizes([460, 300])
        self.list_splitter.setSizes([640, 400])

    shared_view = None   # the shared table view (set by `make`): an export names regions in its language

    def names_language(self) -> str:
        return self.shared_view.state.names if self.shared_view is not None else "both"

    def can_export(self) -> bool:
        return True

    def request_export(self, path: Path | None = None):
        """The listed events (filtered, in the list's order) as a workbook or CSV."""
        from ipexplorer.ui.shell.export_dialog import ExportRequest
        from ipexplorer.ui.shell.save_dialog import ask_save_path

        if path is None:
            path = ask_save_path(self, self.tr("Export events"), "events.xlsx")
            if path is None:
                return None
        request = ExportRequest(path=Path(path), scope="events", language=self.names_language(),
                                db_path=self.db_path)
        request.sheet = self.export_sheet()
        flt = self.event_filter()
        if flt.active:
            from ipexplorer.export.events import describe_filter

            request.filters = [describe_filter(flt, self.lanes)]
        return request

    def shutdown(self) -> None:
        """Stop the worker; a filter typed just before (its timer pending) no longer queries."""
        self._text_timer.stop()
        self._ready = False
        self.grid.shutdown()
        self.runner.shutdown()


def make(ctx: PaneContext) -> TimelinePane:
    """The Timeline in the window: an event leads to its report line, a region's profile or rows."""
    pane = TimelinePane(ctx.db_path, ctx.settings, ctx.parent)
    pane.shared_view = ctx.view
    pane.open_report_line.connect(ctx.host.open_report_line)
    pane.show_region_rows.connect(ctx.host.show_region_rows)
    pane.open_region.connect(ctx.host.open_region)
    pane.export_requested.connect(ctx.host.export)
    return pane
