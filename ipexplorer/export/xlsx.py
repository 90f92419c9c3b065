"""Excel workbooks written with XlsxWriter directly, streaming rows (constant_memory).

Numbers stay numbers with thousands-separator formats, per cent as per cent; text is always
written as text, so nothing in a cell can run as a formula. A metadata sheet says where the
data came from and what was done to it.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Sequence
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


def text_width(text: str) -> int:
    """Display width in Excel's character units: CJK characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def export_xlsx(path: str | Path, sheets: Sequence[Sheet], metadata: Metadata | None = None,
                progress: Progress | None = None, cancelled: Cancelled | None = None) -> dict[str, int]:
    """Write the sheets (and metadata) to `path`; return the rows written per sheet."""
    import xlsxwriter

    expected = sum(s.expected_rows for s in sheets)
    done = 0
    counts: dict[str, int] = {}
    with atomic_path(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
        })
        workbook.set_properties({"title": metadata.tables[0] if metadata and metadata.tables else "ipexplorer",
                                 "comments": metadata.citation if metadata else ""})
        header = workbook.add_format({"bold": True, "bg_color": "#E8EEF5", "border": 1, "border_color": "#B7C4D6",
                                      "valign": "vcenter", "text_wrap": True})
        group = workbook.add_format({"bold": True, "bg_color": "#D5E0EE", "border": 1, "border_color": "#B7C4D6",
                                     "align": "center", "valign": "vcenter"})
        formats = {kind: workbook.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}
        try:
            for name, sheet in zip(sheet_names(s.name for s in sheets), sheets, strict=True):
                ws = workbook.add_worksheet(name)
                columns = list(sheet.columns)
                widths = [text_width(c.title) + 2 for c in columns]
                row = 0
                if sheet.two_level_header:
                    start = 0
                    while start < len(columns):
                        end = start
                        while end + 1 < len(columns) and columns[end + 1].group == columns[start].group:
                            end += 1
                        text = columns[start].group
                        if not text:
                            pass  # an ungrouped column: its title spans both rows, below
                        elif end > start:
                            ws.merge_range(0, start, 0, end, text, group)
                        else:
                            ws.write_string(0, start, text, group)
                        start = end + 1
                    row = 1
                for c, col in enumerate(columns):
                    if row == 1 and not col.group:
                        ws.merge_range(0, c, 1, c, col.title, header)
                    else:
                        ws.write_string(row, c, col.title, header)
                header_rows = row + 1
                row = header_rows
                cell_formats = [formats.get(col.kind) for col in columns]
                write_number, write_string = ws.write_number, ws.write_string
                for values in sheet.rows:
                    for c, value in enumerate(values):
                        if value is None or value == "":
                            continue
                        if isinstance(value, (int, float)) and not isinstance(value, bool):
                            write_number(row, c, value, cell_formats[c])
                        else:
                            write_string(row, c, str(value))  # never a formula, whatever it starts with
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
                for c, width in enumerate(widths):
                    ws.set_column(c, c, min(MAX_WIDTH, max(8, width)))
                ws.freeze_panes(header_rows, 1)
                if row > header_rows and columns:
                    ws.autofilter(header_rows - 1, 0, row - 1, len(columns) - 1)
                counts[name] = row - header_rows
            if metadata is not None:
                _metadata_sheet(workbook, metadata, counts, header)
            workbook.close()
        except ExportCancelled:
            _discard(workbook)
            raise
        except OSError as exc:
            _discard(workbook)
            raise ExportError(f"cannot write {path}: {describe_os_error(exc)}") from None
        except Exception as exc:
            _discard(workbook)
            if exc.__class__.__module__.startswith("xlsxwriter"):
                raise ExportError(f"cannot write {path}: {exc}") from None
            raise
    if progress is not None:
        progress(done, expected or done)
    return counts


def _widen(widths: list[int], values: Sequence, columns) -> None:
    """Grow column widths to fit a sampled row."""
    for c, value in enumerate(values):
        if value is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            width = len(f"{value:,.0f}") + (1 if columns[c].kind is Kind.INT else 3)
        else:
            width = text_width(str(value))
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


def _discard(workbook) -> None:
    """Drop a half-written workbook's temporary files without writing the target."""
    import contextlib
    import shutil

    for ws in getattr(workbook, "worksheets_objs", []):
        handle = getattr(ws, "row_data_fh", None)
        if handle is not None:
            with contextlib.suppress(Exception):
                handle.close()
        name = getattr(ws, "row_data_filename", None)
        if name:
            with contextlib.suppress(OSError):
                Path(name).unlink()
    tmpdir = getattr(workbook, "tmpdir", None)
    if tmpdir:
        shutil.rmtree(tmpdir, ignore_errors=True)
