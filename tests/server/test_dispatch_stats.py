"""派遣统计 (dispatch statistics): 回退 counted per routing rule and 返工 per department, for the 派遣员 and
the 值班长, counted from what the departments and collectors really did on the server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.helpers.server import ServerProcess
from tests.server.seat import Seat
from tests.server.test_closing import checked, fed_back
from tests.server.test_dispatch import act, filed_case, orders_of
from tests.server.time_travel import rewrite_order


def stats(seat: Seat, path: str, since: datetime | None = None) -> list[dict[str, Any]]:
    answer = seat.get(path, params={"since": since.isoformat()} if since else None)
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def returned(seats: dict[str, Seat], approve: bool) -> dict[str, Any]:
    """A case sent to the department the routing matrix suggests, which asks for 回退; the 派遣员 decides."""
    case = filed_case(seats)
    case = seats["seat01"].ok(case["id"], "dispatch", version=case["version"],
                              department_id=case["suggested_department_id"])
    asked = act(seats, case["department_id"], case["id"], "request", kind="return", reason="非本单位职责")
    seats["dispatcher01"].ok(case["id"], "decide", version=asked["version"], request_id=asked["requests"][0]["id"],
                             approve=approve)
    return case


def test_returns_per_rule_and_rework_per_department_since_a_moment(seats: dict[str, Seat]) -> None:
    since = datetime.now(UTC)
    first = returned(seats, approve=True)
    returned(seats, approve=False)
    (row,) = stats(seats["dispatcher01"], "/dispatch/returns", since)
    assert row == {"category_id": first["category_id"], "routing_rule": first["suggestion_rule"],
                   "department_id": first["department_id"], "requested": 2, "approved": 1}

    reworked = checked(seats, fed_back(seats), passed=False)  # 主办 D-HW back as 返工; 协办 D-ZF's report stands
    assert orders_of(reworked)["D-HW"]["rework"] == 1
    act(seats, "D-HW", reworked["id"], "acknowledge")
    again = checked(seats, act(seats, "D-HW", reworked["id"], "feedback", note="再次清运"), passed=False)
    assert orders_of(again)["D-HW"]["rework"] == 2
    passed = checked(seats, fed_back(seats), passed=True)
    assert passed["state"] == "to_close"
    # the lead feeds back before 协办 D-ZF answered: D-ZF's order closes with the lead's and is not counted
    unanswered = seats["seat01"].ok((filed := filed_case(seats))["id"], "dispatch", version=filed["version"],
                                    mechanism="lead_assist", department_id="D-HW", assist_ids=["D-ZF"])
    act(seats, "D-HW", unanswered["id"], "acknowledge")
    closed = act(seats, "D-HW", unanswered["id"], "feedback", note="已清运")
    assert orders_of(closed)["D-ZF"]["state"] == "closed_with_lead"
    by_department = {row["department_id"]: row for row in stats(seats["leader01"], "/dispatch/rework", since)}
    # D-HW: the two returned cases' orders (sent, never reworked) and the three 主协办 cases' lead orders
    returned_to = first["department_id"]
    hw = by_department["D-HW"]
    assert (hw["reworked"], hw["reworks"], hw["overdue"]) == (1, 2, 0)
    assert hw["sent"] == 3 + (2 if returned_to == "D-HW" else 0)
    assert hw["rework_rate"] == hw["reworked"] / hw["sent"]
    assert by_department["D-ZF"] == {"department_id": "D-ZF", "sent": 2, "reworked": 0, "reworks": 0,
                                     "rework_rate": 0.0, "overdue": 0}
    assert list(by_department)[0] == "D-HW"  # most reworked first

    later = stats(seats["leader01"], "/dispatch/rework", datetime.now(UTC) + timedelta(minutes=1))
    assert later == []
    everything = {row["department_id"]: row for row in stats(seats["leader01"], "/dispatch/rework")}
    assert everything["D-HW"]["reworks"] >= 2 and everything["D-HW"]["sent"] >= hw["sent"]


def test_feedback_after_the_deadline_is_counted_as_overdue(seats: dict[str, Seat], server: ServerProcess) -> None:
    since = datetime.now(UTC)
    case = seats["seat01"].ok((filed := filed_case(seats))["id"], "dispatch", version=filed["version"],
                              department_id="D-JD-005")
    act(seats, "D-JD-005", case["id"], "acknowledge")
    # The server's clock cannot be wound on from outside: the order's deadline is moved into the past in
    # the database, as an hour of waiting would, and the department then answers late.
    rewrite_order(server, orders_of(case)["D-JD-005"]["id"], deadline=datetime.now(UTC) - timedelta(hours=1))
    act(seats, "D-JD-005", case["id"], "feedback", note="已清运")
    (row,) = [row for row in stats(seats["dispatcher01"], "/dispatch/rework", since)
              if row["department_id"] == "D-JD-005"]
    assert (row["sent"], row["overdue"], row["reworked"]) == (1, 1, 0)


def test_only_dispatchers_and_shift_leaders_see_the_statistics(seats: dict[str, Seat]) -> None:
    for path, message in (("/dispatch/returns", "您的岗位无权查看回退统计"),
                          ("/dispatch/rework", "您的岗位无权查看返工统计")):
        answer = seats["seat03"].get(path)  # 受理员 only
        assert answer.status_code == 403
        assert answer.json()["message"] == message
    naive = seats["leader01"].get("/dispatch/rework", params={"since": "2026-01-01T00:00:00"})
    assert naive.status_code == 400
    assert naive.json()["fields"] == {"query.since": "日期时间需带时区"}
