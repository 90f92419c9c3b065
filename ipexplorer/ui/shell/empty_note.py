"""Words over a list that shows nothing: why it is empty and what to do, in place of a blank white area.

The grid has its own empty state (ui/grid/sql_grid: its words come from ui/grid/empty_state, with a Clear
filters button); this is the same look for the plain lists beside it (search hits, the region list).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel

MARGIN = 16   # px between the words and the list's edges


class EmptyNote(QLabel):
    """A centred, wrapped note over `view`'s viewport, shown while it has words (`say("")` hides it)."""

    def __init__(self, view: QAbstractScrollArea, object_name: str = "emptyNote"):
        super().__init__(view.viewport(), objectName=object_name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)   # a query's text is shown as typed, never as markup
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)   # as the grid's empty state
        self.setFont(font)
        self.hide()
        view.viewport().installEventFilter(self)

    def say(self, text: str) -> None:
        self.setText(text)
        self._fit()
        self.setVisible(bool(text))

    def _fit(self) -> None:
        room = self.parentWidget().rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        self.setGeometry(room.x(), room.y(), room.width(), max(self.heightForWidth(room.width()), room.height() // 2))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self._fit()
        return False
