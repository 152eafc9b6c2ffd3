"""The organisations in a release: the council or another buyer, and a contract's supplier with its identifiers."""

from __future__ import annotations

from typing import Any

from db.models import ContractBuyer
from db.ocds.identity import CHARITY_COMMISSION, COMPANIES_HOUSE, Council, provider_party_id
from db.ocds.views import ContractView, ProviderView

__all__ = ["buyer_party", "buyer_reference", "other_buyer_reference", "supplier_party", "supplier_party_id"]


def buyer_party(council: Council) -> dict[str, Any]:
    return {
        "id": council.party_id,
        "name": council.name,
        "identifier": {"scheme": council.scheme, "id": council.identifier},
        "roles": ["buyer"],
    }


def buyer_reference(council: Council) -> dict[str, Any]:
    return {"id": council.party_id, "name": council.name}


def other_buyer_reference(view: ContractView) -> dict[str, Any] | None:
    """Another buyer as its release named it (id and name, as given); None when the release named none."""
    if view.buyer is not ContractBuyer.OTHER:
        return None
    named = {"id": view.buyer_identifier, "name": view.buyer_name}
    return {key: value for key, value in named.items() if value is not None} or None


def supplier_party_id(provider: ProviderView, kept_id: str | None) -> str:
    """The publisher's id for the supplier when the contract was imported, else the register's own."""
    return kept_id or provider_party_id(provider.name, provider.company_number)


def supplier_party(provider: ProviderView, party_id: str) -> dict[str, Any]:
    """The supplier's party: GB-COH identifier from its company number, GB-CHC from its charity number."""
    party: dict[str, Any] = {"id": party_id, "name": provider.name}
    if provider.company_number is not None:
        party["identifier"] = {"scheme": COMPANIES_HOUSE, "id": provider.company_number}
    if provider.charity_number is not None:
        party["additionalIdentifiers"] = [{"scheme": CHARITY_COMMISSION, "id": provider.charity_number}]
    if provider.address is not None:
        party["address"] = {"streetAddress": provider.address}
    party["roles"] = ["supplier"]
    return party
