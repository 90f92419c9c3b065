"""Every grid follows a palette switch through the pane protocol."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTableView

from ipexplorer.ui.grid.sql_grid import SqlGrid
from ipexplorer.ui.grid.table_model import RAW_ROLE
from ipexplorer.ui.shell import theme


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
