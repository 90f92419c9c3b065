""""Copy as Python": the copied script gives the grid's rows, and the Charts pane's command line its chart."""

from __future__ import annotations

import shlex

import pandas as pd
import pytest
from PySide6.QtGui import QGuiApplication

from ipexplorer.main import main
from ipexplorer.query.builder import ColumnFilter
from ipexplorer.ui.grid.table_model import RAW_ROLE
from ipexplorer.ui.shell.export_dialog import view_columns
from tests.test_chart_command import png_size, svg_text


def settle(qtbot, explorer, change=None):
    """Apply a change to the explorer and wait until every row of the new view is loaded."""
    if change is not None:
        with qtbot.waitSignal(explorer.model.loaded, timeout=10000):
            change(explorer)
    explorer.model.fetch_all()
    qtbot.waitUntil(lambda: explorer.model.fully_loaded, timeout=10000)


def grid_rows(explorer) -> tuple[list[str], list[list]]:
    """The shown columns' keys and every row's raw values, as the grid holds them."""
    columns = view_columns(explorer)
    model = explorer.model
    logical = [model.column_index(c.key) for c in columns]
    last = model.rowCount() - 1    # each column read at once (an index per cell of 6,520 rows takes a second)
    rows = [list(row) for row in zip(*(model.column_slice(c, 0, last) for c in logical), strict=True)]
    if rows:
        assert rows[-1] == [model.index(last, c).data(RAW_ROLE) for c in logical]   # as RAW_ROLE gives them
    return [c.key for c in columns], rows


def run_copied(window) -> tuple[str, pd.DataFrame]:
    window.copy_python_action.trigger()
    script = QGuiApplication.clipboard().text()
    namespace: dict = {}
    exec(compile(script, "<copied>", "exec"), namespace)
    return script, namespace["df"]


def frame_rows(df: pd.DataFrame) -> list[list]:
    return [[None if pd.isna(v) else v for v in row] for row in df.itertuples(index=False)]


VIEWS = {
    "wide, sorted, filtered": (1, "wide", lambda e: (
        e.set_filter(ColumnFilter("kind_zh", values=("省级行政区 Province",))),
        e.sort_by("c5", ascending=False))),
    "wide, top 5 and a hidden column": (3, "wide", lambda e: (
        e.set_filter(ColumnFilter("c4", top=5)), e.set_column_visible(e.model.column_index("c2"), False))),
    "long, range, two sort keys": (2, "long", lambda e: (
        e.set_filter(ColumnFilter("value", low=1000, high=50_000)), e.sort_by("year"),
        e.sort_by("value", add=True, ascending=True))),
    "long, quick text": (8, "long", lambda e: (e.quick.setText("jiang"), e._apply_quick())),
    "all observations": (None, "long", lambda e: e.set_filter(ColumnFilter("year", values=(2019,)))),
    "in-text table": (101, "wide", None),
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_the_copied_script_gives_the_grids_rows(qtbot, window, name):
    table, layout, change = VIEWS[name]
    explorer = window.explorer
    window.show_pane("tables")
    settle(qtbot, explorer, lambda e: e.show_table(table, layout))
    if change is not None:
        settle(qtbot, explorer, change)
    keys, rows = grid_rows(explorer)
    assert rows, "the view must show rows for the comparison to mean something"
    script, df = run_copied(window)
    assert script.startswith("import ipexplorer") and "db.view(" in script
    assert df.attrs["keys"] == keys
    assert frame_rows(df) == rows


def test_names_language_and_titles(qtbot, window):
    explorer = window.explorer
    window.show_pane("tables")
    settle(qtbot, explorer, lambda e: e.show_table(1, "wide"))
    explorer.names_combo.setCurrentIndex(explorer.names_combo.findData("en"))   # the same rows, other columns
    _keys, rows = grid_rows(explorer)
    _script, df = run_copied(window)
    assert frame_rows(df) == rows
    assert df.columns[0] == ("", "Region") and ("2020", "Invention patent") in list(df.columns)


def test_the_context_menu_and_the_edit_menu_hold_it(qtbot, window):
    explorer = window.explorer
    window.show_pane("tables")
    assert explorer.copy_python_action in explorer.cell_menu(explorer.model.index(0, 0)).actions()
    assert window.copy_python_action.isEnabled() and not window.copy_command_action.isEnabled()
    window.show_pane("timeline")
    assert not window.copy_python_action.isEnabled()


def test_the_consoles_result_as_a_script(qtbot, window):
    console = window.console
    window.show_pane("sql")
    console.editor.setPlainText("SELECT region_zh, year, value FROM observations "
                                "WHERE table_no = 2 AND ip_type = 'design'")
    console.run()
    qtbot.waitUntil(lambda: not console.running and console.results.dataset is not None, timeout=10000)
    results = console.results
    value_key = results.model.columns[2].key
    for change in (lambda: results.sort_by(value_key, ascending=False),
                   lambda: results.set_filter(ColumnFilter(results.model.columns[1].key, values=(2020,))),
                   lambda: results.set_quick_filter("国")):
        with qtbot.waitSignal(results.model.loaded, timeout=10000):
            change()
    results.model.fetch_all()
    qtbot.waitUntil(lambda: results.model.fully_loaded, timeout=10000)
    model = results.model
    rows = [[model.index(r, c).data(RAW_ROLE) for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert 3 < len(rows) < 100
    script, df = run_copied(window)
    assert "'sql':" in script and "SELECT region_zh" in script
    assert frame_rows(df) == rows


def test_the_copied_chart_command_draws_the_panes_chart(qtbot, window, tmp_path):
    explorer, charts = window.explorer, window.charts
    window.show_pane("charts")
    qtbot.waitUntil(lambda: charts.plot is not None and charts.data is not None and charts.settled(), timeout=10000)
    settle(qtbot, explorer, lambda e: e.show_table(1, "wide"))
    settle(qtbot, explorer, lambda e: e.set_filter(ColumnFilter("kind_zh", values=("省级行政区 Province",))))
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData("years"))
    charts.top_spin.setValue(12)
    qtbot.waitUntil(lambda: not charts._dirty)
    qtbot.wait(100)   # the pane's layout settles: the command names the plot's size as shown
    assert window.copy_command_action.isEnabled()
    for suffix in (".png", ".svg"):
        shown = (charts.plot.width(), charts.plot.height())
        window.copy_command_action.trigger()
        args = shlex.split(QGuiApplication.clipboard().text())
        assert args[:2] == ["ipexplorer", "chart"]
        out = tmp_path / f"chart{suffix}"
        args[args.index("--out") + 1] = str(out)
        assert main(args[1:]) == 0
        if suffix == ".png":
            assert png_size(out) == shown
        else:
            drawn = "".join(svg_text(out).split())   # a title wrapped to the plot's width loses the space it broke at
            assert "".join(charts.data.caption.split()) in drawn and "".join(charts.data.title_zh.split()) in drawn
    script, df = run_copied(window)   # on the Charts pane: the table's script and the command as a comment
    assert "# ipexplorer chart --table 1 --kind grouped" in script
    assert frame_rows(df) == grid_rows(explorer)[1]
