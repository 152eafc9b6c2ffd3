"""persisted operations

GraphQL documents kept by the SHA-256 of their text: operations the council loads ahead (`register persisted
load`) and the automatic persisted queries clients register.

Revision ID: 0011_persisted
Revises: 0008_utc
Create Date: 2026-12-03 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0011_persisted'
down_revision: str | Sequence[str] | None = '0010_history'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'persisted_operation',
        sa.Column('sha256', sa.String(length=64), nullable=False, comment='Hex SHA-256 of `document`.'),
        sa.Column('document', sa.Text(), nullable=False, comment="The document's text, exactly as hashed."),
        sa.Column('registration', sa.String(), nullable=False, comment="'ahead' (loaded by the council) or 'automatic' (APQ)."),
        sa.Column('operations', sa.String(), nullable=False, comment="The names of the document's operations, comma-separated."),
        sa.Column('origin', sa.String(), nullable=False, comment="The file it was loaded from, or 'APQ' for a client's registration."),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("registration IN ('ahead', 'automatic')", name=op.f('ck_persisted_operation_registration_valid')),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_persisted_operation')),
    )
    op.create_index('ix_persisted_operation_registration_created_at', 'persisted_operation', ['registration', 'created_at'])


def downgrade() -> None:
    op.drop_index('ix_persisted_operation_registration_created_at', table_name='persisted_operation')
    op.drop_table('persisted_operation')
