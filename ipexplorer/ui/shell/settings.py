"""The one home for persistent settings: typed keys with their defaults over QSettings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

DEFAULTS: dict[str, Any] = {
    "window/geometry": b"",
    "window/state": b"",
    "window/pane": "overview",    # the start page until the user picks another pane
    "ui/language": "system",      # system | zh_CN | en
    "ui/theme": "system",         # system | light | dark
    "explorer/table": 1,          # 0 = all observations
    "explorer/layout": "wide",    # wide | long
    "explorer/names": "both",     # zh | en | both
    "explorer/pinyin_order": True,
    "explorer/state": "",         # JSON of the query state, per dataset
    "explorer/headers": "",       # JSON: dataset key -> header state (base64)
    "explorer/splitter": b"",
    "charts/spec": "",            # JSON: chart kind, slice, year, top N, options
    "charts/splitter": b"",
    "search/recent": "",          # JSON list of recent searches, newest first
    "timeline/splitter": b"",     # the axis above the list and details
    "timeline/list_splitter": b"",
}


class Settings:
    """Typed access to QSettings with defaults; tests point QSettings at a temporary folder."""

    def __init__(self, settings: QSettings | None = None):
        self._s = settings or QSettings()

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        if isinstance(default, bool):
            return self._s.value(key, default, type=bool)
        if isinstance(default, int):
            return self._s.value(key, default, type=int)
        if isinstance(default, bytes):
            value = self._s.value(key, default)
            return bytes(value) if value is not None else default
        return self._s.value(key, default, type=str)

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        self._s.setValue(key, value)

    def clear_group(self, prefix: str) -> None:
        for key in DEFAULTS:
            if key.startswith(prefix):
                self._s.remove(key)

    def sync(self) -> None:
        self._s.sync()
