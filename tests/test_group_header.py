"""The grid's headers highlight a column with a selected cell (bold) and a wholly selected one (sunken)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QStyle, QStyleOptionHeader, QTableView

from ipexplorer.ui.grid.group_header import GroupHeaderView, column_selection


class CountingSelection(QItemSelectionModel):
    asked = 0

    def selection(self):
        CountingSelection.asked += 1
        return super().selection()


def states(header, columns: int) -> list[tuple[bool, bool]]:
    out = []
    for column in range(columns):
        option = QStyleOptionHeader()
        header.initStyleOptionForIndex(option, column)
        out.append((bool(option.state & QStyle.StateFlag.State_On), bool(option.state & QStyle.StateFlag.State_Sunken)))
    return out


def test_the_headers_read_the_selection_once_per_change_not_once_per_section(qtbot):
    """Each painted section's highlight is read from the selection's ranges worked out once per selection change
    (copying the whole selection for every section of both headers on every paint cost as many copies as
    sections), and still follows the selection, a new row count and a reset."""
    model = QStandardItemModel(100, 30)
    view = QTableView()
    qtbot.addWidget(view)
    header = GroupHeaderView(view)
    view.setHorizontalHeader(header)
    view.setModel(model)
    selection = CountingSelection(model, view)
    view.setSelectionModel(selection)
    view.resize(1600, 400)
    view.show()
    flag = QItemSelectionModel.SelectionFlag
    picked = QItemSelection(model.index(0, 2), model.index(99, 4))     # columns 2-4 whole
    picked.select(model.index(5, 7), model.index(9, 8))               # 7-8 in part
    selection.select(picked, flag.ClearAndSelect)
    CountingSelection.asked = 0
    shown = states(header, 30)
    header.grab()
    assert CountingSelection.asked <= 1
    expected = [column_selection(selection, model, c) for c in range(30)]
    assert shown == expected
    assert shown[2] == shown[4] == (True, True) and shown[7] == (True, False) and shown[0] == (False, False)
    selection.select(QItemSelection(model.index(0, 0), model.index(99, 0)), flag.Select)
    assert states(header, 30)[0] == (True, True)
    model.insertRows(100, 5)   # columns 2-4 no longer wholly selected
    assert states(header, 30)[2] == (True, False)
    model.clear()
    model.setRowCount(10)
    model.setColumnCount(30)
    assert states(header, 30) == [(False, False)] * 30
