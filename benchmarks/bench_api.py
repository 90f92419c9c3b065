"""`db.table(n)` of the Python API, for every table, after the first import.

Target (issue: the analyst's bridge): ≤ 20 ms median for each table once `ipexplorer.api` and
pandas are imported. The baseline, measured in the same run, is the recipe an analyst would write
without the API: `pandas.read_sql` of the table's values from the `observations` view, then
`pivot_table` into the printed layout.

    python benchmarks/bench_api.py [--db PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 20.0


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="database (default: a fresh one in a temporary directory)")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db_path = Path(args.db) if args.db else Path(tmp.name) / "ipexplorer.sqlite"

    start = time.perf_counter()
    import pandas as pd

    import ipexplorer

    db = ipexplorer.open(db_path)
    first = time.perf_counter()
    db.table(1)
    print(f"import + open: {(first - start) * 1000:.0f} ms; "
          f"first table(1): {(time.perf_counter() - first) * 1000:.1f} ms")

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)

    def baseline(n: int) -> None:
        long = pd.read_sql("SELECT region_zh, year, ip_type, measure, value FROM observations WHERE table_no = ?",
                           conn, params=(n,))
        long.pivot_table(index="region_zh", columns=["year", "measure", "ip_type"], values="value", aggfunc="first")

    failed = []
    print(f"{'table':>5} {'table(n) ms':>12} {'read_sql+pivot ms':>18}")
    for n in db.tables().index:
        ours = _median_ms(lambda n=n: db.table(n), args.repeat)
        theirs = _median_ms(lambda n=n: baseline(n), args.repeat)
        mark = "" if ours <= TARGET_MS else "  over target"
        print(f"{n:>5} {ours:>12.1f} {theirs:>18.1f}{mark}")
        if ours > TARGET_MS:
            failed.append(n)
    conn.close()
    db.close()
    tmp.cleanup()
    print(("PASS" if not failed else "FAIL") + f": db.table(n) ≤ {TARGET_MS:g} ms for every table"
          + (f" (over: {', '.join(map(str, failed))})" if failed else ""))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
