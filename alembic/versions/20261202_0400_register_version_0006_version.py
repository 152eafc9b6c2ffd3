"""register version

Revision ID: 0006_version
Revises: 0003
Create Date: 2026-12-02 04:00:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa

from alembic import op


revision: str = '0006_version'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table('register_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False, comment='Goes up with every write to the register\'s records.'),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False, comment='When the register\'s records last changed.'),
    sa.CheckConstraint('id = 1', name=op.f('ck_register_version_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_version'))
    )
    # The one row exists from the start, so every writer updates it and no writer has to create it.
    op.bulk_insert(table, [{'id': 1, 'number': 1, 'changed_at': datetime.now(UTC)}])


def downgrade() -> None:
    op.drop_table('register_version')
