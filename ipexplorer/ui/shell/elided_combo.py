"""A combo box that ends its shown text in an ellipsis when cut, and says the whole text in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter


class ElidedCombo(QComboBox):
    """A combo box whose shown text ends in an ellipsis when cut ("Domestic patent applicat" read as whole)."""

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
