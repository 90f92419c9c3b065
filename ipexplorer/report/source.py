"""The report as numbered lines, with its checksum; every parser works on this."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ipexplorer.digest import sha256_hex


class ReportError(Exception):
    """The report cannot be used; the message names the problem and where it is."""

    def __init__(self, message: str, *, line: int | None = None, table_no: int | None = None):
        self.line = line
        self.table_no = table_no
        where = []
        if table_no is not None:
            where.append(f"table {table_no}")
        if line is not None:
            where.append(f"line {line}")
        prefix = f"{', '.join(where)}: " if where else ""
        super().__init__(prefix + message)
        self.detail = message


@dataclass(frozen=True)
class ReportText:
    """The report's lines (index 0 is line 1) and the SHA-256 of its bytes."""

    path: Path
    lines: tuple[str, ...]
    sha256: str

    def line(self, number: int) -> str:
        """The text of 1-based line `number`."""
        return self.lines[number - 1]


def sha256_of(path: Path) -> str:
    return sha256_hex(Path(path).read_bytes())


def read_report(path: str | Path) -> ReportText:
    """Read the report; a missing file or one that is not UTF-8 raises ReportError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReportError(f"report not found: {path}") from None
    except OSError as exc:
        raise ReportError(f"cannot read the report {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ReportError(
            f"the report is not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at byte {exc.start})",
            line=line,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return ReportText(path=path, lines=tuple(text.splitlines()), sha256=sha256_hex(raw))
