"""A plain reader of the report text that opens at a line and highlights it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from ipexplorer.ui.shell import theme


class _LineNumbers(QWidget):
    """The gutter of report line numbers beside the raw text (the numbers every "report line N" cites)."""

    def __init__(self, editor: NumberedText):
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:
        self.editor.paint_gutter(self, event)


class NumberedText(QPlainTextEdit):
    """Read-only plain text with line numbers in a gutter on the left."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.gutter = _LineNumbers(self)
        self.blockCountChanged.connect(lambda _n: self.setViewportMargins(self.gutter_width(), 0, 0, 0))
        self.updateRequest.connect(self._on_update)
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * digits

    def _on_update(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        r = self.contentsRect()
        self.gutter.setGeometry(QRect(r.left(), r.top(), self.gutter_width(), r.height()))

    def paint_gutter(self, gutter: QWidget, event) -> None:
        painter = QPainter(gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                painter.drawText(0, top, gutter.width() - 6, height, Qt.AlignmentFlag.AlignRight,
                                 str(block.blockNumber() + 1))
            block = block.next()
            top = bottom
        painter.end()


class ReportTextView(QWidget):
    """The report as extracted, line-numbered, for checking a value against its source."""

    def __init__(self, report_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportText")
        layout = QVBoxLayout(self)
        self.where = QLabel(objectName="reportWhere")
        layout.addWidget(self.where)
        self.text = NumberedText()
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report_path = Path(report_path)
        self._loaded = False      # the text is read when first shown (a few MiB the reader may never need)
        layout.addWidget(self.text)
        self.current_line = 0

    def set_report(self, report_path: Path) -> None:
        """Show another report file (another edition's): read when next shown."""
        if Path(report_path) == self.report_path:
            return
        self.report_path = Path(report_path)
        self._loaded = False
        self.text.clear()
        if self.isVisible():
            self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            self.text.setPlainText(self.report_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:   # the tables still work from the database
            self.text.setPlainText(self.tr("The report text cannot be read: {error}").format(error=exc))

    def showEvent(self, event) -> None:
        self.ensure_loaded()
        super().showEvent(event)

    def show_line(self, line: int) -> int:
        """Scroll to 1-based `line` and highlight it; a line past the end is the last one. Returns the line shown."""
        self.ensure_loaded()
        line = max(1, min(line, self.text.document().blockCount()))
        block = self.text.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()
        selection = QTextEdit.ExtraSelection()
        background, text = theme.highlight_colors("line")
        selection.format.setBackground(background)
        selection.format.setForeground(text)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = cursor
        self.text.setExtraSelections([selection])
        self.current_line = line
        self.where.setText(self.tr("Report line {line}: {text}").format(line=line, text=block.text()[:80]))
        return line

    def highlighted_text(self) -> str:
        self.ensure_loaded()
        return self.text.textCursor().block().text()
