"""The hand-written SQL of the baselines: what the bare route and pgbench run for each scenario.

Statements are written once, with `:name` parameters. pgbench reads that form as it is (`-D name=value`,
prepared); the bare route sends the same text to asyncpg with the names turned into `$1, $2, ...`.
Contracts are ordered by the register's own sort keys (`db.base.date_sort_key`), so both use its indexes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from bench import queries
from db.base import UNKNOWN_DATE_SORTS_AS
from db.intervals import financial_quarters

ParamValue = date | int | str | list[date]

_PARAMETER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Statement:
    """One SQL statement with named parameters, in the form each consumer needs."""

    name: str
    sql: str
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        seen: dict[str, None] = {}
        for match in _PARAMETER.finditer(self.sql):
            seen.setdefault(match.group(1))
        object.__setattr__(self, "names", tuple(seen))

    @cached_property
    def positional(self) -> str:
        """The statement with `$n` placeholders, as asyncpg takes it."""
        return _PARAMETER.sub(lambda m: f"${self.names.index(m.group(1)) + 1}", self.sql)

    def arguments(self, params: Mapping[str, ParamValue]) -> list[ParamValue]:
        """The parameter values in `$n` order."""
        return [params[name] for name in self.names]


# The register's keyset for ordering contracts by end; an unknown end sorts last.
END_KEY = f"COALESCE(c.end_earliest, {UNKNOWN_DATE_SORTS_AS}), COALESCE(c.end_latest, {UNKNOWN_DATE_SORTS_AS}), c.id"

# A contract's end interval overlaps the window and its annualised value is at least the minimum.
EXPIRY_AND_VALUE = (
    "c.end_latest >= :window_from AND c.end_earliest <= :window_to AND c.annual_value_pence >= :min_annual_pence"
)

CONTRACT_COLUMNS = f"""c.id, c.reference, c.title,
       c.value_pence, c.value_basis, c.value_text, c.annual_value_pence,
       c.start_earliest, c.start_latest, c.start_precision, c.start_text,
       c.end_earliest, c.end_latest, c.end_precision, c.end_text,
       COALESCE(c.end_earliest, {UNKNOWN_DATE_SORTS_AS}) AS key_earliest,
       COALESCE(c.end_latest, {UNKNOWN_DATE_SORTS_AS}) AS key_latest,
       p.id AS provider_id, p.name AS provider_name"""

# The plans that reference each contract, one array of (id, title, financial year) rows per contract.
PLANS_COLUMN = """ARRAY(
           SELECT ROW(bp.id, bp.title, bp.financial_year)
           FROM business_plan bp
           WHERE bp.id IN (SELECT pr.plan_id FROM plan_reference pr WHERE pr.contract_id = c.id)
           ORDER BY bp.financial_year, bp.id
       ) AS plans"""

CONTRACT_COUNT = Statement("contract_count", f"SELECT count(*) FROM contract c WHERE {EXPIRY_AND_VALUE}")


def contract_page(*, with_plans: bool, after: bool) -> Statement:
    """A page of contracts in the window with their providers, optionally plans, optionally after a keyset."""
    columns = CONTRACT_COLUMNS + (",\n       " + PLANS_COLUMN if with_plans else "")
    keyset = f" AND ({END_KEY}) > (:after_earliest, :after_latest, :after_id)" if after else ""
    name = f"contract_page{'_plans' if with_plans else ''}{'_after' if after else ''}"
    return Statement(
        name,
        f"""SELECT {columns}
FROM contract c LEFT JOIN provider p ON p.id = c.provider_id
WHERE {EXPIRY_AND_VALUE}{keyset}
ORDER BY {END_KEY}
LIMIT :page_rows""",
    )


def contract_page_params(after: tuple[date, date, int] | None) -> dict[str, ParamValue]:
    """The parameters of the count and page statements for the benchmark's window, after a keyset or not."""
    params: dict[str, ParamValue] = {
        "window_from": queries.EXPIRY_FROM,
        "window_to": queries.EXPIRY_TO,
        "min_annual_pence": queries.MIN_ANNUAL_PENCE,
        "page_rows": queries.PAGE_ROWS + 1,
    }
    if after is not None:
        params["after_earliest"], params["after_latest"], params["after_id"] = after
    return params


def pipeline_params() -> dict[str, ParamValue]:
    """The parameters of the pipeline statements for the benchmark's year."""
    quarters = [fy.quarter(n) for fy, n in financial_quarters(queries.PIPELINE_FROM, queries.PIPELINE_TO)]
    return {
        "window_from": quarters[0].earliest,
        "window_to": quarters[-1].latest,
        "quarter_firsts": [quarter.earliest for quarter in quarters],
        "quarter_lasts": [quarter.latest for quarter in quarters],
        "per_quarter": queries.PIPELINE_PER_QUARTER,
    }


# The window's financial quarters, as the register counts them, passed in as two arrays of days.
_QUARTERS = "unnest(CAST(:quarter_firsts AS date[]), CAST(:quarter_lasts AS date[])) AS q(first_day, last_day)"

# Each row that overlaps the window, once for every quarter it overlaps, ranked and counted within the
# quarter; one scan of the window serves all the quarters.
PIPELINE_DECISIONS = Statement(
    "pipeline_decisions",
    f"""SELECT first_day, name, total FROM (
    SELECT q.first_day, a.name, kd.expected_earliest, kd.expected_latest, kd.id,
           count(*) OVER quarter AS total,
           row_number() OVER (quarter ORDER BY kd.expected_earliest, kd.expected_latest, kd.id) AS n
    FROM {_QUARTERS}
    JOIN key_decision kd ON kd.expected_latest >= q.first_day AND kd.expected_earliest <= q.last_day
    JOIN commissioning_activity a ON a.id = kd.activity_id
    WHERE kd.expected_latest >= :window_from AND kd.expected_earliest <= :window_to
    WINDOW quarter AS (PARTITION BY q.first_day)
) AS ranked
WHERE n <= :per_quarter
ORDER BY first_day, expected_earliest, expected_latest, id""",
)

PIPELINE_CONTRACTS = Statement(
    "pipeline_contracts",
    f"""SELECT first_day, reference, total FROM (
    SELECT q.first_day, c.reference, c.id,
           COALESCE(c.end_earliest, {UNKNOWN_DATE_SORTS_AS}) AS key_earliest,
           COALESCE(c.end_latest, {UNKNOWN_DATE_SORTS_AS}) AS key_latest,
           count(*) OVER quarter AS total,
           row_number() OVER (quarter ORDER BY {END_KEY}) AS n
    FROM {_QUARTERS}
    JOIN contract c ON c.end_latest >= q.first_day AND c.end_earliest <= q.last_day
    WHERE c.end_latest >= :window_from AND c.end_earliest <= :window_to
    WINDOW quarter AS (PARTITION BY q.first_day)
) AS ranked
WHERE n <= :per_quarter
ORDER BY first_day, key_earliest, key_latest, id""",
)
