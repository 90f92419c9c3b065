"""The main window: navigation between panes, menus, status bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QPointF, QSize, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QFontMetrics,
    QFontMetricsF,
    QGuiApplication,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.paths import shipped_report
from ipexplorer.ui import pane as registry
from ipexplorer.ui.pane import PANES, Pane, PaneContext, PaneSpec  # noqa: F401  (PANES: the registry's list)
from ipexplorer.ui.shell import first_frame, i18n, memory, theme
from ipexplorer.ui.shell.icons import blank_pixmap, nav_icon
from ipexplorer.ui.shell.settings import Settings

if TYPE_CHECKING:
    from ipexplorer.ui.panes.table_explorer import TableExplorer
    from ipexplorer.ui.shell.export_dialog import ExportDialog, ExportRequest, ExportTask

# Qt and QStyle are imported where used: PySide6 builds a class's Python enums when the class is first touched
# (those of Qt's namespace alone, about 90, take tens of ms), and the window's shell needs none of them
KEY_ROLE = 0x0100              # Qt.ItemDataRole.UserRole: the pane's key
SHORTCUT_ROLE = KEY_ROLE + 1
DECORATION_ROLE = 1            # Qt.ItemDataRole.DecorationRole
# the Overview (the start page, and the way into every pane) is built this long after the start pane has painted,
# so its first switch only shows it; apart from the Tables pane's build, so the two do not stall one frame
OVERVIEW_AFTER_MS = 300

DEFAULT_WIDTH, DEFAULT_HEIGHT = 1280, 820   # a first start's window, and Reset view's


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

    def __contains__(self, key: object) -> bool:   # Mapping's own would build the pane to answer
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def built(self) -> dict[str, QWidget]:
        """The panes built so far (saving, shutting down and repainting need no others)."""
        return dict(self._built)


class NavDelegate(QStyledItemDelegate):
    """A pane's icon and name, and its shortcut (Ctrl+1 …) in a quieter colour on the right."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._widest: dict[str, int] = {}   # font -> the widest pane name in it, until the names change
        self._model = None

    def paint(self, painter, option, index) -> None:
        """The item as Qt draws it, then its shortcut right-aligned and centred on its line.

        It paints in the window's first frame, so it touches neither Qt's namespace nor QStyle (alignment
        flags, `option.state`): the first touch of either builds its Python enums, ~170 million instructions,
        more than the rest of the frame. The position is worked out from the font's metrics instead, and
        the selection asked of the view.
        """
        super().paint(painter, option, index)
        shortcut = index.data(SHORTCUT_ROLE)
        if not shortcut or not self.shortcut_fits(option.font, option.rect.width(), index):
            return
        view = self.parent()
        selected = view is not None and view.selectionModel().isSelected(index)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        font = self.shortcut_font(option.font)
        metrics = QFontMetricsF(font)   # fractional, as Qt's own text layout centres a line
        rect = option.rect
        x = rect.x() + rect.width() - 6 - metrics.horizontalAdvance(shortcut)
        y = rect.y() + (rect.height() - metrics.height()) / 2 + metrics.ascent()
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.setFont(font)
        painter.drawText(QPointF(x, y), shortcut)
        painter.restore()

    @staticmethod
    def shortcut_font(font):
        small = type(font)(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        return small

    def shortcut_fits(self, font, width: int, index) -> bool:
        """Whether the row's shortcut fits beside the widest name: the widest decides for every row, so all
        shortcuts show or none (never Ctrl+2 beside a bare Overview)."""
        widest = self.widest_name(font, index.model())
        shortcut = index.data(SHORTCUT_ROLE) or ""
        return QFontMetrics(self.shortcut_font(font)).horizontalAdvance(shortcut) + widest + 48 < width - 6

    def widest_name(self, font, model) -> int:
        """The widest pane name in `font`, measured once per font and set of names (paint asks per row)."""
        if model is not self._model:
            self._model, self._widest = model, {}
            for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
                signal.connect(self._forget_widths)
        key = font.key()
        widest = self._widest.get(key)
        if widest is None:
            names = QFontMetrics(font)
            widest = self._widest[key] = max(
                (names.horizontalAdvance(model.index(r, 0).data() or "") for r in range(model.rowCount())), default=0)
        return widest

    def _forget_widths(self, *_args) -> None:
        self._widest.clear()

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), 28))


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
        from ipexplorer.ui.view_model import ViewModel

        self.specs: tuple[PaneSpec, ...] = tuple(registry.PANES)   # the registry, as it is when the window is built
        # the table view the Tables pane publishes and the Charts pane draws, as the settings left it
        self.view_state = ViewModel(self, settings=self.settings)   # read from the settings when first asked
        self.context = PaneContext(db_path=self.db_path, report_path=self.report_path, settings=self.settings,
                                   view=self.view_state, host=self, parent=self)
        self._pages: dict[str, QWidget] = {}
        self._menu_actions: dict[str, list[QAction]] = {}
        self.panes = _Panes(tuple(spec.key for spec in self.specs), self._build_pane)
        for spec in self.specs:
            page = QWidget()
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._pages[spec.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(self.tr(spec.title))
            item.setData(KEY_ROLE, spec.key)
            shortcut = QKeySequence(f"Ctrl+{len(self._pages)}").toString(QKeySequence.SequenceFormat.NativeText)
            item.setData(SHORTCUT_ROLE, shortcut)
            item.setToolTip(f"{self.tr(spec.title)} ({shortcut})")
            self.nav.addItem(item)
        self.nav.setMinimumWidth(120)
        self.nav.setSpacing(2)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setItemDelegate(NavDelegate(self.nav))
        if first_frame.is_painted():
            self._paint_nav_icons()
        else:   # drawing them builds the Qt namespace's enums (QPainter.setPen): blank ones of their size until then
            self._blank_nav_icons()
            first_frame.after_first_frame(self._paint_nav_icons, self)
        # the pane on show reaches the settings file a second after the last switch (and at once in save): a
        # write per switch re-read and rewrote the file on the GUI thread
        self._pane_timer = QTimer(self, singleShot=True, interval=1000)
        self._pane_timer.timeout.connect(lambda: self.settings.set("window/pane", self.current_pane()))
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
        self.resize(self.first_size())
        self._restore()
        # the Tables pane is built once the start pane has painted: the first switch to it only shows it
        first_frame.after_start_pane(lambda: self.explorer, self)
        if not first_frame.is_settled():   # in the app's start: the Overview too, a moment after the Tables pane
            first_frame.after_start_pane(
                lambda: QTimer.singleShot(OVERVIEW_AFTER_MS, self, self._build_overview_behind), self)

    # --- panes, built on first show ---------------------------------------------------------------
    @property
    def explorer(self) -> TableExplorer:
        """The Tables pane."""
        return self.panes["tables"]

    def pane(self, key: str) -> QWidget:
        """The pane `key`, built if it was not yet (PaneHost)."""
        return self.panes[key]

    def built_panes(self) -> list[Pane]:
        """The panes built so far, in navigation order; each speaks `Pane`."""
        built = self.panes.built()
        return [built[spec.key] for spec in self.specs if spec.key in built]

    def _build_pane(self, key: str) -> QWidget:
        """Import and build one pane (its registry entry's factory) into its page of the stack."""
        spec = next(s for s in self.specs if s.key == key)
        widget = spec.build(self.context)
        widget.setObjectName(f"pane_{key}")
        self._pages[key].layout().addWidget(widget)
        actions = widget.menu_actions()
        self.edit_menu.insertActions(self.find_action, actions.get("edit", []))
        self.view_menu.insertActions(self.reset_view_action, actions.get("view", []))
        # a pane's menu actions (Copy, Select all of its grid) show, and work, only while it is in front
        self._menu_actions[key] = [*actions.get("edit", []), *actions.get("view", [])]
        # built while another pane is in front (the Tables pane after the start pane, a pane asked for by
        # another): its actions stay hidden until it shows, or the Edit menu lists Copy twice
        front = self.current_pane() if self.stack.count() > self.stack.currentIndex() >= 0 else key
        for action in self._menu_actions[key]:
            action.setVisible(front == key)
        return widget

    def _build_overview_behind(self) -> None:
        if self.isVisible():   # not for a window closed meanwhile: nothing would stop the pane's worker
            self.panes["overview"]

    overview = property(lambda self: self.panes["overview"])
    charts = property(lambda self: self.panes["charts"])
    timeline = property(lambda self: self.panes["timeline"])
    search = property(lambda self: self.panes["search"])
    regions = property(lambda self: self.panes["regions"])
    console = property(lambda self: self.panes["sql"])
    report_view = property(lambda self: self.panes["report"])

    # --- menus -----------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(self)   # not QAction(text, parent): choosing among its overloads builds QIcon's enums
        action.setText(text)
        if shortcut is not None:   # not setShortcut(), whose overloads build the Qt namespace's enums
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(slot)
        if name:
            action.setObjectName(name)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.export_action = self._action(file_menu, self.tr("&Export…"), self.export, "Ctrl+E", "exportAction")
        self.add_report_action = self._action(file_menu, self.tr("&Add report…"), self.add_report, None,
                                              "addReportAction")
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "quitAction")
        edit = self.edit_menu = bar.addMenu(self.tr("&Edit"))   # the explorer's Copy and Select all go first
        self.find_action = self._action(edit, self.tr("&Find…"), self._focus_filter, QKeySequence.StandardKey.Find,
                                        "findAction")
        self.clear_filters_action = self._action(edit, self.tr("Clear all filters"),
                                                 lambda: self.current().clear_filters(), "Ctrl+Shift+L",
                                                 "clearFiltersAction")
        edit.addSeparator()
        self.copy_python_action = self._action(edit, self.tr("Copy as &Python"), self.copy_as_python, None,
                                               "copyPythonMenuAction")
        self.copy_command_action = self._action(edit, self.tr("Copy chart &command line"),
                                                lambda: self.current().copy_command(), None,
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
        for i, spec in enumerate(self.specs):
            self._action(go, self.tr(spec.title), lambda _=False, k=spec.key: self.show_pane(k), f"Ctrl+{i + 1}",
                         f"go_{spec.key}")
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

    def add_report(self) -> None:
        """Another year's report into this database (on a worker, with progress and Cancel); the window is then
        rebuilt over it, so every pane shows the years it holds."""
        from ipexplorer.ui.shell import add_report

        report = add_report.choose_report(self)
        if report is None:
            return
        self.add_report_task = task = add_report.AddReportTask(self.db_path, report, self)
        task.finished.connect(self._on_report_added)
        task.start()

    def _on_report_added(self, added: bool, message: str) -> None:
        if not added:
            self.statusBar().showMessage(message, 8000)
            return
        self.save()
        self.successor = MainWindow(self.db_path, self.report_path, self.settings, pane=self.current_pane())
        self.successor.show()
        self.successor.statusBar().showMessage(message, 8000)
        self.close()

    def set_theme(self, choice: str) -> None:
        """Light, dark or the system's scheme, applied at once (charts and timeline follow)."""
        self.settings.set("ui/theme", choice)
        theme.apply(choice)

    def show_shortcuts(self) -> None:
        from ipexplorer.ui.shell.help_dialogs import ShortcutsDialog  # dialogs: imported when opened

        ShortcutsDialog(self).open()

    def _focus_filter(self) -> None:
        """Find: the pane's own search or filter box (the Charts pane's filters its own grid); the Tables pane's
        quick filter where a pane has none."""
        if not self.current().focus_find():
            self.show_pane("tables")
            self.explorer.focus_find()

    def copy_as_python(self) -> None:
        """The pane's view (the table, the chart, the console's result) as a script of the Python API."""
        self.current().copy_python()

    def about(self) -> None:
        from ipexplorer.ui.shell.help_dialogs import AboutDialog

        AboutDialog(self, self.db_path).open()

    # --- panes -----------------------------------------------------------------------------
    def show_pane(self, key: str) -> None:
        self.nav.setCurrentRow([spec.key for spec in self.specs].index(key))

    def current_pane(self) -> str:
        return self.specs[self.stack.currentIndex()].key

    def current(self) -> Pane:
        """The pane on show."""
        return self.panes[self.current_pane()]

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        key = self.specs[row].key
        self.stack.setCurrentIndex(row)
        if first_frame.is_painted():
            self._fill_page(key)
            self._pane_timer.start()   # before the first frame, `save` keeps it
        else:   # the window's shell paints first; the start pane is imported and built right after
            first_frame.after_first_frame(lambda: self._fill_page(self.current_pane()), self)
        self.update_title()

    def _fill_page(self, key: str) -> None:
        """Build the pane shown (the first time) and set the shared actions for it."""
        built = key in self.panes.built()
        pane = self.panes[key]
        if not built:
            first_frame.forget_sources()   # what the pane's modules left in linecache
        # the font file pages its paint reads are not needed after it: on every switch, not only the first (a pane
        # shown again paints its Chinese text again, reading the pages given back meanwhile: the Report text's
        # ~8 MiB stayed resident after a tour that ended on it)
        memory.release_soon()
        pane.shown()
        for owner, actions in self._menu_actions.items():   # Edit › Copy copies the grid on show
            for action in actions:
                action.setVisible(owner == key)
        for label in (self.rows_label, self.stats_label):  # they describe the table explorer
            label.setVisible("table_status" in pane.offers)
        self.copy_python_action.setEnabled("python" in pane.offers)
        self.copy_command_action.setEnabled("command" in pane.offers)
        # greyed on a pane with no filters to clear (the Overview, Search, the report's text)
        self.clear_filters_action.setEnabled(type(pane).clear_filters is not Pane.clear_filters)
        self.update_title()

    def update_title(self) -> None:
        """The pane's name, and what it shows (PaneHost: a pane asks when that changes)."""
        spec = self.specs[self.stack.currentIndex()]
        title = self.tr(spec.title)
        pane = self.panes.built().get(spec.key)
        detail = pane.title_detail() if pane is not None else ""
        if detail:
            title = f"{title}: {detail}"   # the table, the region, the search, the section
        self.setWindowTitle(f"{title} — ipexplorer")

    def show_rows_text(self, text: str) -> None:
        self.rows_label.setText(text)

    def show_stats_text(self, text: str) -> None:
        self.stats_label.setText(text)

    # --- export ----------------------------------------------------------------------------
    def export(self) -> ExportTask | None:
        """Ask the pane on show what to export (and where), then write it in the background.

        A pane with nothing of its own to export (the Overview, the reader) exports the Tables pane's view;
        the Charts pane exports its own grid's selection or view.
        """
        pane = self.current()
        if not pane.can_export():
            pane = self.explorer
        request = pane.request_export()
        return self.run_export(request) if request is not None else None

    def start_export(self, dialog: ExportDialog) -> ExportTask | None:
        """Write what an export dialog asks for (a message instead when it cannot be written)."""
        from ipexplorer.ui.shell.export_dialog import request_of

        request = request_of(dialog)
        return self.run_export(request) if request is not None else None

    def run_export(self, request: ExportRequest) -> ExportTask:
        from ipexplorer.ui.shell.export_dialog import ExportTask

        task = ExportTask(request, self)
        task.finished.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self._export_tasks = [t for t in getattr(self, "_export_tasks", []) if t.thread.isRunning()] + [task]
        task.start()
        return task

    def show_region_rows(self, region_zh: str) -> None:
        """Every value of a region in the table explorer."""
        self.show_pane("tables")
        self.explorer.show_region_rows(region_zh)

    def open_region(self, region_zh: str) -> None:
        """The Regions pane with one region's profile."""
        self.show_pane("regions")
        self.regions.show_region(region_zh)

    def open_report_line(self, line: int, edition: int = 0) -> None:
        """The report reader at the paragraph holding `line` of `edition`'s report (0: the latest edition's; the raw
        text outside the narrative)."""
        self.show_pane("report")
        self.report_view.show_line(line, edition or None)

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
        self._pane_timer.stop()
        with self.settings.batch():     # the file written once, at the end
            self.settings.set("window/pane", self.current_pane())
            self.settings.set("window/geometry", bytes(self.saveGeometry()))
            self.settings.set("window/state", bytes(self.saveState()))
            self.settings.set("explorer/splitter", bytes(self.splitter.saveState()))
            for pane in self.built_panes():   # panes never shown have nothing to keep
                pane.save()

    def reset_view(self) -> None:
        """Forget the window's and every pane's saved layout (each pane clears its own settings)."""
        with self.settings.batch():
            self.settings.clear_group("window/")
            self.settings.clear_group("explorer/splitter")
            self.panes["tables"]   # built if it was not: the table view goes back to table 1 as printed
            for pane in self.built_panes():
                pane.reset_view()
        if not (self.isMaximized() or self.isFullScreen()):
            self.resize(self.first_size())

    def first_size(self) -> QSize:
        """1280×820, within the screen's room: on a 1024×640 screen Reset view grew the window past its edges."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().size() if screen is not None else QSize(DEFAULT_WIDTH, DEFAULT_HEIGHT)
        return QSize(min(DEFAULT_WIDTH, room.width()), min(DEFAULT_HEIGHT, room.height()))

    def _blank_nav_icons(self) -> None:
        blank = blank_pixmap(self.nav.iconSize().width())   # a pixmap, not a QIcon (see icons)
        for row in range(self.nav.count()):
            self.nav.item(row).setData(DECORATION_ROLE, blank)

    def _paint_nav_icons(self) -> None:
        color = self.nav.palette().color(QPalette.ColorRole.Text)
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            item.setIcon(nav_icon(item.data(KEY_ROLE), color))

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
        """A new palette (light/dark, or the system's switch): each built pane's plots and grids redraw in matching
        colours (Pane.apply_palette, the one path a switch takes to them)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.follow_palette()

    def follow_palette(self) -> None:
        name = theme.palette_name()
        self._paint_nav_icons()
        for pane in self.built_panes():   # a pane built later starts in the palette of its time
            pane.apply_palette(name)

    def closeEvent(self, event: QCloseEvent) -> None:
        first_frame.drop(self)   # closed before its start's deferred work ran: none of it is for this window now
        self.save()
        adding = getattr(self, "add_report_task", None)
        if adding is not None:   # a report being added stops at its next step; the database stays as it was
            adding.cancel()
            adding.runner.shutdown()
        for task in getattr(self, "_export_tasks", []):
            if task.thread.isRunning():  # the temporary file is removed, any old file kept
                task.cancel()
                task.thread.quit()
                task.thread.wait()
        for pane in self.built_panes():   # their workers stop, their connections close
            pane.shutdown()
        super().closeEvent(event)
