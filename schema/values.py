"""The register's value types, money and imprecise dates, for output and input, and their meaning in SQL."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, Select, and_, false, func, select, true
from strawberry.dataloader import DataLoader

from db.base import among
from db.intervals import DateInterval as DbInterval
from db.intervals import Precision as DbPrecision
from db.money import Basis
from schema.context import Info
from schema.council_dates import CouncilDate
from schema.errors import RegisterError
from schema.retired import current_only


@strawberry.enum(description="What period an amount of money covers.")
class MoneyBasis(enum.Enum):
    TOTAL = strawberry.enum_value("TOTAL", description="The whole life of the contract or activity.")
    ANNUAL = strawberry.enum_value("ANNUAL", description="Each year (stated as p/a in the plans).")
    QUARTERLY = strawberry.enum_value("QUARTERLY", description="Each quarter (stated as a quarterly value).")


@strawberry.enum(description="How precisely the papers state a date: what the interval's two ends stand for.")
class DatePrecision(enum.Enum):
    DAY = strawberry.enum_value("DAY", description="A single day.")
    MONTH = strawberry.enum_value("MONTH", description="A calendar month, such as 'December 2025'.")
    QUARTER = strawberry.enum_value("QUARTER", description="A financial quarter, such as 'Q3 2017/18'.")
    YEAR = strawberry.enum_value("YEAR", description="A calendar year ('2026') or a financial year ('2017-18').")
    RANGE = strawberry.enum_value(
        "RANGE", description="A span between two stated points, such as 'Between Q2 2017/18 and Q1 2018/19'."
    )


def pounds(pence: int) -> Decimal:
    """An exact amount in pounds from whole pence."""
    return Decimal(pence).scaleb(-2)


@strawberry.type(description="An exact amount of money in pounds, on the basis the source states it.")
class Money:
    amount: Decimal = strawberry.field(description="The amount as stated, on its own basis, exact to the penny.")
    currency: str = strawberry.field(description="The ISO 4217 currency code; always GBP in this register.")
    basis: MoneyBasis = strawberry.field(description="Whether the amount is whole-life, per year or per quarter.")
    annualised: Decimal | None = strawberry.field(
        description="The value per year, derived where the basis and term allow; null (not zero) where unknown."
    )
    whole_life: Decimal | None = strawberry.field(
        description="The whole-life value, derived from a yearly or quarterly amount where the term is known."
    )
    text: str | None = strawberry.field(description="The amount as the paper or import printed it.")

    @classmethod
    def from_columns(
        cls, pence: int | None, basis: str | None, text: str | None, annual: int | None, total: int | None
    ) -> Money | None:
        """The money stored in a record's columns, or None where no amount was recorded."""
        if pence is None or basis is None:
            return None
        return cls(
            amount=pounds(pence),
            currency="GBP",
            basis=MoneyBasis[basis],
            annualised=None if annual is None else pounds(annual),
            whole_life=None if total is None else pounds(total),
            text=text,
        )


@strawberry.type(description="An imprecise date as an interval: the earliest and latest days it can mean.")
class DateInterval:
    earliest: date = strawberry.field(description="The first day the date can mean.")
    latest: date = strawberry.field(description="The last day the date can mean.")
    precision: DatePrecision = strawberry.field(description="How precisely the source stated the date.")
    text: str | None = strawberry.field(description="The date as the source printed it, e.g. 'Q3 2017/18'.")

    def _interval(self) -> DbInterval:
        return DbInterval(self.earliest, self.latest, DbPrecision(self.precision.name), self.text or "")

    @strawberry.field(description="The financial year (1 April-31 March) holding the whole interval, e.g. '2017-18'.")
    def financial_year(self) -> str | None:
        year = self._interval().financial_year
        return None if year is None else year.label

    @strawberry.field(description="The financial quarter (1-4) when the interval is exactly one quarter.")
    def quarter(self) -> int | None:
        return self._interval().quarter

    @classmethod
    def from_columns(
        cls, earliest: date | None, latest: date | None, precision: str | None, text: str | None
    ) -> DateInterval | None:
        """The interval stored in a record's columns, or None where no date was recorded."""
        if earliest is None or latest is None or precision is None:
            return None
        return cls(earliest=earliest, latest=latest, precision=DatePrecision[precision], text=text)


assert {p.name for p in DatePrecision} == {p.value for p in DbPrecision}
assert {b.name for b in MoneyBasis} == {b.value for b in Basis}


@strawberry.input(
    description="A window of days, its ends as ISO days or in the council's words; either end may be left open. "
    "An interval matches when it overlaps."
)
class DateWindow:
    from_: CouncilDate | None = strawberry.field(
        name="from",
        default=None,
        description="The window's first day (inclusive); 'Q3 2017/18' starts it on 1 October 2017. Open when omitted.",
    )
    to: CouncilDate | None = strawberry.field(
        default=None,
        description="The window's last day (inclusive); 'Q3 2017/18' ends it on 31 December 2017. Open when omitted.",
    )

    @classmethod
    def of_days(cls, first: date, last: date) -> DateWindow:
        """The window from one day to another, as a filter of the register's own builds it."""
        return cls(from_=CouncilDate(DbInterval.day(first)), to=CouncilDate(DbInterval.day(last)))

    @property
    def first_day(self) -> date | None:
        return None if self.from_ is None else self.from_.earliest

    @property
    def last_day(self) -> date | None:
        return None if self.to is None else self.to.latest

    def validated(self, argument: str) -> DateWindow:
        """The window itself, or a BAD_INPUT error when it ends before it starts."""
        if self.from_ is not None and self.to is not None and self.to.latest < self.from_.earliest:
            raise RegisterError(
                f"The window from {self.from_.text} to {self.to.text} ends before it starts", argument=f"{argument}.to"
            )
        return self


@dataclass(frozen=True)
class IntervalColumns:
    """The columns holding one imprecise date of a table."""

    earliest: ColumnElement[Any]
    latest: ColumnElement[Any]


def overlaps(columns: IntervalColumns, window: DateWindow, argument: str) -> ColumnElement[bool]:
    """Records whose interval overlaps the window; a record with no date never matches."""
    window = window.validated(argument)
    clauses: list[ColumnElement[bool]] = [columns.earliest.is_not(None)]
    if window.last_day is not None:
        clauses.append(columns.earliest <= window.last_day)
    if window.first_day is not None:
        clauses.append(columns.latest >= window.first_day)
    return and_(true(), *clauses)


@strawberry.input(
    description="A range of money on a named basis. ANNUAL compares the annualised value, TOTAL the whole-life "
    "value, QUARTERLY a quarter of the annualised value; a record whose value on that basis is unknown never matches."
)
class MoneyRange:
    min: Decimal | None = strawberry.field(default=None, description="The least amount in pounds (inclusive).")
    max: Decimal | None = strawberry.field(default=None, description="The greatest amount in pounds (inclusive).")
    basis: MoneyBasis = strawberry.field(
        default=MoneyBasis.ANNUAL, description="The basis both bounds are on; per year unless said otherwise."
    )


@dataclass(frozen=True)
class ValueColumns:
    """The derived, comparable value columns of a table: per year and whole life, in pence."""

    annual: ColumnElement[Any]
    total: ColumnElement[Any]


# Amounts are held as 64-bit whole pence. A bound beyond the largest cannot change which records match, but
# would overflow the database's parameters, so it is clamped just past it.
MAX_PENCE = 2**63 - 1


def _bound_pence(amount: Decimal, scale: int, argument: str, *, upper: bool) -> int:
    # Whole pence, so the comparison runs on the indexed integer column: a NUMERIC bound would make
    # PostgreSQL cast every row's value and lose the index. A fractional penny rounds inwards (a minimum of
    # 0.001 matches from 1p), which matches exactly the same whole-penny values. A bound past any storable
    # amount comes back as MAX_PENCE + 1, which the caller never sends to the database.
    if not amount.is_finite() or amount < 0:
        raise RegisterError(f"{amount} is not an amount of money in pounds", argument=argument)
    if amount > Decimal(MAX_PENCE) / (100 * scale):
        return MAX_PENCE + 1
    pence = amount * 100 * scale
    return int(pence.to_integral_value(rounding=ROUND_FLOOR if upper else ROUND_CEILING))


def in_range(columns: ValueColumns, money: MoneyRange, argument: str) -> ColumnElement[bool]:
    """Records whose value on the range's basis lies within it; an unknown value never matches."""
    scale = 4 if money.basis is MoneyBasis.QUARTERLY else 1
    low = None if money.min is None else _bound_pence(money.min, scale, f"{argument}.min", upper=False)
    high = None if money.max is None else _bound_pence(money.max, scale, f"{argument}.max", upper=True)
    if money.min is not None and money.max is not None and money.max < money.min:
        raise RegisterError(f"The range's max {money.max} is below its min {money.min}", argument=f"{argument}.max")
    column = columns.total if money.basis is MoneyBasis.TOTAL else columns.annual
    clauses: list[ColumnElement[bool]] = [column.is_not(None)]
    if low is not None:
        clauses.append(false() if low > MAX_PENCE else column >= low)
    if high is not None and high <= MAX_PENCE:
        clauses.append(column <= high)
    return and_(true(), *clauses)


@strawberry.type(description="The sum of a list's values on one basis, across the whole filtered list.")
class ValueTotal:
    basis: MoneyBasis = strawberry.field(description="TOTAL sums whole-life values; ANNUAL sums values per year.")
    amount: Decimal = strawberry.field(description="The sum in pounds of the values known on this basis.")
    counted: int = strawberry.field(description="How many records had a known value on this basis.")
    unknown: int = strawberry.field(description="How many records' value on this basis is unknown (not summed).")


def _sums(columns: ValueColumns) -> Select[Any]:
    return select(
        func.coalesce(func.sum(columns.total), 0),
        func.count(columns.total),
        func.coalesce(func.sum(columns.annual), 0),
        func.count(columns.annual),
        func.count(),
    )


def _totals(sums: Sequence[Any]) -> list[ValueTotal]:
    # PostgreSQL sums BIGINT as NUMERIC; the sums are whole pence either way.
    total, total_count, annual, annual_count, rows = (int(value) for value in sums)
    return [
        ValueTotal(basis=MoneyBasis.TOTAL, amount=pounds(total), counted=total_count, unknown=rows - total_count),
        ValueTotal(basis=MoneyBasis.ANNUAL, amount=pounds(annual), counted=annual_count, unknown=rows - annual_count),
    ]


def value_totals(
    info: Info, columns: ValueColumns, where: ColumnElement[bool]
) -> Callable[[], Awaitable[list[ValueTotal]]]:
    """A deferred sum of the filtered records' values per basis, run only when the query asks for it."""

    async def totals() -> list[ValueTotal]:
        (row,) = await info.context.rows(current_only(_sums(columns).where(where)))
        return _totals(tuple(row))

    return totals


def value_totals_by_parent(
    info: Info, columns: ValueColumns, where: ColumnElement[bool], parent: ColumnElement[Any], key: Hashable
) -> Callable[[int], Awaitable[list[ValueTotal]]]:
    """Deferred sums of each parent's nested list (a provider's contracts): one statement, grouped by parent,
    for every sibling parent the query asks about. `key` names the siblings' field, as their pages' batch does."""
    context = info.context
    loader = context.batches.get(key)
    if loader is None:

        async def load(parent_pks: list[int]) -> list[list[ValueTotal]]:
            statement = _sums(columns).add_columns(parent).where(where, among(parent, parent_pks)).group_by(parent)
            found: dict[Any, list[ValueTotal]] = {}
            for row in await context.rows(current_only(statement)):
                *sums, parent_pk = tuple(row)
                found[parent_pk] = _totals(sums)
            return [found.get(pk) or _totals((0, 0, 0, 0, 0)) for pk in parent_pks]

        loader = context.batches[key] = DataLoader(load)
    load_one: Callable[[int], Awaitable[list[ValueTotal]]] = loader.load
    return load_one
