"""What a database file's 100-byte header says, read without SQLite.

The desktop app opens the database on its header's word before its first frame (sqlite3, the opening
rules and their dataclasses are imported after it, where the file's schema, reports and pages are read
on a worker); everything else goes through `database.inspect_database`.
"""

from __future__ import annotations

from pathlib import Path

from ipexplorer.store import schema

SQLITE_MAGIC = b"SQLite format 3\x00"


def read_header(path: Path) -> tuple[bytes, int]:
    """The file's first 100 bytes (fewer if it is shorter) and its size; raises OSError."""
    with path.open("rb") as f:
        return f.read(100), f.seek(0, 2)


def ids(header: bytes) -> tuple[int, int]:
    """(application id, schema version) as the header holds them (SQLite's user_version)."""
    return int.from_bytes(header[68:72], "big"), int.from_bytes(header[60:64], "big")


def header_problem(db_path: str | Path) -> str | None:
    """What the file's 100-byte header says is wrong (not SQLite, truncated), without reading any page.

    The header holds the page size and, when valid for the current change counter, the page count:
    a file shorter or longer than that was cut or damaged. None when the header looks sound (or the
    file is too short to judge here: SQLite itself then decides).
    """
    path = Path(db_path)
    try:
        header, size = read_header(path)
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return _problem(path, header, size)


def _problem(path: Path, header: bytes, size: int) -> str | None:
    if len(header) < 100:
        return None
    if not header.startswith(SQLITE_MAGIC):
        return "corrupt (not an SQLite database)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages, valid_for = (int.from_bytes(header[i:i + 4], "big") for i in (24, 28, 92))
    wal = path.with_name(path.name + "-wal")
    if pages and valid_for == change_counter and not wal.exists() and size != pages * page_size:
        return f"corrupt ({size} bytes, the header says {pages * page_size})"
    return None


def is_current(db_path: str | Path) -> bool:
    """Whether the file's header says it is ipexplorer's, of this schema, and as long as its pages: what
    `inspect_database` then decides from the file itself (its schema read, its reports listed), once the
    window's first frame is painted."""
    path = Path(db_path)
    try:
        header, size = read_header(path)
    except OSError:
        return False
    return (len(header) == 100 and header.startswith(SQLITE_MAGIC)
            and ids(header) == (schema.APPLICATION_ID, schema.SCHEMA_VERSION)
            and _problem(path, header, size) is None)
