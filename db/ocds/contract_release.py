"""A contract on the register as an OCDS release: its supplier, award and contract, or its tender if planned.

A PLANNED contract that came from no award is still at tender: its title, value and contract period go on
the tender. Any other is an award to its supplier and a contract, with value and period, its OCDS status
from the register's (ACTIVE is active; EXPIRED and TERMINATED are terminated). Everything OCDS cannot say
exactly goes in `registerDetails` (see db.ocds.carriage).
"""

from __future__ import annotations

from typing import Any

from db.models import ContractBuyer, ContractStatus
from db.money import whole_life
from db.ocds.carriage import (
    DETAILS,
    end_of,
    interval_json,
    money_json,
    ocds_amount,
    pence_json,
    readings_json,
    start_of,
)
from db.ocds.identity import Council, contract_ocid
from db.ocds.parties import buyer_party, buyer_reference, other_buyer_reference, supplier_party, supplier_party_id
from db.ocds.views import ContractView

__all__ = ["contract_release", "kept_or_minted_ocid", "published_ocid"]

_CONTRACT_STATUS = {
    ContractStatus.PLANNED: "pending",
    ContractStatus.ACTIVE: "active",
    ContractStatus.EXPIRED: "terminated",
    ContractStatus.TERMINATED: "terminated",
}


def published_ocid(view: ContractView, prefix: str) -> str:
    """The ocid it was imported under, else the one minted from its reference."""
    return kept_or_minted_ocid(prefix, view.reference, view.ocid, view.ids.ocid)


def kept_or_minted_ocid(prefix: str, reference: str, *kept: str | None) -> str:
    """The first ocid a contract kept (its own column, then the imported release's), else one from its reference."""
    return next((ocid for ocid in kept if ocid), None) or contract_ocid(prefix, reference)


def contract_release(view: ContractView, *, prefix: str, council: Council) -> dict[str, Any]:
    """The release (without its id and date) for a contract, naming its buyer: the council, another, or none."""
    release: dict[str, Any] = {"ocid": published_ocid(view, prefix), "tag": [], "initiationType": "tender"}
    parties, buyer = _buyer(view, council)
    supplier = None
    if view.provider is not None:
        supplier = supplier_party(view.provider, supplier_party_id(view.provider, view.ids.supplier))
        parties.append(supplier)
    if parties:
        release["parties"] = parties
    if buyer is not None:
        release["buyer"] = buyer
    suppliers = [] if supplier is None else [{"id": supplier["id"], "name": supplier["name"]}]
    if view.status is ContractStatus.PLANNED and view.ids.award is None and view.ids.contract is None:
        release["tag"] = ["tender", "award"] if suppliers else ["tender"]
        release["tender"] = {"id": view.ids.tender or view.reference, **_terms(view, "contractPeriod")}
        if suppliers:
            release["awards"] = [{"id": view.reference, "status": "pending", "suppliers": suppliers}]
    else:
        ended = view.status in (ContractStatus.EXPIRED, ContractStatus.TERMINATED)
        release["tag"] = ["award", "contract", "contractTermination"] if ended else ["award", "contract"]
        award: dict[str, Any] = {"id": view.ids.award or view.reference}
        award["status"] = "pending" if view.status is ContractStatus.PLANNED else "active"
        if suppliers:
            award["suppliers"] = suppliers
        contract = {"id": view.ids.contract or view.reference, "awardID": award["id"], **_terms(view, "period")}
        contract["status"] = _CONTRACT_STATUS[view.status]
        release["awards"] = [award]
        release["contracts"] = [contract]
    release[DETAILS] = contract_details(view)
    return release


def _buyer(view: ContractView, council: Council) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The buyer's entry in the parties and its reference: the council's, another's as named, or none.

    A buyer named without an id is referred to by name only: OCDS's parties are keyed by id.
    """
    if view.buyer is ContractBuyer.COUNCIL:
        return [buyer_party(council)], buyer_reference(council)
    reference = other_buyer_reference(view)
    if reference is None or "id" not in reference:
        return [], reference
    return [reference | {"roles": ["buyer"]}], reference


def _terms(view: ContractView, period_name: str) -> dict[str, Any]:
    terms: dict[str, Any] = {"title": view.title}
    if view.description is not None:
        terms["description"] = view.description
    total = None if view.value is None else whole_life(view.value, view.term_months)
    if total is not None:
        terms["value"] = {"amount": ocds_amount(int(total.scaleb(2))), "currency": "GBP"}
    period = {}
    if view.start is not None:
        period["startDate"] = start_of(view.start.earliest)
    if view.end is not None:
        period["endDate"] = end_of(view.end.latest)
    if view.max_extent is not None:
        period["maxExtentDate"] = end_of(view.max_extent.latest)
    if period:
        terms[period_name] = period
    return terms


def contract_details(view: ContractView) -> dict[str, Any]:
    """The register's reading of the contract that OCDS has no place for, or no exact one."""
    details: dict[str, Any] = {"record": "contract", "reference": view.reference, "status": view.status.value}
    if view.directorate is not None:
        details["directorate"] = {"code": view.directorate.code, "name": view.directorate.name}
    if view.division is not None:
        details["division"] = view.division
    if view.value is not None:
        details["value"] = money_json(view.value)
    if view.term_months is not None:
        details["termMonths"] = view.term_months
    for name, interval in (("start", view.start), ("end", view.end), ("maxExtent", view.max_extent)):
        if interval is not None:
            details[name] = interval_json(interval)
    if view.review is not None:
        details["review"] = interval_json(view.review)
    if view.extension_options is not None:
        details["extensionOptions"] = view.extension_options
    if view.vat_irrecoverable_pence is not None:
        details["vatIrrecoverable"] = pence_json(view.vat_irrecoverable_pence)
    if view.procurement_route is not None:
        details["procurementRoute"] = view.procurement_route.value
    if view.provider is not None and view.provider.details is not None:
        supplier = view.provider.details
        found = {"kind": supplier.kind.value, "sme": supplier.sme, "vcse": supplier.vcse}
        found |= {"description": supplier.description, "source": supplier.source}
        details["supplier"] = {key: value for key, value in found.items() if value is not None}
    if view.extra:
        details["extra"] = view.extra
    if view.source is not None:
        details["source"] = view.source
    if view.readings:
        details["inferences"] = readings_json(view.readings)
    return details
