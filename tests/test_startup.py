"""The start path: options read without argparse, timing from process start, nothing heavy before the first frame."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ipexplorer import PANE_KEYS
from ipexplorer.main import app_options
from ipexplorer.store.build import build_database
from ipexplorer.store.database import header_problem, inspect_database, integrity_problem
from ipexplorer.store.header import is_current

# modules the first frame must not wait for (argparse is left out: PySide6 itself imports it)
HEAVY = ("pyqtgraph", "numpy", "pandas", "pycountry", "pypinyin", "ipexplorer.cli", "ipexplorer.store.build",
         "logging.handlers", "platformdirs", "importlib.metadata", "importlib.resources", "xlsxwriter",
         "sqlite3", "ipexplorer.store.database")   # the database is opened on its header's word, read after the frame

# what was imported and which Python enums PySide6 had built when the first frame arrived
PROBE = """
import enum, gc, sys
built = []
make_enum = enum.EnumType.__new__
def recording(*args, **kwargs):
    cls = make_enum(*args, **kwargs)
    built.append(cls.__qualname__)
    return cls
enum.EnumType.__new__ = recording
from ipexplorer.main import main
from ipexplorer.ui.shell import app as shell
seen = {{}}
at_paint = shell._FirstPaint.eventFilter
def first_paint(self, obj, event):
    if not self.done and event.type() == shell.QEvent.Type.Paint and not seen:
        seen["heavy"] = sorted(m for m in {heavy!r} if m in sys.modules)
        seen["panes"] = sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("ipexplorer.ui.panes."))
        seen["enums"] = len(built)
        seen["qt"] = "GlobalColor" in built      # the first of the ~90 enums of Qt's namespace
        seen["gc"] = gc.isenabled()
        def frame_painted():   # the window's children (the navigation, its delegate) have painted too
            seen["qt_frame"] = "GlobalColor" in built
            seen["style_frame"] = "StateFlag" in built    # QStyle's, as many again
            seen["icon_frame"] = "ThemeIcon" in built     # QIcon's (~150 names)
        shell.QTimer.singleShot(0, frame_painted)
    return at_paint(self, obj, event)
shell._FirstPaint.eventFilter = first_paint
code = main(sys.argv[1:])
print("HEAVY=" + ",".join(seen["heavy"]))
print("PANES=" + ",".join(seen["panes"]))
print(f"ENUMS={{seen['enums']}} QT_NAMESPACE={{seen['qt']}} GC={{seen['gc']}}")
print(f"FRAME_QT_NAMESPACE={{seen.get('qt_frame')}} FRAME_QSTYLE={{seen.get('style_frame')}} "
      f"FRAME_QICON={{seen.get('icon_frame')}}")
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
    wall, cpu = map(float, re.search(r"first paint after ([\d.]+) s \(CPU ([\d.]+) s\)", done.stdout).groups())
    assert cpu > 0 and wall > 0      # the CPU time used to the frame, for starts timed on a loaded machine
    assert "HEAVY=\n" in done.stdout, done.stdout        # none of them imported by the first frame
    # the first frame is the window's shell: no pane's module is imported for it (the pane is built right after)
    assert "PANES=\n" in done.stdout, done.stdout
    # nor are the Python enums of Qt's namespace built (PySide6 builds ~90 the first time anything touches it)
    assert "QT_NAMESPACE=False" in done.stdout, done.stdout
    # the collector waits for the frame (the start allocates what it keeps: its passes freed nothing)
    assert "GC=False" in done.stdout, done.stdout
    # nor by the time the whole frame is painted: the navigation's delegate draws its shortcuts without them
    assert "FRAME_QT_NAMESPACE=False FRAME_QSTYLE=False" in done.stdout, done.stdout
    # nor QIcon's: the window's icon follows the frame, the navigation's blank icons are pixmaps, and the menus'
    # actions are made by a constructor without an (icon, text) overload to weigh
    assert "FRAME_QICON=False" in done.stdout, done.stdout
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


def test_the_header_alone_says_whether_the_app_may_open_the_file_before_its_first_frame(db_copy, tmp_path):
    """Ours, of this schema, as long as the header says: opened at once (the rest is read after the frame);
    anything else goes through the opening rules first."""
    assert is_current(db_copy)
    assert not is_current(tmp_path / "missing.sqlite") and not is_current(tmp_path)
    data = db_copy.read_bytes()
    other = tmp_path / "other.sqlite"
    for damaged in (data[: len(data) // 2],                                    # cut short
                    data[:60] + (1).to_bytes(4, "big") + data[64:],              # an older schema
                    data[:68] + bytes(4) + data[72:],                            # no application id: not ours
                    b"my own notes\n" * 300):
        other.write_bytes(damaged)
        assert not is_current(other)
        assert not inspect_database(other, integrity=False).usable


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


def test_deferred_work_waits_for_the_first_frame(qtbot, tmp_path, monkeypatch):
    from ipexplorer.ui.shell import first_frame

    # a plot module of the test's own, imported nowhere else: pyqtgraph is in sys.modules after any earlier test
    (tmp_path / "ipx_probe_plots.py").write_text("IMPORTED = True\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(first_frame, "PLOT_MODULES", (*first_frame.PLOT_MODULES, "ipx_probe_plots"))
    monkeypatch.delitem(sys.modules, "ipx_probe_plots", raising=False)
    calls: list[str] = []

    def plots_ready() -> None:
        calls.append("plots" if "ipx_probe_plots" in sys.modules else "plots before their import")

    first_frame.expect(preload_plots=True)
    try:
        first_frame.after_first_frame(lambda: calls.append("frame"))
        first_frame.when_plots_ready(plots_ready)
        qtbot.wait(20)
        assert calls == []
    finally:
        first_frame.painted()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=30_000)
    assert calls == ["frame", "plots"] and "pyqtgraph" in sys.modules
    first_frame.after_first_frame(lambda: calls.append("now"))   # once painted, at once
    assert calls[-1] == "now"


def test_the_shell_paints_first_and_the_start_pane_right_after(qtbot, built_db, settings):
    """Before the first frame the start pane's page is empty; the pane is built once it is painted, its plot
    (pyqtgraph) after that."""
    from ipexplorer.ui.shell import first_frame
    from ipexplorer.ui.shell.main_window import MainWindow

    first_frame.expect(preload_plots=True)
    try:
        window = MainWindow(built_db, settings=settings, pane="timeline")
        qtbot.addWidget(window)
        window.show()
        qtbot.wait(20)
        assert window.current_pane() == "timeline" and window.panes.built() == {}
        assert "tables" not in window.panes.built()
    finally:
        first_frame.painted(window)    # what the app's first-paint watcher does
    qtbot.waitUntil(lambda: "timeline" in window.panes.built(), timeout=10_000)
    assert window.timeline.isVisible()
    qtbot.waitUntil(lambda: window.timeline.plot is not None and "tables" in window.panes.built(), timeout=30_000)
    window.show_pane("search")          # after the first frame a pane is built when shown, at once
    assert "search" in window.panes.built()


PROBE_AFTER_BUILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ipexplorer.ui.shell import app as shell
from ipexplorer.main import main

seen = []
original = shell._FirstPaint.eventFilter


def at_first_paint(self, obj, event):
    if not self.done and event.type() == shell.QEvent.Type.Paint and self.label == "first paint":
        seen.append("built=" + ",".join(sorted(obj.panes.built())))

        def plotted():
            pane = obj.panes.built().get("charts")
            if pane is not None and pane.plot is not None:
                seen.append("plot later")
                QApplication.instance().quit()
        timer = QTimer(obj, interval=50)
        timer.timeout.connect(plotted)
        timer.start()
        QTimer.singleShot(60_000, QApplication.instance().quit)
    return original(self, obj, event)


shell._FirstPaint.eventFilter = at_first_paint
code = main(sys.argv[1:])
print("SEEN=" + ";".join(seen))
sys.exit(code)
"""


def test_a_charts_start_after_a_fresh_build_paints_the_window_before_the_plot(tmp_path):
    """No database: the build runs behind its progress window; the main window that follows paints its shell
    before the Charts pane (and its plot) is built."""
    db = tmp_path / "fresh.sqlite"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), PYTHONFAULTHANDLER="1")   # a crash prints its stacks
    done = subprocess.run([sys.executable, "-c", PROBE_AFTER_BUILD, "--db", str(db), "--pane", "charts"],
                          capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    seen = next(line for line in done.stdout.splitlines() if line.startswith("SEEN=")).split("=", 1)[1].split(";")
    assert seen[0] == "built=", seen          # at the window's first frame: no pane, so no plot
    assert seen[-1] == "plot later", seen     # and the chart's plot came after it
    assert db.exists()


def test_the_quick_palette_judges_the_system_scheme_by_its_palette(qapp):
    """Before the first frame the scheme is read off the system palette (Qt's namespace untouched); the exact
    apply afterwards leaves equal colours alone."""
    from ipexplorer.ui.shell import theme

    saved = qapp.palette()
    try:
        qapp.setPalette(theme.dark_palette())
        assert theme.system_palette_is_dark() and theme.resolve("system", quick=True) == "dark"
        assert theme.apply("system", qapp, quick=True) == "dark"
        assert theme.palette_name() == "dark"
        assert theme.apply("light", qapp, quick=True) == "light"
        assert theme.palette_name() == "dark"      # quick light leaves the palette as Qt made it
        assert theme.apply("light", qapp) == "light" and theme.palette_name() == "light"
    finally:
        qapp.setPalette(saved)


def test_pyside_import_hook_reads_no_sources_into_linecache(tmp_path, monkeypatch):
    """PySide6 asks of every module imported after it whether it mentions PySide6; the answer comes from its bytes,
    not from `inspect.getsource`, which kept every line of numpy and pyqtgraph in linecache (~13 MiB at the peak)."""
    import linecache

    import ipexplorer.ui

    feature = sys.modules["shibokensupport.feature"]
    assert ipexplorer.ui.FEATURE_CHECK_REPLACED
    (tmp_path / "hook_probe_qt.py").write_text("import PySide6.QtCore  # uses Qt\nVALUE = 1\n", encoding="utf-8")
    (tmp_path / "hook_probe_plain.py").write_text("VALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    for name in ("hook_probe_qt", "hook_probe_plain"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        exec(f"import {name}", {})   # an import statement: the hook sees it (importlib.import_module it does not)
        monkeypatch.delitem(sys.modules, name)
    assert not any("hook_probe" in path for path in linecache.cache)
    assert feature.pyside_feature_dict.pop("hook_probe_qt") == 0        # the same answers as getsource gave
    assert feature.pyside_feature_dict.pop("hook_probe_plain") == -1


PROBE_PANE_MODULES = """
import sys, time
from PySide6.QtWidgets import QApplication
from ipexplorer.ui.shell import first_frame

app = QApplication(sys.argv[:1])
first_frame.expect(preload_plots=True)
modules = first_frame.pane_modules()
print("BEFORE=" + ",".join(m for m in modules if m in sys.modules))
first_frame.painted(None)          # a start whose window has painted and settled: the imports begin
end = time.monotonic() + 60
while time.monotonic() < end and not all(m in sys.modules for m in modules):
    app.processEvents()
    time.sleep(0.01)
print("AFTER=" + ",".join(m for m in modules if m in sys.modules))
"""


def test_after_the_start_the_panes_modules_are_imported_in_the_background():
    """The first switch to a pane builds it without importing its module (and the module's own imports) first."""
    done = subprocess.run([sys.executable, "-c", PROBE_PANE_MODULES], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    from ipexplorer.pane_list import PANES

    modules = [spec.factory.partition(":")[0] for spec in PANES]
    assert "BEFORE=\n" in done.stdout
    assert f"AFTER={','.join(modules)}\n" in done.stdout, done.stdout


PROBE_BUILT_LATER = """
import gc
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ipexplorer.main import main
from ipexplorer.ui.shell import first_frame

shell_painted = first_frame.painted


def painted(window=None):
    shell_painted(window)
    app = QApplication.instance()
    main_window = next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")

    def report():
        print("BUILT=" + ",".join(sorted(main_window.panes.built())), flush=True)
        print(f"GC={gc.isenabled()}", flush=True)
        app.quit()

    # the start's deferred work is done once the panes' modules are imported and the Tables and Overview panes
    # built; its timers are all under a second, so a pane built by any of them is built within the second after
    poll = QTimer(main_window, interval=50)

    def check():
        if {"tables", "overview"} <= set(main_window.panes.built()) and \
                all(m in sys.modules for m in first_frame.pane_modules()):
            poll.stop()
            QTimer.singleShot(1000, report)

    poll.timeout.connect(check)
    poll.start()
    QTimer.singleShot(60000, report)   # (a start whose deferred work never ends: its panes are named all the same)


first_frame.painted = painted
sys.exit(main(sys.argv[1:]))
"""


def test_a_start_on_another_pane_builds_the_tables_and_overview_panes_once_it_has_painted(built_db, tmp_path):
    """Their first switch only shows them; no other pane is built before it is shown."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", PROBE_BUILT_LATER, "--db", str(built_db), "--pane", "search"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "BUILT=overview,search,tables\n" in done.stdout, done.stdout
    assert "GC=True\n" in done.stdout, done.stdout      # the collector is back on once the frame is painted
