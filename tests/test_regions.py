"""Every row label of the appendix classified, with English names, parents and ISO codes."""

from __future__ import annotations

import pycountry
import pytest

from ipexplorer.report import regions as R
from ipexplorer.report.appendix import parse_appendix
from ipexplorer.report.source import ReportError, read_report


@pytest.fixture(scope="module")
def all_regions(report_path):
    out = {}
    for table in parse_appendix(read_report(report_path)):
        for row in table.rows:
            out[row.region.name_zh] = row.region
    return out


def test_every_label_classified_with_an_english_name(all_regions):
    assert all(r.name_en and r.kind in R.KINDS for r in all_regions.values())
    kinds = {}
    for r in all_regions.values():
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    assert kinds[R.PROVINCE] == 31
    assert kinds[R.HMT] == 3
    assert kinds[R.SUB_PROVINCIAL] == 16  # 15 cities and the XPCC
    assert kinds[R.TOTAL] == kinds[R.DOMESTIC_TOTAL] == kinds[R.FOREIGN_TOTAL] == 1
    assert kinds[R.COUNTRY] == 207


def test_sub_provincial_rows_have_their_province(all_regions):
    assert all_regions["深圳"].parent_zh == "广东"
    assert all_regions["大连"].parent_zh == "辽宁"
    assert all_regions["新疆生产建设兵团"].parent_zh == "新疆"
    assert all_regions["新疆生产建设兵团"].name_en == "Xinjiang Production and Construction Corps"
    assert all(all_regions[r.parent_zh].kind == R.PROVINCE
               for r in all_regions.values() if r.kind == R.SUB_PROVINCIAL)


def test_countries_have_iso_codes_from_pycountry(all_regions):
    countries = [r for r in all_regions.values() if r.kind == R.COUNTRY]
    for r in countries:
        if r.name_zh in R.HISTORICAL:
            assert r.iso_alpha3 is None and r.note
            continue
        country = pycountry.countries.get(alpha_3=r.iso_alpha3)
        assert country is not None and country.alpha_2 == r.iso_alpha2, r
    assert all_regions["韩国"].iso_alpha3 == "KOR" and all_regions["韩国"].name_en == "South Korea"
    assert all_regions["英属维尔京群岛"].iso_alpha2 == "VG"
    assert all_regions["美国"].name_en == "United States"
    assert all_regions["刚果(金)"].iso_alpha3 == "COD"  # printed both as 刚果(金) and 刚果（金）
    assert all_regions["多米尼加"].iso_alpha3 == "DOM" and all_regions["多米尼克"].iso_alpha3 == "DMA"


def test_historical_and_uncoded_entities(all_regions):
    assert all_regions["南斯拉夫"].name_en == "Yugoslavia" and "YUCS" in all_regions["南斯拉夫"].note
    assert all_regions["荷属安的列斯"].name_en == "Netherlands Antilles"
    assert all_regions["英吉利海峡群岛"].name_en == "Channel Islands"


def test_alias_table_points_at_real_codes():
    for alias, alpha3 in R.COUNTRY_ALIASES.items():
        assert pycountry.countries.get(alpha_3=alpha3) is not None, alias


def test_unknown_label_fails_and_is_named():
    with pytest.raises(ReportError, match="火星"):
        R.classify("火星", line=7, table_no=2)


def test_bracketed_label_must_be_a_known_unit():
    assert R.classify("(深圳)").kind == R.SUB_PROVINCIAL
    with pytest.raises(ReportError):
        R.classify("(火星)")
