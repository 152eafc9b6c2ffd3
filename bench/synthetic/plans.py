"""Business plans in a synthetic register: rolling yearly plans per directorate and what each references."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from bench.synthetic.commissioning import Commissioning
from bench.synthetic.contracts import Contracts
from bench.synthetic.organisation import Organisation
from bench.synthetic.providers import Providers
from bench.synthetic.records import Row, interval_columns, recorded
from bench.synthetic.vocabulary import PLAN_PRIORITIES
from db.intervals import DateInterval
from db.models import PlanStatus, PlanSubject

FIRST_PLAN_YEAR = 2015
PLAN_YEARS = 10
# A rolling plan carries forward about half of the contracts the previous year's plan named.
CARRIED_FORWARD = 0.5


@dataclass(frozen=True)
class Plans:
    """Business plan, priority and reference rows."""

    plans: list[Row]
    priorities: list[Row]
    references: list[Row]


def _title(organisation: Organisation, directorate_id: int, series: int) -> tuple[str, int | None]:
    """Series 0 is the directorate's own plan; later series are its divisions' plans, in turn."""
    name = organisation.directorates[directorate_id - 1]["name"]
    if series == 0:
        return f"{name} Directorate Business Plan", None
    divisions = organisation.division_ids[directorate_id]
    division_id = divisions[(series - 1) % len(divisions)]
    repeat = (series - 1) // len(divisions)
    suffix = f" ({repeat + 1})" if repeat else ""
    return f"{organisation.division_name(division_id)} Divisional Business Plan{suffix}", division_id


def _plan_owners(organisation: Organisation) -> Iterator[tuple[int, int, int]]:
    """Who writes each plan, as (directorate, series, financial year), in plan order: every directorate's own plan
    for each of the ten years; then its divisions' plans, the first division of each directorate, then the
    second, and so on, a directorate dropping out once each of its divisions has its plans; only then second
    plans of the same divisions (titled "(2)"), and so on."""
    years = range(FIRST_PLAN_YEAR, FIRST_PLAN_YEAR + PLAN_YEARS)
    directorate_ids = organisation.directorate_ids
    for year in years:
        for directorate_id in directorate_ids:
            yield directorate_id, 0, year
    most = max(len(organisation.division_ids[i]) for i in directorate_ids)
    for lap in itertools.count():
        for number in range(1, most + 1):
            writing = [i for i in directorate_ids if number <= len(organisation.division_ids[i])]
            for year in years:
                for directorate_id in writing:
                    yield directorate_id, number + lap * len(organisation.division_ids[directorate_id]), year


def _status(rng: random.Random, year: int) -> PlanStatus:
    if year >= FIRST_PLAN_YEAR + PLAN_YEARS - 1:
        return rng.choice((PlanStatus.DRAFT, PlanStatus.FINAL_DRAFT))
    return rng.choice((PlanStatus.APPROVED, PlanStatus.PUBLISHED, PlanStatus.PUBLISHED))


def _plan_row(
    rng: random.Random,
    plan_id: int,
    organisation: Organisation,
    directorate_id: int,
    series: int,
    year: int,
    source: str,
) -> Row:
    title, division_id = _title(organisation, directorate_id, series)
    committee_date = date(year, 3, rng.randint(1, 28))
    published = DateInterval.month(year, 4) if rng.random() < 0.8 else None
    return {
        "id": plan_id,
        "directorate_id": directorate_id,
        "division_id": division_id,
        "title": title,
        "financial_year": year,
        "window_start_year": year,
        "window_end_year": year + 2,
        "status": _status(rng, year).value,
        "committee": f"{organisation.directorates[directorate_id - 1]['name']} Cabinet Committee",
        "committee_date": committee_date,
        "document_date": committee_date - timedelta(days=rng.randint(7, 40)),
        **interval_columns("publication", published),
        **recorded(source),
    }


class _References:
    """Builds a plan's section I and J rows, quoting the referenced record as the paper printed it."""

    def __init__(self, contracts: Contracts, commissioning: Commissioning, providers: Providers, source: str):
        self.contracts = contracts
        self.commissioning = commissioning
        self.providers = providers
        self.source = source
        self.rows: list[Row] = []

    def add(self, plan_id: int, kind: PlanSubject, subject_id: int, section: str, text: str) -> None:
        key = {PlanSubject.CONTRACT: "contract_id", PlanSubject.COMMISSIONING_ACTIVITY: "activity_id"}.get(
            kind, "provider_id"
        )
        row = {
            "id": len(self.rows) + 1,
            "plan_id": plan_id,
            "section": section,
            "source_text": text,
            "subject_kind": kind.value,
            "contract_id": None,
            "activity_id": None,
            "provider_id": None,
            "traded_company_id": None,
            "service_id": None,
            **recorded(self.source),
        }
        row[key] = subject_id
        self.rows.append(row)

    def contract(self, rng: random.Random, plan_id: int, contract_id: int) -> None:
        c = self.contracts.quoted[contract_id]
        provider = "TBC" if c.provider_id is None else self.providers.name(c.provider_id)
        text = f"{c.title} | External | {provider} | {c.end_text or 'N/A'}"
        self.add(plan_id, PlanSubject.CONTRACT, contract_id, "I" if rng.random() < 0.7 else "J", text)

    def activity(self, plan_id: int, activity_id: int) -> None:
        a = self.commissioning.activities[activity_id - 1]
        text = f"{a['name']} | {a['lead_service']} | {a['expected_value_text'] or 'TBC'}"
        self.add(plan_id, PlanSubject.COMMISSIONING_ACTIVITY, activity_id, "J", text)

    def provider(self, plan_id: int, provider_id: int) -> None:
        self.add(plan_id, PlanSubject.PROVIDER, provider_id, "I", f"{self.providers.name(provider_id)} | Supplier")


def _carry_forward(rng: random.Random, previous: list[int], pool: list[int], wanted: int) -> list[int]:
    """This year's contracts: part of last year's plan, topped up from the directorate's notable contracts."""
    kept = rng.sample(previous, min(len(previous), round(wanted * CARRIED_FORWARD)))
    taken = set(kept)
    fresh = [i for i in rng.sample(pool, min(len(pool), wanted)) if i not in taken]
    return kept + fresh[: wanted - len(kept)]


def build_plans(
    rng: random.Random,
    count: int,
    organisation: Organisation,
    providers: Providers,
    contracts: Contracts,
    commissioning: Commissioning,
    source: str,
) -> Plans:
    """`count` plans: each directorate's yearly plan from 2015-16 for ten years, then its divisions' plans."""
    plans: list[Row] = []
    priorities: list[Row] = []
    references = _References(contracts, commissioning, providers, source)
    previous: dict[tuple[int, int], list[int]] = {}
    owners = _plan_owners(organisation)
    for plan_id in range(1, count + 1):
        directorate_id, series, year = next(owners)
        plans.append(_plan_row(rng, plan_id, organisation, directorate_id, series, year, source))
        for position, text in enumerate(rng.sample(PLAN_PRIORITIES, rng.randint(3, 6)), start=1):
            priorities.append({"id": len(priorities) + 1, "plan_id": plan_id, "position": position, "text": text})
        wanted = rng.randint(200, 450)
        chain = (directorate_id, series)
        chosen = _carry_forward(
            rng, previous.get(chain, []), contracts.notable_by_directorate[directorate_id], wanted * 60 // 100
        )
        previous[chain] = chosen
        for contract_id in chosen:
            references.contract(rng, plan_id, contract_id)
        activity_pool = commissioning.by_directorate[directorate_id]
        for activity_id in rng.sample(activity_pool, min(len(activity_pool), wanted * 28 // 100)):
            references.activity(plan_id, activity_id)
        named = sorted({p for i in chosen if (p := contracts.quoted[i].provider_id) is not None})
        for provider_id in rng.sample(named, min(len(named), wanted * 12 // 100)):
            references.provider(plan_id, provider_id)
    return Plans(plans, priorities, references.rows)
