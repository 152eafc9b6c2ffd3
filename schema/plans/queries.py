"""The business plans list, and the connections of plans and references under other records."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy import select, true

from db import models
from schema.context import Info
from schema.nested import nested_connection
from schema.plans.filters import BusinessPlanFilter, PlanReferenceFilter
from schema.plans.orders import DEFAULT_PLAN_ORDER, REFERENCE_ORDER, BusinessPlanOrder
from schema.plans.types import BusinessPlan, PlanReference
from schema.relay import After, Before, Connection, First, Last, resolve_connection

plan = models.BusinessPlan.__table__
reference = models.PlanReference.__table__

BusinessPlanFilterArgument = Annotated[
    BusinessPlanFilter | None, strawberry.argument(description="Which business plans to list.")
]
BusinessPlanOrderArgument = Annotated[
    BusinessPlanOrder | None, strawberry.argument(description="The order; by financial year unless told.")
]


async def nested_plans(
    info: Info,
    parent_column: str,
    parent_pk: int,
    filter: BusinessPlanFilter | None,
    order_by: BusinessPlanOrder | None,
    **page: Any,
) -> Connection[BusinessPlan]:
    """One parent record's plans (a directorate's), batched with its siblings'."""
    parent = plan.c[parent_column]
    result: Connection[BusinessPlan] = await nested_connection(
        info,
        parent_pk,
        statement=select(plan).where(filter.where() if filter is not None else true()),
        parent=parent,
        ordering=(order_by or DEFAULT_PLAN_ORDER).ordering(),
        convert=BusinessPlan.from_row,
        arguments={"filter": filter, "order_by": order_by, **page},
    )
    return result


async def nested_references(
    info: Info, plan_pk: int, filter: PlanReferenceFilter | None, **page: Any
) -> Connection[PlanReference]:
    """One plan's references, section by section, batched with every sibling plan's."""
    result: Connection[PlanReference] = await nested_connection(
        info,
        plan_pk,
        statement=select(reference).where(filter.where() if filter is not None else true()),
        parent=reference.c.plan_id,
        ordering=REFERENCE_ORDER,
        convert=PlanReference.from_row,
        arguments={"filter": filter, **page},
    )
    return result


@strawberry.type
class PlanQueries:
    @strawberry.field(
        description="Directorate and divisional business plans, filtered and ordered (by financial year unless told)."
    )
    async def business_plans(
        self,
        info: Info,
        filter: BusinessPlanFilterArgument = None,
        order_by: BusinessPlanOrderArgument = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[BusinessPlan]:
        where = filter.where() if filter is not None else true()
        result: Connection[BusinessPlan] = await resolve_connection(
            info,
            select(plan).where(where),
            (order_by or DEFAULT_PLAN_ORDER).ordering(),
            BusinessPlan.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return result
