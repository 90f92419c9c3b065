"""The Overview (start page): the year's headline figures as cards, the data checks, ways in.

Each card shows a figure as the report prints it (149.7 万件), its change on the year, and a link
to the sentence it comes from. The checks box says what the build verified: the tables' sums,
and the narrative's figures compared with the tables, listing any disagreement with its line.
"""

from __future__ import annotations

import html
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.query.numbers import format_value
from ipexplorer.query.profiles import CheckSummary, HeadlineCard, Overview, overview, province_ranking
from ipexplorer.ui.pane import Pane
from ipexplorer.ui.runner import Runner
from ipexplorer.ui.shell import i18n, theme

if TYPE_CHECKING:
    from ipexplorer.ui.pane import PaneContext

log = logging.getLogger(__name__)

GRAY = "#808080"
CARD_WIDTH = 250      # a card's least comfortable width; the grid fits as many columns as it can
# the panes the start page leads to: (key, Chinese, English, what it holds)
ENTRY_POINTS = (
    ("tables",
     QT_TRANSLATE_NOOP("OverviewPane", "Tables"),
     QT_TRANSLATE_NOOP("OverviewPane", "The appendix's 12 tables and the in-text tables: sort, filter, export")),
    ("charts",
     QT_TRANSLATE_NOOP("OverviewPane", "Charts"),
     QT_TRANSLATE_NOOP("OverviewPane", "Compare regions in charts")),
    ("timeline",
     QT_TRANSLATE_NOOP("OverviewPane", "Timeline"),
     QT_TRANSLATE_NOOP("OverviewPane", "The year's events")),
    ("search",
     QT_TRANSLATE_NOOP("OverviewPane", "Search"),
     QT_TRANSLATE_NOOP("OverviewPane", "Full-text search of the report")),
    ("regions",
     QT_TRANSLATE_NOOP("OverviewPane", "Regions"),
     QT_TRANSLATE_NOOP("OverviewPane", "Province, city and country profiles")),
    ("sql",
     QT_TRANSLATE_NOOP("OverviewPane", "SQL console"),
     QT_TRANSLATE_NOOP("OverviewPane", "Read-only SQL on the tables and the documented views")),
    ("report",
     QT_TRANSLATE_NOOP("OverviewPane", "Report text"),
     QT_TRANSLATE_NOOP("OverviewPane", "The report's text with its outline, every figure's source line")),
)
# English names of the report's units; the Chinese interface shows them as printed
UNITS_EN = {"件": "", "个": "", "元": "yuan", "%": "%", "人": "people", "家": "", "个月": "months", "分": "points",
            "pp": "pp", "项": "", "次": "times", "名": "people"}


translate = QCoreApplication.translate


def value_text(card: HeadlineCard) -> tuple[str, str]:
    """The number and unit to show: as printed (149.7, 万件) in Chinese; 1.50 million in English."""
    if i18n.is_chinese():
        return card.number_text, card.unit_text
    value, unit = card.value, UNITS_EN.get(card.unit, card.unit)
    if card.unit in ("%", "pp") or abs(value) < 100_000:   # 72,000, never "0.072 million"
        number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.10g}"
    elif abs(value) >= 1e9:
        number, unit = f"{value / 1e9:,.3g}", f"billion {unit}".strip()
    else:
        number, unit = f"{value / 1e6:,.3g}", f"million {unit}".strip()
    return number, unit


def change_text(card: HeadlineCard, palette: str = "light") -> tuple[str, str]:
    """'▲ 6.9%' or '▼ 10.1 percentage points' and its colour in the named palette (theme's signed colours);
    a quiet dash when the report gives no change."""
    if card.change_value is None:
        return "—", GRAY
    up = card.change_value >= 0
    unit = "%" if card.change_unit == "%" else " " + translate("OverviewPane", "percentage points")
    return f"{'▲' if up else '▼'} {abs(card.change_value):g}{unit}", theme.signed_color(up, palette).name()


def _plain_label(text: str, *, color: str | None = None, point_size: float | None = None, weight=None,
                 object_name: str = "") -> QLabel:
    """A label of plain text in its own colour and font: a rich-text label builds a text document of its own,
    and twelve cards of five such labels were most of the Overview's first switch (issue #19)."""
    label = QLabel(text, objectName=object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if color is not None:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
        label.setPalette(palette)
    if point_size is not None or weight is not None:
        font = label.font()
        if point_size is not None:
            font.setPointSizeF(point_size)
        if weight is not None:
            font.setWeight(weight)
        label.setFont(font)
    return label


class SourceLink(QLabel):
    """A link of plain text ('Source: report line 1578') in the palette's link colour: click, Enter or Space
    emits `linkActivated` with its href, as a rich-text label's link does, without a text document."""

    def __init__(self, text: str, href: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.href = href
        self.setTextFormat(Qt.TextFormat.PlainText)
        font = self.font()
        font.setUnderline(True)
        self.setFont(font)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def paintEvent(self, event) -> None:   # the link colour of the palette in use (it follows a theme switch)
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Link))
        painter.drawText(self.contentsRect(), int(self.alignment()), self.text())
        if self.hasFocus():
            painter.setPen(self.palette().color(QPalette.ColorRole.Highlight))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.linkActivated.emit(self.href)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.linkActivated.emit(self.href)
        else:
            super().keyPressEvent(event)


class HeadlineCardWidget(QFrame):
    """One figure: label, big number with its printed unit, change, and a link to the source line.

    Plain-text labels in their own fonts, and the card's rounded box painted here in the palette's colours
    (a style sheet on the grid re-polished every label of every card)."""

    open_line = Signal(int)

    def __init__(self, card: HeadlineCard, parent: QWidget | None = None):
        super().__init__(parent)
        self.card = card
        self.setObjectName("headlineCard")
        self.setProperty("cardKey", card.key)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        first, second = (card.label_zh, card.label_en) if i18n.is_chinese() else (card.label_en, card.label_zh)
        self.label = _plain_label(first, weight=QFont.Weight.Bold, object_name="cardLabel")
        self.label.setToolTip(second)
        self.label.setProperty("i18nData", True)   # the card's name in both languages
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        # the figures at the card's foot: in a row beside a card whose name takes two lines they stand level
        # with its figures (a one-line name's number, change and source stood higher than its neighbour's)
        layout.addStretch(1)
        value = QHBoxLayout()
        value.setSpacing(4)
        qualifier = (card.qualifier or "") if i18n.is_chinese() else ""
        number, unit = value_text(card)
        self.value_label = _plain_label(number, point_size=24, weight=QFont.Weight.DemiBold, object_name="cardValue")
        self.unit_label = _plain_label(f"{unit}{qualifier}", point_size=12, object_name="cardUnit")
        value.addWidget(self.value_label, 0, Qt.AlignmentFlag.AlignBaseline)
        value.addWidget(self.unit_label, 0, Qt.AlignmentFlag.AlignBaseline)
        value.addStretch(1)
        layout.addLayout(value)
        change = QHBoxLayout()
        change.setSpacing(4)
        text, color = change_text(card, theme.palette_name())
        self.change_label = _plain_label(text, color=color, object_name="cardChange")
        if card.change_value is not None:
            font = self.change_label.font()
            font.setWeight(QFont.Weight.DemiBold)
            self.change_label.setFont(font)
        change.addWidget(self.change_label)
        if card.change_value is not None:
            self.since_label = _plain_label(translate("OverviewPane", "on the year before"), color=GRAY,
                                            object_name="cardSince")
            change.addWidget(self.since_label)
        change.addStretch(1)
        layout.addLayout(change)
        self.source_link = SourceLink(self.tr("Source: report line {line}").format(line=card.line),
                                      f"line:{card.line}", self)
        self.source_link.setObjectName("cardSource")
        self.source_link.linkActivated.connect(lambda _link: self.open_line.emit(card.line))
        layout.addWidget(self.source_link)
        self.setToolTip(f"<p>{html.escape(card.sentence)}</p><p style='color:gray'>{html.escape(card.section)}<br>"
                        f"{html.escape(card.raw_text)} = {card.value:,.10g} {html.escape(card.unit)}</p>")

    def apply_palette(self, name: str) -> None:
        """The change in the named palette's signed colour (readable on that palette's card)."""
        if self.card.change_value is None:
            return
        color = theme.signed_color(self.card.change_value >= 0, name)
        palette = self.change_label.palette()
        if palette.color(QPalette.ColorRole.WindowText) != color:
            palette.setColor(QPalette.ColorRole.WindowText, color)
            self.change_label.setPalette(palette)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        painter.end()


class EntryButton(QPushButton):
    """A way into a pane: its name left-aligned with room around it, drawn without a style sheet (one per button
    polished each, and their labels with them, before the Overview's first frame)."""

    PADDING = 10

    def sizeHint(self):
        from PySide6.QtCore import QSize

        hint = super().sizeHint()
        return QSize(hint.width() + self.PADDING, max(hint.height(), self.fontMetrics().height() + 16))

    def minimumSizeHint(self):
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        from PySide6.QtWidgets import QStyle, QStyleOptionButton, QStylePainter

        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.drawText(self.rect().adjusted(self.PADDING, 0, -self.PADDING, 0),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.text())


def _read(conn: sqlite3.Connection) -> tuple[Overview, list | None]:
    """The cards, checks and counts, and the provinces' ranking (None when only that query fails)."""
    data = overview(conn)
    try:
        ranking = province_ranking(conn)
    except sqlite3.Error as exc:
        log.warning("province chart query failed: %s", exc)
        ranking = None
    return data, ranking


class OverviewPane(QWidget, Pane):
    """The start page; it reads the database once, when built, through its runner (off the GUI thread)."""

    open_report_line = Signal(int)
    show_pane = Signal(str)
    open_region = Signal(str)      # a bar of the provinces' chart: that region's profile
    loaded = Signal()              # the cards, checks and chart are filled

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("overviewPane")
        self.db_path = Path(db_path)
        self.cards: list[HeadlineCardWidget] = []
        self.data: Overview | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(objectName="overviewScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        page = QWidget(objectName="overviewPage")
        scroll.setWidget(page)
        self.page_layout = QVBoxLayout(page)
        self.page_layout.setContentsMargins(18, 14, 18, 14)
        self.page_layout.setSpacing(12)
        self.title = QLabel(objectName="overviewTitle")
        self.title.setWordWrap(True)
        self._show_title(())   # the report's year once the figures arrive
        self.page_layout.addWidget(self.title)
        self.grid_holder = QWidget(objectName="cardGrid")
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(10)
        self.page_layout.addWidget(self.grid_holder)
        lower = QHBoxLayout()
        lower.setSpacing(12)
        self.checks_box = QGroupBox(self.tr("Data checks"), objectName="checksBox")
        checks_layout = QVBoxLayout(self.checks_box)
        self.checks_label = QLabel(objectName="checksText")
        self.checks_label.setProperty("i18nData", True)   # quotes the report's figures and measures
        self.checks_label.setWordWrap(True)
        self.checks_label.setTextFormat(Qt.TextFormat.RichText)
        self.checks_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.checks_label.linkActivated.connect(self._on_link)
        checks_layout.addWidget(self.checks_label)
        lower.addWidget(self.checks_box, 3)
        self.entry_box = QGroupBox(self.tr("Explore"), objectName="entryBox")
        entry_layout = QVBoxLayout(self.entry_box)
        self.entry_buttons: dict[str, QPushButton] = {}
        for key, label, what in ENTRY_POINTS:
            label, what = self.tr(label), self.tr(what)
            button = EntryButton(label, objectName=f"enter_{key}")
            button.setToolTip(what)
            button.clicked.connect(lambda _=False, k=key: self.show_pane.emit(k))
            row = QHBoxLayout()
            row.addWidget(button)
            hint = _plain_label(what, color=GRAY)
            hint.setWordWrap(True)
            row.addWidget(hint, 1)
            entry_layout.addLayout(row)
            self.entry_buttons[key] = button
        entry_layout.addStretch(1)
        lower.addWidget(self.entry_box, 2)
        self.page_layout.addLayout(lower)
        self.provinces_box = QGroupBox(self.tr("Patent applications by province (Table 1)"),
                                       objectName="provincesBox")
        self.province_bars = ProvinceBars(self.provinces_box)
        self.province_bars.clicked.connect(self.open_region)
        QVBoxLayout(self.provinces_box).addWidget(self.province_bars)
        self.page_layout.addWidget(self.provinces_box, 1)
        self._columns = 0
        self.runner = Runner(self.db_path, self, name="ipexplorer-overview")
        self.load()

    def load(self) -> None:
        """Ask for the page's figures; the cards appear when they arrive."""
        self.runner.submit(_read, channel="overview", done=self._on_read, failed=self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        """An old database: say so on the page rather than fail the window."""
        log.warning("overview query failed: %s", exc)
        self.checks_label.setText(html.escape(self.tr("Cannot read the data: {error}").format(error=exc)))

    def _show_title(self, editions: tuple[int, ...]) -> None:
        """The latest report's year in the title; the years of every report the database holds below it."""
        from ipexplorer.query.chart_data import editions_text

        if not editions:
            head, sub = self.tr("CNIPA Annual Report"), self.tr("The year's headline figures, from the report's text")
        else:
            head = self.tr("CNIPA Annual Report {year}").format(year=editions[-1])
            sub = self.tr("The year's headline figures, from the report's text")
            if len(editions) > 1:
                sub = self.tr("The {year} report's headline figures, from its text · reports of {years} in this "
                              "database").format(year=editions[-1], years=editions_text(editions))
        self.title.setText(f"<span style='font-size:18pt; font-weight:600'>{html.escape(head)}</span><br>"
                           f"<span style='color:gray'>{html.escape(sub)}</span>")

    def _on_read(self, result: tuple[Overview, list | None]) -> None:
        self.data, ranking = result
        self._show_title(self.data.editions)
        if self.data.chart_year is not None:
            self.provinces_box.setTitle(self.tr("Patent applications by province, {year} (Table 1)").format(
                year=self.data.chart_year))
        self.cards = []
        for card in self.data.cards:
            widget = HeadlineCardWidget(card, self.grid_holder)
            widget.open_line.connect(self.open_report_line)
            self.cards.append(widget)
        self._relayout(force=True)
        self.checks_label.setText(checks_html(self.data.checks, theme.palette_name()))
        if ranking is not None:
            self.province_bars.set_rows(ranking)
        counts = self.data.counts
        extra = {"tables": self.tr("{tables} tables · {values} values").format(
                     tables=counts["tables"], values=f"{counts['values']:,}"),
                 "timeline": (self.tr("{count} events in {editions} editions").format(
                     count=counts["events"], editions=counts["event_editions"]) if counts["event_editions"] > 1
                     else self.tr("{count} events").format(count=counts["events"])),
                 "regions": self.tr("{count} regions").format(count=counts["regions"]),
                 "search": self.tr("{count} paragraphs").format(count=f"{counts['paragraphs']:,}")}
        for key, text in extra.items():
            self.entry_buttons[key].setText(f"{self.entry_buttons[key].text()}  ·  {text}")
        self.loaded.emit()

    def shutdown(self) -> None:
        self.runner.shutdown()

    def apply_palette(self, name: str) -> None:
        """The cards' changes and the checks' marks in the new palette's signed and warning colours."""
        super().apply_palette(name)   # no grid today: Pane's default finds none
        for card in self.cards:
            card.apply_palette(name)
        if self.data is not None:
            self.checks_label.setText(checks_html(self.data.checks, name))

    def _relayout(self, force: bool = False) -> None:
        """As many card columns as fit (2 to 6), rows filled left to right and as even as the count allows."""
        width = self.width() - 40   # the page's margins and scroll bar; the grid follows the pane
        fit = max(2, min(6, width // CARD_WIDTH))
        rows = -(-len(self.cards) // fit) or 1
        columns = max(2, -(-len(self.cards) // rows))   # 12 cards where 5 fit: 4 × 3, not 5 + 5 + 2
        if columns == self._columns and not force:
            return
        self._columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for i in range(self.grid.columnCount()):
            self.grid.setColumnStretch(i, 0)
        for i, card in enumerate(self.cards):
            self.grid.addWidget(card, i // columns, i % columns)
        for i in range(columns):
            self.grid.setColumnStretch(i, 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _on_link(self, link: str) -> None:
        if link.startswith("line:"):
            self.open_report_line.emit(int(link.split(":", 1)[1]))

    def card(self, key: str) -> HeadlineCardWidget | None:
        return next((c for c in self.cards if c.card.key == key), None)


# what each flag rule of ipexplorer.report.figures means, in the interface language (its detail stays in English)
FLAG_NAMES = {
    "separator_with_scale": QT_TRANSLATE_NOOP("OverviewPane", "a thousands separator before 万/亿: a decimal point "
                                                              "may be meant"),
    "persons_over_10_million": QT_TRANSLATE_NOOP("OverviewPane", "more people than the context allows"),
    "percent_over_100": QT_TRANSLATE_NOOP("OverviewPane", "a share or rate above 100 %"),
    "score_over_100": QT_TRANSLATE_NOOP("OverviewPane", "a score above 100"),
    "fractional_count": QT_TRANSLATE_NOOP("OverviewPane", "a count that is not a whole number"),
}


def flag_text(flag: str) -> str:
    """The rules a figure broke, named in the interface language: 'a; b'."""
    names = [translate("OverviewPane", FLAG_NAMES[code]) for code in FLAG_NAMES if code in flag]
    return "; ".join(names) or flag


def checks_html(checks: CheckSummary, palette: str = "light") -> str:
    """The checks summary with a link to the line of every disagreement and flagged figure (its ✔ and ✘ in the
    named palette's signed colours, its ⚠ in the palette's warning colour)."""
    ok = checks.violations == 0
    good, bad = theme.signed_color(True, palette).name(), theme.signed_color(False, palette).name()
    warn = theme.warning_color(palette).name()
    identities = translate("OverviewPane",
                           "{identities} identities verified in {tables} tables, {violations} violations").format(
        identities=f"<b>{checks.identities:,}</b>", tables=checks.tables, violations=f"<b>{checks.violations}</b>")
    numbers = ", ".join(map(str, checks.failing_tables))
    failing = (" (" + translate("OverviewPane", "tables {numbers}").format(numbers=numbers) + ")"
               if checks.failing_tables else "")
    cross = translate("OverviewPane",
                      "{checks} figures of the text checked against the tables, {disagree} disagree").format(
        checks=f"<b>{checks.figure_checks}</b>", disagree=f"<b>{checks.disagreeing}</b>")
    lines = [
        f"<p><span style='color:{good if ok else bad}'>{'✔' if ok else '✘'}</span> {identities}{failing}</p>",
        f"<p><span style='color:{good if not checks.disagreeing else warn}'>"
        f"{'✔' if not checks.disagreeing else '⚠'}</span> {cross}</p>",
    ]
    line_text, table_text = translate("OverviewPane", "line {line}"), translate("OverviewPane", "table {number}")
    if checks.disagreements:
        items = "".join(
            f"<li><a href='line:{d.line}'>{html.escape(line_text.format(line=d.line))}</a> "
            f"{html.escape(d.measure_text)} <b>{html.escape(d.raw_text)}</b> ≠ "
            f"{html.escape(table_text.format(number=d.table_no))} {html.escape(d.region_zh)} "
            f"<b>{d.table_value:,.10g}</b></li>" for d in checks.disagreements)
        lines.append(f"<ul style='margin-top:0'>{items}</ul>")
    if checks.flagged:
        items = "".join(
            f"<li><a href='line:{f.line}'>{html.escape(line_text.format(line=f.line))}</a> "
            f"{html.escape(f.measure_text)} "
            f"<b>{html.escape(f.raw_text)}</b> — <span style='color:gray' title='{html.escape(f.flag, quote=True)}'>"
            f"{html.escape(flag_text(f.flag))}</span></li>"
            for f in checks.flagged)
        flagged = translate("OverviewPane", "Flagged figures ({count}):").format(count=len(checks.flagged))
        lines.append("<p>⚑ " + html.escape(flagged)
                     + "</p>"
                     f"<ul style='margin-top:0'>{items}</ul>")
    untouched = translate("OverviewPane", "Nothing is corrected: every value stays as printed.")
    lines.append("<p style='color:gray'>" + html.escape(untouched)
                 + "</p>")
    return "".join(lines)


class ProvinceBars(QWidget):
    """The provinces' patent applications as bars, drawn with QPainter (no plotting library on the start page).

    Two columns of bars fill the lower half of a tall window; a short one shows fewer rows, largest first.
    """

    clicked = Signal(str)
    ROW = 22

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("provinceBars")
        self.rows: list[tuple[str, str, float]] = []
        self.setMinimumHeight(self.ROW * 6)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_rows(self, rows: list[tuple[str, str, float]]) -> None:
        self.rows = rows
        self.setToolTip("\n".join(f"{zh} {en}: {format_value(v)}" for zh, en, v in rows[:10]))
        self.update()

    def sizeHint(self):
        from PySide6.QtCore import QSize

        return QSize(600, self.ROW * ((len(self.rows) + 1) // 2 + 1))

    def _grid(self) -> tuple[int, int, float]:
        columns = 2 if self.width() >= 700 else 1
        return columns, max(1, int(self.height() // self.ROW)), self.width() / columns

    def layout_rows(self) -> list[tuple[QRectF, int]]:
        """Where each shown bar's row is: two columns, as many rows as the height holds (the last slot says
        how many did not fit, when some did not)."""
        columns, per_column, width = self._grid()
        room = per_column * columns
        count = len(self.rows) if len(self.rows) <= room else room - 1
        return [(QRectF((i // per_column) * width, (i % per_column) * self.ROW, width - 12, self.ROW), i)
                for i in range(count)]

    def left_out(self) -> int:
        """How many of the rows the height could not show (named in the last slot)."""
        return len(self.rows) - len(self.layout_rows())

    def _more_text(self) -> str:
        return QCoreApplication.translate("OverviewPane", "… and {count} more (smaller)").format(
            count=self.left_out())

    def paintEvent(self, event) -> None:
        if not self.rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        bar = QColor("#4c78a8") if palette.color(QPalette.ColorRole.Window).lightness() >= 128 else QColor("#72a6e0")
        metrics = QFontMetrics(self.font())
        names = [zh if i18n.is_chinese() else en for zh, en, _v in self.rows]
        label_width = max(metrics.horizontalAdvance(n) for n in names) + 10
        number_width = metrics.horizontalAdvance(format_value(self.rows[0][2])) + 10
        top = self.rows[0][2] or 1
        for rect, i in self.layout_rows():
            name, value = names[i], self.rows[i][2]
            painter.setPen(text)
            painter.drawText(QRectF(rect.left(), rect.top(), label_width - 6, rect.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            room = max(10.0, rect.width() - label_width - number_width)
            length = room * value / top
            painter.fillRect(QRectF(rect.left() + label_width, rect.top() + 4, length, rect.height() - 8), bar)
            painter.drawText(QRectF(rect.left() + label_width + length + 4, rect.top(), number_width, rect.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, format_value(value))
        if self.left_out():   # never a silent cut: the last slot says how many more there are
            columns, per_column, width = self._grid()
            slot = per_column * columns - 1
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF((slot // per_column) * width + label_width, (slot % per_column) * self.ROW,
                                    width - label_width - 12, self.ROW),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._more_text())
        painter.end()

    def mousePressEvent(self, event) -> None:
        for rect, i in self.layout_rows():
            if rect.contains(event.position()):
                self.clicked.emit(self.rows[i][0])
                return


def make(ctx: PaneContext) -> OverviewPane:
    """The Overview in the window (its registry entry): its links lead to the report, a pane, a region."""
    pane = OverviewPane(ctx.db_path, ctx.parent)
    pane.open_report_line.connect(ctx.host.open_report_line)
    pane.show_pane.connect(ctx.host.show_pane)
    pane.open_region.connect(ctx.host.open_region)
    return pane
