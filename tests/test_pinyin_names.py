"""The shipped region names' pinyin table: what pypinyin says, and enough that a build of the shipped
report never imports pypinyin (~0.4 s of every build)."""

from __future__ import annotations

import subprocess
import sys

from ipexplorer.report.pinyin_names import PINYIN
from ipexplorer.store.build import pinyin_of


def test_the_table_is_what_pypinyin_says():
    assert len(PINYIN) > 250
    wrong = {name: (got, pinyin_of(name, cached=False)) for name, got in PINYIN.items()
             if got != pinyin_of(name, cached=False)}
    assert not wrong, f"run python tools/make_pinyin.py: {wrong}"


def test_a_name_outside_the_table_still_gets_its_pinyin():
    assert "测试国" not in PINYIN
    assert pinyin_of("测试国") == ("ceshiguo", "ce4 shi4 guo2")


def test_building_the_shipped_report_imports_no_pypinyin(tmp_path):
    code = ("import sys; from ipexplorer.paths import shipped_report; from ipexplorer.store.build import "
            f"build_database; build_database(shipped_report(), {str(tmp_path / 'db.sqlite')!r}); "
            "print('pypinyin' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False", done.stdout + done.stderr
