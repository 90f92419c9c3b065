"""Ten editions in one database: the build, and the first paint beside a database of one edition.

Ten synthetic editions are the shipped 2020 text with every year outside the tables' data cells moved
back 0–9 years (2011…2020 editions). Targets: the ten-edition build ≤ 3 s (a fresh process, imports
included; the one-edition build of the same run beside it); first paint with that database within
10 % of first paint with the one-edition database (runs alternate, so load falls on both alike). Each build's
CPU time is printed beside its wall clock: on a loaded machine it varies much less (the verdict is the clock's).

    python benchmarks/bench_editions.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BUILD_TARGET, PAINT_RATIO = 3.0, 1.10

BUILD = """
import sys, time
started = time.perf_counter()
from ipexplorer.store.build import build_database
build_database(sys.argv[2:], sys.argv[1])
print(time.perf_counter() - started, time.process_time())
"""


def reported(args: list[str], env: dict[str, str], pattern: str) -> tuple[float, ...]:
    """The figures a fresh process prints (its own clocks: seconds), one per group of `pattern`."""
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=True, timeout=300)
    match = re.search(pattern, done.stdout)
    if not match:
        raise SystemExit(f"no timing in {done.stdout!r} {done.stderr[-400:]!r}")
    return tuple(float(g) for g in match.groups())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from helpers import shift_years

    from ipexplorer.paths import shipped_report

    lines = shipped_report().read_text(encoding="utf-8").splitlines()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reports = []
        for k in range(10):
            path = folder / f"edition-{2020 - k}.txt"
            path.write_text("\n".join(shift_years(lines, -k)) + "\n", encoding="utf-8")
            reports.append(str(path))
        builds: dict[str, list[float]] = {"one edition": [], "ten editions": []}
        cpu: dict[str, list[float]] = {"one edition": [], "ten editions": []}
        for run in range(args.runs):
            for label, chosen in (("one edition", reports[:1]), ("ten editions", reports)):
                db = folder / f"{label.replace(' ', '-')}-{run}.sqlite"
                wall, used = reported([sys.executable, "-c", BUILD, str(db), *chosen], env, r"([\d.]+) ([\d.]+)")
                builds[label].append(wall)
                cpu[label].append(used)
        one_db, ten_db = folder / "one-edition-0.sqlite", folder / "ten-editions-0.sqlite"
        paints: dict[str, list[float]] = {"one edition": [], "ten editions": []}
        for _run in range(args.runs * 2):
            for label, db in (("one edition", one_db), ("ten editions", ten_db)):
                paints[label].append(reported([sys.executable, "-m", "ipexplorer", "--db", str(db), "--pane", "tables",
                                            "--exit-after-first-paint"], env, r"first paint after ([\d.]+) s")[0])
    build_one, build_ten = (statistics.median(builds[k]) for k in ("one edition", "ten editions"))
    cpu_one, cpu_ten = (statistics.median(cpu[k]) for k in ("one edition", "ten editions"))
    paint_one, paint_ten = (statistics.median(paints[k]) for k in ("one edition", "ten editions"))
    build_ok, paint_ok = build_ten <= BUILD_TARGET, paint_ten <= paint_one * PAINT_RATIO
    print(f"build, one edition (baseline): {build_one:.2f} s  (CPU {cpu_one:.2f} s)")
    print(f"build, ten editions:           {build_ten:.2f} s  (CPU {cpu_ten:.2f} s; target ≤ {BUILD_TARGET:.1f} s)  "
          f"{'PASS' if build_ok else 'FAIL'}")
    print(f"first paint, one edition (baseline): {paint_one:.3f} s")
    print(f"first paint, ten editions:           {paint_ten:.3f} s  ({paint_ten / paint_one:.2f}×, target ≤ "
          f"{PAINT_RATIO:.2f}×)  {'PASS' if paint_ok else 'FAIL'}")
    return 0 if build_ok and paint_ok else 1


if __name__ == "__main__":
    sys.exit(main())
