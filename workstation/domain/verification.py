"""核实 (verification before filing): who is on duty, and which collector a task goes to.

The grid's own collector (责任网格) gets the task when on duty; otherwise the on-duty collector whose
grid lies nearest to the case. The roster is resources/city/<city>/duty.json; the words a city uses
for the field tasks (核实/核查) are resources/workflow/field_tasks.json.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from workstation.domain.city import METRES_PER_DEGREE_LAT, City, Collector
from workstation.domain.models import GeoPoint
from workstation.resources import resource_path


@cache
def task_labels() -> dict[str, str]:
    """{"verify": "核实", "check": "核查"} or the city's own words."""
    document = json.loads(resource_path("workflow", "field_tasks.json").read_text(encoding="utf-8"))
    return dict(document["labels"])


def collector_account(collector_id: str) -> str:
    """The platform account of a collector, e.g. "collector-C01"."""
    return f"collector-{collector_id}"


@dataclass(frozen=True)
class Shift:
    name: str
    start: time
    end: time
    weekdays: frozenset[int]  # 1 = Monday … 7 = Sunday, of the day the shift starts

    def covers(self, local: datetime) -> bool:
        moment = local.time()
        if self.start < self.end:
            return local.isoweekday() in self.weekdays and self.start <= moment < self.end
        if moment >= self.start:  # the evening part of a shift past midnight
            return local.isoweekday() in self.weekdays
        if moment < self.end:  # its morning part belongs to the day before
            return (local - timedelta(days=1)).isoweekday() in self.weekdays
        return False


@dataclass(frozen=True)
class DutyRoster:
    """值班表: the shifts each collector works."""

    zone: ZoneInfo
    shifts: dict[str, Shift]
    assignments: dict[str, tuple[str, ...]]  # collector id -> shift names

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> DutyRoster:
        shifts = {key: Shift(name=s["name"], start=time.fromisoformat(s["start"]), end=time.fromisoformat(s["end"]),
                             weekdays=frozenset(s["weekdays"])) for key, s in document["shifts"].items()}
        assignments = {collector: tuple(names) for collector, names in document["roster"].items()}
        unknown = {name for names in assignments.values() for name in names} - set(shifts)
        if unknown:
            raise ValueError(f"duty roster names unknown shifts: {sorted(unknown)}")
        return cls(zone=ZoneInfo(document["timezone"]), shifts=shifts, assignments=assignments)

    @classmethod
    def load(cls, city: str = "demo") -> DutyRoster:
        return cls.from_document(json.loads(resource_path("city", city, "duty.json").read_text(encoding="utf-8")))

    def on_duty(self, collector_id: str, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return any(self.shifts[name].covers(local) for name in self.assignments.get(collector_id, ()))


@dataclass(frozen=True)
class Assignment:
    collector: Collector
    own_grid: bool
    distance_m: float  # from the case to the nearest cell of the collector's 责任网格 (0 for the own grid)

    @property
    def reason(self) -> str:
        if self.own_grid:
            return "责任网格采集员"
        return f"责任网格采集员不在岗，距此约{round(self.distance_m / 10) * 10}米的在岗采集员"


class NoCollector(Exception):
    """No collector can take the task; `reason` is a Chinese sentence for the seat."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _metres(a: GeoPoint, b: GeoPoint) -> float:
    scale = math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot((a.lon - b.lon) * scale, a.lat - b.lat) * METRES_PER_DEGREE_LAT


def choose_collector(city: City, roster: DutyRoster, grid_code: str | None, point: GeoPoint | None,
                     now: datetime, collectors: Iterable[Collector] | None = None,
                     reporter_id: str | None = None) -> Assignment:
    """The collector a 核实 task at this place goes to now (see the module docstring). The collector
    who reported the case (`reporter_id`) is never asked to verify it (DOMAIN.md §7 同时段核查)."""
    label = task_labels()["verify"]
    if point is None and grid_code is None:
        raise NoCollector(f"案卷尚未定位到单元网格，无法确定{label}的采集员")
    target = point if point is not None else city.grid(grid_code or "").centre
    on_duty = [c for c in (city.collectors if collectors is None else collectors)
               if c.id != reporter_id and roster.on_duty(c.id, now)]
    if not on_duty:
        raise NoCollector(f"当前没有在岗的信息采集员，无法发送{label}任务")
    for collector in on_duty:
        if grid_code is not None and grid_code in collector.grid_codes:
            return Assignment(collector, own_grid=True, distance_m=0.0)

    def distance(collector: Collector) -> float:
        return min((_metres(target, city.grid(code).centre) for code in collector.grid_codes), default=math.inf)

    nearest = min(on_duty, key=lambda c: (distance(c), c.id))
    return Assignment(nearest, own_grid=False, distance_m=distance(nearest))
