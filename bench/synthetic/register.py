"""The whole synthetic register: every table's rows, from one seed and four sizes, in insertion order."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.synthetic.commissioning import build_commissioning
from bench.synthetic.contracts import build_contracts
from bench.synthetic.organisation import build_organisation
from bench.synthetic.plans import build_plans
from bench.synthetic.providers import build_providers
from bench.synthetic.records import Row


@dataclass(frozen=True)
class Sizes:
    """How big a register to generate; the defaults are the benchmark's."""

    contracts: int = 100_000
    providers: int = 5_000
    activities: int = 20_000
    plans: int = 60

    def __post_init__(self) -> None:
        for name in ("contracts", "providers", "activities", "plans"):
            if getattr(self, name) < 1:
                raise ValueError(f"--{name} must be at least 1, not {getattr(self, name)}")


def build_register(seed: int, sizes: Sizes) -> dict[str, list[Row]]:
    """Rows by table name, parents before children; the same seed and sizes give the same rows."""
    source = f"bench.generate seed={seed}"

    # One stream per domain, so changing how one domain is drawn leaves the others' rows as they were.
    def stream(domain: str) -> random.Random:
        return random.Random(f"{seed}/{domain}")

    organisation = build_organisation(source)
    providers = build_providers(stream("providers"), sizes.providers, organisation, source)
    contracts = build_contracts(stream("contracts"), sizes.contracts, organisation, providers, source)
    commissioning = build_commissioning(stream("commissioning"), sizes.activities, organisation, contracts, source)
    plans = build_plans(stream("plans"), sizes.plans, organisation, providers, contracts, commissioning, source)
    return {
        "directorate": organisation.directorates,
        "division": organisation.divisions,
        "provider": providers.providers,
        "traded_company": providers.traded_companies,
        "traded_company_commissioner": providers.commissioners,
        "contract": contracts.rows,
        "commissioning_activity": commissioning.activities,
        "key_decision": commissioning.key_decisions,
        "activity_contract": commissioning.links,
        "business_plan": plans.plans,
        "plan_priority": plans.priorities,
        "plan_reference": plans.references,
    }
