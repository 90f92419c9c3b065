"""Cold build of the database from the report: the appendix alone, and everything.

Targets: the appendix part (12 tables, identities, indexes, derived values) ≤ 0.3 s; the full
build with every later stage (narrative, search index, …) ≤ 0.5 s. Each build runs in a fresh
process (imports included, as on first start). The baseline in the same run is the floor every
build pays: a process that reads and hashes the report and writes the empty schema.

    python benchmarks/bench_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

APPENDIX_TARGET, FULL_TARGET = 0.3, 0.5

APPENDIX_ONLY = """
import sys, time
started = time.perf_counter()
import ipexplorer.store.build as build
build.stages = lambda: []   # the appendix alone: no in-text tables, narrative or figures
build.build_database(sys.argv[2], sys.argv[1])
print(time.perf_counter() - started)
"""
FULL = """
import sys, time
started = time.perf_counter()
from ipexplorer.store.build import build_database
build_database(sys.argv[2], sys.argv[1])
print(time.perf_counter() - started)
"""
FLOOR = """
import sys, time, sqlite3
started = time.perf_counter()
from ipexplorer.report.source import read_report
from ipexplorer.store import schema
read_report(sys.argv[2])
conn = sqlite3.connect(sys.argv[1])
conn.executescript(schema.TABLES)
conn.commit()
conn.close()
print(time.perf_counter() - started)
"""


def timed(code: str, db: Path, report: Path) -> float:
    if db.exists():
        db.unlink()
    out = subprocess.run([sys.executable, "-c", code, str(db), str(report)], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from ipexplorer.paths import shipped_report

    report = shipped_report()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        results = {name: statistics.median(timed(code, db, report) for _ in range(args.runs))
                   for name, code in (("floor: read report + empty schema", FLOOR),
                                      ("appendix (12 tables)", APPENDIX_ONLY), ("full build", FULL))}
    for name, seconds in results.items():
        print(f"{name:36} {seconds * 1000:7.1f} ms (median of {args.runs}, imports included)")
    ok = results["appendix (12 tables)"] <= APPENDIX_TARGET and results["full build"] <= FULL_TARGET
    print(f"\n{'PASS' if ok else 'FAIL'}: appendix {results['appendix (12 tables)']:.3f} s (target ≤ {APPENDIX_TARGET}"
          f" s), full {results['full build']:.3f} s (target ≤ {FULL_TARGET} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
