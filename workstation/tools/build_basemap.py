"""Build the demo city's offline base map (resources/city/demo/basemap.geojson) from its layout.

The map panel draws this GeoJSON FeatureCollection under the unit grid when no tile server is reachable
(a command centre's network is often closed), so a seat still reads streets, blocks, water and names.
Every feature has the properties `kind`, `name` (Chinese) and `rank`:

- street: every road of the city (City.roads, the ones addresses are written on) as a LineString;
  rank 1 a main road (layout roads_ew/roads_ns, drawn wider), 2 a secondary road (roads_minor);
- lane: 里, 巷, 胡同 inside the blocks (some curved; dense in the old city inside the moat), rank 3;
- block: 小区, 宿舍 and 号院 compounds, schools, hospitals, markets, offices, the campus, the sealed site
  and the government compound of control_areas.json — Polygons that keep clear of every street;
- water: the lake, the moat, ponds and springs; park: scenic areas, squares, parks;
  for blocks, water and parks rank 1 is a landmark of the district, 2 a named place, 3 an ordinary one;
- label: a Point, rank 1 the district and its 街道, 2 a 社区 (both at the centre the place search uses),
  3 a landmark.

Deterministic (seeded, stdlib only); written one feature a line, coordinates rounded to 6 decimals.
Run again after editing layout.json or control_areas.json:

    python -m workstation.tools.build_basemap [output.geojson]
"""

from __future__ import annotations

import json
import math
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workstation.domain.city import METRES_PER_DEGREE_LAT, City, GridCell, ring_contains
from workstation.domain.models import GeoPoint
from workstation.resources import resource_path
from workstation.tools.build_demo_city import Quad, communities

SEED = 370102
ROAD_WIDTH_M = {1: 36.0, 2: 20.0}  # carriageway and pavements, centre line to centre line of the kerbs
LANE_WIDTH_M = 7.0
SETBACK_M = 8.0  # from the edge of a road to the walls of the compounds along it
GAP_M = 5.0  # between two compounds (their own paths and walls)
KINDS = ("street", "lane", "block", "water", "park", "label")

XY = tuple[float, float]  # metres east and north of the frame's origin
Ring = list[XY]


# --- plane geometry in metres ----------------------------------------------------------------------------


class Frame:
    """Degrees ↔ metres around the district (an equirectangular plane is exact enough for 6 km)."""

    def __init__(self, lon: float, lat: float) -> None:
        self.lon, self.lat = lon, lat
        self.east = METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))

    def xy(self, lon: float, lat: float) -> XY:
        return (lon - self.lon) * self.east, (lat - self.lat) * METRES_PER_DEGREE_LAT

    def lonlat(self, p: XY) -> list[float]:
        return [round(self.lon + p[0] / self.east, 6), round(self.lat + p[1] / METRES_PER_DEGREE_LAT, 6)]


def _sub(a: XY, b: XY) -> XY:
    return a[0] - b[0], a[1] - b[1]


def _length(v: XY) -> float:
    return math.hypot(v[0], v[1])


def _unit(v: XY) -> XY:
    n = _length(v)
    return v[0] / n, v[1] / n


def _lerp(a: XY, b: XY, t: float) -> XY:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def _area(ring: Ring) -> float:
    """Signed: positive for a counter-clockwise ring."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _ccw(ring: Ring) -> Ring:
    return ring if _area(ring) > 0 else ring[::-1]


def _centroid(ring: Ring) -> XY:
    a = _area(ring)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * a), cy / (6 * a)


def _inside(ring: Ring, p: XY) -> bool:
    return ring_contains(tuple(ring), p[0], p[1])


def _line_cross(p: XY, d: XY, q: XY, e: XY) -> XY:
    """Where the line through p along d meets the line through q along e."""
    den = d[0] * e[1] - d[1] * e[0]
    t = ((q[0] - p[0]) * e[1] - (q[1] - p[1]) * e[0]) / den
    return p[0] + t * d[0], p[1] + t * d[1]


def _offset(ring: Ring, distances: Sequence[float]) -> Ring:
    """A convex counter-clockwise ring with each edge moved inwards by its distance (negative: outwards)."""
    n = len(ring)
    lines = []
    for i in range(n):
        a, b = ring[i], ring[(i + 1) % n]
        d = _unit(_sub(b, a))
        left = (-d[1], d[0])
        lines.append(((a[0] + left[0] * distances[i], a[1] + left[1] * distances[i]), d))
    return [_line_cross(*lines[i - 1], *lines[i]) for i in range(n)]


def _round_corners(points: Ring, cut_m: float, times: int, closed: bool = True) -> Ring:
    """Chaikin's corner cutting, each cut at most `cut_m` from the corner (an open line keeps its ends)."""
    for _ in range(times):
        out: Ring = []
        n = len(points)
        for i in range(n if closed else n - 1):
            a, b = points[i], points[(i + 1) % n]
            length = _length(_sub(b, a))
            t = min(0.25, cut_m / length) if length else 0.25
            out += [_lerp(a, b, t), _lerp(a, b, 1 - t)]
        points = out if closed else [points[0], *out[1:-1], points[-1]]
    return points


def _circle(centre: XY, radius: float, steps: int = 16, wobble: Callable[[int], float] | None = None) -> Ring:
    return [(centre[0] + radius * (1 + (wobble(i) if wobble else 0)) * math.cos(2 * math.pi * i / steps),
             centre[1] + radius * (1 + (wobble(i) if wobble else 0)) * math.sin(2 * math.pi * i / steps))
            for i in range(steps)]


def _wobble(ring: Ring, metres: float, rng: random.Random) -> Ring:
    """A smooth ring made irregular, as a hill's foot or a shore: each point pushed outwards from the
    centre by 0 … `metres`, along a few slow waves."""
    if not metres:
        return ring
    dense: Ring = []
    for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
        steps = max(1, math.ceil(_length(_sub(b, a)) / 30))
        dense += [_lerp(a, b, k / steps) for k in range(steps)]
    ring = dense
    centre = _centroid(ring)
    waves = [(k, rng.uniform(0, 2 * math.pi)) for k in (3, 5, 7)]
    out = []
    for x, y in ring:
        angle = math.atan2(y - centre[1], x - centre[0])
        push = metres * (0.5 + sum(math.sin(k * angle + phase) for k, phase in waves) / 6)
        d = _unit((x - centre[0], y - centre[1]))
        out.append((x + d[0] * push, y + d[1] * push))
    return out


def _buffer_line(points: Ring, half: float) -> Ring:
    """The ring around a polyline at `half` metres either side (mitred joins, square ends)."""
    left, right = [], []
    for i, p in enumerate(points):
        normals = []
        if i > 0:
            d = _unit(_sub(p, points[i - 1]))
            normals.append((-d[1], d[0]))
        if i < len(points) - 1:
            d = _unit(_sub(points[i + 1], p))
            normals.append((-d[1], d[0]))
        n = _unit((sum(v[0] for v in normals), sum(v[1] for v in normals)))
        scale = half / (n[0] * normals[0][0] + n[1] * normals[0][1])
        left.append((p[0] + n[0] * scale, p[1] + n[1] * scale))
        right.append((p[0] - n[0] * scale, p[1] - n[1] * scale))
    return _ccw(left + right[::-1])


def _segment_distance(a: XY, b: XY, c: XY, d: XY) -> float:
    def orient(p: XY, q: XY, r: XY) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    if orient(a, b, c) * orient(a, b, d) < 0 and orient(c, d, a) * orient(c, d, b) < 0:
        return 0.0
    return min(_point_segment(a, c, d), _point_segment(b, c, d), _point_segment(c, a, b), _point_segment(d, a, b))


def _point_segment(p: XY, a: XY, b: XY) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _bounds(points: Sequence[XY]) -> tuple[float, float, float, float]:
    return (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points))


@dataclass
class Obstacle:
    """Something compounds and lanes keep `gap` metres away from: water, a park, a place of its own."""

    ring: Ring
    gap: float
    bounds: tuple[float, float, float, float] = field(init=False)

    def __post_init__(self) -> None:
        self.bounds = _bounds(self.ring)

    def near(self, points: Sequence[XY], closed: bool) -> bool:
        west, south, east, north = _bounds(points)
        w, s, e, n = self.bounds
        if east < w - self.gap or west > e + self.gap or north < s - self.gap or south > n + self.gap:
            return False
        if any(_inside(self.ring, p) for p in points):
            return True
        if closed and _inside(list(points), self.ring[0]):
            return True
        edges = list(zip(points, list(points[1:]) + ([points[0]] if closed else []), strict=False))
        rim = list(zip(self.ring, self.ring[1:] + self.ring[:1], strict=True))
        return any(_segment_distance(a, b, c, d) < self.gap for a, b in edges for c, d in rim)


# --- the pieces between roads ---------------------------------------------------------------------------


@dataclass
class Piece:
    """A block between roads (one 社区 holds one or more), inset to where its compounds may stand."""

    street: str
    community: str
    index: int
    outer: list[XY]  # south-west, south-east, north-east, north-west, on the road centre lines
    inner: list[XY]  # the same inset by each road's half width and the setback
    margins: list[float]  # per side: south, east, north, west
    old_city: bool

    @property
    def width(self) -> float:
        sw, se, ne, nw = self.inner
        return (_length(_sub(se, sw)) + _length(_sub(ne, nw))) / 2

    @property
    def height(self) -> float:
        sw, se, ne, nw = self.inner
        return (_length(_sub(nw, sw)) + _length(_sub(ne, se))) / 2

    def at(self, u: float, v: float) -> XY:
        sw, se, ne, nw = self.inner
        return _lerp(_lerp(sw, se, u), _lerp(nw, ne, u), v)

    def contains(self, p: XY) -> bool:
        return _inside(self.outer, p)


@dataclass
class Lane:
    position: float  # where it crosses the piece's unbent unit square: u of a north-south lane, v of an east-west one
    bend: float  # how far its middle bows, in the same units (0: straight)
    span: tuple[int, int] | None = None  # a lane ending at others (T-junctions): the bands between them it runs


class Bend:
    """The piece's unit square bent so its lanes curve: a lane at u = c (or v = c) bows to
    c + bend·sin(π·v), its neighbourhood following linearly; the square's edges stay put."""

    def __init__(self, across: list[Lane], up: list[Lane]) -> None:
        self.across, self.up = across, up  # north-south lanes (positions in u), east-west ones (in v)

    @property
    def curved(self) -> bool:
        return any(lane.bend for lane in self.across + self.up)

    @staticmethod
    def _shift(lanes: list[Lane], s: float, t: float) -> float:
        """Displacement at s (across the lanes) and t (along them)."""
        stops = [(0.0, 0.0), *((lane.position, lane.bend * math.sin(math.pi * t)) for lane in lanes), (1.0, 0.0)]
        for (s0, d0), (s1, d1) in zip(stops, stops[1:], strict=False):
            if s0 <= s <= s1:
                return d0 + (d1 - d0) * (s - s0) / (s1 - s0)
        return 0.0

    def __call__(self, u: float, v: float) -> tuple[float, float]:
        return u + self._shift(self.across, u, v), v + self._shift(self.up, v, u)


# --- the builder -------------------------------------------------------------------------------------------


class Builder:
    def __init__(self, layout: dict[str, Any], city: City, areas: dict[str, Any]) -> None:
        self.layout, self.city, self.spec = layout, city, layout["map"]
        self.areas = {area["id"]: area for area in areas["areas"]}
        cells = city.cells
        self.frame = Frame(round(sum(c.centre.lon for c in cells) / len(cells), 4),
                           round(sum(c.centre.lat for c in cells) / len(cells), 4))
        main = {r["name"] for r in layout["roads_ew"]} | {r["name"] for r in layout["roads_ns"]}
        self.roads = [(road.name, 1 if road.name in main else 2, self.frame.xy(*road.start), self.frame.xy(*road.end))
                      for road in city.roads]
        west, south, east, north = layout["map"]["old_city"]
        self.old_city = (self.frame.xy(west, south), self.frame.xy(east, north))
        self.features: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
        self.obstacles: list[Obstacle] = []
        self.used_names: set[str] = set()
        self.lanes: list[tuple[str, Ring]] = []  # (name, points) of the lanes drawn
        self.lane_doors: dict[str, int] = {}
        self.pieces = self._pieces()

    # --- output ---

    def polygon(self, kind: str, name: str, rank: int, ring: Ring, holes: Sequence[Ring] = ()) -> dict[str, Any]:
        def closed(points: Ring, outer: bool) -> list[list[float]]:
            points = _ccw(points) if outer else _ccw(points)[::-1]
            coordinates = [self.frame.lonlat(p) for p in points]
            coordinates = [c for i, c in enumerate(coordinates) if c != coordinates[i - 1]]
            return [*coordinates, coordinates[0]]

        feature = {"type": "Feature", "properties": {"kind": kind, "name": name, "rank": rank},
                   "geometry": {"type": "Polygon",
                                "coordinates": [closed(ring, True), *(closed(h, False) for h in holes)]}}
        self.features[kind].append(feature)
        return feature

    def line(self, kind: str, name: str, rank: int, points: Ring) -> None:
        self.features[kind].append({"type": "Feature", "properties": {"kind": kind, "name": name, "rank": rank},
                                    "geometry": {"type": "LineString",
                                                 "coordinates": [self.frame.lonlat(p) for p in points]}})

    def label(self, name: str, rank: int, point: XY) -> None:
        self.features["label"].append({"type": "Feature", "properties": {"kind": "label", "name": name, "rank": rank},
                                       "geometry": {"type": "Point", "coordinates": self.frame.lonlat(point)}})

    def collection(self) -> dict[str, Any]:
        lons = [c for cell in self.city.cells for c in (cell.bounds[0], cell.bounds[2])]
        lats = [c for cell in self.city.cells for c in (cell.bounds[1], cell.bounds[3])]
        return {"type": "FeatureCollection",
                "about": f"{self.city.name}离线底图（示意），由 tools/build_basemap.py 据 layout.json 生成；"
                         "kind: street, lane, block, water, park, label; rank: 1 主干路/地标/区与街道, "
                         "2 次干路/有名地点/社区, 3 小巷/一般院落/地标注记",
                "bbox": [min(lons), min(lats), max(lons), max(lats)],
                "features": [f for kind in ("block", "park", "water", "lane", "street", "label")
                             for f in self.features[kind]]}

    # --- pieces ---

    def _pieces(self) -> list[Piece]:
        pieces = []
        for street, _, community, quads in communities(self.layout):
            for index, quad in enumerate(quads):
                pieces.append(self._piece(street["name"], community, index, quad))
        return pieces

    def _piece(self, street: str, community: str, index: int, quad: Quad) -> Piece:
        outer = [self.frame.xy(*corner) for corner in quad]
        margins = []
        for a, b in zip(outer, outer[1:] + outer[:1], strict=True):
            middle = _lerp(a, b, 0.5)
            side = _unit(_sub(b, a))
            along = [rank for _, rank, p, q in self.roads  # the road this side runs on, not one ending at it
                     if _point_segment(middle, p, q) < 1 and abs(side[0] * (q[1] - p[1]) - side[1] * (q[0] - p[0]))
                     < 0.05 * _length(_sub(q, p))]
            margins.append(ROAD_WIDTH_M[min(along)] / 2 + SETBACK_M if along else GAP_M / 2)  # else: a 社区 line
        inner = _offset(outer, margins)
        centre = _lerp(outer[0], outer[2], 0.5)
        (w, s), (e, n) = self.old_city
        return Piece(street, community, index, outer, inner, margins, w <= centre[0] <= e and s <= centre[1] <= n)

    def piece_at(self, lonlat: Sequence[float]) -> Piece:
        p = self.frame.xy(*lonlat)
        return next(piece for piece in self.pieces if piece.contains(p))

    # --- the hand-written map: water, parks, places ---

    def area_ring(self, area_id: str) -> Ring:
        return _ccw([self.frame.xy(*corner) for corner in self.areas[area_id]["ring"]])

    def hand_drawn(self) -> set[int]:
        """Water, parks and places of layout.json's map section; the ids of the pieces they fill whole."""
        whole: set[int] = set()
        rng = random.Random(f"{SEED}:water")
        moat = self.spec["moat"]
        line = _round_corners([self.frame.xy(*p) for p in moat["line"]], 60, 3, closed=False)
        park_ring = _buffer_line(line, moat["park_width_m"] / 2)
        self.polygon("park", moat["park"], 2, park_ring)
        self.polygon("water", moat["name"], 1, _buffer_line(line, moat["width_m"] / 2))
        self.obstacles.append(Obstacle(park_ring, GAP_M))
        for park in self.spec["parks"]:
            if "area" in park:
                area = self.area_ring(park["area"])
                ring = _round_corners(_offset(area, [-park["outset_m"]] * len(area)), 18, 3)
                ring = _wobble(ring, park.get("wobble_m", 0), random.Random(f"{SEED}:{park['name']}"))
            elif "ring" in park:
                ring = _round_corners(_ccw([self.frame.xy(*p) for p in park["ring"]]), 25, 3)
            else:
                piece = self.piece_at(park["piece_at"])
                whole.add(id(piece))
                ring = _round_corners(list(piece.inner), 40, 3)
            self.polygon("park", park["name"], park["rank"], ring)
            self.obstacles.append(Obstacle(ring, GAP_M))
            self.label(park.get("label", park["name"]), 3, _centroid(ring))
        for lake in self.spec["lakes"]:
            area = self.area_ring(lake["area"])
            base = _round_corners(_offset(area, [lake["inset_m"]] * len(area)), 40, 3)
            shore = [_lerp(_centroid(base), p, 1 + rng.uniform(-0.025, 0.01)) for p in base]
            islands = [_circle(self.frame.xy(*i["at"]), i["radius_m"], 12) for i in lake.get("islands", [])]
            self.polygon("water", lake["name"], lake["rank"], shore, islands)
            for island in lake.get("islands", []):
                self.label(island["name"], 3, self.frame.xy(*island["at"]))
        for pond in self.spec["ponds"]:
            ring = _circle(self.frame.xy(*pond["at"]), pond["radius_m"], 14, lambda i: rng.uniform(-0.15, 0.1))
            self.polygon("water", pond["name"], pond["rank"], ring)
            self.obstacles.append(Obstacle(ring, GAP_M))
            self.label(pond["name"], 3, self.frame.xy(*pond["at"]))
        for spring in self.spec["springs"]:
            ring = _circle(self.frame.xy(*spring["at"]), 12, 10)
            self.polygon("water", spring["name"], 2, ring)
            self.obstacles.append(Obstacle(ring, 4))
            self.label(spring["name"], 3, self.frame.xy(*spring["at"]))
        for place in self.spec["places"]:
            if "area" in place:
                ring = self.area_ring(place["area"])
            elif "piece_at" in place:
                piece = self.piece_at(place["piece_at"])
                whole.add(id(piece))
                ring = _round_corners(list(piece.inner), 8, 1)
            else:
                continue  # named after the compounds are laid out
            self.polygon("block", place["name"], place["rank"], ring)
            self.obstacles.append(Obstacle(ring, GAP_M + 3))
            self.used_names.add(place["name"])
            self.label(place.get("label", place["name"]), 3, _centroid(ring))
        for extra in self.spec["labels"]:
            self.label(extra["name"], 3, self.frame.xy(*extra["at"]))
        return whole

    # --- lanes and compounds in every other piece ---

    def fabric(self, whole: set[int]) -> None:
        lane_names = {True: list(self.spec["lane_names_old_city"]), False: list(self.spec["lane_names"])}
        compounds: list[tuple[Piece, dict[str, Any], XY]] = []
        for piece in self.pieces:
            if id(piece) in whole:
                continue
            rng = random.Random(f"{SEED}:{piece.community}:{piece.index}")
            through, partial, along_v = self._lanes(piece, rng)
            bend = Bend(partial, through) if along_v else Bend(through, partial)
            for lane in through + partial:
                self._lane(piece, bend, lane, lane in partial, along_v, [t.position for t in through], lane_names)
            for ring in self._compounds(piece, bend, through, partial, along_v, rng):
                feature = self.polygon("block", "", 3, ring)
                compounds.append((piece, feature, _centroid(ring)))
        self._name_compounds(compounds)

    def _lanes(self, piece: Piece, rng: random.Random) -> tuple[list[Lane], list[Lane], bool]:
        """Lanes through the piece along its length, and lanes across it, some of them ending at the
        through lanes; and whether the through lanes run east-west (their positions are v)."""
        spacing = (105, 150) if piece.old_city else (180, 260)
        along_v = piece.width >= piece.height

        def lanes(size: float, through: int) -> list[Lane]:
            parts = max(1, round(size / rng.uniform(*spacing)))
            found = []
            for i in range(1, parts):
                position = (i + rng.uniform(-0.15, 0.15)) / parts
                curved = rng.random() < (0.15 if piece.old_city else 0.3)
                bend = rng.uniform(0.08, 0.16) / parts * rng.choice((-1, 1)) if curved else 0.0
                span = None
                if through > 1 and rng.random() < 0.6:
                    k = rng.randrange(1, through)
                    span = rng.choice(((0, k), (k, through)))
                found.append(Lane(position, bend, span))
            return found

        through = lanes(piece.height if along_v else piece.width, 0)
        partial = lanes(piece.width if along_v else piece.height, len(through) + 1)
        return through, partial, along_v

    def _lane(self, piece: Piece, bend: Bend, lane: Lane, partial: bool, along_v: bool, stops: list[float],
              names: dict[bool, list[str]]) -> None:
        """A lane from side to side of the piece, out to the roads' centre lines, or from a through lane
        to the next one or to a side."""
        bands = [0.0, *stops, 1.0]
        start, end = (bands[lane.span[0]], bands[lane.span[1]]) if partial and lane.span else (0.0, 1.0)
        runs_v = not along_v if not partial else along_v  # a north-south lane runs along v
        steps = 10 if bend.curved else 1
        unit = [(lane.position, start + (end - start) * k / steps) if runs_v
                else (start + (end - start) * k / steps, lane.position) for k in range(steps + 1)]
        points = [piece.at(*bend(u, v)) for u, v in unit]
        first, last = (piece.margins[0], piece.margins[2]) if runs_v else (piece.margins[3], piece.margins[1])
        if start == 0.0 and first > SETBACK_M:  # out to the road's centre line, so the lane meets the street
            d = _unit(_sub(points[0], points[1]))
            points.insert(0, (points[0][0] + d[0] * first, points[0][1] + d[1] * first))
        if end == 1.0 and last > SETBACK_M:
            d = _unit(_sub(points[-1], points[-2]))
            points.append((points[-1][0] + d[0] * last, points[-1][1] + d[1] * last))
        if any(obstacle.near(points, closed=False) for obstacle in self.obstacles):
            return
        pool = names[piece.old_city] or names[False]
        if pool:
            name = pool.pop(0)
        else:
            road = _nearest_road(self.roads, points[len(points) // 2])
            name = next(text for side in ("", "东", "西", "南", "北") for n in "一二三四五六七八九十"
                        if (text := f"{road}{side}{n}巷") not in self.used_names)
        self.used_names.add(name)
        self.line("lane", name, 3, points)
        self.lanes.append((name, points))

    def _compounds(self, piece: Piece, bend: Bend, through: list[Lane], partial: list[Lane], along_v: bool,
                   rng: random.Random) -> list[Ring]:
        """Compounds between the lanes, in rows of different lengths so they do not line up."""
        t_size, s_size = (piece.height, piece.width) if along_v else (piece.width, piece.height)
        t_gap, s_gap = (LANE_WIDTH_M / 2 + GAP_M) / t_size, (LANE_WIDTH_M / 2 + GAP_M) / s_size
        size = (38, 70) if piece.old_city else (80, 165)
        bands = [0.0, *(lane.position for lane in through), 1.0]
        rings = []
        for k in range(len(bands) - 1):
            t0, t1 = bands[k] + (t_gap if k else 0), bands[k + 1] - (t_gap if k < len(bands) - 2 else 0)
            cuts = [0.0, *sorted(lane.position for lane in partial
                                 if lane.span is None or lane.span[0] <= k < lane.span[1]), 1.0]
            for i in range(len(cuts) - 1):
                s0, s1 = cuts[i] + (s_gap if i else 0), cuts[i + 1] - (s_gap if i < len(cuts) - 2 else 0)
                rows = max(1, round((t1 - t0) * t_size / rng.uniform(*size)))
                row_cuts = _jittered(t0, t1, rows, rng)
                for r in range(rows):
                    r0 = row_cuts[r] + (GAP_M / 2 / t_size if r else 0)
                    r1 = row_cuts[r + 1] - (GAP_M / 2 / t_size if r < rows - 1 else 0)
                    count = max(1, round((s1 - s0) * s_size / rng.uniform(*size)))
                    col_cuts = _jittered(s0, s1, count, rng)
                    for c in range(count):
                        c0 = col_cuts[c] + (GAP_M / 2 / s_size if c else 0)
                        c1 = col_cuts[c + 1] - (GAP_M / 2 / s_size if c < count - 1 else 0)
                        box = (c0, r0, c1, r1) if along_v else (r0, c0, r1, c1)
                        rings += self._fit(piece, bend, box, 0)
        return rings

    def _fit(self, piece: Piece, bend: Bend, box: tuple[float, float, float, float], depth: int) -> list[Ring]:
        """The compound on `box` (u0, v0, u1, v1), or its parts clear of water, parks and places."""
        u0, v0, u1, v1 = box
        if (u1 - u0) * piece.width < 20 or (v1 - v0) * piece.height < 20:
            return []
        steps = 4 if bend.curved else 1
        edge = ([(u0 + (u1 - u0) * k / steps, v0) for k in range(steps)]
                + [(u1, v0 + (v1 - v0) * k / steps) for k in range(steps)]
                + [(u1 - (u1 - u0) * k / steps, v1) for k in range(steps)]
                + [(u0, v1 - (v1 - v0) * k / steps) for k in range(steps)])
        ring = [piece.at(*bend(u, v)) for u, v in edge]
        if not any(obstacle.near(ring, closed=True) for obstacle in self.obstacles):
            return [ring]
        if depth == 2:
            return []
        um, vm = (u0 + u1) / 2, (v0 + v1) / 2
        gu, gv = GAP_M / 2 / piece.width, GAP_M / 2 / piece.height
        parts = [(u0, v0, um - gu, vm - gv), (um + gu, v0, u1, vm - gv), (u0, vm + gv, um - gu, v1),
                 (um + gu, vm + gv, u1, v1)]
        return [ring for part in parts for ring in self._fit(piece, bend, part, depth + 1)]

    # --- names ---

    def _name_compounds(self, compounds: list[tuple[Piece, dict[str, Any], XY]]) -> None:
        """小区 after its 社区 near the 社区's centre, the district's places where layout.json puts them,
        a 街道办事处, a kindergarten and a clinic in every 社区, then 宿舍, 号院 and estate names."""
        rng = random.Random(f"{SEED}:names")
        units = list(self.spec["compound_units"])
        rng.shuffle(units)
        named: set[int] = set()

        def name(index: int, text: str, rank: int) -> None:
            compounds[index][1]["properties"].update(name=text, rank=rank)
            named.add(index)
            self.used_names.add(text)

        def nearest(point: XY, among: Sequence[int]) -> int:
            free = [i for i in among if i not in named]
            return min(free, key=lambda i: (_length(_sub(compounds[i][2], point)), i))

        everywhere = range(len(compounds))
        for place in self.spec["places"]:
            if "at" in place:
                point = self.frame.xy(*place["at"])
                holder = next((i for i in everywhere if _inside(_ring_of(compounds[i][1], self.frame), point)), None)
                index = holder if holder is not None and holder not in named else nearest(point, everywhere)
                if _length(_sub(compounds[index][2], point)) > 150:
                    raise ValueError(f"{place['name']}: no compound near {place['at']}")
                name(index, place["name"], place["rank"])
                self.label(place.get("label", place["name"]), 3, compounds[index][2])
        for street, cells in _by(self.city.cells, lambda c: c.street).items():
            centre = self.frame.xy(*_centre(cells))
            name(nearest((centre[0] + 90, centre[1] + 70), everywhere), f"{street}办事处", 2)
        for community, cells in _by(self.city.cells, lambda c: c.community).items():
            mine = [i for i in everywhere if compounds[i][0].community == community]
            base = community.removesuffix("社区")
            home = base if base.endswith(("小区", "新村", "花园", "名郡", "苑", "街", "路", "巷")) else f"{base}小区"
            if home.endswith(("街", "路", "巷")):
                home = f"{base}小区"
            centre = self.frame.xy(*_centre(cells))
            if mine and home not in self.used_names:
                biggest = sorted(mine, key=lambda i: -abs(_area(_ring_of(compounds[i][1], self.frame))))[:4]
                name(nearest(centre, biggest), home, 3)
            for text in (f"{base}幼儿园", f"{base}社区卫生服务站"):
                free = [i for i in mine if i not in named]
                if free and text not in self.used_names:
                    name(rng.choice(free), text, 2)
        prefixes, suffixes = self.spec["compound_prefixes"], self.spec["compound_suffixes"]
        for index, (piece, feature, centre) in enumerate(compounds):
            if index in named:
                continue
            draw = rng.random()
            text = ""
            if draw < 0.12 and not piece.old_city:
                text = f"{_nearest_road(self.roads, centre)}游园"
                if text not in self.used_names:
                    feature["properties"]["kind"] = "park"
                    self.features["block"].remove(feature)
                    self.features["park"].append(feature)
                    name(index, text, 3)
                    continue
            if piece.old_city:  # a courtyard: the door number on its lane, or on the street
                text = self._lane_door(centre)
            elif draw < 0.3 and units:
                text = units.pop()
            elif draw < 0.6:
                text = self._street_door(centre)
            if not text or text in self.used_names:
                for _ in range(20):
                    text = rng.choice(prefixes) + rng.choice(suffixes)
                    if text not in self.used_names:
                        break
            if text in self.used_names:
                text = self._street_door(centre)
            name(index, text, 3)

    def _street_door(self, centre: XY) -> str:
        """"解放路126号院": the door number City.nearest_address gives, or the next free one on that side."""
        lon, lat = self.frame.lonlat(centre)
        door = re.fullmatch(r"(.+?)(\d+)号附近", self.city.nearest_address(GeoPoint(lon=lon, lat=lat)))
        if door is None:  # at a crossing
            road = _nearest_road(self.roads, centre)
            return next(f"{road}{n}号院" for n in range(1, 2000) if f"{road}{n}号院" not in self.used_names)
        road, number = door.group(1), int(door.group(2))
        return next(text for n in range(number, number + 4000, 2)
                    if (text := f"{road}{n}号院") not in self.used_names)

    def _lane_door(self, centre: XY) -> str:
        """"芙蓉街12号": numbered along the nearest lane within 60 m, else a street door number."""
        near = [(min(_point_segment(centre, a, b) for a, b in zip(points, points[1:], strict=False)), name)
                for name, points in self.lanes]
        distance, lane = min(near, default=(math.inf, ""))
        if distance > 60:
            return self._street_door(centre)
        self.lane_doors[lane] = self.lane_doors.get(lane, 0) + 1
        return f"{lane}{self.lane_doors[lane]}号"

    # --- labels of the district, its 街道 and 社区 ---

    def area_labels(self) -> None:
        cells = self.city.cells
        west = min(c.bounds[0] for c in cells)
        east = max(c.bounds[2] for c in cells)
        north = max(c.bounds[3] for c in cells)
        self.label(self.city.district_name, 1, self.frame.xy((west + east) / 2, north - 0.0012))
        for rank, key in ((1, lambda c: c.street), (2, lambda c: c.community)):
            for name, mine in _by(cells, key).items():
                centre = _centre_cell(mine).centre
                self.label(name, rank, self.frame.xy(centre.lon, centre.lat))

    def streets(self) -> None:
        for name, rank, start, end in self.roads:
            self.line("street", name, rank, [start, end])


def _jittered(start: float, end: float, parts: int, rng: random.Random) -> list[float]:
    return [start, *(start + (end - start) * (k + rng.uniform(-0.22, 0.22)) / parts for k in range(1, parts)), end]


def _ring_of(feature: dict[str, Any], frame: Frame) -> Ring:
    return [frame.xy(lon, lat) for lon, lat in feature["geometry"]["coordinates"][0][:-1]]


def _nearest_road(roads: list[tuple[str, int, XY, XY]], p: XY) -> str:
    return min(roads, key=lambda r: _point_segment(p, r[2], r[3]))[0]


def _by(cells: Sequence[GridCell], key: Callable[[GridCell], str]) -> dict[str, list[GridCell]]:
    found: dict[str, list[GridCell]] = {}
    for cell in cells:
        found.setdefault(key(cell), []).append(cell)
    return found


def _centre(cells: Sequence[GridCell]) -> tuple[float, float]:
    return ((min(c.bounds[0] for c in cells) + max(c.bounds[2] for c in cells)) / 2,
            (min(c.bounds[1] for c in cells) + max(c.bounds[3] for c in cells)) / 2)


def _centre_cell(cells: Sequence[GridCell]) -> GridCell:
    """The cell the place search puts an area at (places._centre_cell): its centre nearest the area's."""
    lon, lat = _centre(cells)
    return min(cells, key=lambda cell: ((cell.centre.lon - lon) ** 2 + (cell.centre.lat - lat) ** 2, cell.code))


def build(layout: dict[str, Any], city: City, areas: dict[str, Any]) -> dict[str, Any]:
    builder = Builder(layout, city, areas)
    whole = builder.hand_drawn()
    builder.fabric(whole)
    builder.streets()
    builder.area_labels()
    return builder.collection()


def dumps(collection: dict[str, Any]) -> str:
    """One feature a line: small diffs when the layout changes."""
    head = {key: value for key, value in collection.items() if key != "features"}
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]]
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return opening + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = resource_path("city", "demo")
    layout = json.loads((folder / "layout.json").read_text(encoding="utf-8"))
    areas = json.loads((folder / "control_areas.json").read_text(encoding="utf-8"))
    text = dumps(build(layout, City.load("demo"), areas))
    target = Path(args[0]) if args else folder / "basemap.geojson"
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({len(text.encode('utf-8')) // 1024} KB)")


if __name__ == "__main__":
    main()
