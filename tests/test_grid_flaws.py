"""The table grid as a user sees it: a frozen label column like a spreadsheet's freeze panes, sorting that
leaves the selection alone, statistics that never add a total to its members."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QStyle, QToolButton

from ipexplorer.query.columns import Role
from ipexplorer.ui.grid.table_model import COLUMN_ROLE
from ipexplorer.ui.panes.table_explorer import TableExplorer


@pytest.fixture
def explorer(qtbot, built_db, settings):
    widget = TableExplorer(built_db, settings)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0 and widget.model.fully_loaded)
    yield widget
    widget.shutdown()


def show(qtbot, explorer, table_no, layout):
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(table_no, layout)
    qtbot.waitUntil(lambda: explorer.model.rowCount() > 0, timeout=5000)
    qtbot.wait(30)


def frozen_column(view):
    return view.model().headerData(view.frozen_section(), Qt.Orientation.Horizontal, COLUMN_ROLE)


def test_the_frozen_column_has_its_own_header_and_hides_nothing_when_scrolled(qtbot, explorer):
    show(qtbot, explorer, 1, "wide")
    view = explorer.view
    bar = view.horizontalScrollBar()
    for value in (0, bar.maximum() // 3, bar.maximum()):
        bar.setValue(value)
        qtbot.wait(20)
        frozen = view.frozen
        assert frozen.isVisible()
        # its own header, as tall as the main one, showing the label column's title
        header = frozen.horizontalHeader()
        assert header.isVisible() and header.height() == view.horizontalHeader().height()
        title = view.model().headerData(view.frozen_section(), Qt.Orientation.Horizontal)
        assert "地区" in title
        assert header.sectionSize(view.frozen_section()) == frozen.width()
        # the scrolled columns start right of it: nothing lies beneath the frozen strip
        assert frozen.geometry().right() + 1 == view.viewport().geometry().left()
        assert view.horizontalHeader().geometry().left() == view.viewport().geometry().left()
        assert view.columnAt(0) != view.frozen_section()
    first = view.columnAt(0)
    assert view.columnViewportPosition(first) <= 0 < view.columnViewportPosition(first) + view.columnWidth(first)


@pytest.mark.parametrize("table_no", [1, 2, 0])
def test_in_the_long_layout_the_frozen_column_is_the_region_not_the_table_number(qtbot, explorer, table_no):
    show(qtbot, explorer, table_no, "long")
    column = frozen_column(explorer.view)
    assert column.role is Role.NAME and column.key != "table_no"
    # the user's own column choices are not changed by freezing
    assert not explorer.view.isColumnHidden(explorer.view.frozen_section())


def test_the_frozen_column_follows_dark_mode(qtbot, explorer, qapp):
    from ipexplorer.ui.shell import theme

    theme.apply("dark", qapp)
    try:
        qtbot.wait(20)
        base = explorer.view.frozen.palette().color(QPalette.ColorRole.Base)
        assert base.lightness() < 80
        assert base == explorer.view.palette().color(QPalette.ColorRole.Base)
    finally:
        theme.apply("light", qapp)


def test_a_header_click_sorts_without_selecting_the_column(qtbot, explorer):
    show(qtbot, explorer, 1, "wide")
    view = explorer.view
    view.selectionModel().clear()
    header = view.horizontalHeader()
    logical = header.logicalIndex(3)
    x = header.sectionViewportPosition(logical) + header.sectionSize(logical) // 2
    stats = []
    explorer.stats_changed.connect(stats.append)
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() - 5))
        assert view.selectionModel().selectedIndexes() == []      # pressing selects nothing
        qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() - 5))
    assert explorer.model.state.sort
    assert view.selectionModel().selectedIndexes() == []
    assert not any("51" in s for s in stats)


def test_statistics_never_add_a_total_to_its_members_or_a_city_to_its_province(qtbot, explorer):
    from ipexplorer.query.stats import SummedCell, region_kinds, selection_sum
    from ipexplorer.store.database import connect

    show(qtbot, explorer, 1, "wide")
    qtbot.waitUntil(lambda: bool(explorer.grid.regions), timeout=5000)
    model = explorer.model
    c4 = model.column_index("c4")                      # 2020 合计
    names = [model.index(r, model.column_index("region_zh")).data() for r in range(model.rowCount())]
    values = {n: model.index(r, c4).data(Qt.ItemDataRole.UserRole + 1) for r, n in enumerate(names)}
    stats = []
    explorer.grid.stats_changed.connect(stats.append)
    view = explorer.view
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection = QItemSelection(model.index(0, c4), model.index(model.rowCount() - 1, c4))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    text = stats[-1]
    provinces = [n for n in names if n not in ("国内总计",) and n not in
                 {"沈阳", "大连", "长春", "哈尔滨", "南京", "杭州", "宁波", "厦门", "济南", "青岛", "武汉", "广州",
                  "深圳", "成都", "西安", "新疆生产建设兵团"}]
    expected = sum(values[n] for n in provinces)
    assert f"{expected:,}" in text and f"{sum(values.values()):,}" not in text
    assert "51" in text                                 # every selected cell is counted
    conn = connect(explorer.db_path)
    try:
        regions = region_kinds(conn)
    finally:
        conn.close()
    rule = selection_sum([SummedCell(1, "国内总计"), SummedCell(2, "广东"), SummedCell(3, "深圳")], regions)
    assert rule.kept == [1] and rule.totals_left_out == 1 and rule.inside_left_out == 1
    # a city alone, or the domestic and foreign totals without 合计, are added
    assert selection_sum([SummedCell(3, "深圳"), SummedCell(4, "浙江")], regions).kept == [0, 1]
    assert selection_sum([SummedCell(1, "国内总计"), SummedCell(2, "国外在华总计"), SummedCell(3, "合计")],
                         regions).kept == [0, 1]


def test_a_filter_matching_nothing_says_so_and_offers_to_clear_the_filters(qtbot, explorer):
    show(qtbot, explorer, 1, "wide")
    grid = explorer.grid
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.quick.setText("zzzz")
        explorer._apply_quick()
    qtbot.waitUntil(lambda: grid.empty_label.isVisible(), timeout=5000)
    assert grid.empty_text.text() == grid.tr("No rows match") and grid.empty_clear.isVisible()
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        qtbot.mouseClick(grid.empty_clear, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: explorer.model.rowCount() == 51, timeout=5000)
    assert explorer.quick.text() == "" and not explorer.model.state.quick_text
    assert not grid.empty_label.isVisible()


def test_the_filter_marker_and_menu_buttons_render(qtbot, explorer):
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QToolButton

    from ipexplorer.query.builder import ColumnFilter
    from ipexplorer.ui.grid.table_model import FILTER_MARK

    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.set_filter(ColumnFilter("c4", low=100_000))
    title = explorer.model.headerData(explorer.model.column_index("c4"), Qt.Orientation.Horizontal)
    assert title.endswith(FILTER_MARK)
    for family in ("Noto Sans CJK SC", "DejaVu Sans"):      # the fonts the README recommends
        assert QFontMetrics(QFont(family)).inFontUcs4(ord(FILTER_MARK)), family
    for button in explorer.findChildren(QToolButton):
        if button.menu() is not None:                     # Qt draws the arrow: the text has none
            assert "▾" not in button.text() and "▼" not in button.text(), button.text()


def test_one_row_is_a_row(qtbot, explorer):
    from ipexplorer.ui.grid.sql_grid import rows_text
    from ipexplorer.ui.shell import i18n

    if i18n.is_chinese():
        assert rows_text(1) == "1 行" and rows_text(51) == "51 行"
    texts = []
    explorer.rows_changed.connect(texts.append)
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.quick.setText("广东")
        explorer._apply_quick()
    qtbot.waitUntil(lambda: bool(texts), timeout=5000)
    assert texts[-1] == rows_text(1)


def test_english_counts_have_a_singular(english):
    from ipexplorer.ui.grid.sql_grid import rows_text

    assert rows_text(1) == "1 row" and rows_text(2) == "2 rows" and rows_text(6520) == "6,520 rows"


@pytest.mark.parametrize(("table_no", "text", "expected"), [
    (1, "gd", {"广东"}),
    (1, "sx", {"山西", "陕西"}),
    (1, "Xian", {"西安"}),               # xi an, not xiang gang (香港)
    (1, "xi'an", {"西安"}),
    (1, "guangd", {"广东"}),             # still typing: the last syllable may be unfinished
    (2, "USA", {"美国"}),
    (2, "JPN", {"日本"}),
])
def test_the_quick_filter_knows_initials_syllables_and_iso_codes(qtbot, explorer, table_no, text, expected):
    show(qtbot, explorer, table_no, "wide")
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.quick.setText(text)
        explorer._apply_quick()
    model = explorer.model
    column = model.column_index("region_zh")
    assert {model.index(r, column).data() for r in range(model.rowCount())} == expected


def test_the_status_bar_never_outlives_what_it_describes(qtbot, built_db, settings):
    from PySide6.QtCore import QItemSelectionModel

    from ipexplorer.ui.shell.main_window import MainWindow

    w = MainWindow(built_db, settings=settings)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.show_pane("tables")
    explorer = w.explorer
    show(qtbot, explorer, 1, "wide")
    model = explorer.model
    c4 = model.column_index("c4")
    explorer.view.setCurrentIndex(model.index(0, c4))
    explorer.view.selectionModel().select(model.index(0, c4), QItemSelectionModel.SelectionFlag.Select)
    assert w.stats_label.text() and explorer.provenance.text()
    with qtbot.waitSignal(model.loaded, timeout=5000):
        explorer.quick.setText("广东")
        explorer._apply_quick()
    assert w.stats_label.text() == ""            # the selection went with the old rows
    assert w.rows_label.text() == explorer.grid.tr("{count} row").format(count=1)   # at once, not ~1 s later
    explorer.view.setCurrentIndex(model.index(0, c4))   # a cell of table 1 current again: its source shown
    assert explorer.provenance.text()
    show(qtbot, explorer, 6, "wide")
    assert explorer.provenance.text() == ""      # no "Source: table 1 · …" while table 6 shows
    w.close()


def test_sorting_and_filtering_from_the_keyboard(qtbot, explorer):
    show(qtbot, explorer, 1, "wide")
    grid, model, view = explorer.grid, explorer.model, explorer.view
    c4 = model.column_index("c4")
    view.setFocus()
    view.setCurrentIndex(model.index(2, c4))
    with qtbot.waitSignal(model.loaded, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model.state.sort[0] == ("c4", False)
    view.setCurrentIndex(model.index(2, c4))
    with qtbot.waitSignal(model.loaded, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model.state.sort[0] == ("c4", True)
    view.setCurrentIndex(model.index(2, c4))
    with qtbot.waitSignal(grid.popup_shown, timeout=5000) as shown:
        qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert shown.args[0].column.key == "c4"
    shown.args[0].close()


def test_cut_text_ends_in_an_ellipsis_and_says_the_rest_in_a_tooltip(qtbot, explorer):
    explorer.resize(700, 500)
    show(qtbot, explorer, 1, "wide")
    combo = explorer.table_combo
    assert "Table 1" in combo.toolTip() and "表1" in combo.toolTip()
    header = explorer.grid.header
    group = "较上年增减 Change 2019→2020"
    assert header.group_text(group, 60).endswith("…")
    assert header.group_text(group, 2000) == group


def test_a_table_shows_its_unit_and_its_printed_notes(qtbot, explorer):
    show(qtbot, explorer, 1, "wide")
    text = explorer.notes_label.text()
    assert explorer.notes_label.isVisible()
    assert "专利申请量统计中已扣除非正常专利申请" in text and "件" in text
    show(qtbot, explorer, 7, "wide")
    assert "非正常" not in explorer.notes_label.text() and "件" in explorer.notes_label.text()


def test_a_removed_chip_vanishes_at_once(qtbot, explorer):
    """A chip taken out of the row hides at once; it does not show under 'No filters' until it is deleted."""
    show(qtbot, explorer, 1, "wide")
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.quick.setText("zzzz")
        explorer._apply_quick()
    chips = [w for w in explorer.findChildren(QToolButton, "filterChip") if w.isVisible()]
    assert len(chips) == 1
    explorer.quick.clear()
    explorer._apply_quick()
    explorer._refresh_chips()          # what a state change does, before the event loop deletes the old chip
    assert not chips[0].isVisible()


def test_a_filter_list_is_wide_enough_for_its_longest_value_and_opens_on_the_screen(qtbot, explorer):
    show(qtbot, explorer, 1, "wide")
    grid, model = explorer.grid, explorer.model
    with qtbot.waitSignal(grid.popup_shown, timeout=5000) as shown:
        grid.open_filter_popup(model.column_index("kind_zh"))
    popup = shown.args[0]
    qtbot.waitExposed(popup)
    texts = [popup.list.item(i).text() for i in range(popup.list.count())]
    assert any("Taiwan, Hong Kong, Macao" in t for t in texts)
    assert popup.list.horizontalScrollBar().maximum() == 0   # no value cut under a scroll bar
    widest = max(popup.list.fontMetrics().horizontalAdvance(t) for t in texts)
    assert popup.list.viewport().width() >= widest
    popup.close()
    room = grid.screen().availableGeometry()
    corner = QPoint(room.right() - 5, room.bottom() - 5)   # a right-click in the screen's corner
    with qtbot.waitSignal(grid.popup_shown, timeout=5000) as shown:
        grid.open_filter_popup(model.column_index("kind_zh"), corner)
    popup = shown.args[0]
    qtbot.waitExposed(popup)
    frame = 2   # the offscreen platform places a window 2 px right of and below where it was moved
    assert room.left() <= popup.x() and popup.x() + popup.width() <= room.right() + 1 + frame
    assert room.top() <= popup.y() and popup.y() + popup.height() <= room.bottom() + 1 + frame
    popup.close()


def test_a_closed_filter_popup_is_gone(qtbot, explorer):
    """Each popup stayed a child of its grid once closed, its up to 5,000 values with it."""
    from ipexplorer.ui.grid.column_filter import ColumnFilterPopup

    show(qtbot, explorer, 1, "wide")
    grid = explorer.grid
    for _ in range(3):
        with qtbot.waitSignal(grid.popup_shown, timeout=5000) as shown:
            grid.open_filter_popup(explorer.model.column_index("kind_zh"))
        shown.args[0].close()
    qtbot.waitUntil(lambda: not grid.findChildren(ColumnFilterPopup))


def test_a_sorted_or_filtered_columns_title_shows_whole_with_its_mark_in_bold_too(qtbot, explorer):
    show(qtbot, explorer, 1, "wide")
    grid, model = explorer.grid, explorer.model
    header = grid.header
    for key in ("c0", "region_zh"):   # a value column, and the frozen name column
        logical = model.column_index(key)
        with qtbot.waitSignal(model.loaded, timeout=5000):
            grid.sort_by(key, ascending=False)
        title = model.headerData(logical, Qt.Orientation.Horizontal)
        assert title.endswith("▼")
        bold = header.font()
        bold.setBold(True)   # as a header draws the title of a column with a selected cell
        words = QFontMetrics(bold).horizontalAdvance(title)
        assert grid.view.columnWidth(logical) >= words + 2 * header.style().pixelMetric(
            QStyle.PixelMetric.PM_HeaderMargin), key
