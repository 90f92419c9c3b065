"""The first frame comes first: work that is not needed to paint it waits for it.

The app marks the start (`expect`) and the window's first paint (`painted`): that frame is the window's
shell (navigation, menus, status bar). Until then, `after_first_frame` holds its callbacks (the start
pane, the background integrity check, the log file). `after_start_pane` holds what may wait until the
start pane has painted too (the next frame of the window, or a short while at most): the other panes'
helpers and the import of the plot modules on a worker thread, which would otherwise compete with the
start pane for the interpreter (the panes' modules follow the plots' on that thread).
`when_plots_ready` holds work that needs pyqtgraph, so neither a frame
nor the first switch to Charts or Timeline waits for its import. `after_next_paint` holds work until a widget
has painted (a pane's plot, built once the pane's first frame is on screen).
Outside the app (tests, a pane shown alone) nothing waits: callbacks run at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)

PLOT_MODULES = ("ipexplorer.ui.plots.chart_plot", "ipexplorer.ui.plots.timeline_plot")

_painted = True              # nothing to wait for until the app says a start is under way
_frame_queue: list[tuple[Callable[[], None], QObject | None]] = []
_settled = True              # the start pane has painted as well
_settle_queue: list[tuple[Callable[[], None], QObject | None]] = []
_importing = False
SETTLE_AT_MOST_MS = 500      # when no second frame comes (a hidden window), the deferred work starts anyway
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
        forget_sources()
        _run(_plot_queue)


def forget_sources() -> None:
    """Drop the source lines Python keeps in `linecache` (what tracebacks and warnings read); they are read again.

    PySide6's import hook no longer fills it (see ipexplorer.ui: it read every imported module's source).
    """
    import linecache

    linecache.clearcache()


def _run(queue: list[tuple[Callable[[], None], QObject | None]]) -> None:
    callbacks = list(queue)
    queue.clear()
    for callback, context in callbacks:
        if context is None:
            QTimer.singleShot(0, callback)
        else:   # dropped by Qt if the context object is gone by then
            QTimer.singleShot(0, context, callback)


class _PaintWatch(QObject):
    """Watches `widget` for its next paint, then calls `done()` once that paint pass is over (or after
    `at_most_ms` if none comes), and deletes itself.

    Its one timer is its own child: every wake-up (the deadline, the paint's zero-delay follow-up) goes through
    it, so once the watcher is deleted nothing is pending that still names it. Single-shot timers holding its
    bound method, dropped by Qt after a deferred delete, had PySide delete the object a second time (a crash in
    ~QObject). The delete is asked from the timer's slot, never from `eventFilter`.
    """

    def __init__(self, widget: QObject, at_most_ms: int):
        super().__init__(widget)
        self.widget, self.fired = widget, False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.fire)
        widget.installEventFilter(self)
        self.timer.start(at_most_ms)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self.fired:
            self.timer.start(0)   # after the pass: the widget's frame is on screen
        return False

    @Slot()
    def fire(self) -> None:
        if self.fired:
            return
        self.fired = True
        self.widget.removeEventFilter(self)
        self.deleteLater()
        self.done()

    def done(self) -> None:
        raise NotImplementedError


class _NextPaint(_PaintWatch):
    """Calls `settled()` at the window's next painted frame after the first (the start pane drawn)."""

    def __init__(self, window: QObject):
        super().__init__(window, SETTLE_AT_MOST_MS)

    def done(self) -> None:
        settled()


def expect(*, preload_plots: bool = True) -> None:
    """A start (or a new main window after a build) is under way: hold deferred work until `painted()`;
    import the plot modules once the start pane has painted, unless they already are."""
    global _painted, _settled, _plots_ready, _relay
    _painted = _settled = False
    if not (_plots_ready and _relay is not None):   # imported for an earlier window: nothing to wait for
        _plots_ready = not preload_plots
    if preload_plots and _relay is None:
        _relay = _Relay()


def is_painted() -> bool:
    return _painted


def is_settled() -> bool:
    """Whether the start pane has painted (True outside a start: nothing to wait for)."""
    return _settled


def painted(window: QObject | None = None) -> None:
    """The window's first frame is on screen: start what waited for it, and watch for its next frame."""
    global _painted
    if _painted:
        return
    _painted = True
    _run(_frame_queue)
    if window is None:
        settled()
    else:
        _NextPaint(window)


def settled() -> None:
    """The start pane is on screen as well: the plots' import and the rest of the deferred work may begin."""
    global _settled, _importing
    if _settled:
        return
    _settled = True
    from ipexplorer.ui.shell import memory

    memory.release_soon()   # the start pane has painted: the font file pages it read are not needed
    if not _plots_ready and not _importing:
        _importing = True
        threading.Thread(target=_import_plots, name="import-plots", daemon=True).start()
    _run(_settle_queue)


def pane_modules() -> list[str]:
    """The modules of the panes' factories (ipexplorer/pane_list.py), in the window's order."""
    from ipexplorer.pane_list import PANES

    return [spec.factory.partition(":")[0] for spec in PANES]


def _import_plots() -> None:
    global _importing
    import importlib

    try:
        for name in PLOT_MODULES:
            importlib.import_module(name)
    except Exception:   # the GUI thread imports them again when it needs them, and reports the error there
        log.exception("importing the plot modules in the background failed")
    _importing = False
    if _relay is not None:
        _relay.imported.emit()
    # then the panes' modules, so a pane's first switch builds it without importing it first (the Overview's
    # queries module alone defines a dozen dataclasses); the GUI thread imports any not yet here itself
    for name in pane_modules():
        try:
            importlib.import_module(name)
        except Exception:
            log.exception("importing %s in the background failed", name)


def after_first_frame(callback: Callable[[], None], context: QObject | None = None) -> None:
    """Run `callback` once the first frame is painted; at once if it already is."""
    if _painted:
        callback()
    else:
        _frame_queue.append((callback, context))


def drop(context: QObject) -> None:
    """Forget what still waits for the frame, the start pane or the plots on behalf of `context` (a window closed
    before then: its database failed the check that follows the frame, and a rebuilt one takes its place)."""
    for queue in (_frame_queue, _settle_queue, _plot_queue):
        queue[:] = [(callback, owner) for callback, owner in queue if owner is not context]


def after_start_pane(callback: Callable[[], None], context: QObject | None = None) -> None:
    """Run `callback` once the start pane has painted too; at once if it has."""
    if _settled:
        callback()
    else:
        _settle_queue.append((callback, context))


def when_plots_ready(callback: Callable[[], None], context: QObject | None = None) -> None:
    """Run `callback` once the first frame is painted and pyqtgraph imported (off the GUI thread)."""
    def after_frame() -> None:
        if _plots_ready:
            callback()
        else:
            _plot_queue.append((callback, context))

    after_first_frame(after_frame, context)


AFTER_PAINT_AT_MOST_MS = 500   # a widget that never paints (hidden again, covered) gets its callback anyway


class _AfterPaint(_PaintWatch):
    """Calls `callback` once the paint pass in which `widget` next paints is over (or after a while at most)."""

    def __init__(self, widget: QObject, callback: Callable[[], None]):
        super().__init__(widget, AFTER_PAINT_AT_MOST_MS)
        self.callback = callback   # nothing fires before the event loop runs again

    def done(self) -> None:
        self.callback()


def after_next_paint(widget: QObject, callback: Callable[[], None]) -> None:
    """Run `callback` once `widget` has painted its next frame: what the frame can show without (a plot and its
    library's items, a tenth of a second to build) follows it, so the first switch to a pane shows the pane
    at once. Dropped if the widget is deleted first."""
    _AfterPaint(widget, callback)
