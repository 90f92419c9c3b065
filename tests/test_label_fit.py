"""Beside a chart the label columns are fitted and share their room from one reading of their texts."""

from __future__ import annotations

from collections import Counter

from conftest import charts_window

from ipexplorer.ui.grid.sql_grid import label_room, share_label_room


def test_autosize_reads_each_columns_texts_once_the_label_columns_too(qtbot, built_db, settings, monkeypatch):
    """The label columns' texts were read and measured again after autosize had fitted them (their short texts'
    width, whether they repeat): three readings of each name column, now one, with the same widths."""
    window = charts_window(qtbot, built_db, settings, 1024, 640)
    grid = window.charts.grid
    labels, _first = grid.label_columns()
    view = grid.view
    before = {i: view.columnWidth(i) for i in labels}
    reads: Counter = Counter()
    texts = grid.model.column_texts
    monkeypatch.setattr(grid.model, "column_texts", lambda column, count: reads.update([column]) or texts(column,
                                                                                                          count))
    grid.autosize()
    assert labels and all(reads[i] == 1 for i in labels), (labels, reads)
    assert max(reads.values()) == 1
    assert {i: view.columnWidth(i) for i in labels} == before


def test_the_room_the_labels_share_is_their_share_or_what_their_names_need_within_the_first_values_reach():
    naturals, shorts, repeats = [148, 240, 240], [64, 97, 240], [False, False, True]
    assert label_room(naturals, shorts, repeats, 300, None) == 300        # the share
    assert label_room(naturals, shorts, repeats, 100, None) == 64 + 97 + 64   # names readable, the kind at its floor
    assert label_room(naturals, shorts, repeats, 100, 200) == 200         # the first value stays in sight
    assert label_room([40, 240], [10, 97], [False, False], 0, None) == 40 + 97   # a narrow one: its own width
    room = label_room(naturals, shorts, repeats, 100, 200)
    assert share_label_room(naturals, shorts, repeats, room) == [64, 72, 64]
