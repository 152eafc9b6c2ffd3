"""Writing business plans and what they reference, through the one write engine."""

from __future__ import annotations

import re
from datetime import date

import strawberry

from db import models
from db.intervals import FinancialYear, IntervalParseError
from db.models.plans import SUBJECT_KEYS
from schema.edits import Edit
from schema.errors import UserError
from schema.integrity import NaturalKey
from schema.mutations import SOURCE, UPDATE_ID, UPDATE_VERSION, USER_ERRORS, RecordKind
from schema.plans.types import BusinessPlan, PlanReference, PlanStatus

UNSET = strawberry.UNSET
PLAN = {
    "directorate_id": "The global ID of the directorate whose plan it is.",
    "division_id": "The global ID of the division, for a divisional plan; it must belong to the directorate.",
    "title": "The plan's title as published, unique for its directorate and year.",
    "financial_year": "The financial year it is for: '2017-18', '2017/18' or '17-18' (1 April to 31 March).",
    "rolling_window": "The rolling window it belongs to, e.g. '2017-2020', which must hold its year; null if none.",
    "status": "How far it has gone through approval.",
    "committee": "The committee (or Cabinet) it went to.",
    "committee_date": "The date of that meeting.",
    "document_date": "The date printed on the plan.",
    "publication": "When it is, or was to be, published, as printed: 'July 2017', 'Q2 2017/18'.",
}
REFERENCE = {
    "plan_id": "The global ID of the plan that makes the reference.",
    "section": "The plan section, e.g. 'I' (services) or 'J' (commissioning).",
    "source_text": "The row of the paper that makes the reference, exactly as printed.",
    "subject_id": "The global ID of the record referenced: a contract, activity, provider, traded company or service.",
}
# The column of plan_reference that holds each kind of record a plan can reference.
SUBJECTS = {
    "Contract": (models.PlanSubject.CONTRACT, "contract_id"),
    "CommissioningActivity": (models.PlanSubject.COMMISSIONING_ACTIVITY, "activity_id"),
    "Provider": (models.PlanSubject.PROVIDER, "provider_id"),
    "TradedCompany": (models.PlanSubject.TRADED_COMPANY, "traded_company_id"),
    "Service": (models.PlanSubject.SERVICE, "service_id"),
}
_WINDOW = re.compile(r"^(\d{4})\s*[-\u2013]\s*(\d{4})$")


@strawberry.input(description="A directorate or divisional business plan to add, for one financial year.")
class BusinessPlanCreateInput:
    directorate_id: strawberry.ID = strawberry.field(description=PLAN["directorate_id"])
    title: str = strawberry.field(description=PLAN["title"])
    financial_year: str = strawberry.field(description=PLAN["financial_year"])
    status: PlanStatus = strawberry.field(description=PLAN["status"])
    division_id: strawberry.ID | None = strawberry.field(default=None, description=PLAN["division_id"])
    rolling_window: str | None = strawberry.field(default=None, description=PLAN["rolling_window"])
    committee: str | None = strawberry.field(default=None, description=PLAN["committee"])
    committee_date: date | None = strawberry.field(default=None, description=PLAN["committee_date"])
    document_date: date | None = strawberry.field(default=None, description=PLAN["document_date"])
    publication: str | None = strawberry.field(default=None, description=PLAN["publication"])
    source: str | None = strawberry.field(default=None, description=SOURCE)


@strawberry.input(description="Changes to a business plan at the version you read: fields left out stay, null clears.")
class BusinessPlanUpdateInput:
    id: strawberry.ID = strawberry.field(description=UPDATE_ID)
    version: int = strawberry.field(description=UPDATE_VERSION)
    directorate_id: strawberry.ID | None = strawberry.field(default=UNSET, description=PLAN["directorate_id"])
    title: str | None = strawberry.field(default=UNSET, description=PLAN["title"])
    financial_year: str | None = strawberry.field(default=UNSET, description=PLAN["financial_year"])
    status: PlanStatus | None = strawberry.field(default=UNSET, description=PLAN["status"])
    division_id: strawberry.ID | None = strawberry.field(default=UNSET, description=PLAN["division_id"])
    rolling_window: str | None = strawberry.field(default=UNSET, description=PLAN["rolling_window"])
    committee: str | None = strawberry.field(default=UNSET, description=PLAN["committee"])
    committee_date: date | None = strawberry.field(default=UNSET, description=PLAN["committee_date"])
    document_date: date | None = strawberry.field(default=UNSET, description=PLAN["document_date"])
    publication: str | None = strawberry.field(default=UNSET, description=PLAN["publication"])
    source: str | None = strawberry.field(default=UNSET, description=SOURCE)


@strawberry.input(description="A plan's mention of a record to add: the section and the row as the paper prints it.")
class PlanReferenceCreateInput:
    plan_id: strawberry.ID = strawberry.field(description=REFERENCE["plan_id"])
    section: str = strawberry.field(description=REFERENCE["section"])
    source_text: str = strawberry.field(description=REFERENCE["source_text"])
    subject_id: strawberry.ID = strawberry.field(description=REFERENCE["subject_id"])
    source: str | None = strawberry.field(default=None, description=SOURCE)


@strawberry.input(description="Changes to a plan reference at the version you read: fields left out stay as they are.")
class PlanReferenceUpdateInput:
    id: strawberry.ID = strawberry.field(description=UPDATE_ID)
    version: int = strawberry.field(description=UPDATE_VERSION)
    plan_id: strawberry.ID | None = strawberry.field(default=UNSET, description=REFERENCE["plan_id"])
    section: str | None = strawberry.field(default=UNSET, description=REFERENCE["section"])
    source_text: str | None = strawberry.field(default=UNSET, description=REFERENCE["source_text"])
    subject_id: strawberry.ID | None = strawberry.field(default=UNSET, description=REFERENCE["subject_id"])
    source: str | None = strawberry.field(default=UNSET, description=SOURCE)


@strawberry.type(description="The outcome of a write to a business plan: the plan as written, or why nothing changed.")
class BusinessPlanPayload:
    business_plan: BusinessPlan | None = strawberry.field(description="The plan as it now stands; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The outcome of a write to a plan reference: the reference as written, or why not.")
class PlanReferencePayload:
    plan_reference: PlanReference | None = strawberry.field(
        description="The reference as it now stands; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


def _financial_year(edit: Edit, value: str | None) -> None:
    if value is UNSET:
        return
    try:
        edit.values["financial_year"] = FinancialYear.parse(value or "").start_year
    except IntervalParseError as error:
        edit.fail("financialYear", f"`financialYear`: {error}.")


def _rolling_window(edit: Edit, value: str | None) -> None:
    if value is UNSET:
        return
    if value is None or not value.strip():
        edit.values.update(window_start_year=None, window_end_year=None)
        return
    match = _WINDOW.match(value.strip())
    if match is None or int(match.group(2)) <= int(match.group(1)):
        edit.fail("rollingWindow", f"`rollingWindow` {value!r} is not a window of years such as '2017-2020'.")
        return
    # "2017-2020" runs from 2017-18 to 2019-20, as the papers mean it.
    edit.values.update(window_start_year=int(match.group(1)), window_end_year=int(match.group(2)) - 1)


def _read_plan(edit: Edit, input: BusinessPlanCreateInput | BusinessPlanUpdateInput) -> None:
    edit.reference("directorateId", input.directorate_id, "directorate_id", "Directorate", required=True)
    edit.text("title", input.title, "title", required=True)
    _financial_year(edit, input.financial_year)
    edit.plain("status", input.status, "status", required=True)
    edit.reference("divisionId", input.division_id, "division_id", "Division")
    _rolling_window(edit, input.rolling_window)
    edit.text("committee", input.committee, "committee")
    edit.plain("committeeDate", input.committee_date, "committee_date")
    edit.plain("documentDate", input.document_date, "document_date")
    edit.interval("publication", input.publication, "publication")
    edit.text("source", input.source, "source")


def _check_plan(edit: Edit) -> None:
    year, first, last = edit["financial_year"], edit["window_start_year"], edit["window_end_year"]
    if year is not None and first is not None and not first <= year <= last:
        field = "rollingWindow" if "window_start_year" in edit.values else "financialYear"
        label = FinancialYear(year).label
        edit.fail(field, f"The rolling window {first}-{last + 1} does not hold the plan's financial year {label}.")


def _read_reference(edit: Edit, input: PlanReferenceCreateInput | PlanReferenceUpdateInput) -> None:
    edit.reference("planId", input.plan_id, "plan_id", "BusinessPlan", required=True)
    edit.text("section", input.section, "section", required=True)
    edit.text("sourceText", input.source_text, "source_text", required=True)
    edit.text("source", input.source, "source")
    if input.subject_id is UNSET:
        return
    if input.subject_id is None:
        edit.fail("subjectId", "`subjectId` cannot be cleared: every reference is to a record.")
        return
    found = edit.global_id("subjectId", input.subject_id, *SUBJECTS)
    if found is not None:
        kind, column = SUBJECTS[found[0]]
        edit.values.update({key: None for key in SUBJECT_KEYS}, subject_kind=kind.value)
        edit.refer("subjectId", column, *found)


BUSINESS_PLANS: RecordKind[BusinessPlan] = RecordKind(
    type_name="BusinessPlan",
    noun="business plan",
    model=models.BusinessPlan,
    convert=BusinessPlan.from_row,
    payload=BusinessPlanPayload,
    record_field="business_plan",
    read=_read_plan,
    check=_check_plan,
    keys=(
        NaturalKey(
            "title",
            ("title", "directorate_id", "financial_year"),
            "of the same directorate and year already has the title {title!r}",
        ),
    ),
)
PLAN_REFERENCES: RecordKind[PlanReference] = RecordKind(
    type_name="PlanReference",
    noun="plan reference",
    model=models.PlanReference,
    convert=PlanReference.from_row,
    payload=PlanReferencePayload,
    record_field="plan_reference",
    read=_read_reference,
    keys=(
        NaturalKey(
            "subjectId",
            ("plan_id", "section", "subject_kind", *SUBJECT_KEYS),
            "already records that plan's mention of that record in section {section!r}",
        ),
    ),
)


@strawberry.type
class PlanMutations:
    business_plan_create: BusinessPlanPayload = BUSINESS_PLANS.create_field(
        BusinessPlanCreateInput, "Add a business plan for a directorate or division and a financial year."
    )
    business_plan_update: BusinessPlanPayload = BUSINESS_PLANS.update_field(
        BusinessPlanUpdateInput, "Change a business plan, naming the version you read."
    )
    business_plan_retire: BusinessPlanPayload = BUSINESS_PLANS.retire_field(
        "Retire a business plan: it keeps its ID, history and references, but lists leave it out."
    )
    plan_reference_create: PlanReferencePayload = PLAN_REFERENCES.create_field(
        PlanReferenceCreateInput,
        "Record a plan's mention of a contract, activity, provider, traded company or service.",
    )
    plan_reference_update: PlanReferencePayload = PLAN_REFERENCES.update_field(
        PlanReferenceUpdateInput, "Change a plan reference, naming the version you read."
    )
    plan_reference_retire: PlanReferencePayload = PLAN_REFERENCES.retire_field(
        "Retire a plan reference: it keeps its ID and history, but lists leave it out."
    )
