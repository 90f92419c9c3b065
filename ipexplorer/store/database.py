"""Open the database, rebuilding it first when it is missing, corrupt, old or stale.

The build code (and pycountry, pypinyin under it) is imported only when a build is needed: the
desktop app opens a sound database without it.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ipexplorer.paths import shipped_report
from ipexplorer.report.source import sha256_of
from ipexplorer.store import schema

if TYPE_CHECKING:
    from ipexplorer.store.build import BuildSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DatabaseState:
    """Why a database needs a rebuild (`reason`), or None when it is usable as is."""

    path: Path
    reason: str | None

    @property
    def usable(self) -> bool:
        return self.reason is None


def inspect_database(db_path: str | Path, report_path: str | Path | None = None, *,
                     integrity: bool = True) -> DatabaseState:
    """Check a database file against the schema version and the report's SHA-256.

    `integrity=False` skips `PRAGMA quick_check`, which reads every page (0.3 s at a million rows): the
    app checks the header cheaply before its first frame and runs `integrity_problem` in the background.
    """
    db_path = Path(db_path)
    if not db_path.exists():
        return DatabaseState(db_path, "missing")
    try:
        report_sha = sha256_of(Path(report_path) if report_path else shipped_report())
    except OSError as exc:   # no report to compare with (or rebuild from): a sound database is still usable
        log.warning("cannot read the report to check the database against it: %s", exc)
        report_sha = None
    problem = header_problem(db_path)
    if problem:
        return DatabaseState(db_path, problem)
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != schema.SCHEMA_VERSION:
                return DatabaseState(db_path, f"schema version {version}, expected {schema.SCHEMA_VERSION}")
            if integrity:
                check = conn.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    return DatabaseState(db_path, f"corrupt ({check})")
            row = conn.execute("SELECT value FROM meta WHERE key = 'report_sha256'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return DatabaseState(db_path, f"corrupt ({exc})")
    if report_sha is not None and (row is None or row[0] != report_sha):
        return DatabaseState(db_path, "built from another report")
    return DatabaseState(db_path, None)


def header_problem(db_path: str | Path) -> str | None:
    """What the file's 100-byte header says is wrong (not SQLite, truncated), without reading any page.

    The header holds the page size and, when valid for the current change counter, the page count:
    a file shorter or longer than that was cut or damaged. None when the header looks sound (or the
    file is too short to judge here: SQLite itself then decides).
    """
    path = Path(db_path)
    try:
        with path.open("rb") as f:
            header = f.read(100)
        size = path.stat().st_size
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    if len(header) < 100:
        return None
    if not header.startswith(b"SQLite format 3\x00"):
        return "corrupt (not an SQLite database)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages, valid_for = (int.from_bytes(header[i:i + 4], "big") for i in (24, 28, 92))
    wal = path.with_name(path.name + "-wal")
    if pages and valid_for == change_counter and not wal.exists() and size != pages * page_size:
        return f"corrupt ({size} bytes, the header says {pages * page_size})"
    return None


def integrity_problem(db_path: str | Path) -> str | None:
    """`PRAGMA quick_check` of the whole file: None when sound, else why it is corrupt."""
    try:
        conn = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"corrupt ({exc})"
    return None if check == "ok" else f"corrupt ({check})"


def ensure_database(db_path: str | Path, report_path: str | Path | None = None) -> BuildSummary | None:
    """Rebuild the database if it is not usable; returns the build summary, or None if kept."""
    state = inspect_database(db_path, report_path)
    if state.usable:
        return None
    from ipexplorer.store.build import build_database

    log.info("building %s (%s)", db_path, state.reason)
    return build_database(report_path or shipped_report(), db_path)


def connect(db_path: str | Path, *, readonly: bool = True, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection to an existing database; read-only unless asked otherwise."""
    path = Path(db_path).resolve()
    uri = f"{path.as_uri()}?mode={'ro' if readonly else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=check_same_thread)
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    return conn


def compare_with_report(db_path: str | Path, tables) -> list[str]:
    """Differences between the database's values and freshly parsed tables (empty when equal)."""
    problems: list[str] = []
    conn = connect(db_path)
    try:
        stored = {
            (t, line, year, measure, ip_type): value
            for t, line, year, measure, ip_type, value in conn.execute(
                "SELECT table_no, source_line, year, measure, ip_type, value FROM observation WHERE table_no <= 12")
        }
    finally:
        conn.close()
    expected = {
        (t.number, row.line, c.year, c.measure, c.ip_type): v
        for t in tables for row in t.rows for c, v in zip(t.columns, row.values, strict=True)
    }
    for key, value in expected.items():
        if stored.get(key) != value:
            problems.append(f"table {key[0]}, line {key[1]}, {key[2]} {key[3]}/{key[4]}: "
                            f"expected {value}, stored {stored.get(key)}")
    for key in stored.keys() - expected.keys():
        problems.append(f"table {key[0]}, line {key[1]}: stored value not in the report")
    return problems
