"""The pyqtgraph drawing behind the Charts pane: bars, grouped, stacked, diverging, scatter, lines over the years.

This module imports pyqtgraph at the top on purpose: it is itself imported only when the
Charts pane is first shown, so pyqtgraph never sits on the path to the first paint.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QGraphicsRectItem, QToolTip, QWidget

from ipexplorer.query.chart_data import ChartData, ChartKind
from ipexplorer.query.names import name_text
from ipexplorer.query.numbers import format_number
from ipexplorer.ui.plots.text_labels import TextLabels
from ipexplorer.ui.shell import i18n
from ipexplorer.ui.shell.theme import SIGNED_COLORS, contrast_ratio

POINT_SIZE = 9          # a scatter's dots, in pixels
POINT_NAME_GAP = 7      # from a dot's middle to its name
MAX_POINT_NAMES = 40    # the points farthest out that may carry a name (the rest: the tooltip)

LIGHT = {
    "background": "#ffffff", "foreground": "#303030", "grid": "#d8d8d8", "highlight": "#e8a317",
    "series": ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#9d755d"],
    "positive": SIGNED_COLORS["light"]["rise"], "negative": SIGNED_COLORS["light"]["fall"],
}
DARK = {
    "background": "#232629", "foreground": "#e0e0e0", "grid": "#4a4d50", "highlight": "#ffd166",
    "series": ["#72a6e0", "#ffa94d", "#7bc96f", "#d29ad8", "#c9a27e"],
    "positive": SIGNED_COLORS["dark"]["rise"], "negative": SIGNED_COLORS["dark"]["fall"],
}
TYPE_COLORS = {"invention": 0, "utility_model": 1, "design": 2}
# five more line colours after the series' own, of hues apart from theirs (on white, Vega's pink darkened to
# 3:1 is its red: there d3's pink, cyan and olive)
LINE_COLORS_MORE = {"light": ["#d62728", "#17becf", "#bcbd22", "#7f7f7f", "#e377c2"],
                    "dark": ["#e45756", "#72b7b2", "#eeca3b", "#ff9da7", "#bab0ac"]}
LINE_CONTRAST = 3.0     # a line or dot against the chart's ground (WCAG's figure for graphics)
SCALES = {"1": (1, "", ""), "1e4": (1e4, "万", "10k"), "1e8": (1e8, "亿", "100M")}



def readable_line(color: QColor, background: QColor, ratio: float = LINE_CONTRAST) -> QColor:
    """`color` darkened (on a light ground) or lightened (on a dark one), hue kept, until it stands `ratio`:1."""

    dark_ground = background.lightnessF() < 0.5
    hue, saturation, lightness, _alpha = color.getHslF()
    out = QColor(color)
    while contrast_ratio(out, background) < ratio and 0.0 < lightness < 1.0:
        lightness = min(1.0, lightness + 0.02) if dark_ground else max(0.0, lightness - 0.02)
        out = QColor.fromHslF(max(hue, 0.0), saturation, lightness)
    return out


def paint_view(view: pg.GraphicsView, name: str, axes) -> dict:
    """Background and axis colours of a light or dark palette; returns the palette's colours."""
    colors = DARK if name == "dark" else LIGHT
    view.setBackground(colors["background"])
    pen = pg.mkPen(colors["foreground"])
    for axis in axes:
        axis.setPen(pen)
        axis.setTextPen(pen)
    return colors


def hover_tip(view: QWidget, scene_pos: QPointF, text: str | None, idle: str = "") -> None:
    """Show `text` as the tooltip at a scene position of a plot (hide it for None: the plot's tooltip is then
    `idle`, the standing how-to shown where the mouse rests on no bar or shape)."""
    view.setToolTip(text or idle)
    if text is None:
        if not idle or QToolTip.text() != idle:   # (the how-to stays up while the mouse moves off the bars)
            QToolTip.hideText()
    else:
        QToolTip.showText(view.mapToGlobal(view.mapFromScene(scene_pos)), text, view)

class ValueAxis(pg.AxisItem):
    """Numbers with thousands separators, optionally in 万/亿, or per cent."""

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self.value_scale = 1.0
        self.percent = False
        # major ticks only: the minor grid lines are clutter, and drawing them across a tall
        # chart costs most of a redraw
        self.setStyle(maxTickLevel=0)
        self.enableAutoSIPrefix(False)   # never "(x0.001)" after a label: the ticks carry the unit

    def tickValues(self, minVal, maxVal, size):
        """pyqtgraph's ticks, thinned until the widest label fits between two of them ("200,000400,000")."""
        levels = super().tickValues(minVal, maxVal, size)
        if self.orientation not in ("top", "bottom") or not levels:
            return levels
        spacing, values = levels[0]
        if len(values) < 2:
            return levels[:1]
        metrics = QFontMetrics(self.style.get("tickFont") or QFont())
        widest = max(metrics.horizontalAdvance(t) for t in self.tickStrings(values, 1, spacing)) + 16
        per_tick = size * spacing / max(abs(maxVal - minVal), 1e-12)
        step = max(1, math.ceil(widest / max(per_tick, 1e-6)))
        if step > 1:
            anchor = round(values[0] / spacing)
            values = [v for v in values if (round(v / spacing) - anchor) % step == 0]
            spacing *= step
        return [(spacing, values)]

    def tickStrings(self, values, scale, spacing):
        if self.percent:
            decimals = 0 if spacing >= 0.01 else 1 if spacing >= 0.001 else 2
            return [format_number(v, percent=True, decimals=decimals) for v in values]
        unit = spacing / self.value_scale
        decimals = 0 if unit >= 1 else max(0, min(3, -math.floor(math.log10(unit))))
        return [format_number(v, self.value_scale, decimals=decimals) for v in values]


class CategoryAxis(pg.AxisItem):
    """Region names at integer positions (thinned so they never overlap); plain numbers when it has none (scatter)."""

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self.labels: list[str] = []
        self.value_scale = 1.0
        self.percent = False
        self.setStyle(maxTickLevel=0)   # as a value axis (scatter, lines): major ticks only, no minor grid
        self.enableAutoSIPrefix(False)
        self.text_width: int | None = None  # labels wider than the axis are elided (pyqtgraph drops them)

    def set_labels(self, labels: Sequence[str]) -> None:
        """Set the names and make the axis wide enough for the longest one."""
        self.labels = list(labels)
        if self.orientation in ("left", "right"):
            metrics = QFontMetrics(self.style.get("tickFont") or QFont())
            widest = max((metrics.horizontalAdvance(t) for t in self.labels), default=0)
            self.setWidth(min(260, widest + 16) if self.labels else None)
            self.text_width = min(260, widest + 16) - 16 if widest + 16 > 260 else None
        self.picture = None
        self.update()

    def _stride(self, lo: float, hi: float, size: float) -> int:
        n = max(1.0, hi - lo)
        per = size / n
        metrics = QFontMetrics(self.style.get("tickFont") or QFont())
        need = metrics.height() * 1.15 if self.orientation in ("left", "right") else (
            max((metrics.horizontalAdvance(t) for t in self.labels), default=10) + 12)
        return max(1, math.ceil(need / max(per, 1e-6) - 1e-6))

    def tickValues(self, minVal, maxVal, size):
        if not self.labels:
            return super().tickValues(minVal, maxVal, size)
        minVal, maxVal = min(minVal, maxVal), max(minVal, maxVal)  # an inverted axis passes them swapped
        lo, hi = max(0, math.ceil(minVal)), min(len(self.labels) - 1, math.floor(maxVal))
        stride = self._stride(minVal, maxVal, size)
        return [(stride, [float(i) for i in range(lo, hi + 1) if i % stride == 0])]

    def tickStrings(self, values, scale, spacing):
        if not self.labels:
            return ValueAxis.tickStrings(self, values, scale, spacing)
        texts = [self.labels[int(v)] if 0 <= int(v) < len(self.labels) else "" for v in values]
        if self.text_width is None:
            return texts
        metrics = QFontMetrics(self.style.get("tickFont") or QFont())
        return [metrics.elidedText(t, Qt.TextElideMode.ElideRight, self.text_width) for t in texts]


class WrappingLabel(pg.LabelItem):
    """A label that wraps to the width it is given instead of forcing the whole chart wider than the window; its
    lines (a caption's note above its source) keep to the side it is justified to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.opts.get("justify") == "right":
            self.item.document().setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignRight))

    def set_lines(self, text: str, **args) -> None:
        """Plain text whose line breaks are kept (a caption: the table's note, then the source)."""
        self.setText(html.escape(text).replace("\n", "<br>"), **args)

    def updateMin(self):
        super().updateMin()
        self.setMinimumWidth(0)
        self._sizeHint[Qt.SizeHint.MinimumSize] = (0, self._sizeHint[Qt.SizeHint.MinimumSize][1])

    def resizeEvent(self, ev):
        self.item.setTextWidth(-1)
        width = self.width()
        if width > 0 and self.item.boundingRect().width() > width:
            self.item.setTextWidth(width)
        height = self.item.boundingRect().height()
        if abs(self.minimumHeight() - height) > 0.5:
            self.setMinimumHeight(height)
            self._sizeHint[Qt.SizeHint.MinimumSize] = (0, height)
            self._sizeHint[Qt.SizeHint.PreferredSize] = (self._sizeHint[Qt.SizeHint.PreferredSize][0], height)
            self.updateGeometry()
        super().resizeEvent(ev)


class SelectingViewBox(pg.ViewBox):
    """Left-drag draws a rubber band that selects; wheel zooms; right/middle drag pans."""

    sigRectSelected = Signal(QRectF, bool)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.band = QGraphicsRectItem()
        self.band.setPen(pg.mkPen("#e8a317", width=1, style=Qt.PenStyle.DashLine))
        self.band.setBrush(pg.mkBrush(232, 163, 23, 40))
        self.band.setZValue(1e9)
        self.band.hide()
        self.addItem(self.band, ignoreBounds=True)

    def mouseDragEvent(self, ev, axis=None):
        if ev.button() != Qt.MouseButton.LeftButton:
            if ev.button() in (Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton):
                ev.accept()
                delta = self.mapToView(ev.lastPos()) - self.mapToView(ev.pos())
                self.translateBy(x=delta.x(), y=delta.y())
                self.sigRangeChangedManually.emit(self.state["mouseEnabled"])   # as pyqtgraph's own pan does
            return
        ev.accept()
        rect = QRectF(self.mapToView(ev.buttonDownPos()), self.mapToView(ev.pos())).normalized()
        if ev.isFinish():
            self.band.hide()
            add = bool(ev.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
            self.sigRectSelected.emit(rect, add)
        else:
            self.band.setRect(rect)
            self.band.show()

    def wheelEvent(self, ev, axis=None):
        """Over bars that do not all fit, the wheel scrolls through them (three at a time) instead of zooming."""
        rows = getattr(self, "scroll_rows", None)
        if rows is None:
            return super().wheelEvent(ev, axis)
        ev.accept()
        delta = ev.delta() if hasattr(ev, "delta") else ev.angleDelta().y()
        self.scroll_by(-3 if delta > 0 else 3)

    def scroll_by(self, rows: int) -> None:
        total, fit = self.scroll_rows
        top = self.viewRange()[1][0] + 0.6 + rows
        top = max(0, min(total - fit, round(top)))
        self.setYRange(top - 0.6, top + fit - 0.4, padding=0)


class ChartPlot(pg.GraphicsLayoutWidget):
    """A title, the plot, and the source caption, drawn from a ChartData."""

    category_clicked = Signal(int, bool)      # category index, add to selection
    categories_selected = Signal(list, bool)  # category indexes from a rubber band
    scrolling_changed = Signal()              # its bars came to need a scroll, or no longer do (the status says)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartPlot")
        self.palette_name = "light"
        self.colors = LIGHT
        self.language = "zh"
        self.value_scale = 1.0
        self.data: ChartData | None = None
        self.highlighted: set[int] = set()
        self._axis_titles: dict[str, tuple[str, str]] = {}   # side -> (the whole title, a shorter one)
        self.title_label = WrappingLabel("", size="12pt", bold=True)
        self.ci.addItem(self.title_label, row=0, col=0)
        # the legend has its own row above the plot: opaque, never over a bar or a grid line
        self.legend = pg.LegendItem(colCount=4)
        self.ci.addItem(self.legend, row=1, col=0)
        self.view_box = SelectingViewBox(enableMenu=False)   # its menu (a dozen widgets) is never shown
        self.category_axis = CategoryAxis("left")
        self.value_axis = ValueAxis("bottom")
        self.plot = self.ci.addPlot(row=2, col=0, viewBox=self.view_box,
                                    axisItems={"left": self.category_axis, "bottom": self.value_axis})
        self.view_box.sigResized.connect(lambda *_: self._fit_axis_titles())
        self.caption_label = WrappingLabel("", size="8pt", justify="right")
        self.ci.addItem(self.caption_label, row=3, col=0)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.view_box.sigResized.connect(self._fit_rows)
        self.message = ""      # why nothing is drawn, shown in place of the chart
        self.hint = ""         # how to select, the tooltip off the bars (set_hint)
        self.items: list = []
        self.highlight_item = None
        self.scatter = None
        self.point_names: tuple[TextLabels, TextLabels] | None = None   # a scatter's names: right, left of dots
        self._named: list[int] = []
        self._ranging = False   # a scatter's ranges being set: its names wait for both
        self.lines: list = []   # the time series: one curve per category
        self.view_box.sigRectSelected.connect(self._on_rect)
        self.view_box.sigResized.connect(self._name_points)
        self.view_box.sigRangeChanged.connect(self._name_points)
        self.scene().sigMouseMoved.connect(self._on_hover)
        self.scene().sigMouseClicked.connect(self._on_click)
        self.apply_palette("light")

    # --- appearance --------------------------------------------------------------------
    def apply_palette(self, name: str) -> None:
        self.palette_name = name
        self.colors = paint_view(self, name, (self.category_axis, self.value_axis))
        self.legend.setBrush(pg.mkBrush(self.colors["background"]))
        self.legend.setPen(pg.mkPen(self.colors["grid"]))
        self.legend.setLabelTextColor(self.colors["foreground"])
        if self.data is not None:
            self.show_data(self.data)

    def set_value_scale(self, scale: float) -> None:
        self.value_scale = scale
        if self.data is not None:
            self.show_data(self.data)

    # --- drawing -------------------------------------------------------------------------
    def clear_items(self) -> None:
        for item in self.items:
            self.plot.removeItem(item)
        self.items = []
        self.highlight_item = None
        self.scatter = None
        self.point_names = None
        self.lines = []
        self.legend.clear()
        self.value_axis.setTicks(None)   # the years' ticks of a time series

    def show_data(self, data: ChartData) -> None:
        self.data = data
        self.clear_items()
        fg = self.colors["foreground"]
        self.message = empty_message(data)
        self.view_box.scroll_rows = None
        for axis in ("left", "bottom"):
            self.plot.showAxis(axis, not self.message)
        if self.message:
            # no axes under a message: the last chart's titles went (setLabel shows its axis again, so a
            # resize brought back a scatter's axes and titles beside "this table has one type")
            self._axis_titles = {}
            for axis in ("left", "bottom"):
                self.plot.setLabel(axis, "")
                self.plot.showAxis(axis, False)
            self.view_box.scroll_rows = None
            self.title_label.setText(self.message, color=fg)
            self.caption_label.setText("")
            self.legend.setVisible(False)
            self.plot.showGrid(x=False, y=False)
            return
        title = data.title_en if self.language == "en" else data.title_zh if self.language == "zh" else (
            f"{data.title_zh}<br><span style='font-size:10pt'>{data.title_en}</span>")
        self.title_label.setText(title, color=fg)
        self.caption_label.set_lines(data.caption, color=fg)
        self.plot.showGrid(x=True, y=data.kind in (ChartKind.SCATTER, ChartKind.SERIES), alpha=0.25)
        if data.kind is ChartKind.SCATTER:
            self._draw_scatter(data)
        elif data.kind is ChartKind.SERIES:
            self._draw_series(data)
        else:
            self._draw_bars(data)
        self.set_highlight(self.highlighted)

    def _label(self, zh: str, en: str) -> str:
        return name_text(zh, en, self.language)

    def _year_once(self, zh: str, en: str) -> str:
        """Both names of a year's numbers with the year said once: "2020年 申请量·发明 Applications · Invention
        patent" (it read "2020年 申请量·发明 Applications · Invention patent, 2020")."""
        head, _, year = en.rpartition(", ")
        if self.language == "both" and year.isdigit() and zh.startswith(f"{year}年"):
            return name_text(zh, head, "both")
        return self._label(zh, en)

    def _axis_label(self, data: ChartData, language: str | None = None) -> str:
        """The value axis's title in the chart's names language (or `language`), with the scale's unit."""
        language = language or self.language
        label = name_text(data.value_label_zh, data.value_label_en, language)
        if not data.percent and self.value_scale != 1:
            zh_unit, en_unit = {1e4: ("万", "×10,000"), 1e8: ("亿", "×100,000,000")}[self.value_scale]
            label += f" [{name_text(zh_unit, en_unit, language)}]"
        return label

    def _one_language(self) -> str:
        """The names language where one language must do: the chart's, or with both names the interface's."""
        if self.language != "both":
            return self.language
        return "zh" if i18n.is_chinese() else "en"

    def _axis_labels(self, data: ChartData) -> tuple[str, str]:
        """The value axis's title, and the shorter one shown where it does not fit: with names in both
        languages, the interface's alone (the chart's title above gives both)."""
        short = self._axis_label(data, self._one_language()) if self.language == "both" else ""
        return self._axis_label(data), short

    def _draw_bars(self, data: ChartData) -> None:
        n = len(data.categories)
        plot = self.plot
        plot.invertY(True)
        self.category_axis.set_labels([c.label(self.language) for c in data.categories])
        self.value_axis.percent = data.percent
        self.value_axis.value_scale = self.value_scale
        self._set_axis_title("bottom", *self._axis_labels(data))
        self._set_axis_title("left", "")
        ys = np.arange(n, dtype=float)
        series = data.series
        palette = self.colors["series"]
        if data.kind is ChartKind.STACKED:
            left = np.zeros(n)
            for s in series:
                widths = np.array([v or 0 for v in s.values], dtype=float)
                color = palette[TYPE_COLORS.get(s.key, 0) % len(palette)]
                item = pg.BarGraphItem(x0=left.copy(), y=ys, height=0.7, width=widths, brush=color,
                                       pen=pg.mkPen(self.colors["background"], width=0.5),
                                       name=self._label(s.name_zh, s.name_en))
                self._add(item, legend=True)
                left += widths
        elif data.kind in (ChartKind.CHANGE, ChartKind.CHANGE_PCT):
            widths = np.array([v or 0 for v in series[0].values], dtype=float)
            brushes = [pg.mkBrush(self.colors["positive"] if w >= 0 else self.colors["negative"]) for w in widths]
            self._add(pg.BarGraphItem(x0=np.zeros(n), y=ys, height=0.7, width=widths, brushes=brushes,
                                      pen=pg.mkPen(None)))
            self._add(pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(self.colors["foreground"], width=1)))
        else:
            k = len(series)
            height = 0.8 / k if k > 1 else 0.7
            for j, s in enumerate(series):
                widths = np.array([v or 0 for v in s.values], dtype=float)
                offset = (j - (k - 1) / 2) * height if k > 1 else 0
                color = palette[j % len(palette)]
                item = pg.BarGraphItem(x0=np.zeros(n), y=ys + offset, height=height * 0.95, width=widths,
                                       brush=color, pen=pg.mkPen(None), name=self._label(s.name_zh, s.name_en))
                self._add(item, legend=k > 1)
        totals = self._extent(data)
        lo, hi = min(0.0, totals[0]), max(0.0, totals[1])
        pad = (hi - lo) * 0.03 or 1
        plot.setLimits(xMin=None, xMax=None, yMin=-1, yMax=max(n, 1))
        plot.setXRange(lo - (pad if lo < 0 else 0), hi + pad, padding=0)
        plot.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        self.legend.setVisible(len(self.legend.items) > 0)
        self._fit_legend()
        self._fit_rows()

    def _fit_legend(self) -> None:
        """As many legend entries in a row as the width holds (one per line when narrow)."""
        if getattr(self, "legend", None) is None or not self.legend.items:
            return
        # the text's own width: a label's item is stretched to its layout cell (one column made each 375 px
        # wide, so ten lines' legend stood in one column and squeezed their plot to 40 px at 1024)
        widest = max(label.item.boundingRect().width() + sample.boundingRect().width() + 20
                     for sample, label in self.legend.items)
        width = self.ci.width() or self.width()
        self.legend.setColumnCount(max(1, min(len(self.legend.items), int(width // max(widest, 1)))))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_legend()

    def _set_axis_title(self, side: str, text: str, short: str = "") -> None:
        """An axis title fitted to the plot's width (bottom) or height (left): whole, else `short` (one language
        of a bilingual title), else elided; the whole title in the tooltip when cut. A long bilingual title ran
        off the chart, then was cut mid-word ("专利无效宣告请求受理量（件） Patent invali…")."""
        self._axis_titles[side] = (text, short)
        self._fit_axis_titles()

    def _fit_axis_titles(self) -> None:
        if getattr(self, "message", ""):
            return
        for side, (text, short) in getattr(self, "_axis_titles", {}).items():
            axis = self.plot.getAxis(side)
            if not text:
                self.plot.setLabel(side, "")
                continue
            length = self.view_box.width() if side == "bottom" else self.view_box.height()
            room = int(max(60, (length or (300 if side == "bottom" else 200)) - 10))
            metrics = QFontMetrics(axis.label.font())
            fitting = text if not short or metrics.horizontalAdvance(text) <= room else short
            lines = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, room)
                     for line in (_two_lines(fitting, metrics, room) if side == "bottom" else [fitting])]
            self.plot.setLabel(side, "<br>".join(html.escape(line) for line in lines),
                               color=self.colors["foreground"])
            _centre_lines(axis.label, [metrics.horizontalAdvance(line) for line in lines])
            # pyqtgraph centres an axis title only on the axis's resize: a longer title set at the same size
            # stood where the last one's left end was (a scatter's ran off the chart's right edge, cut)
            axis.resizeEvent()
            axis.setToolTip(text if " ".join(lines) != text else "")

    def rows_fitting(self) -> int:
        """How many bars can each have a readable name in the plot's current height."""
        metrics = QFontMetrics(self.category_axis.style.get("tickFont") or QFont())
        height = self.view_box.height() or self.view_box.boundingRect().height()
        # the view spans fit + 0.2 rows (half a gap above the first bar and below the last), and the axis names
        # every bar only while each row is as tall as a name (CategoryAxis._stride)
        return max(1, int(height / (metrics.height() * 1.15) - 0.2))

    def _fit_rows(self, *_args) -> None:
        """Show as many bars as have room for a name; the rest are a wheel (or scroll bar) away."""
        scrolled = getattr(self.view_box, "scroll_rows", None) is not None
        try:
            self._fit_rows_now()
        finally:
            if (self.view_box.scroll_rows is not None) != scrolled:
                self.scrolling_changed.emit()

    def _fit_rows_now(self) -> None:
        data = self.data
        if data is None or data.kind in (ChartKind.SCATTER, ChartKind.SERIES) or self.message:
            self.view_box.scroll_rows = None
            return
        n, fit = len(data.categories), self.rows_fitting()
        if n <= fit:
            self.view_box.scroll_rows = None
            self.plot.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
            return
        self.view_box.scroll_rows = (n, fit)
        top = max(0, min(n - fit, round(self.view_box.viewRange()[1][0] + 0.6)))
        self.plot.setYRange(top - 0.6, top + fit - 0.4, padding=0)

    def visible_rows(self) -> range:
        """The categories whose bars are in view now."""
        lo, hi = self.view_box.viewRange()[1]
        n = len(self.data.categories) if self.data else 0
        return range(max(0, math.ceil(lo)), min(n, math.floor(hi) + 1))

    def scroll_to(self, index: int) -> None:
        """Bring a category's bar into view (a row selected in the table whose bar is scrolled away)."""
        if self.view_box.scroll_rows is None or index in self.visible_rows():
            return
        n, fit = self.view_box.scroll_rows
        top = max(0, min(n - fit, index - fit // 3))
        self.plot.setYRange(top - 0.6, top + fit - 0.4, padding=0)

    def _extent(self, data: ChartData) -> tuple[float, float]:
        if data.kind is ChartKind.STACKED:
            sums = [sum(max(0, s.values[i] or 0) for s in data.series) for i in range(len(data.categories))]
            return 0.0, max(sums, default=1.0)
        values = [v for s in data.series for v in s.values if v is not None]
        return (min(values, default=0.0), max(values, default=1.0))

    def _draw_scatter(self, data: ChartData) -> None:
        plot = self.plot
        plot.invertY(False)
        self.category_axis.set_labels([])
        # a scatter needs numbers on both axes: swap the left axis's strings for values
        xs = np.array([v or 0 for v in data.x_series.values], dtype=float)
        ys = np.array([v or 0 for v in data.series[0].values], dtype=float)
        self.value_axis.percent = False
        self.value_axis.value_scale = self.value_scale
        self.category_axis.value_scale = self.value_scale
        self.category_axis.percent = False
        self.category_axis.labels = []
        self._set_axis_title("bottom", self._year_once(data.x_series.name_zh, data.x_series.name_en))
        # one language on the upright axis, elided to its height: both names never fit beside a short chart
        name = data.series[0].name_en if self._one_language() == "en" else data.series[0].name_zh
        self._set_axis_title("left", name)
        self.category_axis.setToolTip(self._label(data.series[0].name_zh, data.series[0].name_en)
                                      if self.language == "both" else name)
        scatter = pg.ScatterPlotItem(x=xs, y=ys, size=POINT_SIZE, data=list(range(len(xs))),
                                     brush=pg.mkBrush(self.colors["series"][0]), pen=pg.mkPen(None), hoverable=True)
        self._add(scatter)
        self.scatter = scatter
        color = self.colors["foreground"]
        self.point_names = (TextLabels(anchor=(0, 0.5), offset=(POINT_NAME_GAP, 0), color=color),
                            TextLabels(anchor=(1, 0.5), offset=(-POINT_NAME_GAP, 0), color=color))
        for names in self.point_names:
            self.plot.addItem(names, ignoreBounds=True)
            self.items.append(names)
        plot.setLimits(xMin=None, xMax=None, yMin=None, yMax=None)
        if len(xs):
            pad_x = (xs.max() - xs.min()) * 0.05 or 1
            pad_y = (ys.max() - ys.min()) * 0.05 or 1
            self._ranging = True   # the names are placed once, for both ranges, not on each range's change
            try:
                plot.setXRange(xs.min() - pad_x, xs.max() + pad_x, padding=0)
                plot.setYRange(ys.min() - pad_y, ys.max() + pad_y, padding=0)
            finally:
                self._ranging = False
        self.legend.setVisible(False)
        self._name_points()

    def _name_points(self, *_args) -> None:
        """Name the scatter's points where a name has room: the points farthest out first (the ones a reader
        asks about; the crowd near the origin is the tooltip's), right of the dot or else left of it, never
        over another name or dot, inside the plot. Placed in pixels: again after every resize or zoom."""
        data, names = self.data, self.point_names
        if names is None or self._ranging or data is None or data.kind is not ChartKind.SCATTER \
                or data.x_series is None:
            return
        xs = [v or 0 for v in data.x_series.values]
        ys = [v or 0 for v in data.series[0].values]
        view = self.view_box
        view.updateMatrix()   # the transform of the range and size just set, not the last frame's
        area = view.sceneBoundingRect()
        at = [view.mapViewToScene(QPointF(x, y)) for x, y in zip(xs, ys, strict=True)]
        dot = POINT_SIZE / 2 + 1
        dots = [QRectF(p.x() - dot, p.y() - dot, 2 * dot, 2 * dot) for p in at]
        top_x, top_y = max(map(abs, xs), default=0) or 1, max(map(abs, ys), default=0) or 1
        order = sorted(range(len(xs)), key=lambda i: -(abs(xs[i]) / top_x + abs(ys[i]) / top_y))
        language = self._one_language()
        taken: list[QRectF] = []
        chosen: tuple[list, list] = ([], [])   # (index, the label's y in data units, its text) per side
        for i in order[:MAX_POINT_NAMES]:
            cat = data.categories[i]
            text = cat.name_en if language == "en" else cat.name_zh
            w, h = names[0].text_size(text)
            p = at[i]
            # beside the dot, moved up or down into the plot where the dot is at its top or bottom edge
            middle = min(max(p.y(), area.top() + h / 2), area.bottom() - h / 2)
            for side, box in enumerate((QRectF(p.x() + POINT_NAME_GAP, middle - h / 2, w, h),
                                        QRectF(p.x() - POINT_NAME_GAP - w, middle - h / 2, w, h))):
                if area.contains(box) and not any(box.intersects(t) for t in taken) \
                        and not any(box.intersects(d) for j, d in enumerate(dots) if j != i):
                    taken.append(box)
                    chosen[side].append((i, view.mapSceneToView(QPointF(p.x(), middle)).y(), text))
                    break
        self._named = sorted(i for side in chosen for i, _y, _text in side)
        for side, placed in enumerate(chosen):
            names[side].set_labels([xs[i] for i, _y, _t in placed], [y for _i, y, _t in placed],
                                   [text for _i, _y, text in placed])

    def named_points(self) -> list[int]:
        """The scatter points that carry their name now (indexes of the chart's categories)."""
        return list(self._named) if self.point_names is not None else []

    def series_years(self, data: ChartData) -> list[int]:
        """The years on a time series' horizontal axis (its series' keys)."""
        return [int(s.key) for s in data.series]

    def line_color(self, index: int, count: int) -> QColor:
        """A colour per line: the palette's own, then five more of the same family, then evenly spaced hues;
        each made light or dark enough to stand 3:1 off the chart's ground (a top 10 drew evenly spaced hues
        at one brightness: a yellow line on white at 1.6:1, a blue one on the dark ground at 2.3:1)."""
        palette = [*self.colors["series"], *LINE_COLORS_MORE[self.palette_name]]
        color = QColor(palette[index]) if count <= len(palette) else QColor.fromHsvF(index / count, 0.75, 0.85)
        return readable_line(color, QColor(self.colors["background"]))

    def _draw_series(self, data: ChartData) -> None:
        """A line per region through its value in each year, years along the bottom, names in the legend."""
        plot = self.plot
        plot.invertY(False)
        years = self.series_years(data)
        self.category_axis.set_labels([])
        self.category_axis.setWidth(None)
        self.category_axis.labels = []
        self.category_axis.value_scale = self.value_scale
        self.category_axis.percent = data.percent
        self.value_axis.percent = False
        self.value_axis.setTicks([[(float(y), str(y)) for y in years]])
        self._set_axis_title("bottom", "")
        self._set_axis_title("left", *self._axis_labels(data))
        xs = np.array(years, dtype=float)
        n = len(data.categories)
        for i, cat in enumerate(data.categories):
            ys = np.array([np.nan if s.values[i] is None else s.values[i] for s in data.series], dtype=float)
            color = self.line_color(i, n)
            curve = pg.PlotDataItem(xs, ys, pen=pg.mkPen(color, width=2), symbol="o", symbolSize=6,
                                    symbolBrush=color, symbolPen=pg.mkPen(None), connect="finite",
                                    name=cat.label(self.language))
            self._add(curve, legend=True)
            self.lines.append(curve)
        lo, hi = self._extent(data)
        pad = (hi - lo) * 0.05 or 1
        plot.setLimits(xMin=None, xMax=None, yMin=None, yMax=None)
        plot.setXRange(min(years, default=0) - 0.3, max(years, default=1) + 0.3, padding=0)
        plot.setYRange(min(0.0, lo) if lo >= 0 else lo - pad, hi + pad, padding=0)
        self.legend.setVisible(bool(self.lines))
        self._fit_legend()

    def _add(self, item, legend: bool = False) -> None:
        self.plot.addItem(item)
        self.items.append(item)
        if legend:
            self.legend.addItem(item, item.name())

    # --- selection -------------------------------------------------------------------------
    def set_highlight(self, indexes: set[int]) -> None:
        """Outline the bars (or points) of the categories whose rows are selected in the table."""
        self.highlighted = set(indexes)
        data = self.data
        if self.highlight_item is not None:
            self.plot.removeItem(self.highlight_item)
            self.items.remove(self.highlight_item)
            self.highlight_item = None
        if data is None:
            return
        chosen = sorted(i for i in self.highlighted if i < len(data.categories))
        if data.kind is ChartKind.SERIES:   # the selected regions' lines drawn thick, on top
            for i, curve in enumerate(self.lines):
                color = self.line_color(i, len(self.lines))
                curve.setPen(pg.mkPen(color, width=4 if i in self.highlighted else 2))
                curve.setZValue(5 if i in self.highlighted else 0)
            return
        if not chosen:
            if self.scatter is not None:
                self.scatter.setBrush(pg.mkBrush(self.colors["series"][0]))
            return
        pen = pg.mkPen(self.colors["highlight"], width=3)
        if data.kind is ChartKind.SCATTER and self.scatter is not None:
            brushes = [pg.mkBrush(self.colors["highlight"] if i in self.highlighted else self.colors["series"][0])
                       for i in range(len(data.categories))]
            self.scatter.setBrush(brushes)
            return
        # the outline hugs each selected bar (its stack, or its widest bar of a group), not the whole row
        starts, widths = [], []
        for i in chosen:
            values = [s.values[i] or 0 for s in data.series]
            if data.kind is ChartKind.STACKED:
                lo, hi = 0.0, sum(max(0.0, v) for v in values)
            else:
                lo, hi = min(0.0, *values), max(0.0, *values)
            starts.append(lo)
            widths.append(hi - lo)
        item = pg.BarGraphItem(x0=np.array(starts), y=np.array(chosen, dtype=float), height=0.86,
                               width=np.array(widths), brush=pg.mkBrush(QColor(0, 0, 0, 0)), pen=pen)
        item.setZValue(10)
        self.scroll_to(chosen[0])
        self.highlight_item = item
        self.plot.addItem(item)
        self.items.append(item)

    def category_at(self, scene_pos: QPointF) -> int | None:
        """The category under a scene position (a bar's row or the nearest scatter point)."""
        data = self.data
        if data is None or not self.plot.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.view_box.mapSceneToView(scene_pos)
        if data.kind is ChartKind.SCATTER:
            if self.scatter is None:
                return None
            hits = self.scatter.pointsAt(point)
            return int(hits[0].data()) if len(hits) else None
        if data.kind is ChartKind.SERIES:
            return self._nearest_line(data, scene_pos)
        index = round(point.y())
        return index if 0 <= index < len(data.categories) else None

    def _nearest_line(self, data: ChartData, scene_pos: QPointF, reach: float = 8.0) -> int | None:
        """The region whose point lies within `reach` pixels of a scene position (the nearest)."""
        best, index = reach * reach, None
        for i, _cat in enumerate(data.categories):
            for year, s in zip(self.series_years(data), data.series, strict=True):
                value = s.values[i]
                if value is None:
                    continue
                at = self.view_box.mapViewToScene(QPointF(year, value))
                d = (at.x() - scene_pos.x()) ** 2 + (at.y() - scene_pos.y()) ** 2
                if d <= best:
                    best, index = d, i
        return index

    def tooltip(self, index: int) -> str:
        data = self.data
        cat = data.categories[index]
        lines = [f"<b>{cat.name_zh}</b> {cat.name_en}"]
        unit = "" if data.percent else f" {data.value_label_zh.split('（')[-1].rstrip('）')}"
        if data.x_series is not None:
            lines.append(f"{data.x_series.name_zh}: {format_number(data.x_series.values[index])}{unit}")
        for s in data.series:
            lines.append(f"{s.name_zh} {s.name_en}: {format_number(s.values[index], percent=data.percent)}"
                         f"{unit}")
        return "<br>".join(lines)

    def _on_hover(self, scene_pos: QPointF) -> None:
        index = self.category_at(scene_pos)
        hover_tip(self, scene_pos, None if index is None else self.tooltip(index), self.hint)

    def set_hint(self, text: str) -> None:
        """How to select in this chart: the plot's tooltip wherever no bar (point) is under the mouse."""
        self.hint = text
        self.setToolTip(text)

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self.category_at(event.scenePos())
        if index is not None:
            add = bool(event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
            self.category_clicked.emit(index, add)

    def _on_rect(self, rect: QRectF, add: bool) -> None:
        data = self.data
        if data is None:
            return
        if data.kind is ChartKind.SCATTER:
            xs, ys = data.x_series.values, data.series[0].values
            chosen = [i for i in range(len(data.categories))
                      if xs[i] is not None and ys[i] is not None and rect.contains(QPointF(xs[i], ys[i]))]
        elif data.kind is ChartKind.SERIES:   # a line with a point in the band
            years = self.series_years(data)
            chosen = [i for i in range(len(data.categories))
                      if any(s.values[i] is not None and rect.contains(QPointF(y, s.values[i]))
                             for y, s in zip(years, data.series, strict=True))]
        else:
            lo, hi = math.ceil(rect.top() - 0.35), math.floor(rect.bottom() + 0.35)
            chosen = [i for i in range(max(0, lo), min(len(data.categories) - 1, hi) + 1)]
        self.categories_selected.emit(chosen, add)

    # --- export ---------------------------------------------------------------------------
    def _for_export(self):
        """While exporting: no selection outline, every bar in view."""
        plot = self

        class _Clean:
            def __enter__(self):
                self.range = plot.view_box.viewRange()[1]
                self.rows = plot.view_box.scroll_rows
                if plot.highlight_item is not None:
                    plot.highlight_item.hide()
                if self.rows is not None and plot.data is not None:
                    plot.view_box.scroll_rows = None
                    plot.plot.setYRange(-0.6, len(plot.data.categories) - 0.4, padding=0)
                return plot

            def __exit__(self, *exc):
                if plot.highlight_item is not None:
                    plot.highlight_item.show()
                if self.rows is not None:
                    plot.view_box.scroll_rows = self.rows
                    plot.plot.setYRange(*self.range, padding=0)
                return False

        return _Clean()

    def export_png(self, path: str, width: int = 1600) -> None:
        from pyqtgraph.exporters import ImageExporter

        with self._for_export():
            exporter = ImageExporter(self.ci)
            exporter.parameters()["width"] = width
            exporter.export(path)

    def image(self) -> QImage:
        """The chart as shown (without selection outlines), for the clipboard."""
        with self._for_export():
            rect = self.ci.sceneBoundingRect()
            ratio = self.devicePixelRatioF()
            image = QImage(int(rect.width() * ratio), int(rect.height() * ratio), QImage.Format.Format_ARGB32)
            image.setDevicePixelRatio(ratio)
            image.fill(QColor(self.colors["background"]))
            painter = QPainter(image)
            try:
                self.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
            finally:
                painter.end()
        return image

    def export_svg(self, path: str) -> None:
        """Render the whole scene (title, plot, caption) through Qt's SVG generator.

        pyqtgraph's own SVGExporter fails on the path data current Qt writes.
        """
        from PySide6.QtCore import QSize
        from PySide6.QtSvg import QSvgGenerator

        rect = self.ci.sceneBoundingRect()
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(QSize(int(rect.width()), int(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(self.data.title_en if self.data else "ipexplorer chart")
        generator.setDescription(self.data.caption if self.data else "")
        with self._for_export():
            painter = QPainter(generator)
            try:
                self.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
            finally:
                painter.end()


def empty_message(data: ChartData) -> str:
    """Why a chart has nothing to draw, in the interface language ("" when it has)."""
    if data.empty == "no_types":
        return QCoreApplication.translate(
            "ChartPlot", "This table has one type only: nothing to stack. Choose Bars or Years compared.")
    if data.empty == "no_rows" or not data.categories:
        return QCoreApplication.translate("ChartPlot", "No rows match the table's filters: nothing to draw.")
    return ""


def pen(color: str, width: float = 1) -> QPen:
    return pg.mkPen(color, width=width)


def _centre_lines(label, widths: list[int]) -> None:
    """An axis title of two lines centred line by line, under each other (a text item puts its lines at its
    left edge: the shorter second line stood left of the first's middle). One line keeps its natural width."""
    document = label.document()
    if len(widths) > 1:
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        centred = QTextBlockFormat()
        centred.setAlignment(Qt.AlignmentFlag.AlignHCenter)   # (the HTML's block says left: an option cannot)
        cursor.mergeBlockFormat(centred)
    # the widest line and the document's margins, and a pixel to spare, so no line wraps again
    label.setTextWidth(max(widths) + 2 * document.documentMargin() + 2 if len(widths) > 1 else -1)


def _two_lines(text: str, metrics: QFontMetrics, room: int) -> list[str]:
    """`text` on one line if it fits `room`, else broken at the last space that lets its first line fit (the
    English value title of 表102 at 1024 px, "Patent invalidation requests received (items)"); the rest is
    the second line, elided if it still does not fit."""
    if metrics.horizontalAdvance(text) <= room or " " not in text:
        return [text]
    words = text.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        first = " ".join(words[:cut])
        if metrics.horizontalAdvance(first) <= room:
            return [first, " ".join(words[cut:])]
    return [text]
