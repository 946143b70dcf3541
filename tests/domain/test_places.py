"""地理编码: what a seat types in the location box finds the place it names, resolved to the unit grid."""

from __future__ import annotations

import math
import random
import re

from workstation.domain.city import METRES_PER_DEGREE_LAT, City, Road
from workstation.domain.models import GeoPoint, PlaceKind
from workstation.domain.places import place_at, search

JIEFANG_LISHAN = GeoPoint(lon=117.0350, lat=36.6645)  # where 历山路 crosses 解放路



def metres(a: GeoPoint, b: GeoPoint) -> float:
    east = METRES_PER_DEGREE_LAT * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot((a.lon - b.lon) * east, (a.lat - b.lat) * METRES_PER_DEGREE_LAT)


def along_and_left(road: Road, point: GeoPoint) -> tuple[float, float]:
    """Metres along the road from its start, and metres to its left (negative: right) of the line."""
    east = METRES_PER_DEGREE_LAT * math.cos(math.radians(point.lat))
    dx, dy = (road.end[0] - road.start[0]) * east, (road.end[1] - road.start[1]) * METRES_PER_DEGREE_LAT
    px, py = (point.lon - road.start[0]) * east, (point.lat - road.start[1]) * METRES_PER_DEGREE_LAT
    length = math.hypot(dx, dy)
    return (px * dx + py * dy) / length, (dx * py - dy * px) / length


def road(city: City, name: str) -> Road:
    return next(r for r in city.roads if r.name == name)


# --- the round trip: an address the platform wrote finds its place again ------------------------------


def test_an_address_written_for_a_point_leads_back_to_that_point(city: City) -> None:
    rng = random.Random(20260312)
    near_road = 0
    for _ in range(300):
        p = city.random_point(rng)
        address = city.nearest_address(p)
        found = search(city, address)
        assert found, address
        first = found[0]
        assert first.address == address and first.grid is not None, address
        door = re.fullmatch(r"(.+?)(\d+)号附近", address)
        if door:
            assert first.kind is PlaceKind.ADDRESS
            named = road(city, door.group(1))
            p_along, p_left = along_and_left(named, p)
            r_along, r_left = along_and_left(named, first.point)
            assert abs(r_along - p_along) <= 16, address  # the same stretch of the road …
            assert (r_left > 0) == (p_left > 0) and abs(r_left) <= 10, address  # … on the same side, at the kerb
            if abs(p_left) <= 25:  # a point at the roadside: the seat lands within 40 m of it
                near_road += 1
                assert metres(first.point, p) <= 40, address
        else:
            names = re.fullmatch(r"(.+)与(.+)交叉口", address)
            assert names and first.kind is PlaceKind.CROSSING, address
            assert metres(first.point, p) <= 60 * math.sqrt(2) + 1, address  # p was within 60 m of both roads
    assert near_road >= 20  # the seed gives enough roadside points for the 40 m check to mean something


def test_a_door_number_lies_on_its_side_of_the_road_and_reads_back_the_same(city: City) -> None:
    [odd] = search(city, "解放路125号")
    [even] = search(city, "解放路126号")
    assert odd.point.lat > 36.6645 > even.point.lat  # odd numbers north of 解放路, even ones south
    assert 0 < metres(odd.point, even.point) <= 25
    assert even.address == "解放路126号" and even.kind is PlaceKind.ADDRESS
    assert city.nearest_address(even.point) == "解放路126号附近"
    assert city.nearest_address(odd.point) == "解放路125号附近"
    [near] = search(city, "解放路126号附近")
    assert near.address == "解放路126号附近" and near.point == even.point
    assert near.label == f"解放路126号附近 · {near.grid.community} · {near.grid.code}"
    on_lishan = search(city, "历山路200号")[0]  # a north-south road: even numbers on the east side
    assert on_lishan.point.lon > 117.0350 and city.nearest_address(on_lishan.point) == "历山路200号附近"


def test_the_district_and_city_may_be_typed_first(city: City) -> None:
    assert search(city, "济南市历下区解放路126号") == search(city, "解放路126号")
    assert search(city, "历下区 解放路 126 号") == search(city, "解放路126号")


# --- crossings ------------------------------------------------------------------------------------


def test_every_way_of_naming_a_crossing_lands_at_the_crossing(city: City) -> None:
    for query in ("历山路与解放路交叉口", "历山路解放路路口", "历山路、解放路", "解放路和历山路", "解放路/历山路口"):
        found = search(city, query)
        assert len(found) == 1, query
        crossing = found[0]
        assert crossing.kind is PlaceKind.CROSSING and crossing.address == "历山路与解放路交叉口", query
        assert metres(crossing.point, JIEFANG_LISHAN) < 1 and crossing.grid == city.locate(crossing.point)
        assert crossing.grid is not None and crossing.label.startswith("历山路与解放路交叉口 · ")


def test_a_crossing_on_the_district_boundary_is_still_in_the_grid(city: City) -> None:
    [corner] = search(city, "北园大街与历山路交叉口")
    assert corner.grid is not None and metres(corner.point, GeoPoint(lon=117.035, lat=36.685)) < 5


def test_roads_that_do_not_cross_have_no_crossing(city: City) -> None:
    assert search(city, "历山路与山大路交叉口") == []  # both run north-south


# --- areas, codes and coordinates ------------------------------------------------------------------


def test_a_community_is_found_at_its_centre(city: City) -> None:
    first = search(city, "解放东路社区")[0]
    assert first.kind is PlaceKind.COMMUNITY and first.address == "解放东路社区"
    assert first.grid is not None and first.grid.community == "解放东路社区" and first.grid.street == "解放路街道"
    assert city.locate(first.point) == first.grid
    community = [cell for cell in city.cells if cell.community == "解放东路社区"]
    middle_lon = (min(c.bounds[0] for c in community) + max(c.bounds[2] for c in community)) / 2
    middle_lat = (min(c.bounds[1] for c in community) + max(c.bounds[3] for c in community)) / 2
    assert metres(first.point, GeoPoint(lon=middle_lon, lat=middle_lat)) < 200
    assert search(city, "解放路街道解放东路社区")[0] == first
    assert search(city, "解放东路社区居委会")[0] == first


def test_a_street_is_found_at_its_centre(city: City) -> None:
    first = search(city, "甸柳街道")[0]
    assert first.kind is PlaceKind.STREET and first.address == "甸柳街道"
    assert first.grid is not None and first.grid.street == "甸柳街道" and city.locate(first.point) == first.grid
    assert search(city, "甸柳街道办事处")[0] == first


def test_a_unit_grid_code_finds_its_cell(city: City) -> None:
    cell = city.grid("37010200500403")
    [found] = search(city, "37010200500403")
    assert found.kind is PlaceKind.GRID and found.grid == cell.ref and found.point == cell.centre
    assert found.address == city.nearest_address(cell.centre)
    assert "37010200500403" in found.label and "解放东路社区" in found.label
    typing = search(city, "3701020050", limit=5)
    assert len(typing) == 5 and all(p.grid and p.grid.code.startswith("3701020050") for p in typing)
    assert search(city, "37010200500400")[0].kind is PlaceKind.COMMUNITY  # 00: the community-level grid
    assert search(city, "37010299999999") == []


def test_coordinates_in_either_order_find_the_point(city: City) -> None:
    [lon_first] = search(city, "117.0321, 36.6612")
    [lat_first] = search(city, "36.6612，117.0321")
    assert lon_first == lat_first
    assert lon_first.kind is PlaceKind.POINT and lon_first.point == GeoPoint(lon=117.0321, lat=36.6612)
    assert lon_first.grid == city.locate(lon_first.point) and lon_first.grid is not None
    assert lon_first.address == city.nearest_address(lon_first.point)
    [outside] = search(city, "116.99 36.66")
    assert outside.grid is None and "不在历下区单元网格内" in outside.label
    assert search(city, "200.5, 300.1") == []


def test_a_point_on_the_map_reads_its_address_and_grid(city: City) -> None:
    point = GeoPoint(lon=117.0410, lat=36.6652)
    place = place_at(city, point)
    assert place.kind is PlaceKind.POINT and place.point == point and place.flags == ()
    assert place.address == city.nearest_address(point) and place.grid == city.locate(point)
    assert place.label == f"{place.address} · {place.grid.community} · {place.grid.code}"
    far_away = place_at(city, GeoPoint(lon=120.5, lat=30.2))
    assert far_away.grid is None and far_away.address == "120.500000, 30.200000"


# --- while typing ---------------------------------------------------------------------------------


def test_the_start_of_a_name_lists_roads_streets_and_communities(city: City) -> None:
    found = search(city, "解放")
    assert [(p.kind, p.address) for p in found[:3]] == [
        (PlaceKind.ROAD, "解放路"), (PlaceKind.STREET, "解放路街道"), (PlaceKind.COMMUNITY, "解放东路社区")]
    assert all(place.grid is not None for place in found)
    jiefang = found[0]
    assert abs(along_and_left(road(city, "解放路"), jiefang.point)[1]) <= 10 and "门牌1–" in jiefang.label


def test_the_start_of_a_door_number_offers_that_number_and_the_ones_it_may_become(city: City) -> None:
    found = search(city, "解放路12")
    addresses = [place.address for place in found]
    assert addresses[0] == "解放路12号附近"
    assert "解放路126号附近" in addresses and len(found) == 10
    end = search(city, "解放路58")  # 解放路 is about 5.8 km long: 580 and 581, but no 582 … 589
    assert 0 < len(end) < 10 and "解放路581号附近" in [p.address for p in end]
    assert all(int(re.search(r"(\d+)号", p.address).group(1)) <= 581 for p in end)
    assert search(city, "解放路999号") == [] and search(city, "解放路0号") == []


def test_the_start_of_a_crossing_offers_the_crossings_it_may_become(city: City) -> None:
    assert [p.address for p in search(city, "历山路与解")] == ["历山路与解放路交叉口"]
    crossings = search(city, "历山路与")  # the 7 east-west main roads, 泺源大街, and 泉城路 ending at 历山路
    assert len(crossings) == 9 and all(p.kind is PlaceKind.CROSSING for p in crossings)
    assert search(city, "历山路与解放路交")[0].address == "历山路与解放路交叉口"


def test_every_place_found_is_resolved_to_the_unit_grid(city: City) -> None:
    for query in ("解", "山大路", "泉", "历山路与", "解放路3", "37010200100"):
        for place in search(city, query):
            assert place.grid is not None and city.locate(place.point) == place.grid, (query, place.label)
            assert place.label and place.address and place.flags == ()


def test_limit_is_respected(city: City) -> None:
    assert len(search(city, "路", limit=3)) == 3
    assert search(city, "解放", limit=0) == []


def test_text_that_names_nothing_finds_nothing(city: City) -> None:
    for query in ("", "   ", "asdf", "幸福路", "幸福路12号", "解放路社区", "12", "历山路与幸福路"):
        assert search(city, query) == [], query
