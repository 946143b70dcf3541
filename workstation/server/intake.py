"""受理入口 (intake): a channel's report becomes a case with grid, category, department and 管控 flags.

Each channel's own fields are checked first (`domain.channels`): a report that fails leaves nothing
behind. A repeated alarm of the same device (IoT) or camera and label (video AI) while its case is
open updates that case instead of opening another; a low-confidence video detection waits in
待确认 until a seat confirms it. A new case arrives with its 相似案卷 check (`server.similar`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from workstation.domain import channels, places, workflow
from workstation.domain.deadline import due
from workstation.domain.models import (
    Case,
    CaseState,
    Category,
    Channel,
    ControlFlag,
    EventType,
    FilingCondition,
    GeoPoint,
    GridRef,
    IntakeReport,
    PlaceKind,
    StepClock,
    User,
)
from workstation.server import attachments, db, similar, store
from workstation.server.context import ServerContext
from workstation.server.errors import invalid

_ZONE = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Intake:
    """What intake did: the case, and whether it is new (201) or an open case a repeat updated (200)."""

    case: Case
    created: bool


def next_case_id(connection: Connection, now: datetime) -> str:
    """案卷号: local date + 6-digit daily sequence, e.g. "20261124000123"."""
    day = now.astimezone(_ZONE).strftime("%Y%m%d")
    value = connection.execute(sa.text(
        "INSERT INTO case_counters (day, value) VALUES (:day, 1) "
        "ON CONFLICT (day) DO UPDATE SET value = case_counters.value + 1 RETURNING value"),
        {"day": day}).scalar_one()
    return f"{day}{int(value):06d}"


# --- what a case's place, category and flags follow from (intake and seat edits alike) -----------


def resolve_grid(context: ServerContext, location: GeoPoint | None, grid_code: str | None,
                 field: str = "body.grid_code") -> GridRef | None:
    """The unit grid named by code, else the one holding the point; 400 for an unknown code."""
    if grid_code:
        try:
            return context.city.grid(grid_code).ref
        except KeyError:
            raise invalid({field: "未知的单元网格编码"}) from None
    if location is not None:
        return context.city.locate(location)
    return None


def resolve_category(context: ServerContext, category_id: str | None, condition_id: str | None,
                     description: str, prefix: str = "body.") -> tuple[Category, FilingCondition] | None:
    """The 小类 and 立案条件 asked for (the condition best fitting the description when only the
    小类 is given), or the catalogue's suggestion from the description; 400 for unknown codes."""
    catalogue = context.catalogue
    if condition_id:
        try:
            category, condition = catalogue.condition(condition_id)
        except KeyError:
            raise invalid({f"{prefix}condition_id": "立案条件不在案件分类标准中"}) from None
        if category_id and category_id != category.id:
            raise invalid({f"{prefix}condition_id": "立案条件不属于所选小类"})
        return category, condition
    if category_id:
        try:
            category = catalogue.category(category_id)
        except KeyError:
            raise invalid({f"{prefix}category_id": "小类不在案件分类标准中"}) from None
        suggested = catalogue.suggest(description)
        if suggested is not None and suggested[0].id == category.id:
            return suggested
        return category, category.conditions[0]
    return catalogue.suggest(description)


def geocode(context: ServerContext, address: str) -> GeoPoint | None:
    """The point of an address written precisely enough (a door number or a crossing), else None:
    a report with only a road or a community name waits for the seat to locate it."""
    found = places.search(context.city, address, 1)
    if found and found[0].kind in (PlaceKind.ADDRESS, PlaceKind.CROSSING):
        return found[0].point
    return None


def flags_for(context: ServerContext, case: Case) -> tuple[ControlFlag, ...]:
    """The 管控 flags of a case as it now stands (place, collector's own grid, filing hours)."""
    collector = case.reporter.collector_id if case.channel is Channel.COLLECTOR else None
    return context.controls.flags(context.city, point=case.location, grid=case.grid, category_id=case.category_id,
                                  reported_at=case.reported_at, collector_id=collector)


# --- intake ------------------------------------------------------------------------------------------


def intake(context: ServerContext, connection: Connection, report: IntakeReport, actor: User,
           now: datetime | None = None) -> Intake:
    """Store a new case from `report`, or update the open case a repeated alarm belongs to.

    Everything is validated before anything is written: a 400 leaves nothing behind."""
    now = now or datetime.now(UTC)
    if report.reported_at is not None and report.reported_at.utcoffset() is None:
        raise invalid({"body.reported_at": "日期时间需带时区"})
    try:
        prepared = channels.prepare(report, context.city, context.catalogue, context.channel_rules)
    except channels.ChannelError as error:
        raise invalid({f"body.{path}": message for path, message in error.fields.items()}) from None
    report = prepared.report
    if report.location is None and not report.grid_code and report.address.strip():
        report = report.model_copy(update={"location": geocode(context, report.address)})
    grid = resolve_grid(context, report.location, report.grid_code)
    found = resolve_category(context, report.category_id, report.condition_id, report.description)
    blobs = attachments.decode(report.attachments, "body.attachments")
    if prepared.source_key is not None and prepared.repeat_window is not None:
        repeated = _open_case_of(connection, prepared.source_key)
        last = repeated and _last_signal(repeated)
        if repeated is not None and last is not None and now - last <= prepared.repeat_window:
            return Intake(_repeat(connection, repeated, report, blobs, actor, now), created=False)

    reported_at = min(report.reported_at.astimezone(UTC), now) if report.reported_at else now
    address = report.address.strip()
    if not address and report.location is not None:
        address = context.city.nearest_address(report.location)
    suggested_department, rule, assists = None, None, ()
    if found is not None:
        suggested_department, rule = context.city.suggest_department(found[0], grid)
        assists = context.city.suggest_assists(found[0], grid)
    state, step_name = CaseState.REPORTED, workflow.INITIAL_STEP
    if prepared.needs_confirmation:
        state, step_name = CaseState.DETECTED, workflow.CONFIRM_STEP
    limit = context.step_limits[step_name]
    case_id = next_case_id(connection, now)
    case = Case(
        id=case_id, version=1, state=state, channel=report.channel, reported_at=reported_at,
        updated_at=now, description=report.description.strip(), address=address, location=report.location,
        grid=grid, reporter=report.reporter, urgent=report.urgent,
        category_id=found[0].id if found else None, condition_id=found[1].id if found else None,
        suggested_department_id=suggested_department, suggestion_rule=rule, department_id=None,
        step=StepClock(step=step_name, started_at=reported_at, limit=limit,
                       deadline=due(reported_at, limit, context.calendar)),
        handling_deadline=None, lease=None, details=report.details, suggested_assist_ids=assists,
    )
    case = case.model_copy(update={"flags": flags_for(context, case)})
    if state is CaseState.REPORTED:
        case = case.model_copy(update={"similar": context.similarity.check(connection, case, now)})
    store.save_case(connection, case, new=True)
    refs = attachments.add(connection, case_id, 0, report.attachments, blobs)
    case = case.model_copy(update={"attachments": tuple(refs)})
    if prepared.source_key is not None:
        connection.execute(db.cases.update().where(db.cases.c.id == case_id).values(source_key=prepared.source_key))
    notes = [f"上报人：{report.reporter.name}" if report.reporter.name else "", prepared.note]
    notes += [flag.message for flag in case.flags]
    notes.append(similar.warning(case.similar))
    store.add_history(connection, case.id, now, "reported", actor.id, actor.name, None, state,
                      note="；".join(note for note in notes if note), step=case.step)
    store.append_event(connection, EventType.CASE_CREATED, "reported", actor.name, case, now)
    return Intake(case, created=True)


def _open_case_of(connection: Connection, source_key: str) -> Case | None:
    """The newest open case of this device or camera and label, locked for the update."""
    open_states = [state.value for state in workflow.OPEN_STATES]
    case_id = connection.execute(
        sa.select(db.cases.c.id).where(db.cases.c.source_key == source_key, db.cases.c.state.in_(open_states))
        .order_by(db.cases.c.reported_at.desc()).limit(1)).scalar_one_or_none()
    return None if case_id is None else store.load_case(connection, case_id, for_update=True)


def _last_signal(case: Case) -> datetime | None:
    """When the device or camera last alarmed about this case."""
    value = case.details.get("last_alarm_at")
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.utcoffset() is not None:
            return moment.astimezone(UTC)
    return case.reported_at


def _repeat(connection: Connection, case: Case, report: IntakeReport, blobs: list[bytes], actor: User,
            now: datetime) -> Case:
    details, note = channels.repeat_update(dict(case.details), report)
    refs = attachments.add(connection, case.id, len(case.attachments), report.attachments, blobs)
    updated = case.model_copy(update={
        "details": details, "attachments": case.attachments + tuple(refs), "version": case.version + 1,
        "updated_at": now, "urgent": case.urgent or report.urgent})
    store.save_case(connection, updated)
    store.add_history(connection, case.id, now, "repeat_alarm", actor.id, actor.name, case.state, case.state, note)
    store.append_event(connection, EventType.CASE_CHANGED, "repeat_alarm", actor.name, updated, now)
    return updated
