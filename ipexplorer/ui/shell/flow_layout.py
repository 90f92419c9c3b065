"""A layout that puts widgets left to right and wraps onto another line when the width runs out.

A toolbar row of a box layout is as wide as all its widgets; lent to the narrow half of the Charts
pane at 1024 px, the table's two toolbar rows (646 px) forced chart and table above each other.
In a flow layout the row is only as wide as its widest widget, and takes a second line when it must.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items wrapped at the layout's width by their minimum sizes; per line, the room left over first takes
    each item toward its size hint (a combo box toward its whole longest text, as a box layout would), and
    what remains goes to the items added with a stretch (as a box layout's stretch factors would share it)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: dict[int, int] = {}   # id(item) -> stretch
        self._heights: dict[int, int] = {}   # width -> height, until the layout is invalidated
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def add_widget(self, widget: QWidget, stretch: int = 0) -> None:
        self.addWidget(widget)
        if stretch:
            self._stretch[id(self._items[-1])] = stretch

    # --- QLayout -------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._heights.clear()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self._stretch.pop(id(item), None)
            self._heights.clear()
            return item
        return None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # asked a score of times per layout pass of the pane (a keystroke's new filter chip relays it)
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return height

    def invalidate(self) -> None:
        self._heights.clear()   # an item added, taken, or its sizes changed (Qt invalidates every item first)
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self.spacing() * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width, height).grownBy(margins)

    def minimumSize(self) -> QSize:
        """As narrow as the widest item; as tall as the lines that width needs."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    # --- placing ---------------------------------------------------------------------------------
    @staticmethod
    def _least(item: QLayoutItem) -> int:
        """The narrowest an item may be: its minimum size, never above its size hint."""
        return min(max(item.minimumSize().width(), 1), item.sizeHint().width())

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in `rect` (or only measure): the height the lines take."""
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        lines: list[list[QLayoutItem]] = []
        used = 0
        for item in self._shown():
            width = self._least(item)
            if lines and used + self.spacing() + width <= area.width():
                lines[-1].append(item)
                used += self.spacing() + width
            else:
                lines.append([item])
                used = width
        y = area.y()
        for line in lines:
            height = max(i.sizeHint().height() for i in line)
            if move:
                widths = [min(self._least(i), area.width()) for i in line]
                spare = area.width() - sum(widths) - self.spacing() * (len(line) - 1)
                wants = [max(i.sizeHint().width() - w, 0) for i, w in zip(line, widths, strict=True)]
                if spare > 0 and sum(wants):
                    give = min(spare, sum(wants))   # toward the size hints, in proportion to what each lacks
                    grown = [w + give * want // sum(wants) for w, want in zip(widths, wants, strict=True)]
                    spare -= sum(grown) - sum(widths)
                    widths = grown
                stretches = [self._stretch.get(id(i), 0) for i in line]
                if spare > 0 and sum(stretches):
                    share = [spare * s // sum(stretches) for s in stretches]
                    widths = [w + s for w, s in zip(widths, share, strict=True)]
                x = area.x()
                for item, width in zip(line, widths, strict=True):
                    item_height = min(height, item.maximumSize().height())
                    item.setGeometry(QRect(QPoint(x, y + (height - item_height) // 2), QSize(width, item_height)))
                    x += width + self.spacing()
            y += height + self.spacing()
        return y - self.spacing() - area.y() + margins.top() + margins.bottom() if lines else 0
