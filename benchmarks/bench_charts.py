"""Redraw of the Charts pane after a filter change, 200 bars.

Target (issue: charts): ≤ 30 ms median from new rows to a repainted chart, measured on the
real path (chart_frame → chart_data → ChartPlot.show_data → repaint). The baseline, measured in
the same run, is the naive pyqtgraph recipe: one BarGraphItem per bar.

    python benchmarks/bench_charts.py [--bars N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from ipexplorer.query.chart_data import (
    Category,
    ChartFrame,
    ChartKind,
    ChartSpec,
    chart_data,
)

TARGET_MS = 30.0


def synthetic_frame(n: int, seed: int = 3) -> ChartFrame:
    rng = random.Random(seed)
    cats = []
    for i in range(n):
        cat = Category(f"地区{i}", f"Region {i}", "country", [i])
        for year in (2019, 2020):
            for t in ("patent", "invention", "utility_model", "design"):
                cat.values[(year, "applications", t, "value")] = rng.randrange(1, 1_000_000)
        cat.values[(2020, "applications", "patent", "change_abs")] = rng.randrange(-50_000, 50_000)
        cats.append(cat)
    return ChartFrame(cats, {"applications": ("申请量", "Applications")},
                      {"patent": ("专利(合计)", "Patents"), "invention": ("发明", "Invention"),
                       "utility_model": ("实用新型", "Utility model"), "design": ("外观设计", "Design")},
                      [2019, 2020], table_nos=(1,))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bars", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    import pyqtgraph as pg

    from ipexplorer.ui.plots.chart_plot import ChartPlot

    plot = ChartPlot()
    plot.resize(900, 2400)
    plot.show()
    app.processEvents()
    frame = synthetic_frame(args.bars)
    results: dict[str, list[float]] = {}
    for kind in (ChartKind.BARS, ChartKind.YEARS, ChartKind.STACKED, ChartKind.CHANGE):
        times = []
        for i in range(args.repeat):
            # a "filter change": a different subset of the regions each time
            frame.categories = frame.categories[1:] + frame.categories[:1] if i else frame.categories
            started = time.perf_counter()
            data = chart_data(frame, ChartSpec(kind=kind, top_n=args.bars))
            plot.show_data(data)
            plot.repaint()
            app.processEvents()
            times.append((time.perf_counter() - started) * 1000)
        results[f"ipexplorer {kind.value}"] = times

    naive = pg.PlotWidget()
    naive.resize(900, 2400)
    naive.show()
    times = []
    for _ in range(args.repeat):
        data = chart_data(frame, ChartSpec(kind=ChartKind.BARS, top_n=args.bars))
        started = time.perf_counter()
        naive.clear()
        for j, value in enumerate(data.series[0].values):
            naive.addItem(pg.BarGraphItem(x0=[0], y=[j], height=[0.7], width=[value or 0], brush="#4c78a8"))
        naive.repaint()
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    baseline = statistics.median(times)

    print(f"{'redraw, ' + str(args.bars) + ' bars':34} {'median':>10} {'max':>10}")
    worst = 0.0
    for name, times in results.items():
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{name:34} {median:>7.1f} ms {max(times):>7.1f} ms")
    print(f"{'baseline: one BarGraphItem per bar':34} {baseline:>7.1f} ms")
    verdict = "PASS" if worst <= TARGET_MS else "FAIL"
    print(f"\n{verdict}: slowest median {worst:.1f} ms (target ≤ {TARGET_MS:.0f} ms); "
          f"baseline {baseline:.1f} ms")
    plot.close()
    naive.close()
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
