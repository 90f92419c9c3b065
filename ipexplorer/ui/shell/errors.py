"""Errors go through one place: logged with their traceback, shown to people without it.

An uncaught exception anywhere in the UI (or in a worker thread) ends in one short dialog that
says what failed and what to do, with the details copyable and the log file named; the app keeps
running. While that dialog is open, further errors are logged and added to it, never stacked.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from ipexplorer import logs

log = logging.getLogger("ipexplorer.errors")

_open_dialog = None   # the uncaught-error dialog on screen, if any
translate = QCoreApplication.translate


def log_file() -> Path | None:
    """The rotating log file errors are written to (None when logging to a file is off)."""
    return logs.log_file()


def error_box(title: str, message: str, details: str = "", parent=None):
    """The dialog itself: the message, 'Show details…' with the traceback, and a Copy details button."""
    from PySide6.QtCore import Qt  # imported here: their Python enums are built on first use, not at start
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    # with an extra button QMessageBox finds no escape button and would ignore Esc and the close box
    box.setEscapeButton(QMessageBox.StandardButton.Ok)
    box.setTextInteractionFlags(box.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse)
    if details:
        box.setDetailedText(details)
        copy = box.addButton(translate("Errors", "Copy details"), QMessageBox.ButtonRole.ActionRole)
        copy.setObjectName("copyDetails")
        # an ActionRole button would close the box; keep it open after copying
        copy.clicked.disconnect()
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(f"{title}\n{message}\n\n{box.detailedText()}"))
    return box


def show_error(title: str, message: str, details: str = "", parent=None) -> None:
    """A short dialog naming the problem; the traceback (if any) sits behind 'Show details'."""
    if QApplication.instance() is None:
        print(f"{title}: {message}", file=sys.stderr)
        return
    error_box(title, message, details, parent).open()


def uncaught_message(exc_type: type[BaseException], exc: BaseException) -> str:
    """What failed and what to do, in the interface language."""
    where = log_file()
    text = (f"{exc_type.__name__}: {exc}\n\n"
            + translate("Errors", "The action did not complete; the app keeps running. You can go on working, "
                        "or try the action again. If it keeps failing, copy the details and report them."))
    if where is not None:
        text += "\n\n" + translate("Errors", "The details are also in the log file: {path}").format(path=where)
    return text


def report_uncaught(title: str, message: str, details: str) -> None:
    """Show one dialog at a time: later errors are appended to the one on screen."""
    global _open_dialog
    if QApplication.instance() is None:
        print(f"{title}: {message}", file=sys.stderr)
        return
    if _open_dialog is not None and shiboken6.isValid(_open_dialog) and _open_dialog.isVisible():
        _open_dialog.setDetailedText(f"{_open_dialog.detailedText()}\n\n--- {message.splitlines()[0]}\n{details}")
        return
    # over the main window when it is the active one; a closing dialog would take the box with it
    active = QApplication.activeWindow()
    parent = active if isinstance(active, QMainWindow) else None
    _open_dialog = error_box(title, message, details, parent)
    _open_dialog.open()


class _Bridge(QObject):
    """Lives in the GUI thread; its signal carries errors from any thread (queued) or from the GUI thread (direct)."""

    raised = Signal(str, str, str)


@contextmanager
def error_hooks(report: Callable[[str, str, str], None] | None = None) -> Iterator[None]:
    """Route uncaught exceptions (GUI and worker threads) to the log and to `report`."""
    report = report or report_uncaught
    old_hook, old_thread_hook = sys.excepthook, threading.excepthook
    bridge = _Bridge() if QApplication.instance() is not None else None
    if bridge is not None:
        bridge.raised.connect(report)

    busy = threading.local()

    def hook(exc_type, exc, tb) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception:\n%s", details)
        if getattr(busy, "active", False):   # the error path itself failed: log it, never loop
            return
        busy.active = True
        try:
            args = (translate("Errors", "Something went wrong"), uncaught_message(exc_type, exc), details)
            bridge.raised.emit(*args) if bridge is not None else report(*args)
        except Exception:  # never let the error path raise in turn
            log.exception("cannot show the error dialog")
        finally:
            busy.active = False

    def thread_hook(args) -> None:
        hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    try:
        yield
    finally:
        sys.excepthook, threading.excepthook = old_hook, old_thread_hook
