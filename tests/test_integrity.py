"""The report's identities: all hold on the real report; a changed number is caught and named."""

from __future__ import annotations

from conftest import line_index

from ipexplorer.report.appendix import parse_appendix
from ipexplorer.report.integrity import check_tables
from ipexplorer.report.source import read_report


def check(path):
    return check_tables(parse_appendix(read_report(path)))


def test_every_identity_holds_on_the_report(report_path):
    result = check(report_path)
    assert result.ok, result.violations
    assert sorted(result.per_table) == list(range(1, 13))
    # tables 1-6: 51 or more rows x 2 years of 合计 = parts, plus 8 column totals
    assert result.per_table[1] >= 51 * 2 + 8
    assert result.identities_checked > 1500


def replace_cell(lines, prefix, column, new, start=0):
    i = line_index(lines, prefix, start)
    cells = lines[i].split("\t")
    old = cells[column]
    cells[column] = new
    lines[i] = "\t".join(cells)
    return i, old


def test_changed_part_breaks_row_identity_and_column_total(mutated_report):
    where = {}

    def edit(lines):
        where["line"], where["old"] = replace_cell(lines, "广东\t", 2, "203312")  # 表1 2019 发明 +1
        return lines

    result = check(mutated_report(edit))
    assert not result.ok
    by_rule = {v.rule: v for v in result.violations}
    row_rule = by_rule["合计 = 发明 + 实用新型 + 外观设计"]
    assert (row_rule.table_no, row_rule.row, row_rule.column) == (1, "广东", "2019 合计")
    assert (row_rule.expected, row_rule.actual) == (807701, 807700)
    assert row_rule.line == where["line"] + 1
    total = by_rule["国内总计 = sum of the 34 province-level rows"]
    assert (total.table_no, total.row, total.column, total.expected, total.actual) == (
        1, "国内总计", "2019 发明", 1243569, 1243568)
    assert "table 1, row 广东, column 2019 合计" in str(row_rule)


def test_changed_country_breaks_foreign_total(mutated_report):
    def edit(lines):
        start = line_index(lines, "表 2 ")
        replace_cell(lines, "法国\t", 1, "6231", start)
        replace_cell(lines, "法国\t", 2, "4827", start)
        return lines

    result = check(mutated_report(edit))
    assert [(v.table_no, v.row, v.column, v.expected, v.actual) for v in result.violations] == [
        (2, "国外在华总计", "2019 合计", 185365, 185364),
        (2, "国外在华总计", "2019 发明", 157094, 157093)]


def test_grand_total_of_gi_and_ic_tables(mutated_report):
    def edit(lines):
        start = line_index(lines, "表 11 ")
        replace_cell(lines, "合计\t", 2, "14376", start)
        return lines

    result = check(mutated_report(edit))
    assert [(v.table_no, v.row, v.column, v.expected, v.actual, v.rule) for v in result.violations] == [
        (11, "合计", "2020 申请数量", 14375, 14376, "合计 = 国内总计 + 国外在华总计")]


def test_sub_provincial_rows_are_not_added_to_the_domestic_total(report_path):
    tables = {t.number: t for t in parse_appendix(read_report(report_path))}
    t1 = tables[1]
    total = t1.row("国内总计").values[0]
    members = sum(r.values[0] for r in t1.rows if r.region.kind in ("province", "hk_macao_taiwan"))
    cities = sum(r.values[0] for r in t1.rows if r.region.kind == "sub_provincial")
    assert members == total and cities > 0  # adding the cities would double-count them


def test_city_larger_than_its_province_is_flagged(mutated_report):
    def edit(lines):
        start = line_index(lines, "表 12 ")
        # 表12 has no cities; use 表1: make 深圳 2020 发明 bigger than 广东's
        start = line_index(lines, "表 1 ")
        i = line_index(lines, "(深圳)", start)
        cells = lines[i].split("\t")
        cells[6], cells[5] = "215927", str(int(cells[5]) - 87267 + 215927)
        lines[i] = "\t".join(cells)
        return lines

    result = check(mutated_report(edit))
    rules = {v.rule for v in result.violations}
    assert "a province holds its sub-provincial rows" in rules
