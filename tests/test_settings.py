"""Settings: a crafted file cannot run code, a wrong-typed value is ignored, a failed start quits cleanly."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipexplorer.ui.shell.settings import DEFAULTS, Settings


class _Evil:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, path: Path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def ini(path: Path):
    """The QSettings on `path` that tests hand to Settings (only its file name is used)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(path), QSettings.Format.IniFormat)


def crafted_conf(path: Path, victim: Path) -> Path:
    """An ipexplorer.conf as QSettings writes a pickled Python object, for every key that held bytes."""
    from PySide6.QtCore import QSettings

    writer = QSettings(str(path), QSettings.Format.IniFormat)
    for key, default in DEFAULTS.items():
        writer.setValue(key, _Evil(victim) if isinstance(default, bytes) else default)
    writer.sync()
    del writer
    assert "PyObjectWrapper" in path.read_text(encoding="utf-8", errors="replace")
    assert not victim.exists()
    return path


def test_a_pickle_in_the_settings_file_never_runs(qtbot, built_db, tmp_path, caplog):
    from ipexplorer.ui.shell.main_window import MainWindow

    victim = tmp_path / "pwned"
    conf = crafted_conf(tmp_path / "ipexplorer.conf", victim)
    settings = Settings(ini(conf))
    with caplog.at_level(logging.WARNING, logger="ipexplorer.ui.shell.settings"):
        for key in DEFAULTS:
            settings.get(key)
        window = MainWindow(built_db, None, settings=settings)
        qtbot.addWidget(window)
        window.show()
        window.close()
    assert not victim.exists()
    assert "pickled Python object" in caplog.text
    # saving rewrites the file without the pickles
    text = conf.read_text(encoding="utf-8")
    assert "PyObjectWrapper" not in text and "@Variant" not in text
    assert not victim.exists()


def test_the_app_started_on_a_crafted_settings_file_runs_no_code(built_db, tmp_path):
    """The real start path, with the user's settings file (XDG_CONFIG_HOME) carrying pickles."""
    victim = tmp_path / "pwned"
    crafted_conf(tmp_path / "config" / "ipexplorer" / "ipexplorer.conf", victim)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "ipexplorer", "--db", str(built_db), "--exit-after-first-paint"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "first paint" in done.stdout
    assert not victim.exists()


def test_bytes_are_stored_as_text_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setitem(DEFAULTS, "test/number", 1)       # no setting of the app is a number or a flag today
    monkeypatch.setitem(DEFAULTS, "test/flag", True)
    path = tmp_path / "s.conf"
    settings = Settings(path)
    settings.set("window/geometry", b"\x00\x01binary\xff")
    settings.set("explorer/view", '{"a, b": "x=y"}')
    settings.set("test/number", 7)
    settings.set("test/flag", False)
    settings.sync()
    text = path.read_text(encoding="utf-8")
    assert "@Variant" not in text and "PyObjectWrapper" not in text
    again = Settings(path)
    assert again.get("window/geometry") == b"\x00\x01binary\xff"
    assert again.get("explorer/view") == '{"a, b": "x=y"}'
    assert again.get("test/number") == 7
    assert again.get("test/flag") is False
    # QSettings reads the plain values the same way (a file that older versions can still open)
    from PySide6.QtCore import QSettings

    assert QSettings(str(path), QSettings.Format.IniFormat).value("explorer/view") == '{"a, b": "x=y"}'


MALFORMED = """\
[window]
geometry=not-bytes
state=@ByteArray(\\x1\\x2)
pane=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x18PySide::PyObjectWrapper\\0\\0\\0\\0\\x2\\x80\\x4)
this line is not a key
[explorer]
view="[1,2,3]"
state="[1,2,3]"
headers={"1": 5, "2": "!!not base64!!"}
table=abc
layout=1, 2
names=\\q
pinyin_order=maybe
splitter=AAAA
[charts]
spec={"top": "x", "kind": 5, "sort": [], "slice": 3}
splitter=%%%
[search]
recent={"not": "a list"}
[timeline]
splitter=
"""


def test_wrong_typed_values_are_ignored_with_a_log_line(qtbot, built_db, tmp_path, caplog):
    from ipexplorer.ui.shell.main_window import MainWindow

    conf = tmp_path / "ipexplorer.conf"
    conf.write_text(MALFORMED, encoding="utf-8")
    settings = Settings(ini(conf))
    with caplog.at_level(logging.WARNING, logger="ipexplorer.ui.shell.settings"):
        assert settings.get("window/geometry") == b""
        assert settings.get("explorer/view") == ""
        assert settings.get("search/recent") == ""
        assert settings.get("window/pane") == "overview"
        window = MainWindow(built_db, None, settings=settings)
        qtbot.addWidget(window)
        window.show()
        for pane in window.panes:
            window.show_pane(pane)
        window.close()
    for key in ("window/geometry", "explorer/view", "search/recent"):
        assert f"ignored {key}" in caplog.text


FAILING_START = """
import sys
from pathlib import Path
import ipexplorer.ui.shell.app as app
from ipexplorer.ui.shell import main_window
def boom(self):
    raise RuntimeError("restoring failed")
main_window.MainWindow._restore = boom     # after the panes (and their query threads) have started
app.show_error = lambda *a, **k: None
sys.exit(app.run_app(Path(sys.argv[1])))
"""


def test_a_window_that_fails_to_open_quits_cleanly_and_non_zero(built_db, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", FAILING_START, str(built_db)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Destroyed while thread" not in done.stderr


@pytest.mark.parametrize("key", [k for k, v in DEFAULTS.items() if isinstance(v, bytes)])
def test_a_qbytearray_is_accepted_for_bytes_keys(tmp_path, key):
    from PySide6.QtCore import QByteArray

    settings = Settings(tmp_path / "s.conf")
    settings.set(key, QByteArray(b"abc"))
    assert settings.get(key) == b"abc"


@pytest.mark.parametrize("view", [
    '{"current": {"table": "x", "layout": 5, "names": [], "query": {"filters": "x", "sort": [[1, 2, 3]]}},'
    ' "views": {"wide:1": {"column_facets": 5, "columns": "abc", "widths": {"c4": "wide"}, "query": 7}}}',
    '{"current": [1, 2], "views": {"wide:1": [1, 2]}}',
    '{"current": {"table": 1, "columns": ["nope", 3]}, "views": {"wide:1": {"column_facets": {"kind_zh": 3},'
    ' "widths": {"c4": -5}, "columns": ["no_such_column"]}}}',
    '{"views": 3}',
])
def test_damaged_saved_table_views_open_the_table_as_default(qtbot, built_db, tmp_path, view):
    from ipexplorer.ui.shell.main_window import MainWindow

    conf = tmp_path / "ipexplorer.conf"
    conf.write_text(f"[explorer]\nview={_quoted(view)}\nstate=garbage\nheaders=AAAA\n[window]\npane=tables\n",
                    encoding="utf-8")
    window = MainWindow(built_db, None, settings=Settings(ini(conf)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.explorer.model.rowCount() > 0)
    assert window.explorer.dataset.key == "wide:1" and window.explorer.visible_columns()
    window.show_pane("charts")
    qtbot.waitUntil(lambda: window.charts.model.rowCount() > 0)
    window.close()


def _quoted(text: str) -> str:
    """Text as QSettings writes it in an ini file: quoted, with backslashes and quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_the_pane_on_show_is_written_a_moment_after_the_last_switch_not_on_each(qtbot, built_db, settings):
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    on_disk = lambda: Settings(settings.path).get("window/pane")   # noqa: E731  (read afresh from the file)
    qtbot.waitUntil(lambda: not window._pane_timer.isActive(), timeout=5000)
    before = settings.path.stat().st_mtime_ns if settings.path.exists() else None
    for key in ("timeline", "search", "regions"):
        window.show_pane(key)
    assert (settings.path.stat().st_mtime_ns if settings.path.exists() else None) == before   # nothing yet
    qtbot.waitUntil(lambda: on_disk() == "regions", timeout=5000)
    window.show_pane("search")
    window.save()                                        # at once on save (and so on close)
    assert on_disk() == "search"
    window.close()


def test_closing_the_window_writes_the_settings_file_once(qtbot, built_db, settings, monkeypatch):
    """The window's and every built pane's values are kept in one write of the file, not one write per value; a
    reset forgets them in one write too."""
    from ipexplorer.ui.shell import settings as settings_module
    from ipexplorer.ui.shell.main_window import MainWindow

    writes: list[int] = []
    write = settings_module._SettingsFile.write

    def counted(self):
        writes.append(len(self.changed))
        write(self)

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    for key in ("tables", "regions", "charts"):
        window.show_pane(key)
    qtbot.waitUntil(lambda: window.charts.plot is not None, timeout=10000)
    monkeypatch.setattr(settings_module._SettingsFile, "write", counted)
    window.save()
    assert len([n for n in writes if n]) == 1 and writes[-1] >= 6     # the window's four values and the panes'
    assert Settings(settings.path).get("window/pane") == "charts" and Settings(settings.path).get("window/geometry")
    writes.clear()
    window.reset_view()
    assert len([n for n in writes if n]) == 1
    assert Settings(settings.path).get("window/geometry") == b""
    window.close()


def test_reset_view_keeps_the_window_within_its_screen(qtbot, window):
    """Reset view gave the window 1280×820 whatever the screen: on a 1024×640 one it ran past its edges."""
    room = window.screen().availableGeometry()
    window.resize(room.width() + 400, room.height() + 300)
    window.reset_view()
    assert window.width() <= room.width() and window.height() <= room.height()
    assert window.size() == window.first_size()
    assert window.first_size().width() == min(1280, room.width())
