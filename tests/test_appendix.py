"""The appendix parser on the real report: tables, columns, rows, spot values, provenance."""

from __future__ import annotations

import pytest

from ipexplorer.report.appendix import parse_appendix
from ipexplorer.report.source import ReportError, read_report


@pytest.fixture(scope="module")
def tables(report_path):
    return {t.number: t for t in parse_appendix(read_report(report_path))}


# (rows, value columns) per table, counted in the report text.
SHAPES = {1: (51, 8), 2: (142, 8), 3: (51, 8), 4: (130, 8), 5: (51, 8), 6: (148, 8),
          7: (50, 6), 8: (205, 6), 9: (43, 2), 10: (48, 2), 11: (41, 2), 12: (41, 2)}


def test_all_twelve_tables_with_their_shapes(tables):
    assert sorted(tables) == list(range(1, 13))
    assert {n: (len(t.rows), len(t.columns)) for n, t in tables.items()} == SHAPES


def value(tables, number, region, year, label):
    table = tables[number]
    row = table.row(region)
    assert row is not None, f"no row {region} in table {number}"
    k = next(i for i, c in enumerate(table.columns) if c.year == year and c.label == label)
    return row.values[k], row.line


@pytest.mark.parametrize(("number", "region", "year", "label", "expected", "line"), [
    (1, "广东", 2020, "合计", 967204, 1578),
    (1, "香港", 2019, "外观设计", 1505, 1597),
    (2, "法国", 2019, "发明", 4826, 1674),
    (2, "美国", 2020, "合计", 43589, 1774),
    (3, "广东", 2020, "实用新型", 380882, 1819),
    (4, "日本", 2020, "发明", 28955, 1937),
    (5, "北京", 2020, "发明", 335575, 2021),
    (5, "深圳", 2019, "外观设计", 152243, 2072),
    (6, "美国", 2020, "合计", 222975, 2244),
    (7, "广东", 2020, "年末有效注册量", 5430003, 2282),
    (8, "美国", 2019, "申请量", 53612, 2549),
    (9, "合计", 2019, "年末累计批准数量", 2385, 2572),
    (10, "法国", 2020, "年末累计注册数量", 152, 2671),
    (11, "广东", 2020, "申请数量", 4293, 2707),
    (12, "香港", 2020, "发证数量", 66, 2779),
])
def test_spot_values_with_their_source_line(tables, number, region, year, label, expected, line):
    got, got_line = value(tables, number, region, year, label)
    assert (got, got_line) == (expected, line)


def test_every_value_is_printed_on_the_report_line_it_cites(built_db, report_lines):
    """All 6,460 values of the 12 tables: the cited line starts with the row's label and holds the number in
    the value's column (tab-separated, as printed)."""
    from ipexplorer.store.database import connect

    conn = connect(built_db)
    rows = conn.execute(
        "SELECT o.table_no, o.col_index, o.value, o.source_line, tr.label_zh, tr.source_line "
        "FROM observation o JOIN table_row tr ON tr.table_no = o.table_no AND tr.row_index = o.row_index "
        "WHERE o.table_no <= 12").fetchall()
    conn.close()
    assert len(rows) == 6460
    wrong = []
    for table_no, col_index, number, line, label, row_line in rows:
        fields = report_lines[line - 1].split("\t")
        printed = fields[col_index + 1].replace(",", "") if col_index + 1 < len(fields) else ""
        if line != row_line or not fields[0].startswith(label) or printed != str(number):
            wrong.append((table_no, line, col_index, number, report_lines[line - 1][:60]))
    assert wrong == []


def test_header_read_by_rule(tables):
    t1, t5, t7, t9 = tables[1], tables[5], tables[7], tables[9]
    assert [(c.year, c.measure, c.ip_type) for c in t1.columns[:4]] == [
        (2019, "applications", "patent"), (2019, "applications", "invention"),
        (2019, "applications", "utility_model"), (2019, "applications", "design")]
    assert {c.year for c in t1.columns[4:]} == {2020}
    assert {c.measure for c in t5.columns} == {"in_force"}          # 截至 2019 年底
    assert {c.measure for c in tables[3].columns} == {"grants"}
    assert [c.measure for c in t7.columns[:3]] == ["applications", "registrations", "in_force"]
    assert {c.ip_type for c in t7.columns} == {"trademark"}
    assert [(c.year, c.measure, c.ip_type) for c in t9.columns] == [
        (2019, "cumulative_approvals", "gi_product"), (2020, "cumulative_approvals", "gi_product")]
    assert tables[10].columns[0].ip_type == "gi_trademark"
    assert tables[11].columns[0].measure == "applications"
    assert tables[12].columns[0].measure == "certificates"
    assert {t.columns[0].ip_type for t in (tables[11], tables[12])} == {"ic_layout"}


def test_titles_units_and_notes(tables):
    assert tables[1].title_zh.startswith("分地区国内专利申请年度状况")
    assert tables[1].title_en.startswith("Domestic patent applications")
    assert all(t.unit_zh == "件" for t in tables.values())
    assert tables[1].notes == ["专利申请量统计中已扣除非正常专利申请。"]
    assert tables[2].notes == tables[1].notes
    assert tables[3].notes == []
    assert tables[1].label_title == "地区" and tables[2].label_title == "国家和地区"


def test_continuation_blocks_join_their_table(tables):
    # 表1's first block ends at 四川; 贵州 starts the 续表 block.
    labels = [r.label for r in tables[1].rows]
    assert labels.index("贵州") == labels.index("四川") + 1
    assert labels[-1] == "(新疆生产建设兵团)"
    assert tables[1].first_line == 1553 and tables[1].last_line == 1616


def test_cells_read_as_whole_numbers_or_nils_and_anything_else_is_refused():
    from ipexplorer.report.cells import read_values

    def refuse(k, cell):
        return ReportError(f"{k}:{cell}")

    assert read_values(["1,234", "0", "56"], refuse) == ((1234, 0, 56), (None, None, None))
    assert read_values(["1,234", "-5", "—", "-"], refuse) == ((1234, -5, None, None), (None, None, "—", "-"))
    for cells, bad in ((["12", "1O"], "1:1O"), (["12", ""], "1:"), ([",", "3"], "0:,"), (["1.5", "2"], "0:1.5"),
                       (["+3", "2"], "0:+3"), (["7", "--2"], "1:--2")):
        with pytest.raises(ReportError) as info:
            read_values(cells, refuse)
        assert str(info.value) == bad
