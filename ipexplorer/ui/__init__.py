"""The desktop interface (Qt). Importing it makes PySide6's import hook cheap before any Qt module of ours loads."""

from __future__ import annotations

import sys


def _cheap_feature_check() -> bool:
    """Let PySide6's import hook look for "PySide6" in a module's file bytes, not through `inspect.getsource`.

    PySide6 (its `__feature__` support, shibokensupport/feature.py) asks of every module imported after it
    whether its source mentions PySide6, by `inspect.getsource`, which tokenizes the file and keeps every line
    in `linecache` for good: ~20 ms of the start and ~13 MiB once numpy and pyqtgraph are in (their lines stay
    at the memory peak even after the cache is cleared). Reading the bytes gives the same answer. Returns
    whether the check was replaced (False on a PySide6 without that hook: nothing to do).
    """
    import PySide6.QtCore  # noqa: F401  (loads shibokensupport, where the hook lives)

    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None:
        return False
    if getattr(check, "reads_bytes", False):
        return True

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return False   # built-in and extension modules: inspect.getsource has none to give either
        try:
            with open(path, "rb") as f:
                return b"PySide6" in f.read()
        except OSError:
            return False

    uses_pyside.reads_bytes = True   # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside
    return True


FEATURE_CHECK_REPLACED = _cheap_feature_check()
