"""CSV in UTF-8 with a byte-order mark (the default: Excel opens the Chinese names correctly), or in GB18030
for older spreadsheet software and LibreOffice's default import, which ignores the byte-order mark.

Text a spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed with
an apostrophe, the convention spreadsheets show as plain text: a CSV cell has no "text" type, so
without it `=1+1` or `=HYPERLINK(…)` would run when the file is opened (docs/reliability.md). Per
cent columns are written as per cent numbers (12.5 for 12.5 %), exactly, their header says so.
A blob is named by its size, never spelled out.
"""

from __future__ import annotations

import csv
import math
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from ipexplorer.export.files import atomic_path, describe_os_error
from ipexplorer.export.sheets import Cancelled, ExportCancelled, ExportError, Progress, Sheet, is_formula_like
from ipexplorer.query.columns import Kind

CHECK_EVERY = 1000
ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030"}   # the choices, by name


def per_cent(value: float | int) -> str:
    """A share as a per cent number, exactly: the stored value's decimal digits moved by two places."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    text = format(Decimal(repr(value)).scaleb(2).normalize(), "f")
    return text


def csv_cell(value, kind: Kind) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if kind is Kind.PERCENT:
            return per_cent(value)
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<blob, {len(value):,} bytes>"
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def export_csv(path: str | Path, sheet: Sheet, progress: Progress | None = None,
               cancelled: Cancelled | None = None, encoding: str = "utf-8-sig") -> int:
    """Write one sheet as CSV (`encoding`: utf-8-sig, the default, or gb18030); return the rows written."""
    try:
        encoding = ENCODINGS[encoding.lower()]
    except KeyError:
        raise ExportError(f"cannot write CSV in {encoding!r}: choose {', '.join(sorted(ENCODINGS))}") from None
    done = 0
    columns: Sequence = list(sheet.columns)
    with atomic_path(path) as tmp:
        try:
            with open(tmp, "w", encoding=encoding, errors="replace", newline="") as handle:
                writer = csv.writer(handle)
                if sheet.two_level_header:
                    writer.writerow([csv_cell(c.group, Kind.TEXT) for c in columns])
                writer.writerow([csv_cell(c.title + (" (%)" if c.kind is Kind.PERCENT else ""), Kind.TEXT)
                                 for c in columns])
                for values in sheet.rows:
                    writer.writerow([csv_cell(v, columns[i].kind) for i, v in enumerate(values)])
                    done += 1
                    if done % CHECK_EVERY == 0:
                        time.sleep(0.0005)  # let the GUI thread take the GIL: the window stays responsive
                        if cancelled is not None and cancelled():
                            raise ExportCancelled
                        if progress is not None:
                            progress(done, sheet.expected_rows)
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {describe_os_error(exc)}") from None
    if progress is not None:
        progress(done, sheet.expected_rows or done)
    return done
