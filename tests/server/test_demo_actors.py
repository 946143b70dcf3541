"""The demo departments and collectors play the case lifecycle by themselves: with a fixed seed each
path happens — feedback with a note and a photo, 回退 instead of signing, 延期 and 挂账 after signing
(and the work goes on once the 派遣员 has decided), a feedback after the deadline, and 核查 passed
or sent back as 返工."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.helpers.server import ServerProcess, start_server
from tests.server.conftest import assert_clean_log
from tests.server.seat import Accounts, Seat
from tests.server.test_dispatch import DESCRIPTION
from tests.server.time_travel import rewrite_order
from workstation.server.collectors import check_passes
from workstation.server.departments import DepartmentPlay, Outcome

SEED = 11
DELAY = 0.5
PLAY = DepartmentPlay.load()
CHECK_SHARE = 0.8  # resources/simulator/verification.json


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("demo-actors")
    server = start_server(f"sqlite:///{folder / 'actors.db'}", folder, "--department-delay", str(DELAY),
                          "--collector-delay", str(DELAY), "--demo-seed", str(SEED))
    yield server
    server.stop()
    assert_clean_log(server)


@pytest.fixture
def seats(demo: ServerProcess) -> Iterator[dict[str, Seat]]:
    accounts = Accounts(demo)
    yield accounts
    accounts.close_all()


def _filed(seats: dict[str, Seat], wanted: Callable[[str], Any], needed: set[Any]) -> dict[Any, dict[str, Any]]:
    """Filed cases, one for each value in `needed` of `wanted(case id)` (reports are cheap)."""
    found: dict[Any, dict[str, Any]] = {}
    for _ in range(400):
        case = seats["channel-collector"].report("collector", DESCRIPTION)
        value = wanted(case["id"])
        if value in needed and value not in found:
            found[value] = seats["seat01"].ok(case["id"], "file", version=case["version"],
                                              category_id=case["category_id"], condition_id=case["condition_id"])
            if set(found) == needed:
                return found
    raise AssertionError(f"no case for {needed - set(found)}")


def _until(seat: Seat, case_id: str, check: Callable[[dict[str, Any]], bool], timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        case = seat.case(case_id)["case"]
        if check(case):
            return case
        assert time.monotonic() < deadline, case
        time.sleep(0.1)


def _order(case: dict[str, Any]) -> dict[str, Any]:
    return dict(case["work_orders"][-1])


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _pending(case: dict[str, Any], kind: str) -> dict[str, Any] | None:
    return next((r for r in case["requests"] if r["kind"] == kind and r["state"] == "pending"), None)


def test_each_demo_department_path_happens_with_a_fixed_seed(demo: ServerProcess, seats: dict[str, Seat]) -> None:
    cases = _filed(seats, lambda case_id: PLAY.outcome(SEED, f"{case_id}-01"), set(Outcome))
    seat, dispatcher = seats["seat01"], seats["dispatcher01"]

    late = cases[Outcome.LATE]
    late = seat.ok(late["id"], "dispatch", version=late["version"], department_id="D-HW")
    due = datetime.now(UTC) + timedelta(seconds=6)
    rewrite_order(demo, _order(late)["id"], deadline=due)  # the late path in seconds instead of hours
    for outcome in (Outcome.FEEDBACK, Outcome.RETURN, Outcome.EXTEND, Outcome.SUSPEND):
        case = cases[outcome]
        cases[outcome] = seat.ok(case["id"], "dispatch", version=case["version"], department_id="D-HW")

    # in time: signed, then fed back with a note from the data file and a photo
    done = _until(seat, cases[Outcome.FEEDBACK]["id"], lambda c: c["state"] == "fed_back")
    order = _order(done)
    assert order["feedback_note"] in PLAY.texts["feedback"] and order["acknowledged_by"]
    assert _at(order["fed_back_at"]) < _at(order["deadline"])
    (photo,) = [a for a in done["attachments"] if a["id"] in order["photo_ids"]]
    assert photo["name"] == f"处置照片-{order['id']}.png" and photo["content_type"] == "image/png"

    # 回退 instead of signing; refused, the department signs and does the work
    case_id = cases[Outcome.RETURN]["id"]
    asked = _until(seat, case_id, lambda c: _pending(c, "return") is not None)
    request = _pending(asked, "return")
    assert request is not None and request["reason"] in PLAY.texts["return"]
    assert _order(asked)["state"] == "sent"
    dispatcher.ok(case_id, "decide", version=asked["version"], request_id=request["id"], approve=False,
                  note="属环卫职责")
    assert _until(seat, case_id, lambda c: c["state"] == "fed_back")["requests"][0]["state"] == "refused"

    # 延期 after signing; approved, the department feeds back
    case_id = cases[Outcome.EXTEND]["id"]
    asked = _until(seat, case_id, lambda c: _pending(c, "extend") is not None)
    request = _pending(asked, "extend")
    assert request is not None and request["reason"] in PLAY.texts["extend"] and request["extra"] is not None
    assert _order(asked)["state"] == "acknowledged"
    dispatcher.ok(case_id, "decide", version=asked["version"], request_id=request["id"], approve=True)
    extended = _until(seat, case_id, lambda c: c["state"] == "fed_back")
    assert len(_order(extended)["extensions"]) == 1

    # 挂账 after signing; approved, the department waits for 挂账恢复, then feeds back
    case_id = cases[Outcome.SUSPEND]["id"]
    asked = _until(seat, case_id, lambda c: _pending(c, "suspend") is not None)
    request = _pending(asked, "suspend")
    assert request is not None and request["reason"] in PLAY.texts["suspend"] and request["suspend_until"]
    suspended = dispatcher.ok(case_id, "decide", version=asked["version"], request_id=request["id"], approve=True)
    assert suspended["state"] == "suspended"
    time.sleep(DELAY * 3)
    assert seat.case(case_id)["case"]["state"] == "suspended"
    dispatcher.ok(case_id, "resume", version=seat.case(case_id)["case"]["version"])
    _until(seat, case_id, lambda c: c["state"] == "fed_back")

    # late: fed back after the deadline
    fed = _until(seat, late["id"], lambda c: c["state"] == "fed_back")
    order = _order(fed)
    assert _at(order["deadline"]) == due
    assert _at(order["fed_back_at"]) > due
    assert order["feedback_note"] in PLAY.texts["feedback"]


def test_a_demo_assistant_whose_order_closed_with_the_leads_feedback_lets_it_be(demo: ServerProcess,
                                                                               seats: dict[str, Seat]) -> None:
    """The lead feeds back in time while its 协办 is still on its 回退 (asked for, or about to be): the
    assisting order closes with the lead's, and the demo department leaves it without an error."""
    def plan(case_id: str) -> tuple[Outcome, Outcome]:
        return PLAY.outcome(SEED, f"{case_id}-01"), PLAY.outcome(SEED, f"{case_id}-02")

    (case,) = _filed(seats, plan, {(Outcome.FEEDBACK, Outcome.RETURN)}).values()
    seat = seats["seat01"]
    seat.ok(case["id"], "dispatch", version=case["version"], mechanism="lead_assist", department_id="D-HW",
            assist_ids=["D-ZF"])
    done = _until(seat, case["id"], lambda c: c["state"] == "fed_back")
    assert [order["state"] for order in done["work_orders"]] == ["fed_back", "closed_with_lead"]
    time.sleep(DELAY * 4)  # longer than the assistant's own 回退 would take
    assert seat.case(case["id"])["case"]["version"] == done["version"]
    assert not [line for line in demo.log().splitlines() if case["id"] in line and "WARNING" in line]


def test_demo_collectors_answer_checks_passed_or_failed_with_a_fixed_seed(seats: dict[str, Seat]) -> None:
    def plan(case_id: str) -> bool | None:
        if PLAY.outcome(SEED, f"{case_id}-01") is not Outcome.FEEDBACK:
            return None
        return check_passes(SEED, case_id, 0, CHECK_SHARE)

    cases = _filed(seats, plan, {True, False})
    seat = seats["seat01"]
    for case in cases.values():
        seat.ok(case["id"], "dispatch", version=case["version"], department_id="D-HW")
    for passed, case in cases.items():
        fed = _until(seat, case["id"], lambda c: c["state"] == "fed_back")
        sent = seat.ok(case["id"], "check", version=fed["version"], note="请核查")
        answered = _until(seat, case["id"], lambda c: c["inspection"]["answered_at"] is not None)
        task = answered["inspection"]
        assert task["collector_id"] == sent["inspection"]["collector_id"] and task["confirmed"] is passed
        assert len(task["note"]) >= 8 and len(task["photo_ids"]) == 1
        photo = next(a for a in answered["attachments"] if a["id"] == task["photo_ids"][0])
        assert photo["name"] == f"核查照片-{case['id']}.png"
        if passed:
            assert answered["state"] == "to_close"
        else:  # 返工: the same department gets the order again
            assert answered["state"] in ("dispatched", "handling") and _order(answered)["rework"] == 1


def test_the_same_seed_plays_the_same_way() -> None:
    ids = [f"20261125{n:06d}-01" for n in range(400)]
    first = [PLAY.outcome(SEED, order_id) for order_id in ids]
    assert first == [PLAY.outcome(SEED, order_id) for order_id in ids]
    assert first != [PLAY.outcome(SEED + 1, order_id) for order_id in ids]
    assert {replace(PLAY, shares={}).outcome(SEED, order_id) for order_id in ids} == {Outcome.FEEDBACK}
    counts = {outcome: first.count(outcome) for outcome in Outcome}
    assert counts[Outcome.FEEDBACK] > len(ids) * 0.6 and all(counts.values())


def test_a_demo_department_answers_a_supervision(seats: dict[str, Seat]) -> None:
    (case,) = _filed(seats, lambda case_id: PLAY.outcome(SEED, f"{case_id}-01"), {Outcome.EXTEND}).values()
    sent = seats["seat01"].ok(case["id"], "dispatch", version=case["version"], department_id="D-HW")
    seats["leader01"].ok(case["id"], "supervise", version=sent["version"], opinion="请今日内处置完毕")
    answered = _until(seats["leader01"], case["id"], lambda c: c["supervisions"][0]["replied_at"] is not None)
    record = answered["supervisions"][0]
    assert record["reply"] in PLAY.texts["supervision_reply"] and record["replied_by"] == "区环卫中心"
