"""The benchmarks' shared helpers: two sides timed in turn, neither favoured by the order."""

from __future__ import annotations

import pytest
from conftest import _benchmark_helpers as _helpers


@pytest.mark.parametrize("runs", range(1, 8))
def test_each_side_runs_first_equally_often_at_any_count_of_runs(runs):
    """Three pairs ran ours first twice and the baseline first once: an odd count of pairs gets one more."""
    order: list[str] = []
    _helpers().alternated(lambda: order.append("ours"), lambda: order.append("base"), runs)
    pairs = [tuple(order[i:i + 2]) for i in range(0, len(order), 2)]
    assert all(set(p) == {"ours", "base"} for p in pairs), order
    assert len(pairs) >= runs
    assert sum(p[0] == "ours" for p in pairs) == sum(p[0] == "base" for p in pairs), order


def test_a_slow_baseline_runs_fewer_times_in_an_even_count_of_pairs():
    order: list[str] = []
    _helpers().alternated(lambda: order.append("ours"), lambda: order.append("base"), 6, base_runs=3)
    assert order.count("base") == 4 and order.count("ours") == 7   # pairs at runs 0, 2, 4, and one more
    assert order[-2:] == ["base", "ours"]
