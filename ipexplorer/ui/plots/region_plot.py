"""The compact chart of a region profile: bars of its main measures in the latest year and the year before.

Like chart_plot, this module imports pyqtgraph at the top on purpose: the Regions pane imports
it only when a profile is first shown, so pyqtgraph never sits on the path to the first paint.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg  # noqa: TID253  (this module is itself imported lazily)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QWidget

from ipexplorer.query.numbers import format_number
from ipexplorer.query.profiles import ChartBar
from ipexplorer.ui.plots.chart_plot import LIGHT, CategoryAxis, ValueAxis, paint_view
from ipexplorer.ui.plots.text_labels import TextLabels
from ipexplorer.ui.shell import i18n

YEAR_COLORS = (0, 1)   # indexes into the palette's series colours: the year before, the latest
BAR_HEIGHT = 0.4       # of a measure's row, per year
LEGEND_PX = 24


class RegionChart(pg.GraphicsLayoutWidget):
    """Horizontal bars, a pair per measure, each labelled with its value (the measures differ in scale)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("regionChart")
        self.colors = LIGHT
        self.bars: list[ChartBar] = []
        self.value_scale = 1.0
        self.category_axis = CategoryAxis("left")
        self.value_axis = ValueAxis("bottom")
        # the legend has a row of its own above the plot: inside it, it covered the longest bars' labels
        self.legend = pg.LegendItem(colCount=2, labelTextSize="8pt")
        self.legend.layout.setContentsMargins(0, 0, 0, 0)
        self.legend.layout.setVerticalSpacing(0)
        self.ci.addItem(self.legend, row=0, col=0)
        self.ci.layout.setRowMaximumHeight(0, LEGEND_PX)   # one line: the bars keep the height their names need
        self.ci.layout.setRowStretchFactor(0, 0)
        self.plot = self.ci.addPlot(row=1, col=0, axisItems={"left": self.category_axis, "bottom": self.value_axis})
        self.ci.layout.setRowStretchFactor(1, 1)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.invertY(True)
        self.plot.vb.sigResized.connect(self.fit_range)
        self.top = 1.0
        self.items: list[pg.BarGraphItem] = []     # the year before's bars, the latest's: made once, then reset
        self._legend_names: tuple[str, ...] = ()
        # every value label is one item (a text item each was most of a profile's redraw); 4 px clear of its bar
        self.labels = TextLabels(anchor=(0, 0.5), offset=(4, 0))
        self.plot.addItem(self.labels, ignoreBounds=True)
        self.setMinimumHeight(180)

    def apply_palette(self, name: str) -> None:
        self.colors = paint_view(self, name, (self.category_axis, self.value_axis))
        self.legend.setLabelTextColor(self.colors["foreground"])   # (for the entries made from now on)
        self._legend_names = ()   # made again: the years' names kept the last palette's colour, unreadable
        self.show_bars(self.bars)

    def fit_range(self) -> None:
        """Room at the right for the value labels, however narrow the chart: they are fixed-size text.

        A bar thinner than its label's text would have its label run into the next one's ("80.8" over
        "96.7" in a short chart): then the labels hide and the tooltip and the table give the values.
        """
        rows = max(len(self.bars), 1)
        bar_px = self.plot.vb.height() / rows * BAR_HEIGHT
        digits_px = self.labels.cap_height() if len(self.labels) else 0
        fits = bar_px >= digits_px + 2   # labels a bar apart: their digits must not touch
        self.labels.setVisible(fits)
        label_px = (self.labels.widest() + 6) if fits else 6
        plot_px = self.plot.vb.width()
        fraction = label_px / (plot_px - label_px) if plot_px > 2 * label_px else 0.22
        self.plot.setXRange(0, self.top * (1 + fraction), padding=0)

    def height_for_names(self) -> int:
        """The height at which every measure's name fits beside its bars (the axis thins names below it)."""
        metrics = QFontMetrics(self.category_axis.style.get("tickFont") or QFont())
        # + the legend, the value axis and its title
        return int(max(len(self.bars), 4) * metrics.height() * 1.2) + LEGEND_PX + 70

    def show_bars(self, bars: Sequence[ChartBar]) -> None:
        """Draw the bars; values are in 万 when the largest reaches a hundred thousand."""
        self.bars = list(bars)
        n = len(self.bars)
        self.category_axis.set_labels([i18n.pick(b.label_zh, b.label_en) for b in self.bars])
        values = [v for b in self.bars for v in (b.value_prev, b.value_last) if v is not None]
        top = max(values, default=1.0) or 1.0
        self.value_scale = 1e4 if top >= 1e5 else 1.0
        self.value_axis.value_scale = self.value_scale
        unit = self.tr("items") + (" " + self.tr("[×10,000]") if self.value_scale != 1 else "")
        self.plot.setLabel("bottom", unit,
                           color=self.colors["foreground"])
        ys = np.arange(n, dtype=float)
        height = BAR_HEIGHT
        palette = self.colors["series"]
        last = max((b.year_last for b in self.bars if b.year_last is not None), default=None)
        names = (str(last - 1), str(last)) if last is not None else ("", "")
        xs, label_ys, texts = [], [], []
        for j, (year, attr) in enumerate(((names[0], "value_prev"), (names[1], "value_last"))):
            widths = np.array([getattr(b, attr) or 0 for b in self.bars], dtype=float)
            offset = (j - 0.5) * height
            opts = dict(x0=np.zeros(n), y=ys + offset, height=height * 0.92, width=widths,
                        brush=palette[YEAR_COLORS[j]], pen=pg.mkPen(None), name=str(year))
            if n == 0:   # pyqtgraph cannot draw an empty bar item: the last profile's bars are hidden
                for item in self.items:
                    item.setVisible(False)
                continue
            if j < len(self.items):
                self.items[j].setOpts(**opts)
            else:
                item = pg.BarGraphItem(**opts)
                self.plot.addItem(item)
                self.items.append(item)
            self.items[j].setVisible(True)
            for i, b in enumerate(self.bars):
                value = getattr(b, attr)
                if value is not None:
                    xs.append(float(value))
                    label_ys.append(float(i + offset))
                    texts.append(format_number(value, self.value_scale))
        if names != self._legend_names:   # the legend's entries change with the years only
            self._legend_names = names
            self.legend.clear()
            for item, year in zip(self.items, names, strict=False):
                self.legend.addItem(item, year)
        self.labels.set_color(self.colors["foreground"])
        self.labels.set_labels(xs, label_ys, texts)
        self.top = top
        self.fit_range()
        self.plot.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        self.legend.setVisible(n > 0)
        self.setToolTip("<br>".join(
            f"<b>{b.label_zh}</b> {b.label_en}: {(b.year_last or 1) - 1} {format_number(b.value_prev)} → "
            f"{b.year_last or ''} {format_number(b.value_last)}" for b in self.bars))
