"""Records by their natural keys, as a detail page links to them: a contract by its reference, a plan by its
directorate, year and title.

Each key is the columns a unique constraint holds (a related record's code stands in for its ID), so a key
names at most one record. Every lookup of one kind in a request is answered by one statement, and, as
`node` does, a lookup still finds a retired record.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, FromClause, Row, and_, or_, select
from strawberry.dataloader import DataLoader

from db import models
from db.intervals import FinancialYear, IntervalParseError
from schema.commissioning.types import CommissioningActivity
from schema.context import Info
from schema.contracts.types import Contract
from schema.errors import ErrorCode, RegisterError
from schema.plans.types import BusinessPlan
from schema.providers.types import Provider, TradedCompany
from schema.relations import hydrate

directorate = models.Directorate.__table__


def _directorate_code(table: FromClause) -> ColumnElement[Any]:
    return select(directorate.c.code).where(directorate.c.id == table.c.directorate_id).scalar_subquery()


@dataclass(frozen=True)
class NaturalKey:
    """A unique key of one kind of record: the expressions that hold its parts, and the record in a row."""

    name: str
    table: FromClause
    parts: Callable[[FromClause], Sequence[ColumnElement[Any]]]
    convert: Callable[[Row[Any]], Any]

    async def load(self, info: Info, keys: list[tuple[Hashable, ...]]) -> list[Any]:
        """The record each key names, or None, in the keys' order, from one statement."""
        parts = self.parts(self.table)
        labels = [f"natural_key_{i}" for i in range(len(parts))]
        matches = or_(*(and_(*(part == value for part, value in zip(parts, key, strict=True))) for key in keys))
        statement = select(self.table, *(part.label(label) for part, label in zip(parts, labels, strict=True)))
        found = {
            tuple(getattr(row, label) for label in labels): self.convert(row)
            for row in await info.context.rows(statement.where(matches))
        }
        return [found.get(key) for key in keys]

    async def find(self, info: Info, key: tuple[Hashable, ...], words: str, argument: str) -> Any:
        """The record the key names, with what the query asks for under it; null and NOT_FOUND when none."""
        batches = info.context.batches
        loader = batches.get(("natural key", self.name))
        if loader is None:
            loader = batches[("natural key", self.name)] = DataLoader(lambda keys: self.load(info, list(keys)))
        record = await loader.load(key)
        if record is None:
            raise RegisterError(f"No {words}.", ErrorCode.NOT_FOUND, argument)
        await hydrate(info.context, [record], info.selected_fields[0].selections)
        return record


CONTRACT = NaturalKey("contract", models.Contract.__table__, lambda t: [t.c.reference], Contract.from_row)
PROVIDER_BY_NAME = NaturalKey("provider name", models.Provider.__table__, lambda t: [t.c.name], Provider.from_row)
PROVIDER_BY_NUMBER = NaturalKey(
    "provider number", models.Provider.__table__, lambda t: [t.c.company_number], Provider.from_row
)
ACTIVITY = NaturalKey(
    "activity",
    models.CommissioningActivity.__table__,
    lambda t: [_directorate_code(t), t.c.name],
    CommissioningActivity.from_row,
)
PLAN = NaturalKey(
    "plan",
    models.BusinessPlan.__table__,
    lambda t: [_directorate_code(t), t.c.financial_year, t.c.title],
    BusinessPlan.from_row,
)
TRADED_COMPANY = NaturalKey(
    "traded company", models.TradedCompany.__table__, lambda t: [t.c.name], TradedCompany.from_row
)

Directorate = Annotated[str, strawberry.argument(description="The owning directorate's code, e.g. SCS or GET.")]


def _financial_year(text: str) -> int:
    try:
        return FinancialYear.parse(text).start_year
    except IntervalParseError as error:
        raise RegisterError(str(error), argument="financialYear") from None


@strawberry.type
class LookupQueries:
    @strawberry.field(
        description="A contract by its reference, exactly as recorded; null, with a NOT_FOUND error, when no "
        "contract has it. A retired contract is still found, as `node` finds it."
    )
    async def contract(
        self,
        info: Info,
        reference: Annotated[str, strawberry.argument(description="The contract's unique reference.")],
    ) -> Contract | None:
        found: Contract = await CONTRACT.find(
            info, (reference,), f"contract has the reference {reference!r}", "reference"
        )
        return found

    @strawberry.field(
        description="A provider by its name or by its Companies House number (give exactly one); null, with a "
        "NOT_FOUND error, when no provider has it. Both are unique on the register; a retired provider is found."
    )
    async def provider(
        self,
        info: Info,
        name: Annotated[
            str | None, strawberry.argument(description="The provider's name, exactly as recorded.")
        ] = None,
        company_number: Annotated[
            str | None, strawberry.argument(description="The provider's Companies House number.")
        ] = None,
    ) -> Provider | None:
        if (name is None) == (company_number is None):
            raise RegisterError("Give exactly one of `name` and `companyNumber`", argument="name")
        if name is not None:
            found: Provider = await PROVIDER_BY_NAME.find(info, (name,), f"provider is named {name!r}", "name")
            return found
        words = f"provider has the company number {company_number!r}"
        found = await PROVIDER_BY_NUMBER.find(info, (company_number,), words, "companyNumber")
        return found

    @strawberry.field(
        description="A commissioning activity by its directorate and name, which together are unique (a name "
        "can recur in another directorate); null, with a NOT_FOUND error, when none matches. A retired activity "
        "is found."
    )
    async def commissioning_activity(
        self,
        info: Info,
        directorate: Directorate,
        name: Annotated[str, strawberry.argument(description="The activity's name, exactly as recorded.")],
    ) -> CommissioningActivity | None:
        words = f"commissioning activity of {directorate!r} is named {name!r}"
        found: CommissioningActivity = await ACTIVITY.find(info, (directorate, name), words, "name")
        return found

    @strawberry.field(
        description="A business plan by its directorate, financial year and title, which together are unique (a "
        "directorate has a plan each year, and its divisions their own); null, with a NOT_FOUND error, when none "
        "matches. A retired plan is found."
    )
    async def business_plan(
        self,
        info: Info,
        directorate: Directorate,
        financial_year: Annotated[
            str,
            strawberry.argument(description="The plan's financial year as councils write it: '2017-18', '2017/18'."),
        ],
        title: Annotated[str, strawberry.argument(description="The plan's title, exactly as recorded.")],
    ) -> BusinessPlan | None:
        year = _financial_year(financial_year)
        words = f"business plan of {directorate!r} for {FinancialYear(year).label} is titled {title!r}"
        found: BusinessPlan = await PLAN.find(info, (directorate, year, title), words, "title")
        return found

    @strawberry.field(
        description="A traded company by its name, exactly as recorded; null, with a NOT_FOUND error, when none "
        "has it. A retired company is found."
    )
    async def traded_company(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="The company's unique name.")],
    ) -> TradedCompany | None:
        found: TradedCompany = await TRADED_COMPANY.find(info, (name,), f"traded company is named {name!r}", "name")
        return found
