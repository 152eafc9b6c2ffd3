"""Writing one imported contract: its supplier and place in the council, then the contract itself.

The register's own releases state every field, so they set every column. Anyone else's state only what OCDS
carries, so only those columns are set and the rest (directorate, review date, VAT, ...) keep what the
register holds; a field the release leaves out keeps its value too.
"""

from __future__ import annotations

from typing import Any

from db.models import Contract
from db.ocds.kept import join_extra, split_extra
from db.ocds.views import ContractView
from db.ocds.writing import Outcome, RegisterWriter
from db.seed.columns import interval_columns, money_columns

__all__ = ["ContractClaims", "put_contract"]


class ContractClaims:
    """The contracts an import has written so far, so no two processes write the same one."""

    def __init__(self) -> None:
        self.paths: dict[str, str] = {}
        self.rows: set[int] = set()


async def put_contract(
    writer: RegisterWriter, view: ContractView, ocid: str, path: str, claims: ContractClaims, problems: list[str]
) -> Outcome | None:
    """Create, update or leave the contract a process describes; None, with ``problems``, when it cannot."""
    if view.reference in claims.paths:
        problems.append(f"describes the contract {view.reference!r} again, as {claims.paths[view.reference]} does")
        return None
    row = _find(writer, view, ocid, claims)
    if view.ocid is not None and writer.contracts_by_ocid.get(view.ocid, row) is not row:
        problems.append(
            f"its ocid {view.ocid} belongs to the contract {writer.contracts_by_ocid[view.ocid].reference!r}"
        )
    found = None if view.provider is None else writer.match_provider(view.provider, problems)
    if problems:
        return None
    claims.paths[view.reference] = path
    touched = False
    values = _values(view, row)
    if view.provider is not None:
        provider, touched = await writer.provider(view.provider, found, view.source)
        values["provider_id"] = provider.id
    elif view.complete:
        values["provider_id"] = None
    if view.complete:
        placement, created = await _placement(writer, view)
        values |= placement
        touched = touched or created
    earlier_reference = None if row is None else row.reference
    row, outcome = await writer.put(Contract, row, values)
    claims.rows.add(row.id)
    if earlier_reference is not None and earlier_reference != row.reference:
        writer.contracts.pop(earlier_reference, None)
    writer.contracts[row.reference] = row
    if row.ocid is not None:
        writer.contracts_by_ocid[row.ocid] = row
    return Outcome.UPDATED if outcome is Outcome.UNCHANGED and touched else outcome


def _find(writer: RegisterWriter, view: ContractView, ocid: str, claims: ContractClaims) -> Contract | None:
    """By reference; else the record of the same process imported at tender (under its ocid), now awarded."""
    row = writer.contracts.get(view.reference)
    if row is not None or view.complete:
        return row
    earlier = writer.contracts_by_ocid.get(ocid) or writer.contracts.get(ocid)
    return None if earlier is None or earlier.id in claims.rows else earlier


def _values(view: ContractView, row: Contract | None) -> dict[str, Any]:
    rest = view.extra if view.complete else split_extra(None if row is None else row.extra)[2]
    values: dict[str, Any] = {
        "reference": view.reference,
        "title": view.title,
        "status": view.status.value,
        "ocid": view.ocid,
        "extra": join_extra(view.ids, view.unmapped, rest),
        "source": view.source,
        "buyer": view.buyer.value,
        "buyer_name": view.buyer_name,
        "buyer_identifier": view.buyer_identifier,
        "inferences": [reading.stored() for reading in view.readings] or None,
    }
    if view.complete or view.description is not None:
        values["description"] = view.description
    if view.complete or view.value is not None:
        values |= money_columns("value", view.value, view.term_months)
    intervals = {"start": view.start, "end": view.end, "max_extent": view.max_extent}
    if view.complete:
        intervals["review"] = view.review
    for name, interval in intervals.items():
        if view.complete or interval is not None:
            values |= interval_columns(name, interval)
    if view.complete:
        values["extension_options"] = view.extension_options
        values["vat_irrecoverable_pence"] = view.vat_irrecoverable_pence
        values["procurement_route"] = None if view.procurement_route is None else view.procurement_route.value
    return values


async def _placement(writer: RegisterWriter, view: ContractView) -> tuple[dict[str, Any], bool]:
    """The directorate and division columns, and whether either had to be created."""
    if view.directorate is None:
        return {"directorate_id": None, "division_id": None}, False
    directorate, created = await writer.directorate(view.directorate, view.source)
    division_id = None
    if view.division is not None:
        division, made = await writer.division(directorate, view.division, view.source)
        division_id, created = division.id, created or made
    return {"directorate_id": directorate.id, "division_id": division_id}, created
