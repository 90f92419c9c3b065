"""`ipexplorer chart`: every kind of the Charts pane to PNG and SVG, offscreen, with the source caption."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from ipexplorer import cli
from ipexplorer.export.chart_image import KINDS, ChartRequestError, chart_command, chart_image, parse_size
from ipexplorer.main import main
from ipexplorer.query.builder import ColumnFilter, QueryState
from ipexplorer.query.chart_data import ChartKind, ChartSpec, chart_data, chart_frame
from ipexplorer.query.datasets import wide_dataset
from ipexplorer.store.database import connect

CAPTION_1 = "Source: CNIPA Annual Report 2020, Table 1 · 来源：国家知识产权局 2020 年年报"


def svg_text(path: Path) -> str:
    """The SVG's drawn text, run together in document order (Qt splits a line into runs per script)."""
    svg = path.read_text(encoding="utf-8")
    return "".join(unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def png_size(path: Path) -> tuple[int, int]:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), path
    return image.width(), image.height()


def ink_in(path: Path, x0: float, y0: float, x1: float, y1: float) -> int:
    """Pixels darker than the light background in a fraction of the image (the caption's corner)."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    w, h = image.width(), image.height()
    return sum(1 for x in range(int(x0 * w), int(x1 * w), 2) for y in range(int(y0 * h), int(y1 * h))
               if image.pixelColor(x, y).lightness() < 160)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_to_png_and_svg_with_the_caption(qapp, built_db, tmp_path, kind, capsys):
    png, svg = tmp_path / f"{kind}.png", tmp_path / f"{kind}.svg"
    for out, size in ((png, "900x600"), (svg, "1000x700")):
        code = main(["chart", "--db", str(built_db), "--table", "1", "--kind", kind, "--region-kind", "province",
                     "--lang", "en", "--size", size, "--out", str(out)])
        assert code == 0, capsys.readouterr().err
    assert png_size(png) == (900, 600)
    assert ink_in(png, 0.55, 0.95, 1.0, 1.0) > 50        # the caption, bottom right
    assert 'viewBox="0 0 1000 700"' in svg.read_text(encoding="utf-8")
    drawn = svg_text(svg)
    assert CAPTION_1 in drawn
    assert "Guangdong" in drawn                          # bars are named, and the scatter's points farthest out
    assert "Wrote" in capsys.readouterr().out


def test_the_chart_is_the_charts_panes(qapp, built_db, tmp_path):
    """The command's data is chart_data over the table's rows, as the pane draws it."""
    conn = connect(built_db)
    try:
        image = chart_image(conn, 3, "grouped", tmp_path / "c.png", measure="grants", ip_type="invention", top=10)
        pane = chart_data(chart_frame(conn, wide_dataset(conn, 3), QueryState()),
                          ChartSpec(kind=ChartKind.YEARS, measure="grants", ip_type="invention", top_n=10))
    finally:
        conn.close()
    assert image.data == pane
    assert [s.name_en for s in image.data.series] == ["2019", "2020"] and len(image.data.categories) == 10


def test_an_in_text_table_and_the_filters(qapp, built_db, tmp_path, capsys):
    out = tmp_path / "t103.svg"
    assert main(["chart", "--db", str(built_db), "--table", "103", "--kind", "grouped", "--out", str(out)]) == 0
    assert "Table 103" in svg_text(out)
    out = tmp_path / "filtered.svg"
    assert main(["chart", "--db", str(built_db), "--table", "1", "--filter", "region_en=Guangdong",
                 "--filter", "region_en=Beijing", "--lang", "en", "--out", str(out)]) == 0
    drawn = svg_text(out)
    assert "Guangdong" in drawn and "Beijing" in drawn and "Jiangsu" not in drawn
    out = tmp_path / "year.svg"
    assert main(["chart", "--db", str(built_db), "--table", "1", "--filter", "year=2019", "--lang", "en",
                 "--out", str(out)]) == 0
    assert "Patents (all types), 2019" in svg_text(out)   # a wide table's years are columns: the year drawn
    out = tmp_path / "query.svg"
    query = '{"filters":[{"key":"region_en","values":["Jiangsu"]}]}'
    assert main(["chart", "--db", str(built_db), "--table", "1", "--query", query, "--lang", "en",
                 "--out", str(out)]) == 0
    assert "Jiangsu" in svg_text(out) and "Guangdong" not in svg_text(out)


@pytest.mark.parametrize(("args", "message"), [
    (["--table", "99"], "no table 99; tables: 1, 2"),
    (["--table", "1", "--measure", "grants"], "no --measure 'grants'; measures: applications"),
    (["--table", "1", "--ip-type", "trademark"], "no --ip-type 'trademark'; types: patent, invention"),
    (["--table", "1", "--year", "2018"], "no year 2018; years: 2019, 2020"),
    (["--table", "1", "--region-kind", "planet"], "unknown region kind 'planet'"),
    (["--table", "1", "--size", "big"], "WIDTHxHEIGHT"),
    (["--table", "1", "--query", "{oops"], "--query is not JSON"),
    (["--table", "1", "--filter", "colour=red"], "unknown column 'colour'"),
])
def test_wrong_choices_are_named_with_the_choices(qapp, built_db, tmp_path, capsys, args, message):
    out = tmp_path / "x.png"
    assert main(["chart", "--db", str(built_db), *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_the_extension_and_the_core_without_qt(built_db, tmp_path, capsys):
    assert main(["chart", "--db", str(built_db), "--table", "1", "--out", str(tmp_path / "x.jpg")]) == 2
    assert ".png or .svg" in capsys.readouterr().err
    # the core alone cannot draw: it says so instead of importing Qt
    assert cli.main(["chart", "--db", str(built_db), "--table", "1", "--out", str(tmp_path / "x.png")]) == 2
    assert "launcher" in capsys.readouterr().err


def test_an_existing_image_survives_a_failed_chart(qapp, built_db, tmp_path):
    out = tmp_path / "keep.png"
    out.write_bytes(b"old")
    assert main(["chart", "--db", str(built_db), "--table", "1", "--measure", "nope", "--out", str(out)]) == 2
    assert out.read_bytes() == b"old"
    assert main(["chart", "--db", str(built_db), "--table", "1", "--out", str(out)]) == 0
    assert png_size(out) == (1200, 800)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]   # no temporary file left


def test_the_command_line_round_trips(qapp, built_db, tmp_path):
    import shlex

    spec = ChartSpec(kind=ChartKind.SHARE, measure="applications", ip_type="design", year=2020, top_n=12)
    plain = QueryState(filters=(ColumnFilter("kind_zh", values=("省级行政区 Province",)),))
    ranked = QueryState(quick_text="江", filters=(ColumnFilter("c4", top=5),))
    for state, flag in ((plain, "--filter"), (ranked, "--query")):
        line = chart_command(1, "share", spec, state=state, language="both", size=(640, 480),
                             out=str(tmp_path / "r.png"), db=str(built_db))
        args = shlex.split(line)
        assert args[:2] == ["ipexplorer", "chart"] and flag in args
        assert main(args[1:]) == 0
        assert png_size(tmp_path / "r.png") == (640, 480)


def test_parse_size():
    assert parse_size("1600x900") == (1600, 900) and parse_size(" 800 × 600 ") == (800, 600)
    with pytest.raises(ChartRequestError, match="out of range"):
        parse_size("20x20")


def test_a_scatter_has_numbers_on_both_axes(qapp, built_db, tmp_path):
    """The vertical axis of a scatter counts (it names regions in the bar charts)."""
    from ipexplorer.ui.render import chart_widget

    conn = connect(built_db)
    try:
        scatter = chart_image(conn, 1, "scatter", tmp_path / "s.png", region_kinds=["province"])
        bars = chart_image(conn, 1, "bars", tmp_path / "b.png", region_kinds=["province"], top=5)
    finally:
        conn.close()
    for image, numeric in ((scatter, True), (bars, False)):
        plot = chart_widget(image)
        try:
            axis = plot.category_axis
            lo, hi = plot.view_box.viewRange()[1]
            ticks = [v for _spacing, values in axis.tickValues(lo, hi, plot.height()) for v in values]
            texts = axis.tickStrings(ticks, 1, (ticks[1] - ticks[0]) if len(ticks) > 1 else 1)
            assert len(ticks) >= 3
            assert all(re.fullmatch(r"-?[\d,]+", t) for t in texts) is numeric, texts
        finally:
            plot.close()
            plot.deleteLater()
