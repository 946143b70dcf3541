"""`--seed demo`: demo accounts (seats, channels, departments, collectors), the city's departments
and, on an empty database, a morning's cases.

Idempotent: accounts and departments are added when missing (existing ones keep their
passwords); cases are seeded only when there are none, through the same intake code a channel
uses, with report times spread over the last 40 minutes so the timers show every colour.
"""

from __future__ import annotations

import logging
import random
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from workstation.domain.city import DemoUser
from workstation.domain.models import CaseState, Channel, FileCommand, IntakeReport, Role, User
from workstation.domain.verification import collector_account
from workstation.server import commands, db
from workstation.server.auth import hash_password
from workstation.server.context import ServerContext
from workstation.server.intake import intake

log = logging.getLogger(__name__)

DEMO_PASSWORD = "demo"
SEED_CASES = 15
SEED_FILED = 3
_SPREAD = timedelta(minutes=40)
_CHANNEL_ACCOUNTS = {Channel.COLLECTOR: "channel-collector", Channel.HOTLINE: "channel-hotline",
                     Channel.IOT: "channel-iot", Channel.VIDEO_AI: "channel-video",
                     Channel.PUBLIC: "channel-public"}
_FILER = "leader01"


def seed_demo(context: ServerContext, *, rng: random.Random | None = None) -> None:
    rng = rng or random.Random(20261124)
    with db.exclusive(context.database, db.SEED_LOCK):
        _seed(context, rng)


def _seed(context: ServerContext, rng: random.Random) -> None:
    _seed_departments(context)
    _seed_users(context)
    with context.database.read() as connection:
        has_cases = connection.execute(sa.select(sa.func.count()).select_from(db.cases)).scalar_one() > 0
    if not has_cases:
        _seed_cases(context, rng)


def _seed_departments(context: ServerContext) -> None:
    with context.database.write() as connection:
        known = set(connection.execute(sa.select(db.departments.c.id)).scalars())
        for position, department in enumerate(context.city.departments):
            if department.id not in known:
                connection.execute(db.departments.insert().values(
                    id=department.id, name=department.name, short_name=department.short_name,
                    level=department.level, district_code=department.district_code, position=position))


def _seed_users(context: ServerContext) -> None:
    with context.database.read() as connection:
        known = set(connection.execute(sa.select(db.users.c.id)).scalars())
    collectors = [DemoUser(username=collector_account(c.id), name=c.name, roles=(Role.COLLECTOR,))
                  for c in context.city.collectors]
    missing = [user for user in (*context.city.users, *collectors) if user.username not in known]
    rows = [{"id": user.username, "name": user.name, "roles": [role.value for role in user.roles],
             "department_id": user.department_id,
             "password_hash": hash_password(DEMO_PASSWORD, secrets.token_bytes(16))} for user in missing]
    if rows:
        with context.database.write() as connection:
            connection.execute(db.users.insert(), rows)
        log.info("seeded %d demo account(s)", len(rows))


def _user(context: ServerContext, username: str) -> User:
    with context.database.read() as connection:
        row = connection.execute(sa.select(db.users).where(db.users.c.id == username)).first()
    if row is None:
        raise RuntimeError(f"demo account {username} missing from the city's user list")
    return User(id=row.id, name=row.name, roles=tuple(Role(role) for role in row.roles),
                department_id=row.department_id)


def _reports(context: ServerContext, rng: random.Random, now: datetime) -> list[IntakeReport]:
    from workstation.server.simulator import generate_reports

    reports = generate_reports(rng, SEED_CASES, context.city, context.catalogue, now=now)
    ages = sorted((rng.uniform(0, _SPREAD.total_seconds()) for _ in reports), reverse=True)
    return [report.model_copy(update={"reported_at": now - timedelta(seconds=age)})
            for report, age in zip(reports, ages, strict=True)]


def _seed_cases(context: ServerContext, rng: random.Random) -> None:
    now = datetime.now(UTC)
    created = []
    for report in _reports(context, rng, now):
        actor = _user(context, _CHANNEL_ACCOUNTS.get(report.channel, "channel-public"))
        with context.database.write() as connection:
            result = intake(context, connection, report, actor)
        if result.created:  # a repeated alarm updated an earlier case
            created.append(result.case)
    filer = _user(context, _FILER)
    filed = 0
    for case in created[:8]:  # the oldest ones, so 待派遣 has cases waiting a while
        if filed >= SEED_FILED or case.state is not CaseState.REPORTED or case.condition_id is None:
            continue
        command = FileCommand(version=case.version, category_id=case.category_id,
                              condition_id=case.condition_id)
        commands.run(context, filer, case.id, f"seed-file-{case.id}", command,
                     commands.file(context, filer, command))
        filed += 1
    log.info("seeded %d demo case(s), %d already filed", len(created), filed)
