"""The register as it was: a contract's value, end and status at the end of a given day, rebuilt from its history.

Every accepted write records the whole record after it (and before it), so the state at a moment is the `after`
of the last change before that moment; before the first recorded change it is that change's `before`, and a
record never changed since it was loaded is as it is now. A record the register did not yet hold has no state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy import Row, select

from db import models
from schema.context import Info
from schema.contracts.types import Contract, ContractStatus
from schema.errors import ErrorCode, RegisterError
from schema.relations import children, hydrate, selected
from schema.relay import pk_of
from schema.values import DateInterval, Money, pounds

contract = models.Contract.__table__
change = models.Change.__table__


@strawberry.type(description="A contract as the register held it at the end of a given day, rebuilt from its history.")
class ContractAsAt:
    as_of: date = strawberry.field(
        description="The day asked about; the state is as it stood when that day ended (UTC)."
    )
    version: int = strawberry.field(description="The contract's version at that moment.")
    reference: str = strawberry.field(description="The contract's reference at that moment.")
    title: str = strawberry.field(description="The contract's title at that moment.")
    status: ContractStatus = strawberry.field(description="Where the contract stood in its life at that moment.")
    value: Money | None = strawberry.field(description="The contract's value as then stated, on its basis.")
    annual_value: Decimal | None = strawberry.field(description="The value per year in pounds then derived, if known.")
    end: DateInterval | None = strawberry.field(description="When the contract was then due to end.")
    retired: bool = strawberry.field(description="Whether the contract had been retired by then.")
    contract: Contract = strawberry.field(description="The contract as it stands now.")


def _utc(moment: datetime) -> datetime:
    # SQLite hands timestamps back without their zone; the register writes them all in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def state_at(current: Row[Any], changes: Sequence[Row[Any]], moment: datetime) -> Mapping[str, Any] | None:
    """A record's columns as they stood just before a moment, or None if the register did not yet hold it.

    `changes` are the record's changes, oldest first; `current` is its row now.
    """
    earlier = [row for row in changes if _utc(row.at) < moment]
    if earlier:
        after: Mapping[str, Any] = earlier[-1].after
        return after
    if _utc(current.created_at) >= moment or (changes and changes[0].kind in models.FIRST_KINDS):
        return None
    if changes:
        before: Mapping[str, Any] = changes[0].before
        return before
    return dict(current._mapping)


def _day(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _as_of(day: date, state: Mapping[str, Any], record: Contract) -> ContractAsAt:
    return ContractAsAt(
        as_of=day,
        version=state["version"],
        reference=state["reference"],
        title=state["title"],
        status=ContractStatus[state["status"]],
        value=Money.from_columns(
            state["value_pence"],
            state["value_basis"],
            state["value_text"],
            state["annual_value_pence"],
            state["total_value_pence"],
        ),
        annual_value=None if state["annual_value_pence"] is None else pounds(state["annual_value_pence"]),
        end=DateInterval.from_columns(
            _day(state["end_earliest"]), _day(state["end_latest"]), state["end_precision"], state["end_text"]
        ),
        retired=state["retired_at"] is not None,
        contract=record,
    )


async def contract_as_at(info: Info, id: strawberry.ID, day: date) -> ContractAsAt | None:
    """The contract's value, end and status at the end of `day`; an error when it was not yet on the register."""
    pk = pk_of(str(id), "Contract", "id")
    rows = await info.context.rows(select(contract).where(contract.c.id == pk))
    if not rows:
        raise RegisterError(f"No contract has the ID {str(id)!r}.", ErrorCode.NOT_FOUND, "id")
    statement = (
        select(change)
        .where(change.c.record_table == models.Contract.__tablename__, change.c.record_id == pk)
        .order_by(change.c.at, change.c.id)
    )
    changes = await info.context.rows(statement)
    state = state_at(rows[0], changes, datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC))
    if state is None:
        raise RegisterError(
            f"The contract {str(id)!r} was not yet on the register at the end of {day.isoformat()}.",
            ErrorCode.NOT_FOUND,
            "date",
        )
    record = Contract.from_row(rows[0])
    fields = selected(children(info.selected_fields), {"ContractAsAt"})
    await hydrate(info.context, [record], children(fields.get("contract", [])))
    return _as_of(day, state, record)
