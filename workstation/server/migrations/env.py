"""Alembic environment: the server's own metadata; the connection comes from `migrate.upgrade`."""

from __future__ import annotations

from alembic import context

from workstation.server.db import metadata

config = context.config
connection = config.attributes.get("connection")

if connection is None:
    raise RuntimeError("run migrations through workstation.server.migrate (no alembic.ini)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
