"""The Board's views on a generated register (bench/generate.py, 2,000 contracts), checked by brute force.

The pipeline's per-quarter counts and sums, the risk list and the totals by quarter must equal what plain SQL
and plain Python make of the same rows, quarter by quarter. Runs on a temporary SQLite file of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import and_, func, not_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from bench.generate import Sizes, generate
from db.engine import make_engine
from db.intervals import quarter_of
from db.models import ActivityContract, Contract, KeyDecision
from db.settings import Settings
from schema.pipeline.timeleft import months_after
from schema.relay import global_id
from tests.schema.pipeline_totals import assert_quarters_add_up

SIZES = Sizes(contracts=2_000, providers=100, activities=400, plans=5)

PIPELINE = """
query {
  pipeline(from: "Q1 2019/20", to: "Q4 2021/22") {
    contractTotals { basis amount counted unknown }
    spanningContractTotals { basis amount counted unknown }
    decisionTotals { basis amount counted unknown }
    spanningDecisionTotals { basis amount counted unknown }
    quarters {
      label
      days { earliest latest }
      keyDecisions(first: 100) { totalCount edges { node { keyDecision { id } } } }
      contractsEnding(first: 100) { totalCount edges { node { contract { reference } } } }
      endingContractTotals { basis amount counted unknown }
      spanningContractTotals { basis amount counted unknown }
      dueDecisionTotals { basis amount counted unknown }
    }
  }
}
"""

RISKS = """
query ($after: String) {
  expiryRisks(asOf: "2024-01-15", withinMonths: 18, first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { contract { reference } } }
  }
}
"""

TOTALS = "query { contractTotals(groupBy: [QUARTER], basis: ANNUAL) { period amount count } }"


@pytest.fixture(scope="module")
async def generated(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[AsyncEngine, httpx.AsyncClient]]:
    """A generated register in a SQLite file, the engine to read it and a client of the app serving it."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('generated')) / 'register.db'}"
    await generate(url, seed=1, sizes=SIZES)
    engine = make_engine(url)
    app = create_app(Settings(database_url=url))
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield engine, client
    await engine.dispose()


async def ask(client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    body = (await client.post("/graphql", json={"query": query, "variables": variables or {}})).json()
    assert "errors" not in body, body["errors"]
    return body["data"]


async def test_each_quarters_counts_and_first_page_match_a_brute_force_count(
    generated: tuple[AsyncEngine, httpx.AsyncClient],
) -> None:
    # given
    engine, client = generated
    decision, contract = KeyDecision.__table__.c, Contract.__table__.c

    # when
    result = (await ask(client, PIPELINE))["pipeline"]
    quarters = result["quarters"]

    # then
    assert len(quarters) == 12
    assert_quarters_add_up(result, "dueDecisionTotals", "spanningDecisionTotals", "decisionTotals")
    assert_quarters_add_up(result, "endingContractTotals", "spanningContractTotals", "contractTotals")
    async with engine.connect() as connection:
        for quarter in quarters:
            low, high = (date.fromisoformat(quarter["days"][key]) for key in ("earliest", "latest"))
            due = and_(decision.expected_earliest <= high, decision.expected_latest >= low)
            ending = and_(contract.end_earliest <= high, contract.end_latest >= low)
            decisions = await connection.scalar(select(func.count()).where(due))
            contracts = await connection.scalar(select(func.count()).where(ending))
            within = and_(contract.end_earliest >= low, contract.end_latest <= high)
            sums = [
                (
                    await connection.execute(
                        select(
                            func.coalesce(func.sum(contract.annual_value_pence), 0),
                            func.count(contract.annual_value_pence),
                            func.count(),
                        ).where(ending, rule)
                    )
                ).one()
                for rule in (within, not_(within))
            ]
            first_ids = await connection.scalars(
                select(decision.id)
                .where(due)
                .order_by(decision.expected_earliest, decision.expected_latest, decision.id)
                .limit(100)
            )
            assert quarter["keyDecisions"]["totalCount"] == decisions > 0, quarter["label"]
            assert quarter["contractsEnding"]["totalCount"] == contracts > 0, quarter["label"]
            listed = [edge["node"]["keyDecision"]["id"] for edge in quarter["keyDecisions"]["edges"]]
            assert len(listed) == min(decisions, 100)
            assert listed == [global_id("KeyDecision", pk) for pk in first_ids]
            for field, (annual_pence, annual_counted, rows) in zip(
                ("endingContractTotals", "spanningContractTotals"), sums, strict=True
            ):
                assert quarter[field][1] == {
                    "basis": "ANNUAL",
                    "amount": f"{annual_pence // 100}.{annual_pence % 100:02d}",
                    "counted": annual_counted,
                    "unknown": rows - annual_counted,
                }, (quarter["label"], field)
            assert sum(rows for _, _, rows in sums) == contracts


async def test_the_risk_list_matches_a_brute_force_reading_of_the_rule(
    generated: tuple[AsyncEngine, httpx.AsyncClient],
) -> None:
    # given
    engine, client = generated
    as_of = date(2024, 1, 15)
    until = months_after(as_of, 18)
    async with engine.connect() as connection:
        contracts = (await connection.execute(select(Contract.__table__))).all()
        links = (await connection.execute(select(ActivityContract.__table__))).all()
        decisions = {row.activity_id: row for row in (await connection.execute(select(KeyDecision.__table__))).all()}
    ends = {c.id: c.end_latest for c in contracts}
    # By default only stated links count as cover: the list errs toward showing risk.
    covered = {
        link.contract_id
        for link in links
        if not link.inferred
        and (decision := decisions.get(link.activity_id)) is not None
        and ends[link.contract_id] is not None
        and decision.expected_earliest < ends[link.contract_id]
    }
    expected = sorted(
        (c.end_earliest, c.end_latest, c.id, c.reference)
        for c in contracts
        if c.end_earliest is not None and c.end_earliest <= until and c.end_latest >= as_of and c.id not in covered
    )

    # when
    listed: list[str] = []
    after = None
    while True:
        page = (await ask(client, RISKS, {"after": after}))["expiryRisks"]
        listed += [edge["node"]["contract"]["reference"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    # then
    assert page["totalCount"] == len(expected) > 0
    assert listed == [reference for *_, reference in expected]


async def test_totals_by_quarter_match_a_brute_force_grouping(generated: tuple[AsyncEngine, httpx.AsyncClient]) -> None:
    # given
    engine, client = generated
    async with engine.connect() as connection:
        rows = (await connection.execute(select(Contract.end_earliest, Contract.annual_value_pence))).all()
    counts: Counter[str | None] = Counter()
    sums: Counter[str | None] = Counter()
    for end, annual in rows:
        period = None if end is None else quarter_of(end)[0].quarter(quarter_of(end)[1]).text
        counts[period] += 1
        sums[period] += annual or 0

    # when
    groups = (await ask(client, TOTALS))["contractTotals"]

    # then
    assert {group["period"]: group["count"] for group in groups} == dict(counts)
    assert {group["period"]: group["amount"] for group in groups} == {
        period: f"{pence // 100}.{pence % 100:02d}" for period, pence in sums.items()
    }
