"""After the departments' feedback: 核查 by a collector, 结案 by the 值班长 with the 结案条件 in the
history, 返工 to the same department counted as rework, and 督办 on any open case."""

from __future__ import annotations

from typing import Any

from tests.helpers.reports import PHOTO
from tests.server.seat import Seat
from tests.server.test_dispatch import act, dispatched, orders_of, refused
from workstation.domain.catalogue import Catalogue


def fed_back(seats: dict[str, Seat]) -> dict[str, Any]:
    """A 主协办 case: the 协办 区执法局 reports to the lead, then the lead 区环卫中心 feeds back."""
    case = dispatched(seats, mechanism="lead_assist", department_id="D-HW", assist_ids=["D-ZF"])
    act(seats, "D-ZF", case["id"], "acknowledge")
    act(seats, "D-ZF", case["id"], "feedback", note="已劝离占道商户")
    act(seats, "D-HW", case["id"], "acknowledge")
    return act(seats, "D-HW", case["id"], "feedback", note="垃圾已清运")


def checked(seats: dict[str, Seat], case: dict[str, Any], passed: bool) -> dict[str, Any]:
    sent = seats["seat01"].ok(case["id"], "check", version=case["version"], note="请核查清运情况")
    task = sent["inspection"]
    assert sent["state"] == "checking" and sent["step"]["step"] == "check"
    assert task["deadline"] == sent["step"]["deadline"] and task["requested_by"] == "张敏"
    collector = seats[f"collector-{task['collector_id']}"]
    return collector.ok(case["id"], "check_result", version=sent["version"], confirmed=passed,
                        note="现场已清理干净" if passed else "仍有残留垃圾", photos=[PHOTO])


def test_a_passed_check_lets_the_shift_leader_close_against_the_closing_condition(seats: dict[str, Seat]) -> None:
    case = fed_back(seats)
    passed = checked(seats, case, passed=True)
    assert passed["state"] == "to_close" and passed["inspection"]["confirmed"] is True
    assert passed["inspection"]["photo_ids"] == [passed["attachments"][-1]["id"]]
    not_leader = refused(seats, "seat01", case["id"], "close")
    assert not_leader["message"] == "您的岗位无权结案"
    closed = seats["leader01"].ok(case["id"], "close", version=passed["version"], note="处置到位")
    assert closed["state"] == "closed" and closed["step"] is None
    _category, condition = Catalogue.load().condition(case["condition_id"])
    last = seats["leader01"].case(case["id"])["history"][-1]
    assert (last["action"], last["note"]) == ("close", f"结案条件：{condition.close_condition}；处置到位")
    assert case["id"] not in {item["id"] for item in seats["seat01"].cases()["cases"]}


def test_a_failed_check_sends_the_work_back_to_the_same_department_as_rework(seats: dict[str, Seat]) -> None:
    case = fed_back(seats)
    failed = checked(seats, case, passed=False)
    assert failed["state"] == "dispatched" and failed["step"]["step"] == "sign"
    lead, assist = orders_of(failed)["D-HW"], orders_of(failed)["D-ZF"]
    assert (lead["state"], lead["rework"], lead["feedback_note"]) == ("sent", 1, "")
    assert (assist["state"], assist["rework"], assist["feedback_note"]) == ("fed_back", 0, "已劝离占道商户")
    assert failed["department_id"] == "D-HW" and failed["handling_deadline"] == lead["deadline"]
    last = seats["seat01"].case(case["id"])["history"][-1]
    assert last["action"] == "rework"
    assert last["note"] == "不通过；仍有残留垃圾；照片1张；返工至区环卫中心（第1次返工）"
    act(seats, "D-HW", case["id"], "acknowledge")
    assert act(seats, "D-HW", case["id"], "feedback", note="已彻底清理")["state"] == "fed_back"


def test_rework_leaves_an_assisting_order_closed_with_the_lead_closed(seats: dict[str, Seat]) -> None:
    case = dispatched(seats, mechanism="lead_assist", department_id="D-HW", assist_ids=["D-ZF"])
    act(seats, "D-HW", case["id"], "acknowledge")
    failed = checked(seats, act(seats, "D-HW", case["id"], "feedback", note="垃圾已清运"), passed=False)
    assert [(o["state"], o["rework"]) for o in failed["work_orders"]] == [("sent", 1), ("closed_with_lead", 0)]
    assert refused(seats, "dept-D-ZF", case["id"], "acknowledge")["message"] == "派遣单当前为“随主办办结”，不能签收"
    act(seats, "D-HW", case["id"], "acknowledge")
    assert act(seats, "D-HW", case["id"], "feedback", note="已彻底清理")["state"] == "fed_back"


def test_only_the_collector_of_the_task_answers_a_check(seats: dict[str, Seat]) -> None:
    case = fed_back(seats)
    sent = seats["seat01"].ok(case["id"], "check", version=case["version"])
    other = next(f"collector-C{n:02d}" for n in range(1, 30) if f"C{n:02d}" != sent["inspection"]["collector_id"])
    answer = seats[other].command(case["id"], "check_result", version=sent["version"], confirmed=True)
    assert answer.status_code == 409
    assert answer.json()["message"] == "该核查任务未派给您"


def test_the_shift_leader_supervises_any_open_case_with_an_opinion(seats: dict[str, Seat]) -> None:
    case = dispatched(seats, department_id="D-HW")
    no_role = refused(seats, "seat01", case["id"], "supervise", opinion="请加快处置")
    assert no_role["message"] == "您的岗位无权督办"
    supervised = seats["leader01"].ok(case["id"], "supervise", version=case["version"],
                                      opinion="群众反映强烈，请今日办结")
    (record,) = supervised["supervisions"]
    assert (record["by"], record["opinion"], record["department_id"]) == ("王芳", "群众反映强烈，请今日办结", "D-HW")
    assert supervised["state"] == "dispatched"
    last = seats["leader01"].case(case["id"])["history"][-1]
    assert (last["action"], last["note"]) == ("supervise", "督办区环卫中心：群众反映强烈，请今日办结")


def test_each_history_line_that_starts_or_moves_a_step_carries_its_clock(seats: dict[str, Seat]) -> None:
    case = fed_back(seats)
    failed = checked(seats, case, passed=False)
    history = seats["seat01"].case(case["id"])["history"]
    steps = [(line["action"], line["step"]["step"]) for line in history if line["step"]]
    assert steps == [("reported", "accept"), ("file", "dispatch"), ("dispatch", "sign"), ("acknowledge", "handle"),
                     ("feedback", "check"), ("check", "check"), ("rework", "sign")]
    assert history[-1]["step"]["deadline"] == failed["step"]["deadline"]  # the timeline shows the live clock
    assert all(line["step"] is None for line in history if line["action"] in ("claimed", "released", "lease_expired"))


def test_the_supervised_department_answers_the_supervision_once(seats: dict[str, Seat]) -> None:
    case = dispatched(seats, department_id="D-HW")
    seats["leader01"].ok(case["id"], "supervise", version=case["version"], opinion="群众反映强烈，请今日办结")
    assert refused(seats, "dept-D-ZF", case["id"], "supervision_reply", index=0, reply="收到")["message"] \
        == "该督办不是督办您单位的"
    assert refused(seats, "seat01", case["id"], "supervision_reply", index=0, reply="收到")["message"] \
        == "只有处置部门可以回复督办"
    assert refused(seats, "dept-D-HW", case["id"], "supervision_reply", index=3, reply="收到")["fields"] \
        == {"body.index": "找不到该督办"}
    answered = act(seats, "D-HW", case["id"], "supervision_reply", index=0, reply="已加派人员，今日内处置完毕")
    (record,) = answered["supervisions"]
    assert (record["reply"], record["replied_by"]) == ("已加派人员，今日内处置完毕", "区环卫中心")
    assert record["opinion"] == "群众反映强烈，请今日办结" and answered["state"] == "dispatched"
    last = seats["leader01"].case(case["id"])["history"][-1]
    assert (last["action"], last["note"]) == ("supervision_reply", "回复王芳的督办：已加派人员，今日内处置完毕")
    again = refused(seats, "dept-D-HW", case["id"], "supervision_reply", index=0, reply="再次回复")
    assert again["message"].startswith("该督办已由区环卫中心于 ")
