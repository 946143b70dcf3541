"""the map panel: the last position each 信息采集员's app reported

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('collector_positions',
    sa.Column('collector_id', sa.String(length=64), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('collector_id')
    )


def downgrade() -> None:
    op.drop_table('collector_positions')
