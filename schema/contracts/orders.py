"""How a list of contracts is ordered: the ContractOrder input and the keyset each field means."""

from __future__ import annotations

import enum
from datetime import date

import strawberry

from db import models
from db.base import date_sort_key, pence_sort_key
from schema.keyset import Ordering, SortKey
from schema.ordering import OrderDirection, ordering

contract = models.Contract.__table__.c


@strawberry.enum(description="What to order contracts by; ties are broken by the record's ID, so pages never overlap.")
class ContractOrderField(enum.Enum):
    END = strawberry.enum_value("END", description="End date (earliest possible day, then latest); unknown last.")
    START = strawberry.enum_value("START", description="Start date (earliest day, then latest); unknown last.")
    VALUE = strawberry.enum_value("VALUE", description="Whole-life value; unknown first, so last when descending.")
    ANNUAL_VALUE = strawberry.enum_value(
        "ANNUAL_VALUE", description="Value per year; unknown first, so last when descending."
    )
    TITLE = strawberry.enum_value("TITLE", description="Title, alphabetically.")


ID_KEY = SortKey(contract.id, int)
KEYS = {
    ContractOrderField.END: (
        SortKey(date_sort_key(contract.end_earliest), date),
        SortKey(date_sort_key(contract.end_latest), date),
        ID_KEY,
    ),
    ContractOrderField.START: (
        SortKey(date_sort_key(contract.start_earliest), date),
        SortKey(date_sort_key(contract.start_latest), date),
        ID_KEY,
    ),
    ContractOrderField.VALUE: (SortKey(pence_sort_key(contract.total_value_pence), int), ID_KEY),
    ContractOrderField.ANNUAL_VALUE: (SortKey(pence_sort_key(contract.annual_value_pence), int), ID_KEY),
    ContractOrderField.TITLE: (SortKey(contract.title, str), ID_KEY),
}


@strawberry.input(description="The order of a list of contracts.")
class ContractOrder:
    field: ContractOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Ascending or descending.")

    def ordering(self) -> Ordering:
        """The keyset ordering this input means."""
        return ordering(self.field, self.direction, KEYS)


DEFAULT_ORDER = ContractOrder(field=ContractOrderField.END, direction=OrderDirection.ASC)
