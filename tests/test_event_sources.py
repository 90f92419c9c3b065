"""One event printed in two places is one event with two sources; the regions an event names are each
its venue (在北京召开) or its subject (与浙江省人民政府会商) — on the real report, in the view, the timeline and
the region profile."""

from __future__ import annotations

import pytest

from ipexplorer.query.profiles import region_events, region_identity
from ipexplorer.query.timeline import EventFilter, query_events, regions_named
from ipexplorer.report.events import SUBJECT, VENUE, place_role, places_in
from ipexplorer.store.database import connect


@pytest.fixture
def conn(built_db):
    c = connect(built_db)
    yield c
    c.close()


# --- one event, several sources -----------------------------------------------------------------------
def test_february_15_is_one_event_with_both_lines(conn, report_lines):
    rows = conn.execute("SELECT text, source_line, sources FROM events WHERE date = '2020-02-15'").fetchall()
    assert len(rows) == 1
    text, line, sources = rows[0]
    assert line == 237 and sources == "237; 1515" and "支持复工复产十条" in text
    assert report_lines[1515 - 1].startswith("2月15日，市场监管总局")     # the second source prints it too
    events = [e for e in query_events(conn) if e.date == "2020-02-15"]
    assert len(events) == 1 and events[0].sources == (237, 1515)


@pytest.mark.parametrize(("date", "lines"), [
    ("2020-10-17", (357, 427)),      # 专利法 amended: 第一章 and 第二章
    ("2020-12-01", (405, 1251)),     # the 中欧 PCT search pilot: 第一章 and 第八章 on the same day
    ("2020-09-14", (341, 1285)),     # 第八章's month-only 9月 Australia call is 第一章's 9月14日
    ("2020-10-13", (353, 1269)),     # 10月 Saudi call: 10月13日's, not 10月26日's forum (also Saudi)
    ("2020-08-26", (323, 1221)),
])
def test_events_told_again_elsewhere_are_merged(conn, date, lines):
    merged = [e for e in query_events(conn) if e.date == date and len(e.sources) > 1]
    assert len(merged) == 1 and merged[0].sources == lines
    assert merged[0].precision == "day"      # the more precise date wins


def test_different_events_on_one_day_stay_apart(conn):
    oct26 = [e for e in query_events(conn) if e.date == "2020-10-26"]
    assert len(oct26) == 2 and all(len(e.sources) == 1 for e in oct26)    # the Saudi forum and TM5 (26—28日)
    february = [e for e in query_events(conn) if e.date == "2020-02"]     # Portugal/Switzerland, Vietnam/Malaysia
    assert len(february) == 2
    assert conn.execute("SELECT count(*) FROM event_source").fetchone()[0] == 92 + 12
    assert conn.execute("SELECT count(DISTINCT source_line || text) FROM event_source").fetchone()[0] == 104


def test_the_list_finds_an_event_by_its_other_printing(conn):
    # "优先审查" is printed only in 专题's sentence of 2月15日 (line 1515), not in 第一章's
    found = query_events(conn, EventFilter(text="优先审查"))
    assert [e.date for e in found] == ["2020-02-15"]


# --- venue or subject --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "place", "role"), [
    ("1月6日至7日，2020年全国知识产权局局长会议在北京召开。", "北京", VENUE),
    ("10月18日，国家知识产权局与浙江省人民政府合作会商会议在杭州举行。", "浙江", SUBJECT),
    ("10月18日，国家知识产权局与浙江省人民政府合作会商会议在杭州举行。", "杭州", VENUE),
    ("同日，全国首单知识产权海外侵权责任保险在广东落地。", "广东", VENUE),
    ("3月28日,全国首单地理标志被侵权损失保险业务落地江苏盐城,为地理标志集体商标提供风险保障。", "江苏", VENUE),
    ("4月9日，申长雨局长与韩国特许厅厅长朴原住举行视频会议。", "韩国", SUBJECT),
    ("6月16日，内地与澳门签署新的知识产权领域合作安排。", "澳门", SUBJECT),
    ("会议在北京与上海市人民政府签署协议。", "上海", SUBJECT),        # 在北京与X: X is a partner
    ("在广东设立知识产权保护中心。", "广东", SUBJECT),                 # no venue verb: about it
])
def test_place_role_from_the_sentence(text, place, role):
    at = text.index(place)
    assert place_role(text, at, at + len(place)) == role
    assert (place, role) in places_in(text, [place])


def test_real_events_link_regions_with_their_role(conn):
    rows = dict(conn.execute("SELECT date, venues || ' | ' || coalesce(subjects, '') FROM events "
                             "WHERE venues IS NOT NULL").fetchall())
    assert rows["2020-01-06"] == "北京 | " and rows["2020-10-18"] == "杭州 | 浙江"
    assert rows["2020-09-21"] == "瑞士 | "                 # WIPO's assemblies 在瑞士日内瓦开幕
    korea = conn.execute("SELECT venues, subjects FROM events WHERE date = '2020-04-09'").fetchone()
    assert korea == (None, "韩国")
    beijing = conn.execute("SELECT count(*) FROM events WHERE venues LIKE '%北京%'").fetchone()[0]
    assert beijing == 9 and conn.execute(
        "SELECT count(*) FROM events WHERE subjects LIKE '%北京%'").fetchone()[0] == 0
    event = next(e for e in query_events(conn) if e.date == "2020-10-18")
    assert [(zh, role) for zh, _en, _kind, role in regions_named(conn, event)] == [("浙江", SUBJECT), ("杭州", VENUE)]


def test_a_region_profile_says_which_events_are_held_there(conn):
    beijing = region_events(conn, region_identity(conn, "北京"))
    assert beijing and {e.role for e in beijing} == {VENUE}
    zhejiang = region_events(conn, region_identity(conn, "浙江"))
    assert [(e.date, e.role) for e in zhejiang] == [("2020-10-18", SUBJECT)]


def test_an_event_about_latin_american_countries_is_not_the_united_states(mutated_report, tmp_path):
    """拉美国家 ("Latin American countries") holds 美国 but does not name it (the real report's events name
    neither, so two events are added: one about 拉美国家, one about 美国)."""
    from ipexplorer.store.build import build_database

    def add_events(lines: list[str]) -> list[str]:
        at = next(i for i, line in enumerate(lines) if line.startswith("2月20日"))
        return [*lines[:at], "2月18日，举办拉美国家知识产权线上培训班。", "",
                "2月19日，与美国专利商标局举行视频会议。", "", *lines[at:]]

    db = tmp_path / "ipexplorer.sqlite"
    build_database(mutated_report(add_events), db)
    conn = connect(db)
    try:
        usa = region_events(conn, region_identity(conn, "美国"))
        dates = {row[0] for row in conn.execute("SELECT date FROM events WHERE date IN ('2020-02-18', '2020-02-19')")}
    finally:
        conn.close()
    assert dates == {"2020-02-18", "2020-02-19"}          # both added events are events
    assert [(e.date, e.role) for e in usa] == [("2020-02-19", SUBJECT)]


# --- shown in the panes ------------------------------------------------------------------------------
@pytest.fixture
def timeline(qtbot, built_db, settings):
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane)
    pane.resize(1200, 800)
    with qtbot.waitSignal(pane.refreshed, timeout=5000):
        pane.show()
    yield pane
    pane.shutdown()


@pytest.fixture
def regions(regions_pane):
    return regions_pane(size=None)


def test_timeline_details_name_role_and_second_source(qtbot, timeline):
    pane = timeline
    rows = {e.date: i for i, e in enumerate(pane.events)}
    with qtbot.waitSignal(pane.details_shown, timeout=5000):
        pane.select_index(rows["2020-10-18"])
    text = pane.details.toPlainText()
    venue, subject = pane.tr("venue"), pane.tr("subject")     # in the interface's language
    assert venue != subject
    assert f"浙江 Zhejiang ({subject})" in text and f"杭州 Hangzhou ({venue})" in text
    with qtbot.waitSignal(pane.details_shown, timeout=5000):
        pane.select_index(rows["2020-02-15"])
    assert pane.tr("also printed at line {lines}").replace("{lines}", "1515") in pane.details.toPlainText()
    assert sum(1 for e in pane.events if e.date == "2020-02-15") == 1


def test_region_pane_events_say_held_here_or_about_it(qtbot, regions):
    pane = regions
    for name, tag in (("北京", f"[{pane.tr('held here')}]"), ("浙江", f"[{pane.tr('about it')}]")):
        with qtbot.waitSignal(pane.region_shown, timeout=5000):
            pane.show_region(name)
        items = [pane.events_list.item(i).text() for i in range(pane.events_list.count())]
        assert items and all(tag in item for item in items), items
