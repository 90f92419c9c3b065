"""File › Add report…: another year's report into the open database, on a worker, with progress and Cancel.

The core rebuilds the database from the reports it holds plus the new one into a temporary file and
renames it over the old one only when every step succeeded (store.build.add_report): a bad file, a
report of an edition already there, or Cancel leave the database byte for byte as it was. Afterwards
the window is rebuilt over the new database, so every pane shows the years it now holds.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from ipexplorer.ui.runner import Runner
from ipexplorer.ui.shell.errors import show_error

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


class Cancelled(Exception):
    """The user pressed Cancel: the build stops at its next step and its temporary file is removed."""


def choose_report(parent: QWidget | None) -> Path | None:
    """Ask for a report text file (tests replace this with a path)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, translate("AddReportTask", "Add a report"), "",
        translate("AddReportTask", "Report text (*.txt);;All files (*)"))
    return Path(name) if name else None


def _add(_conn, db_path: Path, report: Path, progress, cancelled: threading.Event):
    """The worker's job: the core's atomic add, stopped at its next step once Cancel is pressed."""
    from ipexplorer.store.build import add_report

    def step(done: int, total: int) -> None:
        if cancelled.is_set():
            raise Cancelled()
        progress(done, total)

    if cancelled.is_set():
        raise Cancelled()
    summary, _reports = add_report(db_path, report, progress=step)
    return summary


class AddReportTask(QObject):
    """One add: the progress dialog, the worker and what to do when it ends."""

    progress = Signal(int, int)     # emitted on the worker, shown on the GUI thread
    finished = Signal(bool, str)    # added, and the message for the status bar

    def __init__(self, db_path: Path, report: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path, self.report = Path(db_path), Path(report)
        self.cancelled = threading.Event()
        self.summary = None
        self.dialog = QProgressDialog(self.tr("Adding {name} to the database…").format(name=self.report.name),
                                      self.tr("Cancel"), 0, 0, parent)
        self.dialog.setObjectName("addReportProgress")
        self.dialog.setWindowTitle(self.tr("Add report"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.progress.connect(self._on_progress)
        self.runner = Runner(self.db_path, self, name="ipexplorer-add-report")

    def start(self) -> None:
        self.dialog.show()
        self.runner.submit(_add, self.db_path, self.report, self.progress.emit, self.cancelled, channel="add",
                           done=self._on_done, failed=self._on_failed)

    def cancel(self) -> None:
        """Stop at the build's next step; the database is left as it was."""
        self.cancelled.set()
        self.dialog.setLabelText(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _end(self) -> None:
        self.runner.shutdown()
        self.dialog.reset()
        self.dialog.hide()

    def _on_done(self, summary) -> None:
        self._end()
        self.summary = summary
        years = ", ".join(map(str, summary.editions))
        log.info("added %s to %s: editions %s", self.report, self.db_path, years)
        self.finished.emit(True, self.tr("Added {name}: the database holds the reports of {years}").format(
            name=self.report.name, years=years))

    def _on_failed(self, exc: BaseException) -> None:
        from ipexplorer.report.source import ReportError
        from ipexplorer.store.errors import BuildError, DatabaseRefused

        self._end()
        if isinstance(exc, Cancelled):
            log.info("adding %s to %s: cancelled", self.report, self.db_path)
            self.finished.emit(False, self.tr("Adding the report was cancelled: the database is unchanged"))
            return
        log.error("adding %s to %s failed: %s", self.report, self.db_path, exc)
        if isinstance(exc, (ReportError, BuildError, DatabaseRefused, OSError, UnicodeError)):
            message = str(exc)
        else:   # not one the core names: say what it is, without a traceback
            message = f"{type(exc).__name__}: {exc}"
        show_error(self.tr("Cannot add the report"),
                   self.tr("{name}: {problem}").format(name=self.report, problem=message) + "\n\n"
                   + self.tr("The database was left as it was."), parent=self.parent())
        self.finished.emit(False, self.tr("The report was not added: the database is unchanged"))
