"""回访: a closed hotline case whose caller wanted a call back waits in the seats' list (`revisit_pending`)
until a seat records the caller's satisfaction; 未接通 keeps it waiting until the third unanswered call."""

from __future__ import annotations

from typing import Any

from tests.helpers.server import ServerProcess
from tests.server.seat import Seat, event_stream
from tests.server.test_closing import checked
from tests.server.test_dispatch import act, refused

DESCRIPTION = "解放路人行道上有暴露垃圾，堆放多日无人清理"


def closed(seats: dict[str, Seat], channel: str = "hotline", **overrides: Any) -> dict[str, Any]:
    """A case of `channel` taken through 立案, 派遣, 签收, 处置反馈, 核查 and 结案."""
    case = seats[f"channel-{channel}"].report(channel, DESCRIPTION, **overrides)
    seat = seats["seat01"]
    category = case["category_id"] or "SJ0110"
    condition = case["condition_id"] or f"{category}-01"
    filed = seat.ok(case["id"], "file", version=case["version"], category_id=category, condition_id=condition)
    seat.ok(case["id"], "dispatch", version=filed["version"], department_id="D-HW")
    act(seats, "D-HW", case["id"], "acknowledge")
    fed = act(seats, "D-HW", case["id"], "feedback", note="垃圾已清运")
    passed = checked(seats, fed, passed=True)
    return seats["leader01"].ok(case["id"], "close", version=passed["version"])


def listed(seat: Seat) -> set[str]:
    return {case["id"] for case in seat.cases()["cases"]}


def test_a_closed_hotline_case_waits_for_the_callback_until_a_seat_records_it(
        server: ServerProcess, seats: dict[str, Seat]) -> None:
    case = closed(seats)
    assert case["state"] == "closed" and case["revisit_pending"] is True and case["revisit"] is None
    seat = seats["seat02"]
    assert case["id"] in listed(seat)
    assert seats["seat01"].case(case["id"])["history"][-1]["note"].endswith("待回访")
    with event_stream(server, seat.token, seat.cases()["last_seq"]) as events:
        done = seat.ok(case["id"], "revisit", version=case["version"], result="fairly_satisfied",
                       note="群众表示垃圾已清走，希望加强巡查")
        frame = events.until(lambda f: f["data"]["case"] and f["data"]["case"]["id"] == case["id"])
    assert frame["data"]["action"] == "revisit" and frame["data"]["actor_name"] == "李强"
    record = done["revisit"]
    assert (record["result"], record["by"], record["attempts"]) == ("fairly_satisfied", "李强", 1)
    assert done["revisit_pending"] is False and done["state"] == "closed"
    last = seat.case(case["id"])["history"][-1]
    assert (last["action"], last["note"]) == ("revisit", "基本满意；群众表示垃圾已清走，希望加强巡查")
    assert (last["from_state"], last["to_state"]) == ("closed", "closed")
    assert case["id"] not in listed(seat)
    again = refused(seats, "seat02", case["id"], "revisit", result="satisfied")
    assert again["message"] == "该案卷已由李强回访"


def test_an_unanswered_callback_stays_listed_until_the_third_try(seats: dict[str, Seat]) -> None:
    case = closed(seats)
    seat = seats["seat01"]
    for attempt in (1, 2):
        case = seat.ok(case["id"], "revisit", version=case["version"], result="unreachable")
        assert case["revisit_pending"] is True and case["revisit"]["attempts"] == attempt
        assert case["id"] in listed(seat)
    case = seat.ok(case["id"], "revisit", version=case["version"], result="unreachable", note="关机")
    assert case["revisit_pending"] is False and case["id"] not in listed(seat)
    notes = [entry["note"] for entry in seat.case(case["id"])["history"] if entry["action"] == "revisit"]
    assert notes == ["未接通（第1次）", "未接通（第2次）", "未接通（第3次），3次未接通，不再回访；关机"]


def test_only_hotline_callers_who_asked_are_called_back_and_only_by_acceptors(seats: dict[str, Seat]) -> None:
    no_callback = closed(seats, details={"hotline": "12345", "call_id": "12345-00000002", "callback": False})
    assert no_callback["revisit_pending"] is False
    answer = refused(seats, "seat01", no_callback["id"], "revisit", result="satisfied")
    assert answer["message"] == "该案卷无需回访"
    collector = closed(seats, channel="collector")
    assert collector["revisit_pending"] is False
    wanted = closed(seats)
    assert refused(seats, "dispatcher01", wanted["id"], "revisit", result="satisfied")["message"] == "您的岗位无权回访"
    assert refused(seats, "dept-D-HW", wanted["id"], "revisit", result="satisfied")["message"] == "您的岗位无权回访"
    bad = seats["seat01"].command(wanted["id"], "revisit", version=wanted["version"], result="happy")
    assert bad.status_code == 400, bad.text
