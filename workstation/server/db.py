"""The server's database: tables, engine set-up for SQLite and PostgreSQL, and transactions.

SQLite runs in WAL mode with writes serialised (one lock in the process and `BEGIN IMMEDIATE`
between processes). PostgreSQL relies on row locks (`SELECT … FOR UPDATE`) and an advisory lock
around the event insert, so event sequence numbers are handed out in commit order and a reader
never skips an event that commits late.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

metadata = sa.MetaData()

#: Advisory lock keys (PostgreSQL): one for event numbering, one for running migrations.
EVENT_LOCK = 7_310_001
MIGRATION_LOCK = 7_310_002
SEED_LOCK = 7_310_003
NOTIFY_CHANNEL = "workstation_events"


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware datetimes, stored as UTC (SQLite drops the zone; this puts it back)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _seq_type() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("department_id", sa.String(64)),
    sa.Column("password_hash", sa.String(300), nullable=False),
)

tokens = sa.Table(
    "tokens", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id"), nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
)

departments = sa.Table(
    "departments", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("short_name", sa.String(100), nullable=False),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("district_code", sa.String(20)),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
)

case_counters = sa.Table(
    "case_counters", metadata,
    sa.Column("day", sa.String(8), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)

cases = sa.Table(
    "cases", metadata,
    sa.Column("id", sa.String(20), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("state", sa.String(20), nullable=False, index=True),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("reported_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False, index=True),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("address", sa.String(300), nullable=False),
    sa.Column("lon", sa.Float),
    sa.Column("lat", sa.Float),
    sa.Column("grid_code", sa.String(20)),
    sa.Column("grid_community", sa.String(100)),
    sa.Column("grid_street", sa.String(100)),
    sa.Column("grid_district", sa.String(100)),
    sa.Column("reporter", sa.JSON, nullable=False),
    sa.Column("urgent", sa.Boolean, nullable=False),
    sa.Column("category_id", sa.String(20)),
    sa.Column("condition_id", sa.String(20)),
    sa.Column("suggested_department_id", sa.String(64)),
    sa.Column("suggestion_rule", sa.String(300)),
    sa.Column("department_id", sa.String(64)),
    sa.Column("step_name", sa.String(20)),
    sa.Column("step_started_at", UTCDateTime),
    sa.Column("step_limit_value", sa.Integer),
    sa.Column("step_limit_unit", sa.String(20)),
    sa.Column("step_deadline", UTCDateTime),
    sa.Column("handling_deadline", UTCDateTime),
    sa.Column("lease_user_id", sa.String(64)),
    sa.Column("lease_user_name", sa.String(100)),
    sa.Column("lease_expires_at", UTCDateTime, index=True),
    sa.Column("details", sa.JSON, nullable=False),
    sa.Column("reporter_phone", sa.String(32), index=True),  # digits only: callers are looked up by it
    sa.Column("verification", sa.JSON),
    # repeated alarms of one device (IoT) or camera and label (video AI) are matched by this key
    sa.Column("source_key", sa.String(200), index=True),
    sa.Column("flags", sa.JSON),  # 管控 flags (非采集区域, 限时段 …)
    sa.Column("similar", sa.JSON),  # the last 相似案卷 check and the seat's decision
    sa.Column("linked", sa.JSON),  # reports merged into this case as its duplicates
    sa.Column("duplicate_of", sa.String(20)),  # the case this one was merged into
    sa.Column("suggested_assist_ids", sa.JSON),  # 协办 units the routing matrix suggests
    sa.Column("inspection", sa.JSON),  # the last 核查 task
    sa.Column("supervisions", sa.JSON),  # 督办 records
    # 待回访: a closed hotline case whose caller wants a call back (listed with the open cases)
    sa.Column("revisit_pending", sa.Boolean, nullable=False, server_default=sa.false(), index=True),
    sa.Column("revisit", sa.JSON),  # the last 回访 call
)

#: 派遣单: one row per work order; `data` holds the whole `WorkOrder`, the columns what is queried.
work_orders = sa.Table(
    "work_orders", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("case_id", sa.String(20), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("department_id", sa.String(64), nullable=False, index=True),
    sa.Column("role", sa.String(10), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("flow", sa.String(10), nullable=False),
    sa.Column("sent_at", UTCDateTime, nullable=False),
    sa.Column("deadline", UTCDateTime, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
)

#: The departments' 回退 / 延期 / 挂账 requests; `data` holds the whole `DepartmentRequest`.
case_requests = sa.Table(
    "case_requests", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("case_id", sa.String(20), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("work_order_id", sa.String(32), nullable=False),
    sa.Column("department_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("state", sa.String(10), nullable=False, index=True),
    sa.Column("requested_at", UTCDateTime, nullable=False),
    sa.Column("category_id", sa.String(20)),
    sa.Column("routing_rule", sa.String(300)),
    sa.Column("data", sa.JSON, nullable=False),
)

attachments = sa.Table(
    "attachments", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("case_id", sa.String(20), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("content_type", sa.String(100), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

case_history = sa.Table(
    "case_history", metadata,
    sa.Column("seq", _seq_type(), sa.Identity(), primary_key=True),
    sa.Column("case_id", sa.String(20), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("actor_id", sa.String(64)),
    sa.Column("actor_name", sa.String(100), nullable=False),
    sa.Column("from_state", sa.String(20)),
    sa.Column("to_state", sa.String(20)),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("step", sa.JSON),  # the step clock (环节时限) this line started or moved, if any
    sqlite_autoincrement=True,
)

events = sa.Table(
    "events", metadata,
    sa.Column("seq", _seq_type(), sa.Identity(), primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("actor_name", sa.String(100), nullable=False),
    sa.Column("case_id", sa.String(20)),
    sa.Column("case_json", sa.Text),
    sa.Column("call_json", sa.Text),
    sqlite_autoincrement=True,
)

idempotency = sa.Table(
    "idempotency", metadata,
    sa.Column("user_id", sa.String(64), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
)


collector_positions = sa.Table(
    "collector_positions", metadata,
    sa.Column("collector_id", sa.String(64), primary_key=True),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),  # when the collector's app took the position
)


def engine_url(url: str) -> str:
    """The SQLAlchemy URL for a `--db` value: psycopg 3 for PostgreSQL, pysqlite for SQLite."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Database:
    """The engine plus the two kinds of transaction the server uses: `read()` and `write()`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        self.dialect: str = self.engine.dialect.name
        self._write_lock = threading.Lock()

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent snapshot (REPEATABLE READ on PostgreSQL, one deferred transaction on SQLite)."""
        with self.engine.connect() as connection:
            if not self.is_sqlite:
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction; serialised on SQLite (lock here, `BEGIN IMMEDIATE` across processes)."""
        if self.is_sqlite:
            with self._write_lock, self.engine.connect() as connection:
                connection.execution_options(sqlite_immediate=True)
                with connection.begin():
                    yield connection
        else:
            with self.engine.begin() as connection:
                yield connection

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    url = engine_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    return sa.create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def lock_events(connection: Connection) -> None:
    """Hold the event-numbering lock until commit (PostgreSQL), so seq order is commit order."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_LOCK})


def notify(connection: Connection, seq: int) -> None:
    """Tell other server processes about a new event; PostgreSQL delivers it at commit."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_notify(:channel, :payload)"),
                           {"channel": NOTIFY_CHANNEL, "payload": str(seq)})


def last_seq(connection: Connection) -> int:
    return int(connection.execute(sa.select(sa.func.coalesce(sa.func.max(events.c.seq), 0))).scalar_one())


def first_seq(connection: Connection) -> int | None:
    value = connection.execute(sa.select(sa.func.min(events.c.seq))).scalar_one()
    return None if value is None else int(value)


@contextmanager
def exclusive(database: Database, key: int) -> Iterator[None]:
    """Hold a PostgreSQL session advisory lock, so processes starting together take turns."""
    if database.is_sqlite:
        yield
        return
    with database.engine.connect() as connection:
        connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": key})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()
