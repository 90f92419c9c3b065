"""The frozen strip's cells show their whole text as their tooltip where the strip cuts them, as the other columns'
cells do (SqlGrid._cut_text_tip, on both viewports)."""

from __future__ import annotations

from conftest import charts_window
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QToolTip

XPCC = "新疆生产建设兵团"


def _help(viewport, rect) -> None:
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, rect.center(),
                                                viewport.mapToGlobal(rect.center())))


def test_a_cut_name_of_the_frozen_column_shows_whole_in_its_tooltip(qtbot, built_db, settings):
    """At 1024 px beside the chart the region names' strip keeps the usual names whole and cuts 新疆生产建设兵团:
    the help event on the strip's viewport shows its whole name; a whole name there shows no tooltip of ours."""
    window = charts_window(qtbot, built_db, settings, 1024, 640)
    grid = window.charts.grid
    view, model = grid.view, grid.model
    frozen = view.frozen_section()
    assert model.columns[frozen].key == "region_zh"
    row = next(r for r in range(model.rowCount()) if model.index(r, frozen).data() == XPCC)
    index = model.index(row, frozen)
    view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    strip = view.frozen
    qtbot.waitUntil(lambda: strip.viewport().rect().contains(strip.visualRect(index).center()), timeout=2000)
    assert strip.sizeHintForIndex(index).width() > view.columnWidth(frozen)   # cut: "新疆生产…"
    QToolTip.hideText()
    _help(strip.viewport(), strip.visualRect(index))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert QToolTip.text() == XPCC
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
    whole = next(model.index(r, frozen) for r in range(model.rowCount())
                 if strip.viewport().rect().contains(strip.visualRect(model.index(r, frozen)).center())
                 and strip.sizeHintForIndex(model.index(r, frozen)).width() <= view.columnWidth(frozen))
    assert not whole.data(Qt.ItemDataRole.ToolTipRole)
    _help(strip.viewport(), strip.visualRect(whole))
    assert not QToolTip.isVisible() or QToolTip.text() != whole.data()
