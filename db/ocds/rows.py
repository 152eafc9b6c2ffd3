"""The register's contracts and activities as views, for the export: a few queries, whatever the size."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.intervals import DateInterval, Precision
from db.models import (
    ActivityContract,
    CommissioningActivity,
    Contract,
    ContractStatus,
    Directorate,
    Division,
    KeyDecision,
    ProcurementRoute,
    Provider,
    ProviderKind,
)
from db.money import Basis, Money
from db.ocds.contract_release import published_ocid
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

__all__ = ["activity_views", "contract_views"]


async def contract_views(session: AsyncSession) -> dict[int, ContractView]:
    """Every current (not retired) contract, by id, with its supplier and place in the council."""
    directorates = {row.id: row for row in await session.scalars(select(Directorate))}
    divisions = {row.id: row for row in await session.scalars(select(Division))}
    query = select(Contract).where(Contract.retired_at.is_(None)).options(selectinload(Contract.provider))
    views = {}
    for row in await session.scalars(query):
        directorate = None if row.directorate_id is None else directorates[row.directorate_id]
        ids, unmapped, rest = split_extra(row.extra)
        views[row.id] = ContractView(
            reference=row.reference,
            title=row.title,
            status=ContractStatus(row.status),
            description=row.description,
            provider=None if row.provider is None else _provider(row.provider),
            directorate=None if directorate is None else DirectorateView(directorate.code, directorate.name),
            division=None if row.division_id is None else divisions[row.division_id].name,
            value=_money(row.value_pence, row.value_basis, row.value_text),
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
            ocid=row.ocid,
            ids=ids,
            unmapped=unmapped,
            extra=rest,
        )
    return views


async def activity_views(session: AsyncSession, contracts: dict[int, ContractView], prefix: str) -> list[ActivityView]:
    """Every current activity with its key decision and the current contracts it is linked to."""
    directorates = {row.id: row for row in await session.scalars(select(Directorate))}
    divisions = {row.id: row for row in await session.scalars(select(Division))}
    query = (
        select(CommissioningActivity)
        .where(CommissioningActivity.retired_at.is_(None))
        .options(selectinload(CommissioningActivity.key_decision), selectinload(CommissioningActivity.contract_links))
    )
    views = []
    for row in await session.scalars(query):
        directorate = directorates[row.directorate_id]
        decision = row.key_decision
        views.append(
            ActivityView(
                directorate=DirectorateView(directorate.code, directorate.name),
                name=row.name,
                division=None if row.division_id is None else divisions[row.division_id].name,
                description=row.description,
                lead_service=row.lead_service,
                expected_value=_money(row.expected_value_pence, row.expected_value_basis, row.expected_value_text),
                term_months=row.term_months,
                consultation_required=row.consultation_required,
                significance_reason=row.significance_reason,
                significance_note=row.significance_note,
                source=row.source,
                key_decision=None if decision is None or decision.retired_at is not None else _decision(decision),
                links=tuple(
                    _link(link, contracts, prefix) for link in row.contract_links if link.contract_id in contracts
                ),
            )
        )
    return views


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


def _money(pence: int | None, basis: str | None, text: str | None) -> Money | None:
    if pence is None or basis is None:
        return None
    return Money.from_pence(pence, Basis(basis), text or "")


def _interval(
    earliest: date | None, latest: date | None, precision: str | None, text: str | None
) -> DateInterval | None:
    if earliest is None or latest is None or precision is None:
        return None
    return DateInterval(earliest, latest, Precision(precision), text or "")
