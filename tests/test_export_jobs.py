"""One export path: the command line and the window write the same workbook for the same view."""

from __future__ import annotations

import openpyxl
import pytest

from ipexplorer.cli import main as cli_main
from ipexplorer.export.jobs import ExportRequest, run
from ipexplorer.query.builder import ColumnFilter
from ipexplorer.query.view import ViewState

EXPORTED_AT = "导出时间 Exported at"


def cells(path) -> dict[str, list[list[tuple]]]:
    """Every sheet's cells as (value, number format), the export time left out (it differs by the second)."""
    book = openpyxl.load_workbook(path)
    out = {}
    for ws in book.worksheets:
        rows = []
        for row in ws.iter_rows():
            if row[0].value == EXPORTED_AT:
                continue
            rows.append([(c.value, c.number_format) for c in row])
        out[ws.title] = rows
    return out


@pytest.fixture
def window(qtbot, built_db, settings):
    from ipexplorer.ui.shell.main_window import MainWindow

    w = MainWindow(built_db, settings=settings)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitUntil(lambda: w.explorer.model.rowCount() > 0 and w.explorer.model.fully_loaded)
    yield w
    w.close()


def test_a_filtered_view_exports_cell_for_cell_alike_from_the_cli_and_the_dialog(qtbot, window, built_db, tmp_path):
    from ipexplorer.ui.shell.export_dialog import ExportDialog, run_request

    explorer = window.explorer
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("both"))
    with qtbot.waitSignal(explorer.model.loaded, timeout=10000):
        explorer.show_table(4, "long")
    with qtbot.waitSignal(explorer.model.loaded, timeout=10000):
        explorer.set_filter(ColumnFilter("year", values=(2020,)))
    with qtbot.waitSignal(explorer.model.loaded, timeout=10000):
        explorer.set_filter(ColumnFilter("value", low=10000.0))
    dialog = ExportDialog(explorer, window)
    dialog.set_scope("view")
    dialog.path_edit.setText(str(tmp_path / "gui.xlsx"))
    request = dialog.request()
    assert request.view is not None and request.view.table == 4
    gui_rows = run_request(request, lambda *_: None, lambda: False)
    assert cli_main(["export", "--db", str(built_db), "--table", "4", "--layout", "long", "--filter", "year=2020",
                     "--filter", "value>=10000", "--lang", "both", "--out", str(tmp_path / "cli.xlsx")]) == 0
    gui, cli = cells(tmp_path / "gui.xlsx"), cells(tmp_path / "cli.xlsx")
    assert gui_rows > 5
    assert list(gui) == list(cli)
    for name in gui:
        assert gui[name] == cli[name], name
    data = next(iter(gui.values()))
    titles = [v for v, _f in data[0]]
    year = titles.index("年份 Year")
    assert {row[year] for row in data[1:]} == {(2020, "0")}          # a code: no thousands separator
    value = next(i for i, t in enumerate(titles) if t.startswith("数值"))
    assert all(row[value][0] >= 10000 for row in data[1:])           # what the filter keeps, seen in the cells


def test_a_query_exports_alike_from_the_cli_and_the_console(qtbot, db_copy, settings, tmp_path):
    from ipexplorer.ui.shell.main_window import MainWindow

    sql = ("SELECT year, table_no, region_en, value, source_line FROM observations "
           "WHERE region_en = 'Beijing' ORDER BY table_no, year LIMIT 12")
    window = MainWindow(db_copy, settings=settings)
    qtbot.addWidget(window)
    window.show_pane("sql")
    console = window.console
    console.editor.setPlainText(sql)
    console.run()
    qtbot.waitUntil(lambda: not console.running and console.results.dataset is not None
                    and console.results.model.fully_loaded, timeout=10000)
    task = window.run_export(window.console.request_export(tmp_path / "gui.xlsx"))
    qtbot.waitUntil(lambda: not task.thread.isRunning(), timeout=10000)
    assert task.ok, task.result
    window.close()
    assert cli_main(["export", "--db", str(db_copy), "--sql", sql, "--out", str(tmp_path / "cli.xlsx")]) == 0
    gui, cli = cells(tmp_path / "gui.xlsx"), cells(tmp_path / "cli.xlsx")
    assert gui == cli
    data = next(iter(cli.values()))
    assert [v for v, _f in data[0]] == ["year", "table_no", "region_en", "value", "source_line"]
    first = data[1]
    assert first[0] == (2019, "0") and first[1] == (1, "0") and first[4][1] == "0"   # codes, never 2,019
    assert first[3][1] == "#,##0"                                                    # a count


def test_a_view_state_exports_without_any_window(built_db, tmp_path):
    view = ViewState(table=1, layout="wide", names="en").with_column_facet("year", [2020])
    rows = run(ExportRequest(path=tmp_path / "v.csv", scope="view", db_path=built_db, view=view))
    text = (tmp_path / "v.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows == len(text) - 2 > 30                       # two header rows: the year group and the titles
    assert "Region" in text[1] and "地区" not in text[1]     # English names only
    assert "2019" not in text[0].split(",") and "2020" in text[0].split(",")   # the facet keeps 2020 only


# the note as printed, and its English (an export is bilingual, as its unit "件 · items" is)
NOTE_1 = "专利申请量统计中已扣除非正常专利申请。 · Patent application counts exclude abnormal patent applications."


def _about(path) -> dict[str, list[str]]:
    """The workbook's metadata sheet as item -> values."""
    book = openpyxl.load_workbook(path)
    out: dict[str, list[str]] = {}
    for key, value in book.worksheets[-1].iter_rows(min_row=2, values_only=True):
        out.setdefault(key, []).append(value)
    return out


def _csv_about(path) -> dict:
    import json

    return json.loads(path.with_name(path.name + "-metadata.json").read_text(encoding="utf-8"))


def test_a_tables_notes_and_unit_travel_with_its_export_from_the_cli_and_the_dialog(qtbot, window, built_db,
                                                                                     tmp_path):
    from ipexplorer.ui.shell.export_dialog import ExportDialog, run_request

    explorer = window.explorer
    with qtbot.waitSignal(explorer.model.loaded, timeout=10000):
        explorer.show_table(1, "wide")
    for suffix in (".xlsx", ".csv"):
        dialog = ExportDialog(explorer, window)
        dialog.set_scope("view")
        dialog.path_edit.setText(str(tmp_path / f"gui{suffix}"))
        assert run_request(dialog.request(), lambda *_: None, lambda: False) == 51
        assert cli_main(["export", "--db", str(built_db), "--table", "1", "--out",
                         str(tmp_path / f"cli{suffix}")]) == 0
    for name in ("gui", "cli"):
        about = _about(tmp_path / f"{name}.xlsx")
        assert about["注 Notes"] == [NOTE_1] and about["单位 Unit"] == ["件 · items"]
        described = _csv_about(tmp_path / f"{name}.csv")
        assert described["url"] == f"{name}.csv" and described["dialect"]["headerRowCount"] == 2
        assert f"注 Notes: {NOTE_1}" in described["dc:description"]
        assert "单位 Unit: 件 · items" in described["dc:description"]
        assert "行数 Rows · 表1 Table 1: 51" in described["dc:description"]
        header = (tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[1].split(",")
        assert [c["titles"][-1] if isinstance(c["titles"], list) else c["titles"]
                for c in described["tableSchema"]["columns"]] == header
    # a table without notes says its unit only; several tables name theirs
    assert cli_main(["export", "--db", str(built_db), "--table", "3", "--out", str(tmp_path / "t3.xlsx")]) == 0
    about = _about(tmp_path / "t3.xlsx")
    assert "注 Notes" not in about and about["单位 Unit"] == ["件 · items"]


def test_several_tables_exported_name_each_ones_notes(built_db, tmp_path):
    rows = run(ExportRequest(path=tmp_path / "t.xlsx", scope="tables", db_path=built_db, table_nos=[1, 3]))
    assert rows > 51
    about = _about(tmp_path / "t.xlsx")
    assert about["注 Notes"] == [f"表1 Table 1: {NOTE_1}"]
    assert about["单位 Unit"] == ["表1 Table 1: 件 · items", "表3 Table 3: 件 · items"]


def test_a_csv_whose_metadata_name_would_be_too_long_is_still_written(built_db, tmp_path):
    out = tmp_path / ("a" * 245 + ".csv")
    assert run(ExportRequest(path=out, scope="view", db_path=built_db, view=ViewState(table=3))) > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


@pytest.mark.parametrize("scope", ["tables", "view"])
def test_an_export_builds_each_dataset_and_reads_its_nils_once(built_db, tmp_path, monkeypatch, scope):
    import ipexplorer.export.views as views
    import ipexplorer.query.datasets as datasets

    built, read = [], []
    real_dataset_for, real_nils = datasets.dataset_for, views.nil_markers
    monkeypatch.setattr(views, "dataset_for", lambda conn, n, layout="wide": built.append(n) or
                        real_dataset_for(conn, n, layout))
    monkeypatch.setattr(datasets, "dataset_for", views.dataset_for)
    monkeypatch.setattr(views, "nil_markers", lambda conn, d: read.append(d.table_no) or real_nils(conn, d))
    if scope == "tables":
        request = ExportRequest(path=tmp_path / "t.xlsx", scope="tables", db_path=built_db, table_nos=[1, 103])
    else:
        request = ExportRequest(path=tmp_path / "t.xlsx", scope="view", db_path=built_db,
                                view=ViewState(table=103, layout="wide"))
    assert run(request) > 0
    expected = [1, 103] if scope == "tables" else [103]
    assert read == expected
    assert built == (expected if scope == "tables" else [])   # a view opens its dataset through the view state
