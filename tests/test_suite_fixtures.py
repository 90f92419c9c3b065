"""The suite's own shared files (conftest.shared_file): made once, read-only, left whole or not at all."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest
from conftest import _SHARED, changed_shared_files, shared_file


@pytest.fixture
def factory(tmp_path, monkeypatch):
    """A worker's temporary-path factory inside this test's folder (the run's shared folder is its parent)."""
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw9")
    base = tmp_path / "run" / "popen-gw9"
    base.mkdir(parents=True)
    yield SimpleNamespace(getbasetemp=lambda: base)
    for path in [p for p in _SHARED if tmp_path in p.parents]:
        del _SHARED[path]


def test_the_session_databases_are_read_only_files(built_db, shifted_db, two_editions):
    import os

    for db in (built_db, shifted_db, two_editions):
        assert not db.stat().st_mode & 0o222, db
        if os.geteuid() != 0:                    # root writes into read-only files
            conn = sqlite3.connect(db)
            try:
                with pytest.raises(sqlite3.OperationalError, match="readonly"):
                    conn.execute("CREATE TABLE x (a)")
            finally:
                conn.close()


def test_a_shared_file_is_made_once_read_only_and_a_change_to_it_is_found(factory, tmp_path):
    made = []

    def make(path):
        made.append(path)
        path.write_text("made")

    path = shared_file(factory, "probe/probe.txt", make)
    assert shared_file(factory, "probe/probe.txt", make) == path and len(made) == 1
    assert path.read_text() == "made" and not path.stat().st_mode & 0o222
    assert sorted(p.name for p in path.parent.parent.iterdir()) == ["probe", "probe.lock"]   # no .part left
    assert path not in changed_shared_files()
    path.chmod(0o644)
    path.write_text("changed by a test")
    assert changed_shared_files() == [path]


def test_a_make_that_fails_leaves_no_part_folder_and_the_next_worker_makes_it(factory, monkeypatch):
    def fail(path):
        path.write_text("half a database")
        raise RuntimeError("the build failed")

    with pytest.raises(RuntimeError, match="the build failed"):
        shared_file(factory, "probe/probe.txt", fail)
    shared = factory.getbasetemp().parent / "shared"
    assert sorted(p.name for p in shared.iterdir()) == ["probe.lock"]
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw10")
    path = shared_file(factory, "probe/probe.txt", lambda p: p.write_text("whole"))
    assert path.read_text() == "whole"


def test_a_thread_working_for_a_modules_shared_widget_is_its_owners_and_no_other_is(qapp):
    """_no_dangling_threads lets the threads of a module's shared widget (shared_by_module) run from one test to
    the next: a thread under the widget, or a Runner's worker whose runner is, is the widget's; any other is not."""
    from conftest import _module_owners, _owner_of
    from PySide6.QtCore import QObject, QThread

    owner, stranger = QObject(), QObject()
    child = QThread(QObject(owner))                         # a thread deep under the widget
    worker = QThread()
    worker._runner = QObject(owner)                          # a Runner's worker: its runner is under the widget
    other, loose = QThread(stranger), QThread()
    _module_owners.append(owner)
    try:
        assert _owner_of(child) is owner and _owner_of(worker) is owner
        assert _owner_of(other) is None and _owner_of(loose) is None
    finally:
        _module_owners.remove(owner)
    assert _owner_of(child) is None                          # once the module's tests are done, nobody's
