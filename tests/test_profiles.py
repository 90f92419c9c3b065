"""Region profiles and the Overview: the core queries, the Regions pane and the start page."""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest
from PySide6.QtCore import Qt

from ipexplorer.query.profiles import overview, region_list, region_profile
from ipexplorer.store.database import connect
from ipexplorer.ui.overview_pane import OverviewPane
from ipexplorer.ui.region_pane import LINE_ROLE, VALUE_COLUMNS, RegionsPane


@pytest.fixture(scope="module")
def conn(built_db):
    c = connect(built_db)
    yield c
    c.close()


# --- core ----------------------------------------------------------------------------------------------
def test_a_province_has_every_value_of_the_observations(conn):
    profile = region_profile(conn, "广东")
    expected = conn.execute(
        "SELECT table_no, measure, ip_type, year, value FROM observations WHERE region_zh = '广东'").fetchall()
    got = {(v.table_no, v.measure, v.ip_type, year): value for v in profile.values
           for year, value in ((2019, v.value_2019), (2020, v.value_2020)) if value is not None}
    assert got == {(t, m, i, y): v for t, m, i, y, v in expected}
    patents = next(v for v in profile.values if v.table_no == 1 and v.ip_type == "patent")
    assert (patents.value_2019, patents.value_2020) == (807700, 967204)
    assert patents.change_pct == pytest.approx((967204 - 807700) / 807700 * 100)
    assert patents.rank == 1 and patents.peers == 31 and patents.rank_text == "1 / 31"


def test_ranks_are_among_regions_of_the_same_kind(conn):
    for region, table in (("江苏", 1), ("深圳", 1), ("日本", 2)):
        profile = region_profile(conn, region)
        value = next(v for v in profile.values if v.table_no == table and v.ip_type == "patent")
        kind = profile.identity.kind
        rows = conn.execute(
            "SELECT region_zh, value FROM observations WHERE table_no = ? AND year = 2020 AND ip_type = 'patent' "
            "AND measure = ? AND region_kind = ? ORDER BY value DESC", (table, value.measure, kind)).fetchall()
        assert value.peers == len(rows)
        assert rows[value.rank - 1][1] == value.value_2020


def test_narrative_of_a_province_and_of_the_xpcc(conn):
    guangdong = region_profile(conn, "广东")
    assert guangdong.narrative and all("广东" in p.section for p in guangdong.narrative)
    xpcc = region_profile(conn, "新疆生产建设兵团")
    assert xpcc.narrative and "兵团" in xpcc.narrative[0].section
    shenzhen = region_profile(conn, "深圳")      # no section of its own: its province's paragraphs naming it
    assert shenzhen.narrative and all(p.mention and "深圳" in p.text for p in shenzhen.narrative)
    assert region_profile(conn, "日本").narrative == []


def test_events_that_name_a_country_or_a_province(conn):
    japan = region_profile(conn, "日本")
    assert japan.events and all("Japan" in e.partners for e in japan.events)
    guangdong = region_profile(conn, "广东")
    assert guangdong.events and all("广东" in e.text for e in guangdong.events)
    assert region_profile(conn, "西藏").events == []


def test_region_list_finds_chinese_english_pinyin_and_iso(conn):
    assert [e.name_zh for e in region_list(conn, "guangdong")] == ["广东"]
    assert [e.name_zh for e in region_list(conn, "Guangdong")] == ["广东"]
    assert [e.name_zh for e in region_list(conn, "JPN")] == ["日本"]
    assert "香港" in [e.name_zh for e in region_list(conn, "Hong Kong")]
    everything = region_list(conn, "")
    assert len(everything) == conn.execute(
        "SELECT count(*) FROM region WHERE kind IN ('province', 'hk_macao_taiwan', 'sub_provincial', 'country')"
    ).fetchone()[0]


def test_unknown_region_is_a_key_error(conn):
    with pytest.raises(KeyError):
        region_profile(conn, "亚特兰蒂斯")


def test_overview_cards_and_checks_come_from_the_database(conn):
    data = overview(conn)
    keys = {c.key for c in data.cards}
    assert {"invention_applications", "invention_grants", "tm_registrations", "pct"} <= keys
    grants = next(c for c in data.cards if c.key == "invention_grants")
    assert (grants.value, grants.unit, grants.number_text, grants.unit_text) == (530_000, "件", "53.0", "万件")
    assert grants.change_value == pytest.approx(17.1)
    registrations = next(c for c in data.cards if c.key == "tm_registrations")
    assert registrations.change_value < 0
    identities, violations = conn.execute(
        "SELECT sum(identities), sum(violations) FROM integrity_check").fetchone()
    assert (data.checks.identities, data.checks.violations) == (identities, violations) and violations == 0
    checks, agree = conn.execute("SELECT count(*), sum(agrees) FROM figure_check").fetchone()
    assert (data.checks.figure_checks, data.checks.agreeing) == (checks, agree)
    assert len(data.checks.disagreements) == checks - agree


# --- the Regions pane ------------------------------------------------------------------------------------
@pytest.fixture
def regions(qtbot, built_db, tmp_path):
    exported = []
    pane = RegionsPane(built_db, run_export=lambda request: exported.append(request))
    pane.exported = exported
    qtbot.addWidget(pane)
    pane.resize(1200, 800)
    pane.show()
    yield pane
    pane.shutdown()


def test_searching_the_list_and_opening_a_profile(qtbot, regions):
    regions.search.setText("zhejiang")
    qtbot.waitUntil(lambda: len(regions.list_model.entries()) == 1)
    qtbot.keyClick(regions.search, Qt.Key.Key_Return)
    assert regions.profile.name == "浙江"
    assert "浙江" in regions.title.text() and "Zhejiang" in regions.title.text()
    assert regions.values_model.rowCount() == len(regions.profile.values)
    assert regions.chart is not None and len(regions.chart.bars) == len(regions.profile.chart)


def test_values_sort_in_sql_by_change(regions):
    regions.show_region("广东")
    column = [k for k, _ in VALUE_COLUMNS].index("change")
    regions.values_view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    changes = [v.change_pct for v in regions.values_model.values if v.change_pct is not None]
    assert changes == sorted(changes, reverse=True) and len(changes) > 5


def test_double_clicks_open_the_report_at_the_line(qtbot, regions):
    regions.show_region("日本")
    index = regions.values_model.index(0, 0)
    with qtbot.waitSignal(regions.open_report_line) as blocker:
        regions._open_value(index)
    assert blocker.args == [index.data(LINE_ROLE)]
    item = regions.events_list.item(0)
    with qtbot.waitSignal(regions.open_report_line) as blocker:
        regions.events_list.itemDoubleClicked.emit(item)
    assert blocker.args == [regions.profile.events[0].source_line]


def test_profile_export_writes_three_sheets(qtbot, regions, built_db, tmp_path):
    from ipexplorer.ui.export_dialog import run_request

    regions.show_region("广东")
    regions.export_profile(tmp_path / "guangdong.xlsx")
    request = regions.exported[0]
    run_request(request, lambda *_: None, lambda: False)
    book = openpyxl.load_workbook(tmp_path / "guangdong.xlsx", read_only=True)
    names = book.sheetnames
    assert names[:3] == ["数值 Values", "第九章 Narrative", "年度要事 Events"]
    values = list(book["数值 Values"].iter_rows(values_only=True))
    assert len(values) - 1 == len(regions.profile.values)
    assert (807700, 967204) in {(r[8], r[9]) for r in values[1:]}


def test_unknown_region_says_so_and_keeps_the_profile(qtbot, regions, monkeypatch):
    shown = []
    monkeypatch.setattr("ipexplorer.ui.region_pane.show_error", lambda *a, **k: shown.append(a))
    regions.show_region("广东")
    assert regions.show_region("亚特兰蒂斯") is False
    assert shown and regions.profile.name == "广东"


# --- from the rest of the app ------------------------------------------------------------------------------


def test_a_table_row_opens_its_region_profile(qtbot, window):
    window.show_pane("tables")
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.model.fully_loaded and explorer.model.rowCount() > 0)
    column = explorer.model.column_index("region_zh")
    row = next(r for r in range(explorer.model.rowCount()) if explorer.model.index(r, column).data() == "四川")
    menu = explorer.cell_menu(explorer.model.index(row, 3))
    action = next(a for a in menu.actions() if a.objectName() == "regionProfileAction")
    action.trigger()
    assert window.current_pane() == "regions" and window.regions.profile.name == "四川"


def test_an_event_opens_its_region_profile(qtbot, window):
    window.show_pane("timeline")
    pane = window.timeline
    row = next(i for i, e in enumerate(pane.events) if "Japan" in e.partners)
    pane.select_index(row)
    action = next(a for a in pane.region_button.menu().actions() if a.text().startswith("日本")
                  and "概况" in a.text())
    action.trigger()
    assert window.current_pane() == "regions" and window.regions.profile.name == "日本"


def test_overview_cards_link_to_their_source_line(qtbot, window):
    window.show_pane("overview")
    overview_pane = window.overview
    card = overview_pane.card("invention_grants")
    assert card is not None
    assert "53.0" in card.value_label.text() and "万件" in card.unit_label.text()
    assert "17.1" in card.change_label.text()
    card.source_link.linkActivated.emit(f"line:{card.card.line}")
    assert window.current_pane() == "report"
    assert window.report_view.current_line == card.card.line
    assert "53.0万件" in window.report_view.highlighted_paragraph()


def test_overview_checks_summary_and_entry_points(qtbot, window, built_db):
    pane = window.overview
    text = pane.checks_label.text()
    conn = sqlite3.connect(built_db)
    identities = conn.execute("SELECT sum(identities) FROM integrity_check").fetchone()[0]
    conn.close()
    assert f"{identities:,}" in text and "765件" in text
    pane.entry_buttons["timeline"].click()
    assert window.current_pane() == "timeline"


def test_overview_in_english_shows_normalised_values(qtbot, built_db, english):
    pane = OverviewPane(built_db)
    qtbot.addWidget(pane)
    card = pane.card("invention_grants")
    assert "0.53" in card.value_label.text() and "million" in card.unit_label.text()
    assert "Invention patents granted" in card.label.text()


def test_flagged_figures_are_named_in_the_interface_language(window):
    text = window.overview.checks_label.text()
    assert "4,532万人" in text and "可能应为小数点" in text and "人数超出" in text
