"""Which directorates, divisions and services a list shows: their filter inputs and the SQL each field means."""

from __future__ import annotations

import strawberry
from sqlalchemy import ColumnElement, func

from db import models
from schema.filtering import Clause, build_where, contains_text, pks
from schema.organisation.types import ServiceDelivery
from schema.values import DateWindow, IntervalColumns, overlaps

directorate = models.Directorate.__table__.c
division = models.Division.__table__.c
service = models.Service.__table__.c
CONTRACT_END = IntervalColumns(service.contract_end_earliest, service.contract_end_latest)


@strawberry.input(description="Which directorates to list; every field set must hold. Combine filters with and/or/not.")
class DirectorateFilter:
    codes: list[str] | None = strawberry.field(
        default=None, description="Directorates with any of these codes, e.g. ['SCS', 'GET'] (any case)."
    )
    text: str | None = strawberry.field(
        default=None, description="Directorates whose code, name or Corporate Director contains this text (any case)."
    )
    and_: list[DirectorateFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[DirectorateFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: DirectorateFilter | None = strawberry.field(
        name="not", default=None, description="A filter that must not hold."
    )

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, DIRECTORATE_CLAUSES)


DIRECTORATE_CLAUSES: dict[str, Clause] = {
    "codes": lambda codes, _, argument: func.upper(directorate.code).in_([code.upper() for code in codes]),
    "text": lambda text, _, argument: contains_text(
        text, argument, directorate.code, directorate.name, directorate.corporate_director
    ),
}


@strawberry.input(description="Which divisions to list; every field set must hold. Combine filters with and/or/not.")
class DivisionFilter:
    directorate_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Divisions of any of these directorates."
    )
    text: str | None = strawberry.field(
        default=None, description="Divisions whose name or director contains this text (any case)."
    )
    and_: list[DivisionFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[DivisionFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: DivisionFilter | None = strawberry.field(name="not", default=None, description="A filter that must not hold.")

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, DIVISION_CLAUSES)


DIVISION_CLAUSES: dict[str, Clause] = {
    "directorate_ids": lambda ids, _, argument: division.directorate_id.in_(pks(ids, "Directorate", argument)),
    "text": lambda text, _, argument: contains_text(text, argument, division.name, division.director),
}


@strawberry.input(description="Which services to list; every field set must hold. Combine filters with and/or/not.")
class ServiceFilter:
    delivery: list[ServiceDelivery] | None = strawberry.field(
        default=None, description="Services delivered in any of these ways."
    )
    division_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Services of any of these divisions."
    )
    traded_company_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Services provided by any of these traded companies."
    )
    contract_end: DateWindow | None = strawberry.field(
        default=None,
        description="Services whose external contracts' end (an interval) overlaps this window; "
        "services with no contract end never match.",
    )
    text: str | None = strawberry.field(
        default=None, description="Services whose name or delivery, as the plan words them, contains this text."
    )
    and_: list[ServiceFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[ServiceFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: ServiceFilter | None = strawberry.field(name="not", default=None, description="A filter that must not hold.")

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, SERVICE_CLAUSES)


SERVICE_CLAUSES: dict[str, Clause] = {
    "delivery": lambda ways, _, argument: service.delivery.in_([way.value for way in ways]),
    "division_ids": lambda ids, _, argument: service.division_id.in_(pks(ids, "Division", argument)),
    "traded_company_ids": lambda ids, _, argument: service.traded_company_id.in_(pks(ids, "TradedCompany", argument)),
    "contract_end": lambda window, _, argument: overlaps(CONTRACT_END, window, argument),
    "text": lambda text, _, argument: contains_text(text, argument, service.name, service.delivery_text),
}
