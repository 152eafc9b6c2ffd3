"""How lists of directorates, divisions and services are ordered: their order inputs and keysets."""

from __future__ import annotations

import enum
from datetime import date

import strawberry

from db import models
from db.base import date_sort_key
from schema.keyset import Ordering, SortKey
from schema.ordering import OrderDirection, ordering

directorate = models.Directorate.__table__.c
division = models.Division.__table__.c
service = models.Service.__table__.c


@strawberry.enum(description="What to order directorates by; ties are broken by the record's ID.")
class DirectorateOrderField(enum.Enum):
    CODE = strawberry.enum_value("CODE", description="Short code, alphabetically.")
    NAME = strawberry.enum_value("NAME", description="Name, alphabetically.")


DIRECTORATE_KEYS = {
    DirectorateOrderField.CODE: (SortKey(directorate.code, str), SortKey(directorate.id, int)),
    DirectorateOrderField.NAME: (SortKey(directorate.name, str), SortKey(directorate.id, int)),
}


@strawberry.input(description="The order of a list of directorates.")
class DirectorateOrder:
    field: DirectorateOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Ascending or descending.")

    def ordering(self) -> Ordering:
        """The keyset ordering this input means."""
        return ordering(self.field, self.direction, DIRECTORATE_KEYS)


DEFAULT_DIRECTORATE_ORDER = DirectorateOrder(field=DirectorateOrderField.CODE, direction=OrderDirection.ASC)


@strawberry.enum(description="What to order divisions by; ties are broken by the record's ID.")
class DivisionOrderField(enum.Enum):
    NAME = strawberry.enum_value("NAME", description="Name, alphabetically.")


DIVISION_KEYS = {DivisionOrderField.NAME: (SortKey(division.name, str), SortKey(division.id, int))}


@strawberry.input(description="The order of a list of divisions.")
class DivisionOrder:
    field: DivisionOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Ascending or descending.")

    def ordering(self) -> Ordering:
        """The keyset ordering this input means."""
        return ordering(self.field, self.direction, DIVISION_KEYS)


DEFAULT_DIVISION_ORDER = DivisionOrder(field=DivisionOrderField.NAME, direction=OrderDirection.ASC)


@strawberry.enum(description="What to order services by; ties are broken by the record's ID.")
class ServiceOrderField(enum.Enum):
    NAME = strawberry.enum_value("NAME", description="Name, alphabetically.")
    CONTRACT_END = strawberry.enum_value(
        "CONTRACT_END", description="End of its external contracts (earliest possible day, then latest); none last."
    )


SERVICE_ID_KEY = SortKey(service.id, int)
SERVICE_KEYS = {
    ServiceOrderField.NAME: (SortKey(service.name, str), SERVICE_ID_KEY),
    ServiceOrderField.CONTRACT_END: (
        SortKey(date_sort_key(service.contract_end_earliest), date),
        SortKey(date_sort_key(service.contract_end_latest), date),
        SERVICE_ID_KEY,
    ),
}


@strawberry.input(description="The order of a list of services.")
class ServiceOrder:
    field: ServiceOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Ascending or descending.")

    def ordering(self) -> Ordering:
        """The keyset ordering this input means."""
        return ordering(self.field, self.direction, SERVICE_KEYS)


DEFAULT_SERVICE_ORDER = ServiceOrder(field=ServiceOrderField.NAME, direction=OrderDirection.ASC)
