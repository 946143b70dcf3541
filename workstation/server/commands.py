"""Seat commands on a case (认领, 释放, 立案, 不予受理/作废, 核实, 合并, 不是重复) and the lease
sweeper; 派遣 and the departments' commands are in `server.dispatching`.

Each command is one transaction: lock the case row, answer a repeated idempotency key with the
stored answer, refuse a stale version or someone else's lease, check the state machine, then
write the new case, a history line, an event and the idempotency record together. 合并 changes
two cases (the duplicate and its original) in that one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from workstation.domain import channels, verification, workflow
from workstation.domain.controls import OUTSIDE_TIME_WINDOW
from workstation.domain.deadline import due
from workstation.domain.models import (
    Case,
    CaseCommand,
    CaseEdit,
    CaseState,
    ClaimCommand,
    ConfirmCommand,
    EditCommand,
    ErrorCode,
    EventType,
    FileCommand,
    Lease,
    LinkedReport,
    MergeCommand,
    NotDuplicateCommand,
    RejectCommand,
    SimilarDecision,
    StepClock,
    User,
    Verification,
    VerificationReport,
    VerifyCommand,
)
from workstation.server import attachments, db, similar, store
from workstation.server.calls import summary
from workstation.server.context import ServerContext
from workstation.server.errors import ApiProblem, invalid, not_found
from workstation.server.intake import flags_for, resolve_category, resolve_grid

_ZONE = ZoneInfo("Asia/Shanghai")
SYSTEM_NAME = "系统"
#: The 作废 reason a merged duplicate is recorded with (one of resources/workflow/reject_reasons.json).
DUPLICATE_REASON = "重复案卷"


@dataclass(frozen=True)
class Change:
    """What a command did: the new case and the history line describing it, and a second case it
    changed without moving it (合并: the original the duplicate is linked to)."""

    case: Case
    action: str
    note: str = ""
    other: Change | None = None


Apply = Callable[[Connection, Case, datetime], Change | None]


def clock_text(moment: datetime) -> str:
    return moment.astimezone(_ZONE).strftime("%H:%M")


def not_allowed(reason: str, *, state: CaseState | None = None) -> ApiProblem:
    """409 not_allowed; `state` when the case's state is the reason (then the seat is told who moved it)."""
    params: dict[str, str] = {"reason": reason}
    if state is not None:
        params["state"] = state.value
    return ApiProblem(409, ErrorCode.NOT_ALLOWED, reason, params=params)


def held_by_other(lease: Lease) -> ApiProblem:
    return ApiProblem(
        409, ErrorCode.HELD_BY_OTHER, f"案卷正由{lease.user_name}处理（认领至 {clock_text(lease.expires_at)}）",
        params={"holder_id": lease.user_id, "holder_name": lease.user_name,
                "expires_at": lease.expires_at.isoformat()})


def _stale(connection: Connection, case: Case) -> ApiProblem:
    last = store.last_history(connection, case.id)
    if last is None:
        return ApiProblem(409, ErrorCode.STALE_VERSION, "案卷已被更新，请查看最新状态",
                          params={"version": case.version})
    action_zh = workflow.ACTION_NAMES_ZH.get(last.action, last.action)
    return ApiProblem(
        409, ErrorCode.STALE_VERSION,
        f"案卷已被{last.actor_name}于 {clock_text(last.at)} {action_zh}，请查看最新状态",
        params={"actor_name": last.actor_name, "action": last.action, "action_zh": action_zh,
                "at": last.at.isoformat(), "version": case.version})


def _moved_by_other(connection: Connection, case: Case, user: User, problem: ApiProblem) -> ApiProblem:
    """A step refused for the state another seat moved the case into says who moved it (two seats
    acting at once: the loser's command may already carry the new version, and so is refused by state)."""
    if "state" not in problem.error.params:
        return problem
    last = store.last_history(connection, case.id, moved=True)
    if last is None or last.actor_id in (None, user.id):
        return problem
    action_zh = workflow.ACTION_NAMES_ZH.get(last.action, last.action)
    error = problem.error
    return ApiProblem(problem.status, error.code,
                      f"案卷已被{last.actor_name}于 {clock_text(last.at)} {action_zh}；{error.message}",
                      params={**error.params, "actor_name": last.actor_name, "action": last.action,
                              "action_zh": action_zh, "at": last.at.isoformat()}, fields=error.fields)


def _other_lease(case: Case, user: User, now: datetime) -> Lease | None:
    lease = case.lease
    if lease is not None and lease.user_id != user.id and lease.expires_at > now:
        return lease
    return None


def check_lease(case: Case, user: User, now: datetime) -> None:
    """409 held_by_other when another seat holds the case's lease."""
    holder = _other_lease(case, user, now)
    if holder is not None:
        raise held_by_other(holder)


def checked_transition(action: str, case: Case, user: User) -> workflow.Transition:
    try:
        return workflow.check(action, case.state, user.roles)
    except workflow.TransitionError as error:
        raise not_allowed(error.reason, state=case.state if error.wrong_state else None) from None


def run(context: ServerContext, user: User, case_id: str, key: str, command: CaseCommand,
        apply: Apply, *, also: str | None = None) -> Case:
    """Run one command in one transaction; returns the case as the seat should now see it.

    `also` names the second case a command may change: both rows are locked in id order before
    anything else, so two commands on the same pair of cases cannot deadlock."""
    now = datetime.now(UTC)
    with context.database.write() as connection:
        if also is not None:
            connection.execute(sa.select(db.cases.c.id).where(db.cases.c.id.in_({case_id, also}))
                               .order_by(db.cases.c.id).with_for_update())
        case = store.load_case(connection, case_id, for_update=True)
        if case is None:
            raise not_found()
        stored = connection.execute(sa.select(db.idempotency.c.body).where(
            db.idempotency.c.user_id == user.id, db.idempotency.c.key == key)).scalar_one_or_none()
        if stored is not None:
            return Case.model_validate_json(stored)
        if command.version != case.version:
            raise _stale(connection, case)
        try:
            change = apply(connection, case, now)
        except ApiProblem as problem:
            raise _moved_by_other(connection, case, user, problem) from None
        result = case
        if change is not None:
            result = change.case.model_copy(update={"version": case.version + 1, "updated_at": now})
            store.save_case(connection, result)
            store.add_history(connection, case.id, now, change.action, user.id, user.name, case.state,
                              result.state, change.note, step=result.step if result.step != case.step else None)
        other = change.other if change is not None else None
        if other is not None:
            other_case = other.case.model_copy(update={"version": other.case.version + 1, "updated_at": now})
            store.save_case(connection, other_case)
            store.add_history(connection, other_case.id, now, other.action, user.id, user.name, other_case.state,
                              other_case.state, other.note)
        connection.execute(db.idempotency.insert().values(
            user_id=user.id, key=key, status=200, body=result.model_dump_json(), at=now))
        if change is not None:
            store.append_event(connection, EventType.CASE_CHANGED, change.action, user.name, result, now)
        if other is not None:
            store.append_event(connection, EventType.CASE_CHANGED, other.action, user.name, other_case, now)
    if change is not None:
        context.notifier.notify_threadsafe()
    return result


def step_clock(context: ServerContext, name: str, now: datetime) -> StepClock:
    limit = context.step_limits[name]
    return StepClock(step=name, started_at=now, limit=limit, deadline=due(now, limit, context.calendar))


# --- the commands --------------------------------------------------------------------------------


def claim(context: ServerContext, user: User, _command: ClaimCommand) -> Apply:
    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        roles = workflow.CLAIM_ROLES.get(case.state)
        if roles is None:
            raise not_allowed(f"案卷当前为“{workflow.STATE_NAMES_ZH[case.state]}”，不能认领", state=case.state)
        if not roles.intersection(user.roles):
            raise not_allowed("您的岗位无权认领此案卷")
        check_lease(case, user, now)
        lease = Lease(user_id=user.id, user_name=user.name,
                      expires_at=now + timedelta(seconds=context.lease_seconds))
        return Change(case.model_copy(update={"lease": lease}), "claimed")
    return apply


def release(_context: ServerContext, user: User, _command: ClaimCommand) -> Apply:
    def apply(_connection: Connection, case: Case, now: datetime) -> Change | None:
        check_lease(case, user, now)
        if case.lease is None or case.lease.expires_at <= now:
            return None
        return Change(case.model_copy(update={"lease": None}), "released")
    return apply


#: How the history names what a seat corrected.
_EDITED_NAMES = {"description": "描述", "address": "地址", "location": "位置", "grid": "网格", "urgent": "紧急程度",
                 "category_id": "小类", "condition_id": "立案条件", "reporter": "上报人", "details": "渠道信息"}


def apply_changes(context: ServerContext, case: Case, changes: CaseEdit | None,
                  field: str = "body.changes") -> tuple[Case, list[str]]:
    """The case with a seat's corrections applied and everything that follows from them (grid,
    address, department suggestion, 管控 flags), and the names of what changed; 400 on bad input."""
    update: dict[str, object] = {}
    if changes is not None:
        if changes.description is not None:
            update["description"] = changes.description.strip()
        if changes.urgent is not None:
            update["urgent"] = changes.urgent
        if changes.reporter is not None:
            update["reporter"] = changes.reporter
        if changes.details is not None:
            try:
                update["details"] = channels.edited_details(case.channel, case.details, changes.details)
            except channels.ChannelError as error:
                raise invalid({f"{field}.{path}": message for path, message in error.fields.items()}) from None
        if changes.location is not None or changes.grid_code:
            grid = resolve_grid(context, changes.location, changes.grid_code, f"{field}.grid_code")
            location = changes.location
            if location is None and grid is not None:  # located by grid code: the cell's centre
                location = context.city.grid(grid.code).centre
            update |= {"location": location, "grid": grid}
            if changes.address is None and location is not None:
                update["address"] = context.city.nearest_address(location)
        if changes.address is not None:
            update["address"] = changes.address.strip()
        if changes.category_id is not None or changes.condition_id is not None:
            description = str(update.get("description", case.description))
            found = resolve_category(context, changes.category_id, changes.condition_id, description, f"{field}.")
            if found is not None:
                update |= {"category_id": found[0].id, "condition_id": found[1].id}
    changed = [name for name, value in update.items() if getattr(case, name) != value]
    updated = case.model_copy(update=update)
    if {"category_id", "grid"} & set(changed) and updated.category_id is not None:
        updated = suggested(context, updated)
    updated = updated.model_copy(update={"flags": flags_for(context, updated)})
    return updated, changed


def suggested(context: ServerContext, case: Case) -> Case:
    """The case with the routing matrix's lead and 协办 suggestion for its 小类 and place."""
    category = context.catalogue.category(case.category_id or "")
    department, rule = context.city.suggest_department(category, case.grid)
    return case.model_copy(update={"suggested_department_id": department, "suggestion_rule": rule,
                                   "suggested_assist_ids": context.city.suggest_assists(category, case.grid)})


def _changed_note(changed: list[str], note: str = "") -> str:
    names = [_EDITED_NAMES[name] for name in changed if name in _EDITED_NAMES]
    return joined_note(f"修改{'、'.join(dict.fromkeys(names))}" if names else "", note.strip())


def joined_note(*parts: str) -> str:
    """History note parts, the empty ones left out."""
    return "；".join(part for part in parts if part)


#: A seat's correction of one of these runs the 相似案卷 check again.
_RECHECKED = frozenset({"category_id", "location", "address"})


def _checked(context: ServerContext, connection: Connection, case: Case, now: datetime) -> tuple[Case, str]:
    """The case with a fresh 相似案卷 check (no decision yet) and the history note of its warning."""
    check = context.similarity.check(connection, case, now)
    return case.model_copy(update={"similar": check}), similar.warning(check)


def _rechecked(context: ServerContext, connection: Connection, case: Case, changed: list[str],
               now: datetime) -> tuple[Case, str]:
    """`_checked` when the seat corrected the 小类 or the place of a case (not of a detection)."""
    if case.state is CaseState.DETECTED or not _RECHECKED.intersection(changed):
        return case, ""
    return _checked(context, connection, case, now)


def edit(context: ServerContext, user: User, command: EditCommand) -> Apply:
    """修改: the seat's corrections before filing; the case stays where it is."""
    def apply(connection: Connection, case: Case, now: datetime) -> Change | None:
        check_lease(case, user, now)
        roles = workflow.EDIT_ROLES.get(case.state)
        if roles is None:
            raise not_allowed(f"案卷当前为“{workflow.STATE_NAMES_ZH[case.state]}”，不能修改", state=case.state)
        if not roles.intersection(user.roles):
            raise not_allowed("您的岗位无权修改此案卷")
        updated, changed = apply_changes(context, case, command.changes)
        if not changed and updated.flags == case.flags:
            return None
        updated, warning = _rechecked(context, connection, updated, changed, now)
        return Change(updated, "edit", joined_note(_changed_note(changed), warning))
    return apply


def file(context: ServerContext, user: User, command: FileCommand) -> Apply:
    """立案; filing with a 相似案卷 warning standing and undecided records the decision 仍立案."""
    def apply(connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        transition = checked_transition("file", case, user)
        try:
            category, condition = context.catalogue.condition(command.condition_id)
        except KeyError:
            raise invalid({"body.condition_id": "立案条件不在案件分类标准中"}) from None
        if category.id != command.category_id:
            try:
                context.catalogue.category(command.category_id)
            except KeyError:
                raise invalid({"body.category_id": "小类不在案件分类标准中"}) from None
            raise invalid({"body.condition_id": "立案条件不属于所选小类"})
        edits = (command.changes or CaseEdit()).model_copy(
            update={"category_id": category.id, "condition_id": condition.id})
        updated, changed = apply_changes(context, case, edits)
        updated, warning = _rechecked(context, connection, updated, changed, now)
        if updated.suggested_department_id is None:
            updated = suggested(context, updated)
        updated = updated.model_copy(update={
            "state": transition.target, "lease": None,
            "step": step_clock(context, transition.step, now) if transition.step else None})
        check = updated.similar
        if check is not None and check.warn and check.decision is None:
            updated = updated.model_copy(update={"similar": check.model_copy(update={
                "decision": SimilarDecision.FILED_ANYWAY, "decided_by": user.name})})
            warning = joined_note(warning, similar.FILED_ANYWAY_NOTE)
        changed = [name for name in changed if name not in ("category_id", "condition_id")]
        flagged = "；".join(flag.message for flag in updated.flags if flag.code == OUTSIDE_TIME_WINDOW)
        return Change(updated, "file", joined_note(_changed_note(changed, command.note), flagged, warning))
    return apply


def confirm(context: ServerContext, user: User, command: ConfirmCommand) -> Apply:
    """确认 a video-AI detection: it becomes a case waiting for 受理 (its clock starts now) and gets
    its first 相似案卷 check."""
    def apply(connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        transition = checked_transition("confirm", case, user)
        updated, changed = apply_changes(context, case, command.changes)
        step = step_clock(context, transition.step or workflow.INITIAL_STEP, now)
        updated = updated.model_copy(update={"state": transition.target, "step": step})
        updated, warning = _checked(context, connection, updated, now)
        return Change(updated, "confirm", joined_note(_changed_note(changed, command.note), warning))
    return apply


def reject(context: ServerContext, user: User, command: RejectCommand) -> Apply:
    action = workflow.reject_action(command.kind)

    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        transition = checked_transition(action, case, user)
        reason = command.reason.strip()
        if not reason:
            raise invalid({"body.reason": "请选择或填写原因"})
        note = reason if not command.note.strip() else f"{reason}：{command.note.strip()}"
        updated = case.model_copy(update={"state": transition.target, "lease": None, "step": None})
        return Change(updated, action, note)
    return apply


def field_task(context: ServerContext, user: User, case: Case, step_name: str, note: str,
               now: datetime) -> tuple[Verification, StepClock]:
    """A 核实/核查 task for the grid's on-duty collector, else the nearest one on duty, and its step clock."""
    try:
        chosen = verification.choose_collector(context.city, context.roster, case.grid.code if case.grid else None,
                                               case.location, now, reporter_id=case.reporter.collector_id)
    except verification.NoCollector as error:
        raise not_allowed(error.reason) from None
    step = step_clock(context, step_name, now)
    task = Verification(collector_id=chosen.collector.id, collector_name=chosen.collector.name,
                        requested_by=user.name, requested_at=now, deadline=step.deadline,
                        reason=chosen.reason, request_note=note.strip())
    return task, step


def verify(context: ServerContext, user: User, command: VerifyCommand) -> Apply:
    """发送核实: the task goes to the grid's on-duty collector, else the nearest one on duty."""
    def apply(_connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        transition = checked_transition("verify", case, user)
        task, step = field_task(context, user, case, transition.step or "verify", command.note, now)
        updated = case.model_copy(update={"state": transition.target, "lease": None, "step": step,
                                          "verification": task})
        note = f"{workflow.ACTION_NAMES_ZH['verify']}至信息采集员{task.collector_name}（{task.reason}），" \
               f"时限 {clock_text(step.deadline)}" + (f"：{task.request_note}" if task.request_note else "")
        return Change(updated, "verify", note)
    return apply


def verify_result(context: ServerContext, user: User, command: VerificationReport) -> Apply:
    """核实反馈 by the collector the task went to: the case returns to 待受理 with the answer and photos."""
    def apply(connection: Connection, case: Case, now: datetime) -> Change:
        transition = checked_transition("verify_result", case, user)
        task = case.verification
        if task is None or user.id != verification.collector_account(task.collector_id):
            raise not_allowed(f"该{verification.task_labels()['verify']}任务未派给您")
        blobs = attachments.decode(command.photos, "body.photos")
        refs = attachments.add(connection, case.id, len(case.attachments), command.photos, blobs)
        answered = task.model_copy(update={"answered_at": now, "confirmed": command.confirmed,
                                           "note": command.note.strip(), "photo_ids": tuple(r.id for r in refs)})
        updated = case.model_copy(update={
            "state": transition.target, "verification": answered, "attachments": case.attachments + tuple(refs),
            "step": step_clock(context, transition.step or workflow.INITIAL_STEP, now)})
        parts = ["属实" if command.confirmed else "不属实"]
        if answered.note:
            parts.append(answered.note)
        if refs:
            parts.append(f"照片{len(refs)}张")
        return Change(updated, "verify_result", "，".join(parts))
    return apply


def merge(_context: ServerContext, user: User, command: MergeCommand) -> Apply:
    """合并: the case is a duplicate of the open case `into`. It closes as 作废 (重复案卷) and its
    reporter is linked to the original, whose seats see it at once; nothing is deleted."""
    def apply(connection: Connection, case: Case, now: datetime) -> Change:
        check_lease(case, user, now)
        transition = checked_transition("merged", case, user)
        if command.into == case.id:
            raise invalid({"body.into": "不能合并到自身"})
        original = store.load_case(connection, command.into, for_update=True)
        if original is None:
            raise invalid({"body.into": "原案卷不存在"})
        if original.duplicate_of is not None:
            raise not_allowed(f"原案卷已合并至 #{original.duplicate_of}，请合并到该案卷")
        if original.state not in workflow.OPEN_STATES:
            raise not_allowed("原案卷已结束，不能合并")
        if original.state is CaseState.DETECTED:
            raise not_allowed("原案卷尚待确认，不能合并")
        check = None if case.similar is None else case.similar.model_copy(update={
            "decision": SimilarDecision.MERGED, "decided_by": user.name})
        updated = case.model_copy(update={"state": transition.target, "lease": None, "step": None,
                                          "duplicate_of": original.id, "similar": check})
        report = LinkedReport(case_id=case.id, reported_at=case.reported_at, channel=case.channel,
                              reporter=case.reporter, summary=summary(case.description), merged_by=user.name,
                              merged_at=now)
        linked = original.model_copy(update={"linked": (*original.linked, report)})
        reporter = f"上报人：{case.reporter.name}" if case.reporter.name else ""
        note = joined_note(f"{DUPLICATE_REASON}：合并至 #{original.id}", command.note.strip())
        return Change(updated, "merged", note,
                      other=Change(linked, "linked", joined_note(f"关联重复案卷 #{case.id}", reporter)))
    return apply


def not_duplicate(_context: ServerContext, user: User, command: NotDuplicateCommand) -> Apply:
    """不是重复: the seat looked at the similar cases and this report is a problem of its own. The
    decision is kept with the case and tunes the engine (`server.similar`)."""
    def apply(_connection: Connection, case: Case, now: datetime) -> Change | None:
        check_lease(case, user, now)
        roles = workflow.NOT_DUPLICATE_ROLES.get(case.state)
        name = workflow.ACTION_NAMES_ZH["not_duplicate"]
        if roles is None:
            raise not_allowed(f"案卷当前为“{workflow.STATE_NAMES_ZH[case.state]}”，不能标记为{name}", state=case.state)
        if not roles.intersection(user.roles):
            raise not_allowed(f"您的岗位无权标记{name}")
        check = case.similar
        if check is None or not check.candidates:
            raise not_allowed("案卷没有相似案卷提示")
        if check.decision is SimilarDecision.NOT_DUPLICATE:
            return None
        decided = check.model_copy(update={"decision": SimilarDecision.NOT_DUPLICATE, "decided_by": user.name})
        ids = "、".join(f"#{candidate.case_id}" for candidate in check.candidates)
        return Change(case.model_copy(update={"similar": decided}), "not_duplicate",
                      joined_note(f"与 {ids} 不是同一问题", command.note.strip()))
    return apply


# --- lease expiry ---------------------------------------------------------------------------------


def expire_leases(context: ServerContext, now: datetime | None = None) -> int:
    """Clear leases that ran out, each with history and a `lease_expired` event; returns how many."""
    now = now or datetime.now(UTC)
    with context.database.read() as connection:
        ids = connection.execute(sa.select(db.cases.c.id).where(
            db.cases.c.lease_expires_at.is_not(None), db.cases.c.lease_expires_at <= now)).scalars().all()
    expired = 0
    for case_id in ids:
        with context.database.write() as connection:
            case = store.load_case(connection, case_id, for_update=True)
            if case is None or case.lease is None or case.lease.expires_at > now:
                continue
            updated = case.model_copy(update={"lease": None, "version": case.version + 1, "updated_at": now})
            store.save_case(connection, updated)
            store.add_history(connection, case.id, now, "lease_expired", None, SYSTEM_NAME, case.state,
                              case.state, f"{case.lease.user_name}的认领已超时")
            store.append_event(connection, EventType.CASE_CHANGED, "lease_expired", SYSTEM_NAME, updated, now)
            expired += 1
    if expired:
        context.notifier.notify_threadsafe()
    return expired

