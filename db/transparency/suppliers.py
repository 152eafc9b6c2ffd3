"""Matching an imported contract's supplier to the register's providers, by company number else by name.

A company number is a supplier's natural key: a row whose number is on the register names that provider
even under a new name (companies rename), and a name with no number matches ignoring case and spacing.
A file that says two things about who a supplier is (its name, company number, address, kind) is rejected
rather than letting the later line win, and so is a name that belongs to a provider with a different company
number. What may change from one contract to the next (SME or VCSE status, a charity number) is not a reason to
refuse the file: the supplier keeps what it was first said to be, each contract what its own row says, and the
import warns of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.exchange import CSV_IMPORT
from db.history import ChangeLog, snapshot
from db.ids import Ids
from db.models import ChangeKind, Provider, ProviderKind
from db.transparency.record import Supplier

__all__ = ["VARY_BY_CONTRACT", "Suppliers"]

# What a supplier may be for one contract and not another: an SME when one was let, a charity number since replaced.
VARY_BY_CONTRACT = ("sme", "vcse", "charity_number")

_LABELS = {
    "name": "name",
    "company_number": "company number",
    "address": "details",
    "sme": "SME status",
    "vcse": "VCSE status",
    "charity_number": "charity number",
    "kind": "kind",
}


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


class Suppliers:
    """The register's providers, loaded once for an import, and what this file has said about each."""

    def __init__(self, session: AsyncSession, providers: list[Provider]) -> None:
        self.session = session
        self.by_number = {p.company_number: p for p in providers if p.company_number is not None}
        self.by_name = {_key(p.name): p for p in providers}
        self.said: dict[int, dict[str, tuple[Any, int]]] = {}
        self.ids = Ids(session, Provider)
        # What rows of this file have said about a supplier, word for word, and the provider it was put on.
        self.settled: dict[tuple[str | None, str | None, tuple[tuple[str, Any], ...]], Provider] = {}

    @classmethod
    async def load(cls, session: AsyncSession) -> Suppliers:
        return cls(session, list((await session.scalars(select(Provider))).all()))

    def match(
        self, supplier: Supplier, line: int, problems: list[str], vary: Callable[[str, str], None]
    ) -> Provider | None:
        """The provider a row names, or None for a new one; conflicts are appended to ``problems``, and what
        varies by contract is told to ``vary`` (the detail's key, and how it varies)."""
        number, name = supplier.company_number, supplier.name
        provider = self.by_number.get(number) if number is not None else None
        if provider is not None and name is not None and _key(name) != _key(provider.name):
            other = self.by_name.get(_key(name))
            if other is not None:
                problems.append(
                    f'supplier "{name}" is on the register with company number {other.company_number or "none"}, '
                    f'but company number {number} is "{provider.name}"'
                )
                return None
        if provider is None and name is not None:
            provider = self.by_name.get(_key(name))
            if provider is not None and number is not None and provider.company_number not in (None, number):
                problems.append(
                    f'supplier "{name}" is on the register with company number {provider.company_number}, not {number}'
                )
                return None
        if provider is None and name is None:
            problems.append(f"company number {number} is not on the register and the row gives no supplier name")
            return None
        if provider is not None:
            self._check_consistent(provider, _claims(supplier), line, problems, vary)
        return provider

    def _values(self, supplier: Supplier, provider: Provider | None) -> dict[str, Any]:
        values: dict[str, Any] = dict(supplier.details)
        if supplier.company_number is not None:
            values["company_number"] = supplier.company_number
        # A name that differs only in case or spacing is the same supplier; keep the register's spelling.
        if supplier.name is not None and (provider is None or _key(supplier.name) != _key(provider.name)):
            values["name"] = supplier.name
        return values

    def _check_consistent(
        self,
        provider: Provider,
        claims: dict[str, Any],
        line: int,
        problems: list[str],
        vary: Callable[[str, str], None],
    ) -> None:
        said = self.said.get(id(provider), {})
        for key, value in claims.items():
            if key in said and not _same(key, said[key][0], value):
                earlier, earlier_line = said[key]
                here = f'supplier "{provider.name}" has {_LABELS[key]} {_shown(value)} here but {_shown(earlier)} '
                if key in VARY_BY_CONTRACT:
                    vary(key, f"{here}on line {earlier_line}: this contract keeps its own, the supplier the first")
                else:
                    problems.append(f"{here}on line {earlier_line}")

    async def put(
        self, supplier: Supplier, provider: Provider | None, *, line: int, log: ChangeLog, source: str
    ) -> tuple[Provider, bool]:
        """The provider brought into line with what the row says, and whether that changed or created it."""
        words = (supplier.name, supplier.company_number, tuple(supplier.details.items()))
        if provider is not None and self.settled.get(words) is provider:
            # An earlier row said exactly this about the supplier and brought it into line then (a row saying
            # otherwise is rejected by `match`), so there is nothing to compare: most rows name a known supplier.
            return provider, False
        values = self._values(supplier, provider)
        said = {} if provider is None else self.said.get(id(provider), {})
        # A detail that varies by contract stays as the supplier was first said to be; the contract keeps its own.
        values = {key: value for key, value in values.items() if key not in VARY_BY_CONTRACT or key not in said}
        if provider is None:
            values.setdefault("kind", ProviderKind.SUPPLIER.value)
            # The row's contract, and later rows naming the same supplier, hold it by its id, known before it is
            # written, so it goes in with the batch rather than in a flush of its own.
            provider = Provider(id=await self.ids.take(), **values, source=source)
            self.session.add(provider)
            log.note(provider, ChangeKind.IMPORT, origin=f"{CSV_IMPORT}: {source}")
            changed = True
        else:
            changes = {key: value for key, value in values.items() if getattr(provider, key) != value}
            changed = bool(changes)
            if changed:
                before = snapshot(provider)
                for key, value in changes.items():
                    setattr(provider, key, value)
                provider.version += 1
                provider.source = source
                log.note(provider, ChangeKind.UPDATE, before, origin=f"{CSV_IMPORT}: {source}")
        self._remember(provider, _claims(supplier), line)
        self.settled[words] = provider
        return provider, changed

    def _remember(self, provider: Provider, claims: dict[str, Any], line: int) -> None:
        self.by_name[_key(provider.name)] = provider
        if provider.company_number is not None:
            self.by_number[provider.company_number] = provider
        said = self.said.setdefault(id(provider), {})
        for key, value in claims.items():
            said.setdefault(key, (value, line))


def _claims(supplier: Supplier) -> dict[str, Any]:
    """Everything a row says about its supplier, to hold against what other rows say."""
    claims: dict[str, Any] = dict(supplier.details)
    if supplier.name is not None:
        claims["name"] = supplier.name
    if supplier.company_number is not None:
        claims["company_number"] = supplier.company_number
    return claims


def _same(key: str, earlier: Any, value: Any) -> bool:
    return _key(earlier) == _key(value) if key == "name" else bool(earlier == value)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return f'"{value}"'
