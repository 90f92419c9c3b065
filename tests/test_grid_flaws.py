"""The table grid as a user sees it: a frozen label column like a spreadsheet's freeze panes, sorting that
leaves the selection alone, statistics that never add a total to its members."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette

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
