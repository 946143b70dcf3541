"""相似案卷判断 on the server: a duplicate report arrives with a warning naming the original, a seat
merges it (the original lists its reporter) or says it is no duplicate, and the 值班长 sees the counts."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.reports import moved, quiet_point, report
from tests.helpers.server import ServerProcess, start_server
from tests.server.seat import Seat, event_stream
from workstation.domain.catalogue import Catalogue
from workstation.domain.models import GeoPoint
from workstation.resources import resource_path
from workstation.server.similar import load_rules

ORIGINAL = "解放路人行道上有一堆生活垃圾，已经发臭，影响行人通行"
REWORDED = "人行道上生活垃圾堆着没人清理，味道很大"
ELSEWHERE = "小区门口路灯不亮，晚上很黑"


def _phone() -> str:
    return "139" + "".join(random.choice("0123456789") for _ in range(8))


def _quiet_point(seat: Seat) -> GeoPoint:
    """A point far from every case the other tests made on the shared server."""
    since = (datetime.now(UTC) - timedelta(days=30)).isoformat()
    return quiet_point(GeoPoint(**case["location"]) for case in seat.cases(ended_since=since)["cases"]
                       if case["location"])


def _original(seats: dict[str, Seat], point: GeoPoint, hours_ago: float = 1) -> dict[str, Any]:
    reported_at = (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat()
    return seats["channel-public"].report("public", ORIGINAL, location=point.model_dump(), category_id="SJ0110",
                                          reported_at=reported_at)


def _duplicate(seat: Seat, point: GeoPoint, phone: str | None = None) -> dict[str, Any]:
    """The same problem phoned in an hour later, 20 m away and in other words."""
    return seat.report("hotline", REWORDED, location=moved(point, 20).model_dump(), category_id="SJ0110",
                       reporter={"name": "赵女士", "phone": phone or _phone()})


def _pair(seats: dict[str, Seat]) -> tuple[dict[str, Any], dict[str, Any]]:
    point = _quiet_point(seats["seat01"])
    original = _original(seats, point)
    return original, _duplicate(seats["channel-hotline"], point)


def _stats(seats: dict[str, Seat]) -> dict[str, Any]:
    answer = seats["leader01"].get("/similarity/stats")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_the_rules_tune_catalogue_categories(catalogue: Catalogue) -> None:
    document = json.loads(resource_path("similarity", "rules.json").read_text(encoding="utf-8"))
    for category_id, rule in document["categories"].items():
        assert catalogue.category(category_id).small_name == rule["_name"]
    rules = load_rules("demo")
    assert (rules.of("SJ0406").radius_m, rules.of("SJ0406").window_h) == (100, 4)  # 占道经营 moves and leaves
    assert (rules.of("BJ0137").radius_m, rules.of("BJ0137").open_window_h) == (30, 720)  # a 路灯 stays put
    assert rules.of("SJ0101") == rules.default


def test_a_duplicate_arrives_with_a_warning_naming_the_original(server: ServerProcess,
                                                                seats: dict[str, Seat]) -> None:
    seat = seats["seat01"]
    point = _quiet_point(seat)
    original = _original(seats, point)
    assert original["similar"] == {"warn": False, "candidates": [], "checked_at": original["updated_at"],
                                   "decision": None, "decided_by": None, "ruled_out": []}
    with event_stream(server, seat.token) as stream:
        duplicate = _duplicate(seats["channel-hotline"], point)
        event = stream.until(lambda frame: frame["data"]["case"] and frame["data"]["case"]["id"] == duplicate["id"])
    check = duplicate["similar"]
    assert check["warn"] is True
    best = check["candidates"][0]
    assert best["case_id"] == original["id"] and best["state"] == "reported"
    assert 15 < best["distance_m"] < 25 and 0.9 < best["hours_before"] < 1.1
    assert best["explanation"].startswith("同一小类，相距 20 米，1 小时前")
    assert event["data"]["case"]["similar"] == check
    listed = next(case for case in seat.cases()["cases"] if case["id"] == duplicate["id"])
    assert listed["similar"] == check
    reported = seat.case(duplicate["id"])["history"][0]
    assert f"相似案卷提示：#{original['id']}（同一小类，相距 20 米" in reported["note"]


def test_an_unrelated_case_far_away_gets_no_warning(seats: dict[str, Seat]) -> None:
    point = _quiet_point(seats["seat01"])
    original = _original(seats, point)
    far = seats["channel-public"].report("public", ELSEWHERE, location=moved(point, 1500).model_dump())
    assert far["similar"]["warn"] is False
    assert original["id"] not in {candidate["case_id"] for candidate in far["similar"]["candidates"]}
    assert "相似案卷提示" not in seats["seat01"].case(far["id"])["history"][0]["note"]


def test_moving_a_case_onto_an_earlier_one_checks_it_again(seats: dict[str, Seat]) -> None:
    seat = seats["seat01"]
    point = _quiet_point(seat)
    original = _original(seats, point)
    elsewhere = moved(point, 1500)
    case = seats["channel-hotline"].report("hotline", REWORDED, location=elsewhere.model_dump(), category_id="SJ0110",
                                           reporter={"name": "赵女士", "phone": _phone()})
    assert case["similar"]["warn"] is False
    located = seat.ok(case["id"], "edit", version=case["version"], changes={"location": moved(point, 10).model_dump()})
    assert located["similar"]["warn"] is True and located["similar"]["decision"] is None
    assert located["similar"]["candidates"][0]["case_id"] == original["id"]
    assert located["similar"]["checked_at"] > case["similar"]["checked_at"]
    edited = seat.case(case["id"])["history"][-1]
    assert edited["action"] == "edit" and f"相似案卷提示：#{original['id']}" in edited["note"]
    described = seat.ok(case["id"], "edit", version=located["version"], changes={"description": "垃圾还在，请尽快处理"})
    assert described["similar"] == located["similar"]  # only the 小类 and the place call for a new check


def test_correcting_the_category_onto_an_earlier_cases_checks_it_again(seats: dict[str, Seat]) -> None:
    seat = seats["seat01"]
    point = _quiet_point(seat)
    original = _original(seats, point)
    case = seats["channel-hotline"].report("hotline", REWORDED, location=moved(point, 20).model_dump(),
                                           category_id="BJ0137", reporter={"name": "赵女士", "phone": _phone()})
    assert case["similar"]["warn"] is False
    assert all(candidate["explanation"].startswith("不同类别") for candidate in case["similar"]["candidates"])
    corrected = seat.ok(case["id"], "edit", version=case["version"], changes={"category_id": "SJ0110"})
    assert corrected["similar"]["warn"] is True
    assert corrected["similar"]["candidates"][0]["case_id"] == original["id"]
    assert corrected["similar"]["candidates"][0]["explanation"].startswith("同一小类，相距 20 米")
    assert f"相似案卷提示：#{original['id']}" in seat.case(case["id"])["history"][-1]["note"]


def test_a_case_ruled_out_by_a_seat_is_not_proposed_again_after_a_correction(seats: dict[str, Seat]) -> None:
    """不是重复 holds for that pair: moving the report a little (or re-filing its 小类) checks it
    again, but the case the seat already looked at is not proposed a second time."""
    seat = seats["seat01"]
    point = _quiet_point(seat)
    original = _original(seats, point)
    duplicate = _duplicate(seats["channel-hotline"], point)
    assert duplicate["similar"]["candidates"][0]["case_id"] == original["id"]
    answered = seat.ok(duplicate["id"], "not_duplicate", version=duplicate["version"], note="对面另一堆")
    moved_case = seat.ok(duplicate["id"], "edit", version=answered["version"],
                         changes={"location": moved(point, 12).model_dump()})
    check = moved_case["similar"]
    assert check["checked_at"] > answered["similar"]["checked_at"] and check["decision"] is None
    assert check["warn"] is False and check["ruled_out"] == [original["id"]]
    assert original["id"] not in {candidate["case_id"] for candidate in check["candidates"]}
    assert "相似案卷提示" not in seat.case(duplicate["id"])["history"][-1]["note"]

    third = _original(seats, moved(point, 5), hours_ago=0.5)  # another report of before, phoned in late
    again = seat.ok(duplicate["id"], "edit", version=moved_case["version"],
                    changes={"location": moved(point, 8).model_dump()})
    assert again["similar"]["warn"] is True  # a report the seat has not seen yet is still news
    assert again["similar"]["candidates"][0]["case_id"] == third["id"]
    assert again["similar"]["ruled_out"] == [original["id"]]


def test_merge_closes_the_duplicate_and_lists_its_reporter_on_the_original(server: ServerProcess,
                                                                           seats: dict[str, Seat]) -> None:
    seat = seats["seat01"]
    point = _quiet_point(seat)
    original = _original(seats, point)
    phone = _phone()
    duplicate = _duplicate(seats["channel-hotline"], point, phone)
    with event_stream(server, seat.token) as stream:
        merged = seat.ok(duplicate["id"], "merge", version=duplicate["version"], into=original["id"],
                         note="同一堆垃圾")
        changed = {frame["data"]["case"]["id"]: frame["data"] for frame in (
            stream.until(lambda frame: frame["data"]["action"] == "merged"),
            stream.until(lambda frame: frame["data"]["action"] == "linked"))}
    assert merged["state"] == "cancelled" and merged["duplicate_of"] == original["id"]
    assert (merged["similar"]["decision"], merged["similar"]["decided_by"]) == ("merged", "张敏")
    assert changed[duplicate["id"]]["case"]["state"] == "cancelled"
    history = seat.case(duplicate["id"])["history"]
    assert (history[-1]["action"], history[-1]["to_state"]) == ("merged", "cancelled")
    assert history[-1]["note"] == f"重复案卷：合并至 #{original['id']}；同一堆垃圾"

    detail = seat.case(original["id"])
    now_original = detail["case"]
    assert now_original["state"] == "reported" and now_original["version"] == original["version"] + 1
    [linked] = now_original["linked"]
    assert linked["case_id"] == duplicate["id"] and linked["channel"] == "hotline"
    assert linked["reporter"] == {"name": "赵女士", "phone": phone, "collector_id": None}
    assert linked["summary"] == REWORDED and linked["merged_by"] == "张敏"
    assert changed[original["id"]]["case"]["linked"] == now_original["linked"]
    assert detail["history"][-1]["action"] == "linked"
    assert detail["history"][-1]["note"] == f"关联重复案卷 #{duplicate['id']}；上报人：赵女士"

    masked = seats["dispatcher01"].case(original["id"])["case"]["linked"][0]["reporter"]["phone"]
    assert masked == phone[:3] + "****" + phone[-4:]
    callers = seat.get(f"/callers/{phone}/cases").json()["cases"]
    assert callers[0]["outcome"] == f"已合并至 #{original['id']}（待受理）"


def test_a_merge_into_an_ended_itself_or_unknown_case_is_refused(seats: dict[str, Seat]) -> None:
    seat = seats["seat01"]
    original, duplicate = _pair(seats)
    version = duplicate["version"]
    refused = seat.command(duplicate["id"], "merge", version=version, into=duplicate["id"])
    assert refused.status_code == 400 and refused.json()["fields"] == {"body.into": "不能合并到自身"}
    refused = seat.command(duplicate["id"], "merge", version=version, into="20200101000001")
    assert refused.status_code == 400 and refused.json()["fields"] == {"body.into": "原案卷不存在"}
    refused = seats["dispatcher01"].command(duplicate["id"], "merge", version=version, into=original["id"])
    assert refused.status_code == 409 and refused.json()["message"] == "您的岗位无权合并"

    seat.ok(original["id"], "reject", version=original["version"], kind="cancelled", reason="误报")
    refused = seat.command(duplicate["id"], "merge", version=version, into=original["id"])
    assert refused.status_code == 409 and refused.json()["message"] == "原案卷已结束，不能合并"
    assert seat.case(duplicate["id"])["case"]["state"] == "reported"

    third = _duplicate(seats["channel-hotline"], GeoPoint(**duplicate["location"]))
    assert third["similar"]["candidates"][0]["case_id"] == duplicate["id"]  # the cancelled one is gone
    seat.ok(third["id"], "merge", version=third["version"], into=duplicate["id"])
    refused = seat.command(original["id"], "merge", version=original["version"] + 1, into=third["id"])
    assert refused.status_code == 409 and refused.json()["message"] == "案卷当前为“已作废”，不能合并"
    fourth = _duplicate(seats["channel-hotline"], GeoPoint(**duplicate["location"]))
    refused = seat.command(fourth["id"], "merge", version=fourth["version"], into=third["id"])
    assert refused.status_code == 409
    assert refused.json()["message"] == f"原案卷已合并至 #{duplicate['id']}，请合并到该案卷"


def test_not_duplicate_is_recorded_in_history_and_stats(seats: dict[str, Seat]) -> None:
    seat, before = seats["seat03"], _stats(seats)
    original, duplicate = _pair(seats)
    answer = seat.ok(duplicate["id"], "not_duplicate", version=duplicate["version"], note="两处不同的垃圾堆")
    assert answer["state"] == "reported"
    assert (answer["similar"]["decision"], answer["similar"]["decided_by"]) == ("not_duplicate", "刘洋")
    last = seat.case(duplicate["id"])["history"][-1]
    assert last["action"] == "not_duplicate"
    assert last["note"].startswith(f"与 #{original['id']}") and last["note"].endswith("不是同一问题；两处不同的垃圾堆")
    again = seat.ok(duplicate["id"], "not_duplicate", version=answer["version"])
    assert again["version"] == answer["version"]  # said once is enough

    after = _stats(seats)
    assert after["checked"] >= before["checked"] + 2 and after["warned"] >= before["warned"] + 1
    assert after["not_duplicate"] == before["not_duplicate"] + 1
    assert after["by_seat"]["刘洋"]["not_duplicate"] == before["by_seat"].get("刘洋", {}).get("not_duplicate", 0) + 1

    alone = seats["channel-public"].report("public", ELSEWHERE, location=_quiet_point(seat).model_dump())
    refused = seat.command(alone["id"], "not_duplicate", version=alone["version"])
    assert refused.status_code == 409 and refused.json()["message"] == "案卷没有相似案卷提示"
    assert seat.get("/similarity/stats").json()["message"] == "您的岗位无权查看相似案卷统计"
    assert seats["admin"].get("/similarity/stats", params={"since": "2026-01-01T00:00:00"}).status_code == 400


def test_filing_with_a_standing_warning_counts_as_filed_anyway(seats: dict[str, Seat]) -> None:
    seat, before = seats["seat02"], _stats(seats)
    _original_case, duplicate = _pair(seats)
    filed = seat.ok(duplicate["id"], "file", version=duplicate["version"], category_id=duplicate["category_id"],
                    condition_id=duplicate["condition_id"])
    assert filed["state"] == "filed"
    assert (filed["similar"]["decision"], filed["similar"]["decided_by"]) == ("filed_anyway", "李强")
    assert seat.case(duplicate["id"])["history"][-1]["note"].endswith("相似案卷提示未采纳，仍立案")
    after = _stats(seats)
    assert after["filed_anyway"] == before["filed_anyway"] + 1
    assert after["by_seat"]["李强"]["filed_anyway"] == before["by_seat"].get("李强", {}).get("filed_anyway", 0) + 1


def test_a_restarted_server_builds_its_index_from_the_database(server: ServerProcess, seats: dict[str, Seat],
                                                               servers: list[ServerProcess], tmp_path: Path) -> None:
    point = _quiet_point(seats["seat01"])
    original = _original(seats, point)
    servers.append(start_server(server.db_url, tmp_path, "--no-departments"))
    channel = Seat(servers[0], "channel-hotline")
    duplicate = _duplicate(channel, point)
    channel.close()
    assert duplicate["similar"]["warn"] is True
    assert duplicate["similar"]["candidates"][0]["case_id"] == original["id"]


def test_a_failing_engine_never_loses_a_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              caplog: pytest.LogCaptureFixture) -> None:
    """The warning is advice: if the engine breaks, the report is stored without it, and the next
    check works on a rebuilt index."""
    from workstation.domain.models import IntakeReport, Role, User
    from workstation.domain.similarity import Index
    from workstation.server import migrate
    from workstation.server.context import ServerContext
    from workstation.server.db import Database
    from workstation.server.intake import intake

    database = Database(f"sqlite:///{tmp_path / 'engine.db'}")
    migrate.upgrade(database)
    context = ServerContext.load(database)
    channel = User(id="channel-public", name="公众平台", roles=(Role.CHANNEL,))
    body = report("public", ORIGINAL, category_id="SJ0110")

    def broken(_index: Index, _facts: object) -> None:
        raise RuntimeError("engine bug")

    with monkeypatch.context() as patched:
        patched.setattr(Index, "suggest", broken)
        with database.write() as connection:
            first = intake(context, connection, IntakeReport.model_validate(body), channel).case
    assert first.similar is None
    assert "相似案卷判断失败" in caplog.text
    with database.write() as connection:
        second = intake(context, connection, IntakeReport.model_validate(body), channel).case
    assert second.similar is not None and second.similar.candidates[0].case_id == first.id
    database.dispose()


def test_a_report_being_written_is_checked_without_being_stored(seats: dict[str, Seat]) -> None:
    """The seat on the phone asks before registering: the answer names the known case, nothing is kept."""
    seat = seats["seat03"]
    point = _quiet_point(seat)
    original = _original(seats, point)
    before = len(seat.cases()["cases"])
    query = {"category_id": "SJ0110", "location": moved(point, 15).model_dump(), "description": REWORDED}
    answer = seat.client.post("/similarity/check", json=query)
    assert answer.status_code == 200, answer.text
    check = answer.json()
    assert check["warn"] is True and check["decision"] is None
    assert check["candidates"][0]["case_id"] == original["id"]
    assert check["candidates"][0]["explanation"].startswith("同一小类，相距 15 米")
    assert len(seat.cases()["cases"]) == before

    by_address = seat.client.post("/similarity/check", json={"category_id": "SJ0110", "address": original["address"]})
    assert original["id"] in {candidate["case_id"] for candidate in by_address.json()["candidates"]}
    elsewhere = seat.client.post("/similarity/check", json={"category_id": "SJ0110",
                                                     "location": moved(point, 1500).model_dump()})
    assert elsewhere.json()["warn"] is False
    unknown = seat.client.post("/similarity/check", json={"category_id": "XX9999"})
    assert unknown.status_code == 400 and unknown.json()["fields"] == {"body.category_id": "小类不在案件分类标准中"}
    refused = seats["dispatcher01"].client.post("/similarity/check", json=query)
    assert refused.status_code == 403 and refused.json()["message"] == "您的岗位无权登记案卷"
