"""The demo channels and the demo departments: what they post is real, and it reaches the seats."""

from __future__ import annotations

import json
import random
import re
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.helpers.server import ServerProcess, start_server
from workstation.domain.catalogue import Catalogue
from workstation.domain.channels import ChannelRules, prepare
from workstation.domain.city import City
from workstation.domain.models import Channel, IntakeReport
from workstation.resources import resource_path
from workstation.server.simulator import generate_reports

PHONE = re.compile(r"^1[3-9]\d{9}$")
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)




@pytest.fixture(scope="module")
def rules() -> ChannelRules:
    return ChannelRules.load()


@pytest.fixture(scope="module")
def reports(city: City, catalogue: Catalogue) -> list[IntakeReport]:
    return generate_reports(random.Random(2024), 400, city, catalogue, now=NOW)


# --- generate_reports ---------------------------------------------------------------------------


def test_same_seed_gives_the_same_reports(city: City, catalogue: Catalogue) -> None:
    first = generate_reports(random.Random(11), 50, city, catalogue)
    again = generate_reports(random.Random(11), 50, city, catalogue)
    other = generate_reports(random.Random(12), 50, city, catalogue)
    assert first == again
    assert first != other
    assert len(first) == 50


def test_every_twenty_reports_cover_every_channel(city: City, catalogue: Catalogue) -> None:
    reports = generate_reports(random.Random(3), 20, city, catalogue)
    channels = {report.channel for report in reports}
    assert {Channel.COLLECTOR, Channel.HOTLINE, Channel.IOT, Channel.VIDEO_AI} <= channels
    counts = {channel: sum(r.channel == channel for r in reports) for channel in channels}
    assert counts[Channel.COLLECTOR] > counts[Channel.HOTLINE] > counts[Channel.IOT]


def test_every_category_and_condition_is_in_the_catalogue(
    reports: list[IntakeReport], catalogue: Catalogue
) -> None:
    for report in reports:
        if report.condition_id is not None:
            category, _ = catalogue.condition(report.condition_id)
            assert category.id == report.category_id
        elif report.category_id is not None:
            catalogue.category(report.category_id)


def test_every_report_is_accepted_by_its_channel(reports: list[IntakeReport], city: City, catalogue: Catalogue,
                                                 rules: ChannelRules) -> None:
    for report in reports:
        prepare(report, city, catalogue, rules)


def test_the_collector_chooses_the_category_and_the_tables_give_iot_its_own(
    reports: list[IntakeReport], city: City, catalogue: Catalogue, rules: ChannelRules
) -> None:
    for report in reports:
        if report.channel == Channel.COLLECTOR:
            assert report.condition_id is not None, report
        if report.channel in (Channel.IOT, Channel.VIDEO_AI):  # machines send no 小类: the city's tables decide
            assert report.category_id is None and report.condition_id is None
            if report.channel == Channel.IOT:
                assert prepare(report, city, catalogue, rules).report.condition_id is not None
        if report.channel in (Channel.HOTLINE, Channel.PUBLIC):
            assert report.category_id is None and report.condition_id is None


def test_devices_and_cameras_are_the_citys(reports: list[IntakeReport], city: City) -> None:
    devices = {device.id: device for device in city.devices}
    cameras = {camera.id: camera for camera in city.cameras}
    iot = [r for r in reports if r.channel == Channel.IOT]
    video = [r for r in reports if r.channel == Channel.VIDEO_AI]
    assert iot and video
    for report in iot:
        assert set(report.details) == {"device_id", "alarm_type", "reading"}
        assert report.details["device_id"] in devices
        assert report.location == devices[report.details["device_id"]].location
        assert str(report.details["reading"]) in report.description
    for report in video:
        assert set(report.details) == {"camera_id", "label", "confidence"}
        assert report.details["camera_id"] in cameras
        assert 0.6 <= report.details["confidence"] <= 0.99
        assert [a.content_type for a in report.attachments] == ["image/png"]  # the snapshot


def test_some_sensors_alarm_again_and_some_detections_wait_for_a_seat(
    reports: list[IntakeReport], city: City, catalogue: Catalogue, rules: ChannelRules
) -> None:
    prepared = [prepare(report, city, catalogue, rules) for report in reports
                if report.channel in (Channel.IOT, Channel.VIDEO_AI)]
    alarms = [p.source_key for p in prepared if p.report.channel == Channel.IOT]
    assert len(set(alarms)) < len(alarms)
    waiting = sum(p.needs_confirmation for p in prepared)
    assert 0 < waiting < sum(p.report.channel == Channel.VIDEO_AI for p in prepared) / 2


def test_every_point_lies_in_a_grid_cell(reports: list[IntakeReport], city: City) -> None:
    for report in reports:
        assert report.location is not None
        assert city.locate(report.location) is not None, report
        assert report.address


def test_hotline_reports_carry_the_caller(reports: list[IntakeReport]) -> None:
    calls = [r for r in reports if r.channel == Channel.HOTLINE]
    assert calls
    for call in calls:
        assert call.reporter.name.endswith(("先生", "女士", "阿姨", "师傅", "大爷"))
        assert PHONE.match(call.reporter.phone)
        assert set(call.details) == {"hotline", "call_id", "callback"}  # the caller is the reporter, not a detail
        assert call.details["hotline"] in ("12345", "12319")
        assert isinstance(call.details["callback"], bool)
    assert {call.details["callback"] for call in calls} == {True, False}


def test_collector_reports_name_the_collector_and_bring_a_photo(reports: list[IntakeReport], city: City) -> None:
    collectors = {collector.id: collector for collector in city.collectors}
    for report in reports:
        if report.channel == Channel.COLLECTOR:
            collector = collectors[report.details["collector_id"]]
            assert report.reporter.collector_id == collector.id and report.reporter.phone == collector.phone
            assert len(report.attachments) == 1 and report.attachments[0].content_type == "image/png"


def test_public_reports_come_from_the_citys_platforms(reports: list[IntakeReport], rules: ChannelRules) -> None:
    platforms = {report.details["platform"] for report in reports if report.channel == Channel.PUBLIC}
    assert platforms and platforms <= set(rules.platforms)


def test_every_report_survives_the_wire(reports: list[IntakeReport]) -> None:
    for report in reports:
        assert IntakeReport.model_validate_json(report.model_dump_json()) == report
        assert "{" not in report.description and "}" not in report.description


def test_templates_are_plentiful_and_name_real_categories(catalogue: Catalogue, rules: ChannelRules) -> None:
    documents = {channel: json.loads(resource_path("simulator", f"{channel}.json").read_text(encoding="utf-8"))
                 for channel in ("collector", "hotline", "iot", "video_ai", "public")}
    for channel, document in documents.items():
        assert len(document["templates"]) >= 15, channel
        for template in document["templates"]:
            for key in ("category_id", "expected_category_id"):
                if template.get(key):
                    catalogue.category(template[key])
            if template.get("condition_id"):
                catalogue.condition(template["condition_id"])
        # the city's tables (resources/channels) are not repeated here
        assert not {"alarm_types", "labels", "platforms"} & set(document), channel
    iot = documents["iot"]
    assert {t["alarm_type"] for t in iot["templates"]} == set(iot["readings"]) == set(rules.alarm_types)
    for name, measure in iot["readings"].items():
        assert measure["range"][0] > rules.alarm_types[name].threshold, name
    assert {t["label"] for t in documents["video_ai"]["templates"]} == set(rules.labels)


# --- against the real server ----------------------------------------------------------------------


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[list[ServerProcess]]:
    started: list[ServerProcess] = []
    yield started
    for server in started:
        server.stop()


def _start(started: list[ServerProcess], tmp_path: Path, *args: str) -> ServerProcess:
    server = start_server(f"sqlite:///{tmp_path / 'ws.db'}", tmp_path, *args)
    started.append(server)
    return server


def _get(server: ServerProcess, token: str, path: str) -> dict:
    answer = httpx.get(f"{server.url}/api/v1{path}", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    answer.raise_for_status()
    return answer.json()


def _post(server: ServerProcess, token: str, path: str, body: dict) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
    return httpx.post(f"{server.url}/api/v1{path}", json=body, headers=headers, timeout=10)


def test_simulated_channels_reach_the_seat_queue(server_factory: list[ServerProcess], tmp_path: Path) -> None:
    server = _start(server_factory, tmp_path, "--simulate", "--simulate-interval", "0.2")
    token = server.login("seat01")
    before = {case["id"] for case in _get(server, token, "/cases")["cases"]}
    wanted = {"collector", "hotline", "iot", "video_ai"}
    deadline = time.monotonic() + 20
    channels: set[str] = set()
    while time.monotonic() < deadline and not wanted <= channels:
        time.sleep(0.5)
        new = [case for case in _get(server, token, "/cases")["cases"] if case["id"] not in before]
        channels = {case["channel"] for case in new}
    assert wanted <= channels, f"only {channels} after 20 s:\n{server.log()[-3000:]}"
    for case in new:
        # a video detection below its label's threshold waits in 待确认 once the server checks channels
        assert case["state"] == "reported" or (case["state"] == "detected" and case["channel"] == "video_ai")
        assert case["grid"] is not None
        # the collector chose the 小类; a device's or camera's comes from the city's tables, once the
        # server completes reports with them (its details then name the device or camera)
        completed = {"device_name", "camera_name"} & set(case["details"])
        knew_it = case["channel"] == "collector" or completed
        if knew_it and case["details"].get("label") != "机动车违停":  # no 小类 for that label
            assert case["category_id"] is not None


def test_dispatched_case_is_signed_for_by_the_demo_department(
    server_factory: list[ServerProcess], tmp_path: Path
) -> None:
    # The demo departments run whenever the demo is seeded, with or without --simulate.
    server = _start(server_factory, tmp_path, "--department-delay", "0.5", "--no-department-failures")
    channel = server.login("channel-collector")
    reports = generate_reports(random.Random(5), 20, City.load(), Catalogue.load())
    report = next(report for report in reports if report.channel == Channel.COLLECTOR)
    answer = httpx.post(f"{server.url}/api/v1/intake", json=report.model_dump(mode="json", exclude_none=True),
                        headers={"Authorization": f"Bearer {channel}"}, timeout=10)
    assert answer.status_code == 201, answer.text
    case = answer.json()

    seat = server.login("seat01")
    category_id, condition_id = case["category_id"], case["condition_id"]
    assert category_id and condition_id
    filed = _post(server, seat, f"/cases/{case['id']}/file",
                  {"version": case["version"], "category_id": category_id, "condition_id": condition_id})
    assert filed.status_code == 200, filed.text
    department_id = filed.json()["suggested_department_id"] or case["suggested_department_id"]
    assert department_id
    dispatched = _post(server, seat, f"/cases/{case['id']}/dispatch",
                       {"version": filed.json()["version"], "department_id": department_id})
    assert dispatched.status_code == 200, dispatched.text
    assert dispatched.json()["state"] == "dispatched"

    deadline = time.monotonic() + 15
    detail = _get(server, seat, f"/cases/{case['id']}")
    while time.monotonic() < deadline and detail["case"]["state"] != "handling":
        time.sleep(0.2)
        detail = _get(server, seat, f"/cases/{case['id']}")
    assert detail["case"]["state"] == "handling", server.log()[-3000:]
    assert detail["case"]["step"]["step"] == "handle"
    signed = [entry for entry in detail["history"] if entry["to_state"] == "handling"]
    assert len(signed) == 1
    login = {"username": f"dept-{department_id}", "password": "demo"}
    department_user = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["user"]
    assert signed[0]["actor_name"] == department_user["name"]
