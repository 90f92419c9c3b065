"""What a view of a query's rows says over itself when it shows none: one rule for the grid's empty state and
the timeline's axis (each words it for what it lists: "No rows match", "No events match the filters").

Qt-free: the owners pass what they know of their query and show the words they choose for the answer.
"""

from __future__ import annotations

from enum import Enum


class Empty(Enum):
    """Why a view shows no row."""

    FAILED = "failed"       # its query failed: "Query failed: …"
    LOADING = "loading"     # the answer is still to come: the owner's loading text
    NO_MATCH = "no match"   # the filters leave no row (the grid offers Clear filters)
    NONE = "none"           # there is no row at all


def empty_state(*, empty: bool, loading: bool, failed: bool, filtered: bool) -> Empty | None:
    """Why nothing is shown, or None when rows are (nothing to say). `empty`: the view shows no row; `loading`:
    its answer is still to come; `failed`: its query failed; `filtered`: filters narrow what it lists.

    A failure is an answer: said over a view with no row in place of "loading" (the query will not come back)
    and of "No rows"; a view still loading says so even over the rows of the last answer, if its owner asks."""
    if failed and empty:
        return Empty.FAILED
    if loading:
        return Empty.LOADING
    if not empty:
        return None
    return Empty.NO_MATCH if filtered else Empty.NONE
