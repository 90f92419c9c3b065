"""Guards for SQL that people type: read-only, one statement, bounded in time.

The connection is already opened read-only (`mode=ro`, `query_only`); the authorizer adds a
second wall that refuses anything but reading — writes, ATTACH/DETACH, schema changes, pragmas
that change state, and any function not on the allow-list (`fts3_tokenizer` hands out native
pointers, `load_extension` loads code). A watchdog thread calls `interrupt()` at the deadline
and on Cancel: the progress handler alone fires every N VM steps, and one step can take minutes
(`sum(length(randomblob(1e8)))`).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

# pragmas that only read: those taking a table or index name, and those read without a value
NAMED_PRAGMAS = frozenset({
    "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "integrity_check", "quick_check",
})
READ_PRAGMAS = frozenset({
    "table_list", "collation_list", "function_list", "pragma_list", "database_list", "compile_options",
    "user_version", "schema_version", "application_id", "page_count", "page_size", "encoding", "freelist_count",
    "journal_mode", "query_only", "data_version",  # FTS5 reads data_version on every query
}) | NAMED_PRAGMAS
# the table-valued forms of the reading pragmas (SELECT * FROM pragma_table_info('observation'))
_PRAGMA_FUNCTIONS = ("table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
                     "table_list", "collation_list", "function_list", "pragma_list", "database_list",
                     "compile_options")
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, getattr(sqlite3, "SQLITE_RECURSIVE", 33)}


# the functions people's SQL may call: SQLite's own scalar, aggregate, window, date, math and JSON
# functions, and FTS5's ranking helpers; everything else (fts3_tokenizer, fts5, load_extension,
# sqlite_log, the r-tree debugging functions, …) is refused
ALLOWED_FUNCTIONS = frozenset({
    "abs", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "avg", "bm25", "ceil", "ceiling", "changes",
    "char", "coalesce", "concat", "concat_ws", "cos", "cosh", "count", "cume_dist", "current_date", "current_time",
    "current_timestamp", "date", "datetime", "degrees", "dense_rank", "exp", "first_value", "floor", "format",
    "glob", "group_concat", "hex", "highlight", "if", "ifnull", "iif", "instr", "julianday", "lag",
    "last_insert_rowid", "last_value", "lead", "length", "like", "likelihood", "likely", "ln", "log", "log10",
    "log2", "lower", "ltrim", "match", "max", "median", "min", "mod", "nth_value", "ntile", "nullif", "octet_length",
    "percent_rank", "percentile", "percentile_cont", "percentile_disc", "pi", "pow", "power", "printf", "quote",
    "radians", "random", "randomblob", "rank", "replace", "round", "row_number", "rtrim", "sign", "sin", "sinh",
    "snippet", "soundex", "sqlite_compileoption_get", "sqlite_compileoption_used", "sqlite_source_id",
    "sqlite_version", "sqrt", "strftime", "string_agg", "substr", "substring", "subtype", "sum", "tan", "tanh",
    "time", "timediff", "total", "total_changes", "trim", "trunc", "typeof", "unhex", "unicode", "unistr",
    "unistr_quote", "unixepoch", "unlikely", "upper", "zeroblob", "->", "->>",
})


def function_allowed(name: str) -> bool:
    name = name.lower()
    return name in ALLOWED_FUNCTIONS or name.startswith(("json_", "jsonb_")) or name in ("json", "jsonb")


_COMMENTS = re.compile(r"(\s|--[^\n]*(\n|$)|/\*.*?\*/)*", re.S)


class QueryRefused(sqlite3.DatabaseError):
    """The query tries to do something other than read."""


def _authorizer(action: int, arg1, arg2, _db, _trigger) -> int:
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_OK if function_allowed(arg2 or "") else sqlite3.SQLITE_DENY
    if action in _ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        # reading is fine; setting a value (arg2) is refused, except the name a reading pragma takes
        if name in NAMED_PRAGMAS or (name in READ_PRAGMAS and arg2 is None):
            return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


class Guard:
    """Installed on a connection: refuses anything but reading, stops long or cancelled statements.

    Run each statement inside `with guard.statement():` (the time limit counts from its start; the watchdog
    stops watching when it ends, however it ends); `cancel()` (from any thread) stops the statement under way.
    A watchdog thread interrupts the connection at the deadline and when `cancelled()` turns true, within
    `POLL` seconds, and again every `POLL` until the block ends: an interrupt reaches only the statements
    running when it is made, so one made between two statements of a block (or before its first, when an
    earlier step spent the limit) would be lost, and the next statement would run to the progress handler's
    next call, seconds away where each step is heavy.
    """

    POLL = 0.05

    def __init__(self, conn: sqlite3.Connection, *, time_limit: float | None = 10.0,
                 cancelled: Callable[[], bool] | None = None):
        self.conn = conn
        self.time_limit = time_limit
        self.cancelled = cancelled
        self.started = time.monotonic()
        self.stopped_by: str | None = None   # "time" or "cancel" after an interrupted statement
        self._running = False                # a statement is under watch
        self._cancel = False                 # cancel() was called for the block under watch
        self._wake = threading.Condition()
        self._watchdog: threading.Thread | None = None
        _connect_virtual_tables(conn)
        conn.set_authorizer(_authorizer)
        conn.set_progress_handler(self._progress, 10_000)

    def start(self, *, reset: bool = True) -> None:
        """Watch a statement; `reset=False` goes on counting from the previous start (one limit, several steps)."""
        with self._wake:
            if reset:
                self.started = time.monotonic()
            self.stopped_by = None
            self._cancel = False
            self._running = True
            if self.time_limit is not None or self.cancelled is not None:
                self._ensure_watchdog()

    def _ensure_watchdog(self) -> None:
        """A watchdog thread watching (called with the lock held)."""
        if self._watchdog is None or not self._watchdog.is_alive():
            self._watchdog = threading.Thread(target=self._watch, name="ipexplorer-sql-watchdog", daemon=True)
            self._watchdog.start()
        self._wake.notify_all()

    def finish(self) -> None:
        """The statement is over: the watchdog stops watching (and exits when idle)."""
        with self._wake:
            self._running = False
            self._cancel = False
            self._wake.notify_all()

    @contextlib.contextmanager
    def statement(self, *, reset: bool = True) -> Iterator[Guard]:
        """Watch the statements run inside the block (`start`, then `finish` whatever happens): a watchdog left
        watching would interrupt the connection at the deadline, used by then for something else or closed."""
        self.start(reset=reset)
        try:
            yield self
        finally:
            self.finish()

    def cancel(self) -> None:
        """Stop the statement under way now (callable from any thread)."""
        with self._wake:
            if self._running:
                self._cancel = True
                self.stopped_by = self.stopped_by or "cancel"
                self.conn.interrupt()
                self._ensure_watchdog()   # and again until the block ends

    def _due(self) -> tuple[str | None, float]:
        """Why the block must stop now ("cancel", "time" or None), and else how long until it may."""
        if self._cancel or (self.cancelled is not None and self.cancelled()):
            return "cancel", 0.0
        if self.time_limit is not None:
            left = self.started + self.time_limit - time.monotonic()
            if left <= 0:
                return "time", 0.0
            return None, min(self.POLL, left)
        return None, self.POLL

    def _watch(self) -> None:
        with self._wake:
            while self._running:
                why, wait = self._due()
                if why is not None:
                    self.stopped_by = self.stopped_by or why   # the first cause: a cancel after the limit is the limit
                    self.conn.interrupt()
                    wait = self.POLL
                self._wake.wait(wait)
            self._watchdog = None

    def _progress(self) -> int:
        why, _wait = self._due()
        if why is not None:
            self.stopped_by = self.stopped_by or why
            return 1
        return 0


def _connect_virtual_tables(conn: sqlite3.Connection) -> None:
    """Open the virtual tables (FTS5, reading pragmas) once before the authorizer is installed.

    SQLite asks the authorizer for an UPDATE of sqlite_master when a connection first uses a
    virtual table; refusing that would make the search index and pragma_table_info unreadable.
    """
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")]
    names += [f"pragma_{p}" for p in _PRAGMA_FUNCTIONS]
    for name in names:
        with contextlib.suppress(sqlite3.Error):
            conn.execute(f'SELECT * FROM "{name}" LIMIT 0').fetchall()


def guard(conn: sqlite3.Connection, *, time_limit: float | None = 10.0,
          cancelled: Callable[[], bool] | None = None) -> Guard:
    """Refuse anything but reading on `conn`; stop a statement past `time_limit` s or when cancelled."""
    return Guard(conn, time_limit=time_limit, cancelled=cancelled)


def watching(sql_guard: Guard | None, *, reset: bool = True) -> AbstractContextManager:
    """`sql_guard.statement(reset=…)`, or nothing to watch where a connection has no guard (the app's own
    queries): one block for code that runs a statement on either kind of connection."""
    return sql_guard.statement(reset=reset) if sql_guard is not None else contextlib.nullcontext()


def check_single_statement(sql: str) -> str:
    """The statement without a trailing semicolon; several statements are refused."""
    if "\x00" in sql:
        at = sql.index("\x00")
        line, column = sql.count("\n", 0, at) + 1, at - (sql.rfind("\n", 0, at) + 1) + 1
        raise QueryRefused(f"the query holds a NUL character (line {line}, column {column}); remove it")
    text = sql.strip().rstrip(";").strip()
    if not text or _COMMENTS.fullmatch(text):
        raise QueryRefused("the query is empty (nothing but spaces or comments)")
    # the newline ends a trailing `-- comment`, which would otherwise swallow the semicolon
    if not sqlite3.complete_statement(text + "\n;"):
        raise sqlite3.OperationalError("incomplete statement (an unclosed quote or bracket?)")
    # complete_statement is true at the first full statement; anything after it but comments is a second one
    for i, ch in enumerate(text):
        if ch == ";" and sqlite3.complete_statement(text[: i + 1]):
            if _COMMENTS.fullmatch(text[i + 1:]):
                return text[:i].strip()
            raise QueryRefused("only one statement at a time")
    return text
