"""The main window: navigation between panes, menus, status bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QFontMetrics, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.paths import shipped_report
from ipexplorer.ui.pane import Pane
from ipexplorer.ui.shell import first_frame, i18n, theme
from ipexplorer.ui.shell.errors import show_error
from ipexplorer.ui.shell.icons import nav_icon
from ipexplorer.ui.shell.settings import Settings

if TYPE_CHECKING:
    from ipexplorer.ui.panes.chart_pane import ChartPane
    from ipexplorer.ui.panes.overview_pane import OverviewPane
    from ipexplorer.ui.panes.region_pane import RegionsPane
    from ipexplorer.ui.panes.report_reader import ReportReader
    from ipexplorer.ui.panes.search_pane import SearchPane
    from ipexplorer.ui.panes.sql_console import SqlConsole
    from ipexplorer.ui.panes.table_explorer import TableExplorer
    from ipexplorer.ui.panes.timeline_pane import TimelinePane
    from ipexplorer.ui.shell.export_dialog import ExportDialog, ExportRequest, ExportTask

SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 1


class _Panes(Mapping):
    """The window's panes by key; a pane is imported and built the first time it is asked for (or shown)."""

    def __init__(self, keys: tuple[str, ...], build: Callable[[str], QWidget]):
        self._keys, self._build, self._built = keys, build, {}

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._keys:
            raise KeyError(key)
        if key not in self._built:
            self._built[key] = self._build(key)
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def built(self) -> dict[str, QWidget]:
        """The panes built so far (saving, shutting down and repainting need no others)."""
        return dict(self._built)


class NavDelegate(QStyledItemDelegate):
    """A pane's icon and name, and its shortcut (Ctrl+1 …) in a quieter colour on the right."""

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        shortcut = index.data(SHORTCUT_ROLE)
        if not shortcut:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        painter.setPen(option.palette.color(role))
        font = option.font
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        text_width = QFontMetrics(option.font).horizontalAdvance(index.data() or "") + 48   # icon, gaps
        rect = option.rect.adjusted(0, 0, -6, 0)
        if QFontMetrics(font).horizontalAdvance(shortcut) + text_width < rect.width():   # only where it fits
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shortcut)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), 28))


PANES = (
    ("overview", QT_TRANSLATE_NOOP("MainWindow", "Overview")),
    ("tables", QT_TRANSLATE_NOOP("MainWindow", "Tables")),
    ("charts", QT_TRANSLATE_NOOP("MainWindow", "Charts")),
    ("timeline", QT_TRANSLATE_NOOP("MainWindow", "Timeline")),
    ("search", QT_TRANSLATE_NOOP("MainWindow", "Search")),
    ("regions", QT_TRANSLATE_NOOP("MainWindow", "Regions")),
    ("sql", QT_TRANSLATE_NOOP("MainWindow", "SQL console")),
    ("report", QT_TRANSLATE_NOOP("MainWindow", "Report text")),
)


class MainWindow(QMainWindow):
    def __init__(self, db_path: Path, report_path: Path | None = None, settings: Settings | None = None,
                 pane: str | None = None):
        super().__init__()
        self.start_pane = pane   # `ipexplorer --pane KEY`; else the pane shown last
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self.db_path = Path(db_path)
        self.report_path = report_path or shipped_report()
        self.nav = QListWidget(objectName="navigation")
        self.stack = QStackedWidget(objectName="panes")
        # the explorer lives in the Tables pane and is lent to the Charts pane beside its chart; it is built
        # when first asked for (a start on the Tables or Charts pane), else right after the first frame
        self._explorer: TableExplorer | None = None
        self.tables_page = QWidget()
        QVBoxLayout(self.tables_page).setContentsMargins(0, 0, 0, 0)
        self._pages: dict[str, QWidget] = {}
        self.panes = _Panes(tuple(key for key, _label in PANES), self._build_pane)
        for key, label in PANES:
            page = self.tables_page if key == "tables" else QWidget()
            if key != "tables":
                QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(self.tr(label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            shortcut = QKeySequence(f"Ctrl+{len(self._pages)}").toString(QKeySequence.SequenceFormat.NativeText)
            item.setData(SHORTCUT_ROLE, shortcut)
            item.setToolTip(f"{self.tr(label)} ({shortcut})")
            self.nav.addItem(item)
        self.nav.setMinimumWidth(120)
        self.nav.setSpacing(2)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setItemDelegate(NavDelegate(self.nav))
        self._paint_nav_icons()
        self.nav.currentRowChanged.connect(self._on_nav)
        self.splitter = QSplitter(objectName="mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.setCentralWidget(self.splitter)
        self.splitter.setSizes([170, 1110])
        self._nav_dragged = False      # once the user drags the divider, the window's width no longer sets it
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        self.rows_label = QLabel(objectName="rowsLabel")
        self.stats_label = QLabel(objectName="statsLabel")
        self.statusBar().addWidget(self.rows_label)
        self.statusBar().addPermanentWidget(self.stats_label)
        self._build_menus()
        self.resize(1280, 820)
        self._restore()
        first_frame.after_first_frame(lambda: self.explorer, self)

    # --- panes, built on first show ---------------------------------------------------------------
    @property
    def explorer(self) -> TableExplorer:
        """The Tables pane's explorer: its copy, select-all and auto-size actions join the menus when it is built."""
        if self._explorer is None:
            from ipexplorer.ui.panes.table_explorer import TableExplorer

            explorer = self._explorer = TableExplorer(self.db_path, self.settings, self)
            explorer.open_region.connect(self.open_region)
            self.tables_page.layout().addWidget(explorer)
            explorer.rows_changed.connect(self.rows_label.setText)
            explorer.stats_changed.connect(self.stats_label.setText)
            explorer.open_report_line.connect(self.open_report_line)
            explorer.dataset_changed.connect(lambda _d: self._update_title())
            self.edit_menu.insertActions(self.find_action, [explorer.copy_action, explorer.select_all_action])
            self.view_menu.insertAction(self.reset_view_action, explorer.autosize_action)
        return self._explorer

    def built_panes(self) -> list[Pane]:
        """The panes built so far, in navigation order (the Tables page holds the explorer); each speaks `Pane`."""
        built = self.panes.built()
        panes = [self._explorer if key == "tables" else built[key] for key, _label in PANES
                 if key in built or (key == "tables" and self._explorer is not None)]
        return [p for p in panes if p is not None]

    def _build_pane(self, key: str) -> QWidget:
        """Import and build one pane into its page of the stack (the Tables pane is the explorer, built at start)."""
        if key == "tables":
            self.tables_page.setObjectName("pane_tables")
            return self.tables_page
        widget = getattr(self, f"_make_{key}")()
        widget.setObjectName(f"pane_{key}")
        self._pages[key].layout().addWidget(widget)
        return widget

    def _make_overview(self) -> OverviewPane:
        from ipexplorer.ui.panes.overview_pane import OverviewPane

        pane = OverviewPane(self.db_path, self)
        pane.open_report_line.connect(self.open_report_line)
        pane.show_pane.connect(self.show_pane)
        pane.open_region.connect(self.open_region)
        return pane

    def _make_charts(self) -> ChartPane:
        from ipexplorer.ui.panes.chart_pane import ChartPane

        pane = ChartPane(self.explorer, self.db_path, self.settings, self)
        pane.restore_splitter()
        return pane

    def _make_timeline(self) -> TimelinePane:
        from ipexplorer.ui.panes.timeline_pane import TimelinePane

        pane = TimelinePane(self.db_path, self.settings, self)
        pane.open_report_line.connect(self.open_report_line)
        pane.show_region_rows.connect(self.show_region_rows)
        pane.open_region.connect(self.open_region)
        pane.export_requested.connect(self.export_events)
        return pane

    def _make_search(self) -> SearchPane:
        from ipexplorer.ui.panes.search_pane import SearchPane

        pane = SearchPane(self.db_path, self.settings, self)
        pane.open_hit.connect(self.open_paragraph)
        pane.searched.connect(self._update_title)
        return pane

    def _make_regions(self) -> RegionsPane:
        from ipexplorer.ui.panes.region_pane import RegionsPane

        pane = RegionsPane(self.db_path, self, run_export=self.run_export)
        pane.open_report_line.connect(self.open_report_line)
        pane.show_in_tables.connect(self.show_region_rows)
        pane.region_shown.connect(lambda _r: self._update_title())
        return pane

    def _make_sql(self) -> SqlConsole:
        from ipexplorer.ui.panes.sql_console import SqlConsole

        pane = SqlConsole(self.db_path, self)
        pane.open_report_line.connect(self.open_report_line)
        pane.export_requested.connect(lambda: self.export_query())
        return pane

    def _make_report(self) -> ReportReader:
        from ipexplorer.ui.panes.report_reader import ReportReader

        pane = ReportReader(self.db_path, self.report_path, self)
        pane.place_changed.connect(lambda _p: self._update_title())
        return pane

    overview = property(lambda self: self.panes["overview"])
    charts = property(lambda self: self.panes["charts"])
    timeline = property(lambda self: self.panes["timeline"])
    search = property(lambda self: self.panes["search"])
    regions = property(lambda self: self.panes["regions"])
    console = property(lambda self: self.panes["sql"])
    report_view = property(lambda self: self.panes["report"])

    # --- menus -----------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if name:
            action.setObjectName(name)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.export_action = self._action(file_menu, self.tr("&Export…"), self.export, "Ctrl+E", "exportAction")
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "quitAction")
        edit = self.edit_menu = bar.addMenu(self.tr("&Edit"))   # the explorer's Copy and Select all go first
        self.find_action = self._action(edit, self.tr("&Find…"), self._focus_filter, QKeySequence.StandardKey.Find,
                                        "findAction")
        self._action(edit, self.tr("Clear all filters"), lambda: self.explorer.clear_filters(), "Ctrl+Shift+L",
                     "clearFiltersAction")
        edit.addSeparator()
        self.copy_python_action = self._action(edit, self.tr("Copy as &Python"), self.copy_as_python, None,
                                               "copyPythonMenuAction")
        self.copy_command_action = self._action(edit, self.tr("Copy chart &command line"),
                                                lambda: self.charts.copy_command(), None,
                                                "copyChartCommandMenuAction")
        view = self.view_menu = bar.addMenu(self.tr("&View"))   # the explorer's Auto-size goes first
        self.reset_view_action = self._action(view, self.tr("Reset view"), self.reset_view, None, "resetViewAction")
        view.addSeparator()
        self._choice_menu(view, self.tr("&Language"), "ui/language", self.set_language,
                          [("system", self.tr("System")), *i18n.LANGUAGES.items()], "language")
        self._choice_menu(view, self.tr("&Appearance"), "ui/theme", self.set_theme,
                          [("system", self.tr("System")), ("light", self.tr("Light")), ("dark", self.tr("Dark"))],
                          "theme")
        go = bar.addMenu(self.tr("&Go"))
        for i, (key, label) in enumerate(PANES):
            self._action(go, self.tr(label), lambda _=False, k=key: self.show_pane(k), f"Ctrl+{i + 1}", f"go_{key}")
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Keyboard shortcuts"), self.show_shortcuts,
                     QKeySequence.StandardKey.HelpContents, "shortcutsAction")
        help_menu.addSeparator()
        self._action(help_menu, self.tr("&About ipexplorer"), self.about, None, "aboutAction")

    def _choice_menu(self, parent, title: str, key: str, apply, choices, name: str) -> None:
        """A submenu of exclusive choices stored under settings `key`."""
        menu = parent.addMenu(title)
        menu.setObjectName(f"{name}Menu")
        group = QActionGroup(menu)
        current = self.settings.get(key)
        for value, label in choices:
            action = menu.addAction(label)
            action.setObjectName(f"{name}_{value}")
            action.setCheckable(True)
            action.setChecked(value == current)
            action.triggered.connect(lambda _=False, v=value: apply(v))
            group.addAction(action)

    def set_language(self, choice: str) -> None:
        """Store the interface language and apply it at once: a new window in that language takes this one's place.

        Qt widgets keep the text they were built with, so the window is rebuilt (state saved and restored)
        rather than every label re-translated.
        """
        if choice == self.settings.get("ui/language"):
            return
        self.settings.set("ui/language", choice)
        self.settings.sync()
        if i18n.resolve(choice) == i18n.language():
            return
        self.save()
        i18n.install(choice)
        self.successor = MainWindow(self.db_path, self.report_path, self.settings)
        self.successor.show()
        self.close()

    def set_theme(self, choice: str) -> None:
        """Light, dark or the system's scheme, applied at once (charts and timeline follow)."""
        self.settings.set("ui/theme", choice)
        theme.apply(choice)

    def show_shortcuts(self) -> None:
        from ipexplorer.ui.shell.help_dialogs import ShortcutsDialog  # dialogs: imported when opened

        ShortcutsDialog(self).open()

    def _focus_filter(self) -> None:
        """Find: the search box on the Search and Report panes, the quick filter elsewhere."""
        if self.current_pane() in ("search", "report"):
            self.show_pane("search")
            self.search.focus_query()
            return
        if self.current_pane() not in ("tables", "charts"):
            self.show_pane("tables")
        self.explorer.focus_filter()

    def copy_as_python(self) -> None:
        """The table view (or the console's result) as a script of the Python API; on the Charts pane with the
        chart's command line."""
        if self.current_pane() == "charts":
            self.charts.copy_python()
        elif self.current_pane() == "sql":
            self.console.copy_python()
        else:
            self.explorer.copy_python()

    def about(self) -> None:
        from ipexplorer.ui.shell.help_dialogs import AboutDialog

        AboutDialog(self).open()

    # --- panes -----------------------------------------------------------------------------
    def show_pane(self, key: str) -> None:
        self.nav.setCurrentRow([p[0] for p in PANES].index(key))

    def current_pane(self) -> str:
        return PANES[self.stack.currentIndex()][0]

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        key = PANES[row][0]
        self.panes[key]   # built the first time it is shown
        if key == "charts":
            self.charts.adopt_table()
        elif key == "tables" and self.explorer.parent() is not self.tables_page:
            self.tables_page.layout().addWidget(self.explorer)
            self.explorer.show()
        self.stack.setCurrentIndex(row)
        for label in (self.rows_label, self.stats_label):  # they describe the table explorer
            label.setVisible(key in ("tables", "charts"))
        self.copy_python_action.setEnabled(key in ("tables", "charts", "sql"))
        self.copy_command_action.setEnabled(key == "charts")
        self.settings.set("window/pane", key)
        self._update_title()

    def _update_title(self) -> None:
        key, label = PANES[self.stack.currentIndex()]
        title = self.tr(label)
        pane = self.explorer if key == "tables" else self.panes.built().get(key)
        detail = pane.title_detail() if pane is not None else ""
        if detail:
            title = f"{title}: {detail}"   # the table, the region, the search, the section
        self.setWindowTitle(f"{title} — ipexplorer")

    # --- export ----------------------------------------------------------------------------
    def export(self) -> ExportTask | None:
        """Ask what to export and where, then write it in the background."""
        if self.current_pane() == "timeline":
            self.export_events()
            return None
        if self.current_pane() == "regions" and self.regions.profile is not None:
            return self.regions.export_profile()
        if self.current_pane() == "sql":
            return self.export_query()
        from ipexplorer.ui.shell.export_dialog import ExportDialog

        dialog = ExportDialog(self.explorer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.start_export(dialog)

    def start_export(self, dialog: ExportDialog) -> ExportTask | None:
        try:
            request = dialog.request()
        except ValueError as exc:
            show_error(self.tr("Cannot export"), str(exc), parent=self)
            return None
        return self.run_export(request)

    def run_export(self, request: ExportRequest) -> ExportTask:
        from ipexplorer.ui.shell.export_dialog import ExportTask

        task = ExportTask(request, self)
        task.finished.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self._export_tasks = [t for t in getattr(self, "_export_tasks", []) if t.thread.isRunning()] + [task]
        task.start()
        return task

    def export_chart_data(self, charts) -> None:
        """The chart's numbers as a workbook (or CSV), through the same exporter."""
        from ipexplorer.export.sheets import Sheet, SheetColumn
        from ipexplorer.query.columns import Kind
        from ipexplorer.ui.shell.export_dialog import ExportRequest

        data = charts.data
        if data is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export chart data"), str(Path.home() / "chart.xlsx"),
                                              "Excel (*.xlsx);;CSV UTF-8 (*.csv)")
        if not name:
            return
        kind = Kind.PERCENT if data.percent else Kind.INT
        header = data.header(self.explorer.language)
        columns = [SheetColumn(header[0]), SheetColumn(header[1])] + [SheetColumn(h, kind) for h in header[2:]]
        request = ExportRequest(path=Path(name), scope="chart", language=self.explorer.language,
                                db_path=self.db_path, dataset=self.explorer.dataset, state=self.explorer.model.state,
                                filters=self.explorer.chip_texts())
        request.sheet = Sheet("图表 Chart", columns, data.rows(), len(data.categories),
                              description=f"{data.title_zh} · {data.title_en}")
        self.run_export(request)

    def export_events(self, path: Path | None = None) -> ExportTask | None:
        """The timeline's listed events (filtered, in the list's order) as a workbook or CSV."""
        from ipexplorer.ui.shell.export_dialog import ExportRequest

        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Export events"), str(Path.home() / "events.xlsx"),
                                                  "Excel (*.xlsx);;CSV UTF-8 (*.csv)")
            if not name:
                return None
            path = Path(name)
        request = ExportRequest(path=Path(path), scope="events", language=self.explorer.language,
                                db_path=self.db_path)
        request.sheet = self.timeline.export_sheet()
        flt = self.timeline.event_filter()
        if flt.active:
            from ipexplorer.export.events import describe_filter

            request.filters = [describe_filter(flt, self.timeline.lanes)]
        return self.run_export(request)

    def export_query(self, path: Path | None = None) -> ExportTask | None:
        """The console's result, filtered and sorted as shown, re-run (guarded) into a workbook or CSV."""
        from ipexplorer.ui.shell.export_dialog import ExportRequest

        results = self.console.results
        if results.dataset is None:
            return None
        path = path or self.console.export_path_dialog()
        if path is None:
            return None
        request = ExportRequest(path=Path(path), scope="sql", language="both", db_path=self.db_path,
                                dataset=results.dataset, state=results.model.state,
                                columns=results.visible_columns(), sql=self.console.sql,
                                time_limit=self.console.time_limit())
        return self.run_export(request)

    def show_region_rows(self, region_zh: str) -> None:
        """Every value of a region in the table explorer."""
        self.show_pane("tables")
        self.explorer.show_region_rows(region_zh)

    def open_region(self, region_zh: str) -> None:
        """The Regions pane with one region's profile."""
        self.show_pane("regions")
        self.regions.show_region(region_zh)

    def open_report_line(self, line: int) -> None:
        """The report reader at the paragraph holding `line` (the raw text outside the narrative)."""
        self.show_pane("report")
        self.report_view.show_line(line)

    def open_paragraph(self, para_id: int, term: str = "") -> None:
        """The report reader at a paragraph, with `term` highlighted in it."""
        self.show_pane("report")
        self.report_view.show_paragraph(para_id, term)

    # --- persistence -------------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.get("window/geometry")
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        state = self.settings.get("window/state")
        if state:
            self.restoreState(QByteArray(state))
        splitter = self.settings.get("explorer/splitter")
        if splitter:
            self.splitter.restoreState(QByteArray(splitter))
        pane = self.start_pane or self.settings.get("window/pane")
        self.show_pane(pane if pane in self.panes else "overview")

    def save(self) -> None:
        self.settings.set("window/geometry", bytes(self.saveGeometry()))
        self.settings.set("window/state", bytes(self.saveState()))
        self.settings.set("explorer/splitter", bytes(self.splitter.saveState()))
        for pane in self.built_panes():   # panes never shown have nothing to keep
            pane.save()
        self.settings.sync()

    def reset_view(self) -> None:
        self.settings.clear_group("window/")
        self.settings.clear_group("explorer/")
        self.settings.clear_group("charts/")
        self.settings.clear_group("timeline/")
        self.explorer.reset_view()
        self.resize(1280, 820)

    def _paint_nav_icons(self) -> None:
        color = self.nav.palette().color(QPalette.ColorRole.Text)
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            item.setIcon(nav_icon(item.data(Qt.ItemDataRole.UserRole), color))

    def nav_width(self) -> int:
        """The navigation's width for the window's: narrow at 1024, wider at 1920, room for icon, name, shortcut."""
        return max(130, min(210, int(self.width() * 0.105)))

    def _on_splitter_moved(self, *_args) -> None:
        if not getattr(self, "_sizing_nav", False):
            self._nav_dragged = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not getattr(self, "_nav_dragged", True):
            self._sizing_nav = True
            total = sum(self.splitter.sizes())
            self.splitter.setSizes([self.nav_width(), max(0, total - self.nav_width())])
            self._sizing_nav = False

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (light/dark, or the system's switch): the plots redraw in matching colours."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.follow_palette()

    def follow_palette(self) -> None:
        name = theme.palette_name()
        self._paint_nav_icons()
        for pane in self.built_panes():   # a pane built later starts in the palette of its time
            pane.apply_palette(name)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save()
        for task in getattr(self, "_export_tasks", []):
            if task.thread.isRunning():  # the temporary file is removed, any old file kept
                task.cancel()
                task.thread.quit()
                task.thread.wait()
        for pane in self.built_panes():   # their workers stop, their connections close
            pane.shutdown()
        super().closeEvent(event)
