"""A QTableView whose label column stays put while the rest scrolls sideways, like a spreadsheet's freeze panes.

A second view over the same model and selection shows the label column, with its own header, in a strip
left of the main viewport (the main view's viewport margin grows by its width and the main view hides that
column), so the columns that scroll start right after it and nothing hides under it. The label column is the
row's region name where there is one (the long layout and SQL results begin with codes), else the first
visible column. `setColumnHidden` / `isColumnHidden` speak of the user's choice of columns; the frozen
column's own hiding in the main view is kept apart from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QFrame, QHeaderView, QTableView, QWidget

from ipexplorer.query.columns import Role
from ipexplorer.ui.grid.group_header import SortingHeader
from ipexplorer.ui.grid.table_model import COLUMN_ROLE

MAX_FROZEN_WIDTH = 260
SHORT_TIMES = 2.5   # a text wider than this many times the median is a long one (fitted_widths' `short`)


@dataclass(frozen=True)
class Fitted:
    """What a column's first rows need (fitted_widths): the widest cell's width, the widest short cell's, and how
    many texts were read and how many of them differ (a column of one repeated text: a region's kind)."""

    widest: int          # -1, as Qt: no row to measure
    short: int | None    # the widest short text's (one at most SHORT_TIMES the median's width); None: not asked
    texts: int
    distinct: int


def fitted_widths(view: QTableView, column: int, rows: int, *, short: bool = True) -> Fitted:
    """`QTableView.sizeHintForColumn` of the first `rows` rows (the view at its top, no row hidden), from each
    cell's text and the delegate's size of the widest cell alone: Qt asks the delegate of every cell, and through
    it the model for seven roles (a few thousand calls into Python for one table's columns, about a fifth of the
    first switch to the Charts pane). The model answers no font, icon or check state, so the text decides the
    width. Texts are ranked by the sum of their characters' advances (each measured once; shaping every cell's
    text took as long as Qt's own fit) and the few within a kerning's reach of the widest measured whole.

    The texts are read and measured once for both widths: the widest, and (`short`) the widest short one, at most
    SHORT_TIMES the median's width (a column's usual names, 内蒙古 and "Inner Mongolia", without 新疆生产建设兵团 and
    "Xinjiang Production and Construction Corps")."""
    model = view.model()
    count = min(rows, model.rowCount())
    column_texts = getattr(model, "column_texts", None)
    if column_texts is not None:
        texts = column_texts(column, count)
    else:
        texts = [model.index(row, column).data() for row in range(count)]
    metrics = view.fontMetrics()
    advances: dict[str, int] = {}
    ranked = []
    for row, text in enumerate(texts):
        if text is None:
            continue
        text = str(text)
        width = 0
        for char in text:
            advance = advances.get(char)
            if advance is None:
                advance = advances[char] = metrics.horizontalAdvance(char)
            width += advance
        ranked.append((width, row, text))
    if not ranked:
        return Fitted(-1, -1 if short else None, len(texts), len(set(texts)))   # as Qt: no row to measure

    def cell_width(near: list[tuple[int, str]]) -> int:
        """The delegate's width of the cell whose text, shaped whole, is the widest of `near`."""
        _width, at = max((metrics.horizontalAdvance(text), -row) for row, text in near)
        return view.sizeHintForIndex(model.index(-at, column)).width() + (1 if view.showGrid() else 0)

    top = max(width for width, _row, _text in ranked)
    widest = cell_width([(row, text) for width, row, text in ranked if width >= top - 4])
    if not short:
        return Fitted(widest, None, len(texts), len(set(texts)))
    ranked.sort()
    most = ranked[(len(ranked) - 1) // 2][0] * SHORT_TIMES
    top_short = max(width for width, _row, _text in ranked if width <= most)
    short_width = widest if top_short == top else cell_width(
        [(row, text) for width, row, text in ranked if top_short - 4 <= width <= top_short])
    return Fitted(widest, short_width, len(texts), len(set(texts)))


def fitted_width(view: QTableView, column: int, rows: int) -> int:
    """The widest of the first `rows` rows' cells (fitted_widths' widest)."""
    return fitted_widths(view, column, rows, short=False).widest


def fit_width(view: QTableView, column: int, rows: int, cells: int | None = None) -> int:
    """The width that shows a column's header and its first `rows` rows whole: what Qt's resizeColumnToContents
    gives (the cells by fitted_width, the header by its section's size hint). The one fitting rule of every grid and
    of its frozen column: the strip's fit on show, a double-click on an edge, autosize (SqlGrid.fit_width).
    `cells`: the cells' width when measured already (fitted_widths' widest)."""
    return max(fitted_width(view, column, rows) if cells is None else cells,
               view.horizontalHeader().sectionSizeHint(column))


class RowNumbers(QHeaderView):
    """The row numbers, asking for room for the frozen strip right of them.

    QTableView sets its viewport margins from this header's size hint on every updateGeometries; a hint that
    includes the strip leaves them as they are, where margins set afterwards moved and resized the viewport
    and the header twice a call (a full repaint each, some thirty times a sort). The numbers are painted in the
    part left of the strip.
    """

    def __init__(self, parent: QWidget):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionsClickable(True)      # as QTableView's own vertical header
        self.setHighlightSections(True)
        self.strip = 0
        self._hint: tuple[tuple, QSize] | None = None

    def sizeHint(self) -> QSize:
        # the numbers' width depends on how many rows there are, not on their order: Qt forgets its own hint on
        # every layout change (a sort) and measured a hundred sections again, three times a sort
        key = (self.count(), self.defaultSectionSize(), self.isHidden())
        if self._hint is None or self._hint[0] != key:
            self._hint = (key, super().sizeHint())
        size = QSize(self._hint[1])
        size.setWidth(size.width() + self.strip)
        return size

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._hint = None

    def paintSection(self, painter, rect: QRect, logical: int) -> None:
        if self.strip:
            rect = QRect(rect.x(), rect.y(), rect.width() - self.strip, rect.height())
        super().paintSection(painter, rect, logical)


class FrozenColumnTableView(QTableView):
    def __init__(self, parent: QWidget | None = None):
        self._frozen_section = -1
        self._frozen_width = 0
        self._user_hidden: set[int] = set()
        self._laying_out = False
        self._sized_by_user = False
        self._laid_out: tuple | None = None   # the geometry key of the last layout (_geometry_key)
        # whether the owner sizes a column itself (a grid's label columns sharing their room beside a chart)
        self.keeps_width: Callable[[int], bool] = lambda _section: False
        self._frozen_most = MAX_FROZEN_WIDTH   # the frozen column's widest fit (fit_frozen widens it while all fits)
        super().__init__(parent)
        self.setVerticalHeader(RowNumbers(self))
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenColumn")
        self.frozen.setHorizontalHeader(SortingHeader(self.frozen))
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.frozen.horizontalHeader().setHighlightSections(True)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setWordWrap(False)
        self.frozen.setAlternatingRowColors(True)
        self.frozen.setFrameShape(QFrame.Shape.NoFrame)
        # the line between the strip and the rest, over the strip's last pixels
        self.frozen_edge = QWidget(self, objectName="frozenEdge")
        self.frozen_edge.setBackgroundRole(QPalette.ColorRole.Mid)
        self.frozen_edge.setAutoFillBackground(True)
        self.frozen_edge.hide()
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().sectionMoved.connect(lambda *_: self.refresh_frozen())
        self.verticalHeader().sectionResized.connect(self._on_row_resized)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.horizontalHeader().sectionClicked.connect(self._forward_click)
        self.frozen.horizontalHeader().sectionResized.connect(self._on_frozen_resized)
        self.frozen.doubleClicked.connect(self.doubleClicked)
        self.frozen.hide()


    def setModel(self, model: QAbstractItemModel) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self._on_reset)
        model.layoutChanged.connect(self._lay_out_now)
        if hasattr(model, "marks_changed"):   # a title's sort or filter mark: those sections of both headers
            model.marks_changed.connect(self._on_marks_changed)
        self.refresh_frozen()

    def _on_marks_changed(self, first: int, last: int) -> None:
        for header in (self.horizontalHeader(), self.frozen.horizontalHeader()):
            header.headerDataChanged(Qt.Orientation.Horizontal, first, last)
        if first == last:   # one title took or lost a mark (a click); all of them: a new query's titles, sized anew
            self._widen_for_mark(first)

    def _widen_for_mark(self, section: int) -> None:
        """A column whose title took a sort or filter mark widens until the title shows whole, in bold too (as
        its header draws it while a cell of it is selected): sized before the mark, "合计 Patents (all types) ▼"
        read "合计 Patents (all type…" under a select-all. Never narrowed: a wider column stays as it is; a column
        the owner `keeps_width` of (a grid's label columns sharing their room beside a chart) is left as it is."""
        if self.keeps_width(section) or (section != self._frozen_section and self.isColumnHidden(section)):
            return
        frozen = section == self._frozen_section and section >= 0
        header = (self.frozen if frozen else self).horizontalHeader()
        need = header.sectionSizeHint(section)   # Qt measures a title in bold
        if frozen:
            if self._frozen_width < min(need, MAX_FROZEN_WIDTH):
                self._set_frozen_width(min(need, MAX_FROZEN_WIDTH))
                self.updateGeometries()
        elif header.sectionSize(section) < min(need, header.maximumSectionSize()):
            header.resizeSection(section, min(need, header.maximumSectionSize()))

    # --- the user's columns, apart from the frozen one's place ---------------------------------
    def setColumnHidden(self, column: int, hide: bool) -> None:
        if hide:
            self._user_hidden.add(column)
        else:
            self._user_hidden.discard(column)
        super().setColumnHidden(column, hide or column == self._frozen_section)

    def isColumnHidden(self, column: int) -> bool:
        return column in self._user_hidden

    def _lay_out_now(self, *_args) -> None:
        """New rows are laid out at once, not on the delayed-layout timer Qt starts: the timer fires after the
        paint already asked for (the header's new sort mark), so the rows took a second pass of painting."""
        self.executeDelayedItemsLayout()
        self.frozen.executeDelayedItemsLayout()

    def _on_reset(self) -> None:
        self._lay_out_now()
        self._frozen_most = MAX_FROZEN_WIDTH
        self._user_hidden = {c for c in self._user_hidden if c < (self.model().columnCount() if self.model() else 0)}
        self._sized_by_user = False
        self.refresh_frozen()

    def frozen_section(self) -> int:
        """The logical index of the column kept in place: the region name if shown, else the first visible."""
        header = self.horizontalHeader()
        model = self.model()
        visible = [header.logicalIndex(v) for v in range(header.count())
                   if header.logicalIndex(v) not in self._user_hidden]
        if not visible:
            return -1
        for logical in visible:
            column = model.headerData(logical, Qt.Orientation.Horizontal, COLUMN_ROLE) if model else None
            if column is not None and getattr(column, "role", None) is Role.NAME:
                return logical
        return visible[0]

    def refresh_frozen(self) -> None:
        model = self.model()
        if model is None or model.columnCount() == 0:
            self._frozen_section = -1
            self.frozen.hide()
            self.frozen_edge.hide()
            self.updateGeometries()
            return
        previous = self._frozen_section
        self._frozen_section = self.frozen_section()
        if previous != self._frozen_section:
            self._sized_by_user = False
            self._frozen_most = MAX_FROZEN_WIDTH
        for col in range(model.columnCount()):
            self.frozen.setColumnHidden(col, col != self._frozen_section)
            QTableView.setColumnHidden(self, col, col in self._user_hidden or col == self._frozen_section)
        self.frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        if self._frozen_section >= 0:
            if not self._sized_by_user:
                rows = self.frozen.horizontalHeader().resizeContentsPrecision()
                want = fit_width(self.frozen, self._frozen_section, rows)
                self._set_frozen_width(min(self._frozen_most, max(60, want)))
            self.frozen.show()
        else:
            self.frozen.hide()
        self.frozen_edge.setVisible(self.frozen.isVisibleTo(self))
        self.updateGeometries()

    def refit_frozen(self) -> None:
        """The frozen column fitted to its text again, whatever width it was given (another column is frozen now:
        with English names the English name column in place of the Chinese, at the Chinese one's width)."""
        self._sized_by_user = False
        self._frozen_most = MAX_FROZEN_WIDTH
        self.refresh_frozen()

    def fit_frozen(self, width: int) -> None:
        """The frozen column `width` wide, past MAX_FROZEN_WIDTH, as fitted (not a width of the user's): its owner
        gives it room the viewport has left, where nothing scrolls under it."""
        self._frozen_most = max(MAX_FROZEN_WIDTH, width)
        self._set_frozen_width(width)
        self.updateGeometries()

    def _set_frozen_width(self, width: int) -> None:
        self._frozen_width = width
        header = self.frozen.horizontalHeader()
        header.blockSignals(True)
        self.frozen.setColumnWidth(self._frozen_section, width)
        header.blockSignals(False)

    def frozen_width(self) -> int:
        return self._frozen_width if self._frozen_section >= 0 else 0

    def _forward_click(self, logical: int) -> None:
        self.horizontalHeader().sectionClicked.emit(logical)

    def _on_frozen_resized(self, logical: int, _old: int, new: int) -> None:
        if logical == self._frozen_section:
            self._sized_by_user = True
            self._frozen_width = new
            self.updateGeometries()

    def _on_row_resized(self, logical: int, _old: int, new: int) -> None:
        self.frozen.setRowHeight(logical, new)

    def columnWidth(self, column: int) -> int:
        if column == self._frozen_section and column >= 0:
            return self._frozen_width
        return super().columnWidth(column)

    def setColumnWidth(self, column: int, width: int) -> None:
        if column == self._frozen_section and column >= 0:
            self._sized_by_user = True
            self._set_frozen_width(width)
            self.updateGeometries()
            return
        super().setColumnWidth(column, width)

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if index.column() == self._frozen_section:
            self.frozen.scrollTo(index, hint)
            self.verticalScrollBar().setValue(self.frozen.verticalScrollBar().value())
            return
        super().scrollTo(index, hint)

    # --- geometry: the strip left of the viewport ---------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.updateGeometries()

    def _keep_frozen_on_top(self) -> None:
        """Above the row numbers and the corner button it covers, raised only when under one of them: each
        raise changes the stacking order, and a change of it repaints the whole view."""
        for strip in (self.frozen, self.frozen_edge):   # the edge last: above the strip too
            kids = self.children()
            above = kids[kids.index(strip) + 1:]
            if any(isinstance(w, (QHeaderView, QAbstractButton)) or w is self.frozen for w in above):
                strip.raise_()

    def updateGeometries(self) -> None:
        """Qt's headers and margins, then room on the left for the frozen column and its header."""
        if not hasattr(self, "frozen"):
            super().updateGeometries()
            return
        if self._laying_out:     # the viewport moved by our own margins: the outer call finishes the layout
            return
        # Qt sets the viewport margins again on every call, and setting them, even to what they are, repaints the
        # whole frame: both headers, the row numbers and the scroll bars, on every sort and every new sort mark.
        # When nothing the layout reads has changed, the layout stands as it is.
        key = self._geometry_key()
        if key == self._laid_out:
            return
        self._laying_out = True
        try:
            width = self.frozen_width()
            numbers = self.verticalHeader()
            shown = not numbers.isHidden()
            if isinstance(numbers, RowNumbers):
                numbers.strip = width if shown else 0
            header = self.horizontalHeader()
            # the frozen column's title stands in the header's height: with no other column shown (a one-column
            # console result) Qt's header asked for none, and the strip's title went with it
            least = self.frozen.horizontalHeader().sizeHint().height() if width else 0
            if header.minimumHeight() != least:
                header.setMinimumHeight(least)
            super().updateGeometries()
            if not shown or not isinstance(numbers, RowNumbers):   # no row numbers to widen: margins of our own
                margins = self.viewportMargins()
                if margins.left() != width:
                    self.setViewportMargins(width, margins.top(), margins.right(), margins.bottom())
                viewport = self.viewport().geometry()
                header.setGeometry(viewport.left(), header.geometry().top(), viewport.width(), header.height())
            viewport = self.viewport().geometry()
            if width:
                self.frozen.horizontalHeader().setFixedHeight(header.height())
                self.frozen.setGeometry(viewport.left() - width, header.geometry().top(), width,
                                        viewport.height() + header.height())
                self.frozen_edge.setGeometry(viewport.left() - 1, header.geometry().top(), 1,
                                             viewport.height() + header.height())
                self._keep_frozen_on_top()
        finally:
            self._laying_out = False
        self._laid_out = self._geometry_key()

    def _geometry_key(self) -> tuple:
        """What Qt's updateGeometries and the frozen strip are laid out from: sizes, headers and section lengths."""
        rows, columns = self.verticalHeader(), self.horizontalHeader()
        margins = self.viewportMargins()
        return (self.size(), self.frameWidth(), self.viewport().size(), self.frozen_width(),
                (margins.left(), margins.top(), margins.right(), margins.bottom()),
                rows.isHidden(), rows.sizeHint().width(), rows.minimumWidth(), rows.maximumWidth(), rows.count(),
                rows.length(), columns.isHidden(), columns.sizeHint().height(), columns.minimumHeight(),
                columns.maximumHeight(), columns.count(), columns.length(),
                self.horizontalScrollMode(), self.verticalScrollMode(), self.model() is not None)
