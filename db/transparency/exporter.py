"""Writing the contracts register as a Transparency Code CSV, every contract, the Code's columns first.

The Code asks for contracts over £5,000. The export writes every contract on the register and says in
"Over Code Threshold" whether it is over (Yes, No, or Unknown when the register holds no value), because
most of the register's contracts come from business plans that state no value: filtering them out would
drop contracts that are plainly over the threshold, and break the round trip to a fresh register. A
publisher keeps the rows that say Yes. Retired contracts are no longer on the register and are left out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.intervals import DateInterval, Precision
from db.models import Contract, Directorate, Division, ProcurementRoute, Provider
from db.money import Basis
from db.transparency.columns import COLUMNS, EXPORT_HEADERS, INTERVAL_FIELDS, Field
from db.transparency.dates import representative_day
from db.transparency.departments import DEPARTMENT_KEY, DIVISION_KEY
from db.transparency.vocabulary import BASIS_LABELS, ROUTE_LABELS, format_day, format_flag, format_pounds

__all__ = ["THRESHOLD_PENCE", "export_transparency_csv", "threshold", "transparency_csv_lines"]

THRESHOLD_PENCE = 5_000_00
_FIELDS = tuple(column.field for column in COLUMNS if column.header is not None)


def threshold(contract: Contract) -> str:
    """Whether a contract is over the Code's £5,000: on its whole-life value where the register knows it,
    else on the stated yearly or quarterly amount, which the whole contract can only exceed."""
    if contract.total_value_pence is not None:
        return "Yes" if contract.total_value_pence > THRESHOLD_PENCE else "No"
    if contract.value_pence is not None and contract.value_pence > THRESHOLD_PENCE:
        return "Yes"
    return "Unknown"


async def export_transparency_csv(session: AsyncSession, out: TextIO) -> int:
    """Write every contract on the register to ``out`` as CSV, in reference order; returns how many."""
    count = -1  # the first line is the header
    async for line in transparency_csv_lines(session):
        out.write(line)
        count += 1
    return count


async def transparency_csv_lines(session: AsyncSession) -> AsyncIterator[str]:
    """The CSV a line at a time (the header, then every contract in reference order), read as it streams."""
    line = io.StringIO()
    writer = csv.writer(line)
    writer.writerow(EXPORT_HEADERS)
    query = (
        select(Contract, Provider, Directorate, Division)
        .outerjoin(Provider, Contract.provider_id == Provider.id)
        .outerjoin(Directorate, Contract.directorate_id == Directorate.id)
        .outerjoin(Division, Contract.division_id == Division.id)
        .where(Contract.retired_at.is_(None))
        .order_by(Contract.reference, Contract.id)
        .execution_options(yield_per=500)
    )
    yield _taken(line)
    async for contract, provider, directorate, division in await session.stream(query):
        cells = contract_cells(contract, provider, directorate, division)
        writer.writerow([cells.get(field, "") for field in _FIELDS])
        yield _taken(line)


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def contract_cells(
    contract: Contract, provider: Provider | None, directorate: Directorate | None, division: Division | None
) -> dict[Field, str]:
    """One contract's row, by field: exact pounds, days as DD/MM/YYYY, and the register's own fields."""
    extra = contract.extra or {}
    cells: dict[Field, str] = {
        Field.REFERENCE: contract.reference,
        Field.TITLE: contract.title,
        Field.DEPARTMENT: directorate.name if directorate is not None else str(extra.get(DEPARTMENT_KEY, "")),
        Field.DESCRIPTION: contract.description or "",
        Field.VALUE: format_pounds(contract.value_pence),
        Field.VALUE_BASIS: BASIS_LABELS[Basis(contract.value_basis)] if contract.value_basis else "",
        Field.VAT: format_pounds(contract.vat_irrecoverable_pence),
        Field.ROUTE: ROUTE_LABELS[ProcurementRoute(contract.procurement_route)] if contract.procurement_route else "",
        Field.THRESHOLD: threshold(contract),
        Field.STATUS: contract.status,
        Field.DIRECTORATE_CODE: directorate.code if directorate is not None else "",
        Field.DIVISION: division.name if division is not None else str(extra.get(DIVISION_KEY, "")),
        Field.VALUE_TEXT: contract.value_text or "",
        Field.TERM: "" if contract.term_months is None else str(contract.term_months),
        Field.ANNUAL_VALUE: format_pounds(contract.annual_value_pence),
        Field.TOTAL_VALUE: format_pounds(contract.total_value_pence),
        Field.EXTENSION_OPTIONS: contract.extension_options or "",
        Field.OCID: contract.ocid or "",
        Field.EXTRA: json.dumps(extra, sort_keys=True, ensure_ascii=False) if extra else "",
    }
    if provider is not None:
        cells.update(_supplier_cells(provider, contract))
    for field in INTERVAL_FIELDS:
        cells.update(_interval_cells(field, _interval(contract, field.value)))
    return cells


def _supplier_cells(provider: Provider, contract: Contract) -> dict[Field, str]:
    """The supplier's columns; SME, VCSE and charity number as the contract's own source said, where it differs."""
    sme = provider.sme if contract.supplier_sme is None else contract.supplier_sme
    vcse = provider.vcse if contract.supplier_vcse is None else contract.supplier_vcse
    return {
        Field.SUPPLIER_NAME: provider.name,
        Field.SUPPLIER_DETAILS: provider.address or "",
        Field.COMPANY_NUMBER: provider.company_number or "",
        Field.SME: format_flag(sme),
        Field.VCSE: format_flag(vcse),
        Field.CHARITY_NUMBER: contract.supplier_charity_number or provider.charity_number or "",
        Field.SUPPLIER_KIND: provider.kind,
    }


def _interval(contract: Contract, prefix: str) -> DateInterval | None:
    earliest, latest = getattr(contract, f"{prefix}_earliest"), getattr(contract, f"{prefix}_latest")
    precision, text = getattr(contract, f"{prefix}_precision"), getattr(contract, f"{prefix}_text")
    if earliest is None or latest is None or precision is None:
        return None
    return DateInterval(earliest, latest, Precision(precision), text or "")


def _interval_cells(field: Field, interval: DateInterval | None) -> dict[Field, str]:
    if interval is None:
        return {}
    return {
        field: format_day(representative_day(field, interval)),
        Field(f"{field.value}_earliest"): interval.earliest.isoformat(),
        Field(f"{field.value}_latest"): interval.latest.isoformat(),
        Field(f"{field.value}_precision"): interval.precision.value,
        Field(f"{field.value}_text"): interval.text,
    }
