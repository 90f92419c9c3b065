"""Excel export of 100,000 rows × 8 columns: ipexplorer's writer beside pandas and raw XlsxWriter.

Baselines, alternated with ours in the same run (medians of --runs): `pandas.DataFrame.to_excel` with
pandas' default writer (XlsxWriter when installed, as here), the same with openpyxl, and the floor: raw
XlsxWriter in constant_memory mode writing the bare rows (`write_row`, a bold header), which is what our
writer is built on. Ours adds per-column number formats, a frozen header, autofilter, column widths, and
text that a spreadsheet would run as a formula kept as text (no metadata sheet is asked for here).
Target: faster than pandas' default writer, within 1.5× the raw floor, peak Python memory flat as the
rows grow (streamed).

    python benchmarks/bench_export.py [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
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


def pandas_default(path: Path, n: int, engine: str | None = None) -> float:
    import pandas as pd

    started = time.perf_counter()
    frame = pd.DataFrame(list(rows(n)), columns=[c.title for c in COLUMNS])
    frame.to_excel(path, index=False, engine=engine)
    return time.perf_counter() - started


def raw_xlsxwriter(path: Path, n: int) -> float:
    """The floor: XlsxWriter's constant_memory mode, a bold header and the rows as they come."""
    import xlsxwriter

    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("data")
    sheet.write_row(0, 0, [c.title for c in COLUMNS], book.add_format({"bold": True}))
    for i, row in enumerate(rows(n), start=1):
        sheet.write_row(i, 0, row)
    book.close()
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
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import pandas.io.excel._util as excel_util

    default_engine = excel_util.get_default_engine("xlsx", mode="writer")
    sides = {"ipexplorer (XlsxWriter, constant_memory)": ours,
             f"pandas.to_excel, default writer ({default_engine})": pandas_default,
             "pandas.to_excel (openpyxl)": lambda path, n: pandas_default(path, n, "openpyxl"),
             "floor: raw XlsxWriter constant_memory": raw_xlsxwriter}
    times: dict[str, list[float]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for run in range(args.runs):   # each side in turn, so load on the machine falls on all alike
            for i, (name, side) in enumerate(sides.items()):
                times[name].append(side(directory / f"side{i}-{run}.xlsx", args.rows))
                (directory / f"side{i}-{run}.xlsx").unlink()
        sizes = [args.rows // 4, args.rows // 2, args.rows]
        peaks = [peak_mb(n, directory) for n in sizes]
    medians = {name: statistics.median(t) for name, t in times.items()}
    mine = medians["ipexplorer (XlsxWriter, constant_memory)"]
    default = medians[f"pandas.to_excel, default writer ({default_engine})"]
    floor = medians["floor: raw XlsxWriter constant_memory"]
    print(f"{args.rows:,} rows × {len(COLUMNS)} columns, medians of {args.runs} alternated runs")
    for name, median in medians.items():
        print(f"  {name:48} {median:7.2f} s   {median / mine:.2f}× ours")
    print("  peak Python memory while writing: " + ", ".join(f"{n:,} rows {p:.1f} MB" for n, p in
                                                            zip(sizes, peaks, strict=True)))
    flat = peaks[-1] <= peaks[0] * 1.5 + 1
    ok = mine < default and mine <= 1.5 * floor and flat
    print(f"\n{'PASS' if ok else 'FAIL'}: {default / mine:.1f}× faster than pandas' default writer; "
          f"{mine / floor:.2f}× the raw XlsxWriter floor (≤ 1.5×); "
          f"memory {'flat' if flat else 'grows'} with rows ({peaks[0]:.1f} → {peaks[-1]:.1f} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
