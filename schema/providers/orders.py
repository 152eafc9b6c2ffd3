"""How lists of providers and traded companies are ordered: their order inputs and keysets."""

from __future__ import annotations

import enum

import strawberry

from db import models
from schema.keyset import Ordering, SortKey
from schema.ordering import OrderDirection, ordering

provider = models.Provider.__table__.c
traded_company = models.TradedCompany.__table__.c


@strawberry.enum(description="What to order providers by; ties are broken by the record's ID.")
class ProviderOrderField(enum.Enum):
    NAME = strawberry.enum_value("NAME", description="Name, alphabetically.")


PROVIDER_KEYS = {ProviderOrderField.NAME: (SortKey(provider.name, str), SortKey(provider.id, int))}


@strawberry.input(description="The order of a list of providers.")
class ProviderOrder:
    field: ProviderOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Ascending or descending.")

    def ordering(self) -> Ordering:
        """The keyset ordering this input means."""
        return ordering(self.field, self.direction, PROVIDER_KEYS)


DEFAULT_PROVIDER_ORDER = ProviderOrder(field=ProviderOrderField.NAME, direction=OrderDirection.ASC)


@strawberry.enum(description="What to order traded companies by; ties are broken by the record's ID.")
class TradedCompanyOrderField(enum.Enum):
    NAME = strawberry.enum_value("NAME", description="Name, alphabetically.")


TRADED_COMPANY_KEYS = {
    TradedCompanyOrderField.NAME: (SortKey(traded_company.name, str), SortKey(traded_company.id, int)),
}


@strawberry.input(description="The order of a list of traded companies.")
class TradedCompanyOrder:
    field: TradedCompanyOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Ascending or descending.")

    def ordering(self) -> Ordering:
        """The keyset ordering this input means."""
        return ordering(self.field, self.direction, TRADED_COMPANY_KEYS)


DEFAULT_TRADED_COMPANY_ORDER = TradedCompanyOrder(field=TradedCompanyOrderField.NAME, direction=OrderDirection.ASC)
