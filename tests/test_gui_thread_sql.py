"""No SQL on the GUI thread once the window is shown: every statement of every connection the app opens is traced.

sqlite3.connect is wrapped for the test, so every connection (the store's `connect`, the runner's workers,
the export's) gets a trace callback that notes the statements run on the main thread after `show()`.
The few allowed are listed in ALLOWED with why; each is a lookup of a few rows, well under 1 ms.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

# (substring of the statement, why it may run on the GUI thread)
ALLOWED: tuple[tuple[str, str], ...] = ()


@pytest.fixture
def traced(monkeypatch):
    """Statements run on the main thread while `traced["on"]` is set, with the time they started."""
    state = {"on": False, "statements": []}
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)

        def trace(statement: str) -> None:
            if state["on"] and threading.current_thread() is threading.main_thread():
                state["statements"].append((statement, time.perf_counter()))

        conn.set_trace_callback(trace)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    return state


def unexpected(statements) -> list[str]:
    return [s for s, _t in statements if not any(a in s for a, _why in ALLOWED)]


def test_no_statement_runs_on_the_gui_thread_after_the_window_is_shown(qtbot, built_db, settings, traced):
    from ipexplorer.query.builder import ColumnFilter
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    qtbot.waitExposed(window)
    traced["on"] = True
    # every pane, and the work each does most
    for key in ("overview", "tables", "charts", "timeline", "search", "regions", "sql", "report"):
        window.show_pane(key)
        qtbot.wait(150)
    explorer = window.explorer
    window.show_pane("tables")
    qtbot.waitUntil(lambda: explorer.model.fully_loaded and explorer.model.rowCount() > 0, timeout=5000)
    explorer.sort_by("c4")
    explorer.set_filter(ColumnFilter("c4", low=1000))
    explorer.quick.setText("guang")
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(4, "wide")
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(None, "long")
    explorer.grid.open_filter_popup(explorer.model.column_index("region_zh"))
    explorer.facet_buttons["year"].menu().aboutToShow.emit()
    explorer.select_all()
    qtbot.wait(300)
    window.show_pane("charts")
    qtbot.wait(300)
    window.show_pane("timeline")
    timeline = window.timeline
    qtbot.waitUntil(lambda: timeline.model.rowCount() > 0, timeout=5000)
    timeline.grid.sort_by("text", ascending=False)
    timeline.select_index(3)
    timeline.text_filter.setText("专利")
    qtbot.wait(300)
    window.show_pane("search")
    window.search.set_query("WIPO")
    qtbot.wait(200)
    window.show_pane("regions")
    window.regions.search.setText("guang")
    qtbot.wait(300)
    window.open_region("广东")
    qtbot.waitUntil(lambda: window.regions.profile is not None, timeout=5000)
    window.regions.values.sort_by("change", ascending=False)
    window.show_pane("sql")
    console = window.console
    console.editor.setPlainText("SELECT * FROM observations")
    console.run()
    qtbot.waitUntil(lambda: console.results.dataset is not None and console.results.model.rowCount() > 0,
                    timeout=10000)
    console.results.sort_by(console.results.model.columns[1].key)
    console.results.open_filter_popup(1)
    qtbot.wait(300)
    window.open_report_line(1600)
    qtbot.wait(200)
    traced["on"] = False
    found = unexpected(traced["statements"])
    window.close()
    assert not found, "SQL on the GUI thread:\n" + "\n".join(sorted(set(found)))


def test_the_tracer_sees_a_statement_on_the_gui_thread(built_db, traced):
    """The check itself can fail: a statement run here, on the main thread, is caught."""
    from ipexplorer.store.database import connect

    traced["on"] = True
    conn = connect(built_db)
    conn.execute("SELECT count(*) FROM observation").fetchone()
    conn.close()
    assert any("FROM observation" in s for s in unexpected(traced["statements"]))


def test_the_window_opening_on_the_overview_reads_its_figures_off_the_gui_thread(qtbot, built_db, settings, traced):
    """From the window's construction on: the Overview's cards, checks and provinces' chart come from its runner."""
    from ipexplorer.ui.shell.main_window import MainWindow

    traced["on"] = True
    window = MainWindow(built_db, settings=settings, pane="overview")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    overview = window.overview
    qtbot.waitUntil(lambda: overview.data is not None and bool(overview.province_bars.rows), timeout=10000)
    traced["on"] = False
    found = unexpected(traced["statements"])
    window.close()
    assert overview.cards and not found, "SQL on the GUI thread:\n" + "\n".join(sorted(set(found)))
