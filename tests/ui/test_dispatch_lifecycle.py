"""The seat's side of dispatch and the case lifecycle against the real server: F4 sends a filed case to
the suggestion in one key (with the routing matrix's 协办, if any), Shift+F4 dispatches 主办 + 协办, the
派遣员 approves a 延期 and sees the new deadline, and a failed 核查 comes back as 返工. The departments and
the collector answer through the API with their own accounts (the server runs without its demo
departments and collectors here, so nothing answers in their place)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.helpers.server import ServerProcess
from tests.server.seat import Seat as ApiSeat
from tests.server.test_revisit import closed
from tests.ui.conftest import type_text
from workstation.domain.models import DispatchMechanism, RevisitResult
from workstation.ui.case_view import HISTORY_DEADLINE
from workstation.ui.queue_panel import Tab
from workstation.ui.work_orders import Column

DESCRIPTION = "解放路人行道上有暴露垃圾，堆放多日无人清理"


@pytest.fixture(scope="module")
def server(quiet_server: ServerProcess) -> ServerProcess:
    return quiet_server  # the departments and collectors answer through `api`, nobody in their place


def filed(api: dict[str, ApiSeat]) -> dict[str, Any]:
    """A collector's report of 暴露垃圾 (the matrix suggests 环卫 with 执法 assisting), filed by seat01."""
    case = api["channel-collector"].report("collector", DESCRIPTION)
    return api["seat01"].ok(case["id"], "file", version=case["version"], category_id=case["category_id"],
                            condition_id=case["condition_id"])


def act(api: dict[str, ApiSeat], account: str, case_id: str, name: str, **body: Any) -> dict[str, Any]:
    """A command of a department or collector on the case's latest version."""
    seat = api[account]
    return seat.ok(case_id, name, version=seat.case(case_id)["case"]["version"], **body)


def orders(view) -> list[list[str]]:
    """The work orders as the seat reads them, cell by cell."""
    tree = view.work_orders.orders
    return [[tree.topLevelItem(row).text(column) for column in range(tree.columnCount())]
            for row in range(tree.topLevelItemCount())]


def open_filed(seat, qtbot, case: dict[str, Any]):
    window, view = seat.window, seat.window.case_view
    qtbot.waitUntil(lambda: seat.session.store.get(case["id"]) is not None, timeout=5000)
    assert window.open_case(case["id"])
    qtbot.waitUntil(lambda: view.case_id == case["id"] and view.dispatch_action.isEnabled(), timeout=5000)
    return view


def test_f4_sends_the_suggested_lead_with_the_matrixs_assisting_units_in_one_key(open_seat, qtbot, api):
    seat = open_seat()
    case = filed(api)  # 暴露垃圾: the routing matrix names 区执法局 to assist 区环卫中心
    view = open_filed(seat, qtbot, case)
    assert (view.case.suggested_department_id, view.case.suggested_assist_ids) == ("D-HW", ("D-ZF",))
    assert view.case.suggestion_rule in view.suggestion.text()
    assert view.suggestion.text().endswith("F4：主协办派遣，主办历下区环境卫生服务中心，协办历下区综合行政执法局")

    qtbot.keyClick(seat.window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: view.case.state.value == "dispatched", timeout=5000)
    assert view.case.department_id == "D-HW"
    assert view.title.text().endswith("已派遣")
    qtbot.waitUntil(lambda: len(orders(view)) == 2)
    assert [row[:3] for row in orders(view)] == [["区环卫中心", "主办", "待签收"], ["区执法局", "协办", "待签收"]]
    assert {order.mechanism for order in view.case.work_orders} == {DispatchMechanism.LEAD_ASSIST}
    assert view.work_orders.orders.topLevelItem(0).background(Column.DEADLINE).color().name() == "#d8efd9"

    # The timeline: each step that started shows its deadline in its colour; the current one (签收) is live.
    def steps() -> list[tuple[str, str, str]]:
        tree = view.timeline
        items = [tree.topLevelItem(row) for row in range(tree.topLevelItemCount())]
        return [(item.text(1), item.text(HISTORY_DEADLINE).split(" ")[0],
                 item.background(HISTORY_DEADLINE).color().name()) for item in items if item.text(HISTORY_DEADLINE)]
    qtbot.waitUntil(lambda: [step[:2] for step in steps()] == [("上报", "受理"), ("立案", "派遣"), ("派遣", "签收")],
                    timeout=5000)
    assert {colour for _action, _step, colour in steps()} == {"#d8efd9"}  # all done (and running) in time
    sign = view.case.step
    assert steps()[-1][1] == "签收" and sign is not None
    shown = [view.timeline.topLevelItem(row).text(HISTORY_DEADLINE) for row in range(view.timeline.topLevelItemCount())]
    assert sign.deadline.astimezone(view._zone).strftime("%m-%d %H:%M") in [text for text in shown if text][-1]


def test_f4_sends_a_case_with_no_assisting_units_flat_to_the_suggestion(open_seat, qtbot, api):
    seat = open_seat()
    reported = api["channel-collector"].report("collector", "解放路人行道旁堆积建筑垃圾和装修垃圾，多日未清运")
    case = api["seat01"].ok(reported["id"], "file", version=reported["version"], category_id="SJ0111",
                            condition_id="SJ0111-01")  # 积存垃圾渣土: no row in the routing matrix
    view = open_filed(seat, qtbot, case)
    assert view.case.suggested_assist_ids == ()
    name = view.department.currentText()
    assert view.suggestion.text().endswith(f"F4：扁平化派遣至{name}")

    qtbot.keyClick(seat.window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: len(orders(view)) == 1, timeout=5000)
    short = next(d.short_name for d in seat.session.reference.departments if d.id == case["suggested_department_id"])
    assert orders(view)[0][:3] == [short, "主办", "待签收"]
    assert view.case.work_orders[0].mechanism is DispatchMechanism.FLAT
    assert "F4" not in view.suggestion.text()  # dispatched: F4 has nothing more to send


def test_a_lead_and_assist_dispatch_through_the_dialog(open_seat, qtbot, api):
    seat = open_seat()
    case = filed(api)
    view = open_filed(seat, qtbot, case)
    assists = view.case.suggested_assist_ids
    assert assists

    qtbot.keyClick(seat.window, Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(view, "dispatch_dialog", None) is not None and view.dispatch_dialog.isVisible())
    dialog = view.dispatch_dialog
    assert dialog.mechanism.currentText() == "主协办派遣"
    assert view.case.suggestion_rule in dialog.suggestion.text()
    assert dialog.checked() == assists  # the matrix's 协办 units are preselected
    dialog.accept()

    qtbot.waitUntil(lambda: len(orders(view)) == 2, timeout=5000)
    names = {d.id: d.short_name for d in seat.session.reference.departments}
    assert [row[:2] for row in orders(view)] == [[names[case["suggested_department_id"]], "主办"],
                                                 [names[assists[0]], "协办"]]
    assert view.case.state.value == "dispatched"


def test_the_leads_feedback_closes_an_assisting_order_still_open_and_its_timer(open_seat, qtbot, api):
    seat = open_seat()
    window, view = seat.window, seat.window.case_view
    case = filed(api)
    api["seat01"].ok(case["id"], "dispatch", version=case["version"], mechanism="lead_assist",
                     department_id="D-HW", assist_ids=["D-ZF", "D-YL"])
    act(api, "dept-D-ZF", case["id"], "acknowledge")
    act(api, "dept-D-ZF", case["id"], "feedback", note="已劝离占道商户")  # reported to the lead
    act(api, "dept-D-HW", case["id"], "acknowledge")
    act(api, "dept-D-HW", case["id"], "feedback", note="垃圾已清运")  # 区园林中心 never signed

    qtbot.waitUntil(lambda: getattr(seat.session.store.get(case["id"]), "state", None) is not None
                    and seat.session.store.get(case["id"]).state.value == "fed_back", timeout=5000)
    assert window.open_case(case["id"])
    qtbot.waitUntil(lambda: len(orders(view)) == 3, timeout=5000)
    assert [[row[column] for column in (Column.DEPARTMENT, Column.ROLE, Column.STATE, Column.FEEDBACK)]
            for row in orders(view)] == [["区环卫中心", "主办", "已反馈", "垃圾已清运"],
                                         ["区执法局", "协办", "已反馈", "已劝离占道商户"],
                                         ["区园林中心", "协办", "随主办办结", ""]]
    closed = view.work_orders.orders.topLevelItem(2)
    assert closed.background(Column.DEADLINE).style() == Qt.BrushStyle.NoBrush  # no traffic light any more
    notes = lambda: [view.timeline.topLevelItem(i).text(4) for i in range(view.timeline.topLevelItemCount())]  # noqa: E731
    qtbot.waitUntil(lambda: any("协办区园林中心随主办办结" in note for note in notes()), timeout=5000)


def test_approving_an_extension_moves_the_deadline_the_seat_sees(open_seat, qtbot, api):
    seat = open_seat()
    case = filed(api)
    view = open_filed(seat, qtbot, case)
    qtbot.keyClick(seat.window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: len(orders(view)) == 2, timeout=5000)  # 主办 and the matrix's 协办
    before = orders(view)[0][Column.DEADLINE]
    department = f"dept-{view.case.department_id}"
    act(api, department, case["id"], "acknowledge")
    act(api, department, case["id"], "request", kind="extend", reason="需调用大型清运车辆",
        extra={"value": 2, "unit": "work_day"})

    qtbot.waitUntil(lambda: "需调用大型清运车辆" in view.work_orders.pending.text(), timeout=5000)
    panel = seat.window.requests
    qtbot.waitUntil(lambda: any(request.case_id == case["id"] for request in panel.requests), timeout=5000)
    assert seat.window.requests_waiting.text().startswith("待审批申请")
    qtbot.keyClick(seat.window, Qt.Key.Key_F11)
    qtbot.waitUntil(seat.window.requests_dock.isVisible)
    request = next(request for request in panel.requests if request.case_id == case["id"])
    assert panel.select(request.id)
    item = panel.list.currentItem()
    assert [item.text(2), item.text(4)] == ["延期", "需调用大型清运车辆"]
    assert seat.window.requests_dock.windowTitle().startswith("待审批申请")
    type_text(qtbot, panel.note, "同意延期")
    qtbot.keyClick(seat.window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    qtbot.waitUntil(lambda: all(r.case_id != case["id"] for r in panel.requests), timeout=5000)
    qtbot.waitUntil(lambda: orders(view) and orders(view)[0][Column.DEADLINE] != before, timeout=5000)
    assert view.case.work_orders[0].extensions and not view.work_orders.pending.isVisibleTo(view)
    history = [api["seat01"].case(case["id"])["history"][-1][key] for key in ("action", "note")]
    assert history[0] == "approve_extend" and "同意延期" in history[1]


def test_a_failed_check_sends_the_case_back_as_rework(open_seat, qtbot, api):
    seat = open_seat()
    window = seat.window
    case = filed(api)
    view = open_filed(seat, qtbot, case)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: view.case.state.value == "dispatched", timeout=5000)
    department = f"dept-{view.case.department_id}"
    act(api, department, case["id"], "acknowledge")
    act(api, department, case["id"], "feedback", note="垃圾已清运")

    qtbot.waitUntil(lambda: view.case.state.value == "fed_back", timeout=5000)
    assert window.open_case(case["id"]) and window.queue.tab is Tab.TO_CHECK
    assert orders(view)[0][Column.FEEDBACK] == "垃圾已清运"
    qtbot.waitUntil(view.lifecycle.check_action.isEnabled)
    assert not view.lifecycle.close_action.isEnabled()  # 结案 is the 值班长's, after the check
    qtbot.keyClick(window, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)  # 发送核查
    qtbot.waitUntil(lambda: view.case.state.value == "checking", timeout=5000)
    assert view.title.text().endswith("核查中") and window.queue.tab is Tab.TO_CHECK
    task = view.case.inspection
    assert task is not None and task.collector_name in view.work_orders.inspection.text()

    act(api, f"collector-{task.collector_id}", case["id"], "check_result", confirmed=False, note="仍有残留垃圾")
    qtbot.waitUntil(lambda: view.case.state.value == "dispatched", timeout=5000)
    qtbot.waitUntil(lambda: orders(view)[0][Column.REWORK] == "1", timeout=5000)
    assert orders(view)[0][Column.STATE] == "待签收"
    assert "不通过" in view.work_orders.inspection.text()
    steps = lambda: [view.timeline.topLevelItem(i).text(1) for i in range(view.timeline.topLevelItemCount())]  # noqa: E731
    qtbot.waitUntil(lambda: "返工" in steps(), timeout=5000)


def test_the_shift_leader_closes_a_checked_case_against_its_closing_condition(open_seat, qtbot, api):
    leader = open_seat("leader01")
    view = leader.window.case_view
    case = filed(api)
    sent = api["seat01"].ok(case["id"], "dispatch", version=case["version"],
                            department_id=case["suggested_department_id"])
    department = f"dept-{sent['department_id']}"
    act(api, department, case["id"], "acknowledge")
    act(api, department, case["id"], "feedback", note="垃圾已清运")
    checking = act(api, "seat01", case["id"], "check")
    act(api, f"collector-{checking['inspection']['collector_id']}", case["id"], "check_result", confirmed=True)

    qtbot.waitUntil(lambda: getattr(leader.session.store.get(case["id"]), "state", None) is not None
                    and leader.session.store.get(case["id"]).state.value == "to_close", timeout=5000)
    assert leader.window.open_case(case["id"])
    qtbot.waitUntil(view.lifecycle.close_action.isEnabled)
    qtbot.keyClick(leader.window, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: view.lifecycle.dialog is not None and view.lifecycle.dialog.isVisible())
    condition = leader.session.catalogue.condition(case["condition_id"])[1].close_condition
    assert condition in view.lifecycle.dialog.text.text()
    view.lifecycle.dialog.accept()
    qtbot.waitUntil(lambda: view.case is not None and view.case.state.value == "closed", timeout=5000)
    assert view.title.text().endswith("已结案")


def test_a_suspended_case_waits_in_progress_until_the_dispatcher_resumes_it(open_seat, qtbot, api):
    seat = open_seat()
    window, view = seat.window, seat.window.case_view
    case = filed(api)
    sent = api["seat01"].ok(case["id"], "dispatch", version=case["version"],
                            department_id=case["suggested_department_id"])
    department = f"dept-{sent['department_id']}"
    act(api, department, case["id"], "acknowledge")
    asked = act(api, department, case["id"], "request", kind="suspend", reason="需纳入年度改造计划")
    panel = window.requests
    qtbot.waitUntil(lambda: any(request.case_id == case["id"] for request in panel.requests), timeout=5000)
    assert panel.select(asked["requests"][-1]["id"])
    panel.decide(True)

    qtbot.waitUntil(lambda: seat.session.store.get(case["id"]).state.value == "suspended", timeout=5000)
    assert window.open_case(case["id"]) and window.queue.tab is Tab.IN_PROGRESS
    qtbot.waitUntil(lambda: orders(view) and orders(view)[0][Column.STATE] == "挂账中", timeout=5000)
    qtbot.waitUntil(view.lifecycle.resume_action.isEnabled)
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: view.case.state.value == "handling", timeout=5000)
    assert orders(view)[0][Column.STATE] == "处置中"


def test_a_multi_department_dispatch_sends_each_unit_a_lead_order(open_seat, qtbot, api):
    seat = open_seat()
    case = filed(api)
    view = open_filed(seat, qtbot, case)
    other = view.case.suggested_assist_ids[0]

    qtbot.keyClick(seat.window, Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(view, "dispatch_dialog", None) is not None and view.dispatch_dialog.isVisible())
    dialog = view.dispatch_dialog
    dialog.set_mechanism(DispatchMechanism.MULTI)
    assert dialog.checked() == () and dialog.others_label.text() == "其他单位"
    items = [dialog.others.item(row) for row in range(dialog.others.count())]
    next(item for item in items if item.data(Qt.ItemDataRole.UserRole) == other).setCheckState(Qt.CheckState.Checked)
    dialog.accept()

    qtbot.waitUntil(lambda: len(orders(view)) == 2, timeout=5000)
    assert [row[1] for row in orders(view)] == ["主办", "主办"]
    assert {order.mechanism for order in view.case.work_orders} == {DispatchMechanism.MULTI}


def test_a_closed_hotline_case_waits_under_to_call_back_until_the_seat_records_the_answer(open_seat, qtbot, api):
    seat = open_seat()
    window, view = seat.window, seat.window.case_view
    case = closed(api)  # a hotline caller who wanted a call back, through to 结案
    qtbot.waitUntil(lambda: getattr(seat.session.store.get(case["id"]), "revisit_pending", False), timeout=5000)
    assert window.open_case(case["id"]) and window.queue.tab is Tab.TO_REVISIT
    assert window.queue.tabs.tabText(list(Tab).index(Tab.TO_REVISIT)).startswith("待回访 (")
    qtbot.waitUntil(view.lifecycle.revisit_action.isEnabled)
    assert view.title.text().endswith("已结案，待回访")

    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: view.lifecycle.dialog is not None and view.lifecycle.dialog.isVisible())
    dialog = view.lifecycle.dialog
    assert case["reporter"]["phone"] in dialog.summary.text()  # the 受理员 sees the number to dial
    assert "垃圾已清运" in dialog.summary.text()  # and what the department did
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # an answer is required
    unreachable = dialog.buttons_by_result[RevisitResult.UNREACHABLE]
    assert unreachable.text() == "&4 未接通"
    qtbot.mouseClick(unreachable, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1次未接通" in view.work_orders.revisit.text(), timeout=5000)
    assert window.queue.tab is Tab.TO_REVISIT and view.case.revisit_pending

    window.command_line.setFocus()
    type_text(qtbot, window.command_line, "hf my")
    qtbot.keyClick(window.command_line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.lifecycle.dialog is not dialog and view.lifecycle.dialog.isVisible())
    second = view.lifecycle.dialog
    type_text(qtbot, second.note, "对处理结果满意")
    second.accept()
    qtbot.waitUntil(lambda: not view.case.revisit_pending, timeout=5000)
    assert view.work_orders.revisit.text().endswith("满意 对处理结果满意")
    assert view.title.text().endswith("已结案")
    qtbot.waitUntil(lambda: window.queue.tabs.tabText(list(Tab).index(Tab.TO_REVISIT)) == "待回访 (0)")
    assert Tab.ENDED.holds(view.case)  # it is listed under 已结束 now


def test_a_simultaneous_dispatch_gives_each_unit_its_part_and_time_limit(open_seat, qtbot, api):
    seat = open_seat()
    reported = api["channel-collector"].report("collector", "解放路人行道旁堆积建筑垃圾和装修垃圾，多日未清运")
    case = api["seat01"].ok(reported["id"], "file", version=reported["version"], category_id="SJ0111",
                            condition_id="SJ0111-01")  # 积存垃圾渣土: 处置时限 5 工作日 (5天)
    view = open_filed(seat, qtbot, case)
    lead = view.case.suggested_department_id
    departments = seat.session.reference.departments
    region = next(d.district_code for d in departments if d.id == lead)
    other = next(d.id for d in departments if d.level == "district" and d.district_code == region and d.id != lead)

    qtbot.keyClick(seat.window, Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(view, "dispatch_dialog", None) is not None and view.dispatch_dialog.isVisible())
    dialog = view.dispatch_dialog
    assert not dialog.terms.isVisible()  # 主协办 keeps its look
    dialog.set_mechanism(DispatchMechanism.SIMULTANEOUS)
    assert dialog.terms.isVisible() and "5天" in dialog.terms_hint.text()
    items = [dialog.others.item(row) for row in range(dialog.others.count())]
    next(item for item in items if item.data(Qt.ItemDataRole.UserRole) == other).setCheckState(Qt.CheckState.Checked)
    assert dialog.terms.units == (lead, other)
    first = dialog.terms.limit_edit(lead)
    assert (first.value.text(), first.unit.currentText()) == ("5", "工作日")  # the 立案条件's limit
    type_text(qtbot, dialog.terms.part_edit(other), "清运建筑垃圾")
    second = dialog.terms.limit_edit(other)
    second.value.setValue(4)
    second.unit.setCurrentIndex(second.unit.findText("工作时"))
    dialog.accept()

    qtbot.waitUntil(lambda: len(orders(view)) == 2, timeout=5000)
    names = {d.id: d.short_name for d in departments}
    shown = orders(view)
    assert [row[Column.DEPARTMENT] for row in shown] == [names[lead], f"{names[other]}（清运建筑垃圾）"]
    zone = view.work_orders._zone
    assert [row[Column.DEADLINE] for row in shown] == [
        order.deadline.astimezone(zone).strftime("%m-%d %H:%M") for order in view.case.work_orders]
    assert shown[0][Column.DEADLINE] != shown[1][Column.DEADLINE]
    sent = api["seat01"].case(case["id"])["case"]["work_orders"]
    assert [(order["part"], order["limit"]) for order in sent] == [
        ("", {"value": 5, "unit": "work_day"}), ("清运建筑垃圾", {"value": 4, "unit": "work_hour"})]


def test_the_shift_leader_supervises_and_the_departments_answer_shows(open_seat, qtbot, api):
    leader = open_seat("leader01")
    window, view = leader.window, leader.window.case_view
    case = filed(api)
    sent = api["seat01"].ok(case["id"], "dispatch", version=case["version"],
                            department_id=case["suggested_department_id"])
    qtbot.waitUntil(lambda: getattr(leader.session.store.get(case["id"]), "state", None) is not None
                    and leader.session.store.get(case["id"]).state.value == "dispatched", timeout=5000)
    assert window.open_case(case["id"])
    qtbot.waitUntil(view.lifecycle.supervise_action.isEnabled)

    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: view.lifecycle.dialog is not None and view.lifecycle.dialog.isVisible())
    dialog = view.lifecycle.dialog
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # an opinion is required
    type_text(qtbot, dialog.note, "群众反映强烈，请今日办结")
    dialog.accept()
    qtbot.waitUntil(lambda: "群众反映强烈，请今日办结" in view.work_orders.supervisions.text(), timeout=5000)
    assert "等待部门回复" in view.work_orders.supervisions.text()

    department = f"dept-{sent['department_id']}"
    act(api, department, case["id"], "supervision_reply", index=0, reply="已加派人员，今日内处置完毕")
    qtbot.waitUntil(lambda: "已加派人员，今日内处置完毕" in view.work_orders.supervisions.text(), timeout=5000)
    assert "等待部门回复" not in view.work_orders.supervisions.text()
    history = lambda: [view.timeline.topLevelItem(i).text(1) for i in range(view.timeline.topLevelItemCount())]  # noqa: E731
    qtbot.waitUntil(lambda: "督办回复" in history(), timeout=5000)


def test_after_an_approved_return_f4_does_not_send_the_case_back_to_the_same_department(open_seat, qtbot, api):
    seat = open_seat()
    window = seat.window
    case = filed(api)
    view = open_filed(seat, qtbot, case)
    suggested = view.case.suggested_department_id
    qtbot.keyClick(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: view.case.state.value == "dispatched", timeout=5000)
    asked = act(api, f"dept-{suggested}", case["id"], "request", kind="return", reason="经核查不属本单位职责")
    panel = window.requests
    qtbot.waitUntil(lambda: any(request.case_id == case["id"] for request in panel.requests), timeout=5000)
    assert panel.select(asked["requests"][-1]["id"])
    panel.decide(True)  # 批准回退: the case is 待派遣 again

    qtbot.waitUntil(lambda: view.case.state.value == "filed", timeout=5000)
    assert window.open_case(case["id"]) and window.queue.tab is Tab.TO_DISPATCH
    qtbot.waitUntil(lambda: "经核查不属本单位职责" in view.suggestion.text(), timeout=5000)
    assert "已回退" in view.suggestion.text()
    assert view.department.currentIndex() == -1 and not view.dispatch_action.isEnabled()  # F4 would do nothing

    type_text(qtbot, window.command_line, "pq zf")  # the seat chooses 区执法局 and dispatches
    qtbot.keyClick(window.command_line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.case.state.value == "dispatched", timeout=5000)
    assert view.case.department_id != suggested
    assert [row[:3] for row in orders(view)] == [["区环卫中心", "主办", "已回退"], ["区执法局", "协办", "已回退"],
                                                 ["区执法局", "主办", "待签收"]]  # the 协办 went back with its lead
