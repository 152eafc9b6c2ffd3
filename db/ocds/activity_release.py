"""A significant commissioning activity as an OCDS release at planning: budget, key decision, prior contracts.

The activity's name is the tender's title (status `planning`) and its description the planning rationale;
its expected value is the planning budget (whole-life where that is known); its key decision is an
`approval` milestone due on the last day of its window; each contract it re-commissions, extends or
manages is a related process of relationship `prior`, by that contract's ocid; one the papers only imply
says so in its description (and in `registerDetails.contracts`, with `inferred` and the reason).
"""

from __future__ import annotations

from typing import Any

from db.money import whole_life
from db.ocds.carriage import DETAILS, end_of, interval_json, money_json, ocds_amount, readings_json
from db.ocds.identity import Council, activity_ocid
from db.ocds.parties import buyer_party, buyer_reference
from db.ocds.views import ActivityView, KeyDecisionView, LinkView

__all__ = ["KEY_DECISION_MILESTONE", "activity_release"]

KEY_DECISION_MILESTONE = "key-decision"
ACTIVITY_TENDER = "commissioning-activity"
EXPECTED_VALUE_BUDGET = "expected-value"


def activity_release(view: ActivityView, *, prefix: str, council: Council) -> dict[str, Any]:
    """The release (without its id and date) for a commissioning activity."""
    release: dict[str, Any] = {
        "ocid": activity_ocid(prefix, view.directorate.code, view.name),
        "tag": ["planning"],
        "initiationType": "tender",
        "parties": [buyer_party(council)],
        "buyer": buyer_reference(council),
    }
    planning: dict[str, Any] = {}
    if view.description is not None:
        planning["rationale"] = view.description
    if view.expected_value is not None:
        budget: dict[str, Any] = {"id": EXPECTED_VALUE_BUDGET, "description": view.expected_value.text}
        total = whole_life(view.expected_value, view.term_months)
        if total is not None:
            budget["amount"] = {"amount": ocds_amount(int(total.scaleb(2))), "currency": "GBP"}
        planning["budget"] = budget
    if view.key_decision is not None:
        planning["milestones"] = [_milestone(view.key_decision)]
    if planning:
        release["planning"] = planning
    release["tender"] = {"id": ACTIVITY_TENDER, "title": view.name, "status": "planning"}
    if view.links:
        release["relatedProcesses"] = [_related(link) for link in sorted(view.links, key=lambda link: link.reference)]
    release[DETAILS] = _details(view)
    return release


def _related(link: LinkView) -> dict[str, Any]:
    related: dict[str, Any] = {
        "id": link.reference,
        "relationship": ["prior"],
        "title": link.title,
        "scheme": "ocid",
        "identifier": link.ocid,
    }
    if link.inferred:
        # OCDS has no field for it, so a reader of the standard fields alone is still told the link is a reading.
        related["description"] = f"Inferred, not stated by the papers: {link.reason or 'no reason recorded'}"
    return related


def _milestone(decision: KeyDecisionView) -> dict[str, Any]:
    milestone = {"id": KEY_DECISION_MILESTONE, "title": "Key decision", "type": "approval"}
    if decision.decision_maker is not None:
        milestone["description"] = f"Key decision to be taken by {decision.decision_maker}"
    milestone["dueDate"] = end_of(decision.expected.latest)
    return milestone


def _details(view: ActivityView) -> dict[str, Any]:
    details: dict[str, Any] = {
        "record": "activity",
        "directorate": {"code": view.directorate.code, "name": view.directorate.name},
    }
    optional = {
        "division": view.division,
        "leadService": view.lead_service,
        "expectedValue": None if view.expected_value is None else money_json(view.expected_value),
        "termMonths": view.term_months,
        "consultationRequired": view.consultation_required,
        "significanceReason": view.significance_reason,
        "significanceNote": view.significance_note,
    }
    details |= {key: value for key, value in optional.items() if value is not None}
    if view.key_decision is not None:
        decision = view.key_decision
        found = {"reference": decision.reference, "decisionMaker": decision.decision_maker, "source": decision.source}
        details["keyDecision"] = {"expected": interval_json(decision.expected)} | {
            key: value for key, value in found.items() if value is not None
        }
    if view.links:
        details["contracts"] = [
            {"reference": link.reference, "inferred": link.inferred}
            | ({} if link.reason is None else {"reason": link.reason})
            for link in sorted(view.links, key=lambda link: link.reference)
        ]
    if view.source is not None:
        details["source"] = view.source
    if view.readings:
        details["inferences"] = readings_json(view.readings)
    return details
