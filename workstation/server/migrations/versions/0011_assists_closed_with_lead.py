"""协办 work orders left open after their case moved on: 随主办办结 (closed_with_lead) when the lead's feedback
closed the work, 已回退 (returned) when the last lead order was returned and the case waits for a new dispatch

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_OPEN = ('sent', 'acknowledged', 'suspended')
_WITH_THE_DEPARTMENTS = ('dispatched', 'handling', 'suspended')  # still being worked on: left as they are


def upgrade() -> None:
    connection = op.get_bind()
    cases = sa.table('cases', sa.column('id', sa.String), sa.column('state', sa.String))
    orders = sa.table('work_orders', sa.column('id', sa.String), sa.column('case_id', sa.String),
                      sa.column('role', sa.String), sa.column('state', sa.String), sa.column('data', sa.JSON))
    stuck = connection.execute(
        sa.select(orders.c.id, orders.c.data, cases.c.state.label('case_state'))
        .join(cases, cases.c.id == orders.c.case_id)
        .where(orders.c.role == 'assist', orders.c.state.in_(_OPEN), cases.c.state.not_in(_WITH_THE_DEPARTMENTS))
    ).all()
    for row in stuck:
        state = 'returned' if row.case_state == 'filed' else 'closed_with_lead'
        connection.execute(orders.update().where(orders.c.id == row.id).values(
            state=state, data={**row.data, 'state': state}))


def downgrade() -> None:
    connection = op.get_bind()
    orders = sa.table('work_orders', sa.column('id', sa.String), sa.column('state', sa.String),
                      sa.column('data', sa.JSON))
    rows = connection.execute(sa.select(orders.c.id, orders.c.data)
                              .where(orders.c.state == 'closed_with_lead')).all()
    for row in rows:
        state = 'acknowledged' if row.data.get('acknowledged_at') else 'sent'
        connection.execute(orders.update().where(orders.c.id == row.id).values(
            state=state, data={**row.data, 'state': state}))
