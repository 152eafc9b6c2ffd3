"""unlogged throttle buckets

The rate limit's buckets are charged by every read, and a charge written to the write-ahead log waits for the disk
at each commit. They are not register data: after a crash every caller starting with a full bucket is right (a new
caller starts so anyway). So the table is UNLOGGED on PostgreSQL: no WAL, no wait for the disk, emptied after a
crash. SQLite keeps buckets in the process's memory and has no table to change.

Revision ID: 0020_unlogged_throttle
Revises: 0018_ocds_more
Create Date: 2026-12-06 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0020_unlogged_throttle'
down_revision: str | Sequence[str] | None = '0018_ocds_more'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE throttle_bucket SET UNLOGGED')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE throttle_bucket SET LOGGED')
