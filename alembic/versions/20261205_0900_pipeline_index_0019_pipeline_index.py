"""pipeline index

GiST indexes over the days a contract's end and a key decision's expected date may fall on, so the Board's
pipeline finds each quarter's overlapping records from an index alone (their columns are carried in it). PostgreSQL
only: SQLite has no range type, and keeps answering the pipeline from its b-trees.

Revision ID: 0019_pipeline_index
Revises: 0015_feed
Create Date: 2026-12-05 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0019_pipeline_index'
down_revision: str | Sequence[str] | None = '0016_webhooks'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade() -> None:
    if not _postgresql():
        return
    op.create_index(
        'ix_contract_end_days',
        'contract',
        [sa.text("daterange(end_earliest, end_latest, '[]')")],
        postgresql_using='gist',
        postgresql_include=[
            'id', 'end_earliest', 'end_latest', 'annual_value_pence', 'total_value_pence', 'directorate_id', 'retired_at'
        ],
        postgresql_where=sa.text('end_earliest IS NOT NULL'),
    )
    op.create_index(
        'ix_key_decision_expected_days',
        'key_decision',
        [sa.text("daterange(expected_earliest, expected_latest, '[]')")],
        postgresql_using='gist',
        postgresql_include=['id', 'activity_id', 'expected_earliest', 'expected_latest', 'retired_at'],
    )


def downgrade() -> None:
    if not _postgresql():
        return
    op.drop_index('ix_key_decision_expected_days', table_name='key_decision')
    op.drop_index('ix_contract_end_days', table_name='contract')
