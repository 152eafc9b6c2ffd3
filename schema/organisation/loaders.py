"""Batch loads of directorates, divisions and services, one statement a page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from db import models
from schema.batches import many_each, one_each
from schema.context import Context
from schema.organisation.types import Directorate, Division, Service


async def directorates_by_id(context: Context, ids: Sequence[int]) -> dict[Any, Directorate]:
    """Each directorate by its primary key."""
    return await one_each(context, models.Directorate, ids, Directorate.from_row)


async def divisions_by_id(context: Context, ids: Sequence[int]) -> dict[Any, Division]:
    """Each division by its primary key."""
    return await one_each(context, models.Division, ids, Division.from_row)


async def divisions_by_directorate_id(context: Context, ids: Sequence[int]) -> dict[Any, list[Division]]:
    """Each directorate's divisions, by name."""
    division = models.Division.__table__
    statement = select(division).order_by(division.c.name, division.c.id)
    return await many_each(context, statement, division.c.directorate_id, ids, Division.from_row)


async def services_by_id(context: Context, ids: Sequence[int]) -> dict[Any, Service]:
    """Each service by its primary key."""
    return await one_each(context, models.Service, ids, Service.from_row)


async def services_by_division_id(context: Context, ids: Sequence[int]) -> dict[Any, list[Service]]:
    """Each division's services, in the order the register recorded them."""
    service = models.Service.__table__
    statement = select(service).order_by(service.c.id)
    return await many_each(context, statement, service.c.division_id, ids, Service.from_row)


async def services_by_traded_company_id(context: Context, ids: Sequence[int]) -> dict[Any, list[Service]]:
    """The services each traded company provides."""
    service = models.Service.__table__
    statement = select(service).order_by(service.c.id)
    return await many_each(context, statement, service.c.traded_company_id, ids, Service.from_row)
