"""Batch loads of contracts, one statement a page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from db import models
from schema.batches import many_each, one_each
from schema.context import Context
from schema.contracts.types import Contract


async def contracts_by_id(context: Context, ids: Sequence[int]) -> dict[Any, Contract]:
    """Each contract by its primary key."""
    return await one_each(context, models.Contract, ids, Contract.from_row)


async def contracts_by_service_id(context: Context, ids: Sequence[int]) -> dict[Any, list[Contract]]:
    """The contracts each service is delivered through, soonest ending first."""
    contract = models.Contract.__table__
    link = models.service_contract
    statement = (
        select(contract)
        .join(link, link.c.contract_id == contract.c.id)
        .order_by(contract.c.end_earliest, contract.c.id)
    )
    return await many_each(context, statement, link.c.service_id, ids, Contract.from_row)
