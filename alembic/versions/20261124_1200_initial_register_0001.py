"""initial register

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 10:15:58.413393
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('directorate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('corporate_director', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=True, comment='Provenance: the paper and section, or the import file and line, this record came from.'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directorate')),
    sa.UniqueConstraint('code', name=op.f('uq_directorate_code'))
    )
    op.create_table('provider',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('company_number', sa.String(), nullable=True),
    sa.Column('description', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=True, comment='Provenance: the paper and section, or the import file and line, this record came from.'),
    sa.CheckConstraint("kind IN ('SUPPLIER', 'TRADED_COMPANY')", name=op.f('ck_provider_kind_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider')),
    sa.UniqueConstraint('company_number', name=op.f('uq_provider_company_number')),
    sa.UniqueConstraint('name', name=op.f('uq_provider_name'))
    )
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_kind'), ['kind'], unique=False)

    op.create_table('division',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directorate_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('director', sa.String(), nullable=True),
    sa.Column('director_title', sa.String(), nullable=True),
    sa.Column('responsibilities', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=True, comment='Provenance: the paper and section, or the import file and line, this record came from.'),
    sa.ForeignKeyConstraint(['directorate_id'], ['directorate.id'], name=op.f('fk_division_directorate_id_directorate')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_division')),
    sa.UniqueConstraint('directorate_id', 'name', name=op.f('uq_division_directorate_id_name'))
    )
    with op.batch_alter_table('division', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_division_directorate_id'), ['directorate_id'], unique=False)

    op.create_table('traded_company',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('legal_form', sa.String(), nullable=True),
    sa.Column('ownership', sa.String(), nullable=True),
    sa.Column('governance', sa.String(), nullable=True),
    sa.Column('description', sa.String(), nullable=True),
    sa.Column('established_earliest', sa.Date(), nullable=True),
    sa.Column('established_latest', sa.Date(), nullable=True),
    sa.Column('established_precision', sa.String(), nullable=True),
    sa.Column('established_text', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=True, comment='Provenance: the paper and section, or the import file and line, this record came from.'),
    sa.CheckConstraint("(established_earliest IS NULL AND established_latest IS NULL AND established_precision IS NULL) OR (established_earliest <= established_latest AND established_precision IN ('DAY', 'MONTH', 'QUARTER', 'YEAR', 'RANGE'))", name=op.f('ck_traded_company_established_valid')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_traded_company_provider_id_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_traded_company')),
    sa.UniqueConstraint('name', name=op.f('uq_traded_company_name')),
    sa.UniqueConstraint('provider_id', name=op.f('uq_traded_company_provider_id'))
    )
    op.create_table('business_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directorate_id', sa.Integer(), nullable=False),
    sa.Column('division_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('financial_year', sa.Integer(), nullable=False, comment="The start year of the plan's financial year: 2017 is 2017-18."),
    sa.Column('window_start_year', sa.Integer(), nullable=True),
    sa.Column('window_end_year', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('committee', sa.String(), nullable=True),
    sa.Column('committee_date', sa.Date(), nullable=True),
    sa.Column('document_date', sa.Date(), nullable=True),
    sa.Column('publication_earliest', sa.Date(), nullable=True),
    sa.Column('publication_latest', sa.Date(), nullable=True),
    sa.Column('publication_precision', sa.String(), nullable=True),
    sa.Column('publication_text', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=True, comment='Provenance: the paper and section, or the import file and line, this record came from.'),
    sa.CheckConstraint("(publication_earliest IS NULL AND publication_latest IS NULL AND publication_precision IS NULL) OR (publication_earliest <= publication_latest AND publication_precision IN ('DAY', 'MONTH', 'QUARTER', 'YEAR', 'RANGE'))", name=op.f('ck_business_plan_publication_valid')),
    sa.CheckConstraint("status IN ('DRAFT', 'FINAL_DRAFT', 'APPROVED', 'PUBLISHED')", name=op.f('ck_business_plan_status_valid')),
    sa.CheckConstraint('window_start_year IS NULL OR (window_start_year <= financial_year AND financial_year <= window_end_year)', name=op.f('ck_business_plan_window_contains_year')),
    sa.ForeignKeyConstraint(['directorate_id'], ['directorate.id'], name=op.f('fk_business_plan_directorate_id_directorate')),
    sa.ForeignKeyConstraint(['division_id'], ['division.id'], name=op.f('fk_business_plan_division_id_division')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_plan')),
    sa.UniqueConstraint('directorate_id', 'title', 'financial_year', name=op.f('uq_business_plan_directorate_id_title_financial_year'))
    )
    with op.batch_alter_table('business_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_plan_directorate_id'), ['directorate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_plan_division_id'), ['division_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_plan_status'), ['status'], unique=False)
        batch_op.create_index('ix_business_plan_year', ['financial_year', 'id'], unique=False)

    op.create_table('commissioning_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directorate_id', sa.Integer(), nullable=False),
    sa.Column('division_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('description', sa.String(), nullable=True),
    sa.Column('lead_service', sa.String(), nullable=True),
    sa.Column('expected_value_pence', sa.BigInteger(), nullable=True),
    sa.Column('expected_value_basis', sa.String(), nullable=True),
    sa.Column('expected_value_text', sa.String(), nullable=True),
    sa.Column('annual_value_pence', sa.BigInteger(), nullable=True),
    sa.Column('total_value_pence', sa.BigInteger(), nullable=True),
    sa.Column('term_months', sa.Integer(), nullable=True),
    sa.Column('consultation_required', sa.Boolean(), nullable=True),
    sa.Column('significance_reason', sa.String(), nullable=True),
    sa.Column('significance_note', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=True, comment='Provenance: the paper and section, or the import file and line, this record came from.'),
    sa.CheckConstraint("(expected_value_pence IS NULL AND expected_value_basis IS NULL) OR (expected_value_pence >= 0 AND expected_value_basis IN ('TOTAL', 'ANNUAL', 'QUARTERLY'))", name=op.f('ck_commissioning_activity_expected_value_valid')),
    sa.CheckConstraint("significance_reason IN ('STRATEGIC_IMPORTANCE', 'COMPLEXITY', 'RISK', 'PROFILE')", name=op.f('ck_commissioning_activity_significance_reason_valid')),
    sa.ForeignKeyConstraint(['directorate_id'], ['directorate.id'], name=op.f('fk_commissioning_activity_directorate_id_directorate')),
    sa.ForeignKeyConstraint(['division_id'], ['division.id'], name=op.f('fk_commissioning_activity_division_id_division')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commissioning_activity')),
    sa.UniqueConstraint('directorate_id', 'name', name=op.f('uq_commissioning_activity_directorate_id_name'))
    )
    with op.batch_alter_table('commissioning_activity', schema=None) as batch_op:
        batch_op.create_index('ix_commissioning_activity_annual_value_order', [sa.literal_column('coalesce(annual_value_pence, -1)'), 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commissioning_activity_consultation_required'), ['consultation_required'], unique=False)
        batch_op.create_index(batch_op.f('ix_commissioning_activity_directorate_id'), ['directorate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commissioning_activity_division_id'), ['division_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commissioning_activity_lead_service'), ['lead_service'], unique=False)
        batch_op.create_index('ix_commissioning_activity_name_order', ['name', 'id'], unique=False)
        batch_op.create_index('ix_commissioning_activity_total_value_order', [sa.literal_column('coalesce(total_value_pence, -1)'), 'id'], unique=False)

    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('description', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('directorate_id', sa.Integer(), nullable=True),
    sa.Column('division_id', sa.Integer(), nullable=True),
    sa.Column('value_pence', sa.BigInteger(), nullable=True),
    sa.Column('value_basis', sa.String(), nullable=True),
    sa.Column('value_text', sa.String(), nullable=True),
    sa.Column('annual_value_pence', sa.BigInteger(), nullable=True),
    sa.Column('total_value_pence', sa.BigInteger(), nullable=True),
    sa.Column('term_months', sa.Integer(), nullable=True),
    sa.Column('start_earliest', sa.Date(), nullable=True),
    sa.Column('start_latest', sa.Date(), nullable=True),
    sa.Column('start_precision', sa.String(), nullable=True),
    sa.Column('start_text', sa.String(), nullable=True),
    sa.Column('end_earliest', sa.Date(), nullable=True),
    sa.Column('end_latest', sa.Date(), nullable=True),
    sa.Column('end_precision', sa.String(), nullable=True),
    sa.Column('end_text', sa.String(), nullable=True),
    sa.Column('max_extent_earliest', sa.Date(), nullable=True),
    sa.Column('max_extent_latest', sa.Date(), nullable=True),
    sa.Column('max_extent_precision', sa.String(), nullable=True),
    sa.Column('max_extent_text', sa.String(), nullable=True),
    sa.Column('extension_options', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=True, comment='Provenance: the paper and section, or the import file and line, this record came from.'),
    sa.CheckConstraint("(end_earliest IS NULL AND end_latest IS NULL AND end_precision IS NULL) OR (end_earliest <= end_latest AND end_precision IN ('DAY', 'MONTH', 'QUARTER', 'YEAR', 'RANGE'))", name=op.f('ck_contract_end_valid')),
    sa.CheckConstraint("(max_extent_earliest IS NULL AND max_extent_latest IS NULL AND max_extent_precision IS NULL) OR (max_extent_earliest <= max_extent_latest AND max_extent_precision IN ('DAY', 'MONTH', 'QUARTER', 'YEAR', 'RANGE'))", name=op.f('ck_contract_max_extent_valid')),
    sa.CheckConstraint("(start_earliest IS NULL AND start_latest IS NULL AND start_precision IS NULL) OR (start_earliest <= start_latest AND start_precision IN ('DAY', 'MONTH', 'QUARTER', 'YEAR', 'RANGE'))", name=op.f('ck_contract_start_valid')),
    sa.CheckConstraint("(value_pence IS NULL AND value_basis IS NULL) OR (value_pence >= 0 AND value_basis IN ('TOTAL', 'ANNUAL', 'QUARTERLY'))", name=op.f('ck_contract_value_valid')),
    sa.CheckConstraint("status IN ('PLANNED', 'ACTIVE', 'EXPIRED', 'TERMINATED')", name=op.f('ck_contract_status_valid')),
    sa.ForeignKeyConstraint(['directorate_id'], ['directorate.id'], name=op.f('fk_contract_directorate_id_directorate')),
    sa.ForeignKeyConstraint(['division_id'], ['division.id'], name=op.f('fk_contract_division_id_division')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_contract_provider_id_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract')),
    sa.UniqueConstraint('reference', name=op.f('uq_contract_reference'))
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index('ix_contract_annual_value_order', [sa.literal_column('coalesce(annual_value_pence, -1)'), 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_directorate_id'), ['directorate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_division_id'), ['division_id'], unique=False)
        batch_op.create_index('ix_contract_end_latest', ['end_latest'], unique=False)
        batch_op.create_index('ix_contract_end_order', [sa.literal_column("coalesce(end_earliest, '9999-12-31')"), sa.literal_column("coalesce(end_latest, '9999-12-31')"), 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index('ix_contract_start_order', [sa.literal_column("coalesce(start_earliest, '9999-12-31')"), sa.literal_column("coalesce(start_latest, '9999-12-31')"), 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_status'), ['status'], unique=False)
        batch_op.create_index('ix_contract_title_order', ['title', 'id'], unique=False)
        batch_op.create_index('ix_contract_total_value_order', [sa.literal_column('coalesce(total_value_pence, -1)'), 'id'], unique=False)

    op.create_table('service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('division_id', sa.Integer(), nullable=True),
    sa.Column('traded_company_id', sa.Integer(), nullable=True),
    sa.Column('delivery', sa.String(), nullable=False),
    sa.Column('delivery_text', sa.String(), nullable=True),
    sa.Column('contract_end_earliest', sa.Date(), nullable=True),
    sa.Column('contract_end_latest', sa.Date(), nullable=True),
    sa.Column('contract_end_precision', sa.String(), nullable=True),
    sa.Column('contract_end_text', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=True, comment='Provenance: the paper and section, or the import file and line, this record came from.'),
    sa.CheckConstraint("(contract_end_earliest IS NULL AND contract_end_latest IS NULL AND contract_end_precision IS NULL) OR (contract_end_earliest <= contract_end_latest AND contract_end_precision IN ('DAY', 'MONTH', 'QUARTER', 'YEAR', 'RANGE'))", name=op.f('ck_service_contract_end_valid')),
    sa.CheckConstraint("delivery IN ('INTERNAL', 'EXTERNAL', 'PART_COMMISSIONED', 'VARIOUS')", name=op.f('ck_service_delivery_valid')),
    sa.ForeignKeyConstraint(['division_id'], ['division.id'], name=op.f('fk_service_division_id_division')),
    sa.ForeignKeyConstraint(['traded_company_id'], ['traded_company.id'], name=op.f('fk_service_traded_company_id_traded_company')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service')),
    sa.UniqueConstraint('division_id', 'traded_company_id', 'name', name=op.f('uq_service_division_id_traded_company_id_name'))
    )
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.create_index('ix_service_contract_end', ['contract_end_earliest', 'contract_end_latest'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_division_id'), ['division_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_traded_company_id'), ['traded_company_id'], unique=False)

    op.create_table('traded_company_commissioner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traded_company_id', sa.Integer(), nullable=False),
    sa.Column('division_id', sa.Integer(), nullable=False),
    sa.Column('arrangement', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['division_id'], ['division.id'], name=op.f('fk_traded_company_commissioner_division_id_division')),
    sa.ForeignKeyConstraint(['traded_company_id'], ['traded_company.id'], name=op.f('fk_traded_company_commissioner_traded_company_id_traded_company')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_traded_company_commissioner')),
    sa.UniqueConstraint('traded_company_id', 'division_id', name=op.f('uq_traded_company_commissioner_traded_company_id_division_id'))
    )
    with op.batch_alter_table('traded_company_commissioner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_traded_company_commissioner_division_id'), ['division_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_traded_company_commissioner_traded_company_id'), ['traded_company_id'], unique=False)

    op.create_table('activity_contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('inferred', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['commissioning_activity.id'], name=op.f('fk_activity_contract_activity_id_commissioning_activity')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_activity_contract_contract_id_contract')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_contract')),
    sa.UniqueConstraint('activity_id', 'contract_id', name=op.f('uq_activity_contract_activity_id_contract_id'))
    )
    with op.batch_alter_table('activity_contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_contract_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_contract_contract_id'), ['contract_id'], unique=False)

    op.create_table('key_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(), nullable=True),
    sa.Column('decision_maker', sa.String(), nullable=True),
    sa.Column('expected_earliest', sa.Date(), nullable=False),
    sa.Column('expected_latest', sa.Date(), nullable=False),
    sa.Column('expected_precision', sa.String(), nullable=False),
    sa.Column('expected_text', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=True, comment='Provenance: the paper and section, or the import file and line, this record came from.'),
    sa.CheckConstraint("(expected_earliest IS NULL AND expected_latest IS NULL AND expected_precision IS NULL) OR (expected_earliest <= expected_latest AND expected_precision IN ('DAY', 'MONTH', 'QUARTER', 'YEAR', 'RANGE'))", name=op.f('ck_key_decision_expected_valid')),
    sa.ForeignKeyConstraint(['activity_id'], ['commissioning_activity.id'], name=op.f('fk_key_decision_activity_id_commissioning_activity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_decision')),
    sa.UniqueConstraint('activity_id', name=op.f('uq_key_decision_activity_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_key_decision_reference'))
    )
    with op.batch_alter_table('key_decision', schema=None) as batch_op:
        batch_op.create_index('ix_key_decision_expected', ['expected_earliest', 'expected_latest'], unique=False)

    op.create_table('plan_priority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['business_plan.id'], name=op.f('fk_plan_priority_plan_id_business_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_priority')),
    sa.UniqueConstraint('plan_id', 'position', name=op.f('uq_plan_priority_plan_id_position'))
    )
    op.create_table('plan_reference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(), nullable=False),
    sa.Column('source_text', sa.String(), nullable=False),
    sa.Column('subject_kind', sa.String(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('traded_company_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=True, comment='Provenance: the paper and section, or the import file and line, this record came from.'),
    sa.CheckConstraint("subject_kind IN ('CONTRACT', 'COMMISSIONING_ACTIVITY', 'PROVIDER', 'TRADED_COMPANY', 'SERVICE')", name=op.f('ck_plan_reference_subject_kind_valid')),
    sa.CheckConstraint('(CASE WHEN contract_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN activity_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN provider_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN traded_company_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN service_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_plan_reference_one_subject')),
    sa.ForeignKeyConstraint(['activity_id'], ['commissioning_activity.id'], name=op.f('fk_plan_reference_activity_id_commissioning_activity')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_plan_reference_contract_id_contract')),
    sa.ForeignKeyConstraint(['plan_id'], ['business_plan.id'], name=op.f('fk_plan_reference_plan_id_business_plan')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_plan_reference_provider_id_provider')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_plan_reference_service_id_service')),
    sa.ForeignKeyConstraint(['traded_company_id'], ['traded_company.id'], name=op.f('fk_plan_reference_traded_company_id_traded_company')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_reference'))
    )
    with op.batch_alter_table('plan_reference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_reference_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_reference_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_reference_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_reference_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_reference_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_reference_traded_company_id'), ['traded_company_id'], unique=False)

    op.create_table('service_contract',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_service_contract_contract_id_contract')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_contract_service_id_service')),
    sa.PrimaryKeyConstraint('service_id', 'contract_id', name=op.f('pk_service_contract'))
    )
    with op.batch_alter_table('service_contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_contract_contract_id'), ['contract_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('service_contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_contract_contract_id'))

    op.drop_table('service_contract')
    with op.batch_alter_table('plan_reference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_reference_traded_company_id'))
        batch_op.drop_index(batch_op.f('ix_plan_reference_service_id'))
        batch_op.drop_index(batch_op.f('ix_plan_reference_provider_id'))
        batch_op.drop_index(batch_op.f('ix_plan_reference_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_reference_contract_id'))
        batch_op.drop_index(batch_op.f('ix_plan_reference_activity_id'))

    op.drop_table('plan_reference')
    op.drop_table('plan_priority')
    with op.batch_alter_table('key_decision', schema=None) as batch_op:
        batch_op.drop_index('ix_key_decision_expected')

    op.drop_table('key_decision')
    with op.batch_alter_table('activity_contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_contract_contract_id'))
        batch_op.drop_index(batch_op.f('ix_activity_contract_activity_id'))

    op.drop_table('activity_contract')
    with op.batch_alter_table('traded_company_commissioner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_traded_company_commissioner_traded_company_id'))
        batch_op.drop_index(batch_op.f('ix_traded_company_commissioner_division_id'))

    op.drop_table('traded_company_commissioner')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_traded_company_id'))
        batch_op.drop_index(batch_op.f('ix_service_division_id'))
        batch_op.drop_index('ix_service_contract_end')

    op.drop_table('service')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index('ix_contract_total_value_order')
        batch_op.drop_index('ix_contract_title_order')
        batch_op.drop_index(batch_op.f('ix_contract_status'))
        batch_op.drop_index('ix_contract_start_order')
        batch_op.drop_index(batch_op.f('ix_contract_provider_id'))
        batch_op.drop_index('ix_contract_end_order')
        batch_op.drop_index('ix_contract_end_latest')
        batch_op.drop_index(batch_op.f('ix_contract_division_id'))
        batch_op.drop_index(batch_op.f('ix_contract_directorate_id'))
        batch_op.drop_index('ix_contract_annual_value_order')

    op.drop_table('contract')
    with op.batch_alter_table('commissioning_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_commissioning_activity_total_value_order')
        batch_op.drop_index('ix_commissioning_activity_name_order')
        batch_op.drop_index(batch_op.f('ix_commissioning_activity_lead_service'))
        batch_op.drop_index(batch_op.f('ix_commissioning_activity_division_id'))
        batch_op.drop_index(batch_op.f('ix_commissioning_activity_directorate_id'))
        batch_op.drop_index(batch_op.f('ix_commissioning_activity_consultation_required'))
        batch_op.drop_index('ix_commissioning_activity_annual_value_order')

    op.drop_table('commissioning_activity')
    with op.batch_alter_table('business_plan', schema=None) as batch_op:
        batch_op.drop_index('ix_business_plan_year')
        batch_op.drop_index(batch_op.f('ix_business_plan_status'))
        batch_op.drop_index(batch_op.f('ix_business_plan_division_id'))
        batch_op.drop_index(batch_op.f('ix_business_plan_directorate_id'))

    op.drop_table('business_plan')
    op.drop_table('traded_company')
    with op.batch_alter_table('division', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_division_directorate_id'))

    op.drop_table('division')
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_kind'))

    op.drop_table('provider')
    op.drop_table('directorate')
