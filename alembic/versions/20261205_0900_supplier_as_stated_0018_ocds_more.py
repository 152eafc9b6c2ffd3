"""supplier as stated per contract

What each contract's source said of its supplier (SME, VCSE, charity number), which may differ row by row
from what the supplier was first said to be. Contracts imported before said nothing of their own.

Revision ID: 0018_ocds_more
Revises: 0015_feed
Create Date: 2026-12-05 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from db.migrations import batch_alter_table  # use it, not op.batch_alter_table: it keeps SQLite's expression indexes


revision: str = '0018_ocds_more'
down_revision: str | Sequence[str] | None = '0019_pipeline_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with batch_alter_table('contract') as batch_op:
        batch_op.add_column(sa.Column('supplier_sme', sa.Boolean(), nullable=True, comment='Whether its source said the supplier is an SME.'))
        batch_op.add_column(sa.Column('supplier_vcse', sa.Boolean(), nullable=True, comment='Whether its source said the supplier is a VCSE.'))
        batch_op.add_column(sa.Column('supplier_charity_number', sa.String(), nullable=True, comment="The supplier's charity number as its source gave it."))


def downgrade() -> None:
    with batch_alter_table('contract') as batch_op:
        batch_op.drop_column('supplier_charity_number')
        batch_op.drop_column('supplier_vcse')
        batch_op.drop_column('supplier_sme')
