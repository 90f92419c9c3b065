"""A plain reader of the report text that opens at a line and highlights it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget


class ReportTextView(QWidget):
    """The report as extracted, line-numbered, for checking a value against its source."""

    def __init__(self, report_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportText")
        layout = QVBoxLayout(self)
        self.where = QLabel(objectName="reportWhere")
        layout.addWidget(self.where)
        self.text = QPlainTextEdit(readOnly=True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        try:
            self.text.setPlainText(Path(report_path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:   # the tables still work from the database
            self.text.setPlainText(self.tr("The report text cannot be read: {error}").format(error=exc))
        layout.addWidget(self.text)
        self.current_line = 0

    def show_line(self, line: int) -> None:
        """Scroll to 1-based `line` and highlight it."""
        block = self.text.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor("#fff3b0"))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = cursor
        self.text.setExtraSelections([selection])
        self.current_line = line
        self.where.setText(self.tr("Report line {line}: {text}").format(line=line, text=block.text()[:80]))

    def highlighted_text(self) -> str:
        return self.text.textCursor().block().text()
