"""A horizontal header with a second row on top: the printed table's year groups (2019年 | 2020年)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from ipexplorer.ui.grid.table_model import COLUMN_ROLE


class SortingHeader(QHeaderView):
    """A horizontal header whose click sorts and never selects the column (QTableView selects on press)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)

    def mousePressEvent(self, event) -> None:
        # sectionPressed is what QTableView answers with selectColumn; the click (on release) still sorts
        self.blockSignals(True)
        try:
            super().mousePressEvent(event)
        finally:
            self.blockSignals(False)


class GroupHeaderView(SortingHeader):
    """Paints each column's group across all adjacent columns of the same group."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.language = "zh"
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def _group(self, logical: int) -> str:
        model = self.model()
        column = model.headerData(logical, Qt.Orientation.Horizontal, COLUMN_ROLE) if model else None
        return column.group(self.language) if column is not None else ""

    def has_groups(self) -> bool:
        model = self.model()
        return bool(model) and any(self._group(i) for i in range(model.columnCount()))

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        if self.has_groups():
            size.setHeight(size.height() * 2)
        return size

    def _group_span(self, logical: int) -> tuple[int, int]:
        """Viewport x and width of the run of visible sections sharing this section's group."""
        group = self._group(logical)
        visual = self.visualIndex(logical)
        first = last = visual
        while first > 0:
            prev = self.logicalIndex(first - 1)
            if self.isSectionHidden(prev):
                first -= 1
                continue
            if self._group(prev) != group:
                break
            first -= 1
        while last < self.count() - 1:
            nxt = self.logicalIndex(last + 1)
            if self.isSectionHidden(nxt):
                last += 1
                continue
            if self._group(nxt) != group:
                break
            last += 1
        x0 = self.sectionViewportPosition(self.logicalIndex(first))
        end = self.logicalIndex(last)
        x1 = self.sectionViewportPosition(end) + self.sectionSize(end)
        return x0, x1 - x0

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        if not self.has_groups():
            super().paintSection(painter, rect, logical)
            return
        half = rect.height() // 2
        group = self._group(logical)
        bottom = QRect(rect.x(), rect.y() + half, rect.width(), rect.height() - half)
        if not group:
            super().paintSection(painter, rect, logical)
            return
        painter.save()
        x, width = self._group_span(logical)
        top = QRect(x, rect.y(), width, half)
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = top
        option.text = group
        option.textAlignment = Qt.AlignmentFlag.AlignCenter
        option.section = logical
        option.position = QStyleOptionHeader.SectionPosition.Middle
        painter.setClipRect(top.intersected(self.viewport().rect()))
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        super().paintSection(painter, bottom, logical)
