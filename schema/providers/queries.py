"""Who delivers for the council, as lists: providers and traded companies, filtered, ordered and paged."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from db import models
from schema.providers.filters import ProviderFilter, TradedCompanyFilter
from schema.providers.orders import (
    DEFAULT_PROVIDER_ORDER,
    DEFAULT_TRADED_COMPANY_ORDER,
    ProviderOrder,
    TradedCompanyOrder,
)
from schema.providers.types import Provider, TradedCompany
from schema.relay import Connection, listing

provider = models.Provider.__table__
traded_company = models.TradedCompany.__table__


@strawberry.type
class ProviderQueries:
    providers = listing(
        lambda where: select(provider).where(where),
        Provider.from_row,
        filter_type=ProviderFilter,
        order_type=ProviderOrder,
        default_order=DEFAULT_PROVIDER_ORDER,
        connection=Connection[Provider],
        description="Suppliers and the council's own traded companies, filtered and ordered (by name unless told).",
        filter_description="Which providers to list.",
        order_description="The order; by name unless told.",
    )
    traded_companies = listing(
        lambda where: select(traded_company).where(where),
        TradedCompany.from_row,
        filter_type=TradedCompanyFilter,
        order_type=TradedCompanyOrder,
        default_order=DEFAULT_TRADED_COMPANY_ORDER,
        connection=Connection[TradedCompany],
        description="The council's traded companies and trading units (its alternative service delivery models), "
        "filtered and ordered (by name unless told).",
        filter_description="Which traded companies to list.",
        order_description="The order; by name unless told.",
    )
