"""The register's contracts and activities as views, for the export: read in batches, whatever the size."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.inferences import recorded
from db.intervals import DateInterval, Precision
from db.models import (
    ActivityContract,
    CommissioningActivity,
    Contract,
    ContractBuyer,
    ContractStatus,
    Directorate,
    Division,
    KeyDecision,
    ProcurementRoute,
    Provider,
    ProviderKind,
)
from db.money import Basis, Money
from db.ocds.contract_release import kept_or_minted_ocid, published_ocid
from db.ocds.identity import activity_ocid
from db.ocds.kept import split_extra
from db.ocds.views import (
    ActivityView,
    ContractView,
    DirectorateView,
    KeyDecisionView,
    LinkView,
    ProviderDetails,
    ProviderView,
)

__all__ = ["CONTRACT", "ACTIVITY", "ProcessKey", "ViewReader", "process_order"]

CONTRACT = "contract"
ACTIVITY = "activity"
# Rows a streamed read fetches at a time: enough to keep round trips few, few enough to keep memory flat.
STREAM_ROWS = 2000


class ProcessKey(NamedTuple):
    """A process's place in the package: by ocid, then reference (a contract's; an activity has none)."""

    ocid: str
    reference: str
    kind: str
    id: int


async def process_order(session: AsyncSession, prefix: str) -> list[ProcessKey]:
    """Every current contract's and activity's key, in the package's order.

    Only the keys are held (about a hundred bytes a process); the releases are read a batch at a time after.
    Sorting in SQL is not possible: an ocid is percent-encoded and hashed from the row.
    """
    keys: list[ProcessKey] = []
    kept = Contract.extra["ocds"]["ids"]["ocid"].as_string()
    contracts = (
        select(Contract.id, Contract.reference, Contract.ocid, kept)
        .where(Contract.retired_at.is_(None))
        .execution_options(yield_per=STREAM_ROWS)
    )
    async for pk, reference, ocid, imported in await session.stream(contracts):
        keys.append(ProcessKey(kept_or_minted_ocid(prefix, reference, ocid, imported), reference, CONTRACT, pk))
    activities = (
        select(CommissioningActivity.id, CommissioningActivity.name, Directorate.code)
        .join(Directorate, Directorate.id == CommissioningActivity.directorate_id)
        .where(CommissioningActivity.retired_at.is_(None))
        .execution_options(yield_per=STREAM_ROWS)
    )
    async for pk, name, code in await session.stream(activities):
        keys.append(ProcessKey(activity_ocid(prefix, code, name), "", ACTIVITY, pk))
    keys.sort()
    return keys


class ViewReader:
    """Reads contracts and activities as views, a batch of ids at a time, with the council's places at hand."""

    def __init__(self, session: AsyncSession, directorates: dict[int, Directorate], divisions: dict[int, Division]):
        self.session = session
        self.directorates = directorates
        self.divisions = divisions

    @classmethod
    async def open(cls, session: AsyncSession) -> ViewReader:
        """A reader on the session, with every directorate and division (a few dozen) read once."""
        directorates = {row.id: row for row in await session.scalars(select(Directorate))}
        divisions = {row.id: row for row in await session.scalars(select(Division))}
        return cls(session, directorates, divisions)

    async def contracts(self, ids: Sequence[int]) -> dict[int, ContractView]:
        """The current contracts among the ids, by id, with their suppliers and places in the council."""
        query = (
            select(Contract)
            .where(Contract.id.in_(ids), Contract.retired_at.is_(None))
            .options(selectinload(Contract.provider))
        )
        return {row.id: self._contract(row) for row in await self.session.scalars(query)}

    async def activities(self, ids: Sequence[int], prefix: str) -> dict[int, ActivityView]:
        """The current activities among the ids, by id, with their key decisions and current contracts."""
        query = (
            select(CommissioningActivity)
            .where(CommissioningActivity.id.in_(ids), CommissioningActivity.retired_at.is_(None))
            .options(
                selectinload(CommissioningActivity.key_decision), selectinload(CommissioningActivity.contract_links)
            )
        )
        rows = list(await self.session.scalars(query))
        linked = await self.contracts(sorted({link.contract_id for row in rows for link in row.contract_links}))
        return {row.id: self._activity(row, linked, prefix) for row in rows}

    def _contract(self, row: Contract) -> ContractView:
        directorate = None if row.directorate_id is None else self.directorates[row.directorate_id]
        ids, unmapped, rest = split_extra(row.extra)
        return ContractView(
            reference=row.reference,
            title=row.title,
            status=ContractStatus(row.status),
            description=row.description,
            provider=None if row.provider is None else _provider(row.provider),
            directorate=None if directorate is None else DirectorateView(directorate.code, directorate.name),
            division=None if row.division_id is None else self.divisions[row.division_id].name,
            value=_money(row.value_pence, row.value_basis, row.value_text, row.value_basis_assumed),
            term_months=row.term_months,
            start=_interval(row.start_earliest, row.start_latest, row.start_precision, row.start_text),
            end=_interval(row.end_earliest, row.end_latest, row.end_precision, row.end_text),
            max_extent=_interval(
                row.max_extent_earliest, row.max_extent_latest, row.max_extent_precision, row.max_extent_text
            ),
            review=_interval(row.review_earliest, row.review_latest, row.review_precision, row.review_text),
            extension_options=row.extension_options,
            vat_irrecoverable_pence=row.vat_irrecoverable_pence,
            procurement_route=None if row.procurement_route is None else ProcurementRoute(row.procurement_route),
            source=row.source,
            readings=tuple(recorded(row.inferences)),
            ocid=row.ocid,
            ids=ids,
            unmapped=unmapped,
            extra=rest,
            buyer=ContractBuyer(row.buyer),
            buyer_name=row.buyer_name,
            buyer_identifier=row.buyer_identifier,
        )

    def _activity(self, row: CommissioningActivity, contracts: dict[int, ContractView], prefix: str) -> ActivityView:
        directorate = self.directorates[row.directorate_id]
        decision = row.key_decision
        return ActivityView(
            directorate=DirectorateView(directorate.code, directorate.name),
            name=row.name,
            division=None if row.division_id is None else self.divisions[row.division_id].name,
            description=row.description,
            lead_service=row.lead_service,
            expected_value=_money(
                row.expected_value_pence,
                row.expected_value_basis,
                row.expected_value_text,
                row.expected_value_basis_assumed,
            ),
            term_months=row.term_months,
            consultation_required=row.consultation_required,
            significance_reason=row.significance_reason,
            significance_note=row.significance_note,
            source=row.source,
            readings=tuple(recorded(row.inferences)),
            key_decision=None if decision is None or decision.retired_at is not None else _decision(decision),
            links=tuple(_link(link, contracts, prefix) for link in row.contract_links if link.contract_id in contracts),
        )


def _provider(row: Provider) -> ProviderView:
    details = ProviderDetails(ProviderKind(row.kind), row.sme, row.vcse, row.description, row.source)
    return ProviderView(row.name, row.company_number, row.charity_number, row.address, details)


def _decision(row: KeyDecision) -> KeyDecisionView:
    expected = _interval(row.expected_earliest, row.expected_latest, row.expected_precision, row.expected_text)
    assert expected is not None  # a key decision's window is required by its columns
    return KeyDecisionView(expected, row.reference, row.decision_maker, row.source)


def _link(row: ActivityContract, contracts: dict[int, ContractView], prefix: str) -> LinkView:
    contract = contracts[row.contract_id]
    return LinkView(contract.reference, published_ocid(contract, prefix), contract.title, row.inferred, row.reason)


def _money(pence: int | None, basis: str | None, text: str | None, assumed: bool) -> Money | None:
    if pence is None or basis is None:
        return None
    stated = Money.from_pence(pence, Basis(basis), text or "")
    return Money(stated.amount, stated.basis, stated.text, basis_assumed=assumed)


def _interval(
    earliest: date | None, latest: date | None, precision: str | None, text: str | None
) -> DateInterval | None:
    if earliest is None or latest is None or precision is None:
        return None
    return DateInterval(earliest, latest, Precision(precision), text or "")
