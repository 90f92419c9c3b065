"""Drawing the Timeline: all of the report's events, and 10× as many synthetic ones.

Target (issue: timeline): ≤ 50 ms median to lay out, draw and repaint every event, for the real
events and for 10× their number (synthetic, spread over the year and the lanes); zoom and pan
repaints at 10× stay under the same bound. The baseline, measured in the same run, is the naive
pyqtgraph recipe: one ScatterPlotItem per marker.

    python benchmarks/bench_timeline.py [--db PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from ipexplorer.query.timeline import Event, lanes, layout, query_events

TARGET_MS = 50.0


def synthetic(events: list[Event], factor: int, seed: int = 5) -> list[Event]:
    """`factor` times the events: copies moved to random days, keeping categories, spans and month-only dates."""
    rng = random.Random(seed)
    out = []
    for k in range(factor):
        for e in events:
            if e.precision == "month":
                date, end = f"2020-{rng.randrange(1, 13):02d}", None
            else:
                month, day = rng.randrange(1, 13), rng.randrange(1, 28)
                date = f"2020-{month:02d}-{day:02d}"
                end = f"2020-{month:02d}-{day + 1:02d}" if e.end_date else None
            out.append(Event(e.event_id + k * 10_000, date, end, e.precision, e.text, e.categories, e.partners,
                             e.section, e.source_line))
    return sorted(out, key=lambda e: e.date)


def timed(app, action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    import pyqtgraph as pg

    from ipexplorer.store.build import build_database
    from ipexplorer.store.database import connect
    from ipexplorer.ui.plots.timeline_plot import TimelinePlot

    db = args.db
    if db is None:
        from ipexplorer.paths import shipped_report

        db = Path(tempfile.mkdtemp()) / "bench.sqlite"
        build_database(shipped_report(), db)
    conn = connect(db)
    real = query_events(conn)
    lane_list = lanes(conn)
    many = synthetic(real, 10)
    plot = TimelinePlot()
    plot.resize(1400, 500)
    plot.show()
    app.processEvents()

    def draw(events):
        def run():
            plot.set_layout(layout(events, lane_list))
            plot.repaint()
        return run

    results = {
        f"all {len(real)} events: layout + draw": timed(app, draw(real), args.repeat),
        f"10× ({len(many)} events): layout + draw": timed(app, draw(many), args.repeat),
    }
    plot.set_layout(layout(many, lane_list))

    def zoom_and_pan():
        plot.zoom(0.8)
        plot.pan(0.1)
        plot.repaint()

    results["10×: zoom + pan repaint"] = timed(app, zoom_and_pan, args.repeat)

    naive = pg.PlotWidget()
    naive.resize(1400, 500)
    naive.show()
    drawn = layout(many, lane_list)

    def naive_draw():
        naive.clear()
        for m in drawn.markers:
            naive.addItem(pg.ScatterPlotItem(x=[m.x], y=[m.y], size=9, brush="#4c78a8"))
        naive.repaint()

    baseline = statistics.median(timed(app, naive_draw, max(3, args.repeat // 5)))

    print(f"{'timeline':44} {'median':>10} {'max':>10}")
    worst = 0.0
    for name, times in results.items():
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{name:44} {median:>7.1f} ms {max(times):>7.1f} ms")
    print(f"{'baseline: one ScatterPlotItem per marker, 10×':44} {baseline:>7.1f} ms")
    verdict = "PASS" if worst <= TARGET_MS else "FAIL"
    print(f"\n{verdict}: slowest median {worst:.1f} ms (target ≤ {TARGET_MS:.0f} ms); baseline {baseline:.1f} ms")
    plot.close()
    naive.close()
    conn.close()
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
