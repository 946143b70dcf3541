"""Hotline calls: the call reaches the seats' event stream with the caller's earlier cases, and phone
numbers are shown in full only to the roles allowed them (受理员, 值班长)."""

from __future__ import annotations

import json
import random
import time
from typing import Any

from tests.helpers.server import ServerProcess
from tests.server.seat import Seat, event_stream


def _phone() -> str:
    return "139" + "".join(random.choice("0123456789") for _ in range(8))


def _masked(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


def _department(seats: dict[str, Seat]) -> Seat:
    departments = seats["seat01"].get("/reference").json()["departments"]
    return seats[f"dept-{departments[0]['id']}"]


def _call(seats: dict[str, Seat], phone: str, call_id: str, **extra: Any) -> dict[str, Any]:
    answer = seats["channel-hotline"].client.post("/calls", json={
        "call_id": call_id, "caller_phone": phone, "line": "12345", **extra})
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _hotline_case(seats: dict[str, Seat], phone: str, text: str) -> dict[str, Any]:
    """A 12345 case of the caller `phone` (the report's `reporter.phone`), placed by its grid."""
    return seats["channel-hotline"].report(
        "hotline", text, grid_code="37010200100301", location=None,
        reporter={"name": "王先生", "phone": phone}, details={"hotline": "12345", "callback": True})


def test_a_call_reaches_the_seat_with_the_callers_earlier_cases(server: ServerProcess,
                                                              seats: dict[str, Seat]) -> None:
    phone = _phone()
    first = _hotline_case(seats, phone, "小区门口工地夜间施工噪音扰民，每天持续到凌晨两点，"
                                        "已经影响周边居民正常休息十多天了，希望尽快处理")
    second = _hotline_case(seats, phone, "楼下早餐摊占道经营，油烟很大")
    seat = seats["seat01"]
    seat.ok(first["id"], "reject", version=first["version"], kind="not_accepted", reason="属于民事纠纷")
    other = _hotline_case(seats, _phone(), "别人的案卷")
    with event_stream(server, seat.token, seat.cases()["last_seq"]) as events:
        sent = time.monotonic()
        _call(seats, f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}", "call-history")
        frame = events.until(lambda f: f["event"] == "call.incoming")
        assert time.monotonic() - sent < 1
    call = frame["data"]["call"]
    assert frame["data"]["case"] is None and frame["data"]["actor_name"] == "12345热线"
    assert (call["call_id"], call["line"], call["caller_phone"]) == ("call-history", "12345", phone)
    earlier = call["earlier_cases"]
    assert [case["id"] for case in earlier] == [second["id"], first["id"]]  # newest first, not `other`
    assert other["id"] not in {case["id"] for case in earlier}
    assert earlier[1]["state"] == "not_accepted" and earlier[1]["outcome"] == "不予受理：属于民事纠纷"
    assert earlier[0]["outcome"] == "待受理" and earlier[0]["summary"] == "楼下早餐摊占道经营，油烟很大"
    assert earlier[1]["summary"].endswith("…") and len(earlier[1]["summary"]) == 41
    assert earlier[0]["category_name"]  # the suggested 小类
    assert seat.get(f"/callers/{phone}/cases").json() == {"phone": phone, "cases": earlier}


def test_a_first_time_caller_has_no_history(seats: dict[str, Seat]) -> None:
    phone = _phone()
    call = _call(seats, phone, "call-new")
    assert call["earlier_cases"] == [] and call["caller_phone"] == _masked(phone)  # the channel sees it masked
    assert seats["leader01"].get(f"/callers/{phone}/cases").json() == {"phone": phone, "cases": []}


def test_phone_numbers_are_masked_for_roles_not_allowed_them(server: ServerProcess,
                                                             seats: dict[str, Seat]) -> None:
    phone = _phone()
    seat, department, dispatcher = seats["seat03"], _department(seats), seats["dispatcher01"]
    start = seat.cases()["last_seq"]
    case = _hotline_case(seats, phone, "道路积水严重，车辆无法通行")
    _call(seats, phone, "call-mask")
    frames = {}
    for reader in (seat, department):
        with event_stream(server, reader.token, start) as events:
            created = events.until(lambda f: f["event"] == "case.created" and f["data"]["case"]["id"] == case["id"])
            call = events.until(lambda f: f["event"] == "call.incoming")
            frames[reader.username] = (created["data"]["case"], call["data"]["call"])
    seen_case, seen_call = frames[seat.username]
    assert seen_case["reporter"]["phone"] == phone
    assert seen_call["caller_phone"] == phone
    hidden_case, hidden_call = frames[department.username]
    assert hidden_case["reporter"]["phone"] == _masked(phone)
    assert hidden_case["details"]["hotline"] == "12345"
    assert phone not in json.dumps(hidden_case)  # the number is nowhere else in the case either
    assert hidden_call["caller_phone"] == _masked(phone)
    assert [c["id"] for c in hidden_call["earlier_cases"]] == [case["id"]]
    assert seat.case(case["id"])["case"]["reporter"]["phone"] == phone
    for reader in (department, dispatcher, seats["trainer01"]):
        assert reader.case(case["id"])["case"]["reporter"]["phone"] == _masked(phone)
        listed = next(c for c in reader.cases()["cases"] if c["id"] == case["id"])
        assert listed["reporter"]["phone"] == _masked(phone) and phone not in json.dumps(listed)
        answer = reader.get(f"/callers/{phone}/cases")
        assert answer.status_code == 403
        assert answer.json()["message"] == "您的岗位无权按电话号码查询来电人"
    # a command's answer is masked too: the dispatcher files nothing here, but the leader's answer shows it
    claimed = seats["leader01"].ok(case["id"], "claim", version=case["version"])
    assert claimed["reporter"]["phone"] == phone


def test_bad_announcements_are_refused_field_by_field(seats: dict[str, Seat]) -> None:
    hotline = seats["channel-hotline"]
    answer = hotline.client.post("/calls", json={"call_id": "", "caller_phone": "abc", "line": "110"})
    assert answer.status_code == 400
    assert set(answer.json()["fields"]) == {"body.call_id", "body.caller_phone", "body.line"}
    answer = _department(seats).client.post("/calls", json={"call_id": "x", "caller_phone": _phone(),
                                                            "line": "12319"})
    assert answer.status_code == 403 and answer.json()["message"] == "您的账号无权通报来电"
    assert seats["seat01"].get("/callers/12-3/cases").json()["fields"] == {"path.phone": "电话号码应为5至20位数字"}
