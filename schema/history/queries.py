"""History queries: the register as it was at a given date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from schema.context import Info
from schema.history import loaders  # noqa: F401  (gives every record type its `history`)
from schema.history.as_at import ContractAsAt, contract_as_at


async def _contract_as_at(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The contract's global ID.")],
    day: Annotated[
        date,
        strawberry.argument(name="date", description="The day; the contract is shown as it stood when it ended."),
    ],
) -> ContractAsAt | None:
    return await contract_as_at(info, id, day)


@strawberry.type
class HistoryQueries:
    contract_as_at: ContractAsAt | None = strawberry.field(
        resolver=_contract_as_at,
        description="A contract's value, end and status as the register held them at the end of a day, rebuilt "
        "from its history; null, with a NOT_FOUND error, when the register did not yet hold the contract.",
    )
