"""Reading `registerDetails`: what the register published beside OCDS's fields, restored exactly.

A release that carries them is the register's own, so it states every field of the record: what it does not
give is null on the register too. Each malformed part is a problem at its path.
"""

from __future__ import annotations

from dataclasses import replace

from db.models import ContractStatus, ProcurementRoute, ProviderKind, SignificanceReason
from db.ocds.carriage import read_interval, read_money, read_pence, read_readings
from db.ocds.fields import Node
from db.ocds.views import (
    ActivityView,
    ContractView,
    DirectorateView,
    KeyDecisionView,
    LinkView,
    ProviderDetails,
)

__all__ = ["read_activity_details", "read_contract_details"]


def read_contract_details(details: Node, view: ContractView, final: bool) -> ContractView:
    """The contract as OCDS gave it, completed and corrected by the register's details."""
    reference, status = details.text("reference"), details.member("status", ContractStatus)
    if final and (reference is None or status is None):
        details.fail("the register's details of a contract need its reference and status")
    route = details.member("procurementRoute", ProcurementRoute)
    extra = details.at("extra")
    provider = view.provider
    supplier = details.at("supplier")
    if provider is not None and supplier is not None:
        kind = supplier.member("kind", ProviderKind)
        if kind is None:
            supplier.fail("the register's details of a supplier need its kind")
        else:
            found = ProviderDetails(
                kind, supplier.flag("sme"), supplier.flag("vcse"), supplier.text("description"), supplier.text("source")
            )
            provider = replace(provider, details=found)
    return replace(
        view,
        reference=reference or view.reference,
        status=status or view.status,
        complete=True,
        provider=provider,
        directorate=_directorate(details),
        division=details.text("division"),
        value=read_money(details.at("value")),
        term_months=details.whole("termMonths"),
        start=read_interval(details.at("start")),
        end=read_interval(details.at("end")),
        max_extent=read_interval(details.at("maxExtent")),
        review=read_interval(details.at("review")),
        extension_options=details.text("extensionOptions"),
        vat_irrecoverable_pence=read_pence(details, "vatIrrecoverable"),
        procurement_route=route,
        source=details.text("source"),
        readings=read_readings(details),
        extra=None if extra is None else dict(extra.value),
    )


def read_activity_details(release: Node, details: Node, final: bool) -> ActivityView | None:
    """A commissioning activity from the register's own planning release."""
    directorate = _directorate(details)
    tender = release.at("tender")
    name = None if tender is None else tender.text("title")
    if directorate is None or name is None:
        if final:
            details.fail("an activity needs its directorate here and its name as the tender's title")
        return None
    planning = release.at("planning")
    reason = details.member("significanceReason", SignificanceReason)
    return ActivityView(
        directorate=directorate,
        name=name,
        division=details.text("division"),
        description=None if planning is None else planning.text("rationale"),
        lead_service=details.text("leadService"),
        expected_value=read_money(details.at("expectedValue")),
        term_months=details.whole("termMonths"),
        consultation_required=details.flag("consultationRequired"),
        significance_reason=None if reason is None else reason.value,
        significance_note=details.text("significanceNote"),
        source=details.text("source"),
        readings=read_readings(details),
        key_decision=_key_decision(details.at("keyDecision")),
        links=tuple(_links(release, details)),
    )


def _directorate(details: Node) -> DirectorateView | None:
    node = details.at("directorate")
    if node is None:
        return None
    code, name = node.text("code"), node.text("name")
    if code is None or name is None:
        node.fail("a directorate needs its code and name")
        return None
    return DirectorateView(code, name)


def _key_decision(node: Node | None) -> KeyDecisionView | None:
    if node is None:
        return None
    expected = read_interval(node.at("expected"))
    if expected is None:
        node.fail("a key decision needs the window it is expected in")
        return None
    return KeyDecisionView(expected, node.text("reference"), node.text("decisionMaker"), node.text("source"))


def _links(release: Node, details: Node) -> list[LinkView]:
    processes = {process.text("id"): process for process in release.items("relatedProcesses")}
    links = []
    for link in details.items("contracts"):
        reference = link.text("reference")
        if reference is None:
            link.fail("a linked contract needs its reference")
            continue
        process = processes.get(reference)
        ocid = None if process is None else process.text("identifier")
        title = None if process is None else process.text("title")
        inferred = link.flag("inferred")
        links.append(LinkView(reference, ocid or "", title or "", bool(inferred), link.text("reason")))
    return links
