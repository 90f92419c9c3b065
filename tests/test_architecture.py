"""Layering and packaging: the core needs no Qt; every package is installed; PySide6 is sound."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
CORE = ["ipexplorer.cli", "ipexplorer.paths", "ipexplorer.logs", "ipexplorer.report.appendix",
        "ipexplorer.report.integrity", "ipexplorer.store.build", "ipexplorer.store.database"]


def test_core_imports_without_qt_pandas_or_pyqtgraph():
    """Import the core with Qt, pandas and pyqtgraph made unimportable."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'PySide6', 'shiboken6', 'pyqtgraph', 'pandas'}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        + "".join(f"import {m}\n" for m in CORE)
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "ipexplorer").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject [tool.setuptools] packages: {sorted(found - listed)}"


def test_void_qt_calls_do_not_leak_references_to_none():
    """PySide6 6.12.0 dropped a reference to None on every void call until CPython aborted."""
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for i in range(5000):
        obj.setObjectName(f"n{i % 7}")
    assert sys.getrefcount(None) >= before - 50


def test_the_build_formats_numbers_only_through_query_numbers():
    """report/ and store/ write no number format of their own (thousands separators, signs, %g): one formatter."""
    import re

    spec = re.compile(r":\+?,[^{}]*\}|:\+[^{}]*\}|:,?\.\d+[fg%]\}|:g\}")   # {v:,} {v:+g} {v:.2f} {v:g}
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for package in ("report", "store") for path in (ROOT / "ipexplorer" / package).glob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if spec.search(line) and "isoformat" not in line]
    assert offenders == []


def test_every_table_of_the_app_is_the_one_sql_grid():
    """No table model, proxy, table view or sort() override outside ui/grid/: every tabular place (Tables, the
    chart's table, the console, a region's values, the timeline's list) is ui/grid/sql_grid.SqlGrid, so sorting,
    filtering, selection and copy live once. The region list and the ranked search hits are lists, not tables."""
    import re

    pattern = re.compile(r"\b(QAbstractTableModel|QSortFilterProxyModel|QStandardItemModel|QTableView)\b"
                         r"|def sort\(")
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for path in (ROOT / "ipexplorer" / "ui").rglob("*.py") if "grid" not in path.parts
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []
