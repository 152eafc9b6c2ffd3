"""Reading a process's (compiled) release into the register's contracts: one per OCDS contract.

Each contract of the release, with the award it implements, is one register contract; so is each award no
contract implements yet; a release with neither (a tender or planning notice) is one PLANNED contract.
Title, description, value and period come from the contract, else its award, else the tender; an amount of
0 from anyone but the register is how publishers write a value they do not know, so it is read as unknown
(and the next of them is taken), with a warning, and never published again as £0. The register's own release
states a zero it holds in `registerDetails.value`, so its zero stands. The
supplier is the award's first, with its Companies House number from a GB-COH identifier. A release the
register published itself also has `registerDetails`, which restores what OCDS cannot carry.

What the release holds beyond the register's own release for the same contract is kept, unmapped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, TypeVar

from db.exchange import ImportNotice, NoticeKind
from db.intervals import DateInterval
from db.models import ContractBuyer, ContractStatus
from db.money import Basis, Money, term_months
from db.ocds.carriage import DETAILS
from db.ocds.contract_release import contract_release
from db.ocds.details_reading import read_contract_details
from db.ocds.fields import Node
from db.ocds.identity import CHARITY_COMMISSION, COMPANIES_HOUSE, Council, company_number, contract_ocid
from db.ocds.merging import RELEASE_ONLY, remainder
from db.ocds.parties import supplier_party_id
from db.ocds.repair import without_nulls
from db.ocds.views import ContractView, OcdsIds, ProviderView

__all__ = ["map_contracts"]

_FROM_CONTRACT = {
    "pending": ContractStatus.PLANNED,
    "active": ContractStatus.ACTIVE,
    "cancelled": ContractStatus.TERMINATED,
    "terminated": ContractStatus.EXPIRED,
}
_FROM_AWARD = {
    "pending": ContractStatus.PLANNED,
    "active": ContractStatus.ACTIVE,
    "cancelled": ContractStatus.TERMINATED,
    "unsuccessful": ContractStatus.TERMINATED,
}


@dataclass(frozen=True)
class _Unit:
    contract: Node | None
    award: Node | None


def map_contracts(
    release: Node,
    ocid: str,
    *,
    prefix: str,
    council: Council,
    source_name: str,
    final: bool,
    several: bool = False,
    notices: list[ImportNotice] | None = None,
) -> list[ContractView]:
    """The register contracts a release describes; problems go to the release's list, warnings to ``notices``.

    ``final`` is false when checking one release of several for a process: completeness (a title, the
    register's reference and status) is asked only of the compiled release. ``several`` says the process has
    other contracts, published in releases of their own, so none of them owns its ocid.
    """
    details = release.at(DETAILS)
    units = _units(release)
    if details is not None and len(units) > 1:
        details.fail(f"describes one contract, but the release has {len(units)} contracts or awards")
        return []
    several = several or len(units) > 1
    buyer = _buyer(release, council)
    views = []
    for unit in units:
        own = details is not None
        view = _view(release, unit, ocid, several, own, source_name, final)
        if view is None:
            continue
        if details is not None:
            view = read_contract_details(details, view, final)
        ids = _ids(view, unit, release, several, prefix)
        view = replace(view, ids=ids, ocid=None if ids.ocid is not None or ocid == _minted(view, prefix) else ocid)
        view = replace(view, buyer=buyer[0], buyer_name=buyer[1], buyer_identifier=buyer[2])
        generated = contract_release(view, prefix=prefix, council=council)
        original = without_nulls(_restricted(release.value, unit))
        if not own:
            _warn_of_zeros(release, unit, view, notices if final else None)
            original = _without_zero_values(original)
        views.append(replace(view, unmapped=remainder(_process(original), _process(generated))))
    return views


def _units(release: Node) -> list[_Unit]:
    contracts, awards = release.items("contracts"), release.items("awards")
    by_id = {award.text("id"): award for award in awards}
    implemented = {contract.text("awardID") for contract in contracts}
    units = [_Unit(contract, by_id.get(contract.text("awardID"))) for contract in contracts]
    units += [_Unit(None, award) for award in awards if award.text("id") not in implemented]
    return units or [_Unit(None, None)]


def _view(
    release: Node, unit: _Unit, ocid: str, several: bool, own: bool, source_name: str, final: bool
) -> ContractView | None:
    tender = release.at("tender")
    terms = [node for node in (unit.contract, unit.award, tender) if node is not None]
    title = _first(_text(node, "title", own) for node in terms)
    if title is None:
        if final:
            release.fail("a contract needs a title, in its contract, its award or the tender")
        return None
    main = unit.contract or unit.award
    reference = ocid if not several or main is None else f"{ocid}/{main.text('id')}"
    periods = [] if unit.contract is None else [unit.contract.at("period")]
    periods += [node.at("contractPeriod") for node in (unit.award, tender) if node is not None]
    period = _first(periods)
    start, end = _day(period, "startDate"), _day(period, "endDate")
    term = (
        None if start is None or end is None or end.latest < start.earliest else term_months(start.earliest, end.latest)
    )
    return ContractView(
        reference=reference,
        title=title,
        status=_status(unit),
        complete=False,
        description=_first(_text(node, "description", own) for node in terms),
        provider=_supplier(release, unit.award, own),
        value=_money(_first(node.at("value") for node in terms if own or not _zero_value(node.value))),
        term_months=term or None,
        start=start,
        end=end,
        max_extent=_day(period, "maxExtentDate"),
        source=f"{source_name}, {ocid}",
    )


def _text(node: Node, key: str, own: bool) -> str | None:
    """The register's own text exactly; anyone else's trimmed of the spaces publishers pad it with."""
    return node.text(key) if own else node.label(key)


T = TypeVar("T")


def _first(items: Iterable[T | None]) -> T | None:
    return next((item for item in items if item is not None), None)


def _status(unit: _Unit) -> ContractStatus:
    """A contract's status from its OCDS status, else its award's; one not yet stated is ACTIVE, a tender PLANNED."""
    for node, codes in ((unit.contract, _FROM_CONTRACT), (unit.award, _FROM_AWARD)):
        if node is None:
            continue
        code = node.text("status")
        if code is None:
            return ContractStatus.ACTIVE
        if code not in codes:
            node.child("status").fail(f"{code!r} is not one of {', '.join(codes)}")
        return codes.get(code, ContractStatus.ACTIVE)
    return ContractStatus.PLANNED


def _money(node: Node | None) -> Money | None:
    """A value in GBP, exact to the penny; a value in another currency stays unmapped."""
    if node is None or node.child("amount").value is None:
        return None
    amount = node.child("amount").number()
    if amount is None or node.text("currency") != "GBP":
        return None
    try:
        return Money(amount, Basis.TOTAL, f"£{amount:,}")
    except ValueError as error:
        node.child("amount").fail(str(error))
        return None


def _zero_value(holder: Any) -> bool:
    """Whether a tender, award or contract (as JSON) has a value whose amount is 0."""
    value = holder.get("value") if isinstance(holder, dict) else None
    amount = value.get("amount") if isinstance(value, dict) else None
    return isinstance(amount, int | float | Decimal) and not isinstance(amount, bool) and amount == 0


def _warn_of_zeros(release: Node, unit: _Unit, view: ContractView, notices: list[ImportNotice] | None) -> None:
    if notices is None:
        return
    holders = [node for node in (unit.contract, unit.award, release.at("tender")) if node is not None]
    taken = (
        "no value is recorded" if view.value is None else f"the value recorded is the next stated, {view.value.text}"
    )
    reason = f"an amount of 0, as publishers write a value they do not know, is read as unknown: {taken}"
    for holder in holders:
        if _zero_value(holder.value):
            path = holder.child("value").child("amount").path
            notices.append(ImportNotice(NoticeKind.ZERO_VALUE_UNKNOWN, reason, path=path, reference=view.reference))


def _without_zero_values(release: dict[str, Any]) -> dict[str, Any]:
    """The release without the zero amounts read as unknown, so that they are not kept and published again."""

    def dropped(holder: Any) -> Any:
        if not _zero_value(holder):
            return holder
        return {key: value for key, value in holder.items() if key != "value"}

    kept = dict(release)
    if "tender" in kept:
        kept["tender"] = dropped(kept["tender"])
    for key in ("awards", "contracts"):
        if isinstance(kept.get(key), list):
            kept[key] = [dropped(item) for item in kept[key]]
    return kept


def _day(period: Node | None, key: str) -> DateInterval | None:
    day = None if period is None else period.day(key)
    return None if day is None else DateInterval.day(day)


def _supplier(release: Node, award: Node | None, own: bool) -> ProviderView | None:
    """The award's first supplier; the register's own releases also give its one-line address."""
    suppliers = [] if award is None else award.items("suppliers")
    if not suppliers:
        return None
    reference = suppliers[0]
    parties = {party.text("id"): party for party in release.items("parties")}
    party = parties.get(reference.text("id"))
    sources = [node for node in (party, reference) if node is not None]
    name = _first(_text(node, "name", own) for node in sources)
    if name is None:
        reference.fail("a supplier needs a name, here or in its party")
        return None
    identifiers = [found for node in sources for found in [node.at("identifier"), *node.items("additionalIdentifiers")]]
    numbers = [n.text("id") for n in identifiers if n is not None and n.text("scheme") == COMPANIES_HOUSE]
    charities = [n.text("id") for n in identifiers if n is not None and n.text("scheme") == CHARITY_COMMISSION]
    # The register's own numbers are as it holds them; anyone else's are tidied ("9506232.0" is 09506232).
    number = next((text if own else company_number(text) for text in numbers if text is not None), None)
    charity = next((text for text in charities if text is not None), None)
    address = (
        None if party is None or not own or (found := party.at("address")) is None else found.text("streetAddress")
    )
    return ProviderView(name, number, charity, address)


def _minted(view: ContractView, prefix: str) -> str:
    return contract_ocid(prefix, view.reference)


def _ids(view: ContractView, unit: _Unit, release: Node, several: bool, prefix: str) -> OcdsIds:
    """The release's ids that differ from those the register would mint for the contract."""

    def kept(found: str | None, minted: str) -> str | None:
        return None if found is None or found == minted else found

    award = None if unit.award is None else kept(unit.award.text("id"), view.reference)
    contract = None if unit.contract is None else kept(unit.contract.text("id"), view.reference)
    tender = None
    if view.status is ContractStatus.PLANNED and award is None and contract is None:
        found = release.at("tender")
        tender = None if found is None else kept(found.text("id"), view.reference)
    supplier = None
    suppliers = [] if unit.award is None else unit.award.items("suppliers")
    if view.provider is not None and suppliers:
        supplier = kept(suppliers[0].text("id"), supplier_party_id(view.provider, None))
    ocid = release.text("ocid")
    return OcdsIds(
        ocid=ocid if several and ocid != _minted(view, prefix) else None,
        tender=tender,
        award=award,
        contract=contract,
        supplier=supplier,
    )


def _restricted(release: dict[str, Any], unit: _Unit) -> dict[str, Any]:
    """The release as it concerns one unit: its own contract and award, not its siblings'."""
    restricted = dict(release)
    for key, node in (("contracts", unit.contract), ("awards", unit.award)):
        if key in restricted:
            if node is None:
                del restricted[key]
            else:
                restricted[key] = [node.value]
    return restricted


def _process(release: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in release.items() if key not in RELEASE_ONLY}


def _buyer(release: Node, council: Council) -> tuple[ContractBuyer, str | None, str | None]:
    """Who bought the contracts: the council, another buyer (its name and id as given), or no one named.

    A release that names no buyer stays without one: the register never supposes it is the council's.
    """
    buyer = release.at("buyer")
    name, identifier = (None, None) if buyer is None else (buyer.label("name"), buyer.text("id"))
    if name is None and identifier is None:
        return ContractBuyer.NOT_STATED, None, None
    if identifier == council.party_id or (name or "").lower() == council.name.lower():
        return ContractBuyer.COUNCIL, None, None
    return ContractBuyer.OTHER, name, identifier
