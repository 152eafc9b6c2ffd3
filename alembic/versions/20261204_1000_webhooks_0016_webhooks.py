"""webhooks

Receivers admins subscribe (`webhook_subscription`, with the signing secret kept as issued: HMAC needs it), the
outbox of changes owed to each (`webhook_delivery`, written in the change's own transaction), and the log of
every attempt to deliver one (`webhook_attempt`).

Revision ID: 0016_webhooks
Revises: 0015_feed
Create Date: 2026-12-04 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0016_webhooks'
down_revision: str | Sequence[str] | None = '0015_feed'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'webhook_subscription',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(), nullable=False, comment="Who receives: the admin's name for the receiving system."),
        sa.Column('url', sa.String(), nullable=False, comment='Where deliveries are POSTed (https, or http to loopback when allowed).'),
        sa.Column('secret', sa.String(), nullable=False, comment='The signing secret, as issued: HMAC-SHA256 needs it, not a hash.'),
        sa.Column('record_types', sa.JSON(), nullable=False, comment='The record types whose changes it gets; [] is all.'),
        sa.Column('kinds', sa.JSON(), nullable=False, comment='The kinds of change it gets (CREATE, UPDATE ...); [] is all.'),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('disabled_reason', sa.String(), nullable=True, comment='Why delivery stopped: an admin, or repeated failure.'),
        sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('consecutive_failures', sa.Integer(), nullable=False, comment='Failed attempts since the last success.'),
        sa.Column('retry_at', sa.DateTime(timezone=True), nullable=True, comment='No attempt before this (backoff after a failure).'),
        sa.Column('leased_until', sa.DateTime(timezone=True), nullable=True, comment='A worker delivers to it alone until then: one delivery at a time per receiver, in change order.'),
        sa.Column('created_by', sa.String(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_subscription')),
        sa.UniqueConstraint('name', name=op.f('uq_webhook_subscription_name')),
    )
    op.create_table(
        'webhook_delivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('change_id', sa.Integer(), nullable=False),
        sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True, comment='When the receiver acknowledged it (2xx); null while owed.'),
        sa.ForeignKeyConstraint(['change_id'], ['change.id'], name=op.f('fk_webhook_delivery_change_id_change')),
        sa.ForeignKeyConstraint(
            ['subscription_id'], ['webhook_subscription.id'],
            name=op.f('fk_webhook_delivery_subscription_id_webhook_subscription'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_delivery')),
    )
    op.create_index('ix_webhook_delivery_pending', 'webhook_delivery', ['subscription_id', 'delivered_at', 'id'])
    op.create_index(op.f('ix_webhook_delivery_change_id'), 'webhook_delivery', ['change_id'])
    op.create_table(
        'webhook_attempt',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('delivery_id', sa.Integer(), nullable=False),
        sa.Column('change_id', sa.Integer(), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False, comment='1 for the first try of the delivery, then 2, 3 ...'),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=True, comment="The receiver's HTTP status; null when none came."),
        sa.Column('duration_ms', sa.Integer(), nullable=False),
        sa.Column('error', sa.String(), nullable=True, comment='Why the attempt failed; null when the receiver acknowledged it.'),
        sa.ForeignKeyConstraint(
            ['delivery_id'], ['webhook_delivery.id'],
            name=op.f('fk_webhook_attempt_delivery_id_webhook_delivery'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['subscription_id'], ['webhook_subscription.id'],
            name=op.f('fk_webhook_attempt_subscription_id_webhook_subscription'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempt')),
    )
    op.create_index('ix_webhook_attempt_subscription_id', 'webhook_attempt', ['subscription_id', 'id'])
    op.create_index(op.f('ix_webhook_attempt_delivery_id'), 'webhook_attempt', ['delivery_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_webhook_attempt_delivery_id'), table_name='webhook_attempt')
    op.drop_index('ix_webhook_attempt_subscription_id', table_name='webhook_attempt')
    op.drop_table('webhook_attempt')
    op.drop_index(op.f('ix_webhook_delivery_change_id'), table_name='webhook_delivery')
    op.drop_index('ix_webhook_delivery_pending', table_name='webhook_delivery')
    op.drop_table('webhook_delivery')
    op.drop_table('webhook_subscription')
