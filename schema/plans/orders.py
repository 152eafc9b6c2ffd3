"""How lists of plans and of a plan's references are ordered: the BusinessPlanOrder input and its keysets."""

from __future__ import annotations

import enum

import strawberry

from db import models
from schema.keyset import Ordering, SortKey
from schema.ordering import OrderDirection, ordering

plan = models.BusinessPlan.__table__.c
reference = models.PlanReference.__table__.c


@strawberry.enum(description="What to order business plans by; ties are broken by the record's ID.")
class BusinessPlanOrderField(enum.Enum):
    FINANCIAL_YEAR = strawberry.enum_value("FINANCIAL_YEAR", description="Financial year, oldest first.")
    TITLE = strawberry.enum_value("TITLE", description="Title, alphabetically.")


PLAN_ID_KEY = SortKey(plan.id, int)
PLAN_KEYS = {
    BusinessPlanOrderField.FINANCIAL_YEAR: (SortKey(plan.financial_year, int), PLAN_ID_KEY),
    BusinessPlanOrderField.TITLE: (SortKey(plan.title, str), PLAN_ID_KEY),
}


@strawberry.input(description="The order of a list of business plans.")
class BusinessPlanOrder:
    field: BusinessPlanOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Ascending or descending.")

    def ordering(self) -> Ordering:
        """The keyset ordering this input means."""
        return ordering(self.field, self.direction, PLAN_KEYS)


DEFAULT_PLAN_ORDER = BusinessPlanOrder(field=BusinessPlanOrderField.FINANCIAL_YEAR, direction=OrderDirection.ASC)

# A plan's references read as the plan does: section by section, each in the order the paper prints it.
REFERENCE_ORDER = Ordering(name="SECTION:ASC", keys=(SortKey(reference.section, str), SortKey(reference.id, int)))
