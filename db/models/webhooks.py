"""Webhooks: the receivers admins subscribe, the outbox of changes owed to each, and every attempt to deliver one.

None of it is register data: delivering a change leaves the register's version alone (db/version.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utc_now


class WebhookSubscription(Base):
    """A receiver an admin subscribed: where to send changes, which ones, and how delivery to it is going.

    The secret is kept as it was issued, not hashed: the register signs every delivery with it (HMAC needs the
    secret itself), so the database must be guarded as the secret would be.
    """

    __tablename__ = "webhook_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True, comment="Who receives: the admin's name for the receiving system.")
    url: Mapped[str] = mapped_column(comment="Where deliveries are POSTed (https, or http to loopback when allowed).")
    secret: Mapped[str] = mapped_column(comment="The signing secret, as issued: HMAC-SHA256 needs it, not a hash.")
    record_types: Mapped[list[str]] = mapped_column(JSON, comment="The record types whose changes it gets; [] is all.")
    kinds: Mapped[list[str]] = mapped_column(
        JSON, comment="The kinds of change it gets (CREATE, UPDATE ...); [] is all."
    )
    enabled: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str | None] = mapped_column(comment="Why delivery stopped: an admin, or repeated failure.")
    disabled_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(default=0, comment="Failed attempts since the last success.")
    retry_at: Mapped[datetime | None] = mapped_column(comment="No attempt before this (backoff after a failure).")
    leased_until: Mapped[datetime | None] = mapped_column(
        comment="A worker delivers to it alone until then: one delivery at a time per receiver, in change order."
    )
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class WebhookDelivery(Base):
    """One change owed to one subscription: the outbox row, written in the change's own transaction."""

    __tablename__ = "webhook_delivery"
    # A receiver's pending deliveries, oldest first, are found through this index.
    __table_args__ = (Index("ix_webhook_delivery_pending", "subscription_id", "delivered_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscription.id", ondelete="CASCADE"))
    change_id: Mapped[int] = mapped_column(ForeignKey("change.id"), index=True)
    queued_at: Mapped[datetime] = mapped_column(default=utc_now)
    attempts: Mapped[int] = mapped_column(default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(
        comment="When the receiver acknowledged it (2xx); null while owed."
    )


class WebhookAttempt(Base):
    """One try at delivering a change: the delivery log an admin reads to see how a receiver is doing."""

    __tablename__ = "webhook_attempt"
    __table_args__ = (Index("ix_webhook_attempt_subscription_id", "subscription_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscription.id", ondelete="CASCADE"))
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_delivery.id", ondelete="CASCADE"), index=True)
    change_id: Mapped[int]
    attempt: Mapped[int] = mapped_column(comment="1 for the first try of the delivery, then 2, 3 ...")
    at: Mapped[datetime] = mapped_column(default=utc_now)
    status_code: Mapped[int | None] = mapped_column(comment="The receiver's HTTP status; null when none came.")
    duration_ms: Mapped[int]
    error: Mapped[str | None] = mapped_column(comment="Why the attempt failed; null when the receiver acknowledged it.")
