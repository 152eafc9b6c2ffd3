"""Webhook subscriptions as admins see them, with each receiver's delivery log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import func, select
from strawberry.dataloader import DataLoader

from db import models
from db.base import among
from schema.bounds import WEBHOOK_ATTEMPTS, at_most
from schema.context import Context, Info
from schema.errors import ErrorCode, RegisterError
from schema.feed.order import change_global_id
from schema.feed.types import RECORDS, RecordType
from schema.history.types import ChangeKind
from schema.relay import global_id

# Each record type by its GraphQL type's name, the name a subscription keeps.
KINDS: dict[str, RecordType] = {record_type.type_name: kind for kind, record_type, _ in RECORDS.values()}
NAMES = {kind: name for name, kind in KINDS.items()}


@strawberry.type(description="One try at delivering a change to a receiver: the delivery log's entry.")
class WebhookAttempt:
    at: datetime = strawberry.field(description="When the attempt was made (UTC).")
    change_id: strawberry.ID = strawberry.field(
        description="The change sent: its ID, which the delivery carried as its `Idempotency-Key`."
    )
    attempt: int = strawberry.field(description="Which try of this delivery it was: 1, then 2, 3 ...")
    status_code: int | None = strawberry.field(description="The receiver's HTTP status; null when none came.")
    duration_ms: int = strawberry.field(description="How long the attempt took, in milliseconds.")
    error: str | None = strawberry.field(description="Why it failed; null when the receiver acknowledged it (2xx).")

    @strawberry.field(description="Whether the receiver acknowledged the change (answered 2xx).")
    def succeeded(self) -> bool:
        return self.error is None


async def _newest_attempts(context: Context, pks: Sequence[int], last: int) -> list[list[WebhookAttempt]]:
    """The newest `last` attempts of each subscription, newest first, for every subscription in one statement."""
    table = models.WebhookAttempt.__table__
    newest = func.row_number().over(partition_by=table.c.subscription_id, order_by=table.c.id.desc())
    ranked = select(table, newest.label("newest")).where(among(table.c.subscription_id, pks)).subquery()
    rows = await context.rows(select(ranked).where(ranked.c.newest <= last).order_by(ranked.c.newest))
    found: dict[int, list[WebhookAttempt]] = defaultdict(list)
    for row in rows:
        found[row.subscription_id].append(
            WebhookAttempt(
                at=row.at,
                change_id=strawberry.ID(change_global_id(row.change_id)),
                attempt=row.attempt,
                status_code=row.status_code,
                duration_ms=row.duration_ms,
                error=row.error,
            )
        )
    return [found[pk] for pk in pks]


@strawberry.type(
    description="A receiver subscribed to the register's changes: each change of the record types and kinds it "
    "chose is POSTed to its URL, signed, in the order the changes were made, until the receiver acknowledges it."
)
class WebhookSubscription:
    pk: strawberry.Private[int]
    id: strawberry.ID = strawberry.field(description="The subscription's ID, for the webhook mutations.")
    name: str = strawberry.field(description="Who receives: the name the admin gave the receiving system.")
    url: str = strawberry.field(description="Where deliveries are POSTed.")
    record_types: list[RecordType] = strawberry.field(
        description="The record types whose changes it is sent; empty for every type."
    )
    kinds: list[ChangeKind] = strawberry.field(description="The kinds of change it is sent; empty for every kind.")
    enabled: bool = strawberry.field(
        description="Whether changes are being delivered; a disabled subscription's changes are kept for it."
    )
    disabled_reason: str | None = strawberry.field(
        description="Why it was disabled: by an admin, or after too many failed deliveries in a row (with the last "
        "failure); null while enabled."
    )
    disabled_at: datetime | None = strawberry.field(description="When it was disabled; null while enabled.")
    consecutive_failures: int = strawberry.field(
        description="Failed attempts since the receiver last acknowledged one."
    )
    retry_at: datetime | None = strawberry.field(
        description="No attempt is made before this, after a failure (the delay doubles with each, with jitter)."
    )
    owed: int = strawberry.field(description="How many changes are queued for it and not yet acknowledged.")
    created_by: str = strawberry.field(description="The admin token's name that subscribed it.")
    created_at: datetime = strawberry.field(description="When it was subscribed (UTC).")

    @strawberry.field(description=f"Its delivery log, newest attempt first. {at_most(WEBHOOK_ATTEMPTS)}")
    async def attempts(
        self,
        info: Info,
        last: Annotated[
            int,
            strawberry.argument(
                description=f"How many of the newest attempts (20 unless said; the cap is {WEBHOOK_ATTEMPTS})."
            ),
        ] = 20,
    ) -> list[WebhookAttempt]:
        if not 1 <= last <= WEBHOOK_ATTEMPTS:
            message = f"`last` must be from 1 to {WEBHOOK_ATTEMPTS}, not {last}"
            raise RegisterError(message, ErrorCode.PAGE_TOO_LARGE, "last")
        key = ("webhook attempts", last)
        loader: DataLoader[int, list[WebhookAttempt]] | None = info.context.batches.get(key)
        if loader is None:
            loader = info.context.batches[key] = DataLoader(lambda pks: _newest_attempts(info.context, pks, last))
        return await loader.load(self.pk)

    @classmethod
    def from_model(cls, subscription: models.WebhookSubscription, owed: int) -> WebhookSubscription:
        """The subscription as the API shows it, with how many changes it is owed."""
        return cls(
            pk=subscription.id,
            id=strawberry.ID(global_id("WebhookSubscription", subscription.id)),
            name=subscription.name,
            url=subscription.url,
            record_types=[KINDS[name] for name in subscription.record_types],
            kinds=[ChangeKind[kind] for kind in subscription.kinds],
            enabled=subscription.enabled,
            disabled_reason=subscription.disabled_reason,
            disabled_at=subscription.disabled_at,
            consecutive_failures=subscription.consecutive_failures,
            retry_at=subscription.retry_at,
            owed=owed,
            created_by=subscription.created_by,
            created_at=subscription.created_at,
        )
