"""Webhook subscriptions: admins add, list, enable, disable and remove receivers, and ask for a change again.

A subscription's secret is made by the register and shown once, when the subscription is added; it is kept as
issued (not hashed), because signing a delivery with HMAC-SHA256 needs the secret itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utc_now
from db.models import Change, ChangeKind, WebhookDelivery, WebhookSubscription
from db.outbox import RECORD_TYPES
from db.receivers import Receiver, ReceiverRefused, resolve_receiver

if TYPE_CHECKING:  # the settings import the models, which import this module
    from db.settings import Settings

__all__ = [
    "MAX_SUBSCRIPTIONS",
    "check_receiver",
    "RECORD_TYPES",
    "SECRET_PREFIX",
    "WebhookError",
    "add_subscription",
    "find_subscription",
    "list_subscriptions",
    "owed",
    "redeliver",
    "remove_subscription",
    "set_enabled",
]

# Each receiving system is one subscription: a council has a few dozen systems at most, and admins list them all.
MAX_SUBSCRIPTIONS = 100

# A recognisable prefix lets secret scanners and people tell a webhook secret from other secrets.
SECRET_PREFIX = "whsec_"


class WebhookError(ValueError):
    """A subscription operation the register refuses; the message says why, naming the subscription or field."""

    def __init__(self, message: str, field: str = "input", code: str = "BAD_INPUT") -> None:
        super().__init__(message)
        self.field = field
        # The name of the API's error code (NOT_FOUND, DUPLICATE ...) for the refusal.
        self.code = code


def _checked(values: Iterable[str], allowed: Iterable[str], what: str, field: str) -> list[str]:
    chosen = list(dict.fromkeys(values))
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise WebhookError(f"{', '.join(map(repr, unknown))} is not one of the {what}: {', '.join(allowed)}", field)
    return chosen


async def check_receiver(url: str, settings: Settings) -> Receiver:
    """The receiver at a URL, its host resolved and every address checked; resolve it before a write begins, since
    a name server may be slow."""
    try:
        return await resolve_receiver(url, settings)
    except ReceiverRefused as refused:
        raise WebhookError(str(refused), "url") from None


async def add_subscription(
    session: AsyncSession,
    receiver: Receiver,
    *,
    name: str,
    record_types: Iterable[str] = (),
    kinds: Iterable[str] = (),
    created_by: str,
) -> tuple[WebhookSubscription, str]:
    """Subscribe a checked receiver to changes (every record type and kind when none are named); returns the
    subscription and its signing secret, which is never shown again."""
    name = name.strip()
    if not name:
        raise WebhookError("a subscription needs a name that says who receives it", "name")
    if (await session.scalar(select(func.count()).select_from(WebhookSubscription)) or 0) >= MAX_SUBSCRIPTIONS:
        raise WebhookError(
            f"the register keeps at most {MAX_SUBSCRIPTIONS} webhook subscriptions; remove one no longer used first"
        )
    chosen_types = _checked(record_types, RECORD_TYPES, "record types", "recordTypes")
    chosen_kinds = _checked(kinds, [kind.value for kind in ChangeKind], "kinds of change", "kinds")
    if await session.scalar(select(WebhookSubscription.id).where(WebhookSubscription.name == name)) is not None:
        raise WebhookError(f"a subscription named {name!r} already exists", "name", "DUPLICATE")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(
        name=name,
        url=receiver.url,
        secret=secret,
        record_types=chosen_types,
        kinds=chosen_kinds,
        enabled=True,
        consecutive_failures=0,
        created_by=created_by,
    )
    session.add(subscription)
    await session.flush()
    return subscription, secret


async def find_subscription(
    session: AsyncSession, *, name: str | None = None, pk: int | None = None
) -> WebhookSubscription:
    """The subscription with a name or primary key, or a WebhookError saying none has it."""
    if name is not None:
        found = await session.scalar(select(WebhookSubscription).where(WebhookSubscription.name == name))
    else:
        found = await session.get(WebhookSubscription, pk)
    if found is None:
        raise WebhookError(
            f"no subscription is named {name!r}" if name is not None else "no subscription has that ID",
            "id",
            "NOT_FOUND",
        )
    return found


async def list_subscriptions(session: AsyncSession) -> list[WebhookSubscription]:
    """Every subscription, by name."""
    return list(await session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.name)))


async def owed(session: AsyncSession, subscription_ids: Iterable[int]) -> dict[int, int]:
    """How many changes each subscription is still owed (queued and not yet acknowledged)."""
    ids = list(subscription_ids)
    rows = await session.execute(
        select(WebhookDelivery.subscription_id, func.count())
        .where(WebhookDelivery.subscription_id.in_(ids), WebhookDelivery.delivered_at.is_(None))
        .group_by(WebhookDelivery.subscription_id)
    )
    counts = {pk: 0 for pk in ids}
    counts.update({pk: count for pk, count in rows.all()})
    return counts


async def set_enabled(session: AsyncSession, subscription: WebhookSubscription, enabled: bool, reason: str) -> None:
    """Enable a subscription (its failures forgiven; changes kept while it was off are delivered, oldest first),
    or disable it with the reason (changes go on being kept for it)."""
    subscription.enabled = enabled
    subscription.disabled_reason = None if enabled else reason
    subscription.disabled_at = None if enabled else utc_now()
    subscription.consecutive_failures = 0
    subscription.retry_at = None
    await session.flush()


async def remove_subscription(session: AsyncSession, subscription: WebhookSubscription) -> None:
    """Remove a subscription with every change still owed to it and its delivery log."""
    await session.delete(subscription)
    await session.flush()


async def redeliver(session: AsyncSession, subscription: WebhookSubscription, change_id: int) -> WebhookDelivery:
    """Queue a change to be sent to a subscription again, after what it is already owed; it carries the same
    idempotency key, so a receiver that has it already can tell."""
    change = await session.get(Change, change_id)
    if change is None:
        raise WebhookError(f"no change has the ID {change_id}", "changeId", "NOT_FOUND")
    delivery = WebhookDelivery(subscription_id=subscription.id, change_id=change.id, attempts=0)
    session.add(delivery)
    await session.flush()
    return delivery
