"""Maps: loading the shipped geometry, and redrawing the province and world maps after their first use.

Targets (issue: maps): the geometry of either map loads in ≤ 30 ms; a redraw after a change of
measure or classes (map_data → MapPlot.show_data → repaint) takes ≤ 50 ms median once the map has
been shown. Baselines, alternated with them in the same run: parsing the same JSON file alone (for the
load: ours within LOAD_RATIO× of it), and the naive drawing recipe, one QGraphicsPathItem per shape
rebuilt per redraw (for the redraw: ours no slower than it).

    python benchmarks/bench_maps.py [--db PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from helpers import timed, verdict
from PySide6.QtWidgets import QApplication

LOAD_TARGET_MS = 30.0
DRAW_TARGET_MS = 50.0
LOAD_RATIO = 3.0   # the geometry's shapes made from the parsed JSON: at most this many times the parse alone


def database(path: str | None) -> Path:
    if path:
        return Path(path)
    from ipexplorer.paths import shipped_report
    from ipexplorer.store.build import build_database

    db = Path(tempfile.mkdtemp()) / "bench.sqlite"
    build_database(shipped_report(), db)
    return db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a built database (default: build one from the shipped report)")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])

    from ipexplorer.query import map_data as md

    loads: dict[str, tuple[float, float]] = {}
    for name in (md.CHINA, md.WORLD):
        path = md.maps_dir() / f"{name}.json"
        raw, ours = [], []
        for _ in range(args.repeat):
            raw.append(timed(lambda p=path: json.loads(p.read_text(encoding="utf-8"))))
            md.load_geometry.cache_clear()
            ours.append(timed(lambda n=name: md.load_geometry(n)))
        loads[name] = (statistics.median(ours), statistics.median(raw))

    from PySide6.QtGui import QBrush, QColor, QPainterPath
    from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene, QGraphicsView

    from ipexplorer.query.builder import QueryState
    from ipexplorer.query.chart_data import chart_frame
    from ipexplorer.query.datasets import wide_dataset
    from ipexplorer.store.database import connect
    from ipexplorer.ui.plots.map_plot import MapPlot, ring_path

    conn = connect(database(args.db))
    draws: dict[str, tuple[float, float, float]] = {}
    for name, table_no in ((md.CHINA, 1), (md.WORLD, 2)):
        frame = chart_frame(conn, wide_dataset(conn, table_no), QueryState())
        plot = MapPlot()
        plot.resize(1000, 700)
        plot.show()
        started = time.perf_counter()
        plot.show_data(md.map_data(conn, frame))  # first use: the paths are built
        plot.repaint()
        app.processEvents()
        first = (time.perf_counter() - started) * 1000
        specs = [md.MapSpec(field=f, classes=k, classing=c) for f in ("value", "change_pct")
                 for k in (5, 6) for c in md.Classing]
        # the naive recipe: a QGraphicsPathItem per shape, rebuilt on every redraw
        scene = QGraphicsScene()
        view = QGraphicsView(scene)
        view.resize(1000, 700)
        view.show()
        geometry = md.load_geometry(name)

        def ours(spec, plot=plot, frame=frame) -> None:
            plot.show_data(md.map_data(conn, frame, spec))
            plot.repaint()
            app.processEvents()

        def naive_draw(data, scene=scene, view=view, geometry=geometry) -> None:
            scene.clear()
            for shape in geometry.shapes:
                path = QPainterPath()
                for ring in (*shape.rings, *shape.inset):
                    ring_path(path, ring)
                item = QGraphicsPathItem(path)
                region = data.region_for_key(shape.key)
                item.setBrush(QBrush(QColor("#41b6c4" if region is not None and region.klass else "#eeeeee")))
                scene.addItem(item)
            view.fitInView(scene.sceneRect())
            view.repaint()
            app.processEvents()

        times, naive = [], []
        for i in range(args.repeat):   # the two in turn, so load on the machine falls on both alike
            spec = specs[i % len(specs)]
            times.append(timed(lambda s=spec: ours(s)))
            data = md.map_data(conn, frame, spec)
            naive.append(timed(lambda d=data: naive_draw(d)))   # (its map_data outside the time, as before)
        plot.close()
        view.close()
        draws[name] = (statistics.median(times), first, statistics.median(naive))
    conn.close()

    ok = True
    print(f"{'geometry load':28} {'ipexplorer':>12} {'json.loads alone':>18}")
    for name, (ours, raw) in loads.items():
        passed = ours <= LOAD_TARGET_MS and ours <= LOAD_RATIO * raw
        ok &= passed
        print(f"{name:28} {ours:>9.1f} ms {raw:>15.1f} ms   {verdict(passed)} ({ours / raw:.1f}× the parse alone)")
    print(f"\n{'redraw after first use':28} {'median':>12} {'first use':>12} {'path item per shape':>20}")
    for name, (median, first, naive) in draws.items():
        passed = median <= DRAW_TARGET_MS and median <= naive
        ok &= passed
        print(f"{name:28} {median:>9.1f} ms {first:>9.1f} ms {naive:>17.1f} ms   {verdict(passed)} "
              f"({median / naive:.2f}× the path items)")
    print(f"\n{verdict(ok)}: load ≤ {LOAD_TARGET_MS:.0f} ms and ≤ {LOAD_RATIO:.0f}× json.loads alone, redraw ≤ "
          f"{DRAW_TARGET_MS:.0f} ms median and no slower than a path item per shape")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
