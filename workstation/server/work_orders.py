"""HTTP endpoints of the departments' side of a case (`/api/v1/…`): 处置反馈, 回退/延期/挂账 requests,
the 派遣员's decisions and 挂账恢复, the list of pending requests and the 派遣统计 (dispatch statistics):
回退 per routing rule and 返工 per department."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Query

from workstation.domain import workflow
from workstation.domain.models import (
    Case,
    CheckCommand,
    CloseCommand,
    DecideCommand,
    DepartmentRequest,
    FeedbackCommand,
    PendingRequests,
    RequestCommand,
    RequestKind,
    RequestState,
    ResumeCommand,
    ReturnStat,
    RevisitCommand,
    ReworkStat,
    SuperviseCommand,
    SupervisionReplyCommand,
    VerificationReport,
    WorkOrderState,
)
from workstation.server import closing, db, dispatching
from workstation.server.auth import CurrentUser, require_roles
from workstation.server.cases import STATS_ROLES, Context, IdempotencyKey, _command
from workstation.server.errors import invalid

Since = Annotated[datetime | None, Query(description="统计起点，默认全部")]

router = APIRouter()


@router.post("/cases/{case_id}/feedback", response_model=Case, tags=["dispatch"])
def post_feedback(case_id: str, body: FeedbackCommand, key: IdempotencyKey, context: Context,
                  user: CurrentUser) -> Case:
    """处置反馈 of a work order by its department (note and photos); the case goes on to 核查 once the
    mechanism's work is done (the lead's feedback, or every department's)."""
    return _command(context, user, case_id, key, body, dispatching.feedback)


@router.post("/cases/{case_id}/request", response_model=Case, tags=["dispatch"])
def post_request(case_id: str, body: RequestCommand, key: IdempotencyKey, context: Context,
                 user: CurrentUser) -> Case:
    """申请回退 / 延期 / 挂账 on a work order, with a reason; a 派遣员 decides."""
    return _command(context, user, case_id, key, body, dispatching.request)


@router.post("/cases/{case_id}/decide", response_model=Case, tags=["dispatch"])
def post_decide(case_id: str, body: DecideCommand, key: IdempotencyKey, context: Context,
                user: CurrentUser) -> Case:
    """The 派遣员 approves or refuses a department's request (409 naming who, when already decided)."""
    return _command(context, user, case_id, key, body, dispatching.decide)


@router.post("/cases/{case_id}/resume", response_model=Case, tags=["dispatch"])
def post_resume(case_id: str, body: ResumeCommand, key: IdempotencyKey, context: Context,
                user: CurrentUser) -> Case:
    """挂账恢复: the suspended case's clocks run again."""
    return _command(context, user, case_id, key, body, dispatching.resume)


@router.post("/cases/{case_id}/check", response_model=Case, tags=["dispatch"])
def post_check(case_id: str, body: CheckCommand, key: IdempotencyKey, context: Context,
               user: CurrentUser) -> Case:
    """发送核查: a 核查 task to the on-duty collector of the case's grid (else the nearest on duty)."""
    return _command(context, user, case_id, key, body, closing.check)


@router.post("/cases/{case_id}/check_result", response_model=Case, tags=["dispatch"])
def post_check_result(case_id: str, body: VerificationReport, key: IdempotencyKey, context: Context,
                      user: CurrentUser) -> Case:
    """核查反馈 by the collector: `confirmed` true = passed (待结案), false = 返工 to the same departments."""
    return _command(context, user, case_id, key, body, closing.check_result)


@router.post("/cases/{case_id}/close", response_model=Case, tags=["dispatch"])
def post_close(case_id: str, body: CloseCommand, key: IdempotencyKey, context: Context,
               user: CurrentUser) -> Case:
    """结案 by the 值班长 after a passed 核查; the history names the 结案条件."""
    return _command(context, user, case_id, key, body, closing.close)


@router.post("/cases/{case_id}/revisit", response_model=Case, tags=["dispatch"])
def post_revisit(case_id: str, body: RevisitCommand, key: IdempotencyKey, context: Context,
                 user: CurrentUser) -> Case:
    """回访 of a closed hotline case whose caller wanted a call back (`revisit_pending`): 满意, 基本满意 or 不满意
    end it; 未接通 keeps it 待回访 until the third unanswered call."""
    return _command(context, user, case_id, key, body, closing.revisit)


@router.post("/cases/{case_id}/supervise", response_model=Case, tags=["dispatch"])
def post_supervise(case_id: str, body: SuperviseCommand, key: IdempotencyKey, context: Context,
                   user: CurrentUser) -> Case:
    """督办 with an opinion on any open case."""
    return _command(context, user, case_id, key, body, closing.supervise)


@router.post("/cases/{case_id}/supervision_reply", response_model=Case, tags=["dispatch"])
def post_supervision_reply(case_id: str, body: SupervisionReplyCommand, key: IdempotencyKey, context: Context,
                           user: CurrentUser) -> Case:
    """督办回复: the supervised department answers a 督办 (`index` in `case.supervisions`), once."""
    return _command(context, user, case_id, key, body, closing.reply_supervision)


@router.get("/requests", response_model=PendingRequests, tags=["dispatch"])
def get_requests(context: Context, user: CurrentUser) -> PendingRequests:
    """The departments' requests waiting for a 派遣员, oldest first."""
    require_roles(user, tuple(workflow.DECIDE_ROLES), "您的岗位无权审批部门申请")
    table = db.case_requests
    with context.database.read() as connection:
        rows = connection.execute(sa.select(table.c.data).where(table.c.state == RequestState.PENDING.value)
                                  .order_by(table.c.requested_at, table.c.id)).all()
    return PendingRequests(requests=tuple(DepartmentRequest.model_validate(row.data) for row in rows))


@router.get("/dispatch/returns", response_model=list[ReturnStat], tags=["dispatch"])
def get_returns(context: Context, user: CurrentUser, since: Since = None) -> list[ReturnStat]:
    """回退 requests counted per routing rule (小类, rule, department), most asked first, so the
    责任分解表 can be fixed."""
    require_roles(user, (*workflow.DECIDE_ROLES, *STATS_ROLES), "您的岗位无权查看回退统计")
    table = db.case_requests
    where = table.c.kind == RequestKind.RETURN.value
    if (since := _aware(since)) is not None:
        where = sa.and_(where, table.c.requested_at >= since)
    approved = sa.func.sum(sa.case((table.c.state == RequestState.APPROVED.value, 1), else_=0))
    query = (sa.select(table.c.category_id, table.c.routing_rule, table.c.department_id,
                       sa.func.count().label("requested"), approved.label("approved"))
             .where(where).group_by(table.c.category_id, table.c.routing_rule, table.c.department_id)
             .order_by(sa.func.count().desc(), table.c.category_id, table.c.department_id))
    with context.database.read() as connection:
        rows = connection.execute(query).all()
    return [ReturnStat(category_id=row.category_id, routing_rule=row.routing_rule, department_id=row.department_id,
                       requested=int(row.requested), approved=int(row.approved or 0)) for row in rows]


@router.get("/dispatch/rework", response_model=list[ReworkStat], tags=["dispatch"])
def get_rework(context: Context, user: CurrentUser, since: Since = None) -> list[ReworkStat]:
    """返工 per department: work orders (re)sent since `since`, how many of them came back after a
    failed 核查 and how often, and how many were fed back after their deadline; most reworked first.

    An order sent back for 返工 starts again (`sent_at`, deadline and feedback are replaced), so the
    period counts orders by their latest sending, and lateness by their latest feedback. A 协办 order
    closed by the lead's feedback before the unit answered (随主办办结) is not counted."""
    require_roles(user, (*workflow.DECIDE_ROLES, *STATS_ROLES), "您的岗位无权查看返工统计")
    table = db.work_orders
    rework = sa.func.coalesce(table.c.data["rework"].as_integer(), 0)
    reworked = sa.func.sum(sa.case((rework > 0, 1), else_=0))
    query = (sa.select(table.c.department_id, sa.func.count().label("sent"), reworked.label("reworked"),
                       sa.func.sum(rework).label("reworks"),
                       sa.func.sum(sa.case((_fed_back_late(context.database.dialect), 1),
                                           else_=0)).label("overdue"))
             .where(table.c.state != WorkOrderState.CLOSED_WITH_LEAD.value)
             .group_by(table.c.department_id)
             .order_by(reworked.desc(), sa.func.sum(rework).desc(), sa.func.count().desc(), table.c.department_id))
    if (since := _aware(since)) is not None:
        query = query.where(table.c.sent_at >= since)
    with context.database.read() as connection:
        rows = connection.execute(query).all()
    return [ReworkStat(department_id=row.department_id, sent=int(row.sent), reworked=int(row.reworked or 0),
                       reworks=int(row.reworks or 0), rework_rate=int(row.reworked or 0) / int(row.sent),
                       overdue=int(row.overdue or 0)) for row in rows]


def _aware(since: datetime | None) -> datetime | None:
    """`since` as given; a 400 naming the field when it has no time zone."""
    if since is not None and since.tzinfo is None:
        raise invalid({"query.since": "日期时间需带时区"})
    return since


def _fed_back_late(dialect: str) -> sa.ColumnElement[bool]:
    """The order's 处置反馈 came after its deadline. `fed_back_at` lives in the order's JSON as ISO text
    with its offset; the deadline column is UTC (naive text on SQLite, timestamptz on PostgreSQL)."""
    table = db.work_orders
    fed_back = table.c.data["fed_back_at"].as_string()
    if dialect == "sqlite":  # julianday() reads both forms, offsets included, as UTC
        return sa.func.julianday(fed_back) > sa.func.julianday(table.c.deadline)
    return sa.cast(fed_back, sa.DateTime(timezone=True)) > table.c.deadline
