"""readings of the papers

Where a field rests on a reading of the papers rather than their words, the record says so: a value read as
whole-life because no basis was stated, and the readings the seed records (a contract value taken from its
activity, a division worked out from a lead service). A plan keeps the Cabinet Members its paper is from.

Revision ID: 0013_papers
Revises: 0008_utc
Create Date: 2026-12-02 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op


revision: str = '0013_papers'
down_revision: str | Sequence[str] | None = '0011_persisted'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ASSUMED = 'No basis was stated, so the value was read as whole-life.'
# jsonb on PostgreSQL: json has no equality, so a DISTINCT over a row holding it fails.
DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')
READINGS = 'Readings of the papers a field rests on, not their words: [{field, kind, reason}].'


# Plain ADD and DROP COLUMN (SQLite has both since 3.35): a batch copy of the table would drop the expression
# indexes on its value and end columns.


def upgrade() -> None:
    op.add_column('contract', sa.Column('value_basis_assumed', sa.Boolean(), server_default=sa.false(), nullable=False, comment=ASSUMED))
    op.add_column('contract', sa.Column('inferences', DOCUMENT, nullable=True, comment=READINGS))
    op.add_column('commissioning_activity', sa.Column('expected_value_basis_assumed', sa.Boolean(), server_default=sa.false(), nullable=False, comment=ASSUMED))
    op.add_column('commissioning_activity', sa.Column('inferences', DOCUMENT, nullable=True, comment=READINGS))
    op.add_column('business_plan', sa.Column('cabinet_members', DOCUMENT, nullable=True, comment='The Cabinet Members the committee paper is from: [{name, portfolio}], as printed.'))


def downgrade() -> None:
    op.drop_column('business_plan', 'cabinet_members')
    op.drop_column('commissioning_activity', 'inferences')
    op.drop_column('commissioning_activity', 'expected_value_basis_assumed')
    op.drop_column('contract', 'inferences')
    op.drop_column('contract', 'value_basis_assumed')
