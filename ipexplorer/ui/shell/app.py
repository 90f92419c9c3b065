"""Start the desktop app: QApplication, the database (built off the GUI thread if needed), the window."""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ipexplorer.logs import setup_logging
from ipexplorer.paths import shipped_report
from ipexplorer.store.header import is_current
from ipexplorer.ui.shell import first_frame, i18n, theme
from ipexplorer.ui.shell.errors import error_hooks, show_error
from ipexplorer.ui.shell.icons import app_icon
from ipexplorer.ui.shell.settings import Settings

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


class _FirstPaint(QObject):
    """Marks a window's first painted frame; when timing, prints the seconds since the process started.

    `finish`, when exiting after the first paint, runs once the frame is painted (in place of the work
    that waits for the frame).
    """

    def __init__(self, started: float, label: str, timing: bool, finish: Callable[[], None] | None):
        super().__init__()
        self.started, self.label, self.timing, self.finish = started, label, timing, finish
        self.done = False

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            if self.timing:   # the CPU time too: on a loaded machine it says what the start itself cost
                print(f"{self.label} after {time.perf_counter() - self.started:.3f} s (CPU {cpu_seconds():.3f} s)",
                      flush=True)
            if self.finish is not None:
                QTimer.singleShot(0, self.finish)
            else:
                first_frame.painted(obj)
        return False


def cpu_seconds() -> float:
    """The CPU time this process has used so far (user and system, every thread; interpreter start-up included)."""
    return time.process_time()


class BuildThread(QThread):
    """Builds the database off the GUI thread; `failed` carries a message people can act on."""

    failed = Signal(str)
    progress = Signal(int, int)

    def __init__(self, db: Path, reports: tuple[Path, ...]):
        super().__init__()
        self.db, self.reports = db, reports

    def run(self) -> None:
        from ipexplorer.report.source import ReportError
        from ipexplorer.store.build import BuildError, DatabaseRefused, build_database

        try:
            build_database(self.reports, self.db, progress=self.progress.emit)
        except (ReportError, BuildError, DatabaseRefused) as exc:
            log.error("database build failed: %s", exc)
            self.failed.emit(str(exc))


class BuildingScreen(QWidget):
    """Shown on first start while the database is built from the report: the step done of all steps."""

    def __init__(self, reason: str):
        super().__init__()
        self.setWindowTitle("ipexplorer")
        layout = QVBoxLayout(self)
        self.reason = reason
        self.label = QLabel(objectName="buildingLabel")
        layout.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        layout.addWidget(self.bar)
        self.cancel = QPushButton(self.tr("Cancel"))
        layout.addWidget(self.cancel)
        self.set_progress(0, 0)
        self.resize(520, 120)

    def set_progress(self, done: int, total: int) -> None:
        steps = f" {done}/{total}" if total else ""
        self.label.setText(self.tr("Building the database from the report ({reason})…").format(reason=self.reason)
                           + steps)
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)


class _Checked(QObject):
    """Carries the background check's answer to the GUI thread: the database's state when it cannot be used."""

    found = Signal(object)
    clean = Signal()


def prepare_application(app: QApplication, settings: Settings | None = None) -> None:
    """Names, icon, the interface language and the palette, before any window is built.

    The palette is set quickly (see theme.apply) and exactly once the first frame is painted (at once
    outside a start).
    """
    app.setApplicationName("ipexplorer")
    app.setOrganizationName("ipexplorer")
    app.setApplicationDisplayName("ipexplorer")
    app.setDesktopFileName("ipexplorer")
    first_frame.after_first_frame(lambda: app.setWindowIcon(app_icon()))   # QIcon's enums wait for the frame
    settings = settings or Settings()
    i18n.install(settings.get("ui/language"), app)
    choice = settings.get("ui/theme")
    theme.apply(choice, app, quick=True)
    first_frame.after_first_frame(lambda: theme.apply(choice, app))

    def follow_system(_scheme) -> None:
        if Settings().get("ui/theme") == "system":
            theme.apply("system", app)

    app.styleHints().colorSchemeChanged.connect(follow_system)


def run_app(db: Path, *, exit_after_first_paint: bool = False, argv: list[str] | None = None,
            started: float | None = None, pane: str | None = None) -> int:
    """Open the window on a cheaply checked database (or build one, painting the progress first); run the app.

    Everything not needed for the first frame waits for it (first_frame): the plots, pyqtgraph's import
    (on a worker), the log file, and the database's check. A file whose header says it is ours, of this
    schema and of its full length is opened on that word; after the frame a worker reads its schema and
    reports and runs `PRAGMA quick_check`, and the database is rebuilt if it is damaged (refused if another
    program holds it). With `exit_after_first_paint` the run ends after that check.
    """
    started = started if started is not None else time.perf_counter()
    # fractional scale factors (125 %, 150 %) are drawn as such, not rounded: Qt 6's default rounding policy
    # (PassThrough; setting it here would build the Python enums of Qt's whole namespace before the first frame)
    first_frame.expect(preload_plots=not exit_after_first_paint)
    app = QApplication.instance() or QApplication([*(argv or sys.argv[:1]), "-style", "Fusion"])
    prepare_application(app)
    first_frame.after_first_frame(setup_logging)
    first_frame.after_first_frame(gc.enable)   # the launcher holds the collector off until the first frame
    report = shipped_report()
    windows: list[QObject] = []
    checked = _Checked()
    failed: list[str] = []    # a start that failed exits non-zero

    check_due: list[bool] = []  # the database was opened on its header's word: checked once the frame is painted
    verdict: list = []   # the start's inspection of a file its header did not vouch for, reused by the check

    def quit_after_first_paint() -> None:
        """--exit-after-first-paint: quit, after the database's check if one is due (a damaged file is rebuilt
        first, and the rebuilt window's first frame ends the run)."""
        if check_due:
            checked.clean.connect(app.quit)
            check_in_background()
        else:
            app.quit()

    def watch(widget: QWidget, label: str, exit_after: bool) -> None:
        watcher = _FirstPaint(started, label, exit_after_first_paint, quit_after_first_paint if exit_after else None)
        widget.installEventFilter(watcher)
        windows.append(watcher)  # keep it alive

    def open_main() -> None:
        from ipexplorer.ui.shell.main_window import MainWindow

        # after a build too, the window's shell paints before its start pane (and a Charts or Timeline plot) is built
        first_frame.expect(preload_plots=not exit_after_first_paint)
        try:
            window = MainWindow(db, report, pane=pane)
        except Exception as exc:  # the window cannot open: say why, log the traceback, quit cleanly
            setup_logging()
            log.exception("cannot open the main window")
            failed.append(str(exc))
            windows.extend(_stop_half_built(exc))
            show_error(translate("App", "Cannot open the window"), f"{type(exc).__name__}: {exc}")
            QTimer.singleShot(0, app.quit)
            return
        windows.append(window)
        watch(window, "first paint", exit_after_first_paint)
        window.show()

    def check_in_background() -> None:
        if not check_due:   # started already (at the exit after the first paint), or a build's window
            return
        check_due.clear()

        def check() -> None:
            from ipexplorer.store.database import BUILD, DatabaseState, inspect_database, integrity_problem

            # its schema and reports, unless the start read them already (a file that failed the header check)
            state = verdict[0] if verdict else inspect_database(db, report, integrity=False)
            if state.usable:
                problem = integrity_problem(db)
                if problem is None:
                    checked.clean.emit()
                    return
                # ours (it passed the header check): rebuilt from its reports
                state = DatabaseState(db, problem, BUILD, state.reports or (report,))
            checked.found.emit(state)

        threading.Thread(target=check, name="quick-check", daemon=True).start()

    def unusable(state) -> None:
        for window in windows:
            if isinstance(window, QWidget) and window.isVisible():
                window.close()
        if state.refused:   # not ours to replace (another program holds it): say so, write nothing, quit
            log.error("database refused: %s", state.message())
            failed.append(state.message())
            show_error(translate("App", "Cannot open the database"), state.message())
            QTimer.singleShot(0, app.quit)
            return
        log.error("the database %s failed its check: %s; rebuilding it", db, state.reason)
        build(state.reason or "", state.reports or (report,))

    def build(reason: str, reports: tuple[Path, ...]) -> None:
        screen = BuildingScreen(reason)
        thread = BuildThread(db, reports)
        failures: list[str] = []
        thread.failed.connect(failures.append)
        thread.progress.connect(screen.set_progress)

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
        watch(screen, "building frame", False)
        first_frame.after_first_frame(thread.start)   # the progress is on screen before the build takes the CPU
        screen.show()
        windows.extend([screen, thread])

    checked.found.connect(unusable)
    with error_hooks():
        if is_current(db):   # ours, of this schema, as long as its header says: the rest is read after the frame
            state = None
        else:
            from ipexplorer.store.database import inspect_database

            state = inspect_database(db, report, integrity=False)
            verdict.append(state)
        if state is None or state.usable:
            check_due.append(True)
            first_frame.after_first_frame(check_in_background)
            open_main()
        elif state.refused:   # not ours to replace: say so, write nothing, quit
            log.error("database refused: %s", state.message())
            show_error(translate("App", "Cannot open the database"), state.message())
            return 1
        else:
            build(state.reason or "", state.reports)
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
