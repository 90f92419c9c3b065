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
    """Medians (ms) of `ours` and `base` run in turn `runs` times, in ABBA order (ours first, then the baseline
    first, …), so neither side always runs on the other's warm caches and load on the machine falls on both alike;
    a slow baseline may run fewer times (`base_runs`, spread over the runs, its turns alternated too). The pairs are
    rounded up to an even number (one more pair, the baseline first, after an odd count), so each side runs first
    equally often: three pairs ran ours first twice. No `base`: 0 for it."""
    mine, theirs = [], []
    every = max(1, runs // base_runs) if base_runs else 1
    turns = 0   # pairs run so far: an even one runs ours first, an odd one the baseline first

    def pair() -> None:
        nonlocal turns
        if turns % 2:
            theirs.append(timed(base))
            mine.append(timed(ours))
        else:
            mine.append(timed(ours))
            theirs.append(timed(base))
        turns += 1

    for i in range(runs):
        if base is not None and i % every == 0:
            pair()
        else:
            mine.append(timed(ours))
    if turns % 2:
        pair()
    return statistics.median(mine), statistics.median(theirs) if theirs else 0.0


NOISE_MS = 0.25   # two medians of sub-millisecond calls this close are one figure: the timer and cache noise


def judged(mine: float, base: float, target: float, baseline: str) -> tuple[bool, str]:
    """Whether `mine` (ms) meets an absolute `target` and is no slower than the baseline measured beside it in the
    same run (within NOISE_MS: where both take the same index path, 0.7 against 0.6 ms is noise, not a loss), and
    the verdict's words: the target, the ratio to the baseline and what the baseline is."""
    level = bool(base) and base < mine <= base + NOISE_MS
    passed = mine <= target and (not base or mine <= base or level)
    ratio = f"{mine / base:.3g}× " if base else ""
    why = "" if passed else (" over the target" if mine > target else " slower than the baseline")
    same = f", level within {NOISE_MS} ms" if passed and level else ""
    return passed, (f"{verdict(passed)}{why} (≤ {target:.0f} ms and ≤ the baseline{same}; {ratio}the baseline: "
                    f"{baseline})")


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
