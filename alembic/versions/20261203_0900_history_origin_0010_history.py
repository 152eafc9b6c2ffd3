"""history origin

A record's first change says where it came from: SEED (from the papers) or IMPORT (a Transparency Code CSV
or an OCDS package), with the seed file and paper, or the import's format and file, in the new `origin`.
Existing changes keep their kinds and have no origin.

Revision ID: 0010_history
Revises: 0008_utc
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from db.migrations import batch_alter_table


revision: str = '0010_history'
down_revision: str | Sequence[str] | None = '0014_buyers'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORIGIN = "Where a seeded or imported record came from: the seed file and paper, or the import's format and file."


def upgrade() -> None:
    with batch_alter_table('change') as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(), nullable=True, comment=ORIGIN))
        batch_op.drop_constraint(op.f('ck_change_kind_valid'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_change_kind_valid'), "kind IN ('SEED', 'IMPORT', 'CREATE', 'UPDATE', 'RETIRE')"
        )


def downgrade() -> None:
    # The earlier kinds hold no origin: a seeded or imported record's first change was a CREATE.
    op.execute("UPDATE change SET kind = 'CREATE' WHERE kind IN ('SEED', 'IMPORT')")
    with batch_alter_table('change') as batch_op:
        batch_op.drop_constraint(op.f('ck_change_kind_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_change_kind_valid'), "kind IN ('CREATE', 'UPDATE', 'RETIRE')")
        batch_op.drop_column('origin')
