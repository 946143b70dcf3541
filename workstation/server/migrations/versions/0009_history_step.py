"""the case timeline: each history line keeps the step clock (环节时限) it started or moved

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('case_history', sa.Column('step', sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column('case_history', 'step')
