"""Start the desktop app: QApplication, the database (built off the GUI thread if needed), the window."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ipexplorer.paths import shipped_report
from ipexplorer.store.database import inspect_database
from ipexplorer.ui.shell import i18n, theme
from ipexplorer.ui.shell.errors import error_hooks, show_error
from ipexplorer.ui.shell.icons import app_icon
from ipexplorer.ui.shell.settings import Settings

log = logging.getLogger(__name__)
translate = QCoreApplication.translate



class _FirstPaint(QObject):
    """Quits the app after the window's first paint, printing the time it took."""

    def __init__(self, started: float, app: QApplication):
        super().__init__()
        self.started, self.app, self.done = started, app, False

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print(f"first paint after {time.perf_counter() - self.started:.3f} s", flush=True)
            QTimer.singleShot(0, self.app.quit)
        return False


class BuildThread(QThread):
    """Builds the database off the GUI thread; `failed` carries a message people can act on."""

    failed = Signal(str)

    def __init__(self, db: Path, report: Path):
        super().__init__()
        self.db, self.report = db, report

    def run(self) -> None:
        from ipexplorer.report.source import ReportError
        from ipexplorer.store.build import BuildError, build_database

        try:
            build_database(self.report, self.db)
        except (ReportError, BuildError) as exc:
            log.error("database build failed: %s", exc)
            self.failed.emit(str(exc))


class BuildingScreen(QWidget):
    """Shown on first start while the database is built from the report."""

    def __init__(self, reason: str):
        super().__init__()
        self.setWindowTitle("ipexplorer")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Building the database from the report ({reason})…").format(reason=reason)))
        bar = QProgressBar()
        bar.setRange(0, 0)
        layout.addWidget(bar)
        self.cancel = QPushButton(self.tr("Cancel"))
        layout.addWidget(self.cancel)
        self.resize(520, 120)


def prepare_application(app: QApplication, settings: Settings | None = None) -> None:
    """Names, icon, the interface language and the palette, before any window is built."""
    app.setApplicationName("ipexplorer")
    app.setOrganizationName("ipexplorer")
    app.setApplicationDisplayName("ipexplorer")
    app.setDesktopFileName("ipexplorer")
    app.setWindowIcon(app_icon())
    settings = settings or Settings()
    i18n.install(settings.get("ui/language"), app)
    theme.apply(settings.get("ui/theme"), app)

    def follow_system(_scheme) -> None:
        if Settings().get("ui/theme") == "system":
            theme.apply("system", app)

    app.styleHints().colorSchemeChanged.connect(follow_system)


def run_app(db: Path, *, exit_after_first_paint: bool = False, argv: list[str] | None = None,
            started: float | None = None) -> int:
    started = started if started is not None else time.perf_counter()
    if QApplication.instance() is None:
        # fractional scale factors (125 %, 150 %) drawn as such, not rounded: crisp text on high-DPI screens
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    prepare_application(app)
    report = shipped_report()
    windows: list[QWidget] = []
    failed: list[str] = []    # a start that failed exits non-zero

    def open_main() -> None:
        from ipexplorer.ui.shell.main_window import MainWindow

        try:
            window = MainWindow(db, report)
        except Exception as exc:  # the window cannot open: say why, log the traceback, quit cleanly
            log.exception("cannot open the main window")
            failed.append(str(exc))
            windows.extend(_stop_half_built(exc))
            show_error(translate("App", "Cannot open the window"), f"{type(exc).__name__}: {exc}")
            QTimer.singleShot(0, app.quit)
            return
        windows.append(window)
        if exit_after_first_paint:
            watcher = _FirstPaint(started, app)
            window.installEventFilter(watcher)
            windows.append(watcher)  # keep it alive
        window.show()

    with error_hooks():
        state = inspect_database(db, report)
        if state.usable:
            open_main()
        else:
            screen = BuildingScreen(state.reason or "")
            thread = BuildThread(db, report)
            failures: list[str] = []
            thread.failed.connect(failures.append)

            def finished() -> None:
                screen.close()
                if failures:
                    failed.append(failures[0])
                    show_error(translate("App", "Cannot build the database"), failures[0] + "\n\n"
                               + translate("App", "The existing database, if any, was left unchanged."))
                    QTimer.singleShot(0, app.quit) if exit_after_first_paint else None
                    return
                open_main()

            thread.finished.connect(finished)
            screen.cancel.clicked.connect(app.quit)
            screen.show()
            thread.start()
            windows.extend([screen, thread])
        code = app.exec()
    for w in windows:
        if isinstance(w, QThread):
            w.wait()
        elif isinstance(w, QWidget) and w.isVisible():   # saves its state and stops its workers
            w.close()
    return code or (1 if failed else 0)


def _stop_half_built(exc: BaseException) -> list[QObject]:
    """Stop the workers of a window whose construction raised, so quitting cannot abort on a running thread.

    The half-built window is found in the traceback's frames; every child with a `shutdown()` (the query
    runners, the panes) is shut down and every child thread stopped. The objects are returned to be kept
    alive until the app has quit.
    """
    from contextlib import suppress

    kept: list[QObject] = []
    tb = exc.__traceback__
    while tb is not None:
        obj = tb.tb_frame.f_locals.get("self")
        if isinstance(obj, QObject) and obj not in kept:
            kept.append(obj)
        tb = tb.tb_next
    for obj in kept:
        children = [obj]
        with suppress(RuntimeError):
            children = [obj, *obj.findChildren(QObject)]
        for child in children:
            shutdown = getattr(child, "shutdown", None)
            if callable(shutdown):
                with suppress(Exception):
                    shutdown()
            if isinstance(child, QThread) and child.isRunning():
                child.quit()
                child.wait(5000)
    return kept
