"""Guards for SQL that people type: read-only, one statement, bounded in time.

The connection is already opened read-only (`mode=ro`, `query_only`); the authorizer adds a
second wall that refuses anything but reading — writes, ATTACH/DETACH, schema changes and
pragmas that change state — and the progress handler stops runaway queries.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from collections.abc import Callable

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
_ALLOWED = {
    sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
    getattr(sqlite3, "SQLITE_RECURSIVE", 33),
}


_COMMENTS = re.compile(r"(\s|--[^\n]*(\n|$)|/\*.*?\*/)*", re.S)


class QueryRefused(sqlite3.DatabaseError):
    """The query tries to do something other than read."""


def _authorizer(action: int, arg1, arg2, _db, _trigger) -> int:
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

    Call `start()` before each statement: the time limit counts from there.
    """

    def __init__(self, conn: sqlite3.Connection, *, time_limit: float | None = 10.0,
                 cancelled: Callable[[], bool] | None = None):
        self.conn = conn
        self.time_limit = time_limit
        self.cancelled = cancelled
        self.started = time.monotonic()
        self.stopped_by: str | None = None   # "time" or "cancel" after an interrupted statement
        _connect_virtual_tables(conn)
        conn.set_authorizer(_authorizer)
        conn.set_progress_handler(self._progress, 10_000)

    def start(self) -> None:
        self.started = time.monotonic()
        self.stopped_by = None

    def _progress(self) -> int:
        if self.cancelled is not None and self.cancelled():
            self.stopped_by = "cancel"
            return 1
        if self.time_limit is not None and time.monotonic() - self.started > self.time_limit:
            self.stopped_by = "time"
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


def check_single_statement(sql: str) -> str:
    """The statement without a trailing semicolon; several statements are refused."""
    text = sql.strip().rstrip(";").strip()
    if not text:
        raise QueryRefused("the query is empty")
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
