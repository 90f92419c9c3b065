"""Radio buttons and check boxes whose ring reads on the window, enabled or greyed.

Fusion draws a radio button's circle and a check box's square in a shade a little darker than the window
(PE_IndicatorRadioButton: window.darker(150); PE_IndicatorCheckBox: window.darker(140).lighter(110)): on the
dark window a greyed choice of the Export dialog was a dark disc on a dark ground, 1.7:1. These widgets let Fusion
draw, then go over the ring (and a greyed radio button's dot) in the theme's indicator colours, on the same
geometry, so nothing else of the style changes.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QRadioButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
)

from ipexplorer.ui.shell import theme


def _option(button: QRadioButton | QCheckBox) -> QStyleOptionButton:
    option = QStyleOptionButton()
    button.initStyleOption(option)
    return option


def _keyboard_focus(option: QStyleOptionButton) -> bool:
    """Fusion rings a focused indicator in the highlight colour: that ring is left as it is."""
    state = option.state
    return bool(state & QStyle.StateFlag.State_HasFocus and state & QStyle.StateFlag.State_KeyboardFocusChange)


class RadioButton(QRadioButton):
    """A QRadioButton whose circle is ringed in theme.indicator_ring (3:1 on the window, greyed or not)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        option = _option(self)
        if _keyboard_focus(option):
            return
        rect = self.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, option, self)
        # Fusion's circle: centred a pixel right of and below the rect's centre, of this radius
        center = QPointF(rect.center()) + QPointF(1, 1)
        radius = (rect.width() + (rect.width() + 1) % 2) / 2.0 - 1
        ring = theme.indicator_ring(self.isEnabled())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        circle = QPainterPath()
        circle.addEllipse(center, radius, radius)
        painter.setPen(QPen(ring))
        painter.drawPath(circle)
        if self.isChecked() and not self.isEnabled():   # Fusion's greyed dot, text.darker(120) at 70 %, was 2.9:1
            dot = QPainterPath()
            dot.addEllipse(center, radius / 2.32, radius / 2.32)
            painter.setPen(QPen(ring))
            painter.setBrush(ring)
            painter.drawPath(dot)
        painter.end()


def _ring_square(painter: QPainter, rect: QRect, enabled: bool) -> None:
    """Fusion's square of a check box (half a pixel in, a pixel narrower and shorter than `rect`), ringed."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(0.5, 0.5)
    painter.setPen(QPen(theme.indicator_ring(enabled)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(rect.adjusted(0, 0, -1, -1)))
    painter.restore()


class CheckBox(QCheckBox):
    """A QCheckBox whose square is ringed in theme.indicator_ring (3:1 on the window, greyed or not)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        option = _option(self)
        if _keyboard_focus(option):
            return
        rect = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, self)
        painter = QPainter(self)
        _ring_square(painter, rect, self.isEnabled())
        painter.end()


class RingedCheckDelegate(QStyledItemDelegate):
    """An item view's check boxes ringed like CheckBox's (the Export dialog's list of tables, greyed until
    "Several report tables" is chosen, showed its boxes as dark squares on the dark list)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        if index.data(Qt.ItemDataRole.CheckStateRole) is None:
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is None:
            return
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, item, widget)
        _ring_square(painter, rect, bool(option.state & QStyle.StateFlag.State_Enabled))
