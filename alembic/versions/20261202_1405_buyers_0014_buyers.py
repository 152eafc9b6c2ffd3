"""buyers

A contract's buyer: the council, another buyer an imported OCDS release named, or none named. Contracts
imported before kept another buyer only among the release's unmapped fields; they are that buyer's again.

Revision ID: 0014_buyers
Revises: 0008_utc
Create Date: 2026-12-02 14:05:46.015761
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from db.migrations import batch_alter_table  # use it, not op.batch_alter_table: it keeps SQLite's expression indexes


revision: str = '0014_buyers'
down_revision: str | Sequence[str] | None = '0008_utc'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The council's org-id and name as the register has always published them (db.ocds.identity).
COUNCIL_ID = 'GB-LAE-KEN'
COUNCIL_NAME = 'kent county council'


def upgrade() -> None:
    with batch_alter_table('contract') as batch_op:
        batch_op.add_column(sa.Column('buyer', sa.String(), server_default='COUNCIL', nullable=False, comment='Whether the council bought it, another buyer did, or its source named no buyer.'))
        batch_op.add_column(sa.Column('buyer_name', sa.String(), nullable=True, comment="Another buyer's name, as its source gave it."))
        batch_op.add_column(sa.Column('buyer_identifier', sa.String(), nullable=True, comment="Another buyer's identifier in its source (an org-id such as GB-LAC-E09000003, where given)."))
        batch_op.create_index(batch_op.f('ix_contract_buyer'), ['buyer'], unique=False)
        batch_op.create_check_constraint(op.f('ck_contract_buyer_valid'), "buyer IN ('COUNCIL', 'OTHER', 'NOT_STATED')")
    _other_buyers_from_kept_releases(op.get_bind())


def _other_buyers_from_kept_releases(bind: sa.Connection) -> None:
    rows = bind.execute(sa.text('SELECT id, extra FROM contract WHERE extra IS NOT NULL')).all()
    for pk, extra in rows:
        kept = json.loads(extra) if isinstance(extra, str) else extra
        buyer = ((kept or {}).get('ocds') or {}).get('unmapped', {}).get('buyer')
        if not isinstance(buyer, dict):
            continue
        name, identifier = buyer.get('name'), buyer.get('id')
        if identifier == COUNCIL_ID or str(name or '').strip().lower() == COUNCIL_NAME:
            continue
        bind.execute(
            sa.text("UPDATE contract SET buyer = 'OTHER', buyer_name = :name, buyer_identifier = :identifier WHERE id = :pk"),
            {'name': None if name is None else str(name).strip(), 'identifier': None if identifier is None else str(identifier), 'pk': pk},
        )


def downgrade() -> None:
    with batch_alter_table('contract') as batch_op:
        batch_op.drop_constraint(op.f('ck_contract_buyer_valid'), type_='check')
        batch_op.drop_index(batch_op.f('ix_contract_buyer'))
        batch_op.drop_column('buyer_identifier')
        batch_op.drop_column('buyer_name')
        batch_op.drop_column('buyer')
