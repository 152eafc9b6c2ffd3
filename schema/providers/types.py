"""Providers and traded companies as front ends see them."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from sqlalchemy import Row

from db.models import ProviderKind as DbProviderKind
from schema.bounds import RECORD_LIST, at_most
from schema.inferences import Inference
from schema.nested import list_under
from schema.records import RecordInfo
from schema.relations import Relation
from schema.relay import Node, global_id
from schema.values import DateInterval

if TYPE_CHECKING:
    from schema.contracts.filters import ContractFilter
    from schema.contracts.orders import ContractOrder
    from schema.contracts.types import ContractConnection
    from schema.organisation.types import Division, Service
    from schema.plans.types import BusinessPlan, PlanReference


@strawberry.enum(description="Whether a provider is an outside supplier or one of the council's own companies.")
class ProviderKind(enum.Enum):
    SUPPLIER = strawberry.enum_value("SUPPLIER", description="An outside supplier.")
    TRADED_COMPANY = strawberry.enum_value(
        "TRADED_COMPANY", description="A company or trading unit the council owns (see `tradedCompany`)."
    )


assert {k.name for k in ProviderKind} == {k.value for k in DbProviderKind}


@strawberry.type(description="A supplier or traded company that delivers contracts or services to the council.")
class Provider(Node):
    type_name: ClassVar[str] = "Provider"
    relations: ClassVar[dict[str, Relation]]

    name: str = strawberry.field(description="The provider's name.")
    kind: ProviderKind = strawberry.field(description="Supplier or the council's own traded company.")
    company_number: str | None = strawberry.field(description="Its Companies House number, where known.")
    description: str | None = strawberry.field(description="What the provider does for the council.")
    address: str | None = strawberry.field(description="Its address, as a supplier's details give it.")
    sme: bool | None = strawberry.field(description="Whether it is a small or medium-sized enterprise, where known.")
    vcse: bool | None = strawberry.field(
        description="Whether it is a voluntary, community or social enterprise, where known."
    )
    charity_number: str | None = strawberry.field(description="Its registered charity number, where it has one.")
    record: RecordInfo = strawberry.field(description="Version, timestamps and provenance of this record.")
    inferences: list[Inference] = strawberry.field(
        default_factory=list,
        description="How this provider was reached, when that rests on a reading of the papers: in an activity's "
        "`providers`, a provider reached only through links the papers imply (field `providers`), and why.",
    )

    traded_company: Annotated[TradedCompany, strawberry.lazy("schema.providers.types")] | None = strawberry.field(
        default=None, description="The traded company's details, when the provider is one of the council's own."
    )
    plans: list[Annotated[BusinessPlan, strawberry.lazy("schema.plans.types")]] = strawberry.field(
        default_factory=list, description=f"The business plans that name this provider. {at_most(RECORD_LIST)}"
    )
    references: list[Annotated[PlanReference, strawberry.lazy("schema.plans.types")]] = strawberry.field(
        default_factory=list,
        description=f"Each mention of this provider in a plan, with the row as printed. {at_most(RECORD_LIST)}",
    )

    contracts = list_under(
        "schema.contracts.queries:nested_contracts",
        "provider_id",
        filter_type=Annotated["ContractFilter", strawberry.lazy("schema.contracts.filters")],
        order_type=Annotated["ContractOrder", strawberry.lazy("schema.contracts.orders")],
        connection=Annotated["ContractConnection", strawberry.lazy("schema.contracts.types")],
        description="The contracts this provider delivers, filtered and ordered like `contracts`.",
        filter_description="Which of its contracts to list.",
        order_description="The order; by end date unless told.",
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Provider:
        """The provider in a row of the provider table."""
        return cls(
            id=strawberry.ID(global_id("Provider", row.id)),
            pk=row.id,
            name=row.name,
            kind=ProviderKind[row.kind],
            company_number=row.company_number,
            description=row.description,
            address=row.address,
            sme=row.sme,
            vcse=row.vcse,
            charity_number=row.charity_number,
            record=RecordInfo.from_row(row),
        )


@strawberry.type(description="A division that commissions a traded company, and the arrangement it uses.")
class Commissioner:
    arrangement: str | None = strawberry.field(
        description="How the division commissions the company, e.g. a Service Level Contract."
    )
    division_pk: strawberry.Private[int]
    division: Annotated[Division, strawberry.lazy("schema.organisation.types")] | None = strawberry.field(
        default=None, description="The commissioning division."
    )
    relations: ClassVar[dict[str, Relation]]


@strawberry.type(
    description="A company or trading unit the council owns and commissions (an alternative delivery model)."
)
class TradedCompany(Node):
    type_name: ClassVar[str] = "TradedCompany"
    relations: ClassVar[dict[str, Relation]]

    name: str = strawberry.field(description="The company's name.")
    legal_form: str | None = strawberry.field(
        description="Its legal form as a paper states it, e.g. a Local Authority Trading Company; null where no paper "
        "gives one (a paper's description of the company, such as 'an established trading platform', is in "
        "`description`)."
    )
    ownership: str | None = strawberry.field(description="Who owns it, e.g. wholly owned by the council.")
    governance: str | None = strawberry.field(description="The board(s) that hold it to account.")
    description: str | None = strawberry.field(description="What it does, in the plan's words.")
    established: DateInterval | None = strawberry.field(description="When it was established or began trading.")
    record: RecordInfo = strawberry.field(description="Version, timestamps and provenance of this record.")
    provider_pk: strawberry.Private[int]

    provider: Provider | None = strawberry.field(
        default=None, description="The provider record its contracts are held against."
    )
    commissioned_by: list[Commissioner] = strawberry.field(
        default_factory=list, description=f"The divisions that commission it, and how. {at_most(RECORD_LIST)}"
    )
    services: list[Annotated[Service, strawberry.lazy("schema.organisation.types")]] = strawberry.field(
        default_factory=list, description=f"The services it provides to the council. {at_most(RECORD_LIST)}"
    )
    plans: list[Annotated[BusinessPlan, strawberry.lazy("schema.plans.types")]] = strawberry.field(
        default_factory=list, description=f"The business plans that reference it. {at_most(RECORD_LIST)}"
    )

    contracts = list_under(
        "schema.contracts.queries:nested_contracts",
        "provider_id",
        filter_type=Annotated["ContractFilter", strawberry.lazy("schema.contracts.filters")],
        order_type=Annotated["ContractOrder", strawberry.lazy("schema.contracts.orders")],
        connection=Annotated["ContractConnection", strawberry.lazy("schema.contracts.types")],
        description="The contracts held against the company's provider record, filtered and ordered like `contracts`.",
        filter_description="Which of its contracts to list.",
        order_description="The order; by end date unless told.",
        key=lambda company: int(company.provider_pk),
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> TradedCompany:
        """The traded company in a row of the traded_company table."""
        return cls(
            id=strawberry.ID(global_id("TradedCompany", row.id)),
            pk=row.id,
            name=row.name,
            legal_form=row.legal_form,
            ownership=row.ownership,
            governance=row.governance,
            description=row.description,
            established=DateInterval.from_columns(
                row.established_earliest, row.established_latest, row.established_precision, row.established_text
            ),
            record=RecordInfo.from_row(row),
            provider_pk=row.provider_id,
        )
