"""writes history and exchange

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:24:48.321075
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from db.migrations import batch_alter_table


revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('token_hash', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('reader', 'editor', 'admin')", name=op.f('ck_api_token_role_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('name', name=op.f('uq_api_token_name')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    op.create_table('change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('record_table', sa.String(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.CheckConstraint("kind IN ('CREATE', 'UPDATE', 'RETIRE')", name=op.f('ck_change_kind_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change'))
    )
    with batch_alter_table('change') as batch_op:
        batch_op.create_index(batch_op.f('ix_change_at'), ['at'], unique=False)
        batch_op.create_index('ix_change_record', ['record_table', 'record_id', 'at'], unique=False)

    with batch_alter_table('business_plan') as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True, comment='When the record was retired; retired records stay, with their history.'))

    with batch_alter_table('commissioning_activity') as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True, comment='When the record was retired; retired records stay, with their history.'))

    with batch_alter_table('contract') as batch_op:
        batch_op.add_column(sa.Column('review_earliest', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('review_latest', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('review_precision', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('review_text', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('vat_irrecoverable_pence', sa.BigInteger(), nullable=True, comment='VAT that cannot be recovered, as the Transparency Code asks.'))
        batch_op.add_column(sa.Column('procurement_route', sa.String(), nullable=True, comment='Whether it followed an invitation to quote or to tender, or another route.'))
        batch_op.add_column(sa.Column('ocid', sa.String(), nullable=True, comment='The Open Contracting ID it was published or imported under.'))
        batch_op.add_column(sa.Column('extra', sa.JSON(), nullable=True, comment='Fields of an imported record the register does not map, kept as they came.'))
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True, comment='When the record was retired; retired records stay, with their history.'))
        batch_op.create_unique_constraint(batch_op.f('uq_contract_ocid'), ['ocid'])
        # Autogenerate does not see check constraints on existing tables; these match the model's.
        batch_op.create_check_constraint(
            op.f('ck_contract_review_valid'),
            "(review_earliest IS NULL AND review_latest IS NULL AND review_precision IS NULL) OR "
            "(review_earliest <= review_latest AND review_precision IN ('DAY', 'MONTH', 'QUARTER', 'YEAR', 'RANGE'))",
        )
        batch_op.create_check_constraint(
            op.f('ck_contract_procurement_route_valid'),
            "procurement_route IN ('QUOTE', 'TENDER', 'FRAMEWORK', 'DIRECT_AWARD', 'OTHER')",
        )

    with batch_alter_table('directorate') as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True, comment='When the record was retired; retired records stay, with their history.'))

    with batch_alter_table('division') as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True, comment='When the record was retired; retired records stay, with their history.'))

    with batch_alter_table('key_decision') as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True, comment='When the record was retired; retired records stay, with their history.'))

    with batch_alter_table('plan_reference') as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True, comment='When the record was retired; retired records stay, with their history.'))

    with batch_alter_table('provider') as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('sme', sa.Boolean(), nullable=True, comment='A small or medium-sized enterprise, where known.'))
        batch_op.add_column(sa.Column('vcse', sa.Boolean(), nullable=True, comment='A voluntary, community or social enterprise, where known.'))
        batch_op.add_column(sa.Column('charity_number', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True, comment='When the record was retired; retired records stay, with their history.'))

    with batch_alter_table('service') as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True, comment='When the record was retired; retired records stay, with their history.'))

    with batch_alter_table('traded_company') as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True, comment='When the record was retired; retired records stay, with their history.'))



def downgrade() -> None:
    with batch_alter_table('traded_company') as batch_op:
        batch_op.drop_column('retired_at')

    with batch_alter_table('service') as batch_op:
        batch_op.drop_column('retired_at')

    with batch_alter_table('provider') as batch_op:
        batch_op.drop_column('retired_at')
        batch_op.drop_column('charity_number')
        batch_op.drop_column('vcse')
        batch_op.drop_column('sme')
        batch_op.drop_column('address')

    with batch_alter_table('plan_reference') as batch_op:
        batch_op.drop_column('retired_at')

    with batch_alter_table('key_decision') as batch_op:
        batch_op.drop_column('retired_at')

    with batch_alter_table('division') as batch_op:
        batch_op.drop_column('retired_at')

    with batch_alter_table('directorate') as batch_op:
        batch_op.drop_column('retired_at')

    with batch_alter_table('contract') as batch_op:
        batch_op.drop_constraint(op.f('ck_contract_procurement_route_valid'), type_='check')
        batch_op.drop_constraint(op.f('ck_contract_review_valid'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_contract_ocid'), type_='unique')
        batch_op.drop_column('retired_at')
        batch_op.drop_column('extra')
        batch_op.drop_column('ocid')
        batch_op.drop_column('procurement_route')
        batch_op.drop_column('vat_irrecoverable_pence')
        batch_op.drop_column('review_text')
        batch_op.drop_column('review_precision')
        batch_op.drop_column('review_latest')
        batch_op.drop_column('review_earliest')

    with batch_alter_table('commissioning_activity') as batch_op:
        batch_op.drop_column('retired_at')

    with batch_alter_table('business_plan') as batch_op:
        batch_op.drop_column('retired_at')

    with batch_alter_table('change') as batch_op:
        batch_op.drop_index('ix_change_record')
        batch_op.drop_index(batch_op.f('ix_change_at'))

    op.drop_table('change')
    op.drop_table('api_token')
