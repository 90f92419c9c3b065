"""The Regions pane: find a province, city, territory or country, and see everything about it.

Left, a searchable list (Chinese, English, pinyin or ISO code), grouped by kind. Right, the
profile: who it is, its values in every table with change and rank, a compact year-before-vs-latest
chart (pyqtgraph, loaded when a profile is first shown), its 第九章 narrative and the events
that name it. Double-clicking a value or an event opens the report at its line.

The values are the one SQL grid over `query.profiles.values_dataset`: sorted and filtered in SQLite from
the header, copied, selected (Ctrl+A: every value) and summed like any table of the app.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.query.builder import QueryState
from ipexplorer.query.emphasis import emphasis_html
from ipexplorer.query.names import toned_pinyin
from ipexplorer.query.profiles import RegionEntry, RegionProfile, region_list, region_profile, values_dataset
from ipexplorer.ui.grid.sql_grid import SqlGrid
from ipexplorer.ui.pane import Pane, PaneContext
from ipexplorer.ui.runner import Runner
from ipexplorer.ui.shell import i18n, theme
from ipexplorer.ui.shell.empty_note import EmptyNote
from ipexplorer.ui.shell.errors import show_error
from ipexplorer.ui.shell.settings import Settings
from ipexplorer.ui.view_model import GridView, load_grid, store_grid

log = logging.getLogger(__name__)

SHOWN_KEY = "regions/shown"   # the region whose profile was shown
REGION_ROLE = Qt.ItemDataRole.UserRole          # the region's Chinese name (None on a kind's header row)
LINE_ROLE = Qt.ItemDataRole.UserRole + 1        # the report line an event comes from
EDITION_ROLE = Qt.ItemDataRole.UserRole + 2     # … and its edition (0: the latest, in a one-edition database)
HOLD_PAINT_MS = 500                              # the longest a profile's side waits for its parts unpainted
GRID_KEY = "regions/grid"                        # a profile's values: sort, widths set by hand (GridView JSON)


class RegionListModel(QAbstractListModel):
    """The regions found by the search, with a header row before each kind."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[RegionEntry | tuple[str, str]] = []

    def set_entries(self, entries: list[RegionEntry]) -> None:
        self.beginResetModel()
        self.rows = []
        kind = None
        for entry in entries:
            if entry.kind != kind:
                kind = entry.kind
                self.rows.append((entry.kind_zh, entry.kind_en))
            self.rows.append(entry)
        self.endResetModel()

    def entries(self) -> list[RegionEntry]:
        return [r for r in self.rows if isinstance(r, RegionEntry)]

    def row_of(self, region_zh: str) -> int:
        return next((i for i, r in enumerate(self.rows) if isinstance(r, RegionEntry) and r.name_zh == region_zh),
                    -1)

    # --- Qt overrides ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if isinstance(row, tuple):
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{row[0]} {row[1]}"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 0.9)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return QGuiApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.name_zh}   {row.name_en}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.name_zh} {row.name_en} · {row.kind_zh} {row.kind_en} · {row.pinyin}"
        if role == REGION_ROLE:
            return row.name_zh
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self.rows[index.row()], tuple):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RegionsPane(QWidget, Pane):
    """Searchable regions on the left, the chosen region's profile on the right."""

    open_report_line = Signal(int, int)   # (line, edition; 0 the latest)
    region_shown = Signal(str)
    show_in_tables = Signal(str)      # the region's rows in the Tables pane

    def __init__(self, db_path: Path, parent: QWidget | None = None, run_export: Callable | None = None,
                 settings: Settings | None = None):
        super().__init__(parent)
        self.setObjectName("regionsPane")
        self.db_path = Path(db_path)
        self.settings = settings or Settings()
        self.runner = Runner(self.db_path, self, name="ipexplorer-regions")
        self.run_export = run_export
        self.profile: RegionProfile | None = None
        # the parts of the profile shown still to come: `region_shown` once none is left (the values arrive from
        # the worker; the chart and the text are drawn in turns of their own, so no one stretch of the GUI
        # thread holds a whole profile)
        self._pending_parts: set[str] = set()
        # the profile's side is painted once a new profile's parts are all in place (_hold_paint): painted as
        # they came, it was painted whole with the values table emptied and the chart at the last profile's
        # width, then whole again when the values arrived and took their width (two passes of ~10 ms each)
        self._held = False
        self._hold_timer = QTimer(self, singleShot=True, interval=HOLD_PAINT_MS)
        self._hold_timer.timeout.connect(self._release_paint)
        self.chart = None        # RegionChart, created when a profile first shows
        self.locator = None      # MapPlot: where the region is, created with the chart
        self._build_ui()
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._open_first)
        self.region_view.selectionModel().currentChanged.connect(self._on_current)
        self.values.open_report_line.connect(self.open_report_line)
        self.values.clear_requested.connect(self.values.clear_filters)
        self.values_model.loaded.connect(self._on_values_loaded)
        self.values_model.query_failed.connect(lambda _msg: self._release_paint())
        self.events_list.itemDoubleClicked.connect(self._open_event)
        self.narrative.anchorClicked.connect(self._on_anchor)
        self.export_button.clicked.connect(lambda: self.export_profile())
        self.tables_button.clicked.connect(lambda: self.profile and self.show_in_tables.emit(self.profile.name))
        self.refresh_list()
        self._restore_shown()

    def _restore_shown(self) -> None:
        """The profile the last session (or the window before a language switch) showed, asked for quietly: a
        region this database does not hold leaves the page that asks for one (a restart showed it empty)."""
        saved = self.settings.get(SHOWN_KEY)
        if saved:
            self.show_region(saved, quiet=True)

    # --- construction ------------------------------------------------------------------------
    def _build_ui(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.splitter = QSplitter(objectName="regionsSplitter")
        layout.addWidget(self.splitter)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(objectName="regionSearch",
                                placeholderText=self.tr("Find a region (Chinese, English or pinyin)…"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self.refresh_list)
        left_layout.addWidget(self.search)
        self.list_model = RegionListModel(self)
        self.region_view = QListView(objectName="regionList")
        self.region_view.setModel(self.list_model)
        self.region_view.setUniformItemSizes(True)
        self.region_view.setAlternatingRowColors(False)
        self.region_view.setMinimumWidth(170)   # a name in both languages, "广东  Guangdong", stays readable
        left_layout.addWidget(self.region_view, 1)
        self.list_note = EmptyNote(self.region_view, "regionListEmpty")
        self.count_label = QLabel(objectName="regionCount")
        left_layout.addWidget(self.count_label)
        self.splitter.addWidget(left)

        self.right = QStackedWidget(objectName="profileStack")
        empty = QLabel("<h3>" + self.tr("Region profiles") + "</h3><p>"
                       + self.tr("Choose a province, city or country on the left.") + "</p>", objectName="profileEmpty")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right.addWidget(empty)
        page = QWidget(objectName="profilePage")
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(6, 0, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel(objectName="profileTitle")
        self.title.setProperty("i18nData", True)   # the region's names, in both languages
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # it wraps rather than make the page so wide that the region list is squeezed to a sliver (1024 px, 中文)
        self.title.setWordWrap(True)
        head.addWidget(self.title, 1)
        self.head = head   # the profile's small map takes its place here, beside the buttons
        self.tables_button = QPushButton(self.tr("Show in Tables"), objectName="profileShowInTables")
        self.export_button = QPushButton(self.tr("Export profile…"), objectName="exportProfile")
        head.addWidget(self.tables_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        page_layout.addLayout(head)

        self.body = QSplitter(Qt.Orientation.Vertical, objectName="profileBody")
        top = QSplitter(Qt.Orientation.Horizontal, objectName="profileTop")
        self.values = SqlGrid(self.db_path, self, language="zh" if i18n.is_chinese() else "en")
        self.values.setObjectName("profileValues")
        self.values_view = self.values.view
        self.values_model = self.values.model
        self.values_model.row_tooltip = self._value_tooltip
        self.values_view.verticalHeader().hide()
        self.values_view.verticalHeader().setDefaultSectionSize(22)
        # long English measures ("Cumulative registrations at year end") are elided, named in full in the tooltip
        self.values.autosize_limit = 140
        self.values.header.setMaximumSectionSize(140)
        # a column the user widened or narrowed keeps its width, from profile to profile and to the next session;
        # the others are fitted to each profile's values (fit_values)
        self._hand_widths: dict[str, int] = dict(load_grid(self.settings, GRID_KEY).widths)
        self._dragging = False
        for view in (self.values_view, self.values_view.frozen):
            header = view.horizontalHeader()
            header.viewport().installEventFilter(self)
            header.sectionResized.connect(self._on_section_resized)
        self.values.column_fitted.connect(self._on_section_fitted)
        self.values_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.values_stats = QLabel(objectName="profileValueStats")
        self.values.stats_changed.connect(self.values_stats.setText)
        values_box = QWidget(objectName="profileValuesBox")
        values_layout = QVBoxLayout(values_box)
        values_layout.setContentsMargins(0, 0, 0, 0)
        values_layout.setSpacing(2)
        # a region the latest edition's tables leave out shows an older edition's values: which one, said here
        self.values_edition = QLabel(objectName="profileValuesEdition")
        self.values_edition.setWordWrap(True)
        self.values_edition.hide()
        values_layout.addWidget(self.values_edition)
        values_layout.addWidget(self.values, 1)
        values_layout.addWidget(self.values_stats)
        top.addWidget(values_box)
        self.chart_holder = QWidget(objectName="chartHolder")
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_caption = QLabel(objectName="chartCaption")
        self.chart_caption.setWordWrap(True)
        self.chart_layout.addWidget(self.chart_caption)
        top.addWidget(self.chart_holder)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        self.top_splitter = top
        self._user_sized = False   # once the user drags the divider, the values table no longer fits itself
        top.splitterMoved.connect(lambda *_: setattr(self, "_user_sized", True))
        self.body.addWidget(top)

        self.tabs = QTabWidget(objectName="profileTabs")
        self.narrative = QTextBrowser(objectName="profileNarrative")
        self.narrative.setOpenLinks(False)
        self.narrative.setProperty("i18nData", True)   # the report's own text
        self.tabs.addTab(self.narrative, self.tr("Chapter 9"))
        self.events_list = QListWidget(objectName="profileEvents")
        self.events_list.setWordWrap(True)
        self.events_list.setAlternatingRowColors(True)
        self.tabs.addTab(self.events_list, self.tr("Events"))
        self.body.addWidget(self.tabs)
        self.body.setStretchFactor(0, 3)
        self.body.setStretchFactor(1, 2)
        page_layout.addWidget(self.body, 1)
        self.right.addWidget(page)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([210, 900])

    def clear_filters(self) -> None:
        """Edit › Clear all filters: every region listed again, the profile's values unfiltered."""
        self.search.clear()
        self.values.clear_filters()

    def edit_grid(self) -> SqlGrid:
        """Edit › Copy and Select all: the profile's values."""
        return self.values

    def find_box(self) -> QLineEdit:
        """Find: the region search box (Ctrl+F left the pane for the Tables pane's box)."""
        return self.search

    # --- the list --------------------------------------------------------------------------
    def refresh_list(self) -> None:
        """Ask for the regions the search finds (off the GUI thread, a keystroke supersedes the last)."""
        text = self.search.text()
        self.runner.submit(region_list, text, channel="list", done=lambda entries: self._show_list(entries, text))

    def _show_list(self, entries: list[RegionEntry], text: str = "") -> None:
        """The regions found for `text` (what was searched: the box may hold more already)."""
        current = self.profile.name if self.profile else None
        self.list_model.set_entries(entries)
        n = len(entries)
        self.count_label.setText((self.tr("{count} region") if n == 1 else self.tr("{count} regions")).format(
            count=f"{n:,}"))
        text = text.strip()
        self.list_note.say("" if n else self.tr("No region matches “{text}”.").format(text=text) if text
                           else self.tr("This database lists no region."))
        if current is not None:
            self._select_in_list(current)

    def _select_in_list(self, region_zh: str) -> None:
        """Mark the region shown in the list; none when the list does not hold it (a total, opened from a table:
        深圳 stayed marked beside the profile of 国内总计)."""
        row = self.list_model.row_of(region_zh)
        selection = self.region_view.selectionModel()
        selection.blockSignals(True)
        if row < 0:
            selection.clear()   # the current index too
        else:
            self.region_view.setCurrentIndex(self.list_model.index(row))
        selection.blockSignals(False)
        self.region_view.viewport().update()   # the view heard nothing of the change: its marks repainted
        if row >= 0:
            self.region_view.scrollTo(self.list_model.index(row))

    def _open_first(self) -> None:
        if self._search_timer.isActive() or self.runner.is_busy("list"):
            self._search_timer.stop()   # the list for the text typed is not in yet: open its first entry then
            text = self.search.text()
            self.runner.submit(region_list, text, channel="list",
                               done=lambda entries: (self._show_list(entries, text), self._open_first()))
            return
        entries = self.list_model.entries()
        if entries:
            self.show_region(entries[0].name_zh)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        region = current.data(REGION_ROLE) if current.isValid() else None
        if region and (self.profile is None or region != self.profile.name):
            self.show_region(region)

    # --- the profile ---------------------------------------------------------------------------
    def show_region(self, region_zh: str, *, quiet: bool = False) -> None:
        """Ask for the profile of a region by its Chinese name; it shows when it arrives (`region_shown`),
        or a message says the region is unknown and the profile shown stays (`quiet`: only the log says it)."""
        def failed(exc: BaseException) -> None:
            if quiet:
                log.info("no profile of %s: %s", region_zh, exc)
            else:
                self._profile_failed(region_zh, exc)

        self.runner.submit(region_profile, region_zh, channel="profile", done=self._show_profile, failed=failed)

    def _profile_failed(self, region_zh: str, exc: BaseException) -> None:
        if isinstance(exc, KeyError):
            show_error(self.tr("Region not found"),
                       self.tr("No table of the report has a row for “{region}”.").format(region=region_zh),
                       parent=self)
            return
        log.warning("profile query failed: %s", exc)
        show_error(self.tr("Cannot show the profile"), str(exc), parent=self)

    def _show_profile(self, profile: RegionProfile) -> None:
        self.profile = profile
        self._pending_parts = {"values", "chart", "text"}
        self._hold_paint()
        self._show_identity(profile)
        older = profile.older_edition
        self.values_edition.setText(self.tr("Values of the {year} edition: the latest edition's tables have no row "
                                            "for this region.").format(year=older) if older else "")
        self.values_edition.setVisible(bool(older))
        dataset = values_dataset(profile.name, profile.latest_year, "zh" if i18n.is_chinese() else "en")
        # the values' sort goes from profile to profile and from session to session (GridView JSON), and so do
        # the widths the user set by hand; fit_values sizes the other columns to each profile's values
        sort = self.values.state.sort if self.values.dataset is not None \
            else load_grid(self.settings, GRID_KEY).restricted_to(dataset).sort
        self.values.show_dataset(dataset, QueryState(sort=tuple((k, a) for k, a in sort if dataset.has(k))),
                                 autosize=False)   # fit_values sizes them when they arrive
        # the tab with something to read: the report's paragraphs, else the events
        has_text = bool(profile.narrative or profile.mentions)
        self.tabs.setCurrentIndex(0 if has_text or not profile.events else 1)
        self.right.setCurrentIndex(1)
        self._select_in_list(profile.name)
        QTimer.singleShot(0, self, lambda p=profile: self._show_part(p, "chart"))
        QTimer.singleShot(0, self, lambda p=profile: self._show_part(p, "text"))

    def _show_part(self, profile: RegionProfile, part: str) -> None:
        """Draw one part of a profile in its own turn of the event loop, unless another profile came first."""
        if profile is not self.profile or part not in self._pending_parts:
            return
        if part == "chart":
            self.ensure_chart()
        else:
            self._show_narrative(profile)
            self._show_events(profile)
        self._part_shown(part)

    def _part_shown(self, part: str) -> None:
        if part in self._pending_parts and self.profile is not None:
            self._pending_parts.discard(part)
            if not self._pending_parts:
                self._release_paint()
                self.region_shown.emit(self.profile.name)

    def _hold_paint(self) -> None:
        """Keep the profile's side as it is on screen until the new profile's parts are all in (or for at most
        HOLD_PAINT_MS: a values query that never answers leaves nothing held)."""
        if not self._held:
            self._held = True
            self.right.setUpdatesEnabled(False)
        self._hold_timer.start()

    def _release_paint(self) -> None:
        """Paint the profile's side again, whole and once (Qt repaints a widget whose updates come back on)."""
        self._hold_timer.stop()
        if self._held:
            self._held = False
            self.right.setUpdatesEnabled(True)

    def _on_values_loaded(self) -> None:
        """The profile's values are in the grid: the profile is shown (once per profile, not per sort)."""
        self.fit_values()
        self._part_shown("values")

    def title_detail(self) -> str:
        """For the window title: the region shown."""
        if self.profile is None:
            return ""
        return i18n.pick(self.profile.identity.name_zh, self.profile.identity.name_en)

    def _value_tooltip(self, row: dict, _key: str) -> str:
        """A value's sources: both names of its measure and type, its table, unit (in the interface's language: 件
        or items), line and last year's rank."""
        rank = ("\n" + self.tr("Rank in {year}: {rank} / {peers}").format(
            year=(row["year_last"] or 1) - 1, rank=row["rank_prev"], peers=row["peers"])
            if row["rank_prev"] is not None and (row["peers"] or 0) > 1 else "")
        unit = i18n.pick(row["unit_zh"], row["unit_en"])
        return (f"{row['measure_zh']} {row['measure_en']} · {row['type_zh']} {row['type_en']}\n"
                f"表{row['table_no']} {row['title_zh']}\nTable {row['table_no']}: {row['title_en']}\n"
                + self.tr("Unit: {unit} · report line {line}").format(unit=unit, line=row["source_line"])
                + rank + "\n" + self.tr("Double-click to open in the report"))

    def _show_identity(self, profile: RegionProfile) -> None:
        ident = profile.identity
        facts = [f"{ident.kind_zh} {ident.kind_en}"]
        if ident.parent_zh:
            facts.append(self.tr("Part of: {region}").format(region=f"{ident.parent_zh} {ident.parent_en}"))
        if ident.iso_alpha3:
            facts.append(f"ISO: {ident.iso_alpha3} / {ident.iso_alpha2}")
        # as pinyin is written, tones marked: "Měiguó", not "meiguo" (the countries' search key) beside "Guangdong"
        facts.append(self.tr("Pinyin: {pinyin}").format(
            pinyin=toned_pinyin(ident.pinyin_key) if ident.pinyin_key else ident.pinyin))
        note = ident.note_text("zh" if i18n.is_chinese() else "en")   # 南斯拉夫: no longer exists
        if note:
            facts.append(html.escape(note))
        muted = QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.title.setText(f"<span style='font-size:17pt; font-weight:600'>{html.escape(ident.name_zh)}</span>"
                           f"&nbsp;&nbsp;<span style='font-size:13pt'>{html.escape(ident.name_en)}</span><br>"
                           f"<span style='color:{muted}'>{' · '.join(facts)}</span>")

    def _show_narrative(self, profile: RegionProfile) -> None:
        paragraphs = profile.narrative
        self.tabs.setTabText(0, self.tr("Report ({count})").format(count=len(paragraphs) + len(profile.mentions)))
        parts = []
        if not paragraphs:
            kind = profile.identity.kind
            why = (self.tr("Chapter 9 (local IP work) has sections only for the provinces and the XPCC.")
                   if kind in ("country", "hk_macao_taiwan") else
                   self.tr("Chapter 9 has no paragraph about this region."))
            parts.append(f"<p style='color:gray'>{why}</p>")
        else:
            self._narrative_html(profile, paragraphs, parts)
        if profile.mentions:
            elsewhere = self.tr("Elsewhere in the report")
            parts.append(f"<h4>{html.escape(elsewhere)}</h4>")
            for p in profile.mentions:
                text = emphasis_html(html.escape(p.text)).replace(html.escape(profile.name),
                                                                  f"<b>{html.escape(profile.name)}</b>")
                where = html.escape(p.section.split(" › ")[0])
                link = self.tr("report line {line}").format(line=p.first_line)
                parts.append(f"<p style='line-height:140%'><span style='color:gray'>{where}</span> · {text} "
                             f"<a href='line:{p.first_line}'>[{link}]</a></p>")
        self.narrative.setHtml("".join(parts))

    def _narrative_html(self, profile: RegionProfile, paragraphs, parts: list[str]) -> None:
        if paragraphs[0].mention:
            parts.append("<p style='color:gray'>" + html.escape(self.tr("Paragraphs of {province} that name {region}.")
                         .format(province=profile.identity.parent_zh or "", region=profile.name)) + "</p>")
        parts.append(f"<h4>{html.escape(paragraphs[0].section.split(' › ')[-1])}</h4>")
        for p in paragraphs:
            text = emphasis_html(html.escape(p.text))
            if p.mention:
                text = text.replace(html.escape(profile.name), f"<b>{html.escape(profile.name)}</b>")
            link = self.tr("report line {line}").format(line=p.first_line)
            parts.append(f"<p style='line-height:140%'>{text} <a href='line:{p.first_line}'>[{link}]</a></p>")

    def _show_events(self, profile: RegionProfile) -> None:
        self.events_list.clear()
        self.tabs.setTabText(1, self.tr("Events ({count})").format(count=len(profile.events)))
        roles = {"venue": self.tr("held here"), "subject": self.tr("about it")}
        for event in profile.events:
            edition = self.tr("{year} edition").format(year=event.edition) if event.edition else ""
            item = QListWidgetItem(f"{event.date}   [{roles.get(event.role, event.role)}]   "
                                   + (f"[{edition}]   " if edition else "") + event.text)
            item.setData(LINE_ROLE, event.source_line)
            item.setData(EDITION_ROLE, event.edition or 0)
            item.setToolTip((f"{edition} · " if edition else "") + f"{event.section} · "
                            + self.tr("report line {line}").format(line=event.source_line)
                            + "\n" + self.tr("Double-click to open in the report"))
            self.events_list.addItem(item)
        if not profile.events:
            how = (self.tr("No event names it as a partner.") if profile.identity.kind == "country"
                   else self.tr("No event mentions it."))
            item = QListWidgetItem(how)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.events_list.addItem(item)

    # --- the chart, lazily -----------------------------------------------------------------------
    def ensure_chart(self):
        """Create the pyqtgraph chart on first use and draw the current profile's bars."""
        if self.profile is None:
            return None
        if self.chart is None:
            from ipexplorer.ui.plots.region_plot import RegionChart

            self.chart = RegionChart(self.chart_holder)
            self.chart.setMinimumWidth(250)
            self.chart_layout.insertWidget(0, self.chart, 1)
            self.chart.apply_palette(theme.palette_name())
        self.chart.show_bars(self.profile.chart)
        self._show_locator()
        if "values" not in self._pending_parts:   # else the values' arrival fits them (the old rows are shown now)
            self.fit_values()
        last = max((b.year_last for b in self.profile.chart if b.year_last is not None), default=None)
        self.chart_caption.setText(self.tr("Main measures, {before} and {last} · source: the appendix tables").format(
            before=last - 1 if last else "", last=last or ""))
        return self.chart

    def apply_palette(self, name: str) -> None:
        """The profile's values (Pane's default), chart and small map in the light or dark palette."""
        super().apply_palette(name)
        for plot in (self.chart, self.locator):
            if plot is not None:
                plot.apply_palette(name)
        if self.profile is not None:   # their links and greys are set in the text when it is made: made again
            self._show_identity(self.profile)
            self._show_narrative(self.profile)

    def _show_locator(self) -> None:
        """A small map in the header with the region filled in (a city: its province, and a dot)."""
        from ipexplorer.query.map_data import locate

        ident = self.profile.identity
        where = locate(ident.name_zh, ident.kind, ident.iso_alpha3, ident.parent_zh)
        if where is None:
            if self.locator is not None:
                self.locator.hide()
            return
        if self.locator is None:
            from ipexplorer.ui.plots.map_plot import MapPlot

            self.locator = MapPlot(self)
            self.locator.setObjectName("regionLocator")
            self.locator.setFixedSize(200, 96)   # in the header's free room: the chart keeps its height
            self.head.insertWidget(1, self.locator, 0, Qt.AlignmentFlag.AlignTop)
            self.locator.apply_palette(theme.palette_name())
        self.locator.show()
        self.locator.show_locator(where)

    def fit_values(self) -> None:
        """Give the values table the width of its columns (all of them, rank included); the chart gets the rest.

        Where both do not fit side by side (a 1024 px window: 570 px of columns beside a 250 px chart in
        670), the chart moves to a tab of its own beside the report and the events, and the table keeps
        every column; it comes back beside the table when there is room again.
        """
        if self.chart is None:
            return
        total = self.top_splitter.width()
        if total <= 0:
            return
        view = self.values_view
        view.horizontalHeader().setMaximumSectionSize(self.values.autosize_limit)
        self.values.autosize()   # the grid's fitting, by the cells' text (Qt's asks the delegate of every cell)
        self._apply_hand_widths()
        needed = (view.horizontalHeader().length() + view.frozen_width() + 2 * view.frameWidth()
                  + view.verticalScrollBar().sizeHint().width())
        self._place_chart(in_tab=needed + self.chart.minimumWidth() + self.top_splitter.handleWidth() > total)
        if self._user_sized or self.chart_in_tab():
            return
        total = sum(self.top_splitter.sizes())
        table = max(int(total * 0.5), min(needed, total - self.chart.minimumWidth()))
        self.top_splitter.setSizes([table, total - table])
        self._widen_cut_columns(table - needed)

    def _widen_cut_columns(self, spare: int) -> None:
        """Room left in the table's half goes to the columns cut at the cap ("Cumulativ… year end" at
        1920 px beside 160 px of nothing), each up to its whole text; a width set by hand stays."""
        self.values.widen_cut_columns(spare, keep=self._hand_widths)

    # --- widths set by hand ------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        """A press on a header starts what may be a drag of a section's edge: the widths it sets are the user's."""
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self._dragging = True
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.Leave):
            self._dragging = False
        return False

    def _on_section_resized(self, logical: int, _old: int, new: int) -> None:
        if self._dragging and new > 0 and 0 <= logical < len(self.values_model.columns):
            self._hand_widths[self.values_model.columns[logical].key] = new

    def _on_section_fitted(self, logical: int) -> None:
        """A double-click on a section's edge (the grid fitted it): it is no longer sized by hand, and fits each
        profile's values as the untouched columns do."""
        if 0 <= logical < len(self.values_model.columns):
            self._hand_widths.pop(self.values_model.columns[logical].key, None)
            self.fit_values()

    def hand_widths(self) -> dict[str, int]:
        """The widths the user set by hand, by column key."""
        return dict(self._hand_widths)

    def _apply_hand_widths(self) -> None:
        view, keys = self.values_view, [c.key for c in self.values_model.columns]
        # the fit's cap is not the user's: past the fit, a column may be dragged wider (and stay so)
        view.horizontalHeader().setMaximumSectionSize(4000)
        frozen = view.frozen_section()
        for key, width in self._hand_widths.items():
            if key not in keys:
                continue
            if keys.index(key) == frozen:
                view.frozen.setColumnWidth(frozen, width)
            else:
                view.setColumnWidth(keys.index(key), width)
        view.refresh_frozen()

    def chart_in_tab(self) -> bool:
        return self.tabs.indexOf(self.chart_holder) >= 0

    def _place_chart(self, *, in_tab: bool) -> None:
        if in_tab == self.chart_in_tab():
            return
        if in_tab:
            self.tabs.addTab(self.chart_holder, self.tr("Chart"))
            # the tab is short: tall enough for every measure's name, the table above keeps the rest
            self.chart.setMinimumHeight(self.chart.height_for_names())
        else:
            self.chart.setMinimumHeight(180)
            self.tabs.removeTab(self.tabs.indexOf(self.chart_holder))
            self.top_splitter.addWidget(self.chart_holder)
            self.chart_holder.show()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_values()

    # --- opening the report --------------------------------------------------------------------
    def _open_event(self, item: QListWidgetItem) -> None:
        line = item.data(LINE_ROLE)
        if line:
            self.open_report_line.emit(int(line), int(item.data(EDITION_ROLE) or 0))

    def _on_anchor(self, url) -> None:
        text = url.toString()
        if text.startswith("line:"):
            self.open_report_line.emit(int(text.split(":", 1)[1]), 0)

    # --- export ------------------------------------------------------------------------------------
    def export_request(self, path: Path):
        """The profile as an ExportRequest of three sheets (values, narrative, events)."""
        from ipexplorer.export.profiles import profile_sheets, profile_title
        from ipexplorer.ui.shell.export_dialog import ExportRequest

        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        return ExportRequest(path=path, scope="profile", language="both", db_path=self.db_path,
                             sheets=profile_sheets(self.profile),
                             filters=[f"地区概况 Region profile: {profile_title(self.profile)}"])

    def export_profile(self, path: Path | str | None = None):
        """Write the profile to a workbook in the background; asks where when no path is given.

        The host's export path writes it (the window's run_export: progress, Cancel, the status message), as
        File › Export does; a pane built without a host has nowhere to run it and exports nothing.
        """
        if self.run_export is None:
            return None
        request = self.request_export(Path(path) if path else None)
        return self.run_export(request) if request is not None else None

    def can_export(self) -> bool:
        """A profile shown: its three sheets (else File › Export writes the table view)."""
        return self.profile is not None

    def request_export(self, path: Path | None = None):
        """The profile's workbook, asking where when no path is given."""
        if self.profile is None:
            return None
        if path is None:
            from ipexplorer.ui.shell.save_dialog import ask_save_path

            path = ask_save_path(self, self.tr("Export region profile"),
                                 f"ipexplorer-{self.profile.identity.name_en.replace(' ', '-')}.xlsx", ("xlsx",))
            if path is None:
                return None
        return self.export_request(Path(path))

    def save(self) -> None:
        if self.profile is not None:
            self.settings.set(SHOWN_KEY, self.profile.name)
        if self.values.dataset is not None:   # no profile shown: what the last session kept stays
            store_grid(self.settings, GRID_KEY, GridView(tuple(self.values.state.sort),
                                                         tuple(sorted(self._hand_widths.items()))))

    def reset_view(self) -> None:
        """Forget the values' kept sort and the widths set by hand; the profile shown takes the first ones."""
        self.settings.clear_group("regions/")
        self._hand_widths.clear()
        if self.values.dataset is not None:
            self.values.show_dataset(self.values.dataset, QueryState(), autosize=False)   # fit_values sizes them

    def shutdown(self) -> None:
        self._search_timer.stop()
        self.values.shutdown()
        self.runner.shutdown()


def make(ctx: PaneContext) -> RegionsPane:
    """The Regions pane in the window: a value leads to its line, a region to its rows in the Tables pane."""
    pane = RegionsPane(ctx.db_path, ctx.parent, run_export=ctx.host.run_export, settings=ctx.settings)
    pane.open_report_line.connect(ctx.host.open_report_line)
    pane.show_in_tables.connect(ctx.host.show_region_rows)
    pane.region_shown.connect(lambda _r: ctx.host.update_title())
    return pane
