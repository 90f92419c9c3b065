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
    """Calls back once the paint pass in which `widget` next paints is over (or after a while at most).

    One per widget, made at its first wait and armed again for each: it stays, idle between waits, a child of its
    widget (gone with it), so a widget shown again and again keeps one, not one per show. It is never deleted on
    its own: a watcher deleted once it had fired (deleteLater from its timer's slot, every wake-up through a timer
    of its own) was deleted a second time about one run in six of the after-paint test ("shared QObject was
    deleted directly", then a crash in ~QObject), as was one woken by single-shot timers holding its method.
    """

    def __init__(self, widget: QObject):
        super().__init__(widget)
        self.widget = widget
        self.callbacks: list[Callable[[], None]] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.fire)

    @classmethod
    def of(cls, widget: QObject) -> _PaintWatch:
        """The widget's watcher (made at its first wait)."""
        for child in widget.children():
            if type(child) is cls:
                return child
        return cls(widget)

    def wait(self, callback: Callable[[], None], at_most_ms: int) -> None:
        """Call `callback` after the widget's next painted frame, or in `at_most_ms` if none comes first."""
        if not self.callbacks:
            self.widget.installEventFilter(self)
            self.timer.start(at_most_ms)
        elif self.timer.remainingTime() > at_most_ms:
            self.timer.start(at_most_ms)
        self.callbacks.append(callback)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.callbacks:
            self.timer.start(0)   # after the pass: the widget's frame is on screen
        return False

    @Slot()
    def fire(self) -> None:
        self.widget.removeEventFilter(self)
        callbacks, self.callbacks = self.callbacks, []
        for callback in callbacks:
            callback()


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
    else:   # the start pane's frame
        _PaintWatch.of(window).wait(settled, SETTLE_AT_MOST_MS)


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


def after_next_paint(widget: QObject, callback: Callable[[], None]) -> None:
    """Run `callback` once `widget` has painted its next frame: what the frame can show without (a plot and its
    library's items, a tenth of a second to build) follows it, so the first switch to a pane shows the pane
    at once. Dropped if the widget is deleted first."""
    _PaintWatch.of(widget).wait(callback, AFTER_PAINT_AT_MOST_MS)
