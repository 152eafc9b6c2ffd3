"""Bringing the register into line with imported processes: each record upserted by its natural key.

Contracts by reference (or, for a process first imported at tender and now awarded, by its ocid); providers
by Companies House number, else name; directorates by code, divisions by directorate and name; activities by
directorate and name, their key decisions by activity, their links by activity and contract. A record is
created when new, updated (version up by one) when a value differs, and left alone otherwise, and every
write is recorded with the actor, so importing the same file twice writes nothing the second time.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base, Recorded
from db.exchange import OCDS_IMPORT
from db.history import ChangeLog, snapshot
from db.models import (
    ActivityContract,
    ChangeKind,
    CommissioningActivity,
    Contract,
    Directorate,
    Division,
    KeyDecision,
    Provider,
    ProviderKind,
)
from db.ocds.views import DirectorateView, ProviderView

__all__ = ["Outcome", "RegisterWriter"]

M = TypeVar("M", bound=Base)


class Outcome(enum.StrEnum):
    """What an import did to one record."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def _index(rows: list[M], *keys: str) -> dict[Hashable, M]:
    found: dict[Hashable, M] = {}
    for row in rows:
        key = tuple(getattr(row, name) for name in keys)
        if None not in key:
            found[key if len(key) > 1 else key[0]] = row
    return found


def _origin(log: ChangeLog, values: dict[str, Any]) -> str | None:
    """The package and the process a record's values came from, where they say (their `source`)."""
    source = values.get("source")
    return f"{OCDS_IMPORT}: {source}" if isinstance(source, str) else log.origin


class RegisterWriter:
    """The register's rows by their natural keys, loaded once per import, and the one way to change them."""

    def __init__(self, session: AsyncSession, log: ChangeLog, rows: dict[type[Base], list[Any]]) -> None:
        self.session = session
        self.log = log
        self.contracts: dict[Hashable, Contract] = _index(rows[Contract], "reference")
        self.contracts_by_ocid: dict[Hashable, Contract] = _index(rows[Contract], "ocid")
        self.providers: dict[Hashable, Provider] = _index(rows[Provider], "name")
        self.providers_by_number: dict[Hashable, Provider] = _index(rows[Provider], "company_number")
        self.directorates: dict[Hashable, Directorate] = _index(rows[Directorate], "code")
        self.divisions: dict[Hashable, Division] = _index(rows[Division], "directorate_id", "name")
        self.activities: dict[Hashable, CommissioningActivity] = _index(
            rows[CommissioningActivity], "directorate_id", "name"
        )
        self.decisions: dict[Hashable, KeyDecision] = _index(rows[KeyDecision], "activity_id")
        self.decisions_by_reference: dict[Hashable, KeyDecision] = _index(rows[KeyDecision], "reference")
        self.links: dict[Hashable, ActivityContract] = _index(rows[ActivityContract], "activity_id", "contract_id")

    @classmethod
    async def load(cls, session: AsyncSession, *, actor: str, source_name: str) -> RegisterWriter:
        models: list[type[Base]] = [
            Contract,
            Provider,
            Directorate,
            Division,
            CommissioningActivity,
            KeyDecision,
            ActivityContract,
        ]
        log = ChangeLog(actor, origin=f"{OCDS_IMPORT}: {source_name}")
        return cls(session, log, {model: list(await session.scalars(select(model))) for model in models})

    async def put(self, model: type[M], row: M | None, values: dict[str, Any]) -> tuple[M, Outcome]:
        """Create the row, or change the values that differ (version up by one), recording the change."""
        if row is None:
            created = model(**values)
            self.session.add(created)
            # The records that follow hold this one by its id (a key decision its activity, a link both).
            await self.session.flush()
            self.log.note(created, ChangeKind.IMPORT, origin=_origin(self.log, values))
            return created, Outcome.CREATED
        changes = {name: value for name, value in values.items() if getattr(row, name) != value}
        if not changes:
            return row, Outcome.UNCHANGED
        before = snapshot(row)
        for name, value in changes.items():
            setattr(row, name, value)
        if isinstance(row, Recorded):
            row.version += 1
        self.log.note(row, ChangeKind.UPDATE, before, origin=_origin(self.log, values))
        return row, Outcome.UPDATED

    async def directorate(self, view: DirectorateView, source: str | None) -> tuple[Directorate, bool]:
        """The directorate with this code, created (with its name) when the register lacks it."""
        found = self.directorates.get(view.code)
        if found is not None:
            return found, False
        values = {"code": view.code, "name": view.name, "source": source}
        created, _ = await self.put(Directorate, None, values)
        self.directorates[view.code] = created
        return created, True

    async def division(self, directorate: Directorate, name: str, source: str | None) -> tuple[Division, bool]:
        """The directorate's division of this name, created when the register lacks it."""
        found = self.divisions.get((directorate.id, name))
        if found is not None:
            return found, False
        values = {"directorate_id": directorate.id, "name": name, "source": source}
        created, _ = await self.put(Division, None, values)
        self.divisions[(directorate.id, name)] = created
        return created, True

    def match_provider(self, view: ProviderView, problems: list[str]) -> Provider | None:
        """The provider a supplier is on the register, by company number, else name; a contradiction is a problem."""
        by_number = None if view.company_number is None else self.providers_by_number.get(view.company_number)
        by_name = self.providers.get(view.name)
        if by_number is not None and by_name is not None and by_number is not by_name and view.details is not None:
            problems.append(
                f"the supplier {view.name!r} has company number {view.company_number}, "
                f"which the register gives to {by_number.name!r}"
            )
        found = by_number or by_name
        if found is not None and found.company_number and view.company_number not in (None, found.company_number):
            problems.append(
                f"the supplier {view.name!r} has company number {found.company_number} on the register, "
                f"not {view.company_number}"
            )
        return found

    async def provider(self, view: ProviderView, found: Provider | None, source: str | None) -> tuple[Provider, bool]:
        """Create or update the provider: all its fields from the register's own release, else only those stated."""
        values: dict[str, Any]
        if view.details is not None:
            details = view.details
            values = {
                "name": view.name,
                "kind": details.kind.value,
                "company_number": view.company_number,
                "charity_number": view.charity_number,
                "address": view.address,
                "sme": details.sme,
                "vcse": details.vcse,
                "description": details.description,
                "source": details.source,
            }
        else:
            values = (
                {} if found is not None else {"name": view.name, "kind": ProviderKind.SUPPLIER.value, "source": source}
            )
            if view.company_number is not None:
                values["company_number"] = view.company_number
            if view.charity_number is not None:
                values["charity_number"] = view.charity_number
        old_name = None if found is None else found.name
        row, outcome = await self.put(Provider, found, values)
        if old_name is not None and old_name != row.name:
            self.providers.pop(old_name, None)
        self.providers[row.name] = row
        if row.company_number is not None:
            self.providers_by_number[row.company_number] = row
        return row, outcome is not Outcome.UNCHANGED
