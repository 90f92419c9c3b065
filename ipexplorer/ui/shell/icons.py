"""The application icon, from the PNG renders in resources/icons (no SVG module needed at run time)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from ipexplorer.paths import package_file

SIZES = (16, 32, 48, 64, 128, 256)
_icon: QIcon | None = None


def icon_path(size: int = 256) -> Path:
    return package_file("ipexplorer.resources", "icons", f"ipexplorer-{size}.png")


def app_icon() -> QIcon:
    global _icon
    if _icon is None:
        _icon = QIcon()
        for size in SIZES:
            _icon.addFile(str(icon_path(size)))
    return _icon
