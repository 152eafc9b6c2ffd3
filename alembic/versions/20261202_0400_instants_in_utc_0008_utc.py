"""instants in utc

Every timestamp is an instant in UTC. PostgreSQL's columns already are (timestamptz). SQLite stored the UTC
wall-clock time as text without an offset ("2026-12-01 11:44:17.243554"), which a reader of the file, and the
API that passed it on, could take for local time; its rows now say "+00:00", and the change history's
snapshots, which copied those texts ("2026-12-01T11:44:17.243554"), say so too.

Revision ID: 0008_utc
Revises: 0003
Create Date: 2026-12-02 04:00:00.000000
"""

import json
import re
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0008_utc'
down_revision: str | Sequence[str] | None = '0004_cost'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORDED = ('created_at', 'updated_at', 'retired_at')
INSTANTS = {
    'api_token': ('created_at', 'revoked_at'),
    'change': ('at',),
    'directorate': RECORDED,
    'division': RECORDED,
    'provider': RECORDED,
    'traded_company': RECORDED,
    'business_plan': RECORDED,
    'commissioning_activity': RECORDED,
    'contract': RECORDED,
    'service': RECORDED,
    'key_decision': RECORDED,
    'plan_reference': RECORDED,
}
UTC_SUFFIX = '+00:00'
NAIVE_MOMENT = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$')


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    _each_instant(bind, '"{c}" = "{c}" || ? WHERE "{c}" IS NOT NULL AND "{c}" NOT LIKE ?', (UTC_SUFFIX, f'%{UTC_SUFFIX}'))
    _snapshots_in_utc(bind)


def _each_instant(bind: sa.Connection, assignment: str, parameters: tuple[object, ...]) -> None:
    for table, columns in INSTANTS.items():
        for column in columns:
            bind.exec_driver_sql(f'UPDATE "{table}" SET ' + assignment.format(c=column), parameters)


def _snapshots_in_utc(bind: sa.Connection) -> None:
    rows = bind.exec_driver_sql('SELECT id, "before", "after" FROM "change"').all()
    for change_id, before, after in rows:
        fixed = [_in_utc(snapshot) for snapshot in (before, after)]
        if fixed != [before, after]:
            bind.exec_driver_sql('UPDATE "change" SET "before" = ?, "after" = ? WHERE id = ?', (*fixed, change_id))


def _in_utc(snapshot: str | None) -> str | None:
    if snapshot is None:
        return None
    state = json.loads(snapshot)
    if not isinstance(state, dict):
        return snapshot
    moments = {key: value + UTC_SUFFIX for key, value in state.items() if isinstance(value, str) and NAIVE_MOMENT.match(value)}
    return json.dumps({**state, **moments}) if moments else snapshot


def downgrade() -> None:
    # The snapshots keep their offsets: the earlier code never reads a moment back out of them.
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    _each_instant(bind, '"{c}" = substr("{c}", 1, length("{c}") - ?) WHERE "{c}" LIKE ?', (len(UTC_SUFFIX), f'%{UTC_SUFFIX}'))
