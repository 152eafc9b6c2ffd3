"""Batch loads of commissioning activity, key decisions and activity-contract links."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from db import models
from schema.batches import many_each, one_each
from schema.commissioning.filters import listings
from schema.commissioning.types import ActivityLink, CommissioningActivity, KeyDecision
from schema.context import Context


async def activities_by_id(context: Context, ids: Sequence[int]) -> dict[Any, CommissioningActivity]:
    """Each activity by its primary key."""
    return await one_each(context, models.CommissioningActivity, ids, CommissioningActivity.from_row)


async def key_decisions_by_id(context: Context, ids: Sequence[int]) -> dict[Any, KeyDecision]:
    """Each key decision by its primary key."""
    return await one_each(context, models.KeyDecision, ids, KeyDecision.from_row)


async def key_decisions_by_activity_id(context: Context, ids: Sequence[int]) -> dict[Any, KeyDecision]:
    """The key decision of each activity that needs one."""
    table = models.KeyDecision.__table__
    return await one_each(context, models.KeyDecision, ids, KeyDecision.from_row, table.c.activity_id)


async def links_by_activity_id(context: Context, ids: Sequence[int]) -> dict[Any, list[ActivityLink]]:
    """Each activity's links to contracts, stated ones first."""
    link = models.ActivityContract.__table__
    statement = select(link).order_by(link.c.inferred, link.c.id)
    return await many_each(context, statement, link.c.activity_id, ids, ActivityLink.from_row)


async def links_by_contract_id(context: Context, ids: Sequence[int]) -> dict[Any, list[ActivityLink]]:
    """Each contract's links to activities, stated ones first."""
    link = models.ActivityContract.__table__
    statement = select(link).order_by(link.c.inferred, link.c.id)
    return await many_each(context, statement, link.c.contract_id, ids, ActivityLink.from_row)


async def listed_by_activity_id(context: Context, ids: Sequence[int]) -> dict[Any, bool]:
    """True for each activity a current plan lists as significant; the others are left out."""
    listed = listings().where(models.PlanReference.__table__.c.activity_id.in_(ids)).distinct()
    return {row.activity_id: True for row in await context.rows(listed)}
