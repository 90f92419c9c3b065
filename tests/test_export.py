"""Excel and CSV export, re-read with independent readers (openpyxl, python-calamine)."""

from __future__ import annotations

import csv
import errno
import os
import stat

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ipexplorer.cli import main as cli_main
from ipexplorer.export import ExportCancelled, ExportError, Metadata, Sheet, SheetColumn
from ipexplorer.export.csv_file import export_csv
from ipexplorer.export.jobs import ExportRequest, build
from ipexplorer.export.sheets import sheet_names
from ipexplorer.export.views import metadata, view_sheet
from ipexplorer.export.xlsx import export_xlsx
from ipexplorer.query.builder import ColumnFilter, QueryState, select_sql
from ipexplorer.query.columns import Kind
from ipexplorer.query.datasets import dataset_for
from ipexplorer.store.database import connect

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=tab", "\r=cr", '=HYPERLINK("http://x","y")']


@pytest.fixture
def conn(built_db):
    c = connect(built_db)
    yield c
    c.close()


def small_sheet(rows=None, name="S"):
    cols = [SheetColumn("名称 Name"), SheetColumn("件数 Count", Kind.INT), SheetColumn("比重 Share", Kind.PERCENT),
            SheetColumn("值 Value", Kind.FLOAT)]
    return Sheet(name, cols, rows if rows is not None else [("北京", 1234567, 0.125, 1.5), ("Tokyo", None, 0.5, -2.25)],
                 2)


def test_values_types_and_formats(tmp_path):
    path = tmp_path / "out.xlsx"
    counts = export_xlsx(path, [small_sheet()], Metadata(source="test", citation="cite"))
    assert counts == {"S": 2}
    wb = openpyxl.load_workbook(path)
    ws = wb["S"]
    assert [c.value for c in ws[1]] == ["名称 Name", "件数 Count", "比重 Share", "值 Value"]
    assert all(c.font.b for c in ws[1])
    assert ws["A2"].value == "北京" and ws["B2"].value == 1234567 and isinstance(ws["B2"].value, int)
    assert ws["B2"].number_format == "#,##0"
    assert ws["C2"].value == 0.125 and ws["C2"].number_format == "0.0%"
    assert ws["D3"].value == -2.25
    assert ws["B3"].value is None
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:D3"
    assert ws.column_dimensions["A"].width >= 9
    assert wb.sheetnames[-1] == "说明 About"
    about = {r[0]: r[1] for r in wb["说明 About"].iter_rows(min_row=2, values_only=True)}
    assert about["来源 Source"] == "test" and about["引用 Citation"] == "cite"
    assert about["行数 Rows · S"] == "2"


def test_formula_like_text_stays_text(tmp_path):
    path = tmp_path / "hostile.xlsx"
    export_xlsx(path, [small_sheet([(text, 1, 0.1, 1.0) for text in HOSTILE])])
    wb = openpyxl.load_workbook(path)
    ws = wb["S"]
    for r, text in enumerate(HOSTILE, start=2):
        cell = ws.cell(r, 1)
        assert cell.data_type == "s", text
        assert cell.value == text.replace("\r", "_x000D_")  # openpyxl leaves XML's escape of CR as is
    # and an independent reader sees strings, not computed values
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python()
    assert [row[0] for row in sheet[1:]] == HOSTILE


def test_csv_has_bom_round_trips_and_defuses_formulas(tmp_path):
    path = tmp_path / "out.csv"
    rows = [("北京", 1234567, 0.125, 1.5), *[(text, 1, 0.5, 2.0) for text in HOSTILE]]
    assert export_csv(path, small_sheet(rows)) == len(rows)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw[3:].startswith(b"\xef\xbb\xbf")   # one mark
    with open(path, encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0] == ["名称 Name", "件数 Count", "比重 Share (%)", "值 Value"]
    assert read[1] == ["北京", "1234567", "12.5", "1.5"]
    assert [r[0] for r in read[2:]] == ["'" + t for t in HOSTILE]


def test_two_level_header_merged_like_the_view(conn, tmp_path):
    dataset = dataset_for(conn, 1, "wide")
    path = tmp_path / "t1.xlsx"
    export_xlsx(path, [view_sheet(conn, dataset, QueryState(), "zh")])
    ws = openpyxl.load_workbook(path).worksheets[0]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:A2" in merged          # region: its title spans both header rows
    assert "D1:G1" in merged          # 2019年 over its four types
    assert ws["D1"].value == "2019年" and ws["H1"].value == "2020年"
    assert ws["D2"].value == "合计" and ws["A1"].value == "地区"
    assert ws.freeze_panes == "B3"
    assert ws["A3"].value == "国内总计" and ws["D3"].value == 4195104
    assert ws.auto_filter.ref.startswith("A2:")


def test_export_equals_the_filtered_sorted_view(conn, tmp_path):
    dataset = dataset_for(conn, 4, "wide")
    state = QueryState(quick_text="a", filters=(ColumnFilter("c4", low=100),), sort=(("c4", False),))
    path = tmp_path / "view.xlsx"
    export_xlsx(path, [view_sheet(conn, dataset, state, "en")], metadata(conn, [dataset], state))
    sql, params = select_sql(dataset, state)
    keys = [c.key for c in dataset.columns]
    shown = [c for c in dataset.columns if not c.hidden]
    expected = [[row[1 + keys.index(c.key)] for c in shown] for row in conn.execute(sql, params)]
    ws = openpyxl.load_workbook(path).worksheets[0]
    got = [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]
    # Excel keeps 15-16 significant digits of a fraction; integers and text are exact
    assert got == [[pytest.approx(v, rel=1e-14) if isinstance(v, float) else v for v in row] for row in expected]
    # and what the filter and the sort keep, seen here, not through the query both share: 2020's totals ≥ 100
    # only (the table has smaller ones), largest first
    at = [c.key for c in shown].index("c4")
    totals = [row[at] for row in got]
    unfiltered = conn.execute(*select_sql(dataset, QueryState())).fetchall()
    assert any(row[1 + keys.index("c4")] < 100 for row in unfiltered if row[1 + keys.index("c4")] is not None)
    assert totals and all(t >= 100 for t in totals) and totals == sorted(totals, reverse=True)
    about = [r for r in openpyxl.load_workbook(path)["说明 About"].iter_rows(values_only=True)]
    filters = [r[1] for r in about if r[0] == "筛选与排序 Filters and sort"]
    assert any("≥ 100" in f for f in filters) and any("descending" in f for f in filters)
    assert any("text contains" in f for f in filters)


def test_several_tables_one_sheet_each(conn, tmp_path):
    path = tmp_path / "all.xlsx"
    sheets, _meta = build(conn, ExportRequest(path=path, scope="tables", table_nos=[1, 2, 9]))   # the one path
    counts = export_xlsx(path, sheets, metadata(conn, []))
    assert list(counts) == ["表1 Table 1", "表2 Table 2", "表9 Table 9"]
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["表1 Table 1", "表2 Table 2", "表9 Table 9", "说明 About"]
    rows = {n: conn.execute("SELECT count(*) FROM table_row WHERE table_no = ?", (n,)).fetchone()[0] for n in (1, 2, 9)}
    assert counts == {f"表{n} Table {n}": rows[n] for n in (1, 2, 9)}


def test_sheet_names_are_excel_safe_and_unique():
    names = sheet_names(["a/b", "a/b", "x" * 40, "[q]?"])
    assert names[0] == "a b" and names[1] == "a b (2)"
    assert len(names[2]) == 31 and names[3] == "q"


def test_existing_file_kept_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "keep.xlsx"
    path.write_bytes(b"precious")

    def full_disk(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    import xlsxwriter.workbook

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "close", full_disk)
    with pytest.raises(ExportError, match="disk is full"):
        export_xlsx(path, [small_sheet()])
    assert path.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xlsx"]


def test_csv_full_disk_keeps_existing_file(tmp_path, monkeypatch):
    path = tmp_path / "keep.csv"
    path.write_text("precious")

    def rows():
        yield ("a", 1, 0.1, 1.0)
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match="disk is full"):
        export_csv(path, small_sheet(rows()))
    assert path.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.csv"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_unwritable_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            export_xlsx(folder / "x.xlsx", [small_sheet()])
    finally:
        folder.chmod(stat.S_IRWXU)


def test_unwritable_folder_simulated(tmp_path, monkeypatch):
    import tempfile

    def denied(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)      # xlsxwriter's own scratch files
    with pytest.raises(ExportError, match="permission denied"):
        export_xlsx(tmp_path / "x.xlsx", [small_sheet()])
    monkeypatch.undo()
    from ipexplorer.export import files

    real_open = os.open

    def no_create(path, flags, *args):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(files.os, "open", no_create)      # the folder refuses the temporary file itself
    for export in (lambda p: export_xlsx(p, [small_sheet()]), lambda p: export_csv(p, small_sheet())):
        with pytest.raises(ExportError, match=f"cannot write in {tmp_path}: permission denied"):
            export(tmp_path / "x.out")
    assert list(tmp_path.iterdir()) == []


def test_target_is_a_folder_or_missing_folder(tmp_path):
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(ExportError, match="folder has that name"):
        export_xlsx(tmp_path / "dir.xlsx", [small_sheet()])
    with pytest.raises(ExportError, match="does not exist"):
        export_csv(tmp_path / "nope" / "x.csv", small_sheet())


def test_target_locked_by_another_program(tmp_path, monkeypatch):
    """On Windows a file open in Excel cannot be replaced: the rename fails, the file stays."""
    path = tmp_path / "open.xlsx"
    path.write_bytes(b"open elsewhere")

    def locked(*_args):
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="open in another program"):
        export_xlsx(path, [small_sheet()])
    assert path.read_bytes() == b"open elsewhere"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["open.xlsx"]


def test_cancel_leaves_nothing(tmp_path):
    rows = ((f"r{i}", i, 0.1, 1.0) for i in range(5000))
    progress = []
    with pytest.raises(ExportCancelled):
        export_xlsx(tmp_path / "c.xlsx", [Sheet("S", small_sheet().columns, rows, 5000)],
                    progress=lambda d, t: progress.append((d, t)), cancelled=lambda: len(progress) >= 2)
    assert progress[:2] == [(500, 5000), (1000, 5000)]
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ExportCancelled):
        export_csv(tmp_path / "c.csv", Sheet("S", small_sheet().columns, [("a", 1, 0.1, 1.0)] * 3000, 3000),
                   cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_cli_export_table_with_filters(built_db, tmp_path, capsys):
    out = tmp_path / "t1.xlsx"
    code = cli_main(["export", "--db", str(built_db), "--table", "1", "--filter", "region_en=Beijing",
                     "--filter", "region_en=Shanghai", "--lang", "en", "--out", str(out)])
    assert code == 0
    assert "Wrote 2 rows" in capsys.readouterr().out
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert [r[0] for r in ws.iter_rows(min_row=3, values_only=True)] == ["北京", "上海"]
    assert ws["A1"].value == "Region (Chinese)"


def test_cli_export_numeric_range_to_csv(built_db, tmp_path, capsys):
    out = tmp_path / "t4.csv"
    assert cli_main(["export", "--db", str(built_db), "--table", "4", "--layout", "long", "--filter", "year=2020",
                     "--filter", "value>=10000", "--out", str(out)]) == 0
    with open(out, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(int(r["数值 Value"]) >= 10000 for r in rows)


def test_cli_export_sql_read_only(built_db, tmp_path, capsys):
    before = built_db.read_bytes()
    out = tmp_path / "q.xlsx"
    assert cli_main(["export", "--db", str(built_db), "--sql",
                     "SELECT region_en, value FROM observations WHERE table_no = 1 AND year = 2020 "
                     "AND ip_type = 'patent' ORDER BY value DESC LIMIT 3", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert [c.value for c in ws[1]] == ["region_en", "value"]
    assert ws["A2"].value == "Domestic total" and ws["B2"].number_format == "#,##0"
    for hostile in ("DELETE FROM meta", "ATTACH DATABASE ':memory:' AS x", "PRAGMA writable_schema = 1",
                    "SELECT 1; DROP TABLE meta", "CREATE TABLE x (a)"):
        assert cli_main(["export", "--db", str(built_db), "--sql", hostile, "--out", str(tmp_path / "h.xlsx")]) == 1
        assert "error" in capsys.readouterr().err
    assert not (tmp_path / "h.xlsx").exists()
    assert built_db.read_bytes() == before


@pytest.mark.parametrize("args, message", [
    (["--table", "77"], "no table 77"),
    (["--table", "1", "--filter", "bogus=1"], "unknown column"),
    (["--table", "1", "--filter", "c4>=many"], "is not a number"),
    (["--table", "1", "--filter", "no-operator"], "cannot read the filter"),
])
def test_cli_export_usage_errors(built_db, tmp_path, capsys, args, message):
    assert cli_main(["export", "--db", str(built_db), *args, "--out", str(tmp_path / "x.xlsx")]) == 2
    assert message in capsys.readouterr().err


def test_cli_export_bad_extension_and_folder(built_db, tmp_path, capsys):
    assert cli_main(["export", "--db", str(built_db), "--table", "1", "--out", str(tmp_path / "x.ods")]) == 2
    assert cli_main(["export", "--db", str(built_db), "--table", "1",
                     "--out", str(tmp_path / "missing" / "x.xlsx")]) == 1
    assert "does not exist" in capsys.readouterr().err
