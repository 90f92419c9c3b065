"""A table cell as the report prints it: a whole number (thousands may be comma-separated) or a nil.

One rule for the appendix and the in-text tables: a nil ("—", "-", …) is stored as NULL, never 0, with
the marker kept so that exports and the grid show it as printed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ipexplorer.report.source import ReportError

# How the report prints "nothing" in a table cell: stored as NULL (never 0), kept as printed.
NIL_MARKERS = frozenset({"—", "-", "－", "–", "——"})


def read_values(cells: Sequence[str], not_a_number: Callable[[int, str], ReportError]
                ) -> tuple[tuple[int | None, ...], tuple[str | None, ...]]:
    """(values, printed) of a row's value cells: None and the marker where a nil is printed.

    `not_a_number(position, cell)` makes the error naming the cell, its column and line (the caller knows them).
    """
    digits = [cell.replace(",", "") for cell in cells]
    if all(digits) and "".join(digits).isdecimal():   # every cell a whole number: the common row, read at once
        return tuple(map(int, digits)), (None,) * len(digits)
    values: list[int | None] = []
    printed: list[str | None] = []
    for k, cell in enumerate(cells):
        if cell in NIL_MARKERS:
            values.append(None)
            printed.append(cell)
            continue
        normal = cell.replace(",", "") if "," in cell else cell
        # str.isdecimal() is the pattern's \d (Unicode category Nd), without a regex call per cell
        if not (normal.isdecimal() or (normal[:1] == "-" and normal[1:].isdecimal())):
            raise not_a_number(k, cell)
        values.append(int(normal))
        printed.append(None)
    return tuple(values), tuple(printed)
