"""Headline figures: extraction and normalisation, changes, flags and cross-checks, on made-up and real text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import example, given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from ipexplorer.report.figure_checks import CHECKS, check_figures, disagreement_flags
from ipexplorer.report.figures import Figure, extract_figures, normalise
from ipexplorer.store.database import connect
from ipexplorer.store.figures import line_starts


@dataclass
class Para:
    """A made-up paragraph: the four fields the extractor reads, and optionally more."""

    text: str
    first_line: int = 10
    last_line: int = 10
    section: str = "第三章 知识产权创造 › 一、专利"
    para_id: int | None = None
    line_starts: tuple = ()


def figures_of(text: str, **kw) -> list[Figure]:
    return extract_figures([Para(text, **kw)], year=2020)


def one(text: str, **kw) -> Figure:
    [figure] = figures_of(text, **kw)
    return figure


@pytest.fixture
def conn(built_db):
    c = connect(built_db)
    yield c
    c.close()


# --- normalised values and units ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "unit"), [
    ("2020年我国发明专利申请量为149.7万件。", 1_497_000, "件"),
    ("地理标志专用标志使用企业直接产值6398亿元。", 639_800_000_000, "元"),
    ("专利密集型产业增加值达到 11.5 万亿元。", 11_500_000_000_000, "元"),
    ("商标审查审理周期缩短至4个月。", 4, "个月"),
    ("知识产权保护社会满意度提高到 80.05 分。", 80.05, "分"),
    ("企业所占比重达到66.8%。", 66.8, "%"),
    ("执业专利代理师2.3193万人。", 23_193, "人"),
    ("线上线下参与人数达47万。", 470_000, "人"),
])
def test_values_are_normalised_with_their_unit(text, value, unit):
    figure = one(text)
    assert (figure.value, figure.unit) == (value, unit)
    assert isinstance(figure.value, int) == isinstance(value, int)


def test_normalise_is_exact():
    assert normalise("149.7", "万") == 1_497_000 and isinstance(normalise("149.7", "万"), int)
    assert normalise("1.2093", "万") == 12_093
    assert normalise("0.5", None) == 0.5
    assert normalise("4,532", "万") == 45_320_000


def test_rounding_follows_the_printed_digits():
    assert one("国内发明专利申请134.5万件。").rounded_to == 1000  # 134.5万 means ± 500
    assert one("受理专利无效宣告请求6178件。").rounded_to == 1
    assert one("审结发明专利申请112万件。").rounded_to == 10_000
    assert one("发明专利申请量149.7万件，同比增长6.9%。").change_rounded_to == pytest.approx(0.1)


# --- what the figure measures -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "measure"), [
    ("2020年我国发明专利申请量为149.7万件。", "发明专利申请量"),
    ("2020年，授权发明专利53.0万件。", "授权发明专利"),
    ("截至 2020 年底, 已授权并维持有效的发明专利拥有量为 305.8 万件。", "授权并维持有效的发明专利拥有量"),
    ("截至2020年底，累计受理20件集成电路布图设计撤销案。", "累计受理集成电路布图设计撤销案"),
    ("2020年，我国发明专利授权率^①为47.3%。", "发明专利授权率"),
    ("**查获涉嫌“挂证”专利代理师 1600 余名。", "查获涉嫌“挂证”专利代理师"),
    ("商标注册平均审查周期从法定审限9个月缩短至4个月。", "商标注册平均审查周期"),
])
def test_measure_is_the_phrase_before_the_number(text, measure):
    assert figures_of(text)[0].measure_text == measure


def test_names_beside_bracketed_counts_are_the_measure():
    found = figures_of("数量居于前五位的省份分别为山东（810件）、福建（551件）和江苏（356件）。")
    assert [(f.measure_text, f.value) for f in found] == [("山东", 810), ("福建", 551), ("江苏", 356)]


def test_a_second_figure_without_words_shares_the_first_ones_measure():
    first, second = figures_of("分别占比18.0%和16.8%。")
    assert first.measure_text == second.measure_text == "占比"


# --- changes ------------------------------------------------------------------------------------

def test_change_belongs_to_the_count_not_the_share_between():
    total, domestic, share, foreign, share2 = figures_of(
        "2020年我国发明专利申请量为149.7万件，同比增长6.9%。其中，国内发明专利申请134.5万件，占总量的89.8%，"
        "同比增长8.1%；国外在华发明专利申请15.2万件，占总量的10.2%，同比下降3.0%。")
    assert (total.change_value, total.change_unit) == (6.9, "%")
    assert (domestic.change_value, domestic.change_unit) == (8.1, "%")
    assert (share.value, share.unit, share.change_value) == (89.8, "%", None)
    assert (foreign.change_value, foreign.change_unit) == (-3.0, "%")
    assert share2.change_value is None


@pytest.mark.parametrize(("text", "change"), [
    ("商标注册量为576.1万件，同比下降10.1%。", -10.1),
    ("受理商标异议申请13.4万件,同比减少6.5%。", -6.5),
    ("国外在华商标申请23.1万件，占比2.5%，较上年下降9.4%。", -9.4),
    ("累计注册地理标志商标6085件，比2019年底增加14.3%。", 14.3),
    ("裁定各类评审案件35.8万件，同比增长 6.3%。", 6.3),
])
def test_year_on_year_changes_are_signed(text, change):
    assert figures_of(text)[0].change_value == change


def test_percentage_points_belong_to_the_percentage():
    share = one("国内发明专利申请中，企业所占比重达到66.8%，较上年提升1.9个百分点。")
    assert (share.value, share.unit, share.change_value, share.change_unit) == (66.8, "%", 1.9, "pp")


def test_a_change_with_nothing_to_belong_to_stands_alone():
    *_, alone = figures_of("受理三种专利优先审查案件6.3万件，其中发明专利申请5.6万件，"
                           "受理的发明专利申请优先审查案件同比增长61.8%。")
    assert (alone.value, alone.change_value, alone.change_unit) == (None, 61.8, "%")
    assert alone.measure_text == "受理的发明专利申请优先审查案件"
    assert alone.raw_text == "同比增长61.8%"


def test_a_change_against_another_year_is_a_figure_in_its_own_unit():
    share, since_2016 = figures_of("商标网上申请量约916.5万件，占比98.05%，比2016年提高了近17个百分点。")[1:]
    assert share.change_value is None
    assert (since_2016.value, since_2016.unit, since_2016.change_value) == (17, "pp", None)
    assert since_2016.qualifier == "近" and since_2016.measure_text == "比2016年提高"


# --- what is not a figure -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "该修改自 2021 年 1 月 15 日起施行。",                 # dates and years
    "中国名列第14位，知识产权局信息第33期。",               # ordinals
    "印发《2020年地方知识产权战略实施暨强国建设工作要点》。",  # a title
    "并处 1~5 倍罚款。",                                  # a range
    "参加商标五局（TM5）会议，RCEP 谈判。",                 # codes
    "2020年度专利审查质量用户满意度指数为85.4。",           # no unit
])
def test_no_figure_in_dates_ordinals_titles_ranges_codes(text):
    assert figures_of(text) == []


def test_qualifiers_are_kept_and_words_ending_in_yue_are_not_qualifiers():
    assert one("办理维权援助申请 3.3 万余件。").qualifier == "余"
    assert one("商标网上申请量约916.5万件。").qualifier == "约"
    assert one("全局干部职工总人数接近 2 万名。").qualifier == "接近"
    signed = one("现场完成知识产权质押融资签约7.1亿元。")
    assert signed.qualifier is None and signed.measure_text == "现场完成知识产权质押融资签约"


# --- flags --------------------------------------------------------------------------------------

def test_odd_source_values_are_flagged_not_changed():
    odd = figures_of("全国共计30个考点承办考试，4,532万人通过审核获得考试资格，比2019年增长3.16%。")[1]
    assert odd.value == 45_320_000 and odd.raw_text == "4,532万人"
    assert "separator_with_scale" in odd.flag and "persons_over_10_million" in odd.flag
    assert odd.change_value == 3.16  # 比2019年 is the year before: a year-on-year change
    assert one("全部无效占 46.0%。").flag is None
    assert "percent_over_100" in one("专利复审电子请求率达到190.1%。").flag
    assert "fractional_count" in one("共办理案件3.5件。").flag
    assert one("第二批领军人才主持参与局党组重点工作人均7.5项。").flag is None  # 人均: an average


# --- provenance ---------------------------------------------------------------------------------

def test_line_is_the_line_of_the_number(report_lines):
    lines = ["2020年,受理各类商标评审案件申请36.7万件,同比增长1.7%。审理裁定各类评审案件35.8万", "",
             "件，同比增长 6.3%。其中，裁定驳回复审案件 30.0 万件。"]

    class Report:
        def line(self, n):
            return lines[n - 1]

    text = lines[0] + lines[2]
    starts = line_starts(Report(), text, 1, 3)
    assert starts == ((0, 1), (len(lines[0]), 3))
    found = extract_figures([Para(text, 1, 3, line_starts=starts)], year=2020)
    assert [(f.raw_text, f.line) for f in found] == [("36.7万件", 1), ("35.8万件", 1), ("30.0万件", 3)]
    assert found[0].sentence == "2020年,受理各类商标评审案件申请36.7万件,同比增长1.7%。"


# --- cross-checks -------------------------------------------------------------------------------

VALUES = {
    (1, "国内总计", 2020, "applications", "invention"): 1_344_817,
    (1, "国内总计", 2019, "applications", "invention"): 1_243_568,
    (2, "国外在华总计", 2020, "applications", "invention"): 152_342,
    (2, "国外在华总计", 2019, "applications", "invention"): 157_093,
    (101, "合计", 2020, "reexamination_requests", "patent"): 54_670,
    (101, "合计", 2019, "reexamination_requests", "patent"): 55_354,
    (101, "合计", 2020, "reexamination_closed", "patent"): 48_046,
    (101, "合计", 2019, "reexamination_closed", "patent"): 37_261,
    (10, "合计", 2020, "cumulative_registrations", "gi_trademark"): 6085,
    (10, "合计", 2019, "cumulative_registrations", "gi_trademark"): 5324,
    (10, "山东", 2020, "cumulative_registrations", "gi_trademark"): 812,
}


def test_a_restated_value_agrees_within_its_rounding():
    found = figures_of("2020年我国发明专利申请量为149.7万件，同比增长6.9%。其中，国内发明专利申请134.5万件，"
                       "占总量的89.8%，同比增长8.1%。")
    checks = check_figures(found, VALUES)
    assert [(c.compares, c.table_no, c.region_zh, c.agrees) for c in checks] == [
        ("value", 1, "国内总计+国外在华总计", True), ("change", 1, "国内总计+国外在华总计", True),
        ("value", 1, "国内总计", True), ("change", 1, "国内总计", True)]
    assert checks[0].table_value == 1_497_159 and checks[0].rounded_to == 1000
    assert checks[1].table_value == pytest.approx(6.89, abs=0.01)
    assert "表1 国内总计 + 表2 国外在华总计" in checks[0].note


def test_a_disagreement_beyond_the_rounding_is_flagged():
    found = figures_of("国内发明专利申请134.6万件，同比增长8.3%。")  # 1,346,000 ± 500 misses 1,344,817
    checks = check_figures(found, VALUES)
    assert [(c.compares, c.agrees) for c in checks] == [("value", False), ("change", False)]
    flags = disagreement_flags(found, checks)
    assert "disagrees_with_table (value)" in flags[0] and "disagrees_with_table (change)" in flags[0]


def test_a_bare_verb_is_matched_by_the_figure_before_it():
    found = figures_of("2020年，共受理专利复审请求5.5万件，同比下降1.2%；结案4.8万件，同比增长28.9%。"
                       "自1985年以来，累计受理专利复审请求32.5万件，结案26.6万件。")
    checks = check_figures(found, VALUES)
    matched = {found[c.figure_index].raw_text: c.measure for c in checks if c.compares == "value"}
    assert matched == {"5.5万件": "reexamination_requests", "4.8万件": "reexamination_closed"}


def test_bounds_and_differences():
    lower = figures_of("累计受理专利复审请求5.4万余件。", section="第三章")  # no rule: unchecked
    assert check_figures(lower, VALUES) == []
    new = figures_of("2020年，新核准注册地理标志商标765件。", section="第三章 知识产权创造 › 三、地理标志")
    [check] = check_figures(new, VALUES)
    assert (check.table_value, check.agrees) == (6085 - 5324, False)
    assert "2020 minus 2019" in check.note
    named = figures_of("已注册地理标志商标数量居于前五位的省份分别为山东（812件）。", section="第三章")
    assert [c.agrees for c in check_figures(named, VALUES)] == [True]


def test_every_rule_names_known_tables():
    for rule in CHECKS:
        re.compile(rule.measure)
        assert rule.sources and all(t in (*range(1, 13), 101, 102, 103, 104) for t, _ in rule.sources)


# --- the real report ----------------------------------------------------------------------------

def test_headline_figures_of_the_real_report(conn):
    rows = {r[0]: r[1:] for r in conn.execute(
        "SELECT raw_text || '@' || line, measure_text, value, unit, change_value, change_unit, section FROM figure")}
    assert rows["149.7万件@465"][:5] == ("发明专利申请量", 1_497_000, "件", 6.9, "%")
    assert rows["15.2万件@465"][3:5] == (-3.0, "%")
    assert rows["53.0万件@488"][:2] == ("授权发明专利", 530_000)
    assert rows["66.8%@467"][2:5] == ("%", 1.9, "pp")
    assert rows["11.5万亿元@145"][1:3] == (11_500_000_000_000, "元")
    assert rows["149.7万件@465"][5].startswith("第三章 知识产权创造 › 一、专利")
    per_section = dict(conn.execute(
        "SELECT CASE WHEN section LIKE '局长致辞%' THEN 'preface' WHEN section LIKE '第三章%' THEN 'ch3' "
        "WHEN section LIKE '第四章%' THEN 'ch4' ELSE 'other' END, count(*) FROM figure GROUP BY 1"))
    assert per_section["preface"] >= 30 and per_section["ch3"] >= 150 and per_section["ch4"] >= 100
    assert conn.execute("SELECT count(*) FROM figure WHERE measure_text = '' AND section LIKE '第三章%'"
                        ).fetchone()[0] <= 3


def test_every_figure_points_at_its_line(conn, report_lines):
    rows = conn.execute("SELECT f.raw_text, f.line, f.sentence, p.first_line, p.last_line FROM figure f "
                        "JOIN paragraph p USING (para_id)").fetchall()
    assert len(rows) > 200
    for raw, line, sentence, first, last in rows:
        number = re.search(r"\d[\d,.]*", raw).group()
        assert first <= line <= last
        assert number in re.sub(r"\s+", "", report_lines[line - 1]), (raw, line)
        assert number in re.sub(r"\s+", "", sentence)


def test_cross_checks_of_the_real_report(conn):
    checks = conn.execute("SELECT count(*), sum(agrees), sum(compares = 'change') FROM figure_check").fetchone()
    assert checks[0] >= 75 and checks[2] >= 30
    disagreeing = conn.execute(
        "SELECT f.raw_text, f.line, c.table_no, c.region_zh, c.table_value FROM figure_check c "
        "JOIN figure f USING (figure_id) WHERE NOT c.agrees ORDER BY f.line").fetchall()
    # the report's own inconsistencies: 765 new GI trademarks while the cumulative total grew by 761, and the
    # provinces' counts in the text that differ from 表10 by one or two
    assert disagreeing == [
        ("765件", 139, 10, "合计", 761), ("765件", 682, 10, "合计", 761), ("810件", 691, 10, "山东", 812),
        ("551件", 691, 10, "福建", 549), ("482件", 691, 10, "四川", 481), ("356件", 691, 10, "江苏", 354)]
    # every disagreement flags its figure
    assert conn.execute("SELECT count(*) FROM figure f WHERE flag LIKE '%disagrees_with_table%'").fetchone()[0] == 6
    restated = conn.execute(
        "SELECT c.table_value, c.agrees, c.rounded_to FROM figure_check c JOIN figure f USING (figure_id) "
        "WHERE f.raw_text = '134.5万件' AND c.compares = 'value'").fetchone()
    assert restated == (1_344_817, 1, 1000)
    in_text = conn.execute("SELECT count(*) FROM figure_check WHERE table_no > 100 AND agrees").fetchone()[0]
    assert in_text >= 20


def test_the_odd_exam_count_is_flagged(conn):
    flag, value = conn.execute("SELECT flag, value FROM figure WHERE raw_text = '4,532万人'").fetchone()
    assert value == 45_320_000 and "separator_with_scale" in flag
    flagged = conn.execute("SELECT count(*) FROM figure WHERE flag IS NOT NULL AND flag NOT LIKE "
                           "'%disagrees_with_table%'").fetchone()[0]
    assert flagged == 1


PIECES = ["2020年", "，", "。", "；", "同比增长", "下降", "6.9%", "149.7万件", "4,532万人", "个百分点",
          "占总量的", "（", "）", "约", "余", "第", "《", "》", "1~5倍", "12", "亿元", "万", "件",
          "发明专利申请", "比2016年提高了", " ", "^①"]


@settings_(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=30))
@example(["发明专利申请", "149.7万件", "，", "同比增长", "6.9%", "。"])
def test_any_text_gives_figures_without_error(pieces):
    text = "".join(pieces)
    found = figures_of(text)
    if "149.7万件，同比增长6.9%" in text:
        assert any(f.value == 1_497_000 for f in found)
    for figure in found:
        assert figure.raw_text and re.sub(r"\s+", "", figure.raw_text) in re.sub(r"\s+", "", text)
        assert figure.value is not None or figure.change_value is not None
        assert figure.sentence in text


def test_check_notes_and_flags_quote_numbers_through_the_one_formatter():
    from ipexplorer.query.numbers import format_exact

    found = figures_of("国内发明专利申请134.6万件，同比增长8.3%。")
    value, change = check_figures(found, VALUES)
    assert f"vs {format_exact(1_344_817)} (表1 国内总计 2020)" in value.note and "(±500)" in value.note
    assert f"stated change {format_exact(8.3, signed=True)} % vs +" in change.note
    flag = one("考生4,532万人。").flag
    assert f"read as {format_exact(45_320_000)} 人" in flag and "45,320,000" in flag
