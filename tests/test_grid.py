"""The one SQL grid, wherever it shows: every row under Ctrl+A, filter lists and facets off the GUI thread,
an empty state, a sound Qt model."""

from __future__ import annotations

import pytest
from conftest import arrives_later
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from ipexplorer.query.builder import ColumnFilter
from ipexplorer.store.database import connect
from ipexplorer.ui.grid.sql_grid import SqlGrid
from ipexplorer.ui.grid.table_model import RAW_ROLE
from ipexplorer.ui.panes.sql_console import SqlConsole
from ipexplorer.ui.panes.table_explorer import TableExplorer


@pytest.fixture
def console(qtbot, built_db, tmp_path):
    widget = SqlConsole(built_db, saved_path=tmp_path / "saved.json")
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    widget.shutdown()


@pytest.fixture
def explorer(qtbot, built_db, settings):
    widget = TableExplorer(built_db, settings)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0 and widget.model.fully_loaded)
    yield widget
    widget.shutdown()


def run_query(qtbot, console, sql: str) -> None:
    console.editor.setPlainText(sql)
    with qtbot.waitSignal(console.results.model.loaded, timeout=10000):
        console.run()


def test_console_select_all_copies_every_row_not_only_those_loaded(qtbot, console, built_db):
    conn = connect(built_db)
    expected = conn.execute("SELECT count(*) FROM observations").fetchone()[0]
    conn.close()
    run_query(qtbot, console, "SELECT * FROM observations")
    grid = console.results
    assert isinstance(grid, SqlGrid)
    assert grid.model.rowCount() < expected            # only the first page is loaded
    with qtbot.waitSignal(grid.all_selected, timeout=10000):
        grid.select_all_action.trigger()
    grid.copy_action.trigger()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert expected == 6520 and len(lines) == 1 + expected   # the header row and every row


def test_console_header_popup_lists_values_off_the_gui_thread(qtbot, console):
    run_query(qtbot, console, "SELECT region_zh, value FROM observations WHERE table_no = 1 AND year = 2020")
    grid = console.results
    (popup,) = arrives_later(qtbot, grid.popup_shown, lambda: grid.open_filter_popup(0))   # values read on a worker
    assert popup.list.count() > 30
    popup.set_checked({"北京"})
    with qtbot.waitSignal(grid.model.loaded, timeout=5000):
        popup.apply()
    assert {grid.model.index(r, 0).data() for r in range(grid.model.rowCount())} == {"北京"}


def test_console_grid_model_passes_qtmodeltester(qtmodeltester, qtbot, console):
    run_query(qtbot, console, "SELECT region_zh, year, value FROM observations LIMIT 300")
    qtmodeltester.check(console.results.model)


def test_row_facet_menu_fills_when_its_values_arrive(qtbot, explorer):
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(None, "long")
    menu = explorer.facet_buttons["year"].menu()
    menu.aboutToShow.emit()
    qtbot.waitUntil(lambda: any("2019" in a.text() for a in menu.actions()), timeout=5000)
    texts = [a.text() for a in menu.actions()]
    assert any(t.startswith("2020") and "(" in t for t in texts)
    unticked = int(menu.actions()[0].text().split()[0])
    kept = {int(t.split()[0]) for t in texts} - {unticked}
    model = explorer.model
    with qtbot.waitSignal(model.loaded, timeout=5000):
        menu.actions()[0].setChecked(False)        # unticking one year filters it out
    assert set(model.state.filter_for("year").values) == kept
    year = model.column_index("year")
    assert model.rowCount() > 0
    assert {model.index(r, year).data(RAW_ROLE) for r in range(model.rowCount())} <= kept


def test_no_matching_rows_shows_the_empty_state(qtbot, explorer):
    grid = explorer.grid
    assert not grid.empty_label.isVisible()
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.set_filter(ColumnFilter("region_zh", values=("no such region",)))
    qtbot.waitUntil(lambda: grid.empty_label.isVisible(), timeout=5000)
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.remove_filter("region_zh")
    assert not grid.empty_label.isVisible()


def test_the_grid_survives_a_broken_query(qtbot, built_db):
    grid = SqlGrid(built_db)
    qtbot.addWidget(grid)
    from ipexplorer.query.console import query_dataset

    dataset = query_dataset("SELECT no_such_column FROM observations", ["x"], [])
    with qtbot.waitSignal(grid.rows_changed, timeout=5000) as failed:
        grid.show_dataset(dataset)
    assert "no_such_column" in failed.args[0]
    grid.shutdown()


def test_a_header_sort_keeps_the_selected_rows_selected_where_they_moved(qtbot, explorer):
    """A sort of the same rows moves them (layout signals, persistent indexes) instead of resetting the model:
    the selection and the current cell stay on their rows."""
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(1, "wide")
    grid, model = explorer.grid, explorer.model
    picked = [3, 40]
    wanted = [model.row_id(r) for r in picked]
    grid.select_row_ids(wanted)
    explorer.view.selectionModel().setCurrentIndex(model.index(40, model.column_index("c4")),
                                                   QItemSelectionModel.SelectionFlag.NoUpdate)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.loaded, timeout=5000):
        grid.sort_by("c4")
    assert not resets and "c4 DESC" in model.last_sql
    assert sorted(grid.selected_row_ids()) == sorted(wanted)
    assert [model.row_of_id(i) for i in wanted] != picked          # they moved
    assert model.row_id(explorer.view.currentIndex().row()) == wanted[1]


def test_a_new_dataset_offers_nothing_to_fetch_until_its_first_page_is_asked(qtbot, explorer):
    """A view lays itself out on the model's reset and may call fetchMore then: with no rows held and no page
    asked yet there must be nothing to fetch (a keyset page after no row crashed the random walk)."""
    with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
        explorer.show_table(None, "long")
    model = explorer.model
    assert model.canFetchMore()                    # 6,460 values: the first page only
    seen = []
    model.modelReset.connect(lambda: seen.append((model.rowCount(), model.canFetchMore())))
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_dataset(model.dataset)
    assert seen[0] == (0, False)


def test_a_one_column_result_shows_its_title(qtbot, console):
    """The frozen column's title stands in the header's height: with no other column, Qt's header asked for none
    and the result showed its names under no title at all."""
    run_query(qtbot, console, "SELECT name_zh FROM region LIMIT 5")
    view = console.results.view
    qtbot.waitUntil(lambda: view.frozen.isVisible())
    title = view.frozen.horizontalHeader()
    assert title.height() >= title.sizeHint().height() > 0
    assert view.viewport().geometry().top() >= title.height()   # the rows start under it
    assert view.model().headerData(0, Qt.Orientation.Horizontal) == "name_zh"


@pytest.mark.parametrize("sql", ["SELECT text FROM paragraph ORDER BY length(text) DESC LIMIT 5",
                                 "SELECT 1 AS n, text FROM paragraph ORDER BY length(text) DESC LIMIT 5"])
def test_a_long_text_column_takes_the_room_the_result_leaves(qtbot, console, sql):
    """A column cut at the fitting cap stood beside empty space (the console's long paragraphs at 260 px in a
    1,200 px window): the room left goes to it, and nothing then scrolls."""
    run_query(qtbot, console, sql)
    grid = console.results
    view = grid.view
    text = next(i for i, c in enumerate(grid.model.columns) if c.title_en == "text")
    qtbot.waitUntil(lambda: view.columnWidth(text) > 400)
    assert view.horizontalScrollBar().maximum() == 0
    assert view.frozen_width() + view.horizontalHeader().length() <= view.viewport().width() + view.frozen_width()
