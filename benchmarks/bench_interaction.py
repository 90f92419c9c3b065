"""Interaction in the real window: first switch to every pane, a header-click sort and a quick-filter keystroke
to painted rows, and a region profile, each beside a stock Qt baseline measured alternately in the same run.

- First switch to a pane (a fresh process per run, the window started on another pane and settled, pyqtgraph
  imported on its worker): `show_pane(P)` to the first paint of the pane, beside switching the same window's
  stack to a plain label page. Each side is timed by a paint filter on its own page of the stack alone (the
  pane's page, the label), never on the application: a filter there passes every event of every object through
  Python while the pane is built, and the first wrapper of an object of a class PySide6 does not bind makes it
  create every Qt class it had left uncreated (~60 of them, 60 ms of a Charts switch that no user pays). Also
  shown: the longest the GUI thread was busy in the 1.5 s after (work the pane does once painted: its queries'
  results, a plot, the report's layout), and the CPU time the GUI thread spent on each side's switch (what the
  code costs, which a loaded machine stretches far less than the wall time). Target ≤ 100 ms.
  The two sides go in either order, alternated ABBA over the runs (--runs is rounded up to a multiple of 4, so
  each side goes first as often as the other).
- Header-click sort (Tables, table 1): the header's click handler to the rows painted (the SQL runs on the
  model's worker), beside `QSortFilterProxyModel` over a `QStandardItemModel` of the same cells in a
  `QTableView` of the same size. Target ≤ 16 ms.
- Quick-filter keystroke: what the 150 ms pause's timer calls (the pause itself is a choice, not work) to the
  rows painted, beside the proxy's `setFilterFixedString`. Target ≤ 16 ms plus the pause.
- Region profile: `show_region` to the profile shown (read off the GUI thread), with the longest the GUI
  thread was busy meanwhile, beside the bare `region_profile()` call and an idle wait of the same length (the
  longest gap the machine's load alone makes). Target ≤ 50 ms, off the GUI thread.

"Painted" is the end of the paint pass that first paints the widget, for ipexplorer and the baselines alike: for
a switch, an event posted at high priority in that pass (Qt handles it right after the pass); for the grid, a
0 ms timer set in that pass. Verdicts: what ipexplorer takes beyond the baseline measured alternately
in the same run must be within the target (load slows both sides alike); the absolute figure is shown too.

    python benchmarks/bench_interaction.py [--runs N] [--panes charts,report]
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PANES = ("overview", "tables", "charts", "timeline", "search", "regions", "sql", "report")
SWITCH_MS, SORT_MS, KEY_MS, PROFILE_MS = 100.0, 16.0, 16.0, 50.0


def verdict(ours: float, base: float, target: float) -> tuple[bool, str]:
    """The issue's target is absolute (a sort to painted rows ≤ 16 ms): that decides; the stock Qt baseline
    measured alternately in the same run is printed beside it, as the excess and the ratio, so a loaded run
    shows whether the code or the machine is slow. Judge on an idle machine."""
    passed = ours <= target
    return passed, (f"{'PASS' if passed else 'FAIL'} (≤ {target:.0f} ms; +{ours - base:.1f} ms over the baseline, "
                    f"{ours / base if base else float('inf'):.1f}×)")

# one first switch in a fresh app: printed as
# "SWITCH <ours ms> <baseline ms> <longest busy ms> <ours: GUI thread CPU ms> <baseline: GUI thread CPU ms>"
SWITCH_PROBE = r"""
import itertools, os, sys, time
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from ipexplorer.main import main
from ipexplorer.ui.shell import first_frame

target, start, label_first = sys.argv[1], sys.argv[2], sys.argv[3] == "label-first"
PASS_ENDED = QEvent.Type(QEvent.registerEventType())

class Painted(QObject):
    # when the paint pass that first paints `widget` has ended: an event posted at high priority in that pass
    # is the next one Qt handles after it (a 0 ms timer waited behind the queries' answers that had arrived
    # meanwhile, work of no part of that frame). A filter on that widget alone, so no other object's events pass
    # through Python (a filter on the application converted every event of every object to Python while the
    # pane was built, and made wrappers of Qt's private classes)
    def __init__(self, widget):
        super().__init__()
        self.widget, self.at, self.seen = widget, None, False
        widget.installEventFilter(self)
    def eventFilter(self, obj, event):
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QCoreApplication.postEvent(self, QEvent(PASS_ENDED), Qt.EventPriority.HighEventPriority.value)
        return False
    def event(self, event):
        if event.type() != PASS_ENDED:
            return super().event(event)
        self.at, self.cpu = time.perf_counter(), time.thread_time()
        self.widget.removeEventFilter(self)
        return True

def wait(cond, seconds=30):
    app, end = QApplication.instance(), time.monotonic() + seconds
    while not cond() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.0005)

def busy_after(seconds):
    app, ticks, end = QApplication.instance(), [], time.monotonic() + seconds
    timer = QTimer(interval=2)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    return max((b - a for a, b in itertools.pairwise(ticks)), default=0.0)

def to_label(window):
    label = QLabel("baseline")
    window.stack.addWidget(label)
    base = Painted(label)
    t0, c0 = time.perf_counter(), time.thread_time()
    window.stack.setCurrentWidget(label)
    wait(lambda: base.at is not None)
    return base.at - t0, base.cpu - c0

def to_pane(window):
    # the pane's page of the stack: the pane is built into it on the switch, and painted in the page's pass
    ours = Painted(window.stack.widget([spec.key for spec in window.specs].index(target)))
    t1, c1 = time.perf_counter(), time.thread_time()
    window.show_pane(target)
    wait(lambda: ours.at is not None)
    return ours.at - t1, ours.cpu - c1, busy_after(1.5)

def measure():
    app = QApplication.instance()
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")
    wait(lambda: False, 2.0)                                  # the start pane's queries settle
    if label_first:
        base, base_cpu = to_label(window)
        wait(lambda: False, 0.3)
        ours, cpu, busy = to_pane(window)
    else:                                                     # the pane first (its busy time waited out after)
        ours, cpu, busy = to_pane(window)
        base, base_cpu = to_label(window)
    print(f"SWITCH {ours * 1000:.1f} {base * 1000:.1f} {busy * 1000:.1f} "
          f"{cpu * 1000:.1f} {base_cpu * 1000:.1f}", flush=True)
    app.quit()

shell_painted = first_frame.painted
def painted(window=None):
    shell_painted(window)
    first_frame.when_plots_ready(lambda: QTimer.singleShot(0, measure))
first_frame.painted = painted
code = main(["--pane", start])
sys.stdout.flush()
os._exit(code)   # as the console script ends (ipexplorer.main.launch): no interpreter teardown
"""


def balanced_runs(runs: int) -> int:
    """`runs` rounded up to a multiple of 4: over runs in ABBA order (A first, B first, B first, A first) each side
    goes first as often as the other only then (5 runs put the label first three times)."""
    return max(4, -(-runs // 4) * 4)


def first_switches(db: Path, tmp: Path, panes: list[str], runs: int) -> bool:
    env = dict(os.environ, IPEXPLORER_DB=str(db), XDG_CONFIG_HOME=str(tmp / "config"),
               XDG_DATA_HOME=str(tmp / "data"), PYTHONPYCACHEPREFIX=str(tmp / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"first switch to a pane ({runs} runs, medians)   ipexplorer   stack to a label   busy after (longest)"
          "   GUI thread's CPU: ipexplorer / label")
    ok = True
    for pane in panes:
        start = "search" if pane == "overview" else "overview"
        ours, base, busy, cpu, cpu_base = [], [], [], [], []
        for i in range(runs):
            # which side goes first alternates ABBA over the runs: neither is always the one after the start
            order = "label-first" if i % 4 in (0, 3) else "pane-first"
            done = subprocess.run([sys.executable, "-c", SWITCH_PROBE, pane, start, order], env=env,
                                  capture_output=True, text=True, timeout=180)
            match = re.search(r"SWITCH ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9.]+)", done.stdout)
            if not match:
                raise SystemExit(f"switch to {pane} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
            ours.append(float(match[1]))
            base.append(float(match[2]))
            busy.append(float(match[3]))
            cpu.append(float(match[4]))
            cpu_base.append(float(match[5]))
        o, b = statistics.median(ours), statistics.median(base)
        passed, words = verdict(o, b, SWITCH_MS)
        ok &= passed
        print(f"  {pane:34} {o:8.1f} ms {b:12.1f} ms {statistics.median(busy):14.1f} ms "
              f"{statistics.median(cpu):9.1f} / {statistics.median(cpu_base):.1f} ms   {words}")
    return ok


def grid_and_profile(db: Path, tmp: Path, runs: int) -> bool:
    from PySide6.QtCore import QEvent, QObject, QSettings, QSortFilterProxyModel, Qt, QTimer
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    from ipexplorer.query.profiles import region_profile
    from ipexplorer.store.database import connect
    from ipexplorer.ui.shell.app import prepare_application
    from ipexplorer.ui.shell.main_window import MainWindow
    from ipexplorer.ui.shell.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    prepare_application(app)
    settings = Settings(QSettings(str(tmp / "grid.ini"), QSettings.Format.IniFormat))
    window = MainWindow(db, settings=settings, pane="tables")
    window.resize(1280, 820)
    window.show()

    def spin(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.0005)

    def until(cond, seconds: float = 30) -> None:
        end = time.monotonic() + seconds
        while not cond() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.0002)

    class Painted(QObject):
        """When the paint pass that first paints `widget` once armed has ended (a 0 ms timer set in the pass:
        the rows are on screen with everything else that pass painted)."""

        def __init__(self, widget):
            super().__init__()
            self.armed, self.at, self.seen = False, None, False
            widget.installEventFilter(self)

        def eventFilter(self, obj, event) -> bool:
            if self.armed and not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, self.done)
            return False

        def done(self) -> None:
            self.at = time.perf_counter()

    explorer = window.explorer
    spin(2.0)
    grid, model = explorer.grid, explorer.model
    until(lambda: model.rowCount() > 0)
    ours_paint = Painted(grid.view.viewport())
    loaded = []
    model.loaded.connect(lambda: (loaded.append(1), setattr(ours_paint, "armed", True)))

    # the baseline: the same cells in the stock recipe, a proxy over a standard item model, same size
    base_model = QStandardItemModel(model.rowCount(), model.columnCount())
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            item = QStandardItem()
            item.setData(model.index(r, c).data(Qt.ItemDataRole.DisplayRole), Qt.ItemDataRole.DisplayRole)
            base_model.setItem(r, c, item)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(base_model)
    proxy.setFilterKeyColumn(-1)
    base_view = QTableView()
    base_view.setModel(proxy)
    base_view.resize(grid.view.size())
    base_view.show()
    base_paint = Painted(base_view.viewport())
    spin(0.5)

    def ours(action) -> float:
        loaded.clear()
        ours_paint.armed, ours_paint.at, ours_paint.seen = False, None, False
        t0 = time.perf_counter()
        action()
        until(lambda: ours_paint.at is not None)
        return (ours_paint.at - t0) * 1000

    def bare(action) -> float:
        base_paint.armed, base_paint.at, base_paint.seen = True, None, False
        t0 = time.perf_counter()
        action()
        until(lambda: base_paint.at is not None)
        return (base_paint.at - t0) * 1000

    sorts, sorts_base, keys, keys_base = [], [], [], []
    columns = [c for c in range(1, min(model.columnCount(), 6))]
    for i in range(runs):
        column = columns[i % len(columns)]
        sorts.append(ours(lambda col=column: grid._on_header_clicked(col)))
        spin(0.05)
        order = Qt.SortOrder.DescendingOrder if i % 2 else Qt.SortOrder.AscendingOrder
        sorts_base.append(bare(lambda col=column, o=order: base_view.sortByColumn(col, o)))
        spin(0.05)
    for i in range(runs):
        text = ("广", "广东", "北", "北京", "上海")[i % 5]

        def type_key(text=text) -> None:
            explorer.quick.setText(text)     # the 150 ms pause's timer starts; what it calls is timed
            explorer._quick_timer.stop()
            explorer._apply_quick()

        keys.append(ours(type_key))
        spin(0.05)
        keys_base.append(bare(lambda text=text: proxy.setFilterFixedString(text)))
        spin(0.05)
        explorer.quick.setText("")
        explorer._quick_timer.stop()
        explorer._apply_quick()
        proxy.setFilterFixedString("")
        spin(0.2)

    window.show_pane("regions")
    regions = window.regions
    spin(2.0)
    shown: list[float] = []
    regions.region_shown.connect(lambda _r: shown.append(time.perf_counter()))
    conn = connect(db)
    profiles, profiles_base, busy, idle = [], [], [], []
    names = ["广东", "美国", "北京", "日本", "江苏", "德国"]
    ticks: list[float] = []
    timer = QTimer(interval=2)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    for i in range(runs):
        name = names[i % len(names)]
        shown.clear()
        ticks.clear()
        timer.start()
        t0 = time.perf_counter()
        regions.show_region(name)
        until(lambda: bool(shown))
        timer.stop()
        profiles.append((shown[0] - t0) * 1000)
        busy.append(max((b - a for a, b in itertools.pairwise([t0, *ticks])), default=0.0) * 1000)
        t1 = time.perf_counter()
        region_profile(conn, name)
        profiles_base.append((time.perf_counter() - t1) * 1000)
        spin(0.1)
        # the same wait with nothing asked: the longest gap between ticks that the machine's load alone makes
        ticks.clear()
        timer.start()
        t2 = time.perf_counter()
        spin(profiles[-1] / 1000)
        timer.stop()
        idle.append(max((b - a for a, b in itertools.pairwise([t2, *ticks])), default=0.0) * 1000)
        spin(0.1)
    conn.close()
    window.close()

    ok = True
    print(f"\nTables, table 1 ({runs} alternated runs, medians)      ipexplorer   QSortFilterProxyModel")
    for name, o, b, target, note in (("header-click sort to painted rows", sorts, sorts_base, SORT_MS, ""),
                                      ("quick-filter keystroke to painted rows", keys, keys_base, KEY_MS,
                                       " + the 150 ms pause")):
        om, bm = statistics.median(o), statistics.median(b)
        passed, words = verdict(om, bm, target)
        ok &= passed
        print(f"  {name:42} {om:8.1f} ms {bm:12.1f} ms   {words}{note}")
    print("  profile runs (ms):", " ".join(f"{p:.0f}" for p in profiles), " busy:", " ".join(f"{b:.0f}" for b in busy),
          " idle:", " ".join(f"{b:.0f}" for b in idle))
    om, bm = statistics.median(profiles), statistics.median(profiles_base)
    busy_m, idle_m = statistics.median(busy), statistics.median(idle)
    passed, words = verdict(om, bm, PROFILE_MS)
    busy_ok, busy_words = verdict(busy_m, idle_m, PROFILE_MS)
    ok &= passed and busy_ok
    print(f"\nregion profile, show_region to shown          {om:8.1f} ms   bare region_profile() {bm:.1f} ms   {words}")
    print(f"  GUI thread's longest busy stretch meanwhile  {busy_m:8.1f} ms   idle wait of the same length "
          f"{idle_m:.1f} ms   {busy_words}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounded up to a multiple of 4 (the ABBA order)")
    parser.add_argument("--panes", default=",".join(PANES))
    parser.add_argument("--skip-switch", action="store_true", help="only the grid and the profile")
    args = parser.parse_args()
    runs = balanced_runs(args.runs)
    if runs != args.runs:
        print(f"--runs {args.runs} rounded up to {runs}: the ABBA order is balanced over a multiple of 4 runs\n")
    from ipexplorer.paths import shipped_report
    from ipexplorer.store.build import build_database

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        db = tmp / "ipexplorer.sqlite"
        build_database(shipped_report(), db)
        ok = True
        if not args.skip_switch:
            ok &= first_switches(db, tmp, [p for p in args.panes.split(",") if p], runs)
        ok &= grid_and_profile(db, tmp, runs)
    print(f"\n{'PASS' if ok else 'FAIL'}: first switch ≤ {SWITCH_MS:.0f} ms on every pane; sort and keystroke ≤ "
          f"{SORT_MS:.0f} ms to painted rows; profile ≤ {PROFILE_MS:.0f} ms with the GUI thread never busy longer "
          "(each stock Qt baseline of the same run beside)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
