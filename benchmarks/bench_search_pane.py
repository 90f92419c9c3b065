"""Search pane: keystroke to shown results, through the real widget, beside the bare query.

Target (issue: search pane): results shown ≤ 50 ms after the keystroke that completes a query (the
150 ms pause in typing excluded: it is a choice, not work). "Shown" means the list model reset, the
delegate laid out and the viewport painted. The baseline is `query.search()` alone in the same run.

    xvfb-run -a python benchmarks/bench_search_pane.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ipexplorer.paths import shipped_report
from ipexplorer.query.search import search
from ipexplorer.store.build import build_database
from ipexplorer.store.database import connect
from ipexplorer.ui.panes.search_pane import LIMIT, MARKERS, SearchPane
from ipexplorer.ui.shell.settings import Settings

TARGET_MS = 50.0
QUERIES = ["专利", "疫", "知识产权保护", "专利审查高速路", "世界知识产权组织", "WIPO", "Guangdong", "Japan", "地理标志",
           "新冠肺炎疫情防控", "扶贫", "商标"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        build_database(shipped_report(), db)
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        pane = SearchPane(db, settings)
        pane.resize(1100, 700)
        pane.show()
        app.processEvents()
        conn = connect(db)
        shown, bare = {}, {}
        for q in QUERIES:
            times = []
            for _ in range(args.repeat):
                pane.query.setEditText("")
                pane.run_search()
                app.processEvents()
                started = time.perf_counter()
                pane.query.setEditText(q)
                pane.run_search()                       # what the pause's timer calls
                pane.view.viewport().repaint()          # painted, hits laid out by the delegate
                app.processEvents()
                times.append((time.perf_counter() - started) * 1000)
            shown[q] = statistics.median(times)
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                search(conn, q, LIMIT, MARKERS)
                times.append((time.perf_counter() - started) * 1000)
            bare[q] = statistics.median(times)
        conn.close()
        pane.shutdown()
    print(f"{'query':20} {'pane (shown)':>13} {'search() alone':>15}")
    for q in QUERIES:
        print(f"{q:20} {shown[q]:>10.2f} ms {bare[q]:>12.2f} ms")
    worst = max(shown.values())
    ok = worst <= TARGET_MS
    median = statistics.median(shown.values())
    print(f"\n{'PASS' if ok else 'FAIL'}: keystroke to shown results median {median:.2f} ms, "
          f"slowest {worst:.2f} ms (target ≤ {TARGET_MS:.0f} ms); the bare query's median "
          f"{statistics.median(bare.values()):.2f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
