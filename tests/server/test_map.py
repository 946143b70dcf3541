"""The map panel's data: the grid and offline base (sent once, then 304 by its ETag), cameras and
devices, where the collectors are, and the cases per 单元网格 of the last days."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.server.seat import Seat
from workstation.domain.city import City
from workstation.domain.models import MapBase
from workstation.domain.verification import DutyRoster
from workstation.server.collectors import Walk
from workstation.server.map_layers import MapLayers


def test_the_base_map_has_a_polygon_per_grid_cell_and_is_sent_once(seats: dict[str, Seat]) -> None:
    city = City.load()
    answer = seats["seat01"].get("/map/base")
    assert answer.status_code == 200 and answer.headers["etag"]
    base = answer.json()
    assert base["city"] == city.name and base["base"]["type"] == "FeatureCollection"
    features = {feature["properties"]["code"]: feature for feature in base["grid"]["features"]}
    assert len(features) == len(base["grid"]["features"]) == len(city.cells)
    cell = city.cells[100]
    feature = features[cell.code]
    assert feature["properties"] == {"code": cell.code, "community": cell.community, "street": cell.street,
                                     "district": cell.district}
    [ring] = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "Polygon" and ring == [list(p) for p in (*cell.ring, cell.ring[0])]
    west, south, east, north = base["bounds"]
    assert all(west <= lon <= east and south <= lat <= north for c in city.cells for lon, lat in c.ring)
    assert base["centre"] == {"lon": round((west + east) / 2, 6), "lat": round((south + north) / 2, 6)}

    again = seats["dept-D-JD-001"].get("/map/base", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == answer.headers["etag"]
    stale = seats["seat01"].get("/map/base", headers={"If-None-Match": '"an-older-one"'})
    assert stale.status_code == 200 and stale.json() == base


def test_a_base_map_file_added_later_is_served_under_a_new_etag(tmp_path: Path) -> None:
    layers = MapLayers(City.load(), "demo")
    layers.base_path = tmp_path / "basemap.geojson"
    first = layers.rendered()
    assert MapBase.model_validate_json(first.body).base == {"type": "FeatureCollection", "features": []}
    assert layers.rendered() is first
    street = {"type": "Feature", "properties": {"kind": "street", "name": "解放路", "rank": 1},
              "geometry": {"type": "LineString", "coordinates": [[117.02, 36.66], [117.05, 36.66]]}}
    layers.base_path.write_text(json.dumps({"type": "FeatureCollection", "features": [street]}), encoding="utf-8")
    second = layers.rendered()
    assert second.etag != first.etag and MapBase.model_validate_json(second.body).base["features"] == [street]
    layers.base_path.unlink()
    assert layers.rendered() is second


def test_cameras_and_devices_are_on_the_map_at_their_places(seats: dict[str, Seat]) -> None:
    city = City.load()
    things = {thing["id"]: thing for thing in seats["seat01"].get("/map/things").json()}
    assert len(things) == len(city.cameras) + len(city.devices)
    camera, device = city.cameras[3], next(d for d in city.devices if d.kind == "water_level")
    assert things[camera.id] == {"id": camera.id, "kind": "camera", "name": camera.name,
                                 "location": camera.location.model_dump(), "category_id": None}
    assert things[device.id] == {"id": device.id, "kind": "water_level", "name": device.name,
                                 "location": device.location.model_dump(), "category_id": device.category_id}


def _listed(seat: Seat, collector_id: str) -> dict[str, Any]:
    return next(entry for entry in seat.get("/map/collectors").json() if entry["collector_id"] == collector_id)


def test_a_collectors_last_position_is_on_the_map(seats: dict[str, Seat]) -> None:
    city, roster = City.load(), DutyRoster.load()
    collector = city.collectors[4]
    app, seat = seats[f"collector-{collector.id}"], seats["seat01"]
    point = city.grid(collector.grid_codes[-1]).centre.model_dump()
    at = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    answer = app.client.post("/collectors/position", json={"location": point, "at": at})
    assert answer.status_code == 200, answer.text
    before = roster.on_duty(collector.id, datetime.now(UTC))
    entry = _listed(seat, collector.id)
    assert entry["on_duty"] in {before, roster.on_duty(collector.id, datetime.now(UTC))}
    assert entry == answer.json() | {"on_duty": entry["on_duty"]}
    assert (entry["name"], entry["grid_codes"], entry["location"]) == (collector.name, list(collector.grid_codes),
                                                                       point)
    assert datetime.fromisoformat(entry["at"]) == datetime.fromisoformat(at)

    older = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    elsewhere = city.grid(collector.grid_codes[0]).centre.model_dump()
    ignored = app.client.post("/collectors/position", json={"location": elsewhere, "at": older})
    assert ignored.status_code == 200 and ignored.json()["location"] == point
    assert _listed(seat, collector.id)["location"] == point

    newer = app.client.post("/collectors/position", json={"location": elsewhere})  # at: the server's clock
    assert newer.status_code == 200 and newer.json()["location"] == elsewhere
    assert datetime.fromisoformat(newer.json()["at"]) > datetime.fromisoformat(at)

    others = [entry for entry in seat.get("/map/collectors").json() if entry["collector_id"] != collector.id]
    assert len(others) == len(city.collectors) - 1
    assert {entry["collector_id"]: entry["grid_codes"] for entry in others} == {
        c.id: list(c.grid_codes) for c in city.collectors if c.id != collector.id}


def test_a_position_outside_the_city_or_from_another_role_is_refused(seats: dict[str, Seat]) -> None:
    collector = City.load().collectors[5]
    answer = seats[f"collector-{collector.id}"].client.post(
        "/collectors/position", json={"location": {"lon": 116.5, "lat": 36.6}})
    assert answer.status_code == 400 and answer.json()["message"] == "上报的位置不在本市范围内"
    assert answer.json()["fields"] == {"body.location": "位置不在本市范围内"}
    answer = seats["seat01"].client.post("/collectors/position",
                                         json={"location": City.load().cells[0].centre.model_dump()})
    assert answer.status_code == 403 and answer.json()["message"] == "只有信息采集员可以上报位置"
    assert _listed(seats["seat01"], collector.id)["location"] is None


def _heat(seat: Seat, days: int) -> dict[str, int]:
    answer = seat.get("/map/heat", params={"days": days})
    assert answer.status_code == 200, answer.text
    return {cell["grid_code"]: cell["count"] for cell in answer.json()}


def test_the_heat_map_counts_new_cases_in_their_cells(seats: dict[str, Seat]) -> None:
    city, seat, channel = City.load(), seats["leader01"], seats["channel-public"]
    first, second = city.cells[40], city.cells[300]
    week, day = _heat(seat, 7), _heat(seat, 1)
    assert all(count > 0 for count in week.values())
    three_days_ago = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    for cell, description, at in ((first, "路边绿化带里有人扔了很多建筑垃圾", None),
                                  (first, "人行道上有一处井盖松动，踩上去会响", three_days_ago),
                                  (second, "小区门口的路灯坏了好几天了，晚上很黑", None)):
        channel.report("public", description, grid_code=cell.code, location=cell.centre.model_dump(),
                       **({"reported_at": at} if at else {}))
    after_week, after_day = _heat(seat, 7), _heat(seat, 1)
    assert after_week[first.code] == week.get(first.code, 0) + 2
    assert after_week[second.code] == week.get(second.code, 0) + 1
    assert after_day[first.code] == day.get(first.code, 0) + 1
    assert {code: count for code, count in after_week.items() if code not in (first.code, second.code)} == {
        code: count for code, count in week.items() if code not in (first.code, second.code)}
    for days in (0, 91):
        assert seat.get("/map/heat", params={"days": days}).status_code == 400


def test_the_demo_collectors_walk_their_own_grid_the_same_way_every_run() -> None:
    city = City.load()
    for collector in city.collectors:
        walk, again = Walk(city, collector), Walk(city, collector)
        path = [walk.step() for _ in range(200)]
        assert path == [again.step() for _ in range(200)]
        assert all(city.locate(point).code in collector.grid_codes for point in path)  # type: ignore[union-attr]
        assert len(set(path)) > 150
