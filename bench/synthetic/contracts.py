"""Contracts in a synthetic register: titles, providers, values on mixed bases, imprecise starts and ends."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from bench.synthetic.organisation import Organisation
from bench.synthetic.providers import Providers
from bench.synthetic.records import Row, interval_columns, recorded
from bench.synthetic.values import (
    UNKNOWN_VALUE,
    StatedValue,
    add_months,
    random_day,
    stated_interval,
    stated_value,
)
from bench.synthetic.vocabulary import AREAS, CONTRACT_FORMS, EXTENSION_OPTIONS
from db.intervals import DateInterval, Precision
from db.models import REVIEW_THRESHOLD_PENCE, ContractStatus
from db.money import term_months

FIRST_START = date(2014, 4, 1)
LAST_START = date(2029, 3, 31)
LAST_END = date(2032, 12, 31)
# Statuses are as the register would have recorded them on this day.
AS_OF = date(2025, 4, 1)
# Plans defer to the register for contracts over £50,000; the big ones are those they name.
WHOLE_LIFE_NOTABLE_PENCE = 500_000_000

_TERMS = (6, 12, 24, 36, 48, 60, 84, 120)
_TERM_WEIGHTS = (5, 15, 20, 20, 12, 15, 8, 5)
_PRECISIONS = (Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.YEAR, None)
_START_WEIGHTS = (60, 25, 5, 7, 3)
_END_WEIGHTS = (55, 25, 10, 7, 3)
# Whole-life, yearly and quarterly statements of value, in that order.
_BASIS_WEIGHTS = (60, 33, 7)


class Quoted(NamedTuple):
    """What a plan prints of a contract it names: the title, who delivers it, and its end as stated."""

    title: str
    provider_id: int | None
    end_text: str | None


@dataclass
class Contracts:
    """What later tables pick contracts by, filled in as the rows go by: the rows themselves are streamed to
    the database and not kept, since a national register's million rows would take gigabytes."""

    by_directorate: dict[int, list[int]] = field(default_factory=dict)
    notable_by_directorate: dict[int, list[int]] = field(default_factory=dict)
    # Only notable contracts are ever named by a plan, so only theirs are kept.
    quoted: dict[int, Quoted] = field(default_factory=dict)


def _status(rng: random.Random, start: date, end: date) -> ContractStatus:
    if start > AS_OF:
        return ContractStatus.PLANNED
    if end < AS_OF:
        return ContractStatus.TERMINATED if rng.random() < 0.05 else ContractStatus.EXPIRED
    return ContractStatus.TERMINATED if rng.random() < 0.03 else ContractStatus.ACTIVE


def _term(rng: random.Random) -> tuple[date, date]:
    start = random_day(rng, FIRST_START, LAST_START)
    if rng.random() < 0.6:
        start = start.replace(day=1)
    end = min(add_months(start, rng.choices(_TERMS, _TERM_WEIGHTS)[0]) - timedelta(days=1), LAST_END)
    return start, end


def _extension(rng: random.Random, end: date, precision: Precision | None) -> Row:
    if precision is not Precision.DAY or rng.random() >= 0.25:
        return {**interval_columns("max_extent", None), "extension_options": None}
    months, words = rng.choice(EXTENSION_OPTIONS)
    furthest = add_months(end + timedelta(days=1), months) - timedelta(days=1)
    return {
        **interval_columns("max_extent", stated_interval(rng, furthest, Precision.DAY)),
        "extension_options": words,
    }


def _stated(rng: random.Random, day: date, precision: Precision | None) -> DateInterval | None:
    return None if precision is None else stated_interval(rng, day, precision)


def _value(rng: random.Random, term: int | None) -> StatedValue:
    return stated_value(rng, term, _BASIS_WEIGHTS) if rng.random() < 0.9 else UNKNOWN_VALUE


def _is_notable(value: StatedValue) -> bool:
    return (value.annual_pence or 0) >= REVIEW_THRESHOLD_PENCE or (value.total_pence or 0) >= WHOLE_LIFE_NOTABLE_PENCE


def contract_rows(
    rng: random.Random, count: int, organisation: Organisation, providers: Providers, source: str, index: Contracts
) -> Iterator[Row]:
    """`count` contracts spread over the directorates, starting 2014-2029 and ending by 2032, one at a time;
    `index` learns each as it is yielded."""
    directorate_ids = organisation.directorate_ids
    weights = [organisation.weights[i] for i in directorate_ids]
    codes = {row["id"]: row["code"] for row in organisation.directorates}
    for i in directorate_ids:
        index.by_directorate.setdefault(i, [])
        index.notable_by_directorate.setdefault(i, [])
    for contract_id in range(1, count + 1):
        directorate_id = rng.choices(directorate_ids, weights)[0]
        divisions = organisation.division_ids[directorate_id]
        service = rng.choice(organisation.services[directorate_id])
        title = f"{rng.choice(AREAS)} {service} {rng.choice(CONTRACT_FORMS)}"
        if rng.random() < 0.15:
            title += f" - Lot {rng.randint(1, 8)}"
        start, end = _term(rng)
        # A few records omit the term, so a whole-life value cannot be annualised (null, not zero).
        term = term_months(start, end) if rng.random() < 0.93 else None
        value = _value(rng, term)
        start_precision = rng.choices(_PRECISIONS, _START_WEIGHTS)[0]
        end_precision = rng.choices(_PRECISIONS, _END_WEIGHTS)[0]
        row = {
            "id": contract_id,
            "reference": f"{codes[directorate_id]}-{start.year}-{contract_id:06d}",
            "title": title,
            "description": f"Provision of {service.lower()}" if rng.random() < 0.4 else None,
            "status": _status(rng, start, end).value,
            "provider_id": None if rng.random() < 0.01 else providers.pick(rng),
            "directorate_id": directorate_id,
            "division_id": rng.choice(divisions) if rng.random() < 0.9 else None,
            "value_pence": value.pence,
            "value_basis": value.basis,
            "value_text": value.text,
            "annual_value_pence": value.annual_pence,
            "total_value_pence": value.total_pence,
            "term_months": term,
            **interval_columns("start", _stated(rng, start, start_precision)),
            **interval_columns("end", _stated(rng, end, end_precision)),
            **_extension(rng, end, end_precision),
            **recorded(source),
        }
        index.by_directorate[directorate_id].append(contract_id)
        if _is_notable(value):
            index.notable_by_directorate[directorate_id].append(contract_id)
            index.quoted[contract_id] = Quoted(title, row["provider_id"], row["end_text"])
        yield row
