"""The one rule for what a view with no row says over itself (ui/grid/empty_state: the grid and the timeline's axis)."""

from __future__ import annotations

from ipexplorer.ui.grid.empty_state import Empty, empty_state


def test_a_failure_is_an_answer_said_over_no_row_before_loading():
    assert empty_state(empty=True, loading=True, failed=True, filtered=True) is Empty.FAILED
    assert empty_state(empty=True, loading=False, failed=True, filtered=False) is Empty.FAILED
    assert empty_state(empty=False, loading=False, failed=True, filtered=False) is None   # the last rows stand


def test_loading_then_rows_then_why_there_is_none():
    assert empty_state(empty=True, loading=True, failed=False, filtered=True) is Empty.LOADING
    assert empty_state(empty=False, loading=True, failed=False, filtered=False) is Empty.LOADING
    assert empty_state(empty=False, loading=False, failed=False, filtered=True) is None
    assert empty_state(empty=True, loading=False, failed=False, filtered=True) is Empty.NO_MATCH
    assert empty_state(empty=True, loading=False, failed=False, filtered=False) is Empty.NONE
