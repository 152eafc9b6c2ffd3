"""Which contracts a list shows: the ContractFilter input and the SQL each of its fields means."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, and_, select

from db import models
from schema.contracts.types import ContractBuyer, ContractStatus
from schema.council_dates import CouncilDate
from schema.errors import RegisterError
from schema.filtering import Clause, build_where, contains_text, pks
from schema.relay import pk_of
from schema.values import DateWindow, IntervalColumns, MoneyRange, ValueColumns, in_range, overlaps

contract = models.Contract.__table__.c
END = IntervalColumns(contract.end_earliest, contract.end_latest)
VALUE = ValueColumns(annual=contract.annual_value_pence, total=contract.total_value_pence)


@strawberry.input(description="Which contracts to list; every field set must hold. Combine filters with and/or/not.")
class ContractFilter:
    expiry: DateWindow | None = strawberry.field(
        default=None, description="Contracts whose end date (an interval) overlaps this window."
    )
    expires_within_days: int | None = strawberry.field(
        default=None, description="Contracts whose end may fall within this many days after `asOf` (inclusive)."
    )
    as_of: CouncilDate | None = strawberry.field(
        default=None,
        description="The day `expiresWithinDays` counts from, or its first day in the council's words ('Q3 2017/18' "
        "counts from 1 October 2017); today when omitted.",
    )
    value: MoneyRange | None = strawberry.field(default=None, description="Contracts whose value lies in this range.")
    status: list[ContractStatus] | None = strawberry.field(
        default=None, description="Contracts in any of these states."
    )
    directorate_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Contracts owned by any of these directorates."
    )
    division_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Contracts managed by any of these divisions."
    )
    provider_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Contracts delivered by any of these providers."
    )
    text: str | None = strawberry.field(
        default=None, description="Contracts whose reference, title or description contains this text (any case)."
    )
    referenced_by_plan_id: strawberry.ID | None = strawberry.field(
        default=None, description="Contracts that this business plan references."
    )
    buyers: list[ContractBuyer] | None = strawberry.field(
        default=None,
        description="Contracts bought by any of these: this council, other buyers, or none named. "
        "`contractTotals` counts only this council's unless this is given.",
    )
    and_: list[ContractFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[ContractFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: ContractFilter | None = strawberry.field(name="not", default=None, description="A filter that must not hold.")

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, CLAUSES)


def _expires_within(days: int, filter_: ContractFilter, argument: str) -> ColumnElement[bool]:
    if days < 0:
        raise RegisterError(f"`expiresWithinDays` must not be negative, not {days}", argument=argument)
    start = date.today() if filter_.as_of is None else filter_.as_of.earliest
    try:
        end = start + timedelta(days=days)
    except OverflowError:
        raise RegisterError(
            f"{days} days after {start} is past the last date the register can hold", argument=argument
        ) from None
    return overlaps(END, DateWindow.of_days(start, end), argument)


def _referenced_by(plan_id: strawberry.ID, _: Any, argument: str) -> ColumnElement[bool]:
    reference = models.PlanReference.__table__.c
    plan_pk = pk_of(str(plan_id), "BusinessPlan", argument)
    referenced = select(reference.contract_id).where(
        and_(reference.plan_id == plan_pk, reference.contract_id.is_not(None))
    )
    return contract.id.in_(referenced)


CLAUSES: dict[str, Clause] = {
    "expiry": lambda window, _, argument: overlaps(END, window, argument),
    "expires_within_days": _expires_within,
    "value": lambda money, _, argument: in_range(VALUE, money, argument),
    "status": lambda statuses, _, argument: contract.status.in_([s.value for s in statuses]),
    "directorate_ids": lambda ids, _, argument: contract.directorate_id.in_(pks(ids, "Directorate", argument)),
    "division_ids": lambda ids, _, argument: contract.division_id.in_(pks(ids, "Division", argument)),
    "provider_ids": lambda ids, _, argument: contract.provider_id.in_(pks(ids, "Provider", argument)),
    "text": lambda text, _, argument: contains_text(
        text, argument, contract.reference, contract.title, contract.description
    ),
    "referenced_by_plan_id": _referenced_by,
    "buyers": lambda buyers, _, argument: contract.buyer.in_([buyer.value for buyer in buyers]),
}
