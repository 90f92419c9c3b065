"""The grid's paint path: a repaint asks the model for nothing it already answered."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from ipexplorer.query.datasets import wide_dataset
from ipexplorer.store.database import connect
from ipexplorer.ui.grid import table_model
from ipexplorer.ui.grid.sql_grid import SqlGrid
from ipexplorer.ui.grid.table_model import COLUMN_ROLE


@pytest.fixture
def grid(qtbot, built_db):
    widget = SqlGrid(built_db)
    qtbot.addWidget(widget)
    yield from _shown(qtbot, widget, built_db)
    widget.shutdown()


def _shown(qtbot, widget, built_db):
    widget.resize(1200, 600)
    conn = connect(built_db)
    dataset = wide_dataset(conn, 1)   # a two-row header: 2019年 | 2020年 over the types
    conn.close()
    with qtbot.waitSignal(widget.model.loaded, timeout=10000):
        widget.show_dataset(dataset)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def test_a_repaint_formats_no_cell_again(grid, qtbot, monkeypatch):
    grid.view.viewport().repaint()
    calls = []
    real = table_model.format_value
    monkeypatch.setattr(table_model, "format_value", lambda *a, **k: calls.append(a) or real(*a, **k))
    grid.view.viewport().repaint()
    assert calls == []
    cell = grid.model.index(0, 4)
    kind = grid.model.headerData(4, Qt.Orientation.Horizontal, COLUMN_ROLE).kind
    assert grid.model.data(cell) == real(grid.model.data(cell, table_model.RAW_ROLE), kind)   # as formatted before


def test_the_header_reads_its_groups_once_per_layout(grid, qtbot, monkeypatch):
    header = grid.header
    assert header.has_groups()
    header.viewport().repaint()
    asked = []
    real = type(grid.model).headerData

    def counting(model, section, orientation, role=0):
        if role == COLUMN_ROLE:
            asked.append(section)
        return real(model, section, orientation, role)

    monkeypatch.setattr(type(grid.model), "headerData", counting)
    header.viewport().repaint()
    assert asked == []                       # painting every section asked for no column again
    header.resizeSection(header.logicalIndex(3), 150)
    header.viewport().repaint()
    assert asked == []                       # a resize moves spans, it does not change groups
    header.language = "en"                   # the groups' words change: read them again, once per column
    header.viewport().repaint()
    assert sorted(asked) == list(range(grid.model.columnCount()))


def test_a_sort_formats_no_cell_again_and_reads_no_group(grid, qtbot, monkeypatch):
    """The same rows in a new order are the same cells: formatted once, by row key; a click adds a sort mark to a
    title, which changes no column's group."""
    grid.view.viewport().repaint()
    grid.header.viewport().repaint()
    formatted = []
    real = table_model.format_value
    monkeypatch.setattr(table_model, "format_value", lambda *a, **k: formatted.append(a) or real(*a, **k))
    groups = grid.header._all_groups()
    before = [grid.model.row_id(r) for r in range(grid.model.rowCount())]
    with qtbot.waitSignal(grid.model.loaded, timeout=10000):
        grid.sort_by(grid.model.columns[4].key, ascending=False)
    grid.view.viewport().repaint()
    grid.header.viewport().repaint()
    after = [grid.model.row_id(r) for r in range(grid.model.rowCount())]
    assert after != before and sorted(after) == sorted(before)   # the same rows, moved
    assert formatted == []
    assert grid.header._all_groups() is groups   # read once, kept through the sort


def test_a_sort_neither_moves_nor_resizes_the_viewport(grid, qtbot):
    """The frozen column's room is asked through the row numbers' size hint, so Qt's own layout of the margins
    is the final one (margins set after it moved the viewport out and back, a full repaint each time)."""
    from PySide6.QtCore import QEvent, QObject

    class Moves(QObject):
        def __init__(self):
            super().__init__()
            self.seen = []
            self.paints = 0

        def eventFilter(self, obj, event):
            if event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
                self.seen.append(event.type())
            elif event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    assert grid.view.frozen_width() > 0 and grid.view.verticalHeader().isVisible()
    left = grid.view.viewport().geometry().left()
    moves = Moves()
    grid.view.viewport().installEventFilter(moves)
    for ascending in (False, True):
        painted = moves.paints
        with qtbot.waitSignal(grid.model.loaded, timeout=10000):
            grid.sort_by(grid.model.columns[1].key, ascending=ascending)
        qtbot.waitUntil(lambda p=painted: moves.paints > p)   # the sorted rows painted: margins are laid out first
    grid.view.viewport().removeEventFilter(moves)
    assert moves.seen == []
    # the frozen strip sits between the row numbers and the viewport, the numbers left of it
    assert grid.view.frozen.geometry().right() + 1 == left
    assert grid.view.frozen.geometry().left() >= grid.view.verticalHeader().geometry().left() + 1


def test_fitting_columns_measures_a_screenful_of_rows_not_a_thousand(qtbot, built_db):
    """Qt measures up to 1,000 rows per column when fitting widths: on a fresh 256-row page of the long layout that
    was about 25,000 calls into the model on the first switch to a pane."""
    from ipexplorer.query.datasets import long_dataset

    widget = SqlGrid(built_db)
    qtbot.addWidget(widget, before_close_func=lambda w: w.shutdown())
    widget.resize(1000, 600)
    widget.show()
    conn = connect(built_db)
    dataset = long_dataset(conn, None)
    conn.close()
    with qtbot.waitSignal(widget.model.loaded, timeout=10000):
        widget.show_dataset(dataset)
    assert widget.model.rowCount() >= 256
    widget.model._display.clear()           # the rows' texts, formatted when a row is first measured or shown
    widget.autosize()
    assert 0 < len(widget.model._display) <= 100


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_fitted_widths_are_those_qt_measures(qtbot, built_db, layout):
    """The grid fits its columns from the cells' text (one delegate call per column, not one per cell): the widths
    are those of Qt's resizeColumnsToContents over the same rows, the label column's those of its own fit."""
    from ipexplorer.query.datasets import long_dataset
    from ipexplorer.ui.grid.frozen_table import MAX_FROZEN_WIDTH, fitted_width
    from ipexplorer.ui.grid.sql_grid import FIT_ROWS

    widget = SqlGrid(built_db)
    qtbot.addWidget(widget, before_close_func=lambda w: w.shutdown())
    widget.resize(1200, 600)
    widget.show()
    conn = connect(built_db)
    dataset = wide_dataset(conn, 1) if layout == "wide" else long_dataset(conn, None)
    conn.close()
    with qtbot.waitSignal(widget.model.loaded, timeout=10000):
        widget.show_dataset(dataset)
    view, header = widget.view, widget.header
    shown = [i for i in range(widget.model.columnCount()) if not header.isSectionHidden(i)]
    ours = {i: view.columnWidth(i) for i in shown}
    view.resizeColumnsToContents()
    qt = {i: min(view.columnWidth(i), widget.autosize_limit) for i in shown}
    assert ours == qt
    assert len(set(ours.values())) > 2          # widths of their own, not one default
    frozen, fs = view.frozen, view.frozen_section()
    qt_frozen = max(frozen.sizeHintForColumn(fs), frozen.horizontalHeader().sectionSizeHint(fs))
    assert fitted_width(frozen, fs, FIT_ROWS) == frozen.sizeHintForColumn(fs)
    assert view.frozen_width() == min(MAX_FROZEN_WIDTH, max(60, qt_frozen), widget.autosize_limit)


def test_a_sort_or_keystroke_reads_the_nil_markers_of_its_dataset_no_more(grid, qtbot, monkeypatch):
    """The markers belong to the dataset, not the query: they were read again with every sort and keystroke."""
    from ipexplorer.query.builder import QueryState

    asked = []
    real = table_model.nil_markers
    monkeypatch.setattr(table_model, "nil_markers", lambda conn, d: asked.append(d.key) or real(conn, d))
    with qtbot.waitSignal(grid.model.loaded, timeout=10000):
        grid.sort_by(grid.model.columns[4].key, ascending=False)
    with qtbot.waitSignal(grid.model.loaded, timeout=10000):
        grid.set_state(QueryState("广"))
    assert asked == []
    conn = connect(grid.db_path)
    other = wide_dataset(conn, 2)
    conn.close()
    with qtbot.waitSignal(grid.model.loaded, timeout=10000):
        grid.show_dataset(other)
    assert asked == [other.key]                    # a new dataset's markers come with its first page


class _Paints:
    """The paint events of the grid's parts while installed: {part: [rects]}."""

    def __init__(self, grid):
        from PySide6.QtCore import QEvent, QObject

        self.seen: dict[str, list] = {}
        parts = {"cells": grid.view.viewport(), "titles": grid.header.viewport(),
                 "numbers": grid.view.verticalHeader().viewport(), "frozen": grid.view.frozen.viewport(),
                 "frame": grid.view, "scrollbar": grid.view.verticalScrollBar()}
        names = {widget: name for name, widget in parts.items()}
        seen = self.seen

        class Filter(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint and obj in names:
                    seen.setdefault(names[obj], []).append(event.rect())
                return False

        self.filter = Filter()
        self.parts = parts
        for widget in parts.values():
            widget.installEventFilter(self.filter)

    def remove(self) -> None:
        for widget in self.parts.values():
            widget.removeEventFilter(self.filter)


def test_a_sort_repaints_the_cells_and_the_titles_whose_marks_changed_only(grid, qtbot):
    """Nothing selected, a sort is new text in the same cells: the row numbers, the frame, its scroll bars and the
    titles that kept their marks stand (a layout change, a header told of every title, margins set again and a
    style sheet on the label column each repainted them all)."""
    from PySide6.QtWidgets import QApplication

    grid.view.setCurrentIndex(grid.model.index(0, 1))      # a current cell (focus gives one), nothing selected
    grid.view.clearSelection()
    current = grid.model.row_id(0)
    def painted(paints: _Paints, cells: int, frozen: int) -> bool:
        """The sort's new text reached the screen (a paint follows the update by a timer, not at once)."""
        return len(paints.seen.get("cells", [])) > cells and len(paints.seen.get("frozen", [])) > frozen

    first = _Paints(grid)      # the first sort's repaint is over before the counted ones start
    try:
        with qtbot.waitSignal(grid.model.loaded, timeout=10000):
            grid.sort_by(grid.model.columns[3].key, ascending=False)
        qtbot.waitUntil(lambda: painted(first, 0, 0))
    finally:
        first.remove()
    paints = _Paints(grid)
    try:
        for key in (grid.model.columns[4].key, grid.model.columns[5].key):
            cells, frozen = len(paints.seen.get("cells", [])), len(paints.seen.get("frozen", []))
            with qtbot.waitSignal(grid.model.loaded, timeout=10000):
                grid.sort_by(key, ascending=False)
            qtbot.waitUntil(lambda c=cells, f=frozen: painted(paints, c, f))
            QApplication.processEvents()   # anything else the sort marked for repaint is painted by now
    finally:
        paints.remove()
    assert "cells" in paints.seen and "frozen" in paints.seen
    assert {"numbers", "frame", "scrollbar"}.isdisjoint(paints.seen), paints.seen
    header = grid.header
    sections = {header.logicalIndexAt(x) for rect in paints.seen.get("titles", [])
                for x in range(rect.left(), rect.right() + 1)}
    assert sections <= {3, 4, 5}, sections     # the mark moved 3 → 4 → 5: the others were not repainted
    assert grid.model.row_id(grid.view.currentIndex().row()) == current   # the current cell went with its row
    assert grid.view.currentIndex().column() == 1


def test_a_sort_moves_a_selection_with_its_rows(grid, qtbot):
    """With cells selected the rows move as a layout change, so the selection follows its rows."""
    key = grid.model.row_id(2)
    grid.select_row_ids([key])   # not selectRow: it reads the keyboard's modifiers, which an earlier test may leave
    assert grid.selected_row_ids() == [key]
    with qtbot.waitSignal(grid.model.loaded, timeout=10000):
        grid.sort_by(grid.model.columns[4].key, ascending=False)
    moved = grid.model.row_of_id(key)
    assert moved != 2
    assert grid.selected_row_ids() == [key]
    assert grid.view.selectionModel().isRowSelected(moved)


def test_the_count_waits_for_the_page_and_is_not_asked_when_the_page_holds_every_row(grid, qtbot, monkeypatch):
    """A keystroke's first page that holds every row is its count; a page that may not is counted once it is
    shown, on the worker."""
    from ipexplorer.query.builder import QueryState
    from ipexplorer.query.datasets import long_dataset

    counted = []
    real = table_model._count
    monkeypatch.setattr(table_model, "_count",
                        lambda *a: counted.append(threading.current_thread() is threading.main_thread()) or real(*a))
    with qtbot.waitSignal(grid.model.total_changed, timeout=10000) as total:
        grid.set_state(QueryState("广"))
    qtbot.wait(100)
    assert counted == [] and total.args == [grid.model.rowCount()] and grid.model.total == grid.model.rowCount()
    conn = connect(grid.db_path)
    dataset = long_dataset(conn, 1)
    conn.close()
    with qtbot.waitSignal(grid.model.loaded, timeout=10000):
        grid.show_dataset(dataset)
    assert grid.model.total is None and counted == []        # the page first, the count after
    qtbot.waitUntil(lambda: grid.model.total is not None, timeout=10000)
    assert counted == [False] and grid.model.total > grid.model.rowCount() == grid.model.CHUNK   # on the worker
