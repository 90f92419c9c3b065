"""CSV in UTF-8 with a byte-order mark, so spreadsheets open the Chinese names correctly.

Text a spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed with
an apostrophe, the convention spreadsheets show as plain text. Per cent columns are written
as per cent numbers (12.5 for 12.5 %), their header says so.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from pathlib import Path

from ipexplorer.export.files import atomic_path, describe_os_error
from ipexplorer.export.sheets import Cancelled, ExportCancelled, ExportError, Progress, Sheet, is_formula_like
from ipexplorer.query.columns import Kind

CHECK_EVERY = 1000


def csv_cell(value, kind: Kind) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if kind is Kind.PERCENT:
            return f"{value * 100:.6g}"
        return str(value)
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def export_csv(path: str | Path, sheet: Sheet, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> int:
    """Write one sheet as CSV; return the rows written."""
    done = 0
    columns: Sequence = list(sheet.columns)
    with atomic_path(path) as tmp:
        try:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
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
