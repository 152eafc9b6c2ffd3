"""Writing commissioning activities and their key decisions, through the one write engine."""

from __future__ import annotations

import strawberry

from db import models
from schema.commissioning.types import CommissioningActivity, KeyDecision, SignificanceReason
from schema.edits import Edit
from schema.errors import UserError
from schema.integrity import NaturalKey
from schema.mutations import SOURCE, UPDATE_ID, UPDATE_VERSION, USER_ERRORS, RecordKind

UNSET = strawberry.UNSET
ACTIVITY = {
    "directorate_id": "The global ID of the directorate whose activity it is.",
    "division_id": "The global ID of the division of its lead service; it must belong to the directorate.",
    "name": "The activity's name, unique within its directorate.",
    "description": "A brief description of the activity.",
    "lead_service": "The service that leads it, as printed.",
    "expected_value": "The expected value as printed, its basis in its words: '£53m', '£1.1m (p/a)'; N/A for none.",
    "term_months": "The term in whole months, which turns a yearly value into a whole-life one and back.",
    "consultation_required": "Whether public consultation is required; null where the plan says N/A.",
    "significance_reason": "A reason a paper states for listing it as significant: STRATEGIC_IMPORTANCE, "
    "COMPLEXITY, RISK or PROFILE (VALUE and NOT_STATED are worked out, never recorded).",
    "significance_note": "The paper's words that state the reason.",
}
DECISION = {
    "activity_id": "The global ID of the activity the decision belongs to (an activity has at most one).",
    "expected": "When the decision is expected, as printed: 'Q3 2017/18', 'Between Q2 2017/18 and Q1 2018/19'.",
    "plan_year": "The financial year of the plan that states the date ('2017-18'); needed for 'By 2020', which runs "
    "from the start of that year.",
    "decision_maker": "Who takes the decision.",
    "reference": "The forward plan's reference for the decision, unique on the register.",
}


@strawberry.input(description="A commissioning activity to add (section J of a plan); money as the papers print it.")
class CommissioningActivityCreateInput:
    directorate_id: strawberry.ID = strawberry.field(description=ACTIVITY["directorate_id"])
    name: str = strawberry.field(description=ACTIVITY["name"])
    division_id: strawberry.ID | None = strawberry.field(default=None, description=ACTIVITY["division_id"])
    description: str | None = strawberry.field(default=None, description=ACTIVITY["description"])
    lead_service: str | None = strawberry.field(default=None, description=ACTIVITY["lead_service"])
    expected_value: str | None = strawberry.field(default=None, description=ACTIVITY["expected_value"])
    term_months: int | None = strawberry.field(default=None, description=ACTIVITY["term_months"])
    consultation_required: bool | None = strawberry.field(default=None, description=ACTIVITY["consultation_required"])
    significance_reason: SignificanceReason | None = strawberry.field(
        default=None, description=ACTIVITY["significance_reason"]
    )
    significance_note: str | None = strawberry.field(default=None, description=ACTIVITY["significance_note"])
    source: str | None = strawberry.field(default=None, description=SOURCE)


@strawberry.input(description="Changes to an activity at the version you read: fields left out stay, null clears.")
class CommissioningActivityUpdateInput:
    id: strawberry.ID = strawberry.field(description=UPDATE_ID)
    version: int = strawberry.field(description=UPDATE_VERSION)
    directorate_id: strawberry.ID | None = strawberry.field(default=UNSET, description=ACTIVITY["directorate_id"])
    name: str | None = strawberry.field(default=UNSET, description=ACTIVITY["name"])
    division_id: strawberry.ID | None = strawberry.field(default=UNSET, description=ACTIVITY["division_id"])
    description: str | None = strawberry.field(default=UNSET, description=ACTIVITY["description"])
    lead_service: str | None = strawberry.field(default=UNSET, description=ACTIVITY["lead_service"])
    expected_value: str | None = strawberry.field(default=UNSET, description=ACTIVITY["expected_value"])
    term_months: int | None = strawberry.field(default=UNSET, description=ACTIVITY["term_months"])
    consultation_required: bool | None = strawberry.field(default=UNSET, description=ACTIVITY["consultation_required"])
    significance_reason: SignificanceReason | None = strawberry.field(
        default=UNSET, description=ACTIVITY["significance_reason"]
    )
    significance_note: str | None = strawberry.field(default=UNSET, description=ACTIVITY["significance_note"])
    source: str | None = strawberry.field(default=UNSET, description=SOURCE)


@strawberry.input(description="A key decision to add to an activity, as the forward plan will publish it.")
class KeyDecisionCreateInput:
    activity_id: strawberry.ID = strawberry.field(description=DECISION["activity_id"])
    expected: str = strawberry.field(description=DECISION["expected"])
    plan_year: str | None = strawberry.field(default=None, description=DECISION["plan_year"])
    decision_maker: str | None = strawberry.field(default=None, description=DECISION["decision_maker"])
    reference: str | None = strawberry.field(default=None, description=DECISION["reference"])
    source: str | None = strawberry.field(default=None, description=SOURCE)


@strawberry.input(description="Changes to a key decision at the version you read: fields left out stay, null clears.")
class KeyDecisionUpdateInput:
    id: strawberry.ID = strawberry.field(description=UPDATE_ID)
    version: int = strawberry.field(description=UPDATE_VERSION)
    activity_id: strawberry.ID | None = strawberry.field(default=UNSET, description=DECISION["activity_id"])
    expected: str | None = strawberry.field(default=UNSET, description=DECISION["expected"])
    plan_year: str | None = strawberry.field(default=None, description=DECISION["plan_year"])
    decision_maker: str | None = strawberry.field(default=UNSET, description=DECISION["decision_maker"])
    reference: str | None = strawberry.field(default=UNSET, description=DECISION["reference"])
    source: str | None = strawberry.field(default=UNSET, description=SOURCE)


@strawberry.type(description="The outcome of a write to an activity: the activity as written, or why nothing changed.")
class CommissioningActivityPayload:
    commissioning_activity: CommissioningActivity | None = strawberry.field(
        description="The activity as it now stands; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The outcome of a write to a key decision: the decision as written, or why not.")
class KeyDecisionPayload:
    key_decision: KeyDecision | None = strawberry.field(description="The decision as it now stands; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


def _read_activity(edit: Edit, input: CommissioningActivityCreateInput | CommissioningActivityUpdateInput) -> None:
    edit.reference("directorateId", input.directorate_id, "directorate_id", "Directorate", required=True)
    edit.text("name", input.name, "name", required=True)
    edit.reference("divisionId", input.division_id, "division_id", "Division")
    edit.text("description", input.description, "description")
    edit.text("leadService", input.lead_service, "lead_service")
    edit.money("expectedValue", input.expected_value, "expected_value")
    edit.term("termMonths", input.term_months)
    edit.plain("consultationRequired", input.consultation_required, "consultation_required")
    if input.significance_reason in (SignificanceReason.VALUE, SignificanceReason.NOT_STATED):
        edit.fail(
            "significanceReason",
            f"{input.significance_reason.name} is worked out from the annual value and the reasons stated; "
            "record a reason a paper states (STRATEGIC_IMPORTANCE, COMPLEXITY, RISK or PROFILE).",
        )
    else:
        edit.plain("significanceReason", input.significance_reason, "significance_reason")
    edit.text("significanceNote", input.significance_note, "significance_note")
    edit.text("source", input.source, "source")


def _check_activity(edit: Edit) -> None:
    edit.derive_value("expected_value")


def _read_decision(edit: Edit, input: KeyDecisionCreateInput | KeyDecisionUpdateInput) -> None:
    edit.reference("activityId", input.activity_id, "activity_id", "CommissioningActivity", required=True)
    plan_year = edit.financial_year("planYear", input.plan_year)
    if input.plan_year is None or plan_year is not None:
        # A bad plan year is the one mistake to report; the date cannot be read without it.
        edit.interval("expected", input.expected, "expected", required=True, plan_year=plan_year)
    edit.text("decisionMaker", input.decision_maker, "decision_maker")
    edit.text("reference", input.reference, "reference")
    edit.text("source", input.source, "source")


ACTIVITIES: RecordKind[CommissioningActivity] = RecordKind(
    type_name="CommissioningActivity",
    noun="commissioning activity",
    model=models.CommissioningActivity,
    convert=CommissioningActivity.from_row,
    payload=CommissioningActivityPayload,
    record_field="commissioning_activity",
    read=_read_activity,
    check=_check_activity,
    keys=(NaturalKey("name", ("name", "directorate_id"), "in the same directorate already has the name {name!r}"),),
)
KEY_DECISIONS: RecordKind[KeyDecision] = RecordKind(
    type_name="KeyDecision",
    noun="key decision",
    model=models.KeyDecision,
    convert=KeyDecision.from_row,
    payload=KeyDecisionPayload,
    record_field="key_decision",
    read=_read_decision,
    keys=(
        NaturalKey("activityId", ("activity_id",), "already belongs to that activity, which can have only one"),
        NaturalKey("reference", ("reference",), "already has the forward plan reference {reference!r}"),
    ),
)


@strawberry.type
class CommissioningMutations:
    commissioning_activity_create: CommissioningActivityPayload = ACTIVITIES.create_field(
        CommissioningActivityCreateInput, "Add a commissioning activity; its yearly and whole-life values are derived."
    )
    commissioning_activity_update: CommissioningActivityPayload = ACTIVITIES.update_field(
        CommissioningActivityUpdateInput, "Change an activity, naming the version you read; values are recomputed."
    )
    commissioning_activity_retire: CommissioningActivityPayload = ACTIVITIES.retire_field(
        "Retire an activity: it keeps its ID and history, but lists leave it out."
    )
    key_decision_create: KeyDecisionPayload = KEY_DECISIONS.create_field(
        KeyDecisionCreateInput, "Add the key decision an activity needs, with when it is expected."
    )
    key_decision_update: KeyDecisionPayload = KEY_DECISIONS.update_field(
        KeyDecisionUpdateInput, "Change a key decision, naming the version you read."
    )
    key_decision_retire: KeyDecisionPayload = KEY_DECISIONS.retire_field(
        "Retire a key decision: it keeps its ID and history, but lists leave it out."
    )
