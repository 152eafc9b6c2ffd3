"""What a receiver is sent for a change: the change as the change feed shows it (schema/feed/types.py).

The body is the feed's entry for the change, in the API's own names and units, so a receiver reads a delivery as
it reads `changes`: the change's ID (also the idempotency key) and feed cursor, the record's global ID and type,
the kind, actor, time and version, the fields it changed, and the record before and after.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from db import models
from schema.feed.types import RegisterChange
from schema.scalars import SCALARS
from schema.webhooks.types import NAMES

__all__ = ["change_id", "event_body", "event_type"]


def change_id(change: models.Change) -> str:
    """The change's global ID: the idempotency key of every delivery of it."""
    return str(RegisterChange.from_feed_row(change).id)  # type: ignore[arg-type]


def event_type(change: models.Change) -> str:
    """The event's type, `<RecordType>.<KIND>` (`Contract.UPDATE`), as the Register-Event header says it."""
    return f"{NAMES[RegisterChange.from_feed_row(change).record_type]}.{change.kind}"  # type: ignore[arg-type]


def event_body(change: models.Change) -> bytes:
    """The JSON a receiver is sent for a change."""
    entry = RegisterChange.from_feed_row(change)  # type: ignore[arg-type]
    at = SCALARS[datetime].serialize
    assert at is not None
    event: dict[str, Any] = {
        "id": entry.id,
        "type": f"{NAMES[entry.record_type]}.{change.kind}",
        "cursor": entry.cursor,
        "registerVersion": entry.register_version,
        "record": {"id": entry.record_id, "type": NAMES[entry.record_type]},
        "kind": change.kind,
        "actor": entry.actor,
        "at": at(entry.at),
        "version": entry.version,
        "origin": entry.origin,
        "changed": entry.changed,
        "before": entry.before,
        "after": entry.after,
    }
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
