"""Which activities and key decisions a list shows: their filter inputs and the SQL each field means."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import ColumnElement, and_, func, not_, or_, select

from db import models
from schema.filtering import Clause, build_where, contains_text, pks
from schema.relay import pk_of
from schema.values import DateWindow, IntervalColumns, MoneyRange, ValueColumns, in_range, overlaps

activity = models.CommissioningActivity.__table__.c
key_decision = models.KeyDecision.__table__.c
EXPECTED = IntervalColumns(key_decision.expected_earliest, key_decision.expected_latest)
VALUE = ValueColumns(annual=activity.annual_value_pence, total=activity.total_value_pence)
# Never null (an unknown value is simply not over the threshold), so `significant: false` is its plain negation.
SIGNIFICANT = or_(
    and_(activity.annual_value_pence.is_not(None), activity.annual_value_pence >= models.SIGNIFICANCE_THRESHOLD_PENCE),
    activity.significance_reason.is_not(None),
)


@strawberry.input(
    description="Which commissioning activities to list; every field set must hold. Combine filters with and/or/not."
)
class CommissioningActivityFilter:
    key_decision: DateWindow | None = strawberry.field(
        default=None,
        description="Activities whose key decision (an interval) overlaps this window; those needing none never match.",
    )
    value: MoneyRange | None = strawberry.field(
        default=None, description="Activities whose expected value on the range's basis lies in it."
    )
    significant: bool | None = strawberry.field(
        default=None,
        description="True: activities worth at least £1m a year or with a recorded reason of strategic importance, "
        "complexity, risk or profile. False: activities with neither.",
    )
    consultation_required: bool | None = strawberry.field(
        default=None,
        description="Activities whose plan says public consultation is (true) or is not (false) required; "
        "those marked N/A match neither.",
    )
    lead_service: str | None = strawberry.field(
        default=None, description="Activities led by this service, exactly as printed but in any case."
    )
    directorate_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Activities of any of these directorates."
    )
    division_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Activities whose lead service is in any of these divisions."
    )
    plan_id: strawberry.ID | None = strawberry.field(
        default=None, description="Activities that this business plan sets out."
    )
    text: str | None = strawberry.field(
        default=None, description="Activities whose name, description or lead service contains this text (any case)."
    )
    and_: list[CommissioningActivityFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[CommissioningActivityFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: CommissioningActivityFilter | None = strawberry.field(
        name="not", default=None, description="A filter that must not hold."
    )

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, ACTIVITY_CLAUSES)


def _key_decision(window: DateWindow, _: Any, argument: str) -> ColumnElement[bool]:
    decided = select(key_decision.activity_id).where(overlaps(EXPECTED, window, argument))
    return activity.id.in_(decided)


def _planned_by(plan_id: strawberry.ID, _: Any, argument: str) -> ColumnElement[bool]:
    reference = models.PlanReference.__table__.c
    referenced = select(reference.activity_id).where(
        and_(reference.plan_id == pk_of(str(plan_id), "BusinessPlan", argument), reference.activity_id.is_not(None))
    )
    return activity.id.in_(referenced)


ACTIVITY_CLAUSES: dict[str, Clause] = {
    "key_decision": _key_decision,
    "value": lambda money, _, argument: in_range(VALUE, money, argument),
    "significant": lambda significant, _, argument: SIGNIFICANT if significant else not_(SIGNIFICANT),
    "consultation_required": lambda required, _, argument: activity.consultation_required == required,
    "lead_service": lambda service, _, argument: func.lower(activity.lead_service) == func.lower(service),
    "directorate_ids": lambda ids, _, argument: activity.directorate_id.in_(pks(ids, "Directorate", argument)),
    "division_ids": lambda ids, _, argument: activity.division_id.in_(pks(ids, "Division", argument)),
    "plan_id": _planned_by,
    "text": lambda text, _, argument: contains_text(
        text, argument, activity.name, activity.description, activity.lead_service
    ),
}


@strawberry.input(
    description="Which key decisions to list; every field set must hold. Combine filters with and/or/not."
)
class KeyDecisionFilter:
    expected: DateWindow | None = strawberry.field(
        default=None, description="Decisions whose expected date (an interval) overlaps this window."
    )
    directorate_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Decisions on activities of any of these directorates."
    )
    and_: list[KeyDecisionFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[KeyDecisionFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: KeyDecisionFilter | None = strawberry.field(
        name="not", default=None, description="A filter that must not hold."
    )

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, KEY_DECISION_CLAUSES)


def _decided_for(ids: list[strawberry.ID], _: Any, argument: str) -> ColumnElement[bool]:
    owned = select(activity.id).where(activity.directorate_id.in_(pks(ids, "Directorate", argument)))
    return key_decision.activity_id.in_(owned)


KEY_DECISION_CLAUSES: dict[str, Clause] = {
    "expected": lambda window, _, argument: overlaps(EXPECTED, window, argument),
    "directorate_ids": _decided_for,
}
