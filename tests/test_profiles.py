"""Region profiles and the Overview's data: the Qt-free queries of ipexplorer.query.profiles."""

from __future__ import annotations

import pytest

from ipexplorer.query.profiles import overview, region_list, region_profile
from ipexplorer.store.database import connect


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
           for year, value in ((2019, v.value_prev), (2020, v.value_last)) if value is not None}
    assert got == {(t, m, i, y): v for t, m, i, y, v in expected}
    patents = next(v for v in profile.values if v.table_no == 1 and v.ip_type == "patent")
    assert (patents.value_prev, patents.value_last) == (807700, 967204)
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
        assert rows[value.rank - 1][1] == value.value_last


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


@pytest.mark.parametrize(("key", "written"), [
    ("guang3 dong1", "Guǎngdōng"), ("xi1 an1", "Xī'ān"), ("mei3 guo2", "Měiguó"), ("fei1 lv4 bin1", "Fēilǜbīn"),
    ("he2 shu3 an1 de5 lie4 si1", "Héshǔ'āndelièsī"), ("shui3 gui4", "Shuǐguì"), ("liu2 ou1", "Liú'ōu")])
def test_a_names_pinyin_is_written_with_its_tones(key, written):
    from ipexplorer.query.names import toned_pinyin

    assert toned_pinyin(key) == written


def test_a_profile_knows_the_toned_pinyin_of_a_country_and_a_province(conn):
    from ipexplorer.query.names import toned_pinyin

    assert toned_pinyin(region_profile(conn, "美国").identity.pinyin_key) == "Měiguó"
    assert toned_pinyin(region_profile(conn, "广东").identity.pinyin_key) == "Guǎngdōng"
