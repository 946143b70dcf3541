"""派遣机制 (dispatch mechanisms, DOMAIN.md §7): which work orders a dispatch may send, when the work
is done, and the clock of one work order with its 延期 (extensions) and 挂账 (pauses).

The numbers a city could set differently (how many 主办/协办 orders, whether the case waits for
every order, how many extensions) live in resources/workflow/dispatch.json.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime

from workstation.domain.deadline import Deadline, WorkCalendar, limit_minutes
from workstation.domain.models import (
    Case,
    DispatchMechanism,
    Flow,
    Pause,
    RequestKind,
    RequestState,
    TimeLimit,
    TimeUnit,
    WorkOrder,
    WorkOrderRole,
    WorkOrderState,
)
from workstation.resources import resource_path

ROLE_NAMES_ZH = {WorkOrderRole.LEAD: "主办", WorkOrderRole.ASSIST: "协办"}
ORDER_STATE_NAMES_ZH = {
    WorkOrderState.SENT: "待签收", WorkOrderState.ACKNOWLEDGED: "处置中", WorkOrderState.SUSPENDED: "挂账中",
    WorkOrderState.FED_BACK: "已反馈", WorkOrderState.RETURNED: "已回退", WorkOrderState.CLOSED_WITH_LEAD: "随主办办结"}

#: Orders still being worked on (not yet answered, not returned).
ACTIVE_ORDER_STATES = frozenset({WorkOrderState.SENT, WorkOrderState.ACKNOWLEDGED, WorkOrderState.SUSPENDED})


@dataclass(frozen=True)
class MechanismRule:
    name: str  # Chinese, e.g. "主协办派遣"
    leads: tuple[int, int]  # min, max 主办 orders
    assists: tuple[int, int]  # min, max 协办 orders
    done_when: str  # "lead": every lead order fed back; "all": every order
    outside_district: bool = False  # 跨区域: a lead outside the case's district
    flows: tuple[Flow, ...] = ()  # 双流程: one lead in each of these flows


@dataclass(frozen=True)
class DispatchRules:
    mechanisms: dict[DispatchMechanism, MechanismRule]
    flow_names: dict[Flow, str]
    max_extensions: int
    extend_when_overdue: bool
    max_suspend_days: int

    @classmethod
    def load(cls) -> DispatchRules:
        document = json.loads(resource_path("workflow", "dispatch.json").read_text(encoding="utf-8"))
        mechanisms = {
            DispatchMechanism(key): MechanismRule(
                name=row["name"], leads=(row["leads"][0], row["leads"][1]),
                assists=(row["assists"][0], row["assists"][1]), done_when=row["done_when"],
                outside_district=bool(row.get("outside_district", False)),
                flows=tuple(Flow(flow) for flow in row.get("flows", ())))
            for key, row in document["mechanisms"].items()}
        requests = document["requests"]
        return cls(mechanisms=mechanisms, flow_names={Flow(k): v for k, v in document["flows"].items()},
                   max_extensions=int(requests["max_extensions"]),
                   extend_when_overdue=bool(requests["extend_when_overdue"]),
                   max_suspend_days=int(requests["max_suspend_days"]))


@dataclass(frozen=True)
class Target:
    """A work order to be sent, as the dispatch check sees it."""

    department_id: str
    role: WorkOrderRole
    district_code: str | None  # the unit's region (None: city level or an enterprise)
    level: str  # Department.level


def flow_of(level: str) -> Flow:
    """City departments and enterprises work in the 市级流程, district and street units in the 区级流程."""
    return Flow.DISTRICT if level in ("district", "street") else Flow.CITY


def check_targets(rule: MechanismRule, targets: list[Target], case_district: str | None) -> str | None:
    """Why these work orders do not fit the mechanism (a Chinese sentence), or None when they do."""
    ids = [target.department_id for target in targets]
    if len(set(ids)) != len(ids):
        return "同一部门只能派遣一次"
    leads = [target for target in targets if target.role is WorkOrderRole.LEAD]
    assists = [target for target in targets if target.role is WorkOrderRole.ASSIST]
    if not rule.leads[0] <= len(leads) <= rule.leads[1]:
        return f"{rule.name}需{_count(rule.leads)}个主办部门"
    if not rule.assists[0] <= len(assists) <= rule.assists[1]:
        return f"{rule.name}需{_count(rule.assists)}个协办部门" if rule.assists[1] else f"{rule.name}不设协办部门"
    if rule.outside_district and all(target.district_code == case_district for target in leads):
        return f"{rule.name}的主办部门须在案发区域之外"
    if not rule.outside_district:
        outside = [t.department_id for t in targets if t.district_code not in (None, case_district)]
        if outside:
            return "处置部门不在案发区域，请使用跨区域派遣"
    if rule.flows and sorted(flow_of(t.level) for t in leads) != sorted(rule.flows):
        return f"{rule.name}需市级流程与区级流程各一个主办部门"
    return None


def _count(bounds: tuple[int, int]) -> str:
    low, high = bounds
    return str(low) if low == high else f"{low}至{high}"


def needed_orders(rules: DispatchRules, orders: tuple[WorkOrder, ...]) -> list[WorkOrder]:
    """The orders whose feedback the case waits for: every active lead order, and every active
    order of a mechanism that waits for all (a returned order is no longer waited for)."""
    return [order for order in orders if order.state is not WorkOrderState.RETURNED and (
        order.role is WorkOrderRole.LEAD or rules.mechanisms[order.mechanism].done_when == "all")]


def work_done(rules: DispatchRules, orders: tuple[WorkOrder, ...]) -> bool:
    """Whether the work the mechanisms ask for is fed back (at least one lead order among it)."""
    needed = needed_orders(rules, orders)
    return any(order.role is WorkOrderRole.LEAD for order in needed) and all(
        order.state is WorkOrderState.FED_BACK for order in needed)


def ended(orders: tuple[WorkOrder, ...], state: WorkOrderState) -> tuple[tuple[WorkOrder, ...], list[WorkOrder]]:
    """The orders with every one still active ended in `state`, and those that ended: the 协办 orders
    once the lead's feedback closed the work (随主办办结), or once the last lead order was returned."""
    ending = [order for order in orders if order.state in ACTIVE_ORDER_STATES]
    ids = {order.id for order in ending}
    return tuple(order.model_copy(update={"state": state}) if order.id in ids else order for order in orders), ending


def order_deadline(order: WorkOrder, calendar: WorkCalendar, now: datetime) -> datetime:
    """The order's deadline: its limit from `sent_at`, plus approved 延期, past its 挂账 pauses."""
    return _deadline(order).due(calendar, now)


def _deadline(order: WorkOrder) -> Deadline:
    return Deadline(start=order.sent_at, limit=order.limit,
                    pauses=tuple((pause.start, pause.end) for pause in order.pauses),
                    extensions=order.extensions)


def overdue(order: WorkOrder, calendar: WorkCalendar, now: datetime) -> bool:
    return _deadline(order).fraction(now, calendar) > 1.0


def extended(order: WorkOrder, calendar: WorkCalendar, now: datetime, extra: TimeLimit | None = None,
             new_deadline: datetime | None = None) -> WorkOrder:
    """延期 approved: the order with the requested deadline, or its deadline moved on by `extra` (by
    default one more original limit, DOMAIN.md §2.5 B). The extension is kept in minutes of the
    limit's own clock (working minutes for 工作时/工作日), so pauses later still count right."""
    unit = order.limit.unit
    target = new_deadline
    if target is None:
        extra = extra or order.limit
        target = calendar.advance(extra.unit, order.deadline, limit_minutes(extra))
    minutes = max(1, math.ceil(calendar.measure(unit, order.deadline, target) - 1e-9))
    extension = TimeLimit(value=minutes, unit=TimeUnit.MINUTE)
    longer = order.model_copy(update={"extensions": (*order.extensions, extension)})
    return longer.model_copy(update={"deadline": order_deadline(longer, calendar, now)})


def suspended(order: WorkOrder, now: datetime) -> WorkOrder:
    """挂账 approved: the order's clock stops at `now`."""
    return order.model_copy(update={"state": WorkOrderState.SUSPENDED, "pauses": (*order.pauses, Pause(start=now))})


def resumed(order: WorkOrder, calendar: WorkCalendar, now: datetime) -> WorkOrder:
    """挂账恢复: the clock runs again; the deadline moves by the time spent 挂账 on the limit's clock."""
    pauses = tuple(pause.model_copy(update={"end": now}) if pause.end is None else pause for pause in order.pauses)
    state = WorkOrderState.ACKNOWLEDGED if order.acknowledged_at else WorkOrderState.SENT
    running = order.model_copy(update={"pauses": pauses, "state": state})
    return running.model_copy(update={"deadline": order_deadline(running, calendar, now)})


def one_key(case: Case, department_id: str) -> tuple[DispatchMechanism, tuple[str, ...]]:
    """What one-key dispatch (F4) sends to `department_id`: 主协办 with the routing matrix's 协办 when it is
    the suggested department and the matrix names some (none that returned the case), else 扁平化."""
    returned = returned_by(case)
    assists = tuple(unit for unit in case.suggested_assist_ids if unit != department_id and unit not in returned)
    if department_id != case.suggested_department_id or not assists:
        return DispatchMechanism.FLAT, ()
    return DispatchMechanism.LEAD_ASSIST, assists


def returned_by(case: Case) -> dict[str, str]:
    """The units whose 回退 of this case was approved, with their reasons: a new dispatch should not go
    back to them without the seat choosing so."""
    return {request.department_id: request.reason for request in case.requests
            if request.kind is RequestKind.RETURN and request.state is RequestState.APPROVED}
