"""Writing providers and the council's traded companies, through the one write engine."""

from __future__ import annotations

import strawberry

from db import models
from schema.edits import Edit
from schema.errors import UserError
from schema.integrity import NaturalKey
from schema.mutations import SOURCE, UPDATE_ID, UPDATE_VERSION, USER_ERRORS, RecordKind
from schema.providers.types import Provider, ProviderKind, TradedCompany

UNSET = strawberry.UNSET
PROVIDER = {
    "name": "The provider's name, unique on the register.",
    "kind": "Whether it is an outside supplier or one of the council's traded companies.",
    "company_number": "Its Companies House number, unique on the register.",
    "description": "What the provider does for the council.",
}
COMPANY = {
    "provider_id": "The global ID of the provider (of kind TRADED_COMPANY) its contracts are held against.",
    "name": "The company's name, unique on the register.",
    "legal_form": "Its legal form, e.g. a Local Authority Trading Company.",
    "ownership": "Who owns it, e.g. wholly owned by the council.",
    "governance": "The board(s) that hold it to account.",
    "description": "What it does, in the plan's words.",
    "established": "When it was established or began trading, as printed: 'May 2016', 'April 2017'.",
}


@strawberry.input(description="A supplier or traded company to add to the register.")
class ProviderCreateInput:
    name: str = strawberry.field(description=PROVIDER["name"])
    kind: ProviderKind = strawberry.field(default=ProviderKind.SUPPLIER, description=PROVIDER["kind"])
    company_number: str | None = strawberry.field(default=None, description=PROVIDER["company_number"])
    description: str | None = strawberry.field(default=None, description=PROVIDER["description"])
    source: str | None = strawberry.field(default=None, description=SOURCE)


@strawberry.input(description="Changes to a provider at the version you read: fields left out stay, null clears.")
class ProviderUpdateInput:
    id: strawberry.ID = strawberry.field(description=UPDATE_ID)
    version: int = strawberry.field(description=UPDATE_VERSION)
    name: str | None = strawberry.field(default=UNSET, description=PROVIDER["name"])
    kind: ProviderKind | None = strawberry.field(default=UNSET, description=PROVIDER["kind"])
    company_number: str | None = strawberry.field(default=UNSET, description=PROVIDER["company_number"])
    description: str | None = strawberry.field(default=UNSET, description=PROVIDER["description"])
    source: str | None = strawberry.field(default=UNSET, description=SOURCE)


@strawberry.input(description="A company or trading unit the council owns, to add to the register.")
class TradedCompanyCreateInput:
    provider_id: strawberry.ID = strawberry.field(description=COMPANY["provider_id"])
    name: str = strawberry.field(description=COMPANY["name"])
    legal_form: str | None = strawberry.field(default=None, description=COMPANY["legal_form"])
    ownership: str | None = strawberry.field(default=None, description=COMPANY["ownership"])
    governance: str | None = strawberry.field(default=None, description=COMPANY["governance"])
    description: str | None = strawberry.field(default=None, description=COMPANY["description"])
    established: str | None = strawberry.field(default=None, description=COMPANY["established"])
    source: str | None = strawberry.field(default=None, description=SOURCE)


@strawberry.input(description="Changes to a traded company at the version you read: fields left out stay.")
class TradedCompanyUpdateInput:
    id: strawberry.ID = strawberry.field(description=UPDATE_ID)
    version: int = strawberry.field(description=UPDATE_VERSION)
    provider_id: strawberry.ID | None = strawberry.field(default=UNSET, description=COMPANY["provider_id"])
    name: str | None = strawberry.field(default=UNSET, description=COMPANY["name"])
    legal_form: str | None = strawberry.field(default=UNSET, description=COMPANY["legal_form"])
    ownership: str | None = strawberry.field(default=UNSET, description=COMPANY["ownership"])
    governance: str | None = strawberry.field(default=UNSET, description=COMPANY["governance"])
    description: str | None = strawberry.field(default=UNSET, description=COMPANY["description"])
    established: str | None = strawberry.field(default=UNSET, description=COMPANY["established"])
    source: str | None = strawberry.field(default=UNSET, description=SOURCE)


@strawberry.type(description="The outcome of a write to a provider: the provider as written, or why nothing changed.")
class ProviderPayload:
    provider: Provider | None = strawberry.field(description="The provider as it now stands; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The outcome of a write to a traded company: the company as written, or why not.")
class TradedCompanyPayload:
    traded_company: TradedCompany | None = strawberry.field(
        description="The company as it now stands; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


def _read_provider(edit: Edit, input: ProviderCreateInput | ProviderUpdateInput) -> None:
    edit.text("name", input.name, "name", required=True)
    edit.plain("kind", input.kind, "kind", required=True)
    edit.text("companyNumber", input.company_number, "company_number")
    edit.text("description", input.description, "description")
    edit.text("source", input.source, "source")


def _read_company(edit: Edit, input: TradedCompanyCreateInput | TradedCompanyUpdateInput) -> None:
    edit.reference("providerId", input.provider_id, "provider_id", "Provider", required=True)
    edit.text("name", input.name, "name", required=True)
    edit.text("legalForm", input.legal_form, "legal_form")
    edit.text("ownership", input.ownership, "ownership")
    edit.text("governance", input.governance, "governance")
    edit.text("description", input.description, "description")
    edit.interval("established", input.established, "established")
    edit.text("source", input.source, "source")


def _check_company(edit: Edit) -> None:
    provider = edit.found.get("provider_id")
    if provider is not None and provider.kind != models.ProviderKind.TRADED_COMPANY:
        edit.fail("providerId", f"The provider {provider.name!r} is a supplier, not one of the council's companies.")


PROVIDERS: RecordKind[Provider] = RecordKind(
    type_name="Provider",
    noun="provider",
    model=models.Provider,
    convert=Provider.from_row,
    payload=ProviderPayload,
    record_field="provider",
    read=_read_provider,
    keys=(
        NaturalKey("name", ("name",), "already has the name {name!r}"),
        NaturalKey("companyNumber", ("company_number",), "already has the company number {company_number!r}"),
    ),
)
TRADED_COMPANIES: RecordKind[TradedCompany] = RecordKind(
    type_name="TradedCompany",
    noun="traded company",
    model=models.TradedCompany,
    convert=TradedCompany.from_row,
    payload=TradedCompanyPayload,
    record_field="traded_company",
    read=_read_company,
    check=_check_company,
    keys=(
        NaturalKey("name", ("name",), "already has the name {name!r}"),
        NaturalKey("providerId", ("provider_id",), "already belongs to that provider"),
    ),
)


@strawberry.type
class ProviderMutations:
    provider_create: ProviderPayload = PROVIDERS.create_field(ProviderCreateInput, "Add a provider to the register.")
    provider_update: ProviderPayload = PROVIDERS.update_field(
        ProviderUpdateInput, "Change a provider, naming the version you read."
    )
    provider_retire: ProviderPayload = PROVIDERS.retire_field(
        "Retire a provider: it keeps its ID, history and contracts, but lists leave it out."
    )
    traded_company_create: TradedCompanyPayload = TRADED_COMPANIES.create_field(
        TradedCompanyCreateInput, "Add one of the council's traded companies, held against its provider record."
    )
    traded_company_update: TradedCompanyPayload = TRADED_COMPANIES.update_field(
        TradedCompanyUpdateInput, "Change a traded company, naming the version you read."
    )
    traded_company_retire: TradedCompanyPayload = TRADED_COMPANIES.retire_field(
        "Retire a traded company: it keeps its ID and history, but lists leave it out."
    )
