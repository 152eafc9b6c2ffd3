"""`changes`: the register's change feed, every accepted write to any record, in the order writers committed."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import select, true

from db import models
from schema.context import Info
from schema.feed.filters import RegisterChangeFilter
from schema.feed.order import FEED_ORDER
from schema.feed.types import RegisterChange
from schema.relay import After, Before, Connection, First, Last, resolve_connection

change = models.Change.__table__

FEED = (
    "Every accepted write to any record (seeded, imported, created, updated, retired), in the order the writes "
    "committed, each with its record and its fields before and after. Cursors are stable forever: a consumer "
    "that keeps its last cursor and asks again `after` it sees every change exactly once, in order, even while "
    "several writers commit at once. The `changes` subscription delivers the same entries as they commit."
)

FeedFilter = Annotated[
    RegisterChangeFilter | None, strawberry.argument(description="Which changes to carry: record types, kinds, since.")
]


async def _changes(
    info: Info,
    filter: FeedFilter = None,
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> Connection[RegisterChange]:
    where = filter.where() if filter is not None else true()
    result: Connection[RegisterChange] = await resolve_connection(
        info,
        select(change).where(where),
        FEED_ORDER,
        RegisterChange.from_feed_row,
        first=first,
        after=after,
        last=last,
        before=before,
    )
    return result


@strawberry.type
class FeedQueries:
    changes: Connection[RegisterChange] = strawberry.field(resolver=_changes, description=FEED)
