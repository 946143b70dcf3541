"""After the departments' feedback: 核查 (inspection) by a collector, 结案 (closing) by the 值班长 or
返工 (rework) to the same departments, and 督办 (supervision) on any open case.

核查 reuses the 核实 machinery (`domain.verification`): the on-duty collector of the case's grid,
else the nearest one on duty, never the collector who reported the case.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from workstation.domain import dispatch, verification, workflow
from workstation.domain.models import (
    Case,
    CheckCommand,
    CloseCommand,
    SuperviseCommand,
    Supervision,
    User,
    Verification,
    VerificationReport,
    WorkOrder,
    WorkOrderRole,
    WorkOrderState,
)
from workstation.server import attachments
from workstation.server.commands import (
    Apply,
    Change,
    _clock,
    _joined,
    _other_lease,
    _step,
    _transition,
    held_by_other,
    not_allowed,
)
from workstation.server.context import ServerContext
from workstation.server.errors import invalid


def _check_lease(case: Case, user: User, now: datetime) -> None:
    holder = _other_lease(case, user, now)
    if holder is not None:
        raise held_by_other(holder)


def check(context: ServerContext, user: User, command: CheckCommand) -> Apply:
    """发送核查: the check task goes to the grid's on-duty collector, else the nearest one on duty."""
    label = verification.task_labels()["check"]

    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        _check_lease(case, user, now)
        transition = _transition("check", case, user)
        try:
            chosen = verification.choose_collector(context.city, context.roster,
                                                   case.grid.code if case.grid else None, case.location, now,
                                                   reporter_id=case.reporter.collector_id)
        except verification.NoCollector as error:
            raise not_allowed(error.reason) from None
        step = _step(context, transition.step or "check", now)
        task = Verification(collector_id=chosen.collector.id, collector_name=chosen.collector.name,
                            requested_by=user.name, requested_at=now, deadline=step.deadline,
                            reason=chosen.reason, request_note=command.note.strip())
        updated = case.model_copy(update={"state": transition.target, "lease": None, "step": step,
                                          "inspection": task})
        note = f"发送{label}至信息采集员{chosen.collector.name}（{chosen.reason}），时限 {_clock(step.deadline)}"
        return Change(updated, "check", _joined(note, task.request_note))
    return apply


def check_result(context: ServerContext, user: User, command: VerificationReport) -> Apply:
    """核查反馈 by the collector the task went to: passed → 待结案; not passed → 返工, the orders the
    case waited for go back to the same departments, each counted as rework, with a fresh clock."""
    def apply(connection: Connection, case: Case, now: datetime) -> Change:
        action = "check_result" if command.confirmed else "rework"
        transition = _transition(action, case, user)
        task = case.inspection
        if task is None or user.id != verification.collector_account(task.collector_id):
            raise not_allowed(f"该{verification.task_labels()['check']}任务未派给您")
        blobs = attachments.decode(command.photos, "body.photos")
        refs = attachments.add(connection, case.id, len(case.attachments), command.photos, blobs)
        answered = task.model_copy(update={"answered_at": now, "confirmed": command.confirmed,
                                           "note": command.note.strip(), "photo_ids": tuple(r.id for r in refs)})
        updated = case.model_copy(update={"state": transition.target, "inspection": answered,
                                          "attachments": case.attachments + tuple(refs),
                                          "step": _step(context, transition.step or "close", now)})
        parts = ["通过" if command.confirmed else "不通过", answered.note, f"照片{len(refs)}张" if refs else ""]
        if not command.confirmed:
            needed = {order.id for order in dispatch.needed_orders(context.dispatch_rules, case.work_orders)}
            orders = tuple(_reworked(context, order, now) if order.id in needed else order
                           for order in case.work_orders)
            lead = next((o for o in orders if o.role is WorkOrderRole.LEAD and o.id in needed), None)
            deadline = max((o.deadline for o in orders if o.id in needed), default=None)
            updated = updated.model_copy(update={"work_orders": orders, "handling_deadline": deadline,
                                                 "department_id": lead.department_id if lead else case.department_id})
            names = "、".join(f"{o.department_name}（第{o.rework}次返工）" for o in orders if o.id in needed)
            parts.append(f"返工至{names}")
        return Change(updated, action, _joined(*parts))
    return apply


def _reworked(context: ServerContext, order: WorkOrder, now: datetime) -> WorkOrder:
    again = order.model_copy(update={
        "state": WorkOrderState.SENT, "sent_at": now, "rework": order.rework + 1, "acknowledged_at": None,
        "acknowledged_by": None, "fed_back_at": None, "fed_back_by": None, "feedback_note": "", "photo_ids": (),
        "extensions": (), "pauses": ()})
    return again.model_copy(update={"deadline": dispatch.order_deadline(again, context.calendar, now)})


def close(context: ServerContext, user: User, command: CloseCommand) -> Apply:
    """结案 by the 值班长; the history shows the 立案条件's 结案条件 the case was closed against."""
    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        _check_lease(case, user, now)
        transition = _transition("close", case, user)
        condition_text = ""
        if case.condition_id is not None:
            _category, condition = context.catalogue.condition(case.condition_id)
            condition_text = f"结案条件：{condition.close_condition}"
        updated = case.model_copy(update={"state": transition.target, "lease": None, "step": None})
        return Change(updated, "close", _joined(condition_text, command.note.strip()))
    return apply


def supervise(_context: ServerContext, user: User, command: SuperviseCommand) -> Apply:
    """督办 with an opinion on any open case; the case stays where it is."""
    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        if case.state not in workflow.OPEN_STATES:
            raise not_allowed(f"案卷当前为“{workflow.STATE_NAMES_ZH[case.state]}”，不能督办", state=case.state)
        if not workflow.SUPERVISE_ROLES.intersection(user.roles):
            raise not_allowed("您的岗位无权督办")
        opinion = command.opinion.strip()
        if not opinion:
            raise invalid({"body.opinion": "请填写督办意见"})
        department_id = command.department_id or case.department_id
        record = Supervision(by=user.name, by_id=user.id, at=now, opinion=opinion, department_id=department_id)
        updated = case.model_copy(update={"supervisions": (*case.supervisions, record)})
        order = next((o for o in case.work_orders if o.department_id == department_id), None)
        target = f"督办{order.department_name}：" if order is not None else "督办："
        return Change(updated, "supervise", target + opinion)
    return apply
