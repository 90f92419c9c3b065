"""The one "save as" question of every table export (Tables, Charts' data, the timeline, the console, a profile).

Each pane used to write its own QFileDialog call with its own filter text ("CSV (*.csv)" in one, "CSV UTF-8
(*.csv)" in another, no CSV in a third) and its own suffix rule. Here: the same filters, and a name typed
without a known suffix gets the one of the chosen filter, so the exporter never guesses.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = {"xlsx": "Excel (*.xlsx)", "csv": "CSV UTF-8 (*.csv)"}


def ask_save_path(parent, title: str, default: str | Path, formats: tuple[str, ...] = ("xlsx", "csv")) -> Path | None:
    """Where to write an export (one of `formats`); None when the user cancels.

    `default` is a file name (placed in the home folder) or a path; a chosen name whose suffix is not one of
    `formats` gets the suffix of the filter chosen (.xlsx when the dialog names none).
    """
    from PySide6.QtWidgets import QFileDialog  # a dialog module: imported when first asked

    default = Path(default)
    if not default.is_absolute() and default.parent == Path("."):
        default = Path.home() / default
    filters = [FORMATS[f] for f in formats]
    name, chosen = QFileDialog.getSaveFileName(parent, title, str(default), ";;".join(filters))
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower().lstrip(".") not in formats:
        suffix = next((f for f in formats if FORMATS[f] == chosen), formats[0])
        path = path.with_name(f"{path.name}.{suffix}")
    return path
