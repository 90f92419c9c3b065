"""Errors go through one place: logged with their traceback, shown to people without it."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger("ipexplorer.errors")


def show_error(title: str, message: str, details: str = "", parent=None) -> None:
    """A short dialog naming the problem; the traceback (if any) sits behind 'Show details'."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        print(f"{title}: {message}", file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.setObjectName("errorDialog")
    box.open()


@contextmanager
def error_hooks(report: Callable[[str, str, str], None] | None = None) -> Iterator[None]:
    """Route uncaught exceptions (GUI and worker threads) to the log and to `report`."""
    report = report or show_error
    old_hook, old_thread_hook = sys.excepthook, threading.excepthook

    def hook(exc_type, exc, tb) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception:\n%s", details)
        report("ipexplorer 出错 · Something went wrong",
               f"{exc_type.__name__}: {exc}\n\n操作未完成，应用仍可继续使用。The action did not complete; "
               "the app keeps running. Details are in the log file.", details)

    def thread_hook(args) -> None:
        hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    try:
        yield
    finally:
        sys.excepthook, threading.excepthook = old_hook, old_thread_hook
