"""Commissioning activity and key decisions as front ends see them."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from sqlalchemy import Row

from db.inferences import InferenceKind as DbInferenceKind
from db.inferences import Reading, assumed_basis, recorded
from db.models import REVIEW_THRESHOLD_PENCE, SIGNIFICANT_VALUE_PENCE
from db.models import SignificanceReason as DbSignificanceReason
from schema.bounds import RECORD_LIST, at_most
from schema.inferences import Inference, inferences, start_assumed_in
from schema.records import FromRow, RecordInfo, row_field
from schema.relations import Relation
from schema.relay import Connection, Node, global_id
from schema.values import DateInterval, Money, ValueTotal, pounds

if TYPE_CHECKING:
    from schema.contracts.types import Contract
    from schema.organisation.types import Directorate, Division
    from schema.plans.types import BusinessPlan, PlanReference
    from schema.providers.types import Provider


@strawberry.enum(
    description="Why a plan lists an activity as significant commissioning and service activity: paper 001 lets a "
    "directorate choose it for its value (over £1m a year) or for strategic importance, complexity, risk or profile."
)
class SignificanceReason(enum.Enum):
    VALUE = strawberry.enum_value(
        "VALUE", description="Its annual value reaches £1m, the financial value paper 001 recommends."
    )
    STRATEGIC_IMPORTANCE = strawberry.enum_value(
        "STRATEGIC_IMPORTANCE", description="A paper states it is of strategic importance."
    )
    COMPLEXITY = strawberry.enum_value("COMPLEXITY", description="A paper states it is complex.")
    RISK = strawberry.enum_value("RISK", description="A paper states the risk it carries.")
    PROFILE = strawberry.enum_value("PROFILE", description="A paper states its public or political profile.")
    NOT_STATED = strawberry.enum_value(
        "NOT_STATED",
        description="A plan lists it as significant but no paper says why, and its annual value does not reach "
        "£1m or is unknown.",
    )


STATED_REASONS = frozenset(SignificanceReason[reason.value] for reason in DbSignificanceReason)
"""The reasons a record states; VALUE and NOT_STATED are worked out, never recorded."""


def significance_reasons(annual_pence: int | None, reason: SignificanceReason | None) -> list[SignificanceReason]:
    """Why a listed activity is significant: its value, the reason a paper states, or that none is stated."""
    reasons = []
    if annual_pence is not None and annual_pence >= SIGNIFICANT_VALUE_PENCE:
        reasons.append(SignificanceReason.VALUE)
    if reason is not None:
        reasons.append(reason)
    return reasons or [SignificanceReason.NOT_STATED]


@strawberry.type(description="A formal decision the council must take, published on its forward plan.")
class KeyDecision(Node):
    type_name: ClassVar[str] = "KeyDecision"
    relations: ClassVar[dict[str, Relation]]

    expected: DateInterval = strawberry.field(description="When the decision is expected, as the plan states it.")
    decision_maker: str | None = strawberry.field(description="Who takes the decision, where recorded.")
    reference: str | None = strawberry.field(description="The forward plan's reference for it, where recorded.")
    inferences: list[Inference] = strawberry.field(
        description="Each field here that rests on a reading of the papers, and why: a window whose start the "
        "words do not give ('By 2020')."
    )
    record: RecordInfo = strawberry.field(description="Version, timestamps and provenance of this record.")
    activity_pk: strawberry.Private[int]

    activity: Annotated[CommissioningActivity, strawberry.lazy("schema.commissioning.types")] | None = strawberry.field(
        default=None, description="The activity the decision belongs to."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> KeyDecision:
        """The key decision in a row of the key_decision table."""
        expected = DateInterval.from_columns(
            row.expected_earliest, row.expected_latest, row.expected_precision, row.expected_text
        )
        assert expected is not None
        return cls(
            id=strawberry.ID(global_id("KeyDecision", row.id)),
            pk=row.id,
            expected=expected,
            decision_maker=row.decision_maker,
            reference=row.reference,
            inferences=inferences(
                start_assumed_in(
                    "expected", row.expected_earliest, row.expected_latest, row.expected_precision, row.expected_text
                )
            ),
            record=RecordInfo.from_row(row),
            activity_pk=row.activity_id,
        )


@strawberry.type(description="Significant commissioning or service activity a plan sets out (section J).")
class CommissioningActivity(Node, FromRow):
    type_name: ClassVar[str] = "CommissioningActivity"
    relations: ClassVar[dict[str, Relation]]

    name: str = strawberry.field(description="The activity's name as the plan prints it.")
    description: str | None = strawberry.field(description="The plan's brief description of the activity.")
    lead_service: str | None = strawberry.field(description="The service that leads it, as printed.")
    term_months: int | None = strawberry.field(
        description="The term in months the expected value covers, where stated; it turns a yearly value into a "
        "whole-life one."
    )
    consultation_required: bool | None = strawberry.field(
        description="Whether public consultation is required; null where the plan says N/A."
    )
    significance_note: str | None = strawberry.field(
        description="The words of the paper that state a reason for its significance, where one does."
    )
    directorate_pk: strawberry.Private[int]
    division_pk: strawberry.Private[int | None]
    annual_value_pence: strawberry.Private[int | None]
    # Set by the batch that finds which activities a plan lists (schema.graph): True, or None when none does.
    listed: strawberry.Private[bool | None] = None

    @row_field("The expected value as stated, on its basis.")
    def expected_value(self) -> Money | None:
        row = self.row
        return Money.from_columns(
            row.expected_value_pence,
            row.expected_value_basis,
            row.expected_value_text,
            row.annual_value_pence,
            row.total_value_pence,
        )

    @row_field("The expected value per year in pounds, where the basis and term allow; null where unknown.")
    def annual_value(self) -> Decimal | None:
        return None if self.annual_value_pence is None else pounds(self.annual_value_pence)

    @row_field(
        "Worth £1m a year or more: the Strategic Commissioning Board's review threshold. False when its "
        "annual value is unknown. Whether it is significant is another matter (`significant`)."
    )
    def over_threshold(self) -> bool:
        return self.annual_value_pence is not None and self.annual_value_pence >= REVIEW_THRESHOLD_PENCE

    @row_field(
        "Each field here that rests on a reading of the papers rather than their words, and why: an "
        "expected value read as whole-life, a division worked out from the lead service. Its key decision and "
        "contract links carry their own."
    )
    def inferences(self) -> list[Inference]:
        row = self.row
        return inferences(
            [
                *recorded(row.inferences),
                *assumed_basis("expectedValue", row.expected_value_text, row.expected_value_basis_assumed),
            ]
        )

    @row_field(
        "The reason a paper states for listing it as significant, as recorded (what writes set); null "
        "when none is recorded. `significanceReasons` adds what is worked out: VALUE and NOT_STATED."
    )
    def significance_reason(self) -> SignificanceReason | None:
        return self.recorded_reason()

    def recorded_reason(self) -> SignificanceReason | None:
        """The reason for its significance that the row records, if any."""
        reason = self.row.significance_reason
        return None if reason is None else SignificanceReason[reason]

    @strawberry.field(
        description="True when a business plan lists it as significant commissioning and service activity (every "
        "row of section J of the 2017-18 plans is): significant because the plan says so, whatever its value."
    )
    def significant(self) -> bool:
        return self.listed is True

    @strawberry.field(
        description="Why a plan lists it as significant: VALUE when its annual value reaches £1m, each reason a "
        "paper states (`significanceNote` quotes it), or NOT_STATED when there is neither. Empty when no plan "
        "lists it."
    )
    def significance_reasons(self) -> list[SignificanceReason]:
        if self.listed is not True:
            return []
        return significance_reasons(self.annual_value_pence, self.recorded_reason())

    key_decision: KeyDecision | None = strawberry.field(
        default=None, description="The key decision it needs, if the plan names a date for one."
    )
    directorate: Annotated[Directorate, strawberry.lazy("schema.organisation.types")] | None = strawberry.field(
        default=None, description="The directorate whose activity it is."
    )
    division: Annotated[Division, strawberry.lazy("schema.organisation.types")] | None = strawberry.field(
        default=None, description="The division of its lead service."
    )
    contracts: list[ActivityLink] = strawberry.field(
        default_factory=list,
        description=f"The contracts it concerns, saying which links are inferred. {at_most(RECORD_LIST)}",
    )
    providers: list[Annotated[Provider, strawberry.lazy("schema.providers.types")]] = strawberry.field(
        default_factory=list,
        description="The providers of the contracts it concerns (through stated and inferred links alike), by name; "
        f"one reached only through inferred links says so in its `inferences`. {at_most(RECORD_LIST)}",
    )
    plans: list[Annotated[BusinessPlan, strawberry.lazy("schema.plans.types")]] = strawberry.field(
        default_factory=list, description=f"The business plans that set it out. {at_most(RECORD_LIST)}"
    )
    references: list[Annotated[PlanReference, strawberry.lazy("schema.plans.types")]] = strawberry.field(
        default_factory=list,
        description=f"Each mention of it in a plan, with the row as printed. {at_most(RECORD_LIST)}",
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> CommissioningActivity:
        """The activity in a row of the commissioning_activity table."""
        return cls(
            id=strawberry.ID(global_id("CommissioningActivity", row.id)),
            pk=row.id,
            name=row.name,
            description=row.description,
            lead_service=row.lead_service,
            term_months=row.term_months,
            consultation_required=row.consultation_required,
            significance_note=row.significance_note,
            row=row,
            directorate_pk=row.directorate_id,
            division_pk=row.division_id,
            annual_value_pence=row.annual_value_pence,
        )


@strawberry.type(description="A page of commissioning activities, with the totals of the whole filtered list.")
class CommissioningActivityConnection(Connection[CommissioningActivity]):
    value_totals_of: strawberry.Private[Any] = None

    @strawberry.field(description="Whole-life and annual values summed over every activity the filter matches.")
    async def value_totals(self) -> list[ValueTotal]:
        totals: list[ValueTotal] = await self.value_totals_of()
        return totals


@strawberry.type(description="A link between an activity and a contract, stated by the papers or inferred from them.")
class ActivityLink:
    relations: ClassVar[dict[str, Relation]]

    inferred: bool = strawberry.field(
        description="True where the papers imply the link without stating it; `reason` says how."
    )
    reason: str | None = strawberry.field(description="Why the link is recorded, citing the papers.")
    inferences: list[Inference] = strawberry.field(
        description="The link itself when the papers imply it without stating it (`contract`), and why."
    )
    activity_pk: strawberry.Private[int]
    contract_pk: strawberry.Private[int]

    activity: CommissioningActivity | None = strawberry.field(default=None, description="The activity.")
    contract: Annotated[Contract, strawberry.lazy("schema.contracts.types")] | None = strawberry.field(
        default=None, description="The contract."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> ActivityLink:
        """The link in a row of the activity_contract table."""
        return cls(
            inferred=row.inferred,
            reason=row.reason,
            inferences=inferences(link_readings("contract", row.inferred, row.reason)),
            activity_pk=row.activity_id,
            contract_pk=row.contract_id,
        )


def link_readings(field: str, inferred: bool, reason: str | None) -> list[Reading]:
    """The reading a field rests on when it is reached through a link the papers imply; none for a stated link."""
    if not inferred:
        return []
    return [Reading(field, DbInferenceKind.INFERRED_LINK, reason or "The papers imply this link without stating it.")]
