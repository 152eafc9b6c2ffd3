"""No N+1: a page costs the same number of SQL statements whatever its size.

A hundred and fifty contracts of our own, with providers, the SCS directorate and plan references, are
added to the seeded register; pages of 10, 50 and 100 (of contracts, and of providers with their contracts
nested) must cost exactly the same statements, counted by the app per request.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from db import models
from tests.conftest import GraphQL

CONTRACTS_WITH_EVERYTHING_NESTED = """
query Contracts($first: Int!) {
  contracts(first: $first, filter: {text: "BENCH-"}) {
    totalCount
    edges {
      node {
        reference
        provider { name }
        directorate { name }
        plans { title }
        references { section plan { title } }
      }
    }
  }
}
"""
PROVIDERS_WITH_CONTRACTS_NESTED = """
query Providers($first: Int!) {
  providers(first: $first, filter: {text: "Bench provider"}) {
    totalCount
    edges {
      node {
        name
        contracts(first: 5) {
          totalCount
          edges { node { title provider { name } plans { title } } }
        }
      }
    }
  }
}
"""

# Each request's session here runs inside the test's transaction, so it opens and rolls back a savepoint:
# two statements a request that a deployed register does not run.
SAVEPOINT = 2
# Every read first reads the register's version once (its answer is kept in the response cache against it).
VERSION = 1
# A page of contracts: the page, its count, then one batch each for providers, directorates, plans,
# references and the references' plans.
CONTRACT_PAGE_STATEMENTS = VERSION + 7 + SAVEPOINT
# A page of providers: the page and its count; one windowed statement for every provider's first five
# contracts, one for their counts; then one batch each for the nested contracts' providers and plans.
PROVIDER_PAGE_STATEMENTS = VERSION + 6 + SAVEPOINT
# On PostgreSQL the rate limit charges the caller's shared bucket: one statement, in its own savepoint here.
THROTTLE = {"sqlite": 0, "postgresql": 1 + SAVEPOINT}

# The page sizes issue 13 names; bench/page_sizes.py counts the same on the benchmark's registers.
PAGE_SIZES = (10, 50, 100)
CONTRACTS = 150
PROVIDERS = 110
BUSY_PROVIDERS = 8  # the first eight deliver six contracts each, more than a nested page of five shows


def provider_of(i: int) -> int:
    """Which of our providers delivers the i-th contract: the busy ones six each, the rest one each."""
    busy = CONTRACTS - (PROVIDERS - BUSY_PROVIDERS)
    return i % BUSY_PROVIDERS if i < busy else BUSY_PROVIDERS + (i - busy)


@pytest.fixture
async def bench_contracts(session: AsyncSession) -> None:
    """150 contracts from 110 providers, owned by SCS, each named by the SCS plan and some by the GET plan."""
    scs = await session.scalar(select(models.Directorate.id).where(models.Directorate.code == "SCS"))
    plans = list(await session.scalars(select(models.BusinessPlan.id).order_by(models.BusinessPlan.id).limit(2)))
    providers = [models.Provider(name=f"Bench provider {p:03d}", kind="SUPPLIER") for p in range(PROVIDERS)]
    session.add_all(providers)
    await session.flush()
    contracts = [
        models.Contract(
            reference=f"BENCH-{i:03d}",
            title=f"Bench contract {i:03d}",
            status="ACTIVE",
            provider_id=providers[provider_of(i)].id,
            directorate_id=scs,
            end_earliest=date(2030, 1 + i % 12, 1),
            end_latest=date(2030, 1 + i % 12, 28),
            end_precision="MONTH",
        )
        for i in range(CONTRACTS)
    ]
    session.add_all(contracts)
    await session.flush()
    session.add_all(
        models.PlanReference(
            plan_id=plan,
            section="J",
            source_text=f"{contract.title}\tExisting contract",
            subject_kind="CONTRACT",
            contract_id=contract.id,
        )
        for i, contract in enumerate(contracts)
        for plan in (plans if i % 3 == 0 else plans[:1])
    )
    await session.commit()


def test_the_bench_has_busy_providers_and_a_full_page_of_providers() -> None:
    # the counts below prove nothing unless both pages are full and some nested pages are cut
    delivered = [provider_of(i) for i in range(CONTRACTS)]
    assert set(delivered) == set(range(PROVIDERS))
    assert min(delivered.count(p) for p in range(BUSY_PROVIDERS)) > 5
    assert PROVIDERS > 100


@pytest.mark.usefixtures("bench_contracts")
async def test_a_page_of_contracts_costs_the_same_statements_at_10_50_and_100(graphql: GraphQL, backend: str) -> None:
    # given 150 contracts with providers, a directorate and plan references
    # when pages of 10, 50 and 100 are asked for with everything nested
    pages = {size: await graphql(CONTRACTS_WITH_EVERYTHING_NESTED, {"first": size}) for size in PAGE_SIZES}

    # then each is whole, and all cost the same fixed number of statements
    assert all(page.errors == [] for page in pages.values())
    assert {size: len(page.data["contracts"]["edges"]) for size, page in pages.items()} == {10: 10, 50: 50, 100: 100}
    edges = pages[100].data["contracts"]["edges"]
    assert all(edge["node"]["provider"]["name"].startswith("Bench provider") for edge in edges)
    assert all(edge["node"]["directorate"] == {"name": "Strategic and Corporate Services"} for edge in edges)
    for edge in edges:
        named_by = 2 if int(edge["node"]["reference"].removeprefix("BENCH-")) % 3 == 0 else 1
        assert len(edge["node"]["plans"]) == len(edge["node"]["references"]) == named_by
    expected = CONTRACT_PAGE_STATEMENTS + THROTTLE[backend]
    assert {size: page.statements for size, page in pages.items()} == dict.fromkeys(PAGE_SIZES, expected)


@pytest.mark.usefixtures("bench_contracts")
async def test_a_page_of_providers_with_their_contracts_costs_the_same_at_10_50_and_100(
    graphql: GraphQL, backend: str
) -> None:
    # given 110 providers, eight of them delivering more contracts than a nested page shows
    # when pages of 10, 50 and 100 providers are asked for, each with its first five contracts nested
    pages = {size: await graphql(PROVIDERS_WITH_CONTRACTS_NESTED, {"first": size}) for size in PAGE_SIZES}

    # then every provider's nested page is right, and all cost the same fixed number of statements
    assert all(page.errors == [] for page in pages.values())
    assert {size: len(page.data["providers"]["edges"]) for size, page in pages.items()} == {10: 10, 50: 50, 100: 100}
    providers = [edge["node"] for edge in pages[100].data["providers"]["edges"]]
    for provider in providers:
        contracts = provider["contracts"]
        assert len(contracts["edges"]) == min(contracts["totalCount"], 5)
        assert all(edge["node"]["provider"] == {"name": provider["name"]} for edge in contracts["edges"])
    assert [provider["contracts"]["totalCount"] for provider in providers[:BUSY_PROVIDERS]] == [6] * BUSY_PROVIDERS
    assert [provider["contracts"]["totalCount"] for provider in providers[BUSY_PROVIDERS:]] == [1] * 92
    expected = PROVIDER_PAGE_STATEMENTS + THROTTLE[backend]
    assert {size: page.statements for size, page in pages.items()} == dict.fromkeys(PAGE_SIZES, expected)


PAGE_AFTER = """
query Page($first: Int!, $after: String) {
  contracts(first: $first, after: $after, filter: {text: "BENCH-"}, orderBy: {field: END}) {
    pageInfo { endCursor }
    edges { node { reference provider { name } } }
  }
}
"""


@pytest.mark.usefixtures("bench_contracts")
async def test_pages_from_any_cursor_and_batches_of_any_size_are_the_same_sql(
    graphql: GraphQL, register_engine: AsyncEngine, backend: str
) -> None:
    # given the first page's cursor, and a record of the SQL each request sends
    first = await graphql(PAGE_AFTER, {"first": 5, "after": None})
    cursor = first.data["contracts"]["pageInfo"]["endCursor"]
    sent: list[str] = []

    def record(connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        sent.append(statement)

    event.listen(register_engine.sync_engine, "before_cursor_execute", record)
    try:
        # when two later pages of different sizes are read from different cursors
        second = await graphql(PAGE_AFTER, {"first": 10, "after": cursor})
        second_sql, sent[:] = list(sent), []
        third = await graphql(PAGE_AFTER, {"first": 40, "after": second.data["contracts"]["pageInfo"]["endCursor"]})
        third_sql = list(sent)
    finally:
        event.remove(register_engine.sync_engine, "before_cursor_execute", record)

    # then the cursor's values and the page size are bound, not written into the SQL; on PostgreSQL so are the
    # providers' keys (`= ANY`), so both requests are the very same statements, prepared once
    assert second.errors == third.errors == []
    assert len(third.data["contracts"]["edges"]) == 40
    pages = [[sql for sql in statements if "FROM contract" in sql] for statements in (second_sql, third_sql)]
    assert pages[0] and pages[0] == pages[1]
    if backend == "postgresql":
        # (the test's own savepoints are numbered, as a deployed register's requests do not have them)
        assert [sql for sql in second_sql if "SAVEPOINT" not in sql] == [
            sql for sql in third_sql if "SAVEPOINT" not in sql
        ]
        assert any("= ANY" in sql for sql in third_sql)
