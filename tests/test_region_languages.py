"""The Regions pane says the report's data in the interface's language where the data has both: a value's unit in
its tooltip, the note on a region no longer in ISO 3166-1."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt

from ipexplorer.ui.panes.region_pane import RegionsPane


def _show(qtbot, pane: RegionsPane, region_zh: str) -> None:
    with qtbot.waitSignal(pane.region_shown, timeout=10000):
        pane.show_region(region_zh)


def _value_tip(pane: RegionsPane) -> str:
    model = pane.values_model
    return model.index(0, model.column_index("value_last")).data(Qt.ItemDataRole.ToolTipRole)


def test_a_values_tooltip_gives_its_unit_in_the_interfaces_language(qtbot, built_db, regions_pane):
    """In English the tooltip said "Unit: 件": the profile's values now carry the table's English unit too."""
    from ipexplorer.ui.shell import i18n

    with closing(sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)) as conn:
        unit_zh, unit_en = conn.execute("SELECT unit_zh, unit_en FROM report_table WHERE table_no = 1").fetchone()
    assert unit_zh != unit_en
    chinese = regions_pane()
    _show(qtbot, chinese, "北京")
    assert f"：{unit_zh} ·" in _value_tip(chinese) and f"：{unit_en}" not in _value_tip(chinese)
    i18n.install("en")
    try:
        english = regions_pane()
        _show(qtbot, english, "北京")
        tip = _value_tip(english)
    finally:
        i18n.install("zh_CN")
    assert f"Unit: {unit_en} ·" in tip and f"Unit: {unit_zh}" not in tip
    assert english.profile.values[0].unit_en == unit_en


@pytest.mark.parametrize(("region", "zh", "en"), [
    ("南斯拉夫", "已不存在", "historical"),
    ("荷属安的列斯", "已不存在", "historical"),
    ("英吉利海峡群岛", "泽西岛", "covers Jersey"),
])
def test_a_regions_note_is_in_the_interfaces_language(qtbot, regions_pane, region, zh, en):
    """The notes of regions no longer in ISO 3166-1 were English in the Chinese interface too."""
    from ipexplorer.ui.shell import i18n

    chinese = regions_pane()
    _show(qtbot, chinese, region)
    assert zh in chinese.title.text() and en not in chinese.title.text()
    i18n.install("en")
    try:
        english = regions_pane()
        _show(qtbot, english, region)
        title = english.title.text()
    finally:
        i18n.install("zh_CN")
    assert en in title and zh not in title


def test_every_region_with_a_note_has_it_in_both_languages(built_db):
    """The notes are written in report/regions.py (HISTORICAL) and stored in the region table in both languages."""
    from ipexplorer.report import regions as R

    for name in R.HISTORICAL:
        region = R.classify(name)
        assert region.note and region.note_zh and region.note != region.note_zh
    with closing(sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT name_zh, note, note_zh FROM region WHERE note IS NOT NULL OR note_zh IS NOT NULL"
                            ).fetchall()
    assert rows and all(note and note_zh for _name, note, note_zh in rows)
