"""Excel workbooks written with XlsxWriter directly, streaming rows (constant_memory).

Numbers stay numbers with thousands-separator formats, per cent as per cent; text is always
written as text, so nothing in a cell can run as a formula. A metadata sheet says where the
data came from and what was done to it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import time
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from ipexplorer.export.files import atomic_path, describe_os_error
from ipexplorer.export.sheets import (
    Cancelled,
    ExportCancelled,
    ExportError,
    Metadata,
    Progress,
    Sheet,
    sheet_names,
)
from ipexplorer.query.columns import Kind

NUMBER_FORMATS = {Kind.INT: "#,##0", Kind.FLOAT: "#,##0.0##", Kind.PERCENT: "0.0%", Kind.CODE: "0"}
CHECK_EVERY = 500       # rows between progress reports and cancel checks
WIDTH_SAMPLE = 200      # rows looked at to size the columns
MAX_WIDTH = 60
MAX_ROWS = 1_048_576    # rows of an Excel worksheet, header included
MAX_TEXT = 32_767       # characters of an Excel cell


def text_width(text: str) -> int:
    """Display width in Excel's character units: CJK characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def export_xlsx(path: str | Path, sheets: Sequence[Sheet], metadata: Metadata | None = None,
                progress: Progress | None = None, cancelled: Cancelled | None = None) -> dict[str, int]:
    """Write the sheets (and metadata) to `path`; return the rows written per worksheet.

    Excel's limits are kept honestly: a sheet past MAX_ROWS rows goes on in a next worksheet ("… (2)"),
    text past MAX_TEXT characters is cut, NaN and infinities are left empty, and the metadata says each.
    """
    import xlsxwriter

    expected = sum(s.expected_rows for s in sheets)
    done = 0
    counts: dict[str, int] = {}
    notes: list[tuple[str, str]] = []
    with atomic_path(path) as tmp, _scratch_folder(tmp.parent) as scratch:
        workbook = xlsxwriter.Workbook(str(tmp), {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
            "tmpdir": str(scratch),     # its row files beside the target (not in $TMPDIR), removed on any end
        })
        workbook.set_properties({"title": metadata.tables[0] if metadata and metadata.tables else "ipexplorer",
                                 "comments": metadata.citation if metadata else ""})
        header = workbook.add_format({"bold": True, "bg_color": "#E8EEF5", "border": 1, "border_color": "#B7C4D6",
                                      "valign": "vcenter", "text_wrap": True})
        group = workbook.add_format({"bold": True, "bg_color": "#D5E0EE", "border": 1, "border_color": "#B7C4D6",
                                     "align": "center", "valign": "vcenter"})
        formats = {kind: workbook.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}
        taken = [s.name for s in sheets] + (["说明 About"] if metadata is not None else [])
        try:
            for name, sheet in zip(sheet_names(s.name for s in sheets), sheets, strict=True):
                columns = list(sheet.columns)
                cell_formats = [formats.get(col.kind) for col in columns]
                part, cut, not_finite = 1, 0, 0
                ws, header_rows, widths = _begin_sheet(workbook, name, columns, header, group)
                parts = [name]
                row = header_rows
                for values in sheet.rows:
                    if row >= MAX_ROWS:          # Excel's last row: go on in a next worksheet
                        _end_sheet(ws, widths, header_rows, row, columns)
                        counts[parts[-1]] = row - header_rows
                        part += 1
                        next_name = sheet_names([*taken, f"{name[:25]} ({part})"])[-1]
                        taken.append(next_name)
                        parts.append(next_name)
                        ws, header_rows, widths = _begin_sheet(workbook, next_name, columns, header, group)
                        row = header_rows
                    for c, value in enumerate(values):
                        if value is None or value == "":
                            continue
                        if isinstance(value, (int, float)) and not isinstance(value, bool):
                            if isinstance(value, float) and not math.isfinite(value):
                                not_finite += 1      # Excel has no NaN or infinity: the cell stays empty
                                continue
                            ws.write_number(row, c, value, cell_formats[c])
                            continue
                        text = cell_text(value)
                        if len(text) > MAX_TEXT:
                            text = text[:MAX_TEXT - 1] + "…"
                            cut += 1
                        ws.write_string(row, c, text)   # never a formula, whatever it starts with
                    if row - header_rows < WIDTH_SAMPLE:
                        _widen(widths, values, columns)
                    row += 1
                    done += 1
                    if done % CHECK_EVERY == 0:
                        time.sleep(0.0005)  # let the GUI thread take the GIL: the window stays responsive
                        if cancelled is not None and cancelled():
                            raise ExportCancelled
                        if progress is not None:
                            progress(done, expected)
                _end_sheet(ws, widths, header_rows, row, columns)
                counts[parts[-1]] = row - header_rows
                if len(parts) > 1:
                    notes.append((f"分表 Continued · {name}",
                                  f"{sum(counts[p] for p in parts):,} rows, more than the {MAX_ROWS - header_rows:,} "
                                  f"a worksheet holds: continued on {', '.join(parts[1:])} "
                                  "行数超过单个工作表上限，续于后表"))
                if cut:
                    notes.append((f"截断 Cut · {name}",
                                  f"{cut:,} cells longer than {MAX_TEXT:,} characters (Excel's limit) were cut, "
                                  "ending in … ; the CSV export keeps them whole 超长文本已截断"))
                if not_finite:
                    notes.append((f"空值 Empty · {name}",
                                  f"{not_finite:,} values were NaN or infinite (Excel has neither) and are left "
                                  "empty 非有限数值留空"))
            if metadata is not None:
                meta = metadata if not notes else dataclasses.replace(metadata, extra=[*metadata.extra, *notes])
                _metadata_sheet(workbook, meta, counts, header)
            workbook.close()
        except ExportCancelled:
            _discard(workbook)
            raise
        except OSError as exc:
            _discard(workbook)
            raise ExportError(f"cannot write {path}: {describe_os_error(exc, path.parent)}") from None
        except Exception as exc:
            _discard(workbook)
            if exc.__class__.__module__.startswith("xlsxwriter"):
                cause = next((e for e in (*exc.args, exc.__context__) if isinstance(e, OSError)), None)
                why = describe_os_error(cause, path.parent) if cause else exc
                raise ExportError(f"cannot write {path}: {why}") from None
            raise
    if progress is not None:
        progress(done, expected or done)
    return counts


def cell_text(value) -> str:
    """A value as cell text: a blob is named by its size, never spelled out."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<blob, {len(value):,} bytes>"
    return str(value)


def _begin_sheet(workbook, name: str, columns: Sequence, header, group):
    """A worksheet with its header written (row 0 complete before row 1: constant_memory flushes rows in
    order, so a cell of row 0 written after row 1 is lost); (worksheet, header rows, column widths)."""
    ws = workbook.add_worksheet(name)
    widths = [text_width(c.title) + 2 for c in columns]
    two_levels = any(c.group for c in columns)
    if not two_levels:
        for c, col in enumerate(columns):
            ws.write_string(0, c, col.title, header)
        return ws, 1, widths
    start = 0
    while start < len(columns):
        end = start
        while end + 1 < len(columns) and columns[end + 1].group == columns[start].group:
            end += 1
        text = columns[start].group
        if not text:      # ungrouped columns: the title in row 0, merged down over row 1 below
            for c in range(start, end + 1):
                ws.write_string(0, c, columns[c].title, header)
        elif end > start:
            ws.merge_range(0, start, 0, end, text, group)   # row 0 only: safe while on row 0
        else:
            ws.write_string(0, start, text, group)
        start = end + 1
    for c, col in enumerate(columns):
        if col.group:
            ws.write_string(1, c, col.title, header)
        else:
            ws.write_blank(1, c, None, header)
            ws.merge.append([0, c, 1, c])     # the merge itself, registered without writing row 0 again
    return ws, 2, widths


def _end_sheet(ws, widths: list[int], header_rows: int, row: int, columns: Sequence) -> None:
    for c, width in enumerate(widths):
        ws.set_column(c, c, min(MAX_WIDTH, max(8, width)))
    ws.freeze_panes(header_rows, 1)
    if row > header_rows and columns:
        ws.autofilter(header_rows - 1, 0, row - 1, len(columns) - 1)


def _widen(widths: list[int], values: Sequence, columns) -> None:
    """Grow column widths to fit a sampled row."""
    for c, value in enumerate(values):
        if value is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            width = len(f"{value:,.0f}") + (1 if columns[c].kind is Kind.INT else 3)
        else:
            width = text_width(cell_text(value)[:MAX_WIDTH])
        if width + 2 > widths[c]:
            widths[c] = width + 2


def _metadata_sheet(workbook, metadata: Metadata, counts: dict[str, int], header) -> None:
    ws = workbook.add_worksheet(sheet_names([*counts, "说明 About"])[-1])
    ws.write_string(0, 0, "项目 Item", header)
    ws.write_string(0, 1, "内容 Value", header)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    bold = workbook.add_format({"bold": True, "valign": "top"})
    for r, (key, value) in enumerate(metadata.items(counts), start=1):
        ws.write_string(r, 0, key, bold)
        ws.write_string(r, 1, value, wrap)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 90)


@contextlib.contextmanager
def _scratch_folder(parent: Path) -> Iterator[Path]:
    """A private folder beside the target for XlsxWriter's row files, removed whatever happens."""
    import shutil
    import tempfile

    try:
        folder = Path(tempfile.mkdtemp(prefix=".ipx-", dir=parent))
    except OSError as exc:
        raise ExportError(f"cannot write in {parent}: {describe_os_error(exc, parent)}") from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _discard(workbook) -> None:
    """Drop a half-written workbook's temporary files without writing the target."""
    import contextlib

    for ws in getattr(workbook, "worksheets_objs", []):
        handle = getattr(ws, "row_data_fh", None)
        if handle is not None:
            with contextlib.suppress(Exception):
                handle.close()
        name = getattr(ws, "row_data_filename", None)
        if name:
            with contextlib.suppress(OSError):
                Path(name).unlink()
    # the row files' folder is removed by _scratch_folder
    with contextlib.suppress(Exception):
        workbook.fileclosed = True      # no second close (and "Exception ignored in ZipFile.__del__") later
