"""The city a platform serves: its unit grid (单元网格), roads for addresses, departments, the
responsibility table that suggests a department, demo accounts, collectors, devices and cameras.

Loaded from `resources/city/<name>/` (see tools/build_demo_city.py); pure data and geometry, no IO
beyond reading those files.
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from workstation.domain.models import Category, Department, GeoPoint, GridRef, Role
from workstation.resources import resource_path

METRES_PER_DEGREE_LAT = 111_320.0
_BUCKET_DEGREES = 0.005  # side of the squares of the point-location index (about 500 m)
_CROSSING_METRES = 60  # closer than this to two roads, an address names the crossing


@dataclass(frozen=True)
class GridCell:
    """单元网格: a polygon with a 14-digit code (区 6 + 街道 3 + 社区 3 + 网格 2)."""

    code: str
    community: str
    street: str
    district: str
    ring: tuple[tuple[float, float], ...]  # (lon, lat) corners, not closed

    @property
    def ref(self) -> GridRef:
        return GridRef(code=self.code, community=self.community, street=self.street, district=self.district)

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        lons, lats = [p[0] for p in self.ring], [p[1] for p in self.ring]
        return min(lons), min(lats), max(lons), max(lats)

    @property
    def centre(self) -> GeoPoint:
        west, south, east, north = self.bounds
        return GeoPoint(lon=round((west + east) / 2, 6), lat=round((south + north) / 2, 6))

    def contains(self, lon: float, lat: float) -> bool:
        """A point on an edge shared by two cells belongs to exactly one of them."""
        return ring_contains(self.ring, lon, lat)


def ring_contains(ring: tuple[tuple[float, float], ...], lon: float, lat: float) -> bool:
    """Ray casting: is the point inside the polygon whose (lon, lat) corners are `ring` (not closed)?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@dataclass(frozen=True)
class Road:
    name: str
    start: tuple[float, float]  # (lon, lat), west or south end; house numbers count from here
    end: tuple[float, float]


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    roles: tuple[Role, ...]
    department_id: str | None = None


@dataclass(frozen=True)
class Collector:
    """信息采集员 with the unit grids of the 责任网格 they patrol."""

    id: str
    name: str
    phone: str
    grid_codes: tuple[str, ...]


@dataclass(frozen=True)
class Device:
    """物联网感知设备; `kind` is manhole, water_level or bin; `category_id` the 小类 it watches."""

    id: str
    kind: str
    name: str
    location: GeoPoint
    category_id: str | None = None


@dataclass(frozen=True)
class Camera:
    id: str
    name: str
    location: GeoPoint


@dataclass(frozen=True)
class Route:
    """One row of the responsibility table: the lead department of a 小类 ("street" = 属地街道)."""

    lead: str
    basis: str  # the 处置单位 text of the standard that chose it


@dataclass(frozen=True)
class MatrixRow:
    """A row of the routing matrix (责任分解表 overrides): 小类 × area → lead and 协办 departments."""

    category_id: str
    area: str  # a 街道 name, or "*" for the whole district
    lead: str | None  # None: routing.json's lead stays; "street" = 属地街道
    assist: tuple[str, ...]
    basis: str


class City:
    def __init__(self, layout: dict[str, Any], grid: dict[str, Any], things: dict[str, Any],
                 routing: dict[str, Any], matrix: dict[str, Any] | None = None) -> None:
        self.name: str = layout["name"]
        self.district_code: str = layout["district_code"]
        self.district_name: str = layout["district_name"]
        self.cells: tuple[GridCell, ...] = tuple(
            GridCell(code=c["code"], community=c["community"], street=c["street"], district=self.district_name,
                     ring=tuple((p[0], p[1]) for p in c["ring"])) for c in grid["cells"])
        self.roads: tuple[Road, ...] = tuple(
            Road(name=r["name"], start=tuple(r["start"]), end=tuple(r["end"])) for r in grid["roads"])
        self._cells = {cell.code: cell for cell in self.cells}
        self._index: dict[tuple[int, int], list[GridCell]] = defaultdict(list)
        for cell in self.cells:
            west, south, east, north = cell.bounds
            for i in range(_bucket(west), _bucket(east) + 1):
                for j in range(_bucket(south), _bucket(north) + 1):
                    self._index[i, j].append(cell)

        prefix, suffix = layout["street_department"]["id_prefix"], layout["street_department"]["name_suffix"]
        self._street_departments = {s["name"]: f"{prefix}-{s['code']}" for s in layout["streets"]}
        street_departments = [
            Department(id=f"{prefix}-{s['code']}", name=f"{self.district_name}{s['name']}{suffix}",
                       short_name=s["name"], level=layout["street_department"]["level"],
                       district_code=self.district_code) for s in layout["streets"]]
        self.departments: tuple[Department, ...] = tuple(
            Department(**{"district_code": self.district_code if d["level"] == "district" else None, **d})
            for d in layout["departments"]) + tuple(street_departments)
        self._departments = {d.id: d for d in self.departments}
        self._routes = {category_id: Route(**row) for category_id, row in routing["routes"].items()}
        self._fallback: str = routing["fallback"]
        self._matrix: dict[str, list[MatrixRow]] = defaultdict(list)
        for row in (matrix or {}).get("rows", ()):
            self._matrix[row["category_id"]].append(MatrixRow(
                category_id=row["category_id"], area=row.get("area", "*"), lead=row.get("lead"),
                assist=tuple(row.get("assist", ())), basis=row.get("basis", "")))

        self.users: tuple[DemoUser, ...] = tuple(
            DemoUser(username=u["username"], name=u["name"], roles=tuple(Role(r) for r in u["roles"]))
            for u in layout["users"]) + tuple(
            DemoUser(username=f"dept-{d.id}", name=d.short_name, roles=(Role.DEPARTMENT,), department_id=d.id)
            for d in self.departments)
        self.collectors: tuple[Collector, ...] = tuple(
            Collector(id=c["id"], name=c["name"], phone=c["phone"], grid_codes=tuple(c["grid_codes"]))
            for c in things["collectors"])
        self.devices: tuple[Device, ...] = tuple(
            Device(id=d["id"], kind=d["kind"], name=d["name"], location=GeoPoint(**d["location"]),
                   category_id=d.get("category_id")) for d in things["devices"])
        self.cameras: tuple[Camera, ...] = tuple(
            Camera(id=c["id"], name=c["name"], location=GeoPoint(**c["location"])) for c in things["cameras"])

    @classmethod
    def load(cls, name: str = "demo") -> City:
        return _load(name)

    # --- places --------------------------------------------------------------------------------

    def grid(self, code: str) -> GridCell:
        """The cell with this code; KeyError for an unknown one."""
        return self._cells[code]

    def locate(self, point: GeoPoint) -> GridRef | None:
        """The unit grid holding the point, or None outside the city's grid."""
        for cell in self._index.get((_bucket(point.lon), _bucket(point.lat)), ()):
            if cell.contains(point.lon, point.lat):
                return cell.ref
        return None

    def random_point(self, rng: random.Random) -> GeoPoint:
        """A point inside a cell chosen at random (cells are equally likely)."""
        cell = self.cells[rng.randrange(len(self.cells))]
        west, south, east, north = cell.bounds
        while True:
            lon, lat = rng.uniform(west, east), rng.uniform(south, north)
            if cell.contains(lon, lat):
                return GeoPoint(lon=round(lon, 6), lat=round(lat, 6))

    def nearest_address(self, point: GeoPoint) -> str:
        """A street address as a seat would write it: "解放路126号附近" or "历山路与解放路交叉口"
        (without the district: a centre serves one district, its seats do not write it)."""
        ranked = sorted((_distance_along(road, point) + (road,) for road in self.roads), key=lambda r: r[0])
        (_, along, road), (second_off, _, second) = ranked[0], ranked[1]
        if second_off < _CROSSING_METRES and _crosses(road, second):
            first, other = sorted((road.name, second.name))
            return f"{first}与{other}交叉口"
        number = max(1, round(along / 10))
        side = _side(road, point)
        number += (number % 2) != side  # odd numbers on the left (north/west) side, even on the right
        return f"{road.name}{number}号附近"

    # --- departments ---------------------------------------------------------------------------

    def department(self, department_id: str) -> Department:
        return self._departments[department_id]

    def district_of(self, department_id: str) -> str | None:
        """The district code of a department's region; None for city-level units and enterprises."""
        return self.department(department_id).district_code

    def _matrix_row(self, category: Category, grid: GridRef | None) -> MatrixRow | None:
        """The most specific routing-matrix row of a 小类 at a place: its 街道's, else the district's."""
        rows = self._matrix.get(category.id, [])
        street = grid.street if grid is not None else None
        return next((row for row in rows if row.area == street), None) or next(
            (row for row in rows if row.area == "*"), None)

    def _street_unit(self, grid: GridRef | None) -> str | None:
        if grid is None:
            return None
        return self._street_departments.get(grid.street)

    def suggest_department(self, category: Category, grid: GridRef | None) -> tuple[str, str]:
        """The lead department for a 小类 at a place, and the rule that chose it, in Chinese (with
        the 协办 units of the routing matrix, when it names some)."""
        department_id, rule = self._suggest_lead(category, grid)
        row = self._matrix_row(category, grid)
        assists = self.suggest_assists(category, grid)
        if row is not None and assists:
            names = "、".join(self.department(unit).short_name for unit in assists)
            rule += f"；协办：{names}（{row.basis}）"
        return department_id, rule

    def suggest_assists(self, category: Category, grid: GridRef | None) -> tuple[str, ...]:
        """The 协办 departments the routing matrix names for a 小类 at a place ("street" = 属地街道)."""
        row = self._matrix_row(category, grid)
        if row is None:
            return ()
        lead, _rule = self._suggest_lead(category, grid)
        units = (self._street_unit(grid) if unit == "street" else unit for unit in row.assist)
        return tuple(dict.fromkeys(unit for unit in units if unit is not None and unit != lead))

    def _suggest_lead(self, category: Category, grid: GridRef | None) -> tuple[str, str]:
        row = self._matrix_row(category, grid)
        route = self._routes.get(category.id)
        if row is not None and row.lead is not None:
            route = Route(lead=row.lead, basis=row.basis)
        if route is None:
            department = self.department(self._fallback)
            return department.id, f"责任分解表未列{category.small_name}，默认{department.short_name}"
        if route.lead != "street":
            department = self.department(route.lead)
            return department.id, f"责任分解表：{category.small_name} → {department.short_name}"
        street_unit = self._street_unit(grid)
        if street_unit is None:
            department = self.department(self._fallback)
            return department.id, f"责任分解表：{category.small_name}属地处置，位置未定，暂派{department.short_name}"
        department = self.department(street_unit)
        return department.id, f"责任分解表：{category.small_name}属地处置 → {department.short_name}"


@cache
def _load(name: str) -> City:
    def read(file: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(resource_path("city", name, file).read_text(encoding="utf-8"))
        return data

    matrix = read("routing_matrix.json") if resource_path("city", name, "routing_matrix.json").exists() else None
    return City(read("layout.json"), read("grid.json"), read("things.json"), read("routing.json"), matrix)


def _bucket(degrees: float) -> int:
    return math.floor(degrees / _BUCKET_DEGREES)


def _metres(lon: float, lat: float, origin_lat: float) -> tuple[float, float]:
    return lon * METRES_PER_DEGREE_LAT * math.cos(math.radians(origin_lat)), lat * METRES_PER_DEGREE_LAT


def _distance_along(road: Road, point: GeoPoint) -> tuple[float, float]:
    """(distance from the road segment, distance along it from its start), in metres."""
    ax, ay = _metres(*road.start, point.lat)
    bx, by = _metres(*road.end, point.lat)
    px, py = _metres(point.lon, point.lat, point.lat)
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (length * length)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy)), t * length


def _side(road: Road, point: GeoPoint) -> int:
    """1 left of the road's direction (north of an east-west road, west of a north-south one), else 0."""
    (ax, ay), (bx, by) = road.start, road.end
    return 1 if (bx - ax) * (point.lat - ay) - (by - ay) * (point.lon - ax) > 0 else 0


def _crosses(a: Road, b: Road) -> bool:
    def orientation(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return (orientation(a.start, a.end, b.start) * orientation(a.start, a.end, b.end) <= 0
            and orientation(b.start, b.end, a.start) * orientation(b.start, b.end, a.end) <= 0)
