"""Cases in the database: row ⇄ `Case`, and the history + event rows every change appends."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from workstation.domain.models import (
    AttachmentRef,
    Case,
    CaseState,
    Channel,
    ControlFlag,
    DepartmentRequest,
    Event,
    EventType,
    GeoPoint,
    GridRef,
    HistoryEntry,
    IncomingCall,
    Lease,
    LinkedReport,
    Reporter,
    Revisit,
    SimilarCheck,
    StepClock,
    Supervision,
    TimeLimit,
    TimeUnit,
    Verification,
    WorkOrder,
)
from workstation.domain.privacy import normalise_phone
from workstation.server import db


def case_values(case: Case) -> dict[str, Any]:
    """The `cases` row of a Case (attachments live in their own table)."""
    grid, step, lease, location = case.grid, case.step, case.lease, case.location
    return {
        "id": case.id, "version": case.version, "state": case.state.value, "channel": case.channel.value,
        "reported_at": case.reported_at, "updated_at": case.updated_at,
        "description": case.description, "address": case.address,
        "lon": location.lon if location else None, "lat": location.lat if location else None,
        "grid_code": grid.code if grid else None, "grid_community": grid.community if grid else None,
        "grid_street": grid.street if grid else None, "grid_district": grid.district if grid else None,
        "reporter": case.reporter.model_dump(mode="json"), "urgent": case.urgent,
        "category_id": case.category_id, "condition_id": case.condition_id,
        "suggested_department_id": case.suggested_department_id, "suggestion_rule": case.suggestion_rule,
        "department_id": case.department_id,
        "step_name": step.step if step else None, "step_started_at": step.started_at if step else None,
        "step_limit_value": step.limit.value if step else None,
        "step_limit_unit": step.limit.unit.value if step else None,
        "step_deadline": step.deadline if step else None,
        "handling_deadline": case.handling_deadline,
        "lease_user_id": lease.user_id if lease else None,
        "lease_user_name": lease.user_name if lease else None,
        "lease_expires_at": lease.expires_at if lease else None,
        "details": case.details,
        "reporter_phone": reporter_phone(case) or None,
        "verification": case.verification.model_dump(mode="json") if case.verification else None,
        "flags": [flag.model_dump(mode="json") for flag in case.flags] or None,
        "similar": case.similar.model_dump(mode="json") if case.similar else None,
        "linked": [report.model_dump(mode="json") for report in case.linked] or None,
        "duplicate_of": case.duplicate_of,
        "suggested_assist_ids": list(case.suggested_assist_ids) or None,
        "inspection": case.inspection.model_dump(mode="json") if case.inspection else None,
        "supervisions": [record.model_dump(mode="json") for record in case.supervisions] or None,
        "revisit_pending": case.revisit_pending,
        "revisit": case.revisit.model_dump(mode="json") if case.revisit else None,
    }


def reporter_phone(case: Case) -> str:
    """The number a caller's earlier cases are found by (digits only)."""
    phone = case.reporter.phone or str(case.details.get("caller_phone") or "")
    return normalise_phone(phone)


def case_from_row(row: Any, attachments: Sequence[AttachmentRef] = (), work_orders: Sequence[WorkOrder] = (),
                  requests: Sequence[DepartmentRequest] = ()) -> Case:
    grid = None
    if row.grid_code is not None:
        grid = GridRef(code=row.grid_code, community=row.grid_community or "", street=row.grid_street or "",
                       district=row.grid_district or "")
    step = None
    if row.step_name is not None:
        step = StepClock(step=row.step_name, started_at=row.step_started_at,
                         limit=TimeLimit(value=row.step_limit_value, unit=TimeUnit(row.step_limit_unit)),
                         deadline=row.step_deadline)
    lease = None
    if row.lease_user_id is not None:
        lease = Lease(user_id=row.lease_user_id, user_name=row.lease_user_name or "",
                      expires_at=row.lease_expires_at)
    location = None if row.lon is None or row.lat is None else GeoPoint(lon=row.lon, lat=row.lat)
    return Case(
        id=row.id, version=row.version, state=CaseState(row.state), channel=Channel(row.channel),
        reported_at=row.reported_at, updated_at=row.updated_at, description=row.description,
        address=row.address, location=location, grid=grid, reporter=Reporter.model_validate(row.reporter),
        urgent=bool(row.urgent), category_id=row.category_id, condition_id=row.condition_id,
        suggested_department_id=row.suggested_department_id, suggestion_rule=row.suggestion_rule,
        department_id=row.department_id, step=step, handling_deadline=row.handling_deadline, lease=lease,
        attachments=tuple(attachments), details=dict(row.details or {}),
        verification=Verification.model_validate(row.verification) if row.verification else None,
        flags=tuple(ControlFlag.model_validate(flag) for flag in row.flags or ()),
        similar=SimilarCheck.model_validate(row.similar) if row.similar else None,
        duplicate_of=row.duplicate_of,
        linked=tuple(LinkedReport.model_validate(report) for report in row.linked or ()),
        suggested_assist_ids=tuple(row.suggested_assist_ids or ()),
        work_orders=tuple(work_orders), requests=tuple(requests),
        inspection=Verification.model_validate(row.inspection) if row.inspection else None,
        supervisions=tuple(Supervision.model_validate(record) for record in row.supervisions or ()),
        revisit_pending=bool(row.revisit_pending),
        revisit=Revisit.model_validate(row.revisit) if row.revisit else None,
    )


def _attachment_refs(connection: Connection, case_ids: Iterable[str]) -> dict[str, list[AttachmentRef]]:
    ids = list(case_ids)
    found: dict[str, list[AttachmentRef]] = {case_id: [] for case_id in ids}
    if not ids:
        return found
    table = db.attachments
    query = (sa.select(table.c.id, table.c.case_id, table.c.name, table.c.content_type, table.c.size)
             .where(table.c.case_id.in_(ids)).order_by(table.c.case_id, table.c.position))
    for row in connection.execute(query):
        found[row.case_id].append(AttachmentRef(id=row.id, name=row.name, content_type=row.content_type,
                                                size=row.size))
    return found


def _children(connection: Connection, table: sa.Table, model: Any, case_ids: Iterable[str]) -> dict[str, list[Any]]:
    """Work orders or requests of the cases, in order, parsed from their `data` column."""
    ids = list(case_ids)
    found: dict[str, list[Any]] = {case_id: [] for case_id in ids}
    if not ids:
        return found
    query = (sa.select(table.c.case_id, table.c.data).where(table.c.case_id.in_(ids))
             .order_by(table.c.case_id, table.c.position))
    for row in connection.execute(query):
        found[row.case_id].append(model.model_validate(row.data))
    return found


def _cases_from_rows(connection: Connection, rows: Sequence[Any]) -> list[Case]:
    ids = [row.id for row in rows]
    refs = _attachment_refs(connection, ids)
    orders = _children(connection, db.work_orders, WorkOrder, ids)
    requests = _children(connection, db.case_requests, DepartmentRequest, ids)
    return [case_from_row(row, refs[row.id], orders[row.id], requests[row.id]) for row in rows]


def load_case(connection: Connection, case_id: str, *, for_update: bool = False) -> Case | None:
    query = sa.select(db.cases).where(db.cases.c.id == case_id)
    if for_update:
        query = query.with_for_update()
    row = connection.execute(query).first()
    if row is None:
        return None
    return _cases_from_rows(connection, [row])[0]


def load_cases(connection: Connection, where: Any) -> list[Case]:
    rows = connection.execute(sa.select(db.cases).where(where).order_by(db.cases.c.reported_at)).all()
    return _cases_from_rows(connection, rows)


def save_case(connection: Connection, case: Case, *, new: bool = False) -> None:
    values = case_values(case)
    if new:
        connection.execute(db.cases.insert().values(**values))
    else:
        connection.execute(db.cases.update().where(db.cases.c.id == case.id).values(**values))
    _save_children(connection, case, new=new)


def _save_children(connection: Connection, case: Case, *, new: bool) -> None:
    """Write the case's work orders and requests (rows are replaced: a case has a handful)."""
    if not new:
        if not case.work_orders and not case.requests:
            return
        connection.execute(db.work_orders.delete().where(db.work_orders.c.case_id == case.id))
        connection.execute(db.case_requests.delete().where(db.case_requests.c.case_id == case.id))
    if case.work_orders:
        connection.execute(db.work_orders.insert(), [
            {"id": order.id, "case_id": case.id, "position": position, "department_id": order.department_id,
             "role": order.role.value, "state": order.state.value, "flow": order.flow.value,
             "sent_at": order.sent_at, "deadline": order.deadline, "data": order.model_dump(mode="json")}
            for position, order in enumerate(case.work_orders)])
    if case.requests:
        connection.execute(db.case_requests.insert(), [
            {"id": request.id, "case_id": case.id, "position": position, "work_order_id": request.work_order_id,
             "department_id": request.department_id, "kind": request.kind.value, "state": request.state.value,
             "requested_at": request.requested_at, "category_id": request.category_id,
             "routing_rule": request.routing_rule, "data": request.model_dump(mode="json")}
            for position, request in enumerate(case.requests)])


def add_history(connection: Connection, case_id: str, at: datetime, action: str, actor_id: str | None,
                actor_name: str, from_state: CaseState | None, to_state: CaseState | None,
                note: str = "", step: StepClock | None = None) -> None:
    """One history line; `step` is the step clock the line started or moved (the case's timeline shows it)."""
    connection.execute(db.case_history.insert().values(
        case_id=case_id, at=at, action=action, actor_id=actor_id, actor_name=actor_name,
        from_state=from_state.value if from_state else None, to_state=to_state.value if to_state else None,
        note=note, step=step.model_dump(mode="json") if step else None))


def history(connection: Connection, case_id: str) -> list[HistoryEntry]:
    table = db.case_history
    rows = connection.execute(sa.select(table).where(table.c.case_id == case_id).order_by(table.c.seq))
    return [HistoryEntry(seq=row.seq, at=row.at, action=row.action, actor_id=row.actor_id,
                         actor_name=row.actor_name,
                         from_state=CaseState(row.from_state) if row.from_state else None,
                         to_state=CaseState(row.to_state) if row.to_state else None, note=row.note,
                         step=StepClock.model_validate(row.step) if row.step else None)
            for row in rows]


def last_history(connection: Connection, case_id: str, *, moved: bool = False) -> HistoryEntry | None:
    """The case's last history line; with `moved`, the last one that changed its state."""
    table = db.case_history
    query = sa.select(table).where(table.c.case_id == case_id)
    if moved:
        query = query.where(table.c.from_state.is_not(None), table.c.to_state != table.c.from_state)
    row = connection.execute(query.order_by(table.c.seq.desc()).limit(1)).first()
    if row is None:
        return None
    return HistoryEntry(seq=row.seq, at=row.at, action=row.action, actor_id=row.actor_id,
                        actor_name=row.actor_name, from_state=None, to_state=None, note=row.note)


#: How long a command's Idempotency-Key answers its retry (seats and channels retry within minutes).
IDEMPOTENCY_KEPT = timedelta(days=1)
#: How far back a seat can resume the event stream; an older Last-Event-ID gets a `reset` (the seat
#: reloads its list), so nothing is lost, only replayed differently.
EVENTS_KEPT = timedelta(days=7)


def prune(connection: Connection, now: datetime) -> tuple[int, int]:
    """Forget idempotency keys and events past their keeping time; the newest event always stays, so the
    sequence goes on from it. Returns (keys, events) deleted."""
    keys = connection.execute(db.idempotency.delete().where(db.idempotency.c.at < now - IDEMPOTENCY_KEPT)).rowcount
    last = db.last_seq(connection)
    events = connection.execute(db.events.delete().where(
        db.events.c.at < now - EVENTS_KEPT, db.events.c.seq < last)).rowcount
    return keys, events


def append_event(connection: Connection, event_type: EventType, action: str, actor_name: str,
                 case: Case | None, at: datetime, call: IncomingCall | None = None) -> int:
    """Append to the event log (last statement of the transaction: the lock is held until commit)."""
    db.lock_events(connection)
    result = connection.execute(db.events.insert().values(
        at=at, type=event_type.value, action=action, actor_name=actor_name,
        case_id=case.id if case else None, case_json=case.model_dump_json() if case else None,
        call_json=call.model_dump_json() if call else None,
    ).returning(db.events.c.seq))
    seq = int(result.scalar_one())
    db.notify(connection, seq)
    return seq


def events_after(connection: Connection, seq: int, limit: int = 500) -> list[Event]:
    table = db.events
    rows = connection.execute(sa.select(table).where(table.c.seq > seq).order_by(table.c.seq).limit(limit))
    return [Event(seq=row.seq, at=row.at, type=EventType(row.type), action=row.action,
                  actor_name=row.actor_name,
                  case=Case.model_validate(json.loads(row.case_json)) if row.case_json else None,
                  call=IncomingCall.model_validate_json(row.call_json) if row.call_json else None)
            for row in rows]
