"""受理入口 (intake): a channel's report becomes a case with grid, category and department suggested."""

from __future__ import annotations

import base64
import binascii
import secrets
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from workstation.domain import workflow
from workstation.domain.deadline import due
from workstation.domain.models import (
    Case,
    CaseState,
    Category,
    EventType,
    FilingCondition,
    GridRef,
    IntakeReport,
    StepClock,
    User,
)
from workstation.server import db, store
from workstation.server.context import ServerContext
from workstation.server.errors import invalid

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_ZONE = ZoneInfo("Asia/Shanghai")


def next_case_id(connection: Connection, now: datetime) -> str:
    """案卷号: local date + 6-digit daily sequence, e.g. "20261124000123"."""
    day = now.astimezone(_ZONE).strftime("%Y%m%d")
    value = connection.execute(sa.text(
        "INSERT INTO case_counters (day, value) VALUES (:day, 1) "
        "ON CONFLICT (day) DO UPDATE SET value = case_counters.value + 1 RETURNING value"),
        {"day": day}).scalar_one()
    return f"{day}{int(value):06d}"


def _grid(context: ServerContext, report: IntakeReport) -> GridRef | None:
    if report.grid_code:
        try:
            return context.city.grid(report.grid_code).ref
        except KeyError:
            raise invalid({"body.grid_code": "未知的单元网格编码"}) from None
    if report.location is not None:
        return context.city.locate(report.location)
    return None


def _category(context: ServerContext, report: IntakeReport) -> tuple[Category, FilingCondition] | None:
    catalogue = context.catalogue
    if report.condition_id:
        try:
            category, condition = catalogue.condition(report.condition_id)
        except KeyError:
            raise invalid({"body.condition_id": "立案条件不在案件分类标准中"}) from None
        if report.category_id and report.category_id != category.id:
            raise invalid({"body.condition_id": "立案条件不属于所选小类"})
        return category, condition
    if report.category_id:
        try:
            category = catalogue.category(report.category_id)
        except KeyError:
            raise invalid({"body.category_id": "小类不在案件分类标准中"}) from None
        suggested = catalogue.suggest(report.description)
        if suggested is not None and suggested[0].id == category.id:
            return suggested
        return category, category.conditions[0]
    return catalogue.suggest(report.description)


def _decode_attachments(report: IntakeReport) -> list[bytes]:
    blobs = []
    for index, upload in enumerate(report.attachments):
        try:
            data = base64.b64decode(upload.data_base64, validate=True)
        except (binascii.Error, ValueError):
            raise invalid({f"body.attachments.{index}.data_base64": "附件内容不是有效的 Base64"}) from None
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise invalid({f"body.attachments.{index}.data_base64": "附件过大（最大 10 MB）"})
        blobs.append(data)
    return blobs


def intake(context: ServerContext, connection: Connection, report: IntakeReport, actor: User,
           now: datetime | None = None) -> Case:
    """Store a new case from `report` (validated first: a 400 leaves nothing behind)."""
    now = now or datetime.now(UTC)
    if report.reported_at is not None and report.reported_at.utcoffset() is None:
        raise invalid({"body.reported_at": "日期时间需带时区"})
    grid = _grid(context, report)
    found = _category(context, report)
    blobs = _decode_attachments(report)
    reported_at = min(report.reported_at.astimezone(UTC), now) if report.reported_at else now
    address = report.address.strip()
    if not address and report.location is not None:
        address = context.city.nearest_address(report.location)
    suggested_department, rule = None, None
    if found is not None:
        suggested_department, rule = context.city.suggest_department(found[0], grid)
    limit = context.step_limits[workflow.INITIAL_STEP]
    case_id = next_case_id(connection, now)
    attachment_refs = [{"id": secrets.token_hex(16), "name": upload.name, "content_type": upload.content_type,
                        "size": len(data)} for upload, data in zip(report.attachments, blobs, strict=True)]
    case = Case(
        id=case_id, version=1, state=CaseState.REPORTED, channel=report.channel, reported_at=reported_at,
        updated_at=now, description=report.description.strip(), address=address, location=report.location,
        grid=grid, reporter=report.reporter, urgent=report.urgent,
        category_id=found[0].id if found else None, condition_id=found[1].id if found else None,
        suggested_department_id=suggested_department, suggestion_rule=rule, department_id=None,
        step=StepClock(step=workflow.INITIAL_STEP, started_at=reported_at, limit=limit,
                       deadline=due(reported_at, limit, context.calendar)),
        handling_deadline=None, lease=None, attachments=tuple(attachment_refs), details=report.details,
    )
    store.save_case(connection, case, new=True)
    for position, (ref, data) in enumerate(zip(attachment_refs, blobs, strict=True)):
        connection.execute(db.attachments.insert().values(case_id=case_id, position=position, data=data,
                                                          **ref))
    store.add_history(connection, case.id, now, "reported", actor.id, actor.name, None, CaseState.REPORTED,
                      note=f"上报人：{report.reporter.name}" if report.reporter.name else "")
    store.append_event(connection, EventType.CASE_CREATED, "reported", actor.name, case, now)
    return case
