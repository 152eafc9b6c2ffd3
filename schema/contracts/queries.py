"""The contracts list: the register's detailed record of contracts, filtered, ordered and paged."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select, true

from db import models
from schema.context import Info
from schema.contracts.filters import VALUE, ContractFilter
from schema.contracts.orders import DEFAULT_ORDER, ContractOrder
from schema.contracts.types import Contract, ContractConnection
from schema.nested import batch_key, nested_connection
from schema.relay import listing
from schema.values import value_totals, value_totals_by_parent

contract = models.Contract.__table__


async def nested_contracts(
    info: Info,
    parent_column: str,
    parent_pk: int,
    filter: ContractFilter | None,
    order_by: ContractOrder | None,
    **page: Any,
) -> ContractConnection:
    """One parent record's contracts (a provider's, a directorate's), batched with its siblings'."""
    parent = contract.c[parent_column]
    where = filter.where() if filter is not None else true()
    arguments = {"filter": filter, "order_by": order_by, **page}
    totals = value_totals_by_parent(info, VALUE, where, parent, ("valueTotals", batch_key(info, arguments)))
    result: ContractConnection = await nested_connection(
        info,
        parent_pk,
        statement=select(contract).where(where),
        parent=parent,
        ordering=(order_by or DEFAULT_ORDER).ordering(),
        convert=Contract.from_row,
        arguments=arguments,
        connection=ContractConnection,
        value_totals_of=lambda: totals(parent_pk),
    )
    return result


@strawberry.type
class ContractQueries:
    contracts = listing(
        lambda where: select(contract).where(where),
        Contract.from_row,
        filter_type=ContractFilter,
        order_type=ContractOrder,
        default_order=DEFAULT_ORDER,
        connection=ContractConnection,
        description="Contracts on the register, filtered and ordered (by end date unless told).",
        filter_description="Which contracts to list.",
        order_description="The order; by end date unless told.",
        totals=lambda info, where: value_totals(info, VALUE, where),
    )
