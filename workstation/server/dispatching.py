"""派遣 and the departments' side of a case: the dispatch mechanisms (扁平化, 主协办, 多部门, 跨区域,
同时段, 双流程), 签收 and 处置反馈 per work order (派遣单), and the 回退 / 延期 / 挂账 requests the
派遣员 approves or refuses.

Every function returns an `Apply` for `commands.run`: one transaction with the version and lease
checks, a history line and an event per change, like the other seat commands.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from workstation.domain import dispatch, workflow
from workstation.domain.models import (
    AcknowledgeCommand,
    Case,
    CaseState,
    DecideCommand,
    DepartmentRequest,
    DispatchCommand,
    DispatchMechanism,
    DispatchTarget,
    ErrorCode,
    EventType,
    FeedbackCommand,
    RequestCommand,
    RequestKind,
    RequestState,
    ResumeCommand,
    StepClock,
    TimeLimit,
    TimeUnit,
    User,
    WorkOrder,
    WorkOrderRole,
    WorkOrderState,
)
from workstation.server import attachments, db, store
from workstation.server.commands import (
    SYSTEM_NAME,
    Apply,
    Change,
    check_lease,
    checked_transition,
    clock_text,
    joined_note,
    not_allowed,
    step_clock,
)
from workstation.server.context import ServerContext
from workstation.server.errors import ApiProblem, invalid

S = WorkOrderState
KIND_NAMES_ZH = {RequestKind.RETURN: "回退", RequestKind.EXTEND: "延期", RequestKind.SUSPEND: "挂账"}


def _targets(command: DispatchCommand) -> list[DispatchTarget]:
    if command.targets:
        if command.department_id is not None or command.assist_ids:
            raise invalid({"body.targets": "请只用 targets 或 department_id/assist_ids 之一"})
        return list(command.targets)
    if command.department_id is None:
        raise invalid({"body.department_id": "请选择处置部门"})
    return [DispatchTarget(department_id=command.department_id)] + [
        DispatchTarget(department_id=unit, role=WorkOrderRole.ASSIST) for unit in command.assist_ids]


def _departments(connection: Connection, ids: list[str]) -> dict[str, Any]:
    table = db.departments
    rows = connection.execute(sa.select(table).where(table.c.id.in_(ids))).all()
    return {row.id: row for row in rows}


def _order_deadlines(case: Case) -> datetime | None:
    """The case's 处置时限: the latest deadline among the orders it waits for."""
    active = [o for o in case.work_orders if o.state is not S.RETURNED and o.role is WorkOrderRole.LEAD]
    return max((order.deadline for order in active), default=None)


def _lead(orders: tuple[WorkOrder, ...]) -> WorkOrder | None:
    return next((o for o in orders if o.role is WorkOrderRole.LEAD and o.state is not S.RETURNED), None)


def _with_order(case: Case, order: WorkOrder) -> tuple[WorkOrder, ...]:
    return tuple(order if existing.id == order.id else existing for existing in case.work_orders)


def _label(order: WorkOrder) -> str:
    return f"{dispatch.ROLE_NAMES_ZH[order.role]}{order.department_name}"


def dispatch_case(context: ServerContext, user: User, command: DispatchCommand) -> Apply:
    """派遣 by one of the mechanisms: its work orders are sent together, each with its own clock."""
    def apply(connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        transition = checked_transition("dispatch", case, user)
        targets = _targets(command)
        rows = _departments(connection, [target.department_id for target in targets])
        for index, target in enumerate(targets):
            if target.department_id not in rows:
                field = "body.department_id" if not command.targets else f"body.targets.{index}.department_id"
                if command.assist_ids and index > 0 and not command.targets:
                    field = f"body.assist_ids.{index - 1}"
                raise invalid({field: "未知的处置部门"})
        if case.condition_id is None:
            raise not_allowed("案卷尚未选定立案条件，不能派遣")
        rule = context.dispatch_rules.mechanisms[command.mechanism]
        checked = [dispatch.Target(t.department_id, t.role, rows[t.department_id].district_code,
                                   rows[t.department_id].level) for t in targets]
        problem = dispatch.check_targets(rule, checked, context.city.district_code)
        if problem is not None:
            raise invalid({"body.mechanism": problem}, problem)
        _category, condition = context.catalogue.condition(case.condition_id)
        orders = []
        for position, target in enumerate(targets, start=len(case.work_orders) + 1):
            row = rows[target.department_id]
            limit = target.limit or condition.limit
            order = WorkOrder(
                id=f"{case.id}-{position:02d}", department_id=row.id, department_name=row.short_name,
                role=target.role, mechanism=command.mechanism, state=S.SENT,
                flow=dispatch.flow_of(row.level), case_district_code=context.city.district_code,
                district_code=row.district_code, sent_at=now, sent_by=user.name, limit=limit,
                deadline=now, part=target.part.strip(), note=command.note.strip())
            orders.append(order.model_copy(update={"deadline": dispatch.order_deadline(order, context.calendar, now)}))
        updated = case.model_copy(update={"work_orders": case.work_orders + tuple(orders)})
        lead = _lead(updated.work_orders)
        updated = updated.model_copy(update={
            "state": transition.target, "department_id": lead.department_id if lead else None, "lease": None,
            "handling_deadline": _order_deadlines(updated),
            "step": step_clock(context, transition.step, now) if transition.step else None})
        return Change(updated, "dispatch", _dispatch_note(context, rule.name, orders, command))
    return apply


def _dispatch_note(context: ServerContext, name: str, orders: list[WorkOrder], command: DispatchCommand) -> str:
    """"派遣至区环卫中心", or the mechanism and each order: its role and unit, its part, its flow and
    deadline (同时段, 双流程) and both regions (跨区域)."""
    mechanism = command.mechanism
    if mechanism is DispatchMechanism.FLAT:
        return joined_note(f"派遣至{orders[0].department_name}", command.note.strip())
    parts = []
    for order in orders:
        extra = [order.part]
        if mechanism is DispatchMechanism.DUAL_FLOW:
            extra.append(context.dispatch_rules.flow_names[order.flow])
        if mechanism in (DispatchMechanism.SIMULTANEOUS, DispatchMechanism.DUAL_FLOW):
            extra.append(f"时限 {_day_clock(context, order.deadline)}")
        if order.district_code not in (None, order.case_district_code):
            extra.append(f"跨区域：{order.case_district_code} → {order.district_code}")
        detail = "，".join(part for part in extra if part)
        parts.append(_label(order) + (f"（{detail}）" if detail else ""))
    return joined_note(f"{name}：" + "、".join(parts), command.note.strip())


def with_legacy_order(context: ServerContext, case: Case) -> Case:
    """A case dispatched before work orders existed (migration 0007) gets its one flat order back."""
    if case.work_orders or case.department_id is None or case.state not in (
            CaseState.DISPATCHED, CaseState.HANDLING):
        return case
    department = context.city.department(case.department_id)
    _category, condition = context.catalogue.condition(case.condition_id or "")
    sent_at = case.step.started_at if case.step is not None else case.updated_at
    handling = case.state is CaseState.HANDLING
    order = WorkOrder(
        id=f"{case.id}-01", department_id=department.id, department_name=department.short_name,
        role=WorkOrderRole.LEAD, mechanism=DispatchMechanism.FLAT, state=S.ACKNOWLEDGED if handling else S.SENT,
        flow=dispatch.flow_of(department.level), case_district_code=context.city.district_code,
        district_code=department.district_code, sent_at=sent_at, sent_by="", limit=condition.limit,
        deadline=case.handling_deadline or sent_at, acknowledged_at=case.updated_at if handling else None)
    return case.model_copy(update={"work_orders": (order,)})


def _own_order(case: Case, user: User, order_id: str | None, states: set[WorkOrderState], verb: str) -> WorkOrder:
    """The work order of the user's department the command is about; 409 in Chinese when it is not his."""
    if user.department_id is None:
        raise not_allowed(f"您的账号不属于处置部门，不能{verb}")
    if order_id is not None:
        order = next((o for o in case.work_orders if o.id == order_id), None)
        if order is None:
            raise invalid({"body.work_order_id": "找不到该派遣单"})
        if order.department_id != user.department_id:
            raise not_allowed(f"该派遣单派给{order.department_name}，您所在的部门不能{verb}")
    else:
        own = [o for o in case.work_orders if o.department_id == user.department_id]
        if not own:
            raise not_allowed("该案卷未派遣给您所在的部门")
        order = next((o for o in own if o.state in states), own[-1])
    if order.state not in states:
        raise not_allowed(f"派遣单当前为“{dispatch.ORDER_STATE_NAMES_ZH[order.state]}”，不能{verb}")
    return order


def acknowledge(context: ServerContext, user: User, command: AcknowledgeCommand) -> Apply:
    """签收 of one work order by its department; the first signature puts the case 处置中."""
    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        case = with_legacy_order(context, case)
        transition = checked_transition("acknowledge", case, user)
        order = _own_order(case, user, command.work_order_id, {S.SENT}, "签收")
        signed = order.model_copy(update={"state": S.ACKNOWLEDGED, "acknowledged_at": now,
                                          "acknowledged_by": user.name})
        updated = case.model_copy(update={"work_orders": _with_order(case, signed), "state": transition.target})
        if case.state is CaseState.DISPATCHED:
            lead = _lead(updated.work_orders) or signed
            updated = updated.model_copy(update={"step": StepClock(
                step=transition.step or "handle", started_at=lead.sent_at, limit=lead.limit,
                deadline=case.handling_deadline or lead.deadline)})
        return Change(updated, "acknowledge", joined_note(f"{_label(order)}签收", command.note.strip()))
    return apply


def feedback(context: ServerContext, user: User, command: FeedbackCommand) -> Apply:
    """处置反馈 of one work order; the case goes on to 核查 once the mechanism's work is done
    (the lead's feedback, or every department's), else it waits for the others. A 协办 order still
    open then ends 随主办办结: the assistants report to the lead, whose feedback closes the work."""
    def apply(connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        case = with_legacy_order(context, case)
        transition = checked_transition("feedback", case, user)
        order = _own_order(case, user, command.work_order_id, {S.ACKNOWLEDGED}, "反馈")
        note = command.note.strip()
        if not note:
            raise invalid({"body.note": "请填写处置情况"})
        blobs = attachments.decode(command.photos, "body.photos")
        refs = attachments.add(connection, case.id, len(case.attachments), command.photos, blobs)
        answered = order.model_copy(update={"state": S.FED_BACK, "fed_back_at": now, "fed_back_by": user.name,
                                            "feedback_note": note, "photo_ids": tuple(r.id for r in refs)})
        updated = case.model_copy(update={"work_orders": _with_order(case, answered),
                                          "attachments": case.attachments + tuple(refs)})
        parts = [f"{_label(order)}反馈：{note}"] + ([f"照片{len(refs)}张"] if refs else [])
        if order.role is WorkOrderRole.ASSIST:
            lead = _lead(updated.work_orders)
            parts.append(f"报主办{lead.department_name}" if lead else "")
        if dispatch.work_done(context.dispatch_rules, updated.work_orders):
            orders, closed = dispatch.ended(updated.work_orders, S.CLOSED_WITH_LEAD)
            updated = updated.model_copy(update={
                "work_orders": orders, "state": transition.target,
                "step": step_clock(context, transition.step or "check", now)})
            if closed:
                parts.append(f"{'、'.join(_label(o) for o in closed)}随主办办结")
            parts.append(f"处置完成，待{workflow.STATE_NAMES_ZH[transition.target].removeprefix('待')}")
        elif order.role is WorkOrderRole.LEAD:
            waiting = [o.department_name for o in dispatch.needed_orders(context.dispatch_rules, updated.work_orders)
                       if o.state is not S.FED_BACK]
            if waiting:
                parts.append(f"尚待{'、'.join(waiting)}反馈")
        return Change(updated, "feedback", joined_note(*parts))
    return apply


# --- requests: 回退 / 延期 / 挂账 -------------------------------------------------------------------


def request(context: ServerContext, user: User, command: RequestCommand) -> Apply:
    """申请回退 / 申请延期 / 申请挂账 by the department of a work order; the case stays where it is
    until a 派遣员 decides. 挂账 is asked for on a signed order, 延期 not once overdue (rules in
    resources/workflow/dispatch.json)."""
    kind_zh = KIND_NAMES_ZH[command.kind]

    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        case = with_legacy_order(context, case)
        roles = workflow.REQUEST_ROLES.get(case.state)
        if roles is None:
            raise not_allowed(f"案卷当前为“{workflow.STATE_NAMES_ZH[case.state]}”，不能申请{kind_zh}", state=case.state)
        if not roles.intersection(user.roles):
            raise not_allowed(f"您的岗位无权申请{kind_zh}")
        states = {S.ACKNOWLEDGED} if command.kind is RequestKind.SUSPEND else {S.SENT, S.ACKNOWLEDGED}
        order = _own_order(case, user, command.work_order_id, states, f"申请{kind_zh}")
        reason = command.reason.strip()
        if not reason:
            raise invalid({"body.reason": "请填写原因"})
        if any(r.work_order_id == order.id and r.kind is command.kind and r.state is RequestState.PENDING
               for r in case.requests):
            raise not_allowed(f"该派遣单已有待审批的{kind_zh}申请")
        rules = context.dispatch_rules
        details: dict[str, Any] = {}
        note = [reason]
        if command.kind is RequestKind.EXTEND:
            if command.extra is not None and command.new_deadline is not None:
                raise invalid({"body.extra": "延长时间与新时限只能填一项"})
            if len(order.extensions) >= rules.max_extensions:
                raise not_allowed(f"该派遣单已延期{len(order.extensions)}次，不能再申请延期")
            if not rules.extend_when_overdue and dispatch.overdue(order, context.calendar, now):
                raise not_allowed("派遣单已超时，不能申请延期")
            if command.new_deadline is not None:
                if command.new_deadline.tzinfo is None:
                    raise invalid({"body.new_deadline": "日期时间需带时区"})
                if command.new_deadline <= order.deadline:
                    raise invalid({"body.new_deadline": "新时限须晚于当前时限"})
                note.append(f"申请时限延至 {_day_clock(context, command.new_deadline)}")
            details = {"extra": command.extra, "new_deadline": command.new_deadline}
            if command.extra is not None:
                note.append(f"申请延长 {_limit_text(command.extra)}")
        elif command.kind is RequestKind.SUSPEND and command.suspend_until is not None:
            if command.suspend_until.tzinfo is None:
                raise invalid({"body.suspend_until": "日期时间需带时区"})
            if not now < command.suspend_until <= now + timedelta(days=rules.max_suspend_days):
                raise invalid({"body.suspend_until": f"挂账截止须在今后{rules.max_suspend_days}天内"})
            details = {"suspend_until": command.suspend_until}
            note.append(f"挂账至 {_day_clock(context, command.suspend_until)}")
        asked = DepartmentRequest(
            id=f"{case.id}-R{len(case.requests) + 1}", case_id=case.id, work_order_id=order.id,
            department_id=order.department_id, kind=command.kind, state=RequestState.PENDING, reason=reason,
            requested_by=user.name, requested_at=now, routing_rule=_routing_rule(case, order),
            category_id=case.category_id, **details)
        updated = case.model_copy(update={"requests": case.requests + (asked,)})
        return Change(updated, f"request_{command.kind.value}", f"{_label(order)}：" + "；".join(note))
    return apply


def _routing_rule(case: Case, order: WorkOrder) -> str:
    """The rule that chose the department of the order: the routing matrix's, or the 派遣员's own choice."""
    suggested = {case.suggested_department_id, *case.suggested_assist_ids}
    if order.department_id in suggested and case.suggestion_rule:
        return case.suggestion_rule[:300]
    return f"派遣员自选：{order.department_name}"


_UNIT_NAMES_ZH = {TimeUnit.URGENT_HOUR: "紧急工作时", TimeUnit.URGENT_DAY: "紧急工作日", TimeUnit.WORK_HOUR: "工作时",
                  TimeUnit.WORK_DAY: "工作日", TimeUnit.MINUTE: "分钟"}


def _limit_text(limit: TimeLimit) -> str:
    return f"{limit.value}{_UNIT_NAMES_ZH[limit.unit]}"


def _day_clock(context: ServerContext, moment: datetime) -> str:
    return moment.astimezone(context.calendar.zone).strftime("%m-%d %H:%M")


def decide(context: ServerContext, user: User, command: DecideCommand) -> Apply:
    """The 派遣员's answer to a request. Approved: 回退 ends the order (the case waits for a new
    dispatch once no lead order is left, its 协办 orders returned with it), 延期 moves the order's
    deadline, 挂账 pauses every active order's clock and the case is 挂账中 until 挂账恢复."""
    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        if not workflow.DECIDE_ROLES.intersection(user.roles):
            raise not_allowed("您的岗位无权审批部门申请")
        asked = next((r for r in case.requests if r.id == command.request_id), None)
        if asked is None:
            raise invalid({"body.request_id": "找不到该申请"})
        kind_zh = KIND_NAMES_ZH[asked.kind]
        if asked.state is not RequestState.PENDING:
            verdict = "批准" if asked.state is RequestState.APPROVED else "驳回"
            at = clock_text(asked.decided_at) if asked.decided_at else ""
            message = f"该{kind_zh}申请已由{asked.decided_by}于 {at} {verdict}"
            raise ApiProblem(409, ErrorCode.NOT_ALLOWED, message, params={
                "reason": message, "decided_by": asked.decided_by, "request_state": asked.state.value})
        order = next(o for o in case.work_orders if o.id == asked.work_order_id)
        decided = asked.model_copy(update={
            "state": RequestState.APPROVED if command.approve else RequestState.REFUSED, "decided_by": user.name,
            "decided_at": now, "decision_note": command.note.strip()})
        updated = case.model_copy(update={"requests": tuple(decided if r.id == asked.id else r for r in case.requests)})
        if not command.approve:
            return Change(updated, f"refuse_{asked.kind.value}",
                          joined_note(f"驳回{_label(order)}的{kind_zh}申请", command.note.strip()))
        if order.state not in (S.SENT, S.ACKNOWLEDGED):
            state = dispatch.ORDER_STATE_NAMES_ZH[order.state]
            raise not_allowed(f"派遣单当前为“{state}”，不能批准该{kind_zh}申请，请驳回")
        if asked.kind is RequestKind.RETURN:
            updated, note = _approve_return(context, user, updated, order, now)
        elif asked.kind is RequestKind.EXTEND:
            updated, note = _approve_extend(context, updated, order, asked, now)
        else:
            updated, note = _approve_suspend(context, user, updated, asked, now)
        return Change(updated, f"approve_{asked.kind.value}", joined_note(note, command.note.strip()))
    return apply


def _approve_return(context: ServerContext, user: User, case: Case, order: WorkOrder,
                    now: datetime) -> tuple[Case, str]:
    returned = order.model_copy(update={"state": S.RETURNED})
    updated = case.model_copy(update={"work_orders": _with_order(case, returned)})
    note = f"批准{_label(order)}回退"
    if _lead(updated.work_orders) is not None:
        return updated.model_copy(update={"handling_deadline": _order_deadlines(updated)}), note
    transition = checked_transition("approve_return", case, user)
    orders, along = dispatch.ended(updated.work_orders, S.RETURNED)  # 协办 of a lead that is gone
    updated = updated.model_copy(update={
        "work_orders": orders, "state": transition.target, "department_id": None, "handling_deadline": None,
        "step": step_clock(context, transition.step, now) if transition.step else None})
    if along:
        note += f"，{'、'.join(_label(o) for o in along)}一并退回"
    return updated, f"{note}，案卷退回待派遣"


def _approve_extend(context: ServerContext, case: Case, order: WorkOrder, asked: DepartmentRequest,
                    now: datetime) -> tuple[Case, str]:
    """延期: the requested extra time (by default one more original limit, DOMAIN.md §2.5 B) or the
    requested deadline, added to the order's limit in minutes of the limit's own clock."""
    extended = dispatch.extended(order, context.calendar, now, asked.extra, asked.new_deadline)
    updated = case.model_copy(update={"work_orders": _with_order(case, extended)})
    updated = _with_handling_deadline(updated)
    return updated, f"批准{_label(order)}延期，时限 {_day_clock(context, order.deadline)} → " \
                    f"{_day_clock(context, extended.deadline)}"


def _with_handling_deadline(case: Case) -> Case:
    deadline = _order_deadlines(case)
    update: dict[str, Any] = {"handling_deadline": deadline}
    if case.step is not None and case.step.step == "handle" and deadline is not None:
        update["step"] = case.step.model_copy(update={"deadline": deadline})
    return case.model_copy(update=update)


def _approve_suspend(context: ServerContext, user: User, case: Case, asked: DepartmentRequest,
                     now: datetime) -> tuple[Case, str]:
    transition = checked_transition("approve_suspend", case, user)
    until = asked.suspend_until or now + timedelta(days=context.dispatch_rules.max_suspend_days)
    orders = tuple(dispatch.suspended(o, now) if o.state in (S.SENT, S.ACKNOWLEDGED) else o
                   for o in case.work_orders)
    days = max(1, math.ceil((until - now) / timedelta(days=1)))
    step = StepClock(step=transition.step or "suspend", started_at=now,
                     limit=TimeLimit(value=days, unit=TimeUnit.URGENT_DAY), deadline=until)
    updated = case.model_copy(update={"work_orders": orders, "state": transition.target, "step": step})
    return updated, f"批准挂账至 {_day_clock(context, until)}，计时暂停"


def resume(context: ServerContext, user: User, command: ResumeCommand) -> Apply:
    """挂账恢复: the paused orders' clocks run again; their deadlines move by the time spent 挂账."""
    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        transition = checked_transition("resume", case, user)
        updated, note = _resumed(context, case, transition, now)
        return Change(updated, "resume", joined_note(note, command.note.strip()))
    return apply


def _resumed(context: ServerContext, case: Case, transition: workflow.Transition, now: datetime) -> tuple[Case, str]:
    orders = tuple(dispatch.resumed(o, context.calendar, now) if o.state is S.SUSPENDED else o
                   for o in case.work_orders)
    updated = case.model_copy(update={"work_orders": orders, "state": transition.target})
    lead = _lead(updated.work_orders)
    deadline = _order_deadlines(updated)
    if lead is not None and deadline is not None:
        updated = updated.model_copy(update={"handling_deadline": deadline, "step": StepClock(
            step=transition.step or "handle", started_at=lead.sent_at, limit=lead.limit, deadline=deadline)})
    return updated, f"挂账恢复，处置时限 {_day_clock(context, deadline)}" if deadline else "挂账恢复"


def resume_due(context: ServerContext, now: datetime | None = None) -> int:
    """挂账 that reached its end date resumes by itself (DOMAIN.md §2.5, B), with history and an
    event by 系统; returns how many cases resumed. Run by the server's sweeper."""
    now = now or datetime.now(UTC)
    with context.database.read() as connection:
        ids = connection.execute(sa.select(db.cases.c.id).where(
            db.cases.c.state == CaseState.SUSPENDED.value, db.cases.c.step_deadline <= now)).scalars().all()
    resumed = 0
    for case_id in ids:
        with context.database.write() as connection:
            case = store.load_case(connection, case_id, for_update=True)
            if case is None or case.state is not CaseState.SUSPENDED or case.step is None \
                    or case.step.deadline > now:
                continue
            updated, note = _resumed(context, case, workflow.TRANSITIONS["resume"], now)
            updated = updated.model_copy(update={"version": case.version + 1, "updated_at": now})
            store.save_case(connection, updated)
            store.add_history(connection, case.id, now, "resume", None, SYSTEM_NAME, case.state, updated.state,
                              f"挂账到期，{note}", step=updated.step)
            store.append_event(connection, EventType.CASE_CHANGED, "resume", SYSTEM_NAME, updated, now)
            resumed += 1
    if resumed:
        context.notifier.notify_threadsafe()
    return resumed
