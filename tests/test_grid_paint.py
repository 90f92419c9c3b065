"""The grid's paint path: a repaint asks the model for nothing it already answered."""

from __future__ import annotations

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
    monkeypatch.setattr(table_model, "format_value", lambda *a: calls.append(a) or real(*a))
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
