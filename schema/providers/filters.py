"""Which providers and traded companies a list shows: their filter inputs and the SQL each field means."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import ColumnElement, and_, select

from db import models
from schema.contracts.filters import END
from schema.filtering import Clause, build_where, contains_text, pks
from schema.providers.types import ProviderKind
from schema.values import DateWindow, overlaps

provider = models.Provider.__table__.c
traded_company = models.TradedCompany.__table__.c
contract = models.Contract.__table__.c
commissioner = models.TradedCompanyCommissioner.__table__.c


@strawberry.input(description="Which providers to list; every field set must hold. Combine filters with and/or/not.")
class ProviderFilter:
    kind: list[ProviderKind] | None = strawberry.field(default=None, description="Providers of any of these kinds.")
    text: str | None = strawberry.field(
        default=None, description="Providers whose name or description contains this text (any case)."
    )
    directorate_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Providers with a contract owned by any of these directorates."
    )
    has_contract_expiring: DateWindow | None = strawberry.field(
        default=None, description="Providers with a contract whose end date (an interval) overlaps this window."
    )
    and_: list[ProviderFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[ProviderFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: ProviderFilter | None = strawberry.field(name="not", default=None, description="A filter that must not hold.")

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, PROVIDER_CLAUSES)


def _with_contract(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return provider.id.in_(select(contract.provider_id).where(and_(contract.provider_id.is_not(None), condition)))


PROVIDER_CLAUSES: dict[str, Clause] = {
    "kind": lambda kinds, _, argument: provider.kind.in_([kind.value for kind in kinds]),
    "text": lambda text, _, argument: contains_text(text, argument, provider.name, provider.description),
    "directorate_ids": lambda ids, _, argument: _with_contract(
        contract.directorate_id.in_(pks(ids, "Directorate", argument))
    ),
    "has_contract_expiring": lambda window, _, argument: _with_contract(overlaps(END, window, argument)),
}


@strawberry.input(
    description="Which traded companies to list; every field set must hold. Combine filters with and/or/not."
)
class TradedCompanyFilter:
    text: str | None = strawberry.field(
        default=None, description="Companies whose name, legal form or description contains this text (any case)."
    )
    commissioned_by_division_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Companies commissioned by any of these divisions."
    )
    and_: list[TradedCompanyFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[TradedCompanyFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: TradedCompanyFilter | None = strawberry.field(
        name="not", default=None, description="A filter that must not hold."
    )

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, TRADED_COMPANY_CLAUSES)


def _commissioned_by(ids: list[strawberry.ID], _: Any, argument: str) -> ColumnElement[bool]:
    commissioned = select(commissioner.traded_company_id).where(
        commissioner.division_id.in_(pks(ids, "Division", argument))
    )
    return traded_company.id.in_(commissioned)


TRADED_COMPANY_CLAUSES: dict[str, Clause] = {
    "text": lambda text, _, argument: contains_text(
        text, argument, traded_company.name, traded_company.legal_form, traded_company.description
    ),
    "commissioned_by_division_ids": _commissioned_by,
}
