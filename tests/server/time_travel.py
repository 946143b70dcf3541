"""Time travel for server tests: the server's clock cannot be wound on from outside, so a work order's
times are changed in the database as if that time had passed (or the order had been sent then)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tests.helpers.server import ServerProcess
from workstation.server import db

_COLUMNS = ("sent_at", "deadline")  # kept in columns beside the order's JSON, for the queries


def rewrite_order(server: ServerProcess, order_id: str, **fields: Any) -> None:
    """Set `fields` (`WorkOrder` names; datetimes for times) on the stored work order."""
    database = db.Database(server.db_url)
    try:
        with database.write() as connection:
            table = db.work_orders
            data = connection.execute(sa.select(table.c.data).where(table.c.id == order_id)).scalar_one()
            data = dict(data) | json.loads(json.dumps(fields, default=datetime.isoformat))
            columns = {name: fields[name] for name in _COLUMNS if name in fields}
            connection.execute(table.update().where(table.c.id == order_id).values(data=data, **columns))
    finally:
        database.dispose()
