"""The contract as front ends see it."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from sqlalchemy import Row
from strawberry.scalars import JSON

from db.inferences import assumed_basis, recorded
from db.models import ContractBuyer as DbContractBuyer
from db.models import ContractStatus as DbContractStatus
from db.models import ProcurementRoute as DbProcurementRoute
from db.ocds.identity import KENT_COUNTY_COUNCIL
from schema.bounds import RECORD_LIST, at_most
from schema.inferences import Inference, inferences, start_assumed_in
from schema.records import FromRow, row_field
from schema.relations import Relation
from schema.relay import Connection, Node, global_id
from schema.values import DateInterval, Money, ValueTotal, pounds

if TYPE_CHECKING:
    from schema.commissioning.types import ActivityLink
    from schema.organisation.types import Directorate, Division
    from schema.plans.types import BusinessPlan, PlanReference
    from schema.providers.types import Provider


@strawberry.enum(description="Where a contract stands in its life, as last recorded.")
class ContractStatus(enum.Enum):
    PLANNED = strawberry.enum_value("PLANNED", description="Being procured or not yet started.")
    ACTIVE = strawberry.enum_value("ACTIVE", description="Running.")
    EXPIRED = strawberry.enum_value("EXPIRED", description="Ended at its end date.")
    TERMINATED = strawberry.enum_value("TERMINATED", description="Ended early.")


assert {s.name for s in ContractStatus} == {s.value for s in DbContractStatus}


@strawberry.enum(description="Who bought a contract.")
class ContractBuyer(enum.Enum):
    COUNCIL = strawberry.enum_value("COUNCIL", description="This council: the register's own contracts.")
    OTHER = strawberry.enum_value(
        "OTHER", description="Another buyer, named by the OCDS release it was imported from; not this council's spend."
    )
    NOT_STATED = strawberry.enum_value(
        "NOT_STATED", description="Its source named no buyer; the register does not suppose it is this council."
    )


assert {s.name for s in ContractBuyer} == {s.value for s in DbContractBuyer}


@strawberry.type(description="The organisation that bought a contract: this council, or another buyer.")
class Buyer:
    kind: ContractBuyer = strawberry.field(description="Whether it is this council or another buyer.")
    name: str | None = strawberry.field(description="Its name, as the register or the contract's source gives it.")
    identifier: str | None = strawberry.field(
        description="Its identifier: the council's org-id, or the one the source gave (such as GB-LAC-E09000003)."
    )

    @classmethod
    def of(cls, kind: str, name: str | None, identifier: str | None) -> Buyer | None:
        """The buyer of a contract row; None when its source named none."""
        if kind == DbContractBuyer.COUNCIL:
            council = KENT_COUNTY_COUNCIL
            return cls(kind=ContractBuyer.COUNCIL, name=council.name, identifier=council.party_id)
        if kind == DbContractBuyer.OTHER:
            return cls(kind=ContractBuyer.OTHER, name=name, identifier=identifier)
        return None


@strawberry.type(
    description="What a contract's own source said of its supplier where that differs from the supplier's record "
    "(an SME when this contract was let, a charity number since replaced)."
)
class SupplierAsStated:
    sme: bool | None = strawberry.field(
        description="Whether it was an SME; null where the source agreed or was silent."
    )
    vcse: bool | None = strawberry.field(
        description="Whether it was a voluntary, community or social enterprise; null where the source agreed or was "
        "silent."
    )
    charity_number: str | None = strawberry.field(
        description="Its charity number as the source gave it; null where the source agreed or was silent."
    )

    @classmethod
    def of(cls, sme: bool | None, vcse: bool | None, charity_number: str | None) -> SupplierAsStated | None:
        """What a contract row says of its supplier; None when it says nothing beyond the supplier's record."""
        if sme is None and vcse is None and charity_number is None:
            return None
        return cls(sme=sme, vcse=vcse, charity_number=charity_number)


@strawberry.enum(description="How a contract was let, in the Transparency Code's terms.")
class ProcurementRoute(enum.Enum):
    QUOTE = strawberry.enum_value("QUOTE", description="After an invitation to quote.")
    TENDER = strawberry.enum_value("TENDER", description="After an invitation to tender.")
    FRAMEWORK = strawberry.enum_value("FRAMEWORK", description="Called off a framework agreement.")
    DIRECT_AWARD = strawberry.enum_value("DIRECT_AWARD", description="Awarded directly, without competition.")
    OTHER = strawberry.enum_value("OTHER", description="By another route.")


assert {r.name for r in ProcurementRoute} == {r.value for r in DbProcurementRoute}


@strawberry.type(description="A contract on the council's register: who delivers what, for how much, until when.")
class Contract(Node, FromRow):
    type_name: ClassVar[str] = "Contract"
    relations: ClassVar[dict[str, Relation]]

    reference: str = strawberry.field(description="The contract's unique reference on the register.")
    title: str = strawberry.field(description="The contract's title as the register records it.")
    description: str | None = strawberry.field(description="What the contract covers.")
    term_months: int | None = strawberry.field(description="The contract's term in months, where stated.")
    extension_options: str | None = strawberry.field(description="The extension options, as recorded.")
    ocid: str | None = strawberry.field(description="The Open Contracting ID it was published or imported under.")
    provider_pk: strawberry.Private[int | None]
    directorate_pk: strawberry.Private[int | None]
    division_pk: strawberry.Private[int | None]

    provider: Annotated[Provider, strawberry.lazy("schema.providers.types")] | None = strawberry.field(
        default=None, description="The supplier or traded company that delivers the contract."
    )
    directorate: Annotated[Directorate, strawberry.lazy("schema.organisation.types")] | None = strawberry.field(
        default=None, description="The directorate that owns the contract."
    )
    division: Annotated[Division, strawberry.lazy("schema.organisation.types")] | None = strawberry.field(
        default=None, description="The division that manages the contract."
    )
    plans: list[Annotated[BusinessPlan, strawberry.lazy("schema.plans.types")]] = strawberry.field(
        default_factory=list, description=f"The business plans that reference this contract. {at_most(RECORD_LIST)}"
    )
    references: list[Annotated[PlanReference, strawberry.lazy("schema.plans.types")]] = strawberry.field(
        default_factory=list,
        description=f"Each mention of this contract in a plan: section and the row as printed. {at_most(RECORD_LIST)}",
    )
    activities: list[Annotated[ActivityLink, strawberry.lazy("schema.commissioning.types")]] = strawberry.field(
        default_factory=list,
        description="The commissioning activities linked to this contract, saying which links are inferred. "
        f"{at_most(RECORD_LIST)}",
    )

    @row_field("Where the contract stands, as last recorded.")
    def status(self) -> ContractStatus:
        return ContractStatus[self.row.status]

    @row_field("The contract's value as stated, on its basis.")
    def value(self) -> Money | None:
        row = self.row
        return Money.from_columns(
            row.value_pence, row.value_basis, row.value_text, row.annual_value_pence, row.total_value_pence
        )

    @row_field("The value per year in pounds, derived where the basis and term allow; null where unknown.")
    def annual_value(self) -> Decimal | None:
        return None if self.row.annual_value_pence is None else pounds(self.row.annual_value_pence)

    @row_field("When the contract starts or started.")
    def start(self) -> DateInterval | None:
        row = self.row
        return DateInterval.from_columns(row.start_earliest, row.start_latest, row.start_precision, row.start_text)

    @row_field("When the contract ends, before any extension.")
    def end(self) -> DateInterval | None:
        row = self.row
        return DateInterval.from_columns(row.end_earliest, row.end_latest, row.end_precision, row.end_text)

    @row_field("The latest the contract can run to if every extension option is taken.")
    def max_extent(self) -> DateInterval | None:
        row = self.row
        return DateInterval.from_columns(
            row.max_extent_earliest, row.max_extent_latest, row.max_extent_precision, row.max_extent_text
        )

    @row_field(
        "Who bought it: this council, or another buyer an imported release named; null when its "
        "source named no buyer. Only this council's contracts count in `contractTotals` unless asked."
    )
    def buyer(self) -> Buyer | None:
        return Buyer.of(self.row.buyer, self.row.buyer_name, self.row.buyer_identifier)

    @row_field(
        "What this contract's source said of its supplier where that differs from the supplier's own record "
        "(`provider`), which keeps what it was first said to be; null where it agreed or said nothing."
    )
    def supplier_as_stated(self) -> SupplierAsStated | None:
        return SupplierAsStated.of(self.row.supplier_sme, self.row.supplier_vcse, self.row.supplier_charity_number)

    @row_field("When the contract is next reviewed, where recorded.")
    def review(self) -> DateInterval | None:
        row = self.row
        return DateInterval.from_columns(row.review_earliest, row.review_latest, row.review_precision, row.review_text)

    @row_field("The VAT in pounds that cannot be recovered, as the Transparency Code asks; null where unknown.")
    def vat_irrecoverable(self) -> Decimal | None:
        pence = self.row.vat_irrecoverable_pence
        return None if pence is None else pounds(pence)

    @row_field("Whether it was let after an invitation to quote or to tender, or another way, where recorded.")
    def procurement_route(self) -> ProcurementRoute | None:
        route = self.row.procurement_route
        return None if route is None else ProcurementRoute[route]

    @row_field("Fields of an imported record the register does not map, kept as they came, by their headers.")
    def other_fields(self) -> JSON | None:
        return None if self.row.extra is None else JSON(self.row.extra)

    @row_field(
        "Each field here that rests on a reading of the papers rather than their words, and why: a "
        "value taken from the activity or read as whole-life, a start the words do not give."
    )
    def inferences(self) -> list[Inference]:
        row = self.row
        return inferences(
            [
                *recorded(row.inferences),
                *assumed_basis("value", row.value_text, row.value_basis_assumed),
                *start_assumed_in("start", row.start_earliest, row.start_latest, row.start_precision, row.start_text),
                *start_assumed_in("end", row.end_earliest, row.end_latest, row.end_precision, row.end_text),
            ]
        )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Contract:
        """The contract in a row of the contract table."""
        return cls(
            id=strawberry.ID(global_id("Contract", row.id)),
            pk=row.id,
            reference=row.reference,
            title=row.title,
            description=row.description,
            term_months=row.term_months,
            extension_options=row.extension_options,
            ocid=row.ocid,
            row=row,
            provider_pk=row.provider_id,
            directorate_pk=row.directorate_id,
            division_pk=row.division_id,
        )


@strawberry.type(description="A page of contracts, with the totals of the whole filtered list.")
class ContractConnection(Connection[Contract]):
    value_totals_of: strawberry.Private[Any] = None

    @strawberry.field(description="Whole-life and annual values summed over every contract the filter matches.")
    async def value_totals(self) -> list[ValueTotal]:
        totals: list[ValueTotal] = await self.value_totals_of()
        return totals
