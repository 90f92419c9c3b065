"""Charts drawn without a window (`ipexplorer chart`): the Charts pane's own plot, rendered offscreen.

The core (export.chart_image) decides what to draw; this module only draws it, with the same
ChartPlot as the pane so a scripted figure and the app's are one picture, title and source caption
included. The file is written to a temporary name and renamed (export.files.atomic_path).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from ipexplorer.export.chart_image import ChartImage
from ipexplorer.export.files import atomic_path

# --kind names that a renderer other than the Charts pane's plot draws (a map, …): name -> draw(image, path)
RENDERERS: dict[str, Callable[[ChartImage, Path], None]] = {}


def _application():
    """The running QApplication, or an offscreen one: the command never opens a window."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication(sys.argv[:1])
    return app


def render_chart(image: ChartImage) -> Path:
    """Draw `image` to its file (PNG or SVG by the extension) at its size; returns the path written."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        _application()
        # the command's own application: the legend's words in the language of the names
        from ipexplorer.ui.shell import i18n

        i18n.install("zh_CN" if image.language == "zh" else "en")
    draw = RENDERERS.get(image.kind, _draw_chart_plot)
    with atomic_path(image.out) as tmp:
        draw(image, tmp)
        if os.path.getsize(tmp) == 0:
            raise OSError(f"the image {image.out} came out empty")
    return image.out


def chart_widget(image: ChartImage):
    """The Charts pane's plot at the image's size, showing the image's data (not on screen)."""
    from ipexplorer.ui.plots.chart_plot import ChartPlot

    return _offscreen_plot(ChartPlot(), image, layout_first=False)


def map_widget(image: ChartImage):
    """The Charts pane's map plot at the image's size, showing the image's MapData (not on screen)."""
    from ipexplorer.ui.plots.map_plot import MapPlot

    return _offscreen_plot(MapPlot(), image, layout_first=True)


def _offscreen_plot(plot, image: ChartImage, *, layout_first: bool):
    """`plot` laid out at the image's size in its language and palette, drawing the image's data.

    `layout_first`: the view box takes its final size before the data, so a map places its labels where they fit.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    plot.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    plot.language = image.language
    plot.apply_palette(image.palette)
    plot.resize(image.width, image.height)
    plot.show()
    if layout_first:
        QApplication.processEvents()
    plot.show_data(image.data)
    QApplication.processEvents()   # lay the title, plot and caption out at the final size
    return plot


def _draw_map(image: ChartImage, path: Path) -> None:
    _draw_chart_plot(image, path, map_widget)


RENDERERS["map"] = RENDERERS["map-change"] = _draw_map


def _draw_chart_plot(image: ChartImage, path: Path, widget=chart_widget) -> None:
    from PySide6.QtCore import QRect, QRectF, QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgGenerator
    from PySide6.QtWidgets import QApplication

    plot = widget(image)
    try:
        target = QRectF(0, 0, image.width, image.height)
        if image.out.suffix.lower() == ".svg":
            device = QSvgGenerator()
            device.setFileName(str(path))
            device.setSize(QSize(image.width, image.height))
            device.setViewBox(target)
            device.setTitle(image.data.title_en if image.language == "en" else image.data.title_zh)
            device.setDescription(image.data.caption)
        else:
            device = QImage(image.width, image.height, QImage.Format.Format_ARGB32)
            device.fill(QColor(plot.colors["background"]))
        painter = QPainter(device)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            # the view's whole viewport, which is the widget's size (the plot has no frame)
            plot.render(painter, target, QRect(0, 0, image.width, image.height))
        finally:
            painter.end()
        if isinstance(device, QImage) and not device.save(str(path), "PNG"):
            raise OSError(f"cannot write the PNG image {image.out}")
    finally:
        # hidden (and its hide handled) before it is closed: closing a shown plot that has a legend crashes
        plot.hide()
        QApplication.processEvents()
        plot.close()
        plot.deleteLater()
