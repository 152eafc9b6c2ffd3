"""The whole synthetic register: every table's rows, from one seed and four sizes, in insertion order.

`stream_register` hands the rows over in chunks as they are drawn, so a national register's million contracts
never sit in memory at once; `build_register` gathers the same chunks into lists, for tests and small registers.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bench.synthetic.commissioning import build_commissioning
from bench.synthetic.contracts import Contracts, contract_rows
from bench.synthetic.organisation import build_organisation
from bench.synthetic.plans import build_plans
from bench.synthetic.providers import build_providers
from bench.synthetic.records import Row

# Parents before children: the order the rows are written in.
TABLES = (
    "directorate",
    "division",
    "provider",
    "traded_company",
    "traded_company_commissioner",
    "contract",
    "commissioning_activity",
    "key_decision",
    "activity_contract",
    "business_plan",
    "plan_priority",
    "plan_reference",
)
CHUNK_ROWS = 5_000


@dataclass(frozen=True)
class Sizes:
    """How big a register to generate; the defaults are the benchmark's council (`Sizes.national()` the other)."""

    contracts: int = 100_000
    providers: int = 5_000
    activities: int = 20_000
    plans: int = 60

    def __post_init__(self) -> None:
        for name in ("contracts", "providers", "activities", "plans"):
            if getattr(self, name) < 1:
                raise ValueError(f"--{name} must be at least 1, not {getattr(self, name)}")

    @classmethod
    def national(cls) -> Sizes:
        """A national register: ten times the council's contracts, suppliers and activity, in the same
        directorates; plans do not grow with contracts (one a year per directorate or division that writes one),
        so it has every directorate's and every division's plan for the ten years: (6 + 22) x 10."""
        return cls(contracts=1_000_000, providers=50_000, activities=200_000, plans=280)


def _chunks(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK_ROWS)):
        yield chunk


def stream_register(seed: int, sizes: Sizes) -> Iterator[tuple[str, list[Row]]]:
    """(table name, up to CHUNK_ROWS rows) in `TABLES` order, parents before children; the same seed and sizes
    give the same rows."""
    source = f"bench.generate seed={seed}"

    # One stream per domain, so changing how one domain is drawn leaves the others' rows as they were.
    def stream(domain: str) -> random.Random:
        return random.Random(f"{seed}/{domain}")

    organisation = build_organisation(source)
    yield "directorate", organisation.directorates
    yield "division", organisation.divisions
    providers = build_providers(stream("providers"), sizes.providers, organisation, source)
    yield from (("provider", chunk) for chunk in _chunks(providers.providers))
    yield "traded_company", providers.traded_companies
    yield "traded_company_commissioner", providers.commissioners
    contracts = Contracts()
    rows = contract_rows(stream("contracts"), sizes.contracts, organisation, providers, source, contracts)
    yield from (("contract", chunk) for chunk in _chunks(rows))
    commissioning = build_commissioning(stream("commissioning"), sizes.activities, organisation, contracts, source)
    yield from (("commissioning_activity", chunk) for chunk in _chunks(commissioning.activities))
    yield from (("key_decision", chunk) for chunk in _chunks(commissioning.key_decisions))
    yield from (("activity_contract", chunk) for chunk in _chunks(commissioning.links))
    plans = build_plans(stream("plans"), sizes.plans, organisation, providers, contracts, commissioning, source)
    yield "business_plan", plans.plans
    yield from (("plan_priority", chunk) for chunk in _chunks(plans.priorities))
    yield from (("plan_reference", chunk) for chunk in _chunks(plans.references))


def build_register(seed: int, sizes: Sizes) -> dict[str, list[Row]]:
    """Rows by table name, parents before children: the whole of `stream_register`, gathered."""
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    for name, chunk in stream_register(seed, sizes):
        tables[name].extend(chunk)
    return tables
