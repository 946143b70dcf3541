"""The dispatch mechanisms' rules (resources/workflow/dispatch.json): which work orders fit, and when
the work is done."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from workstation.domain import dispatch
from workstation.domain.deadline import WorkCalendar
from workstation.domain.models import (
    DispatchMechanism,
    Flow,
    TimeLimit,
    TimeUnit,
    WorkOrder,
    WorkOrderRole,
    WorkOrderState,
)

RULES = dispatch.DispatchRules.load()
M = DispatchMechanism
LEAD, ASSIST = WorkOrderRole.LEAD, WorkOrderRole.ASSIST
HOME = "370102"


def target(department: str, role: WorkOrderRole = LEAD, district: str | None = HOME,
           level: str = "district") -> dispatch.Target:
    return dispatch.Target(department, role, district, level)


def order(department: str, role: WorkOrderRole, mechanism: DispatchMechanism, state: WorkOrderState) -> WorkOrder:
    at = datetime(2026, 11, 25, 2, tzinfo=UTC)
    return WorkOrder(id=f"c-{department}", department_id=department, department_name=department, role=role,
                     mechanism=mechanism, state=state, flow=Flow.DISTRICT, case_district_code=HOME,
                     district_code=HOME, sent_at=at, sent_by="赵磊", limit=TimeLimit(value=2, unit=TimeUnit.WORK_HOUR),
                     deadline=at)


def test_each_mechanism_checks_its_leads_assists_regions_and_flows():
    check = dispatch.check_targets
    assert check(RULES.mechanisms[M.FLAT], [target("D-HW")], HOME) is None
    assert check(RULES.mechanisms[M.FLAT], [target("D-HW"), target("D-ZF")], HOME) == "扁平化派遣需1个主办部门"
    assert check(RULES.mechanisms[M.LEAD_ASSIST], [target("D-HW"), target("D-ZF", ASSIST)], HOME) is None
    assert check(RULES.mechanisms[M.MULTI], [target("D-HW"), target("D-HW")], HOME) == "同一部门只能派遣一次"
    outside = target("D-SZHW", district="370103")
    assert check(RULES.mechanisms[M.FLAT], [outside], HOME) == "处置部门不在案发区域，请使用跨区域派遣"
    assert check(RULES.mechanisms[M.CROSS_REGION], [outside], HOME) is None
    city = target("D-PS", district=None, level="city")
    assert check(RULES.mechanisms[M.DUAL_FLOW], [city, target("D-HW")], HOME) is None
    assert dispatch.flow_of("enterprise") is Flow.CITY and dispatch.flow_of("street") is Flow.DISTRICT


def test_the_case_waits_for_the_lead_or_for_everyone_as_the_mechanism_says():
    done, sent = WorkOrderState.FED_BACK, WorkOrderState.ACKNOWLEDGED
    lead_assist = (order("D-HW", LEAD, M.LEAD_ASSIST, done), order("D-ZF", ASSIST, M.LEAD_ASSIST, sent))
    assert dispatch.work_done(RULES, lead_assist)
    multi = (order("D-HW", LEAD, M.MULTI, done), order("D-YL", LEAD, M.MULTI, sent))
    assert not dispatch.work_done(RULES, multi)
    returned = (order("D-HW", LEAD, M.FLAT, WorkOrderState.RETURNED),)
    assert not dispatch.work_done(RULES, returned)


def test_once_the_work_is_done_the_orders_still_open_end_and_the_answered_ones_stay():
    orders = (order("D-HW", LEAD, M.LEAD_ASSIST, WorkOrderState.FED_BACK),
              order("D-ZF", ASSIST, M.LEAD_ASSIST, WorkOrderState.FED_BACK),
              order("D-YL", ASSIST, M.LEAD_ASSIST, WorkOrderState.SENT),
              order("D-SZ", ASSIST, M.LEAD_ASSIST, WorkOrderState.ACKNOWLEDGED))
    after, closed = dispatch.ended(orders, WorkOrderState.CLOSED_WITH_LEAD)
    assert [o.department_id for o in closed] == ["D-YL", "D-SZ"]
    assert [o.state for o in after] == [WorkOrderState.FED_BACK, WorkOrderState.FED_BACK,
                                        WorkOrderState.CLOSED_WITH_LEAD, WorkOrderState.CLOSED_WITH_LEAD]
    assert dispatch.ORDER_STATE_NAMES_ZH[WorkOrderState.CLOSED_WITH_LEAD] == "随主办办结"


CALENDAR = WorkCalendar.default()


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Asia/Shanghai"))


def sent(at: str, limit: TimeLimit) -> WorkOrder:
    base = order("D-HW", LEAD, M.FLAT, WorkOrderState.ACKNOWLEDGED)
    start = local(at)
    fresh = base.model_copy(update={"sent_at": start, "limit": limit, "acknowledged_at": start})
    return fresh.model_copy(update={"deadline": dispatch.order_deadline(fresh, CALENDAR, start)})


def test_an_extension_in_working_hours_skips_the_mid_autumn_holiday_and_the_weekend():
    # Thursday 24 Sep 2026 16:00, 4 工作时: 2 h on Thursday; Friday is 中秋节, then the weekend
    order = sent("2026-09-24T16:00", TimeLimit(value=4, unit=TimeUnit.WORK_HOUR))
    assert order.deadline == local("2026-09-28T10:00")
    now = local("2026-09-28T09:00")
    two_more = dispatch.extended(order, CALENDAR, now, TimeLimit(value=2, unit=TimeUnit.WORK_HOUR))
    assert two_more.deadline == local("2026-09-28T12:00")
    assert two_more.extensions == (TimeLimit(value=120, unit=TimeUnit.MINUTE),)
    # by default one more original limit (4 工作时): Monday 10–12 and 14–16
    assert dispatch.extended(order, CALENDAR, now).deadline == local("2026-09-28T16:00")
    # a requested deadline is kept as the working minutes up to it: Monday 10:00 → Tuesday 10:00 is 8 工作时
    asked = dispatch.extended(order, CALENDAR, now, new_deadline=local("2026-09-29T10:00"))
    assert asked.deadline == local("2026-09-29T10:00")
    assert asked.extensions == (TimeLimit(value=480, unit=TimeUnit.MINUTE),)


def test_a_suspension_over_the_holiday_moves_the_deadline_by_the_working_time_paused():
    # Thursday 08:00, 1 工作日: due Thursday 18:00; 挂账 from 10:00 to Monday 10:00
    order = sent("2026-09-24T08:00", TimeLimit(value=1, unit=TimeUnit.WORK_DAY))
    assert order.deadline == local("2026-09-24T18:00")
    paused = dispatch.suspended(order, local("2026-09-24T10:00"))
    assert paused.state is WorkOrderState.SUSPENDED
    running = dispatch.resumed(paused, CALENDAR, local("2026-09-28T10:00"))
    # 2 工作时 used before the pause, 6 left from Monday 10:00: 10–12 and 14–18
    assert running.deadline == local("2026-09-28T18:00")
    assert running.state is WorkOrderState.ACKNOWLEDGED


def test_a_suspension_of_a_continuous_clock_adds_the_whole_time_paused():
    order = sent("2026-09-24T08:00", TimeLimit(value=24, unit=TimeUnit.URGENT_HOUR))
    paused = dispatch.suspended(order, local("2026-09-24T10:00"))
    running = dispatch.resumed(paused, CALENDAR, local("2026-09-26T10:00"))
    assert running.deadline == local("2026-09-27T08:00")
