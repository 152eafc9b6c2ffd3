"""change feed

Every change carries the register's version its writing transaction had reached when it wrote the change
(`change.register_version`), the change feed's order with the change's id. Changes recorded before this
migration all committed before any that follow, so they take version 0 and keep their order by id.

Revision ID: 0015_feed
Revises: 0009_version_utc
Create Date: 2026-12-04 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from db.migrations import batch_alter_table


revision: str = '0015_feed'
down_revision: str | Sequence[str] | None = '0009_version_utc'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REGISTER_VERSION = "The register's version the writing transaction had reached: with id, the change feed's order."


def upgrade() -> None:
    with batch_alter_table('change') as batch_op:
        batch_op.add_column(
            sa.Column('register_version', sa.BigInteger(), nullable=False, server_default='0', comment=REGISTER_VERSION)
        )
    # The default was for the rows already there; every change written from now on names its version.
    with batch_alter_table('change') as batch_op:
        batch_op.alter_column('register_version', server_default=None)
        batch_op.create_index('ix_change_feed', ['register_version', 'id'], unique=False)


def downgrade() -> None:
    with batch_alter_table('change') as batch_op:
        batch_op.drop_index('ix_change_feed')
        batch_op.drop_column('register_version')
