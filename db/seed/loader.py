"""Seeding the register from the transcribed papers: one upsert per record, by natural key.

`seed_register` reads every seed file (see `entries.SEED_FILES`), parses the printed text into dates and
amounts, and creates or updates rows by their natural keys. Running it again changes nothing. It never
commits: the caller does, so a seed that fails part-way can be rolled back whole.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import BusinessPlan, PlanStatus
from db.seed.columns import interval_columns
from db.seed.commissioning import seed_activities, seed_contracts, seed_providers, seed_services
from db.seed.entries import SEED_FILES, Entry, read_seed_file
from db.seed.report import SeedReport
from db.seed.store import SUBJECT_COLUMNS, Paper, Store

__all__ = ["SEED_ACTOR", "is_seeded", "seed_register"]

# Who the history says seeded a record: the papers' transcription, loaded by the register's own command.
SEED_ACTOR = "register seed"


async def seed_register(session: AsyncSession, *, actor: str = SEED_ACTOR) -> SeedReport:
    """Bring the register into line with the papers, creating or updating rows by natural key.

    Each record created gets a first change of kind SEED naming its seed file and paper, and each record
    updated an UPDATE, under `actor`. Returns what was created, updated and unchanged per table. Does not commit.
    """
    report = SeedReport()
    store = await Store.load(session, report, actor=actor)
    for name in SEED_FILES:
        await _seed_paper(store, Paper(read_seed_file(name)))
    await store.flush()
    return report


async def is_seeded(session: AsyncSession) -> bool:
    """Whether the register already holds a plan, so `register seed --if-empty` can leave it alone."""
    return (await session.scalar(select(BusinessPlan.id).limit(1))) is not None


async def _seed_paper(store: Store, paper: Paper) -> None:
    for entry in paper.entry.entries("directorate"):
        _directorate(store, entry)
    await store.flush()
    for entry in paper.entry.entries("division"):
        _division(store, entry)
    await store.flush()
    await _plans(store, paper)
    await seed_providers(store, paper)
    await seed_contracts(store, paper)
    await seed_activities(store, paper)
    await seed_services(store, paper)
    _references(store, paper)


def _directorate(store: Store, entry: Entry) -> None:
    values = {
        "code": entry.text("code"),
        "name": entry.text("name"),
        "corporate_director": entry.optional("corporate_director"),
        "source": entry.text("source"),
    }
    store.directorates.put(entry, (entry.text("code"),), values)


def _division(store: Store, entry: Entry) -> None:
    directorate_id = store.directorate_id(entry)
    values = {
        "directorate_id": directorate_id,
        "name": entry.text("name"),
        "director": entry.optional("director"),
        "director_title": entry.optional("director_title"),
        "responsibilities": entry.optional("responsibilities"),
        "source": entry.text("source"),
    }
    store.divisions.put(entry, (directorate_id, entry.text("name")), values)


async def _plans(store: Store, paper: Paper) -> None:
    """The file's plans and their priorities; a file with one plan refers to things from it."""
    entries = paper.entry.entries("plan")
    plans = [_plan(store, entry) for entry in entries]
    await store.flush()
    for plan, entry in zip(plans, entries, strict=True):
        for position, text in enumerate(entry.texts("priorities"), 1):
            values = {"plan_id": plan.id, "position": position, "text": text}
            store.priorities.put(entry, (plan.id, position), values)
    if len(plans) == 1:
        paper.plan = plans[0]
        paper.plan_year = entries[0].financial_year("financial_year")
        paper.paper = entries[0].optional("paper")


def _plan(store: Store, entry: Entry) -> BusinessPlan:
    directorate_id = store.directorate_id(entry)
    year = entry.financial_year("financial_year").start_year
    window = entry.window("window")
    values = {
        "directorate_id": directorate_id,
        "division_id": store.optional_division_id(entry),
        "title": entry.text("title"),
        "financial_year": year,
        "window_start_year": None if window is None else window[0],
        "window_end_year": None if window is None else window[1],
        "status": entry.member("status", PlanStatus).value,
        "committee": entry.optional("committee"),
        "committee_date": entry.day("committee_date"),
        "document_date": entry.day("document_date"),
        **interval_columns("publication", entry.interval("publication")),
        "cabinet_members": _cabinet_members(entry),
        "source": entry.text("source"),
    }
    return store.plans.put(entry, (directorate_id, entry.text("title"), year), values)


def _cabinet_members(entry: Entry) -> list[dict[str, str]] | None:
    """The plan's `[[plan.cabinet_member]]` tables: each name and portfolio as the committee paper prints them."""
    members = [
        {"name": member.text("name"), "portfolio": member.text("portfolio")}
        for member in entry.entries("cabinet_member")
    ]
    return members or None


def _references(store: Store, paper: Paper) -> None:
    """Each noted record's `plan_reference` tables, as references from the file's plan."""
    for kind, row, entry in paper.subjects:
        for reference in entry.entries("plan_reference"):
            if paper.plan is None or paper.paper is None:
                raise reference.error("a reference needs its file to hold exactly one plan, naming its paper")
            plan_id, section = paper.plan.id, reference.text("section")
            values = {
                "plan_id": plan_id,
                "section": section,
                "source_text": reference.text("source_text"),
                "subject_kind": kind.value,
                SUBJECT_COLUMNS[kind]: row.id,
                "source": f"{paper.paper}, section {section}",
            }
            store.references.put(reference, (plan_id, section, kind.value, row.id), values)
