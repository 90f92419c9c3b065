"""The Search pane: full-text search of the report as you type, ranked, with the match highlighted.

Searching (`query.search`: FTS5 trigram, or a scan of the paragraphs for one or two characters, then each
word's whole-name matching and the ranking in Python) runs through the pane's runner after a short pause in
typing. Opening a result shows its paragraph in the report reader with the term marked.

The hits are a list, not a table of the SQL grid, and that is deliberate: a hit is one rich-text item (the
snippet with its matches marked, over its section and lines) in relevance order, which the ranking computes
in Python and which no column sort may reorder; there are no columns to sort or filter by, no numbers to
select and sum, and the chapter filter is applied before the limit inside the search itself. The grid's
header, filter popups, statistics and TSV copy would have nothing to act on, so HitListModel stays a thin
list adapter over the search's result with no sorting, filtering or copying of its own.
"""

from __future__ import annotations

import html
import json
import time
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.query.emphasis import emphasis_html
from ipexplorer.query.search import SearchHit, search
from ipexplorer.ui.pane import Pane, PaneContext
from ipexplorer.ui.runner import Runner
from ipexplorer.ui.shell.elided_combo import ElidedCombo
from ipexplorer.ui.shell.empty_note import EmptyNote
from ipexplorer.ui.shell.settings import Settings

HIT_ROLE = Qt.ItemDataRole.UserRole
MARKERS = ("\x02", "\x03")     # never in the report's text: replaced by highlighting when drawn
RECENT_MAX = 15
LIMIT = 200
ANY = ""


def hit_html(hit: SearchHit, secondary: str, edition: str = "") -> str:
    """The snippet with the match highlighted, and the section and lines beneath it (after `edition`, the hit's
    edition named when the database holds several)."""
    snippet = emphasis_html(html.escape(hit.snippet.replace("\n", " ")))
    snippet = snippet.replace(MARKERS[0], "<span style='background:#ffd54f; color:#000; font-weight:600'>")
    snippet = snippet.replace(MARKERS[1], "</span>")
    lead = f"<b>{html.escape(edition)}</b> · " if edition else ""
    return (f"<div style='margin:0'>{snippet}</div>"
            f"<div style='color:{secondary}; font-size:small'>{lead}{html.escape(hit.section)} · {hit.first_line}"
            f"{'–' + str(hit.last_line) if hit.last_line != hit.first_line else ''}</div>")


class HitListModel(QAbstractListModel):
    """The hits of the last search, best first (a ranked list: no sort, filter or copy of its own to keep in
    step with the grid's, see the module's docstring)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.hits: list[SearchHit] = []
        self.several_editions = False   # the hits then name their edition

    def edition_text(self, hit: SearchHit) -> str:
        """"2019 edition" when the database holds several editions (and the hit names its own), else ""."""
        if not self.several_editions or hit.edition is None:
            return ""
        return QCoreApplication.translate("SearchPane", "{year} edition").format(year=hit.edition)

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.snippet.replace(MARKERS[0], "").replace(MARKERS[1], "")
        if role == Qt.ItemDataRole.ToolTipRole:
            edition = self.edition_text(hit)
            return f"{edition + ' · ' if edition else ''}{hit.section} · {hit.first_line}"
        if role == HIT_ROLE:
            return hit
        return None


class HitDelegate(QStyledItemDelegate):
    """Draws a hit as rich text: the highlighted snippet over its section and lines."""

    def _document(self, option: QStyleOptionViewItem, hit: SearchHit, edition: str = "") -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        # on the selection's colour the grey of the section line could not be read (2:1 in the dark theme)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        secondary = option.palette.color(QPalette.ColorRole.HighlightedText if selected
                                         else QPalette.ColorRole.PlaceholderText).name()
        doc.setHtml(hit_html(hit, secondary, edition))
        doc.setTextWidth(max(100, option.rect.width() - 12))
        return doc

    def paint(self, painter, option, index) -> None:
        hit = index.data(HIT_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, hit, index.model().edition_text(hit))
        painter.save()
        painter.translate(option.rect.left() + 6, option.rect.top() + 4)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        context.clip = QRectF(0, 0, option.rect.width() - 12, option.rect.height() - 8)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        hit = index.data(HIT_ROLE)
        width = option.rect.width() or (option.widget.viewport().width() if option.widget else 600)
        opt = QStyleOptionViewItem(option)
        opt.rect.setWidth(width)
        doc = self._document(opt, hit, index.model().edition_text(hit))
        return QSize(width, int(doc.size().height()) + 10)


def _chapters(conn) -> tuple[list[str], int]:
    """The report's chapters, for the chapter filter (the latest edition's, in its order, then those only older
    editions have), and how many editions the database holds."""
    editions = conn.execute("SELECT count(*) FROM reports").fetchone()[0] if conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'reports'").fetchone() else 1
    table = "edition_section" if editions > 1 else "section"
    titles = [t for (t,) in conn.execute(
        f"SELECT title_zh FROM {table} WHERE level = 1 GROUP BY title_zh ORDER BY max(edition) DESC, min(first_line)")]
    return titles, editions


class SearchPane(QWidget, Pane):
    """Query box (recent searches in its list), chapter filter, the ranked hits."""

    open_hit = Signal(int, str)        # paragraph id, the term to highlight
    searched = Signal()                # new results shown

    def __init__(self, db_path: Path, settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("searchPane")
        self.settings = settings or Settings()
        self.runner = Runner(db_path, self, name="ipexplorer-search")
        self.last_search_ms = 0.0
        self.query_text = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        bar = QHBoxLayout()
        self.query = QComboBox(objectName="searchQuery", editable=True)
        self.query.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.query.lineEdit().setPlaceholderText(
            self.tr("Search the report: Chinese words, or a region in English or pinyin (Guangdong)…"))
        self.query.lineEdit().setClearButtonEnabled(True)
        self.query.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.query.setToolTip(self.tr("Recent searches are in the list"))
        # its chapters arrive after the first show: sized by the longest of them (it kept the width of "All
        # chapters" and cut "第二章 法律事务" to "第二章 法律事" with no ellipsis), an ellipsis when cut
        self.chapter = ElidedCombo(objectName="searchChapter")
        self.chapter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chapter.setMinimumContentsLength(8)
        self.chapter.follow_tooltip()
        self.chapter.addItem(self.tr("All chapters"), ANY)
        self.runner.submit(_chapters, channel="chapters", done=self._add_chapters)
        bar.addWidget(self.query, 1)
        bar.addWidget(self.chapter)
        layout.addLayout(bar)
        self.count_label = QLabel(objectName="searchCount")
        layout.addWidget(self.count_label)
        self.model = HitListModel(self)
        self.view = QListView(objectName="searchResults")
        self.view.setModel(self.model)
        self.view.setItemDelegate(HitDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        # rows are laid out in batches after the first screenful, so the first results show at once
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(20)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        layout.addWidget(self.view, 1)
        self.empty_note = EmptyNote(self.view, "searchEmpty")
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.run_search)
        self.query.lineEdit().textEdited.connect(lambda _t: self._timer.start())
        self.query.lineEdit().returnPressed.connect(self._on_return)
        self.query.activated.connect(lambda _i: self.run_search())
        self.chapter.currentIndexChanged.connect(lambda _i: self.run_search())
        self.view.activated.connect(self.open_index)
        self._load_recent()
        self._show_count()

    # --- searching ---------------------------------------------------------------------------
    def set_query(self, text: str) -> None:
        """Type `text` into the box and search at once (the pause in typing skipped)."""
        self.query.setEditText(text)
        self.run_search()

    def _add_chapters(self, setup: tuple[list[str], int]) -> None:
        titles, editions = setup
        if editions > 1 and not self.model.several_editions:
            # hits shown already name their edition now (rows of new heights: a layout change, announced, so the
            # views keep their selection and current hit through it)
            self.model.layoutAboutToBeChanged.emit()
            self.model.several_editions = True
            self.model.layoutChanged.emit()
        self.chapter.blockSignals(True)
        for title in titles:
            self.chapter.addItem(title, title)
        self.chapter.blockSignals(False)

    def run_search(self) -> None:
        """Search for the box's text now, off the GUI thread (a newer search supersedes it); `searched` follows."""
        self._timer.stop()
        started = time.perf_counter()
        text = self.query.currentText().strip()
        self.query_text = text
        if not text:
            self.runner.supersede("search")
            self._show_hits([], started)
            return
        chapter = self.chapter.currentData()
        # every edition's paragraphs (the latest's first among equals): a database of several reports is one text
        self.runner.submit(search, text, LIMIT, MARKERS, chapter=None if chapter in (None, ANY) else chapter,
                           every_edition=True, channel="search", done=lambda hits: self._show_hits(hits, started),
                           failed=self._search_failed)

    def _search_failed(self, exc: BaseException) -> None:
        """A database that cannot answer: say so in the pane."""
        self.count_label.setText(self.tr("Search failed: {error}").format(error=exc))
        self.model.set_hits([])
        self.empty_note.say(self.count_label.text())
        self.searched.emit()

    def _show_hits(self, hits: list[SearchHit], started: float) -> None:
        self.model.set_hits(hits)
        if hits:
            self.view.setCurrentIndex(self.model.index(0, 0))
            self.view.scrollToTop()
        self._show_count()
        self.last_search_ms = (time.perf_counter() - started) * 1000
        self.searched.emit()

    def title_detail(self) -> str:
        """For the window title: the query shown."""
        return f"“{self.query_text}”" if self.query_text else ""

    def _show_count(self) -> None:
        n = len(self.model.hits)
        self.empty_note.say("")
        if not self.query_text:
            self.count_label.setText(self.tr("Type to search the report's text."))
        elif n == 0:
            self.count_label.setText(self.tr("No results for “{query}”.").format(query=self.query_text))
            self.empty_note.say(self._no_hits_words())
        elif n >= LIMIT:
            self.count_label.setText(self.tr("The first {count} results for “{query}”").format(
                count=n, query=self.query_text))
        else:
            text = self.tr("{count} result for “{query}”") if n == 1 else self.tr("{count} results for “{query}”")
            self.count_label.setText(text.format(count=n, query=self.query_text))

    def _no_hits_words(self) -> str:
        """Why the list is empty and the way out: the chapter chosen, or the words."""
        if self.chapter.currentData() not in (None, ANY):
            return self.tr("No paragraph of “{chapter}” holds “{query}”.\nChoose All chapters to search the whole "
                           "report.").format(chapter=self.chapter.currentText(), query=self.query_text)
        # (one message for one word or several: the search joins a figure and its unit, a region's name in two
        # words, into one, so a count of the spaces says nothing of the words it looked for)
        return self.tr("No paragraph of the report holds “{query}”.\nCheck the spelling, or try fewer or shorter "
                       "words.").format(query=self.query_text)

    def _on_return(self) -> None:
        if self._timer.isActive() or self.query.currentText().strip() != self.query_text:
            self.run_search()
        elif self.runner.is_busy("search"):
            pass   # the hits for this text are on their way: Enter again opens the first
        elif self.view.currentIndex().isValid():
            self.open_index(self.view.currentIndex())
        self.remember(self.query_text)

    def open_index(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            return
        self.remember(self.query_text)
        self.open_hit.emit(hit.para_id, hit.matched)

    def keyPressEvent(self, event) -> None:
        """↓ from the query box moves into the results."""
        if event.key() == Qt.Key.Key_Down and self.query.hasFocus() and self.model.hits:
            self.view.setFocus()
            return
        super().keyPressEvent(event)

    # --- recent searches -----------------------------------------------------------------------------
    def recent(self) -> list[str]:
        try:
            items = json.loads(self.settings.get("search/recent") or "[]")
        except ValueError:
            return []
        return [str(i) for i in items if str(i).strip()][:RECENT_MAX]

    def remember(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        items = [text] + [i for i in self.recent() if i != text]
        self.settings.set("search/recent", json.dumps(items[:RECENT_MAX], ensure_ascii=False))
        self._load_recent()

    def _load_recent(self) -> None:
        current = self.query.currentText()
        self.query.blockSignals(True)
        self.query.clear()
        self.query.addItems(self.recent())
        self.query.setEditText(current)
        self.query.blockSignals(False)

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.lineEdit().selectAll()

    def focus_find(self) -> bool:
        self.focus_query()
        return True

    def shutdown(self) -> None:
        self._timer.stop()
        self.runner.shutdown()


def make(ctx: PaneContext) -> SearchPane:
    """The Search pane in the window: a hit opens its paragraph in the reader."""
    pane = SearchPane(ctx.db_path, ctx.settings, ctx.parent)
    pane.open_hit.connect(ctx.host.open_paragraph)
    pane.searched.connect(ctx.host.update_title)
    return pane
