"""pruning the event log and the idempotency keys by age: an index on their time

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 19:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f('ix_events_at'), 'events', ['at'], unique=False)
    op.create_index(op.f('ix_idempotency_at'), 'idempotency', ['at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_idempotency_at'), table_name='idempotency')
    op.drop_index(op.f('ix_events_at'), table_name='events')
