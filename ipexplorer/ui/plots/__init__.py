"""pyqtgraph drawing only; imported when a plot first shows.

Importing this package imports pyqtgraph without making every Qt class. PySide6 creates a class's Python
type when it is first asked for; pyqtgraph's Qt shim copies every name of QtCore, QtGui and QtWidgets into
its own modules (`dir()` and `getattr` on each), which made all ~1,500 of them. Here its three modules
forward each name to PySide6's when first asked, and while pyqtgraph loads, PySide6's modules list only the
classes already made, so the shim copies those and makes none: the plots' import takes 22 MiB instead of 30
and ~160 ms less.

pyqtgraph's `__init__` also star-imports every item and widget it has (ROI, ImageView, the histogram and
gradient editors, the remote view, spin boxes, trees …: 70 of its 145 modules, ~7 MiB), where the plots use a
dozen classes. Its source is run with those imports left out (UNUSED) and a module `__getattr__` that
imports a left-out module when one of its names is first asked for, so `pyqtgraph.ImageView` and the like
still work; a pyqtgraph whose `__init__` reads otherwise loses nothing (an import it does not recognise stays).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import re
import sys
import types

QT_MODULES = ("QtCore", "QtGui", "QtWidgets")
# pyqtgraph's star-imports the plots never use (its own modules import what they need of them directly)
UNUSED = ("imageview", *(f"widgets.{name}" for name in (
    "BusyCursor", "CheckTable", "ColorButton", "ColorMapMenu", "ColorMapWidget", "ComboBox", "DataFilterWidget",
    "DataTreeWidget", "DiffTreeWidget", "FeedbackButton", "FileDialog", "GradientWidget", "HistogramLUTWidget",
    "JoystickButton", "LayoutWidget", "PathButton", "ProgressDialog", "RawImageWidget", "RemoteGraphicsView",
    "ScatterPlotWidget", "SpinBox", "TableWidget", "TreeWidget", "ValueLabel", "VerticalLabel")),
    *(f"graphicsItems.{name}" for name in (
        "BoxplotItem", "ColorBarItem", "GradientEditorItem", "GradientLegend", "HistogramLUTItem", "IsocurveItem",
        "PColorMeshItem", "ROI", "TargetItem")))
_STAR_IMPORT = re.compile(r"from \.([\w.]+) import (?:\*|\w+)\s*$")


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
    sources = {name: importlib.import_module(f"PySide6.{name}") for name in QT_MODULES}
    listed = {}
    for name, source in sources.items():
        sys.modules[f"pyqtgraph.Qt.{name}"] = _forwarding(name, source)
        listed[name] = source.__dict__.get("__dir__")
        source.__dir__ = lambda source=source: list(source.__dict__)   # only the classes made so far
    try:
        _import_without_unused()
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


def _import_without_unused() -> types.ModuleType:
    """pyqtgraph, its `__init__` run without the imports of UNUSED; the first name it lacks asked for imports them
    all, as the `__init__` would have. Imported through the import system (a finder for the one name), so
    another thread importing pyqtgraph meanwhile waits for it as for any module, and no bytecode of the
    shortened source is written."""
    finder = _LeftOutFinder()
    sys.meta_path.insert(0, finder)
    try:
        return importlib.import_module("pyqtgraph")
    finally:
        sys.meta_path.remove(finder)


class _LeftOutFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path=None, target=None):
        if name != "pyqtgraph":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return spec   # not a plain source package: imported as it is
        spec.loader = _LeftOutLoader(spec.loader.name, spec.loader.path)
        return spec


class _LeftOutLoader(importlib.machinery.SourceFileLoader):
    left_out: list[str]

    def get_code(self, fullname: str):
        with open(self.path, encoding="utf-8") as f:
            source = f.read().splitlines()
        self.left_out = []
        for i, line in enumerate(source):
            found = _STAR_IMPORT.match(line)
            if found and found[1] in UNUSED:
                source[i] = "pass  # " + line    # the line numbers of a traceback stay the file's
                self.left_out.append(found[1])
        return compile("\n".join(source) + "\n", self.path, "exec", dont_inherit=True)

    def exec_module(self, module: types.ModuleType) -> None:
        loaded: list[bool] = []   # while the package runs, a name it lacks is a submodule `from . import` reads

        def __getattr__(name: str):
            if loaded and not name.startswith("__"):
                loaded.clear()    # the left-out imports run as the package ran them: in its order, each once
                for part in self.left_out:
                    _star_import(module, importlib.import_module(f"pyqtgraph.{part}"))
                if name in module.__dict__:
                    return module.__dict__[name]
            raise AttributeError(f"module 'pyqtgraph' has no attribute {name!r}")

        module.__getattr__ = __getattr__   # type: ignore[attr-defined]
        super().exec_module(module)
        loaded.append(True)


def _star_import(package: types.ModuleType, module: types.ModuleType) -> None:
    """`from module import *` into the package's namespace."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name in vars(module) if not name.startswith("_")]
    package.__dict__.update({name: getattr(module, name) for name in names})

import_pyqtgraph_lazily()
