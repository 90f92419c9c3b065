"""The table explorer with real widgets over the real database: sort, filter, facets, copy, provenance."""

from __future__ import annotations

import pytest
from conftest import arrives_later
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from ipexplorer.query.builder import ColumnFilter
from ipexplorer.ui.grid.table_model import RAW_ROLE, SOURCE_LINE_ROLE
from ipexplorer.ui.panes.table_explorer import TableExplorer


@pytest.fixture
def explorer(qtbot, built_db, settings):
    widget = TableExplorer(built_db, settings)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0 and widget.model.fully_loaded)
    yield widget
    widget.shutdown()


def wait_loaded(qtbot, explorer, action):
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        action()


def column(explorer, key):
    model = explorer.model
    c = model.column_index(key)
    return [model.index(r, c).data(RAW_ROLE) for r in range(model.rowCount())]


def test_opens_table_1_wide_as_printed(explorer):
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("zh"))
    model = explorer.model
    assert explorer.dataset.key == "wide:1"
    assert model.rowCount() == 51
    assert column(explorer, "region_zh")[:3] == ["国内总计", "北京", "天津"]
    c4 = model.column_index("c4")
    assert model.headerData(c4, Qt.Orientation.Horizontal) == "合计"
    assert model.columns[c4].group_zh == "2020年"
    assert model.index(0, c4).data() == "5,016,030"
    assert model.index(0, c4).data(RAW_ROLE) == 5016030
    assert explorer.header.has_groups()


def test_model_passes_qtmodeltester(qtmodeltester, explorer):
    qtmodeltester.check(explorer.model, force_py=True)


def test_click_sorts_numbers_as_numbers(qtbot, explorer):
    wait_loaded(qtbot, explorer, lambda: explorer.sort_by("c4", ascending=False))
    values = column(explorer, "c4")
    assert values == sorted(values, reverse=True)
    assert column(explorer, "region_zh")[:2] == ["国内总计", "广东"]


def test_header_click_sorts_and_shift_click_adds_a_key(qtbot, explorer):
    header = explorer.header
    c = explorer.model.column_index("kind_zh")
    x = header.sectionViewportPosition(c) + 5
    wait_loaded(qtbot, explorer, lambda: qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                                                          pos=header.rect().center().__class__(x, 5)))
    assert explorer.model.state.sort == (("kind_zh", True),)
    c4 = explorer.model.column_index("c4")
    explorer.view.scrollTo(explorer.model.index(0, c4))
    x4 = header.sectionViewportPosition(c4) + 5
    wait_loaded(qtbot, explorer, lambda: qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
        header.rect().center().__class__(x4, 5)))
    assert explorer.model.state.sort == (("kind_zh", True), ("c4", False))
    assert "▼2" in explorer.model.headerData(c4, Qt.Orientation.Horizontal)
    kinds = column(explorer, "kind_zh")
    provinces = [v for k, v in zip(kinds, column(explorer, "c4"), strict=True) if k.startswith("省级")]
    assert provinces == sorted(provinces, reverse=True) and len(provinces) == 31


def test_chinese_names_sort_in_pinyin_or_unicode_order(qtbot, explorer):
    wait_loaded(qtbot, explorer, lambda: explorer.sort_by("region_zh", ascending=True))
    names = column(explorer, "region_zh")
    assert names[:4] == ["安徽", "澳门", "北京", "长春"]  # chang2 < cheng2
    assert names.index("重庆") < names.index("大连")  # chong < da: the polyphone 重 read right
    wait_loaded(qtbot, explorer, lambda: explorer.order_combo.setCurrentIndex(1))
    assert column(explorer, "region_zh") == sorted(names)  # code-point order


def test_english_names_sort_alphabetically(qtbot, explorer):
    wait_loaded(qtbot, explorer, lambda: explorer.sort_by("region_en", ascending=True))
    names = column(explorer, "region_en")
    assert names == sorted(names, key=str.lower)


def test_quick_filter_matches_chinese_english_and_pinyin(qtbot, explorer):
    for text, expected in (("广", {"广东", "广西", "广州"}), ("Shenzhen", {"深圳"}),
                           ("guang", {"广东", "广西", "广州"}), ("inner mon", {"内蒙古"})):
        wait_loaded(qtbot, explorer, lambda t=text: explorer.quick.setText(t))
        assert set(column(explorer, "region_zh")) == expected, text


def open_popup(qtbot, explorer, key: str):
    """A header's filter popup: its values are asked off the GUI thread, it opens when they arrive."""
    (popup,) = arrives_later(qtbot, explorer.grid.popup_shown,
                             lambda: explorer.open_filter_popup(explorer.model.column_index(key)))
    return popup


def test_value_checklist_filter_keeps_several_values(qtbot, explorer):
    popup = open_popup(qtbot, explorer, "region_zh")
    popup.set_checked({"北京", "上海", "深圳"})
    wait_loaded(qtbot, explorer, popup.apply)
    assert set(column(explorer, "region_zh")) == {"北京", "上海", "深圳"}
    assert any("北京" in chip for chip in explorer.chip_texts())


def test_checklist_search_narrows_the_list(qtbot, explorer):
    popup = open_popup(qtbot, explorer, "region_zh")
    popup.search.setText("江")
    visible = [popup.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(popup.list.count())
               if not popup.list.item(i).isHidden()]
    assert set(visible) == {"江苏", "江西", "黑龙江", "浙江"}
    popup.close()


def test_numeric_range_and_top_bottom_n(qtbot, explorer):
    wait_loaded(qtbot, explorer, lambda: explorer.set_filter(ColumnFilter("c4", low=100_000, high=200_000)))
    values = column(explorer, "c4")
    assert values and all(100_000 <= v <= 200_000 for v in values)
    wait_loaded(qtbot, explorer, lambda: explorer.set_filter(ColumnFilter("c4", top=5)))
    assert len(column(explorer, "c4")) == 5 and 5016030 in column(explorer, "c4")
    wait_loaded(qtbot, explorer, lambda: explorer.set_filter(ColumnFilter("c4", bottom=3)))
    assert sorted(column(explorer, "c4")) == [150, 2296, 2564]  # 澳门, 西藏, XPCC


def test_numeric_popup_top_n(qtbot, explorer):
    popup = open_popup(qtbot, explorer, "c5")
    popup.top_radio.setChecked(True)
    popup.n.setValue(3)
    wait_loaded(qtbot, explorer, popup.apply)
    assert len(column(explorer, "c5")) == 3


def test_region_kind_facet_and_clear_all(qtbot, explorer):
    wait_loaded(qtbot, explorer, lambda: explorer.set_filter(
        ColumnFilter("kind_zh", values=("省级行政区 Province",))))
    assert explorer.model.rowCount() == 31
    wait_loaded(qtbot, explorer, lambda: explorer.quick.setText("江"))
    assert explorer.model.rowCount() == 4  # 江苏 江西 浙江 黑龙江
    wait_loaded(qtbot, explorer, explorer.clear_filters)
    assert explorer.model.rowCount() == 51 and explorer.chip_texts() == []


def test_chip_removes_its_filter(qtbot, explorer):
    wait_loaded(qtbot, explorer, lambda: explorer.set_filter(ColumnFilter("c4", top=5)))
    chip = next(explorer.chips.itemAt(i).widget() for i in range(explorer.chips.count())
                if explorer.chips.itemAt(i).widget() and explorer.chips.itemAt(i).widget().objectName() == "filterChip")
    wait_loaded(qtbot, explorer, chip.click)
    assert explorer.model.rowCount() == 51


def test_long_layout_facets_filter_rows(qtbot, explorer):
    wait_loaded(qtbot, explorer, lambda: explorer.show_table(None, "long"))
    qtbot.waitUntil(lambda: explorer.model.total is not None)
    assert explorer.model.total >= 6460
    wait_loaded(qtbot, explorer, lambda: explorer._toggle_row_facet("year", 2019, False, [2019, 2020]))
    assert set(column(explorer, "year")) == {2020}
    # the count of 2020's values arrives: the twelve tables' 3,230 and the in-text tables' 30
    qtbot.waitUntil(lambda: explorer.model.total == 3260)
    explorer.set_filter(ColumnFilter("table_no", values=(1,)))
    qtbot.waitUntil(lambda: explorer.model.total == 204)


def test_wide_layout_year_facet_hides_columns(explorer):
    c0, c4 = explorer.model.column_index("c0"), explorer.model.column_index("c4")
    explorer.set_column_facet("year", {2020})
    assert explorer.view.isColumnHidden(c0) and not explorer.view.isColumnHidden(c4)
    explorer.set_column_facet("ip_type_zh", {"invention"})
    c5 = explorer.model.column_index("c5")
    assert explorer.view.isColumnHidden(c4) and not explorer.view.isColumnHidden(c5)


def test_names_in_chinese_english_or_both(explorer):
    zh, en = explorer.model.column_index("region_zh"), explorer.model.column_index("region_en")
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("en"))
    assert explorer.view.isColumnHidden(zh) and not explorer.view.isColumnHidden(en)
    assert explorer.model.headerData(explorer.model.column_index("c4"), Qt.Orientation.Horizontal) == \
        "Patents (all types)"
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("both"))
    assert not explorer.view.isColumnHidden(zh) and not explorer.view.isColumnHidden(en)


def select_block(explorer, rows, keys):
    model = explorer.model
    selection = QItemSelection()
    for key in keys:
        c = model.column_index(key)
        selection.select(model.index(rows[0], c), model.index(rows[-1], c))
    explorer.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_copy_selection_as_tsv_with_headers(explorer):
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("zh"))
    select_block(explorer, [1, 2], ["region_zh", "c4", "pct_applications_patent"])
    explorer.copy_selection()
    text = QGuiApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0] == "\t2020年\t增长率"
    assert lines[1] == "地区\t合计\t合计"
    assert lines[2].split("\t")[:2] == ["北京", "254165"]
    assert lines[2].split("\t")[2].endswith("%")


def test_selection_stats_in_status(qtbot, explorer):
    with qtbot.waitSignal(explorer.stats_changed) as blocker:
        select_block(explorer, [1, 2], ["c4"])
    assert "求和：365,679" in blocker.args[0] and "计数：2" in blocker.args[0]


def test_ranks_in_a_selection_are_counted_never_added(qtbot, explorer):
    """A rank orders, it does not count: 1st + 2nd is no "3" (ranks summed and averaged like counts)."""
    with qtbot.waitSignal(explorer.stats_changed) as blocker:
        select_block(explorer, [1, 2], ["rank_applications_patent"])
    assert blocker.args[0] == "计数：2"
    assert explorer.model.index(1, explorer.model.column_index("rank_applications_patent")).data().isdigit()
    with qtbot.waitSignal(explorer.stats_changed) as blocker:
        select_block(explorer, [1, 2], ["c4", "rank_applications_patent"])
    assert "计数：4" in blocker.args[0] and "求和：365,679" in blocker.args[0]   # the counts alone added


def test_provenance_of_the_current_cell(qtbot, explorer):
    model = explorer.model
    index = model.index(model.rowCount() - 15, model.column_index("c5"))  # 深圳 is a bracketed row
    explorer.view.setCurrentIndex(index)
    line = index.data(SOURCE_LINE_ROLE)
    assert f"{line}" in explorer.provenance.text() and "表1" in explorer.provenance.text()
    with qtbot.waitSignal(explorer.open_report_line) as blocker:
        explorer.open_button.click()
    assert blocker.args == [line, 0]   # (line, edition): 0, the latest


def test_the_provenance_names_the_row_and_number_in_the_names_language(qtbot, explorer):
    """It named the region and the column in Chinese whatever the names; in the long layout it named the column
    of the current cell ("类别") instead of the number's year, measure and type."""
    model = explorer.model
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("en"))
    row = next(r for r in range(model.rowCount())
               if model.index(r, model.column_index("region_zh")).data(RAW_ROLE) == "广东")
    explorer.view.setCurrentIndex(model.index(row, model.column_index("c4")))
    text = explorer.provenance.text()
    assert "Guangdong" in text and "广东" not in text and "Patents (all types)" in text, text
    wait_loaded(qtbot, explorer, lambda: explorer.show_table(None, "long"))
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("both"))
    explorer.view.setCurrentIndex(model.index(0, model.column_index("kind_zh")))
    text = explorer.provenance.text()
    year = model.index(0, model.column_index("year")).data(RAW_ROLE)
    assert str(year) in text and model.index(0, model.column_index("measure_zh")).data() in text, text
    assert "国内总计 Domestic total" in text or model.index(0, model.column_index("region_en")).data() in text
    assert "年版" not in text   # one edition in the database: no edition to name


def test_select_all_selects_every_row(qtbot, explorer):
    wait_loaded(qtbot, explorer, lambda: explorer.show_table(8, "wide"))
    explorer.select_all()
    qtbot.waitUntil(lambda: len({r for r, _c in explorer.selected_pairs()}) == 205)


def test_state_survives_a_restart(qtbot, built_db, settings):
    first = TableExplorer(built_db, settings)
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: first.model.fully_loaded and first.model.rowCount() > 0)
    wait_loaded(qtbot, first, lambda: first.show_table(3, "wide"))
    wait_loaded(qtbot, first, lambda: first.sort_by("c5", ascending=False))
    wait_loaded(qtbot, first, lambda: first.set_filter(ColumnFilter("c5", top=10)))
    first.names_combo.setCurrentIndex(first.names_combo.findData("en"))
    first.view.setColumnWidth(first.model.column_index("c5"), 177)
    first.shutdown()
    second = TableExplorer(built_db, settings)
    qtbot.addWidget(second)
    qtbot.waitUntil(lambda: second.model.fully_loaded and second.model.rowCount() > 0)
    try:
        assert second.dataset.key == "wide:3"
        assert second.model.state.sort == (("c5", False),)
        assert second.model.state.filter_for("c5").top == 10
        assert second.names_combo.currentData() == "en"
        assert second.view.columnWidth(second.model.column_index("c5")) == 177
        assert second.model.rowCount() == 10
    finally:
        second.shutdown()


def test_years_tables_and_report_lines_show_without_thousands_separators(qtbot, explorer):
    wait_loaded(qtbot, explorer, lambda: explorer.show_table(None, "long"))
    model = explorer.model
    shown = {key: model.index(0, model.column_index(key)).data() for key in ("year", "source_line", "value")}
    assert shown["year"] in ("2019", "2020") and "," not in shown["source_line"]
    assert int(shown["source_line"]) > 1500
    explorer.view.selectionModel().select(model.index(0, model.column_index("year")),
                                          explorer.view.selectionModel().SelectionFlag.Select)
    with qtbot.waitSignal(explorer.stats_changed) as blocker:
        explorer.view.selectionModel().select(model.index(1, model.column_index("year")),
                                              explorer.view.selectionModel().SelectionFlag.Select)
    assert blocker.args[0].startswith("计数：2") and "求和" not in blocker.args[0]   # years: counted, never summed


def test_chips_speak_the_interface_language(qtbot, explorer):
    """The view state describes a filter as parts; the chip says it in Chinese (the tests' interface)."""
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("zh"))
    wait_loaded(qtbot, explorer, lambda: explorer.set_filter(ColumnFilter("c4", top=5)))
    wait_loaded(qtbot, explorer, lambda: explorer.set_filter(ColumnFilter("kind_zh", values=(None,))))
    chips = [chip.removesuffix("✕").strip() for chip in explorer.chip_texts()]
    assert chips == ["2020年 合计：前 5", "类别：（空）"]
    assert not any("top" in chip or "(empty)" in chip for chip in chips)
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("both"))   # the column as its header says
    qtbot.waitUntil(lambda: any("Kind" in chip for chip in explorer.chip_texts()))
    chips = [chip.removesuffix("✕").strip() for chip in explorer.chip_texts()]
    assert chips == ["2020年 合计 Patents (all types)：前 5", "类别 Kind：（空）"]


def test_a_restart_restores_the_view_from_its_view_state_json(qtbot, built_db, settings):
    """Dataset, sort, filters, quick text, column order and visibility and names come back from ViewState JSON."""
    import json

    from ipexplorer.query.view import ViewState

    first = TableExplorer(built_db, settings)
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: first.model.fully_loaded and first.model.rowCount() > 0)
    wait_loaded(qtbot, first, lambda: first.show_table(3, "wide"))
    wait_loaded(qtbot, first, lambda: first.sort_by("c4", ascending=False))
    wait_loaded(qtbot, first, lambda: first.set_filter(ColumnFilter("c4", low=1)))
    first.quick.setText("jiang")
    wait_loaded(qtbot, first, first._apply_quick)
    first.names_combo.setCurrentIndex(first.names_combo.findData("en"))
    header = first.header
    c5, c4 = first.model.column_index("c5"), first.model.column_index("c4")
    header.moveSection(header.visualIndex(c5), header.visualIndex(c4))           # c5 dragged before c4
    first.set_column_visible(first.model.column_index("c3"), False)              # c3 hidden
    shown = [c.key for c in first.visible_columns()]
    assert shown.index("c5") < shown.index("c4") and "c3" not in shown and "region_zh" not in shown
    first.shutdown()
    saved = json.loads(settings.get("explorer/view"))                               # plain ViewState JSON
    assert set(saved) == {"current", "views"}
    current = ViewState.from_dict(saved["current"])
    assert (current.table, current.names, current.columns) == (3, "en", tuple(shown))
    second = TableExplorer(built_db, settings)
    qtbot.addWidget(second)
    qtbot.waitUntil(lambda: second.dataset is not None and second.dataset.key == "wide:3"
                    and second.model.fully_loaded)
    try:
        assert second.model.state.sort == (("c4", False),)
        assert second.model.state.filter_for("c4").low == 1
        assert second.model.state.quick_text == "jiang" and second.quick.text() == "jiang"
        assert second.names_combo.currentData() == "en"
        assert [c.key for c in second.visible_columns()] == shown
        assert second.model.rowCount() == first.model.rowCount() > 0
    finally:
        second.shutdown()


def test_view_changes_reach_the_settings_file_after_a_pause_and_at_once_on_save(qtbot, explorer, monkeypatch):
    """A run of sorts writes the settings file once, after the pause (not a re-read and rewrite per click);
    save() (and so closing) writes what is shown at once."""
    import json

    from ipexplorer.ui.panes import table_explorer

    writes = []
    real = table_explorer.store_views
    monkeypatch.setattr(table_explorer, "store_views",
                        lambda settings, current, views: (writes.append(current), real(settings, current, views)))
    explorer._store_timer.setInterval(60_000)     # no pause long enough during the clicks, however slow the machine
    for ascending in (True, False, True, False):
        wait_loaded(qtbot, explorer, lambda a=ascending: explorer.sort_by("c4", ascending=a))
    assert writes == []
    explorer._store_timer.setInterval(50)
    wait_loaded(qtbot, explorer, lambda: explorer.sort_by("c5", ascending=True))
    qtbot.waitUntil(lambda: len(writes) == 1, timeout=3000)
    qtbot.wait(200)
    assert len(writes) == 1 and writes[0].query.sort == (("c5", True),)
    explorer._store_timer.setInterval(60_000)
    wait_loaded(qtbot, explorer, lambda: explorer.sort_by("c4", ascending=False))
    explorer.save()
    assert len(writes) == 2
    saved = json.loads(explorer.settings.get("explorer/view"))
    assert saved["current"]["query"]["sort"] == [["c4", False]]


def test_a_sort_keeps_the_filter_chips_and_a_new_filter_replaces_them(qtbot, explorer):
    """The chips say the filters: a sort changes none of them (rebuilding them relaid the pane's top each click)."""
    from PySide6.QtWidgets import QToolButton

    def chips():
        return [w for w in explorer.findChildren(QToolButton, "filterChip") if w.isVisible()]

    wait_loaded(qtbot, explorer, lambda: (explorer.quick.setText("广"), explorer._apply_quick()))
    before = chips()
    assert len(before) == 1
    wait_loaded(qtbot, explorer, lambda: explorer.sort_by(explorer.model.columns[4].key, ascending=False))
    assert chips() == before
    wait_loaded(qtbot, explorer, lambda: (explorer.quick.setText("广东"), explorer._apply_quick()))
    assert len(chips()) == 1 and chips() != before and "广东" in chips()[0].text()


def test_the_first_filter_chip_does_not_move_the_table(qtbot, explorer):
    """'No filters' and a chip take the same height: a keystroke's chip moved the grid down (a relayout and a
    repaint of the whole table, and the rows jumped)."""
    top = explorer.grid.geometry()
    wait_loaded(qtbot, explorer, lambda: (explorer.quick.setText("广"), explorer._apply_quick()))
    qtbot.wait(50)
    assert explorer.chip_texts() and explorer.grid.geometry() == top


def test_all_observations_say_their_layout_is_long_and_give_the_choice_back_after(qtbot, explorer):
    """The layout box read "Wide, as printed" over all observations, one value per row, and changed nothing."""
    box = explorer.layout_combo
    wait_loaded(qtbot, explorer, lambda: explorer.show_table(1, "wide"))
    wait_loaded(qtbot, explorer, lambda: explorer.table_combo.setCurrentIndex(explorer.table_combo.findData(0)))
    assert explorer.table_no() is None
    assert box.currentData() == "long" and not box.isEnabled() and box.toolTip()
    assert explorer.view_state().effective_layout == "long"
    wait_loaded(qtbot, explorer, lambda: explorer.table_combo.setCurrentIndex(explorer.table_combo.findData(3)))
    assert box.currentData() == "wide" and box.isEnabled() and not box.toolTip()
    assert explorer.dataset.key.startswith("wide:")


def test_english_names_in_front_are_fitted_to_their_text(qtbot, explorer):
    """With English names the English name column is the frozen one: it kept the Chinese column's width, and
    every type of 表101 read "Patent reexa…"."""
    wait_loaded(qtbot, explorer, lambda: explorer.show_table(101, "wide"))
    view = explorer.view
    chinese = view.frozen_width()
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("en"))
    frozen = view.frozen_section()
    assert explorer.model.columns[frozen].key == "region_en"
    assert view.frozen_width() > chinese
    assert view.frozen_width() >= min(explorer.grid.fit_width(frozen), 260)
