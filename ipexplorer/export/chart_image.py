"""A chart to draw without a window: what `ipexplorer chart` asks for, and the command that asks for it.

The core side of the chart command: it reads the table's rows as the Charts pane does
(query.chart_data over the same dataset and query state), checks the user's choices against what the
table has, and hands a `ChartImage` to a renderer above the core (ipexplorer.ui.render), since drawing
needs Qt. `chart_command` writes the command line back from the same choices ("Copy as Python" in
the Charts pane), so the two stay one vocabulary.
"""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ipexplorer.query.builder import QueryState
    from ipexplorer.query.chart_data import ChartData, ChartSpec

# The command's --kind names and the ChartKind value each draws. A new kind (a map) adds an entry here
# and, when the Charts pane's plot does not draw it, a renderer in ipexplorer.ui.render. Plain strings:
# the CLI's parser reads this list on every start, so this module imports nothing heavy at the top.
KINDS: dict[str, str] = {
    "bars": "bars",
    "grouped": "years",
    "series": "series",
    "stacked": "stacked",
    "change": "change",
    "change-pct": "change_pct",
    "share": "share",
    "scatter": "scatter",
    "map": "map",
    "map-change": "map_change",
}
FORMATS = (".png", ".svg")
DEFAULT_SIZE = (1200, 800)
DEFAULT_TOP = 30


class ChartRequestError(ValueError):
    """A choice the table cannot satisfy (no such table, measure, year …); the message lists the choices."""


@dataclass(frozen=True)
class ChartImage:
    """Everything a renderer needs: the chart's data, the file, its size, names language and palette."""

    data: ChartData
    out: Path
    width: int
    height: int
    language: str = "zh"
    palette: str = "light"
    kind: str = "bars"          # the command's --kind name (a renderer may draw some kinds itself)


def parse_size(text: str) -> tuple[int, int]:
    """'1200x800' → (1200, 800); between 100 and 10000 pixels each way."""
    match = re.fullmatch(r"\s*(\d+)\s*[x×X]\s*(\d+)\s*", text or "")
    if not match:
        raise ChartRequestError(f"cannot read the size {text!r}: write WIDTHxHEIGHT, e.g. 1200x800")
    width, height = int(match.group(1)), int(match.group(2))
    if not (100 <= width <= 10_000 and 100 <= height <= 10_000):
        raise ChartRequestError(f"the size {width}x{height} is out of range: 100 to 10000 pixels each way")
    return width, height


def _codes(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[0] for r in conn.execute(f"SELECT code FROM {table} ORDER BY sort_order")]


def chart_image(conn: sqlite3.Connection, table_no: int, kind: str, out: str | Path, *, year: int | None = None,
                measure: str | None = None, ip_type: str | None = None, x_measure: str | None = None,
                x_ip_type: str | None = None, region_kinds: Sequence[str] = (), top: int | None = DEFAULT_TOP,
                totals: bool = False, sort: bool = True, layout: str = "wide", state: QueryState | None = None,
                language: str = "zh", size: tuple[int, int] = DEFAULT_SIZE, palette: str = "light",
                classes: int = 5, breaks: str = "quantiles", cities: bool = False,
                map_name: str | None = None) -> ChartImage:
    """The chart of table `table_no` the Charts pane would draw for these choices; ChartRequestError if impossible.

    `state` is the table view's query (filters, sort, quick text); `region_kinds` adds a filter on
    the rows' region kind (province, country, …).
    """
    from ipexplorer.query.builder import ColumnFilter, QueryState
    from ipexplorer.query.chart_data import ChartKind, ChartSpec, chart_data, chart_frame
    from ipexplorer.query.datasets import dataset_for

    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise ChartRequestError(f"--out must end in .png or .svg, not {out.name!r}")
    if kind not in KINDS:
        raise ChartRequestError(f"unknown chart kind {kind!r}; kinds: {', '.join(KINDS)}")
    try:
        dataset = dataset_for(conn, table_no, layout)
    except KeyError:
        tables = ", ".join(str(r[0]) for r in conn.execute("SELECT table_no FROM report_table ORDER BY table_no"))
        raise ChartRequestError(f"no table {table_no}; tables: {tables}") from None
    state = state or QueryState()
    if region_kinds:
        known = _codes(conn, "region_kind")
        unknown = [k for k in region_kinds if k not in known]
        if unknown:
            raise ChartRequestError(f"unknown region kind {unknown[0]!r}; kinds: {', '.join(known)}")
        state = state.with_filter(ColumnFilter("region_kind", values=tuple(region_kinds)))
    frame = chart_frame(conn, dataset, state)
    slices = frame.slices()
    measure, ip_type = _pick_slice(slices, measure, ip_type, "")
    if x_measure or x_ip_type:
        x_measure, x_ip_type = _pick_slice(slices, x_measure, x_ip_type, "x-")
    if year is not None and year not in frame.years:
        raise ChartRequestError(f"table {table_no} has no year {year}; years: {', '.join(map(str, frame.years))}")
    spec = ChartSpec(kind=ChartKind(KINDS[kind]), measure=measure, ip_type=ip_type,
                     year=year if year is not None else (frame.years or [None])[-1], x_measure=x_measure,
                     x_ip_type=x_ip_type, top_n=top or None, sort_desc=sort, include_totals=totals)
    if spec.kind.value in ("map", "map_change"):
        return _map_image(conn, frame, spec, out, size, language, palette, kind, classes, breaks, cities, map_name)
    data = chart_data(frame, spec)
    if not data.categories:
        raise ChartRequestError(f"nothing to draw: no row of table {table_no} has these values under the filters")
    return ChartImage(data, out, size[0], size[1], language, palette, kind)


def _map_image(conn, frame, spec, out, size, language, palette, kind, classes, breaks, cities, map_name) -> ChartImage:
    """A map's image: its MapData (query.map_data) in place of a chart's data; the renderer draws it."""
    from ipexplorer.query.map_data import CHINA, WORLD, Classing, MapSpec, map_data

    if not 3 <= classes <= 7:
        raise ChartRequestError(f"--classes must be 3 to 7, not {classes}")
    if breaks not in {c.value for c in Classing}:
        raise ChartRequestError(f"unknown --breaks {breaks!r}; choose quantiles or jenks")
    if map_name not in (None, CHINA, WORLD):
        raise ChartRequestError(f"unknown --map {map_name!r}; choose china or world")
    data = map_data(conn, frame, MapSpec(
        measure=spec.measure, ip_type=spec.ip_type, year=spec.year,
        field="change_pct" if spec.kind.value == "map_change" else "value", classes=classes,
        classing=Classing(breaks), cities=cities, map_name=map_name))
    if not any(r.value is not None for r in data.regions):
        raise ChartRequestError("nothing to draw: no region of this map has these values under the filters")
    return ChartImage(data, out, size[0], size[1], language, palette, kind)


def _pick_slice(slices: list[tuple[str, str]], measure: str | None, ip_type: str | None,
                prefix: str) -> tuple[str | None, str | None]:
    """The (measure, ip_type) the user named, completed from what the table has; an error lists the choices."""
    if measure is None and ip_type is None:
        return None, None
    measures = list(dict.fromkeys(m for m, _t in slices))
    types = list(dict.fromkeys(t for _m, t in slices))
    if measure is not None and measure not in measures:
        raise ChartRequestError(f"this table has no --{prefix}measure {measure!r}; measures: {', '.join(measures)}")
    if ip_type is not None and ip_type not in types:
        raise ChartRequestError(f"this table has no --{prefix}ip-type {ip_type!r}; types: {', '.join(types)}")
    for m, t in slices:
        if (measure is None or m == measure) and (ip_type is None or t == ip_type):
            return m, t
    pairs = ", ".join(f"{m}/{t}" for m, t in slices)
    raise ChartRequestError(f"this table has no {measure}/{ip_type} values; it has {pairs}")


# --- the command line back from the choices ------------------------------------------------------------
def expressible_filters(state: QueryState) -> bool:
    """Whether --filter can say the state's query (value lists and ranges, no quick text or top N)."""
    return not state.quick_text.strip() and not state.sort and all(
        f.top is None and f.bottom is None and (f.values is None or all(v is not None for v in f.values))
        for f in state.filters)


def chart_command(table_no: int, kind: str, spec: ChartSpec, *, layout: str = "wide",
                  state: QueryState | None = None, language: str = "zh", size: tuple[int, int] = DEFAULT_SIZE,
                  palette: str = "light", out: str = "chart.png", db: str | None = None) -> str:
    """The `ipexplorer chart …` line that draws this chart (shell-quoted)."""
    from ipexplorer.query.builder import QueryState
    from ipexplorer.query.chart_data import ChartKind
    from ipexplorer.query.view import query_to_dict

    args = ["ipexplorer", "chart", "--table", str(table_no), "--kind", kind]
    if layout != "wide":
        args += ["--layout", layout]
    if spec.measure:
        args += ["--measure", spec.measure]
    if spec.ip_type:
        args += ["--ip-type", spec.ip_type]
    args += ["--year", str(spec.year)]
    if spec.kind is ChartKind.SCATTER and spec.x_measure:
        args += ["--x-measure", spec.x_measure, "--x-ip-type", spec.x_ip_type or ""]
    args += ["--top", str(spec.top_n or 0)]
    if not spec.sort_desc:
        args.append("--table-order")
    if spec.include_totals:
        args.append("--totals")
    state = state or QueryState()
    if expressible_filters(state):
        for flt in state.filters:
            for value in flt.values or ():
                args += ["--filter", f"{flt.key}={value}"]
            if flt.low is not None:
                args += ["--filter", f"{flt.key}>={flt.low:g}"]
            if flt.high is not None:
                args += ["--filter", f"{flt.key}<={flt.high:g}"]
    else:
        args += ["--query", json.dumps(query_to_dict(state), ensure_ascii=False, separators=(",", ":"))]
    args += ["--lang", language, "--size", f"{size[0]}x{size[1]}"]
    if palette != "light":
        args += ["--palette", palette]
    if db:
        args += ["--db", db]
    args += ["--out", out]
    return shlex.join(args)
