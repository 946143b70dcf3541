"""派遣机制 end to end: 扁平化, 主协办, 多部门, 跨区域, 同时段, 双流程 — work orders, 签收 and 处置反馈
per department, and the 回退 a department asks for, counted per routing rule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.helpers.reports import PHOTO
from tests.server.seat import Seat
from workstation.domain.catalogue import Catalogue
from workstation.domain.city import City

DESCRIPTION = "解放路人行道上有暴露垃圾，堆放多日无人清理"


def filed_case(seats: dict[str, Seat]) -> dict[str, Any]:
    """A collector's report of 暴露垃圾, filed by seat01 and waiting for dispatch."""
    case = seats["channel-collector"].report("collector", DESCRIPTION)
    return seats["seat01"].ok(case["id"], "file", version=case["version"], category_id=case["category_id"],
                              condition_id=case["condition_id"])


def dispatched(seats: dict[str, Seat], **body: Any) -> dict[str, Any]:
    case = filed_case(seats)
    return seats["seat01"].ok(case["id"], "dispatch", version=case["version"], **body)


def act(seats: dict[str, Seat], department: str, case_id: str, name: str, **body: Any) -> dict[str, Any]:
    """A department's command on the case's latest version."""
    seat = seats[f"dept-{department}"]
    version = seat.case(case_id)["case"]["version"]
    return seat.ok(case_id, name, version=version, **body)


def refused(seats: dict[str, Seat], username: str, case_id: str, name: str, **body: Any) -> dict[str, Any]:
    seat = seats[username]
    answer = seat.command(case_id, name, version=seat.case(case_id)["case"]["version"], **body)
    assert answer.status_code in (400, 409), answer.text
    return dict(answer.json())


def orders_of(case: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {order["department_id"]: order for order in case["work_orders"]}


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def notes(seat: Seat, case_id: str) -> list[tuple[str, str]]:
    return [(entry["action"], entry["note"]) for entry in seat.case(case_id)["history"]]


def test_the_routing_matrix_suggests_assisting_departments_and_says_which_rule(seats: dict[str, Seat]) -> None:
    case = seats["channel-collector"].report("collector", DESCRIPTION)
    city, category = City.load(), Catalogue.load().category(case["category_id"])
    grid = city.grid(case["grid"]["code"]).ref
    assert case["suggested_assist_ids"] == list(city.suggest_assists(category, grid)) == ["D-ZF"]
    assert case["suggestion_rule"] == city.suggest_department(category, grid)[1]
    assert case["suggestion_rule"].endswith("；协办：区执法局（暴露垃圾：环卫清运，执法协办）")


def test_flat_dispatch_sends_one_work_order_straight_to_the_unit(seats: dict[str, Seat]) -> None:
    case = dispatched(seats, department_id="D-JD-005")
    (order,) = case["work_orders"]
    assert (order["department_id"], order["role"], order["state"], order["mechanism"], order["flow"]) == (
        "D-JD-005", "lead", "sent", "flat", "district")
    assert order["deadline"] == case["handling_deadline"]
    assert case["department_id"] == "D-JD-005" and case["state"] == "dispatched"
    signed = act(seats, "D-JD-005", case["id"], "acknowledge")
    assert signed["state"] == "handling" and orders_of(signed)["D-JD-005"]["state"] == "acknowledged"
    done = act(seats, "D-JD-005", case["id"], "feedback", note="垃圾已清运", photos=[PHOTO])
    assert done["state"] == "fed_back" and done["step"]["step"] == "check"
    order = orders_of(done)["D-JD-005"]
    assert order["state"] == "fed_back" and order["feedback_note"] == "垃圾已清运"
    assert order["photo_ids"] == [done["attachments"][-1]["id"]]
    assert notes(seats["seat01"], case["id"])[-3:] == [
        ("dispatch", "派遣至解放路街道"), ("acknowledge", "主办解放路街道签收"),
        ("feedback", "主办解放路街道反馈：垃圾已清运；照片1张；处置完成，待核查")]


def test_lead_and_assisting_units_the_leads_feedback_completes_the_work(seats: dict[str, Seat]) -> None:
    case = dispatched(seats, mechanism="lead_assist", department_id="D-HW", assist_ids=["D-ZF"])
    orders = orders_of(case)
    assert (orders["D-HW"]["role"], orders["D-ZF"]["role"]) == ("lead", "assist")
    assert case["department_id"] == "D-HW"
    assert notes(seats["seat01"], case["id"])[-1] == ("dispatch", "主协办派遣：主办区环卫中心、协办区执法局")
    act(seats, "D-ZF", case["id"], "acknowledge")
    assisted = act(seats, "D-ZF", case["id"], "feedback", note="已劝离占道商户")
    assert assisted["state"] == "handling"
    assert notes(seats["seat01"], case["id"])[-1] == ("feedback", "协办区执法局反馈：已劝离占道商户；报主办区环卫中心")
    act(seats, "D-HW", case["id"], "acknowledge")
    done = act(seats, "D-HW", case["id"], "feedback", note="已清运")
    assert done["state"] == "fed_back"


def test_the_leads_feedback_closes_the_assisting_orders_still_open(seats: dict[str, Seat]) -> None:
    case = dispatched(seats, mechanism="lead_assist", department_id="D-HW", assist_ids=["D-ZF", "D-YL"])
    act(seats, "D-ZF", case["id"], "acknowledge")
    asked = act(seats, "D-ZF", case["id"], "request", kind="extend", reason="需联合执法")
    act(seats, "D-HW", case["id"], "acknowledge")
    done = act(seats, "D-HW", case["id"], "feedback", note="已清运")
    assert done["state"] == "fed_back"
    orders = orders_of(done)
    assert [orders[unit]["state"] for unit in ("D-HW", "D-ZF", "D-YL")] == [
        "fed_back", "closed_with_lead", "closed_with_lead"]
    assert notes(seats["seat01"], case["id"])[-1] == (
        "feedback", "主办区环卫中心反馈：已清运；协办区执法局、协办区园林中心随主办办结；处置完成，待核查")
    # the assistants' orders are over: nothing more to sign, answer or approve on them
    late = refused(seats, "dept-D-ZF", case["id"], "feedback", note="已劝离")
    assert late["message"].startswith("案卷已被区环卫中心于 ")
    assert late["message"].endswith(" 处置反馈；案卷当前为“待核查”，不能处置反馈")
    stale = refused(seats, "dispatcher01", case["id"], "decide", request_id=asked["requests"][0]["id"], approve=True)
    assert stale["message"] == "派遣单当前为“随主办办结”，不能批准该延期申请，请驳回"


def test_when_the_lead_is_returned_its_assisting_orders_go_back_with_it(seats: dict[str, Seat]) -> None:
    case = dispatched(seats, mechanism="lead_assist", department_id="D-HW", assist_ids=["D-ZF"])
    act(seats, "D-ZF", case["id"], "acknowledge")
    asked = act(seats, "D-HW", case["id"], "request", kind="return", reason="非本单位职责")
    decided = seats["dispatcher01"].ok(case["id"], "decide", version=asked["version"],
                                       request_id=asked["requests"][0]["id"], approve=True)
    assert decided["state"] == "filed"
    assert [order["state"] for order in decided["work_orders"]] == ["returned", "returned"]
    assert notes(seats["seat01"], case["id"])[-1] == (
        "approve_return", "批准主办区环卫中心回退，协办区执法局一并退回，案卷退回待派遣")


def test_lead_and_assist_needs_an_assisting_unit(seats: dict[str, Seat]) -> None:
    case = filed_case(seats)
    error = refused(seats, "seat01", case["id"], "dispatch", mechanism="lead_assist", department_id="D-HW")
    assert error["fields"] == {"body.mechanism": "主协办派遣需1至3个协办部门"}


def test_a_department_acting_on_another_departments_order_is_refused(seats: dict[str, Seat]) -> None:
    case = dispatched(seats, mechanism="lead_assist", department_id="D-HW", assist_ids=["D-ZF"])
    lead_order = orders_of(case)["D-HW"]["id"]
    error = refused(seats, "dept-D-ZF", case["id"], "acknowledge", work_order_id=lead_order)
    assert error["code"] == "not_allowed"
    assert error["message"] == "该派遣单派给区环卫中心，您所在的部门不能签收"
    stranger = refused(seats, "dept-D-YL", case["id"], "acknowledge")
    assert stranger["message"] == "该案卷未派遣给您所在的部门"
    act(seats, "D-HW", case["id"], "acknowledge")
    error = refused(seats, "dept-D-ZF", case["id"], "feedback", work_order_id=lead_order, note="代为反馈")
    assert error["message"] == "该派遣单派给区环卫中心，您所在的部门不能反馈"
    unsigned = refused(seats, "dept-D-ZF", case["id"], "feedback", note="未签收就反馈")
    assert unsigned["message"] == "派遣单当前为“待签收”，不能反馈"


def test_multi_department_dispatch_waits_for_every_department(seats: dict[str, Seat]) -> None:
    targets = [{"department_id": "D-HW", "part": "清运垃圾"}, {"department_id": "D-YL", "part": "修复绿地"},
               {"department_id": "D-SZ", "part": "修补人行道"}]
    case = dispatched(seats, mechanism="multi", targets=targets)
    assert [order["part"] for order in case["work_orders"]] == ["清运垃圾", "修复绿地", "修补人行道"]
    assert {order["role"] for order in case["work_orders"]} == {"lead"}
    for department in ("D-HW", "D-YL", "D-SZ"):
        act(seats, department, case["id"], "acknowledge")
    act(seats, "D-HW", case["id"], "feedback", note="已清运")
    waiting = act(seats, "D-YL", case["id"], "feedback", note="已补植")
    assert waiting["state"] == "handling"
    assert notes(seats["seat01"], case["id"])[-1] == ("feedback", "主办区园林中心反馈：已补植；尚待区市政中心反馈")
    done = act(seats, "D-SZ", case["id"], "feedback", note="已修补")
    assert done["state"] == "fed_back"
    assert {order["state"] for order in done["work_orders"]} == {"fed_back"}


def test_cross_region_dispatch_reaches_a_unit_of_another_district_and_records_both(seats: dict[str, Seat]) -> None:
    case = filed_case(seats)
    flat = refused(seats, "seat01", case["id"], "dispatch", department_id="D-SZHW")
    assert flat["fields"] == {"body.mechanism": "处置部门不在案发区域，请使用跨区域派遣"}
    inside = refused(seats, "seat01", case["id"], "dispatch", mechanism="cross_region", department_id="D-HW")
    assert inside["fields"] == {"body.mechanism": "跨区域派遣的主办部门须在案发区域之外"}
    sent = seats["seat01"].ok(case["id"], "dispatch", version=case["version"], mechanism="cross_region",
                              department_id="D-SZHW", assist_ids=["D-HW"])
    order = orders_of(sent)["D-SZHW"]
    assert (order["case_district_code"], order["district_code"]) == ("370102", "370103")
    assert notes(seats["seat01"], case["id"])[-1][1] == (
        "跨区域派遣：主办市中区环卫中心（跨区域：370102 → 370103）、协办区环卫中心")
    act(seats, "D-SZHW", case["id"], "acknowledge")
    assert act(seats, "D-SZHW", case["id"], "feedback", note="已清运")["state"] == "fed_back"


def test_simultaneous_dispatch_gives_each_work_order_its_own_timer(seats: dict[str, Seat]) -> None:
    targets = [{"department_id": "D-HW", "limit": {"value": 2, "unit": "urgent_hour"}},
               {"department_id": "D-ZF", "limit": {"value": 1, "unit": "work_day"}}]
    case = dispatched(seats, mechanism="simultaneous", targets=targets)
    orders = orders_of(case)
    assert orders["D-HW"]["sent_at"] == orders["D-ZF"]["sent_at"]
    assert orders["D-HW"]["limit"] == {"value": 2, "unit": "urgent_hour"}
    assert orders["D-HW"]["deadline"] != orders["D-ZF"]["deadline"]
    assert case["handling_deadline"] == max(orders["D-HW"]["deadline"], orders["D-ZF"]["deadline"])
    for department in ("D-HW", "D-ZF"):
        act(seats, department, case["id"], "acknowledge")
    assert act(seats, "D-HW", case["id"], "feedback", note="已清运")["state"] == "handling"
    assert act(seats, "D-ZF", case["id"], "feedback", note="已处罚")["state"] == "fed_back"


def test_dual_flow_dispatch_records_a_city_and_a_district_flow(seats: dict[str, Seat]) -> None:
    case = filed_case(seats)
    both_district = refused(seats, "seat01", case["id"], "dispatch", mechanism="dual_flow",
                            targets=[{"department_id": "D-HW"}, {"department_id": "D-YL"}])
    assert both_district["fields"] == {"body.mechanism": "双流程派遣需市级流程与区级流程各一个主办部门"}
    sent = seats["seat01"].ok(case["id"], "dispatch", version=case["version"], mechanism="dual_flow",
                              targets=[{"department_id": "D-PS"}, {"department_id": "D-HW"}])
    orders = orders_of(sent)
    assert (orders["D-PS"]["flow"], orders["D-HW"]["flow"]) == ("city", "district")
    assert "市级流程" in notes(seats["seat01"], case["id"])[-1][1]
    act(seats, "D-PS", case["id"], "acknowledge")
    act(seats, "D-PS", case["id"], "feedback", note="管道疏通")
    city_done = orders_of(seats["seat01"].case(case["id"])["case"])["D-PS"]
    act(seats, "D-HW", case["id"], "acknowledge")
    waiting = orders_of(seats["seat01"].case(case["id"])["case"])["D-HW"]
    assert waiting["acknowledged_at"] is not None and waiting["fed_back_at"] is None  # not answered for by the city
    done = act(seats, "D-HW", case["id"], "feedback", note="路面清扫")
    assert done["state"] == "fed_back"
    # each flow keeps its own times: signed and fed back when its unit did, untouched by the other flow
    city_flow, district_flow = orders_of(done)["D-PS"], orders_of(done)["D-HW"]
    assert city_flow == city_done
    history = seats["seat01"].case(case["id"])["history"]
    at = {entry["note"].split("：")[0]: _at(entry["at"]) for entry in history[-4:]}
    assert [_at(city_flow[key]) for key in ("acknowledged_at", "fed_back_at")] == [
        at["主办市排水中心签收"], at["主办市排水中心反馈"]]
    assert [_at(district_flow[key]) for key in ("acknowledged_at", "fed_back_at")] == [
        at["主办区环卫中心签收"], at["主办区环卫中心反馈"]]


def test_a_return_request_needs_a_reason_and_is_counted_per_routing_rule(seats: dict[str, Seat]) -> None:
    case = filed_case(seats)
    rule = case["suggestion_rule"]
    case = seats["seat01"].ok(case["id"], "dispatch", version=case["version"],
                              department_id=case["suggested_department_id"])
    department = case["department_id"]
    blank = refused(seats, f"dept-{department}", case["id"], "request", kind="return", reason="  ")
    assert blank["fields"] == {"body.reason": "请填写原因"}
    asked = act(seats, department, case["id"], "request", kind="return", reason="非本单位职责，应属街道")
    (request,) = asked["requests"]
    assert (request["kind"], request["state"], request["routing_rule"]) == ("return", "pending", rule)
    pending = seats["dispatcher01"].get("/requests").json()["requests"]
    assert request["id"] in [item["id"] for item in pending]
    before = _returns(seats, rule, department)
    decided = seats["dispatcher01"].ok(case["id"], "decide", version=asked["version"], request_id=request["id"],
                                       approve=True)
    assert decided["state"] == "filed" and decided["step"]["step"] == "dispatch"
    assert orders_of(decided)[department]["state"] == "returned"
    assert _returns(seats, rule, department) == {"requested": before["requested"], "approved": before["approved"] + 1}
    again = seats["seat01"].ok(case["id"], "dispatch", version=decided["version"], department_id="D-JD-005")
    assert [order["state"] for order in again["work_orders"]] == ["returned", "sent"]
    assert again["work_orders"][1]["id"].endswith("-02")


def _returns(seats: dict[str, Seat], rule: str, department: str) -> dict[str, int]:
    stats = seats["dispatcher01"].get("/dispatch/returns").json()
    row = next(row for row in stats if row["routing_rule"] == rule and row["department_id"] == department)
    return {"requested": row["requested"], "approved": row["approved"]}
