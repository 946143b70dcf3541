"""The departments' 回退 / 延期 / 挂账 requests and the 派遣员's decisions: the pending list, deadlines
moved as DOMAIN.md §2.6 says, and two dispatchers answering the same request at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.helpers.server import ServerProcess
from tests.server.seat import Seat
from tests.server.test_dispatch import act, dispatched, orders_of, refused
from tests.server.time_travel import rewrite_order
from workstation.domain.deadline import Deadline, WorkCalendar
from workstation.domain.models import TimeLimit

CALENDAR = WorkCalendar.default()
SHANGHAI = ZoneInfo("Asia/Shanghai")


def signed(seats: dict[str, Seat], department: str = "D-HW", limit: dict[str, Any] | None = None) -> dict[str, Any]:
    """Dispatched to `department`, with its own 处置时限 `limit` if given (else the 立案条件's), and signed."""
    if limit is None:
        case = dispatched(seats, department_id=department)
    else:
        case = dispatched(seats, targets=[{"department_id": department, "limit": limit}])
    return act(seats, department, case["id"], "acknowledge")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _clock(text: str) -> str:
    return _at(text).astimezone(SHANGHAI).strftime("%m-%d %H:%M")


def pending_ids(seat: Seat) -> list[str]:
    answer = seat.get("/requests")
    assert answer.status_code == 200, answer.text
    return [request["id"] for request in answer.json()["requests"]]


def test_an_approved_extension_moves_the_deadline_and_the_request_leaves_the_list(seats: dict[str, Seat]) -> None:
    case = signed(seats, limit={"value": 2, "unit": "work_hour"})
    order = orders_of(case)["D-HW"]
    sent_at = _at(order["sent_at"])
    assert _at(order["deadline"]) == CALENDAR.add_working_minutes(sent_at, 120)
    asked = act(seats, "D-HW", case["id"], "request", kind="extend", reason="需调用大型清运车辆",
                extra={"value": 1, "unit": "work_day"})
    (request,) = asked["requests"]
    assert request["id"] in pending_ids(seats["dispatcher01"])
    assert asked["state"] == "handling" and asked["handling_deadline"] == case["handling_deadline"]
    twice = refused(seats, "dept-D-HW", case["id"], "request", kind="extend", reason="再申请")
    assert twice["message"] == "该派遣单已有待审批的延期申请"
    approved = seats["dispatcher01"].ok(case["id"], "decide", version=asked["version"], request_id=request["id"],
                                        approve=True, note="同意延期一个工作日")
    longer = orders_of(approved)["D-HW"]
    assert _at(longer["deadline"]) == CALENDAR.add_working_minutes(sent_at, 120 + 480)  # 2 工作时 + 1 工作日
    assert approved["handling_deadline"] == longer["deadline"] == approved["step"]["deadline"]
    assert longer["extensions"] == [{"value": 480, "unit": "minute"}]
    assert approved["requests"][0]["state"] == "approved" and approved["requests"][0]["decided_by"] == "赵磊"
    assert request["id"] not in pending_ids(seats["dispatcher01"])
    history = seats["dispatcher01"].case(case["id"])["history"]
    assert history[-1]["action"] == "approve_extend"
    assert history[-1]["note"] == (f"批准主办区环卫中心延期，时限 {_clock(order['deadline'])} → "
                                   f"{_clock(longer['deadline'])}；同意延期一个工作日")
    assert history[-2]["action"] == "request_extend"


def test_a_refused_request_changes_nothing_but_the_request(seats: dict[str, Seat]) -> None:
    case = signed(seats)
    asked = act(seats, "D-HW", case["id"], "request", kind="return", reason="非本单位职责")
    refused_case = seats["dispatcher01"].ok(case["id"], "decide", version=asked["version"],
                                            request_id=asked["requests"][0]["id"], approve=False, note="属环卫职责")
    assert refused_case["state"] == "handling"
    assert refused_case["requests"][0]["state"] == "refused"
    assert orders_of(refused_case)["D-HW"]["state"] == "acknowledged"
    assert seats["dispatcher01"].case(case["id"])["history"][-1]["note"] == "驳回主办区环卫中心的回退申请；属环卫职责"


def test_a_suspension_pauses_the_clock_until_it_is_resumed(seats: dict[str, Seat]) -> None:
    case = signed(seats)
    until = (datetime.fromisoformat(case["updated_at"]) + timedelta(days=30)).isoformat()
    asked = act(seats, "D-HW", case["id"], "request", kind="suspend", reason="需列入年度维修资金计划",
                suspend_until=until)
    suspended = seats["seat01"].ok(case["id"], "decide", version=asked["version"],
                                   request_id=asked["requests"][0]["id"], approve=True)
    assert suspended["state"] == "suspended" and suspended["step"]["step"] == "suspend"
    assert suspended["step"]["deadline"] == asked["requests"][0]["suspend_until"]
    order = orders_of(suspended)["D-HW"]
    assert order["state"] == "suspended" and order["pauses"][0]["end"] is None
    no_feedback = refused(seats, "dept-D-HW", case["id"], "feedback", note="已处理")
    assert no_feedback["message"].endswith(" 批准挂账；案卷当前为“挂账中”，不能处置反馈")
    resumed = seats["seat01"].ok(case["id"], "resume", version=suspended["version"])
    order = orders_of(resumed)["D-HW"]
    assert resumed["state"] == "handling" and order["state"] == "acknowledged"
    (pause,) = order["pauses"]
    paused = (_at(pause["start"]), _at(pause["end"]))
    assert paused[0] == _at(suspended["requests"][0]["decided_at"]) and paused[1] == _at(resumed["updated_at"])
    limit = TimeLimit.model_validate(order["limit"])
    expected = Deadline(start=_at(order["sent_at"]), limit=limit, pauses=(paused,)).due(CALENDAR, paused[1])
    assert _at(order["deadline"]) == expected  # the limit, not counting the time spent 挂账
    assert resumed["step"]["step"] == "handle" and resumed["handling_deadline"] == order["deadline"]


def test_only_a_dispatcher_decides_and_only_a_department_asks(seats: dict[str, Seat]) -> None:
    case = signed(seats)
    seat_asks = refused(seats, "seat01", case["id"], "request", kind="return", reason="不归我们管")
    assert seat_asks["message"] == "您的岗位无权申请回退"
    asked = act(seats, "D-HW", case["id"], "request", kind="return", reason="非本单位职责")
    department_decides = refused(seats, "dept-D-HW", case["id"], "decide", request_id=asked["requests"][0]["id"],
                                 approve=True)
    assert department_decides["message"] == "您的岗位无权审批部门申请"
    assert seats["dept-D-HW"].get("/requests").status_code == 403


def test_two_dispatchers_approving_the_same_request_exactly_one_wins(seats: dict[str, Seat]) -> None:
    names = {"dispatcher01": "赵磊", "seat02": "李强"}
    assert seats["dispatcher01"] and seats["seat02"]  # signed in before the race
    for _round in range(3):
        case = signed(seats)
        asked = act(seats, "D-HW", case["id"], "request", kind="extend", reason="雨天无法施工")
        barrier = threading.Barrier(2)

        def approve(username: str, asked: dict[str, Any] = asked, barrier: threading.Barrier = barrier) -> Any:
            barrier.wait()
            return username, seats[username].command(asked["id"], "decide", version=asked["version"],
                                                     request_id=asked["requests"][0]["id"], approve=True)

        with ThreadPoolExecutor(2) as pool:
            answers = dict(pool.map(approve, list(names)))
        assert sorted(answer.status_code for answer in answers.values()) == [200, 409]
        winner = next(name for name, answer in answers.items() if answer.status_code == 200)
        loser = next(answer for answer in answers.values() if answer.status_code == 409).json()
        assert loser["message"].startswith(f"案卷已被{names[winner]}于 ")
        assert loser["message"].endswith(" 批准延期，请查看最新状态")
        # the loser, looking again, is told the request is already decided and by whom
        other = next(name for name in names if name != winner)
        again = refused(seats, other, case["id"], "decide", request_id=asked["requests"][0]["id"], approve=True)
        assert again["message"].startswith(f"该延期申请已由{names[winner]}于 ")
        assert again["params"]["decided_by"] == names[winner]
        history = [entry["action"] for entry in seats["seat01"].case(case["id"])["history"]]
        assert history.count("approve_extend") == 1


def test_a_suspension_resumes_by_itself_when_its_end_date_comes(seats: dict[str, Seat]) -> None:
    case = signed(seats)
    until = datetime.now(UTC) + timedelta(seconds=4)
    asked = act(seats, "D-HW", case["id"], "request", kind="suspend", reason="等待管线迁改",
                suspend_until=until.isoformat())
    suspended = seats["seat01"].ok(case["id"], "decide", version=asked["version"],
                                   request_id=asked["requests"][0]["id"], approve=True)
    assert suspended["state"] == "suspended"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        detail = seats["seat01"].case(case["id"])
        if detail["case"]["state"] != "suspended":
            break
        time.sleep(0.5)
    assert detail["case"]["state"] == "handling"
    last = detail["history"][-1]
    assert (last["action"], last["actor_name"]) == ("resume", "系统")
    assert last["note"].startswith("挂账到期，挂账恢复，处置时限 ")
    assert orders_of(detail["case"])["D-HW"]["pauses"][0]["end"] is not None


def test_a_request_on_an_order_that_was_fed_back_meanwhile_can_only_be_refused(seats: dict[str, Seat]) -> None:
    case = signed(seats)
    asked = act(seats, "D-HW", case["id"], "request", kind="extend", reason="材料未到")
    act(seats, "D-HW", case["id"], "feedback", note="已处理完毕")
    stale = refused(seats, "dispatcher01", case["id"], "decide", request_id=asked["requests"][0]["id"], approve=True)
    assert stale["message"] == "派遣单当前为“已反馈”，不能批准该延期申请，请驳回"
    cleared = seats["dispatcher01"].ok(
        case["id"], "decide", version=seats["dispatcher01"].case(case["id"])["case"]["version"],
        request_id=asked["requests"][0]["id"], approve=False)
    assert cleared["requests"][0]["state"] == "refused" and cleared["state"] == "fed_back"
    assert asked["requests"][0]["id"] not in pending_ids(seats["dispatcher01"])


# National Day 2026 (resources/calendar/cn_holidays.json): 10-01 to 10-07 off, Saturday 10-10 worked (调休).
def _cst(day: str, hour: int) -> datetime:
    return datetime.fromisoformat(f"2026-{day}T{hour:02d}:00:00+08:00")


def test_an_extension_across_national_day_and_a_weekend_counts_working_days_only(
        seats: dict[str, Seat], server: ServerProcess) -> None:
    case = signed(seats, limit={"value": 1, "unit": "work_day"})
    order_id = orders_of(case)["D-HW"]["id"]
    asked = act(seats, "D-HW", case["id"], "request", kind="extend", reason="节前材料无法到货",
                extra={"value": 4, "unit": "work_day"})
    # sent Tuesday 09-29 09:00: its 工作日 ran out Wednesday 09-30 09:00, before the holiday
    rewrite_order(server, order_id, sent_at=_cst("09-29", 9), deadline=_cst("09-30", 9))
    approved = seats["dispatcher01"].ok(case["id"], "decide", version=asked["version"],
                                        request_id=asked["requests"][0]["id"], approve=True)
    # 4 工作日 = 09-30 from 09:00 (7 h), 10-08, 10-09, 10-10 (调休), nothing on Sunday 10-11, 10-12 to 09:00
    assert _at(orders_of(approved)["D-HW"]["deadline"]) == _cst("10-12", 9)
    assert seats["dispatcher01"].case(case["id"])["history"][-1]["note"] == \
        "批准主办区环卫中心延期，时限 09-30 09:00 → 10-12 09:00"


def test_a_suspension_after_national_day_and_a_weekend_leaves_the_working_time_not_yet_used(
        seats: dict[str, Seat], server: ServerProcess) -> None:
    case = signed(seats, limit={"value": 5, "unit": "work_day"})
    order_id = orders_of(case)["D-HW"]["id"]
    until = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    asked = act(seats, "D-HW", case["id"], "request", kind="suspend", reason="需协调管线产权单位", suspend_until=until)
    suspended = seats["dispatcher01"].ok(case["id"], "decide", version=asked["version"],
                                         request_id=asked["requests"][0]["id"], approve=True)
    # sent Wednesday 09-30 16:00 and 挂账 from Monday 10-12 10:00 until now: before the 挂账 it used
    # 2 h on 09-30, nothing 10-01 to 10-07, 8 h each on 10-08, 10-09 and 10-10 (调休), nothing on Sunday
    # 10-11, 2 h on 10-12: 28 of its 40 working hours
    rewrite_order(server, order_id, sent_at=_cst("09-30", 16), pauses=[{"start": _cst("10-12", 10), "end": None}])
    resumed = seats["dispatcher01"].ok(case["id"], "resume", version=suspended["version"])
    order = orders_of(resumed)["D-HW"]
    back = _at(order["pauses"][0]["end"])
    assert _at(order["pauses"][0]["start"]) == _cst("10-12", 10) and back == _at(resumed["updated_at"])
    assert _at(order["deadline"]) == CALENDAR.add_working_minutes(back, 12 * 60)  # the 12 h left, from now on
    assert resumed["handling_deadline"] == order["deadline"]
    assert seats["dispatcher01"].case(case["id"])["history"][-1]["note"] == \
        f"挂账恢复，处置时限 {_clock(order['deadline'])}"
