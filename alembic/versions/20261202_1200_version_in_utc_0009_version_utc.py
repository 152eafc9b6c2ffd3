"""the register's version in utc

`register_version.changed_at` is an instant in UTC like every other timestamp (db.base.UtcDateTime).
PostgreSQL's column already is (timestamptz). SQLite held the UTC wall-clock time as text without an offset;
its row now says "+00:00", as 0008_utc made every other instant say.

Revision ID: 0009_version_utc
Revises: 0008_utc
Create Date: 2026-12-02 12:00:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0009_version_utc'
down_revision: str | Sequence[str] | None = '0013_papers'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_SUFFIX = '+00:00'


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    bind.exec_driver_sql(
        'UPDATE register_version SET changed_at = changed_at || ? WHERE changed_at NOT LIKE ?',
        (UTC_SUFFIX, f'%{UTC_SUFFIX}'),
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    bind.exec_driver_sql(
        'UPDATE register_version SET changed_at = substr(changed_at, 1, length(changed_at) - ?) WHERE changed_at LIKE ?',
        (len(UTC_SUFFIX), f'%{UTC_SUFFIX}'),
    )
