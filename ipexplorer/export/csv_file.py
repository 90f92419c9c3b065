"""CSV in UTF-8 with a byte-order mark (the default: Excel opens the Chinese names correctly), or in GB18030
for older spreadsheet software and LibreOffice's default import, which ignores the byte-order mark.

Text a spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed with
an apostrophe, the convention spreadsheets show as plain text: a CSV cell has no "text" type, so
without it `=1+1` or `=HYPERLINK(…)` would run when the file is opened (docs/reliability.md). Per
cent columns are written as per cent numbers (12.5 for 12.5 %), exactly, their header says so.
A blob is named by its size, never spelled out.

A CSV has no place for what the workbook's metadata sheet holds (source, the table's unit and notes, the filters),
so it goes beside the file in a W3C CSV on the Web metadata file, `<name>.csv-metadata.json`.
"""

from __future__ import annotations

import csv
import json
import logging
import math
import os
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from ipexplorer.export.files import atomic_path, describe_os_error
from ipexplorer.export.sheets import (
    Cancelled,
    ExportCancelled,
    ExportError,
    Metadata,
    Progress,
    Sheet,
    is_formula_like,
)
from ipexplorer.query.columns import Kind

log = logging.getLogger(__name__)

CHECK_EVERY = 1000
METADATA_SUFFIX = "-metadata.json"   # CSVW's name for the metadata of `x.csv`: `x.csv-metadata.json`
_DATATYPES = {Kind.INT: "number", Kind.FLOAT: "number", Kind.PERCENT: "number", Kind.CODE: "integer"}
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
    # a lone "-" (the report's nil) is no formula: written as printed, not as '-
    return "'" + text if is_formula_like(text) and text != "-" else text


def cell_writer(kind: Kind):
    """csv_cell for one column's values, a plain number answered first (most of a table's cells)."""
    if kind is Kind.PERCENT:
        return lambda value: csv_cell(value, kind)

    def cell(value) -> str:
        if type(value) is int or type(value) is float:   # not a bool (written as a number by csv_cell)
            return str(value)
        return csv_cell(value, kind)

    return cell


def csv_title(column) -> str:
    """A column's CSV header: a per cent column says so (its numbers are per cent, 12.5 for 12.5 %)."""
    return column.title + (" (%)" if column.kind is Kind.PERCENT else "")


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
            # UTF-8 with its byte-order mark written first: Python's utf-8-sig codec encodes each write in Python
            with open(tmp, "w", encoding="utf-8" if encoding == "utf-8-sig" else encoding, errors="replace",
                      newline="") as handle:
                if encoding == "utf-8-sig":
                    handle.write("\ufeff")
                writer = csv.writer(handle)
                if sheet.two_level_header:
                    writer.writerow([csv_cell(c.group, Kind.TEXT) for c in columns])
                writer.writerow([csv_cell(csv_title(c), Kind.TEXT) for c in columns])
                cells = [cell_writer(c.kind) for c in columns]
                for values in sheet.rows:
                    writer.writerow([cell(v) for cell, v in zip(cells, values, strict=False)])
                    done += 1
                    if done % CHECK_EVERY == 0:
                        time.sleep(0.0005)  # let the GUI thread take the GIL: the window stays responsive
                        if cancelled is not None and cancelled():
                            raise ExportCancelled
                        if progress is not None:
                            progress(done, sheet.expected_rows)
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {describe_os_error(exc, path.parent)}") from None
    if progress is not None:
        progress(done, sheet.expected_rows or done)
    return done


def metadata_path(path: str | Path) -> Path | None:
    """Where the metadata of the CSV at `path` goes; None when that name would be too long for the file system."""
    path = Path(path)
    name = path.name + METADATA_SUFFIX
    return None if len(os.fsencode(name)) > 255 else path.with_name(name)


def export_csv_metadata(path: str | Path, sheet: Sheet, meta: Metadata, rows: int,
                        encoding: str = "utf-8-sig") -> Path | None:
    """Write the CSV's metadata beside it (what the workbook's metadata sheet says); the file written, if any."""
    target = metadata_path(path)
    if target is None:
        log.warning("no metadata file beside %s: its name would be too long", path)
        return None
    columns = list(sheet.columns)
    described = {
        "@context": "http://www.w3.org/ns/csvw",
        "url": Path(path).name,
        "dc:title": sheet.description or sheet.name,
        "dc:source": meta.source,
        "dc:created": meta.exported_at,
        "dc:bibliographicCitation": meta.citation,
        # what the report prints with the table: its unit and notes (注：…)
        "dc:description": [f"{key}: {value}" for key, value in meta.items({sheet.name: rows})],
        "dialect": {"encoding": "gb18030" if ENCODINGS.get(encoding.lower()) == "gb18030" else "utf-8",
                    "headerRowCount": 2 if sheet.two_level_header else 1},
        "tableSchema": {"columns": [
            {"titles": [c.group, csv_title(c)] if c.group else csv_title(c),
             "datatype": _DATATYPES.get(c.kind, "string"),
             **({"dc:description": "per cent (12.5 for 12.5 %)"} if c.kind is Kind.PERCENT else {}),
             **({"dc:description": c.note} if c.note else {}),
             # a nil the report printed is written as its marker: CSVW's null strings say it is no number
             **({"null": ["", *meta.nil_markers]} if meta.nil_markers and c.kind.numeric else {})}
            for c in columns]},
    }
    with atomic_path(target) as tmp:
        try:
            tmp.write_text(json.dumps(described, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise ExportError(f"cannot write {target}: {describe_os_error(exc, target.parent)}") from None
    return target
