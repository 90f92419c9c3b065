"""A combo box that ends its shown text in an ellipsis when cut, and says the whole text in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter

WIDEST_CHARS = 60   # a size hint never asks for more than this many average characters


class ElidedCombo(QComboBox):
    """A combo box whose shown text ends in an ellipsis when cut ("Domestic patent applicat" read as whole).

    Sized by its minimum contents length, it asks for room for its longest item all the same: its
    minimum is the short width, its size hint the whole text, so a wide window shows every choice in
    full ("One kind of …" at 1920 px) and a narrow one cuts it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._items_width: int | None = None   # the widest item's text (and icon), measured once per change
        # the size hint follows the items; Qt re-asks only when told (its own policy here caches nothing)
        self._follow(self.model())

    def setModel(self, model) -> None:
        super().setModel(model)
        self._follow(model)
        self._items_changed()

    def _follow(self, model) -> None:
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(self._items_changed)

    def _items_changed(self, *_args) -> None:
        self._items_width = None
        self.updateGeometry()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._items_width = None

    def items_width(self) -> int:
        """The room the widest item's text (and an icon, if any item has one) asks for, capped at WIDEST_CHARS
        average characters: measured when the items or the font change, not on each of the layout's asks."""
        if self._items_width is None:
            metrics = self.fontMetrics()
            text = max((metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
            text = min(text, metrics.averageCharWidth() * WIDEST_CHARS)
            if not self.iconSize().isEmpty() and any(not self.itemIcon(i).isNull() for i in range(self.count())):
                text += self.iconSize().width() + 4
            self._items_width = text
        return self._items_width

    def minimumSizeHint(self) -> QSize:
        if self.sizeAdjustPolicy() != QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon:
            return super().minimumSizeHint()
        return super().sizeHint()

    def sizeHint(self) -> QSize:
        short = super().sizeHint()
        if self.sizeAdjustPolicy() != QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon:
            return short
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        whole = self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                              QSize(self.items_width(), self.fontMetrics().height()), self)
        return QSize(max(short.width(), whole.width()), short.height())

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           field.width())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def follow_tooltip(self) -> None:
        """The tooltip names the current item in full (its tooltip role, else its text)."""
        def show(i: int) -> None:
            self.setToolTip(self.itemData(i, Qt.ItemDataRole.ToolTipRole) or self.itemText(i))
        self.currentIndexChanged.connect(show)
