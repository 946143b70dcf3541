"""Every channel at the intake API: its own fields checked field by field (nothing half-written), IoT
repeats folded into the open case, low-confidence video detections waiting for a seat, 管控 flags,
the seat's corrections and place search, and an intake re-sent after a lost answer made once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers.reports import area_centre, report
from tests.server.seat import Seat
from workstation.domain.city import City
from workstation.domain.controls import Controls
from workstation.domain.models import Channel

ACCOUNTS = {Channel.COLLECTOR: "channel-collector", Channel.HOTLINE: "channel-hotline", Channel.IOT: "channel-iot",
            Channel.VIDEO_AI: "channel-video", Channel.PUBLIC: "channel-public", Channel.LEADER: "seat01",
            Channel.MEDIA: "seat01", Channel.TRANSFER: "seat01"}


def _post(seats: dict[str, Seat], body: dict, account: str | None = None, **headers: str):
    return seats[account or ACCOUNTS[Channel(body["channel"])]].client.post("/intake", json=body, headers=headers)


@pytest.mark.parametrize("channel", list(Channel))
def test_each_channel_is_accepted_with_its_own_fields(seats: dict[str, Seat], channel: Channel) -> None:
    marker = uuid.uuid4().hex[:6]
    answer = _post(seats, report(channel, f"渠道测试 {marker}"))
    assert answer.status_code == 201, answer.text
    case = answer.json()
    assert case["channel"] == channel.value and marker in case["description"]
    assert case["state"] in ("reported", "detected")
    if channel in (Channel.IOT, Channel.VIDEO_AI):  # placed at the device or camera, classified by the table
        assert case["location"] is not None and case["grid"] is not None and case["category_id"]


@pytest.mark.parametrize(("channel", "body_change", "field"), [
    (Channel.COLLECTOR, {"details": {"collector_id": "C99"}}, "body.details.collector_id"),
    (Channel.COLLECTOR, {"attachments": []}, "body.attachments"),
    (Channel.HOTLINE, {"reporter": {"name": "王先生"}}, "body.reporter.phone"),
    (Channel.HOTLINE, {"details": {"callback": None}}, "body.details.callback"),
    (Channel.IOT, {"details": {"device_id": "NO-SUCH-DEVICE"}}, "body.details.device_id"),
    (Channel.IOT, {"reported_at": None}, "body.reported_at"),
    (Channel.VIDEO_AI, {"details": {"confidence": 1.7}}, "body.details.confidence"),
    (Channel.VIDEO_AI, {"details": {"label": "外星人"}}, "body.details.label"),
    (Channel.LEADER, {"details": {"instruction": None}}, "body.details.instruction"),
    (Channel.MEDIA, {"details": {"outlet": None}}, "body.details.outlet"),
    (Channel.TRANSFER, {"details": {"document_no": None}}, "body.details.document_no"),
])
def test_a_malformed_report_is_refused_by_field_in_chinese_and_nothing_is_kept(
        seats: dict[str, Seat], channel: Channel, body_change: dict, field: str) -> None:
    marker = uuid.uuid4().hex[:6]
    body = report(channel, f"坏的上报 {marker}", **body_change)
    body = {key: value for key, value in body.items() if value is not None}
    answer = _post(seats, body)
    assert answer.status_code == 400, answer.text
    error = answer.json()
    assert error["code"] == "invalid"
    assert field in error["fields"], error["fields"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["fields"][field])  # said in Chinese
    assert not [c for c in seats["seat01"].cases()["cases"] if marker in c["description"]]


def test_repeated_alarms_of_one_device_update_its_open_case(seats: dict[str, Seat]) -> None:
    device = City.load().devices[7]
    alarm = {"manhole": "井盖位移", "water_level": "积水水位超限", "bin": "垃圾满溢"}[device.kind]
    first_at = datetime.now(UTC) - timedelta(minutes=5)
    details = {"device_id": device.id, "alarm_type": alarm, "reading": 30}
    first = _post(seats, report("iot", "告警一", reported_at=first_at.isoformat(), details=details))
    assert first.status_code == 201, first.text
    again = _post(seats, report("iot", "告警二", reported_at=datetime.now(UTC).isoformat(),
                               details={**details, "reading": 42}))
    assert again.status_code == 200, again.text  # not a new case
    case = again.json()
    assert case["id"] == first.json()["id"] and case["version"] == first.json()["version"] + 1
    assert case["details"]["alarm_count"] == 2 and case["details"]["last_reading"] == 42
    history = seats["seat01"].case(case["id"])["history"]
    assert [entry["action"] for entry in history] == ["reported", "repeat_alarm"]
    same_device = [c for c in seats["seat01"].cases()["cases"] if c["details"].get("device_id") == device.id]
    assert len(same_device) == 1


def test_a_low_confidence_detection_waits_for_a_seat_to_confirm_it(seats: dict[str, Seat]) -> None:
    camera = City.load().cameras[3]
    body = report("video_ai", "视频识别：疑似暴露垃圾", details={"camera_id": camera.id, "label": "暴露垃圾",
                                                               "confidence": 0.55})
    case = _post(seats, body).json()
    assert case["state"] == "detected" and case["step"]["step"] == "confirm"
    seat = seats["seat01"]
    refused = seat.command(case["id"], "file", version=case["version"], category_id="SJ0110",
                           condition_id="SJ0110-01")
    assert refused.status_code == 409 and "待确认" in refused.json()["message"]
    confirmed = seat.ok(case["id"], "confirm", version=case["version"])
    assert confirmed["state"] == "reported" and confirmed["step"]["step"] == "accept"
    sure = report("video_ai", "视频识别：占道经营", details={"camera_id": City.load().cameras[4].id,
                                                          "label": "占道经营", "confidence": 0.97})
    assert _post(seats, sure).json()["state"] == "reported"


def test_a_point_in_a_non_collection_area_is_flagged_with_its_reason(seats: dict[str, Seat]) -> None:
    city, controls = City.load(), Controls.load()
    inside = area_centre(controls.areas[1])
    expected = controls.place_flags(city, inside, city.locate(inside))[0]
    case = _post(seats, report("public", "有人反映小区里垃圾成堆", location=inside.model_dump())).json()
    assert {"code": expected.code, "message": expected.message} in case["flags"]
    assert expected.message in seats["seat01"].case(case["id"])["history"][0]["note"]


def test_a_seat_corrects_place_and_category_and_the_flags_and_suggestion_follow(seats: dict[str, Seat]) -> None:
    city = City.load()
    case = _post(seats, report("hotline", "来电反映路边有垃圾", location=None, address="")).json()
    assert case["grid"] is None
    seat = seats["seat01"]
    target = city.grid("37010200500301").centre
    edited = seat.ok(case["id"], "edit", version=case["version"],
                     changes={"location": target.model_dump(), "category_id": "SJ0110", "urgent": True,
                              "details": {"callback": False}})
    assert edited["grid"]["code"] == "37010200500301"
    assert edited["address"] == city.nearest_address(target)
    assert (edited["category_id"], edited["condition_id"]) == ("SJ0110", "SJ0110-01")
    assert edited["suggested_department_id"] and edited["urgent"] is True
    assert edited["details"]["callback"] is False
    history = seat.case(case["id"])["history"]
    assert history[-1]["action"] == "edit" and "位置" in history[-1]["note"] and "小类" in history[-1]["note"]
    bad = seat.command(case["id"], "edit", version=edited["version"], changes={"grid_code": "99999999999999"})
    assert bad.status_code == 400 and "body.changes.grid_code" in bad.json()["fields"]
    filed = seat.ok(case["id"], "file", version=edited["version"], category_id="SJ0192", condition_id="SJ0192-01",
                    changes={"description": "来电反映路边垃圾桶满溢"})
    assert filed["state"] == "filed" and filed["category_id"] == "SJ0192"
    assert filed["description"] == "来电反映路边垃圾桶满溢"


def test_an_intake_sent_again_after_a_lost_answer_makes_one_case(seats: dict[str, Seat]) -> None:
    key = uuid.uuid4().hex
    body = report("hotline", f"重发测试 {key[:6]}")
    first = _post(seats, body, "seat01", **{"Idempotency-Key": key})
    again = _post(seats, body, "seat01", **{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert len([c for c in seats["seat01"].cases()["cases"] if key[:6] in c["description"]]) == 1


def test_places_are_found_by_address_and_resolved_to_the_grid(seats: dict[str, Seat]) -> None:
    city = City.load()
    point = city.grid("37010200500301").centre
    address = city.nearest_address(point)
    found = seats["seat01"].get("/places", params={"q": address}).json()
    best = found["places"][0]
    assert best["address"] == address and best["grid"]["district"] == "历下区"
    at = seats["seat01"].get("/places/at", params={"lon": point.lon, "lat": point.lat}).json()
    assert at["grid"]["code"] == "37010200500301" and at["address"] == address
    assert seats["seat01"].get("/places", params={"q": "火星基地"}).json()["places"] == []


def test_a_report_with_only_a_door_number_is_located_by_it(seats: dict[str, Seat]) -> None:
    city = City.load()
    address = city.nearest_address(city.grid("37010200500301").centre)
    case = _post(seats, report("media", "媒体报道：人行道护栏倒伏", address=address)).json()
    assert case["address"] == address and case["location"] is not None
    assert case["grid"]["street"] == "解放路街道"
    vague = _post(seats, report("media", "媒体报道：某路段积水", address="解放路")).json()
    assert vague["location"] is None and vague["grid"] is None  # a road alone: the seat locates it
