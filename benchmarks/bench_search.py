"""Full-text search of the narrative: median time per query, FTS5 trigram beside a plain LIKE scan.

Target (issue: narrative): a search ≤ 20 ms. The baseline in the same run scans every paragraph
with LIKE and sorts in Python — what one would write without the index.

    python benchmarks/bench_search.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ipexplorer.paths import shipped_report
from ipexplorer.query.search import search
from ipexplorer.store.build import build_database
from ipexplorer.store.database import connect

TARGET_MS = 20.0
QUERIES = ["专利", "扶贫", "桑", "知识产权保护", "专利审查高速路", "世界知识产权组织", "WIPO", "Guangdong",
           "beijing", "Japan", "地理标志", "新冠肺炎疫情防控"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        build_database(shipped_report(), db)
        conn = connect(db)
        ours, naive = {}, {}
        for q in QUERIES:
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                search(conn, q, limit=50)
                times.append((time.perf_counter() - started) * 1000)
            ours[q] = statistics.median(times)
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                rows = conn.execute("SELECT para_id, text FROM paragraph WHERE text LIKE ?", (f"%{q}%",)).fetchall()
                sorted(rows, key=lambda r: -r[1].count(q))[:50]
                times.append((time.perf_counter() - started) * 1000)
            naive[q] = statistics.median(times)
        conn.close()
    print(f"{'query':22} {'search()':>10} {'LIKE scan':>10}")
    for q in QUERIES:
        print(f"{q:22} {ours[q]:>7.2f} ms {naive[q]:>7.2f} ms")
    overall = statistics.median(ours.values())
    worst = max(ours.values())
    ok = worst <= TARGET_MS
    print(f"\n{'PASS' if ok else 'FAIL'}: median {overall:.2f} ms, slowest {worst:.2f} ms "
          f"(target ≤ {TARGET_MS:.0f} ms); LIKE-scan baseline median {statistics.median(naive.values()):.2f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
