"""Choosing the collector of a 核实 task: on duty by the roster, the grid's own first, else the nearest."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from workstation.domain.city import City, Collector
from workstation.domain.verification import DutyRoster, NoCollector, choose_collector

CITY = City.load()
GRID = CITY.cells[0]
OWNER = next(c for c in CITY.collectors if GRID.code in c.grid_codes)
# 10:00 and 22:00 in Jinan on Tuesday 24 November 2026
DAY = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
NIGHT = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


def roster(assignments: dict[str, list[str]]) -> DutyRoster:
    return DutyRoster.from_document({
        "timezone": "Asia/Shanghai",
        "shifts": {"day": {"name": "白班", "start": "07:00", "end": "19:00", "weekdays": [1, 2, 3, 4, 5]},
                   "night": {"name": "夜班", "start": "19:00", "end": "07:00", "weekdays": [2]}},
        "roster": assignments})


def others() -> list[Collector]:
    return [c for c in CITY.collectors if c.id != OWNER.id]


def test_the_grids_own_collector_gets_the_task_when_on_duty() -> None:
    duty = roster({c.id: ["day"] for c in CITY.collectors})
    chosen = choose_collector(CITY, duty, GRID.code, None, DAY)
    assert chosen.collector == OWNER and chosen.own_grid and chosen.reason == "责任网格采集员"


def test_the_nearest_on_duty_collector_when_the_owner_is_off() -> None:
    duty = roster({OWNER.id: ["night"], **{c.id: ["day"] for c in others()}})
    chosen = choose_collector(CITY, duty, GRID.code, None, DAY)
    assert chosen.collector != OWNER and not chosen.own_grid

    def distance(collector: Collector) -> float:
        scale = math.cos(math.radians(GRID.centre.lat))
        return min(math.hypot((CITY.grid(code).centre.lon - GRID.centre.lon) * scale,
                              CITY.grid(code).centre.lat - GRID.centre.lat) for code in collector.grid_codes)

    # no other on-duty collector's grid is clearly nearer than the chosen one's
    assert distance(chosen.collector) <= min(distance(c) for c in others()) + 1e-9
    assert 0 < chosen.distance_m < 10_000
    assert chosen.reason.startswith("责任网格采集员不在岗") and "米" in chosen.reason


def test_a_collector_never_verifies_his_own_report() -> None:
    duty = roster({c.id: ["day"] for c in CITY.collectors})
    chosen = choose_collector(CITY, duty, GRID.code, None, DAY, reporter_id=OWNER.id)
    assert chosen.collector != OWNER and not chosen.own_grid


def test_the_roster_decides_who_is_on_duty() -> None:
    duty = roster({OWNER.id: ["night"], **{c.id: ["day"] for c in others()}})
    assert choose_collector(CITY, duty, GRID.code, None, NIGHT).collector == OWNER
    # a night shift that starts on Tuesday still runs at 03:00 on Wednesday, not on Thursday
    assert duty.on_duty(OWNER.id, datetime(2026, 11, 24, 19, 0, tzinfo=UTC))  # Wed 03:00
    assert not duty.on_duty(OWNER.id, datetime(2026, 11, 25, 19, 0, tzinfo=UTC))  # Thu 03:00
    assert not duty.on_duty(OWNER.id, DAY)


def test_a_point_without_a_grid_code_uses_the_point() -> None:
    duty = roster({c.id: ["day"] for c in CITY.collectors})
    chosen = choose_collector(CITY, duty, None, GRID.centre, DAY)
    assert not chosen.own_grid and chosen.distance_m < 300


def test_nobody_on_duty_is_a_clear_chinese_error() -> None:
    duty = roster({c.id: ["day"] for c in CITY.collectors})
    saturday_noon = datetime(2026, 11, 28, 4, 0, tzinfo=UTC)
    with pytest.raises(NoCollector) as caught:
        choose_collector(CITY, duty, GRID.code, None, saturday_noon)
    assert caught.value.reason == "当前没有在岗的信息采集员，无法发送核实任务"


def test_a_case_without_a_place_cannot_be_verified() -> None:
    with pytest.raises(NoCollector, match="尚未定位到单元网格"):
        choose_collector(CITY, roster({}), None, None, DAY)


def test_the_demo_roster_always_has_someone_on_duty() -> None:
    duty = DutyRoster.load()
    assert set(duty.assignments) == {c.id for c in CITY.collectors}
    for hour in range(24):
        moment = datetime(2026, 11, 24, hour, 30, tzinfo=UTC)
        assert any(duty.on_duty(c.id, moment) for c in CITY.collectors), hour


def test_a_roster_naming_an_unknown_shift_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown shifts"):
        roster({OWNER.id: ["evening"]})
