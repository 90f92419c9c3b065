"""Excel export of 100,000 rows × 8 columns: ipexplorer's writer beside pandas + openpyxl.

Target (issue: export): faster than `pandas.DataFrame.to_excel(engine="openpyxl")` measured in
the same run, with peak Python memory that stays flat as the rows grow (streamed, constant_memory).

    python benchmarks/bench_export.py [--rows N]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from ipexplorer.export import Sheet, SheetColumn
from ipexplorer.export.xlsx import export_xlsx
from ipexplorer.query.columns import Kind

COLUMNS = [SheetColumn("地区 Region"), SheetColumn("Region (English)"), SheetColumn("类别 Kind"),
           SheetColumn("年份 Year", Kind.INT), SheetColumn("申请 Applications", Kind.INT),
           SheetColumn("授权 Grants", Kind.INT), SheetColumn("增长率 Change %", Kind.PERCENT),
           SheetColumn("占比 Share", Kind.PERCENT)]


def rows(n: int, seed: int = 5):
    rng = random.Random(seed)
    for i in range(n):
        yield (f"地区{i % 997}", f"Region {i % 997}", "country" if i % 3 else "province", 2019 + i % 2,
               rng.randrange(10**6), rng.randrange(10**5), rng.random() - 0.5, rng.random())


def ours(path: Path, n: int) -> float:
    started = time.perf_counter()
    export_xlsx(path, [Sheet("data", COLUMNS, rows(n), n)])
    return time.perf_counter() - started


def pandas_openpyxl(path: Path, n: int) -> float:
    import pandas as pd

    started = time.perf_counter()
    frame = pd.DataFrame(list(rows(n)), columns=[c.title for c in COLUMNS])
    frame.to_excel(path, index=False, engine="openpyxl")
    return time.perf_counter() - started


def peak_mb(n: int, directory: Path) -> float:
    tracemalloc.start()
    ours(directory / f"mem{n}.xlsx", n)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        mine = ours(directory / "ours.xlsx", args.rows)
        theirs = pandas_openpyxl(directory / "pandas.xlsx", args.rows)
        sizes = [args.rows // 4, args.rows // 2, args.rows]
        peaks = [peak_mb(n, directory) for n in sizes]
    print(f"{args.rows:,} rows × {len(COLUMNS)} columns")
    print(f"  ipexplorer (XlsxWriter, constant_memory) {mine:7.2f} s")
    print(f"  pandas.to_excel (openpyxl)               {theirs:7.2f} s   ({theirs / mine:.1f}× slower)")
    print("  peak Python memory while writing: " + ", ".join(f"{n:,} rows {p:.1f} MB" for n, p in
                                                            zip(sizes, peaks, strict=True)))
    flat = peaks[-1] <= peaks[0] * 1.5 + 1
    ok = mine < theirs and flat
    print(f"\n{'PASS' if ok else 'FAIL'}: {'faster' if mine < theirs else 'slower'} than pandas+openpyxl; "
          f"memory {'flat' if flat else 'grows'} with rows ({peaks[0]:.1f} → {peaks[-1]:.1f} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
