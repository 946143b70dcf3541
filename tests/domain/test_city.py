"""The demo city: every place resolves to 区 → 街道 → 社区 → 单元网格, and every 小类 to a department."""

from __future__ import annotations

import json
import random
import re

import pytest

from workstation.domain.catalogue import Catalogue
from workstation.domain.city import City
from workstation.domain.models import GeoPoint, Role
from workstation.resources import resource_path
from workstation.tools.build_demo_city import build


@pytest.fixture(scope="module")
def city() -> City:
    return City.load("demo")


def test_grid_codes_follow_the_fourteen_digit_rule(city: City) -> None:
    codes = [cell.code for cell in city.cells]
    assert len(codes) == len(set(codes)) > 300
    for cell in city.cells:
        assert re.fullmatch(r"370102\d{8}", cell.code)
        assert cell.code[-2:] != "00"  # 00 is reserved for a community-level grid
        assert cell.district == "历下区" and cell.street.endswith("街道") and cell.community.endswith("社区")
    streets = {cell.code[6:9]: cell.street for cell in city.cells}
    assert len(set(streets.values())) == len(streets) >= 6


def test_every_point_of_the_district_lies_in_exactly_one_cell(city: City) -> None:
    rng = random.Random(1)
    west = min(cell.bounds[0] for cell in city.cells)
    east = max(cell.bounds[2] for cell in city.cells)
    south = min(cell.bounds[1] for cell in city.cells)
    north = max(cell.bounds[3] for cell in city.cells)
    for _ in range(2000):
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        holders = [cell for cell in city.cells if cell.contains(lon, lat)]
        assert len(holders) == 1
        assert city.locate(GeoPoint(lon=lon, lat=lat)) == holders[0].ref


def test_a_cell_centre_locates_to_that_cell_and_outside_is_none(city: City) -> None:
    for cell in city.cells[::17]:
        assert city.locate(cell.centre) == cell.ref
        assert city.grid(cell.code) is cell
    assert city.locate(GeoPoint(lon=116.99, lat=36.66)) is None  # west of the district
    assert city.locate(GeoPoint(lon=117.05, lat=36.70)) is None  # north of it
    with pytest.raises(KeyError):
        city.grid("37010299999999")


def test_addresses_read_like_a_seat_writes_them(city: City) -> None:
    rng = random.Random(2)
    road_names = {road.name for road in city.roads}
    for _ in range(200):
        address = city.nearest_address(city.random_point(rng))
        number = re.fullmatch(r"(.+?)(\d+)号附近", address)
        crossing = re.fullmatch(r"(.+)与(.+)交叉口", address)
        assert number or crossing, address
        names = {number.group(1)} if number else {crossing.group(1), crossing.group(2)}
        assert names <= road_names, address
    # right at the crossing of 历山路 and 解放路
    assert city.nearest_address(GeoPoint(lon=117.0351, lat=36.6646)) == "历山路与解放路交叉口"


def test_house_numbers_are_odd_on_one_side_of_the_road_and_even_on_the_other(city: City) -> None:
    north = city.nearest_address(GeoPoint(lon=117.0410, lat=36.6652))  # just north of 解放路
    south = city.nearest_address(GeoPoint(lon=117.0410, lat=36.6638))
    assert north.startswith("解放路") and south.startswith("解放路")
    assert int(re.search(r"(\d+)号", north).group(1)) % 2 == 1
    assert int(re.search(r"(\d+)号", south).group(1)) % 2 == 0


def test_every_category_has_a_department_and_a_rule(city: City) -> None:
    catalogue = Catalogue.load()
    grid = city.locate(city.cells[0].centre)
    for category in catalogue.categories:
        department_id, rule = city.suggest_department(category, grid)
        assert city.department(department_id).name
        assert rule.startswith("责任分解表") and category.small_name in rule


def test_street_level_work_goes_to_the_street_office_of_the_grid(city: City) -> None:
    catalogue = Catalogue.load()
    street_work = catalogue.category("SJ0406")  # 占道经营: 所属街办、属地行政执法部门
    for cell in (city.cells[0], city.cells[-1]):
        department_id, rule = city.suggest_department(street_work, cell.ref)
        department = city.department(department_id)
        assert department.level == "street" and department.short_name == cell.street
        assert cell.street in rule
    department_id, rule = city.suggest_department(street_work, None)  # location unknown yet
    assert city.department(department_id).level == "district" and "位置未定" in rule
    rain_cover = catalogue.category("BJ0103")  # 雨水井盖: 排水服务中心
    assert city.suggest_department(rain_cover, city.cells[0].ref)[0] == "D-PS"


def test_accounts_cover_every_role_and_every_department(city: City) -> None:
    users = {user.username: user for user in city.users}
    assert users["seat01"].name == "张敏" and set(users["seat01"].roles) == {Role.ACCEPTOR, Role.DISPATCHER}
    assert Role.SHIFT_LEADER in users["leader01"].roles
    assert Role.TRAINER in users["trainer01"].roles and Role.ADMIN in users["admin"].roles
    for department in city.departments:
        account = users[f"dept-{department.id}"]
        assert account.department_id == department.id and account.roles == (Role.DEPARTMENT,)
    for channel in ("collector", "hotline", "iot", "video", "public"):
        assert users[f"channel-{channel}"].roles == (Role.CHANNEL,)


def test_collectors_patrol_every_cell_once_and_devices_stand_in_the_grid(city: City) -> None:
    patrolled = [code for collector in city.collectors for code in collector.grid_codes]
    assert sorted(patrolled) == sorted(cell.code for cell in city.cells)
    kinds = {device.kind for device in city.devices}
    assert kinds == {"manhole", "water_level", "bin"}
    for thing in (*city.devices, *city.cameras):
        assert city.locate(thing.location) is not None, thing
    catalogue = Catalogue.load()
    for device in city.devices:
        if device.category_id:
            assert catalogue.category(device.category_id).small_name.endswith("井盖")


def test_generated_files_match_the_layout() -> None:
    """Someone edited layout.json (or the catalogue) without running tools/build_demo_city.py."""
    folder = resource_path("city", "demo")
    layout = json.loads((folder / "layout.json").read_text(encoding="utf-8"))
    for name, document in build(layout, Catalogue.load()).items():
        assert json.loads((folder / name).read_text(encoding="utf-8")) == document, name
