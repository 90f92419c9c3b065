"""Keep the interface translations in step with the code, using the Qt tools that ship with PySide6.

    python tools/translations.py update    # pyside6-lupdate: new strings into resources/i18n/zh_CN/*.ts
    python tools/translations.py fill F    # fill unfinished entries from a TSV of English<TAB>Chinese
    python tools/translations.py check    # list unfinished or empty translations (exit 1 if any)
    python tools/translations.py release   # pyside6-lrelease: the .ts files into ipexplorer_zh_CN.qm

One .ts file per UI module (zh_CN/main_window.ts holds ipexplorer/ui/shell/main_window.py), so edits
to different panes never touch the same file. `release` merges them into the one .qm the app loads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "ipexplorer" / "ui"
I18N = ROOT / "resources" / "i18n"
TS_DIR = I18N / "zh_CN"
QM = I18N / "ipexplorer_zh_CN.qm"


def tool(name: str) -> str:
    """The Qt tool PySide6 ships (its binary: the pyside6-* script starts a Python for each call, ~0.2 s of CPU,
    and update runs one per UI module), else the script next to this Python, else on PATH."""
    try:
        import PySide6

        binary = Path(PySide6.__file__).parent / (name.removeprefix("pyside6-") + (".exe" if os.name == "nt" else ""))
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    except ImportError:
        pass
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials")
    return found


# Qt-free modules that mark interface text for the UI (the panes' titles, read by the CLI too)
MARKED = [ROOT / "ipexplorer" / "pane_list.py"]


def ui_modules() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if p.name != "__init__.py") + MARKED


def update(ts_dir: Path = TS_DIR, modules: list[Path] | None = None) -> list[Path]:
    """Run lupdate on each UI module into its own .ts (existing translations are kept): one lupdate for all of
    them, given a project of one sub-project per module (its one source, its one .ts), where a run per module
    started the tool ~50 times."""
    import json
    import tempfile

    ts_dir.mkdir(parents=True, exist_ok=True)
    modules = modules or ui_modules()
    targets = [ts_dir / f"{module.stem}.ts" for module in modules]
    projects = [{"projectFile": str(module), "sources": [str(module)], "translations": [str(ts)]}
                for module, ts in zip(modules, targets, strict=True)]
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "lupdate.json"
        project.write_text(json.dumps(projects), encoding="utf-8")
        done = subprocess.run([tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                               "-source-language", "en", "-target-language", "zh_CN", "-project", str(project)],
                              stderr=subprocess.PIPE, text=True)
    # the language is for the files lupdate makes new; said for many files at once, it warns that it usually
    # makes sense for one
    sys.stderr.write("".join(line for line in done.stderr.splitlines(keepends=True)
                             if "-target-language usually only makes sense" not in line))
    done.check_returncode()
    written = []
    for ts in targets:
        if not ts.exists() or not _messages(ts):   # a module without strings needs no file
            ts.unlink(missing_ok=True)
            continue
        written.append(ts)
    return written


def _messages(ts: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(ctx.findtext("name") or "", msg) for ctx in root.iter("context") for msg in ctx.iter("message")]


def unfinished(ts_dir: Path = TS_DIR) -> list[tuple[str, str, str]]:
    """(file, context, source) of every message without a finished translation."""
    missing = []
    for ts in sorted(ts_dir.glob("*.ts")):
        for context, msg in _messages(ts):
            translation = msg.find("translation")
            text = (translation.text or "").strip() if translation is not None else ""
            if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") or not text:
                missing.append((ts.name, context, msg.findtext("source") or ""))
    return missing


def fill(pairs_file: Path, ts_dir: Path = TS_DIR) -> int:
    """Translate unfinished messages whose English source is a line `English<TAB>Chinese` of the file."""
    pairs = {}
    for line in pairs_file.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            en, zh = line.split("\t", 1)
            pairs[en.replace("\\n", "\n")] = zh.replace("\\n", "\n")
    filled = 0
    for ts in sorted(ts_dir.glob("*.ts")):
        tree = ET.parse(ts)
        changed = False
        for msg in tree.getroot().iter("message"):
            translation = msg.find("translation")
            source = msg.findtext("source") or ""
            if translation is not None and translation.get("type") == "unfinished" and source in pairs:
                translation.text = pairs[source]
                del translation.attrib["type"]
                changed = True
                filled += 1
        if changed:
            _write(tree, ts)
    return filled


def _write(tree: ET.ElementTree, ts: Path) -> None:
    # escape apostrophes as lupdate does, so the two tools never rewrite each other's files
    body = ET.tostring(tree.getroot(), encoding="unicode").replace("'", "&apos;")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def release(ts_dir: Path = TS_DIR, qm: Path = QM) -> Path:
    files = sorted(str(p) for p in ts_dir.glob("*.ts"))
    subprocess.run([tool("pyside6-lrelease"), "-silent", *files, "-qm", str(qm)], check=True)
    return qm


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        for ts in update():
            print(ts.relative_to(ROOT))
    elif command == "fill":
        print(f"{fill(Path(argv[1]))} translations filled")
    elif command == "release":
        print(release().relative_to(ROOT))
    elif command == "check":
        missing = unfinished()
        for name, context, source in missing:
            print(f"{name}: {context}: {source!r}")
        print(f"{len(missing)} unfinished translations")
        return 1 if missing else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
