"""The application icon, from the PNG renders in resources/icons (no SVG module needed at run time)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPixmap

from ipexplorer.paths import package_file

# QIcon is imported where an icon is made: its Python enums (ThemeIcon's ~150 names) cost more than the rest of
# this module, and the window's first frame needs no icon (its navigation holds their places with blank pixmaps)
if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

SIZES = (16, 32, 48, 64, 128, 256)
_icon: QIcon | None = None


def icon_path(size: int = 256) -> Path:
    return package_file("ipexplorer.resources", "icons", f"ipexplorer-{size}.png")


def app_icon() -> QIcon:
    global _icon
    if _icon is None:
        from PySide6.QtGui import QIcon

        _icon = QIcon()
        for size in SIZES:
            _icon.addFile(str(icon_path(size)))
    return _icon


def blank_pixmap(size: int = 20) -> QPixmap:
    """A transparent pixmap: holds a navigation icon's place (as the item's decoration) until the icon is drawn."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    return pixmap


def nav_icon(key: str, color: QColor, size: int = 20) -> QIcon:
    """A small line icon for a pane of the navigation, drawn in `color` (the palette's text colour)."""
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QIcon, QPainter, QPen

    pixmap = QPixmap(size * 2, size * 2)   # drawn at twice the size: crisp on high-DPI screens
    pixmap.fill(QColor(0, 0, 0, 0))   # transparent (Qt.GlobalColor would build the Qt namespace's enums)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(2, 2)
    pen = QPen()   # not QPen(color, width): that overload's resolution builds the Qt namespace's enums
    pen.setColor(color)
    pen.setWidthF(1.6)
    p.setPen(pen)
    s = size
    if key == "overview":                  # four cards
        for x, y in ((3, 3), (11, 3), (3, 11), (11, 11)):
            p.drawRoundedRect(QRectF(x, y, 6, 6), 1.2, 1.2)
    elif key == "tables":                  # a grid
        p.drawRect(QRectF(3, 4, s - 6, s - 8))
        for y in (8, 12):
            p.drawLine(QPointF(3, y), QPointF(s - 3, y))
        p.drawLine(QPointF(8, 4), QPointF(8, s - 4))
    elif key == "charts":                  # bars
        for i, h in enumerate((6, 11, 8)):
            p.fillRect(QRectF(4 + i * 5, s - 4 - h, 3.2, h), color)
        p.drawLine(QPointF(3, s - 3.5), QPointF(s - 3, s - 3.5))
    elif key == "timeline":                # a line with events
        p.drawLine(QPointF(2, s / 2), QPointF(s - 2, s / 2))
        for x in (5, 10, 15):
            p.drawEllipse(QPointF(x, s / 2), 1.8, 1.8)
    elif key == "search":                  # a magnifier
        p.drawEllipse(QPointF(8.5, 8.5), 4.5, 4.5)
        p.drawLine(QPointF(12, 12), QPointF(17, 17))
    elif key == "regions":                 # a map pin
        p.drawEllipse(QPointF(s / 2, 8), 4, 4)
        p.drawLine(QPointF(s / 2 - 3, 11), QPointF(s / 2, 17))
        p.drawLine(QPointF(s / 2 + 3, 11), QPointF(s / 2, 17))
    elif key == "sql":                     # a prompt
        p.drawLine(QPointF(4, 6), QPointF(8, 10))
        p.drawLine(QPointF(8, 10), QPointF(4, 14))
        p.drawLine(QPointF(10, 15), QPointF(16, 15))
    else:                                  # the report: a page of lines
        p.drawRect(QRectF(5, 3, s - 10, s - 6))
        for y in (7, 10, 13):
            p.drawLine(QPointF(7.5, y), QPointF(s - 7.5, y))
    p.end()
    return QIcon(pixmap)
