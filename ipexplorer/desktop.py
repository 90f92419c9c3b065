"""Desktop integration on Linux: the launcher entry and icons, under the user's XDG data folder."""

from __future__ import annotations

import os
import shutil
import sys
from importlib import resources
from pathlib import Path

ICON_SIZES = (16, 32, 48, 64, 128, 256)


def _resource(*parts: str) -> Path:
    return Path(str(resources.files("ipexplorer.resources").joinpath(*parts)))


def xdg_data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launcher_command() -> str:
    """The `ipexplorer` script of this installation, else this Python running the module."""
    script = Path(sys.executable).parent / "ipexplorer"
    if script.exists():
        return str(script)
    found = shutil.which("ipexplorer")
    return found or f"{sys.executable} -m ipexplorer.main"


def install_desktop(data_home: Path | None = None) -> list[Path]:
    """Write ipexplorer.desktop (Exec pointing at this installation) and the icons; returns the files."""
    data_home = data_home or xdg_data_home()
    entry = _resource("desktop", "ipexplorer.desktop").read_text(encoding="utf-8")
    command = launcher_command()
    exec_value = f'"{command}"' if " " in command and not command.endswith("ipexplorer.main") else command
    entry = entry.replace("Exec=ipexplorer", f"Exec={exec_value}", 1)
    written = []
    target = data_home / "applications" / "ipexplorer.desktop"
    target.parent.mkdir(parents=True, exist_ok=True)
    from ipexplorer.export.files import atomic_path
    from ipexplorer.export.sheets import ExportError

    try:
        with atomic_path(target) as tmp:
            tmp.write_text(entry, encoding="utf-8")
    except ExportError as exc:
        raise OSError(str(exc)) from None
    written.append(target)
    for size in ICON_SIZES:
        icon = data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "ipexplorer.png"
        icon.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_resource("icons", f"ipexplorer-{size}.png"), icon)
        written.append(icon)
    svg = data_home / "icons" / "hicolor" / "scalable" / "apps" / "ipexplorer.svg"
    svg.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_resource("icons", "ipexplorer.svg"), svg)
    written.append(svg)
    return written
