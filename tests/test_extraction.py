"""Tolerant where a PDF extraction varies, strict where meaning is at stake: report variants made here."""

from __future__ import annotations

import pytest
from conftest import line_index, shift_years

from ipexplorer.cli import main
from ipexplorer.report.appendix import parse_appendix
from ipexplorer.report.source import ReportError, read_report
from ipexplorer.store.build import build_database


def tables_of(path):
    furniture: list = []
    return {t.number: t for t in parse_appendix(read_report(path), furniture)}, furniture


def test_the_real_report_parses_alike_with_every_extraction_quirk(report_path, mutated_report):
    clean, none = tables_of(report_path)
    assert none == []

    def quirks(lines):
        start = line_index(lines, "表 1 ")
        bj = line_index(lines, "北京\t", start)
        tj = line_index(lines, "天津\t", start)
        sx = line_index(lines, "山西\t", start)
        lines[bj] = lines[bj] + "\t"                                 # a trailing tab
        lines[tj] = "   ".join(lines[tj].split("\t"))                 # spaces where the tabs were
        lines[sx:sx] = ["— 94 —", "国家知识产权局 2020 年度报告", "附录一 统计资料", "95"]   # page furniture
        cont = line_index(lines, "续表", start)
        lines[cont] = "续 表"                                         # 续表 with a space
        return lines

    quirky, furniture = tables_of(mutated_report(quirks))
    assert {n: [(r.label, r.values) for r in t.rows] for n, t in quirky.items()} == \
        {n: [(r.label, r.values) for r in t.rows] for n, t in clean.items()}
    assert [text for _line, text in furniture] == ["— 94 —", "国家知识产权局 2020 年度报告", "附录一 统计资料", "95"]


def test_build_db_lists_the_furniture_it_skipped(mutated_report, tmp_path, capsys):
    def furnish(lines):
        i = line_index(lines, "山西\t", line_index(lines, "表 1 "))
        lines[i:i] = ["— 94 —"]
        furnish.line = i + 1
        return lines

    assert main(["build-db", "--report", str(mutated_report(furnish)), "--db", str(tmp_path / "db.sqlite")]) == 0
    out = capsys.readouterr().out
    assert "Skipped 1 line(s) of page furniture" in out and f"line {furnish.line}: — 94 —" in out


def _refused(mutated_report, tmp_path, edit, message, table_no=None):
    db = tmp_path / "db.sqlite"
    with pytest.raises(ReportError, match=message) as info:
        build_database(mutated_report(edit), db)
    assert not db.exists()
    if table_no is not None:
        assert info.value.table_no == table_no and info.value.line is not None
    return info.value


def test_a_shifted_year_label_gives_duplicate_columns_and_is_refused(mutated_report, tmp_path):
    def shift_label(lines):
        i = line_index(lines, "地区\t", line_index(lines, "表 3 "))
        lines[i] = lines[i].replace("2020 年", "2019 年")
        return lines

    error = _refused(mutated_report, tmp_path, shift_label, r"header columns \d+ and \d+ both hold 2019", 3)
    assert "shifted or missing" in str(error)


def test_an_ambiguous_country_is_refused(mutated_report, tmp_path):
    def plain(lines):
        i = line_index(lines, "刚果（布）\t")
        lines[i] = lines[i].replace("刚果（布）", "刚果")
        return lines

    _refused(mutated_report, tmp_path, plain, r"'刚果' is ambiguous", 8)


def test_two_rows_of_one_region_are_refused(mutated_report, tmp_path):
    def twice(lines):
        i = line_index(lines, "德国\t", line_index(lines, "表 2 "))
        lines[i] = lines[i].replace("德国", "美利坚合众国", 1)     # a second name of the 美国 row's country
        return lines

    _refused(mutated_report, tmp_path, twice, r"rows '美利坚合众国' \(line \d+\) and '美国' are the same region "
             r"\(United States, USA\)", 2)


def test_a_region_printed_twice_in_a_table_is_refused(mutated_report, tmp_path):
    def again(lines):   # 北京's row printed a second time, further down 表3
        i = line_index(lines, "北京\t", line_index(lines, "表 3 "))
        j = line_index(lines, "上海\t", i)
        lines.insert(j, lines[i])
        again.line = j + 1
        return lines

    error = _refused(mutated_report, tmp_path, again, r"row '北京' appears twice in the table", 3)
    assert error.line == again.line


def test_a_second_report_in_the_same_file_is_refused(report_lines, tmp_path):
    both = tmp_path / "two.txt"
    both.write_text("\n".join(report_lines + shift_years(report_lines)) + "\n", encoding="utf-8")
    db = tmp_path / "db.sqlite"
    with pytest.raises(ReportError, match="a second report begins here") as info:
        build_database(both, db)
    assert info.value.line == len(report_lines) + 4 and not db.exists()


def test_a_nil_is_null_printed_as_the_report_printed_it(mutated_report, tmp_path):
    import sqlite3

    def nil(lines):   # 刚果（金）'s zeros in 表2 printed as the report's nil markers
        i = line_index(lines, "刚果(金)\t")
        cells = lines[i].split("\t")
        cells[1], cells[2] = "—", "-"
        lines[i] = "\t".join(cells)
        nil.line = i + 1
        return lines

    db = tmp_path / "db.sqlite"
    summary = build_database(mutated_report(nil), db)
    assert summary.check.ok                                   # a nil counts as 0 in the report's sums
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT col_index, value, printed FROM observation WHERE table_no = 2 AND source_line = ? "
                        "AND col_index < 3 ORDER BY col_index", (nil.line,)).fetchall()
    shown = conn.execute("SELECT value FROM observations WHERE table_no = 2 AND source_line = ? AND year = 2019 "
                         "AND ip_type IN ('patent', 'invention')", (nil.line,)).fetchall()
    conn.close()
    assert rows == [(0, None, "—"), (1, None, "-"), (2, 0, None)]
    assert shown == [(None,), (None,)]                          # NULL, never 0
