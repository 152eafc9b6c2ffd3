"""Who delivers for the council, as lists: providers and traded companies, filtered, ordered and paged."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import select, true

from db import models
from schema.context import Info
from schema.providers.filters import ProviderFilter, TradedCompanyFilter
from schema.providers.orders import (
    DEFAULT_PROVIDER_ORDER,
    DEFAULT_TRADED_COMPANY_ORDER,
    ProviderOrder,
    TradedCompanyOrder,
)
from schema.providers.types import Provider, TradedCompany
from schema.relay import After, Before, Connection, First, Last, resolve_connection

provider = models.Provider.__table__
traded_company = models.TradedCompany.__table__

ProviderFilterArgument = Annotated[ProviderFilter | None, strawberry.argument(description="Which providers to list.")]
ProviderOrderArgument = Annotated[
    ProviderOrder | None, strawberry.argument(description="The order; by name unless told.")
]
TradedCompanyFilterArgument = Annotated[
    TradedCompanyFilter | None, strawberry.argument(description="Which traded companies to list.")
]
TradedCompanyOrderArgument = Annotated[
    TradedCompanyOrder | None, strawberry.argument(description="The order; by name unless told.")
]


@strawberry.type
class ProviderQueries:
    @strawberry.field(
        description="Suppliers and the council's own traded companies, filtered and ordered (by name unless told)."
    )
    async def providers(
        self,
        info: Info,
        filter: ProviderFilterArgument = None,
        order_by: ProviderOrderArgument = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Provider]:
        result: Connection[Provider] = await resolve_connection(
            info,
            select(provider).where(filter.where() if filter is not None else true()),
            (order_by or DEFAULT_PROVIDER_ORDER).ordering(),
            Provider.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return result

    @strawberry.field(
        description="The council's traded companies and trading units (its alternative service delivery models), "
        "filtered and ordered (by name unless told)."
    )
    async def traded_companies(
        self,
        info: Info,
        filter: TradedCompanyFilterArgument = None,
        order_by: TradedCompanyOrderArgument = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[TradedCompany]:
        result: Connection[TradedCompany] = await resolve_connection(
            info,
            select(traded_company).where(filter.where() if filter is not None else true()),
            (order_by or DEFAULT_TRADED_COMPANY_ORDER).ordering(),
            TradedCompany.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return result
