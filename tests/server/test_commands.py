"""Seat commands: claim, file, reject, dispatch, acknowledge — and what a seat is told when it loses."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.server.seat import Seat

DESCRIPTION = "解放路人行道上有暴露垃圾，堆放多日无人清理"


def _report(seats: dict[str, Seat], description: str = DESCRIPTION) -> dict[str, Any]:
    return seats["channel-collector"].report("collector", description)


def _history(seat: Seat, case_id: str) -> list[str]:
    return [entry["action"] for entry in seat.case(case_id)["history"]]


def test_case_goes_from_report_to_the_department(seats: dict[str, Seat]) -> None:
    case = _report(seats)
    seat = seats["seat01"]
    claimed = seat.ok(case["id"], "claim", version=case["version"])
    assert claimed["lease"]["user_name"] == "张敏"
    filed = seat.ok(case["id"], "file", version=claimed["version"], category_id=case["category_id"],
                    condition_id=case["condition_id"])
    assert filed["state"] == "filed" and filed["lease"] is None
    assert filed["step"]["step"] == "dispatch"
    department_id = filed["suggested_department_id"]
    assert department_id
    dispatched = seat.ok(case["id"], "dispatch", version=filed["version"], department_id=department_id)
    assert dispatched["state"] == "dispatched" and dispatched["department_id"] == department_id
    assert dispatched["step"]["step"] == "sign"
    assert dispatched["handling_deadline"] is not None
    signed = seats[f"dept-{department_id}"].ok(case["id"], "acknowledge", version=dispatched["version"])
    assert signed["state"] == "handling"
    assert signed["step"]["step"] == "handle"
    assert signed["step"]["deadline"] == dispatched["handling_deadline"]
    assert signed["version"] == case["version"] + 4
    detail = seat.case(case["id"])
    assert [entry["action"] for entry in detail["history"]] == [
        "reported", "claimed", "file", "dispatch", "acknowledge"]
    assert [entry["actor_name"] for entry in detail["history"][1:4]] == ["张敏", "张敏", "张敏"]
    assert [entry["to_state"] for entry in detail["history"]] == [
        "reported", "reported", "filed", "dispatched", "handling"]


def test_reject_needs_a_reason_and_ends_the_case(seats: dict[str, Seat]) -> None:
    case = _report(seats)
    seat = seats["seat02"]
    for reason in ("", "   "):
        answer = seat.command(case["id"], "reject", version=case["version"], kind="not_accepted",
                              reason=reason)
        assert answer.status_code == 400
        assert answer.json()["fields"] == {"body.reason": "不能为空" if not reason else "请选择或填写原因"}
    rejected = seat.ok(case["id"], "reject", version=case["version"], kind="not_accepted",
                       reason="不符合立案条件", note="现场为私人院落")
    assert rejected["state"] == "not_accepted" and rejected["step"] is None
    history = seat.case(case["id"])["history"]
    assert history[-1]["action"] == "not_accept"
    assert history[-1]["note"] == "不符合立案条件：现场为私人院落"
    open_ids = {item["id"] for item in seat.cases()["cases"]}
    assert case["id"] not in open_ids
    recent = {item["id"] for item in seat.cases(ended_since=case["reported_at"])["cases"]}
    assert case["id"] in recent


def test_cancel_is_the_other_kind_of_reject(seats: dict[str, Seat]) -> None:
    case = _report(seats)
    cancelled = seats["seat01"].ok(case["id"], "reject", version=case["version"], kind="cancelled",
                                   reason="测试案卷")
    assert cancelled["state"] == "cancelled"
    assert _history(seats["seat01"], case["id"])[-1] == "cancel"


def test_claim_held_by_another_seat_names_the_holder(seats: dict[str, Seat]) -> None:
    case = _report(seats)
    claimed = seats["seat01"].ok(case["id"], "claim", version=case["version"])
    for name, body in (("claim", {}), ("file", {"category_id": case["category_id"],
                                                "condition_id": case["condition_id"]})):
        answer = seats["seat02"].command(case["id"], name, version=claimed["version"], **body)
        assert answer.status_code == 409
        error = answer.json()
        assert error["code"] == "held_by_other"
        assert error["message"].startswith("案卷正由张敏处理（认领至 ")
        assert error["params"]["holder_name"] == "张敏"
    released = seats["seat01"].ok(case["id"], "release", version=claimed["version"])
    assert released["lease"] is None
    again = seats["seat02"].ok(case["id"], "claim", version=released["version"])
    assert again["lease"]["user_name"] == "李强"


def test_stale_version_says_who_did_what(seats: dict[str, Seat]) -> None:
    case = _report(seats)
    seats["seat02"].ok(case["id"], "file", version=case["version"], category_id=case["category_id"],
                       condition_id=case["condition_id"])
    answer = seats["seat01"].command(case["id"], "reject", version=case["version"], kind="cancelled",
                                     reason="误报")
    assert answer.status_code == 409
    error = answer.json()
    assert error["code"] == "stale_version"
    assert error["message"].startswith("案卷已被李强于 ")
    assert error["message"].endswith(" 立案，请查看最新状态")
    assert error["params"]["actor_name"] == "李强" and error["params"]["action"] == "file"


def test_a_step_refused_because_another_seat_moved_the_case_says_who(seats: dict[str, Seat]) -> None:
    """The loser of a race may already hold the new version (its view updated before it sent)."""
    case = _report(seats)
    filed = seats["seat02"].ok(case["id"], "file", version=case["version"], category_id=case["category_id"],
                               condition_id=case["condition_id"])
    answer = seats["seat01"].command(case["id"], "file", version=filed["version"], category_id=case["category_id"],
                                     condition_id=case["condition_id"])
    assert answer.status_code == 409
    error = answer.json()
    assert error["code"] == "not_allowed"
    assert error["message"].startswith("案卷已被李强于 ")
    assert error["message"].endswith(" 立案；案卷当前为“待派遣”，不能立案")
    assert error["params"]["actor_name"] == "李强" and error["params"]["action"] == "file"


def test_wrong_role_or_state_is_not_allowed(seats: dict[str, Seat]) -> None:
    case = _report(seats)
    answer = seats["dispatcher01"].command(case["id"], "file", version=case["version"],
                                           category_id=case["category_id"], condition_id=case["condition_id"])
    assert answer.status_code == 409
    assert answer.json() == {"code": "not_allowed", "message": "您的岗位无权立案",
                             "params": {"reason": "您的岗位无权立案"}, "fields": {}}
    wrong_state = seats["seat01"].command(case["id"], "dispatch", version=case["version"],
                                          department_id=case["suggested_department_id"])
    assert wrong_state.status_code == 409
    assert wrong_state.json()["message"] == "案卷当前为“待受理”，不能派遣"


def test_unknown_case_category_or_missing_key_is_refused(seats: dict[str, Seat]) -> None:
    seat = seats["seat01"]
    missing = seat.command("20000101000001", "claim", version=1)
    assert missing.status_code == 404 and missing.json()["message"] == "找不到该案卷"
    case = _report(seats)
    bad = seat.command(case["id"], "file", version=case["version"], category_id="SJ0110",
                       condition_id="XX-01")
    assert bad.status_code == 400
    assert bad.json()["fields"] == {"body.condition_id": "立案条件不在案件分类标准中"}
    no_key = seat.client.post(f"/cases/{case['id']}/claim", json={"version": case["version"]})
    assert no_key.status_code == 400
    assert no_key.json()["fields"] == {"header.Idempotency-Key": "不能为空"}
    assert _history(seat, case["id"]) == ["reported"]


def test_repeating_an_idempotency_key_does_not_act_twice(seats: dict[str, Seat]) -> None:
    case = _report(seats)
    seat = seats["seat01"]
    first = seat.command(case["id"], "file", key="file-once", version=case["version"],
                         category_id=case["category_id"], condition_id=case["condition_id"])
    again = seat.command(case["id"], "file", key="file-once", version=case["version"],
                         category_id=case["category_id"], condition_id=case["condition_id"])
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert seat.case(case["id"])["case"]["version"] == case["version"] + 1
    assert _history(seat, case["id"]) == ["reported", "file"]


def test_two_seats_filing_at_once_exactly_one_wins(seats: dict[str, Seat]) -> None:
    assert seats["seat01"] and seats["seat02"]  # signed in before the race
    for _round in range(5):
        case = _report(seats)
        barrier = threading.Barrier(2)
        names = {"seat01": "张敏", "seat02": "李强"}

        def file(username: str, case: dict[str, Any] = case, barrier: threading.Barrier = barrier) -> Any:
            barrier.wait()
            return username, seats[username].command(
                case["id"], "file", version=case["version"], category_id=case["category_id"],
                condition_id=case["condition_id"])

        with ThreadPoolExecutor(2) as pool:
            answers = dict(pool.map(file, ["seat01", "seat02"]))
        codes = sorted(answer.status_code for answer in answers.values())
        assert codes == [200, 409]
        winner = next(name for name, answer in answers.items() if answer.status_code == 200)
        loser = answers[next(name for name in answers if name != winner)].json()
        assert loser["code"] == "stale_version"
        assert loser["message"].startswith(f"案卷已被{names[winner]}于 ")
        assert _history(seats["seat01"], case["id"]) == ["reported", "file"]
