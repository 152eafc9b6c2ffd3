"""Business plans and their references as front ends see them."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from sqlalchemy import Row

from db.intervals import FinancialYear
from db.models import PlanStatus as DbPlanStatus
from db.models import PlanSubject as DbPlanSubject
from schema.context import Info
from schema.records import RecordInfo
from schema.relations import Relation
from schema.relay import After, Before, Connection, First, Last, Node, global_id
from schema.values import DateInterval

if TYPE_CHECKING:
    from schema.organisation.types import Directorate, Division
    from schema.plans.filters import PlanReferenceFilter
    from schema.subjects import PlanSubject


@strawberry.enum(description="How far a business plan has gone through approval.")
class PlanStatus(enum.Enum):
    DRAFT = strawberry.enum_value("DRAFT", description="A working draft.")
    FINAL_DRAFT = strawberry.enum_value("FINAL_DRAFT", description="The final draft, put to committee or Cabinet.")
    APPROVED = strawberry.enum_value("APPROVED", description="Approved by the Cabinet Member(s) and Director.")
    PUBLISHED = strawberry.enum_value("PUBLISHED", description="Published on the council's website.")


assert {s.name for s in PlanStatus} == {s.value for s in DbPlanStatus}


@strawberry.enum(description="The kinds of record a business plan can reference.")
class PlanSubjectKind(enum.Enum):
    CONTRACT = strawberry.enum_value("CONTRACT", description="A contract on the register.")
    COMMISSIONING_ACTIVITY = strawberry.enum_value(
        "COMMISSIONING_ACTIVITY", description="Significant commissioning or service activity (section J)."
    )
    PROVIDER = strawberry.enum_value("PROVIDER", description="A supplier or traded company as a provider.")
    TRADED_COMPANY = strawberry.enum_value("TRADED_COMPANY", description="One of the council's own traded companies.")
    SERVICE = strawberry.enum_value("SERVICE", description="A service a division provides (section I).")


assert {k.name for k in PlanSubjectKind} == {k.value for k in DbPlanSubject}


@strawberry.type(description="A Cabinet Member a plan's committee paper is from, with the portfolio it prints.")
class CabinetMember:
    name: str = strawberry.field(description="The Cabinet Member's name.")
    portfolio: str = strawberry.field(description="Their portfolio as the paper prints it.")


@strawberry.type(description="A directorate or divisional business plan for one financial year.")
class BusinessPlan(Node):
    type_name: ClassVar[str] = "BusinessPlan"
    relations: ClassVar[dict[str, Relation]]

    title: str = strawberry.field(description="The plan's title as published.")
    financial_year: str = strawberry.field(description="The financial year the plan is for, e.g. '2017-18'.")
    rolling_window: str | None = strawberry.field(
        description="The rolling three-year window the plan belongs to, e.g. '2017-2020'; null for annual plans."
    )
    status: PlanStatus = strawberry.field(description="How far the plan has gone through approval.")
    committee: str | None = strawberry.field(description="The committee (or Cabinet) the plan went to.")
    committee_date: date | None = strawberry.field(description="The date of that meeting.")
    cabinet_members: list[CabinetMember] = strawberry.field(
        description="The Cabinet Members the committee paper is from, as it prints them; empty where none is named."
    )
    document_date: date | None = strawberry.field(description="The date printed on the plan itself.")
    publication: DateInterval | None = strawberry.field(description="When the plan is, or was to be, published.")
    record: RecordInfo = strawberry.field(description="Version, timestamps and provenance of this record.")
    directorate_pk: strawberry.Private[int]
    division_pk: strawberry.Private[int | None]

    directorate: Annotated[Directorate, strawberry.lazy("schema.organisation.types")] | None = strawberry.field(
        default=None, description="The directorate whose plan it is."
    )
    division: Annotated[Division, strawberry.lazy("schema.organisation.types")] | None = strawberry.field(
        default=None, description="The division, for a divisional plan."
    )
    priorities: list[str] = strawberry.field(default_factory=list, description="The plan's priorities, in order.")

    @strawberry.field(
        description="Everything the plan references, by section and then in the paper's order, with the row as printed."
    )
    async def references(
        self,
        info: Info,
        filter: Annotated[
            Annotated[PlanReferenceFilter, strawberry.lazy("schema.plans.filters")] | None,
            strawberry.argument(description="Which of its references to list."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PlanReference]:
        from schema.plans.queries import nested_references

        return await nested_references(info, self.pk, filter, first=first, after=after, last=last, before=before)

    @classmethod
    def from_row(cls, row: Row[Any]) -> BusinessPlan:
        """The plan in a row of the business_plan table."""
        window = None
        if row.window_start_year is not None:
            window = f"{row.window_start_year}-{row.window_end_year + 1}"
        return cls(
            id=strawberry.ID(global_id("BusinessPlan", row.id)),
            pk=row.id,
            title=row.title,
            financial_year=FinancialYear(row.financial_year).label,
            rolling_window=window,
            status=PlanStatus[row.status],
            committee=row.committee,
            committee_date=row.committee_date,
            cabinet_members=[
                CabinetMember(name=m["name"], portfolio=m["portfolio"]) for m in row.cabinet_members or ()
            ],
            document_date=row.document_date,
            publication=DateInterval.from_columns(
                row.publication_earliest, row.publication_latest, row.publication_precision, row.publication_text
            ),
            record=RecordInfo.from_row(row),
            directorate_pk=row.directorate_id,
            division_pk=row.division_id,
        )


@strawberry.type(description="A plan's mention of a record: the section and the row exactly as the paper prints it.")
class PlanReference(Node):
    type_name: ClassVar[str] = "PlanReference"
    relations: ClassVar[dict[str, Relation]]

    section: str = strawberry.field(description="The plan section, e.g. 'I' (services) or 'J' (commissioning).")
    source_text: str = strawberry.field(description="The row of the paper that makes the reference, as printed.")
    record: RecordInfo = strawberry.field(description="Version, timestamps and provenance of this record.")
    plan_pk: strawberry.Private[int]
    subject_key: strawberry.Private[tuple[str, int]]

    plan: BusinessPlan | None = strawberry.field(default=None, description="The plan that makes the reference.")
    subject: Annotated[PlanSubject, strawberry.lazy("schema.subjects")] | None = strawberry.field(
        default=None, description="The record referenced."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> PlanReference:
        """The reference in a row of the plan_reference table."""
        subject_pk = row.contract_id or row.activity_id or row.provider_id or row.traded_company_id or row.service_id
        return cls(
            id=strawberry.ID(global_id("PlanReference", row.id)),
            pk=row.id,
            section=row.section,
            source_text=row.source_text,
            record=RecordInfo.from_row(row),
            plan_pk=row.plan_id,
            subject_key=(row.subject_kind, subject_pk),
        )
