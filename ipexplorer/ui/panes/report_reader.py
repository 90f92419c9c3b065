"""The report reader: the rebuilt text with its section outline, or the raw extracted lines.

Every "open in report" in the app lands here. A line inside the narrative opens the rebuilt text at the
paragraph that holds it (highlighted, its section selected in the outline); a line outside it (the
appendix tables, the front matter) opens the raw, line-numbered text. The sections and paragraphs are read
once, the first time they are needed; the document holds one chapter (a top-level section) at a time, laid
out block by block when it is first shown, so each paragraph's place is known without searching, and neither
the layout of the whole report nor the glyphs of every face it uses sit in memory (the whole text laid out
cost ~13 MiB, about half of it font pages). Links at a chapter's ends lead to the one before and after.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
    QPaintEvent,
    QShortcut,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.ui.pane import Pane, PaneContext
from ipexplorer.ui.panes.report_view import ReportTextView
from ipexplorer.ui.runner import Runner
from ipexplorer.ui.shell import i18n, memory, theme

log = logging.getLogger(__name__)

PARA_ROLE = Qt.ItemDataRole.UserRole
HEADING_SIZES = {1: 17, 2: 14, 3: 12}


GLYPH_STEP = 32   # characters new to a font measured between two releases of the font file pages read
PAINT_BAND = 64   # pixels of a chapter's first paint drawn between two releases


class _GlyphMetrics:
    """Reads the advance of each character a chapter lays out, a few at a time, giving back the font file
    pages each step read (memory.FontPages) before the next: Qt reads a glyph's outline for its advance and
    keeps the advance, so the layout then reads none, where laying out the first chapter read ~9 MiB of
    Noto CJK at once (a glyph's page pulls in 64 KiB of the file around it)."""

    def __init__(self) -> None:
        self.pages = memory.FontPages()
        self.seen: dict[str, tuple[QFontMetricsF, set[str]]] = {}

    def read(self, font: QFont, text: str) -> QFontMetricsF:
        """Read the advances of `text`'s characters new to `font`, a step at a time; the font's metrics, which
        then measure any text of those characters without reading a page."""
        key = font.key()
        if key not in self.seen:
            self.seen[key] = (QFontMetricsF(font), set())
        metrics, seen = self.seen[key]
        new = [c for c in dict.fromkeys(text) if c not in seen and not c.isspace()]
        seen.update(new)
        for i in range(0, len(new), GLYPH_STEP):
            metrics.horizontalAdvance("".join(new[i:i + GLYPH_STEP]))
            self.pages.release()
        return metrics


class ChapterText(QTextBrowser):
    """The rebuilt text; a chapter just laid out paints its first frame band by band, the font file pages
    each band read given back before the next (drawing its glyphs reads their outlines again: ~8 MiB of
    Noto CJK at once for the first chapter). The glyphs drawn stay in Qt's cache, so the pixels, and the
    frames after, are what one paint gives."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._banded = False

    def paint_in_bands(self) -> None:
        """Paint the next frame in bands (a chapter was just laid out)."""
        self._banded = True

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._banded:
            super().paintEvent(event)
            return
        self._banded = False
        pages = memory.FontPages()
        area = event.rect()
        for top in range(area.top(), area.bottom() + 1, PAINT_BAND):
            super().paintEvent(QPaintEvent(QRect(area.left(), top, area.width(),
                                                 min(PAINT_BAND, area.bottom() + 1 - top))))
            pages.release()


@dataclass(frozen=True)
class Place:
    """Where the reader is: a paragraph of the rebuilt text (with a term) or a raw line."""

    para_id: int | None
    line: int
    term: str = ""
    edition: int | None = None   # the edition whose lines these are (None: a database without the list)


@dataclass
class _Paragraph:
    para_id: int
    section_id: int
    kind: str
    text: str
    first_line: int
    last_line: int
    chapter: int = 0        # the top-level section it belongs to: the document holds one chapter at a time
    block: int = -1         # its first block in the document, while its chapter is there
    blocks: int = 1


@dataclass(frozen=True)
class _Text:
    """One edition's narrative as read: the editions held, which one this is, its sections and paragraphs."""

    editions: tuple[tuple[int, str], ...]   # (edition, report path), oldest first
    edition: int | None                     # None: a database without the list of reports
    sections: list
    rows: list


def _read_text(conn: sqlite3.Connection, edition: int | None = None) -> _Text:
    """An edition's sections and paragraphs (None, or one the database lacks: the latest), in reading order."""
    has_reports = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'reports'").fetchone()
    editions = tuple(conn.execute("SELECT edition, path FROM reports ORDER BY edition").fetchall()) \
        if has_reports else ()
    held = [e for e, _p in editions]
    chosen = edition if edition in held else (held[-1] if held else None)
    if chosen is None:
        where, params, sections_table, paragraphs = "", (), "section", "paragraph"
    else:
        where, params, sections_table, paragraphs = " WHERE edition = ?", (chosen,), "edition_section", \
            "edition_paragraph"
    sections = conn.execute("SELECT section_id, parent_id, level, title_zh, title_en, first_line "
                            f"FROM {sections_table}{where} ORDER BY first_line, level", params).fetchall()
    rows = conn.execute("SELECT para_id, section_id, kind, text, first_line, last_line "
                        f"FROM {paragraphs}{where} ORDER BY first_line, para_id", params).fetchall()
    return _Text(editions, chosen, sections, rows)


def _paragraph_edition(conn: sqlite3.Connection, para_id: int) -> int | None:
    """The edition a paragraph is of (ids are unique across editions)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'edition_paragraph'").fetchone():
        return None
    row = conn.execute("SELECT edition FROM edition_paragraph WHERE para_id = ?", (para_id,)).fetchone()
    return row[0] if row else None


class ReportReader(QWidget, Pane):
    """Outline on the left; the rebuilt text (or raw lines) on the right; back and forward."""

    place_changed = Signal(object)   # Place
    built_changed = Signal()         # the rebuilt text and its outline are laid out

    def __init__(self, db_path: Path, report_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportReader")
        self.db_path = Path(db_path)
        self.paragraphs: dict[int, _Paragraph] = {}
        self.section_items: dict[int, QTreeWidgetItem] = {}
        self.section_titles: dict[int, str] = {}
        self.section_first_para: dict[int, int] = {}
        self.chapters: list[int] = []          # the top-level sections, in reading order
        self.chapter: int | None = None        # the one in the document
        self._levels: dict[int, int] = {}
        self.built = False
        self.edition: int | None = None          # the edition shown (its lines, outline and raw text)
        self.editions: tuple[tuple[int, str], ...] = ()
        self.report_path = Path(report_path)     # the raw text when the database does not name its reports
        self.runner = Runner(self.db_path, self, name="ipexplorer-reader")
        self._reading = False
        self._loading: int | None = None         # the edition being read
        self._after_built: list[Callable[[], None]] = []
        self.current_line = 0
        self.current: Place | None = None
        self.history: list[Place] = []
        self.history_index = -1
        self._build_ui(report_path)

    # --- layout ---------------------------------------------------------------------------------
    def _build_ui(self, report_path: Path) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        bar = QHBoxLayout()
        self.back_button = self._tool("◀", "readerBack", self.tr("Back (Alt+←)"), self.back)
        self.forward_button = self._tool("▶", "readerForward", self.tr("Forward (Alt+→)"), self.forward)
        self.raw_button = QToolButton(objectName="readerRaw", text=self.tr("Raw lines"), checkable=True)
        self.raw_button.setToolTip(self.tr("The text as extracted from the PDF, line by line"))
        self.raw_button.toggled.connect(self._on_raw_toggled)
        self.where = QLabel(objectName="readerWhere")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edition_combo = QComboBox(objectName="readerEdition")
        self.edition_combo.setToolTip(self.tr("The edition of the report to read (the database holds several)"))
        self.edition_combo.hide()   # shown once two or more editions are known
        self.edition_combo.activated.connect(self._on_edition_chosen)
        for w in (self.back_button, self.forward_button):
            bar.addWidget(w)
        bar.addWidget(self.where, 1)
        bar.addWidget(self.edition_combo)
        bar.addWidget(self.raw_button)
        outer.addLayout(bar)
        self.splitter = QSplitter(objectName="readerSplitter")
        self.outline = QTreeWidget(objectName="readerOutline")
        self.outline.setHeaderHidden(True)
        self.outline.itemActivated.connect(self._on_outline)
        self.outline.itemClicked.connect(self._on_outline)
        self.stack = QStackedWidget()
        self.text = ChapterText(objectName="readerText")
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._on_link)
        self.raw = ReportTextView(report_path, self)
        self.raw.where.hide()   # the reader's own bar says where
        self.stack.addWidget(self.text)
        self.stack.addWidget(self.raw)
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 900])
        outer.addWidget(self.splitter, 1)
        QShortcut(QKeySequence("Alt+Left"), self, self.back)
        QShortcut(QKeySequence("Alt+Right"), self, self.forward)
        self._update_buttons()

    def _tool(self, text: str, name: str, tip: str, slot) -> QToolButton:
        button = QToolButton(objectName=name, text=text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _=False: slot())
        return button

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_built()

    # --- the rebuilt document ------------------------------------------------------------------------
    def ensure_built(self) -> None:
        """Read sections and paragraphs (off the GUI thread) and lay out the document, once."""
        if self.built or self._reading:
            return
        self._load(None)

    def _load(self, edition: int | None) -> None:
        """Read an edition's text (None: the latest) off the GUI thread.

        A request for another edition supersedes the read under way and whatever waited for it (the newest
        place asked for wins, as a newer query does in the runner).
        """
        if self._reading and edition != self._loading:
            self._after_built = self._after_built[-1:]
        self._reading, self._loading, self.built = True, edition, False
        self.runner.submit(_read_text, edition, channel="text", done=self._on_read, failed=self._on_read_failed)

    def _when_built(self, then: Callable[[], None], edition: int | None = None) -> bool:
        """Run `then` once the text of `edition` (None: the latest) is in; True if it has to wait."""
        held = [e for e, _p in self.editions]
        wanted = edition if edition in held else (held[-1] if held else None)
        if self.built and (not held or wanted == self.edition):
            return False
        self._after_built.append(then)
        if not self._reading or (held and wanted != self._loading):   # the first read gives the latest
            self._load(wanted)
        return True

    def _on_read(self, text: _Text) -> None:
        self.editions, self.edition = text.editions, text.edition
        self._levels = {sid: level for sid, _p, level, *_ in text.sections}
        chapter_of: dict[int, int] = {}
        for sid, parent, *_ in text.sections:   # parents come first (ordered by first line, then level)
            chapter_of[sid] = chapter_of.get(parent, sid) if parent else sid
        self.section_items.clear()
        self.section_titles.clear()
        self._fill_outline(text.sections)
        self.paragraphs.clear()
        self.section_first_para.clear()
        self.chapters, self.chapter = [], None   # another edition's text: its chapters, none laid out yet
        for para_id, section_id, kind, body, first, last in text.rows:
            chapter = chapter_of.get(section_id, section_id)
            self.paragraphs[para_id] = _Paragraph(para_id, section_id, kind, body, first, last, chapter)
            self.section_first_para.setdefault(section_id, para_id)
            if chapter not in self.chapters:
                self.chapters.append(chapter)
        self._show_editions()
        self.raw.set_report(self._raw_path(text.edition))
        self._built()

    def _raw_path(self, edition: int | None) -> Path:
        """The report file an edition was built from (the reader's own report when the database names none)."""
        path = dict(self.editions).get(edition) if edition is not None else None
        if not path or (edition == max(dict(self.editions), default=None) and not Path(path).exists()):
            return self.report_path
        return Path(path)

    def _show_editions(self) -> None:
        """The edition chooser: shown with two or more editions, on the one read."""
        self.edition_combo.blockSignals(True)
        self.edition_combo.clear()
        for edition, _path in reversed(self.editions):   # the latest first
            self.edition_combo.addItem(self.tr("{year} edition").format(year=edition), edition)
        self.edition_combo.setCurrentIndex(max(0, self.edition_combo.findData(self.edition)))
        self.edition_combo.blockSignals(False)
        self.edition_combo.setVisible(len(self.editions) > 1)

    def show_edition(self, edition: int) -> None:
        """Read another edition: its text at its start (the outline and raw lines are that edition's)."""
        def start() -> None:
            first = min(self.paragraphs, key=lambda p: self.paragraphs[p].first_line, default=None)
            if first is not None:
                self._go(Place(first, self.paragraphs[first].first_line, edition=self.edition))
        if not self._when_built(start, edition):
            start()

    def _on_edition_chosen(self, index: int) -> None:
        edition = self.edition_combo.itemData(index)
        if edition is not None and edition != self.edition:
            self.show_edition(edition)

    def _on_read_failed(self, exc: BaseException) -> None:
        log.warning("cannot read the report's paragraphs: %s", exc)
        self.paragraphs.clear()
        self.current = None       # the place shown was in the paragraphs just dropped
        self.text.setPlainText(self.tr("The rebuilt text cannot be read: {error}").format(error=exc))
        self._built()

    def _built(self) -> None:
        self.built = True
        self._reading = False
        waiting, self._after_built = self._after_built, []
        for then in waiting:
            then()
        if self.chapter is None and self.chapters:   # opened on no place: the report's beginning
            self._load_chapter(self.chapters[0])
        self.built_changed.emit()

    def focus_find(self) -> bool:
        """Find in the report is the Search pane's."""
        host = getattr(self, "host", None)
        if host is None:
            return False
        host.show_pane("search")
        return host.pane("search").focus_find()

    def shutdown(self) -> None:
        self.runner.shutdown()

    def _fill_outline(self, sections) -> None:
        self.outline.clear()
        for sid, parent, _level, zh, en, first in sections:
            label = zh if i18n.is_chinese() or zh == en else f"{zh}  {en}"
            holder = self.section_items.get(parent) if parent else None
            item = QTreeWidgetItem([label])
            item.setData(0, PARA_ROLE, sid)
            item.setToolTip(0, f"{zh} · {en} · {self.tr('line {line}').format(line=first)}")
            if holder is None:
                self.outline.addTopLevelItem(item)
            else:
                holder.addChild(item)
            self.section_items[sid] = item
            self.section_titles[sid] = label
        for i in range(self.outline.topLevelItemCount()):
            self.outline.topLevelItem(i).setExpanded(False)

    def _load_chapter(self, chapter: int) -> None:
        """Lay out one chapter's paragraphs in the document (the chapter before is dropped)."""
        if chapter == self.chapter:
            return
        for para in self.paragraphs.values():
            para.block = -1
        self.chapter = chapter
        self._fill_document([p for p in self.paragraphs.values() if p.chapter == chapter])

    def _fill_document(self, paras: list[_Paragraph]) -> None:
        doc = self.text.document()
        doc.clear()
        cursor = QTextCursor(doc)
        body = QTextCharFormat()
        body.setFontPointSize(11)
        first_block = True
        table_char = QTextCharFormat(body)
        table_char.setFontFamilies(["Noto Sans Mono CJK SC", "monospace"])
        table_char.setFontPointSize(10)
        glyphs = _GlyphMetrics()   # the tables' cells too are measured through it, a few glyphs at a time
        tabs = self._table_tabs(paras, table_char.font(), glyphs)
        index = self.chapters.index(self.chapter) if self.chapter in self.chapters else -1
        if index > 0:
            self._chapter_link(cursor, self.chapters[index - 1], "← ", new_block=False)
            first_block = False
        for para in paras:
            kind, text = para.kind, para.text
            block_format = QTextBlockFormat()
            char = QTextCharFormat(body)
            if kind == "heading":
                level = self._levels.get(para.section_id, 3)
                char.setFontPointSize(HEADING_SIZES.get(level, 12))
                char.setFontWeight(QFont.Weight.Bold)
                block_format.setTopMargin(14 if level == 1 else 10)
                block_format.setBottomMargin(6)
                block_format.setHeadingLevel(min(level, 6))
            elif kind == "caption":
                char.setFontItalic(True)
                char.setFontPointSize(9.5)
                char.setForeground(QColor("#777777"))
                block_format.setAlignment(Qt.AlignmentFlag.AlignHCenter)
                block_format.setBottomMargin(6)
            elif kind == "table":
                char = QTextCharFormat(table_char)
                block_format.setLeftMargin(18)
                block_format.setTabPositions(tabs.get(para.para_id, []))
                block_format.setBottomMargin(6)
            else:
                block_format.setTextIndent(22)
                block_format.setBottomMargin(6)
                block_format.setLineHeight(125, 1)   # ProportionalHeight
            glyphs.read(char.font(), text)
            lines = text.split("\n") if kind == "table" else [text]
            for i, part in enumerate(lines):
                if first_block:
                    cursor.setBlockFormat(block_format)
                    cursor.setBlockCharFormat(char)
                    first_block = False
                else:
                    cursor.insertBlock(block_format, char)
                if i == 0:
                    para.block = cursor.blockNumber()
                cursor.insertText(part, char)
            para.blocks = cursor.blockNumber() - para.block + 1
        if 0 <= index < len(self.chapters) - 1:
            self._chapter_link(cursor, self.chapters[index + 1], "", " →", new_block=not first_block)
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
        self.text.paint_in_bands()

    def _chapter_link(self, cursor: QTextCursor, chapter: int, before: str, after: str = "",
                      new_block: bool = True) -> None:
        """A line linking to another chapter (its title), at the start or the end of the one shown."""
        block_format = QTextBlockFormat()
        block_format.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        block_format.setTopMargin(12)
        block_format.setBottomMargin(12)
        char = QTextCharFormat()
        char.setFontPointSize(11)
        if new_block:
            cursor.insertBlock(block_format, char)
        else:
            cursor.setBlockFormat(block_format)
            cursor.setBlockCharFormat(char)
        link = QTextCharFormat(char)
        link.setAnchor(True)
        link.setAnchorHref(f"chapter:{chapter}")
        link.setForeground(self.palette().link())
        link.setFontUnderline(True)
        cursor.insertText(f"{before}{self.section_titles.get(chapter, '')}{after}", link)

    def _on_link(self, url) -> None:
        """A chapter link: that chapter from its first paragraph."""
        scheme, _, chapter = url.toString().partition(":")
        para_id = self.section_first_para.get(int(chapter)) if scheme == "chapter" and chapter.isdigit() else None
        if para_id is not None:
            self.show_paragraph(para_id)

    @staticmethod
    def _table_tabs(paras: list[_Paragraph], font: QFont, glyphs: _GlyphMetrics) -> dict[int, list[QTextOption.Tab]]:
        """Tab stops for each in-text table row, so a table's tab-separated columns line up.

        Each row of an in-text table is its own paragraph; consecutive rows form one table, whose
        columns are as wide as their widest cell. The cells' glyphs are read through `glyphs` (the chapter's
        stepped metrics) before they are measured, so a table's font pages are not read all at once.
        """
        tabs: dict[int, list[QTextOption.Tab]] = {}
        run: list[tuple[int, list[str]]] = []

        def close() -> None:
            metrics = glyphs.read(font, "".join(cell for _pid, cells in run for cell in cells[:-1]))
            widths: list[float] = []
            for _pid, cells in run:
                for i, cell in enumerate(cells[:-1]):
                    width = metrics.horizontalAdvance(cell)
                    widths[i:i + 1] = [max(widths[i], width) if i < len(widths) else width]
            stops, x = [], 0.0
            for width in widths:
                x += width + metrics.horizontalAdvance("    ")
                stops.append(QTextOption.Tab(x, QTextOption.TabType.LeftTab))
            for pid, _cells in run:
                tabs[pid] = stops
            run.clear()

        for para in paras:
            if para.kind == "table" and "\n" not in para.text:
                run.append((para.para_id, para.text.split("\t")))
            elif run:
                close()
        if run:
            close()
        return tabs

    # --- going to places -------------------------------------------------------------------------------
    def paragraph_at_line(self, line: int) -> int | None:
        """The paragraph whose line range holds `line` (its most specific one), if any."""
        self.ensure_built()
        if not self.paragraphs:
            return None
        holding = [p for p in self.paragraphs.values() if p.first_line <= line <= p.last_line]
        # ranges overlap where columns flow around a table: one that starts or ends there, else the narrowest
        best = min(holding, key=lambda p: (line not in (p.first_line, p.last_line), p.last_line - p.first_line),
                   default=None)
        if best is None:   # a blank line or page furniture inside the narrative: the paragraph before it
            first = min(p.first_line for p in self.paragraphs.values())
            last = max(p.last_line for p in self.paragraphs.values())
            if first <= line <= last:
                best = max((p for p in self.paragraphs.values() if p.first_line <= line),
                           key=lambda p: (p.first_line, -p.para_id))
        return best.para_id if best else None

    def show_line(self, line: int, edition: int | None = None) -> None:
        """Open `edition`'s report (None: the latest) at 1-based `line`: its paragraph in the rebuilt text, else
        the raw lines."""
        if self._when_built(lambda: self.show_line(line, edition), edition):
            return
        para_id = self.paragraph_at_line(line)
        self._go(Place(para_id, line, edition=self.edition))

    def show_paragraph(self, para_id: int, highlight: str | None = None, edition: int | None = None) -> None:
        """The rebuilt text at a paragraph (of whichever edition it is), with `highlight` marked inside it."""
        shown = edition if edition is not None else self.edition if self.built else None
        if self._when_built(lambda: self.show_paragraph(para_id, highlight, edition), shown):
            return
        para = self.paragraphs.get(para_id)
        if para is None:
            if edition is None and len(self.editions) > 1:   # another edition's paragraph: read that one
                self.runner.submit(_paragraph_edition, para_id, channel="find",
                                   done=lambda e: self._paragraph_of(e, para_id, highlight))
            return
        self._go(Place(para_id, para.first_line, highlight or "", self.edition))

    def _paragraph_of(self, edition: int | None, para_id: int, highlight: str | None) -> None:
        if edition is not None and edition != self.edition:
            self.show_paragraph(para_id, highlight, edition)

    def _go(self, place: Place, record: bool = True) -> None:
        if record:
            del self.history[self.history_index + 1:]
            if not self.history or self.history[-1] != place:
                self.history.append(place)
            self.history_index = len(self.history) - 1
        self._show(place)
        self._update_buttons()

    def _show(self, place: Place) -> None:
        if place.edition != self.edition and place.edition is not None \
                and self._when_built(lambda: self._show(place), place.edition):   # back or forward to another one
            return
        self.current = place
        self.current_line = place.line
        if place.para_id is None:
            self.raw_button.blockSignals(True)
            self.raw_button.setChecked(True)
            self.raw_button.blockSignals(False)
            self.stack.setCurrentWidget(self.raw)
            shown = self.raw.show_line(place.line)   # (line 99999 said beside the last line highlighted)
            self.current_line = shown
            self.where.setText(self._edition_prefix()
                               + self.tr("Report line {line} (raw text)").format(line=shown))
            self._select_section_for_line(shown)
        else:
            self.raw_button.blockSignals(True)
            self.raw_button.setChecked(False)
            self.raw_button.blockSignals(False)
            self.stack.setCurrentWidget(self.text)
            para = self.paragraphs[place.para_id]
            self._highlight(para, place.term)
            self._select_section(para.section_id)
            lines = (self.tr("line {line}").format(line=para.first_line) if para.first_line == para.last_line
                     else self.tr("lines {first}–{last}").format(first=para.first_line, last=para.last_line))
            self.where.setText(f"{self._edition_prefix()}{self.section_titles.get(para.section_id, '')} · {lines}")
        self.place_changed.emit(place)

    def _edition_prefix(self) -> str:
        """"2019 edition · " when the database holds several editions (the lines are that edition's)."""
        if len(self.editions) < 2 or self.edition is None:
            return ""
        return self.tr("{year} edition").format(year=self.edition) + " · "

    def _highlight(self, para: _Paragraph, term: str) -> None:
        self._load_chapter(para.chapter)
        doc = self.text.document()
        start = doc.findBlockByNumber(para.block)
        end = doc.findBlockByNumber(para.block + para.blocks - 1)
        selections = []
        whole = QTextEdit.ExtraSelection()
        cursor = QTextCursor(start)
        cursor.setPosition(end.position() + max(0, end.length() - 1), QTextCursor.MoveMode.KeepAnchor)
        whole.cursor = cursor
        background, text = theme.highlight_colors("line")
        whole.format.setBackground(background)
        whole.format.setForeground(text)
        selections.append(whole)
        if term:
            found = doc.find(term, start.position())
            limit = end.position() + end.length()
            while not found.isNull() and found.selectionEnd() <= limit:
                mark = QTextEdit.ExtraSelection()
                mark.cursor = found
                background, text = theme.highlight_colors("term")
                mark.format.setBackground(background)
                mark.format.setForeground(text)
                mark.format.setFontWeight(QFont.Weight.Bold)
                selections.append(mark)
                found = doc.find(term, found.selectionEnd())
        self.text.setExtraSelections(selections)
        self.highlighted = [s.cursor.selectedText() for s in selections]
        # the paragraph near the top third of the view, not hidden at its bottom edge
        self.text.setTextCursor(QTextCursor(start))
        bar = self.text.verticalScrollBar()
        top = self.text.document().documentLayout().blockBoundingRect(start).top()
        bar.setValue(int(max(0, top - self.text.viewport().height() / 4)))

    def _select_section(self, section_id: int) -> None:
        item = self.section_items.get(section_id)
        if item is None:
            return
        self.outline.blockSignals(True)
        parent = item.parent()
        while parent is not None:
            parent.setExpanded(True)
            parent = parent.parent()
        self.outline.setCurrentItem(item)
        self.outline.scrollToItem(item)
        self.outline.blockSignals(False)

    def _select_section_for_line(self, line: int) -> None:
        best = None
        for para in self.paragraphs.values():
            if para.first_line <= line:
                best = para
        if best is not None and line <= max(p.last_line for p in self.paragraphs.values()):
            self._select_section(best.section_id)
        else:   # past the narrative (the appendix's tables): no section of the outline, not the last one shown
            self.outline.blockSignals(True)
            self.outline.clearSelection()
            self.outline.setCurrentIndex(QModelIndex())
            self.outline.blockSignals(False)

    def title_detail(self) -> str:
        """For the window title: the section shown, or the line of the raw text."""
        if self.current is None:
            return ""
        if self.current.para_id is None:
            return self.tr("line {line}").format(line=self.current.line)
        paragraph = self.paragraphs.get(self.current.para_id)   # none after an edition failed to read
        return self.section_titles.get(paragraph.section_id, "") if paragraph is not None else ""

    def current_section(self) -> int | None:
        item = self.outline.currentItem()
        return item.data(0, PARA_ROLE) if item else None

    def _on_outline(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        section_id = item.data(0, PARA_ROLE)
        para_id = self.section_first_para.get(section_id)
        if para_id is not None:
            self.show_paragraph(para_id)

    def _on_raw_toggled(self, raw: bool) -> None:
        """Switch between the rebuilt text and the raw lines at the same place."""
        line = self.current_line or 1
        if raw:
            self._go(Place(None, line, edition=self.edition))
        else:
            para_id = self.paragraph_at_line(line)
            if para_id is None:   # no paragraph there: the start of the narrative
                para_id = min(self.paragraphs, key=lambda p: self.paragraphs[p].first_line, default=None)
            if para_id is not None:
                self._go(Place(para_id, self.paragraphs[para_id].first_line, edition=self.edition))

    # --- history -----------------------------------------------------------------------------------
    def back(self) -> None:
        if self.history_index > 0:
            self.history_index -= 1
            self._show(self.history[self.history_index])
            self._update_buttons()

    def forward(self) -> None:
        if self.history_index < len(self.history) - 1:
            self.history_index += 1
            self._show(self.history[self.history_index])
            self._update_buttons()

    def _update_buttons(self) -> None:
        self.back_button.setEnabled(self.history_index > 0)
        self.forward_button.setEnabled(self.history_index < len(self.history) - 1)

    def highlighted_paragraph(self) -> str:
        """The text of the highlighted paragraph (for tests and copy)."""
        if self.current is None or self.current.para_id is None:
            return self.raw.highlighted_text()
        return self.paragraphs[self.current.para_id].text


def make(ctx: PaneContext) -> ReportReader:
    """The report reader in the window."""
    pane = ReportReader(ctx.db_path, ctx.report_path, ctx.parent)
    pane.host = ctx.host
    pane.place_changed.connect(lambda _p: ctx.host.update_title())
    return pane
