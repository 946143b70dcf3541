"""The demo channels and the demo departments: what they post is real, and it reaches the seats."""

from __future__ import annotations

import json
import random
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.server import ServerProcess, start_server
from workstation.domain.catalogue import Catalogue
from workstation.domain.city import City
from workstation.domain.models import Channel, IntakeReport
from workstation.resources import resource_path
from workstation.server.simulator import generate_reports

PHONE = re.compile(r"^1[3-9]\d{9}$")


@pytest.fixture(scope="module")
def city() -> City:
    return City.load()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


@pytest.fixture(scope="module")
def reports(city: City, catalogue: Catalogue) -> list[IntakeReport]:
    return generate_reports(random.Random(2024), 400, city, catalogue)


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


def test_channels_that_know_the_category_set_it(reports: list[IntakeReport]) -> None:
    for report in reports:
        if report.channel in (Channel.COLLECTOR, Channel.IOT):
            assert report.condition_id is not None, report
        if report.channel in (Channel.HOTLINE, Channel.PUBLIC):
            assert report.category_id is None and report.condition_id is None


def test_devices_and_cameras_are_the_citys(reports: list[IntakeReport], city: City) -> None:
    devices = {device.id: device for device in city.devices}
    cameras = {camera.id: camera for camera in city.cameras}
    iot = [r for r in reports if r.channel == Channel.IOT]
    video = [r for r in reports if r.channel == Channel.VIDEO_AI]
    assert iot and video
    for report in iot:
        assert report.details["device_id"] in devices
        assert str(report.details["reading"]) in report.description
        assert report.details["unit"]
    for report in video:
        assert report.details["camera_id"] in cameras
        assert 0.6 <= report.details["confidence"] <= 0.99
        assert report.details["label"]


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
        assert call.details["hotline"] in ("12345", "12319")
        assert isinstance(call.details["callback"], bool)
    assert {call.details["callback"] for call in calls} == {True, False}


def test_collector_reports_name_the_collector(reports: list[IntakeReport], city: City) -> None:
    collectors = {collector.id for collector in city.collectors}
    for report in reports:
        if report.channel == Channel.COLLECTOR and collectors:
            assert report.reporter.collector_id in collectors


def test_every_report_survives_the_wire(reports: list[IntakeReport]) -> None:
    for report in reports:
        assert IntakeReport.model_validate_json(report.model_dump_json()) == report
        assert "{" not in report.description and "}" not in report.description


def test_templates_are_plentiful_and_name_real_categories(catalogue: Catalogue) -> None:
    for channel in ("collector", "hotline", "iot", "video_ai", "public"):
        document = json.loads(resource_path("simulator", f"{channel}.json").read_text(encoding="utf-8"))
        assert len(document["templates"]) >= 15, channel
        for template in document["templates"]:
            for key in ("category_id", "expected_category_id"):
                if template.get(key):
                    catalogue.category(template[key])
            if template.get("condition_id"):
                catalogue.condition(template["condition_id"])
    video = json.loads(resource_path("simulator", "video_ai.json").read_text(encoding="utf-8"))
    for mapping in video["labels"].values():
        if mapping["condition_id"]:
            assert catalogue.condition(mapping["condition_id"])[0].id == mapping["category_id"]


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
        assert case["state"] == "reported"
        assert case["grid"] is not None
        knew_it = case["channel"] in ("collector", "iot", "video_ai")
        if knew_it and case["details"].get("label") != "机动车违停":  # no 小类 for that label
            assert case["category_id"] is not None


def test_dispatched_case_is_signed_for_by_the_demo_department(
    server_factory: list[ServerProcess], tmp_path: Path
) -> None:
    # The demo departments run whenever the demo is seeded, with or without --simulate.
    server = _start(server_factory, tmp_path, "--department-delay", "0.5")
    channel = server.login("channel-collector")
    report = generate_reports(random.Random(5), 1, City.load(), Catalogue.load())[0]
    report = report.model_copy(update={"channel": Channel.COLLECTOR})
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
