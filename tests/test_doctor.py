"""`ipexplorer doctor` and the launcher's advice when no window can open: missing libraries are simulated by
feeding the checks crafted `ldd` / `fc-list` output (the machine's own packages stay installed)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ipexplorer import doctor
from ipexplorer.cli import main

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f08)
\tlibxcb-cursor.so.0 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => /lib/x86_64-linux-gnu/libxcb-icccm.so.4 (0x00007f08)
\tlibEGL.so.1 => not found
\tlibxcb-cursor.so.0 => not found
\tlibweird-thing.so.3 => not found
"""


def test_ldd_output_gives_the_missing_sonames_once_each():
    assert doctor.missing_from_ldd(LDD_MISSING) == ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libEGL.so.1",
                                                   "libweird-thing.so.3"]
    assert doctor.missing_from_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


def test_missing_libraries_are_named_with_their_packages_and_the_command():
    check = doctor.check_platform(lambda _path: LDD_MISSING, "xcb")
    assert not check.ok
    assert check.packages == ["libxcb-cursor0", "libxkbcommon-x11-0", "libegl1"]
    assert "libweird-thing.so.3" in check.detail and "apt-file" in check.detail
    text = doctor.Report([check]).text()
    assert "sudo apt-get install -y libxcb-cursor0 libxkbcommon-x11-0 libegl1" in text


def test_the_plugin_of_this_machine_is_found_and_read_with_ldd():
    seen = []
    check = doctor.check_platform(lambda path: seen.append(path) or "", "xcb")
    assert check.ok and seen and seen[0].name == "libqxcb.so"


def test_no_chinese_font_names_the_font_package():
    assert doctor.check_cjk_font(lambda: "").packages == ["fonts-noto-cjk"]
    assert doctor.check_cjk_font(lambda: None).packages == ["fontconfig", "fonts-noto-cjk"]
    assert doctor.check_cjk_font(lambda: "Noto Sans CJK SC,Noto Sans CJK SC Regular\n").ok


def test_doctor_command_lists_every_check_and_exits_1_when_something_is_missing(built_db, capsys, monkeypatch):
    monkeypatch.setattr(doctor, "run_ldd", lambda _path: LDD_MISSING)
    monkeypatch.setattr(doctor, "run_fc_list", lambda: "")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert main(["doctor", "--db", str(built_db)]) == 1
    out = capsys.readouterr().out
    for name in ("Qt platform 'xcb'", "display", "Chinese font", "data directory", "database"):
        assert name in out
    assert "sudo apt-get install -y libxcb-cursor0 libxkbcommon-x11-0 libegl1 fonts-noto-cjk" in out


def test_doctor_passes_on_a_complete_machine(built_db, capsys, monkeypatch):
    monkeypatch.setattr(doctor, "run_ldd", lambda _path: "\tlibc.so.6 => /lib/libc.so.6 (0x1)\n")
    monkeypatch.setattr(doctor, "run_fc_list", lambda: "Noto Sans CJK SC\n")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert main(["doctor", "--db", str(built_db)]) == 0
    assert "MISSING" not in capsys.readouterr().out


def test_no_display_gives_advice_and_a_non_zero_exit_not_an_abort(built_db, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "ipexplorer", "--db", str(built_db), "--exit-after-first-paint"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "cannot open its window" in done.stderr and "xvfb-run" in done.stderr
    assert "first paint" not in done.stdout


def test_a_plugin_library_that_cannot_load_gives_the_package_to_install(monkeypatch):
    import ctypes

    def cannot_load(name, *a, **k):
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file or directory")

    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(ctypes, "CDLL", cannot_load)
    problem = doctor.display_problem(lambda _path: "\tlibxcb-cursor.so.0 => not found\n")
    assert problem and "sudo apt-get install -y libxcb-cursor0" in problem
    # ldd saw nothing (a library of a library): what dlopen said is named
    problem = doctor.display_problem(lambda _path: "")
    assert problem and "libxcb-cursor.so.0" in problem and "libxcb-cursor0" in problem


def test_the_display_check_looks_for_qt_once(monkeypatch):
    import ctypes
    import importlib.util

    def cannot_load(name, *a, **k):
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file or directory")

    looked = []
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: looked.append(name) or find_spec(name, *a))
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(ctypes, "CDLL", cannot_load)
    forget = getattr(doctor.qt_dir, "cache_clear", lambda: None)
    forget()
    try:
        assert doctor.display_problem(lambda _path: "")    # the plugin found, then checked with ldd
    finally:
        forget()
    assert looked.count("PySide6") == 1


@pytest.mark.parametrize("platform", ["offscreen", "minimal"])
def test_headless_platforms_need_no_display(monkeypatch, platform):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    assert doctor.display_problem() is None


def test_the_readme_quick_start_and_ci_use_the_same_venv_commands():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    start = readme.index("## Quick start")
    blocks = readme[start:readme.index("## Command line")].split("```sh\n")[1:]
    commands = [b.split("\n```")[0].strip() for b in blocks[:2]]
    run_tests = ".venv/bin/python -m pytest -q -n auto"
    assert commands == ["python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/ipexplorer",
                        f"python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && {run_tests}"]
    assert f"python3 -m venv .venv && .venv/bin/pip install -q -e '.[test,dev]' && {run_tests}" in ci
    assert ".venv/bin/ruff check ipexplorer tests" in ci and ".venv/bin/lint-imports" in ci
    assert 'mktemp -d' in ci and "trap 'rm -rf" in ci
    for package in ("libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libxcb-xinerama0", "fonts-noto-cjk"):
        assert package in readme


def test_requires_python_matches_what_the_tests_use():
    from pathlib import Path

    import tomllib

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"        # tomllib, used by these tests, is 3.11's
    assert any(d.startswith("numpy") for d in project["dependencies"])
    assert {"ruff>=0.5", "import-linter>=2.0"} <= set(project["optional-dependencies"]["dev"])
