"""Writing what people see to files: Excel workbooks and CSV, safely and atomically.

The writers take `Sheet`s (headers, column kinds and a row iterator), so they need neither
Qt nor the database; `ipexplorer.export.views` turns the explorer's datasets into sheets.
"""

from ipexplorer.export.sheets import ExportCancelled, ExportError, Metadata, Sheet, SheetColumn

__all__ = ["ExportCancelled", "ExportError", "Metadata", "Sheet", "SheetColumn"]
