"""Open the database, and the one set of rules for when a file at the database path may be (re)built.

A file is rebuilt by itself only when it is ours (it carries ipexplorer's application id, or is an
ipexplorer database of an older schema built from the shipped report) and is of an older schema or
provably corrupt, and only from the reports it was built from. Anything else at the path (another
program's SQLite file, a text file, an empty file, a database locked by another program, one built by a
newer ipexplorer) is refused with a message naming it, and nothing is written.

The build code (and pycountry, pypinyin under it) is imported only when a build is needed: the
desktop app opens a sound database without it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ipexplorer.paths import shipped_report
from ipexplorer.report.source import sha256_of
from ipexplorer.store import schema
from ipexplorer.store.errors import DatabaseRefused
from ipexplorer.store.header import SQLITE_MAGIC, header_problem, ids, read_header

if TYPE_CHECKING:
    from ipexplorer.store.build import BuildSummary

log = logging.getLogger(__name__)

LEGACY_VERSIONS = range(1, 6)      # schemas 1–5 were written without the application id
LOCK_TIMEOUT = 0.5                 # seconds to wait for another program's lock before saying so

USE, BUILD, REFUSE = "use", "build", "refuse"


@dataclass(frozen=True)
class DatabaseState:
    """What to do with the file at `path`: use it, (re)build it from `reports`, or refuse it.

    `reason` says why it must be built or is refused (None when usable); `advice`, for a refusal, what to do.
    """

    path: Path
    reason: str | None
    action: str = USE
    reports: tuple[Path, ...] = ()
    advice: str = ""
    replaceable: bool = True      # whether `build-db` (asked for explicitly) may write over it

    @property
    def usable(self) -> bool:
        return self.action == USE

    @property
    def refused(self) -> bool:
        return self.action == REFUSE

    def message(self) -> str:
        """One paragraph for a person: the file, what is wrong, what to do."""
        text = f"The database {self.path} {self.reason}."
        return f"{text} {self.advice}" if self.advice else text


def _refuse(path: Path, reason: str, advice: str = "", *, ours: bool = False) -> DatabaseState:
    advice = advice or ("It was left untouched. Give another file with --db (or IPEXPLORER_DB), "
                        "or move this one away.")
    return DatabaseState(path, reason, REFUSE, advice=advice, replaceable=ours)


def inspect_database(db_path: str | Path, report_path: str | Path | None = None, *,
                     integrity: bool = True) -> DatabaseState:
    """Decide what to do with the file at `db_path` (the opening rules; see the module's docstring).

    `report_path` is the report a missing database is built from (default: the shipped one). The cheap
    part reads the file's 100-byte header (application id, schema version, size) and the list of reports;
    `integrity` adds `PRAGMA quick_check`, which reads every page (0.3 s at a million rows): the app checks
    cheaply before its first frame and runs `integrity_problem` in the background.
    """
    path = Path(db_path)
    default_reports = (Path(report_path) if report_path else shipped_report(),)
    if not path.exists():
        return DatabaseState(path, "missing", BUILD, default_reports)
    if path.is_dir():
        return _refuse(path, "is a folder, not a database file")
    try:
        header, _size = read_header(path)
    except OSError as exc:
        return _refuse(path, f"cannot be read ({exc.strerror or exc})")
    if not header:
        return _refuse(path, "is an empty file, not an ipexplorer database")
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        return _refuse(path, "is not an ipexplorer database (not an SQLite file)")
    application_id, version = ids(header)
    if application_id == schema.APPLICATION_ID:
        if version > schema.SCHEMA_VERSION:
            return _refuse(path, f"was written by a newer ipexplorer (schema {version}; this one knows "
                                 f"{schema.SCHEMA_VERSION})", "It was left untouched; open it with that version.",
                           ours=True)
        return _inspect_ours(path, version, default_reports, integrity)
    if application_id == 0 and version in LEGACY_VERSIONS:
        return _inspect_legacy(path, version)
    if application_id:
        return _refuse(path, f"belongs to another program (SQLite application id {application_id:#010x})")
    return _refuse(path, "is an SQLite database of another program (it has no ipexplorer mark)")


def _is_locked(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _locked(path: Path) -> DatabaseState:
    return _refuse(path, "is locked by another program",
                   "It was left untouched. Close the program that has it open and try again.")


def _inspect_ours(path: Path, version: int, default_reports: tuple[Path, ...], integrity: bool) -> DatabaseState:
    problem = header_problem(path)
    if problem:    # ours, cut short or padded: provably damaged
        return DatabaseState(path, problem, BUILD, default_reports)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_TIMEOUT)
    except sqlite3.Error as exc:
        return _refuse(path, f"cannot be opened ({exc})")
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            check = conn.execute("PRAGMA quick_check").fetchone()[0] if integrity or version < schema.SCHEMA_VERSION \
                else "ok"
            reports = _built_from(conn) if check == "ok" else None
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and _is_locked(exc):
                return _locked(path)
            check, reports = str(exc), None
    finally:
        conn.close()
    if check != "ok":
        # ours and provably damaged: rebuilt from its reports if they can still be read, else from the default
        sources = _available(reports) if reports else None
        return DatabaseState(path, f"corrupt ({check})", BUILD, sources or default_reports)
    if version == schema.SCHEMA_VERSION:   # usable; its reports are what a rebuild would read
        return DatabaseState(path, None, USE, tuple(Path(p) for p, _sha in reports or []))
    return _rebuild_from(path, f"schema version {version}, expected {schema.SCHEMA_VERSION}", reports or [])


@dataclass(frozen=True)
class BuiltFrom:
    """One report a database was built from."""

    edition: int | None   # None: a database older than the reports table (one report, its year unrecorded)
    title: str
    name: str
    path: str             # where it was read from: a rebuild reads the same file
    sha256: str


def built_from(conn: sqlite3.Connection) -> list[BuiltFrom]:
    """Each report the database was built from, oldest edition first: its reports table, or in a database older
    than that table, the one report its meta table names (at the shipped report's path when it is that one)."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "reports" in names:
        return [BuiltFrom(*row) for row in conn.execute(
            "SELECT edition, title, name, path, sha256 FROM reports ORDER BY edition")]
    if "meta" in names:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        if "report_sha256" in meta:
            name = meta.get("report_name", "")
            shipped = shipped_report()
            return [BuiltFrom(None, "", name, str(shipped) if name == shipped.name else name, meta["report_sha256"])]
    return []


def _built_from(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(path, sha256) of each report the database was built from, oldest edition first."""
    return [(r.path, r.sha256) for r in built_from(conn)]


def _available(reports: Sequence[tuple[str, str]]) -> tuple[Path, ...] | None:
    """The report files, if every one is still where it was, unchanged."""
    paths = []
    for name, sha in reports:
        try:
            if not name or sha256_of(Path(name)) != sha:
                return None
        except OSError:
            return None
        paths.append(Path(name))
    return tuple(paths)


def _rebuild_from(path: Path, reason: str, reports: Sequence[tuple[str, str]]) -> DatabaseState:
    """Rebuild from the very reports the database holds, or refuse and say what to run."""
    sources = _available(reports) if reports else None
    if sources:
        return DatabaseState(path, reason, BUILD, sources)
    args = " ".join(f"--report {name or '<report>'}" for name, _sha in reports) or "--report <report>"
    return _refuse(path, f"needs a rebuild ({reason}) but the reports it was built from are not all at hand",
                   f"It was left untouched. Rebuild it with: ipexplorer build-db {args} --db {path}", ours=True)


def _inspect_legacy(path: Path, version: int) -> DatabaseState:
    """A file of schema 1–5 is ours only if its meta table says so (ipexplorer wrote one; others do not)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_TIMEOUT)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN "
                                     "('report_sha256', 'report_name', 'app_version')"))
            reports = _built_from(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and _is_locked(exc):
            return _locked(path)
        return _refuse(path, "is an SQLite database of another program (it has no ipexplorer mark)")
    if "report_sha256" not in meta or "app_version" not in meta:
        return _refuse(path, "is an SQLite database of another program (it has no ipexplorer mark)")
    return _rebuild_from(path, f"schema version {version}, expected {schema.SCHEMA_VERSION}", reports)


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


def recorded_reports(db_path: str | Path) -> list[tuple[Path, bool]]:
    """The reports a database was built from, oldest edition first, and whether each is still there unchanged."""
    conn = connect(db_path)
    try:
        recorded = _built_from(conn)
    finally:
        conn.close()
    out = []
    for name, sha in recorded:
        try:
            ok = bool(name) and sha256_of(Path(name)) == sha
        except OSError:
            ok = False
        out.append((Path(name), ok))
    return out


def locked_by_another_program(path: Path) -> bool:
    """Whether another connection holds a lock on the file (a pending write we would otherwise destroy).

    Takes and releases a write lock without writing anything: the file's bytes stay as they were.
    """
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True, timeout=LOCK_TIMEOUT,
                               isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        return _is_locked(exc)
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return False


def ensure_database(db_path: str | Path, report_path: str | Path | None = None) -> BuildSummary | None:
    """Build the database if the opening rules say so; the build summary, or None if kept as is.

    Raises DatabaseRefused (nothing written) when the file is not one ipexplorer may use or replace.
    """
    state = inspect_database(db_path, report_path)
    if state.refused:
        raise DatabaseRefused(state.message())
    if state.usable:
        return None
    from ipexplorer.store.build import build_database

    log.info("building %s (%s) from %s", db_path, state.reason, ", ".join(map(str, state.reports)))
    return build_database(state.reports, db_path)


def connect(db_path: str | Path, *, readonly: bool = True, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection to an existing database; read-only unless asked otherwise."""
    path = Path(db_path).resolve()
    uri = f"{path.as_uri()}?mode={'ro' if readonly else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=check_same_thread)
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    return conn
