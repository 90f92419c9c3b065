"""`ipexplorer doctor`: what this machine lacks to run the app, and the command that installs it.

Qt's xcb platform plugin aborts the process (exit 134) when one of its ~20 system libraries is missing
or no display can be opened; the launcher asks `display_problem()` first and prints the advice instead.
The libraries are found with `ldd` on the plugin itself (never a list kept by hand that drifts from
the Qt in use), their Debian/Ubuntu packages from the sonames. No Qt is imported here (the core).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# sonames of the libraries Qt's xcb plugin and QtGui load → the Debian/Ubuntu package that holds each
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libpng16.so.16": "libpng16-16",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libICE.so.6": "libice6",
    "libSM.so.6": "libsm6",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libexpat.so.1": "libexpat1",
}
CJK_FONT_PACKAGE = "fonts-noto-cjk"
FONTCONFIG_PACKAGE = "fontconfig"
HEADLESS = ("offscreen", "minimal", "vnc", "linuxfb", "eglfs", "vkkhrdisplay")

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.M)
_CANNOT_OPEN = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


def missing_from_ldd(output: str) -> list[str]:
    """The sonames `ldd` reports as `not found`, in its order, once each."""
    return list(dict.fromkeys(_NOT_FOUND.findall(output)))


def package_for(soname: str) -> str:
    return PACKAGES.get(soname, "")


@functools.cache
def qt_dir() -> Path | None:
    """PySide6's Qt folder (plugins/, lib/), found without importing Qt; looked up once (the launcher's display
    check and the platform check both ask, up to three times per start)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    return folder if folder.is_dir() else None


def platform_name() -> str:
    """The Qt platform this start would use: QT_QPA_PLATFORM, else wayland or xcb as Qt picks on Linux."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if chosen:
        return chosen
    return "xcb"   # Qt 6 on Linux starts with xcb unless told otherwise (wayland only as a fallback)


def plugin_path(name: str) -> Path | None:
    folder = qt_dir()
    if folder is None:
        return None
    path = folder / "plugins" / "platforms" / f"libq{name}.so"
    return path if path.exists() else None


def run_ldd(path: Path) -> str:
    """`ldd PATH`'s output ('' when ldd is not there)."""
    import shutil  # shutil and subprocess: imported here, not on the launcher's way to the first frame
    import subprocess

    if shutil.which("ldd") is None:
        return ""
    try:
        return subprocess.run(["ldd", str(path)], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def run_fc_list() -> str | None:
    """The families fontconfig knows for Chinese; None when fc-list is not installed."""
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        return None
    try:
        return subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    packages: list[str] = field(default_factory=list)


@dataclass
class Report:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def packages(self) -> list[str]:
        return list(dict.fromkeys(p for c in self.checks for p in c.packages))

    def text(self) -> str:
        lines = [f"{'ok' if c.ok else 'MISSING':>7}  {c.name}: {c.detail}" for c in self.checks]
        if self.packages:
            lines += ["", "Install what is missing (Debian, Ubuntu):",
                      f"  sudo apt-get install -y {' '.join(self.packages)}"]
        unnamed = [c for c in self.checks if not c.ok and not c.packages]
        if unnamed:
            lines += ["", "Also see to: " + "; ".join(c.name for c in unnamed)]
        return "\n".join(lines)


def check_platform(ldd: Callable[[Path], str] | None = None, name: str | None = None) -> Check:
    """The Qt platform plugin and the system libraries it loads."""
    ldd = ldd or run_ldd
    name = name or platform_name()
    plugin = plugin_path(name)
    if plugin is None:
        if qt_dir() is None:
            return Check("Qt", False, "PySide6 is not installed in this Python (pip install -e .)")
        return Check(f"Qt platform {name!r}", False, f"no plugin libq{name}.so in {qt_dir()}/plugins/platforms")
    missing = missing_from_ldd(ldd(plugin))
    if not missing:
        return Check(f"Qt platform {name!r}", True, f"{plugin.name} and the libraries it loads are present")
    packages = [package_for(m) for m in missing]
    unknown = [m for m, p in zip(missing, packages, strict=True) if not p]
    detail = f"{plugin.name} needs {', '.join(missing)}"
    if unknown:
        detail += f" (find the package holding {', '.join(unknown)} with `apt-file search`)"
    return Check(f"Qt platform {name!r}", False, detail, [p for p in packages if p])


def check_display(name: str | None = None) -> Check:
    name = name or platform_name()
    if name in HEADLESS:
        return Check("display", True, f"none needed (QT_QPA_PLATFORM={name})")
    if name.startswith("wayland"):
        ok = bool(os.environ.get("WAYLAND_DISPLAY"))
        return Check("display", ok, "WAYLAND_DISPLAY=" + os.environ.get("WAYLAND_DISPLAY", "") if ok else
                     "WAYLAND_DISPLAY is not set")
    display = os.environ.get("DISPLAY", "")
    if display:
        return Check("display", True, f"DISPLAY={display}")
    return Check("display", False, "no DISPLAY: start from a desktop session, run `xvfb-run ipexplorer` "
                                   "(package xvfb), or set QT_QPA_PLATFORM=offscreen for commands without a window")


def check_cjk_font(fc_list: Callable[[], str | None] | None = None) -> Check:
    families = (fc_list or run_fc_list)()
    if families is None:
        return Check("Chinese font", False, "fc-list not found (fontconfig)", [FONTCONFIG_PACKAGE, CJK_FONT_PACKAGE])
    names = sorted({f.split(",")[0].strip() for f in families.splitlines() if f.strip()})
    if names:
        return Check("Chinese font", True, ", ".join(names[:3]) + (" …" if len(names) > 3 else ""))
    return Check("Chinese font", False, "no font with Chinese characters: the report's names would show as boxes",
                 [CJK_FONT_PACKAGE])


def check_data_dir(folder: Path | None = None) -> Check:
    from ipexplorer.paths import data_dir

    try:
        folder = folder or data_dir()
    except OSError as exc:
        return Check("data directory", False, str(exc))
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        return Check("data directory", False, f"{folder}: {probe} is a file, not a folder")
    if not os.access(probe, os.W_OK):
        return Check("data directory", False, f"{folder}: cannot write in {probe}")
    return Check("data directory", True, f"{folder}" + ("" if folder.exists() else " (created on first start)"))


def check_database(db: Path) -> Check:
    from ipexplorer.paths import shipped_report
    from ipexplorer.store.database import inspect_database

    try:
        state = inspect_database(db, shipped_report())
    except Exception as exc:   # any failure to look is worth naming, not a traceback
        return Check("database", False, f"{db}: {type(exc).__name__}: {exc}")
    if state.usable:
        return Check("database", True, f"{db}")
    if state.reason == "missing":
        return Check("database", True, f"{db} (not built yet: built on first start, or `ipexplorer build-db`)")
    return Check("database", True, f"{db} (will be rebuilt: {state.reason})")


def diagnose(db: Path, *, ldd: Callable[[Path], str] | None = None, fc_list: Callable[[], str | None] | None = None,
             platforms: tuple[str, ...] | None = None) -> Report:
    """Every check; the platforms are the one this start would use and, on Linux, xcb (the desktop's)."""
    chosen = platform_name()
    names = platforms or tuple(dict.fromkeys([chosen, "xcb"] if chosen not in ("xcb",) and
                                             not chosen.startswith("wayland") else [chosen]))
    checks = [check_platform(ldd, n) for n in names]
    checks += [check_display(chosen), check_cjk_font(fc_list), check_data_dir(), check_database(db)]
    return Report(checks)


def display_problem(ldd: Callable[[Path], str] | None = None) -> str | None:
    """Why the window cannot open here (no display, a library of the platform plugin missing), or None.

    Cheap when all is well: one environment look-up, and a dlopen of the plugin (whose libraries Qt
    loads next anyway); `ldd` only runs to name what is missing.
    """
    name = platform_name()
    display = check_display(name)
    if not display.ok:
        return advice([display])
    if name in HEADLESS or os.name != "posix":
        return None
    plugin = plugin_path(name.split(":")[0])
    if plugin is None:
        return None      # let Qt say what it knows about a platform we cannot find
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
        return None
    except OSError as exc:
        check = check_platform(ldd, name)
        if check.ok:      # ldd sees nothing missing: name what dlopen said
            found = _CANNOT_OPEN.search(str(exc))
            soname = found.group(1) if found else str(exc)
            check = Check(check.name, False, f"{plugin.name} cannot load {soname}",
                          [p for p in [package_for(soname)] if p])
        return advice([check])


def advice(problems: list[Check]) -> str:
    report = Report(problems)
    return ("ipexplorer cannot open its window here:\n" + report.text()
            + "\n\n`ipexplorer doctor` checks everything the app needs.")
