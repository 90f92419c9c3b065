"""Reliability: damaged files and folders, a fuzzed report, hostile queries, and a random walk through the app.

Each failure must end in a clear message (and a rebuild where one is possible), never in a traceback,
a half-written database or a changed file.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ipexplorer.report.source import ReportError
from ipexplorer.store.build import BuildError, build_database
from ipexplorer.store.database import connect, inspect_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the app at start: damaged database, folders, report -------------------------------------------------------
START = """
import json, sys
from pathlib import Path
import ipexplorer.ui.shell.app as app
errors = []
app.show_error = lambda title, message, *a, **k: errors.append([title, message])
app.shipped_report = lambda: Path(sys.argv[2])
code = app.run_app(Path(sys.argv[1]), exit_after_first_paint=True)
print("ERRORS=" + json.dumps(errors, ensure_ascii=False))
sys.exit(code)
"""


@pytest.fixture
def start_app(report_path):
    """Start the app as `ipexplorer --exit-after-first-paint` does, in a fresh process; its error dialogs."""
    import json
    import os
    import subprocess
    import sys

    def start(db: Path, report: Path = report_path) -> list[tuple[str, str]]:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        done = subprocess.run([sys.executable, "-c", START, str(db), str(report)], capture_output=True,
                              text=True, env=env, timeout=120)
        assert "Traceback" not in done.stderr, done.stderr
        start.out = done.stdout
        line = next(x for x in done.stdout.splitlines() if x.startswith("ERRORS="))
        errors = [tuple(e) for e in json.loads(line[len("ERRORS="):])]
        assert done.returncode == (1 if errors else 0), done.stderr  # a start that failed exits non-zero
        return errors

    return start


@pytest.mark.parametrize("damage", ["truncated", "older schema", "damaged pages"])
def test_a_damaged_database_is_rebuilt_at_start(start_app, db_copy, damage):
    data = db_copy.read_bytes()
    if damage == "truncated":
        db_copy.write_bytes(data[: len(data) // 2])
    elif damage == "older schema":
        conn = sqlite3.connect(db_copy)
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
        conn.close()
    else:                                   # ipexplorer's mark survives in the header: provably ours, damaged
        db_copy.write_bytes(data[:8192] + random.Random(1).randbytes(len(data) - 8192))
    assert not inspect_database(db_copy).usable
    errors = start_app(db_copy)
    assert errors == []
    assert "first paint" in start_app.out
    assert inspect_database(db_copy).usable


def test_a_database_another_program_holds_is_refused_after_the_first_frame(start_app, db_copy):
    """Its header is sound, so the window paints; the check that follows finds the lock, says so and quits."""
    holder = sqlite3.connect(db_copy, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        errors = start_app(db_copy)
    finally:
        holder.close()
    assert len(errors) == 1 and "locked by another program" in errors[0][1]
    assert "first paint" in start_app.out
    assert inspect_database(db_copy).usable      # left as it was


@pytest.mark.parametrize("content", [b"", b"my own notes\n" * 300, random.Random(2).randbytes(65536)],
                         ids=["empty file", "text file", "random bytes"])
def test_a_file_that_is_not_ours_is_left_untouched_at_start(start_app, tmp_path, content):
    db = tmp_path / "ipexplorer.sqlite"
    db.write_bytes(content)
    errors = start_app(db)
    assert len(errors) == 1 and str(db) in errors[0][1] and "Traceback" not in errors[0][1]
    assert "first paint" not in start_app.out
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ipexplorer.sqlite"]


def test_a_missing_data_directory_is_created(start_app, tmp_path):
    db = tmp_path / "not" / "yet" / "there" / "ipexplorer.sqlite"
    assert start_app(db) == []
    assert inspect_database(db).usable and "first paint" in start_app.out


def test_an_unwritable_data_directory_says_so_and_quits(start_app, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    db = blocker / "ipexplorer.sqlite"          # its "folder" is a file: nothing can be written there
    errors = start_app(db)
    assert len(errors) == 1
    _title, message = errors[0]
    assert "a-file" in message and "Traceback" not in message
    assert not db.exists()


def test_a_read_only_data_directory_says_so(start_app, tmp_path):
    import os

    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user writes into read-only folders (root)")
        errors = start_app(folder / "ipexplorer.sqlite")
        assert len(errors) == 1 and str(folder) in errors[0][1]
    finally:
        folder.chmod(0o755)


def test_a_missing_report_without_a_database_says_so(start_app, tmp_path):
    errors = start_app(tmp_path / "ipexplorer.sqlite", report=tmp_path / "gone.txt")
    assert len(errors) == 1 and "gone.txt" in errors[0][1]
    assert not (tmp_path / "ipexplorer.sqlite").exists()


def test_a_missing_report_keeps_a_sound_database_usable(start_app, db_copy, tmp_path):
    before = digest(db_copy)
    assert inspect_database(db_copy, tmp_path / "gone.txt").usable
    assert start_app(db_copy, report=tmp_path / "gone.txt") == []
    assert "first paint" in start_app.out and digest(db_copy) == before


def test_the_cli_names_a_corrupt_database(db_copy, capsys):
    from ipexplorer.cli import main

    db_copy.write_bytes(b"\x00" * 4096)
    code = main(["check", "--db", str(db_copy)])
    out = capsys.readouterr()
    text = out.err + out.out
    assert code == 1 and "Traceback" not in text
    said = next(line for line in text.splitlines() if str(db_copy) in line)   # the database, by its path
    assert "not an SQLite file" in said and "--db" in said                   # what is wrong, what to do
    assert db_copy.read_bytes() == b"\x00" * 4096                            # check never rebuilds it


# --- the parser, fuzzed ---------------------------------------------------------------------------------------
NUMBER = re.compile(r"\d[\d,]*")
TABLE_START = 1548    # the appendix starts near here; its table rows are where swaps matter


def _mutate(lines: list[str], ops: list[tuple[str, int, int, bytes]]) -> list[str]:
    for op, a, b, junk in ops:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap_lines":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "swap_cells":      # two numbers of one table row change places
            k = TABLE_START + a % max(1, len(lines) - TABLE_START)
            k = min(k, len(lines) - 1)
            numbers = list(NUMBER.finditer(lines[k]))
            if len(numbers) >= 2:
                x, y = numbers[0], numbers[-1]
                line = lines[k]
                lines[k] = line[:x.start()] + y.group() + line[x.end():y.start()] + x.group() + line[y.end():]
        elif op == "garbage":
            lines.insert(i, junk.decode("utf-8", errors="replace"))
    return lines


OPS = st.lists(st.tuples(st.sampled_from(["delete", "duplicate", "swap_lines", "swap_cells", "garbage"]),
                         st.integers(0, 10**6), st.integers(0, 10**6), st.binary(max_size=40)),
               min_size=1, max_size=6)


# Each kind of change once where it breaks a table (table 1's rows from line 1561: refused with the project's
# error, the old database untouched) and twice in the narrative (built, every identity holding), whatever the
# random examples draw; a successful build costs ~0.9 s of CPU, a refused one ~0.05 s.
@example(ops=[("delete", 1560, 0, b"")])
@example(ops=[("duplicate", 1560, 0, b"")])
@example(ops=[("swap_lines", 300, 1560, b"")])
@example(ops=[("swap_cells", 12, 0, b"")])
@example(ops=[("garbage", 1560, 0, "表1 \x00 12,345".encode())])
@example(ops=[("duplicate", 300, 0, b""), ("garbage", 200, 0, b"\xff\xfe 1,234")])
@settings(max_examples=16, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_a_mutated_report_builds_soundly_or_fails_clearly(ops, report_lines, built_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    report = folder / "report.txt"
    report.write_text("\n".join(_mutate(list(report_lines), ops)) + "\n", encoding="utf-8")
    db = folder / "ipexplorer.sqlite"
    db.write_bytes(built_db.read_bytes())
    before = digest(db)
    try:
        build_database(report, db)
    except (ReportError, BuildError) as exc:          # the project's own errors, with a message
        assert str(exc).strip()
        assert digest(db) == before                   # the previous database untouched
    else:
        conn = connect(db)
        violations = conn.execute("SELECT coalesce(sum(violations), 0) FROM integrity_check").fetchone()[0]
        conn.close()
        assert violations == 0
    assert sorted(p.name for p in folder.iterdir()) == ["ipexplorer.sqlite", "report.txt"]   # no temp files


# After the report's first `head` lines (its title among them, so the parser goes on past the checks of a file's
# start), or alone: random text or bytes. Every such report lacks its tables.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=st.one_of(st.just(0), st.integers(1, TABLE_START - 10)),
       data=st.one_of(st.binary(max_size=3000), st.text(max_size=1000).map(str.encode)))
def test_random_bytes_as_a_report_fail_clearly(head, data, report_lines, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bytes")
    report = folder / "report.txt"
    report.write_bytes("".join(line + "\n" for line in report_lines[:head]).encode() + data)
    with pytest.raises((ReportError, BuildError)):
        build_database(report, folder / "ipexplorer.sqlite")
    assert not (folder / "ipexplorer.sqlite").exists()
    assert [p.name for p in folder.iterdir()] == ["report.txt"]


# --- hostile queries on every path that takes people's SQL ----------------------------------------------------
HOSTILE = [
    "DELETE FROM observation", "UPDATE observation SET value = 0", "DROP VIEW observations",
    "ATTACH DATABASE '/tmp/x.sqlite' AS x", "PRAGMA writable_schema = 1", "PRAGMA query_only = OFF",
    "SELECT 1; DROP TABLE observation", "CREATE TEMP VIEW v AS SELECT 1",
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
]


@pytest.mark.parametrize("sql", HOSTILE)
def test_hostile_sql_through_the_cli_export_is_refused_or_stopped(db_copy, tmp_path, sql, capsys, monkeypatch):
    import ipexplorer.query.readonly as readonly
    from ipexplorer.cli import main

    monkeypatch.setattr(readonly.Guard, "__init__", _short_limit(readonly.Guard.__init__))
    before = digest(db_copy)
    code = main(["export", "--sql", sql, "--db", str(db_copy), "--out", str(tmp_path / "out.xlsx")])
    out = capsys.readouterr()
    assert code != 0 and "Traceback" not in out.err
    # by the guard (refused before it runs, or stopped at its time limit), not by the read-only connection under it
    assert ("time limit" if sql.startswith("WITH RECURSIVE") else "Refused") in out.err, out.err
    assert digest(db_copy) == before and not (tmp_path / "out.xlsx").exists()


def _short_limit(init):
    """A limit of 0.3 s at most: the endless count is stopped by it (the other statements are refused before they
    run, well inside it even on a loaded machine; stopped, they would fail as they must all the same)."""
    def patched(self, conn, *, time_limit=10.0, cancelled=None):
        init(self, conn, time_limit=min(time_limit or 0.3, 0.3), cancelled=cancelled)
    return patched


# --- a random walk through the whole app ----------------------------------------------------------------------
class Walk:
    """Seeded random UI actions over every pane; each action is small and leaves the app usable."""

    def __init__(self, window, qtbot, rng: random.Random, out: Path):
        self.w, self.qtbot, self.rng, self.out = window, qtbot, rng, out
        self.exports = []
        self.done: list[str] = []

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    # actions ---------------------------------------------------------------------------------------------
    def switch_pane(self):
        self.w.show_pane(self.pick(list(self.w.panes)))

    def choose_table(self):
        e = self.w.explorer
        e.table_combo.setCurrentIndex(self.rng.randrange(e.table_combo.count()))

    def layout_and_names(self):
        e = self.w.explorer
        e.layout_combo.setCurrentIndex(self.rng.randrange(e.layout_combo.count()))
        e.names_combo.setCurrentIndex(self.rng.randrange(e.names_combo.count()))

    def sort(self):
        e = self.w.explorer
        if e.model.columns:
            key = self.pick(e.model.columns).key
            e.sort_by(key, add=self.rng.random() < 0.3)

    def quick_filter(self):
        e = self.w.explorer
        e.quick.setText(self.pick(["", "jiang", "广", "Japan", "zz", "北京", "'; DROP TABLE x; --", "%_\\"]))
        e._apply_quick()

    def column_filter(self):
        from ipexplorer.query.builder import ColumnFilter

        e = self.w.explorer
        numeric = [c for c in e.model.columns if c.kind.numeric]
        if numeric and self.rng.random() < 0.7:
            c = self.pick(numeric)
            e.set_filter(ColumnFilter(c.key, low=self.rng.choice([None, 0, 1000]), top=self.rng.choice([None, 5])))
        else:
            e.clear_filters()

    def select_and_copy(self):
        e = self.w.explorer
        rows = e.model.rowCount()
        if rows:
            e.view.selectRow(self.rng.randrange(rows))
            e.copy_selection()

    def select_all(self):
        self.w.explorer.select_all()

    def export_view(self):
        from ipexplorer.ui.shell.export_dialog import ExportRequest, view_columns

        e = self.w.explorer
        if e.dataset is None:
            return
        suffix = self.pick([".xlsx", ".csv"])
        request = ExportRequest(path=self.out / f"walk-{len(self.exports)}{suffix}", scope="view",
                                language=e.language, db_path=self.w.db_path, dataset=e.dataset,
                                state=e.model.state, columns=view_columns(e))
        self.exports.append(self.w.run_export(request))

    def chart(self):
        c = self.w.charts
        self.w.show_pane("charts")
        c.kind_combo.setCurrentIndex(self.rng.randrange(c.kind_combo.count()))

    def timeline(self):
        t = self.w.timeline
        self.w.show_pane("timeline")
        self.pick([lambda: t.zoom(0.5), lambda: t.zoom(2.0), t.fit_all, t.next_event, t.previous_event,
                   lambda: t.text_filter.setText(self.pick(["", "WIPO", "专利", "xyz"]))])()

    def search(self):
        s = self.w.search
        self.w.show_pane("search")
        s.set_query(self.pick(["专利", "疫", "Guangdong", "WIPO", "", "\"", "a*b", "NEAR(x)", "量子"]))
        if s.model.hits and self.rng.random() < 0.4:
            s.open_index(s.model.index(self.rng.randrange(len(s.model.hits)), 0))

    def report(self):
        reader = self.w.report_view
        self.w.open_report_line(self.rng.randrange(1, 2900))
        self.qtbot.waitUntil(lambda: reader.built, timeout=10000)   # the text is read off the GUI thread
        # the reader's own controls: back/forward, the raw-lines toggle, an outline entry (named outright, so a
        # renamed control fails here instead of silently leaving the walk)
        outline = reader.outline
        assert outline.topLevelItemCount() > 0
        moves = [reader.back, reader.forward, reader.raw_button.click,
                 lambda: outline.itemClicked.emit(outline.topLevelItem(
                     self.rng.randrange(outline.topLevelItemCount())), 0)]
        if self.rng.random() < 0.5:
            self.pick(moves)()

    def region(self):
        self.w.open_region(self.pick(["广东", "深圳", "日本", "新疆生产建设兵团", "香港", "美国", "西藏"]))

    def console(self):
        c = self.w.console
        self.w.show_pane("sql")
        c.editor.setPlainText(self.pick([
            "SELECT * FROM observations LIMIT 50", "SELECT date, text FROM events", "SELEC 1",
            "DELETE FROM observation", "PRAGMA table_info(observation)", "SELECT 1; SELECT 2", ""]))
        c.run()
        self.qtbot.waitUntil(lambda: not c.running, timeout=10000)

    def overview(self):
        self.w.show_pane("overview")
        self.qtbot.waitUntil(lambda: bool(self.w.overview.cards), timeout=10000)   # read off the GUI thread
        card = self.pick(self.w.overview.cards)
        card.open_line.emit(card.card.line)

    ACTIONS = ("switch_pane", "choose_table", "layout_and_names", "sort", "quick_filter", "column_filter",
               "select_and_copy", "select_all", "export_view", "chart", "timeline", "search", "report", "region",
               "console", "overview")

    def step(self, name: str):
        self.done.append(name)
        getattr(self, name)()
        self.qtbot.wait(1)


def every_pair(actions: tuple[str, ...], rng: random.Random) -> list[str]:
    """The actions in an order where each one follows every action (itself too) exactly once: a seeded random
    Eulerian circuit of the complete graph with loops (a de Bruijn sequence of order 2), len(actions)² + 1 long."""
    after = {a: rng.sample(actions, len(actions)) for a in actions}
    stack, circuit = [rng.choice(actions)], []
    while stack:
        if after[stack[-1]]:
            stack.append(after[stack[-1]].pop())
        else:
            circuit.append(stack.pop())
    return circuit[::-1]


# The walk: every action after every other (257 steps), in two windows of 129 steps that share the step where one
# ends and the other begins, so the pair across the cut is walked too. A weighted random walk of 2 × 300 steps
# met some pairs of the rarer actions (select all, export, console, overview) not once.
WALK = every_pair(Walk.ACTIONS, random.Random(2020))
WALK_PARTS = (WALK[:len(WALK) // 2 + 1], WALK[len(WALK) // 2:])


def test_the_walk_follows_every_action_by_every_action():
    pairs = {(a, b) for a in Walk.ACTIONS for b in Walk.ACTIONS}
    assert len(WALK) == len(pairs) + 1 and set(itertools.pairwise(WALK)) == pairs
    assert set().union(*(itertools.pairwise(p) for p in WALK_PARTS)) == pairs
    assert max(len(p) for p in WALK_PARTS) <= len(WALK) // 2 + 1
    assert every_pair(Walk.ACTIONS, random.Random(7)) != WALK            # the order is the seed's
    assert every_pair(Walk.ACTIONS, random.Random(2020)) == WALK


@pytest.mark.slow
@pytest.mark.parametrize("part", [0, 1])
def test_a_random_walk_through_every_pane_raises_nothing(qtbot, built_db, settings, tmp_path, part):
    from ipexplorer.ui.shell.errors import error_hooks
    from ipexplorer.ui.shell.main_window import MainWindow

    errors: list[str] = []
    with error_hooks(lambda title, message, details: errors.append(details)):
        window = MainWindow(built_db, settings=settings)
        qtbot.addWidget(window)
        window.resize(1024, 640)     # the smallest size the panes are laid out for: each step paints less
        window.show()
        walk = Walk(window, qtbot, random.Random((7, 2020)[part]), tmp_path)   # each action's choices
        for name in WALK_PARTS[part]:
            walk.step(name)
            assert not errors, f"after {walk.done[-5:]}:\n{errors[0]}"
        for task in walk.exports:
            qtbot.waitUntil(lambda t=task: not t.thread.isRunning(), timeout=20000)
        window.close()
    assert not errors, errors[0]
    assert walk.done == WALK_PARTS[part]            # every step walked, none renamed away
    assert walk.exports or "export_view" not in walk.done
    written = [p for p in tmp_path.iterdir() if p.name.startswith("walk-") and not p.name.endswith("-metadata.json")]
    assert len(written) == len(walk.exports)
    # each CSV has its metadata beside it (export/csv_file.py), nothing else is written
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith("-metadata.json")) == \
        sorted(p.name + "-metadata.json" for p in written if p.suffix == ".csv")
    assert not list(tmp_path.glob(".ipx-*"))    # no export's temporary file (.ipx-….tmp.xlsx) left behind
