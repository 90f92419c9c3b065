"""Memory given back: font file pages once a pane has painted, and pyqtgraph imported without every Qt class."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ipexplorer.ui.shell import memory


def font_resident_kib() -> int:
    """This process's resident KiB of mapped font files (/proc/self/smaps)."""
    total, in_font = 0, False
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as f:
        for line in f:
            head = line.split(maxsplit=5)
            if "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
                in_font = len(head) == 6 and head[5].strip().lower().endswith(memory.FONT_SUFFIXES)
            elif in_font and line.startswith("Rss:"):
                total += int(line.split()[1])
    return total


def test_font_mappings_are_the_read_only_maps_of_font_files():
    maps = ("7f00-7f80 r--p 00000000 08:01 12 /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc\n"
            "7f80-7f90 rw-p 00000000 08:01 13 /usr/share/fonts/x.ttf\n"
            "7f90-7fa0 r-xp 00000000 08:01 14 /usr/lib/libQt6Gui.so.6\n"
            "7fa0-7fb0 r--s 00000000 08:01 15 /home/u/.fonts/My Font.otf\n"
            "7fb0-7fc0 rw-p 00000000 00:00 0\n")
    assert memory.font_mappings(maps) == [(0x7F00, 0x7F80, "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
                                          (0x7FA0, 0x7FB0, "/home/u/.fonts/My Font.otf")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="font pages are given back on Linux only")
def test_released_font_pages_leave_the_process_and_text_draws_the_same(qtbot):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel

    label = QLabel("国家知识产权局年度报告专利商标地理标志集成电路布图设计 2020 Patents")
    label.setFont(QFont(label.font().family(), 41))   # a size no other test draws: its glyphs read the file
    qtbot.addWidget(label)
    before = label.grab().toImage()
    assert memory.font_mappings(), "no font file is mapped"
    assert font_resident_kib() > 0
    assert memory.release() > 0
    assert font_resident_kib() < 64
    label.setText(label.text() + " ")   # drawn again after the release
    label.setText(label.text()[:-1])
    assert label.grab().toImage() == before


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
