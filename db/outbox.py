"""The webhook outbox: changes owed to each subscription, queued in the change's own transaction, and the
bookkeeping of the workers that deliver them.

Queueing: when a session flushes Change rows, one delivery per matching subscription is inserted in the same
flush, so a change and what is owed for it commit together or not at all, whoever wrote it (the API, an
import, the seed). Disabled subscriptions are owed changes too: they are delivered when it is enabled again.

Delivering: a worker leases a subscription (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, so concurrent
workers take different ones without waiting; SQLite's writers take turns) and sends its deliveries one at a
time, oldest first, so each receiver gets changes in the order they were made. The lease is a time, not a held
lock: a worker that dies (kill -9) holds nothing, and once its lease runs out another takes the subscription
and sends again what was not acknowledged (at least once; the idempotency key tells a receiver it has one).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, event, exists, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, UOWTransaction

from db.base import Base, Recorded
from db.models import Change, WebhookAttempt, WebhookDelivery, WebhookSubscription

if TYPE_CHECKING:  # the settings import the models, which import this module
    from db.settings import Settings

__all__ = ["RECORD_TYPES", "Lease", "Outcome", "Owed", "backoff", "claim", "owed_changes", "record_outcome", "release"]

# Every kind of record whose changes are recorded, by the name its GraphQL type has, with its table.
RECORD_TYPES: dict[str, str] = {
    mapper.class_.__name__: str(mapper.local_table.description)
    for mapper in sorted(Base.registry.mappers, key=lambda mapper: mapper.class_.__name__)
    if issubclass(mapper.class_, Recorded)
}
TABLE_TYPES = {table: name for name, table in RECORD_TYPES.items()}


def _wants(subscription: Any, change: Change) -> bool:
    record_type = TABLE_TYPES.get(change.record_table)
    return (not subscription.record_types or record_type in subscription.record_types) and (
        not subscription.kinds or change.kind in subscription.kinds
    )


@event.listens_for(Session, "after_flush")
def _queue_deliveries(session: Session, _flush: UOWTransaction) -> None:
    changes = sorted((row for row in session.new if isinstance(row, Change)), key=lambda change: change.id)
    if not changes:
        return
    connection = session.connection()
    subscriptions = connection.execute(
        select(WebhookSubscription.id, WebhookSubscription.record_types, WebhookSubscription.kinds)
    ).all()
    owed = [
        {"subscription_id": subscription.id, "change_id": change.id}
        for change in changes
        for subscription in subscriptions
        if _wants(subscription, change)
    ]
    if owed:
        connection.execute(insert(WebhookDelivery), owed)


@dataclass(frozen=True)
class Lease:
    """A subscription a worker alone delivers to until `until`."""

    subscription_id: int
    url: str
    secret: str
    until: datetime


@dataclass(frozen=True)
class Owed:
    """One delivery a leased subscription is owed: the outbox row, its tries so far, and the change."""

    delivery_id: int
    attempts: int
    change: Change


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to: the receiver's status (if it answered), how long it took, and any error."""

    status_code: int | None
    duration_ms: int
    error: str | None

    @property
    def acknowledged(self) -> bool:
        return self.error is None


def lease_seconds(settings: Settings) -> float:
    """How long a lease lasts: long enough for a delivery that runs to its time limit, and a little more."""
    return 2 * settings.webhook_timeout_seconds + 1


async def claim(session: AsyncSession, settings: Settings, now: datetime, limit: int = 10) -> list[Lease]:
    """Lease up to `limit` enabled subscriptions that are owed changes, due (past any backoff) and not leased by
    another worker; commits, so other workers see the leases at once."""
    due = (
        select(WebhookSubscription)
        .where(
            WebhookSubscription.enabled,
            or_(WebhookSubscription.retry_at.is_(None), WebhookSubscription.retry_at <= now),
            or_(WebhookSubscription.leased_until.is_(None), WebhookSubscription.leased_until <= now),
            exists().where(
                WebhookDelivery.subscription_id == WebhookSubscription.id, WebhookDelivery.delivered_at.is_(None)
            ),
        )
        .order_by(WebhookSubscription.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    until = now + timedelta(seconds=lease_seconds(settings))
    leases = []
    for subscription in await session.scalars(due):
        subscription.leased_until = until
        leases.append(Lease(subscription.id, subscription.url, subscription.secret, until))
    await session.commit()
    return leases


async def owed_changes(session: AsyncSession, lease: Lease, limit: int = 20) -> list[Owed]:
    """The oldest deliveries the leased subscription is owed, in the order the changes were queued."""
    rows = await session.execute(
        select(WebhookDelivery.id, WebhookDelivery.attempts, Change)
        .join(Change, Change.id == WebhookDelivery.change_id)
        .where(WebhookDelivery.subscription_id == lease.subscription_id, WebhookDelivery.delivered_at.is_(None))
        .order_by(WebhookDelivery.id)
        .limit(limit)
    )
    owed = [Owed(delivery_id, attempts, change) for delivery_id, attempts, change in rows.all()]
    await session.commit()
    return owed


def backoff(settings: Settings, failures: int, rng: Callable[[], float] = random.random) -> float:
    """Seconds to leave a receiver alone after its `failures`-th failure in a row: the base doubled for each
    failure before, up to the most, of which a random half is taken off so that receivers coming back together
    are not all retried at once ("equal jitter")."""
    ceiling = min(settings.webhook_retry_max_seconds, settings.webhook_retry_base_seconds * 2.0 ** (failures - 1))
    return ceiling / 2 + rng() * ceiling / 2


async def record_outcome(
    session: AsyncSession,
    settings: Settings,
    lease: Lease,
    owed: Owed,
    outcome: Outcome,
    now: datetime,
    rng: Callable[[], float] = random.random,
) -> bool:
    """Log an attempt and what follows from it: the delivery done and the failures forgiven, or the receiver
    backed off, and disabled after too many failures in a row. False when the subscription is no longer the
    worker's to deliver to (removed, disabled, or failing)."""
    attempt = owed.attempts + 1
    done = {"delivered_at": now} if outcome.acknowledged else {}
    still_owed = await session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == owed.delivery_id, WebhookDelivery.delivered_at.is_(None))
        .values(attempts=attempt, **done)
    )
    if still_owed.rowcount == 0:  # type: ignore[attr-defined]
        # Removed (with its subscription) while it was being sent: nothing is left to record it against.
        await session.commit()
        return False
    session.add(
        WebhookAttempt(
            subscription_id=lease.subscription_id,
            delivery_id=owed.delivery_id,
            change_id=owed.change.id,
            attempt=attempt,
            at=now,
            status_code=outcome.status_code,
            duration_ms=outcome.duration_ms,
            error=outcome.error,
        )
    )
    subscription = await session.get(WebhookSubscription, lease.subscription_id, with_for_update=True)
    assert subscription is not None
    if outcome.acknowledged:
        subscription.consecutive_failures = 0
        subscription.retry_at = None
    else:
        subscription.consecutive_failures += 1
        if subscription.consecutive_failures >= settings.webhook_disable_after_failures:
            subscription.enabled = False
            subscription.retry_at = None
            subscription.disabled_at = now
            subscription.disabled_reason = (
                f"Disabled after {subscription.consecutive_failures} failed deliveries in a row; the last: "
                f"{outcome.error}. Changes are kept for it: enable it to have them delivered."
            )
        else:
            delay = backoff(settings, subscription.consecutive_failures, rng)
            subscription.retry_at = now + timedelta(seconds=delay)
    going_on = subscription.enabled and outcome.acknowledged
    await session.commit()
    return going_on


async def release(session: AsyncSession, lease: Lease) -> None:
    """Give a lease back before it runs out, so the subscription's next delivery need not wait for it."""
    await session.execute(
        update(WebhookSubscription)
        .where(and_(WebhookSubscription.id == lease.subscription_id, WebhookSubscription.leased_until == lease.until))
        .values(leased_until=None)
    )
    await session.commit()
