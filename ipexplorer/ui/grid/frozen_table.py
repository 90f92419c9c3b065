"""A QTableView whose first visible column stays put while the rest scrolls sideways.

The Qt "frozen column" recipe: a second view over the same model and selection,
showing one column, laid over the left edge and kept in step with the main view.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenColumnTableView(QTableView):
    def __init__(self, parent: QWidget | None = None):
        self._frozen_section = -1
        super().__init__(parent)
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenColumn")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setStyleSheet("QTableView#frozenColumn { border: none; border-right: 1px solid palette(mid); }")
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.verticalHeader().sectionResized.connect(self._on_row_resized)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.horizontalHeader().sectionMoved.connect(lambda *_: self.refresh_frozen())
        self.frozen.horizontalHeader().sectionClicked.connect(self._forward_click)
        self.frozen.hide()

    def setModel(self, model: QAbstractItemModel) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self.refresh_frozen)
        model.headerDataChanged.connect(lambda *_: self.frozen.horizontalHeader().viewport().update())
        self.refresh_frozen()

    def frozen_section(self) -> int:
        """The logical index of the column kept in place (the first visible one), or -1."""
        header = self.horizontalHeader()
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            if not header.isSectionHidden(logical):
                return logical
        return -1

    def refresh_frozen(self) -> None:
        model = self.model()
        if model is None or model.columnCount() == 0:
            self.frozen.hide()
            return
        self._frozen_section = self.frozen_section()
        for col in range(model.columnCount()):
            self.frozen.setColumnHidden(col, col != self._frozen_section)
        self.frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        if self._frozen_section >= 0:
            self.frozen.setColumnWidth(self._frozen_section, self.columnWidth(self._frozen_section))
            self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
            self.frozen.show()
        self._update_geometry()

    def _forward_click(self, logical: int) -> None:
        self.horizontalHeader().sectionClicked.emit(logical)

    def _on_section_resized(self, logical: int, _old: int, new: int) -> None:
        if logical == self._frozen_section:
            self.frozen.setColumnWidth(logical, new)
            self._update_geometry()

    def _on_row_resized(self, logical: int, _old: int, new: int) -> None:
        self.frozen.setRowHeight(logical, new)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_geometry()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._update_geometry()

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if index.column() != self._frozen_section:
            super().scrollTo(index, hint)

    def _update_geometry(self) -> None:
        if self._frozen_section < 0 or not hasattr(self, "frozen"):
            return
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.setGeometry(
            self.verticalHeader().width() + self.frameWidth(), self.frameWidth(),
            self.columnWidth(self._frozen_section),
            self.viewport().height() + self.horizontalHeader().height())
