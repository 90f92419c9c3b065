"""The Search pane and the report reader, driven through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ipexplorer.store.database import connect
from ipexplorer.ui.search_pane import MARKERS, SearchPane


@pytest.fixture
def pane(qtbot, built_db, settings):
    widget = SearchPane(built_db, settings)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
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
def test_one_and_two_character_queries_find_paragraphs(pane, term):
    hits = pane.set_query(term) or pane.model.hits
    assert len(hits) > 0
    assert all(term in h.snippet.replace(MARKERS[0], "").replace(MARKERS[1], "") for h in hits)


def test_a_region_in_english_finds_its_chinese_paragraphs(pane):
    pane.set_query("Guangdong")
    hits = pane.model.hits
    assert hits and all(h.matched == "广东" for h in hits)
    assert any("第九章" in h.section for h in hits)


def test_no_results_says_so(pane):
    pane.set_query("量子纠缠")
    assert pane.model.rowCount() == 0
    assert "量子纠缠" in pane.count_label.text()


def test_chapter_filter_keeps_that_chapter(pane):
    pane.set_query("专利")
    everything = len(pane.model.hits)
    index = next(i for i in range(pane.chapter.count()) if pane.chapter.itemText(i).startswith("第九章"))
    pane.chapter.setCurrentIndex(index)
    hits = pane.model.hits
    assert 0 < len(hits) < everything and all(h.section.startswith("第九章") for h in hits)


def test_recent_searches_persist_across_panes(qtbot, built_db, settings, pane):
    for text in ("商标", "WIPO", "商标"):
        pane.set_query(text)
        pane.remember(text)
    assert pane.recent() == ["商标", "WIPO"]
    again = SearchPane(built_db, settings)
    qtbot.addWidget(again)
    assert [again.query.itemText(i) for i in range(again.query.count())] == ["商标", "WIPO"]
    again.shutdown()


def test_opening_a_result_lands_the_reader_on_its_paragraph(qtbot, window):
    window.show_pane("search")
    window.search.set_query("WIPO")
    hit = window.search.model.hits[0]
    window.search.view.setFocus()
    qtbot.keyClick(window.search.view, Qt.Key.Key_Return)
    assert window.current_pane() == "report"
    reader = window.report_view
    assert reader.current.para_id == hit.para_id and reader.current.term == "WIPO"
    assert "WIPO" in reader.highlighted_paragraph()
    assert "WIPO" in reader.highlighted[1:]               # the term marked inside the paragraph
    section = reader.current_section()
    conn = connect(window.db_path)
    expected = conn.execute("SELECT section_id FROM paragraph WHERE para_id = ?", (hit.para_id,)).fetchone()[0]
    conn.close()
    assert section == expected
    assert window.search.recent()[0] == "WIPO"


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


def test_outline_click_scrolls_to_the_section(qtbot, window):
    window.show_pane("report")
    reader = window.report_view
    item = next(i for i in reader.section_items.values() if i.text(0).startswith("第八章"))
    reader._on_outline(item)
    assert reader.current is not None
    para = reader.paragraphs[reader.current.para_id]
    assert para.section_id == item.data(0, Qt.ItemDataRole.UserRole)
    assert reader.text.verticalScrollBar().value() > 0


def test_find_goes_to_the_search_box_on_search_and_report(qtbot, window):
    window.show_pane("report")
    window.findChild(type(window.export_action), "findAction").trigger()
    assert window.current_pane() == "search"
    window.show_pane("timeline")
    window.findChild(type(window.export_action), "findAction").trigger()
    assert window.current_pane() == "tables"


def test_a_line_opens_the_paragraph_it_starts_or_ends_when_ranges_overlap(window):
    reader = window.report_view
    window.open_report_line(654)          # paragraphs 643–656 and 654–668 flow around a table
    assert reader.paragraphs[reader.current.para_id].first_line == 654
    window.open_report_line(656)
    assert reader.paragraphs[reader.current.para_id].first_line == 643
