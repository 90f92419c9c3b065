"""Time of each build stage after the appendix (narrative, in-text tables, figures), beside the appendix itself.

Target: the in-text tables and the headline figures together take ≤ 1/3 of the appendix's own time in
the same run. The appendix part is the baseline every build pays; the build's budget (bench_build.py:
0.5 s in all, 0.3 s of it the appendix) leaves the later stages 2/3 of the appendix's time, and these two
may use half of that, the narrative and its search index the rest. Stage times are measured inside one
process, around each stage function (parsing into memory; their rows are written with the rest), imports
excluded.

    python benchmarks/bench_stages.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

SHARE_TARGET = 1 / 3
OURS = ("intext_tables", "figures")


def one_build(db: Path, report: Path) -> dict[str, float]:
    import ipexplorer.store.build as build

    original = build.stages
    times: dict[str, float] = {}

    def timed_stages():
        stages = []
        for name, stage in original():
            def run(parsed, _stage=stage, _name=name):
                started = time.perf_counter()
                _stage(parsed)
                times[_name] = time.perf_counter() - started
            stages.append((name, run))
        return stages

    build.stages = timed_stages
    try:
        if db.exists():
            db.unlink()
        started = time.perf_counter()
        build.build_database(report, db)
        total = time.perf_counter() - started
    finally:
        build.stages = original
    times["appendix and the rest"] = total - sum(times.values())
    times["whole build"] = total
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    from ipexplorer.paths import shipped_report

    report = shipped_report()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        one_build(db, report)  # warm imports (pypinyin, pycountry) out of the figures
        runs = [one_build(db, report) for _ in range(args.runs)]
    medians = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
    for name, seconds in medians.items():
        print(f"{name:24} {seconds * 1000:7.1f} ms (median of {args.runs})")
    ours = sum(medians[n] for n in OURS)
    base = medians["appendix and the rest"]
    ok = ours <= SHARE_TARGET * base
    print(f"\n{'PASS' if ok else 'FAIL'}: in-text tables + figures {ours * 1000:.1f} ms = "
          f"{ours / base:.0%} of the appendix's {base * 1000:.1f} ms (target ≤ {SHARE_TARGET:.0%})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
