"""Exports at the edges: streamed rows in bounded memory, blobs, Excel's row and text limits, NaN/Inf, every
header title of a wide table, exact per cents, GB18030, and the time limit of `export --sql`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import HEAVY_SQL

from ipexplorer.cli import main
from ipexplorer.export import xlsx
from ipexplorer.export.csv_file import export_csv
from ipexplorer.export.sheets import Metadata, Sheet, SheetColumn
from ipexplorer.query.columns import Kind


def about(workbook) -> dict[str, str]:
    ws = workbook.worksheets[-1]
    return {str(r[0].value): str(r[1].value) for r in ws.iter_rows(min_row=2)}


# The export's own peak memory: VmHWM, the high-water mark of the process's memory since its exec. Not ru_maxrss,
# which keeps the peak of the process it was forked from across exec (here the test runner's, some 100 MB, above
# anything the export reaches: both exports measured the same).
MEASURE = """
import sys
from ipexplorer.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    print("PEAK_KB=%d" % next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")))
sys.exit(code)
"""


def peak_kb(db: Path, out: Path, rows: int) -> int:
    sql = (f"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < {rows}) "
           "SELECT i, printf('%0100d', i) AS text FROM r")
    done = subprocess.run([sys.executable, "-c", MEASURE, "export", "--db", str(db), "--sql", sql, "--out", str(out)],
                          capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert f"Wrote {rows:,} rows" in done.stdout
    return int(done.stdout.split("PEAK_KB=")[1].split()[0])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from /proc (Linux)")
def test_export_sql_streams_rows_in_bounded_memory(built_db, tmp_path):
    small = peak_kb(built_db, tmp_path / "small.csv", 20_000)
    large = peak_kb(built_db, tmp_path / "large.csv", 100_000)
    # 80,000 more rows of ~110 characters: held in memory as Python rows (a tuple, an int and a string of 100
    # characters, ~250 bytes a row) they would take 20 MB; streamed, the peak stays where it was
    assert large - small < 8_000, (small, large)
    with open(tmp_path / "large.csv", encoding="utf-8-sig") as handle:
        assert sum(1 for _ in handle) == 100_001


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_blobs_are_written_as_their_size(built_db, tmp_path, capsys, suffix):
    out = tmp_path / f"b{suffix}"
    assert main(["export", "--db", str(built_db), "--sql", "SELECT randomblob(1000) AS b, 'x' AS t",
                 "--out", str(out)]) == 0
    assert "Wrote 1 row to" in capsys.readouterr().out
    if suffix == ".csv":
        assert "<blob, 1,000 bytes>" in out.read_text(encoding="utf-8-sig")
    else:
        assert openpyxl.load_workbook(out).worksheets[0]["A2"].value == "<blob, 1,000 bytes>"


def test_rows_past_an_excel_sheet_go_on_in_the_next_and_the_metadata_says_so(tmp_path, monkeypatch):
    assert xlsx.MAX_ROWS == 1_048_576
    monkeypatch.setattr(xlsx, "MAX_ROWS", 10)    # 9 data rows under the header per worksheet
    sheet = Sheet("Data", [SheetColumn("n", Kind.INT)], ([i] for i in range(25)), 25)
    counts = xlsx.export_xlsx(tmp_path / "x.xlsx", [sheet], Metadata(source="test"))
    assert counts == {"Data": 9, "Data (2)": 9, "Data (3)": 7}
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert book.sheetnames == ["Data", "Data (2)", "Data (3)", "说明 About"]
    values = [r[0] for ws in book.worksheets[:3] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert values == list(range(25))
    notes = about(book)
    assert "Data (2), Data (3)" in notes["分表 Continued · Data"] and "25 rows" in notes["分表 Continued · Data"]
    assert notes["行数 Rows · Data (3)"] == "7"


def test_text_past_excels_limit_is_cut_with_a_note_and_nan_inf_left_empty(built_db, tmp_path):
    out = tmp_path / "t.xlsx"
    sql = "SELECT printf('%040000d', 1) AS long, 1e999 AS inf, -1e999 AS ninf, 7 AS n"
    assert main(["export", "--db", str(built_db), "--sql", sql, "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    ws = book.worksheets[0]
    assert len(ws["A2"].value) == 32_767 and ws["A2"].value.endswith("…")
    assert ws["B2"].value is None and ws["C2"].value is None and ws["D2"].value == 7
    notes = about(book)
    assert any(k.startswith("截断 Cut") and "1 cells" in v for k, v in notes.items())
    assert any(k.startswith("空值 Empty") and "2 values" in v for k, v in notes.items())


# The first header cells of each table as the report names them (rows 1 and 2; one row where nothing is grouped),
# written out here: the loop below checks every column against the columns the export itself chose.
PRINTED_HEADERS = {
    1: (["地区 Region (Chinese)", "地区(英文) Region", "类别 Kind", "2019年"],
        [None, None, None, "合计 Patents (all types)", "发明 Invention patent", "实用新型 Utility model"]),
    7: (["地区 Region (Chinese)", "地区(英文) Region", "类别 Kind", "2019年"],
        [None, None, None, "申请量 Applications", "注册量 Registrations", "年末有效注册量 In force at year end"]),
    9: (["地区 Region (Chinese)", "地区(英文) Region", "类别 Kind", "2019年", "2020年"],
        [None, None, None, "年末累计批准数量 GI product", "年末累计批准数量 GI product"]),
    101: (["类型 Type", "类型(英文) Type (English)", "2020年/件 2020 (items)", "2019年/件 2019 (items)"], None),
}


@pytest.mark.parametrize("table", [1, 7, 9, 101])
def test_every_header_column_of_a_wide_table_keeps_its_title(built_db, tmp_path, table):
    from ipexplorer.export.views import sheet_columns, visible_columns
    from ipexplorer.query.datasets import dataset_for
    from ipexplorer.store.database import connect

    conn = connect(built_db)
    columns = sheet_columns(visible_columns(dataset_for(conn, table, "wide")), "both")
    conn.close()
    out = tmp_path / "w.xlsx"
    assert main(["export", "--db", str(built_db), "--table", str(table), "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    merged = {str(m) for m in ws.merged_cells.ranges}
    two_rows = any(column.group for column in columns)   # a header without groups is one row
    for c, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=c)
        if column.group:
            assert ws.cell(row=2, column=c).value == column.title
        else:
            assert cell.value == column.title, (c, column)
            if two_rows:
                assert f"{cell.column_letter}1:{cell.column_letter}2" in merged
    if not two_rows:
        assert not merged
    first, second = PRINTED_HEADERS[table]
    assert [ws.cell(row=1, column=c).value for c in range(1, len(first) + 1)] == first
    assert second is None or [ws.cell(row=2, column=c).value for c in range(1, len(second) + 1)] == second
    assert (second is None) == (not two_rows)


def test_per_cents_are_written_exactly_in_csv(tmp_path):
    sheet = Sheet("p", [SheetColumn("share", Kind.PERCENT)], [[0.123456789], [0.07], [1.0], [0.1 + 0.2]], 4)
    export_csv(tmp_path / "p.csv", sheet)
    lines = (tmp_path / "p.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[1:] == ["12.3456789", "7", "100", "30.000000000000004"]


def test_csv_in_gb18030_on_request_utf8_with_bom_by_default(built_db, tmp_path):
    default, gb = tmp_path / "u.csv", tmp_path / "g.csv"
    assert main(["export", "--db", str(built_db), "--table", "1", "--out", str(default)]) == 0
    assert main(["export", "--db", str(built_db), "--table", "1", "--encoding", "gb18030", "--out", str(gb)]) == 0
    assert default.read_bytes().startswith(b"\xef\xbb\xbf")
    data = gb.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("gb18030") == default.read_bytes().decode("utf-8-sig")
    assert "广东" in data.decode("gb18030")


def test_export_sql_time_limit_holds_for_heavy_steps(built_db, tmp_path, capsys):
    out = tmp_path / "h.csv"
    started = time.monotonic()
    # a limit of 0.3 s, the run stopped within 1.5 s more (a loaded machine's start of the command included)
    assert main(["export", "--db", str(built_db), "--sql", HEAVY_SQL, "--time-limit", "0.3", "--out", str(out)]) == 1
    assert time.monotonic() - started < 1.8
    assert "time limit of 0.3 s" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.iterdir())


def test_export_sql_time_limit_holds_while_rows_stream(built_db, tmp_path, capsys):
    """The limit also covers writing: an endless result is stopped, not written forever."""
    out = tmp_path / "e.csv"
    endless = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i FROM r"
    started = time.monotonic()
    assert main(["export", "--db", str(built_db), "--sql", endless, "--time-limit", "0.3", "--out", str(out)]) == 1
    assert time.monotonic() - started < 2.3   # the limit and 2 s more
    assert not out.exists() and not list(tmp_path.iterdir())
