"""The council's structure as lists: directorates, divisions and services, filtered, ordered and paged."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from db import models
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
from schema.relay import Connection, listing

directorate = models.Directorate.__table__
division = models.Division.__table__
service = models.Service.__table__


@strawberry.type
class OrganisationQueries:
    directorates = listing(
        lambda where: select(directorate).where(where),
        Directorate.from_row,
        filter_type=DirectorateFilter,
        order_type=DirectorateOrder,
        default_order=DEFAULT_DIRECTORATE_ORDER,
        connection=Connection[Directorate],
        description="The council's directorates, filtered and ordered (by code unless told).",
        filter_description="Which directorates to list.",
        order_description="The order; by code unless told.",
    )
    divisions = listing(
        lambda where: select(division).where(where),
        Division.from_row,
        filter_type=DivisionFilter,
        order_type=DivisionOrder,
        default_order=DEFAULT_DIVISION_ORDER,
        connection=Connection[Division],
        description="The directorates' divisions, filtered and ordered (by name unless told).",
        filter_description="Which divisions to list.",
        order_description="The order; by name unless told.",
    )
    services = listing(
        lambda where: select(service).where(where),
        Service.from_row,
        filter_type=ServiceFilter,
        order_type=ServiceOrder,
        default_order=DEFAULT_SERVICE_ORDER,
        connection=Connection[Service],
        description="The services divisions provide, internally or through contracts or traded companies, "
        "filtered and ordered (by name unless told).",
        filter_description="Which services to list.",
        order_description="The order; by name unless told.",
    )
