"""A tool button that opens its menu at once, its words clear of the menu's arrow.

Qt's QToolButton in the InstantPopup mode draws the menu arrow in its lower right corner but centres its words
in the whole button, so the arrow sat on the last letter ("Options⌄", "Region kind⌄"). This button centres its
words in the part left of the arrow: they move a few pixels left, into their own margin, and the button keeps
its width (a wider one pushed the Charts pane's Export onto a row of its own beside the table at 1280 px).
"""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QStyleOptionToolButton, QStylePainter, QToolButton


class MenuButton(QToolButton):
    """A QToolButton in the InstantPopup mode whose words keep clear of its menu arrow."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def arrow_room(self) -> int:
        """The width kept clear for the style's menu arrow at the button's right (none without a menu)."""
        if self.menu() is None or self.popupMode() != QToolButton.ToolButtonPopupMode.InstantPopup:
            return 0
        # Fusion's arrow is PM_MenuButtonIndicator - 6 wide, 2 px in from the edge
        return max(0, self.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, self) - 6)

    def label_rect(self, option: QStyleOptionToolButton):
        """Where the words are drawn: the button's face less its frame, and less the arrow's room on the right."""
        style = self.style()
        rect = style.subControlRect(QStyle.ComplexControl.CC_ToolButton, option,
                                    QStyle.SubControl.SC_ToolButton, self)
        frame = style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, self)
        return rect.adjusted(frame, frame, -frame - self.arrow_room(), -frame)

    def paintEvent(self, event) -> None:
        room = self.arrow_room()
        if not room:
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        label = QStyleOptionToolButton(option)
        option.text = ""                 # the face and the arrow, without the words
        option.icon = QIcon()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option)
        label.rect = self.label_rect(label)
        if label.state & (QStyle.StateFlag.State_Sunken | QStyle.StateFlag.State_On):
            style = self.style()
            label.rect.translate(style.pixelMetric(QStyle.PixelMetric.PM_ButtonShiftHorizontal, label, self),
                                 style.pixelMetric(QStyle.PixelMetric.PM_ButtonShiftVertical, label, self))
        painter.drawControl(QStyle.ControlElement.CE_ToolButtonLabel, label)
