"""受理入口 (intake): a channel's report becomes a case with grid, category and department suggested."""

from __future__ import annotations

import base64

from tests.helpers.reports import report
from tests.helpers.server import ServerProcess
from tests.server.seat import Seat, event_stream
from workstation.domain.catalogue import Catalogue
from workstation.domain.city import City

DESCRIPTION = "人行道上有大量暴露垃圾，无人清理，散发异味"


def test_report_becomes_a_case_with_suggestions_and_an_event(server: ServerProcess,
                                                             seats: dict[str, Seat]) -> None:
    city, catalogue = City.load(), Catalogue.load()
    point = city.cells[0].centre
    grid = city.locate(point)
    assert grid is not None
    category, condition = catalogue.suggest(DESCRIPTION) or (None, None)
    assert category is not None and condition is not None
    department_id, rule = city.suggest_department(category, grid)
    hotline = seats["channel-hotline"]
    start = hotline.cases()["last_seq"]
    photo = base64.b64encode(b"\x89PNG fake photo bytes").decode()
    with event_stream(server, hotline.token, start) as events:
        upload = {"name": "现场.png", "content_type": "image/png", "data_base64": photo}
        case = hotline.report("hotline", DESCRIPTION, location=point.model_dump(),
                              reporter={"name": "刘先生", "phone": "13912345678"}, attachments=[upload])
        event = events.until(lambda frame: frame["data"]["case"]["id"] == case["id"])
    assert case["id"][:8].isdigit() and len(case["id"]) == 14
    assert case["state"] == "reported" and case["version"] == 1
    assert case["grid"] == grid.model_dump()
    assert case["address"]  # filled from the nearest address
    assert (case["category_id"], case["condition_id"]) == (category.id, condition.id)
    assert (case["suggested_department_id"], case["suggestion_rule"]) == (department_id, rule)
    assert case["step"]["step"] == "accept"
    assert case["step"]["limit"] == {"value": 15, "unit": "minute"}
    assert event["event"] == "case.created"
    assert event["data"]["action"] == "reported"
    assert event["data"]["case"] == case
    assert int(event["id"]) == event["data"]["seq"] > start
    detail = hotline.case(case["id"])
    assert [entry["action"] for entry in detail["history"]] == ["reported"]
    attachment = case["attachments"][0]
    assert attachment["name"] == "现场.png" and attachment["size"] == len(b"\x89PNG fake photo bytes")
    raw = seats["seat01"].get(f"/attachments/{attachment['id']}")
    assert raw.content == b"\x89PNG fake photo bytes"
    assert raw.headers["content-type"] == "image/png"


def test_malformed_report_is_refused_field_by_field_and_nothing_is_stored(seats: dict[str, Seat]) -> None:
    channel = seats["channel-collector"]
    before = channel.cases()
    answer = channel.client.post("/intake", json={
        "channel": "fax", "description": "", "location": {"lon": 500, "lat": 35}})
    assert answer.status_code == 400
    error = answer.json()
    assert error["code"] == "invalid"
    assert error["fields"]["body.description"] == "不能为空"
    assert error["fields"]["body.channel"].startswith("取值无效")
    assert error["fields"]["body.location.lon"] == "应不大于 180"
    bare = channel.client.post("/intake", json={"channel": "collector", "description": "井盖丢失"})
    assert bare.status_code == 400
    assert bare.json()["fields"] == {  # every field the collector's channel needs, at once
        "body.details.collector_id": "不能为空", "body.location": "请上报GPS定位", "body.category_id": "请选择小类",
        "body.attachments": "请附上至少一张现场照片"}
    unknown = channel.client.post("/intake", json=report("collector", "井盖丢失", category_id="XX9999"))
    assert unknown.status_code == 400
    assert unknown.json()["fields"] == {"body.category_id": "小类不在案件分类标准中"}
    unknown = channel.client.post("/intake", json=report("collector", "井盖丢失", grid_code="99999999999999"))
    assert unknown.status_code == 400
    assert unknown.json()["fields"] == {"body.grid_code": "未知的单元网格编码"}
    not_json = channel.client.post("/intake", content=b"{", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400 and not_json.json()["code"] == "invalid"
    after = channel.cases()
    assert after["last_seq"] == before["last_seq"]
    assert len(after["cases"]) == len(before["cases"])


def test_departments_cannot_report_cases(seats: dict[str, Seat]) -> None:
    department = City.load().departments[0]
    answer = seats[f"dept-{department.id}"].client.post("/intake", json=report("hotline", "路灯不亮"))
    assert answer.status_code == 403
    assert answer.json()["code"] == "forbidden"


def test_seeded_demo_has_cases_waiting_for_every_seat(seats: dict[str, Seat]) -> None:
    cases = seats["seat01"].cases()["cases"]
    states = {case["state"] for case in cases}
    assert {"reported", "filed"} <= states
    assert len({case["channel"] for case in cases}) >= 4
