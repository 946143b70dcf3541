"""After the departments' feedback: 核查 (inspection) by a collector, 结案 (closing) by the 值班长 or
返工 (rework) to the same departments, 督办 (supervision) on any open case, and 回访 (the satisfaction
callback) of a closed hotline case whose caller asked for one.

核查 reuses the 核实 machinery (`domain.verification`): the on-duty collector of the case's grid,
else the nearest one on duty, never the collector who reported the case.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from workstation.domain import dispatch, verification, workflow
from workstation.domain.models import (
    Case,
    CaseState,
    Channel,
    CheckCommand,
    CloseCommand,
    Revisit,
    RevisitCommand,
    RevisitResult,
    SuperviseCommand,
    Supervision,
    SupervisionReplyCommand,
    User,
    VerificationReport,
    WorkOrder,
    WorkOrderRole,
    WorkOrderState,
)
from workstation.server import attachments
from workstation.server.commands import (
    Apply,
    Change,
    check_lease,
    checked_transition,
    clock_text,
    field_task,
    joined_note,
    not_allowed,
    step_clock,
)
from workstation.server.context import ServerContext
from workstation.server.errors import invalid


def check(context: ServerContext, user: User, command: CheckCommand) -> Apply:
    """发送核查: the check task goes to the grid's on-duty collector, else the nearest one on duty."""
    label = verification.task_labels()["check"]

    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        transition = checked_transition("check", case, user)
        task, step = field_task(context, user, case, transition.step or "check", command.note, now)
        updated = case.model_copy(update={"state": transition.target, "lease": None, "step": step,
                                          "inspection": task})
        note = f"发送{label}至信息采集员{task.collector_name}（{task.reason}），时限 {clock_text(step.deadline)}"
        return Change(updated, "check", joined_note(note, task.request_note))
    return apply


def check_result(context: ServerContext, user: User, command: VerificationReport) -> Apply:
    """核查反馈 by the collector the task went to: passed → 待结案; not passed → 返工, the orders the
    case waited for go back to the same departments, each counted as rework, with a fresh clock."""
    def apply(connection: Connection, case: Case, now: datetime) -> Change:
        action = "check_result" if command.confirmed else "rework"
        transition = checked_transition(action, case, user)
        task = case.inspection
        if task is None or user.id != verification.collector_account(task.collector_id):
            raise not_allowed(f"该{verification.task_labels()['check']}任务未派给您")
        blobs = attachments.decode(command.photos, "body.photos")
        refs = attachments.add(connection, case.id, len(case.attachments), command.photos, blobs)
        answered = task.model_copy(update={"answered_at": now, "confirmed": command.confirmed,
                                           "note": command.note.strip(), "photo_ids": tuple(r.id for r in refs)})
        updated = case.model_copy(update={"state": transition.target, "inspection": answered,
                                          "attachments": case.attachments + tuple(refs),
                                          "step": step_clock(context, transition.step or "close", now)})
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
        return Change(updated, action, joined_note(*parts))
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
        check_lease(case, user, now)
        transition = checked_transition("close", case, user)
        condition_text = ""
        if case.condition_id is not None:
            _category, condition = context.catalogue.condition(case.condition_id)
            condition_text = f"结案条件：{condition.close_condition}"
        callback = wants_callback(case)
        updated = case.model_copy(update={"state": transition.target, "lease": None, "step": None,
                                          "revisit_pending": callback})
        return Change(updated, "close", joined_note(condition_text, command.note.strip(), "待回访" if callback else ""))
    return apply


def wants_callback(case: Case) -> bool:
    """A hotline caller who asked for a call back (details `callback`) gets a 回访 once the case is closed."""
    return case.channel is Channel.HOTLINE and case.details.get("callback") is True


def revisit(_context: ServerContext, user: User, command: RevisitCommand) -> Apply:
    """回访 of a closed hotline case: the caller's satisfaction (满意/基本满意/不满意) ends it; 未接通 keeps the
    case 待回访 until REVISIT_ATTEMPTS calls went unanswered."""
    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        if not workflow.REVISIT_ROLES.intersection(user.roles):
            raise not_allowed("您的岗位无权回访")
        if not case.revisit_pending:
            if case.state is CaseState.CLOSED and wants_callback(case) and case.revisit is not None:
                raise not_allowed(f"该案卷已由{case.revisit.by}回访")
            raise not_allowed("该案卷无需回访")
        attempts = (case.revisit.attempts if case.revisit else 0) + 1
        unreachable = command.result is RevisitResult.UNREACHABLE
        record = Revisit(result=command.result, note=command.note.strip(), by=user.name, by_id=user.id, at=now,
                         attempts=attempts)
        pending = unreachable and attempts < workflow.REVISIT_ATTEMPTS
        updated = case.model_copy(update={"revisit": record, "revisit_pending": pending})
        if unreachable:
            outcome = f"未接通（第{attempts}次）" + ("" if pending else f"，{attempts}次未接通，不再回访")
        else:
            outcome = REVISIT_RESULT_NAMES_ZH[command.result]
        return Change(updated, "revisit", joined_note(outcome, record.note))
    return apply


REVISIT_RESULT_NAMES_ZH = {RevisitResult.SATISFIED: "满意", RevisitResult.FAIRLY_SATISFIED: "基本满意",
                           RevisitResult.UNSATISFIED: "不满意", RevisitResult.UNREACHABLE: "未接通"}


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


def reply_supervision(_context: ServerContext, user: User, command: SupervisionReplyCommand) -> Apply:
    """督办回复 by the supervised department's account, once per 督办, in any state (an answer may come
    after the case moved on)."""
    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        if user.department_id is None:
            raise not_allowed("只有处置部门可以回复督办")
        if command.index >= len(case.supervisions):
            raise invalid({"body.index": "找不到该督办"})
        record = case.supervisions[command.index]
        if record.department_id != user.department_id:
            raise not_allowed("该督办不是督办您单位的")
        if record.replied_at is not None:
            raise not_allowed(f"该督办已由{record.replied_by}于 {clock_text(record.replied_at)} 回复")
        reply = command.reply.strip()
        if not reply:
            raise invalid({"body.reply": "请填写回复内容"})
        answered = record.model_copy(update={"reply": reply, "replied_by": user.name, "replied_at": now})
        supervisions = tuple(answered if position == command.index else other
                             for position, other in enumerate(case.supervisions))
        updated = case.model_copy(update={"supervisions": supervisions})
        return Change(updated, "supervision_reply", f"回复{record.by}的督办：{reply}")
    return apply
