"""The register's rows by natural key, and the upsert that brings each one into line with the papers.

A row is created when its natural key is new, updated (version up by one) when a value differs, and left
alone otherwise, so seeding an up-to-date register writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base, Recorded
from db.history import ChangeLog, snapshot
from db.intervals import FinancialYear
from db.models import (
    ActivityContract,
    BusinessPlan,
    ChangeKind,
    CommissioningActivity,
    Contract,
    Directorate,
    Division,
    KeyDecision,
    PlanPriority,
    PlanReference,
    Provider,
    Service,
    TradedCompany,
    TradedCompanyCommissioner,
    service_contract,
)
from db.models.plans import PlanSubject
from db.seed.entries import Entry
from db.seed.report import SeedReport, TableCounts

__all__ = ["SUBJECT_COLUMNS", "Paper", "Rows", "Store", "Subject", "link_services"]

M = TypeVar("M", bound=Base)
Key = tuple[Hashable, ...]

# The records a plan can reference.
Subject = Contract | CommissioningActivity | Provider | Service | TradedCompany

# The column of plan_reference that holds each kind of subject.
SUBJECT_COLUMNS = {
    PlanSubject.CONTRACT: "contract_id",
    PlanSubject.COMMISSIONING_ACTIVITY: "activity_id",
    PlanSubject.PROVIDER: "provider_id",
    PlanSubject.TRADED_COMPANY: "traded_company_id",
    PlanSubject.SERVICE: "service_id",
}


class Rows(Generic[M]):
    """Every row of one table, by natural key, loaded once; `put` creates, updates or leaves each."""

    def __init__(self, session: AsyncSession, model: type[M], counts: TableCounts, log: ChangeLog) -> None:
        self.session = session
        self.model = model
        self.counts = counts
        self.log = log
        self.by_key: dict[Key, M] = {}
        self.written: set[Key] = set()

    @classmethod
    async def load(
        cls,
        session: AsyncSession,
        model: type[M],
        key: Callable[[M], Key],
        report: SeedReport,
        log: ChangeLog,
    ) -> Rows[M]:
        rows = cls(session, model, report.table(str(model.__tablename__)), log)
        for row in (await session.scalars(select(model))).all():
            rows.by_key[key(row)] = row
        return rows

    def get(self, key: Key) -> M | None:
        return self.by_key.get(key)

    def put(self, entry: Entry, key: Key, values: Mapping[str, object]) -> M:
        """The row with this natural key, holding ``values``: created, updated or unchanged.

        A natural key written twice in one run is an error in the seed files, not a second update.
        """
        if key in self.written:
            raise entry.error(f"repeats the {self.model.__tablename__} {key!r} of an earlier record")
        self.written.add(key)
        row = self.by_key.get(key)
        if row is None:
            row = self.model(**values)
            self.session.add(row)
            self.by_key[key] = row
            self.counts.created += 1
            self._note(entry, row, ChangeKind.SEED, None)
            return row
        changed = {name: value for name, value in values.items() if getattr(row, name) != value}
        if not changed:
            self.counts.unchanged += 1
            return row
        before = snapshot(row)
        for name, value in changed.items():
            setattr(row, name, value)
        if isinstance(row, Recorded):
            row.version += 1
        self.counts.updated += 1
        self._note(entry, row, ChangeKind.UPDATE, before)
        return row

    def _note(self, entry: Entry, row: M, kind: ChangeKind, before: dict[str, object] | None) -> None:
        """Keep the change in the history of a record people can see and edit, naming the seed file and paper."""
        if isinstance(row, Recorded):
            paper = f", transcribed from {row.source}" if row.source else ""
            self.log.note(row, kind, before, origin=f"Seed file {entry.where}{paper}")


async def link_services(session: AsyncSession, pairs: Iterable[tuple[int, int]], report: SeedReport) -> None:
    """Add the (service id, contract id) links of service_contract that are not there yet."""
    counts = report.table(service_contract.name)
    wanted = list(dict.fromkeys(pairs))
    result = await session.execute(select(service_contract.c.service_id, service_contract.c.contract_id))
    existing = {(service_id, contract_id) for service_id, contract_id in result}
    new = [pair for pair in wanted if pair not in existing]
    counts.unchanged += len(wanted) - len(new)
    counts.created += len(new)
    if new:
        await session.execute(insert(service_contract), [{"service_id": s, "contract_id": c} for s, c in new])


def _commissioner_key(row: TradedCompanyCommissioner) -> Key:
    return (row.traded_company_id, row.division_id)


def _reference_key(row: PlanReference) -> Key:
    kind = PlanSubject(row.subject_kind)
    return (row.plan_id, row.section, kind.value, getattr(row, SUBJECT_COLUMNS[kind]))


@dataclass
class Paper:
    """One seed file being loaded: its plan, which its references come from, and what they reference."""

    entry: Entry
    plan: BusinessPlan | None = None
    plan_year: FinancialYear | None = None
    paper: str | None = None
    subjects: list[tuple[PlanSubject, Subject, Entry]] = field(default_factory=list)

    def refer(self, kind: PlanSubject, row: Subject, entry: Entry) -> None:
        """Note a record whose `plan_reference` tables are references from this file's plan."""
        self.subjects.append((kind, row, entry))


@dataclass
class Store:
    """The rows of every table the seed writes, and lookups by the names the seed files use."""

    session: AsyncSession
    report: SeedReport
    log: ChangeLog
    directorates: Rows[Directorate]
    divisions: Rows[Division]
    plans: Rows[BusinessPlan]
    priorities: Rows[PlanPriority]
    providers: Rows[Provider]
    companies: Rows[TradedCompany]
    commissioners: Rows[TradedCompanyCommissioner]
    contracts: Rows[Contract]
    activities: Rows[CommissioningActivity]
    decisions: Rows[KeyDecision]
    activity_links: Rows[ActivityContract]
    services: Rows[Service]
    references: Rows[PlanReference]

    @classmethod
    async def load(cls, session: AsyncSession, report: SeedReport, *, actor: str) -> Store:
        log = ChangeLog(actor)

        async def rows(model: type[M], key: Callable[[M], Key]) -> Rows[M]:
            return await Rows.load(session, model, key, report, log)

        return cls(
            session,
            report,
            log,
            directorates=await rows(Directorate, lambda r: (r.code,)),
            divisions=await rows(Division, lambda r: (r.directorate_id, r.name)),
            plans=await rows(BusinessPlan, lambda r: (r.directorate_id, r.title, r.financial_year)),
            priorities=await rows(PlanPriority, lambda r: (r.plan_id, r.position)),
            providers=await rows(Provider, lambda r: (r.name,)),
            companies=await rows(TradedCompany, lambda r: (r.name,)),
            commissioners=await rows(TradedCompanyCommissioner, _commissioner_key),
            contracts=await rows(Contract, lambda r: (r.reference,)),
            activities=await rows(CommissioningActivity, lambda r: (r.directorate_id, r.name)),
            decisions=await rows(KeyDecision, lambda r: (r.activity_id,)),
            activity_links=await rows(ActivityContract, lambda r: (r.activity_id, r.contract_id)),
            services=await rows(Service, lambda r: (r.division_id, r.traded_company_id, r.name)),
            references=await rows(PlanReference, _reference_key),
        )

    async def flush(self) -> None:
        """Write what is pending, so new rows have the ids their children's natural keys need, and their history."""
        await self.session.flush()
        await self.log.write(self.session)

    def directorate_id(self, entry: Entry, key: str = "directorate") -> int:
        return _found(entry, self.directorates.get((entry.text(key),)), f"directorate {entry.text(key)!r}").id

    def division_id(self, entry: Entry, key: str = "division") -> int:
        name = entry.text(key)
        division = self.divisions.get((self.directorate_id(entry), name))
        return _found(entry, division, f"division {name!r} of {entry.text('directorate')!r}").id

    def optional_division_id(self, entry: Entry) -> int | None:
        return None if entry.optional("division") is None else self.division_id(entry)

    def provider_id(self, entry: Entry) -> int | None:
        name = entry.optional("provider")
        return None if name is None else _found(entry, self.providers.get((name,)), f"provider {name!r}").id

    def company(self, entry: Entry) -> TradedCompany | None:
        name = entry.optional("traded_company")
        return None if name is None else _found(entry, self.companies.get((name,)), f"company {name!r}")

    def contract(self, entry: Entry, reference: str) -> Contract:
        return _found(entry, self.contracts.get((reference,)), f"contract {reference!r}")


def _found(entry: Entry, row: M | None, what: str) -> M:
    if row is None:
        raise entry.error(f"names {what}, which is not in the seed files")
    return row
