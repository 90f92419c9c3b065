"""Memory given back: font file pages once a pane has painted, and pyqtgraph imported without every Qt class."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ipexplorer.ui.shell import memory


def test_font_mappings_are_the_read_only_maps_of_font_files():
    maps = ("7f00-7f80 r--p 00000000 08:01 12 /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc\n"
            "7f80-7f90 rw-p 00000000 08:01 13 /usr/share/fonts/x.ttf\n"
            "7f90-7fa0 r-xp 00000000 08:01 14 /usr/lib/libQt6Gui.so.6\n"
            "7fa0-7fb0 r--s 00000000 08:01 15 /home/u/.fonts/My Font.otf\n"
            "7fb0-7fc0 rw-p 00000000 00:00 0\n")
    assert memory.font_mappings(maps) == [(0x7F00, 0x7F80, "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
                                          (0x7FA0, 0x7FB0, "/home/u/.fonts/My Font.otf")]


# In a process of its own: what this one drew before (glyphs already cached, pages already given back or not)
# would decide whether drawing reads the font file at all.
FONT_PAGES = """
import json
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel
from ipexplorer.ui.shell import memory

def font_resident_kib():
    total, in_font = 0, False
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as f:
        for line in f:
            head = line.split(maxsplit=5)
            if "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
                in_font = len(head) == 6 and head[5].strip().lower().endswith(memory.FONT_SUFFIXES)
            elif in_font and line.startswith("Rss:"):
                total += int(line.split()[1])
    return total

app = QApplication([])
label = QLabel("国家知识产权局年度报告专利商标地理标志集成电路布图设计 2020 Patents")
label.setFont(QFont(label.font().family(), 41))
before = label.grab().toImage()
seen = {"mapped": len(memory.font_mappings()), "drawn_kib": font_resident_kib(), "advised": memory.release(),
        "released_kib": font_resident_kib()}
label.setText(label.text() + " ")   # drawn again after the release
label.setText(label.text()[:-1])
seen["same"] = label.grab().toImage() == before
print("SEEN=" + json.dumps(seen))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="font pages are given back on Linux only")
def test_released_font_pages_leave_the_process_and_text_draws_the_same():
    import json

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", FONT_PAGES], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(next(x for x in done.stdout.splitlines() if x.startswith("SEEN="))[len("SEEN="):])
    assert seen["mapped"] > 0, "no font file is mapped"
    assert seen["drawn_kib"] > 0 and seen["advised"] > 0, seen
    assert seen["released_kib"] < 64, seen
    assert seen["same"], seen


def test_pyqtgraph_is_imported_without_making_every_qt_class(tmp_path):
    probe = (
        "import PySide6.QtCore as C\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import ipexplorer.ui.plots.chart_plot\n"
        "import pyqtgraph as pg\n"
        "made, listed = len(C.__dict__), len(dir(C))\n"
        "print(made < listed / 2, 'QTimeLine' in C.__dict__, pg.QtCore.QTimeLine is C.QTimeLine,\n"
        "      pg.Qt.QtCore.QPointF(1, 2).y())\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    # most of QtCore's classes never made; one pyqtgraph does not use, made when asked through its module
    assert done.stdout.split() == ["True", "False", "True", "2.0"]


LEFT_OUT = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
import ipexplorer.ui.plots.chart_plot, ipexplorer.ui.plots.timeline_plot, ipexplorer.ui.plots.map_plot
from ipexplorer.ui.plots import UNUSED
import pyqtgraph as pg
imported = sorted(p for p in UNUSED if f"pyqtgraph.{p}" in sys.modules)
modules = len([m for m in sys.modules if m.startswith("pyqtgraph")])
asked = pg.ImageView.__name__, pg.SpinBox.__name__, pg.ROI.__name__   # left out, still pyqtgraph's names
from pyqtgraph import HistogramLUTItem
try:
    pg.NoSuchName
    missing = "found"
except AttributeError:
    missing = "AttributeError"
import json
print("SEEN=" + json.dumps([imported, modules, asked, HistogramLUTItem.__name__, missing,
                            pg.getConfigOption("antialias") in (True, False)]))
"""


def test_pyqtgraph_is_imported_without_the_items_and_widgets_the_plots_never_use():
    """pyqtgraph's `__init__` star-imports 145 modules (ROI, ImageView, trees, spin boxes …, ~7 MiB); the plots
    import it without those, and a left-out name asked for still resolves (all of them imported then)."""
    import json

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", LEFT_OUT], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(next(x for x in done.stdout.splitlines() if x.startswith("SEEN="))[len("SEEN="):])
    imported, modules, asked, by_import, missing, configured = seen
    # what the plots' own pyqtgraph modules import directly (the plot item's file dialog and its button)
    assert imported == ["widgets.FileDialog", "widgets.PathButton"], seen
    assert modules < 100, seen
    assert asked == ["ImageView", "SpinBox", "ROI"] and by_import == "HistogramLUTItem", seen
    assert missing == "AttributeError" and configured, seen


def test_every_switch_gives_the_font_pages_back_once_the_pane_has_painted(window, qtbot, monkeypatch):
    """A pane shown again paints its Chinese text again, reading the font file's pages that were given back
    meanwhile: the release follows every switch, not only a pane's first (the Report text's ~8 MiB stayed
    resident after a tour that ended on it), and comes after that pane's paint."""
    from PySide6.QtCore import QEvent, QObject

    from ipexplorer.ui.shell import memory

    window.show_pane("search")
    window.show_pane("sql")
    qtbot.waitUntil(lambda: not memory._timer.isActive(), timeout=5000)   # the switches' own release is done
    events: list[str] = []

    class Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                events.append("paint")
            return False

    watcher = Painted()
    window.panes["search"].installEventFilter(watcher)
    monkeypatch.setattr(memory, "release", lambda: events.append(f"release {window.current_pane()}") or 0)
    window.show_pane("search")   # built already
    qtbot.waitUntil(lambda: any(e.startswith("release") for e in events), timeout=5000)
    assert events.index("paint") < events.index("release search"), events


OPENSSL_FREE = """
import sys
from pathlib import Path
from ipexplorer.export.files import atomic_path
from ipexplorer.query.console import _dataset
from ipexplorer.report.source import read_report, sha256_of
report = Path(sys.argv[1])
digests = sha256_of(report), read_report(report).sha256, _dataset("select 1", [], (), "").key
with atomic_path(Path(sys.argv[2]) / "x.txt") as tmp:
    tmp.write_text("x")
loaded = "_hashlib" in sys.modules
import hashlib   # only to compare, once the digests are taken
print(loaded, digests[0] == digests[1] == hashlib.sha256(report.read_bytes()).hexdigest(),
      digests[2] == "sql:" + hashlib.sha1(b"select 1").hexdigest()[:12])
"""


def test_digests_and_temporary_names_load_no_openssl(tmp_path):
    """hashlib and secrets load OpenSSL's libcrypto (~3.7 MiB resident) for a checksum and a temporary name:
    the same digests come from CPython's own."""
    from ipexplorer.paths import shipped_report

    done = subprocess.run([sys.executable, "-c", OPENSSL_FREE, str(shipped_report()), str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True"]
