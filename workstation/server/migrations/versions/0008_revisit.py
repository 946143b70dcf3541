"""回访 (satisfaction callback) of closed hotline cases: the pending flag the queue lists them by, and the last call

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('cases', sa.Column('revisit_pending', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('cases', sa.Column('revisit', sa.JSON(), nullable=True))
    op.create_index(op.f('ix_cases_revisit_pending'), 'cases', ['revisit_pending'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_cases_revisit_pending'), table_name='cases')
    op.drop_column('cases', 'revisit')
    op.drop_column('cases', 'revisit_pending')
