"""What the benchmarks share: timing a call, two sides run in turn (medians), a verdict beside its baseline, and
the report as another year's edition (the tests' shifted report too: tests/conftest.py loads this file).

Each script stays runnable alone (`python benchmarks/bench_x.py`): Python puts the script's folder on the path,
so `from helpers import …` finds this module.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object]) -> float:
    """Milliseconds one call of `fn` takes."""
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def alternated(ours: Callable[[], object], base: Callable[[], object] | None, runs: int,
               base_runs: int | None = None) -> tuple[float, float]:
    """Medians (ms) of `ours` and `base` run one after the other `runs` times, so load on the machine falls on
    both alike; a slow baseline may run fewer times (`base_runs`, spread over the runs). No `base`: 0 for it."""
    mine, theirs = [], []
    every = max(1, runs // base_runs) if base_runs else 1
    for i in range(runs):
        mine.append(timed(ours))
        if base is not None and (i % every == 0):
            theirs.append(timed(base))
    return statistics.median(mine), statistics.median(theirs) if theirs else 0.0


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


_YEAR_TOKEN = re.compile(r"(?<!\d)(20[0-2]\d)(?!\d)")
_DATA_CELL = re.compile(r"^[\d,.\-—]*$")


def shift_years(lines: list[str], by: int = -1) -> list[str]:
    """The report as another year's edition: every year outside the tables' data cells moved by `by`.

    A data row (a label, then numbers only) keeps its numbers; everything else, headers and titles
    included, has its years moved; 2月29日 becomes 2月28日 (the new year may have no 29 February).
    """
    if not by:
        return list(lines)
    out = []
    for line in lines:
        cells = [c for c in re.split(r"\t+", line.strip()) if c]
        if len(cells) >= 2 and all(_DATA_CELL.match(c) for c in cells[1:]) \
                and not all(_YEAR_TOKEN.fullmatch(c) for c in cells[1:]):
            out.append(line)
            continue
        moved = _YEAR_TOKEN.sub(lambda m: str(int(m[1]) + by), line)
        out.append(moved.replace("2月29日", "2月28日"))
    return out
