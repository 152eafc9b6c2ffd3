"""Commissioning activity in a synthetic register: activities, key decisions, and the contracts concerned."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.synthetic.contracts import Contracts
from bench.synthetic.organisation import Organisation
from bench.synthetic.records import Row, interval_columns, recorded
from bench.synthetic.values import (
    UNKNOWN_VALUE,
    StatedValue,
    quarter_range,
    random_day,
    stated_quarter,
    stated_value,
)
from bench.synthetic.vocabulary import ACTIVITY_VERBS, AREAS, DECISION_MAKERS, SIGNIFICANCE_NOTES
from db.intervals import DateInterval, FinancialYear, Precision
from db.models import SIGNIFICANT_VALUE_PENCE, SignificanceReason

FIRST_DECISION_YEAR = 2015
LAST_DECISION_YEAR = 2031
KEY_DECISION_SHARE = 0.7
_TERMS = (12, 24, 36, 48, 60, 84, 120)
# Activity is more often costed per year than a contract is.
_BASIS_WEIGHTS = (50, 45, 5)
_WINDOW_KINDS = (Precision.QUARTER, Precision.RANGE, Precision.MONTH, Precision.YEAR)
_WINDOW_WEIGHTS = (55, 20, 15, 10)


@dataclass(frozen=True)
class Commissioning:
    """Activity, key decision and activity-contract rows; activity ids run from 1 in list order."""

    activities: list[Row]
    key_decisions: list[Row]
    links: list[Row]
    by_directorate: dict[int, list[int]]


def key_decision_window(rng: random.Random) -> DateInterval:
    """When a key decision is expected, as plans state it: a quarter, a range of quarters, a month, a year."""
    fy = FinancialYear(rng.randint(FIRST_DECISION_YEAR, LAST_DECISION_YEAR))
    n = rng.randint(1, 4)
    kind = rng.choices(_WINDOW_KINDS, _WINDOW_WEIGHTS)[0]
    if kind is Precision.RANGE:
        return quarter_range(rng, (fy, n), rng.randint(2, 5))
    if kind is Precision.MONTH:
        day = random_day(rng, fy.quarter(n).earliest, fy.quarter(n).latest)
        return DateInterval.month(day.year, day.month)
    if kind is Precision.YEAR:
        return fy.interval()
    return stated_quarter(rng, fy, n)


def _value(rng: random.Random) -> tuple[StatedValue, int | None]:
    term = rng.choice(_TERMS) if rng.random() < 0.8 else None
    return (stated_value(rng, term, _BASIS_WEIGHTS) if rng.random() < 0.85 else UNKNOWN_VALUE), term


def _significance(rng: random.Random, value: StatedValue) -> Row:
    over_threshold = (value.annual_pence or 0) > SIGNIFICANT_VALUE_PENCE
    if over_threshold or rng.random() >= 0.6:
        return {"significance_reason": None, "significance_note": None}
    return {
        "significance_reason": rng.choice(list(SignificanceReason)).value,
        "significance_note": rng.choice(SIGNIFICANCE_NOTES),
    }


class _UniqueNames:
    """Activity names unique within a directorate, as the register requires: later repeats become phases."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, str], int] = {}

    def name(self, directorate_id: int, base: str) -> str:
        count = self._seen.get((directorate_id, base), 0) + 1
        self._seen[(directorate_id, base)] = count
        return base if count == 1 else f"{base} - Phase {count}"


def build_commissioning(
    rng: random.Random, count: int, organisation: Organisation, contracts: Contracts, source: str
) -> Commissioning:
    """`count` activities, about 70% with a key decision and most linked to contracts of their directorate."""
    directorate_ids = organisation.directorate_ids
    weights = [organisation.weights[i] for i in directorate_ids]
    names = _UniqueNames()
    activities: list[Row] = []
    decisions: list[Row] = []
    links: list[Row] = []
    by_directorate: dict[int, list[int]] = {i: [] for i in directorate_ids}
    for activity_id in range(1, count + 1):
        directorate_id = rng.choices(directorate_ids, weights)[0]
        division_id = rng.choice(organisation.division_ids[directorate_id]) if rng.random() < 0.85 else None
        service = rng.choice(organisation.services[directorate_id])
        verb = rng.choice(ACTIVITY_VERBS)
        value, term = _value(rng)
        activities.append(
            {
                "id": activity_id,
                "directorate_id": directorate_id,
                "division_id": division_id,
                "name": names.name(directorate_id, f"{verb} {service} ({rng.choice(AREAS)})"),
                "description": f"{verb} {service.lower()} across the county" if rng.random() < 0.6 else None,
                "lead_service": service if division_id is None else organisation.division_name(division_id),
                "expected_value_pence": value.pence,
                "expected_value_basis": value.basis,
                "expected_value_text": value.text,
                "annual_value_pence": value.annual_pence,
                "total_value_pence": value.total_pence,
                "term_months": term,
                "consultation_required": rng.choices((True, False, None), (30, 55, 15))[0],
                **_significance(rng, value),
                **recorded(source),
            }
        )
        by_directorate[directorate_id].append(activity_id)
        if rng.random() < KEY_DECISION_SHARE:
            decisions.append(_key_decision(rng, len(decisions) + 1, activity_id, source))
        pool = contracts.by_directorate[directorate_id]
        if pool and rng.random() < 0.6:
            chosen = rng.sample(pool, min(len(pool), rng.choices((1, 2, 3, 4), (50, 30, 15, 5))[0]))
            for contract_id in chosen:
                inferred = rng.random() < 0.1
                links.append(
                    {
                        "id": len(links) + 1,
                        "activity_id": activity_id,
                        "contract_id": contract_id,
                        "inferred": inferred,
                        "reason": "Same service and directorate; ends before the decision" if inferred else None,
                    }
                )
    return Commissioning(activities, decisions, links, by_directorate)


def _key_decision(rng: random.Random, decision_id: int, activity_id: int, source: str) -> Row:
    window = key_decision_window(rng)
    year = FinancialYear.containing(window.earliest).start_year
    return {
        "id": decision_id,
        "activity_id": activity_id,
        "reference": f"{year % 100:02d}/{decision_id:05d}" if rng.random() < 0.8 else None,
        "decision_maker": rng.choice(DECISION_MAKERS),
        **interval_columns("expected", window),
        **recorded(source),
    }
