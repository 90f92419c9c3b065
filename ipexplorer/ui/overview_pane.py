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

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
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

from ipexplorer.query.profiles import CheckSummary, HeadlineCard, Overview, overview
from ipexplorer.store.database import connect

log = logging.getLogger(__name__)

POSITIVE, NEGATIVE = "#2e7d32", "#c62828"
CARD_WIDTH = 250      # a card's least comfortable width; the grid fits as many columns as it can
# the panes the start page leads to: (key, Chinese, English, what it holds)
ENTRY_POINTS = (
    ("tables", "数据表", "Tables", "附录 12 张表与正文表格：筛选、排序、导出 · sort, filter, export"),
    ("charts", "图表", "Charts", "地区对比图 · compare regions in charts"),
    ("timeline", "年度要事", "Timeline", "全年事件时间轴 · the year's events"),
    ("search", "搜索", "Search", "全文检索报告 · full-text search of the report"),
    ("regions", "地区", "Regions", "省份、城市与国家概况 · province, city and country profiles"),
)


def change_html(card: HeadlineCard) -> str:
    """▲ 6.9% / ▼ 10.1% coloured, or a quiet dash when the report gives no change."""
    if card.change_value is None:
        return "<span style='color:gray'>—</span>"
    up = card.change_value >= 0
    unit = "%" if card.change_unit == "%" else " 个百分点 pp"
    color = POSITIVE if up else NEGATIVE
    return (f"<span style='color:{color}; font-weight:600'>{'▲' if up else '▼'} {abs(card.change_value):g}{unit}"
            f"</span> <span style='color:gray'>同比 on 2019</span>")


class HeadlineCardWidget(QFrame):
    """One figure: label, big number with its printed unit, change, and a link to the source line."""

    open_line = Signal(int)

    def __init__(self, card: HeadlineCard, parent: QWidget | None = None):
        super().__init__(parent)
        self.card = card
        self.setObjectName("headlineCard")
        self.setProperty("cardKey", card.key)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.label = QLabel(f"<b>{html.escape(card.label_zh)}</b><br><span style='color:gray'>"
                            f"{html.escape(card.label_en)}</span>", objectName="cardLabel")
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        value = QHBoxLayout()
        value.setSpacing(4)
        qualifier = html.escape(card.qualifier or "")
        self.value_label = QLabel(objectName="cardValue")
        self.value_label.setText(f"<span style='font-size:24pt; font-weight:600'>{html.escape(card.number_text)}"
                                 f"</span>")
        self.unit_label = QLabel(f"<span style='font-size:12pt'>{html.escape(card.unit_text)}{qualifier}</span>",
                                 objectName="cardUnit")
        value.addWidget(self.value_label, 0, Qt.AlignmentFlag.AlignBaseline)
        value.addWidget(self.unit_label, 0, Qt.AlignmentFlag.AlignBaseline)
        value.addStretch(1)
        layout.addLayout(value)
        self.change_label = QLabel(change_html(card), objectName="cardChange")
        layout.addWidget(self.change_label)
        self.source_link = QLabel(f"<a href='line:{card.line}'>来源 Source · 报告第 {card.line} 行 line {card.line}"
                                  "</a>", objectName="cardSource")
        self.source_link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse |
                                                 Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.source_link.linkActivated.connect(lambda _link: self.open_line.emit(card.line))
        layout.addWidget(self.source_link)
        self.setToolTip(f"<p>{html.escape(card.sentence)}</p><p style='color:gray'>{html.escape(card.section)}<br>"
                        f"= {card.value:,.10g} {html.escape(card.unit)}</p>")


class OverviewPane(QWidget):
    """The start page; it reads the database once, when built."""

    open_report_line = Signal(int)
    show_pane = Signal(str)

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
        title = QLabel("<span style='font-size:18pt; font-weight:600'>国家知识产权局 2020 年年报</span>"
                       "&nbsp;&nbsp;<span style='font-size:13pt'>CNIPA Annual Report 2020</span><br>"
                       "<span style='color:gray'>年度主要数据（取自报告正文，单位如原文）· The year's headline "
                       "figures, as the report prints them</span>", objectName="overviewTitle")
        title.setWordWrap(True)
        self.page_layout.addWidget(title)
        self.grid_holder = QWidget(objectName="cardGrid")
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(10)
        self.page_layout.addWidget(self.grid_holder)
        lower = QHBoxLayout()
        lower.setSpacing(12)
        self.checks_box = QGroupBox("数据校验 Data checks", objectName="checksBox")
        checks_layout = QVBoxLayout(self.checks_box)
        self.checks_label = QLabel(objectName="checksText")
        self.checks_label.setWordWrap(True)
        self.checks_label.setTextFormat(Qt.TextFormat.RichText)
        self.checks_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.checks_label.linkActivated.connect(self._on_link)
        checks_layout.addWidget(self.checks_label)
        lower.addWidget(self.checks_box, 3)
        self.entry_box = QGroupBox("浏览 Explore", objectName="entryBox")
        entry_layout = QVBoxLayout(self.entry_box)
        self.entry_buttons: dict[str, QPushButton] = {}
        for key, zh, en, what in ENTRY_POINTS:
            button = QPushButton(f"{zh} {en}", objectName=f"enter_{key}")
            button.setToolTip(what)
            button.setStyleSheet("text-align: left; padding: 6px 10px;")
            button.clicked.connect(lambda _=False, k=key: self.show_pane.emit(k))
            row = QHBoxLayout()
            row.addWidget(button)
            hint = QLabel(f"<span style='color:gray'>{html.escape(what)}</span>")
            hint.setWordWrap(True)
            row.addWidget(hint, 1)
            entry_layout.addLayout(row)
            self.entry_buttons[key] = button
        entry_layout.addStretch(1)
        lower.addWidget(self.entry_box, 2)
        self.page_layout.addLayout(lower)
        self.page_layout.addStretch(1)
        self._columns = 0
        self.load()

    def load(self) -> None:
        conn = connect(self.db_path)
        try:
            self.data = overview(conn)
        except sqlite3.Error as exc:  # an old database: say so on the page rather than fail the window
            log.warning("overview query failed: %s", exc)
            self.checks_label.setText(f"无法读取数据 Cannot read the data: {html.escape(str(exc))}")
            return
        finally:
            conn.close()
        self.cards = []
        for card in self.data.cards:
            widget = HeadlineCardWidget(card, self.grid_holder)
            widget.open_line.connect(self.open_report_line)
            self.cards.append(widget)
        self._apply_card_style()
        self._relayout(force=True)
        self.checks_label.setText(checks_html(self.data.checks))
        counts = self.data.counts
        extra = {"tables": f"{counts['tables']} 张表 tables · {counts['values']:,} 个数值 values",
                 "timeline": f"{counts['events']} 件事 events",
                 "regions": f"{counts['regions']} 个地区 regions",
                 "search": f"{counts['paragraphs']:,} 段 paragraphs"}
        for key, text in extra.items():
            self.entry_buttons[key].setText(f"{self.entry_buttons[key].text()}  ·  {text}")

    def _apply_card_style(self) -> None:
        palette = QGuiApplication.palette()
        base = palette.color(QPalette.ColorRole.Base).name()
        border = palette.color(QPalette.ColorRole.Mid).name()
        self.grid_holder.setStyleSheet(
            f"QFrame#headlineCard {{ background: {base}; border: 1px solid {border}; border-radius: 8px; }}"
            "QFrame#headlineCard QLabel { background: transparent; border: none; }")

    def _relayout(self, force: bool = False) -> None:
        """As many card columns as fit (2 to 6), rows filled left to right."""
        width = self.grid_holder.width() or self.width()
        columns = max(2, min(6, width // CARD_WIDTH))
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


def checks_html(checks: CheckSummary) -> str:
    """The checks summary with a link to the line of every disagreement and flagged figure."""
    ok = checks.violations == 0
    lines = [
        f"<p><span style='color:{POSITIVE if ok else NEGATIVE}'>{'✔' if ok else '✘'}</span> "
        f"<b>{checks.identities:,}</b> 条恒等式已核对（{checks.tables} 张表），<b>{checks.violations}</b> 处不符 · "
        f"{checks.identities:,} identities verified in {checks.tables} tables, {checks.violations} violations"
        + (f" (表 tables {', '.join(map(str, checks.failing_tables))})" if checks.failing_tables else "")
        + "</p>",
        f"<p><span style='color:{POSITIVE if not checks.disagreeing else '#b26a00'}'>"
        f"{'✔' if not checks.disagreeing else '⚠'}</span> 正文数字与数据表交叉核对 <b>{checks.figure_checks}</b> 项，"
        f"<b>{checks.disagreeing}</b> 项不一致 · {checks.figure_checks} figure cross-checks with the tables, "
        f"{checks.disagreeing} disagree</p>",
    ]
    if checks.disagreements:
        items = "".join(
            f"<li><a href='line:{d.line}'>第 {d.line} 行 line {d.line}</a> {html.escape(d.measure_text)} "
            f"<b>{html.escape(d.raw_text)}</b> vs 表{d.table_no} {html.escape(d.region_zh)} "
            f"<b>{d.table_value:,.10g}</b></li>" for d in checks.disagreements)
        lines.append(f"<ul style='margin-top:0'>{items}</ul>")
    if checks.flagged:
        items = "".join(
            f"<li><a href='line:{f.line}'>第 {f.line} 行 line {f.line}</a> {html.escape(f.measure_text)} "
            f"<b>{html.escape(f.raw_text)}</b> — <span style='color:gray'>{html.escape(f.flag)}</span></li>"
            for f in checks.flagged)
        lines.append(f"<p>⚑ 存疑的数字 Flagged figures ({len(checks.flagged)}):</p>"
                     f"<ul style='margin-top:0'>{items}</ul>")
    lines.append("<p style='color:gray'>数字均未更正，保留原文。Nothing is corrected: every value stays as printed."
                 "</p>")
    return "".join(lines)
