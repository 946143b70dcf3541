"""channels and 管控: the key repeated IoT/video alarms are matched by, and the 管控 flags of a case

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 14:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('source_key', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('flags', sa.JSON(), nullable=True))
        batch.create_index('ix_cases_source_key', ['source_key'])


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_index('ix_cases_source_key')
        batch.drop_column('flags')
        batch.drop_column('source_key')
