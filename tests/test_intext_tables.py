"""第三章's in-text tables: parsed by rule, verified, stored beside the appendix, shown by the explorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipexplorer.cli import main as cli_main
from ipexplorer.query.datasets import dataset_for, table_list
from ipexplorer.report.intext_tables import IP_TYPES, MEASURES, check_intext_tables, parse_intext_tables
from ipexplorer.report.source import ReportError, ReportText, read_report
from ipexplorer.store.build import IntegrityError, build_database
from ipexplorer.store.database import connect
from ipexplorer.store.schema import OBSERVATIONS_COLUMNS

MADE_UP = """目 录
第三章\t知识产权创造\t26

第三章 知识产权创造

一、专利

（六）专利复审与无效

正文一段。

类型\t2020年/件\t2019年/件
复审请求\t30\t20
(1) 发明专利\t10\t5
(2) 实用新型专利\t15\t10
(3) 外观设计专利\t5\t5

二、商标

(七) 商标评审

类型\t2020 年 / 件\t2019 年 / 件
复审裁定\t100\t90
(1) 驳回复审\t60\t50
(2) 复杂案件\t40\t40
(a) 无效宣告\t30\t25
(b) 其他\t10\t15

第四章 战略实施和保护运用
"""


def made_up(text: str = MADE_UP) -> ReportText:
    return ReportText(Path("made-up.txt"), tuple(text.split("\n")), "0" * 64)


@pytest.fixture
def conn(built_db):
    c = connect(built_db)
    yield c
    c.close()


# --- made-up text -------------------------------------------------------------------------------

def test_made_up_tables_are_read_by_rule():
    tables = parse_intext_tables(made_up())
    assert [t.number for t in tables] == [101, 102]
    patents, marks = tables
    assert patents.area == "专利" and marks.area == "商标"
    assert patents.years == (2020, 2019) and patents.unit_zh == "件" and marks.years == (2020, 2019)
    assert [(r.level, r.measure, r.ip_type, r.values) for r in patents.rows] == [
        (0, "reexamination_requests", "patent", (30, 20)),
        (1, "reexamination_requests", "invention", (10, 5)),
        (1, "reexamination_requests", "utility_model", (15, 10)),
        (1, "reexamination_requests", "design", (5, 5)),
    ]
    # "(a)" rows are parts of the "(2)" row above them
    invalidation = marks.rows[3]
    assert (invalidation.label, invalidation.level, invalidation.ip_type) == ("无效宣告", 2, "tm_invalidation")
    assert marks.rows[invalidation.parent].label == "复杂案件"
    assert marks.column_label(invalidation) == "复审裁定·复杂案件·无效宣告"
    assert patents.section == "一、专利 › （六）专利复审与无效"
    assert patents.first_line == 12 and patents.last_line == 16
    assert check_intext_tables(tables).ok


def test_a_total_that_is_not_the_sum_of_its_parts_is_named():
    broken = MADE_UP.replace("(b) 其他\t10\t15", "(b) 其他\t10\t16")
    result = check_intext_tables(parse_intext_tables(made_up(broken)))
    assert not result.ok and result.identities_checked == 6
    [violation] = result.violations  # 复杂案件 ≠ (a) + (b) in 2019; 复审裁定 = (1) + (2) still holds
    assert (violation.table_no, violation.row, violation.column) == (102, "(2) 复杂案件", "2019")
    assert (violation.expected, violation.actual) == (41, 40)
    assert "table 102, row (2) 复杂案件, column 2019" in str(violation)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("(3) 外观设计专利\t5\t5", "(3) 集成电路\t5\t5", "unknown in-text table row '集成电路'"),
    ("复审请求\t30\t20", "复审请求X\t30\t20", "unknown in-text table total '复审请求X'"),
    ("(1) 发明专利\t10\t5", "(1) 发明专利\t10", "row has 2 cells, expected 3"),
    ("(1) 发明专利\t10\t5", "(1) 发明专利\t1O\t5", "cell '1O' (2020)"),
    ("(1) 发明专利\t10\t5", "(1) 发明专利\t10\t5\n(1) 发明专利\t10\t5", "appears twice"),
])
def test_bad_rows_stop_with_the_line_named(old, new, message):
    with pytest.raises(ReportError) as info:
        parse_intext_tables(made_up(MADE_UP.replace(old, new, 1)))
    assert message in str(info.value)
    assert info.value.line is not None and info.value.table_no == 101


def test_the_chapter_ends_at_the_next_chapter_or_the_appendix():
    without_next = MADE_UP.replace("第四章 战略实施和保护运用", "附 录\n地区\t2019 年\t2020 年\n北京\t1\t2")
    assert [t.number for t in parse_intext_tables(made_up(without_next))] == [101, 102]
    assert parse_intext_tables(made_up(MADE_UP.replace("第三章 知识产权创造\n", "\n"))) == []


def test_a_table_outside_patents_and_trademarks_is_refused():
    text = MADE_UP.replace("一、专利", "三、地理标志")
    with pytest.raises(ReportError, match="only 专利 and 商标"):
        parse_intext_tables(made_up(text))


# --- the real report ----------------------------------------------------------------------------

def test_real_report_has_four_tables_whose_totals_hold(report_path):
    tables = parse_intext_tables(read_report(report_path))
    assert [(t.number, t.first_line, t.last_line) for t in tables] == [
        (101, 546, 554), (102, 556, 564), (103, 645, 652), (104, 658, 665)]
    assert [len(t.rows) for t in tables] == [8, 8, 7, 7]
    result = check_intext_tables(tables)
    assert result.ok and result.per_table == {101: 4, 102: 4, 103: 4, 104: 4}
    assert tables[0].rows[0].values == (54670, 55354) and tables[0].rows[0].line == 547
    assert tables[3].rows[-1].values == (54, 54)


def test_in_text_values_are_observations_with_provenance(conn):
    assert [d[0] for d in conn.execute("SELECT * FROM observations LIMIT 0").description] == \
        list(OBSERVATIONS_COLUMNS)
    rows = conn.execute(
        "SELECT region_zh, region_kind, year, measure, ip_type, value, unit, source_line FROM observations "
        "WHERE table_no = 101 AND ip_type = 'invention' ORDER BY measure, year").fetchall()
    assert rows == [
        ("合计", "total", 2019, "reexamination_closed", "invention", 28858, "件", 552),
        ("合计", "total", 2020, "reexamination_closed", "invention", 37771, "件", 552),
        ("合计", "total", 2019, "reexamination_requests", "invention", 44138, "件", 548),
        ("合计", "total", 2020, "reexamination_requests", "invention", 49988, "件", 548),
    ]
    counts = dict(conn.execute("SELECT table_no, count(*) FROM observations WHERE table_no > 100 GROUP BY 1"))
    assert counts == {101: 16, 102: 16, 103: 14, 104: 14}
    # every in-text value comes from a line of its printed table
    assert conn.execute("SELECT count(*) FROM observation WHERE table_no > 100 AND source_line NOT BETWEEN "
                        "(SELECT first_line FROM report_table t WHERE t.table_no = observation.table_no) AND "
                        "(SELECT last_line FROM report_table t WHERE t.table_no = observation.table_no)"
                        ).fetchone()[0] == 0


def test_values_match_their_report_lines(conn, report_lines):
    rows = conn.execute("SELECT value, source_line FROM observation WHERE table_no > 100").fetchall()
    assert len(rows) > 20
    for value, line in rows:
        assert str(value) in report_lines[line - 1].split("\t")


def test_tables_codes_and_checks_are_recorded(conn):
    tables = conn.execute("SELECT table_no, title_zh, title_en, unit_zh, unit_en, source FROM report_table "
                          "WHERE table_no > 100 ORDER BY table_no").fetchall()
    assert [t[0] for t in tables] == [101, 102, 103, 104]
    assert all(t[3:] == ("件", "items", "narrative") for t in tables)
    assert tables[0][1].startswith("专利复审请求与结案数量") and "reexamination" in tables[0][2]
    assert tables[3][1].startswith("商标评审案件裁定数量") and tables[3][2].startswith("Trademark review cases decided")
    measures = dict(conn.execute("SELECT code, name_en FROM measure"))
    ip_types = dict(conn.execute("SELECT code, name_zh FROM ip_type"))
    assert {k: v[1] for k, v in MEASURES.items()}.items() <= measures.items()
    assert {k: v[0] for k, v in IP_TYPES.items()}.items() <= ip_types.items()
    assert "applications" in measures and "invention" in ip_types  # the appendix's codes are still there
    checks = conn.execute("SELECT table_no, identities, violations FROM integrity_check WHERE table_no > 100")
    assert checks.fetchall() == [(101, 4, 0), (102, 4, 0), (103, 4, 0), (104, 4, 0)]


def test_derived_change_is_computed_for_in_text_tables(conn):
    change = conn.execute(
        "SELECT d.change_abs, round(d.change_pct, 4) FROM observation o JOIN observation_derived d USING (obs_id) "
        "WHERE o.table_no = 101 AND o.measure = 'reexamination_requests' AND o.ip_type = 'patent' "
        "AND o.year = 2020").fetchone()
    assert change == (54670 - 55354, round((54670 - 55354) / 55354, 4))


def _rows(conn, dataset) -> list[dict]:
    cursor = conn.execute(f"SELECT * FROM ({dataset.sql}) ORDER BY row_index", dataset.params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def test_explorer_datasets_show_the_in_text_tables_as_printed(conn, report_lines):
    assert [n for n, _zh, _en in table_list(conn)][-4:] == [101, 102, 103, 104]
    for table_no, n_rows in ((101, 8), (102, 8), (103, 7), (104, 7)):
        wide = dataset_for(conn, table_no, "wide")
        assert wide.table_no == table_no and wide.printed_rows
        first, last = conn.execute("SELECT first_line, last_line FROM report_table WHERE table_no = ?",
                                   (table_no,)).fetchone()
        header = report_lines[first - 1].split("\t")
        values = [c for c in wide.columns if c.role.value == "value"]
        # the printed header: the label title, then one column per year (2020 first, as printed)
        assert [wide.column("region_zh").title_zh, *(c.title_zh.replace("/", " / ") for c in values)] == \
            [h.replace(" ", "").replace("/", " / ") for h in header]
        rows = _rows(conn, wide)
        assert len(rows) == n_rows == last - first
        for row in rows:
            # each printed row is one row, on its own line: its label and every value as printed there
            printed = report_lines[row["source_line"] - 1].split("\t")
            assert printed[0].replace(" ", "") == row["region_zh"].replace(" ", "")
            assert printed[1:] == [str(row[c.key]) for c in values]
        assert [r["source_line"] for r in rows] == list(range(first + 1, last + 1))
    rows = _rows(conn, dataset_for(conn, 101, "wide"))
    assert [r["region_zh"] for r in rows][:2] == ["复审请求", "(1) 发明专利"]
    assert rows[0]["region_en"] == "Patent reexamination requests received"
    assert rows[1]["region_en"] == "(1) Invention patent"
    assert rows[0]["chg"] == 54670 - 55354 and round(rows[0]["pct"], 4) == round((54670 - 55354) / 55354, 4)
    wide = dataset_for(conn, 101, "wide")
    assert wide.column("c0").title_en == "2020 (items)" and wide.column("c0").year == 2020
    assert not any(c.key.startswith(("share", "rank")) for c in wide.columns)
    # a 表102 cell opens its value's line, not the header's line 556
    rows = _rows(conn, dataset_for(conn, 102, "wide"))
    assert [(r["region_zh"], r["c0"], r["source_line"]) for r in rows[4:]] == [
        ("无效宣告结案", 7144, 561), ("(1) 发明专利", 1604, 562), ("(2) 实用新型专利", 2987, 563),
        ("(3) 外观设计专利", 2553, 564)]
    long = dataset_for(conn, 103, "long")
    assert conn.execute(f"SELECT count(*) FROM ({long.sql})", long.params).fetchone()[0] == 14


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_charts_of_an_in_text_table_have_a_bar_per_type(conn, layout):
    from ipexplorer.query.builder import QueryState
    from ipexplorer.query.chart_data import ChartKind, ChartSpec, chart_data, chart_frame

    frame = chart_frame(conn, dataset_for(conn, 103, layout), QueryState())
    years = chart_data(frame, ChartSpec(kind=ChartKind.YEARS))
    assert [c.name_en for c in years.categories][:2] == ["Trademark: review of refusal",
                                                        "Trademark: inter partes cases"]
    assert [s.values[0] for s in years.series] == [302096, 298171]
    with_total = chart_data(frame, ChartSpec(include_totals=True))
    assert with_total.categories[0].name_zh == "商标" and with_total.series[0].values[0] == 367029
    if layout == "wide":   # a bar stands for the printed rows of its type
        rows = {r["region_zh"]: r["_rid"] for r in _rows(conn, dataset_for(conn, 103, "wide"))}
        assert years.categories[0].row_ids == [rows["(1) 驳回复审"]]
        assert with_total.categories[0].row_ids == [rows["复审请求"]]
    else:
        assert {tuple(c.row_ids) for c in years.categories} == {tuple(frame.categories[0].row_ids)}


def test_build_stops_when_an_in_text_total_is_wrong(mutated_report, db_copy):
    def edit(lines):
        i = lines.index("复审请求\t54670\t55354")
        lines[i] = "复审请求\t54671\t55354"
        return lines

    report = mutated_report(edit)
    before = db_copy.read_bytes()
    with pytest.raises(IntegrityError) as info:
        build_database(report, db_copy)
    assert "table 101, row 复审请求, column 2020" in str(info.value)
    assert "expected 54670, actual 54671" in str(info.value)
    assert db_copy.read_bytes() == before


def test_check_command_verifies_in_text_tables(mutated_report, tmp_path, capsys):
    def edit(lines):
        i = lines.index("(d) 其他\t54\t54")
        lines[i] = "(d) 其他\t54\t55"
        return lines

    assert cli_main(["check", "--report", str(mutated_report(edit)), "--db", str(tmp_path / "none.sqlite")]) == 1
    out = capsys.readouterr().out
    assert "table 104, row (2) 复杂案件, column 2019" in out
    assert "expected 45815, actual 45814" in out


def test_the_explorer_and_charts_show_an_in_text_table(qtbot, built_db, settings, qtmodeltester):
    from ipexplorer.ui.grid.table_model import RAW_ROLE, SOURCE_LINE_ROLE
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.dataset is not None and explorer.model.fully_loaded, timeout=10000)
    assert explorer.table_combo.findData(104) >= 0
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(101, "wide")
    qtbot.waitUntil(lambda: explorer.model.fully_loaded)
    model = explorer.model
    assert model.rowCount() == 8   # as printed: 复审请求 and its three types, 复审结案 and its three
    assert model.index(0, model.column_index("region_zh")).data() == "复审请求"
    assert model.index(0, model.column_index("c0")).data(RAW_ROLE) == 54670
    assert model.index(5, model.column_index("c1")).data(RAW_ROLE) == 28858   # (1) 发明专利 of 复审结案, 2019
    assert model.index(5, model.column_index("c1")).data(SOURCE_LINE_ROLE) == 552
    qtmodeltester.check(model)
    explorer.grab()
    window.show_pane("charts")
    qtbot.waitUntil(lambda: window.charts.data is not None and window.charts.settled(), timeout=10000)
    window.charts.grab()
    data = window.charts.data
    assert [c.name_zh for c in data.categories] == ["发明", "实用新型", "外观设计"]  # a bar per type
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(103, "long")
    qtbot.waitUntil(lambda: explorer.model.fully_loaded)
    assert model.rowCount() == 14
    window.close()


# --- nils: "—" or "-" printed for nothing -------------------------------------------------------------
def test_a_nil_in_a_made_up_table_is_none_with_its_marker_kept():
    text = MADE_UP.replace("(3) 外观设计专利\t5\t5", "(3) 外观设计专利\t-\t5")
    text = text.replace("复审请求\t30\t20", "复审请求\t25\t20")
    table = parse_intext_tables(made_up(text))[0]
    row = table.rows[-1]
    assert row.values == (None, 5) and row.printed == ("-", None)
    result = check_intext_tables([table])
    assert result.ok   # a nil part adds nothing to its total: 25 = 10 + 15


@pytest.fixture(scope="module")
def nil_db(tmp_path_factory, report_lines):
    """The report with 表103's (d) 其他 printed as "-" for 2020 (and its totals less the 2 it printed): the
    hyphen, so a grid or export writing a constant "—" shows up."""
    lines = list(report_lines)
    replaced = {"(d) 其他\t2\t3": "(d) 其他\t-\t3", "(2) 复杂案件\t68858\t58900": "(2) 复杂案件\t68856\t58900",
                "复审请求\t367029\t360996": "复审请求\t367027\t360996"}
    for old, new in replaced.items():
        lines[lines.index(old)] = new
    folder = tmp_path_factory.mktemp("nil")
    report = folder / "nil.txt"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_database(report, folder / "nil.sqlite")
    return folder / "nil.sqlite", lines.index("(d) 其他\t-\t3") + 1


def test_a_nil_in_an_in_text_table_is_stored_as_null_with_the_printed_marker(nil_db):
    db, line = nil_db
    with connect(db) as c:
        assert c.execute("SELECT value, printed, source_line FROM observation WHERE table_no = 103 AND year = 2020 "
                         "AND ip_type = 'tm_other_review'").fetchone() == (None, "-", line)
        assert c.execute("SELECT value, printed FROM observation WHERE table_no = 103 AND year = 2019 "
                         "AND ip_type = 'tm_other_review'").fetchone() == (3, None)
        assert c.execute("SELECT value FROM observations WHERE table_no = 103 AND year = 2020 "
                         "AND ip_type = 'tm_other_review'").fetchone() == (None,)
        assert c.execute("SELECT identities, violations FROM integrity_check WHERE table_no = 103").fetchone() == \
            (4, 0)


def test_a_nil_sorts_last_either_way_and_statistics_skip_it(nil_db):
    from ipexplorer.query.builder import QueryState, select_sql
    from ipexplorer.query.columns import Kind

    db, _line = nil_db
    with connect(db) as c:
        wide = dataset_for(c, 103, "wide")
        for ascending in (True, False):
            sql, params = select_sql(wide, QueryState(sort=(("c0", ascending),)))
            rows = c.execute(sql, params).fetchall()
            keys = ["_rid", *(col.key for col in wide.columns)]
            assert rows[-1][keys.index("region_zh")] == "(d) 其他" and rows[-1][keys.index("c0")] is None
            numbers = [r[keys.index("c0")] for r in rows[:-1]]
            assert numbers == sorted(numbers, reverse=not ascending)
    from ipexplorer.ui.grid.sql_grid import selection_stats

    text = selection_stats([None, 40, 60], [Kind.INT] * 3)   # in the interface's language
    assert "100" in text and "50.00" in text and "33.33" not in text


def test_the_grid_shows_a_nil_as_printed(qtbot, nil_db):
    from ipexplorer.ui.grid.table_model import RAW_ROLE, SqlTableModel

    db, line = nil_db
    with connect(db) as c:
        wide = dataset_for(c, 103, "wide")
    model = SqlTableModel(db)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_dataset(wide)
    qtbot.waitUntil(lambda: model.fully_loaded)
    row = next(r for r in range(model.rowCount())
               if model.index(r, model.column_index("region_zh")).data() == "(d) 其他")
    cell = model.index(row, model.column_index("c0"))
    assert cell.data() == "-" and cell.data(RAW_ROLE) is None   # the marker printed, not a constant
    assert model.index(row, model.column_index("c1")).data() == "3"
    assert model.index(row, model.column_index("source_line")).data() == str(line)
    assert model.index(row, model.column_index("chg")).data() == ""   # a change of a nil is no nil
    with connect(db) as c:
        long = dataset_for(c, 103, "long")
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_dataset(long)
    qtbot.waitUntil(lambda: model.fully_loaded)
    value = model.column_index("value")
    shown = [model.index(r, value).data() for r in range(model.rowCount()) if model.index(r, value).data(RAW_ROLE)
             is None]
    assert shown == ["-"]
    model.shutdown()


def test_statistics_never_add_an_in_text_total_to_its_parts(conn):
    from ipexplorer.query.stats import SummedCell, region_kinds, selection_sum

    regions = region_kinds(conn)
    rows = {r["region_zh"]: r["c0"] for r in _rows(conn, dataset_for(conn, 104, "wide"))}
    picked = ["复审裁定", "(1) 驳回复审", "(2) 复杂案件", "(a) 无效宣告", "(b) 撤销注册复审"]
    cells = [SummedCell(rows[label], label) for label in picked]
    result = selection_sum(cells, regions)
    # the total is left out beside its parts, and (a), (b) beside the (2) they are part of
    assert [picked[i] for i in result.kept] == ["(1) 驳回复审", "(2) 复杂案件"]
    assert (result.totals_left_out, result.parts_left_out, result.inside_left_out) == (1, 2, 0)
    assert sum(cells[i].value for i in result.kept) == rows["复审裁定"]   # (1) + (2): each case once
    assert regions["合计"][0] == "total"   # the real regions come first
    from PySide6.QtCore import QCoreApplication

    from ipexplorer.query.columns import Kind
    from ipexplorer.ui.grid.sql_grid import selection_stats

    def words(text: str, count: int) -> str:   # in whatever language the interface has now
        return QCoreApplication.translate("TableExplorer", text).format(count=count)

    text = selection_stats([c.value for c in cells], [Kind.INT] * 5, picked, regions)   # the status bar's words
    parts, inside = "{count} parts of a selected total", "{count} inside selected provinces"
    assert words(parts, 2) in text and words("{count} totals", 1) in text and words(inside, 2) not in text
    city = selection_stats([1, 2], [Kind.INT] * 2, ["广东", "深圳"], regions)
    assert words(inside, 1) in city and words(parts, 1) not in city


def test_check_agrees_with_a_database_holding_an_in_text_nil(nil_db, tmp_path, capsys):
    db, _line = nil_db
    report = db.parent / "nil.txt"
    assert cli_main(["check", "--report", str(report), "--db", str(db)]) == 0
    assert "stored" not in capsys.readouterr().out


def test_a_type_facet_kept_from_another_table_hides_no_year_of_an_in_text_table(conn):
    from ipexplorer.query.view import ViewState

    wide = dataset_for(conn, 101, "wide")
    view = ViewState(table=101, layout="wide").with_column_facet("ip_type_zh", ["invention"])
    assert {"c0", "c1", "chg"} <= {c.key for c in view.visible_columns(wide)}   # the types are its rows
    by_year = ViewState(table=101, layout="wide").with_column_facet("year", [2020])
    keys = {c.key for c in by_year.visible_columns(wide)}
    assert "c0" in keys and "c1" not in keys


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_an_export_writes_a_nil_as_the_report_printed_it(nil_db, tmp_path, layout):
    import csv
    import json

    from openpyxl import load_workbook

    from ipexplorer.export.jobs import ExportRequest, run

    db, _line = nil_db
    book, sheet = tmp_path / "t.xlsx", tmp_path / "t.csv"
    for path in (book, sheet):   # the window and the CLI both export through jobs.run
        run(ExportRequest(path=path, scope="tables", db_path=db, table_nos=[103], layout=layout))
    wb = load_workbook(book)
    cells = [c for row in wb.worksheets[0].iter_rows() for c in row]
    nils = [c for c in cells if c.value in ("-", "—")]
    assert [(c.value, c.data_type) for c in nils] == [("-", "s")]   # a text cell, never 0 nor empty
    about = {r[0].value: r[1].value for r in wb["说明 About"].iter_rows()}
    assert "“-”" in about["空值 Nil"] and "not 0" in about["空值 Nil"]
    with sheet.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert sum(row.count("-") for row in rows) == 1 and not any("—" in row for row in rows)
    described = json.loads((tmp_path / "t.csv-metadata.json").read_text(encoding="utf-8"))
    assert any("“-”" in line for line in described["dc:description"])
    numeric = [c for c in described["tableSchema"]["columns"] if c["datatype"] == "number"]
    assert numeric and all(c["null"] == ["", "-"] for c in numeric)


def test_a_selection_exported_or_copied_writes_a_nil_as_printed(qtbot, nil_db, settings, tmp_path):
    """Edit › Export of selected cells or rows (CSV and xlsx) and a copy write the report's "-", not an empty cell."""
    import csv

    from openpyxl import load_workbook
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    from ipexplorer.ui.shell.export_dialog import ExportDialog
    from ipexplorer.ui.shell.main_window import MainWindow

    db, _line = nil_db
    window = MainWindow(db, settings=settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.dataset is not None and explorer.model.fully_loaded, timeout=10000)
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(103, "wide")
    qtbot.waitUntil(lambda: explorer.model.fully_loaded)
    model = explorer.model
    labels = model.column_index("region_zh")
    row = next(r for r in range(model.rowCount()) if model.index(r, labels).data() == "(d) 其他")
    explorer.view.selectionModel().select(
        QItemSelection(model.index(row - 1, model.column_index("c0")), model.index(row, model.column_index("c1"))),
        QItemSelectionModel.SelectionFlag.ClearAndSelect)
    for scope, name in (("cells", "cells.csv"), ("rows", "rows.xlsx"), ("cells", "cells.xlsx"), ("rows", "rows.csv")):
        dialog = ExportDialog(explorer, window)
        dialog.set_scope(scope)
        dialog.path_edit.setText(str(tmp_path / name))
        task = window.start_export(dialog)
        with qtbot.waitSignal(task.finished, timeout=20000):
            pass
        assert task.ok, task.result
        if name.endswith(".csv"):
            with open(tmp_path / name, encoding="utf-8-sig", newline="") as f:
                cells = [c for r in csv.reader(f) for c in r]
            assert cells.count("-") == 1, name
        else:
            book = load_workbook(tmp_path / name)
            cells = [c for r in book.worksheets[0].iter_rows() for c in r]
            assert [(c.value, c.data_type) for c in cells if c.value == "-"] == [("-", "s")], name
            assert "“-”" in {r[0].value: r[1].value for r in book["说明 About"].iter_rows()}["空值 Nil"]
    copied = explorer.selection_tsv().splitlines()[-1].split("\t")
    assert copied == ["-", "3"]
    window.close()


def test_every_editions_nil_keeps_its_printed_marker(tmp_path, report_lines, report_path):
    """An older edition's nil is NULL in edition_value with its marker as that edition printed it."""
    from conftest import shift_years

    lines = shift_years(list(report_lines))
    replaced = {"(d) 其他\t2\t3": "(d) 其他\t2\t—", "(2) 复杂案件\t68858\t58900": "(2) 复杂案件\t68858\t58897",
                "复审请求\t367029\t360996": "复审请求\t367029\t360993"}
    for old, new in replaced.items():
        lines[lines.index(old)] = new
    older = tmp_path / "older.txt"
    older.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_database([older, report_path], tmp_path / "two.sqlite")
    with connect(tmp_path / "two.sqlite") as c:
        rows = c.execute("SELECT edition, year, value, printed FROM edition_value WHERE table_no = 103 "
                         "AND ip_type = 'tm_other_review' ORDER BY edition, year").fetchall()
        assert rows == [(2019, 2018, None, "—"), (2019, 2019, 2, None), (2020, 2019, 3, None), (2020, 2020, 2, None)]
        assert c.execute("SELECT count(*) FROM edition_value WHERE printed IS NOT NULL").fetchone()[0] == 1
