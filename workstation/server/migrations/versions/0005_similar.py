"""相似案卷判断: the last similar-case check of a case, reports merged into it, and what it was merged into

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('similar', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('linked', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('duplicate_of', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('duplicate_of')
        batch.drop_column('linked')
        batch.drop_column('similar')
