"""throttle buckets

Revision ID: 0004_cost
Revises: 0003
Create Date: 2026-12-02 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0004_cost'
down_revision: str | Sequence[str] | None = '0006_version'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'throttle_bucket',
        sa.Column('key', sa.String(), nullable=False, comment="'token:<name>' or 'address:<client address>'."),
        sa.Column('available', sa.Double(), nullable=False, comment='Points left at `updated_at`, before any leak since.'),
        sa.Column('charged', sa.BigInteger(), nullable=False, comment="Points the last request was charged; 0 if refused."),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_throttle_bucket')),
    )


def downgrade() -> None:
    op.drop_table('throttle_bucket')
