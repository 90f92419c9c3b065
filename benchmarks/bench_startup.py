"""Cold start to first paint: `ipexplorer --exit-after-first-paint` beside a bare PySide6 window.

Each run is a fresh process (imports included). The database is built once beforehand, so this
measures opening the report's database and painting the window, not the first-run build.
Target: first paint within 1.0 s, and within 0.5 s of the bare window measured in the same run.

    python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 1.0
OVERHEAD_S = 0.5

BARE = r"""
import time
started = time.perf_counter()
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
class First(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print(f"first paint after {time.perf_counter() - started:.3f} s", flush=True)
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

FIGURE = re.compile(r"first paint after ([0-9.]+) s")


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(self-reported seconds to first paint, wall-clock seconds of the whole process)."""
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    wall = time.perf_counter() - started
    match = FIGURE.search(done.stdout)
    if done.returncode != 0 or not match:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return float(match.group(1)), wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   IPEXPLORER_DB=str(Path(tmp) / "ipexplorer.sqlite"),
                   XDG_CONFIG_HOME=str(Path(tmp) / "config"), XDG_DATA_HOME=str(Path(tmp) / "data"),
                   XDG_STATE_HOME=str(Path(tmp) / "state"))
        app_cmd = [sys.executable, "-m", "ipexplorer.main", "--exit-after-first-paint"]
        bare_cmd = [sys.executable, "-c", BARE]
        subprocess.run([sys.executable, "-m", "ipexplorer.main", "build-db"], env=env, check=True,
                       capture_output=True)
        run(app_cmd, env)  # warm the OS file cache for both
        run(bare_cmd, env)
        ours = [run(app_cmd, env) for _ in range(args.runs)]
        bare = [run(bare_cmd, env) for _ in range(args.runs)]
    ours_paint = statistics.median(p for p, _ in ours)
    bare_paint = statistics.median(p for p, _ in bare)
    print(f"{'':28} {'first paint':>12} {'process wall':>14}   ({args.runs} runs, medians)")
    print(f"{'bare PySide6 window':28} {bare_paint:>10.3f} s {statistics.median(w for _, w in bare):>12.3f} s")
    print(f"{'ipexplorer, report loaded':28} {ours_paint:>10.3f} s {statistics.median(w for _, w in ours):>12.3f} s")
    overhead = ours_paint - bare_paint
    ok = ours_paint <= TARGET_S and overhead <= OVERHEAD_S
    print(f"\n{'PASS' if ok else 'FAIL'}: first paint {ours_paint:.3f} s (target ≤ {TARGET_S} s), "
          f"{overhead:+.3f} s over the bare window (target ≤ {OVERHEAD_S} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
