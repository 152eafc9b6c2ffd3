"""What every synthetic row shares: its type, and the provenance columns of an editable record."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from db.intervals import DateInterval

Row = dict[str, Any]

# A fixed moment rather than now, so the same seed writes the same bytes on every run.
RECORDED_AT = datetime(2025, 1, 1, tzinfo=UTC)


def recorded(source: str) -> Row:
    """The version, timestamps and provenance of a record the generator wrote."""
    return {"version": 1, "created_at": RECORDED_AT, "updated_at": RECORDED_AT, "source": source}


def interval_columns(prefix: str, interval: DateInterval | None) -> Row:
    """A `DateInterval` (or None) as the four columns the register stores it in."""
    if interval is None:
        return dict.fromkeys((f"{prefix}_earliest", f"{prefix}_latest", f"{prefix}_precision", f"{prefix}_text"))
    return {
        f"{prefix}_earliest": interval.earliest,
        f"{prefix}_latest": interval.latest,
        f"{prefix}_precision": interval.precision.value,
        f"{prefix}_text": interval.text,
    }
