"""A horizontal header with a second row on top: the printed table's year groups (2019年 | 2020年)."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QAbstractItemModel, QEvent, QItemSelectionModel, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from ipexplorer.ui.grid.runs import merged_runs
from ipexplorer.ui.grid.table_model import COLUMN_ROLE, LAYOUT_ARGS


class SortingHeader(QHeaderView):
    """A horizontal header whose click sorts and never selects the column (QTableView selects on press).

    Its sections are highlighted as Qt's are (a column with a selected cell in bold, a wholly selected one
    sunken), worked out from the view's selection's ranges. Qt's own header asks its selection model whether
    each painted section and its neighbours are wholly selected, at a cost that grows with the rows (a third of
    a second per paint with 6,520 rows selected): it is handed a selection model of its own that holds nothing.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._highlight = False
        self._selection: QItemSelectionModel | None = None   # the view's, which the highlight reads
        # each column's (has a selected cell, wholly selected), worked out from the selection's ranges once per
        # change of the selection, of the rows or a reset (every section painted asked a copy of the selection)
        self._states: dict[int, tuple[bool, bool]] | None = None
        self._states_rows = -1
        self.setSectionsClickable(True)

    def mousePressEvent(self, event) -> None:
        # sectionPressed is what QTableView answers with selectColumn; the click (on release) still sorts
        self.blockSignals(True)
        try:
            super().mousePressEvent(event)
        finally:
            self.blockSignals(False)

    def setHighlightSections(self, highlight: bool) -> None:
        self._highlight = bool(highlight)
        super().setHighlightSections(highlight)
        self.viewport().update()

    def highlightSections(self) -> bool:
        return self._highlight

    def setSelectionModel(self, selection: QItemSelectionModel) -> None:
        if self._selection is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._selection.selectionChanged.disconnect(self._on_selection)
        self._selection = selection
        self._forget_states()
        if selection is not None:
            selection.selectionChanged.connect(self._on_selection)
        super().setSelectionModel(QItemSelectionModel(self.model(), self) if self.model() is not None else selection)

    def setModel(self, model) -> None:
        old = self.model()
        if old is not None:
            for signal in (old.modelReset, old.layoutChanged, old.rowsInserted, old.rowsRemoved,
                           old.columnsInserted, old.columnsRemoved):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(self._forget_states)
        super().setModel(model)
        if model is not None:   # the selection's ranges move or go without a selectionChanged
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved,
                           model.columnsInserted, model.columnsRemoved):
                signal.connect(self._forget_states)
        self._forget_states()
        if model is not None and self._selection is not None:   # Qt gave it a selection model of the model
            super().setSelectionModel(QItemSelectionModel(model, self))

    def _on_selection(self, *_args) -> None:
        self._forget_states()
        if self._highlight:
            self.viewport().update()

    def _forget_states(self, *_args) -> None:
        self._states = None

    def column_state(self, logical: int) -> tuple[bool, bool]:
        """Whether the column has a selected cell, and whether it is wholly selected (column_selection's
        answer), from the states of every column worked out at once after a change."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if self._states is None or rows != self._states_rows:
            self._states, self._states_rows = column_states(self._selection, model), rows
        return self._states.get(logical, (False, False))

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical: int) -> None:
        super().initStyleOptionForIndex(option, logical)
        if self._highlight and self.sectionsClickable():
            on, whole = self.column_state(logical)
            if on:
                option.state |= QStyle.StateFlag.State_On
            if whole:
                option.state |= QStyle.StateFlag.State_Sunken


def column_selection(selection_model, model, column: int) -> tuple[bool, bool]:
    """Whether the column has a selected cell, and whether all its rows are selected, from the selection's
    ranges alone (their number, not the rows': one range for Ctrl+A, one per run of rows a chart selects)."""
    return column_states(selection_model, model).get(column, (False, False))


def column_states(selection_model, model) -> dict[int, tuple[bool, bool]]:
    """column_selection's answer for every column with a selected cell, from one copy of the selection."""
    if selection_model is None or model is None:
        return {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for r in selection_model.selection():
        top, bottom = r.top(), r.bottom()
        for column in range(r.left(), r.right() + 1):
            spans.setdefault(column, []).append((top, bottom))
    last = model.rowCount() - 1
    states = {}
    for column, column_spans in spans.items():
        first = merged_runs(column_spans)[0]   # wholly selected: one run from row 0 to the last
        states[column] = (True, first[0] <= 0 and first[1] >= last)
    return states


class GroupHeaderView(SortingHeader):
    """Paints each column's group across all adjacent columns of the same group."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._language = "zh"
        self._groups: list[str] | None = None             # each column's group, read once per layout
        self._runs: dict[int, tuple[int, int]] = {}       # a section's run of same-group sections (logical)
        self._size_hint: QSize | None = None              # asked on every updateGeometries: once per layout
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        for signal in (self.sectionMoved, self.sectionResized, self.sectionCountChanged):   # hiding resizes to 0
            signal.connect(self._forget_runs)

    @property
    def language(self) -> str:
        return self._language

    @language.setter
    def language(self, language: str) -> None:
        self._language = language
        self._forget_groups()

    def setModel(self, model) -> None:
        # the groups come from the columns: a reset or a change of columns, never a sort (a layout change of
        # rows) nor a new sort mark in a title (headerDataChanged on every click), asks for them again
        old = self.model()
        if old is not None:
            for signal in (old.modelReset, old.columnsInserted, old.columnsRemoved):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(self._forget_groups)
            with contextlib.suppress(RuntimeError, TypeError):
                old.layoutChanged[LAYOUT_ARGS].disconnect(self._on_layout_changed)
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.columnsInserted, model.columnsRemoved):
                signal.connect(self._forget_groups)
            model.layoutChanged[LAYOUT_ARGS].connect(self._on_layout_changed)
        self._forget_groups()

    def _on_layout_changed(self, _parents=(), hint=QAbstractItemModel.LayoutChangeHint.NoLayoutChangeHint) -> None:
        if hint != QAbstractItemModel.LayoutChangeHint.VerticalSortHint:   # rows sorted: the columns stand
            self._forget_groups()

    def _forget_groups(self, *_args) -> None:
        self._groups = None
        self._runs.clear()
        self._size_hint = None

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_hint = None

    def _forget_runs(self, *_args) -> None:
        self._runs.clear()

    def _all_groups(self) -> list[str]:
        """Every column's group, asked of the model once per layout change (paint asks for them per section)."""
        if self._groups is None:
            model = self.model()
            columns = [model.headerData(i, Qt.Orientation.Horizontal, COLUMN_ROLE)
                       for i in range(model.columnCount())] if model else []
            self._groups = [c.group(self._language) if c is not None else "" for c in columns]
        return self._groups

    def _group(self, logical: int) -> str:
        groups = self._all_groups()
        return groups[logical] if 0 <= logical < len(groups) else ""

    def group_text(self, group: str, width: int) -> str:
        """The group's title as drawn in `width` pixels: whole, or cut with an ellipsis."""
        return QFontMetrics(self.font()).elidedText(group, Qt.TextElideMode.ElideRight, max(0, width - 8))

    def has_groups(self) -> bool:
        return any(self._all_groups())

    def sizeHint(self) -> QSize:
        # the height is all a table view reads of it; a sort mark added to a title changes no height
        if self._size_hint is None:
            size = super().sizeHint()
            if self.has_groups():
                size.setHeight(size.height() * 2)
            self._size_hint = size
        return QSize(self._size_hint)

    def _group_span(self, logical: int) -> tuple[int, int]:
        """Viewport x and width of the run of visible sections sharing this section's group."""
        run = self._runs.get(logical)
        if run is None:
            run = self._runs[logical] = self._group_run(logical)
        first, end = run
        x0 = self.sectionViewportPosition(first)
        return x0, self.sectionViewportPosition(end) + self.sectionSize(end) - x0

    def _group_run(self, logical: int) -> tuple[int, int]:
        """The first and last (logical) sections of the run sharing this section's group."""
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
        return self.logicalIndex(first), self.logicalIndex(last)

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
        option.text = ""
        option.section = logical
        option.position = QStyleOptionHeader.SectionPosition.Middle
        visible = top.intersected(self.viewport().rect())
        # each section of the run draws the run's band and name where it lies itself, so together they draw it
        # once (each drew the whole band: a group of three was painted three times over)
        painter.setClipRect(visible.intersected(QRect(rect.x(), rect.y(), rect.width(), half)))
        self.style().drawControl(QStyle.ControlElement.CE_HeaderSection, option, painter, self)
        # the group's name centred in the part that shows, with an ellipsis when it does not fit
        # (a group scrolled half away read "上年增减 Change 2019→202")
        text = self.group_text(group, visible.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(visible.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
        super().paintSection(painter, bottom, logical)
