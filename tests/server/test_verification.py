"""核实: a seat sends a verification task to the collector on duty for the case's grid, the collector
answers with a note and photos, and the case comes back to 待受理 with the answer on it."""

from __future__ import annotations

import base64
import random
import struct
import uuid
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.helpers.server import POSTGRES_ADMIN_URL, ServerProcess, start_server
from tests.server.seat import Seat, event_stream
from workstation.domain.city import City
from workstation.domain.verification import DutyRoster, choose_collector
from workstation.server.demo_photos import site_photo

GRID = "37010200100301"
PHOTO = site_photo(random.Random(7))


def _report(seat: Seat) -> dict[str, Any]:
    """A citizen's report (微信公众号) from the middle of GRID."""
    return seat.report("public", "小区东门外有人倾倒装修垃圾，堆了一大片", grid_code=GRID,
                       location=City.load().grid(GRID).centre.model_dump(),
                       reporter={"name": "李女士", "phone": "13800001111"})


def _photo(name: str = "现场.png", data: bytes = PHOTO) -> dict[str, str]:
    return {"name": name, "content_type": "image/png", "data_base64": base64.b64encode(data).decode()}


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_verification_round_trip(server: ServerProcess, seats: dict[str, Seat]) -> None:
    case = _report(seats["channel-public"])
    seat = seats["seat01"]
    sent = seat.ok(case["id"], "verify", version=case["version"], note="请核实垃圾量")
    task = sent["verification"]
    assert sent["state"] == "verifying" and sent["step"]["step"] == "verify"
    expected = choose_collector(City.load(), DutyRoster.load(), GRID, None, _at(task["requested_at"]))
    assert (task["collector_id"], task["collector_name"]) == (expected.collector.id, expected.collector.name)
    assert task["reason"] == expected.reason and task["requested_by"] == "张敏"
    assert _at(task["deadline"]) - _at(task["requested_at"]) == timedelta(minutes=30)
    assert task["deadline"] == sent["step"]["deadline"] and task["answered_at"] is None
    collector = seats[f"collector-{task['collector_id']}"]
    with event_stream(server, seat.token, seat.cases()["last_seq"]) as events:
        answered = collector.ok(case["id"], "verify_result", version=sent["version"], confirmed=True,
                                note="现场属实，约3立方米", photos=[_photo()])
        frame = events.until(lambda f: f["data"]["case"] and f["data"]["case"]["id"] == case["id"])
    assert frame["data"]["action"] == "verify_result" and frame["data"]["case"] == answered | {
        "reporter": {"name": "李女士", "phone": "13800001111", "collector_id": None}}
    assert answered["reporter"]["phone"] == "138****1111"  # the collector sees the number masked
    assert answered["state"] == "reported" and answered["step"]["step"] == "accept"
    result = answered["verification"]
    assert result["confirmed"] is True and result["note"] == "现场属实，约3立方米" and result["answered_at"]
    assert result["collector_id"] == task["collector_id"] and result["request_note"] == "请核实垃圾量"
    [photo] = answered["attachments"]
    assert result["photo_ids"] == [photo["id"]] and photo["content_type"] == "image/png"
    assert seat.get(f"/attachments/{photo['id']}").content == PHOTO
    detail = seat.case(case["id"])
    verify, verify_result = detail["history"][-2:]
    assert verify["action"] == "verify" and verify["to_state"] == "verifying"
    assert verify["note"].startswith(f"发送核实至信息采集员{task['collector_name']}（{task['reason']}），时限 ")
    assert verify["note"].endswith("：请核实垃圾量")
    assert (verify_result["action"], verify_result["actor_name"], verify_result["to_state"]) == (
        "verify_result", task["collector_name"], "reported")
    assert verify_result["note"] == "属实，现场属实，约3立方米，照片1张"
    # back in 待受理, the seat files it as usual
    filed = seat.ok(case["id"], "file", version=answered["version"], category_id=answered["category_id"],
                    condition_id=answered["condition_id"])
    assert filed["state"] == "filed" and filed["verification"] == result


def test_verification_is_refused_for_the_wrong_role_state_version_or_collector(seats: dict[str, Seat]) -> None:
    case = _report(seats["channel-public"])
    answer = seats["dispatcher01"].command(case["id"], "verify", version=case["version"])
    assert answer.status_code == 409 and answer.json()["message"] == "您的岗位无权发送核实"
    answer = seats["seat02"].command(case["id"], "verify", version=case["version"] + 1)
    assert answer.status_code == 409 and answer.json()["code"] == "stale_version"
    seats["seat02"].ok(case["id"], "claim", version=case["version"])
    answer = seats["seat01"].command(case["id"], "verify", version=case["version"] + 1)
    assert answer.status_code == 409 and answer.json()["code"] == "held_by_other"
    sent = seats["seat02"].ok(case["id"], "verify", version=case["version"] + 1)
    assert sent["lease"] is None
    answer = seats["seat02"].command(case["id"], "verify", version=sent["version"])
    assert answer.status_code == 409 and answer.json()["message"] == "案卷当前为“核实中”，不能发送核实"
    answer = seats["seat02"].command(case["id"], "verify_result", version=sent["version"], confirmed=True)
    assert answer.status_code == 409 and answer.json()["message"] == "您的岗位无权核实反馈"
    chosen = sent["verification"]["collector_id"]
    other = next(c.id for c in City.load().collectors if c.id != chosen)
    answer = seats[f"collector-{other}"].command(case["id"], "verify_result", version=sent["version"],
                                                 confirmed=False)
    assert answer.status_code == 409 and answer.json()["message"] == "该核实任务未派给您"
    collector = seats[f"collector-{chosen}"]
    answer = collector.command(case["id"], "verify_result", version=sent["version"], confirmed=True,
                               photos=[_photo(), {**_photo(), "data_base64": "不是base64"}])
    assert answer.status_code == 400
    assert answer.json()["fields"] == {"body.photos.1.data_base64": "附件内容不是有效的 Base64"}
    after = seats["seat02"].case(case["id"])["case"]
    assert (after["state"], after["version"], after["attachments"]) == ("verifying", sent["version"], [])
    answered = collector.ok(case["id"], "verify_result", version=sent["version"], confirmed=False,
                            note="现场无此情况")
    assert answered["verification"]["confirmed"] is False and answered["attachments"] == []
    answer = collector.command(case["id"], "verify_result", version=answered["version"], confirmed=True)
    assert answer.status_code == 409 and answer.json()["message"] == "案卷当前为“待受理”，不能核实反馈"
    filed = _report(seats["channel-public"])
    filed = seats["leader01"].ok(filed["id"], "file", version=filed["version"], category_id=filed["category_id"],
                                 condition_id=filed["condition_id"])
    answer = seats["leader01"].command(filed["id"], "verify", version=filed["version"])
    assert answer.status_code == 409 and answer.json()["message"] == "案卷当前为“待派遣”，不能发送核实"


def test_the_collector_who_reported_a_case_is_not_sent_to_verify_it(seats: dict[str, Seat]) -> None:
    city = City.load()
    usual = choose_collector(city, DutyRoster.load(), GRID, None, datetime.now(UTC)).collector
    case = seats["channel-collector"].report(
        "collector", "井盖破损，存在安全隐患", grid_code=GRID, location=city.grid(GRID).centre.model_dump(),
        reporter={"name": usual.name, "phone": usual.phone, "collector_id": usual.id},
        details={"collector_id": usual.id})
    assert case["reporter"]["collector_id"] == usual.id
    sent = seats["seat01"].ok(case["id"], "verify", version=case["version"])
    assert sent["verification"]["collector_id"] not in (usual.id, None)


def test_a_case_without_a_place_cannot_be_verified(seats: dict[str, Seat]) -> None:
    case = seats["channel-hotline"].report("hotline", "有人反映垃圾没人收", location=None)
    assert case["grid"] is None
    answer = seats["seat01"].command(case["id"], "verify", version=case["version"])
    assert answer.status_code == 409 and answer.json()["message"] == "案卷尚未定位到单元网格，无法确定核实的采集员"


def test_reference_data_carries_the_task_labels(seats: dict[str, Seat]) -> None:
    assert seats["seat01"].get("/reference").json()["task_labels"] == {"verify": "核实", "check": "核查"}


# --- the demo collectors ---------------------------------------------------------------------------


@pytest.fixture
def fresh_db_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the backend under test, for a server of the test's own."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'actors.db'}"
        return
    name = f"ws_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    idat = data.index(b"IDAT")
    (length,) = struct.unpack(">I", data[idat - 4:idat])
    assert len(zlib.decompress(data[idat + 4:idat + 4 + length])) == (1 + width * 3) * height
    return width, height


def test_the_demo_collector_answers_by_itself(fresh_db_url: str, tmp_path: Path,
                                              servers: list[ServerProcess]) -> None:
    server = start_server(fresh_db_url, tmp_path, "--collector-delay", "0.3", "--department-delay", "600")
    servers.append(server)
    seat, channel = Seat(server, "seat01"), Seat(server, "channel-public")
    try:
        case = _report(channel)
        with event_stream(server, seat.token, seat.cases()["last_seq"]) as events:
            sent = seat.ok(case["id"], "verify", version=case["version"])
            frame = events.until(lambda f: f["data"]["case"]["id"] == case["id"]
                                 and f["data"]["action"] == "verify_result", timeout=20)
        answered = frame["data"]["case"]
        result = answered["verification"]
        assert answered["state"] == "reported" and result["collector_id"] == sent["verification"]["collector_id"]
        assert result["confirmed"] in (True, False) and len(result["note"]) >= 8
        [photo] = answered["attachments"]
        assert photo["name"] == f"核实照片-{case['id']}.png"
        assert _png_size(seat.get(f"/attachments/{photo['id']}").content) == (160, 120)
    finally:
        seat.close()
        channel.close()
