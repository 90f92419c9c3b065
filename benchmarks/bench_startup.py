"""Cold start to first paint on every pane (`ipexplorer --pane P --exit-after-first-paint`) beside a bare window.

Each run is a fresh process started from compiled bytecode, as an installed app is (a warm-up run writes it
to a cache of the run's own, PYTHONDONTWRITEBYTECODE or not); both sides time themselves from the process's
start (interpreter start-up included, /proc/self/stat) to the window's first Paint event. Runs alternate
app / bare, so load on the machine falls on both sides alike. The first frame is the window's shell; the
"pane painted" column is when the start pane itself first paints (the pane is built right after the shell),
shown for information. With no database the app's figure is its "building the database" frame (the build
then runs; the file is removed before each run). Both sides also print the CPU time they used up to that frame
(user + system, getrusage): on a loaded machine the wall-clock ratio swings with the load, the CPU ratio much
less, so it says what the start itself costs (for information; the verdict is the wall-clock one).
Targets: every pane ≤ 1.3× the bare window; no database ≤ 1.5×.

    python benchmarks/bench_startup.py [--runs N] [--panes overview,charts]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PANES = ("overview", "tables", "charts", "timeline", "search", "regions", "sql", "report")
TARGET, TARGET_NO_DB = 1.3, 1.5

BARE = r"""
import os, time
def process_started():
    now = time.perf_counter()
    with open("/proc/self/stat", "rb") as f:
        fields = f.read().rsplit(b")", 1)[1].split()
    return now - (time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / os.sysconf("SC_CLK_TCK"))
started = process_started()
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
class First(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            import resource
            usage = resource.getrusage(resource.RUSAGE_SELF)
            cpu = usage.ru_utime + usage.ru_stime
            print(f"first paint after {time.perf_counter() - started:.3f} s (CPU {cpu:.3f} s)", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
w = QMainWindow()
w.setCentralWidget(QLabel("hello"))
w.resize(1280, 820)
f = First()
w.installEventFilter(f)
w.show()
app.exec()
"""


# the app without --exit-after-first-paint, quitting at the first paint of a widget inside a pane
PANE_PROBE = r"""
import os, sys, time
from ipexplorer.main import _STARTED, main
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from ipexplorer.ui.pane import Pane
from ipexplorer.ui.shell import first_frame

class PanePainted(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            widget = obj
            while widget is not None and not isinstance(widget, Pane):
                widget = widget.parent() if hasattr(widget, "parent") else None
            if widget is not None:
                self.done = True
                print(f"pane painted after {time.perf_counter() - _STARTED:.3f} s", flush=True)
                QTimer.singleShot(0, QApplication.instance().quit)
        return False

watcher = PanePainted()
shell_painted = first_frame.painted
def painted(window=None):
    QApplication.instance().installEventFilter(watcher)
    shell_painted(window)
first_frame.painted = painted
code = main(sys.argv[1:])
sys.stdout.flush()
os._exit(code)   # as the console script ends (ipexplorer.main.launch): no interpreter teardown
"""


CPU: dict[str, list[float]] = {}   # CPU seconds to the frame, per side (run() records them)


def run(cmd: list[str], env: dict[str, str], label: str = "first paint", side: str = "") -> float:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    match = re.search(rf"{label} after ([0-9.]+) s(?: \(CPU ([0-9.]+) s\))?", done.stdout)
    if done.returncode != 0 or not match:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    if side and match.group(2):
        CPU.setdefault(side, []).append(float(match.group(2)))
    return float(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--panes", default=",".join(PANES))
    args = parser.parse_args()
    panes = [p for p in args.panes.split(",") if p]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ipexplorer.sqlite"
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   IPEXPLORER_DB=str(db), XDG_CONFIG_HOME=str(Path(tmp) / "config"),
                   XDG_DATA_HOME=str(Path(tmp) / "data"), PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)   # both sides start from bytecode, as an installed app does
        app = [sys.executable, "-m", "ipexplorer", "--exit-after-first-paint"]
        bare = [sys.executable, "-c", BARE]
        subprocess.run([sys.executable, "-m", "ipexplorer", "build-db"], env=env, check=True, capture_output=True)
        run(app, env)   # warm the OS file cache for both
        run(bare, env)
        print(f"{'':22} {'bare window':>12} {'ipexplorer':>12} {'ratio':>7}   {'pane painted':>19}   "
              f"{'CPU: bare':>9} {'ours':>7} {'ratio':>6}   ({args.runs} alternated runs, medians)")
        for pane in [*panes, None]:
            ours, base, shown = [], [], []
            CPU.clear()
            for _ in range(args.runs):
                if pane is None:
                    db.unlink(missing_ok=True)
                    ours.append(run(app, env, "building frame", side="ours"))
                else:
                    ours.append(run([*app, "--pane", pane], env, side="ours"))
                    shown.append(run([sys.executable, "-c", PANE_PROBE, "--pane", pane], env, "pane painted"))
                base.append(run(bare, env, side="bare"))
            o, b = statistics.median(ours), statistics.median(base)
            target = TARGET if pane else TARGET_NO_DB
            passed = o <= target * b
            ok &= passed
            name = f"--pane {pane}" if pane else "no database"
            pane_text = f"{statistics.median(shown) * 1000:>9.0f} ms {statistics.median(shown) / b:>5.2f}×" if shown \
                else f"{'':>19}"
            cpu_text = ""
            if CPU.get("ours") and CPU.get("bare"):
                co, cb = statistics.median(CPU["ours"]), statistics.median(CPU["bare"])
                cpu_text = f"{cb * 1000:>6.0f} ms {co * 1000:>4.0f} ms {co / cb:>5.2f}×"
            print(f"{name:22} {b * 1000:>9.0f} ms {o * 1000:>9.0f} ms {o / b:>6.2f}×   {pane_text}   "
                  f"{cpu_text:>26}   {'PASS' if passed else 'FAIL'} (≤ {target}×)")
    print(f"\n{'PASS' if ok else 'FAIL'}: first paint on every pane ≤ {TARGET}× the bare window, "
          f"≤ {TARGET_NO_DB}× with no database")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
