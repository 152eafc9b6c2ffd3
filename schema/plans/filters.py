"""Which plans, and which of a plan's references, a list shows: the filter inputs and the SQL each field means."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import ColumnElement, func

from db import models
from db.intervals import FinancialYear, IntervalParseError
from schema.errors import RegisterError
from schema.filtering import Clause, build_where, contains_text, pks
from schema.plans.types import PlanStatus, PlanSubjectKind

plan = models.BusinessPlan.__table__.c
reference = models.PlanReference.__table__.c


@strawberry.input(
    description="Which business plans to list; every field set must hold. Combine filters with and/or/not."
)
class BusinessPlanFilter:
    financial_year: str | None = strawberry.field(
        default=None, description="Plans for this financial year, written '2017-18', '2017/18' or '17-18'."
    )
    status: list[PlanStatus] | None = strawberry.field(default=None, description="Plans in any of these states.")
    directorate_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Plans of any of these directorates (directorate and divisional plans alike)."
    )
    division_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Divisional plans of any of these divisions."
    )
    text: str | None = strawberry.field(default=None, description="Plans whose title contains this text (any case).")
    and_: list[BusinessPlanFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[BusinessPlanFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: BusinessPlanFilter | None = strawberry.field(
        name="not", default=None, description="A filter that must not hold."
    )

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, PLAN_CLAUSES)


def _financial_year(text: str, _: Any, argument: str) -> ColumnElement[bool]:
    try:
        year = FinancialYear.parse(text)
    except IntervalParseError as error:
        raise RegisterError(
            f"{text!r} is not a financial year ({error.reason}); write it as 2017-18, 2017/18 or 17-18",
            argument=argument,
        ) from None
    return plan.financial_year == year.start_year


PLAN_CLAUSES: dict[str, Clause] = {
    "financial_year": _financial_year,
    "status": lambda statuses, _, argument: plan.status.in_([s.value for s in statuses]),
    "directorate_ids": lambda ids, _, argument: plan.directorate_id.in_(pks(ids, "Directorate", argument)),
    "division_ids": lambda ids, _, argument: plan.division_id.in_(pks(ids, "Division", argument)),
    "text": lambda text, _, argument: contains_text(text, argument, plan.title),
}


@strawberry.input(
    description="Which of a plan's references to list; every field set must hold. Combine with and/or/not."
)
class PlanReferenceFilter:
    section: list[str] | None = strawberry.field(
        default=None, description="References in any of these sections of the plan, e.g. ['I', 'J'] (any case)."
    )
    subject_kinds: list[PlanSubjectKind] | None = strawberry.field(
        default=None, description="References to records of any of these kinds."
    )
    text: str | None = strawberry.field(
        default=None, description="References whose row, as the paper prints it, contains this text (any case)."
    )
    and_: list[PlanReferenceFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[PlanReferenceFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: PlanReferenceFilter | None = strawberry.field(
        name="not", default=None, description="A filter that must not hold."
    )

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, REFERENCE_CLAUSES)


REFERENCE_CLAUSES: dict[str, Clause] = {
    "section": lambda sections, _, argument: func.upper(reference.section).in_([s.upper() for s in sections]),
    "subject_kinds": lambda kinds, _, argument: reference.subject_kind.in_([k.value for k in kinds]),
    "text": lambda text, _, argument: contains_text(text, argument, reference.source_text),
}
