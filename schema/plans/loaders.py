"""Batch loads of plans, their priorities and references, and what they reference."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, select

from db import models
from schema.batches import each_of_kind, many_each, one_each
from schema.context import Context
from schema.plans.types import BusinessPlan, PlanReference
from schema.retired import current

SubjectLoad = Callable[[Context, Sequence[int]], Awaitable[dict[Any, Any]]]


async def plans_by_id(context: Context, ids: Sequence[int]) -> dict[Any, BusinessPlan]:
    """Each plan by its primary key."""
    return await one_each(context, models.BusinessPlan, ids, BusinessPlan.from_row)


async def references_by_id(context: Context, ids: Sequence[int]) -> dict[Any, PlanReference]:
    """Each plan reference by its primary key."""
    return await one_each(context, models.PlanReference, ids, PlanReference.from_row)


async def priorities_by_plan_id(context: Context, ids: Sequence[int]) -> dict[Any, list[str]]:
    """Each plan's priorities, in the plan's order."""
    priority = models.PlanPriority.__table__
    statement = select(priority.c.text).order_by(priority.c.position)
    return await many_each(context, statement, priority.c.plan_id, ids, lambda row: str(row.text))


def references_by_subject(column: ColumnElement[Any]) -> SubjectLoad:
    """A batch load of every plan reference to records of one kind, keyed by the record's primary key."""

    async def load(context: Context, ids: Sequence[int]) -> dict[Any, list[PlanReference]]:
        reference = models.PlanReference.__table__
        statement = select(reference).order_by(reference.c.plan_id, reference.c.section, reference.c.id)
        return await many_each(context, statement, column, ids, PlanReference.from_row)

    return load


def plans_by_subject(column: ColumnElement[Any]) -> SubjectLoad:
    """A batch load of the plans that reference records of one kind, each plan once, newest year first."""

    async def load(context: Context, ids: Sequence[int]) -> dict[Any, list[BusinessPlan]]:
        plan = models.BusinessPlan.__table__
        reference = models.PlanReference.__table__
        statement = (
            select(plan)
            .join(reference, reference.c.plan_id == plan.c.id)
            .where(current(reference))
            .distinct()
            .order_by(plan.c.financial_year.desc(), plan.c.id)
        )
        # A plan names many of a page's records: each is built once and shared by every record it names.
        built: dict[int, BusinessPlan] = {}

        def plan_of(row: Row[Any]) -> BusinessPlan:
            found = built.get(row.id)
            if found is None:
                found = built[row.id] = BusinessPlan.from_row(row)
            return found

        return await many_each(context, statement, column, ids, plan_of)

    return load


async def subjects_by_key(context: Context, keys: Sequence[tuple[str, int]]) -> dict[Any, Any]:
    """The records references point at, of whatever kind, one statement per kind present."""
    from schema.commissioning.loaders import activities_by_id
    from schema.contracts.loaders import contracts_by_id
    from schema.organisation.loaders import services_by_id
    from schema.providers.loaders import providers_by_id, traded_companies_by_id

    loads: dict[str, SubjectLoad] = {
        models.PlanSubject.CONTRACT: contracts_by_id,
        models.PlanSubject.COMMISSIONING_ACTIVITY: activities_by_id,
        models.PlanSubject.PROVIDER: providers_by_id,
        models.PlanSubject.TRADED_COMPANY: traded_companies_by_id,
        models.PlanSubject.SERVICE: services_by_id,
    }
    return await each_of_kind(context, keys, loads)
