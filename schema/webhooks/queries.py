"""Admins' view of the webhooks: every subscription, how delivery to it is going, and its log."""

from __future__ import annotations

import strawberry

from db.webhooks import list_subscriptions, owed
from schema.bounds import WEBHOOKS, at_most
from schema.context import Info
from schema.permissions import CanManageWebhooks
from schema.webhooks.types import WebhookSubscription


async def _webhooks(info: Info) -> list[WebhookSubscription]:
    session = info.context.session()
    subscriptions = await list_subscriptions(session)
    counts = await owed(session, [subscription.id for subscription in subscriptions])
    return [WebhookSubscription.from_model(subscription, counts[subscription.id]) for subscription in subscriptions]


@strawberry.type
class WebhookQueries:
    webhooks: list[WebhookSubscription] = strawberry.field(
        resolver=_webhooks,
        permission_classes=[CanManageWebhooks],
        description="Every webhook subscription, by name, with how many changes each is owed and its delivery log "
        f"(admins only: FORBIDDEN for other tokens). {at_most(WEBHOOKS)}",
    )
