"""The one "save as" question of every export (Tables, Charts' data and images, the timeline, the console, a profile).

Each pane used to write its own QFileDialog call with its own filter text ("CSV (*.csv)" in one, "CSV UTF-8
(*.csv)" in another, no CSV in a third) and its own suffix rule. Here: the same filters, and a name typed
without a known suffix gets the one of the chosen filter, so the exporter never guesses. The dialog asks
before replacing the name typed; a suffix added here makes another name, so that one is asked about here.
A bare default name is offered in the folder the last export went to (this session), else the home folder.
A failed export says so through export_dialog.export_failed, in the same words from every place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

FORMATS = {"xlsx": "Excel (*.xlsx)", "csv": "CSV UTF-8 (*.csv)", "png": "PNG (*.png)", "svg": "SVG (*.svg)"}

_last_folder: Path | None = None   # where the last export of this session was written


def default_path(default: str | Path) -> Path:
    """A bare file name in the folder of the last export (the home folder before any); a path as it is."""
    default = Path(default)
    if not default.is_absolute() and default.parent == Path("."):
        folder = _last_folder if _last_folder is not None and _last_folder.is_dir() else Path.home()
        default = folder / default
    return default


def ask_save_path(parent, title: str, default: str | Path, formats: tuple[str, ...] = ("xlsx", "csv")) -> Path | None:
    """Where to write an export (one of `formats`); None when the user cancels.

    `default` is a file name (placed in the last export's folder, or the home folder) or a path; a chosen name
    whose suffix is not one of `formats` gets the suffix of the filter chosen (the first format when the
    dialog names none), and replacing a file of that name is asked first.
    """
    global _last_folder
    from PySide6.QtWidgets import QFileDialog, QMessageBox  # a dialog module: imported when first asked

    filters = [FORMATS[f] for f in formats]
    name, chosen = QFileDialog.getSaveFileName(parent, title, str(default_path(default)), ";;".join(filters))
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower().lstrip(".") not in formats:
        suffix = next((f for f in formats if FORMATS[f] == chosen), formats[0])
        path = path.with_name(f"{path.name}.{suffix}")
        if path.exists():   # the dialog asked about the name typed, not this one
            answer = QMessageBox.question(
                parent, title,
                QCoreApplication.translate("SaveDialog", "{name} already exists.\nDo you want to replace it?")
                .format(name=path.name))
            if answer != QMessageBox.StandardButton.Yes:
                return None
    _last_folder = path.parent
    return path

