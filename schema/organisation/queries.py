"""The council's structure as lists: directorates, divisions and services, filtered, ordered and paged."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import select, true

from db import models
from schema.context import Info
from schema.organisation.filters import DirectorateFilter, DivisionFilter, ServiceFilter
from schema.organisation.orders import (
    DEFAULT_DIRECTORATE_ORDER,
    DEFAULT_DIVISION_ORDER,
    DEFAULT_SERVICE_ORDER,
    DirectorateOrder,
    DivisionOrder,
    ServiceOrder,
)
from schema.organisation.types import Directorate, Division, Service
from schema.relay import After, Before, Connection, First, Last, resolve_connection

directorate = models.Directorate.__table__
division = models.Division.__table__
service = models.Service.__table__

DirectorateFilterArgument = Annotated[
    DirectorateFilter | None, strawberry.argument(description="Which directorates to list.")
]
DirectorateOrderArgument = Annotated[
    DirectorateOrder | None, strawberry.argument(description="The order; by code unless told.")
]
DivisionFilterArgument = Annotated[DivisionFilter | None, strawberry.argument(description="Which divisions to list.")]
DivisionOrderArgument = Annotated[
    DivisionOrder | None, strawberry.argument(description="The order; by name unless told.")
]
ServiceFilterArgument = Annotated[ServiceFilter | None, strawberry.argument(description="Which services to list.")]
ServiceOrderArgument = Annotated[
    ServiceOrder | None, strawberry.argument(description="The order; by name unless told.")
]


@strawberry.type
class OrganisationQueries:
    @strawberry.field(description="The council's directorates, filtered and ordered (by code unless told).")
    async def directorates(
        self,
        info: Info,
        filter: DirectorateFilterArgument = None,
        order_by: DirectorateOrderArgument = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Directorate]:
        result: Connection[Directorate] = await resolve_connection(
            info,
            select(directorate).where(filter.where() if filter is not None else true()),
            (order_by or DEFAULT_DIRECTORATE_ORDER).ordering(),
            Directorate.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return result

    @strawberry.field(description="The directorates' divisions, filtered and ordered (by name unless told).")
    async def divisions(
        self,
        info: Info,
        filter: DivisionFilterArgument = None,
        order_by: DivisionOrderArgument = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Division]:
        result: Connection[Division] = await resolve_connection(
            info,
            select(division).where(filter.where() if filter is not None else true()),
            (order_by or DEFAULT_DIVISION_ORDER).ordering(),
            Division.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return result

    @strawberry.field(
        description="The services divisions provide, internally or through contracts or traded companies, "
        "filtered and ordered (by name unless told)."
    )
    async def services(
        self,
        info: Info,
        filter: ServiceFilterArgument = None,
        order_by: ServiceOrderArgument = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Service]:
        result: Connection[Service] = await resolve_connection(
            info,
            select(service).where(filter.where() if filter is not None else true()),
            (order_by or DEFAULT_SERVICE_ORDER).ordering(),
            Service.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return result
