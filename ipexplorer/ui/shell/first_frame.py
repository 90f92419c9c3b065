"""The first frame comes first: work that is not needed to paint it waits for it.

The app marks the start (`expect`) and the window's first paint (`painted`). Until then,
`after_first_frame` holds its callbacks (plots, the background integrity check, the log file), and
`when_plots_ready` holds work that needs pyqtgraph: it is imported on a worker thread once the
frame is painted, so neither the first frame nor the first switch to Charts or Timeline waits for it.
Outside the app (tests, a pane shown alone) nothing waits: callbacks run at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)

PLOT_MODULES = ("ipexplorer.ui.plots.chart_plot", "ipexplorer.ui.plots.timeline_plot")

_painted = True              # nothing to wait for until the app says a start is under way
_frame_queue: list[tuple[Callable[[], None], QObject | None]] = []
_plots_ready = True
_plot_queue: list[tuple[Callable[[], None], QObject | None]] = []
_relay: _Relay | None = None


class _Relay(QObject):
    """Lives on the GUI thread: the import thread's signal arrives here as a queued call."""

    imported = Signal()

    def __init__(self):
        super().__init__()
        self.imported.connect(self.on_imported)

    @Slot()
    def on_imported(self) -> None:
        global _plots_ready
        _plots_ready = True
        _run(_plot_queue)


def _run(queue: list[tuple[Callable[[], None], QObject | None]]) -> None:
    callbacks = list(queue)
    queue.clear()
    for callback, context in callbacks:
        if context is None:
            QTimer.singleShot(0, callback)
        else:   # dropped by Qt if the context object is gone by then
            QTimer.singleShot(0, context, callback)


def expect(*, preload_plots: bool = True) -> None:
    """A start is under way: hold deferred work until `painted()`; import the plot modules after it."""
    global _painted, _plots_ready, _relay
    _painted = False
    _plots_ready = not preload_plots
    if preload_plots and _relay is None:
        _relay = _Relay()


def is_painted() -> bool:
    return _painted


def painted() -> None:
    """The window's first frame is on screen: start what waited for it."""
    global _painted
    if _painted:
        return
    _painted = True
    if not _plots_ready:
        threading.Thread(target=_import_plots, name="import-plots", daemon=True).start()
    _run(_frame_queue)


def _import_plots() -> None:
    import importlib

    try:
        for name in PLOT_MODULES:
            importlib.import_module(name)
    except Exception:   # the GUI thread imports them again when it needs them, and reports the error there
        log.exception("importing the plot modules in the background failed")
    if _relay is not None:
        _relay.imported.emit()


def after_first_frame(callback: Callable[[], None], context: QObject | None = None) -> None:
    """Run `callback` once the first frame is painted; at once if it already is."""
    if _painted:
        callback()
    else:
        _frame_queue.append((callback, context))


def when_plots_ready(callback: Callable[[], None], context: QObject | None = None) -> None:
    """Run `callback` once the first frame is painted and pyqtgraph imported (off the GUI thread)."""
    def after_frame() -> None:
        if _plots_ready:
            callback()
        else:
            _plot_queue.append((callback, context))

    after_first_frame(after_frame, context)
