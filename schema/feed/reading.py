"""Reading the change feed: a page of changes after a cursor, with what the query asks for under each loaded."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, select
from strawberry.types.nodes import Selection

from db import models
from schema.context import Context
from schema.feed.order import FEED_ORDER, feed_cursor
from schema.feed.types import RegisterChange
from schema.keyset import PageRequest, fetch_page
from schema.relations import hydrate

change = models.Change.__table__


async def changes_after(
    context: Context, where: ColumnElement[bool], cursor: str | None, size: int, selections: Sequence[Selection]
) -> list[RegisterChange]:
    """Up to `size` changes after the cursor (from the start without one), in feed order, hydrated."""
    page = await fetch_page(
        context, select(change).where(where), FEED_ORDER, PageRequest(size=size, backwards=False, cursor=cursor)
    )
    changes = [RegisterChange.from_feed_row(row) for row in page.rows]
    await hydrate(context, changes, selections)
    return changes


async def last_cursor(context: Context) -> str | None:
    """The cursor of the feed's latest change, or None while the register has recorded none."""
    order = [key.expression.desc() for key in FEED_ORDER.keys]
    rows = await context.rows(select(change.c.register_version, change.c.id).order_by(*order).limit(1))
    return feed_cursor(rows[0].register_version, rows[0].id) if rows else None
