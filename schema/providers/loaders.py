"""Batch loads of providers and traded companies, one statement a page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, select

from db import models
from schema.batches import many_each, one_each
from schema.commissioning.types import link_readings
from schema.context import Context
from schema.inferences import inferences
from schema.providers.types import Commissioner, Provider, TradedCompany


async def providers_by_id(context: Context, ids: Sequence[int]) -> dict[Any, Provider]:
    """Each provider by its primary key."""
    return await one_each(context, models.Provider, ids, Provider.from_row)


async def traded_companies_by_id(context: Context, ids: Sequence[int]) -> dict[Any, TradedCompany]:
    """Each traded company by its primary key."""
    return await one_each(context, models.TradedCompany, ids, TradedCompany.from_row)


async def traded_companies_by_provider_id(context: Context, ids: Sequence[int]) -> dict[Any, TradedCompany]:
    """The traded company behind each provider that is one."""
    table = models.TradedCompany.__table__
    return await one_each(context, models.TradedCompany, ids, TradedCompany.from_row, table.c.provider_id)


async def commissioners_by_traded_company_id(context: Context, ids: Sequence[int]) -> dict[Any, list[Commissioner]]:
    """The divisions commissioning each traded company, and their arrangements."""
    table = models.TradedCompanyCommissioner.__table__
    statement = select(table.c.arrangement, table.c.division_id).order_by(table.c.id)
    return await many_each(
        context,
        statement,
        table.c.traded_company_id,
        ids,
        lambda row: Commissioner(arrangement=row.arrangement, division_pk=row.division_id),
    )


async def providers_by_activity_id(context: Context, ids: Sequence[int]) -> dict[Any, list[Provider]]:
    """The providers of each activity's linked contracts, each once, by name; a provider reached only through
    links the papers imply says so in its `inferences`."""
    provider = models.Provider.__table__
    contract = models.Contract.__table__
    link = models.ActivityContract.__table__
    statement = (
        select(provider, link.c.inferred.label("link_inferred"), link.c.reason.label("link_reason"))
        .add_columns(contract.c.reference.label("contract_reference"))
        .join(contract, contract.c.provider_id == provider.c.id)
        .join(link, link.c.contract_id == contract.c.id)
        .order_by(provider.c.name, provider.c.id, contract.c.reference)
    )
    found = await many_each(context, statement, link.c.activity_id, ids, lambda row: row)
    return {activity: _reached(rows) for activity, rows in found.items()}


def _reached(rows: list[Row[Any]]) -> list[Provider]:
    by_provider: dict[int, list[Row[Any]]] = {}
    for row in rows:
        by_provider.setdefault(row.id, []).append(row)
    providers = []
    for links in by_provider.values():
        provider = Provider.from_row(links[0])
        if all(row.link_inferred for row in links):
            references = ", ".join(row.contract_reference for row in links)
            reason = f"Reached only through inferred links to {references}. {links[0].link_reason or ''}".strip()
            provider.inferences = inferences(link_readings("providers", True, reason))
        providers.append(provider)
    return providers
