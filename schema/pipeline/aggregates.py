"""Totals that front ends chart: values and counts of any filtered list, grouped in SQL by directorate, provider,
financial year or quarter, on a named basis."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar

import strawberry
from sqlalchemy import ColumnElement, Select, case, extract, func, select, true

from db import models
from db.intervals import FinancialYear
from schema.bounds import MAX_GROUPS, at_most
from schema.commissioning.filters import CommissioningActivityFilter
from schema.commissioning.orders import ACTIVITY_WITH_DECISION
from schema.context import Info
from schema.contracts.filters import ContractFilter
from schema.errors import ErrorCode, RegisterError
from schema.organisation.loaders import directorates_by_id
from schema.organisation.types import Directorate
from schema.providers.loaders import providers_by_id
from schema.providers.types import Provider
from schema.relations import Relation, hydrate
from schema.retired import current_only
from schema.values import MoneyBasis, pounds

activity = models.CommissioningActivity.__table__
key_decision = models.KeyDecision.__table__
contract = models.Contract.__table__


@strawberry.enum(description="What to group contract totals by; combine several for a cross-tabulation.")
class ContractGrouping(enum.Enum):
    DIRECTORATE = strawberry.enum_value("DIRECTORATE", description="The directorate that owns the contract.")
    PROVIDER = strawberry.enum_value("PROVIDER", description="The provider that delivers it.")
    FINANCIAL_YEAR = strawberry.enum_value(
        "FINANCIAL_YEAR", description="The financial year of the earliest day its end can mean."
    )
    QUARTER = strawberry.enum_value(
        "QUARTER", description="The financial quarter (with its year) of the earliest day its end can mean."
    )


@strawberry.enum(description="What to group activity totals by; combine several for a cross-tabulation.")
class ActivityGrouping(enum.Enum):
    DIRECTORATE = strawberry.enum_value("DIRECTORATE", description="The directorate whose activity it is.")
    FINANCIAL_YEAR = strawberry.enum_value(
        "FINANCIAL_YEAR", description="The financial year of the earliest day its key decision can come."
    )
    QUARTER = strawberry.enum_value(
        "QUARTER", description="The financial quarter (with its year) of the earliest day its key decision can come."
    )


@strawberry.type(
    description="One group of a totals query: the group's keys (null where not grouped by, or where the record "
    "has none), and the sum and counts of its records' values on the basis asked for."
)
class ValueGroup:
    relations: ClassVar[dict[str, Relation]] = {
        "directorate": Relation("directorate", lambda group: group.directorate_pk, directorates_by_id),
        "provider": Relation("provider", lambda group: group.provider_pk, providers_by_id),
    }

    financial_year: str | None = strawberry.field(description="The group's financial year, e.g. '2019-20'.")
    quarter: int | None = strawberry.field(description="The group's financial quarter (1 is April to June).")
    period: str | None = strawberry.field(
        description="The group's quarter or year in words ('Q3 2019-20', '2019-20'); null without one."
    )
    basis: MoneyBasis = strawberry.field(description="The basis the amount is summed on.")
    amount: Decimal = strawberry.field(
        description="The sum in pounds of the values known on the basis (QUARTERLY is a quarter of the yearly sum)."
    )
    counted: int = strawberry.field(description="How many records had a known value on the basis.")
    unknown: int = strawberry.field(description="How many records' value on the basis is unknown (not summed).")
    count: int = strawberry.field(description="How many records the group holds.")
    directorate_pk: strawberry.Private[int | None]
    provider_pk: strawberry.Private[int | None]
    directorate: Directorate | None = strawberry.field(default=None, description="The group's directorate.")
    provider: Provider | None = strawberry.field(default=None, description="The group's provider.")


def _period(day: ColumnElement[date | None]) -> tuple[ColumnElement[int], ColumnElement[int]]:
    # Portable on SQLite and PostgreSQL: a financial year starts in April, so January-March belong to the
    # year before, and are its fourth quarter.
    month = extract("month", day)
    year = extract("year", day) - case((month < 4, 1), else_=0)
    quarter = case((month < 4, 4), (month < 7, 1), (month < 10, 2), else_=3)
    return year.label("financial_year"), quarter.label("quarter")


def _grouped(
    statement: Select[Any],
    keys: dict[str, ColumnElement[Any]],
    annual: ColumnElement[Any],
    total: ColumnElement[Any],
    basis: MoneyBasis,
) -> Select[Any]:
    column = total if basis is MoneyBasis.TOTAL else annual
    sums = [
        func.coalesce(func.sum(column), 0).label("amount"),
        func.count(column).label("counted"),
        func.count().label("rows"),
    ]
    labelled = [expression.label(name) for name, expression in keys.items()]
    return statement.with_only_columns(*labelled, *sums).group_by(*labelled).limit(MAX_GROUPS + 1)


def _group(row: Any, basis: MoneyBasis) -> ValueGroup:
    mapping = row._mapping
    year = None if mapping.get("financial_year") is None else int(mapping["financial_year"])
    quarter = None if year is None or mapping.get("quarter") is None else int(mapping["quarter"])
    period = None
    if year is not None:
        period = FinancialYear(year).label if quarter is None else FinancialYear(year).quarter(quarter).text
    amount = pounds(int(row.amount))
    return ValueGroup(
        financial_year=None if year is None else FinancialYear(year).label,
        quarter=quarter,
        period=period,
        basis=basis,
        amount=amount / 4 if basis is MoneyBasis.QUARTERLY else amount,
        counted=row.counted,
        unknown=row.rows - row.counted,
        count=row.rows,
        directorate_pk=mapping.get("directorate_id"),
        provider_pk=mapping.get("provider_id"),
    )


def _order(group: ValueGroup) -> tuple[tuple[bool, Any], ...]:
    # Groups come in period order, then by directorate and provider; a missing key sorts after the rest.
    keys = (group.financial_year, group.quarter, group.directorate_pk, group.provider_pk)
    return tuple((key is None, key if key is not None else 0) for key in keys)


async def _totals(info: Info, statement: Select[Any], basis: MoneyBasis) -> list[ValueGroup]:
    rows = await info.context.rows(statement)
    if len(rows) > MAX_GROUPS:
        raise RegisterError(
            f"The grouping makes more than {MAX_GROUPS:,} groups; narrow the filter or group by less",
            ErrorCode.PAGE_TOO_LARGE,
            argument="groupBy",
        )
    groups = sorted((_group(row, basis) for row in rows), key=_order)
    await hydrate(info.context, groups, info.selected_fields[0].selections)
    return groups


def _keys(
    names: set[str], columns: Mapping[str, ColumnElement[Any]], day: ColumnElement[Any]
) -> dict[str, ColumnElement[Any]]:
    """The grouping keys asked for: record columns by the grouping's name, and the period of `day`."""
    keys = {f"{name.lower()}_id": column for name, column in columns.items() if name in names}
    year, quarter = _period(day)
    if names & {"FINANCIAL_YEAR", "QUARTER"}:
        keys["financial_year"] = year
    if "QUARTER" in names:
        keys["quarter"] = quarter
    return keys


Basis = Annotated[
    MoneyBasis,
    strawberry.argument(description="The basis to sum on: TOTAL whole-life, ANNUAL per year, QUARTERLY per quarter."),
]


@strawberry.type
class TotalsQueries:
    @strawberry.field(
        description="Totals and counts of the contracts a filter matches, grouped in SQL (by end date for years "
        "and quarters; contracts with no end form a group with no year). Only this council's contracts count "
        "unless the filter names `buyers`. "
        f"{at_most(MAX_GROUPS)} A grouping that makes more is refused."
    )
    async def contract_totals(
        self,
        info: Info,
        group_by: Annotated[
            list[ContractGrouping], strawberry.argument(description="What to group by; none for one total.")
        ],
        filter: Annotated[ContractFilter | None, strawberry.argument(description="Which contracts to total.")] = None,
        basis: Basis = MoneyBasis.ANNUAL,
    ) -> list[ValueGroup]:
        columns = {"DIRECTORATE": contract.c.directorate_id, "PROVIDER": contract.c.provider_id}
        keys = _keys({choice.name for choice in group_by}, columns, contract.c.end_earliest)
        statement = current_only(select(contract).where(true() if filter is None else filter.where()))
        if filter is None or filter.buyers is None:
            # Other buyers' contracts are on the register for reference, not as this council's spend.
            statement = statement.where(contract.c.buyer == models.ContractBuyer.COUNCIL.value)
        grouped = _grouped(statement, keys, contract.c.annual_value_pence, contract.c.total_value_pence, basis)
        return await _totals(info, grouped, basis)

    @strawberry.field(
        description="Totals and counts of the commissioning activities a filter matches, grouped in SQL (by key "
        "decision date for years and quarters; activities needing no key decision form a group with no year). "
        f"{at_most(MAX_GROUPS)} A grouping that makes more is refused."
    )
    async def activity_totals(
        self,
        info: Info,
        group_by: Annotated[
            list[ActivityGrouping], strawberry.argument(description="What to group by; none for one total.")
        ],
        filter: Annotated[
            CommissioningActivityFilter | None, strawberry.argument(description="Which activities to total.")
        ] = None,
        basis: Basis = MoneyBasis.ANNUAL,
    ) -> list[ValueGroup]:
        columns = {"DIRECTORATE": activity.c.directorate_id}
        keys = _keys({choice.name for choice in group_by}, columns, key_decision.c.expected_earliest)
        statement = current_only(
            select(activity).select_from(ACTIVITY_WITH_DECISION).where(true() if filter is None else filter.where())
        )
        grouped = _grouped(statement, keys, activity.c.annual_value_pence, activity.c.total_value_pence, basis)
        return await _totals(info, grouped, basis)
