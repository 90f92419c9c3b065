"""Many fixed-size texts at data positions as one graphics item.

A pyqtgraph TextItem is a QGraphicsTextItem with its own document, transform and bounding box: a profile's
sixteen value labels or a timeline's eighty event names made and placed that many items, each re-laid out
and re-indexed by the scene, for most of a redraw. Here every label is a cached QStaticText drawn in one
paint at its point's pixel position (positions mapped with one transform), so a redraw replaces arrays.
Imported lazily with the other plots (pyqtgraph is never on the path to the first paint).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg  # noqa: TID253  (this module is itself imported lazily)
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText, QTransform


class TextLabels(pg.GraphicsObject):
    """Texts anchored at (x, y) in data coordinates, drawn at a fixed pixel size.

    `anchor` is the point of each text's box that sits on its position ((0, 0.5): the left edge's middle),
    `offset` a shift in pixels (a label beside the end of a bar, clear of a dot).
    """

    def __init__(self, *, anchor: tuple[float, float] = (0.0, 0.5), offset: tuple[float, float] = (0.0, 0.0),
                 color: str | QColor = "#000000", font: QFont | None = None):
        super().__init__()
        self.anchor = anchor
        self.offset = offset
        self._font = QFont(font) if font is not None else QFont()
        self._pen = QPen(QColor(color))
        self._x = np.empty(0)
        self._y = np.empty(0)
        self._texts: list[str] = []
        self._static: list[QStaticText] = []
        self._sizes: list[tuple[float, float]] = []
        self._bounds: QRectF | None = None
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)

    # --- what is drawn ---------------------------------------------------------------------------
    def set_labels(self, xs: Sequence[float], ys: Sequence[float], texts: Sequence[str]) -> None:
        """Replace every label (texts already laid out before keep their layout)."""
        known = dict(zip(self._texts, self._static, strict=True))
        self.prepareGeometryChange()
        self._x = np.asarray(xs, dtype=float)
        self._y = np.asarray(ys, dtype=float)
        self._texts = list(texts)
        self._static = []
        self._sizes = []
        for text in self._texts:
            static = known.get(text) or self._prepared(text)
            self._static.append(static)
            size = static.size()
            self._sizes.append((size.width(), size.height()))
        self._bounds = None
        self.update()

    def set_color(self, color: str | QColor) -> None:
        self._pen = QPen(QColor(color))
        self.update()

    def texts(self) -> list[str]:
        return list(self._texts)

    def positions(self) -> list[tuple[float, float]]:
        return list(zip(self._x.tolist(), self._y.tolist(), strict=True))

    def scene_boxes(self) -> list[QRectF]:
        """Each label's box in scene coordinates (pixels of the view), as the next paint draws it.

        A view box puts a new range or size into its items' transform only before it paints (or maps a point
        itself): mapped through the transform as it stood, the boxes of labels placed for a zoom or a resize
        read the old range's pixels until the next frame, and a test measuring them raced the paint."""
        view = self.getViewBox()
        if isinstance(view, pg.ViewBox):
            view.updateMatrix()
        ax, ay = self.anchor
        ox, oy = self.offset
        boxes = []
        for x, y, (w, h) in zip(self._x.tolist(), self._y.tolist(), self._sizes, strict=True):
            at = self.mapToScene(QPointF(x, y))
            boxes.append(QRectF(at.x() + ox - ax * w, at.y() + oy - ay * h, w, h))
        return boxes

    def _prepared(self, text: str) -> QStaticText:
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(QTransform(), self._font)
        return static

    def text_size(self, text: str) -> tuple[float, float]:
        """The pixel size `text` takes as a label here (what scene_boxes measures, before it is set)."""
        size = self._prepared(text).size()
        return size.width(), size.height()

    def font(self) -> QFont:
        return QFont(self._font)

    def widest(self) -> float:
        """The widest label's width in pixels (with its offset): the room a plot leaves for them."""
        return max((w for w, _h in self._sizes), default=0.0) + abs(self.offset[0])

    def cap_height(self) -> float:
        return QFontMetricsF(self._font).capHeight()

    def __len__(self) -> int:
        return len(self._texts)

    # --- QGraphicsItem ----------------------------------------------------------------------------
    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None):
        values = self._x if axis == 0 else self._y
        if values.size == 0:
            return None, None
        return float(values.min()), float(values.max())

    def pixelPadding(self) -> float:
        return max((max(w, h) for w, h in self._sizes), default=0.0) + max(map(abs, self.offset))

    def viewTransformChanged(self) -> None:
        # the texts keep their pixel size: their box in data units changes with every zoom
        self.prepareGeometryChange()
        self._bounds = None

    def boundingRect(self) -> QRectF:
        if self._bounds is None:
            if self._x.size == 0:
                self._bounds = QRectF()
            else:
                px, py = self.pixelVectors()
                sx = px.length() if px is not None else 0.0
                sy = py.length() if py is not None else 0.0
                pad = self.pixelPadding()
                x0, x1 = float(self._x.min()), float(self._x.max())
                y0, y1 = float(self._y.min()), float(self._y.max())
                self._bounds = QRectF(x0 - pad * sx, y0 - pad * sy, x1 - x0 + 2 * pad * sx, y1 - y0 + 2 * pad * sy)
        return self._bounds

    def paint(self, painter: QPainter, *_args) -> None:
        if not self._texts:
            return
        transform = self.deviceTransform_()
        if transform is None:
            return
        # every position to pixels at once (the view's transform is affine)
        xs = transform.m11() * self._x + transform.m21() * self._y + transform.dx()
        ys = transform.m12() * self._x + transform.m22() * self._y + transform.dy()
        ax, ay = self.anchor
        ox, oy = self.offset
        painter.save()
        painter.resetTransform()
        painter.setFont(self._font)
        painter.setPen(self._pen)
        for x, y, static, (w, h) in zip(xs.tolist(), ys.tolist(), self._static, self._sizes, strict=True):
            painter.drawStaticText(QPointF(x + ox - ax * w, y + oy - ay * h), static)
        painter.restore()
