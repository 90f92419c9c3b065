"""The rebuilt narrative, the events and full-text search, on the real report and on made-up text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ipexplorer.cli import main as cli_main
from ipexplorer.query.search import search
from ipexplorer.report.events import CATEGORIES, DateError, categorise, extract_events, parse_date, partners_in
from ipexplorer.report.paragraphs import rebuild
from ipexplorer.report.source import ReportText
from ipexplorer.store.database import connect
from ipexplorer.store.schema import EVENTS_COLUMNS

MADE_UP = """封面

局长致辞

这是致辞的第一段。

目 录
第一章 年度要事\t1

第一章 年度要事

一月

1月6日至7日，年度会议在北京召开。

1月9日，局党组召开会议，传达学习



会议现场照片说明

重要讲话精神。同日，《某某办法》印发。

二月

2月3日，与世界知识产权组织举行视频会谈，日本特许厅代表参加。

第八章 国际合作

一、多边合作

10月26—28日,参加商标五局(TM5)年度会议。8月,出席金砖国家会议。

第九章 地方知识产权工作



北京市

北京开展知识产权保护工作。累计受理申请



12.5万件,同比增长3.2%。

已登记的案件中，用于农产品的数量最多，



共31件。

附 录
"""


def made_up_report(tmp_path: Path) -> ReportText:
    path = tmp_path / "made-up.txt"
    path.write_text(MADE_UP, encoding="utf-8")
    return ReportText(path, tuple(MADE_UP.split("\n")), "0" * 64)


@pytest.fixture
def conn(built_db):
    c = connect(built_db)
    yield c
    c.close()


def test_made_up_text_rejoins_breaks_and_keeps_captions_apart(tmp_path):
    narrative = rebuild(made_up_report(tmp_path), {"北京"})
    texts = [p.text for p in narrative.paragraphs if p.kind == "text"]
    assert "1月9日，局党组召开会议，传达学习重要讲话精神。同日，《某某办法》印发。" in texts
    captions = [p.text for p in narrative.paragraphs if p.kind == "caption"]
    assert captions == ["会议现场照片说明"]
    assert not any("照片" in t for t in texts)
    kinds = [(s.kind, s.title_zh) for s in narrative.sections]
    assert kinds == [("preface", "局长致辞"), ("chapter", "第一章 年度要事"), ("month", "一月"), ("month", "二月"),
                     ("chapter", "第八章 国际合作"), ("part", "一、多边合作"), ("chapter", "第九章 地方知识产权工作"),
                     ("province", "北京市")]
    joined = next(p for p in narrative.paragraphs if p.text.startswith("1月9日"))
    assert joined.first_line < joined.last_line  # the paragraph keeps its whole line range
    assert narrative.sections[-1].path == "第九章 地方知识产权工作 › 北京市"
    # a decimal after a page break continues the sentence ("12.5万件" is not a numbered item "1.")
    assert "北京开展知识产权保护工作。累计受理申请12.5万件,同比增长3.2%。" in texts
    # a short line ending in "，" before a page break runs on; it is not a caption
    assert "已登记的案件中，用于农产品的数量最多，共31件。" in texts


def test_made_up_events(tmp_path):
    narrative = rebuild(made_up_report(tmp_path), {"北京"})
    events = extract_events(narrative, {"日本": "Japan"}, year=2020)
    dated = [(e.date, e.end_date, e.precision, e.text[:6]) for e in events]
    assert dated == [
        ("2020-01-06", "2020-01-07", "day", "1月6日至7"),
        ("2020-01-09", None, "day", "1月9日，局"),
        ("2020-01-09", None, "day", "同日，《某某"),
        ("2020-02-03", None, "day", "2月3日，与"),
        ("2020-10-26", "2020-10-28", "day", "10月26—"),
        ("2020-08", None, "month", "8月,出席金"),
    ]
    assert events[3].partners == ["WIPO", "JPO", "Japan"]
    assert events[4].partners == ["TM5"] and events[4].section == "第八章 国际合作 › 一、多边合作"


@pytest.mark.parametrize("text, expected", [
    ("1月6日至7日，会议", ("2020-01-06", "2020-01-07", "day")),
    ("3月30日至4月1日，活动", ("2020-03-30", "2020-04-01", "day")),
    ("10月26—28日,会议", ("2020-10-26", "2020-10-28", "day")),
    ("2020年12月1日，启动", ("2020-12-01", None, "day")),
    ("8月,出席", ("2020-08", None, "month")),
    ("截至2020年底", None),
    ("2019年12月31日，发布", ("2019-12-31", None, "day")),     # a printed year wins over the report's
])
def test_dates(text, expected):
    found = parse_date(text, 2020)
    assert (found[:3] if found else None) == expected


def test_dates_are_in_the_reports_year():
    assert parse_date("2月29日，会议", 2020)[:2] == ("2020-02-29", None)
    assert parse_date("1月6日至7日，会议", 2017)[:2] == ("2017-01-06", "2017-01-07")
    assert parse_date("8月,出席", 2018)[0] == "2018-08"


@pytest.mark.parametrize("text", ["2月30日，会议", "13月2日，会议", "2月29日，会议", "4月31日至5月1日，活动",
                                  "3月30日至4月31日，活动", "10月28—26日,会议", "13月,出席"])
def test_a_date_that_is_no_calendar_day_is_refused(text):
    with pytest.raises(DateError):
        parse_date(text, 2019)      # 2019 has no 29 February


def test_an_invalid_date_in_the_report_names_its_line(mutated_report, tmp_path):
    from ipexplorer.report.source import ReportError
    from ipexplorer.store.build import build_database

    def edit(lines):
        i = next(i for i, line in enumerate(lines) if line.startswith("1月") and "日" in line[:6])
        lines[i] = "2月30日" + lines[i][lines[i].index("日") + 1:]
        edit.line = i + 1
        return lines

    db = tmp_path / "db.sqlite"
    with pytest.raises(ReportError, match="'2月30日' is not a date") as info:
        build_database(mutated_report(edit), db)
    assert info.value.line == edit.line and not db.exists()


@pytest.mark.parametrize("text, category", [
    ("局印发《关于……的实施意见》", "policy"),
    ("全国知识产权局局长会议在北京召开", "meeting"),
    ("局党组召开扩大会议", "party"),
    ("支持疫情防控和复工复产", "covid"),
    ("定点扶贫县桑植县脱贫摘帽", "poverty"),
    ("第二十一届中国专利奖颁奖", "exams_awards"),
    ("与世界知识产权组织举行会谈", "international"),
    ("开展打击侵权假冒专项行动", "enforcement"),
])
def test_category_rules(text, category):
    assert category in categorise(text)
    assert category in CATEGORIES


def test_partner_rules():
    orgs, regions = partners_in("与欧洲专利局、欧盟知识产权局、美国专利商标局、韩国知识产权局会谈；德国代表出席",
                                {"德国": "Germany", "美国": "United States"})
    # organisations in the table's order, then countries in the text's (美国 is named by 美国专利商标局 too)
    assert orgs == ["EPO", "EUIPO", "KIPO", "USPTO", "Germany", "United States"]
    assert regions == ["德国", "美国"]


def test_real_report_chapter_one_events(conn):
    count = conn.execute("SELECT count(*) FROM event e JOIN section s ON s.section_id = e.section_id "
                         "WHERE s.chapter = 1").fetchone()[0]
    assert count == 86  # 73 dated items and 13 introduced by 同日
    same_day = conn.execute("SELECT date, text FROM events WHERE text LIKE '同日%'").fetchall()
    assert len(same_day) == 13
    assert ("2020-12-09", "同日，申长雨局长与WIPO总干事邓鸿森举行视频会谈。") in same_day
    ranges = conn.execute("SELECT date, end_date FROM events WHERE end_date IS NOT NULL ORDER BY date").fetchall()
    assert ("2020-01-06", "2020-01-07") in ranges and ("2020-11-14", "2020-11-15") in ranges
    assert ("2020-10-26", "2020-10-28") in ranges  # 第八章's 10月26—28日
    month = conn.execute("SELECT section FROM events WHERE date = '2020-02' AND precision = 'month'").fetchone()
    assert month and month[0].startswith("第八章")
    # 第八章's 8月 金砖 meeting is 第一章's 8月26日 told again: one event, its day, both lines
    assert conn.execute("SELECT count(*) FROM events WHERE date = '2020-08'").fetchone()[0] == 0
    # texts are whole and carry no caption
    texts = [r[0] for r in conn.execute("SELECT text FROM events WHERE date = '2020-02-25'")]
    assert texts and "习近平总书记" in texts[0]
    # a caption printed between the halves of an item's paragraph stays out of its text
    between = conn.execute(
        "SELECT p.text, c.text FROM paragraph p "
        "JOIN paragraph c ON c.kind = 'caption' AND c.first_line BETWEEN p.first_line AND p.last_line "
        "WHERE p.kind = 'text'").fetchall()
    assert between, "the report has captions inside broken paragraphs"
    assert not [(e, c) for e, c in between if c in e]


def test_events_view_is_the_documented_contract(conn):
    cursor = conn.execute("SELECT * FROM events LIMIT 1")
    assert tuple(d[0] for d in cursor.description) == EVENTS_COLUMNS
    row = conn.execute("SELECT * FROM events WHERE partners LIKE '%WIPO%' ORDER BY date LIMIT 1").fetchone()
    assert row[0] == "2020-04-06" and "International cooperation" in row[4]


def test_provincial_work_linked_to_regions(conn):
    rows = conn.execute("SELECT s.title_zh, r.name_zh FROM section s JOIN region r ON r.region_id = s.region_id "
                        "WHERE s.kind = 'province'").fetchall()
    assert len(rows) == 32  # 31 provinces and the XPCC
    assert ("广东省", "广东") in rows and ("新疆生产建设兵团", "新疆生产建设兵团") in rows
    paras = conn.execute("SELECT count(*) FROM paragraph p JOIN region r ON r.region_id = p.region_id "
                         "WHERE r.name_zh = '广东' AND p.kind = 'text'").fetchone()[0]
    assert paras >= 1


def test_search_long_short_and_region_names(conn):
    hits = search(conn, "专利审查高速路")
    assert hits and all("«专利审查高速路»" in h.snippet for h in hits)
    assert hits[0].first_line == 259
    short = search(conn, "扶贫")
    assert short and "«扶贫»" in short[0].snippet
    one = search(conn, "桑")
    assert any("«桑»植" in h.snippet for h in one)
    for english, chinese in (("Guangdong", "广东"), ("guang dong", "广东"), ("Japan", "日本")):
        found = search(conn, english)
        assert found and found[0].matched == chinese, english
    assert search(conn, "") == [] and search(conn, '"unbalanced') == []


def test_cli_search(built_db, capsys):
    assert cli_main(["search", "Guangdong", "--db", str(built_db), "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "[广东]" in out and "line" in out and "第九章" in out


def test_real_page_breaks_inside_sentences_are_rejoined(conn):
    joined = conn.execute("SELECT first_line, last_line, kind FROM paragraph WHERE text LIKE '%累计受理通过PCT途径%'"
                          " AND text LIKE '%44.7万件%'").fetchall()
    assert joined == [(526, 528, "text")]
    gi = conn.execute("SELECT first_line, last_line, kind FROM paragraph "
                      "WHERE text LIKE '已注册地理标志商标中%'").fetchall()
    assert gi == [(685, 687, "text")]


def test_paragraphs_have_line_ranges_and_sections(conn):
    bad = conn.execute("SELECT count(*) FROM paragraph WHERE first_line > last_line OR first_line < 1").fetchone()[0]
    assert bad == 0
    chapters = [r[0] for r in conn.execute("SELECT title_zh FROM section WHERE kind = 'chapter' ORDER BY first_line")]
    assert len(chapters) == 9 and chapters[0] == "第一章 年度要事"
    topics = [r[0] for r in conn.execute("SELECT title_zh FROM section WHERE kind = 'topic' ORDER BY first_line")]
    assert topics == ["专题", "专题一 知识产权服务疫情防控", "专题二 知识产权助力脱贫攻坚"]
    assert conn.execute("SELECT kind FROM section WHERE section_id = 1").fetchone()[0] == "preface"


def test_fts_index_matches_the_paragraphs(conn):
    indexed = conn.execute("SELECT count(*) FROM paragraph_fts").fetchone()[0]
    assert indexed == conn.execute("SELECT count(*) FROM paragraph").fetchone()[0]
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("INSERT INTO paragraph(kind, text, section_id, first_line, last_line) VALUES ('x','y',1,1,1)")


def test_events_view_lists_categories_in_lane_order(built_db):
    conn = connect(built_db)
    order = [r[0] for r in conn.execute("SELECT name_en FROM event_category ORDER BY sort_order")]
    listed = [r[0].split("; ") for r in conn.execute("SELECT categories FROM events WHERE categories LIKE '%;%'")]
    conn.close()
    assert listed and all(cats == sorted(cats, key=order.index) for cats in listed)


TWO_COLUMNS = """审结的案件中，全部驳回占 66.3%，部分驳回占 9.8%，

类型\t2020 年\t2019 年
复审请求\t10\t9

进一步压缩审限。2020 年 9 月，首家巡回评审庭在上

初步审定占 23.9%。

海商标审查协作中心设立。
"""


def test_two_columns_flowing_around_a_table_are_rejoined_in_their_own_order(tmp_path):
    text = MADE_UP.replace("一、多边合作\n", "一、多边合作\n\n" + TWO_COLUMNS)
    path = tmp_path / "two-columns.txt"
    path.write_text(text, encoding="utf-8")
    narrative = rebuild(ReportText(path, tuple(text.split("\n")), "0" * 64), {"北京"})
    texts = [p.text for p in narrative.paragraphs if p.kind == "text"]
    assert "审结的案件中，全部驳回占 66.3%，部分驳回占 9.8%，初步审定占 23.9%。" in texts
    assert "进一步压缩审限。2020 年 9 月，首家巡回评审庭在上海商标审查协作中心设立。" in texts


def test_real_two_column_flow_around_the_trademark_review_table(conn):
    rows = conn.execute("SELECT first_line, last_line, text FROM paragraph WHERE kind = 'text' "
                        "AND first_line IN (643, 654)").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(643, 656), (654, 668)]
    assert "部分驳回占 9.8%，初步审定占 23.9%" in rows[0][2]
    assert "首家巡回评审庭在上海商标审查协作中心设立" in rows[1][2]


# --- captions recognised by content, not only by the blank lines around them -----------------------------
CAPTION_AT_PAGE_BREAK = "申长雨局长出席世界知识产权挑战论坛视频会议"
CREDITED_CAPTION = "2020年2月25日，局党组召开扩大会议（摄影：李明）"


def _narrative_and_events(lines: list[str], names: set[str]):
    narrative = rebuild(ReportText(Path("variant.txt"), tuple(lines), "0" * 64), names)
    return narrative, extract_events(narrative, {}, year=2020)


def test_a_caption_set_off_by_single_blank_lines_is_kept_out_by_its_content(report_lines, conn):
    lines = list(report_lines)
    # 10月26日's item runs over a page end ("…出席沙特阿" / "拉伯…"): a photo's caption between its halves,
    # with one blank line on either side as around any paragraph
    cut = lines.index("10月26日，申长雨局长应邀出席沙特阿")
    lines[cut + 1:cut + 1] = ["", CAPTION_AT_PAGE_BREAK]
    # 2月25日's item runs over a page end too: a credited caption there, starting with a date
    cut = lines.index("2月25日,局党组召开扩大会议,传达学习")
    lines[cut + 1:cut + 1] = ["", CREDITED_CAPTION]
    # a caption the report sets off by three blank lines, with one only
    at = lines.index("申长雨局长出席 WIPO 视频会议，研讨疫情期间相关应对措施")
    assert lines[at - 3:at] == ["", "", ""]
    del lines[at - 3:at - 1]
    names = {n for (n,) in conn.execute(
        "SELECT name_zh FROM region WHERE kind IN ('province', 'hk_macao_taiwan', 'sub_provincial')")}
    names.add("新疆生产建设兵团")
    narrative, events = _narrative_and_events(lines, names)
    real_narrative, real_events = _narrative_and_events(list(report_lines), names)
    captions = {p.text for p in narrative.paragraphs if p.kind == "caption"}
    assert {CAPTION_AT_PAGE_BREAK, CREDITED_CAPTION, lines[at - 2]} <= captions
    # everything else reads as in the real report: every text paragraph, every event's date and text
    assert [p.text for p in narrative.paragraphs if p.kind == "text"] == \
        [p.text for p in real_narrative.paragraphs if p.kind == "text"]
    assert [(e.date, e.text) for e in events] == [(e.date, e.text) for e in real_events]
    item = next(e for e in events if e.date == "2020-10-26" and e.text.startswith("10月26日"))
    assert item.text == ("10月26日，申长雨局长应邀出席沙特阿拉伯知识产权局举办的世界知识产权挑战论坛视频会议，"
                         "并以视频形式发言。")
    assert sum(1 for e in events if e.chapter == 1) == 86


def test_a_short_line_cut_at_a_page_end_is_not_taken_for_a_caption(tmp_path):
    text = ("第一章 年度要事\n\n一月\n\n1月6日，国家知识产权局召开\n\n全国知识产权局局长会议。\n\n"
            "1月8日，局党组召开会议\n\n传达学习有关精神。\n")
    narrative = rebuild(ReportText(tmp_path / "t.txt", tuple(text.split("\n")), "0" * 64), set())
    texts = [p.text for p in narrative.paragraphs if p.kind == "text"]
    assert "1月6日，国家知识产权局召开全国知识产权局局长会议。" in texts   # a verb ending runs on
    assert "1月8日，局党组召开会议传达学习有关精神。" in texts               # a dated line is no caption
    assert not [p for p in narrative.paragraphs if p.kind == "caption"]


# --- a chart's title by its words, with or without blank lines around it ----------------------------------
CHART_TITLE = "2020年国外在华发明专利授权量居前十位的企业"


def test_a_chart_title_inside_a_paragraph_with_no_blank_lines_is_kept_apart(report_lines):
    lines = list(report_lines)
    # the title between the halves of a paragraph cut at a page end ("审查质量" / "保障体系…"), no blank line
    cut = lines.index("不断完善审查质量管理体系。审查质量")
    assert lines[cut + 1] == ""
    lines[cut + 1:cut + 2] = [CHART_TITLE]
    # the report's own chart titles, the blank lines around them and the unit line dropped
    at = lines.index(CHART_TITLE, cut + 2)
    del lines[at + 1:at + 4]                  # "", "(单位:件)", ""
    del lines[at - 1]                         # the blank line before it
    madrid = next(i for i, s in enumerate(lines) if s.startswith("2020年马德里商标国际注册申请量居前十位的省"))
    del lines[madrid + 1:madrid + 4]
    del lines[madrid - 1]
    narrative = rebuild(ReportText(Path("variant.txt"), tuple(lines), "0" * 64), set())
    real = rebuild(ReportText(Path("real.txt"), tuple(report_lines), "0" * 64), set())
    captions = [p.text for p in narrative.paragraphs if p.kind == "caption"]
    assert captions.count(CHART_TITLE) == 2
    assert "2020年马德里商标国际注册申请量居前十位的省(区、市)" in captions
    texts = [p.text for p in narrative.paragraphs if p.kind == "text"]
    assert texts == [p.text for p in real.paragraphs if p.kind == "text"]
    whole = next(t for t in texts if t.startswith("不断完善审查质量管理体系。"))
    assert "审查质量保障体系和业务指导体系更加健全" in whole and "企业" not in whole


def test_the_real_reports_chart_titles_are_captions_and_the_paragraphs_around_them_whole(conn):
    captions = {t for (t,) in conn.execute("SELECT text FROM paragraph WHERE kind = 'caption'")}
    assert {"2020年马德里商标国际注册申请量居前十位的省(区、市)", "知识产权保护中心和快速维权中心布局情况"} <= captions
    # the Madrid paragraph goes on past its chart ("…排在前三位" / chart / "的缔约方分别是俄罗斯…")
    row = conn.execute("SELECT first_line, last_line FROM paragraph WHERE kind = 'text' "
                       "AND text LIKE '%指定次数排在前三位的缔约方分别是俄罗斯、美国和越南。'").fetchone()
    assert row == (619, 625)
    opened = conn.execute("SELECT text FROM paragraph WHERE first_line = 788").fetchone()[0]
    assert opened.startswith("二是加强多元化纠纷解决机制建设。")
