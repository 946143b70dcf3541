"""dispatch mechanisms: work orders (派遣单), the departments' 回退/延期/挂账 requests, suggested 协办 units, the 核查 task and 督办 records

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('cases', sa.Column('suggested_assist_ids', sa.JSON(), nullable=True))
    op.add_column('cases', sa.Column('inspection', sa.JSON(), nullable=True))
    op.add_column('cases', sa.Column('supervisions', sa.JSON(), nullable=True))
    op.create_table('work_orders',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('flow', sa.String(length=10), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_work_orders_case_id'), 'work_orders', ['case_id'], unique=False)
    op.create_index(op.f('ix_work_orders_department_id'), 'work_orders', ['department_id'], unique=False)
    op.create_table('case_requests',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.String(length=32), nullable=False),
    sa.Column('department_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('category_id', sa.String(length=20), nullable=True),
    sa.Column('routing_rule', sa.String(length=300), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_case_requests_case_id'), 'case_requests', ['case_id'], unique=False)
    op.create_index(op.f('ix_case_requests_state'), 'case_requests', ['state'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_case_requests_state'), table_name='case_requests')
    op.drop_index(op.f('ix_case_requests_case_id'), table_name='case_requests')
    op.drop_table('case_requests')
    op.drop_index(op.f('ix_work_orders_department_id'), table_name='work_orders')
    op.drop_index(op.f('ix_work_orders_case_id'), table_name='work_orders')
    op.drop_table('work_orders')
    op.drop_column('cases', 'supervisions')
    op.drop_column('cases', 'inspection')
    op.drop_column('cases', 'suggested_assist_ids')
