"""What a receiver is sent for a change: the change as the history shows it, with the record it changed.

The body is the register's change in the API's own names and units, exactly as the record's `history` shows it
(schema/history/states.py), so a receiver needs no knowledge of the database: the change's ID (also the
idempotency key), the record's global ID and type, the kind, actor, time and version, the fields it changed,
and the record before and after.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from db import models
from schema.history.loaders import HISTORY_MODELS
from schema.history.states import State, state_shower
from schema.history.types import Change
from schema.relay import global_id
from schema.scalars import SCALARS

# The type each table's changes are shown as, with how to show its states (built on first use, once every
# type's lazy fields resolve).
_TYPES = {model.__tablename__: (record_type, model) for record_type, model in HISTORY_MODELS.items()}
_SHOWERS: dict[str, Callable[[Mapping[str, Any]], State]] = {}


def change_id(change: models.Change) -> str:
    """The change's global ID: the idempotency key of every delivery of it."""
    return global_id("Change", change.id)


def event_type(change: models.Change) -> str:
    """The event's type, `<RecordType>.<KIND>` (`Contract.UPDATE`), as the Register-Event header says it."""
    return f"{_TYPES[change.record_table][0].__name__}.{change.kind}"


def event_body(change: models.Change) -> bytes:
    """The JSON a receiver is sent for a change."""
    record_type, model = _TYPES[change.record_table]
    if change.record_table not in _SHOWERS:
        _SHOWERS[change.record_table] = state_shower(record_type, model)
    shown = Change.from_row(change, _SHOWERS[change.record_table])  # type: ignore[arg-type]
    at = SCALARS[datetime].serialize
    assert at is not None
    event = {
        "id": change_id(change),
        "type": event_type(change),
        "record": {"id": global_id(record_type.__name__, change.record_id), "type": record_type.__name__},
        "kind": change.kind,
        "actor": change.actor,
        "at": at(change.at),
        "version": change.version,
        "origin": change.origin,
        "changed": shown.changed,
        "before": shown.before,
        "after": shown.after,
    }
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
