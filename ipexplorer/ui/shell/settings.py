"""The one home for persistent settings: typed keys with their defaults, in an ini file read by us.

QSettings turns a Python `bytes` value into a pickled `PyObjectWrapper`, and unpickles whatever such value
it finds while parsing a section, so a crafted settings file could run code at launch. QSettings therefore
only names the file here; reading and writing are our own: strings, numbers, booleans and base64 text,
nothing that can construct an object. A value of the wrong type is ignored with a log line, never fatal.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import os
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QSettings

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "window/geometry": b"",
    "window/state": b"",
    "window/pane": "overview",    # the start page until the user picks another pane
    "ui/language": "system",      # system | zh_CN | en
    "ui/theme": "system",         # system | light | dark
    # JSON of the Tables pane's view states (query.view.ViewState.to_dict): {"current": view, "views": {dataset
    # key: view}}; earlier versions' explorer/table, layout, names, pinyin_order, state and headers are ignored
    "explorer/view": "",
    "explorer/splitter": b"",
    "charts/spec": "",            # JSON: chart kind, slice, year, top N, options
    "charts/splitter": b"",
    "search/recent": "",          # JSON list of recent searches, newest first
    "timeline/splitter": b"",     # the axis above the list and details
    "timeline/list_splitter": b"",
    "timeline/grid": "",          # JSON (ui/view_model.GridView): the event list's sort and column widths
    "timeline/boxes": "",         # JSON: the filter boxes (text, category, month, partner, edition), the event chosen
    "regions/grid": "",           # JSON (GridView): the sort of a region profile's values
    "regions/shown": "",          # the Chinese name of the region whose profile was shown
}
# text keys holding JSON: a value that is not JSON of this type reads as the default
JSON_KEYS: dict[str, type] = {"explorer/view": dict, "charts/spec": dict,
                              "search/recent": list, "timeline/grid": dict, "timeline/boxes": dict,
                              "regions/grid": dict}


def default_path() -> Path:
    """The user's settings file, where QSettings keeps it: ~/.config/ipexplorer/ipexplorer.conf on Linux
    (the name earlier versions used), ipexplorer.ini in the user's configuration folder elsewhere."""
    path = Path(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ipexplorer",
                          "ipexplorer").fileName())
    return path.with_suffix(".conf") if sys.platform.startswith("linux") else path


class Settings:
    """Typed access to the settings file with defaults; tests point it at a temporary file.

    `settings` may be a QSettings (only its file name is used) or a path; all Settings on one file share
    their values, as QSettings objects do.
    """

    def __init__(self, settings: QSettings | str | Path | None = None):
        if settings is None:
            settings = default_path()
        path = Path(settings.fileName() if isinstance(settings, QSettings) else settings)
        self._file = _SettingsFile.for_path(path)

    @property
    def path(self) -> Path:
        return self._file.path

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        raw = self._file.value(key)
        if raw is None:
            return default
        value = _convert(raw, default)
        if value is None or (key in JSON_KEYS and not _is_json(value, JSON_KEYS[key])):
            log.warning("settings: ignored %s in %s: not a valid %s value", key, self._file.path,
                        "JSON " + JSON_KEYS[key].__name__ if key in JSON_KEYS else type(default).__name__)
            return default
        return value

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        default = DEFAULTS[key]
        if isinstance(default, bytes):
            if not isinstance(value, (bytes, bytearray, memoryview)):
                value = bytes(value)   # a QByteArray
            text = base64.b64encode(bytes(value)).decode("ascii")
        elif isinstance(default, bool):
            text = "true" if value else "false"
        elif isinstance(default, int):
            text = str(int(value))
        else:
            text = str(value)
        self._file.set(key, text)

    def clear_group(self, prefix: str) -> None:
        with self.batch():
            for key in DEFAULTS:
                if key.startswith(prefix):
                    self._file.remove(key)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Every change made inside the block written at its end, in one write of the file (a window's close
        saves the window's values and each built pane's)."""
        self._file.held += 1
        try:
            yield
        finally:
            self._file.held -= 1
            if not self._file.held:
                self._file.write()

    def sync(self) -> None:
        self._file.write()


def _convert(raw: str, default: Any) -> Any:
    """The stored text as the default's type, or None if it is not one."""
    if isinstance(default, bytes):
        try:
            return base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            return None
    if isinstance(default, bool):
        return {"true": True, "false": False, "1": True, "0": False}.get(raw.strip().lower())
    if isinstance(default, int):
        try:
            return int(raw.strip())
        except ValueError:
            return None
    return raw


def _is_json(text: str, kind: type) -> bool:
    if text == "":
        return True
    try:
        import json  # here: no JSON setting is read on the way to the first frame

        return isinstance(json.loads(text), kind)
    except (ValueError, RecursionError):
        return False


# --- the file ----------------------------------------------------------------------------------------
# The ini syntax QSettings writes for text ([group] sections, key=value, quotes and backslash escapes), so
# files written by earlier versions keep their plain values; anything that is not plain text (QSettings'
# @Variant(…) pickles, @ByteArray(…) and the like) is ignored with a log line.

_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", '"': '"', "'": "'",
            "\\": "\\", "?": "?", ";": ";", ",": ","}


def _unescape(text: str) -> str | None:
    """A value as QSettings writes plain text; None for anything else (typed @… values, lists)."""
    text = text.strip()
    out: list[str] = []
    i, quoted, pieces = 0, False, 1
    while i < len(text):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "x":
                match = re.match(r"[0-9a-fA-F]{1,4}", text[i + 2:])
                if not match:
                    return None
                out.append(chr(int(match.group(), 16)))
                i += 2 + len(match.group())
                continue
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            return None
        elif ch == "," and not quoted:
            pieces += 1
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    value = "".join(out)
    if pieces > 1 or quoted:
        return None            # a list, or an unclosed quote: not something we wrote
    if text.startswith("@"):
        return value[1:] if text.startswith("@@") else None
    return value


def _escape(value: str) -> str:
    """Text as an ini value that QSettings and `_unescape` read back unchanged."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\x{ord(ch):x}")
        else:
            out.append(ch)
    text = "".join(out)
    if text.startswith("@"):
        text = "@" + text
    if any(c in text for c in ",;=") or text != text.strip() or text.startswith('"'):
        text = f'"{text}"'
    return text


def parse_ini(text: str, origin: str = "settings") -> dict[str, str]:
    """`group/key` → plain text value of an ini file; values that are not plain text are left out."""
    values: dict[str, str] = {}
    group = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith((";", "#")):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            group = stripped[1:-1].strip()
            group = "" if group == "General" else group
            continue
        key, sep, raw = line.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z0-9_./]+", key):
            log.warning("%s: line %d ignored: not a key=value line", origin, number)
            continue
        value = _unescape(raw)
        full = f"{group}/{key}" if group else key
        if value is None:
            kind = "a pickled Python object" if "PyObjectWrapper" in raw or "@Variant" in raw else "not plain text"
            log.warning("%s: ignored %s (line %d): %s", origin, full, number, kind)
            continue
        values[full] = value
    return values


def format_ini(values: dict[str, str]) -> str:
    groups: dict[str, list[tuple[str, str]]] = {}
    for full, value in sorted(values.items()):
        group, _, key = full.rpartition("/")
        groups.setdefault(group or "General", []).append((key, value))
    blocks = []
    for group, items in groups.items():
        blocks.append(f"[{group}]\n" + "".join(f"{k}={_escape(v)}\n" for k, v in items))
    return "\n".join(blocks)


class _SettingsFile:
    """The values of one settings file, shared by every Settings on it; written when changed."""

    _open: ClassVar[dict[Path, _SettingsFile]] = {}
    _lock = threading.RLock()

    def __init__(self, path: Path):
        self.path = path
        self.stamp = self._stamp()
        self.values = self._read()
        self.changed: dict[str, str | None] = {}    # key → new text, None = removed
        self.held = 0    # inside Settings.batch: changes wait for its end

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    @classmethod
    def for_path(cls, path: Path) -> _SettingsFile:
        path = path.absolute()
        with cls._lock:
            found = cls._open.get(path)
            if found is None:
                found = cls._open[path] = cls(path)
            elif found._stamp() != found.stamp:   # written by another process since: read it again
                found.stamp = found._stamp()
                found.values = {**found._read(), **{k: v for k, v in found.changed.items() if v is not None}}
                for key in [k for k, v in found.changed.items() if v is None]:
                    found.values.pop(key, None)
            return found

    def _read(self) -> dict[str, str]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            log.warning("settings: cannot read %s: %s", self.path, exc)
            return {}
        return parse_ini(data.decode("utf-8", errors="replace"), str(self.path))

    def value(self, key: str) -> str | None:
        return self.values.get(key)

    def set(self, key: str, text: str) -> None:
        if self.values.get(key) != text:
            self.values[key] = text
            self.changed[key] = text
            if not self.held:
                self.write()

    def remove(self, key: str) -> None:
        if key in self.values:
            del self.values[key]
            self.changed[key] = None
            if not self.held:
                self.write()

    def write(self) -> None:
        """Merge our changes into the file as it is now (another window may have written it), atomically."""
        if not self.changed:
            return
        from ipexplorer.export.files import atomic_path

        with self._lock:
            current = self._read()
            for key, text in self.changed.items():
                if text is None:
                    current.pop(key, None)
                else:
                    current[key] = text
            try:
                os.makedirs(self.path.parent, exist_ok=True)
                with atomic_path(self.path) as tmp:
                    tmp.write_text(format_ini(current), encoding="utf-8")
            except Exception as exc:   # settings that cannot be saved must not stop the app
                log.warning("settings: cannot write %s: %s", self.path, exc)
                return
            self.changed.clear()
            self.values = current
            self.stamp = self._stamp()
