"""The `changes` subscription: the feed's entries delivered as their writes commit, in any process.

A subscriber keeps its own cursor. It reads the feed after it, delivers what it finds, and waits to be woken
(a notice from PostgreSQL that a change committed, in whatever process; on SQLite, the poll interval) before
reading again. Since the feed's order is the order writes commit in, reading after the cursor can neither skip
a change nor repeat one, however the wake-ups fall; the alarm is reset before each read, so a change committed
during a read wakes the next.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from sqlalchemy import true

from db.change_signal import ChangeSignal
from schema.context import Info
from schema.feed.queries import FeedFilter
from schema.feed.reading import changes_after, last_cursor
from schema.feed.types import RegisterChange
from schema.relations import children

ResumeAfter = Annotated[
    str | None,
    strawberry.argument(
        description="Resume just after this cursor (a change's `cursor`, or a `changes` page's `endCursor`): every "
        "change since is delivered first. Without it, delivery starts with the next change to commit."
    ),
]


async def _changes(info: Info, filter: FeedFilter = None, after: ResumeAfter = None) -> AsyncGenerator[RegisterChange]:
    signal = info.context.change_signal
    assert isinstance(signal, ChangeSignal), "the app gives every websocket's context the process's signal"
    where = filter.where() if filter is not None else true()
    selections = children(info.selected_fields)
    page_size = info.context.settings.max_page_size
    wakeup = signal.wakeup()
    try:
        # Listen before the first read: a change committed between that read and a later LISTEN would wake no
        # one, and wait for the fallback re-read (30 s).
        await signal.listen()
        cursor = after
        if cursor is None:
            reading = info.context.fresh()
            try:
                cursor = await last_cursor(reading)
            finally:
                await reading.close()
        while True:
            wakeup.reset()
            reading = info.context.fresh()
            try:
                changes = await changes_after(reading, where, cursor, page_size, selections)
            finally:
                await reading.close()
            for change in changes:
                yield change
                cursor = change.cursor
            if len(changes) < page_size:
                await wakeup.wait()
    finally:
        wakeup.close()


@strawberry.type
class FeedSubscriptions:
    changes: AsyncGenerator[RegisterChange] = strawberry.subscription(
        resolver=_changes,
        description="The change feed live: each accepted write to any record, as `changes` shows it, delivered "
        "once its write commits, whichever process made it, in the same order. Keep the last `cursor` and pass "
        "it as `after` when reconnecting to miss nothing.",
    )
