"""Which activities and key decisions a list shows: their filter inputs and the SQL each field means."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import ColumnElement, Select, and_, false, func, not_, or_, select

from db import models
from schema.commissioning.types import STATED_REASONS, SignificanceReason
from schema.filtering import Clause, build_where, contains_text, pks
from schema.relay import pk_of
from schema.retired import current
from schema.values import DateWindow, IntervalColumns, MoneyRange, ValueColumns, in_range, overlaps

activity = models.CommissioningActivity.__table__.c
key_decision = models.KeyDecision.__table__.c
EXPECTED = IntervalColumns(key_decision.expected_earliest, key_decision.expected_latest)
VALUE = ValueColumns(annual=activity.annual_value_pence, total=activity.total_value_pence)
reference = models.PlanReference.__table__
plan = models.BusinessPlan.__table__


def listings() -> Select[tuple[int]]:
    """The activities current plans list, once for each plan reference: a plan refers to an activity only to list
    it as significant commissioning and service activity (section J of the 2017-18 plans)."""
    return (
        select(reference.c.activity_id)
        .select_from(reference.join(plan, plan.c.id == reference.c.plan_id))
        .where(reference.c.activity_id.is_not(None), current(reference), current(plan))
    )


def a_year_at_least(annual: ColumnElement[int | None], pence: int) -> ColumnElement[bool]:
    """Records worth at least this much a year; never null, as an unknown annual value is not."""
    return and_(annual.is_not(None), annual >= pence)


SIGNIFICANT = activity.id.in_(listings())
OVER_THRESHOLD = a_year_at_least(activity.annual_value_pence, models.REVIEW_THRESHOLD_PENCE)


def significant_for(reasons: list[SignificanceReason]) -> ColumnElement[bool]:
    """Significant activities with any of the reasons, each worked out as `significanceReasons` works it out."""
    valued = a_year_at_least(activity.annual_value_pence, models.SIGNIFICANT_VALUE_PENCE)
    stated = [reason.value for reason in reasons if reason in STATED_REASONS]
    clauses: list[ColumnElement[bool]] = [activity.significance_reason.in_(stated)] if stated else []
    if SignificanceReason.VALUE in reasons:
        clauses.append(valued)
    if SignificanceReason.NOT_STATED in reasons:
        clauses.append(and_(not_(valued), activity.significance_reason.is_(None)))
    return and_(SIGNIFICANT, or_(*clauses)) if clauses else false()


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
        description="True: activities a business plan lists as significant commissioning and service activity "
        "(all 24 rows of section J of the SCS plan 2017-18). False: activities no current plan lists.",
    )
    significance_reasons: list[SignificanceReason] | None = strawberry.field(
        default=None,
        description="Significant activities with any of these reasons, as `significanceReasons` gives them "
        "(NOT_STATED for those no paper gives a reason for, below £1m a year).",
    )
    over_threshold: bool | None = strawberry.field(
        default=None,
        description="True: activities worth £1m a year or more, the Strategic Commissioning Board's review "
        "threshold. False: the rest, including those whose annual value is unknown.",
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
    "significance_reasons": lambda reasons, _, argument: significant_for(reasons),
    "over_threshold": lambda over, _, argument: OVER_THRESHOLD if over else not_(OVER_THRESHOLD),
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
