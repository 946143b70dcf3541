"""The demo city's offline base map (tools/build_basemap.py): what the map draws with no tile server."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from workstation.domain.city import METRES_PER_DEGREE_LAT, City, ring_contains
from workstation.domain.controls import Controls
from workstation.domain.models import GeoPoint
from workstation.resources import resource_path
from workstation.tools import build_basemap

RANKS = {"street": {1, 2}, "lane": {3}, "block": {1, 2, 3}, "water": {1, 2, 3}, "park": {1, 2, 3}, "label": {1, 2, 3}}
GEOMETRY = {"street": "LineString", "lane": "LineString", "block": "Polygon", "water": "Polygon", "park": "Polygon",
            "label": "Point"}
HALF_WIDTH_M = {1: 18.0, 2: 10.0}  # of a main and a secondary road: blocks keep off the carriageway


@pytest.fixture(scope="module")
def path() -> Path:
    return resource_path("city", "demo", "basemap.geojson")


@pytest.fixture(scope="module")
def basemap(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def features(basemap: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in basemap["features"] if f["properties"]["kind"] == kind]


def test_the_file_is_what_the_tool_builds(path: Path, tmp_path: Path) -> None:
    """Someone edited layout.json or control_areas.json without running tools/build_basemap.py."""
    target = tmp_path / "basemap.geojson"
    build_basemap.main([str(target)])
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(path.read_text(encoding="utf-8"))


def test_a_feature_collection_of_known_kinds_and_ranks_with_chinese_names(basemap: dict[str, Any],
                                                                        path: Path) -> None:
    assert basemap["type"] == "FeatureCollection"
    assert path.stat().st_size < 1_500_000
    for feature in basemap["features"]:
        properties = feature["properties"]
        assert set(properties) == {"kind", "name", "rank"}, properties
        kind = properties["kind"]
        assert kind in RANKS and properties["rank"] in RANKS[kind], properties
        assert re.search(r"[\u4e00-\u9fff]", properties["name"]), properties
        assert feature["geometry"]["type"] == GEOMETRY[kind], properties
    assert {f["properties"]["kind"] for f in basemap["features"]} == set(RANKS)


def test_coordinates_are_rounded_and_polygons_closed(basemap: dict[str, Any]) -> None:
    def points(geometry: dict[str, Any]) -> list[list[float]]:
        coordinates = geometry["coordinates"]
        if geometry["type"] == "Point":
            return [coordinates]
        if geometry["type"] == "LineString":
            return list(coordinates)
        return [p for ring in coordinates for p in ring]

    west, south, east, north = basemap["bbox"]
    for feature in basemap["features"]:
        for lon, lat in points(feature["geometry"]):
            assert round(lon, 6) == lon and round(lat, 6) == lat
            assert west - 0.001 <= lon <= east + 0.001 and south - 0.001 <= lat <= north + 0.001
        if feature["geometry"]["type"] == "Polygon":
            for ring in feature["geometry"]["coordinates"]:
                assert len(ring) >= 4 and ring[0] == ring[-1]


def test_every_road_of_the_city_is_a_street_with_its_name(basemap: dict[str, Any], city: City) -> None:
    layout = json.loads(resource_path("city", "demo", "layout.json").read_text(encoding="utf-8"))
    main = {r["name"] for r in layout["roads_ew"] + layout["roads_ns"]}
    streets = {f["properties"]["name"]: f for f in features(basemap, "street")}
    assert set(streets) == {road.name for road in city.roads}
    for road in city.roads:
        street = streets[road.name]
        assert street["geometry"]["coordinates"] == [list(road.start), list(road.end)]
        assert street["properties"]["rank"] == (1 if road.name in main else 2)
    assert {1, 2} <= {f["properties"]["rank"] for f in streets.values()}
    lanes = features(basemap, "lane")
    assert len(lanes) >= 50 and len({f["properties"]["name"] for f in lanes}) == len(lanes)
    assert any(len(f["geometry"]["coordinates"]) > 4 for f in lanes)  # some lanes curve


def _metres(lat: float) -> tuple[float, float]:
    return METRES_PER_DEGREE_LAT * math.cos(math.radians(lat)), METRES_PER_DEGREE_LAT


def _segment_distance(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float],
                      d: tuple[float, float]) -> float:
    def orient(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    def to_segment(p: tuple[float, float], s: tuple[float, float], e: tuple[float, float]) -> float:
        dx, dy = e[0] - s[0], e[1] - s[1]
        t = max(0.0, min(1.0, ((p[0] - s[0]) * dx + (p[1] - s[1]) * dy) / (dx * dx + dy * dy)))
        return math.hypot(p[0] - s[0] - t * dx, p[1] - s[1] - t * dy)

    if orient(a, b, c) * orient(a, b, d) < 0 and orient(c, d, a) * orient(c, d, b) < 0:
        return 0.0
    return min(to_segment(a, c, d), to_segment(b, c, d), to_segment(c, a, b), to_segment(d, a, b))


def test_blocks_keep_clear_of_every_street(basemap: dict[str, Any], city: City) -> None:
    """No block covers a street's centre line, nor reaches onto its carriageway."""
    east, north = _metres(36.66)

    def xy(p: list[float]) -> tuple[float, float]:
        return p[0] * east, p[1] * north

    streets = [([xy(p) for p in f["geometry"]["coordinates"]], f["properties"]["rank"])
               for f in features(basemap, "street")]
    blocks = features(basemap, "block")
    assert len(blocks) > 500
    for block in blocks:
        ring = [xy(p) for p in block["geometry"]["coordinates"][0]]
        edges = list(zip(ring, ring[1:], strict=False))
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        for (start, end), rank in streets:
            if (max(start[0], end[0]) < min(xs) - 30 or min(start[0], end[0]) > max(xs) + 30
                    or max(start[1], end[1]) < min(ys) - 30 or min(start[1], end[1]) > max(ys) + 30):
                continue
            assert not ring_contains(tuple(ring[:-1]), *start), block["properties"]
            clearance = min(_segment_distance(a, b, start, end) for a, b in edges)
            assert clearance >= HALF_WIDTH_M[rank], (block["properties"], round(clearance, 1))


def test_every_street_and_community_is_labelled_at_its_place(basemap: dict[str, Any], city: City) -> None:
    labels = {(f["properties"]["name"], f["properties"]["rank"]): f["geometry"]["coordinates"]
              for f in features(basemap, "label")}
    for cell in city.cells:
        for name, rank, attribute in ((cell.street, 1, "street"), (cell.community, 2, "community")):
            lon, lat = labels[name, rank]
            grid = city.locate(GeoPoint(lon=lon, lat=lat))
            assert grid is not None and getattr(grid, attribute) == name
    assert (city.district_name, 1) in labels
    landmarks = {name for name, rank in labels if rank == 3}
    assert {"大明湖", "千佛山", "趵突泉", "黑虎泉", "泉城广场", "山东大学中心校区"} <= landmarks


def test_water_and_parks_cover_the_lake_and_the_mountain(basemap: dict[str, Any]) -> None:
    """The 非采集区域 大明湖 and 千佛山 are drawn as what they are; the moat and the springs are water."""
    green_or_blue = [f["geometry"]["coordinates"][0] for f in features(basemap, "water") + features(basemap, "park")]
    areas = {area.name: area for area in Controls.load("demo").areas}
    for name in ("大明湖风景名胜区", "千佛山风景名胜区"):
        area = areas[name]
        west, south, east, north = area.bounds
        inside = 0
        for i in range(31):
            for j in range(31):
                lon, lat = west + (east - west) * i / 30, south + (north - south) * j / 30
                if area.contains(lon, lat):
                    inside += 1
                    assert any(ring_contains(tuple(tuple(p) for p in ring[:-1]), lon, lat) for ring in green_or_blue), \
                        (name, lon, lat)
        assert inside > 300
    water = {f["properties"]["name"] for f in features(basemap, "water")}
    assert {"大明湖", "护城河", "黑虎泉", "趵突泉"} <= water
    blocks = {f["properties"]["name"] for f in features(basemap, "block")}
    assert {"山东大学中心校区", "省直机关办公院区", "甸柳片区改造项目施工工地"} <= blocks
