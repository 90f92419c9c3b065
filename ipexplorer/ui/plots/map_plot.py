"""The choropleth behind the Charts pane's map kind: provinces of China or countries of the world.

Like chart_plot, this module imports pyqtgraph at the top on purpose: it is imported only when a
map is first shown. The shapes come pre-projected (ipexplorer.query.map_data); one item draws them
all as QPainterPaths built once per map, so a redraw only swaps brushes. The legend, the labels and
the South China Sea inset's title are fixed-size, whatever the zoom.
"""

from __future__ import annotations

import contextlib
import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem, QStyleOptionGraphicsItem, QWidget

from ipexplorer.query.map_data import Geometry, Locator, MapData, MapRegion, load_geometry
from ipexplorer.query.names import name_text
from ipexplorer.ui.plots.chart_plot import (
    ChartPlot,
    SelectingViewBox,
    WrappingLabel,
    format_number,
    hover_tip,
    paint_view,
)
from ipexplorer.ui.shell import i18n
from ipexplorer.ui.shell.theme import contrast_ratio

PALETTES = {
    "light": {
        "sequential": ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
        "negative": ["#fddbc7", "#f4a582", "#d6604d", "#b2182b"],
        "positive": ["#d1e5f0", "#92c5de", "#4393c3", "#2166ac"],
        "no_data": "#ededed", "hatch": "#a8a8a8", "border": "#ffffff", "home": "#d9d4cc",
        "sea": "#eef4f8", "frame": "#8a8a8a", "dot": "#d95f02",
    },
    "dark": {
        # the lowest class 3:1 on the sea, the ramp's lightness rising: Hainan and Taiwan in the first class were
        # dark blue shapes on the dark sea, 2.2:1, the borders as dark as the sea around them
        "sequential": ["#44718c", "#3f8597", "#3f9da1", "#55b19c", "#86c991", "#bee08b", "#f3f5a0"],
        "negative": ["#5a2f2f", "#8c3b3b", "#c65a4f", "#ff8a70"],
        "positive": ["#22405a", "#2f6690", "#4f94c8", "#8cc7f0"],
        "no_data": "#34373a", "hatch": "#6a6d70", "border": "#5b5f64", "home": "#4a4640",
        "sea": "#1b1e20", "frame": "#8a8d90", "dot": "#ff9f43",
    },
}
HOME = "CHN"  # the world map shows China itself, the reporting office, in a neutral colour
CITY_MAX_KM = 110  # the largest city dot's radius on the China map


def ramp(colors: list[str], n: int) -> list[str]:
    """n colours spread evenly over a ramp (its ends included)."""
    if n <= 1:
        return [colors[len(colors) // 2]]
    return [colors[round(i * (len(colors) - 1) / (n - 1))] for i in range(n)]


def class_colors(data: MapData, palette: dict) -> list[str]:
    """A sequential ramp for counts; for a change, reds below zero and blues above, darker away from it."""
    sides = data.class_sides()
    if not data.diverging:
        return ramp(palette["sequential"], len(sides))
    n_neg = sum(1 for s, _l in sides if s < 0)
    n_pos = len(sides) - n_neg
    neg = ramp(palette["negative"], max(n_neg, 1)) if n_neg else []
    pos = ramp(palette["positive"], max(n_pos, 1)) if n_pos else []
    return [neg[level] if side < 0 else pos[level] for side, level in sides]


def ring_path(path: QPainterPath, ring) -> None:
    path.moveTo(ring[0], ring[1])
    for i in range(2, len(ring) - 1, 2):
        path.lineTo(ring[i], ring[i + 1])
    path.closeSubpath()


class MapShapes(pg.GraphicsObject):
    """Every shape of a map, drawn by one item: fills by class, outlines, the inset, the city dots."""

    def __init__(self, geometry: Geometry):
        super().__init__()
        self.geometry = geometry
        self.keys: list[str] = []
        self.paths: list[QPainterPath] = []     # main map and inset together, per shape
        for shape in geometry.shapes:
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.OddEvenFill)
            for ring in (*shape.rings, *shape.inset):
                ring_path(path, ring)
            if shape.dot is not None:
                path.addEllipse(QPointF(*shape.dot), self.dot_km, self.dot_km)
            self.keys.append(shape.key)
            self.paths.append(path)
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.bounds = QRectF()
        for p in self.paths:
            self.bounds = self.bounds.united(p.boundingRect())
        self.sea = QPainterPath()
        if geometry.outline:
            ring_path(self.sea, geometry.outline)
            self.bounds = self.bounds.united(self.sea.boundingRect())
        self.frame = QRectF()
        if geometry.inset_frame:
            x0, y0, x1, y1 = geometry.inset_frame
            self.frame = QRectF(QPointF(x0, y0), QPointF(x1, y1))
            # room below the frame for the inset's title
            self.bounds = self.bounds.united(self.frame.adjusted(0, 0, 0, self.frame.height() * 0.16))
        self.lines = QPainterPath()
        # the maritime boundary is drawn whole in the inset only: its few dashes beside Taiwan on the
        # main map, cut off at the main map's edge, read as stray marks
        for line in geometry.inset_maritime:
            self.lines.moveTo(line[0], line[1])
            for i in range(2, len(line) - 1, 2):
                self.lines.lineTo(line[i], line[i + 1])
        self.brushes: list[QBrush] = []
        self.hatched: set[int] = set()      # shapes without data: hatched over their fill
        self.hatch_path = QPainterPath()
        self.palette = PALETTES["light"]
        self.highlighted: set[int] = set()
        self.cities: list[tuple[QPointF, float, QColor]] = []
        self.highlighted_cities: set[int] = set()   # indexes into cities
        # no item cache: every change of style or zoom repaints it anyway, and the cache's pixmap only
        # adds a copy (measured in benchmarks/bench_maps.py)

    @property
    def dot_km(self) -> float:
        return 14.0 if self.geometry.name == "china" else 55.0

    def set_style(self, brushes: list[QBrush], hatched: set[int], palette: dict, cities) -> None:
        self.brushes, self.hatched, self.palette, self.cities = brushes, hatched, palette, cities
        self.hatch_path = QPainterPath()   # every shape without data, hatched in one stroke
        for i in sorted(hatched):
            self.hatch_path.addPath(self.paths[i])
        self.update()

    def set_highlight(self, indexes: set[int]) -> None:
        self.highlighted = indexes
        self.update()

    def boundingRect(self) -> QRectF:
        return self.bounds.adjusted(-200, -200, 200, 200)

    def paint(self, painter: QPainter, *_args) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette
        if not self.sea.isEmpty():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(pal["sea"]))
            painter.drawPath(self.sea)
        border = QPen(QColor(pal["border"]), 0.8)
        border.setCosmetic(True)
        painter.setPen(border)
        for path, brush in zip(self.paths, self.brushes, strict=False):
            painter.setBrush(brush)
            painter.drawPath(path)
        if not self.hatch_path.isEmpty():
            # a pattern brush is scaled with the map: its own inverse transform keeps the hatch in pixels
            hatch = QBrush(QColor(pal["hatch"]), Qt.BrushStyle.BDiagPattern)
            hatch.setTransform(painter.transform().inverted()[0])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(hatch)
            painter.drawPath(self.hatch_path)
        if not self.frame.isEmpty():
            frame = QPen(QColor(pal["frame"]), 1)
            frame.setCosmetic(True)
            painter.setPen(frame)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.frame)
        if not self.lines.isEmpty():
            line = QPen(QColor(pal["frame"]), 1.6)
            line.setCosmetic(True)
            painter.setPen(line)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self.lines)
        edge = QPen(QColor(pal["border"]), 1)
        edge.setCosmetic(True)
        chosen = QPen(QColor(pal["highlight"]), 2.6)
        chosen.setCosmetic(True)
        for i, (center, radius, color) in enumerate(self.cities):
            painter.setPen(chosen if i in self.highlighted_cities else edge)
            painter.setBrush(color)
            painter.drawEllipse(center, radius, radius)
        if self.highlighted:
            outline = QPen(QColor(pal["highlight"]), 2.6)
            outline.setCosmetic(True)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for i in sorted(self.highlighted):
                painter.drawPath(self.paths[i])

    def shape_at(self, point: QPointF) -> int | None:
        """The shape under a point of the map (the smallest one when a dot lies on a bigger shape)."""
        hits = [i for i, p in enumerate(self.paths) if p.controlPointRect().contains(point) and p.contains(point)]
        if not hits:
            return None
        return min(hits, key=lambda i: self.paths[i].boundingRect().width())

    def shapes_in(self, rect: QRectF) -> list[int]:
        return [i for i, p in enumerate(self.paths) if p.intersects(rect)]


class MapLegend(pg.GraphicsWidgetAnchor, pg.GraphicsWidget):
    """Swatches with each class's bounds, the unit, 'no data' hatched; fixed size in pixels."""

    def __init__(self):
        pg.GraphicsWidget.__init__(self)
        pg.GraphicsWidgetAnchor.__init__(self)
        self.rows: list[tuple[QBrush, QBrush | None, str]] = []
        self.title = ""
        self.fg = QColor("#303030")
        self.bg = QColor(255, 255, 255, 210)
        self.font = QFont()
        self.font.setPointSizeF(8.5)
        self.setFlag(self.GraphicsItemFlag.ItemIgnoresTransformations)

    def set_rows(self, title: str, rows: list[tuple[QBrush, QBrush | None, str]], fg: str, bg: str) -> None:
        self.title, self.rows = title, rows
        self.fg = QColor(fg)
        self.bg = QColor(bg)
        self.bg.setAlpha(215)
        metrics = QFontMetricsF(self.font)
        width = max([metrics.horizontalAdvance(t) + 30 for _b, _h, t in rows] + [metrics.horizontalAdvance(title)]) + 14
        height = metrics.height() * (len(rows) + 1) + 12
        self.setGeometry(QRectF(0, 0, width, height))
        self.update()

    def paint(self, painter: QPainter, *_args) -> None:
        metrics = QFontMetricsF(self.font)
        h = metrics.height()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.bg)
        painter.drawRoundedRect(self.boundingRect(), 4, 4)
        painter.setFont(self.font)
        painter.setPen(self.fg)
        painter.drawText(QPointF(7, 6 + metrics.ascent()), self.title)
        for i, (brush, hatch, text) in enumerate(self.rows):
            top = 6 + h * (i + 1)
            swatch = QRectF(7, top + 2, 20, h - 4)
            painter.setPen(QPen(self.fg, 0.5))
            painter.setBrush(brush)
            painter.drawRect(swatch)
            if hatch is not None:
                painter.fillRect(swatch, hatch)
            painter.setPen(self.fg)
            painter.drawText(QPointF(33, top + metrics.ascent()), text)


class MapPlot(pg.GraphicsLayoutWidget):
    """A title, the map (shapes, labels, legend, inset) and the source caption with the map's note."""

    shapes_selected = Signal(list, bool)   # region keys (shape keys or city names), add to the selection

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mapPlot")
        self.palette_name = "light"
        self.colors = paint_view(self, "light", ())
        self.language = "zh"
        self.data: MapData | None = None
        self.locator: Locator | None = None   # a region profile's small map instead of a choropleth
        self.hint = ""   # how to select, the tooltip off the shapes (set_hint)
        # title, note and caption wrap to the map's width (beside the table at 1024 px they ran off its edge)
        self.title_label = WrappingLabel("", size="12pt", bold=True)
        self.ci.addItem(self.title_label, row=0, col=0)
        self.view_box = SelectingViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.ci.addItem(self.view_box, row=1, col=0)
        # the note (rows without a shape) above the caption, which stays the last line as on every chart
        self.note_label = WrappingLabel("", size="8pt", justify="left")
        self.ci.addItem(self.note_label, row=2, col=0)
        self.caption_label = WrappingLabel("", size="8pt", justify="right")
        self.ci.addItem(self.caption_label, row=3, col=0)
        self.shapes: MapShapes | None = None
        self._shape_sets: dict[str, MapShapes] = {}
        self._label_sets: dict[str, tuple[list[HaloText], pg.TextItem | None]] = {}
        self._labelled = False
        self.labels: list[HaloText] = []
        self.inset_label: pg.TextItem | None = None
        self.region_of_shape: dict[int, MapRegion] = {}
        self.highlighted_keys: set[str] = set()
        self.city_keys: list[str] = []    # the cities whose dots are drawn, in the shapes' order
        self.legend = MapLegend()
        self.legend.setParentItem(self.view_box)
        self.legend.anchor(itemPos=(0, 1), parentPos=(0, 1), offset=(8, -8))
        self._fitted = True   # the view is ours to fit to the widget (until the user zooms or pans)
        self.view_box.sigRectSelected.connect(self._on_rect)
        self.view_box.sigResized.connect(self._refit)
        self.view_box.sigRangeChangedManually.connect(self._user_moved)
        self.view_box.sigRangeChanged.connect(self._place_labels)
        self.scene().sigMouseMoved.connect(self._on_hover)
        self.scene().sigMouseClicked.connect(self._on_click)

    # --- appearance -------------------------------------------------------------------
    def apply_palette(self, name: str) -> None:
        self.palette_name = name
        self.colors = paint_view(self, name, ())
        if self.data is not None:
            self.show_data(self.data)
        elif self.locator is not None:
            self.show_locator(self.locator)

    def _text(self, zh: str, en: str) -> str:
        return name_text(zh, en, self.language)

    def _label_text(self, zh: str, en: str) -> str:
        """A shape's name on the map: with both names shown, the interface's (the tooltip gives both; two names
        fit in few shapes, and the Chinese alone, as before, left the English interface's map unread)."""
        return i18n.pick(zh, en) if self.language == "both" else self._text(zh, en)

    # --- drawing ------------------------------------------------------------------------
    def _use_geometry(self, geometry: Geometry, *, labels: bool = True) -> MapShapes:
        """Show `geometry`'s shapes, and its name labels unless `labels` is off (the profile's small map has
        none: a world map's 270 text items took most of a profile's time). Shapes and labels are made once per
        geometry and kept, so changing between China and the world re-adds them rather than building them."""
        if self.shapes is not None and self.shapes.geometry is geometry and self._labelled == labels:
            return self.shapes
        if self.shapes is not None:
            self.view_box.removeItem(self.shapes)
            for label in self.labels:
                self.view_box.removeItem(label)
            if self.inset_label is not None:
                self.view_box.removeItem(self.inset_label)
        shapes = self._shape_sets.get(geometry.name)
        if shapes is None:
            shapes = self._shape_sets[geometry.name] = MapShapes(geometry)
        self.shapes = shapes
        self.view_box.addItem(shapes)
        self.labels, self.inset_label = self._labels_of(geometry) if labels else ([], None)
        self._labelled = labels
        for label in self.labels:
            self.view_box.addItem(label, ignoreBounds=True)
        if self.inset_label is not None:
            self.view_box.addItem(self.inset_label, ignoreBounds=True)
        self._fitted = True
        self.fit_view()
        return shapes

    def _labels_of(self, geometry: Geometry) -> tuple[list[HaloText], pg.TextItem | None]:
        """The name label of each shape and the inset's title, made the first time a geometry is labelled."""
        found = self._label_sets.get(geometry.name)
        if found is not None:
            return found
        labels = []
        for shape in geometry.shapes:
            label = HaloText(anchor=(0.5, 0.5))
            label.setFont(_small_font())
            if shape.label is not None:
                label.setPos(*shape.label)
            labels.append(label)
        inset_label = None
        if geometry.inset_frame:
            # the inset's title under its frame, right-aligned (the frame is too narrow for it in English)
            inset_label = pg.TextItem("", anchor=(1, 0))
            inset_label.setFont(_small_font())
            inset_label.setPos(geometry.inset_frame[2], geometry.inset_frame[3] + 10)
        self._label_sets[geometry.name] = (labels, inset_label)
        return labels, inset_label

    def show_data(self, data: MapData) -> None:
        """Shade the shapes by class, name the ones that fit, and write the legend and note."""
        self.data = data
        self.locator = None
        self.legend.show()
        pal = dict(PALETTES[self.palette_name], highlight=self.colors["highlight"])
        fg = self.colors["foreground"]
        shapes = self._use_geometry(data.geometry)
        shapes.setCacheMode(QGraphicsItem.CacheMode.NoCache)   # a choropleth repaints on every change anyway
        colors = class_colors(data, pal)
        hatch = QBrush(QColor(pal["hatch"]), Qt.BrushStyle.BDiagPattern)
        no_data_fill = QColor(pal["no_data"])
        hatched: set[int] = set()
        class_brushes = [QBrush(QColor(c)) for c in colors]
        by_key = {r.key: r for r in data.regions}
        self.region_of_shape = {}
        brushes, fills = [], []
        for i, key in enumerate(shapes.keys):
            region = by_key.get(key)
            if region is not None:
                self.region_of_shape[i] = region
            if region is not None and region.klass is not None:
                brushes.append(class_brushes[region.klass])
                fills.append(QColor(colors[region.klass]))
            elif key == HOME and data.geometry.name == "world":
                brushes.append(QBrush(QColor(pal["home"])))
                fills.append(QColor(pal["home"]))
            else:
                brushes.append(QBrush(no_data_fill))
                fills.append(no_data_fill)
                hatched.add(i)
        shapes.set_style(brushes, hatched, pal, self._city_dots(data, pal))
        for i, label in enumerate(self.labels):
            shape = data.geometry.shapes[i]
            text = self._label_text(shape.name_zh, shape.name_en)
            # the ink that reads best on the shape, ringed by its shape's colour: unseen inside the shape, the ring
            # keeps the words readable where they run past its edge onto the sea or a neighbour ("United States"
            # lost its "U", white on the pale ground). A patch of that colour behind the whole text box did so too,
            # but showed past the coast as a tag (江苏, 山东, 广东 at 1024 px)
            label.set_label(text, _readable_on(fills[i]), fills[i])
        if self.inset_label is not None:
            self.inset_label.setText(self.tr("South China Sea Islands"), color=fg)
        self.title_label.setText(self._text(data.title_zh, data.title_en), color=fg)
        self.caption_label.set_lines(data.caption, color=fg)
        self.note_label.setText(self._note(data), color=fg)
        rows = [(class_brushes[i], None, self._bounds_text(data, i)) for i in range(data.classes)]
        rows.append((QBrush(no_data_fill), hatch, self.tr("no data")))
        if data.cities:
            rows.append((QBrush(QColor(pal["dot"])), None, self.tr("sub-provincial cities (area ∝ value)")))
        unit = self._text(data.unit_zh, data.unit_en)
        self.legend.set_rows(self.tr("Unit: {unit}").format(unit=unit), rows, fg, self.colors["background"])
        self.set_highlight_keys(self.highlighted_keys)
        if self._fitted:
            self.fit_view()   # the legend's size changed with its rows
        self._place_labels()

    def show_locator(self, locator: Locator) -> None:
        """The small map of a region profile: every shape plain, the region's filled, a city's seat dotted."""
        self.data = None
        self.locator = locator
        self.highlighted_keys = set()
        pal = dict(PALETTES[self.palette_name], highlight=self.colors["highlight"])
        shapes = self._use_geometry(locator.geometry, labels=False)
        # the small map is painted twice per profile, the second time for the scene's sake alone (the shapes
        # unchanged): from the item's pixmap, not its 34 provinces' or 200 countries' paths again (~2.5 ms)
        shapes.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        plain, mark = QBrush(QColor(pal["no_data"])), QBrush(QColor(pal["sequential"][-2]))
        brushes = [mark if key == locator.key else plain for key in shapes.keys]
        dot = QColor(pal["dot"])
        cities = [(QPointF(*locator.seat), 40.0, dot)] if locator.seat else []
        self.city_keys = []
        shapes.set_style(brushes, set(), pal, cities)
        shapes.set_highlight({shapes.index[locator.key]} if locator.key in shapes.index else set())
        for label in self.labels:
            label.setVisible(False)
        if self.inset_label is not None:
            self.inset_label.setText("")
        for item in (self.title_label, self.caption_label, self.note_label):
            item.setText("")
            item.setMinimumHeight(0)   # no title, note or caption rows: the map has the whole widget
            item.setMaximumHeight(0)
        self.ci.layout.setSpacing(0)
        self.ci.setContentsMargins(0, 0, 0, 0)
        self.legend.hide()
        self.view_box.setMouseEnabled(False, False)
        self._fitted = True
        self.fit_view()

    # --- fitting the map beside its legend ---------------------------------------------------
    def _user_moved(self, *_args) -> None:
        self._fitted = False

    def _refit(self, *_args) -> None:
        if self._fitted:
            self.fit_view()
        self._place_labels()

    def fit_view(self) -> None:
        """Fit the map to the view, keeping the legend off the shapes.

        The legend sits in the view's lower left corner. Where the map's own outline leaves that corner empty
        (China's south-west) the map fills the view; where a shape would lie under it (South America on a
        narrow world map) the map moves right or up, shrunk only as much as it must be.
        """
        if self.shapes is None:
            return
        box = self.view_box
        bounds = self.shapes.bounds
        pad = 0.02 if self.legend.isVisible() else 0.01
        bounds = bounds.adjusted(-bounds.width() * pad, -bounds.height() * pad,
                                 bounds.width() * pad, bounds.height() * pad)
        width, height = box.width(), box.height()
        if not self.legend.isVisible() or width < 50 or height < 50 or bounds.isEmpty():
            box.setRange(bounds, padding=0)
            return
        margin = 8.0   # the legend's offset from the corner, in pixels
        legend_w = self.legend.size().width() + margin
        legend_h = self.legend.size().height() + margin

        full = min(width / bounds.width(), height / bounds.height())   # pixels per map unit, the map filling the view

        def placed(scale: float) -> QRectF | None:
            """The view range with the map at `scale` where the legend (lower left) lies on no shape: centred,
            else pushed right, up, or both; None if no such place."""
            w, h = bounds.width() * scale, bounds.height() * scale
            for x, y in (((width - w) / 2, (height - h) / 2), (width - w, (height - h) / 2),
                         ((width - w) / 2, 0.0), (width - w, 0.0)):
                view = QRectF(bounds.left() - x / scale, bounds.top() - y / scale, width / scale, height / scale)
                # where the legend falls on the map (the view's y runs downwards: invertY)
                legend = QRectF(view.left() + margin / scale, view.bottom() - legend_h / scale,
                                (legend_w - margin) / scale, (legend_h - margin) / scale)
                if not self.shapes.shapes_in(legend):
                    return view
            return None

        view = placed(full)
        if view is None:
            # the largest scale that has a place: beside a strip the legend's width or height always has one
            low = max(min((width - legend_w) / bounds.width(), height / bounds.height()),
                      min(width / bounds.width(), (height - legend_h) / bounds.height()), full * 0.3)
            view = placed(low) or placed(full * 0.3)
            high = full
            for _ in range(7):   # to within 1 % of the scale
                middle = (low + high) / 2
                found = placed(middle)
                if found is not None:
                    low, view = middle, found
                else:
                    high = middle
            if view is None:
                view = bounds
        box.setRange(view, padding=0)

    def _city_dots(self, data: MapData, pal: dict) -> list:
        top = max((abs(c.value) for c in data.cities if c.value is not None), default=0)
        color = QColor(pal["dot"])
        color.setAlpha(190)
        dots = []
        self.city_keys = []
        for city in data.cities:
            seat = data.geometry.seats.get(city.key)
            if seat is None or city.value is None or not top:
                continue
            dots.append((QPointF(*seat), max(8.0, CITY_MAX_KM * math.sqrt(abs(city.value) / top)), color))
            self.city_keys.append(city.key)
        return dots

    def _bounds_text(self, data: MapData, i: int) -> str:
        """A class's lowest and highest value; counts start one above the class below (classes hold (lo, hi])."""
        lo, hi = data.breaks[i], data.breaks[i + 1]
        if i > 0 and not data.percent and all(float(b).is_integer() for b in data.breaks):
            lo += 1
        return f"{self._number(lo)} – {self._number(hi)}"

    def _number(self, value: float | None) -> str:
        percent = self.data is not None and self.data.percent
        return format_number(value, percent=percent, decimals=1 if percent else None)

    def _note(self, data: MapData) -> str:
        if not data.no_shape:
            return ""
        names = "、".join(zh for zh, _en in data.no_shape) if self.language == "zh" else ", ".join(
            self._text(zh, en) for zh, en in data.no_shape)
        return self.tr("Not on the map (no shape): {names}").format(names=names)

    def _place_labels(self, *_args) -> None:
        """Show a shape's name only where it fits inside the shape at the current zoom."""
        if self.shapes is None or self.data is None:
            return
        px_w, px_h = self.view_box.viewPixelSize()
        room = 1.05 if self.data.geometry.name == "china" else 1.5
        placed: list[QRectF] = []
        # the biggest shapes are named first; a name that would overlap one already placed is left out
        order = sorted(range(len(self.labels)), key=lambda i: -self._label_box(i).width())
        for i in order:
            label = self.labels[i]
            shape = self.data.geometry.shapes[i]
            if shape.label is None or not shape.rings:
                label.setVisible(False)
                continue
            box = self._label_box(i)
            text = label.textItem.boundingRect()
            w, h = text.width() * px_w, text.height() * px_h  # the text's size in map units
            fits = box.width() >= w * room and box.height() >= h * 0.9
            spot = QRectF(shape.label[0] - w / 2, shape.label[1] - h / 2, w, h)
            if fits and any(spot.intersects(other) for other in placed):
                fits = False
            if fits:
                placed.append(spot)
            label.setVisible(fits)

    def _label_box(self, i: int) -> QRectF:
        shape = self.data.geometry.shapes[i]
        if not shape.rings:
            return QRectF()
        return self.shapes.paths[i].boundingRect() if not shape.inset else _rings_rect(shape.rings)

    # --- linking -------------------------------------------------------------------------
    def set_highlight_keys(self, keys: set[str]) -> None:
        """Outline the shapes of the regions selected in the table."""
        self.highlighted_keys = set(keys)
        if self.shapes is not None:
            self.shapes.highlighted_cities = {i for i, k in enumerate(self.city_keys) if k in keys}
            self.shapes.set_highlight({self.shapes.index[k] for k in keys if k in self.shapes.index})

    def region_at(self, scene_pos: QPointF) -> MapRegion | str | None:
        """The region (or, for a shape without a row, its key) under a scene position."""
        if self.shapes is None or self.data is None or not self.view_box.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.view_box.mapSceneToView(scene_pos)
        # a city's dot (the smallest under the point: 深圳's lies on 广州's) before the shape beneath it
        under = [(radius, key) for (center, radius, _c), key in zip(self.shapes.cities, self.city_keys, strict=False)
                 if math.hypot(point.x() - center.x(), point.y() - center.y()) <= radius]
        if under:
            key = min(under)[1]
            return next(c for c in self.data.cities if c.key == key)
        index = self.shapes.shape_at(point)
        if index is None:
            return None
        return self.region_of_shape.get(index, self.shapes.keys[index])

    def tooltip(self, hit: MapRegion | str) -> str:
        data = self.data
        if isinstance(hit, str):
            shape = data.geometry.by_key()[hit]
            why = self.tr("the reporting office's own country") if hit == HOME and \
                data.geometry.name == "world" else self.tr("no data")
            return f"<b>{shape.name_zh}</b> {shape.name_en}<br>{why}"
        cat = hit.category
        unit = "" if data.percent else f" {self._text(data.unit_zh, data.unit_en)}"
        lines = [f"<b>{cat.name_zh}</b> {cat.name_en}", f"{self._number(hit.value)}{unit}"]
        if hit.rank is not None:
            lines.append(self.tr("rank {rank} of {count}").format(rank=hit.rank, count=len(data.regions)))
        if hit.source_line is not None:
            lines.append(self.tr("source: report line {line}").format(line=hit.source_line))
        return "<br>".join(lines)

    def _on_hover(self, scene_pos: QPointF) -> None:
        hit = self.region_at(scene_pos)
        hover_tip(self, scene_pos, None if hit is None else self.tooltip(hit), self.hint)

    def set_hint(self, text: str) -> None:
        """How to select on this map: its tooltip wherever no shape is under the mouse."""
        self.hint = text
        self.setToolTip(text)

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self.region_at(event.scenePos())
        if isinstance(hit, MapRegion):
            add = bool(event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
            self.shapes_selected.emit([hit.key], add)

    def _on_rect(self, rect: QRectF, add: bool) -> None:
        if self.shapes is None:
            return
        keys = [self.region_of_shape[i].key for i in self.shapes.shapes_in(rect) if i in self.region_of_shape]
        if self.data is not None:
            keys += [c.key for c in self.data.cities if c.key in self.data.geometry.seats and
                     rect.contains(QPointF(*self.data.geometry.seats[c.key]))]
        self.shapes_selected.emit(keys, add)

    def shape_scene_pos(self, key: str) -> QPointF:
        """Where a region's shape is on screen (its label point): for tests and scripted clicks."""
        shape = self.data.geometry.by_key()[key]
        point = shape.label or shape.dot
        return self.view_box.mapViewToScene(QPointF(*point))

    # --- export: the bar charts' writers, with this plot's clean-up -----------------------------
    @contextlib.contextmanager
    def _for_export(self):
        """While exporting: no selection outline."""
        shapes = self.shapes
        kept = (shapes.highlighted, shapes.highlighted_cities) if shapes is not None else (set(), set())
        if shapes is not None:
            shapes.highlighted_cities = set()
            shapes.set_highlight(set())
        try:
            yield self
        finally:
            if shapes is not None:
                shapes.highlighted_cities = kept[1]
                shapes.set_highlight(kept[0])

    export_png = ChartPlot.export_png
    export_svg = ChartPlot.export_svg
    image = ChartPlot.image


def _small_font() -> QFont:
    font = QFont()
    font.setPointSizeF(7.5)
    return font


INKS = ("#1a1a1a", "#f4f4f4")   # a name's ink on a shape: near-black or near-white
HALO_OFFSETS = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy]   # a name's ring: a pixel wide


def _readable_on(fill: QColor) -> QColor:
    """Of the two inks, the one of the higher contrast with `fill` (a lightness cut chose white on mid greens,
    4.3:1, where the black had 5.0:1)."""
    return max((QColor(ink) for ink in INKS), key=lambda ink: contrast_ratio(ink, fill))


class _Halo(QGraphicsTextItem):
    """The words once more under themselves, drawn a pixel off in each of eight directions: a ring round each
    glyph from the glyph cache (an outlined copy stroked every glyph's path: the province map's redraw took twice
    as long)."""

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        for dx, dy in HALO_OFFSETS:
            painter.translate(dx, dy)
            super().paint(painter, option, widget)
            painter.translate(-dx, -dy)


class HaloText(pg.TextItem):
    """A map's name: its words in an ink over a halo of another colour (a ring round each glyph, not a box round
    the text)."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.halo = _Halo(self.textItem)   # follows the words' place; drawn under them
        self.halo.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
        self.halo.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        # drawn once into a pixmap until its text or colour changes: the eight copies cost a paint of the
        # province map 2 ms (+45 %), the cached ring 0.3 ms (a name keeps its pixel size whatever the zoom)
        self.halo.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.shown: tuple[str, int, int] | None = None

    def setFont(self, font: QFont) -> None:
        super().setFont(font)
        self.halo.setFont(font)

    def set_label(self, text: str, ink: QColor, halo: QColor) -> None:
        """Show `text` in `ink` ringed by `halo` (laid out again only when one of them changed)."""
        if self.shown == (text, ink.rgb(), halo.rgb()):
            return
        self.setText(text, color=ink)
        if self.halo.toPlainText() != text:
            self.halo.setPlainText(text)
        self.halo.setDefaultTextColor(halo)
        self.shown = (text, ink.rgb(), halo.rgb())


def _rings_rect(rings) -> QRectF:
    xs = [r[i] for r in rings for i in range(0, len(r), 2)]
    ys = [r[i] for r in rings for i in range(1, len(r), 2)]
    return QRectF(QPointF(min(xs), min(ys)), QPointF(max(xs), max(ys)))


def preview_geometry(name: str = "china") -> Geometry:
    return load_geometry(name)
