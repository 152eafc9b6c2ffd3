"""The business plans list, and the connections of plans and references under other records."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select, true

from db import models
from schema.context import Info
from schema.nested import nested_connection
from schema.plans.filters import BusinessPlanFilter, PlanReferenceFilter
from schema.plans.orders import DEFAULT_PLAN_ORDER, REFERENCE_ORDER, BusinessPlanOrder
from schema.plans.types import BusinessPlan, PlanReference
from schema.relay import Connection, listing

plan = models.BusinessPlan.__table__
reference = models.PlanReference.__table__


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
    business_plans = listing(
        lambda where: select(plan).where(where),
        BusinessPlan.from_row,
        filter_type=BusinessPlanFilter,
        order_type=BusinessPlanOrder,
        default_order=DEFAULT_PLAN_ORDER,
        connection=Connection[BusinessPlan],
        description="Directorate and divisional business plans, filtered and ordered (by financial year unless told).",
        filter_description="Which business plans to list.",
        order_description="The order; by financial year unless told.",
    )
