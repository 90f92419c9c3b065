"""The one atomic writer: modes under the umask, kept modes, read-only targets, long names, no leftovers."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ipexplorer.cli import main
from ipexplorer.export.files import atomic_path
from ipexplorer.export.sheets import ExportError, Sheet, SheetColumn
from ipexplorer.query.columns import Kind


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_new_export_respects_the_umask(built_db, tmp_path, umask_022, suffix):
    out = tmp_path / f"t{suffix}"
    assert main(["export", "--db", str(built_db), "--table", "1", "--out", str(out)]) == 0
    assert mode(out) == 0o644


def test_the_saved_queries_and_settings_respect_the_umask(tmp_path, umask_022):
    from ipexplorer.query.console import SavedQueries
    from ipexplorer.ui.shell.settings import Settings

    SavedQueries(tmp_path / "q.json").save("mine", "SELECT 1")
    assert mode(tmp_path / "q.json") == 0o644
    Settings(tmp_path / "s.conf").set("ui/theme", "dark")
    assert mode(tmp_path / "s.conf") == 0o644


def test_a_replaced_file_keeps_its_mode(built_db, tmp_path, umask_022):
    out = tmp_path / "t.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert main(["export", "--db", str(built_db), "--table", "1", "--out", str(out)]) == 0
    assert mode(out) == 0o640 and out.read_text(encoding="utf-8-sig") != "old"


def test_a_read_only_target_is_refused_and_left_as_it_is(built_db, tmp_path, capsys):
    out = tmp_path / "t.csv"
    out.write_text("precious", encoding="utf-8")
    out.chmod(0o444)
    assert main(["export", "--db", str(built_db), "--table", "1", "--out", str(out)]) == 1
    assert "read-only" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "precious" and mode(out) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_a_245_byte_name_works_and_a_260_byte_name_is_a_clear_error(built_db, tmp_path, capsys):
    ok = tmp_path / ("a" * 241 + ".csv")
    assert len(os.fsencode(ok.name)) == 245
    assert main(["export", "--db", str(built_db), "--table", "1", "--out", str(ok)]) == 0
    assert ok.exists()
    long = tmp_path / ("b" * 255 + ".xlsx")
    assert main(["export", "--db", str(built_db), "--table", "1", "--out", str(long)]) == 1
    err = capsys.readouterr().err
    assert "260 bytes long" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [ok.name]


FAILING_XLSX = """
import errno, gc, sys, zipfile
from pathlib import Path
from ipexplorer.export.sheets import ExportError, Sheet, SheetColumn
from ipexplorer.export.xlsx import export_xlsx

def full(self, *a, **k):
    raise OSError(errno.ENOSPC, "No space left on device")
zipfile.ZipFile.write = full
sheet = Sheet("s", [SheetColumn("n"), SheetColumn("t")], ([i, "x" * 50] for i in range(20000)), 20000)
try:
    export_xlsx(Path(sys.argv[1]), [sheet])
except ExportError as exc:
    print("ERROR:", exc)
gc.collect()
"""


def test_a_failed_xlsx_export_leaves_no_temporary_file_anywhere(tmp_path):
    folder, scratch = tmp_path / "out", tmp_path / "tmp"
    folder.mkdir()
    scratch.mkdir()
    (folder / "keep.xlsx").write_bytes(b"precious")
    env = dict(os.environ, TMPDIR=str(scratch))
    done = subprocess.run([sys.executable, "-c", FAILING_XLSX, str(folder / "keep.xlsx")], capture_output=True,
                          text=True, env=env, timeout=120)
    assert "ERROR:" in done.stdout and "disk is full" in done.stdout, done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert [p.name for p in folder.iterdir()] == ["keep.xlsx"]
    assert (folder / "keep.xlsx").read_bytes() == b"precious"
    assert list(scratch.iterdir()) == []


def test_the_writer_removes_its_temporary_file_when_the_block_fails(tmp_path):
    with pytest.raises(RuntimeError), atomic_path(tmp_path / "x.csv") as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


def test_the_temporary_name_is_short_and_keeps_the_suffix(tmp_path):
    with atomic_path(tmp_path / ("c" * 240 + ".png")) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".png" and len(tmp.name) < 30
        tmp.write_bytes(b"png")
    assert (tmp_path / ("c" * 240 + ".png")).read_bytes() == b"png"


def test_a_folder_or_a_missing_folder_as_target_is_a_clear_error(tmp_path):
    from ipexplorer.export.csv_file import export_csv

    sheet = Sheet("s", [SheetColumn("n", Kind.INT)], [[1]], 1)
    with pytest.raises(ExportError, match="a folder has that name"):
        export_csv(tmp_path, sheet)
    with pytest.raises(ExportError, match="does not exist"):
        export_csv(tmp_path / "nope" / "x.csv", sheet)


def test_a_new_database_respects_the_umask_and_a_rebuilt_one_keeps_its_mode(report_path, tmp_path, umask_022):
    from ipexplorer.store.build import build_database

    db = tmp_path / "ipexplorer.sqlite"
    build_database(report_path, db)
    assert mode(db) == 0o644
    db.chmod(0o640)
    build_database(report_path, db)
    assert mode(db) == 0o640
