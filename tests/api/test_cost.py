"""One request must never take the register down: a query is costed before it runs, and callers are rate limited.

Each test serves the seeded register over HTTP with the settings it names, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from db.settings import Settings
from tests.api.conftest import GRAPHQL_RESPONSE, LiveRegister, Serve, running
from tests.conftest import Tokens

README = Path(__file__).parents[2] / "README.md"

# Contracts' providers' contracts, three deep, a hundred at a time: small to send, two million objects to answer.
NESTED_CONNECTIONS = (
    "{ contracts(first: 100) { edges { node { provider {"
    " contracts(first: 100) { edges { node { provider {"
    " contracts(first: 100) { edges { node { title } } }"
    " } } } } } } } } }"
)
# A connection (1), and for each of 5 rows its edge and node (2 each) and, where it has one, the provider.
KNOWN = "{ contracts(first: 5, orderBy: {field: TITLE}) { totalCount edges { node { title provider { name } } } } }"
FIVE_TITLES = "{ contracts(first: 5) { edges { node { title } } } }"


def fan_out(levels: int) -> str:
    """Fragments that each spread the next twice: 2^levels paths for a walk that does not remember fragments."""
    fragments = "".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n" for i in range(levels))
    return "query FanOut { ...F0 }\n" + fragments + f"fragment F{levels} on Query {{ contracts {{ totalCount }} }}\n"


def at_cost_50_000(extra: str = "") -> str:
    """A query whose cost is exactly 50,000 by the README's rule (plus whatever `extra` adds)."""
    nested = (
        "contracts(first: 100) { edges { node { provider { contracts(first: 100) { edges { node { title } } } } } } }"
    )
    return (
        "{"
        f" a: {nested}"  # 1 + 100 * (edge + node + provider + (1 + 100 * 2)) = 20,401
        f" b: {nested}"  # 20,401
        " c: contracts(first: 100) { edges { node { history { actor } } } }"  # 1 + 100 * (2 + 50) = 5,201
        " d: contracts(first: 76) { edges { node { history { actor } } } }"  # 1 + 76 * 52 = 3,953
        " e: contracts(first: 21) { edges { node { title } } }"  # 1 + 21 * 2 = 43
        " f: contracts { totalCount }"  # 1
        f" {extra} }}"
    )


async def post(client: httpx.AsyncClient, query: str, token: str | None = None) -> httpx.Response:
    """Post a query as a client that accepts GraphQL responses, with a token when given."""
    headers = {"accept": GRAPHQL_RESPONSE}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return await client.post("/graphql", json={"query": query}, headers=headers)


def cost(response: httpx.Response) -> dict[str, Any]:
    """The response's `extensions.cost`."""
    found: dict[str, Any] = response.json()["extensions"]["cost"]
    return found


def first_error(response: httpx.Response) -> tuple[str, str]:
    """The first error's message and code."""
    error = response.json()["errors"][0]
    return error["message"], error["extensions"]["code"]


async def test_fragments_spreading_fragments_are_refused_in_well_under_a_second(serve: Serve) -> None:
    # given a 1.5 KB document whose fragments fan out forty levels deep
    query = fan_out(40)
    assert 1400 < len(query.encode()) < 1700

    # when it is sent
    async with serve(Settings()) as client:
        started = time.perf_counter()
        response = await post(client, query)
        elapsed = time.perf_counter() - started

    # then it is refused before it runs, quickly, saying how far it expands
    assert elapsed < 1.0
    assert response.status_code == 400 and "data" not in response.json()
    message, code = first_error(response)
    assert code == "QUERY_TOO_LARGE"
    assert message.startswith("'FanOut' expands to 2,199,023,255,552 field selections through its fragments")


async def test_nested_connections_are_refused_with_their_cost_and_the_limit(serve: Serve) -> None:
    # given the register with its default limits, counting statements
    async with serve(Settings(statement_header=True)) as client:
        # when contracts' providers' contracts are asked for a hundred at a time, three deep
        response = await post(client, NESTED_CONNECTIONS)

    # then it is refused before it runs, and the message gives its cost and the limit
    assert response.status_code == 400 and "data" not in response.json()
    assert first_error(response) == (
        "This query could build 2,040,401 objects; at most 50,000 are allowed (MAX_QUERY_COST). "
        "Ask for smaller pages (`first`/`last`) or fewer nested lists.",
        "QUERY_TOO_COSTLY",
    )
    assert response.headers["x-sql-statements"] == "0"
    assert cost(response)["requestedQueryCost"] == 2_040_401


async def test_a_query_at_the_default_limit_runs_and_one_point_more_is_refused(serve: Serve) -> None:
    # given the register with its default limits
    async with serve(Settings()) as client:
        # when a query costing exactly 50,000 is sent, and then the same with one more connection
        allowed = await post(client, at_cost_50_000())
        refused = await post(client, at_cost_50_000("g: contracts { totalCount }"))

    # then the first runs and the second is refused
    assert "errors" not in allowed.json()
    assert cost(allowed)["requestedQueryCost"] == 50_000
    assert first_error(refused)[1] == "QUERY_TOO_COSTLY"
    assert "50,001 objects" in first_error(refused)[0]


async def test_a_smaller_cost_setting_is_enforced(serve: Serve) -> None:
    # given the register allowing queries of cost 10
    async with serve(Settings(max_query_cost=10)) as client:
        # when a query of cost 11 (five titles: 1 + 5 * 2) is sent
        response = await post(client, FIVE_TITLES)

    # then it is refused, quoting the setting
    assert first_error(response) == (
        "This query could build 11 objects; at most 10 are allowed (MAX_QUERY_COST). "
        "Ask for smaller pages (`first`/`last`) or fewer nested lists.",
        "QUERY_TOO_COSTLY",
    )


async def test_every_response_tells_what_the_query_was_expected_to_cost_and_what_it_built(serve: Serve) -> None:
    # given the register with its default limits
    async with serve(Settings()) as client:
        # when five contracts are asked for with their providers
        response = await post(client, KNOWN)

    # then the request was costed on five full rows, the answer counted as built, and only that charged
    edges = response.json()["data"]["contracts"]["edges"]
    providers = [edge["node"]["provider"] for edge in edges]
    assert len(edges) == 5 and providers.count(None) == 1
    assert cost(response) == {
        "requestedQueryCost": 16,  # 1 + 5 * (edge + node + provider)
        "actualQueryCost": 15,  # one of the five has no provider
        "throttleStatus": {"maximumAvailable": 100_000, "currentlyAvailable": 99_985, "restoreRate": 2_000},
    }


def readme_queries() -> list[str]:
    """Every read query the README offers to paste into GraphiQL."""
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(), re.S)
    return [block for block in blocks if not block.lstrip().startswith("mutation")]


@pytest.mark.parametrize("query", readme_queries(), ids=lambda query: query.split("(")[0].strip("{ \n"))
async def test_the_readme_and_board_queries_run_within_the_default_cost(serve: Serve, query: str) -> None:
    # given the register with its default limits
    async with serve(Settings()) as client:
        # when a query from the README is pasted in
        response = await post(client, query)

    # then it runs, well within the limit (under 5,000, as the README says)
    assert "errors" not in response.json()
    assert cost(response)["requestedQueryCost"] < 5_000


THROTTLED = Settings(max_query_cost=50, rate_limit_points=50, rate_limit_restore=1)


async def test_a_caller_that_spends_its_points_is_throttled_with_429_and_retry_after(serve: Serve) -> None:
    # given a bucket of 50 points refilling at one a second
    async with serve(THROTTLED) as client:
        # when five titles (11 points, all used) are asked for five times running
        responses = [await post(client, FIVE_TITLES) for _ in range(5)]

    # then the headers count the points down, and the fifth request is refused without running
    remaining = [int(response.headers["x-ratelimit-remaining"]) for response in responses[:4]]
    assert [left - expected for left, expected in zip(remaining, [39, 28, 17, 6], strict=True)] in (
        [0, 0, 0, 0],
        # a slow machine may see a point leak back in between requests
        *([1 if i >= start else 0 for i in range(4)] for start in range(4)),
    )
    assert all(response.headers["x-ratelimit-limit"] == "50" for response in responses)
    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]
    refused = responses[4]
    assert "data" not in refused.json()
    message, code = first_error(refused)
    assert code == "THROTTLED"
    assert message.startswith("Rate limit: this query costs 11 points and ")
    assert refused.json()["errors"][0]["extensions"]["retryAfter"] == int(refused.headers["retry-after"])
    assert 1 <= int(refused.headers["retry-after"]) <= 5
    assert cost(refused)["throttleStatus"]["currentlyAvailable"] < 11


async def test_unused_points_are_given_back(serve: Serve) -> None:
    # given a bucket of 50 points
    async with serve(THROTTLED) as client:
        # when a query that could build 16 objects builds 15, twice
        first = await post(client, KNOWN)
        second = await post(client, KNOWN)

    # then each is charged what it built: the second sees the first's unused point given back
    assert cost(first)["actualQueryCost"] == 15
    assert int(first.headers["x-ratelimit-remaining"]) in (35, 36)
    assert int(second.headers["x-ratelimit-remaining"]) in (20, 21)


async def test_anonymous_callers_are_bucketed_by_address_and_token_holders_by_token(
    register_engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], tokens: Tokens
) -> None:
    # given the register with small buckets, and callers at two addresses
    app = create_app(THROTTLED, engine=register_engine, sessionmaker=sessionmaker)
    async with running(app) as here:
        elsewhere = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=("192.0.2.7", 4000)), base_url="http://register.test"
        )
        async with elsewhere:
            # when the first address spends its points without a token
            spent = [await post(here, FIVE_TITLES) for _ in range(5)]
            # and then asks with a token, while the other address asks without one
            with_token = await post(here, FIVE_TITLES, token=tokens.reader)
            other_address = await post(elsewhere, FIVE_TITLES)
            # and the token's holder spends its own points from anywhere
            token_spent = [await post(elsewhere, FIVE_TITLES, token=tokens.reader) for _ in range(4)]

    # then only the address that spent its points is refused; the token and the other address have their own
    assert spent[-1].status_code == 429
    assert with_token.status_code == 200 and int(with_token.headers["x-ratelimit-remaining"]) >= 39
    assert other_address.status_code == 200 and int(other_address.headers["x-ratelimit-remaining"]) >= 39
    assert [response.status_code for response in token_spent] == [200, 200, 200, 429]


async def test_too_many_validation_errors_say_what_to_do(serve: Serve) -> None:
    # given a document asking for 120 fields the schema does not have
    query = "{ " + " ".join(f"missing{i}" for i in range(120)) + " }"

    # when it is sent
    async with serve(Settings()) as client:
        response = await post(client, query)

    # then the first hundred are listed, and the last error says why the rest are not, and what to do
    errors = response.json()["errors"]
    assert len(errors) == 101
    assert errors[-1]["message"] == (
        "The document has too many errors to check them all; the first 100 are listed. Fix those and send it again."
    )
    assert errors[-1]["extensions"]["code"] == "BAD_QUERY"


async def test_on_postgresql_every_process_draws_on_the_same_bucket(live_register: LiveRegister) -> None:
    # given two processes (each its own engine) charging in autocommit, as deployed, not inside a test's transaction
    async with (
        live_register.app(THROTTLED) as first_app,
        live_register.app(THROTTLED) as second_app,
        running(first_app.app) as first,
        running(second_app.app) as second,
    ):
        # when a caller spends points on the first
        spent = await post(first, KNOWN)
        assert spent.status_code == 200
        used = cost(spent)["actualQueryCost"]
        assert used > 5

        # then the second sees them spent on PostgreSQL, whose buckets are rows; on SQLite each process has its own
        asked = await post(second, FIVE_TITLES)
        requested, left = cost(asked)["requestedQueryCost"], cost(asked)["throttleStatus"]["currentlyAvailable"]
        if live_register.database.backend == "postgresql":
            # (a point or two leaks back in, at one a second, while the requests run)
            assert left <= 50 - requested - used + 2
        else:
            assert left >= 50 - requested
