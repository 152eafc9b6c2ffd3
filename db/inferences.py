"""Readings of the papers: where a recorded fact rests on an inference rather than the papers' words.

Each reading names the field it concerns, its kind and the reason, so the API can show it beside the value.
Some come from how a printed value was read (a basis or a start the words do not state); the rest are
recorded with the record by whoever made the reading (the seed, citing its paper).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from db.intervals import DateInterval

__all__ = ["InferenceKind", "Reading", "assumed_basis", "assumed_start", "recorded"]


class InferenceKind(enum.StrEnum):
    """What kind of reading a fact rests on."""

    INFERRED_LINK = "INFERRED_LINK"
    VALUE_FROM_ACTIVITY = "VALUE_FROM_ACTIVITY"
    BASIS_ASSUMED = "BASIS_ASSUMED"
    START_ASSUMED = "START_ASSUMED"
    DIVISION_FROM_LEAD_SERVICE = "DIVISION_FROM_LEAD_SERVICE"
    TERM_FROM_YEARS = "TERM_FROM_YEARS"


@dataclass(frozen=True)
class Reading:
    """One field's reading of the papers: which field, what kind of reading, and why."""

    field: str
    kind: InferenceKind
    reason: str

    def stored(self) -> dict[str, str]:
        """The reading as a record's `inferences` column holds it."""
        return {"field": self.field, "kind": self.kind.value, "reason": self.reason}


def recorded(stored: Iterable[Mapping[str, str]] | None) -> list[Reading]:
    """The readings a record's `inferences` column holds, in the order they were recorded."""
    return [Reading(item["field"], InferenceKind(item["kind"]), item["reason"]) for item in stored or ()]


def assumed_basis(field: str, text: str | None, assumed: bool) -> list[Reading]:
    """A reading for an amount printed with no basis, which the register reads as whole-life."""
    if not assumed:
        return []
    reason = f"{text!r} states no basis (p/a, quarterly, total), so it is read as the whole-life value."
    return [Reading(field, InferenceKind.BASIS_ASSUMED, reason)]


def assumed_start(field: str, interval: DateInterval | None) -> list[Reading]:
    """A reading for a window printed with only its end ("By 2020"), which starts with the plan's year."""
    if interval is None or not interval.start_assumed:
        return []
    reason = (
        f"{interval.text!r} states no start, so the window is read from the first day of the referencing plan's "
        f"financial year, {interval.earliest.isoformat()}."
    )
    return [Reading(field, InferenceKind.START_ASSUMED, reason)]
