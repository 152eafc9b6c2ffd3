"""Writing services (section I of the plans), through the one write engine."""

from __future__ import annotations

import strawberry

from db import models
from schema.edits import Edit
from schema.errors import UserError
from schema.integrity import NaturalKey
from schema.mutations import SOURCE, UPDATE_ID, UPDATE_VERSION, USER_ERRORS, RecordKind
from schema.organisation.types import Service, ServiceDelivery

UNSET = strawberry.UNSET
SERVICE = {
    "name": "The service's name, unique within its division and traded company.",
    "division_id": "The global ID of the division that provides or commissions it.",
    "traded_company_id": "The global ID of the traded company that provides it, if any.",
    "delivery": "How it is delivered: internally, externally, part commissioned or in various ways.",
    "delivery_text": "How the plan words its delivery.",
    "contract_end": "When the contract(s) delivering it end, as printed: 'December 2025', 'Q4 2019/20'.",
}


@strawberry.input(description="A service to add to the register (section I of a plan).")
class ServiceCreateInput:
    name: str = strawberry.field(description=SERVICE["name"])
    delivery: ServiceDelivery = strawberry.field(description=SERVICE["delivery"])
    division_id: strawberry.ID | None = strawberry.field(default=None, description=SERVICE["division_id"])
    traded_company_id: strawberry.ID | None = strawberry.field(default=None, description=SERVICE["traded_company_id"])
    delivery_text: str | None = strawberry.field(default=None, description=SERVICE["delivery_text"])
    contract_end: str | None = strawberry.field(default=None, description=SERVICE["contract_end"])
    source: str | None = strawberry.field(default=None, description=SOURCE)


@strawberry.input(description="Changes to a service at the version you read: fields left out stay, null clears.")
class ServiceUpdateInput:
    id: strawberry.ID = strawberry.field(description=UPDATE_ID)
    version: int = strawberry.field(description=UPDATE_VERSION)
    name: str | None = strawberry.field(default=UNSET, description=SERVICE["name"])
    delivery: ServiceDelivery | None = strawberry.field(default=UNSET, description=SERVICE["delivery"])
    division_id: strawberry.ID | None = strawberry.field(default=UNSET, description=SERVICE["division_id"])
    traded_company_id: strawberry.ID | None = strawberry.field(default=UNSET, description=SERVICE["traded_company_id"])
    delivery_text: str | None = strawberry.field(default=UNSET, description=SERVICE["delivery_text"])
    contract_end: str | None = strawberry.field(default=UNSET, description=SERVICE["contract_end"])
    source: str | None = strawberry.field(default=UNSET, description=SOURCE)


@strawberry.type(description="The outcome of a write to a service: the service as written, or why nothing changed.")
class ServicePayload:
    service: Service | None = strawberry.field(description="The service as it now stands; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


def _read_service(edit: Edit, input: ServiceCreateInput | ServiceUpdateInput) -> None:
    edit.text("name", input.name, "name", required=True)
    edit.plain("delivery", input.delivery, "delivery", required=True)
    edit.reference("divisionId", input.division_id, "division_id", "Division")
    edit.reference("tradedCompanyId", input.traded_company_id, "traded_company_id", "TradedCompany")
    edit.text("deliveryText", input.delivery_text, "delivery_text")
    edit.interval("contractEnd", input.contract_end, "contract_end")
    edit.text("source", input.source, "source")


SERVICES: RecordKind[Service] = RecordKind(
    type_name="Service",
    noun="service",
    model=models.Service,
    convert=Service.from_row,
    payload=ServicePayload,
    record_field="service",
    read=_read_service,
    keys=(
        NaturalKey(
            "name",
            ("name", "division_id", "traded_company_id"),
            "of the same division and company already has the name {name!r}",
        ),
    ),
)


@strawberry.type
class OrganisationMutations:
    service_create: ServicePayload = SERVICES.create_field(ServiceCreateInput, "Add a service to the register.")
    service_update: ServicePayload = SERVICES.update_field(
        ServiceUpdateInput, "Change a service, naming the version you read."
    )
    service_retire: ServicePayload = SERVICES.retire_field(
        "Retire a service: it keeps its ID and history, but lists leave it out."
    )
