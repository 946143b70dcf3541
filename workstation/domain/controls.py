"""管控 (controls) the platform applies to every report: 非采集区域管控 and 限时段管控 (DOMAIN.md §7).

非采集区域 (areas excluded from collection) are polygons of the city whose ground its own owner
manages — a campus, a scenic area, a sealed construction site, a government compound — read from
`resources/city/<city>/control_areas.json`; a point outside the city's unit grid is outside the
collection area too, and a 信息采集员 (collector) reporting outside his 责任网格 (responsibility grid)
is flagged. 限时段管控 (filing windows) are the 小类 that may only be filed in certain daily hours,
read from `resources/workflow/filing_windows.json`. Every check yields a `ControlFlag` with the
reason in Chinese; the seat decides, nothing is blocked. The server calls `Controls.flags` at every
intake and edit, so the areas are indexed by bounding box and a call takes microseconds.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cache, cached_property
from typing import Any
from zoneinfo import ZoneInfo

from workstation.domain.catalogue import Catalogue
from workstation.domain.city import City, ring_contains
from workstation.domain.models import ControlFlag, FilingWindow, GeoPoint, GridRef, TimeWindow
from workstation.resources import resource_path

OUTSIDE_COLLECTION_AREA = "outside_collection_area"
OUTSIDE_OWN_GRID = "outside_own_grid"
OUTSIDE_TIME_WINDOW = "outside_time_window"

_BUCKET_DEGREES = 0.005  # side of the squares of the area index (about 500 m)


@dataclass(frozen=True)
class ControlArea:
    """非采集区域: a polygon excluded from collection, with its name and the reason a seat reads."""

    id: str
    name: str
    kind: str  # campus, scenic_area, construction_site, government_compound
    reason: str  # "校园内部由学校自管，不属于城管采集范围"
    ring: tuple[tuple[float, float], ...]  # (lon, lat) corners, not closed

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        lons, lats = [p[0] for p in self.ring], [p[1] for p in self.ring]
        return min(lons), min(lats), max(lons), max(lats)

    def contains(self, lon: float, lat: float) -> bool:
        """Ray casting, after a bounding-box test."""
        west, south, east, north = self.bounds
        return west <= lon <= east and south <= lat <= north and ring_contains(self.ring, lon, lat)

    @property
    def flag(self) -> ControlFlag:
        return ControlFlag(code=OUTSIDE_COLLECTION_AREA, message=f"非采集区域：{self.name}（{self.reason}）")


def outside_grid_flag(city: City) -> ControlFlag:
    """The flag of a point outside the city's unit grid altogether."""
    return ControlFlag(code=OUTSIDE_COLLECTION_AREA,
                       message=f"非采集区域：上报位置不在{city.district_name}单元网格内（超出本平台采集范围）")


def window_flag(windows: Iterable[FilingWindow], category_id: str | None, moment: datetime, zone: tzinfo,
                catalogue: Catalogue) -> ControlFlag | None:
    """限时段管控 for one report: a flag when its 小类 has filing windows and `moment` lies in none.

    `moment` is converted to `zone` (a naive one is taken as local time already). Used by the
    server through `Controls.window_flag` and by the seat's form with the reference data's rules.
    """
    if category_id is None:
        return None
    rule = next((window for window in windows if window.category_id == category_id), None)
    if rule is None:
        return None
    local = moment.astimezone(zone) if moment.tzinfo is not None else moment
    minute = local.hour * 60 + local.minute
    if any(_covers(window, minute) for window in rule.windows):
        return None
    try:
        name = catalogue.category(category_id).small_name
    except KeyError:
        name = category_id
    spans = "、".join(f"{window.start}–{window.end}" for window in rule.windows)
    return ControlFlag(code=OUTSIDE_TIME_WINDOW,
                       message=f"限时段管控：{name}仅在 {spans} 立案（{rule.reason}），上报时间 {local:%H:%M}")


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _covers(window: TimeWindow, minute: int) -> bool:
    """Whether a minute of the day lies in the window: start included, end excluded; past midnight
    when the end is before the start; a window whose end equals its start covers the whole day."""
    start, end = _minutes(window.start), _minutes(window.end)
    if start < end:
        return start <= minute < end
    if start > end:
        return minute >= start or minute < end
    return True


class Controls:
    """The 管控 rules of one city: its 非采集区域 and the 限时段 filing windows."""

    def __init__(self, areas: Iterable[ControlArea], filing_windows: Iterable[FilingWindow], catalogue: Catalogue,
                 zone: tzinfo) -> None:
        self.areas: tuple[ControlArea, ...] = tuple(areas)
        self.filing_windows: tuple[FilingWindow, ...] = tuple(filing_windows)
        self.zone = zone
        self._catalogue = catalogue
        self._windows: Mapping[str, FilingWindow] = {rule.category_id: rule for rule in self.filing_windows}
        for rule in self.filing_windows:
            try:
                catalogue.category(rule.category_id)
            except KeyError:
                raise ValueError(f"filing window for {rule.category_id}, which is not in the catalogue") from None
        self._index: dict[tuple[int, int], list[ControlArea]] = defaultdict(list)
        for area in self.areas:
            west, south, east, north = area.bounds
            for i in range(_bucket(west), _bucket(east) + 1):
                for j in range(_bucket(south), _bucket(north) + 1):
                    self._index[i, j].append(area)

    @classmethod
    def load(cls, city: str = "demo") -> Controls:
        """The areas of that city (none if it has no control_areas.json) and the filing windows."""
        return _load(city)

    # --- 非采集区域管控 -----------------------------------------------------------------------------

    def area_at(self, point: GeoPoint) -> ControlArea | None:
        """The 非采集区域 holding the point, if any."""
        for area in self._index.get((_bucket(point.lon), _bucket(point.lat)), ()):
            if area.contains(point.lon, point.lat):
                return area
        return None

    def place_flags(self, city: City, point: GeoPoint | None, grid: GridRef | None) -> tuple[ControlFlag, ...]:
        """非采集区域 flags of a case's location. No point, no flag: the seat is already told the case
        is not located (a grid typed without a point cannot be checked against the areas)."""
        if point is None:
            return ()
        if grid is None and city.locate(point) is None:
            return (outside_grid_flag(city),)
        area = self.area_at(point)
        return (area.flag,) if area is not None else ()

    def collector_flag(self, city: City, collector_id: str | None, point: GeoPoint | None,
                       grid: GridRef | None) -> ControlFlag | None:
        """A collector reporting outside his own 责任网格. Nothing when the location is unknown or
        outside the city's grid (the place flag says so already) or the collector is not on the list."""
        if collector_id is None:
            return None
        collector = next((c for c in city.collectors if c.id == collector_id), None)
        if collector is None:
            return None
        if grid is None and point is not None:
            grid = city.locate(point)
        if grid is None or grid.code in collector.grid_codes:
            return None
        communities: dict[str, list[str]] = {}
        for code in collector.grid_codes:
            cell = city.grid(code)
            names = communities.setdefault(cell.street, [])
            if cell.community not in names:
                names.append(cell.community)
        own = "；".join(f"{street}{'、'.join(names)}" for street, names in communities.items())
        return ControlFlag(code=OUTSIDE_OWN_GRID,
                           message=f"采集员{collector.name}在其责任网格外上报（上报位置在{grid.street}{grid.community}"
                                   f"网格{grid.code}，其责任网格为{own}）")

    # --- 限时段管控 ---------------------------------------------------------------------------------

    def window_flag(self, category_id: str | None, moment: datetime) -> ControlFlag | None:
        """A flag when the 小类 may only be filed in certain hours and `moment` lies outside them."""
        rule = self._windows.get(category_id) if category_id is not None else None
        if rule is None:
            return None
        return window_flag((rule,), category_id, moment, self.zone, self._catalogue)

    # --- all of them ----------------------------------------------------------------------------------

    def flags(self, city: City, *, point: GeoPoint | None, grid: GridRef | None, category_id: str | None,
              reported_at: datetime, collector_id: str | None = None) -> tuple[ControlFlag, ...]:
        """Every 管控 flag of a report, in the order a seat reads them: place, collector, time."""
        flags = list(self.place_flags(city, point, grid))
        collector = self.collector_flag(city, collector_id, point, grid)
        if collector is not None:
            flags.append(collector)
        window = self.window_flag(category_id, reported_at)
        if window is not None:
            flags.append(window)
        return tuple(flags)


@cache
def _load(city: str) -> Controls:
    areas: list[ControlArea] = []
    path = resource_path("city", city, "control_areas.json")
    if path.is_file():
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        areas = [ControlArea(id=a["id"], name=a["name"], kind=a["kind"], reason=a["reason"],
                             ring=tuple((p[0], p[1]) for p in a["ring"])) for a in document["areas"]]
    windows: dict[str, Any] = json.loads(resource_path("workflow", "filing_windows.json").read_text(encoding="utf-8"))
    rules = [FilingWindow.model_validate(rule) for rule in windows["windows"]]
    return Controls(areas, rules, Catalogue.load(), ZoneInfo(windows["timezone"]))


def _bucket(degrees: float) -> int:
    return math.floor(degrees / _BUCKET_DEGREES)
