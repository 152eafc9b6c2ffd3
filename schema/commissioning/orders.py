"""How lists of activities and key decisions are ordered: their order inputs and the keyset each field means."""

from __future__ import annotations

import enum
from datetime import date

import strawberry
from sqlalchemy import Join

from db import models
from db.base import date_sort_key, pence_sort_key
from schema.keyset import Ordering, SortKey
from schema.ordering import OrderDirection, ordering

activity_table = models.CommissioningActivity.__table__
key_decision_table = models.KeyDecision.__table__
activity = activity_table.c
key_decision = key_decision_table.c

# An activity has at most one key decision, so the outer join keeps one row per activity; the activity
# lists select from it so that KEY_DECISION can sort on the decision's days.
ACTIVITY_WITH_DECISION: Join = activity_table.outerjoin(key_decision_table, key_decision.activity_id == activity.id)


@strawberry.enum(description="What to order activities by; ties are broken by the record's ID, so pages never overlap.")
class CommissioningActivityOrderField(enum.Enum):
    KEY_DECISION = strawberry.enum_value(
        "KEY_DECISION", description="Key decision date (earliest possible day, then latest); none last."
    )
    VALUE = strawberry.enum_value("VALUE", description="Whole-life value; unknown first, so last when descending.")
    ANNUAL_VALUE = strawberry.enum_value(
        "ANNUAL_VALUE", description="Value per year; unknown first, so last when descending."
    )
    NAME = strawberry.enum_value("NAME", description="Name, alphabetically.")


ACTIVITY_ID_KEY = SortKey(activity.id, int)
ACTIVITY_KEYS = {
    CommissioningActivityOrderField.KEY_DECISION: (
        SortKey(date_sort_key(key_decision.expected_earliest), date),
        SortKey(date_sort_key(key_decision.expected_latest), date),
        ACTIVITY_ID_KEY,
    ),
    CommissioningActivityOrderField.VALUE: (SortKey(pence_sort_key(activity.total_value_pence), int), ACTIVITY_ID_KEY),
    CommissioningActivityOrderField.ANNUAL_VALUE: (
        SortKey(pence_sort_key(activity.annual_value_pence), int),
        ACTIVITY_ID_KEY,
    ),
    CommissioningActivityOrderField.NAME: (SortKey(activity.name, str), ACTIVITY_ID_KEY),
}


@strawberry.input(description="The order of a list of commissioning activities.")
class CommissioningActivityOrder:
    field: CommissioningActivityOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Ascending or descending.")

    def ordering(self) -> Ordering:
        """The keyset ordering this input means."""
        return ordering(self.field, self.direction, ACTIVITY_KEYS)


DEFAULT_ACTIVITY_ORDER = CommissioningActivityOrder(
    field=CommissioningActivityOrderField.KEY_DECISION, direction=OrderDirection.ASC
)


@strawberry.enum(description="What to order key decisions by; ties are broken by the record's ID.")
class KeyDecisionOrderField(enum.Enum):
    EXPECTED = strawberry.enum_value("EXPECTED", description="Expected date (earliest possible day, then latest).")


KEY_DECISION_KEYS = {
    # The expected date is never null, so the columns sort as they are (and use their index).
    KeyDecisionOrderField.EXPECTED: (
        SortKey(key_decision.expected_earliest, date),
        SortKey(key_decision.expected_latest, date),
        SortKey(key_decision.id, int),
    ),
}


@strawberry.input(description="The order of a list of key decisions.")
class KeyDecisionOrder:
    field: KeyDecisionOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Ascending or descending.")

    def ordering(self) -> Ordering:
        """The keyset ordering this input means."""
        return ordering(self.field, self.direction, KEY_DECISION_KEYS)


DEFAULT_KEY_DECISION_ORDER = KeyDecisionOrder(field=KeyDecisionOrderField.EXPECTED, direction=OrderDirection.ASC)
