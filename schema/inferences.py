"""Every inference visible where it shows: the one type a record uses to say a fact is a reading of the papers."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import strawberry

from db.inferences import InferenceKind as DbInferenceKind
from db.inferences import Reading, assumed_start
from db.intervals import DateInterval, Precision


@strawberry.enum(description="What kind of reading of the papers a fact rests on, rather than their words.")
class InferenceKind(enum.Enum):
    INFERRED_LINK = strawberry.enum_value(
        "INFERRED_LINK", description="Reached through a link between an activity and a contract the papers imply."
    )
    VALUE_FROM_ACTIVITY = strawberry.enum_value(
        "VALUE_FROM_ACTIVITY",
        description="A contract's value taken from its commissioning activity's expected value in the plan.",
    )
    BASIS_ASSUMED = strawberry.enum_value(
        "BASIS_ASSUMED", description="An amount printed with no basis, read as the whole-life value."
    )
    START_ASSUMED = strawberry.enum_value(
        "START_ASSUMED", description="A window printed with only its end ('By 2020'), read from the plan's year."
    )
    DIVISION_FROM_LEAD_SERVICE = strawberry.enum_value(
        "DIVISION_FROM_LEAD_SERVICE", description="A division worked out from the lead service the plan prints."
    )
    TERM_FROM_YEARS = strawberry.enum_value(
        "TERM_FROM_YEARS", description="A term in months worked out from the years a paper gives ('2018 to 2021')."
    )


assert {k.name for k in InferenceKind} == {k.value for k in DbInferenceKind}


@strawberry.type(description="A fact that rests on a reading of the papers rather than their words, and why.")
class Inference:
    field: str = strawberry.field(
        description="The field whose value rests on the reading, as the API names it (`value`, `division`); for a "
        "record reached through another's list, that list (`providers`)."
    )
    kind: InferenceKind = strawberry.field(description="What kind of reading it is.")
    reason: str = strawberry.field(description="Why the register reads the papers this way, citing them.")


def inferences(readings: Iterable[Reading]) -> list[Inference]:
    """The readings as the API shows them."""
    return [Inference(field=r.field, kind=InferenceKind[r.kind.value], reason=r.reason) for r in readings]


def start_assumed_in(
    field: str, earliest: date | None, latest: date | None, precision: str | None, text: str | None
) -> list[Reading]:
    """The reading of a stored window whose start the words did not give, if it is one."""
    if earliest is None or latest is None or precision is None:
        return []
    return assumed_start(field, DateInterval(earliest, latest, Precision(precision), text or ""))
