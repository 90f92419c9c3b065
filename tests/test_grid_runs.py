"""The runs of rows a grid's selection is handed to Qt as and read back from."""

from __future__ import annotations

from ipexplorer.ui.grid.runs import merged_runs, row_runs


def test_row_runs_are_the_runs_of_true_flags():
    assert row_runs([]) == []
    assert row_runs([False, False]) == []
    assert row_runs([True] * 4) == [(0, 3)]
    assert row_runs([True, False, True, True, False, False, True]) == [(0, 0), (2, 3), (6, 6)]


def test_merged_runs_join_spans_that_overlap_or_touch_in_row_order():
    assert merged_runs([]) == []
    # a selection's ranges come in any order, one per block of columns, often of the same rows
    assert merged_runs([(5, 9), (0, 2), (5, 9), (3, 4), (12, 12)]) == [(0, 9), (12, 12)]
    assert merged_runs([(0, 10), (2, 3), (11, 11)]) == [(0, 11)]          # inside one another, then touching
    assert merged_runs([(4, 6), (8, 9)]) == [(4, 6), (8, 9)]              # a row apart stays apart
