"""Runs of consecutive rows: what a grid's selection is made of.

A selection is handed to Qt and read back from it as ranges of rows, and Qt's cost follows their number, not
the rows': the grid selects a chart's rows as one range per run, reads the selected rows' keys a run at a time,
and the header finds a wholly selected column from the runs its ranges cover. The runs are worked out here,
for all three.
"""

from __future__ import annotations

from collections.abc import Iterable


def row_runs(flags: Iterable[bool]) -> list[tuple[int, int]]:
    """The (first, last) rows of each run of consecutive true flags, one flag per row from row 0."""
    runs: list[tuple[int, int]] = []
    start = None
    row = -1
    for row, flag in enumerate(flags):
        if flag and start is None:
            start = row
        elif not flag and start is not None:
            runs.append((start, row - 1))
            start = None
    if start is not None:
        runs.append((start, row))
    return runs


def merged_runs(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The disjoint (first, last) runs that (top, bottom) spans cover together, in row order: spans that
    overlap or touch are one run (a selection holds a range per column block, often of the same rows)."""
    runs: list[tuple[int, int]] = []
    for top, bottom in sorted(spans):
        if runs and top <= runs[-1][1] + 1:
            if bottom > runs[-1][1]:
                runs[-1] = (runs[-1][0], bottom)
        else:
            runs.append((top, bottom))
    return runs
