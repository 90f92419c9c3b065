"""The Search pane, driven through the real widget; opening a hit lands in the report reader."""

from __future__ import annotations

import pytest
from conftest import arrives_later
from PySide6.QtCore import Qt

from ipexplorer.store.database import connect
from ipexplorer.ui.panes.search_pane import MARKERS, SearchPane


def searched(qtbot, pane, text: str) -> list:
    """Search and wait for the hits (the search runs off the GUI thread)."""
    arrives_later(qtbot, pane.searched, lambda: pane.set_query(text))
    return pane.model.hits


def chapter_chosen(qtbot, pane, index: int) -> list:
    arrives_later(qtbot, pane.searched, lambda: pane.chapter.setCurrentIndex(index))
    return pane.model.hits


@pytest.fixture
def pane(qtbot, built_db, settings):
    widget = SearchPane(built_db, settings)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitUntil(lambda: widget.chapter.count() > 1, timeout=5000)   # the chapters are read off the GUI thread
    yield widget
    widget.shutdown()


def test_typing_shows_ranked_hits_with_the_match_marked(qtbot, pane):
    qtbot.keyClicks(pane.query.lineEdit(), "WIPO")
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=2000)   # after the pause in typing
    hits = pane.model.hits
    assert all(MARKERS[0] + "WIPO" + MARKERS[1] in h.snippet for h in hits[:5])
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)
    assert "WIPO" in pane.count_label.text() and str(len(hits)) in pane.count_label.text()
    assert pane.view.currentIndex().row() == 0


@pytest.mark.parametrize("term", ["专利", "疫"])
def test_one_and_two_character_queries_find_paragraphs(qtbot, pane, term):
    hits = searched(qtbot, pane, term)
    assert len(hits) > 0
    assert all(term in h.snippet.replace(MARKERS[0], "").replace(MARKERS[1], "") for h in hits)


def test_a_region_in_english_finds_its_chinese_paragraphs(qtbot, pane):
    hits = searched(qtbot, pane, "Guangdong")
    assert hits and all(h.matched == "广东" for h in hits)
    assert any("第九章" in h.section for h in hits)


def test_no_results_says_so_over_the_list_with_the_way_out(qtbot, pane):
    note = pane.empty_note
    assert not note.isVisible()   # before a search: the line above the list asks for words
    searched(qtbot, pane, "量子纠缠")
    assert pane.model.rowCount() == 0
    assert "量子纠缠" in pane.count_label.text()
    assert note.isVisible() and "量子纠缠" in note.text() and "更短" in note.text()
    viewport = pane.view.viewport().rect()
    assert viewport.contains(note.geometry()) and note.width() > viewport.width() // 2
    searched(qtbot, pane, "专利 量子纠缠")
    assert "专利 量子纠缠" in note.text()
    index = next(i for i in range(pane.chapter.count()) if pane.chapter.itemText(i).startswith("第九章"))
    chapter_chosen(qtbot, pane, index)
    assert pane.model.rowCount() == 0 and note.isVisible()
    assert pane.chapter.itemText(index) in note.text() and "全部章节" in note.text()
    searched(qtbot, pane, "专利")
    assert pane.model.rowCount() > 0 and not note.isVisible()


def test_chapter_filter_keeps_that_chapter(qtbot, pane):
    everything = len(searched(qtbot, pane, "专利"))
    index = next(i for i in range(pane.chapter.count()) if pane.chapter.itemText(i).startswith("第九章"))
    hits = chapter_chosen(qtbot, pane, index)
    assert 0 < len(hits) < everything and all(h.section.startswith("第九章") for h in hits)


def test_recent_searches_persist_across_panes(qtbot, built_db, settings, pane):
    for text in ("商标", "WIPO", "商标"):
        searched(qtbot, pane, text)
        pane.remember(text)
    assert pane.recent() == ["商标", "WIPO"]
    again = SearchPane(built_db, settings)
    qtbot.addWidget(again)
    assert [again.query.itemText(i) for i in range(again.query.count())] == ["商标", "WIPO"]
    again.shutdown()


def test_opening_a_result_lands_the_reader_on_its_paragraph(qtbot, window):
    window.show_pane("search")
    hit = searched(qtbot, window.search, "WIPO")[0]
    window.search.view.setFocus()
    qtbot.keyClick(window.search.view, Qt.Key.Key_Return)
    assert window.current_pane() == "report"
    reader = window.report_view
    qtbot.waitUntil(lambda: reader.current is not None)   # once its text is read (off the GUI thread)
    assert reader.current.para_id == hit.para_id and reader.current.term == "WIPO"
    assert "WIPO" in reader.highlighted_paragraph()
    assert "WIPO" in reader.highlighted[1:]               # the term marked inside the paragraph
    section = reader.current_section()
    conn = connect(window.db_path)
    expected = conn.execute("SELECT section_id FROM paragraph WHERE para_id = ?", (hit.para_id,)).fetchone()[0]
    conn.close()
    assert section == expected
    assert window.search.recent()[0] == "WIPO"





def test_find_goes_to_the_search_box_on_search_and_report(qtbot, window):
    window.show_pane("report")
    window.findChild(type(window.export_action), "findAction").trigger()
    assert window.current_pane() == "search"
    window.show_pane("overview")   # a pane with nothing to find in: the Tables pane's filter
    window.findChild(type(window.export_action), "findAction").trigger()
    assert window.current_pane() == "tables"


def test_the_chapter_filter_finds_every_match_of_its_chapter_not_only_those_in_the_best_200(qtbot, pane, built_db):
    """产 is in 269 paragraphs: the chapter's own matches count, however low they rank among all of them."""
    from ipexplorer.ui.panes.search_pane import LIMIT

    searched(qtbot, pane, "产")
    assert len(pane.model.hits) == LIMIT                       # the unfiltered list is cut at the limit
    checked = 0
    conn = connect(built_db)
    for i in range(1, pane.chapter.count()):
        chapter = pane.chapter.itemData(i)
        expected = conn.execute(
            "SELECT count(*) FROM paragraph p JOIN section s ON s.section_id = p.section_id "
            "WHERE instr(p.text, '产') > 0 AND substr(s.path, 1, length(?)) = ?", (chapter, chapter)).fetchone()[0]
        hits = chapter_chosen(qtbot, pane, i)
        assert len(hits) == min(expected, LIMIT), chapter
        assert all(h.section.startswith(chapter) for h in hits)
        checked += expected > 5
    conn.close()
    assert checked >= 5


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_the_selected_hits_section_line_is_readable(qtbot, pane, theme_name):
    """The grey section line stayed grey on the selection's blue (about 2:1 in the dark theme): it reads as
    well as the snippet above it."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

    from ipexplorer.ui.shell import theme
    from ipexplorer.ui.shell.theme import contrast_ratio

    app = QApplication.instance()
    before = app.palette()
    theme.apply(theme_name, app)
    try:
        hits = searched(qtbot, pane, "WIPO")
        option = QStyleOptionViewItem()
        option.initFrom(pane.view)
        option.palette = app.palette()
        option.state |= QStyle.StateFlag.State_Selected
        document = pane.view.itemDelegate()._document(option, hits[0])
        section_line = document.lastBlock()          # "第…章 … · line"
        assert hits[0].section in section_line.text()
        colour = section_line.begin().fragment().charFormat().foreground().color()
        highlight = app.palette().color(QPalette.ColorRole.Highlight)
        text = app.palette().color(QPalette.ColorRole.HighlightedText)   # the snippet's own colour there
        assert contrast_ratio(colour, highlight) >= min(4.5, contrast_ratio(text, highlight)), colour.name()
    finally:
        app.setPalette(before)


def test_a_selected_hit_stays_selected_when_the_hits_come_to_name_their_edition(qtbot, pane):
    """The hits shown are told to name their edition (a second edition found): the text of every row changes,
    the selected hit stays selected and current (a layout change unannounced dropped the selection)."""
    hits = searched(qtbot, pane, "专利")
    assert len(hits) > 3
    pane.model.several_editions = False
    index = pane.model.index(2, 0)
    pane.view.setCurrentIndex(index)
    pane.view.selectionModel().select(index, pane.view.selectionModel().SelectionFlag.ClearAndSelect)
    assert pane.view.selectionModel().isSelected(index)
    pane._add_chapters(([], 2))
    assert pane.model.several_editions
    assert [i.row() for i in pane.view.selectionModel().selectedIndexes()] == [2]
    assert pane.view.currentIndex().row() == 2


def test_the_chapter_box_is_as_wide_as_its_longest_chapter(qtbot, pane):
    """Its chapters arrive after the first show: it kept the width of "All chapters" and cut the chapter chosen
    (第二章 法律事务 read 第二章 法律事, with no ellipsis)."""
    box = pane.chapter
    longest = max((box.itemText(i) for i in range(box.count())), key=box.fontMetrics().horizontalAdvance)
    qtbot.waitUntil(lambda: box.width() >= box.fontMetrics().horizontalAdvance(longest))
    assert pane.query.width() > box.width()   # the query keeps the most room
    box.setCurrentIndex(box.findText(longest))
    assert box.toolTip() == longest
