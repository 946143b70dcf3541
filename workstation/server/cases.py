"""HTTP endpoints for reference data, intake, cases, commands and attachments (`/api/v1/…`).

The endpoints are plain `def`: FastAPI runs them in its thread pool, so database work never
blocks the event loop that carries the SSE streams.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Query, Response
from sqlalchemy.engine import Connection

from workstation.domain import workflow
from workstation.domain.models import (
    AcknowledgeCommand,
    Case,
    CaseDetail,
    CaseList,
    ClaimCommand,
    ConfirmCommand,
    Department,
    DispatchCommand,
    EditCommand,
    FileCommand,
    IntakeReport,
    MergeCommand,
    NotDuplicateCommand,
    ReferenceData,
    RejectCommand,
    Role,
    SimilarCheck,
    SimilarityStats,
    SimilarQuery,
    User,
    VerificationReport,
    VerifyCommand,
)
from workstation.domain.verification import task_labels
from workstation.server import commands, db, dispatching, similar, store
from workstation.server.auth import CurrentUser, require_roles
from workstation.server.context import ServerContext, get_context
from workstation.server.errors import invalid, not_found
from workstation.server.intake import geocode, intake, resolve_category, resolve_grid

router = APIRouter()
Context = Annotated[ServerContext, Depends(get_context)]
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=200,
                                       description="同一用户重复提交同一键时返回首次结果，不重复执行")]

INTAKE_ROLES = (Role.CHANNEL, Role.ACCEPTOR, Role.SHIFT_LEADER)
SEAT_ROLES = (Role.ACCEPTOR, Role.SHIFT_LEADER)  # who registers a case by hand
STATS_ROLES = (Role.SHIFT_LEADER, Role.ADMIN)


def visible(context: ServerContext, case: Case, user: User) -> Case:
    """The case as this user may see it (phone numbers masked for roles not allowed them)."""
    return context.phones.case(case, user.roles)


def departments(context: ServerContext) -> tuple[Department, ...]:
    with context.database.read() as connection:
        rows = connection.execute(sa.select(db.departments).order_by(db.departments.c.position,
                                                                     db.departments.c.id)).all()
    return tuple(Department(id=row.id, name=row.name, short_name=row.short_name, level=row.level,
                            district_code=row.district_code) for row in rows)


@router.get("/health", tags=["system"])
def get_health(context: Context) -> dict[str, str]:
    with context.database.read() as connection:
        connection.execute(sa.text("SELECT 1"))
    return {"status": "ok", "db": context.database.dialect}


@router.get("/reference", response_model=ReferenceData, tags=["reference"])
def get_reference(context: Context, _user: CurrentUser) -> ReferenceData:
    """Catalogue, departments, holiday calendar, step limits and reject reasons."""
    return ReferenceData(
        catalogue_name=context.catalogue.name, categories=context.catalogue.categories,
        keywords=context.catalogue.keywords,
        departments=departments(context), calendar=context.calendar.holidays,
        step_limits=context.step_limits, reject_reasons=context.reject_reasons,
        task_labels=task_labels(), filing_windows=context.controls.filing_windows,
        field_choices={"public.platform": context.channel_rules.platforms},
        timezone=context.calendar.timezone)


@router.get("/cases", response_model=CaseList, tags=["cases"])
def get_cases(
    context: Context, user: CurrentUser,
    ended_since: Annotated[datetime | None, Query(description="同时返回此后更新的已结束案卷")] = None,
) -> CaseList:
    """Open cases and closed ones waiting for 回访 (plus ended ones updated since `ended_since`) and the
    event seq they reflect."""
    open_states = [state.value for state in workflow.OPEN_STATES]
    where = sa.or_(db.cases.c.state.in_(open_states), db.cases.c.revisit_pending.is_(True))
    if ended_since is not None:
        if ended_since.tzinfo is None:
            raise invalid({"query.ended_since": "日期时间需带时区"})
        where = sa.or_(where, db.cases.c.updated_at >= ended_since)
    with context.database.read() as connection:
        seq = db.last_seq(connection)
        found = store.load_cases(connection, where)
    return CaseList(cases=tuple(visible(context, case, user) for case in found), last_seq=seq)


@router.get("/cases/{case_id}", response_model=CaseDetail, tags=["cases"])
def get_case(case_id: str, context: Context, user: CurrentUser) -> CaseDetail:
    with context.database.read() as connection:
        case = store.load_case(connection, case_id)
        if case is None:
            raise not_found()
        return CaseDetail(case=visible(context, case, user), history=tuple(store.history(connection, case_id)))


IntakeKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200,
                                         description="重发同一上报时带同一键：只生成一件案卷")]


@router.post("/intake", response_model=Case, status_code=201, tags=["intake"],
             responses={200: {"model": Case, "description": "同一设备或摄像头的重复告警：更新了其未结案卷"}})
def post_intake(report: IntakeReport, context: Context, user: CurrentUser, response: Response,
                key: IntakeKey = None) -> Case:
    """A channel's report (上报): becomes a case in 待受理 (待确认 for a low-confidence video
    detection) with suggestions and 管控 flags filled in, or updates the open case of a repeated alarm."""
    require_roles(user, INTAKE_ROLES, "您的账号无权上报案卷")
    with context.database.write() as connection:
        stored = _stored_intake(connection, user, key)
        if stored is not None:
            response.status_code = stored[0]
            return visible(context, stored[1], user)
        result = intake(context, connection, report, user)
        response.status_code = 201 if result.created else 200
        if key is not None:
            connection.execute(db.idempotency.insert().values(
                user_id=user.id, key=f"intake:{key}", status=response.status_code,
                body=result.case.model_dump_json(), at=result.case.updated_at))
    context.notifier.notify_threadsafe()
    return visible(context, result.case, user)


def _stored_intake(connection: Connection, user: User, key: str | None) -> tuple[int, Case] | None:
    if key is None:
        return None
    table = db.idempotency
    row = connection.execute(sa.select(table.c.status, table.c.body).where(
        table.c.user_id == user.id, table.c.key == f"intake:{key}")).first()
    return None if row is None else (row.status, Case.model_validate_json(row.body))


def _command(context: ServerContext, user: User, case_id: str, key: str, body: Any,
             make: Callable[[ServerContext, User, Any], commands.Apply]) -> Case:
    return visible(context, commands.run(context, user, case_id, key, body, make(context, user, body)), user)


@router.post("/cases/{case_id}/claim", response_model=Case, tags=["commands"])
def post_claim(case_id: str, body: ClaimCommand, key: IdempotencyKey, context: Context,
               user: CurrentUser) -> Case:
    """认领: hold the case for a few minutes so other seats see who works on it."""
    return _command(context, user, case_id, key, body, commands.claim)


@router.post("/cases/{case_id}/release", response_model=Case, tags=["commands"])
def post_release(case_id: str, body: ClaimCommand, key: IdempotencyKey, context: Context,
                 user: CurrentUser) -> Case:
    """释放: give up one's own claim."""
    return _command(context, user, case_id, key, body, commands.release)


@router.post("/cases/{case_id}/edit", response_model=Case, tags=["commands"])
def post_edit(case_id: str, body: EditCommand, key: IdempotencyKey, context: Context,
              user: CurrentUser) -> Case:
    """修改: the seat's corrections before filing (description, place, category, urgency, reporter)."""
    return _command(context, user, case_id, key, body, commands.edit)


@router.post("/cases/{case_id}/file", response_model=Case, tags=["commands"])
def post_file(case_id: str, body: FileCommand, key: IdempotencyKey, context: Context,
              user: CurrentUser) -> Case:
    """立案 with a 小类 and 立案条件, and the seat's last corrections."""
    return _command(context, user, case_id, key, body, commands.file)


@router.post("/cases/{case_id}/confirm", response_model=Case, tags=["commands"])
def post_confirm(case_id: str, body: ConfirmCommand, key: IdempotencyKey, context: Context,
                 user: CurrentUser) -> Case:
    """确认 a low-confidence video-AI detection: it becomes a case in 待受理."""
    return _command(context, user, case_id, key, body, commands.confirm)


@router.post("/cases/{case_id}/reject", response_model=Case, tags=["commands"])
def post_reject(case_id: str, body: RejectCommand, key: IdempotencyKey, context: Context,
                user: CurrentUser) -> Case:
    """不予受理 or 作废, with a reason."""
    return _command(context, user, case_id, key, body, commands.reject)


@router.post("/cases/{case_id}/dispatch", response_model=Case, tags=["commands"])
def post_dispatch(case_id: str, body: DispatchCommand, key: IdempotencyKey, context: Context,
                  user: CurrentUser) -> Case:
    """派遣 by one of the dispatch mechanisms (扁平化 to `department_id` by default): its work orders
    (派遣单) are sent together and each one's 处置时限 starts."""
    return _command(context, user, case_id, key, body, dispatching.dispatch_case)


@router.post("/cases/{case_id}/acknowledge", response_model=Case, tags=["commands"])
def post_acknowledge(case_id: str, body: AcknowledgeCommand, key: IdempotencyKey, context: Context,
                     user: CurrentUser) -> Case:
    """签收 of a work order by the department it was sent to."""
    return _command(context, user, case_id, key, body, dispatching.acknowledge)


@router.post("/cases/{case_id}/verify", response_model=Case, tags=["commands"])
def post_verify(case_id: str, body: VerifyCommand, key: IdempotencyKey, context: Context,
                user: CurrentUser) -> Case:
    """发送核实: a 核实 task to the on-duty collector of the case's grid (else the nearest on duty)."""
    return _command(context, user, case_id, key, body, commands.verify)


@router.post("/cases/{case_id}/verify_result", response_model=Case, tags=["commands"])
def post_verify_result(case_id: str, body: VerificationReport, key: IdempotencyKey, context: Context,
                       user: CurrentUser) -> Case:
    """核实反馈 by the collector: 属实 or not, a note and photos; the case returns to 待受理."""
    return _command(context, user, case_id, key, body, commands.verify_result)


@router.post("/cases/{case_id}/merge", response_model=Case, tags=["commands"])
def post_merge(case_id: str, body: MergeCommand, key: IdempotencyKey, context: Context,
               user: CurrentUser) -> Case:
    """合并 into the open case `into`: this duplicate closes as 作废 (重复案卷) and its reporter is listed
    on the original (`linked`), which changes in the same transaction."""
    merged = commands.run(context, user, case_id, key, body, commands.merge(context, user, body), also=body.into)
    return visible(context, merged, user)


@router.post("/cases/{case_id}/not_duplicate", response_model=Case, tags=["commands"])
def post_not_duplicate(case_id: str, body: NotDuplicateCommand, key: IdempotencyKey, context: Context,
                       user: CurrentUser) -> Case:
    """不是重复: the seat's answer to the case's 相似案卷 warning; it tunes the engine."""
    return _command(context, user, case_id, key, body, commands.not_duplicate)


@router.post("/similarity/check", response_model=SimilarCheck, tags=["similarity"])
def post_similarity_check(body: SimilarQuery, context: Context, user: CurrentUser) -> SimilarCheck:
    """相似案卷 of a case the seat is still writing (a call being taken): nothing is stored. The point, else
    the grid, else a door number or crossing in the address places it."""
    require_roles(user, SEAT_ROLES, "您的岗位无权登记案卷")
    location = body.location
    if location is None and not body.grid_code and body.address.strip():
        location = geocode(context, body.address)
    grid = resolve_grid(context, location, body.grid_code)
    if body.category_id is not None:
        resolve_category(context, body.category_id, None, body.description)
    with context.database.read() as connection:
        return context.similarity.preview(connection, body.model_copy(update={"location": location}), grid,
                                          datetime.now(UTC))


@router.get("/similarity/stats", response_model=SimilarityStats, tags=["similarity"])
def get_similarity_stats(
    context: Context, user: CurrentUser,
    since: Annotated[datetime | None, Query(description="统计起点，默认今日零时")] = None,
) -> SimilarityStats:
    """相似案卷 checks and warnings since `since`, and the seats' decisions (合并, 不是重复, 仍立案)."""
    require_roles(user, STATS_ROLES, "您的岗位无权查看相似案卷统计")
    if since is None:
        since = datetime.now(context.calendar.zone).replace(hour=0, minute=0, second=0, microsecond=0)
    elif since.tzinfo is None:
        raise invalid({"query.since": "日期时间需带时区"})
    with context.database.read() as connection:
        return similar.stats(connection, since)


@router.get("/attachments/{attachment_id}", tags=["cases"],
            responses={200: {"content": {"application/octet-stream": {}}, "description": "附件内容"}})
def get_attachment(attachment_id: str, context: Context, _user: CurrentUser) -> Response:
    table = db.attachments
    with context.database.read() as connection:
        row = connection.execute(sa.select(table.c.content_type, table.c.data, table.c.name)
                                 .where(table.c.id == attachment_id)).first()
    if row is None:
        raise not_found("找不到该附件")
    return Response(content=bytes(row.data), media_type=row.content_type,
                    headers={"Cache-Control": "private, max-age=86400"})
