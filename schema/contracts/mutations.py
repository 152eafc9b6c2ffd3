"""Writing contracts: contractCreate, contractUpdate and contractRetire, through the one write engine."""

from __future__ import annotations

import strawberry

from db import models
from schema.contracts.types import Contract, ContractStatus
from schema.edits import Edit
from schema.errors import UserError
from schema.integrity import NaturalKey
from schema.mutations import SOURCE, UPDATE_ID, UPDATE_VERSION, USER_ERRORS, RecordKind

ABOUT = {
    "reference": "The contract's unique reference on the register.",
    "title": "The contract's title.",
    "description": "What the contract covers.",
    "status": "Where the contract stands in its life.",
    "provider_id": "The global ID of the supplier or traded company that delivers it.",
    "directorate_id": "The global ID of the directorate that owns it.",
    "division_id": "The global ID of the division that manages it; it must belong to the directorate.",
    "value": "The value as printed, its basis in its words: '£36.3m' (whole life), '£1.1m (p/a)', "
    "'£0.07m (current quarterly value)', '£1,250,000.00 per annum'; N/A or null for none.",
    "term_months": "The term in whole months, which turns a yearly value into a whole-life one and back.",
    "start": "When it starts, as printed: '2016-01-01', 'April 2017', 'Q1 2017/18'.",
    "end": "When it ends before any extension, as printed: 'December 2025', 'Q3 2019/20'; not before the start.",
    "max_extent": "The latest it can run to if every extension is taken, as printed; not before the end.",
    "extension_options": "The extension options, in words.",
}


@strawberry.input(description="A contract to add to the register; dates and money as the papers print them.")
class ContractCreateInput:
    reference: str = strawberry.field(description=ABOUT["reference"])
    title: str = strawberry.field(description=ABOUT["title"])
    status: ContractStatus = strawberry.field(description=ABOUT["status"])
    description: str | None = strawberry.field(default=None, description=ABOUT["description"])
    provider_id: strawberry.ID | None = strawberry.field(default=None, description=ABOUT["provider_id"])
    directorate_id: strawberry.ID | None = strawberry.field(default=None, description=ABOUT["directorate_id"])
    division_id: strawberry.ID | None = strawberry.field(default=None, description=ABOUT["division_id"])
    value: str | None = strawberry.field(default=None, description=ABOUT["value"])
    term_months: int | None = strawberry.field(default=None, description=ABOUT["term_months"])
    start: str | None = strawberry.field(default=None, description=ABOUT["start"])
    end: str | None = strawberry.field(default=None, description=ABOUT["end"])
    max_extent: str | None = strawberry.field(default=None, description=ABOUT["max_extent"])
    extension_options: str | None = strawberry.field(default=None, description=ABOUT["extension_options"])
    source: str | None = strawberry.field(default=None, description=SOURCE)


@strawberry.input(description="Changes to a contract at the version you read: fields left out stay, null clears.")
class ContractUpdateInput:
    id: strawberry.ID = strawberry.field(description=UPDATE_ID)
    version: int = strawberry.field(description=UPDATE_VERSION)
    reference: str | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["reference"])
    title: str | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["title"])
    status: ContractStatus | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["status"])
    description: str | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["description"])
    provider_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["provider_id"])
    directorate_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description=ABOUT["directorate_id"]
    )
    division_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["division_id"])
    value: str | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["value"])
    term_months: int | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["term_months"])
    start: str | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["start"])
    end: str | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["end"])
    max_extent: str | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["max_extent"])
    extension_options: str | None = strawberry.field(default=strawberry.UNSET, description=ABOUT["extension_options"])
    source: str | None = strawberry.field(default=strawberry.UNSET, description=SOURCE)


@strawberry.type(description="The outcome of a write to a contract: the contract as written, or why nothing changed.")
class ContractPayload:
    contract: Contract | None = strawberry.field(description="The contract as it now stands; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


def _read(edit: Edit, input: ContractCreateInput | ContractUpdateInput) -> None:
    edit.text("reference", input.reference, "reference", required=True)
    edit.text("title", input.title, "title", required=True)
    edit.plain("status", input.status, "status", required=True)
    edit.text("description", input.description, "description")
    edit.reference("providerId", input.provider_id, "provider_id", "Provider")
    edit.reference("directorateId", input.directorate_id, "directorate_id", "Directorate")
    edit.reference("divisionId", input.division_id, "division_id", "Division")
    edit.money("value", input.value, "value")
    edit.term("termMonths", input.term_months)
    edit.interval("start", input.start, "start")
    edit.interval("end", input.end, "end")
    edit.interval("maxExtent", input.max_extent, "max_extent")
    edit.text("extensionOptions", input.extension_options, "extension_options")
    edit.text("source", input.source, "source")


def _check(edit: Edit) -> None:
    edit.derive_value("value")
    edit.ends_after(("start", "start"), ("end", "end"))
    edit.ends_after(("end", "end"), ("maxExtent", "max_extent"))


CONTRACTS: RecordKind[Contract] = RecordKind(
    type_name="Contract",
    noun="contract",
    model=models.Contract,
    convert=Contract.from_row,
    payload=ContractPayload,
    record_field="contract",
    read=_read,
    check=_check,
    keys=(NaturalKey("reference", ("reference",), "already has the reference {reference!r}"),),
)


@strawberry.type
class ContractMutations:
    contract_create: ContractPayload = CONTRACTS.create_field(
        ContractCreateInput, "Add a contract to the register; its yearly and whole-life values are derived."
    )
    contract_update: ContractPayload = CONTRACTS.update_field(
        ContractUpdateInput, "Change a contract, naming the version you read; derived values are recomputed."
    )
    contract_retire: ContractPayload = CONTRACTS.retire_field(
        "Retire a contract: it keeps its ID and history, but lists leave it out."
    )
