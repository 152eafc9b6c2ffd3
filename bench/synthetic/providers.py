"""Suppliers and the council's traded companies in a synthetic register."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from bench.synthetic.organisation import Organisation
from bench.synthetic.records import Row, interval_columns, recorded
from bench.synthetic.values import random_day, stated_interval
from bench.synthetic.vocabulary import (
    AREAS,
    NAMED_SUPPLIERS,
    NAMED_TRADED_COMPANIES,
    SUPPLIER_STEMS,
    SUPPLIER_SUFFIXES,
    SUPPLIER_TRADES,
    TRADED_FORMS,
)
from db.intervals import Precision
from db.models import ProviderKind

TRADED_SHARE = 0.03
# Big suppliers hold a large share of a council's contracts; the first this-many providers are the big ones.
MAJOR_SUPPLIERS = 100


@dataclass(frozen=True)
class Providers:
    """Provider, traded company and commissioner rows; provider ids run from 1 in list order."""

    providers: list[Row]
    traded_companies: list[Row]
    commissioners: list[Row]

    def name(self, provider_id: int) -> str:
        return str(self.providers[provider_id - 1]["name"])

    def pick(self, rng: random.Random) -> int:
        """A provider for a new contract, favouring the major suppliers as a real register does."""
        count = len(self.providers)
        if rng.random() < 0.25:
            return rng.randint(1, min(MAJOR_SUPPLIERS, count))
        return rng.randint(1, count)


class _Names:
    """Unique provider names: drawn from the word lists, numbered only once those run out."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: set[str] = set()

    def claim(self, name: str) -> str:
        self._taken.add(name)
        return name

    def draw(self, middle: str | None = None) -> str:
        for attempt in range(50):
            stem = self._rng.choice(SUPPLIER_STEMS)
            trade = middle or self._rng.choice(SUPPLIER_TRADES)
            suffix = self._rng.choice(SUPPLIER_SUFFIXES)
            name = f"{stem} {trade} {suffix}"
            # A national supplier base outgrows the plain names (22,800 of them): regional arms come next, as
            # real registers have them, and a number only as the last resort.
            if attempt >= 40:
                name = f"{stem} {trade} {suffix} {attempt}"
            elif attempt >= 20:
                name = f"{stem} {trade} {self._rng.choice(AREAS)} {suffix}"
            if name not in self._taken:
                return self.claim(name)
        raise RuntimeError("ran out of provider names")


def build_providers(rng: random.Random, count: int, organisation: Organisation, source: str) -> Providers:
    """`count` providers, a few percent of them the council's own traded companies."""
    names = _Names(rng)
    named = [names.claim(name) for name in NAMED_SUPPLIERS[:count]]
    traded_count = min(max(len(NAMED_TRADED_COMPANIES), round(count * TRADED_SHARE)), count - len(named))
    traded_ids = sorted(rng.sample(range(len(named) + 1, count + 1), traded_count))
    traded_names: dict[int, str] = {}
    for i, provider_id in enumerate(traded_ids):
        known = i < len(NAMED_TRADED_COMPANIES)
        traded_names[provider_id] = names.claim(NAMED_TRADED_COMPANIES[i][0]) if known else names.draw("Trading")
    company_numbers: set[int] = set()
    providers: list[Row] = []
    for provider_id in range(1, count + 1):
        traded = provider_id in traded_names
        if provider_id <= len(named):
            name = named[provider_id - 1]
        else:
            name = traded_names[provider_id] if traded else names.draw()
        number = None
        if rng.random() < 0.8:
            number = rng.randint(1_000_000, 13_999_999)
            while number in company_numbers:
                number += 1
            company_numbers.add(number)
        providers.append(
            {
                "id": provider_id,
                "name": name,
                "kind": (ProviderKind.TRADED_COMPANY if traded else ProviderKind.SUPPLIER).value,
                "company_number": None if number is None else f"{number:08d}",
                "description": None,
                **recorded(source),
            }
        )
    traded_companies = [
        _traded_company(rng, i, provider_id, traded_names[provider_id], source)
        for i, provider_id in enumerate(traded_ids, start=1)
    ]
    commissioners = _commissioners(rng, traded_companies, organisation)
    return Providers(providers, traded_companies, commissioners)


def _traded_company(rng: random.Random, company_id: int, provider_id: int, name: str, source: str) -> Row:
    known = {words[0]: words for words in NAMED_TRADED_COMPANIES}
    legal_form, ownership = known[name][1:] if name in known else (rng.choice(TRADED_FORMS), "100% council-owned")
    established = random_day(rng, date(2010, 4, 1), date(2020, 3, 31))
    return {
        "id": company_id,
        "provider_id": provider_id,
        "name": name,
        "legal_form": legal_form,
        "ownership": ownership,
        "governance": rng.choice(("Shareholder board", "Board of directors", "Trading board")),
        "description": None,
        **interval_columns("established", stated_interval(rng, established, rng.choice(list(Precision)[:2]))),
        **recorded(source),
    }


def _commissioners(rng: random.Random, companies: list[Row], organisation: Organisation) -> list[Row]:
    rows: list[Row] = []
    all_divisions = [row["id"] for row in organisation.divisions]
    for company in companies:
        for division_id in rng.sample(all_divisions, rng.randint(1, 2)):
            rows.append(
                {
                    "id": len(rows) + 1,
                    "traded_company_id": company["id"],
                    "division_id": division_id,
                    "arrangement": rng.choice(("Service Level Contract", "Contract", "Service Level Agreement")),
                }
            )
    return rows
