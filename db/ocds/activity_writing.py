"""Writing one imported commissioning activity: its directorate, the activity, its key decision and links.

Activities come only from the register's own releases (only they say which directorate an activity is in),
so every field is set. The contracts an activity links to must be on the register or in the same file.
"""

from __future__ import annotations

from typing import Any

from db.models import ActivityContract, CommissioningActivity, Contract, KeyDecision
from db.ocds.views import ActivityView
from db.ocds.writing import Outcome, RegisterWriter
from db.seed.columns import interval_columns, money_columns

__all__ = ["put_activity"]


async def put_activity(
    writer: RegisterWriter, view: ActivityView, claimed: dict[tuple[str, str], str], path: str, problems: list[str]
) -> Outcome | None:
    """Create, update or leave the activity; None, with ``problems``, when it cannot be written."""
    key = (view.directorate.code, view.name)
    if key in claimed:
        problems.append(
            f"describes the activity {view.name!r} of {view.directorate.code} again, as {claimed[key]} does"
        )
    contracts: list[Contract] = []
    for link in view.links:
        contract = writer.contracts.get(link.reference)
        if contract is None:
            problems.append(
                f"links to the contract {link.reference!r}, which is neither on the register nor in the file"
            )
        else:
            contracts.append(contract)
    if problems:
        return None
    claimed[key] = path
    directorate, touched = await writer.directorate(view.directorate, view.source)
    division_id = None
    if view.division is not None:
        division, created = await writer.division(directorate, view.division, view.source)
        division_id, touched = division.id, touched or created
    row = writer.activities.get((directorate.id, view.name))
    row, outcome = await writer.put(CommissioningActivity, row, _values(view, directorate.id, division_id))
    writer.activities[(directorate.id, view.name)] = row
    touched = await _key_decision(writer, view, row, problems) or touched
    for link, contract in zip(view.links, contracts, strict=True):
        values = {"activity_id": row.id, "contract_id": contract.id, "inferred": link.inferred, "reason": link.reason}
        found = writer.links.get((row.id, contract.id))
        linked, done = await writer.put(ActivityContract, found, values)
        writer.links[(row.id, contract.id)] = linked
        touched = touched or done is not Outcome.UNCHANGED
    return Outcome.UPDATED if outcome is Outcome.UNCHANGED and touched else outcome


def _values(view: ActivityView, directorate_id: int, division_id: int | None) -> dict[str, Any]:
    return {
        "directorate_id": directorate_id,
        "division_id": division_id,
        "name": view.name,
        "description": view.description,
        "lead_service": view.lead_service,
        **money_columns("expected_value", view.expected_value, view.term_months),
        "consultation_required": view.consultation_required,
        "significance_reason": view.significance_reason,
        "significance_note": view.significance_note,
        "source": view.source,
        "inferences": [reading.stored() for reading in view.readings] or None,
    }


async def _key_decision(
    writer: RegisterWriter, view: ActivityView, activity: CommissioningActivity, problems: list[str]
) -> bool:
    """Create or update the activity's key decision; whether it changed."""
    decision = view.key_decision
    if decision is None:
        return False
    holder = None if decision.reference is None else writer.decisions_by_reference.get(decision.reference)
    if holder is not None and holder.activity_id != activity.id:
        problems.append(f"its key decision {decision.reference!r} belongs to another activity")
        return False
    values = {
        "activity_id": activity.id,
        "reference": decision.reference,
        "decision_maker": decision.decision_maker,
        **interval_columns("expected", decision.expected),
        "source": decision.source,
    }
    row, outcome = await writer.put(KeyDecision, writer.decisions.get(activity.id), values)
    writer.decisions[activity.id] = row
    if row.reference is not None:
        writer.decisions_by_reference[row.reference] = row
    return outcome is not Outcome.UNCHANGED
