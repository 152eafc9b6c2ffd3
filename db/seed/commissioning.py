"""Seeding a paper's commissioning records: providers, traded companies, contracts, activities, services.

Each record is upserted by its natural key, and noted on the paper so its `plan_reference` tables become
references from the paper's plan once every subject has an id.
"""

from __future__ import annotations

from db.inferences import InferenceKind, Reading
from db.intervals import DateInterval, Precision
from db.models import (
    CommissioningActivity,
    Contract,
    ContractStatus,
    PlanSubject,
    Provider,
    ProviderKind,
    Service,
    SignificanceReason,
    TradedCompany,
)
from db.seed.columns import interval_columns, money_columns
from db.seed.entries import Entry
from db.seed.store import Paper, Store, link_services

__all__ = ["seed_activities", "seed_contracts", "seed_providers", "seed_services"]


async def seed_providers(store: Store, paper: Paper) -> None:
    """Suppliers, then each traded company with the provider of the same name and its commissioners."""
    for entry in paper.entry.entries("provider"):
        paper.refer(PlanSubject.PROVIDER, _provider(store, entry, ProviderKind.SUPPLIER), entry)
    companies = paper.entry.entries("traded_company")
    for entry in companies:
        _provider(store, entry, ProviderKind.TRADED_COMPANY)
    await store.flush()
    for entry in companies:
        paper.refer(PlanSubject.TRADED_COMPANY, _company(store, entry), entry)
    await store.flush()
    for entry in companies:
        company_id = store.companies.by_key[(entry.text("name"),)].id
        for commissioner in entry.entries("commissioner"):
            _commissioner(store, commissioner, company_id)


def _provider(store: Store, entry: Entry, kind: ProviderKind) -> Provider:
    name = entry.text("name")
    description = entry.optional("provider_description")
    values = {"name": name, "kind": kind.value, "description": description, "source": entry.text("source")}
    return store.providers.put(entry, (name,), values)


def _company(store: Store, entry: Entry) -> TradedCompany:
    name = entry.text("name")
    values = {
        "provider_id": store.providers.by_key[(name,)].id,
        "name": name,
        "legal_form": entry.optional("legal_form"),
        "ownership": entry.optional("ownership"),
        "governance": entry.optional("governance"),
        "description": entry.optional("description"),
        **interval_columns("established", entry.interval("established")),
        "source": entry.text("source"),
    }
    return store.companies.put(entry, (name,), values)


def _commissioner(store: Store, entry: Entry, company_id: int) -> None:
    division_id = store.division_id(entry)
    arrangement = entry.optional("arrangement")
    values = {"traded_company_id": company_id, "division_id": division_id, "arrangement": arrangement}
    store.commissioners.put(entry, (company_id, division_id), values)


async def seed_contracts(store: Store, paper: Paper) -> None:
    for entry in paper.entry.entries("contract"):
        paper.refer(PlanSubject.CONTRACT, _contract(store, entry), entry)
    await store.flush()


def _contract(store: Store, entry: Entry) -> Contract:
    values = {
        "reference": entry.text("reference"),
        "title": entry.text("title"),
        "description": entry.optional("description"),
        "status": entry.member("status", ContractStatus).value,
        "provider_id": store.provider_id(entry),
        "directorate_id": store.directorate_id(entry),
        "division_id": store.optional_division_id(entry),
        **money_columns("value", entry.money("value"), entry.term_months("term")),
        **interval_columns("start", entry.interval("start")),
        **interval_columns("end", entry.interval("end")),
        **interval_columns("max_extent", entry.interval("max_extent")),
        "extension_options": entry.optional("extension_options"),
        "inferences": _readings(entry.entries("inference")),
        "source": entry.text("source"),
    }
    return store.contracts.put(entry, (entry.text("reference"),), values)


def _readings(entries: list[Entry], worked_out: list[Reading] | None = None) -> list[dict[str, str]] | None:
    """The readings a record's `[[<record>.inference]]` tables (and the loader) make, as its column holds them."""
    readings = [
        Reading(entry.text("field"), entry.member("kind", InferenceKind), entry.text("reason")) for entry in entries
    ]
    stored = [reading.stored() for reading in [*readings, *(worked_out or [])]]
    return stored or None


def _division(store: Store, paper: Paper, entry: Entry) -> tuple[int | None, list[Reading]]:
    """An activity's division: as stated, else worked out from its lead service by the file's `[[lead_service]]`
    table, and then said to be so."""
    if entry.optional("division") is not None or entry.optional("lead_service") is None:
        return store.optional_division_id(entry), []
    service = entry.text("lead_service")
    for mapping in paper.entry.entries("lead_service"):
        if mapping.text("name") == service:
            reading = Reading("division", InferenceKind.DIVISION_FROM_LEAD_SERVICE, mapping.text("reason"))
            return store.division_id(mapping), [reading]
    raise entry.error(f"no division is stated and no [[lead_service]] names {service!r}")


async def seed_activities(store: Store, paper: Paper) -> None:
    """Section J rows, then each one's key decision (when it has a date) and its contract links."""
    entries = paper.entry.entries("activity")
    activities = [_activity(store, paper, entry) for entry in entries]
    await store.flush()
    for activity, entry in zip(activities, entries, strict=True):
        paper.refer(PlanSubject.COMMISSIONING_ACTIVITY, activity, entry)
        _key_decision(store, entry, activity.id, paper)
        for link in entry.entries("contract"):
            _activity_contract(store, link, activity.id)


def _activity(store: Store, paper: Paper, entry: Entry) -> CommissioningActivity:
    directorate_id = store.directorate_id(entry)
    division_id, worked_out = _division(store, paper, entry)
    values = {
        "directorate_id": directorate_id,
        "division_id": division_id,
        "name": entry.text("name"),
        "description": entry.optional("description"),
        "lead_service": entry.optional("lead_service"),
        **money_columns("expected_value", entry.money("expected_value"), entry.term_months("term")),
        "consultation_required": entry.consultation("consultation"),
        "significance_reason": _stated_reason(entry),
        "significance_note": entry.optional("significance_note"),
        "inferences": _readings(entry.entries("inference"), worked_out),
        "source": entry.text("source"),
    }
    return store.activities.put(entry, (directorate_id, entry.text("name")), values)


def _stated_reason(entry: Entry) -> str | None:
    """The reason a row states for its significance, where it states one (most rows state none)."""
    if entry.optional("significance_reason") is None:
        return None
    return entry.member("significance_reason", SignificanceReason).value


def _key_decision(store: Store, entry: Entry, activity_id: int, paper: Paper) -> None:
    expected = entry.interval("key_decision", paper.plan_year)
    if expected is None:
        return
    values = {
        "activity_id": activity_id,
        **interval_columns("expected", expected),
        "decision_maker": None,
        "source": entry.text("source"),
    }
    store.decisions.put(entry, (activity_id,), values)


def _activity_contract(store: Store, link: Entry, activity_id: int) -> None:
    contract_id = store.contract(link, link.text("reference")).id
    values = {
        "activity_id": activity_id,
        "contract_id": contract_id,
        "inferred": link.flag("inferred"),
        "reason": link.text("reason"),
    }
    store.activity_links.put(link, (activity_id, contract_id), values)


async def seed_services(store: Store, paper: Paper) -> None:
    """Section I rows, then their links to the contracts that deliver them."""
    links: list[tuple[int, int]] = []
    entries = paper.entry.entries("service")
    services = [_service(store, entry) for entry in entries]
    await store.flush()
    for service, entry in zip(services, entries, strict=True):
        paper.refer(PlanSubject.SERVICE, service, entry)
        links += [(service.id, store.contract(entry, ref).id) for ref in entry.texts("contracts")]
    await link_services(store.session, links, store.report)


def _service(store: Store, entry: Entry) -> Service:
    division_id = store.division_id(entry)
    company = store.company(entry)
    company_id = None if company is None else company.id
    values = {
        "name": entry.text("name"),
        "division_id": division_id,
        "traded_company_id": company_id,
        "delivery": entry.delivery("delivery").value,
        "delivery_text": entry.text("delivery"),
        **interval_columns("contract_end", _service_end(store, entry)),
        "source": entry.text("source"),
    }
    return store.services.put(entry, (division_id, company_id, entry.text("name")), values)


def _service_end(store: Store, entry: Entry) -> DateInterval | None:
    """The printed end cell: one date; a prefixed date ("KPSN - 2020"); or several contracts' ends."""
    text = entry.optional("contract_end")
    if entry.flag("contract_end_spans_contracts"):
        return _spanning_ends(store, entry, text)
    if entry.optional("contract_end_date") is None:
        return entry.interval("contract_end")
    part = entry.interval("contract_end_date")
    if part is None or text is None:
        raise entry.error("contract_end_date needs a date and the printed contract_end")
    return DateInterval(part.earliest, part.latest, part.precision, text)


def _spanning_ends(store: Store, entry: Entry, text: str | None) -> DateInterval:
    """From the earliest end of the service's contracts to the latest, with the printed cell as text."""
    contracts = [store.contract(entry, ref) for ref in entry.texts("contracts")]
    earliest = [c.end_earliest for c in contracts if c.end_earliest is not None]
    latest = [c.end_latest for c in contracts if c.end_latest is not None]
    if text is None or not contracts or len(earliest) < len(contracts) or len(latest) < len(contracts):
        raise entry.error("contract_end_spans_contracts needs the printed end and contracts that all end")
    return DateInterval(min(earliest), max(latest), Precision.RANGE, text)
