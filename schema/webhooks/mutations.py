"""Admins manage webhook subscriptions: subscribe a receiver, enable, disable, remove, and send a change again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.permission import BasePermission

from db import models
from db.webhooks import (
    WebhookError,
    add_subscription,
    find_subscription,
    owed,
    redeliver,
    remove_subscription,
    set_enabled,
)
from schema.context import Info
from schema.errors import ErrorCode, RegisterError, UserError
from schema.history.types import ChangeKind
from schema.mutations import USER_ERRORS
from schema.permissions import CanManageWebhooks, admin
from schema.relay import parse_global_id, pk_of
from schema.webhooks.types import RecordType, WebhookSubscription

ADMINS: list[type[BasePermission]] = [CanManageWebhooks]
SUBSCRIPTION_ID = Annotated[strawberry.ID, strawberry.argument(description="The subscription's ID.")]


@strawberry.input(description="A receiver to subscribe to the register's changes.")
class WebhookCreateInput:
    name: str = strawberry.field(description="Who receives: a name for the receiving system, unique among webhooks.")
    url: str = strawberry.field(
        description="Where to POST deliveries: an https URL on a public address (plain http only to loopback, and "
        "loopback or private addresses only where the register's settings allow them)."
    )
    record_types: list[RecordType] = strawberry.field(
        default_factory=list, description="The record types whose changes to send; leave out for every type."
    )
    kinds: list[ChangeKind] = strawberry.field(
        default_factory=list, description="The kinds of change to send; leave out for every kind."
    )


@strawberry.type(description="The subscription made, and its signing secret, shown this once.")
class WebhookCreatePayload:
    subscription: WebhookSubscription | None = strawberry.field(description="The new subscription.")
    secret: str | None = strawberry.field(
        description="The secret every delivery is signed with (HMAC-SHA256 in `Register-Signature`). It is shown "
        "only now: keep it with the receiver. The register keeps it as issued, since signing needs it."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="A subscription after a change to it.")
class WebhookPayload:
    subscription: WebhookSubscription | None = strawberry.field(description="The subscription as it now is.")
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="What a removal removed.")
class WebhookRemovePayload:
    removed_id: strawberry.ID | None = strawberry.field(description="The removed subscription's ID.")
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


def _refused(error: WebhookError, argument: str) -> list[UserError]:
    field = ["input", error.field] if argument == "input" else [error.field]
    return [UserError(field=field, message=f"{str(error)[:1].upper()}{str(error)[1:]}.", code=ErrorCode[error.code])]


async def _shown(session: AsyncSession, subscription: models.WebhookSubscription) -> WebhookSubscription:
    counts = await owed(session, [subscription.id])
    return WebhookSubscription.from_model(subscription, counts[subscription.id])


async def _changing(
    info: Info, id: strawberry.ID, change: Callable[[AsyncSession, models.WebhookSubscription], Awaitable[None]]
) -> WebhookPayload:
    pk = pk_of(id, "WebhookSubscription", "id")
    session = await info.context.writing()
    try:
        async with session.begin_nested():
            subscription = await find_subscription(session, pk=pk)
            await change(session, subscription)
        shown = await _shown(session, subscription)
        await session.commit()
    except WebhookError as error:
        return WebhookPayload(subscription=None, user_errors=_refused(error, "id"))
    return WebhookPayload(subscription=shown, user_errors=[])


async def _create(
    info: Info, input: Annotated[WebhookCreateInput, strawberry.argument(description="The receiver and its choices.")]
) -> WebhookCreatePayload:
    caller = admin(info.context.auth)
    session = await info.context.writing()
    try:
        async with session.begin_nested():
            subscription, secret = await add_subscription(
                session,
                info.context.settings,
                name=input.name,
                url=input.url,
                record_types=[record_type.name for record_type in input.record_types],
                kinds=[kind.name for kind in input.kinds],
                created_by=caller.name,
            )
        shown = await _shown(session, subscription)
        await session.commit()
    except WebhookError as error:
        return WebhookCreatePayload(subscription=None, secret=None, user_errors=_refused(error, "input"))
    return WebhookCreatePayload(subscription=shown, secret=secret, user_errors=[])


async def _enable(info: Info, id: SUBSCRIPTION_ID) -> WebhookPayload:
    admin(info.context.auth)

    async def enable(session: AsyncSession, subscription: models.WebhookSubscription) -> None:
        await set_enabled(session, subscription, True, "")

    return await _changing(info, id, enable)


async def _disable(
    info: Info,
    id: SUBSCRIPTION_ID,
    reason: Annotated[str | None, strawberry.argument(description="Why, for the other admins to read.")] = None,
) -> WebhookPayload:
    caller = admin(info.context.auth)
    why = f"Disabled by {caller.name!r}" + (f": {reason.strip()}" if reason and reason.strip() else ".")

    async def disable(session: AsyncSession, subscription: models.WebhookSubscription) -> None:
        await set_enabled(session, subscription, False, why)

    return await _changing(info, id, disable)


async def _redeliver(
    info: Info,
    id: SUBSCRIPTION_ID,
    change_id: Annotated[
        strawberry.ID, strawberry.argument(description="The change's ID (a delivery's `Idempotency-Key`).")
    ],
) -> WebhookPayload:
    admin(info.context.auth)
    kind, change = parse_global_id(change_id, "changeId")
    if kind != "Change":
        raise RegisterError(f"{change_id!r} is the ID of a {kind}, not of a Change", ErrorCode.BAD_ID, "changeId")

    async def again(session: AsyncSession, subscription: models.WebhookSubscription) -> None:
        await redeliver(session, subscription, change)

    return await _changing(info, id, again)


async def _remove(info: Info, id: SUBSCRIPTION_ID) -> WebhookRemovePayload:
    admin(info.context.auth)
    pk = pk_of(id, "WebhookSubscription", "id")
    session = await info.context.writing()
    try:
        async with session.begin_nested():
            await remove_subscription(session, await find_subscription(session, pk=pk))
        await session.commit()
    except WebhookError as error:
        return WebhookRemovePayload(removed_id=None, user_errors=_refused(error, "id"))
    return WebhookRemovePayload(removed_id=id, user_errors=[])


def _for_admins(resolver: Callable[..., Awaitable[Any]], description: str) -> Any:
    return strawberry.mutation(
        resolver=resolver, permission_classes=ADMINS, description=f"{description} (Admins only.)"
    )


@strawberry.type
class WebhookMutations:
    webhook_create: WebhookCreatePayload = _for_admins(
        _create,
        "Subscribe a receiver to the register's changes. The URL's host is resolved and refused if it is not a "
        "public address the settings allow; the secret is shown once.",
    )
    webhook_enable: WebhookPayload = _for_admins(
        _enable,
        "Enable a subscription: its failures are forgiven and the changes kept while it was disabled are "
        "delivered, oldest first.",
    )
    webhook_disable: WebhookPayload = _for_admins(
        _disable, "Stop delivering to a subscription; its changes go on being kept for it."
    )
    webhook_redeliver: WebhookPayload = _for_admins(
        _redeliver,
        "Send a change to a subscription again, after what it is already owed; it carries the same idempotency key.",
    )
    webhook_remove: WebhookRemovePayload = _for_admins(
        _remove, "Remove a subscription with the changes still owed to it and its log."
    )
