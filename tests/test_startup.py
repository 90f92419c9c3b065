"""The start path: options read without argparse, timing from process start, nothing heavy before the first frame."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ipexplorer import PANE_KEYS
from ipexplorer.main import app_options
from ipexplorer.store.build import build_database
from ipexplorer.store.database import header_problem, inspect_database, integrity_problem

# modules the first frame must not wait for (argparse is left out: PySide6 itself imports it)
HEAVY = ("pyqtgraph", "numpy", "pandas", "pycountry", "pypinyin", "ipexplorer.cli", "ipexplorer.store.build",
         "logging.handlers", "platformdirs", "importlib.metadata", "importlib.resources", "xlsxwriter")

PROBE = """
import sys
from ipexplorer.main import main
code = main(sys.argv[1:])
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print("HEAVY=" + ",".join(heavy))
print("PANES=" + ",".join(sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("ipexplorer.ui.panes."))))
sys.exit(code)
"""


def start(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    return subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_app_options_are_read_without_the_cli_parser():
    assert app_options([]) == {"db": None, "pane": None, "exit_after_first_paint": False}
    assert app_options(["--db", "x.sqlite", "--pane=charts", "--exit-after-first-paint"]) == {
        "db": "x.sqlite", "pane": "charts", "exit_after_first_paint": True}
    assert app_options(["--pane", "timeline", "--db=y"]) == {"db": "y", "pane": "timeline",
                                                             "exit_after_first_paint": False}
    # anything else goes to the CLI's parser: subcommands, help, an unknown pane, a missing value
    for argv in (["build-db"], ["--help"], ["--pane", "nowhere"], ["--db"], ["--exit"]):
        assert app_options(argv) is None


def test_the_cli_parser_knows_the_pane_option_too(capsys):
    from ipexplorer.cli import make_parser

    assert make_parser().parse_args(["--pane", "sql"]).pane == "sql"
    with pytest.raises(SystemExit):
        make_parser().parse_args(["--pane", "nowhere"])
    assert "invalid choice" in capsys.readouterr().err


def test_the_first_paint_is_timed_from_process_start():
    code = "import time; time.sleep(0.4); from ipexplorer.main import _STARTED; print(time.perf_counter() - _STARTED)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert 0.4 <= float(done.stdout) < 10   # the sleep before main was imported counts


@pytest.mark.parametrize("pane", ["charts", "timeline", "tables", "overview"])
def test_the_app_opens_on_the_pane_asked_for_without_heavy_imports(built_db, tmp_path, pane):
    done = start(["--db", str(built_db), "--pane", pane, "--exit-after-first-paint"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "first paint after" in done.stdout
    assert "HEAVY=\n" in done.stdout, done.stdout        # none of them imported by the first frame
    # only the pane shown was imported (the chart beside the Tables pane's explorer, which it borrows)
    modules = {"charts": {"chart_pane", "table_explorer"}, "timeline": {"timeline_pane"}, "tables": {"table_explorer"},
               "overview": {"overview_pane"}}
    panes = next(line for line in done.stdout.splitlines() if line.startswith("PANES=")).split("=")[1].split(",")
    assert set(panes) == modules[pane], panes
    settings = (tmp_path / "config" / "ipexplorer" / "ipexplorer.conf").read_text(encoding="utf-8")
    assert f"pane={pane}" in settings                    # the window was on that pane when it saved its state


def test_every_pane_key_is_a_pane_of_the_window():
    from ipexplorer.ui.shell.main_window import PANES

    assert tuple(spec.key for spec in PANES) == PANE_KEYS


def test_a_truncated_database_is_found_by_its_header_alone(db_copy):
    assert header_problem(db_copy) is None
    data = db_copy.read_bytes()
    db_copy.write_bytes(data[: len(data) // 2])
    assert "header says" in header_problem(db_copy)
    assert not inspect_database(db_copy, integrity=False).usable


def test_the_cheap_check_leaves_page_damage_to_the_background_check(db_copy):
    """A damaged page inside a sound header: only quick_check (run after the first frame) reads it."""
    conn = sqlite3.connect(db_copy)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'observation'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db_copy.open("r+b") as f:   # scribble over the observation table's root page
        f.seek((root - 1) * page_size)
        f.write(b"\xff" * page_size)
    assert inspect_database(db_copy, integrity=False).usable
    assert integrity_problem(db_copy) is not None
    assert not inspect_database(db_copy).usable


def test_the_build_reports_its_steps(report_path, tmp_path):
    steps: list[tuple[int, int]] = []
    build_database(report_path, tmp_path / "db.sqlite", progress=lambda done, total: steps.append((done, total)))
    total = steps[0][1]
    assert total > 3 and steps == [(n, total) for n in range(1, total + 1)]


def test_the_building_screen_shows_the_step(qtbot):
    from ipexplorer.ui.shell.app import BuildingScreen

    screen = BuildingScreen("missing")
    qtbot.addWidget(screen)
    screen.set_progress(3, 8)
    assert "3/8" in screen.label.text() and "missing" in screen.label.text()
    assert screen.bar.maximum() == 8 and screen.bar.value() == 3


def test_deferred_work_waits_for_the_first_frame(qtbot):
    from ipexplorer.ui.shell import first_frame

    calls: list[str] = []
    first_frame.expect(preload_plots=True)
    try:
        first_frame.after_first_frame(lambda: calls.append("frame"))
        first_frame.when_plots_ready(lambda: calls.append("plots"))
        qtbot.wait(20)
        assert calls == []
    finally:
        first_frame.painted()
    qtbot.waitUntil(lambda: calls == ["frame", "plots"], timeout=30_000)
    assert "pyqtgraph" in sys.modules
    first_frame.after_first_frame(lambda: calls.append("now"))   # once painted, at once
    assert calls[-1] == "now"
