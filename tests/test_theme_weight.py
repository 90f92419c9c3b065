"""Chinese text has the same weight in the light and the dark palette (it looked heavier when dark).

The ink of a label — each pixel's share of the way from the background to the text colour, summed — is
measured in a fresh process (Qt's font engines, once made, keep how they were made) with the palettes the
app applies. Noto Sans CJK is a CFF font: Qt's stem darkening and linear blending for CFF fonts gave light
text on dark about 35 % more ink than dark text on light; the Latin text (TrueType) never differed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtGui import QFontDatabase

SCRIPT = textwrap.dedent("""
    import json, sys
    from PySide6.QtWidgets import QApplication, QLabel
    from PySide6.QtGui import QColor
    app = QApplication([sys.argv[0], "-platform", "offscreen"])
    from ipexplorer.ui.shell import theme
    if sys.argv[1] == "darkening-left-on":
        theme.even_cjk_weight = lambda: False     # as before the fix
    out = {}
    for name in ("light", "dark"):
        theme.apply(name, app)
        for key, text in (("cjk", "专利申请量统计地理标志"), ("latin", "Patent applications")):
            label = QLabel(text)
            label.setAutoFillBackground(True)
            label.adjustSize()
            image = label.grab().toImage()
            bg = label.palette().color(label.backgroundRole()).lightnessF()
            fg = label.palette().color(label.foregroundRole()).lightnessF()
            out[f"{name}-{key}"] = sum((QColor(image.pixel(x, y)).lightnessF() - bg) / (fg - bg)
                                       for y in range(image.height()) for x in range(image.width()))
    out["even"] = bool(theme.even_cjk_weight())
    print(json.dumps(out))
""")


def ink(mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def cff_cjk_font(qapp) -> None:
    if not any("CJK" in family for family in QFontDatabase.families()):
        pytest.skip("no CJK font installed")


def test_chinese_has_the_same_weight_in_both_palettes(cff_cjk_font):
    after = ink("as-the-app-does")
    # where Qt draws text with FreeType (Linux, BSD) the fix must be in force: a fix reporting itself off fails
    if not sys.platform.startswith(("linux", "freebsd")):
        pytest.skip("Qt draws text with FreeType only on Linux and BSD")
    assert after["even"], "stem darkening is still on: theme.even_cjk_weight() could not switch it off"
    assert after["dark-cjk"] == pytest.approx(after["light-cjk"], rel=0.03)
    assert after["dark-latin"] == pytest.approx(after["light-latin"], rel=0.03)
    # Chinese against Latin: the same proportion on both grounds
    assert after["dark-cjk"] / after["dark-latin"] == pytest.approx(after["light-cjk"] / after["light-latin"],
                                                                     rel=0.03)


def test_the_measure_sees_the_heavier_dark_chinese_with_darkening_on(cff_cjk_font):
    before = ink("darkening-left-on")
    if before["dark-cjk"] / before["light-cjk"] < 1.05:
        pytest.skip("this CJK font is not a CFF font")
    assert before["dark-cjk"] / before["light-cjk"] > 1.15                     # the flaw as users saw it
    assert before["dark-latin"] == pytest.approx(before["light-latin"], rel=0.03)   # Latin never differed
