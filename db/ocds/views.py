"""A contracting process as the register sees it, between its rows and an OCDS release.

The export turns rows into these views and views into releases; the import turns releases into views and
views into rows. Building the release from a view in both directions is what lets the import tell which
fields of a published release the register has mapped, and keep the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from db.inferences import Reading
from db.intervals import DateInterval
from db.models import ContractBuyer, ContractStatus, ProcurementRoute, ProviderKind
from db.money import Money

__all__ = [
    "ActivityView",
    "ContractView",
    "DirectorateView",
    "KeyDecisionView",
    "LinkView",
    "OcdsIds",
    "ProviderDetails",
    "ProviderView",
]


@dataclass(frozen=True)
class DirectorateView:
    """A directorate by its code, with the name an import creates it with when the register lacks it."""

    code: str
    name: str


@dataclass(frozen=True)
class ProviderDetails:
    """What the register knows of a provider beyond OCDS's party: carried in `registerDetails.supplier`."""

    kind: ProviderKind
    sme: bool | None = None
    vcse: bool | None = None
    description: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class ProviderView:
    """The supplier of a contract: its party in OCDS, and the register's own details when it published them."""

    name: str
    company_number: str | None = None
    charity_number: str | None = None
    address: str | None = None
    details: ProviderDetails | None = None


@dataclass(frozen=True)
class OcdsIds:
    """Identifiers an imported release used where they differ from those the register would mint.

    Kept in `contract.extra["ocds"]` so that publishing the contract again uses the publisher's ids, and so
    that the fields the register did not map line up with the ones it did.
    """

    ocid: str | None = None
    tender: str | None = None
    award: str | None = None
    contract: str | None = None
    supplier: str | None = None


@dataclass(frozen=True)
class ContractView:
    """A contract and its supplier: one contracting process (or one contract of a process with several).

    `complete` says whether every register field is stated (the register's own releases) or only those OCDS
    carries (anyone else's), so an import never blanks what it was not told. `buyer` is the council unless the
    release named another buyer (named by `buyer_name` and `buyer_identifier`) or none. `unmapped` is what an imported
    release held beyond the fields mapped here; `extra` is the rest of `contract.extra` (another format's).
    """

    reference: str
    title: str
    status: ContractStatus
    complete: bool = True
    description: str | None = None
    provider: ProviderView | None = None
    directorate: DirectorateView | None = None
    division: str | None = None
    value: Money | None = None
    term_months: int | None = None
    start: DateInterval | None = None
    end: DateInterval | None = None
    max_extent: DateInterval | None = None
    review: DateInterval | None = None
    extension_options: str | None = None
    vat_irrecoverable_pence: int | None = None
    procurement_route: ProcurementRoute | None = None
    source: str | None = None
    readings: tuple[Reading, ...] = ()
    ocid: str | None = None
    ids: OcdsIds = field(default_factory=OcdsIds)
    unmapped: dict[str, Any] | None = None
    extra: dict[str, Any] | None = None
    buyer: ContractBuyer = ContractBuyer.COUNCIL
    buyer_name: str | None = None
    buyer_identifier: str | None = None


@dataclass(frozen=True)
class KeyDecisionView:
    """An activity's key decision: the window it is expected in, and who takes it."""

    expected: DateInterval
    reference: str | None = None
    decision_maker: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class LinkView:
    """A contract an activity re-commissions, extends or manages, and whether the link is inferred."""

    reference: str
    ocid: str
    title: str
    inferred: bool = False
    reason: str | None = None


@dataclass(frozen=True)
class ActivityView:
    """A significant commissioning activity: a planning-stage process with its key decision and contracts."""

    directorate: DirectorateView
    name: str
    division: str | None = None
    description: str | None = None
    lead_service: str | None = None
    expected_value: Money | None = None
    term_months: int | None = None
    consultation_required: bool | None = None
    significance_reason: str | None = None
    significance_note: str | None = None
    source: str | None = None
    readings: tuple[Reading, ...] = ()
    key_decision: KeyDecisionView | None = None
    links: tuple[LinkView, ...] = ()
