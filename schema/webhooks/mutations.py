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
    check_receiver,
    find_subscription,
    owed,
    redeliver,
    remove_subscription,
    set_enabled,
)
from schema.context import Info
from schema.errors import ErrorCode, RegisterError, UserError
from schema.feed.order import CHANGE_TYPE
from schema.feed.types import RecordType
from schema.history.types import ChangeKind
from schema.mutations import USER_ERRORS
from schema.permissions import CanManageWebhooks, admin
from schema.relay import parse_global_id, pk_of
from schema.webhooks.types import NAMES, WebhookSubscription

ADMINS: list[type[BasePermission]] = [CanManageWebhooks]
SUBSCRIPTION_ID = "The subscription's ID (`webhooks { id }`)."


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


@strawberry.input(description="The webhook subscription to act on.")
class WebhookInput:
    id: strawberry.ID = strawberry.field(description=SUBSCRIPTION_ID)


@strawberry.input(description="The webhook subscription to disable, and why.")
class WebhookDisableInput:
    id: strawberry.ID = strawberry.field(description=SUBSCRIPTION_ID)
    reason: str | None = strawberry.field(default=None, description="Why, for the other admins to read.")


@strawberry.input(description="A change to send to a subscription again.")
class WebhookRedeliverInput:
    id: strawberry.ID = strawberry.field(description=SUBSCRIPTION_ID)
    change_id: strawberry.ID = strawberry.field(description="The change's ID (a delivery's `Idempotency-Key`).")


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


def _refused(error: WebhookError) -> list[UserError]:
    message = f"{str(error)[:1].upper()}{str(error)[1:]}."
    return [UserError(field=["input", error.field], message=message, code=ErrorCode[error.code])]


async def _shown(session: AsyncSession, subscription: models.WebhookSubscription) -> WebhookSubscription:
    counts = await owed(session, [subscription.id])
    return WebhookSubscription.from_model(subscription, counts[subscription.id])


def _pk(id: strawberry.ID) -> int:
    try:
        return pk_of(id, "WebhookSubscription", "id")
    except RegisterError as error:
        raise WebhookError(error.message, "id", ErrorCode.BAD_ID.name) from None


async def _changing(
    info: Info, id: strawberry.ID, change: Callable[[AsyncSession, models.WebhookSubscription], Awaitable[None]]
) -> WebhookPayload:
    try:
        pk = _pk(id)
        session = await info.context.writing()
        async with session.begin_nested():
            subscription = await find_subscription(session, pk=pk)
            await change(session, subscription)
        shown = await _shown(session, subscription)
        await session.commit()
    except WebhookError as error:
        return WebhookPayload(subscription=None, user_errors=_refused(error))
    return WebhookPayload(subscription=shown, user_errors=[])


async def _create(
    info: Info, input: Annotated[WebhookCreateInput, strawberry.argument(description="The receiver and its choices.")]
) -> WebhookCreatePayload:
    caller = admin(info.context.auth)
    try:
        # Resolved before the write begins: a slow name server must not hold the register's writers up.
        receiver = await check_receiver(input.url, info.context.settings)
        session = await info.context.writing()
        async with session.begin_nested():
            subscription, secret = await add_subscription(
                session,
                receiver,
                name=input.name,
                record_types=[NAMES[record_type] for record_type in input.record_types],
                kinds=[kind.name for kind in input.kinds],
                created_by=caller.name,
            )
        shown = await _shown(session, subscription)
        await session.commit()
    except WebhookError as error:
        return WebhookCreatePayload(subscription=None, secret=None, user_errors=_refused(error))
    return WebhookCreatePayload(subscription=shown, secret=secret, user_errors=[])


async def _enable(
    info: Info, input: Annotated[WebhookInput, strawberry.argument(description="The subscription to enable.")]
) -> WebhookPayload:
    admin(info.context.auth)

    async def enable(session: AsyncSession, subscription: models.WebhookSubscription) -> None:
        await set_enabled(session, subscription, True, "")

    return await _changing(info, input.id, enable)


async def _disable(
    info: Info,
    input: Annotated[WebhookDisableInput, strawberry.argument(description="The subscription to disable, and why.")],
) -> WebhookPayload:
    caller = admin(info.context.auth)
    reason = (input.reason or "").strip()
    why = f"Disabled by {caller.name!r}" + (f": {reason}" if reason else ".")

    async def disable(session: AsyncSession, subscription: models.WebhookSubscription) -> None:
        await set_enabled(session, subscription, False, why)

    return await _changing(info, input.id, disable)


async def _redeliver(
    info: Info,
    input: Annotated[WebhookRedeliverInput, strawberry.argument(description="The subscription and the change.")],
) -> WebhookPayload:
    admin(info.context.auth)

    async def again(session: AsyncSession, subscription: models.WebhookSubscription) -> None:
        try:
            kind, change = parse_global_id(input.change_id, "changeId")
        except RegisterError as error:
            raise WebhookError(error.message, "changeId", ErrorCode.BAD_ID.name) from None
        if kind != CHANGE_TYPE:
            message = f"{input.change_id!r} is the ID of a {kind}, not of a change"
            raise WebhookError(message, "changeId", ErrorCode.BAD_ID.name)
        await redeliver(session, subscription, change)

    return await _changing(info, input.id, again)


async def _remove(
    info: Info, input: Annotated[WebhookInput, strawberry.argument(description="The subscription to remove.")]
) -> WebhookRemovePayload:
    admin(info.context.auth)
    try:
        pk = _pk(input.id)
        session = await info.context.writing()
        async with session.begin_nested():
            await remove_subscription(session, await find_subscription(session, pk=pk))
        await session.commit()
    except WebhookError as error:
        return WebhookRemovePayload(removed_id=None, user_errors=_refused(error))
    return WebhookRemovePayload(removed_id=input.id, user_errors=[])


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
