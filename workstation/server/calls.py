"""Hotline calls (12345 / 12319): the gateway announces a ringing call, the seats hear it on the
event stream with the caller's earlier cases, and can look those up by number."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends
from sqlalchemy.engine import Connection

from workstation.domain import workflow
from workstation.domain.models import (
    CallAnnouncement,
    CallerCase,
    CallerHistory,
    Case,
    CaseState,
    EventType,
    IncomingCall,
    Role,
)
from workstation.domain.privacy import normalise_phone
from workstation.server import db, store
from workstation.server.auth import CurrentUser, require_roles
from workstation.server.context import ServerContext, get_context
from workstation.server.errors import invalid

router = APIRouter(tags=["calls"])
Context = Annotated[ServerContext, Depends(get_context)]

ANNOUNCE_ROLES = (Role.CHANNEL, Role.ACCEPTOR, Role.SHIFT_LEADER)
HISTORY_LIMIT = 20
SUMMARY_CHARS = 40
#: States whose outcome is worth a note (who it went to, why it was refused).
_NOTED_STATES = frozenset({CaseState.DISPATCHED, CaseState.HANDLING, CaseState.NOT_ACCEPTED, CaseState.CANCELLED})


def summary(description: str) -> str:
    """The start of a description, for lists."""
    return description if len(description) <= SUMMARY_CHARS else description[:SUMMARY_CHARS] + "…"


def _outcome(connection: Connection, case: Case) -> str:
    """How the case stands, as a seat tells the caller: where it went, why it was refused, and for a
    merged duplicate the original's number and state."""
    if case.duplicate_of is not None:
        original = connection.execute(sa.select(db.cases.c.state).where(
            db.cases.c.id == case.duplicate_of)).scalar_one()
        return f"已合并至 #{case.duplicate_of}（{workflow.STATE_NAMES_ZH[CaseState(original)]}）"
    state_name = workflow.STATE_NAMES_ZH[case.state]
    if case.state not in _NOTED_STATES:
        return state_name
    table = db.case_history
    note = connection.execute(
        sa.select(table.c.note).where(table.c.case_id == case.id, table.c.to_state == case.state.value,
                                      table.c.from_state != case.state.value)
        .order_by(table.c.seq.desc()).limit(1)).scalar_one_or_none()
    return f"{state_name}：{note}" if note else state_name


def caller_cases(context: ServerContext, connection: Connection, phone: str) -> tuple[CallerCase, ...]:
    """The caller's earlier cases, newest first (at most HISTORY_LIMIT)."""
    ids = connection.execute(
        sa.select(db.cases.c.id).where(db.cases.c.reporter_phone == phone)
        .order_by(db.cases.c.reported_at.desc()).limit(HISTORY_LIMIT)).scalars().all()
    found = []
    for case in sorted(store.load_cases(connection, db.cases.c.id.in_(ids)), key=lambda c: c.reported_at,
                       reverse=True):
        name = context.catalogue.category(case.category_id).small_name if case.category_id else None
        found.append(CallerCase(id=case.id, reported_at=case.reported_at, state=case.state, category_name=name,
                                summary=summary(case.description), outcome=_outcome(connection, case)))
    return tuple(found)


def _phone(raw: str, field: str) -> str:
    phone = normalise_phone(raw)
    if not 5 <= len(phone) <= 20:
        raise invalid({field: "电话号码应为5至20位数字"})
    return phone


@router.post("/calls", response_model=IncomingCall, status_code=201)
def post_call(body: CallAnnouncement, context: Context, user: CurrentUser) -> IncomingCall:
    """来电: the hotline gateway announces a call; seats get a `call.incoming` event with the history."""
    require_roles(user, ANNOUNCE_ROLES, "您的账号无权通报来电")
    phone = _phone(body.caller_phone, "body.caller_phone")
    now = datetime.now(UTC)
    with context.database.write() as connection:
        call = IncomingCall(call_id=body.call_id, line=body.line, caller_phone=phone, at=now,
                            earlier_cases=caller_cases(context, connection, phone), seat=body.seat)
        store.append_event(connection, EventType.CALL_INCOMING, "call", user.name, None, now, call=call)
    context.notifier.notify_threadsafe()
    return context.phones.call(call, user.roles)


@router.get("/callers/{phone}/cases", response_model=CallerHistory)
def get_caller_cases(phone: str, context: Context, user: CurrentUser) -> CallerHistory:
    """来电人历史: a caller's earlier cases and how they ended. Only for roles that see full numbers:
    looking people up by number is what the masking keeps from the others."""
    require_roles(user, context.phones.full_number_roles, "您的岗位无权按电话号码查询来电人")
    digits = _phone(phone, "path.phone")
    with context.database.read() as connection:
        return CallerHistory(phone=digits, cases=caller_cases(context, connection, digits))
