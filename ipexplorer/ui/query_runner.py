"""Run SQL on a worker thread with its own read-only connection.

Results carry the generation they were asked for; the model drops stale ones (the
DB4S `m_lifeCounter` idea). A new request interrupts the query under way. With a time
limit (the SQL console) the connection is also guarded: reading only, statements bounded.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ipexplorer.query.readonly import Guard, guard
from ipexplorer.store.database import connect

log = logging.getLogger(__name__)


class _Worker(QObject):
    rows_ready = Signal(int, int, list)    # generation, offset, rows
    count_ready = Signal(int, int)         # generation, row count
    failed = Signal(int, str)              # generation, message

    def __init__(self, db_path: Path, time_limit: float | None = None):
        super().__init__()
        self._db_path = db_path
        self._time_limit = time_limit
        self._guard: Guard | None = None
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.latest = 0

    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self._db_path)
            if self._time_limit is not None:  # people's own SQL (the console): read-only and bounded
                self._guard = guard(self._conn, time_limit=self._time_limit)
        if self._guard is not None:
            self._guard.start()
        return self._conn

    def _message(self, exc: sqlite3.Error) -> str:
        if self._guard is not None and self._guard.stopped_by == "time" and "interrupted" in str(exc):
            return f"stopped: the query ran past the time limit of {self._time_limit:g} s"
        return str(exc)

    def set_time_limit(self, seconds: float) -> None:
        self._time_limit = seconds
        if self._guard is not None:
            self._guard.time_limit = seconds

    def interrupt(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.interrupt()

    @Slot(int, str, list, int)
    def fetch(self, generation: int, sql: str, params: list, offset: int) -> None:
        if generation < self.latest:
            return
        try:
            rows = self.connection().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            if generation >= self.latest:
                self.failed.emit(generation, self._message(exc))
            return
        self.rows_ready.emit(generation, offset, rows)

    @Slot(int, str, list)
    def count(self, generation: int, sql: str, params: list) -> None:
        if generation < self.latest:
            return
        try:
            n = self.connection().execute(sql, params).fetchone()[0]
        except sqlite3.Error as exc:
            if generation >= self.latest and "interrupted" not in str(exc):
                self.failed.emit(generation, str(exc))
            return
        self.count_ready.emit(generation, n)

    @Slot()
    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class QueryRunner(QObject):
    """Owns the worker thread; the GUI thread calls `fetch`/`count` and gets signals back."""

    rows_ready = Signal(int, int, list)
    count_ready = Signal(int, int)
    failed = Signal(int, str)
    _fetch = Signal(int, str, list, int)
    _count = Signal(int, str, list)
    _close = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None, *, time_limit: float | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("ipexplorer-sql")
        self._worker = _Worker(Path(db_path), time_limit)
        self._worker.moveToThread(self._thread)
        self._fetch.connect(self._worker.fetch)
        self._count.connect(self._worker.count)
        self._close.connect(self._worker.close)
        self._worker.rows_ready.connect(self.rows_ready)
        self._worker.count_ready.connect(self.count_ready)
        self._worker.failed.connect(self.failed)
        self._thread.start()

    def new_generation(self, generation: int) -> None:
        """Everything older than `generation` is stale: stop it."""
        self._worker.latest = generation
        self._worker.interrupt()

    def set_time_limit(self, seconds: float) -> None:
        """The limit for the next statements (a plain attribute: the worker reads it when it starts one)."""
        self._worker.set_time_limit(seconds)

    def fetch(self, generation: int, sql: str, params: list, offset: int) -> None:
        self._fetch.emit(generation, sql, list(params), offset)

    def count(self, generation: int, sql: str, params: list) -> None:
        self._count.emit(generation, sql, list(params))

    def shutdown(self) -> None:
        if not self._thread.isRunning():
            return
        self._worker.interrupt()
        self._close.emit()
        self._thread.quit()
        self._thread.wait(5000)
