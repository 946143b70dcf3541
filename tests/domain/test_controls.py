"""管控 flags: 非采集区域 (areas excluded from collection, outside the grid, outside a collector's
责任网格) and 限时段 (小类 filed only in certain hours), as the seat reads them."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from workstation.domain import controls
from workstation.domain.catalogue import Catalogue
from workstation.domain.city import METRES_PER_DEGREE_LAT, City
from workstation.domain.controls import ControlArea, Controls
from workstation.domain.models import GeoPoint

SHANGHAI = ZoneInfo("Asia/Shanghai")



@pytest.fixture(scope="module")
def rules() -> Controls:
    return Controls.load("demo")


def local(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 3, 12, hour, minute, second, tzinfo=SHANGHAI)


def inside(area: ControlArea) -> GeoPoint:
    """The mean of the corners: inside, since the demo areas are convex."""
    corners = len(area.ring)
    return GeoPoint(lon=sum(p[0] for p in area.ring) / corners, lat=sum(p[1] for p in area.ring) / corners)


def west_of(area: ControlArea, metres: float) -> GeoPoint:
    west, south, east, north = area.bounds
    lat = (south + north) / 2
    return GeoPoint(lon=west - metres / (METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))), lat=lat)


# --- 非采集区域 ------------------------------------------------------------------------------------


def test_the_demo_city_has_a_campus_a_scenic_area_a_site_and_a_compound(rules: Controls) -> None:
    assert 4 <= len(rules.areas) <= 6
    assert {"campus", "scenic_area", "construction_site", "government_compound"} <= {a.kind for a in rules.areas}
    names = {area.name for area in rules.areas}
    assert "山东大学中心校区" in names


def test_a_point_in_each_area_is_flagged_with_its_name_and_reason(city: City, rules: Controls) -> None:
    for area in rules.areas:
        point = inside(area)
        flags = rules.place_flags(city, point, city.locate(point))
        assert [flag.code for flag in flags] == ["outside_collection_area"]
        assert flags[0].message == f"非采集区域：{area.name}（{area.reason}）"
    campus = next(area for area in rules.areas if area.name == "山东大学中心校区")
    message = rules.place_flags(city, inside(campus), None)[0].message
    assert message == "非采集区域：山东大学中心校区（校园内部由学校自管，不属于城管采集范围）"


def test_just_outside_an_area_and_on_the_road_beside_it_nothing_is_flagged(city: City, rules: Controls) -> None:
    for area in rules.areas:
        point = west_of(area, 20)
        assert city.locate(point) is not None
        assert rules.place_flags(city, point, city.locate(point)) == ()
    on_shanda_road = GeoPoint(lon=117.0470, lat=36.6820)  # 山大路, beside the campus
    assert rules.place_flags(city, on_shanda_road, city.locate(on_shanda_road)) == ()


def test_areas_cover_parts_of_a_few_cells_of_one_community_not_whole_streets(city: City, rules: Controls) -> None:
    for area in rules.areas:
        west, south, east, north = area.bounds
        covered = set()
        for i in range(41):
            for j in range(41):
                lon, lat = west + (east - west) * i / 40, south + (north - south) * j / 40
                if area.contains(lon, lat):
                    grid = city.locate(GeoPoint(lon=lon, lat=lat))
                    assert grid is not None, area.name  # inside the district's grid
                    covered.add(grid)
        assert 2 <= len(covered) <= 12, area.name
        assert len({grid.community for grid in covered}) == 1, area.name


def test_a_point_outside_the_grid_is_outside_the_collection_area(city: City, rules: Controls) -> None:
    west_of_district = GeoPoint(lon=116.99, lat=36.66)
    flags = rules.place_flags(city, west_of_district, None)
    assert [flag.code for flag in flags] == ["outside_collection_area"]
    assert flags[0].message == "非采集区域：上报位置不在历下区单元网格内（超出本平台采集范围）"


def test_a_case_without_location_gets_no_place_flag(city: City, rules: Controls) -> None:
    assert rules.place_flags(city, None, None) == ()
    assert rules.flags(city, point=None, grid=None, category_id=None, reported_at=local(10),
                       collector_id="C09") == ()


# --- 责任网格 ---------------------------------------------------------------------------------------


def test_a_collector_reporting_outside_his_own_grid_is_flagged(city: City, rules: Controls) -> None:
    collector = next(c for c in city.collectors if c.id == "C09")  # 卫红: 和平新村社区, 窑头路社区
    elsewhere = next(cell for cell in city.cells if cell.community == "燕翔苑社区")
    flags = rules.flags(city, point=elsewhere.centre, grid=elsewhere.ref, category_id=None,
                        reported_at=local(10), collector_id=collector.id)
    assert [flag.code for flag in flags] == ["outside_own_grid"]
    message = flags[0].message
    assert message.startswith(f"采集员{collector.name}在其责任网格外上报（")
    assert "甸柳街道燕翔苑社区" in message and elsewhere.code in message
    assert "和平新村社区" in message and "窑头路社区" in message
    typed_grid_only = rules.flags(city, point=None, grid=elsewhere.ref, category_id=None, reported_at=local(10),
                                  collector_id=collector.id)  # a grid code typed without a point is enough
    assert [flag.code for flag in typed_grid_only] == ["outside_own_grid"]


def test_a_collector_in_his_own_grid_or_unknown_is_not_flagged(city: City, rules: Controls) -> None:
    collector = next(c for c in city.collectors if c.id == "C09")
    own = city.grid(collector.grid_codes[-1])
    assert rules.flags(city, point=own.centre, grid=None, category_id=None, reported_at=local(10),
                       collector_id=collector.id) == ()
    assert rules.flags(city, point=own.centre, grid=own.ref, category_id=None, reported_at=local(10),
                       collector_id="C99") == ()


def test_a_collector_outside_the_district_reads_one_flag_not_two(city: City, rules: Controls) -> None:
    flags = rules.flags(city, point=GeoPoint(lon=116.99, lat=36.66), grid=None, category_id=None,
                        reported_at=local(10), collector_id="C09")
    assert [flag.code for flag in flags] == ["outside_collection_area"]


# --- 限时段 -------------------------------------------------------------------------------------------


def test_every_rule_names_a_small_class_of_the_catalogue_with_a_reason(rules: Controls) -> None:
    catalogue = Catalogue.load()
    assert 4 <= len(rules.filing_windows) <= 6
    for rule in rules.filing_windows:
        assert catalogue.category(rule.category_id).small_name
        assert rule.windows and rule.reason


def test_night_construction_noise_is_filed_only_at_night(rules: Controls) -> None:
    flag = rules.window_flag("SJ0301", local(14, 23))
    assert flag is not None and flag.code == "outside_time_window"
    assert flag.message == ("限时段管控：施工扰民仅在 22:00–06:00 立案"
                            "（夜间施工噪音才按施工扰民立案，白天属正常施工时段），上报时间 14:23")
    for hour, minute in ((22, 0), (23, 30), (0, 0), (3, 15), (5, 59)):  # the window across midnight
        assert rules.window_flag("SJ0301", local(hour, minute)) is None, (hour, minute)
    for hour, minute in ((21, 59), (6, 0), (12, 0)):  # start included, end excluded
        assert rules.window_flag("SJ0301", local(hour, minute)) is not None, (hour, minute)
    assert rules.window_flag("SJ0301", local(5, 59, 59)) is None


def test_windows_are_read_in_local_time_whatever_the_timezone_of_the_report(rules: Controls) -> None:
    assert rules.window_flag("SJ0301", datetime(2026, 3, 12, 14, 0, tzinfo=UTC)) is None  # 22:00 in 济南
    flag = rules.window_flag("SJ0301", datetime(2026, 3, 12, 6, 0, tzinfo=UTC))  # 14:00 in 济南
    assert flag is not None and flag.message.endswith("上报时间 14:00")
    tokyo = timezone(timedelta(hours=9))
    assert rules.window_flag("SJ0301", datetime(2026, 3, 12, 23, 0, tzinfo=tokyo)) is None  # 22:00 in 济南


def test_a_small_class_with_two_windows_is_flagged_between_them(rules: Controls) -> None:
    market = "SJ0402"  # 早（夜）市管理问题: only outside the licensed market hours
    assert rules.window_flag(market, local(9)) is None
    assert rules.window_flag(market, local(23, 30)) is None
    assert rules.window_flag(market, local(4, 59)) is None
    flag = rules.window_flag(market, local(18, 5))
    assert flag is not None
    assert flag.message.startswith("限时段管控：早（夜）市管理问题仅在 08:30–17:00、23:00–05:00 立案（")
    assert flag.message.endswith("上报时间 18:05")


def test_small_classes_without_rules_are_never_flagged(rules: Controls) -> None:
    assert rules.window_flag("SJ0110", local(3)) is None  # 暴露生活垃圾: any time
    assert rules.window_flag(None, local(3)) is None


def test_the_seat_form_gets_the_same_message_from_the_reference_data(rules: Controls) -> None:
    moment = local(14, 23)
    flag = controls.window_flag(rules.filing_windows, "SJ0301", moment, SHANGHAI, Catalogue.load())
    assert flag == rules.window_flag("SJ0301", moment)


# --- all together ---------------------------------------------------------------------------------


def test_flags_come_place_first_then_collector_then_time(city: City, rules: Controls) -> None:
    campus = next(area for area in rules.areas if area.name == "山东大学中心校区")
    point = inside(campus)
    grid = city.locate(point)
    assert grid is not None
    collector = next(c for c in city.collectors if grid.code not in c.grid_codes)
    flags = rules.flags(city, point=point, grid=grid, category_id="SJ0301", reported_at=local(14, 23),
                        collector_id=collector.id)
    assert [flag.code for flag in flags] == ["outside_collection_area", "outside_own_grid", "outside_time_window"]
    owner = next(c for c in city.collectors if grid.code in c.grid_codes)
    flags = rules.flags(city, point=point, grid=grid, category_id="SJ0301", reported_at=local(23),
                        collector_id=owner.id)
    assert [flag.code for flag in flags] == ["outside_collection_area"]
