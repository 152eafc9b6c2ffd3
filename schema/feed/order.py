"""The change feed's order and cursors: by the register version each change's transaction reached, then by id.

Writers hold the register's version row from their first change to their commit (db.version), so a change that
commits later always has a greater version than every change committed before it: a reader that has seen a
position has seen every change before it, now and forever. Within one transaction the change's id keeps the
order it was written in. A cursor encodes the pair, never an offset, so it stays valid however the feed grows;
the webhooks' outbox carries the same change id and cursor (`feed_cursor`).
"""

from __future__ import annotations

from db import models
from schema.keyset import Ordering, SortKey, encode_cursor
from schema.relay import global_id

change = models.Change.__table__

FEED_ORDER = Ordering("feed", (SortKey(change.c.register_version, int), SortKey(change.c.id, int)))
CHANGE_TYPE = "RegisterChange"


def feed_cursor(register_version: int, change_id: int) -> str:
    """The feed's cursor just after one change: what `changes(after:)` and the OCDS feed's `after` take."""
    return encode_cursor(FEED_ORDER, [register_version, change_id])


def change_global_id(change_id: int) -> str:
    """A change's own ID, stable forever: webhook deliveries carry it as their idempotency key."""
    return global_id(CHANGE_TYPE, change_id)
