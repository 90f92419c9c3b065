"""The one async query service: run a function with a database connection on a worker thread.

`Runner.submit(fn, *args, done=…, failed=…, channel=…)` calls `fn(conn, *args)` on the runner's
worker thread, with the runner's own read-only connection, and hands the result (or the exception)
to `done` (or `failed`) on the GUI thread through a queued signal. Each channel ("rows", "count",
"profile", …) has a generation counter: a new submission on a channel supersedes the older ones —
they are skipped if still waiting, interrupted (`conn.interrupt()`) if running, and their results
dropped if they arrive late (the DB4S `m_lifeCounter` idea). With a time limit (people's own SQL,
the console) the connection is guarded: reading only, each job bounded in time, Cancel honoured.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import queue
import sqlite3
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from ipexplorer.query.readonly import Guard, guard
from ipexplorer.store.database import connect

log = logging.getLogger(__name__)

_ids = itertools.count(1)
_live: weakref.WeakSet[Runner] = weakref.WeakSet()


@dataclass
class _Job:
    id: int
    channel: str
    generation: int
    fn: Callable[..., Any]
    args: tuple
    kwargs: dict
    done: Callable[[Any], None] | None
    failed: Callable[[BaseException], None] | None
    with_guard: bool = False
    cancelled: bool = field(default=False)     # stop it, but still report how it ended (Cancel)
    superseded: bool = field(default=False)    # stop it and drop its result (newer work asked for)

    @property
    def stopping(self) -> bool:
        return self.cancelled or self.superseded


class _Worker(QThread):
    """Runs the jobs of one Runner in order, on one connection opened on first use."""

    def __init__(self, runner: Runner, db_path: Path, time_limit: float | None, name: str):
        super().__init__()
        self.setObjectName(name)
        self._runner = runner
        self._db_path = db_path
        self.time_limit = time_limit
        self.jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.current: _Job | None = None
        self.conn: sqlite3.Connection | None = None
        self.guard: Guard | None = None

    def _connection(self) -> sqlite3.Connection:
        if self.conn is None:
            conn = connect(self._db_path)
            if self.time_limit is not None:   # people's own SQL: read-only and bounded
                self.guard = guard(conn, time_limit=self.time_limit, cancelled=self._cancelled)
            else:
                # interrupt() reaches only the statement running when it is made: a job superseded between two
                # of its statements stops at its next one's first progress call
                conn.set_progress_handler(lambda: 1 if self._cancelled() else 0, 10_000)
            with self.lock:
                self.conn = conn
        if self.guard is not None:
            self.guard.time_limit = self.time_limit
        return self.conn

    def _cancelled(self) -> bool:
        job = self.current
        return job is not None and job.stopping

    def interrupt_if_running(self, job_ok: Callable[[_Job], bool], *, superseded: bool = True) -> None:
        """Stop the statement under way when its job is superseded or cancelled."""
        with self.lock:
            job = self.current
            if job is not None and job_ok(job):
                if superseded:
                    job.superseded = True
                else:
                    job.cancelled = True
                if self.guard is not None:
                    self.guard.cancel()      # interrupts now, and says it was a cancel, not the time limit
                elif self.conn is not None:
                    self.conn.interrupt()

    def run(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                break
            if job.superseded or job.generation < self._runner.latest(job.channel):
                try:   # superseded before it started: the runner still hears of it, to forget it
                    self._runner._delivered.emit(job.id, False, None)
                except RuntimeError:
                    break
                continue
            with self.lock:
                self.current = job
            try:
                conn = self._connection()
                with self.guard.statement() if self.guard is not None else contextlib.nullcontext():
                    args = (self.guard, *job.args) if job.with_guard else job.args
                    if job.cancelled:
                        raise sqlite3.OperationalError("interrupted")
                    result = job.fn(conn, *args, **job.kwargs)
                ok = True
            except Exception as exc:   # delivered to the job's `failed` on the GUI thread
                if self.guard is not None and self.guard.stopped_by and not hasattr(exc, "stopped_by"):
                    exc.stopped_by = self.guard.stopped_by
                result, ok = exc, False
            finally:
                with self.lock:
                    self.current = None
            try:
                self._runner._delivered.emit(job.id, ok, result)
            except RuntimeError:   # the runner is gone (its owner was deleted): nobody to tell, stop
                break
        with self.lock:
            if self.conn is not None:
                self.conn.close()
                self.conn = None


class Runner(QObject):
    """Owns one worker thread and its connection; everything a pane asks of the database goes through it."""

    _delivered = Signal(int, bool, object)   # job id, succeeded, result or exception (queued to the GUI thread)
    busy_changed = Signal(bool)

    def __init__(self, db_path: Path | str, parent: QObject | None = None, *, time_limit: float | None = None,
                 name: str = "ipexplorer-sql"):
        super().__init__(parent)
        self._generations: dict[str, int] = {}
        self._pending: dict[int, _Job] = {}
        self._worker = _Worker(self, Path(db_path), time_limit, name)
        self._delivered.connect(self._deliver)
        self._started = False
        self._closed = False
        _live.add(self)
        worker = self._worker

        def stop_worker(*_args) -> None:   # the owner was deleted without shutdown(): never leave a thread behind
            with contextlib.suppress(RuntimeError):   # at exit the worker may be gone first
                worker.interrupt_if_running(lambda _j: True)
                if worker.isRunning():
                    worker.jobs.put(None)
                    worker.wait(5000)

        self.destroyed.connect(stop_worker)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # --- asking -------------------------------------------------------------------------
    def latest(self, channel: str) -> int:
        return self._generations.get(channel, 0)

    def submit(self, fn: Callable[..., Any], *args, done: Callable[[Any], None] | None = None,
               failed: Callable[[BaseException], None] | None = None, channel: str = "",
               with_guard: bool = False, **kwargs) -> int:
        """Run `fn(conn, *args, **kwargs)` on the worker; older jobs of `channel` are superseded.

        Returns the job's generation on its channel. `done(result)` / `failed(exception)` run on
        the GUI thread, only if no newer job of the channel was submitted meanwhile. `with_guard`
        passes the connection's Guard (runners with a time limit) as the second argument.
        """
        if self._closed:
            return self.latest(channel)
        generation = self.latest(channel) + 1
        self._generations[channel] = generation
        job = _Job(next(_ids), channel, generation, fn, args, kwargs, done, failed, with_guard)
        self._pending[job.id] = job
        self._worker.interrupt_if_running(lambda j: j.channel == channel)
        if not self._started:
            self._started = True
            self._worker.start()
        was_idle = len(self._pending) == 1
        self._worker.jobs.put(job)
        if was_idle:
            self.busy_changed.emit(True)
        return generation

    def supersede(self, channel: str = "") -> None:
        """Forget every job of `channel` (pending or running); their results will be dropped."""
        self._generations[channel] = self.latest(channel) + 1
        for job in self._pending.values():
            if job.channel == channel:
                job.superseded = True
        self._worker.interrupt_if_running(lambda j: j.channel == channel)

    def cancel(self, channel: str | None = None) -> None:
        """Stop the work of `channel` (every channel when None); its `failed` still hears how it ended."""
        for job in self._pending.values():
            if channel is None or job.channel == channel:
                job.cancelled = True
        self._worker.interrupt_if_running(lambda j: channel is None or j.channel == channel, superseded=False)

    def is_busy(self, channel: str | None = None) -> bool:
        return any(channel is None or j.channel == channel for j in self._pending.values())

    def set_time_limit(self, seconds: float) -> None:
        """The limit for the next jobs (read by the worker when a job starts)."""
        self._worker.time_limit = seconds

    @property
    def time_limit(self) -> float | None:
        return self._worker.time_limit

    # --- answers ------------------------------------------------------------------------
    def _deliver(self, job_id: int, ok: bool, result: Any) -> None:
        job = self._pending.pop(job_id, None)
        if not self._pending:
            self.busy_changed.emit(False)
        if job is None or job.superseded or job.generation != self.latest(job.channel) or self._closed:
            return
        callback = job.done if ok else job.failed
        if callback is not None:
            callback(result)
        elif not ok:
            log.warning("query in %s failed: %s", job.fn.__name__, result)

    def shutdown(self) -> None:
        """Stop the worker (interrupting its statement) and close its connection; idempotent."""
        if self._closed:
            return
        self._closed = True
        for job in self._pending.values():
            job.superseded = True
        self._worker.interrupt_if_running(lambda _j: True)
        if self._worker.isRunning():
            self._worker.jobs.put(None)
            self._worker.wait(5000)
        self._pending.clear()


def shutdown_all() -> None:
    """Stop every runner still alive (the application is quitting, or a test ends)."""
    for runner in list(_live):
        runner.shutdown()
