"""The SQL console: read-only, bounded, results in the same sortable and filterable table."""

from __future__ import annotations

import hashlib
import sqlite3
import time

import openpyxl
import pytest
from conftest import HEAVY_SQL
from PySide6.QtCore import Qt

from ipexplorer.query.builder import ColumnFilter
from ipexplorer.query.console import ConsoleError, SavedQueries, first_keyword, locate, prepare
from ipexplorer.query.readonly import guard
from ipexplorer.store.database import connect
from ipexplorer.ui.grid.sql_grid import rows_text
from ipexplorer.ui.grid.table_model import RAW_ROLE
from ipexplorer.ui.panes.sql_console import SqlConsole
from ipexplorer.ui.shell.main_window import MainWindow

RUNAWAY = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
HOSTILE = [
    "INSERT INTO region(name_zh) VALUES ('x')",
    "UPDATE observation SET value = 0",
    "DELETE FROM observation",
    "DROP TABLE observation",
    "CREATE TABLE t(x)",
    "CREATE TEMP TABLE t AS SELECT 1",
    "ATTACH DATABASE ':memory:' AS other",
    "PRAGMA writable_schema = 1",
    "PRAGMA query_only = 0",
    "PRAGMA journal_mode = DELETE",
    "SELECT 1; DELETE FROM observation",
    "VACUUM",
    "REINDEX",
    "ANALYZE",
    "SELECT load_extension('x')",
    "SELECT hex(fts3_tokenizer('simple'))",
    "SELECT fts5(NULL)",
    "SELECT sqlite_log(1, 'x')",
]


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def console(qtbot, db_copy, tmp_path):
    widget = SqlConsole(db_copy, saved_path=tmp_path / "saved.json")
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    widget.shutdown()


def run(qtbot, console, sql: str, timeout: int = 10000) -> None:
    console.editor.setPlainText(sql)
    console.run()
    qtbot.waitUntil(lambda: not console.running, timeout=timeout)
    qtbot.wait(10)


def loaded(qtbot, console) -> None:
    model = console.results.model
    qtbot.waitUntil(lambda: model.fully_loaded, timeout=5000)


def column(console, key):
    model = console.results.model
    c = model.column_index(key)
    return [model.index(r, c).data(RAW_ROLE) for r in range(model.rowCount())]


# --- core -------------------------------------------------------------------------------------------
def test_prepare_wraps_a_select_as_a_dataset(built_db):
    conn = connect(built_db)
    g = guard(conn, time_limit=5)
    dataset = prepare(conn, "SELECT region_zh, value AS v FROM observations WHERE table_no = 1 -- comment", g)
    assert [c.title_en for c in dataset.columns] == ["region_zh", "v"]
    assert dataset.columns[1].kind.numeric and not dataset.columns[0].kind.numeric
    assert conn.execute(f"SELECT count(*) FROM ({dataset.sql})").fetchone()[0] == conn.execute(
        "SELECT count(*) FROM observations WHERE table_no = 1").fetchone()[0]
    conn.close()


def test_errors_say_where():
    assert locate("SELECT valu FROM observations", "no such column: valu") == (7, 1, 8)
    assert locate("SELECT 1\nFORM x", 'near "FORM": syntax error')[1:] == (2, 1)
    assert first_keyword("  -- hi\n /* x */ with c as (select 1) select * from c") == "WITH"


@pytest.mark.parametrize("sql", HOSTILE)
def test_hostile_queries_are_refused_and_change_nothing(db_copy, sql):
    before = digest(db_copy)
    conn = connect(db_copy)
    g = guard(conn, time_limit=2)
    with pytest.raises(ConsoleError) as info:
        prepare(conn, sql, g)
    assert info.value.kind == "refused", info.value    # by the guard, not by the read-only connection under it
    assert conn.execute("SELECT count(*) FROM observation").fetchone()[0] > 0
    conn.close()
    assert digest(db_copy) == before


def test_a_runaway_query_stops_at_the_time_limit(built_db):
    conn = connect(built_db)
    g = guard(conn, time_limit=0.3)
    with pytest.raises(ConsoleError) as info:
        prepare(conn, RUNAWAY, g)
    assert info.value.kind == "time"
    conn.close()


def test_a_heavy_step_query_stops_within_the_time_limit_plus_a_second(built_db):
    import time

    conn = connect(built_db)
    g = guard(conn, time_limit=0.3)
    started = time.monotonic()
    with pytest.raises(ConsoleError) as info:
        prepare(conn, HEAVY_SQL, g)
    assert time.monotonic() - started < 1.3
    assert info.value.kind == "time"
    conn.close()


def test_a_heavy_step_query_is_cancelled_within_a_second(built_db):
    import threading
    import time

    conn = connect(built_db)
    pressed = threading.Event()
    at: list[float] = []
    g = guard(conn, time_limit=60, cancelled=pressed.is_set)

    def press() -> None:
        at.append(time.monotonic())
        pressed.set()

    threading.Timer(0.5, press).start()
    with pytest.raises(ConsoleError) as info:
        prepare(conn, HEAVY_SQL, g)
    assert time.monotonic() - at[0] < 1
    assert info.value.kind == "cancel"
    # the next statement on the connection runs normally
    pressed.clear()
    assert prepare(conn, "SELECT 1 AS one", g).columns[0].title_en == "one"
    conn.close()


def test_functions_off_the_allow_list_are_refused_and_reading_ones_work(built_db):
    conn = connect(built_db)
    g = guard(conn, time_limit=5)
    with pytest.raises(ConsoleError) as info:
        prepare(conn, "SELECT hex(fts3_tokenizer('simple'))", g)
    assert info.value.kind == "refused"
    ok = prepare(conn, "SELECT upper('a'), json_extract('{\"a\": 1}', '$.a'), round(2.5), printf('%d', 3), "
                       "group_concat(region_zh) FROM observations", g)
    assert len(ok.columns) == 5
    conn.close()


@pytest.mark.parametrize("sql", ["SELECT 1\x00", "-- nothing", "/* */"])
def test_a_nul_character_or_nothing_to_run_is_an_inline_error(built_db, sql):
    conn = connect(built_db)
    with pytest.raises(ConsoleError) as info:
        prepare(conn, sql, guard(conn, time_limit=5))
    assert info.value.kind == "refused"
    conn.close()


def test_out_of_memory_becomes_the_consoles_error(built_db):
    class Cursor:
        description = (("x", None, None, None, None, None, None),)

        def fetchmany(self, _n):
            raise MemoryError

    class Conn:
        def execute(self, _sql):
            return Cursor()

    conn = connect(built_db)
    with pytest.raises(ConsoleError) as info:
        prepare(Conn(), "SELECT 1", guard(conn, time_limit=5))
    assert "memory" in str(info.value)
    conn.close()


def test_saved_queries_keep_examples_and_the_users_own(tmp_path):
    saved = SavedQueries(tmp_path / "q.json")
    examples = len(saved.all())
    saved.save("mine", "SELECT 1")
    again = SavedQueries(tmp_path / "q.json")
    assert again.get("mine").sql == "SELECT 1" and len(again.all()) == examples + 1
    with pytest.raises(ValueError):
        again.save(again.all()[0].name, "SELECT 2")     # an example's name
    again.delete("mine")
    assert SavedQueries(tmp_path / "q.json").get("mine") is None
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    broken = SavedQueries(tmp_path / "bad.json")
    assert broken.problem and len(broken.all()) == examples


# --- the pane -----------------------------------------------------------------------------------------
def test_a_query_shows_its_rows_sorted_and_filtered_in_sql(qtbot, console):
    run(qtbot, console, "SELECT region_zh, region_en, value FROM observations WHERE table_no = 1 AND year = 2020 "
                        "AND ip_type = 'invention' AND region_kind = 'province'")
    loaded(qtbot, console)
    results = console.results
    assert results.model.rowCount() == 31 and console.error_label.isHidden()
    value_key = results.model.columns[2].key
    results.sort_by(value_key, ascending=False)
    loaded(qtbot, console)
    values = column(console, value_key)
    assert values == sorted(values, reverse=True) and values[0] == 215926
    results.set_filter(ColumnFilter(value_key, low=100_000))
    loaded(qtbot, console)
    assert results.model.rowCount() == 4          # 广东 江苏 北京 浙江
    results.set_quick_filter("zhe")
    loaded(qtbot, console)
    assert column(console, results.model.columns[0].key) == ["浙江"]
    assert "1 rows" in console.status.text() or "1 行" in console.status.text()


def test_a_syntax_error_shows_inline_and_selects_the_place(qtbot, console):
    run(qtbot, console, "SELECT region_zh, valu FROM observations")
    assert console.error_label.isVisible() and "valu" in console.error_label.text()
    assert console.last_error.kind == "syntax"
    assert console.editor.textCursor().selectedText() == "valu"


@pytest.mark.parametrize("sql", ["DELETE FROM observation", "ATTACH DATABASE ':memory:' AS x",
                                 "PRAGMA writable_schema = 1", "SELECT 1; SELECT 2"])
def test_hostile_queries_are_refused_in_the_pane(qtbot, console, db_copy, sql):
    before = digest(db_copy)
    run(qtbot, console, sql)
    assert console.last_error is not None and console.last_error.kind == "refused"
    assert console.error_label.isVisible()
    assert digest(db_copy) == before


def test_runaway_query_stopped_by_time_limit_and_by_cancel_while_the_window_answers(qtbot, console):
    console.limit_spin.setValue(1)
    run(qtbot, console, RUNAWAY, timeout=10000)
    assert console.last_error.kind == "time" and console.error_label.isVisible()
    console.limit_spin.setValue(60)
    console.editor.setPlainText(RUNAWAY)
    console.run()
    assert console.running and console.cancel_button.isEnabled()
    ticks = []
    for _ in range(5):                      # the event loop keeps turning while the query runs
        qtbot.wait(20)
        ticks.append(console.running)
    assert all(ticks)
    console.cancel_button.click()
    qtbot.waitUntil(lambda: not console.running, timeout=5000)
    assert console.last_error.kind == "cancel"


def test_a_heavy_step_query_is_cancelled_in_the_pane_within_a_second(qtbot, console):
    import time

    console.limit_spin.setValue(60)
    console.editor.setPlainText(HEAVY_SQL)
    console.run()
    qtbot.wait(300)
    assert console.running
    started = time.monotonic()
    console.cancel_button.click()
    qtbot.waitUntil(lambda: not console.running, timeout=5000)
    assert time.monotonic() - started < 1
    assert console.last_error.kind == "cancel"


# fails while its rows are paged into the table, past the check run's first rows: the table's model says it
LATE_FAILURE = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) "
                "SELECT CASE WHEN x = 900 THEN json('x') ELSE x END AS v FROM c")


@pytest.mark.parametrize(("sql", "words"), [("DELETE FROM observation", "not authorized"),
                                            ("SELECT region_zh, valu FROM observations", "valu"),
                                            (LATE_FAILURE, "malformed JSON")])
def test_a_failed_query_says_its_error_once_in_the_pane(qtbot, console, sql, words):
    """The console's error line says it; the result table below does not say it again over itself."""
    from PySide6.QtWidgets import QLabel

    run(qtbot, console, "SELECT 1 AS x")
    loaded(qtbot, console)
    run(qtbot, console, sql)
    qtbot.waitUntil(lambda: console.error_label.isVisible() and words in console.error_label.text(), timeout=5000)
    qtbot.wait(50)   # the table's own answer, if any, has come too
    saying = [w.objectName() for w in console.findChildren(QLabel) if w.isVisible() and words in w.text()]
    assert saying == ["sqlError"]


ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"   # checked fast


@pytest.mark.parametrize(("language", "bad_value", "time_limit"), [
    ("en", "SQL error: malformed JSON", "Stopped: the query ran past the time limit of 1 s."),
    ("zh_CN", "SQL 错误：malformed JSON", "已停止：查询超过了 1 秒的时间限制。")])
def test_a_query_that_fails_after_its_check_says_so_in_the_interfaces_words(qtbot, qapp, console, language,
                                                                          bad_value, time_limit):
    """The check run reads the first rows only; a bad value further down or the time limit stops the table's
    read of the rows. The error line said SQLite's bare words ("malformed JSON", "stopped: the query ran past…"
    in English in a Chinese interface); it says them as a failure of the check run is said."""
    from ipexplorer.ui.shell import i18n

    i18n.install(language, qapp)
    try:
        run(qtbot, console, LATE_FAILURE)
        qtbot.waitUntil(lambda: console.error_label.isVisible(), timeout=5000)
        assert console.error_label.text() == bad_value
        console.limit_spin.setValue(1)
        run(qtbot, console, ENDLESS)
        qtbot.waitUntil(lambda: console.error_label.isVisible(), timeout=5000)
        assert console.error_label.text() == time_limit and console.last_error.kind == "time"
    finally:
        i18n.install("zh_CN", qapp)


@pytest.mark.parametrize(("language", "after"), [("en", " (after the first 256 rows, which are shown)"),
                                                 ("zh_CN", "（出错前读到的前 256 行已显示）")])
def test_a_failure_while_more_rows_are_read_says_which_rows_are_shown(qtbot, qapp, console, language, after):
    """Rows on screen and then a failure (the time limit on a later page): the message says the rows shown are
    those read before it, in the interface's language."""
    from ipexplorer.ui.shell import i18n

    i18n.install(language, qapp)
    try:
        run(qtbot, console, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) "
                            "SELECT x FROM c")
        qtbot.waitUntil(lambda: console.results.model.rowCount() == 256, timeout=5000)
        stopped = sqlite3.OperationalError("interrupted")
        stopped.stopped_by = "time"   # as the worker marks a statement the guard's time limit stopped
        console.results.model._on_failed(stopped)   # what the worker reports for the next page
        message = console.message_for(ConsoleError("", "time"))
        assert console.error_label.isVisible() and console.error_label.text() == message + after
        assert console.results.model.rowCount() == 256
    finally:
        i18n.install("zh_CN", qapp)


def test_a_nul_character_in_the_pane_is_an_inline_error(qtbot, console):
    run(qtbot, console, "SELECT 1\x00 AS x")
    assert console.error_label.isVisible() and "NUL" in console.error_label.text()


@pytest.mark.parametrize("sql", ["", "  \n\t "])
def test_running_an_empty_editor_says_there_is_nothing_to_run_not_that_it_was_refused(qtbot, console, sql):
    console.editor.setPlainText(sql)
    console.run()
    assert console.error_label.isVisible() and "SELECT" in console.error_label.text()
    assert "拒绝" not in console.error_label.text() and "Refused" not in console.error_label.text()
    assert not console.running and console.run_button.isEnabled()


def test_a_failed_query_says_the_rows_shown_are_the_last_querys(qtbot, console):
    """A refused or failed query leaves the rows of the one before on show: the status says whose they are (it
    went blank beside them, as if they were the failed query's)."""
    run(qtbot, console, "SELECT region_zh FROM observations LIMIT 20")
    qtbot.waitUntil(lambda: console.results.model.rowCount() == 20)
    run(qtbot, console, "SELECT 1; SELECT 2")
    assert console.error_label.isVisible() and console.results.model.rowCount() == 20
    assert console.status.text() == console.tr("Below: the rows of the last query that ran")
    assert "LIMIT 20" in console.status.toolTip()
    run(qtbot, console, "SELECT region_zh FROM observations LIMIT 5")
    qtbot.waitUntil(lambda: console.status.text() == rows_text(5))
    assert console.status.toolTip() == ""


def test_schema_browser_lists_the_documented_views_first(qtbot, console):
    qtbot.waitUntil(lambda: console.schema.topLevelItemCount() > 0, timeout=5000)   # read off the GUI thread
    names = console.schema_names()
    assert names[:2] == ["observations", "events"]
    assert "observation" in names and not any(n.startswith("sqlite_") or "_fts_" in n for n in names)
    view = console.schema.topLevelItem(0).child(0)
    console._insert_name(view, 0)
    assert "observations" in console.editor.toPlainText()


def test_saved_queries_load_save_and_delete(qtbot, console):
    console.load_saved(console.saved.all()[0].name)
    run(qtbot, console, console.editor.toPlainText())
    loaded(qtbot, console)
    assert console.results.model.rowCount() == 10
    console.editor.setPlainText("SELECT 1 AS one")
    assert console.save_query("my query")
    assert "my query" in [console.saved_list.item(i).text() for i in range(console.saved_list.count())]
    console.saved_list.setCurrentRow(console.saved_list.count() - 1)
    console.delete_selected()
    assert "my query" not in [console.saved_list.item(i).text() for i in range(console.saved_list.count())]
    console.saved_list.setCurrentRow(0)
    example = console.saved_list.item(0).text()
    assert not console.error_label.isVisible()
    console.delete_selected()                      # an example stays, and the console says so
    assert console.error_label.isVisible()
    assert console.saved_list.item(0).text() == example and example in [q.name for q in console.saved.all()]


def test_double_click_on_a_row_with_a_source_line_opens_the_report(qtbot, console):
    run(qtbot, console, "SELECT region_zh, value, source_line FROM observations WHERE table_no = 1 LIMIT 5")
    loaded(qtbot, console)
    index = console.results.model.index(0, 0)
    with qtbot.waitSignal(console.open_report_line) as blocker:
        console.results.view.doubleClicked.emit(index)
    assert blocker.args[0] > 1500


def test_the_result_exports_as_shown(qtbot, db_copy, settings, tmp_path):
    window = MainWindow(db_copy, settings=settings)
    qtbot.addWidget(window)
    window.show_pane("sql")
    console = window.console
    run(qtbot, console, "SELECT region_zh AS region, value FROM observations WHERE table_no = 1 AND year = 2020 "
                        "AND ip_type = 'patent' AND region_kind = 'province'")
    loaded(qtbot, console)
    console.results.sort_by(console.results.model.columns[1].key, ascending=False)
    loaded(qtbot, console)
    target = tmp_path / "query.xlsx"
    task = window.run_export(window.console.request_export(target))
    qtbot.waitUntil(lambda: not task.thread.isRunning(), timeout=10000)
    sheet = openpyxl.load_workbook(target, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("region", "value") and rows[1][0] == "广东" and len(rows) == 32
    window.close()


def test_the_console_connection_is_read_only_even_past_the_guard(built_db):
    conn = connect(built_db)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("CREATE TABLE t(x)")
    conn.close()


def test_console_keyboard_runs_with_ctrl_enter(qtbot, console):
    console.editor.setPlainText("SELECT 42 AS answer")
    console.editor.setFocus()
    qtbot.keyClick(console.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not console.running and console.results.dataset is not None, timeout=5000)
    loaded(qtbot, console)
    assert column(console, console.results.model.columns[0].key) == [42]


def test_a_guarded_statement_is_watched_inside_its_block_only(built_db):
    """Guard.statement(): the time limit stops the statement inside the block; when the block ends, by an error
    too, nothing watches the connection any more (its watchdog exits instead of interrupting it later)."""
    import threading
    import time

    conn = connect(built_db)
    sql_guard = guard(conn, time_limit=0.3)
    with pytest.raises(sqlite3.OperationalError, match="interrupted"), sql_guard.statement():
        conn.execute(HEAVY_SQL).fetchall()
    assert sql_guard.stopped_by == "time"
    with pytest.raises(LookupError), sql_guard.statement():
        assert conn.execute("SELECT 1").fetchone() == (1,)
        raise LookupError("a failure after the statement, inside the block")
    time.sleep(0.6)   # past the limit: a watchdog still watching would have stopped "the statement" by now
    assert sql_guard.stopped_by is None
    assert not [t for t in threading.enumerate() if t.name == "ipexplorer-sql-watchdog"]
    with sql_guard.statement():   # a new block counts its limit afresh
        assert conn.execute("SELECT count(*) FROM observations").fetchone()[0] > 0
    conn.close()


def test_watching_watches_a_guarded_connection_and_nothing_else(built_db):
    """readonly.watching: a guard's statement block (`reset=False` goes on counting the limit already spent), and
    a plain block for a connection without a guard (the API's and the export's own queries)."""
    from ipexplorer.query.readonly import watching

    conn = connect(built_db)
    try:
        with watching(None):
            assert conn.execute("SELECT count(*) FROM observations").fetchone()[0] > 0
        sql_guard = guard(conn, time_limit=5.0)
        sql_guard.started -= 10   # the limit spent by an earlier step of the same query
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="interrupted"), watching(sql_guard, reset=False):
            conn.execute(HEAVY_SQL).fetchall()
        # at once: the watchdog's first interrupt came before the statement began (and was lost), its next ones
        # stop it, not the progress handler seconds later between two heavy steps
        assert sql_guard.stopped_by == "time" and time.monotonic() - started < 1.0
        with watching(sql_guard):   # counted afresh
            assert conn.execute("SELECT 1").fetchone() == (1,)
        assert sql_guard.stopped_by is None
    finally:
        conn.close()


def test_a_cancel_between_two_statements_of_a_block_stops_the_next_one(built_db):
    """Cancel while the block's first statement has ended and its next has not begun (an export between its
    check run and its rows): the next statement stops at once, not at the progress handler's next call."""
    conn = connect(built_db)
    try:
        sql_guard = guard(conn, time_limit=None)
        with sql_guard.statement():
            assert conn.execute("SELECT 1").fetchone() == (1,)
            sql_guard.cancel()
            started = time.monotonic()
            with pytest.raises(sqlite3.OperationalError, match="interrupted"):
                conn.execute(HEAVY_SQL).fetchall()
            assert time.monotonic() - started < 1.0
        assert sql_guard.stopped_by == "cancel"
        with sql_guard.statement():   # the next block runs
            assert conn.execute("SELECT 2").fetchone() == (2,)
        assert sql_guard.stopped_by is None
    finally:
        conn.close()
