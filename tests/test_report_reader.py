"""The report reader: rebuilt text and outline, every "open in report" landing on its paragraph."""

from __future__ import annotations

import pytest
from conftest import with_report_read
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from ipexplorer.store.database import connect
from ipexplorer.ui.grid.table_model import SOURCE_LINE_ROLE
from ipexplorer.ui.panes.report_reader import ReportReader


@pytest.fixture
def window(qtbot, window):
    return with_report_read(qtbot, window)


def _block_format(reader, para_id):
    """The character format of a paragraph's first block, as laid out (its chapter shown)."""
    reader.show_paragraph(para_id)
    cursor = QTextCursor(reader.text.document().findBlockByNumber(reader.paragraphs[para_id].block))
    cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
    return QTextCharFormat(cursor.charFormat())


def test_the_document_is_built_on_first_show_only(qtbot, built_db, report_path):
    reader = ReportReader(built_db, report_path)
    qtbot.addWidget(reader, before_close_func=lambda w: w.shutdown())
    assert not reader.built and not reader.paragraphs
    reader.show()
    assert not reader.built                   # read off the GUI thread: built when its text arrives
    qtbot.waitUntil(lambda: reader.built, timeout=5000)
    assert reader.built and reader.paragraphs and reader.outline.topLevelItemCount() > 0
    titles = [reader.outline.topLevelItem(i).text(0) for i in range(reader.outline.topLevelItemCount())]
    assert any(t.startswith("第一章") for t in titles)


def test_captions_and_tables_look_unlike_text(window):
    window.show_pane("report")
    reader = window.report_view
    kinds = {p.kind: p.para_id for p in reader.paragraphs.values()}
    caption, table, text = (_block_format(reader, kinds[k]) for k in ("caption", "table", "text"))
    assert caption.fontItalic() and not text.fontItalic()
    assert caption.foreground().color() != text.foreground().color()
    assert any("Mono" in f or f == "monospace" for f in table.fontFamilies())


def test_show_line_in_the_narrative_and_in_the_appendix(window):
    conn = connect(window.db_path)
    para_id, _first, last, text = conn.execute(
        "SELECT para_id, first_line, last_line, text FROM paragraph WHERE kind = 'text' AND last_line > first_line "
        "ORDER BY first_line LIMIT 1 OFFSET 40").fetchone()
    appendix_line = conn.execute("SELECT source_line FROM observation WHERE table_no = 1 LIMIT 1").fetchone()[0]
    conn.close()
    window.open_report_line(last)
    reader = window.report_view
    assert window.current_pane() == "report"
    assert reader.current.para_id == para_id and reader.highlighted_paragraph() == text
    assert not reader.raw_button.isChecked()
    window.open_report_line(appendix_line)          # a table's line: the raw text at that line
    assert reader.current.para_id is None and reader.raw_button.isChecked()
    assert reader.current_line == appendix_line
    assert reader.raw.text.textCursor().blockNumber() == appendix_line - 1


def test_a_table_cell_opens_its_in_text_table(qtbot, window):
    explorer = window.explorer
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(101, "wide")
    model = explorer.model
    index = next(model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())
                 if model.index(r, c).data(SOURCE_LINE_ROLE))
    explorer.view.setCurrentIndex(index)
    explorer.open_button.click()
    reader = window.report_view
    assert window.current_pane() == "report"
    para = reader.paragraphs[reader.current.para_id]
    assert para.kind == "table" and para.first_line <= index.data(SOURCE_LINE_ROLE) <= para.last_line
    assert reader.current_section() == para.section_id
    assert str(para.first_line) in reader.where.text()


def test_raw_toggle_keeps_the_place(window):
    reader = window.report_view
    window.open_report_line(700)
    para_id = reader.current.para_id
    assert para_id is not None
    reader.raw_button.click()
    assert reader.stack.currentWidget() is reader.raw and reader.current_line == 700
    assert reader.raw.text.textCursor().blockNumber() == 699
    reader.raw_button.click()
    assert reader.stack.currentWidget() is reader.text and reader.current.para_id == para_id


def test_back_and_forward_through_visited_places(qtbot, window):
    reader = window.report_view
    window.open_report_line(150)
    window.open_report_line(600)
    window.open_report_line(1600)
    assert reader.current_line == 1600
    reader.back_button.click()
    assert reader.current_line == 600
    qtbot.keyClick(reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert reader.current_line == 150 and not reader.back_button.isEnabled()
    reader.forward()
    assert reader.current_line == 600


def test_the_outline_and_the_place_say_where_the_reader_is_after_back_and_past_the_end(qtbot, window):
    """Back from a narrative line to an appendix line left the narrative's section marked in the outline; line
    99999 was said beside the last line highlighted."""
    reader = window.report_view
    window.open_report_line(1559)   # the appendix: no section of the outline
    assert reader.outline.currentItem() is None
    window.open_report_line(465)
    assert reader.outline.currentItem() is not None
    reader.back()
    assert reader.current_line == 1559 and "1559" in reader.where.text()
    assert reader.outline.currentItem() is None and not reader.outline.selectedItems()
    last = reader.raw.text.document().blockCount()
    window.open_report_line(99999)
    assert reader.current_line == last and str(last) in reader.where.text() and "99999" not in reader.where.text()
    assert reader.raw.highlighted_text() == reader.raw.text.document().lastBlock().text()


def test_outline_click_scrolls_to_the_section(qtbot, window):
    window.show_pane("report")
    reader = window.report_view
    chapter = next(i for i in reader.section_items.values() if i.text(0).startswith("第八章"))
    reader._on_outline(chapter)
    assert reader.paragraphs[reader.current.para_id].section_id == chapter.data(0, Qt.ItemDataRole.UserRole)
    assert reader.text.verticalScrollBar().value() == 0          # a chapter opens at its top
    item = chapter.child(chapter.childCount() - 1)                 # its last section: further down
    reader._on_outline(item)
    para = reader.paragraphs[reader.current.para_id]
    assert para.section_id == item.data(0, Qt.ItemDataRole.UserRole)
    assert reader.text.verticalScrollBar().value() > 0


def test_the_document_holds_one_chapter_and_links_to_the_next(qtbot, window):
    from PySide6.QtCore import QUrl

    window.show_pane("report")
    reader = window.report_view
    whole = sum(len(p.text) for p in reader.paragraphs.values())
    first, second = reader.chapters[:2]
    assert reader.chapter == first
    text = reader.text.toPlainText()
    assert len(text) < whole / 3                                   # one chapter laid out, not the report
    assert reader.section_titles[second] in text.splitlines()[-1]  # the last line names the next chapter
    last = reader.text.document().lastBlock()
    hrefs, it = set(), last.begin()
    while not it.atEnd():
        hrefs.add(it.fragment().charFormat().anchorHref())
        it += 1
    (href,) = hrefs - {""}
    reader.text.anchorClicked.emit(QUrl(href))
    assert reader.chapter == second and reader.paragraphs[reader.current.para_id].chapter == second
    assert reader.section_titles[first] in reader.text.toPlainText().splitlines()[0]   # and back to the one before
    assert reader.section_titles[second] in reader.text.toPlainText()
    assert all(p.block == -1 for p in reader.paragraphs.values() if p.chapter != second)


def test_a_line_opens_the_paragraph_it_starts_or_ends_when_ranges_overlap(window):
    reader = window.report_view
    window.open_report_line(654)          # paragraphs 643–656 and 654–668 flow around a table
    assert reader.paragraphs[reader.current.para_id].first_line == 654
    window.open_report_line(656)
    assert reader.paragraphs[reader.current.para_id].first_line == 643


def test_an_in_text_tables_columns_line_up(window):
    window.open_report_line(660)
    reader = window.report_view
    table = [p for p in reader.paragraphs.values() if p.kind == "table" and 658 <= p.first_line <= 665]
    doc = reader.text.document()
    stops = {tuple(t.position for t in doc.findBlockByNumber(p.block).blockFormat().tabPositions()) for p in table}
    assert len(stops) == 1                                  # every row of the table shares its tab stops
    (positions,) = stops
    assert len(positions) == 2 and positions[0] < positions[1]


def test_the_landed_paragraph_and_line_are_readable_in_the_dark(qtbot, built_db, report_path, qapp):
    from ipexplorer.ui.shell import theme

    theme.apply("dark", qapp)
    try:
        reader = ReportReader(built_db, report_path)
        qtbot.addWidget(reader, before_close_func=lambda w: w.shutdown())
        with qtbot.waitSignal(reader.built_changed, timeout=5000):
            reader.show()
        for line in (259, 1559):       # a paragraph of the narrative, a row of an appendix table (raw)
            reader.show_line(line)
            view = reader.raw.text if line == 1559 else reader.text
            selections = view.extraSelections()
            assert selections
            for s in selections:
                from PySide6.QtGui import QPalette, QTextFormat

                # the text keeps the palette's colour unless the highlight sets its own
                own = s.format.hasProperty(QTextFormat.Property.ForegroundBrush)
                fg = s.format.foreground().color() if own else view.palette().color(QPalette.ColorRole.Text)
                bg = s.format.background().color()
                assert theme.contrast_ratio(fg, bg) >= 4.5, (line, fg.name(), bg.name())
    finally:
        theme.apply("light", qapp)


def test_the_raw_view_is_line_numbered(qtbot, built_db, report_path, monkeypatch):
    from PySide6.QtGui import QImage, QPainter

    reader = ReportReader(built_db, report_path)
    qtbot.addWidget(reader, before_close_func=lambda w: w.shutdown())
    reader.resize(900, 600)
    with qtbot.waitSignal(reader.built_changed, timeout=5000):
        reader.show()
    reader.show_line(1559)
    raw = reader.raw.text
    assert raw.viewportMargins().left() >= raw.fontMetrics().horizontalAdvance("1559")
    gutter = raw.gutter.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    colours = {gutter.pixel(x, y) for x in range(0, gutter.width(), 2) for y in range(0, gutter.height(), 2)}
    assert len(colours) > 2                   # digits drawn, not an empty strip
    drawn, draw_text = [], QPainter.drawText

    def recording(painter, *args):
        if len(args) == 6:                    # (x, y, width, height, flags, text): a line's number
            drawn.append((args[1], args[5]))
        return draw_text(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", recording)
    raw.gutter.grab()
    numbers = [int(text) for _y, text in drawn]
    first = raw.firstVisibleBlock().blockNumber() + 1
    assert len(numbers) > 10 and numbers == list(range(first, first + len(numbers)))   # every line, in a row
    line = raw.document().findBlockByNumber(1559 - 1)
    top = round(raw.blockBoundingGeometry(line).translated(raw.contentOffset()).top())
    assert (top, "1559") in drawn             # beside the line it numbers


# --- several editions ---------------------------------------------------------------------------------------
@pytest.fixture
def editions_window(qtbot, two_editions, settings):
    """The main window over a database of the 2020 report and its year-shifted copy (the 2019 edition)."""
    from ipexplorer.ui.shell.main_window import MainWindow

    w = MainWindow(two_editions, settings=settings)
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    w.show_pane("report")
    qtbot.waitUntil(lambda: w.report_view.built, timeout=10000)
    yield w
    w.close()


def _edition_rows(db, sql: str, *params):
    conn = connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_the_reader_offers_each_edition_and_reads_the_one_chosen(qtbot, editions_window, two_editions,
                                                                 shifted_report):
    reader = editions_window.report_view
    combo = reader.edition_combo
    assert combo.isVisible() and [combo.itemData(i) for i in range(combo.count())] == [2020, 2019]
    assert reader.edition == 2020
    editions_window.open_report_line(700)
    start = reader.current
    latest = set(reader.paragraphs)
    assert latest == {p for (p,) in _edition_rows(two_editions, "SELECT para_id FROM edition_paragraph "
                                                                 "WHERE edition = 2020")}
    combo.setCurrentIndex(combo.findData(2019))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: reader.built and reader.edition == 2019, timeout=10000)
    older = {p for (p,) in _edition_rows(two_editions, "SELECT para_id FROM edition_paragraph WHERE edition = 2019")}
    assert set(reader.paragraphs) == older and not older & latest
    assert "2019" in reader.where.text() and reader.current.edition == 2019
    titles = [reader.outline.topLevelItem(i).text(0) for i in range(reader.outline.topLevelItemCount())]
    assert titles and reader.raw.report_path == shifted_report      # the raw lines are that edition's file
    reader.raw_button.click()
    assert reader.raw.highlighted_text() == shifted_report.read_text(encoding="utf-8").splitlines()[
        reader.current_line - 1]
    reader.back()
    assert reader.current.edition == 2019 and not reader.raw_button.isChecked()
    reader.back()                                                  # back into the 2020 edition: read again
    qtbot.waitUntil(lambda: reader.built and reader.edition == 2020 and reader.current == start, timeout=10000)
    assert combo.currentData() == 2020 and reader.paragraphs[start.para_id].first_line <= 700


def test_every_link_opens_the_line_of_its_own_edition(qtbot, editions_window, two_editions):
    window, reader = editions_window, editions_window.report_view
    # a paragraph the 2019 edition alone prints (its years moved back): a search hit of that edition opens it there
    para_id, first, text = _edition_rows(
        two_editions, "SELECT para_id, first_line, text FROM edition_paragraph WHERE edition = 2019 "
                      "AND text LIKE '2019年，国家知识产权局%' LIMIT 1")[0]
    window.open_paragraph(para_id, "国家知识产权局")
    qtbot.waitUntil(lambda: reader.current is not None and reader.current.para_id == para_id, timeout=10000)
    assert reader.edition == 2019 and reader.highlighted_paragraph() == text
    assert reader.edition_combo.currentData() == 2019
    # a line with no edition named (an observation, an event of the latest edition): the latest edition's
    window.open_report_line(first)
    qtbot.waitUntil(lambda: reader.built and reader.edition == 2020 and reader.current.edition == 2020,
                    timeout=10000)
    assert reader.current.para_id in reader.paragraphs and reader.current.para_id != para_id
    # a line of the 2019 edition named by its edition
    window.open_report_line(first, 2019)
    qtbot.waitUntil(lambda: reader.built and reader.current.edition == 2019, timeout=10000)
    assert reader.current.para_id == para_id


def test_one_edition_has_no_chooser(window):
    window.show_pane("report")
    reader = window.report_view
    assert reader.edition == 2020 and not reader.edition_combo.isVisible()
    assert reader.edition_combo.count() == 1


def test_a_chapter_paints_in_bands_what_one_paint_gives(qtbot, window):
    """A chapter just laid out paints its first frame band by band (the font file pages each band read given
    back before the next): the pixels are those of one paint."""
    window.show_pane("report")
    reader = window.report_view
    qtbot.waitUntil(lambda: reader.chapter is not None and not reader.text._banded, timeout=5000)
    bands = []
    paint = type(reader.text).__mro__[1].paintEvent
    reader.text.paint_in_bands()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(reader.text).__mro__[1], "paintEvent", lambda self, e: (bands.append(e.rect()),
                                                                                    paint(self, e)))
        banded = reader.text.viewport().grab().toImage()
        whole = reader.text.viewport().grab().toImage()
    assert len(bands) > 2 and all(b.height() <= 64 for b in bands[:-1]), bands
    assert banded == whole
