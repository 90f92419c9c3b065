"""The pyqtgraph drawing behind the Timeline pane: lanes by category over the report's year, markers and bars.

Imported only when the Timeline pane is first shown, like the charts' module, so pyqtgraph never
sits on the path to the first paint. Everything of one kind is one graphics item (all markers
one scatter, all bars one bar item), so drawing stays a few milliseconds at thousands of events.
"""

from __future__ import annotations

import html
import itertools
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QWidget

from ipexplorer.query.names import name_text
from ipexplorer.query.timeline import Layout, Period, categories_text
from ipexplorer.ui.plots.chart_plot import DARK, LIGHT, CategoryAxis, hover_tip, paint_view
from ipexplorer.ui.plots.text_labels import TextLabels
from ipexplorer.ui.shell import i18n

_DATE_PREFIX = re.compile(r"^\s*(同日|(\d{4}年)?(\d{1,2}月)?(\d{1,2}日)?([至—\-–]\d{1,2}[月日]?(\d{1,2}日)?)?)"
                          r"[，,、\s]*")   # 1月6日至7日， · 同日，: the dot's place says the date
LANE_COLORS = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2", "#9d755d", "#eeca3b",
               "#888888"]
HIT_PIXELS = 7          # how near (in pixels) the pointer must be to a marker
MIN_DAYS = 7            # the deepest zoom shows a week
MONTH_LINES, MONTH_NAMES = 31.0, 30.5   # tick "spacings" that tell the date axis's levels apart
DOT_PIXELS = 9          # an event's dot (a merged dot, with its count, is twice as wide)
LABEL_GAP = 1.5         # px between a dot and the words beside it, and between the words and the next dot


class DateAxis(pg.AxisItem):
    """Month names at month starts; days once zoomed in far enough to read them."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.language = "both"
        self.period: Period | None = None   # set with the layout

    def tickValues(self, minVal, maxVal, size):
        """Lines at month starts, month names at mid-month, days when zoomed in."""
        lo, hi = min(minVal, maxVal), max(minVal, maxVal)
        if self.period is None:
            return []
        starts = [d for d, _zh, _en in self.period.month_starts()]
        months = [d for d in starts if lo - 1 <= d <= hi + 1]
        bounds = [*starts, float(self.period.days)]
        middles = [(a + b) / 2 for a, b in itertools.pairwise(bounds) if lo <= (a + b) / 2 <= hi]
        span = hi - lo
        # zoomed in, the day labels (5/6) name the month themselves; mid-month names would collide
        levels = [(MONTH_LINES, months), (MONTH_NAMES, middles if span > 120 else [])]
        if span <= 120:
            # as many day labels as fit side by side ("12月30日" is wider than "12/30" was)
            metrics = QFontMetrics(self.style.get("tickFont") or QFont())
            need = metrics.horizontalAdvance(self.period.day_label(0, "zh" if i18n.is_chinese() else "en")) + 14
            per_day = size / max(span, 1e-6)
            step = next((s for s in (1, 2, 7, 14, 28) if s * per_day >= need), 28)
            first = int(max(0, lo)) // step * step
            # every step'th day labelled, the first of a month too (at 8× no "1 Jul" was skipped)
            days = [d + 0.5 for d in range(first, int(min(hi, self.period.days)) + 1, step)]
            levels.append((float(step), days))
        return levels

    def tickStrings(self, values, scale, spacing):
        if spacing == MONTH_LINES:
            return ["" for _v in values]
        if self.period is None:
            return ["" for _v in values]
        if spacing == MONTH_NAMES:
            starts = self.period.month_starts()
            out = []
            for v in values:
                _d, zh, en = starts[max(0, sum(1 for d, _z, _e in starts if d <= v) - 1)]
                out.append(name_text(zh, en, self.language))
            return out
        # the interface's language, as the event list writes dates (1月3日 / 3 Jan), not "6/10"
        language = "zh" if i18n.is_chinese() else "en"
        return [self.period.day_label(v, language) for v in values]


class TimelineView(pg.ViewBox):
    """Wheel zooms the dates only; the lanes stay put."""

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.setMouseEnabled(x=True, y=False)


class TimelinePlot(pg.PlotWidget):
    """Lanes (categories) down, the days of the report's year across; hover names an event, a click selects it."""

    event_clicked = Signal(int)      # index into the layout's events
    range_moved = Signal(float, float)   # the days shown, after a zoom, a pan or a fit (not a redraw's own)

    def __init__(self, parent: QWidget | None = None):
        self.date_axis = DateAxis()
        self.lane_axis = CategoryAxis("left")
        super().__init__(parent, viewBox=TimelineView(), axisItems={"bottom": self.date_axis, "left": self.lane_axis})
        self.setObjectName("timelinePlot")
        self.layout_data: Layout | None = None
        self.language = "both"
        self.colors = LIGHT
        self.selected: int | None = None
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=False, alpha=0.2)
        item.invertY(True)
        self.bands = empty_bars()
        self.spans = empty_bars()
        self.markers = pg.ScatterPlotItem(pxMode=True)
        self.selection = pg.ScatterPlotItem(pxMode=True)
        self.span_selection = empty_bars()
        # all texts of a kind are one item (a text item each made a redraw of the year several times the
        # markers' one scatter): the counts on merged dots, and an event's words beside its dot where they fit
        self.count_labels = TextLabels(anchor=(0.5, 0.5), color="#ffffff")
        self.event_labels = TextLabels(anchor=(0, 0.5), offset=(DOT_PIXELS / 2 + LABEL_GAP, 0))
        for thing in (self.bands, self.spans, self.markers, self.span_selection, self.selection):
            item.addItem(thing)
        for thing in (self.count_labels, self.event_labels):
            item.addItem(thing, ignoreBounds=True)
        self.scene().sigMouseMoved.connect(self._on_hover)
        self.scene().sigMouseClicked.connect(self._on_click)
        self._drawing = False   # set_layout places the labels once at its end, not also on its own range change
        item.getViewBox().sigXRangeChanged.connect(self._on_range_changed)
        # the labels are fixed-size text: a wider or narrower window changes how many days each one covers
        item.getViewBox().sigResized.connect(lambda *_: self._place_labels())
        self.apply_palette("light")

    def _on_range_changed(self, *_args) -> None:
        if not self._drawing:
            self._place_labels()
            self.range_moved.emit(*self.x_range())

    # --- labels where they fit -----------------------------------------------------------------------
    LABEL_CHARS = 14

    def _place_labels(self) -> None:
        """Name the events in view once zoomed in far enough that a name fits before the next dot of its lane."""
        layout = self.layout_data
        if layout is None:
            self.event_labels.set_labels([], [], [])
            return
        lo, hi = self.x_range()
        width = self.getPlotItem().getViewBox().width() or 1
        per_day = width / max(hi - lo, 1e-6)
        metrics = QFontMetrics(QFont())
        by_lane: dict[int, list] = {}
        for m in layout.markers:
            if m.count == 1 and lo <= m.x <= hi:
                by_lane.setdefault(m.lane, []).append(m)
        xs, ys, texts = [], [], []
        # in less room than an ellipsis any name elides to nothing: such a dot needs no words read nor measured
        # (zoomed out, that is nearly every dot)
        least = metrics.horizontalAdvance("…")
        for lane_markers in by_lane.values():
            lane_markers.sort(key=lambda m: m.x)
            for m, nxt in itertools.zip_longest(lane_markers, lane_markers[1:]):
                # the words start a gap after the dot's edge and stop a gap before the next dot's edge (a pixel
                # spare for rounding); TextLabels draws them with no margin of their own (a text item had one,
                # and the room left for it put the words two pixels too far and cut them six pixels short)
                room = ((nxt.x if nxt is not None else hi) - m.x) * per_day - DOT_PIXELS - 2 * LABEL_GAP - 1
                if room < least or len(texts) >= 80:
                    continue
                # the dot's place says the date: the words start after it (1月3日，局印发… -> 局印发…)
                words = _DATE_PREFIX.sub("", layout.events[m.event_index].first_sentence(90))
                text = words[: self.LABEL_CHARS] + ("…" if len(words) > self.LABEL_CHARS else "")
                if room < metrics.horizontalAdvance(text[:6]):
                    continue
                xs.append(m.x)
                ys.append(m.y)
                texts.append(metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(room)))
        self.event_labels.set_color(self.colors["foreground"])
        self.event_labels.set_labels(xs, ys, texts)

    # --- appearance ----------------------------------------------------------------------------
    def apply_palette(self, name: str) -> None:
        self.colors = paint_view(self, name, (self.date_axis, self.lane_axis))
        if self.layout_data is not None:
            self.set_layout(self.layout_data, keep_range=True)

    def set_language(self, language: str) -> None:
        self.language = language
        self.date_axis.language = language
        if self.layout_data is not None:
            self.set_layout(self.layout_data, keep_range=True)

    # --- drawing -------------------------------------------------------------------------------
    def set_layout(self, layout: Layout, keep_range: bool = False) -> None:
        """Draw every marker and bar of `layout` (one item per kind)."""
        self._drawing = True
        try:
            self._draw(layout, keep_range)
        finally:
            self._drawing = False
        self._place_labels()

    def _draw(self, layout: Layout, keep_range: bool) -> None:
        self.layout_data = layout
        self.date_axis.period = layout.period
        days = layout.period.days
        n = len(layout.lanes)
        dark = self.colors is DARK
        band = "#2b2f33" if dark else "#f4f6f8"
        set_bars(self.bands, x0=np.full(n, -10.0), x1=np.full(n, days + 10.0), y=np.arange(n, dtype=float),
                           height=np.full(n, 1.0), pens=[pg.mkPen(None)] * n,
                           brushes=[pg.mkBrush(band if i % 2 == 0 else self.colors["background"]) for i in range(n)])
        lane_brush = [pg.mkBrush(LANE_COLORS[i % len(LANE_COLORS)]) for i in range(n)]
        edge = pg.mkPen(self.colors["background"], width=1)
        spans = layout.spans
        # one brush and pen per (lane, month-only): thousands of bars share a handful of objects
        styles: dict[tuple[int, bool], tuple] = {}
        for s in spans:
            if (s.lane, s.month_only) not in styles:
                color = LANE_COLORS[s.lane % len(LANE_COLORS)]
                styles[(s.lane, s.month_only)] = (
                    pg.mkBrush(pg.mkColor(color).lighter(150 if s.month_only else 100)),
                    pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine if s.month_only else Qt.PenStyle.SolidLine))
        set_bars(self.spans, x0=np.array([s.x0 for s in spans], dtype=float),
                 x1=np.array([s.x1 for s in spans], dtype=float), y=np.array([s.y for s in spans], dtype=float),
                 height=np.full(len(spans), 0.09), brushes=[styles[(s.lane, s.month_only)][0] for s in spans],
                 pens=[styles[(s.lane, s.month_only)][1] for s in spans])
        markers = layout.markers
        self.markers.setData(
            x=np.array([m.x for m in markers], dtype=float), y=np.array([m.y for m in markers], dtype=float),
            size=np.array([2 * DOT_PIXELS if m.count > 1 else DOT_PIXELS for m in markers], dtype=float), symbol="o",
            brush=[lane_brush[m.lane] for m in markers], pen=edge)
        merged = [m for m in markers if m.count > 1]
        self.count_labels.set_labels([m.x for m in merged], [m.y for m in merged], [str(m.count) for m in merged])
        self.lane_axis.set_labels([lane.label(self.language) for lane in layout.lanes])
        self.getPlotItem().setLimits(xMin=-15, xMax=days + 15, minXRange=MIN_DAYS,
                                     yMin=-0.6, yMax=n - 0.4)
        self.setYRange(-0.5, n - 0.5, padding=0)
        if not keep_range:
            self.fit_all()
        self.set_selected(self.selected if self.selected is not None and self.selected < len(layout.events)
                          else None)

    def set_selected(self, index: int | None) -> None:
        """Ring the selected event's markers and outline its bars."""
        self.selected = index
        layout = self.layout_data
        items = layout.items_of(index) if layout is not None and index is not None else []
        marks = [i for i in items if hasattr(i, "count")]
        bars = [i for i in items if not hasattr(i, "count")]
        ring = pg.mkPen(self.colors["highlight"], width=3)
        self.selection.setData(x=[m.x for m in marks], y=[m.y for m in marks], size=16, symbol="o",
                               brush=pg.mkBrush(None), pen=ring)
        set_bars(self.span_selection, x0=[b.x0 for b in bars], x1=[b.x1 for b in bars], y=[b.y for b in bars],
                 height=[0.16] * len(bars), brush=pg.mkBrush(None), pen=ring)

    # --- navigation ----------------------------------------------------------------------------
    def fit_all(self) -> None:
        days = self.layout_data.period.days if self.layout_data is not None else 366
        self.setXRange(-3, days + 3, padding=0)

    def x_range(self) -> tuple[float, float]:
        lo, hi = self.getViewBox().viewRange()[0]
        return lo, hi

    def zoom(self, factor: float, center: float | None = None) -> None:
        """factor < 1 zooms in around `center` (default: the middle of the view)."""
        lo, hi = self.x_range()
        c = (lo + hi) / 2 if center is None else center
        half = max(MIN_DAYS / 2, (hi - lo) * factor / 2)
        self.setXRange(c - half, c + half, padding=0)

    def pan(self, fraction: float) -> None:
        lo, hi = self.x_range()
        shift = (hi - lo) * fraction
        self.setXRange(lo + shift, hi + shift, padding=0)

    def ensure_visible(self, index: int) -> None:
        """Scroll (not zoom) so the event's first marker or bar is in view."""
        layout = self.layout_data
        if layout is None:
            return
        items = layout.items_of(index)
        if not items:
            return
        first = items[0]
        x0, x1 = (first.x, first.x) if hasattr(first, "count") else (first.x0, first.x1)
        lo, hi = self.x_range()
        if x0 < lo or x1 > hi:
            width = hi - lo
            c = (x0 + x1) / 2
            self.setXRange(c - width / 2, c + width / 2, padding=0)

    # --- pointer -------------------------------------------------------------------------------
    def event_at(self, scene_pos: QPointF) -> int | None:
        layout = self.layout_data
        vb = self.getViewBox()
        if layout is None or not vb.sceneBoundingRect().contains(scene_pos):
            return None
        point = vb.mapSceneToView(scene_pos)
        px, py = vb.viewPixelSize()
        return layout.hit(point.x(), point.y(), px * HIT_PIXELS, abs(py) * HIT_PIXELS)

    def tooltip(self, index: int) -> str:
        event = self.layout_data.events[index]
        cats = categories_text(event.categories, self.layout_data.lanes, self.language)
        when = event.date_label("en" if self.language == "en" else "zh")
        return (f"<b>{html.escape(when)}</b> <span style='color:gray'>{event.date}"
                f"{' – ' + event.end_date if event.end_date else ''}</span><br>{html.escape(event.first_sentence())}"
                + (f"<br><i>{html.escape(cats)}</i>" if cats else ""))

    def _on_hover(self, scene_pos: QPointF) -> None:
        index = self.event_at(scene_pos)
        hover_tip(self, scene_pos, None if index is None else self.tooltip(index))

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self.event_at(event.scenePos())
        if index is not None:
            self.event_clicked.emit(index)


def empty_bars() -> pg.BarGraphItem:
    item = pg.BarGraphItem(x0=[0.0], x1=[0.0], y=[0.0], height=[0.0])
    item.setVisible(False)
    return item


def set_bars(item: pg.BarGraphItem, **opts) -> None:
    """Set a bar item's bars; with none, hide it (pyqtgraph cannot draw an empty bar item)."""
    if len(opts["x0"]) == 0:
        item.setVisible(False)
        return
    item.setOpts(**opts)
    item.setVisible(True)
