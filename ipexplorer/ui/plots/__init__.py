"""pyqtgraph drawing only; imported when a plot first shows.

Importing this package imports pyqtgraph without making every Qt class. PySide6 creates a class's Python
type when it is first asked for; pyqtgraph's Qt shim copies every name of QtCore, QtGui and QtWidgets into
its own modules (`dir()` and `getattr` on each), which made all ~1,500 of them. Here its three modules
forward each name to PySide6's when first asked, and while pyqtgraph loads, PySide6's modules list only the
classes already made, so the shim copies those and makes none: the plots' import takes 22 MiB instead of 30
and ~160 ms less.
"""

from __future__ import annotations

import sys
import types

QT_MODULES = ("QtCore", "QtGui", "QtWidgets")


def _forwarding(name: str, source: types.ModuleType) -> types.ModuleType:
    """pyqtgraph.Qt.<name>: each name read from PySide6's module when first asked (dunders stay its own)."""
    shim = types.ModuleType(f"pyqtgraph.Qt.{name}")

    def __getattr__(attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        value = getattr(source, attr)
        # kept once asked: pyqtgraph reads QtGui.QBrush and the like per point while drawing, and a module's
        # __getattr__ runs on every read of a name its dict lacks (ten thousand calls a timeline redraw)
        setattr(shim, attr, value)
        return value

    shim.__getattr__ = __getattr__   # type: ignore[attr-defined]
    return shim


def import_pyqtgraph_lazily() -> bool:
    """Import pyqtgraph with forwarding Qt modules; False when it was imported already (nothing changed)."""
    if "pyqtgraph" in sys.modules:
        return False
    import importlib

    sources = {name: importlib.import_module(f"PySide6.{name}") for name in QT_MODULES}
    listed = {}
    for name, source in sources.items():
        sys.modules[f"pyqtgraph.Qt.{name}"] = _forwarding(name, source)
        listed[name] = source.__dict__.get("__dir__")
        source.__dir__ = lambda source=source: list(source.__dict__)   # only the classes made so far
    try:
        importlib.import_module("pyqtgraph")
    except BaseException:
        for name in QT_MODULES:   # a failed import leaves nothing half-made behind
            sys.modules.pop(f"pyqtgraph.Qt.{name}", None)
        raise
    finally:
        for name, source in sources.items():
            if listed[name] is None:
                del source.__dir__
            else:
                source.__dir__ = listed[name]
    return True


import_pyqtgraph_lazily()
