"""The Help menu's dialogs: About (version, data source, citation, licences) and the keyboard shortcuts."""

from __future__ import annotations

import html
import platform
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ipexplorer import CITATION, __version__
from ipexplorer.ui.shell.icons import app_icon

# (distribution, licence) of what the app is built on; versions are read from the installation
LIBRARIES = (
    ("PySide6-Essentials", "LGPL-3.0 (Qt for Python; Qt itself under LGPL-3.0)"),
    ("pyqtgraph", "MIT"),
    ("numpy", "BSD-3-Clause"),
    ("pandas", "BSD-3-Clause"),
    ("XlsxWriter", "BSD-2-Clause"),
    ("pypinyin", "MIT"),
    ("pycountry", "LGPL-2.1"),
    ("platformdirs", "MIT"),
)
REPORT_URL = "https://www.cnipa.gov.cn/"


def _t(text: str) -> str:
    return QCoreApplication.translate("HelpDialogs", text)


def library_versions() -> list[tuple[str, str, str]]:
    from importlib import metadata  # 30 ms: only when the About box opens

    rows = []
    for name, licence in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "—"
        rows.append((name, version, licence))
    return rows


def geometry_credit() -> str:
    from ipexplorer.query.map_data import geometry_credit as credit  # reads the shipped map file

    return credit()


def map_geometry_row(note: str) -> tuple[str, str, str]:
    """The map data ships inside ipexplorer (resources/maps), not as an installed library."""
    from ipexplorer.query.map_data import load_geometry

    g = load_geometry("china")
    return (f"{g.source} ({note})", g.version, g.licence)


def citation(editions: tuple[int, ...] = ()) -> str:
    """How to cite the report (or reports) the database was built from; the shipped report's without a database."""
    if not editions:
        return CITATION
    from ipexplorer.query.chart_data import editions_text

    years = "、".join(map(str, editions))
    plural = "s" if len(editions) > 1 else ""
    return (f"China National Intellectual Property Administration (CNIPA), 国家知识产权局 {years} 年度报告 "
            f"(Annual Report{plural} {editions_text(editions)}).")


class AboutDialog(QDialog):
    """What ipexplorer is, where its data comes from, how to cite it and under which licences it runs.

    With a database, the reports it holds name the years (read off the GUI thread; shown when they arrive).
    """

    def __init__(self, parent: QWidget | None = None, db_path=None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About ipexplorer"))
        self.setWindowIcon(app_icon())
        self.editions: tuple[int, ...] = ()
        layout = QVBoxLayout(self)
        head = QLabel(objectName="aboutHead")
        head.setPixmap(app_icon().pixmap(64, 64))
        self.title = QLabel(objectName="aboutTitle")
        self.title.setWordWrap(True)
        layout.addWidget(head, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        tabs = QTabWidget(objectName="aboutTabs")
        layout.addWidget(tabs, 1)
        self.data_text = QTextBrowser(objectName="aboutData")
        self.data_text.setOpenExternalLinks(True)
        self._fill()
        tabs.addTab(self.data_text, self.tr("Data and citation"))
        self.libraries = QTableWidget(0, 3, objectName="aboutLibraries")
        self.libraries.setHorizontalHeaderLabels([self.tr("Library"), self.tr("Version"), self.tr("Licence")])
        rows = [("Python", platform.python_version(), "PSF-2.0"), *library_versions(),
                map_geometry_row(self.tr("map geometry, shipped with ipexplorer"))]
        for name, version, licence in rows:
            r = self.libraries.rowCount()
            self.libraries.insertRow(r)
            for c, text in enumerate((name, version, licence)):
                self.libraries.setItem(r, c, QTableWidgetItem(text))
        self.libraries.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.libraries.horizontalHeader().setStretchLastSection(True)
        self.libraries.verticalHeader().hide()
        self.libraries.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        tabs.addTab(self.libraries, self.tr("Libraries"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(self.tr("Copy citation"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_citation)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 520)
        self.runner = None
        if db_path is not None:
            from ipexplorer.query.datasets import editions_of
            from ipexplorer.ui.runner import Runner

            self.runner = Runner(db_path, self, name="ipexplorer-about")
            self.runner.submit(editions_of, channel="editions", done=self.set_editions,
                               failed=lambda _exc: self._stop())   # an unreadable list: the text names no year

    def set_editions(self, editions: tuple[int, ...]) -> None:
        """The years of the reports the database holds: the title, data source and citation name them."""
        self._stop()   # one read: no thread kept for a dialog left open
        self.editions = tuple(editions)
        self._fill()

    def _stop(self) -> None:
        if self.runner is not None:
            self.runner.shutdown()
            self.runner = None

    def _fill(self) -> None:
        from ipexplorer.query.chart_data import editions_text

        years = editions_text(self.editions)
        if years:
            what = self.tr("An explorer for the statistics and events of the CNIPA Annual Report {years}.").format(
                years=years)
            source = self.tr("China National Intellectual Property Administration (CNIPA), Annual Report {years}, "
                             "the Chinese text as extracted from its PDF.").format(years=years)
        else:
            what = self.tr("An explorer for the statistics and events of the CNIPA Annual Reports.")
            source = self.tr("China National Intellectual Property Administration (CNIPA), Annual Reports, the "
                             "Chinese text as extracted from their PDFs.")
        self.title.setText(f"<h2>ipexplorer {html.escape(__version__)}</h2><p>" + html.escape(what) + "</p>")
        self.data_text.setHtml(
            "<h3>" + self.tr("Data source") + "</h3><p>" + html.escape(source) + " "
            + self.tr("Every value keeps the table and report line it came from; nothing is corrected: values stay "
                      "as printed, and checks only flag.")
            + f"</p><p><a href='{REPORT_URL}'>{REPORT_URL}</a></p><h3>" + self.tr("Citation") + "</h3><p>"
            + html.escape(citation(self.editions)) + "<br>ipexplorer " + html.escape(__version__) + "</p><h3>"
            + self.tr("Maps") + "</h3><p>"
            + self.tr("Province and country shapes: {credit}. Simplified and projected by tools/make_maps.py "
                      "(Albers equal-area for China, Equal Earth for the world).").format(
                          credit=html.escape(geometry_credit()))
            + "</p><h3>" + self.tr("Licences") + "</h3><p>"
            + self.tr("ipexplorer is free software under the MIT licence. The report's text and figures are the "
                      "work of CNIPA and remain under its terms; they are included for reference and research.")
            + "</p>")

    def copy_citation(self) -> None:
        QGuiApplication.clipboard().setText(f"{citation(self.editions)} ipexplorer {__version__}.")

    def done(self, result: int) -> None:
        self._stop()
        super().done(result)


# keys that work inside one pane and have no menu action: (pane, keys, what they do), translated when shown
PANE_KEYS = (
    (QT_TRANSLATE_NOOP("HelpDialogs", "Tables"), "Ctrl+C",
     QT_TRANSLATE_NOOP("HelpDialogs", "Copy the selected cells (with headers)")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Tables"), "Shift+click",
     QT_TRANSLATE_NOOP("HelpDialogs", "Add a column to the sort")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Tables"), "Alt+Shift+↑ / Alt+Shift+↓",
     QT_TRANSLATE_NOOP("HelpDialogs", "Sort by the current cell's column, ascending / descending")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Tables"), "Alt+↓",
     QT_TRANSLATE_NOOP("HelpDialogs", "Filter the current cell's column (its value list or range)")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Timeline"), "← / →",
     QT_TRANSLATE_NOOP("HelpDialogs", "Previous / next event")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Timeline"), "Ctrl+= / Ctrl+- / Ctrl+0",
     QT_TRANSLATE_NOOP("HelpDialogs", "Zoom in / zoom out / fit all")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Timeline"), "Ctrl+← / Ctrl+→",
     QT_TRANSLATE_NOOP("HelpDialogs", "Previous / next event from anywhere in the pane")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Search"), "Enter",
     QT_TRANSLATE_NOOP("HelpDialogs", "Search now; on a result, open it in the report")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Report text"), "Alt+← / Alt+→",
     QT_TRANSLATE_NOOP("HelpDialogs", "Back / forward through visited places")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "SQL console"), "Ctrl+Enter",
     QT_TRANSLATE_NOOP("HelpDialogs", "Run the query")),
)


def plain(text: str) -> str:
    """A menu text without its mnemonic: 文件(&F) → 文件, &Export… → Export…."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "")


def menu_shortcuts(window: QWidget) -> list[tuple[str, str, str]]:
    """(menu, shortcut, action) for every action in the window's menus that has a shortcut."""
    rows = []

    def walk(menu_title: str, actions: list[QAction]) -> None:
        for action in actions:
            if action.menu() is not None:
                walk(plain(action.menu().title()), action.menu().actions())
            elif not action.shortcut().isEmpty() and action.isVisible():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                rows.append((menu_title, keys, plain(action.text())))

    bar = window.menuBar() if hasattr(window, "menuBar") else None
    if bar is not None:
        walk("", bar.actions())
    return rows


class ShortcutsDialog(QDialog):
    """Every shortcut of the menus and of the panes, filterable by a word."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        self.filter = QLineEdit(objectName="shortcutsFilter", placeholderText=self.tr("Find a shortcut…"))
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.table = QTableWidget(0, 3, objectName="shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Where"), self.tr("Keys"), self.tr("Action")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.rows = menu_shortcuts(window) + [(_t(where), keys, _t(what)) for where, keys, what in PANE_KEYS]
        for where, keys, what in self.rows:
            r = self.table.rowCount()
            self.table.insertRow(r)
            for c, text in enumerate((where, keys, what)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(self._apply_filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def _apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for r, row in enumerate(self.rows):
            haystack = " ".join(row).lower()
            self.table.setRowHidden(r, not all(w in haystack for w in words))

    def visible_rows(self) -> list[tuple[str, str, str]]:
        return [row for r, row in enumerate(self.rows) if not self.table.isRowHidden(r)]
