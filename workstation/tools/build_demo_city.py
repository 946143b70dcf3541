"""Build the demo city's data (resources/city/demo/{grid,things,routing}.json) from its layout.json.

The layout names roads, 街道 and 社区: each 社区 is a block between main roads, cut into pieces by the
secondary roads crossing it (T-junctions and a slanting road included). This splits every piece into
unit grid cells of about `cell_metres` whose edges follow the roads, numbers them by the 14-digit rule,
places collectors (one 责任网格 of two 社区 each), IoT devices and cameras with a fixed seed, and maps
every 小类 of the catalogue to its lead department through the layout's keyword table. The output is
committed as data; run again after editing the layout (then tools/build_basemap.py for the base map):

    python -m workstation.tools.build_demo_city
"""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path
from typing import Any

from workstation.domain.catalogue import Catalogue
from workstation.domain.city import METRES_PER_DEGREE_LAT, ring_contains
from workstation.resources import resource_path

SEED = 370102

Point = tuple[float, float]  # (lon, lat)
Quad = tuple[Point, Point, Point, Point]  # south-west, south-east, north-east, north-west corners


def build(layout: dict[str, Any], catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    rng = random.Random(SEED)
    grid = _grid(layout)
    return {"grid.json": grid, "things.json": _things(layout, grid, rng),
            "routing.json": _routing(layout, catalogue)}


def _grid(layout: dict[str, Any]) -> dict[str, Any]:
    lats = sorted(road["lat"] for road in layout["roads_ew"])
    metres_lon = METRES_PER_DEGREE_LAT * math.cos(math.radians(sum(lats) / len(lats)))
    size = layout["cell_metres"]
    cells = []
    for street, community_no, community, pieces in communities(layout):
        sequence = 0
        for piece in pieces:
            for ring in _split(piece, size, metres_lon):
                sequence += 1
                cells.append({
                    "code": f"{layout['district_code']}{street['code']}{community_no:03d}{sequence:02d}",
                    "street": street["name"], "community": community,
                    "ring": [[round(x, 6), round(y, 6)] for x, y in ring]})
        if sequence > 99:
            raise ValueError(f"{community}: {sequence} cells, the 14-digit code has room for 99")
    return {"cells": cells, "roads": roads(layout)}


def roads(layout: dict[str, Any]) -> list[dict[str, Any]]:
    """Every road of the layout as a segment: the main roads (east-west, then north-south) from edge to
    edge of the district or from/to where they meet another road, then the secondary ones (roads_minor);
    each end checked to lie on another road or the district's edge."""
    lats = sorted(road["lat"] for road in layout["roads_ew"])
    lons = sorted(road["lon"] for road in layout["roads_ns"])
    main = [{"name": r["name"], "start": [r.get("from", lons[0]), r["lat"]], "end": [r.get("to", lons[-1]), r["lat"]]}
            for r in layout["roads_ew"]]
    main += [{"name": r["name"], "start": [r["lon"], r.get("from", lats[0])], "end": [r["lon"], r.get("to", lats[-1])]}
             for r in layout["roads_ns"]]
    minor = [{"name": r["name"], "start": list(r["start"]), "end": list(r["end"])}
             for r in layout.get("roads_minor", [])]
    _check_ends(main + minor, (lons[0], lats[0], lons[-1], lats[-1]))
    return main + minor


def communities(layout: dict[str, Any]) -> list[tuple[dict[str, Any], int, str, list[Quad]]]:
    """(街道, number of the 社区 in it, 社区, pieces): each 社区 is a block between main roads, counted
    from the south-west corner (column, row), cut into pieces by the secondary roads crossing it."""
    lats = sorted(road["lat"] for road in layout["roads_ew"])
    lons = sorted(road["lon"] for road in layout["roads_ns"])
    minor = [(tuple(r["start"]), tuple(r["end"])) for r in layout.get("roads_minor", [])]
    found = []
    for street in layout["streets"]:
        for community_no, ((column, row), community) in enumerate(
                zip(street["blocks"], street["communities"], strict=True), start=1):
            west, east, south, north = lons[column], lons[column + 1], lats[row], lats[row + 1]
            block: Quad = ((west, south), (east, south), (east, north), (west, north))
            found.append((street, community_no, community, _cut(block, minor)))
    return found


def _check_ends(every: list[dict[str, Any]], edge: tuple[float, float, float, float]) -> None:
    """Every end of a road lies on another road or on the district's edge: no dead ends, so a point
    beyond a road's end is always nearer another road (door numbers stay on the road)."""
    west, south, east, north = edge
    lines = [(tuple(r["start"]), tuple(r["end"]), r["name"]) for r in every]
    for road in every:
        (x0, y0), (x1, y1) = road["start"], road["end"]
        if (x1, y1) <= (x0, y0) if x0 != x1 else y1 <= y0:
            raise ValueError(f"{road['name']}: start at the west (or south) end")
        for end in (road["start"], road["end"]):
            x, y = end
            on_edge = x in (west, east) or y in (south, north)
            on_road = any(name != road["name"] and _on_segment((x, y), a, b) for a, b, name in lines)
            if not (on_edge or on_road):
                raise ValueError(f"{road['name']} ends at {end}, on no other road: a dead end")


def _on_segment(p: Point, a: Point, b: Point) -> bool:
    """Exactly on the segment (ends written as the other road's coordinates)."""
    if a[0] == b[0]:
        return p[0] == a[0] and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])
    if a[1] == b[1]:
        return p[1] == a[1] and min(a[0], b[0]) <= p[0] <= max(a[0], b[0])
    return False  # a T-junction on a slanting road would not be exact: not allowed


def _side(a: Point, b: Point, p: Point) -> float:
    return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])


def _at(a: Point, b: Point, p: Point, q: Point) -> Point:
    """Where the line through p and q crosses the edge a–b (one coordinate copied from an axis-aligned
    road, so pieces either side of it share their corners exactly)."""
    if p[0] == q[0]:
        return p[0], a[1] + (b[1] - a[1]) * (p[0] - a[0]) / (b[0] - a[0])
    if p[1] == q[1]:
        return a[0] + (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]), p[1]
    if a[0] == b[0]:
        return a[0], p[1] + (q[1] - p[1]) * (a[0] - p[0]) / (q[0] - p[0])
    if a[1] == b[1]:
        return p[0] + (q[0] - p[0]) * (a[1] - p[1]) / (q[1] - p[1]), a[1]
    raise ValueError("two slanting roads meet inside a block")


def _cut(block: Quad, roads: list[tuple[Point, Point]]) -> list[Quad]:
    """The block split by every secondary road crossing it from side to side, south-west piece first.
    A road ending at another one (a T-junction) cuts the pieces on its side once that one has cut."""
    pieces = [block]
    changed = True
    while changed:
        changed = False
        for p, q in roads:
            for n, piece in enumerate(pieces):
                halves = _halve(piece, p, q)
                if halves is not None:
                    pieces[n:n + 1] = halves
                    changed = True
                    break
    return sorted(pieces, key=lambda piece: (piece[0][1], piece[0][0]))


def _halve(piece: Quad, p: Point, q: Point) -> tuple[Quad, Quad] | None:
    """The two pieces either side of road p–q if it runs across the piece from one side to the opposite
    one, within its length; None if it misses the piece, only touches it or ends inside it."""
    lo = (min(p[0], q[0]), min(p[1], q[1]))
    hi = (max(p[0], q[0]), max(p[1], q[1]))
    if (hi[0] <= min(x for x, _ in piece) or lo[0] >= max(x for x, _ in piece)
            or hi[1] <= min(y for _, y in piece) or lo[1] >= max(y for _, y in piece)):
        return None
    sides = [_side(p, q, corner) for corner in piece]
    if all(s >= 0 for s in sides) or all(s <= 0 for s in sides):
        return None
    if any(s == 0 for s in sides):
        raise ValueError(f"road {p}–{q} runs through a corner of a block")
    sw, se, ne, nw = piece
    if (sides[0] > 0) == (sides[1] > 0) and (sides[2] > 0) == (sides[3] > 0):  # crosses west and east sides
        w, e = _at(sw, nw, p, q), _at(se, ne, p, q)
        halves = ((sw, se, e, w), (w, e, ne, nw))
        ends = (w, e)
    elif (sides[0] > 0) == (sides[3] > 0) and (sides[1] > 0) == (sides[2] > 0):  # crosses south and north
        s, n = _at(sw, se, p, q), _at(nw, ne, p, q)
        halves = ((sw, s, n, nw), (s, se, ne, n))
        ends = (s, n)
    else:
        raise ValueError(f"road {p}–{q} cuts a corner off a block")
    if not all(lo[0] - 1e-9 <= x <= hi[0] + 1e-9 and lo[1] - 1e-9 <= y <= hi[1] + 1e-9 for x, y in ends):
        return None  # ends inside the piece (its T-junction is on a road that has not cut it yet)
    return halves


def _lerp(a: Point, b: Point, i: int, n: int) -> Point:
    return a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n


def _split(piece: Quad, size: float, metres_lon: float) -> list[list[Point]]:
    """Unit cells of about `size` metres: the piece divided evenly along its sides, west to east in
    rows from the south (a rectangle's cells are rectangles, a slanting road's neighbours lean with it)."""
    sw, se, ne, nw = piece

    def metres(a: Point, b: Point) -> float:
        return math.hypot((b[0] - a[0]) * metres_lon, (b[1] - a[1]) * METRES_PER_DEGREE_LAT)

    across = max(1, round((metres(sw, se) + metres(nw, ne)) / 2 / size))
    up = max(1, round((metres(sw, nw) + metres(se, ne)) / 2 / size))
    corners = [[_lerp(_lerp(sw, se, i, across), _lerp(nw, ne, i, across), j, up) for i in range(across + 1)]
               for j in range(up + 1)]
    return [[corners[j][i], corners[j][i + 1], corners[j + 1][i + 1], corners[j + 1][i]]
            for j in range(up) for i in range(across)]


def _things(layout: dict[str, Any], grid: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    cells = grid["cells"]
    inner_ew = [r for r in layout["roads_ew"] if not r.get("boundary")]
    inner_ns = [r for r in layout["roads_ns"] if not r.get("boundary")]

    def inside(cell: dict[str, Any]) -> dict[str, float]:
        ring = tuple((x, y) for x, y in cell["ring"])
        x0, x1 = min(x for x, _ in ring), max(x for x, _ in ring)
        y0, y1 = min(y for _, y in ring), max(y for _, y in ring)
        while True:
            point = {"lon": round(rng.uniform(x0, x1), 6), "lat": round(rng.uniform(y0, y1), 6)}
            if ring_contains(ring, point["lon"], point["lat"]):
                return point

    communities: dict[str, list[str]] = {}
    for cell in cells:
        communities.setdefault(cell["code"][:12], []).append(cell["code"])
    keys = sorted(communities)
    collectors = [{"id": f"C{n + 1:02d}", "name": name, "phone": f"1395310{n + 1:04d}",
                   "grid_codes": communities[keys[2 * n]] + communities[keys[2 * n + 1]]}
                  for n, name in enumerate(layout["collector_names"][:len(keys) // 2])]

    devices = []
    for n in range(48):  # 智能井盖: in a cell next to a road, so addresses read like the real ones
        devices.append({"id": f"MH-{n + 1:04d}", "kind": "manhole", "name": f"智能井盖{n + 1:04d}",
                        "location": inside(rng.choice(cells)),
                        "category_id": rng.choice(layout["manhole_categories"])})
    lats = sorted(road["lat"] for road in layout["roads_ew"])
    lons = sorted(road["lon"] for road in layout["roads_ns"])
    crossings = [(ns, ew) for ew in inner_ew for ns in inner_ns  # where both run (a T-junction counts)
                 if ew.get("from", lons[0]) <= ns["lon"] <= ew.get("to", lons[-1])
                 and ns.get("from", lats[0]) <= ew["lat"] <= ns.get("to", lats[-1])]
    for n, (ns, ew) in enumerate(rng.sample(crossings, 8)):  # 积水监测: low points at crossings
        devices.append({"id": f"WL-{n + 1:03d}", "kind": "water_level", "name": f"{ns['name']}{ew['name']}积水监测点",
                        "location": {"lon": round(ns["lon"] + 0.0004, 6), "lat": round(ew["lat"] - 0.0003, 6)}})
    for n in range(30):
        devices.append({"id": f"BIN-{n + 1:04d}", "kind": "bin", "name": f"智能垃圾桶{n + 1:04d}",
                        "location": inside(rng.choice(cells))})
    cameras = [{"id": f"CAM-{n + 1:03d}", "name": f"{ns['name']}与{ew['name']}路口",
                "location": {"lon": round(ns["lon"] + 0.0002, 6), "lat": round(ew["lat"] + 0.0002, 6)}}
               for n, (ns, ew) in enumerate(crossings)]
    return {"collectors": collectors, "devices": devices, "cameras": cameras}


def _routing(layout: dict[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    keywords = layout["routing_keywords"]
    routes = {}
    for category in catalogue.categories:
        for unit in re.split(r"[、，,]|及|和", category.handling_unit):
            lead = next((target for keyword, target in keywords if keyword in unit), None)
            if lead is not None:
                routes[category.id] = {"lead": lead, "basis": unit.strip()}
                break
    return {"about": "小类 → lead department ('street' = 属地街道办事处); built by tools/build_demo_city.py "
                     "from the catalogue's 处置单位 and layout.json's routing_keywords.",
            "fallback": layout["routing_fallback"], "routes": routes}


def main() -> None:
    folder: Path = resource_path("city", "demo")
    layout = json.loads((folder / "layout.json").read_text(encoding="utf-8"))
    for name, document in build(layout, Catalogue.load()).items():
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        (folder / name).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {folder / name} ({len(text) // 1024} KB)")


if __name__ == "__main__":
    main()
