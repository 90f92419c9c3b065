"""Every grid fits a column one way (its text, the widest cell alone asked of the delegate), follows a palette switch
through the pane protocol, and beside a chart keeps its first number in sight."""

from __future__ import annotations

import pytest
from conftest import charts_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTableView

from ipexplorer.ui.grid.frozen_table import FrozenColumnTableView
from ipexplorer.ui.grid.sql_grid import FIT_ROWS, LABEL_FLOOR, SqlGrid, share_label_room, shared_level
from ipexplorer.ui.grid.table_model import RAW_ROLE
from ipexplorer.ui.shell import theme


def _double_click_edge(qtbot, header, logical: int) -> None:
    edge = QPoint(header.sectionViewportPosition(logical) + header.sectionSize(logical) - 2, header.height() - 4)
    assert header.logicalIndexAt(edge) == logical
    qtbot.mouseDClick(header.viewport(), Qt.MouseButton.LeftButton, pos=edge)


def _qt_fit(table: QTableView, logical: int) -> int:
    """What Qt's own fit gives (resizeColumnToContents): the cells measured one by one, and the header."""
    return max(table.sizeHintForColumn(logical), table.horizontalHeader().sectionSizeHint(logical))


def _grid_of(qtbot, window, pane: str) -> SqlGrid:
    window.show_pane(pane)
    if pane == "sql":
        console = window.pane("sql")
        console.editor.setPlainText("SELECT region_zh, region_en, year, value FROM observations "
                                    "WHERE table_no = 1 ORDER BY length(region_en) DESC, region_en")
        console.run()
        qtbot.waitUntil(lambda: not console.running and console.results.model.rowCount() >= FIT_ROWS, timeout=10000)
        return console.results
    grid = window.explorer.grid
    qtbot.waitUntil(lambda: grid.model.fully_loaded and grid.model.rowCount() > 0, timeout=10000)
    return grid


@pytest.mark.parametrize("pane", ["tables", "sql"])
def test_a_double_click_on_an_edge_fits_the_column_to_its_text_without_qts_cell_by_cell_fit(
        qtbot, window, monkeypatch, pane):
    """Tables and the console's results alike: the column as wide as its widest cell's text with the cell's
    margins, or its header, whichever is wider (past the 240 px a first fit stops at); Qt's fit is never asked."""
    grid = _grid_of(qtbot, window, pane)
    view = grid.view
    column = next(i for i, c in enumerate(grid.model.columns) if "region_en" in (c.key, c.title_en))
    assert column != view.frozen_section() and not view.isColumnHidden(column)
    frozen = view.frozen_section()
    wanted = _qt_fit(view, column)
    wanted_frozen = _qt_fit(view.frozen, frozen)
    assert wanted > 240   # "Xinjiang Production and Construction Corps", whole (a first fit stops at 240 in Tables)
    view.setColumnWidth(column, 40)
    view.setColumnWidth(frozen, 40)

    def no_qt_fit(*_args):
        raise AssertionError("Qt's cell-by-cell fit ran")

    monkeypatch.setattr(FrozenColumnTableView, "sizeHintForColumn", no_qt_fit)
    monkeypatch.setattr(QTableView, "sizeHintForColumn", no_qt_fit)   # the frozen strip's own view
    view.scrollTo(grid.model.index(0, column))
    _double_click_edge(qtbot, grid.header, column)
    assert view.columnWidth(column) == wanted
    _double_click_edge(qtbot, view.frozen.horizontalHeader(), frozen)
    assert view.columnWidth(frozen) == wanted_frozen == view.frozen_width()


@pytest.mark.parametrize("pane", ["tables", "sql"])
def test_the_frozen_column_fits_on_show_as_a_double_click_fits_it(qtbot, window, pane):
    """The frozen strip kept a copy of the fitting rule, 8 px wider: a double-click on its edge narrowed the
    column the grid had just fitted. One rule now, the same width both ways."""
    grid = _grid_of(qtbot, window, pane)
    view = grid.view
    frozen = view.frozen_section()
    shown = view.frozen_width()
    assert 60 < shown < grid.autosize_limit   # fitted to its text, within the caps
    view.setColumnWidth(frozen, 40)            # narrowed by hand: the double-click has something to fit
    assert view.frozen_width() != shown
    _double_click_edge(qtbot, view.frozen.horizontalHeader(), frozen)
    assert view.frozen_width() == view.columnWidth(frozen) == shown


def _stripes(view: QTableView, column: int) -> tuple[str, str]:
    """The colours painted in the first and second rows at the right end of a text column's cells (clear of their
    text), from a grab of the view."""
    image = view.viewport().grab().toImage()
    x = view.columnViewportPosition(column) + view.columnWidth(column) - 5
    return tuple(image.pixelColor(x, view.rowViewportPosition(r) + 3).name() for r in (0, 1))


def _grids(window) -> dict[str, SqlGrid]:
    """The grid of each built pane that has one."""
    found = {}
    for key, attr in (("tables", "grid"), ("charts", "grid"), ("regions", "values"), ("sql", "results"),
                      ("timeline", "grid")):
        if key in window.panes.built():
            found[key] = getattr(window.pane(key), attr)
    return found


def test_a_theme_switch_reaches_every_built_panes_grid_through_the_pane_protocol(qtbot, window, qapp):
    """The window's palette change → each built pane's apply_palette → its grid: signed colours and stripes
    repainted in the new palette; a pane built after the switch starts in it."""
    window.show_pane("charts")
    qtbot.waitUntil(lambda: window.charts.model.fully_loaded, timeout=10000)
    with qtbot.waitSignal(window.regions.region_shown, timeout=10000):
        window.open_region("广东")
    values = window.regions.values
    change = values.model.column_index("change")
    signed = [(values.model.index(r, change), values.model.index(r, change).data(RAW_ROLE))
              for r in range(values.model.rowCount())]
    signed = [(i, v) for i, v in signed if v]
    assert any(v > 0 for _i, v in signed) and any(v < 0 for _i, v in signed)
    built = _grids(window)
    assert {"tables", "charts", "regions"} <= set(built) and "timeline" not in built
    before = qapp.palette()
    try:
        for name in ("dark", "light"):
            window.set_theme(name)
            qapp.processEvents()
            palette = theme.dark_palette() if name == "dark" else theme.light_palette(qapp)
            base, stripe = (palette.color(QPalette.ColorRole.Base).name(),
                            palette.color(QPalette.ColorRole.AlternateBase).name())
            for index, value in signed:
                assert index.data(Qt.ItemDataRole.ForegroundRole).color() == theme.signed_color(value > 0, name)
            window.show_pane("tables")
            qtbot.wait(20)
            grid = window.explorer.grid
            view = grid.view
            assert _stripes(view, grid.model.column_index("region_en")) == (base, stripe), name
            assert _stripes(view.frozen, view.frozen_section()) == (base, stripe), name
            for key, grid in built.items():
                assert grid.model.signed_brushes == theme.signed_brushes(name), (key, name)
        window.set_theme("dark")
        qapp.processEvents()
        timeline = window.pane("timeline")   # built after the switch: in the palette of its time
        assert timeline.grid.model.signed_brushes == theme.signed_brushes("dark")
    finally:
        window.set_theme("light")
        qapp.setPalette(before)


def test_a_panes_apply_palette_is_what_recolours_its_grid(qtbot, window):
    """The one path: a built pane's apply_palette alone (no palette event) recolours its grid's signed figures."""
    window.show_pane("charts")
    window.show_pane("sql")
    window.show_pane("timeline")
    built = _grids(window)
    assert len(built) >= 4
    for key, grid in built.items():
        assert grid.model.signed_brushes == theme.signed_brushes("light"), key
    try:
        for pane in window.built_panes():
            pane.apply_palette("dark")
        for key, grid in built.items():
            assert grid.model.signed_brushes == theme.signed_brushes("dark"), key
    finally:
        for pane in window.built_panes():
            pane.apply_palette("light")


def test_the_shared_level_cuts_the_widest_first():
    assert shared_level([156, 240, 240], 375) == 125     # all three cut to one width
    assert shared_level([60, 240, 240], 375) == 157      # the narrow one keeps its width, the others share
    assert shared_level([60, 100], 400) == 100           # room for all: nothing cut
    assert shared_level([], 50) == 50
    assert shared_level([148, 240, 240], 225, [64, 97, 64]) == 64   # none below its floor
    assert shared_level([148, 240, 240], 300, [64, 97, 64]) == 100


def test_the_names_keep_their_readable_width_and_a_kind_gives_way_first():
    naturals, readables, repeats = [148, 240, 240], [64, 97, 240], [False, False, True]
    assert share_label_room(naturals, readables, repeats, 700) == naturals              # all fit
    assert share_label_room(naturals, readables, repeats, 450) == [105, 105, 240]       # none below readable
    assert share_label_room(naturals, readables, repeats, 366) == [122, 122, 122]       # the kind gives way
    assert share_label_room(naturals, readables, repeats, 225) == [64, 97, 64]          # ...down to the floor
    assert share_label_room(naturals, readables, repeats, 200) == [64, 72, 64]          # then the names too
    assert share_label_room([40, 240], [40, 97], [False, False], 120) == [40, 80]       # a narrow one keeps its own


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 640)])
def test_beside_a_chart_the_first_number_is_in_sight(qtbot, built_db, settings, size):
    """At 1920 px the region names and kind took 240 px each and the first number began at the right edge of
    the table beside the chart: they share half its width now (none below LABEL_FLOOR) and the first value's
    column lies wholly in the viewport; a label column the user sizes keeps its width when the window resizes."""
    window = charts_window(qtbot, built_db, settings, *size)
    grid = window.charts.grid
    view, header = grid.view, grid.header
    shown = [grid.model.column_index(c.key) for c in grid.visible_columns()]
    first = next(i for i in shown if grid.model.columns[i].kind.numeric)
    labels = [view.frozen_section()] + [i for i in shown[:shown.index(first)] if i != view.frozen_section()]
    assert [grid.model.columns[i].key for i in labels] == ["region_zh", "region_en", "kind_zh"]
    assert (labels, first) == grid.label_columns()
    qtbot.waitUntil(lambda: header.sectionViewportPosition(first) + header.sectionSize(first)
                    <= view.viewport().width(), timeout=2000)
    assert header.sectionViewportPosition(first) >= 0
    assert all(view.columnWidth(i) >= LABEL_FLOOR for i in labels)
    if size[0] == 1920:   # room to spare: the names keep more than the floor
        assert min(view.columnWidth(i) for i in labels) > LABEL_FLOOR + 30
        view.setColumnWidth(labels[1], 200)
        before = view.viewport().width()
        window.resize(1600, 1000)
        qtbot.waitUntil(lambda: view.viewport().width() != before, timeout=5000)   # the room shared again
        assert view.columnWidth(labels[1]) == 200


LONG_NAMES = {"新疆生产建设兵团", "Xinjiang Production and Construction Corps"}


def _rows_in_view(view) -> range:
    return range(view.rowAt(0), view.rowAt(view.viewport().height() - 1) + 1)


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_beside_a_chart_the_names_are_read_whole_and_a_cut_text_shows_in_its_tooltip(qtbot, built_db, settings,
                                                                                       size):
    """At 1024 px the table beside the chart cut every name to 64 px ("Inner …", "Heilon…") to keep half its width
    for the numbers: the names in view now show whole (the splitter gives the table 440 px while the chart keeps its
    420, the kind column of one repeated text gives way first) beside the first number, and a text its column
    cuts ("省级行政区 Province" in 64 px) shows whole in its tooltip."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from ipexplorer.ui.panes.chart_pane import CHART_MIN_WIDTH

    window = charts_window(qtbot, built_db, settings, *size)
    grid = window.charts.grid
    view, header, model = grid.view, grid.header, grid.model
    _labels, first = grid.label_columns()
    qtbot.waitUntil(lambda: header.sectionViewportPosition(first) + header.sectionSize(first)
                    <= view.viewport().width(), timeout=2000)
    assert window.charts.panel.width() >= CHART_MIN_WIDTH
    for key in ("region_zh", "region_en"):
        logical = model.column_index(key)
        table = view.frozen if logical == view.frozen_section() else view
        for row in _rows_in_view(view):
            index = model.index(row, logical)
            if index.data() not in LONG_NAMES:
                assert table.sizeHintForIndex(index).width() <= view.columnWidth(logical), (key, index.data())

    kind = model.column_index("kind_zh")
    row = 1
    index = model.index(row, kind)
    assert view.sizeHintForIndex(index).width() > view.columnWidth(kind)   # cut: "省级行政…"
    rect = view.visualRect(index)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, rect.center(),
                                                      view.viewport().mapToGlobal(rect.center())))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert QToolTip.text() == index.data() == "省级行政区 Province"
    QToolTip.hideText()
    whole = model.index(row, model.column_index("region_en"))   # "Beijing", whole: no tooltip of ours
    rect = view.visualRect(whole)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, rect.center(),
                                                      view.viewport().mapToGlobal(rect.center())))
    assert not QToolTip.isVisible() or QToolTip.text() != whole.data()


def test_the_panes_own_split_is_laid_out_again_at_the_next_start_a_moved_one_is_kept(qtbot, built_db, settings):
    """A split the user never moved is the pane's: saved, it came back at the next start as if moved and stayed
    at the width it was laid out for (a 1024 px window's 440 px table at 1920). Saved now as none, so the next
    start lays it out for its own width; a divider the user moved is kept."""
    from ipexplorer.ui.panes.chart_pane import CHART_MIN_WIDTH, TABLE_FIRST_WIDTH

    def table_width(window) -> int:
        return window.charts.splitter.sizes()[0]

    def laid_out(window) -> int:
        total = sum(window.charts.splitter.sizes())
        return max(total * 5 // 11, min(TABLE_FIRST_WIDTH, total - CHART_MIN_WIDTH))

    small = charts_window(qtbot, built_db, settings, 1024, 640)
    small.close()   # saves the settings
    large = charts_window(qtbot, built_db, settings, 1920, 1080)
    qtbot.waitUntil(lambda: table_width(large) == laid_out(large), timeout=2000)
    assert table_width(large) > TABLE_FIRST_WIDTH
    large.charts.splitter.moveSplitter(600, 1)   # the user's divider
    large.charts._on_split_moved()
    moved = table_width(large)
    large.close()
    again = charts_window(qtbot, built_db, settings, 1920, 1080)
    qtbot.waitUntil(lambda: abs(table_width(again) - moved) <= 2, timeout=2000)
