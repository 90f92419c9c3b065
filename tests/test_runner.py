"""The one async query service: work off the GUI thread, stale results dropped, superseded work interrupted."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from ipexplorer.ui.runner import Runner

RUNAWAY = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.fixture
def runner(qapp, built_db):
    r = Runner(built_db)
    yield r
    r.shutdown()


def _where(conn, sql):
    return threading.current_thread() is threading.main_thread(), conn.execute(sql).fetchone()[0]


def test_result_arrives_on_the_gui_thread_from_a_worker(qtbot, runner):
    got = []
    runner.submit(_where, "SELECT count(*) FROM observation",
                  done=lambda r: got.append((r, threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    (on_main, count), delivered_on_main = got[0]
    assert not on_main and delivered_on_main and count > 6000


def test_a_newer_job_supersedes_and_interrupts_the_running_one(qtbot, runner):
    done, failed = [], []
    runner.submit(lambda conn: conn.execute(RUNAWAY).fetchone(), done=done.append, failed=failed.append,
                  channel="rows")
    time.sleep(0.1)
    started = time.monotonic()
    runner.submit(lambda conn: conn.execute("SELECT 42").fetchone()[0], done=done.append, channel="rows")
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == [42] and not failed          # the runaway was stopped, its failure dropped
    assert time.monotonic() - started < 2


def test_a_job_superseded_between_two_of_its_statements_stops_at_the_next(qtbot, runner):
    """The interrupt made while no statement runs is lost: the job's next statement still stops at once."""
    between, go, outcome, done = threading.Event(), threading.Event(), [], []

    def two_steps(conn):
        conn.execute("SELECT 1").fetchone()
        between.set()
        go.wait(5)
        started = time.monotonic()
        try:
            conn.execute(RUNAWAY).fetchone()
            outcome.append(("ran", time.monotonic() - started))
        except sqlite3.OperationalError:
            outcome.append(("stopped", time.monotonic() - started))
            raise

    runner.submit(two_steps, channel="rows")
    assert between.wait(5)
    runner.submit(lambda conn: 42, done=done.append, channel="rows")   # supersedes it between its statements
    go.set()
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    (how, took), = outcome
    assert how == "stopped" and took < 1 and done == [42]


def test_other_channels_are_not_superseded(qtbot, runner):
    done = []
    runner.submit(lambda conn: "a", done=done.append, channel="a")
    runner.submit(lambda conn: "b", done=done.append, channel="b")
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert sorted(done) == ["a", "b"]


def test_cancel_stops_and_reports(qtbot, runner):
    failed = []
    runner.submit(lambda conn: conn.execute(RUNAWAY).fetchone(), failed=failed.append, channel="q")
    time.sleep(0.1)
    runner.cancel("q")
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert isinstance(failed[0], sqlite3.OperationalError) and "interrupted" in str(failed[0])
    assert not runner.is_busy()


def test_guarded_runner_stops_at_its_time_limit(qtbot, built_db):
    runner = Runner(built_db, time_limit=0.3)
    failed = []
    try:
        runner.submit(lambda conn: conn.execute(RUNAWAY).fetchone(), failed=failed.append)
        qtbot.waitUntil(lambda: bool(failed), timeout=5000)
        assert getattr(failed[0], "stopped_by", None) == "time"
        runner.submit(lambda conn: conn.execute("DELETE FROM observation"), failed=failed.append)
        qtbot.waitUntil(lambda: len(failed) == 2, timeout=5000)
        assert "not authorized" in str(failed[1]) or "readonly" in str(failed[1])
    finally:
        runner.shutdown()


def test_superseded_jobs_that_never_ran_are_forgotten(qtbot, runner):
    """A burst of submissions (a typed word) leaves the runner idle once the last one is answered."""
    done = []
    for i in range(20):
        runner.submit(lambda conn, n=i: n, done=done.append, channel="burst")
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert done[-1:] == [19] and set(done) <= set(range(20))
