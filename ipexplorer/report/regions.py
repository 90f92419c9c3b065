"""Classify every row label of the appendix: totals, provinces, cities, countries.

Countries get ISO 3166-1 codes from pycountry's Chinese (zh_CN) names; the report's own
spellings that pycountry does not know are listed in COUNTRY_ALIASES, and entities that
no longer have a code (南斯拉夫, 荷属安的列斯) in HISTORICAL.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from ipexplorer.report.source import ReportError

# Region kinds, in the order the UI lists them.
TOTAL = "total"
DOMESTIC_TOTAL = "domestic_total"
FOREIGN_TOTAL = "foreign_total"
PROVINCE = "province"
HMT = "hk_macao_taiwan"
SUB_PROVINCIAL = "sub_provincial"
COUNTRY = "country"

KINDS: dict[str, tuple[str, str]] = {
    TOTAL: ("合计", "Grand total"),
    DOMESTIC_TOTAL: ("国内总计", "Domestic total"),
    FOREIGN_TOTAL: ("国外在华总计", "Foreign total"),
    PROVINCE: ("省级行政区", "Province"),
    HMT: ("台湾、香港、澳门", "Taiwan, Hong Kong, Macao"),
    SUB_PROVINCIAL: ("副省级城市及兵团", "Sub-provincial city / XPCC"),
    COUNTRY: ("国家和地区", "Country or territory"),
}

TOTALS: dict[str, tuple[str, str]] = {
    "合计": (TOTAL, "Total"),
    "国内总计": (DOMESTIC_TOTAL, "Domestic total"),
    "国外在华总计": (FOREIGN_TOTAL, "Foreign total (in China)"),
}

# The 31 provincial-level divisions of the mainland: English name and pinyin.
PROVINCES: dict[str, tuple[str, str]] = {
    "北京": ("Beijing", "Beijing"),
    "天津": ("Tianjin", "Tianjin"),
    "河北": ("Hebei", "Hebei"),
    "山西": ("Shanxi", "Shanxi"),
    "内蒙古": ("Inner Mongolia", "Neimenggu"),
    "辽宁": ("Liaoning", "Liaoning"),
    "吉林": ("Jilin", "Jilin"),
    "黑龙江": ("Heilongjiang", "Heilongjiang"),
    "上海": ("Shanghai", "Shanghai"),
    "江苏": ("Jiangsu", "Jiangsu"),
    "浙江": ("Zhejiang", "Zhejiang"),
    "安徽": ("Anhui", "Anhui"),
    "福建": ("Fujian", "Fujian"),
    "江西": ("Jiangxi", "Jiangxi"),
    "山东": ("Shandong", "Shandong"),
    "河南": ("Henan", "Henan"),
    "湖北": ("Hubei", "Hubei"),
    "湖南": ("Hunan", "Hunan"),
    "广东": ("Guangdong", "Guangdong"),
    "广西": ("Guangxi", "Guangxi"),
    "海南": ("Hainan", "Hainan"),
    "重庆": ("Chongqing", "Chongqing"),
    "四川": ("Sichuan", "Sichuan"),
    "贵州": ("Guizhou", "Guizhou"),
    "云南": ("Yunnan", "Yunnan"),
    "西藏": ("Tibet", "Xizang"),
    "陕西": ("Shaanxi", "Shaanxi"),
    "甘肃": ("Gansu", "Gansu"),
    "青海": ("Qinghai", "Qinghai"),
    "宁夏": ("Ningxia", "Ningxia"),
    "新疆": ("Xinjiang", "Xinjiang"),
}

# Taiwan, Hong Kong and Macao: counted in the domestic totals of the report.
HK_MACAO_TAIWAN: dict[str, tuple[str, str, str, str]] = {
    "台湾": ("Taiwan", "Taiwan", "TW", "TWN"),
    "香港": ("Hong Kong", "Xianggang", "HK", "HKG"),
    "澳门": ("Macao", "Aomen", "MO", "MAC"),
}

# Rows printed in brackets: sub-provincial cities and the XPCC, each inside its province.
SUB_PROVINCIAL_UNITS: dict[str, tuple[str, str, str]] = {
    "沈阳": ("Shenyang", "Shenyang", "辽宁"),
    "大连": ("Dalian", "Dalian", "辽宁"),
    "长春": ("Changchun", "Changchun", "吉林"),
    "哈尔滨": ("Harbin", "Ha'erbin", "黑龙江"),
    "南京": ("Nanjing", "Nanjing", "江苏"),
    "杭州": ("Hangzhou", "Hangzhou", "浙江"),
    "宁波": ("Ningbo", "Ningbo", "浙江"),
    "厦门": ("Xiamen", "Xiamen", "福建"),
    "济南": ("Jinan", "Jinan", "山东"),
    "青岛": ("Qingdao", "Qingdao", "山东"),
    "武汉": ("Wuhan", "Wuhan", "湖北"),
    "广州": ("Guangzhou", "Guangzhou", "广东"),
    "深圳": ("Shenzhen", "Shenzhen", "广东"),
    "成都": ("Chengdu", "Chengdu", "四川"),
    "西安": ("Xi'an", "Xi'an", "陕西"),
    "新疆生产建设兵团": ("Xinjiang Production and Construction Corps", "Xinjiang Shengchan Jianshe Bingtuan", "新疆"),
}

# The report's spellings that differ from pycountry's zh_CN names -> ISO alpha-3.
COUNTRY_ALIASES: dict[str, str] = {
    "中非": "CAF",
    "刚果(金)": "COD",
    "刚果（金）": "COD",
    "刚果(布)": "COG",
    "刚果（布）": "COG",
    "危地马拉": "GTM",
    "吉尔吉斯斯坦": "KGZ",
    "多米尼加": "DOM",
    "孟加拉国": "BGD",
    "柬埔寨": "KHM",
    "波利尼西亚": "PYF",
    "波黑": "BIH",
    "特立尼达和多巴哥": "TTO",
    "玻利维亚": "BOL",
    "蒙塞拉特岛": "MSR",
    "马恩岛": "IMN",
    "马耳他": "MLT",
    "韩国": "KOR",
    "朝鲜": "PRK",
    "英属维尔京群岛": "VGB",
    "美国": "USA",
    "英国": "GBR",
    "俄罗斯": "RUS",
    "伊朗": "IRN",
    "叙利亚": "SYR",
    "老挝": "LAO",
    "越南": "VNM",
    "委内瑞拉": "VEN",
    "坦桑尼亚": "TZA",
    "摩尔多瓦": "MDA",
    "北马其顿": "MKD",
    "巴勒斯坦": "PSE",
    "捷克": "CZE",
    "荷属圣马丁": "SXM",
    "库拉索": "CUW",
    "根西岛": "GGY",
    "泽西岛": "JEY",
    "科特迪瓦": "CIV",
}

# Entities without a current ISO 3166-1 code: English name and a note on their status, in English and Chinese.
HISTORICAL: dict[str, tuple[str, str, str]] = {
    "南斯拉夫": ("Yugoslavia", "historical; ISO 3166-3 YUCS (former YU/YUG)",
                 "已不存在；ISO 3166-3 代码 YUCS（原为 YU/YUG）"),
    "荷属安的列斯": ("Netherlands Antilles", "historical; ISO 3166-3 ANHH (former AN/ANT)",
                     "已不存在；ISO 3166-3 代码 ANHH（原为 AN/ANT）"),
    "英吉利海峡群岛": ("Channel Islands", "no ISO 3166-1 code; covers Jersey (JE) and Guernsey (GG)",
                       "无 ISO 3166-1 代码；包括泽西岛（JE）和根西岛（GG）"),
}

# pycountry's English names are formal; these read better in a table.
ENGLISH_OVERRIDES: dict[str, str] = {
    "BOL": "Bolivia",
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "CZE": "Czechia",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MDA": "Moldova",
    "PRK": "North Korea",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SYR": "Syria",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "USA": "United States",
    "VEN": "Venezuela",
    "VGB": "British Virgin Islands",
    "VNM": "Vietnam",
    "ARE": "United Arab Emirates",
    "BRN": "Brunei",
    "CPV": "Cabo Verde",
    "SXM": "Sint Maarten",
    "MKD": "North Macedonia",
    "TUR": "Türkiye",
}

_BRACKETED = re.compile(r"^[(（](.+)[)）]$")


@dataclass(frozen=True)
class Region:
    """One row label of the appendix, classified."""

    name_zh: str
    name_en: str
    kind: str
    parent_zh: str | None = None
    iso_alpha2: str | None = None
    iso_alpha3: str | None = None
    pinyin: str | None = None
    note: str | None = None       # its status, in English (a region no longer in ISO 3166-1)
    note_zh: str | None = None    # … and in Chinese


@lru_cache(maxsize=1)
def _zh_country_index() -> dict[str, str]:
    """zh_CN name (short, official and common) -> alpha-3, from pycountry's translations."""
    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(zh.gettext(value), country.alpha_3)
    return index


def canonical_label(label: str) -> str:
    """The label without its brackets and with full-width brackets made half-width."""
    label = label.strip()
    match = _BRACKETED.match(label)
    if match:
        label = match.group(1)
    return label.replace("（", "(").replace("）", ")")


def english_country_name(alpha3: str) -> str:
    if alpha3 in ENGLISH_OVERRIDES:
        return ENGLISH_OVERRIDES[alpha3]
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:  # pragma: no cover - guarded by tests on the alias table
        raise KeyError(alpha3)
    return getattr(country, "common_name", None) or country.name


# Plain names that stand for more than one country: the report must say which (刚果（布） or 刚果（金）).
AMBIGUOUS = {"刚果": ("刚果（布） Republic of the Congo", "刚果（金） DR Congo"),
             "几内亚": None, "苏丹": None}   # None: a name of its own (Guinea, Sudan) despite the longer ones


def classify(label: str, *, line: int | None = None, table_no: int | None = None) -> Region:
    """Classify one row label; a label nobody knows, or one that could be two countries, raises ReportError."""
    raw = label.strip()
    name = canonical_label(raw)
    if AMBIGUOUS.get(name):
        raise ReportError(f"row label {raw!r} is ambiguous: it could be {' or '.join(AMBIGUOUS[name])}",
                          line=line, table_no=table_no)
    if name in TOTALS:
        kind, english = TOTALS[name]
        return Region(name, english, kind, pinyin=None)
    if name in PROVINCES:
        english, pinyin = PROVINCES[name]
        return Region(name, english, PROVINCE, pinyin=pinyin)
    if name in HK_MACAO_TAIWAN:
        english, pinyin, a2, a3 = HK_MACAO_TAIWAN[name]
        return Region(name, english, HMT, iso_alpha2=a2, iso_alpha3=a3, pinyin=pinyin)
    if _BRACKETED.match(raw) and name in SUB_PROVINCIAL_UNITS:
        english, pinyin, parent = SUB_PROVINCIAL_UNITS[name]
        return Region(name, english, SUB_PROVINCIAL, parent_zh=parent, pinyin=pinyin)
    if name in HISTORICAL:
        english, note, note_zh = HISTORICAL[name]
        return Region(name, english, COUNTRY, note=note, note_zh=note_zh)
    alpha3 = COUNTRY_ALIASES.get(name) or _zh_country_index().get(name)
    if alpha3:
        country = pycountry.countries.get(alpha_3=alpha3)
        return Region(
            name,
            english_country_name(alpha3),
            COUNTRY,
            iso_alpha2=country.alpha_2 if country else None,
            iso_alpha3=alpha3,
        )
    raise ReportError(f"row label {raw!r} is not a known region, country or total", line=line, table_no=table_no)
