"""hotline calls and 核实 tasks: caller phone index, verification on cases, call payload on events

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-24 15:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0001'  # a sibling of 0002 (built in parallel); migrate.py applies every head
branch_labels = None
depends_on = None


def _digits(phone: str) -> str:
    """As workstation.domain.privacy.normalise_phone was when this revision was written."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('reporter_phone', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('verification', sa.JSON(), nullable=True))
        batch.create_index('ix_cases_reporter_phone', ['reporter_phone'])
    with op.batch_alter_table('events') as batch:
        batch.add_column(sa.Column('call_json', sa.Text(), nullable=True))
    cases = sa.table('cases', sa.column('id', sa.String), sa.column('reporter', sa.JSON),
                     sa.column('details', sa.JSON), sa.column('reporter_phone', sa.String))
    connection = op.get_bind()
    for row in connection.execute(sa.select(cases.c.id, cases.c.reporter, cases.c.details)).all():
        phone = _digits((row.reporter or {}).get('phone') or (row.details or {}).get('caller_phone') or '')
        if phone:
            connection.execute(cases.update().where(cases.c.id == row.id).values(reporter_phone=phone))


def downgrade() -> None:
    with op.batch_alter_table('events') as batch:
        batch.drop_column('call_json')
    with op.batch_alter_table('cases') as batch:
        batch.drop_index('ix_cases_reporter_phone')
        batch.drop_column('verification')
        batch.drop_column('reporter_phone')
