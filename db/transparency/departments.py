"""Placing an imported contract in the council's structure: the department responsible, by code or name.

A council's "Department Responsible" is free text: a directorate's code ("SCS") or name ("Strategic and
Corporate Services"), a division's name ("Infrastructure"), or both ("Strategic and Corporate Services -
Infrastructure"). Text that matches nothing is not an error: structures change (the 2012/13 directorates
are gone), files come from other councils and older years, and the contract is still worth having, so the
text is kept in the contract's `extra` under the column's name until someone places it. Directorates and
divisions are created only from the register's own export columns, where a directorate code, its natural
key, says exactly which directorate is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.exchange import CSV_IMPORT
from db.history import ChangeLog
from db.models import ChangeKind, Directorate, Division
from db.transparency.columns import normalise
from db.transparency.record import Department

__all__ = ["DEPARTMENT_KEY", "DIVISION_KEY", "Departments", "Placement"]

# The keys of `extra` that hold a department or division the register could not place.
DEPARTMENT_KEY = "Department Responsible"
DIVISION_KEY = "Division"
_SEPARATOR = re.compile(r"\s+[-\u2013:/>]\s+|:\s+")


@dataclass
class Placement:
    """Where a contract sits, and the texts it named that match nothing (None: nothing left unplaced)."""

    directorate: Directorate | None = None
    division: Division | None = None
    created: bool = False
    unplaced: dict[str, str | None] = field(default_factory=dict)


class Departments:
    """The council's directorates and divisions, loaded once for an import, matched by code or name."""

    def __init__(self, session: AsyncSession, directorates: list[Directorate], divisions: list[Division]) -> None:
        self.session = session
        self.by_code = {d.code.casefold(): d for d in directorates}
        self.by_name = {normalise(d.name): d for d in directorates}
        self.by_id = {d.id: d for d in directorates}
        self.divisions: dict[tuple[int, str], Division] = {}
        self.divisions_named: dict[str, list[Division]] = {}
        for division in divisions:
            self._add_division(division)

    @classmethod
    async def load(cls, session: AsyncSession) -> Departments:
        directorates = list((await session.scalars(select(Directorate))).all())
        divisions = list((await session.scalars(select(Division))).all())
        return cls(session, directorates, divisions)

    def _add_division(self, division: Division) -> None:
        self.divisions[(division.directorate_id, normalise(division.name))] = division
        self.divisions_named.setdefault(normalise(division.name), []).append(division)

    def _directorate(self, text: str) -> Directorate | None:
        return self.by_code.get(text.strip().casefold()) or self.by_name.get(normalise(text))

    def _only_division(self, name: str) -> Division | None:
        found = self.divisions_named.get(normalise(name), [])
        return found[0] if len(found) == 1 else None

    def _from_text(self, text: str) -> tuple[Directorate | None, Division | None]:
        """A directorate, a division named in only one directorate, or "directorate - division"."""
        if (directorate := self._directorate(text)) is not None:
            return directorate, None
        if (division := self._only_division(text)) is not None:
            return self.by_id[division.directorate_id], division
        parts = _SEPARATOR.split(text.strip(), maxsplit=1)
        if len(parts) == 2 and (directorate := self._directorate(parts[0])) is not None:
            return directorate, self.divisions.get((directorate.id, normalise(parts[1])))
        return None, None

    async def place(self, department: Department, *, log: ChangeLog, source: str) -> Placement:
        """The directorate and division a row names, creating them only from a register export's code."""
        placement = Placement()
        named_division: Division | None = None
        if department.code is not None:
            placement.directorate = self.by_code.get(department.code.casefold())
        if placement.directorate is None and department.text is not None:
            placement.directorate, named_division = self._from_text(department.text)
        if placement.directorate is None and department.code is not None and department.creates:
            placement.directorate = await self._create_directorate(department, log, source)
            placement.created = True
        if department.division is not None:
            await self._place_division(placement, department, log, source)
        else:
            placement.division = named_division
        placement.unplaced[DEPARTMENT_KEY] = department.text if placement.directorate is None else None
        unplaced_division = department.division is not None and placement.division is None
        placement.unplaced[DIVISION_KEY] = department.division if unplaced_division else None
        return placement

    async def _place_division(self, placement: Placement, department: Department, log: ChangeLog, source: str) -> None:
        name = department.division or ""
        if placement.directorate is None:
            placement.division = self._only_division(name)
            if placement.division is not None:
                placement.directorate = self.by_id[placement.division.directorate_id]
            return
        placement.division = self.divisions.get((placement.directorate.id, normalise(name)))
        if placement.division is None and department.creates:
            division = Division(directorate_id=placement.directorate.id, name=name, source=source)
            self.session.add(division)
            # Later rows of the batch may name the new division, by its id.
            await self.session.flush()
            log.note(division, ChangeKind.IMPORT, origin=f"{CSV_IMPORT}: {source}")
            self._add_division(division)
            placement.division, placement.created = division, True

    async def _create_directorate(self, department: Department, log: ChangeLog, source: str) -> Directorate:
        code = department.code or ""
        directorate = Directorate(code=code, name=department.text or code, source=source)
        self.session.add(directorate)
        await self.session.flush()
        log.note(directorate, ChangeKind.IMPORT, origin=f"{CSV_IMPORT}: {source}")
        self.by_code[code.casefold()] = directorate
        self.by_name.setdefault(normalise(directorate.name), directorate)
        self.by_id[directorate.id] = directorate
        return directorate
