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
    """Every pane, and the work each does most: each step waits for what it does (not a fixed time) and checks
    it was done, so a step that silently did nothing cannot pass as "no SQL on the GUI thread"."""
    from ipexplorer.query.builder import ColumnFilter
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    qtbot.waitExposed(window)
    traced["on"] = True

    def until(condition, timeout: int = 10000) -> None:
        qtbot.waitUntil(condition, timeout=timeout)

    for key in ("overview", "tables", "charts", "timeline", "search", "regions", "sql", "report"):
        window.show_pane(key)
        assert window.current_pane() == key
    until(lambda: window.overview.data is not None and bool(window.overview.cards))
    explorer = window.explorer
    model = explorer.model
    window.show_pane("tables")
    until(lambda: model.fully_loaded and model.rowCount() > 0)

    def loaded() -> bool:
        return model.fully_loaded and model.total is not None

    explorer.sort_by("c4")
    until(lambda: model.state.sort[:1] == (("c4", False),) and loaded())
    explorer.set_filter(ColumnFilter("c4", low=1000))
    until(lambda: model.state.filter_for("c4") is not None and loaded())
    explorer.quick.setText("guang")
    until(lambda: model.state.quick_text == "guang" and loaded())
    assert 0 < model.rowCount() < 31
    with qtbot.waitSignal(model.loaded, timeout=10000):
        explorer.show_table(4, "wide")
    with qtbot.waitSignal(model.loaded, timeout=10000):
        explorer.show_table(None, "long")
    assert explorer.dataset.key == "long:all" and model.rowCount() > 0
    with qtbot.waitSignal(explorer.grid.popup_shown, timeout=10000):
        explorer.grid.open_filter_popup(model.column_index("region_zh"))
    explorer.grid.popup.close()
    year_menu = explorer.facet_buttons["year"].menu()
    year_menu.aboutToShow.emit()
    until(lambda: any(a.isCheckable() for a in year_menu.actions()))     # the years arrived off the GUI thread
    with qtbot.waitSignal(explorer.grid.all_selected, timeout=10000):
        explorer.select_all()
    assert model.fully_loaded and {r for r, _c in explorer.grid.selected_pairs()} == set(range(model.rowCount()))
    explorer.grid.view.clearSelection()   # a chart outlining all 6,520 rows takes seconds more (not what this checks)
    window.show_pane("charts")
    charts = window.charts
    until(lambda: charts.plot is not None and charts.data is not None and charts.settled())
    window.show_pane("timeline")
    timeline = window.timeline
    until(lambda: timeline.model.rowCount() > 0 and timeline.model.fully_loaded)
    timeline.grid.sort_by("text", ascending=False)
    until(lambda: timeline.model.state.sort[:1] == (("text", False),) and timeline.model.fully_loaded)
    with qtbot.waitSignal(timeline.details_shown, timeout=10000):
        timeline.select_index(3)
    shown = timeline.model.rowCount()
    with qtbot.waitSignal(timeline.refreshed, timeout=10000):
        timeline.text_filter.setText("专利")
    until(lambda: timeline.model.fully_loaded)
    assert 0 < timeline.model.rowCount() < shown
    window.show_pane("search")
    with qtbot.waitSignal(window.search.searched, timeout=10000):
        window.search.set_query("WIPO")
    assert window.search.model.hits
    window.show_pane("regions")
    regions = window.regions
    regions.search.setText("guang")
    until(lambda: 0 < regions.list_model.rowCount() < 10)       # 广东, 广西, 广州 …, the list found off the GUI thread
    with qtbot.waitSignal(regions.region_shown, timeout=10000):
        window.open_region("广东")
    until(lambda: regions.profile is not None and regions.profile.name == "广东" and regions.values.model.fully_loaded)
    regions.values.sort_by("change", ascending=False)
    until(lambda: regions.values.model.state.sort[:1] == (("change", False),) and regions.values.model.fully_loaded)
    window.show_pane("sql")
    console = window.console
    console.editor.setPlainText("SELECT * FROM observations")
    console.run()
    until(lambda: not console.running and console.results.dataset is not None
          and console.results.model.rowCount() > 0)
    results = console.results
    key = results.model.columns[1].key
    with qtbot.waitSignal(results.model.loaded, timeout=10000):
        results.sort_by(key)
    assert results.model.state.sort[0][0] == key
    with qtbot.waitSignal(results.popup_shown, timeout=10000):
        results.open_filter_popup(1)
    results.popup.close()
    reader = window.report_view
    with qtbot.waitSignal(reader.place_changed, timeout=10000,
                          check_params_cb=lambda place: place.line == 1600 or place.para_id is not None):
        window.open_report_line(1600)
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
