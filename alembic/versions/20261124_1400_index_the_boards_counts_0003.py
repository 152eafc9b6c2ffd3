"""index the boards counts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:49:37.898170
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from db.migrations import batch_alter_table  # use it, not op.batch_alter_table: it keeps SQLite's expression indexes


revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with batch_alter_table('contract') as batch_op:
        batch_op.create_index('ix_contract_annual_value_window', ['annual_value_pence', 'end_earliest', 'end_latest', 'retired_at'], unique=False)
        batch_op.create_index('ix_contract_total_value_window', ['total_value_pence', 'end_earliest', 'end_latest', 'retired_at'], unique=False)



def downgrade() -> None:
    with batch_alter_table('contract') as batch_op:
        batch_op.drop_index('ix_contract_total_value_window')
        batch_op.drop_index('ix_contract_annual_value_window')

