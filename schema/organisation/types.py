"""Directorates, divisions and services as front ends see them."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from sqlalchemy import Row

from db.models import ServiceDelivery as DbServiceDelivery
from schema.bounds import RECORD_LIST, at_most
from schema.nested import list_under
from schema.records import RecordInfo
from schema.relations import Relation
from schema.relay import Connection, Node, global_id
from schema.values import DateInterval

if TYPE_CHECKING:
    from schema.commissioning.filters import CommissioningActivityFilter
    from schema.commissioning.orders import CommissioningActivityOrder
    from schema.commissioning.types import CommissioningActivityConnection
    from schema.contracts.filters import ContractFilter
    from schema.contracts.orders import ContractOrder
    from schema.contracts.types import Contract, ContractConnection
    from schema.plans.filters import BusinessPlanFilter
    from schema.plans.orders import BusinessPlanOrder
    from schema.plans.types import BusinessPlan, PlanReference
    from schema.providers.types import TradedCompany


@strawberry.type(description="A directorate of the council, led by a Corporate Director.")
class Directorate(Node):
    type_name: ClassVar[str] = "Directorate"
    relations: ClassVar[dict[str, Relation]]

    code: str = strawberry.field(description="The directorate's short code, e.g. SCS or GET.")
    name: str = strawberry.field(description="The directorate's name (its code where the papers give no other).")
    corporate_director: str | None = strawberry.field(description="Its Corporate Director, where named.")
    record: RecordInfo = strawberry.field(description="Version, timestamps and provenance of this record.")

    divisions: list[Annotated[Division, strawberry.lazy("schema.organisation.types")]] = strawberry.field(
        default_factory=list, description=f"The directorate's divisions. {at_most(RECORD_LIST)}"
    )

    contracts = list_under(
        "schema.contracts.queries:nested_contracts",
        "directorate_id",
        filter_type=Annotated["ContractFilter", strawberry.lazy("schema.contracts.filters")],
        order_type=Annotated["ContractOrder", strawberry.lazy("schema.contracts.orders")],
        connection=Annotated["ContractConnection", strawberry.lazy("schema.contracts.types")],
        description="The contracts the directorate owns, filtered and ordered like `contracts`.",
        filter_description="Which of its contracts to list.",
        order_description="The order; by end date unless told.",
    )

    commissioning_activities = list_under(
        "schema.commissioning.queries:nested_activities",
        "directorate_id",
        filter_type=Annotated["CommissioningActivityFilter", strawberry.lazy("schema.commissioning.filters")],
        order_type=Annotated["CommissioningActivityOrder", strawberry.lazy("schema.commissioning.orders")],
        connection=Annotated["CommissioningActivityConnection", strawberry.lazy("schema.commissioning.types")],
        description="The directorate's significant commissioning activity, filtered and ordered like "
        "`commissioningActivities`.",
        filter_description="Which of its activities to list.",
        order_description="The order; by key decision date unless told.",
    )

    business_plans = list_under(
        "schema.plans.queries:nested_plans",
        "directorate_id",
        filter_type=Annotated["BusinessPlanFilter", strawberry.lazy("schema.plans.filters")],
        order_type=Annotated["BusinessPlanOrder", strawberry.lazy("schema.plans.orders")],
        connection=Connection[Annotated["BusinessPlan", strawberry.lazy("schema.plans.types")]],
        description="The directorate's own plans and its divisions' plans, filtered and ordered like `businessPlans`.",
        filter_description="Which of its plans to list.",
        order_description="The order; by financial year unless told.",
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Directorate:
        """The directorate in a row of the directorate table."""
        return cls(
            id=strawberry.ID(global_id("Directorate", row.id)),
            pk=row.id,
            code=row.code,
            name=row.name,
            corporate_director=row.corporate_director,
            record=RecordInfo.from_row(row),
        )


@strawberry.type(description="A division of a directorate, led by a director.")
class Division(Node):
    type_name: ClassVar[str] = "Division"
    relations: ClassVar[dict[str, Relation]]

    name: str = strawberry.field(description="The division's name.")
    director: str | None = strawberry.field(description="Its director; null while the post is to be appointed.")
    director_title: str | None = strawberry.field(description="The director's title, e.g. Corporate Director.")
    responsibilities: str | None = strawberry.field(description="What the division is responsible for.")
    record: RecordInfo = strawberry.field(description="Version, timestamps and provenance of this record.")
    directorate_pk: strawberry.Private[int]

    directorate: Directorate | None = strawberry.field(default=None, description="The directorate it belongs to.")
    services: list[Annotated[Service, strawberry.lazy("schema.organisation.types")]] = strawberry.field(
        default_factory=list, description=f"The services the division provides or commissions. {at_most(RECORD_LIST)}"
    )

    contracts = list_under(
        "schema.contracts.queries:nested_contracts",
        "division_id",
        filter_type=Annotated["ContractFilter", strawberry.lazy("schema.contracts.filters")],
        order_type=Annotated["ContractOrder", strawberry.lazy("schema.contracts.orders")],
        connection=Annotated["ContractConnection", strawberry.lazy("schema.contracts.types")],
        description="The contracts the division manages, filtered and ordered like `contracts`.",
        filter_description="Which of its contracts to list.",
        order_description="The order; by end date unless told.",
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Division:
        """The division in a row of the division table."""
        return cls(
            id=strawberry.ID(global_id("Division", row.id)),
            pk=row.id,
            name=row.name,
            director=row.director,
            director_title=row.director_title,
            responsibilities=row.responsibilities,
            record=RecordInfo.from_row(row),
            directorate_pk=row.directorate_id,
        )


@strawberry.enum(description="How a service is delivered, as the plans record it.")
class ServiceDelivery(enum.Enum):
    INTERNAL = strawberry.enum_value("INTERNAL", description="By the council's own staff.")
    EXTERNAL = strawberry.enum_value("EXTERNAL", description="Through an external contract.")
    PART_COMMISSIONED = strawberry.enum_value("PART_COMMISSIONED", description="Partly internal, partly commissioned.")
    VARIOUS = strawberry.enum_value("VARIOUS", description="In various ways, case by case.")


assert {d.name for d in ServiceDelivery} == {d.value for d in DbServiceDelivery}


@strawberry.type(description="A service a division provides, internally or through a contract or a traded company.")
class Service(Node):
    type_name: ClassVar[str] = "Service"
    relations: ClassVar[dict[str, Relation]]

    name: str = strawberry.field(description="The service's name as the plan lists it.")
    delivery: ServiceDelivery = strawberry.field(description="Internal, external, part commissioned or various.")
    delivery_text: str | None = strawberry.field(description="How the plan words its delivery.")
    contract_end: DateInterval | None = strawberry.field(
        description="When the external contract(s) delivering it end; spans them all when there are several."
    )
    record: RecordInfo = strawberry.field(description="Version, timestamps and provenance of this record.")
    division_pk: strawberry.Private[int | None]
    traded_company_pk: strawberry.Private[int | None]

    division: Division | None = strawberry.field(
        default=None, description="The division that provides or commissions it."
    )
    traded_company: Annotated[TradedCompany, strawberry.lazy("schema.providers.types")] | None = strawberry.field(
        default=None, description="The traded company that provides it, if any."
    )
    contracts: list[Annotated[Contract, strawberry.lazy("schema.contracts.types")]] = strawberry.field(
        default_factory=list,
        description=f"The contracts it is delivered through, each with its own end. {at_most(RECORD_LIST)}",
    )
    plans: list[Annotated[BusinessPlan, strawberry.lazy("schema.plans.types")]] = strawberry.field(
        default_factory=list, description=f"The business plans that list this service. {at_most(RECORD_LIST)}"
    )
    references: list[Annotated[PlanReference, strawberry.lazy("schema.plans.types")]] = strawberry.field(
        default_factory=list,
        description=f"Each mention of this service in a plan, with the row as printed. {at_most(RECORD_LIST)}",
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Service:
        """The service in a row of the service table."""
        return cls(
            id=strawberry.ID(global_id("Service", row.id)),
            pk=row.id,
            name=row.name,
            delivery=ServiceDelivery[row.delivery],
            delivery_text=row.delivery_text,
            contract_end=DateInterval.from_columns(
                row.contract_end_earliest, row.contract_end_latest, row.contract_end_precision, row.contract_end_text
            ),
            record=RecordInfo.from_row(row),
            division_pk=row.division_id,
            traded_company_pk=row.traded_company_id,
        )
