"""Bringing the register into line with one imported row: its department, its supplier, then its contract.

A contract is created when its reference is new, updated (version up by one, the change recorded with the
actor) when a value the file carries differs, and left alone otherwise, so importing the same file again
writes nothing. The derived yearly and whole-life values are computed as the seed loader computes them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from functools import partial
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.bulk import complete, insert_rows
from db.exchange import CSV_IMPORT, NoticeKind
from db.history import ChangeLog, snapshot
from db.ids import Ids
from db.models import ChangeKind, Contract, ContractStatus, Provider
from db.money import Basis, Money, term_months
from db.seed.columns import money_columns
from db.transparency.columns import Field
from db.transparency.departments import Departments
from db.transparency.reader import Layout
from db.transparency.record import ContractRecord
from db.transparency.suppliers import Suppliers
from db.transparency.vocabulary import remembered

__all__ = ["Outcome", "Writer"]

# The columns that state each detail of a supplier that may vary by contract.
_STATED = {
    "sme": (Field.SME, Field.SME_VCSE),
    "vcse": (Field.VCSE, Field.SME_VCSE),
    "charity_number": (Field.CHARITY_NUMBER,),
}


class Outcome(enum.StrEnum):
    """What importing a row did to the register."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class Writer:
    """The register as one import sees it: its structure and suppliers, and the references already read."""

    def __init__(self, session: AsyncSession, layout: Layout, departments: Departments, suppliers: Suppliers) -> None:
        self.session = session
        self.layout = layout
        self.departments = departments
        self.suppliers = suppliers
        self.reference_lines: dict[str, int] = {}
        self.ocid_lines: dict[str, int] = {}
        self.today = date.today()
        self.ids = Ids(session, Contract)
        # New contracts are rows, not records: building and flushing an ORM object cost more than the rest of
        # a row's import, and nothing reads them back before the import ends.
        self.created: list[dict[str, Any]] = []

    @classmethod
    async def load(cls, session: AsyncSession, layout: Layout) -> Writer:
        return cls(session, layout, await Departments.load(session), await Suppliers.load(session))

    async def write(self, log: ChangeLog) -> None:
        """Write what the rows put since the last write: the suppliers, departments and updated contracts the
        session holds, then the new contracts (which point at them) in one statement, then their history."""
        await self.session.flush()
        await insert_rows(self.session, Contract, self.created)
        self.created = []
        await log.write(self.session)

    async def contracts(self, records: list[ContractRecord]) -> dict[str, Contract]:
        """The contracts a batch of rows names, by reference, in one query."""
        references = [r.reference for r in records if r.reference]
        if not references:
            return {}
        found = await self.session.scalars(select(Contract).where(Contract.reference.in_(references)))
        return {contract.reference: contract for contract in found}

    async def ocid_owners(self, records: list[ContractRecord]) -> dict[str, str]:
        """The reference of the contract that holds each OCID a batch of rows gives."""
        ocids = [ocid for r in records if isinstance(ocid := r.values.get("ocid"), str)]
        if not ocids:
            return {}
        rows = await self.session.execute(select(Contract.ocid, Contract.reference).where(Contract.ocid.in_(ocids)))
        return {ocid: reference for ocid, reference in rows if ocid is not None}

    def check(
        self, record: ContractRecord, contract: Contract | None, owners: dict[str, str], problems: list[str]
    ) -> Provider | None:
        """The row's supplier on the register, if any; what makes the row unacceptable goes in ``problems``."""
        if record.reference:
            if (first := self.reference_lines.setdefault(record.reference, record.line)) != record.line:
                problems.append(f'repeats the reference "{record.reference}" of line {first}')
        ocid = record.values.get("ocid")
        if isinstance(ocid, str):
            if (first := self.ocid_lines.setdefault(ocid, record.line)) != record.line:
                problems.append(f'repeats the OCID "{ocid}" of line {first}')
            elif owners.get(ocid, record.reference) != record.reference:
                problems.append(f'OCID "{ocid}" belongs to contract "{owners[ocid]}"')
        if contract is None and record.reference and not self.layout.has(Field.TITLE):
            problems.append(
                f'"{record.reference}" is a new contract, which needs a title, and the file has no title column'
            )
        if record.supplier is None:
            return None
        return self.suppliers.match(record.supplier, record.line, problems, partial(self._vary, record))

    def _vary(self, record: ContractRecord, key: str, reason: str) -> None:
        column = next(self.layout.headers[self.layout.fields[f]].strip() for f in _STATED[key] if self.layout.has(f))
        record.warn(NoticeKind.SUPPLIER_DETAILS_VARY, column, reason)

    async def put(
        self, record: ContractRecord, contract: Contract | None, found: Provider | None, *, log: ChangeLog, source: str
    ) -> Outcome:
        """Create, update or leave the row's contract (and its supplier and department) as the row says."""
        values = dict(record.values)
        touched = False
        if record.department is not None:
            placement = await self.departments.place(record.department, log=log, source=source)
            values["directorate_id"] = None if placement.directorate is None else placement.directorate.id
            values["division_id"] = None if placement.division is None else placement.division.id
            touched = placement.created
            unplaced = placement.unplaced
        else:
            unplaced = {}
        if record.supplier_carried:
            provider = None
            if record.supplier is not None:
                provider, changed = await self.suppliers.put(
                    record.supplier, found, line=record.line, log=log, source=source
                )
                touched = touched or changed
            values["provider_id"] = None if provider is None else provider.id
            values.update(self._supplier_as_stated(record, provider))
        values.update(self._value_columns(record, contract, values))
        values["extra"] = self._extra(record, contract, unplaced)
        status = record.status or (None if contract is None else ContractStatus(contract.status))
        values["status"] = (status or self._status(values)).value
        if contract is None:
            row = complete(
                Contract, {"id": await self.ids.take(), "reference": record.reference, **values, "source": source}
            )
            self.created.append(row)
            log.note_created(Contract, row, ChangeKind.IMPORT, origin=f"{CSV_IMPORT}: {source}")
            return Outcome.CREATED
        changes = {key: value for key, value in values.items() if getattr(contract, key) != value}
        if not changes:
            return Outcome.UPDATED if touched else Outcome.UNCHANGED
        before = snapshot(contract)
        for key, value in changes.items():
            setattr(contract, key, value)
        contract.version += 1
        contract.source = source
        log.note(contract, ChangeKind.UPDATE, before, origin=f"{CSV_IMPORT}: {source}")
        return Outcome.UPDATED

    def _supplier_as_stated(self, record: ContractRecord, provider: Provider | None) -> dict[str, Any]:
        """What the row says of its supplier where that differs from the supplier's record; null where it agrees."""
        details = {} if record.supplier is None else record.supplier.details
        stated = {}
        for key, fields in _STATED.items():
            if self.layout.has(*fields):
                value = details.get(key)
                differs = provider is not None and value is not None and value != getattr(provider, key)
                stated[f"supplier_{key}"] = value if differs else None
        return stated

    def _value_columns(
        self, record: ContractRecord, contract: Contract | None, values: dict[str, Any]
    ) -> Mapping[str, Any]:
        """The value, its term and the derived yearly and whole-life values, as the seed loader writes them."""
        term = self._term(record, contract, values)
        if record.money_carried or contract is None:
            money = record.money
            return _value_columns(money, None if money is None else money.basis_assumed, term)
        if contract.value_pence is None or contract.value_basis is None:
            return money_columns("value", None, term)
        stored = Money.from_pence(contract.value_pence, Basis(contract.value_basis), contract.value_text or "")
        return {
            **money_columns("value", stored, term),
            "value_text": contract.value_text,
            "value_basis_assumed": contract.value_basis_assumed,
        }

    def _term(self, record: ContractRecord, contract: Contract | None, values: dict[str, Any]) -> int | None:
        """The file's term; else the register's; else the whole months from a start day to an end day."""
        if record.term_carried:
            return record.term
        if contract is not None and contract.term_months is not None:
            return contract.term_months
        days = [_day(values, contract, side) for side in ("start", "end")]
        if days[0] is None or days[1] is None or days[1] < days[0]:
            return None
        return term_months(days[0], days[1]) or None

    def _extra(
        self, record: ContractRecord, contract: Contract | None, unplaced: dict[str, str | None]
    ) -> dict[str, Any] | None:
        """The record's other fields: the export's JSON column (else what the register holds), then this file's
        columns the register does not map, and the department text it could not place."""
        extra: dict[str, Any]
        if record.extra_base is not None:
            extra = dict(record.extra_base)
        else:
            extra = dict(contract.extra or {}) if contract is not None else {}
        for header, cell in record.extra_cells.items():
            if cell:
                extra[header] = cell
            else:
                extra.pop(header, None)
        for key, text in unplaced.items():
            if text is not None:
                extra[key] = text
            elif record.extra_base is None:
                extra.pop(key, None)
        return extra or None

    def _status(self, values: dict[str, Any]) -> ContractStatus:
        """A new contract's status from its dates, when the file does not say one."""
        end, start = values.get("end_latest"), values.get("start_earliest")
        if isinstance(end, date) and end < self.today:
            return ContractStatus.EXPIRED
        if isinstance(start, date) and start > self.today:
            return ContractStatus.PLANNED
        return ContractStatus.ACTIVE


@remembered
def _value_columns(money: Money | None, _assumed: bool | None, term: int | None) -> Mapping[str, object]:
    """A stated value's columns, worked out once for each value and term a file repeats (read only: rows share it).

    Whether the basis was assumed is part of the key because Money compares equal without it."""
    return MappingProxyType(money_columns("value", money, term))


def _day(values: dict[str, Any], contract: Contract | None, side: str) -> date | None:
    """A start or end stated to the day, from the row or else the register."""
    if f"{side}_precision" in values:
        precision, day = values[f"{side}_precision"], values[f"{side}_earliest"]
    elif contract is not None:
        precision, day = getattr(contract, f"{side}_precision"), getattr(contract, f"{side}_earliest")
    else:
        return None
    return day if precision == "DAY" and isinstance(day, date) else None
