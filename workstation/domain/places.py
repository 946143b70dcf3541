"""地理编码 (geocoding) for the seat's location search box: what a seat types → places of the city.

A seat types a door number ("解放路126号", "解放路126号附近"), a crossing ("历山路与解放路交叉口",
"历山路解放路路口", "历山路、解放路"), a road, a 社区 (community) or 街道 (street) name, a 14-digit
单元网格 (unit grid) code, or coordinates ("117.0321, 36.6612", latitude first works too), or only the
start of any of these while typing. Every place is resolved to 区 → 街道 → 社区 → 单元网格 unless its
point lies outside the grid. Door numbers invert `City.nearest_address`: number × 10 m along the
road from its start, odd numbers on the left (north or west) side, even ones on the right.
The 管控 flags of a place are left empty: the server adds them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from workstation.domain.city import METRES_PER_DEGREE_LAT, City, GridCell, Road
from workstation.domain.models import GeoPoint, GridRef, Place, PlaceKind

HOUSE_NUMBER_METRES = 10  # a door number every 10 m along a road, as City.nearest_address counts
OFFSET_METRES = 8.0  # a door number's point lies this far off the road's centre line, on its side
_NUDGE_DEGREES = 0.00002  # about 2 m: moves a crossing on the district's edge into the grid
_NEAR_DEGREES = 0.003  # about 300 m: how far outside the grid a point still gets a street address

_SEPARATORS = "与和跟及同、,/&+-;"
_CROSSING_SUFFIXES = ("十字路口", "交叉路口", "交叉口", "交汇处", "交口", "路口", "口", "")
_NEAR_SUFFIXES = ("附近", "旁边", "旁", "门口", "门前", "对面")
_DOOR = re.compile(r"(\d+)(号)?(" + "|".join(_NEAR_SUFFIXES) + r")?")
_NUMBER = r"[-+]?\d{1,3}\.\d+"  # decimal degrees; "12 34" is not a place
_COORDINATES = re.compile(rf"({_NUMBER})\s*[,;\s]\s*({_NUMBER})")


def search(city: City, query: str, limit: int = 10) -> list[Place]:
    """Places matching what the seat typed, best first; [] for text that names nothing of the city."""
    if limit <= 0:
        return []
    text = unicodedata.normalize("NFKC", query).strip()
    if not text:
        return []
    point = _coordinates(city, text)
    if point is not None:
        return [_point_place(city, point, with_coordinates=True)]
    gazetteer = _gazetteer(city)
    compact = gazetteer.strip_prefixes(re.sub(r"\s+", "", text))
    if not compact:
        return []
    if compact.isdigit():
        return gazetteer.codes(compact, limit)
    places = gazetteer.roads_and_numbers(compact, limit)
    if places is None:
        places = gazetteer.names(compact, limit)
    return places[:limit]


def place_at(city: City, point: GeoPoint) -> Place:
    """Reverse geocoding of a point (a click on the map, a GPS fix): its address and unit grid."""
    return _point_place(city, point, with_coordinates=False)


# --- the pieces of a place ---------------------------------------------------------------------------


def _label(city: City, main: str, grid: GridRef | None) -> str:
    """"解放路126号附近 · 解放东路社区 · 37010200500403", or that the place is outside the grid."""
    if grid is None:
        return f"{main} · 不在{city.district_name}单元网格内"
    return f"{main} · {grid.community} · {grid.code}"


def _point_place(city: City, point: GeoPoint, *, with_coordinates: bool) -> Place:
    """A point with its nearest address; far outside the district (no road of it nearby) the address
    is the coordinates, since "千佛山南路626号附近" for a point in another city would mislead."""
    grid = city.locate(point)
    coordinates = f"{point.lon:.6f}, {point.lat:.6f}"
    if grid is None and not _gazetteer(city).near(point):
        address = main = coordinates
    else:
        address = city.nearest_address(point)
        main = f"{coordinates} · {address}" if with_coordinates else address
    return Place(kind=PlaceKind.POINT, label=_label(city, main, grid), address=address, point=point, grid=grid)


def _coordinates(city: City, text: str) -> GeoPoint | None:
    """Two decimal numbers: longitude and latitude in either order, told apart by range (|lat| ≤ 90);
    when both could be latitudes, the reading that falls in the city's grid wins."""
    match = _COORDINATES.fullmatch(text)
    if match is None:
        return None
    a, b = float(match.group(1)), float(match.group(2))
    readings = [(lon, lat) for lon, lat in ((a, b), (b, a)) if abs(lon) <= 180 and abs(lat) <= 90]
    if not readings:
        return None
    points = [GeoPoint(lon=round(lon, 6), lat=round(lat, 6)) for lon, lat in readings]
    return next((p for p in points if city.locate(p) is not None), points[0])


def _centre_cell(cells: list[GridCell]) -> GridCell:
    """The cell in the middle of an area: the one whose centre is nearest the area's centre."""
    west = min(cell.bounds[0] for cell in cells)
    south = min(cell.bounds[1] for cell in cells)
    east = max(cell.bounds[2] for cell in cells)
    north = max(cell.bounds[3] for cell in cells)
    lon, lat = (west + east) / 2, (south + north) / 2
    return min(cells, key=lambda cell: ((cell.centre.lon - lon) ** 2 + (cell.centre.lat - lat) ** 2, cell.code))


@dataclass(frozen=True)
class _Area:
    """A 街道 or 社区: its name, its code digits, and the cell at its centre."""

    kind: PlaceKind
    name: str
    code: str  # 9 digits for a street, 12 for a community
    street: str
    centre: GridCell


@dataclass(frozen=True)
class _RoadLine:
    """A road measured in metres, for door numbers."""

    road: Road
    length: float
    east: float  # metres per degree of longitude at the road

    @property
    def last_number(self) -> int:
        """The highest door number City.nearest_address can write on this road (its far end, either side)."""
        return round(self.length / HOUSE_NUMBER_METRES) + 1

    def point(self, along: float, offset: float) -> GeoPoint:
        """The point `along` metres from the start, `offset` metres to the left (negative: right)."""
        (x0, y0), (x1, y1) = self.road.start, self.road.end
        dx, dy = (x1 - x0) * self.east, (y1 - y0) * METRES_PER_DEGREE_LAT
        t = max(1.0, min(along, self.length - 1.0)) / self.length  # the ends lie on the district's edge
        left_x, left_y = -dy / self.length, dx / self.length
        return GeoPoint(lon=round(x0 + t * (x1 - x0) + offset * left_x / self.east, 6),
                        lat=round(y0 + t * (y1 - y0) + offset * left_y / METRES_PER_DEGREE_LAT, 6))


class _Gazetteer:
    """The names of one city, indexed for the search box."""

    def __init__(self, city: City) -> None:
        self.city = city
        city_prefix = city.name.split(city.district_name)[0] if city.district_name in city.name else ""
        self.prefixes = tuple(p for p in (city_prefix, city_prefix.removesuffix("市"), city.district_name) if p)
        self.roads: dict[str, _RoadLine] = {}
        for road in city.roads:
            east = METRES_PER_DEGREE_LAT * math.cos(math.radians((road.start[1] + road.end[1]) / 2))
            dx, dy = (road.end[0] - road.start[0]) * east, (road.end[1] - road.start[1]) * METRES_PER_DEGREE_LAT
            length = math.hypot(dx, dy)
            self.roads[road.name] = _RoadLine(road, length, east)
        by_street: dict[str, list[GridCell]] = {}
        by_community: dict[str, list[GridCell]] = {}
        for cell in city.cells:
            by_street.setdefault(cell.code[:9], []).append(cell)
            by_community.setdefault(cell.code[:12], []).append(cell)
        self.streets = [_Area(PlaceKind.STREET, cells[0].street, code, cells[0].street, _centre_cell(cells))
                        for code, cells in by_street.items()]
        self.communities = [_Area(PlaceKind.COMMUNITY, cells[0].community, code, cells[0].street, _centre_cell(cells))
                            for code, cells in by_community.items()]
        self._cells = sorted(city.cells, key=lambda cell: cell.code)
        self.bounds = (min(cell.bounds[0] for cell in city.cells), min(cell.bounds[1] for cell in city.cells),
                       max(cell.bounds[2] for cell in city.cells), max(cell.bounds[3] for cell in city.cells))
        self._named: list[tuple[str, int, Place]] = [
            *((name, 0, self.road_place(line)) for name, line in self.roads.items()),
            *((area.name, 1, self.area_place(area)) for area in self.streets),
            *((area.name, 2, self.area_place(area)) for area in self.communities)]

    def near(self, point: GeoPoint) -> bool:
        """Within about 300 m of the district's grid (the far side of its boundary roads)."""
        west, south, east, north = self.bounds
        margin = _NEAR_DEGREES
        return west - margin <= point.lon <= east + margin and south - margin <= point.lat <= north + margin

    def strip_prefixes(self, text: str) -> str:
        """Without the province, city and district a seat may type first ("济南市历下区解放路…")."""
        text = re.sub(r"^.{2,3}省", "", text)
        for prefix in self.prefixes:
            text = text.removeprefix(prefix)
        text = re.sub(r"(社区)?居委会$", "社区", text)
        text = re.sub(r"街道办事处$|街道办$", "街道", text)
        street = next((s.name for s in self.streets if text.startswith(s.name) and text != s.name), None)
        return text.removeprefix(street) if street else text  # "解放路街道解放东路社区": the community

    # --- places of each kind ------------------------------------------------------------------------

    def area_place(self, area: _Area) -> Place:
        cell = area.centre
        if area.kind is PlaceKind.STREET:
            label = f"{area.name} · {self.city.district_name} · 中心网格{cell.code}"
        else:
            label = f"{area.name} · {area.street} · 中心网格{cell.code}"
        return Place(kind=area.kind, label=label, address=area.name, point=cell.centre, grid=cell.ref)

    def road_place(self, line: _RoadLine) -> Place:
        """A road alone: its middle, a little off the centre line on the side inside the grid."""
        middle = line.length / 2
        point = line.point(middle, OFFSET_METRES)
        if self.city.locate(point) is None:
            point = line.point(middle, -OFFSET_METRES)
        grid = self.city.locate(point)
        name = line.road.name
        if grid is None:
            label = _label(self.city, name, grid)
        else:
            label = f"{name} · 门牌1–{line.last_number}号 · 路段中点网格{grid.code}"
        return Place(kind=PlaceKind.ROAD, label=label, address=name, point=point, grid=grid)

    def door_place(self, line: _RoadLine, number: int, near: bool) -> Place:
        """A door number: odd numbers on the left of the road's direction, even ones on the right."""
        side = 1 if number % 2 else -1
        point = line.point(number * HOUSE_NUMBER_METRES, side * OFFSET_METRES)
        grid = self.city.locate(point)
        address = f"{line.road.name}{number}号{'附近' if near else ''}"
        return Place(kind=PlaceKind.ADDRESS, label=_label(self.city, address, grid), address=address, point=point,
                     grid=grid)

    def crossing_place(self, a: _RoadLine, b: _RoadLine) -> Place | None:
        """Where two roads cross (None for roads that do not), named as City.nearest_address names it."""
        point = _intersection(a.road, b.road)
        if point is None:
            return None
        grid = self.city.locate(point)
        if grid is None:  # a crossing on the district's edge: a step into the grid
            for dx, dy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
                nudged = GeoPoint(lon=round(point.lon + dx * _NUDGE_DEGREES, 6),
                                  lat=round(point.lat + dy * _NUDGE_DEGREES, 6))
                grid = self.city.locate(nudged)
                if grid is not None:
                    point = nudged
                    break
        first, other = sorted((a.road.name, b.road.name))
        address = f"{first}与{other}交叉口"
        return Place(kind=PlaceKind.CROSSING, label=_label(self.city, address, grid), address=address, point=point,
                     grid=grid)

    def crossings_of(self, line: _RoadLine, names: Iterable[str]) -> list[Place]:
        places = (self.crossing_place(line, self.roads[name]) for name in names if name != line.road.name)
        return [place for place in places if place is not None]

    # --- what the seat typed ------------------------------------------------------------------------

    def codes(self, digits: str, limit: int) -> list[Place]:
        """A street (9 digits), community (12, or 14 ending in 00) or unit grid code (14); a shorter
        start of a code lists the unit grids it begins."""
        street = next((s for s in self.streets if s.code == digits), None)
        if street is not None:
            return [self.area_place(street)]
        community_code = digits[:12] if len(digits) == 14 and digits.endswith("00") else digits
        community = next((c for c in self.communities if c.code == community_code), None)
        if community is not None:
            return [self.area_place(community)]
        cells = (cell for cell in self._cells if cell.code.startswith(digits))
        return [self.grid_place(cell) for cell in islice(cells, limit)]

    def grid_place(self, cell: GridCell) -> Place:
        label = f"单元网格{cell.code} · {cell.community} · {cell.street}"
        return Place(kind=PlaceKind.GRID, label=label, address=self.city.nearest_address(cell.centre),
                     point=cell.centre, grid=cell.ref)

    def road_at_start(self, text: str) -> _RoadLine | None:
        names = [name for name in self.roads if text.startswith(name)]
        return self.roads[max(names, key=len)] if names else None

    def roads_and_numbers(self, text: str, limit: int) -> list[Place] | None:
        """Door numbers and crossings; None when the text does not start with a road followed by one."""
        line = self.road_at_start(text)
        if line is None:
            return None
        rest = text[len(line.road.name):]
        if not rest:
            return None  # a road alone: the name search lists it first
        door = _DOOR.fullmatch(rest)
        if door is not None:
            return self.numbers(line, door.group(1), exact=door.group(2) is not None, near=door.group(3) is not None,
                                limit=limit)
        after = rest.lstrip(_SEPARATORS)
        other = self.road_at_start(after)
        if other is not None:
            if not any(suffix.startswith(after[len(other.road.name):]) for suffix in _CROSSING_SUFFIXES):
                return None
            crossing = self.crossing_place(line, other)
            return [crossing] if crossing is not None else []
        if after == rest and not after.startswith(tuple(name[0] for name in self.roads)):
            return None
        # the start of a second road while typing ("历山路与解"): the crossings it may become
        return self.crossings_of(line, [name for name in self.roads if name.startswith(after)])

    def numbers(self, line: _RoadLine, digits: str, *, exact: bool, near: bool, limit: int) -> list[Place]:
        """The door number typed, and while still typing ("解放路12") the numbers it may become and its
        neighbours; never a number beyond the road's end."""
        if digits.startswith("0"):
            return []
        number = int(digits)
        if exact or near:
            return [self.door_place(line, number, near)] if number <= line.last_number else []
        candidates = [number, *range(number * 10, number * 10 + 10), *(number + d for d in (-1, 1, -2, 2))]
        chosen: list[int] = []
        for candidate in candidates:
            if 1 <= candidate <= line.last_number and candidate not in chosen:
                chosen.append(candidate)
        return [self.door_place(line, n, near=True) for n in chosen[:limit]]

    def names(self, text: str, limit: int) -> list[Place]:
        """Roads, streets and communities by name: exact first, then names starting with the text,
        then names containing it; roads before streets before communities. An exact road is followed
        by its crossings."""
        ranked = []
        for name, order, place in self._named:
            if name == text:
                score = 0
            elif name.startswith(text):
                score = 1
            elif text in name:
                score = 2
            else:
                continue
            ranked.append((score, order, len(name), name, place))
        ranked.sort(key=lambda row: row[:4])
        places = [row[-1] for row in ranked[:limit]]
        if text in self.roads and len(places) < limit:
            places += self.crossings_of(self.roads[text], self.roads)
        return places


def _intersection(a: Road, b: Road) -> GeoPoint | None:
    """The point where two road segments cross, or None."""
    (x1, y1), (x2, y2), (x3, y3), (x4, y4) = a.start, a.end, b.start, b.end
    denominator = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
    if denominator == 0:
        return None
    t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / denominator
    u = ((x1 - x3) * (y1 - y2) - (y1 - y3) * (x1 - x2)) / denominator
    if not (0 <= t <= 1 and 0 <= u <= 1):
        return None
    return GeoPoint(lon=round(x1 + t * (x2 - x1), 6), lat=round(y1 + t * (y2 - y1), 6))


@lru_cache(maxsize=8)
def _gazetteer(city: City) -> _Gazetteer:
    return _Gazetteer(city)
