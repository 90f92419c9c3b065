"""Shared fixtures: the shipped report, databases built once per run (shared by xdist's workers), mutated reports;
the longest tests first, so the workers end together."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Bytecode is kept (in the git-ignored __pycache__ folders) even where PYTHONDONTWRITEBYTECODE is set, as on these
# machines: else every xdist worker rewrites the test modules' asserts again (~6 s of CPU each on a later run) and
# every app or CLI started in a subprocess compiles the package again (~0.3 s each). Set before the imports below.
if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
    sys.dont_write_bytecode = False

from ipexplorer.paths import shipped_report
from ipexplorer.store.build import build_database

# The longest tests (seconds of CPU each; `pytest -n 0 --durations=30`) run first, beside the `slow` ones: a long
# test started last leaves the other worker idle at the end (xdist's worksteal takes the short ones off the tail).
LONGEST = (
    "tests/test_reliability.py::test_a_mutated_report_builds_soundly_or_fails_clearly",
    "tests/test_i18n.py::test_every_string_in_the_code_has_a_chinese_translation",
    "tests/test_gui_thread_sql.py::test_no_statement_runs_on_the_gui_thread_after_the_window_is_shown",
    "tests/test_materialise.py::test_a_chart_read_in_sql_top_n_draws_what_the_whole_frame_draws",
    "tests/test_startup.py::test_a_charts_start_after_a_fresh_build_paints_the_window_before_the_plot",
    "tests/test_export_limits.py::test_export_sql_streams_rows_in_bounded_memory",
    "tests/test_grid.py::test_console_select_all_copies_every_row_not_only_those_loaded",
    "tests/test_figures.py::test_any_text_gives_figures_without_error",
)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """With -n and no --dist of the caller's, workers steal work: a worker that runs out takes half of the other's
    queue, so no long test starts last. Set here, not in addopts: `-p no:xdist` refuses an unknown --dist."""
    if (config.pluginmanager.hasplugin("xdist") and config.option.numprocesses
            and config.option.dist == "no" and not config.option.distload):
        config.option.dist = "worksteal"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        if item.get_closest_marker("slow") is not None:
            return 0
        name = item.nodeid.split("[")[0]
        return 1 + LONGEST.index(name) if name in LONGEST else len(LONGEST) + 1

    items.sort(key=rank)     # stable: the others keep their order


# A query of few VM steps, each one slow (one 2 MB blob, ~12 ms idle): the progress handler (every 10,000 steps,
# about 526 rows here) first looks after some 6 s, so only the watchdog's interrupt() stops it within a second; a
# step is short, so a loaded machine still finishes the step under way well inside the second. The SQL console's
# and the export's time limits are tested with it.
HEAVY_SQL = ("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 10000) "
             "SELECT sum(length(randomblob(2000000))) FROM r")


@pytest.fixture(scope="session")
def report_path() -> Path:
    return shipped_report()


@pytest.fixture(scope="session")
def report_lines(report_path: Path) -> list[str]:
    return report_path.read_text(encoding="utf-8").splitlines()


def shared_file(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """`name` ("folder/file") made once per run by `make(path)`: under pytest-xdist the first worker to ask makes
    it (under a lock, in a temporary folder, then renamed) and the others read the same file, so each read-only
    database is built once, not once per worker. Never change what it returns: take a copy (db_copy) for that.

    The file is made read-only (mode 0444: the app opens it read-only anyway; a write through sqlite3 fails for
    any user but root), and a test after which it changed fails (_shared_files_unchanged: root writes anyway)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        path = tmp_path_factory.mktemp(name.split("/")[0]) / name.split("/")[1]
        make(path)
        path.chmod(0o444)
    else:
        folder, file = name.split("/")
        root = tmp_path_factory.getbasetemp().parent / "shared"     # the run's folder, above each worker's own
        root.mkdir(exist_ok=True)
        path = root / folder / file
        with _locked(root / f"{folder}.lock"):
            if not path.parent.exists():
                part = root / f"{folder}.{worker}.part"      # the whole folder renamed: no side file left behind
                shutil.rmtree(part, ignore_errors=True)       # (left by a worker of this name that crashed)
                part.mkdir()
                try:
                    make(part / file)
                    (part / file).chmod(0o444)
                    part.rename(path.parent)
                finally:
                    shutil.rmtree(part, ignore_errors=True)   # a failed build leaves no .part folder
    _SHARED.setdefault(path, _stamp(path))
    return path


_SHARED: dict[Path, tuple[int, int, int]] = {}   # this process's shared files, as made


def _stamp(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_mode


def changed_shared_files() -> list[Path]:
    """The shared files whose size, modification time or mode are no longer those they were made with."""
    return [path for path, stamp in _SHARED.items() if _stamp(path) != stamp]


@pytest.fixture(autouse=True)
def _shared_files_unchanged() -> Iterator[None]:
    """Fail the test after which a shared read-only file changed (a stat per file: no reading, no hashing)."""
    yield
    changed = changed_shared_files()
    assert not changed, (f"a shared session file changed (during this test, or another worker's running beside "
                         f"it): {[str(p) for p in changed]} — tests that change a database take db_copy")


@contextlib.contextmanager
def _locked(lock: Path) -> Iterator[None]:
    import fcntl

    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory, report_path: Path) -> Path:
    """A database built from the real report, shared read-only by the run."""
    return shared_file(tmp_path_factory, "db/ipexplorer.sqlite", lambda db: build_database(report_path, db))


@pytest.fixture
def db_copy(built_db: Path, tmp_path: Path) -> Path:
    """A private copy of the built database, for tests that change or replace it."""
    target = tmp_path / "ipexplorer.sqlite"
    target.write_bytes(built_db.read_bytes())
    return target


@pytest.fixture
def mutated_report(tmp_path: Path, report_lines: list[str]) -> Callable[..., Path]:
    """Write a copy of the report with its lines changed by `edit(lines) -> lines`."""

    def make(edit: Callable[[list[str]], list[str]], name: str = "mutated.txt") -> Path:
        path = tmp_path / name
        path.write_text("\n".join(edit(list(report_lines))) + "\n", encoding="utf-8")
        return path

    return make


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep settings, logs and the default database out of the real home directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("IPEXPLORER_DB", raising=False)


def line_index(lines: list[str], prefix: str, start: int = 0) -> int:
    """0-based index of the first line at or after `start` that starts with `prefix`."""
    for i in range(start, len(lines)):
        if lines[i].startswith(prefix):
            return i
    raise AssertionError(f"no line starts with {prefix!r}")


@pytest.fixture(scope="session")
def qapp():
    """The application for widget tests, with the interface in Chinese (the report's language)."""
    from PySide6.QtWidgets import QApplication

    from ipexplorer.ui.shell import i18n

    app = QApplication.instance() or QApplication(["ipexplorer-tests"])
    i18n.install("zh_CN", app)
    yield app


@pytest.fixture
def english(qapp):
    """The interface in English for one test (widgets built inside the test)."""
    from ipexplorer.ui.shell import i18n

    i18n.install("en", qapp)
    yield
    i18n.install("zh_CN", qapp)


@pytest.fixture
def settings(tmp_path: Path):
    """Settings stored in a temporary ini file, never the user's."""
    from PySide6.QtCore import QSettings

    from ipexplorer.ui.shell.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


_started_threads: list = []
# Widgets the tests of one module share (shared_by_module): the threads working for one of them (a Runner's worker
# of a pane inside it) may run from one test to the next. Each is its owner's until the module's tests are done;
# then the widget is closed and each must have stopped.
_module_owners: list = []
_owned_threads: dict[int, list] = {}


def _track_thread_starts() -> None:
    """Record every QThread as it starts, so a test's leftovers are found without scanning the heap."""
    from PySide6.QtCore import QThread

    if getattr(QThread.start, "_ipexplorer_tracked", False):
        return
    original = QThread.start

    def start(self, *args, **kwargs):
        _started_threads.append(self)
        return original(self, *args, **kwargs)

    start._ipexplorer_tracked = True
    QThread.start = start


@pytest.fixture(autouse=True)
def _no_dangling_threads():
    """Fail a test that leaves a QThread running (napari's tracker on thread start)."""
    import sys

    if "PySide6.QtCore" in sys.modules:
        _track_thread_starts()
    yield
    if "PySide6.QtCore" not in sys.modules:
        return
    _track_thread_starts()
    running = [t for t in _started_threads if _safe_running(t)]
    _started_threads.clear()
    left = []
    for thread in running:
        owner = _owner_of(thread)
        if owner is None:
            left.append(thread)
        else:
            _owned_threads.setdefault(id(owner), []).append(thread)
    assert not left, f"threads left running: {[t.objectName() for t in left]}"


def _owner_of(thread):
    """The module's shared widget a running thread works for (its Runner, or the thread itself, a descendant of
    it), or None."""
    obj = getattr(thread, "_runner", None)
    obj = thread if obj is None else obj
    try:
        while obj is not None:
            for owner in _module_owners:
                if obj is owner:
                    return owner
            obj = obj.parent()
    except RuntimeError:   # a C++ object on the way is gone
        return None
    return None


@contextlib.contextmanager
def shared_by_module(tmp_path_factory: pytest.TempPathFactory, make: Callable, close: Callable) -> Iterator:
    """A widget the tests of a module share, for a module-scoped fixture to yield: `make(settings)` builds it with
    settings of its own, its user folders kept out of the home directory as each test's are (_isolated_user_dirs);
    the threads it starts are its own while the module's tests run (_no_dangling_threads lets them run from one
    test to the next); when they are done `close(widget)` ends it and every thread it started must have stopped."""
    from PySide6.QtCore import QCoreApplication, QSettings

    from ipexplorer.ui.shell.settings import Settings

    home = tmp_path_factory.mktemp("module-home")
    with pytest.MonkeyPatch.context() as patch:
        for kind in ("DATA", "CONFIG", "STATE", "CACHE"):
            patch.setenv(f"XDG_{kind}_HOME", str(home / kind.lower()))
        patch.delenv("IPEXPLORER_DB", raising=False)
        if "PySide6.QtCore" in sys.modules:
            _track_thread_starts()
        widget = make(Settings(QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)))
        _module_owners.append(widget)
        try:
            yield widget
        finally:
            try:
                close(widget)
            finally:
                _module_owners.remove(widget)
                threads = _owned_threads.pop(id(widget), []) + [t for t in _started_threads if _safe_running(t)]
                running = [t for t in threads if _safe_running(t)]
                widget.deleteLater()
                QCoreApplication.processEvents()
            assert not running, f"threads left running by a module's shared widget: " \
                                f"{[t.objectName() for t in running]}"


def _safe_running(thread) -> bool:
    try:
        return thread.isRunning()
    except RuntimeError:  # the C++ object is gone
        return False


def first_link_color(browser) -> str | None:
    """The colour of the first link in a text browser's document, as it is drawn (its format's, set when the text
    was made)."""
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if it.fragment().charFormat().isAnchor():
                return it.fragment().charFormat().foreground().color().name()
            it += 1
        block = block.next()
    return None


def arrives_later(qtbot, signal, action: Callable[[], object], timeout: int = 5000) -> tuple:
    """Run `action` and return the arguments of `signal`'s first emission, asserting it came after `action`
    returned (work done off the GUI thread): `qtbot.waitSignal` also takes a signal emitted during the call."""
    got: list[tuple] = []

    def heard(*args) -> None:
        got.append(args)

    signal.connect(heard)
    try:
        action()
        assert not got, "emitted before the call returned: the work ran on the GUI thread"
        qtbot.waitUntil(lambda: bool(got), timeout=timeout)
    finally:
        signal.disconnect(heard)
    return got[0]


def settle_layouts(qtbot, widgets, timeout: int = 5000) -> None:
    """Wait until nothing moves `widgets` any more: the events Qt has queued handled, then every layout it was asked
    to do (the posted layout requests, at once), until a round of both moves none of them."""
    from PySide6.QtCore import QCoreApplication, QEvent

    def settled() -> bool:
        before = [w.geometry() for w in widgets]
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        return [w.geometry() for w in widgets] == before

    qtbot.waitUntil(settled, timeout=timeout)


def settle_paints(qtbot, widget, busy: Callable[[], bool] = lambda: False, timeout: int = 5000) -> None:
    """Wait until `widget` has no repaint on its way: with nothing `busy` (work off the GUI thread whose answer may
    change it), the events Qt has queued (a scene's updates, the window's update request) are handled until a round
    of them, and the next, paints it no more."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    class Paints(QObject):
        count = 0

        def eventFilter(self, _obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    paints = Paints()
    widget.installEventFilter(paints)
    seen = [-1]

    def settled() -> bool:
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents()
        done = paints.count == seen[0] and not busy()
        seen[0] = paints.count
        return done

    try:
        qtbot.waitUntil(settled, timeout=timeout)
    finally:
        widget.removeEventFilter(paints)


def charts_window(qtbot, db_path, settings, width: int, height: int, *, own: bool = True):
    """The main window at `width`×`height` on the Charts pane, its chart drawn and the table fully loaded; qtbot
    closes it after the test unless `own` is false (a window a module's tests share: shared_by_module)."""
    from ipexplorer.ui.shell.main_window import MainWindow

    w = MainWindow(db_path, settings=settings)
    if own:
        qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    w.show_pane("charts")
    qtbot.waitUntil(lambda: w.charts.plot is not None and w.charts.data is not None and w.charts.settled(),
                    timeout=10000)
    qtbot.waitUntil(lambda: w.charts.model.fully_loaded)
    return w


@contextlib.contextmanager
def shared_window(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                  make: Callable) -> Iterator:
    """A main window a module's tests share (shared_by_module), made by `make(qtbot, settings)`, closed at the end."""
    bot = module_qtbot(request)
    with shared_by_module(tmp_path_factory, lambda settings: make(bot, settings), lambda w: w.close()) as w:
        yield w


def default_charts_window(qtbot, db_path, settings, width: int, height: int):
    """A Charts window a module's tests share (charts_window, not owned by qtbot), with what back_to_default_chart
    puts back: its chart's spec and the view state as made."""
    w = charts_window(qtbot, db_path, settings, width, height, own=False)
    w.default_size = (width, height)
    w.default_spec = w.charts.spec()
    w.default_view = w.view_state.state
    return w


def back_to_default_chart(qtbot, w) -> None:
    """A shared Charts window (default_charts_window) as it was made, through View › Reset view (the table view back
    to table 1 as printed, the chart's choices to their defaults): its size, no filter, sort or quick text, its
    default chart drawn in the interface's language, nothing selected. Asserted, so a test that leaves what the
    reset does not put back fails here, not in the tests after it."""
    charts = w.charts
    charts.grid.view.clearSelection()
    w.show_pane("charts")
    w.reset_view()
    w.resize(*w.default_size)
    if charts.plot.language != charts.language:
        charts.plot.language = charts.language
        charts.plot.show_data(charts.data)
    qtbot.waitUntil(lambda: charts.settled() and charts.frame.table_nos == (1,) and charts.model.fully_loaded
                    and w.explorer.model.fully_loaded and charts.spec() == w.default_spec, timeout=10000)
    assert w.view_state.state == w.default_view
    assert not w.explorer.quick.text() and not charts.grid.selected_row_ids()


def selection_cleared(window) -> Iterator:
    """A shared window for one test, its Charts table's selection cleared after it (tests select rows of their own)."""
    yield window
    window.charts.grid.view.clearSelection()


def module_qtbot(request: pytest.FixtureRequest):
    """A qtbot for a module-scoped fixture (pytest-qt's is made for each test): its waits only; it closes no widget."""
    from pytestqt.qtbot import QtBot

    return QtBot(request)


@pytest.fixture
def window(qtbot, built_db, settings):
    """The main window over the session's database, shown at its default size (the report's text is read when
    first asked for: tests that look into the reader at once read it first, as test_report_reader does)."""
    from ipexplorer.ui.shell.main_window import MainWindow

    w = MainWindow(built_db, settings=settings)
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    yield w
    w.close()


@pytest.fixture
def regions_pane(qtbot, request):
    """Make a Regions pane by itself: `regions_pane(db=None, *, settings=None, size=(1200, 800), run_export=None)`,
    over the session's database unless given another, resized (unless size is None) and shown. The requests of
    its exports are kept in `pane.exported` unless `run_export` is given. Each pane made is shut down (its worker
    stopped, its connection closed) when the test ends, or when qtbot closes it first."""
    from ipexplorer.ui.panes.region_pane import RegionsPane

    made = []

    def make(db: Path | None = None, *, settings=None, size: tuple[int, int] | None = (1200, 800),
             run_export: Callable | None = None):
        exported: list = []
        pane = RegionsPane(db if db is not None else request.getfixturevalue("built_db"),
                           run_export=run_export or exported.append, settings=settings)
        pane.exported = exported
        qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
        made.append(pane)
        if size is not None:
            pane.resize(*size)
        pane.show()
        return pane

    yield make
    for pane in made:
        pane.shutdown()


def with_report_read(qtbot, window):
    """The main window with the report's text already read (off the GUI thread), for tests that look at once."""
    window.report_view.ensure_built()
    qtbot.waitUntil(lambda: window.report_view.built, timeout=10000)
    return window


def _benchmark_helpers():
    """benchmarks/helpers.py, the one home of the shifted edition the benchmarks build too."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "helpers.py"
    spec = importlib.util.spec_from_file_location("ipexplorer_benchmark_helpers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shift_years = _benchmark_helpers().shift_years   # the report as another year's edition (years outside data cells)


@pytest.fixture(scope="session")
def shifted_report(tmp_path_factory: pytest.TempPathFactory, report_lines: list[str]) -> Path:
    """The 2020 text as if it were the 2019 edition (every year outside data cells moved back one)."""
    return shared_file(tmp_path_factory, "shifted/cnipa-annual-report-2019.zh.txt", lambda path: path.write_text(
        "\n".join(shift_years(report_lines)) + "\n", encoding="utf-8"))


@pytest.fixture(scope="session")
def shifted_db(tmp_path_factory: pytest.TempPathFactory, shifted_report: Path) -> Path:
    """A database built from the year-shifted copy alone."""
    return shared_file(tmp_path_factory, "shifted-db/ipexplorer.sqlite", lambda db: build_database(shifted_report, db))


@pytest.fixture(scope="session")
def two_editions(tmp_path_factory: pytest.TempPathFactory, shifted_report: Path, report_path: Path) -> Path:
    """A database of the 2020 report and its year-shifted copy (the 2019 edition): the years 2018, 2019, 2020."""
    # given newest first: stored oldest first
    return shared_file(tmp_path_factory, "editions/ipexplorer.sqlite",
                       lambda db: build_database([report_path, shifted_report], db))


def _gapped_lines(report_lines: list[str]) -> list[str]:
    """The 2019 edition of gapped_editions: 安道尔's third value in 表2 printed as a nil, 亚美尼亚 left out."""
    lines = shift_years(report_lines)
    table = line_index(lines, "表 2")
    andorra = line_index(lines, "安道尔\t", table)
    cells = lines[andorra].split("\t")
    assert cells[3] == "0"
    cells[3] = "—"
    lines[andorra] = "\t".join(cells)
    del lines[line_index(lines, "亚美尼亚\t", table)]
    return lines


@pytest.fixture(scope="session")
def gapped_editions(tmp_path_factory: pytest.TempPathFactory, report_path: Path, report_lines: list[str]) -> Path:
    """The 2020 report and a 2019 edition that prints 安道尔's third value in 表2 as a nil ("—", a 0 in the
    2020 report) and leaves 亚美尼亚 (all zeros) out of 表2 (test_years' panes and test_every_edition's exports)."""
    older = shared_file(tmp_path_factory, "gapped/cnipa-annual-report-2019.zh.txt", lambda path: path.write_text(
        "\n".join(_gapped_lines(report_lines)) + "\n", encoding="utf-8"))
    return shared_file(tmp_path_factory, "gapped-db/ipexplorer.sqlite",
                       lambda db: build_database([report_path, older], db))


LAZY_IMPORTS_PROBE = """
import os, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ipexplorer.ui.shell.settings import Settings
from ipexplorer.ui.shell.main_window import MainWindow
s = Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
w = MainWindow(Path(sys.argv[1]), settings=s); w.show(); app.processEvents()
print('before', 'pyqtgraph' in sys.modules, 'pandas' in sys.modules)
w.show_pane('charts'); w.charts.ensure_plot()
print('after', 'pyqtgraph' in sys.modules)
app.processEvents()
print('bars', 'ipexplorer.ui.plots.map_plot' in sys.modules, 'ipexplorer.query.map_data' in sys.modules)
w.charts.kind_combo.setCurrentIndex(w.charts.kind_combo.findData('map')); app.processEvents()
t = time.monotonic()   # the map's data comes from the worker thread
while w.charts.map is None and time.monotonic() - t < 30:
    app.processEvents()
print('map', 'ipexplorer.ui.plots.map_plot' in sys.modules, w.charts.map is not None)
w.close()
"""


@pytest.fixture(scope="session")
def lazy_imports(built_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """A fresh process's window shown, then its Charts pane, then a map: the output of LAZY_IMPORTS_PROBE, which
    says at each step whether pyqtgraph, pandas and the map's modules are imported (one process for the run, its
    output a shared file: test_charts' and test_maps' checks, on one worker or two; each start imports Qt and the
    app again). Its stdout, stderr and returncode, as subprocess.run gives them."""
    import json
    import subprocess
    from types import SimpleNamespace

    def probe(path: Path) -> None:
        home = tmp_path_factory.mktemp("lazy-imports")   # (a session fixture: set up before _isolated_user_dirs)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               **{f"XDG_{kind}_HOME": str(home / kind.lower()) for kind in ("DATA", "CONFIG", "STATE", "CACHE")}}
        done = subprocess.run([sys.executable, "-c", LAZY_IMPORTS_PROBE, str(built_db), str(home / "s.ini")],
                              capture_output=True, text=True, timeout=90, env=env)
        path.write_text(json.dumps({"stdout": done.stdout, "stderr": done.stderr, "returncode": done.returncode}),
                        encoding="utf-8")

    return SimpleNamespace(**json.loads(shared_file(tmp_path_factory, "lazy-imports/probe.json", probe).read_text(
        encoding="utf-8")))


class Pairs:
    """Items (chart specs, shapes of a query state) spread over the combinations of a test's other factors
    (table, filter, sort): for a combination at positions (i, j, ...) the items k with k + i + j + ... a multiple
    of `stride` — each item is tried with every value of every other factor (a covering of those pairs, `check`ed),
    not with every combination of them, which took most of the equivalence tests' time."""

    def __init__(self, items: Sequence, stride: int) -> None:
        self.items, self.stride = list(items), stride
        self.seen: set[tuple[int, int, int]] = set()
        self.values: set[tuple[int, int]] = set()

    def pick(self, *positions: int, stride: int | None = None) -> list:
        """The items of one combination (`stride` for one of fewer combinations than the others)."""
        every = self.stride if stride is None else stride
        chosen = [k for k in range(len(self.items)) if (k + sum(positions)) % every == 0]
        for factor, position in enumerate(positions):
            self.values.add((factor, position))
            self.seen |= {(factor, position, k) for k in chosen}
        return [self.items[k] for k in chosen]

    def check(self) -> None:
        """Fail if an item never met one value of one factor."""
        missing = [(f, p, k) for f, p in self.values for k in range(len(self.items)) if (f, p, k) not in self.seen]
        assert not missing, missing
