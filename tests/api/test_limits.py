"""Safe by default: depth, tokens, aliases and page size are limited, each a setting, with a clear error.

Each limit is proved at its default (the last query allowed, the first refused) and with a small setting,
on an app built with `create_app(Settings(...))` over the seeded register.
"""

from __future__ import annotations

import base64
import itertools

import httpx
import pytest
from graphql import get_introspection_query

from db.settings import Settings
from tests.api.conftest import GRAPHQL_RESPONSE, Serve

# The register's types chain into each other, so a query can be made as deep as a test needs.
CHAIN = ("contracts", "edges", "node", "provider")
LEAF = {"contracts": "totalCount", "edges": "cursor", "node": "title", "provider": "name"}
COUNT_CONTRACTS = "{ contracts { totalCount } }"
PAGE = "query Page($first: Int!) { contracts(first: $first) { edges { node { reference } } } }"
NESTED_PAGE = """
query NestedPage($first: Int!) {
  providers(first: 1) { edges { node { contracts(first: $first) { totalCount } } } }
}
"""
NODES = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }"
DEFAULT_PAGE = "{ contracts { edges { node { reference } } pageInfo { hasNextPage } } }"


def deep_query(depth: int) -> str:
    """A query whose deepest field lies `depth` levels below the root field."""
    fields = list(itertools.islice(itertools.cycle(CHAIN), depth))
    return "{ " + " { ".join(fields) + " { " + LEAF[fields[-1]] + " }" * depth + " }"


def long_query(tokens: int) -> str:
    """A valid query of exactly this many tokens (a long list of one status: 16 tokens around it)."""
    return "{ contracts(filter: {status: [" + " ACTIVE" * (tokens - 16) + "]}) { totalCount } }"


def aliased_query(aliases: int) -> str:
    """A query that asks for the same count under this many aliases."""
    return "{ " + " ".join(f"a{i}: contracts {{ totalCount }}" for i in range(aliases)) + " }"


def contract_ids(count: int) -> list[str]:
    """Well-formed global IDs of contracts (whether or not they exist)."""
    return [base64.b64encode(f"Contract:{pk}".encode()).decode() for pk in range(1, count + 1)]


async def post(client: httpx.AsyncClient, query: str, variables: dict[str, object] | None = None) -> httpx.Response:
    """Post a query as a client that accepts GraphQL responses."""
    payload = {"query": query, "variables": variables or {}}
    return await client.post("/graphql", json=payload, headers={"accept": GRAPHQL_RESPONSE})


def refusal(response: httpx.Response) -> tuple[int, str, str]:
    """The status, first message and first code of a refused request."""
    error = response.json()["errors"][0]
    return response.status_code, error["message"], error["extensions"]["code"]


def test_the_query_builders_build_what_they_say() -> None:
    # the limits below are only proved if the queries are the size they claim
    assert deep_query(1) == "{ contracts { totalCount } }"
    assert deep_query(4) == "{ contracts { edges { node { provider { name } } } } }"
    assert long_query(17) == "{ contracts(filter: {status: [ ACTIVE]}) { totalCount } }"
    assert aliased_query(2) == "{ a0: contracts { totalCount } a1: contracts { totalCount } }"


async def test_the_default_limits_let_graphiql_introspect_the_schema(serve: Serve) -> None:
    # given the register with its default limits, and the introspection GraphiQL sends on opening
    query = get_introspection_query(descriptions=True, specified_by_url=True, directive_is_repeatable=True)

    # when it is run
    async with serve(Settings()) as client:
        response = await post(client, query)

    # then the defaults are generous enough for it
    assert response.status_code == 200
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_the_default_depth_is_12(serve: Serve) -> None:
    # given the register with its default limits
    async with serve(Settings()) as client:
        # when a query 12 levels deep and one 13 levels deep are sent
        allowed = await post(client, deep_query(12))
        refused = await post(client, deep_query(13))

    # then the first runs and the second is refused before it runs
    assert allowed.status_code == 200 and "errors" not in allowed.json()
    assert refusal(refused) == (400, "'anonymous' exceeds maximum operation depth of 12", "QUERY_TOO_LARGE")
    assert "data" not in refused.json()


async def test_the_default_token_count_is_2000(serve: Serve) -> None:
    # given the register with its default limits, but for the filter list bound: the documents are one long
    # status list, which MAX_FILTER_LIST_LENGTH would refuse before the token count could be seen to pass
    async with serve(Settings(max_filter_list_length=2000)) as client:
        # when a document of 2000 tokens and one of 2001 are sent
        allowed = await post(client, long_query(2000))
        refused = await post(client, long_query(2001))

    # then the first runs and the second is refused while it is parsed
    assert allowed.status_code == 200 and "errors" not in allowed.json()
    assert refusal(refused) == (
        400,
        "Syntax Error: Document contains more than 2000 tokens. Parsing aborted.",
        "QUERY_TOO_LARGE",
    )


async def test_the_default_alias_count_is_30(serve: Serve) -> None:
    # given the register with its default limits
    async with serve(Settings()) as client:
        # when 30 aliases and then 31 are asked for
        allowed = await post(client, aliased_query(30))
        refused = await post(client, aliased_query(31))

    # then the first runs and the second is refused before it runs
    assert allowed.status_code == 200 and len(allowed.json()["data"]) == 30
    assert refusal(refused) == (400, "31 aliases found. Allowed: 30", "QUERY_TOO_LARGE")


async def test_the_default_page_cap_is_100_for_lists_nested_lists_and_nodes(serve: Serve) -> None:
    # given the register with its default limits
    async with serve(Settings()) as client:
        # when pages of 100 and then 101 are asked for, at the root, nested, and by ID
        allowed = [
            await post(client, PAGE, {"first": 100}),
            await post(client, NESTED_PAGE, {"first": 100}),
            await post(client, NODES, {"ids": contract_ids(100)}),
        ]
        refused = [
            await post(client, PAGE, {"first": 101}),
            await post(client, NESTED_PAGE, {"first": 101}),
            await post(client, NODES, {"ids": contract_ids(101)}),
        ]

    # then 100 is served, and 101 is refused with a message that says how to carry on
    assert [response.json().get("errors") for response in allowed] == [None, None, None]
    assert [refusal(response) for response in refused] == [
        (200, "`first` may be at most 100; ask for 100 or fewer and page on with cursors", "PAGE_TOO_LARGE"),
        (200, "`first` may be at most 100; ask for 100 or fewer and page on with cursors", "PAGE_TOO_LARGE"),
        (200, "Ask for at most 100 IDs at once", "PAGE_TOO_LARGE"),
    ]


async def test_the_default_page_is_20(serve: Serve) -> None:
    # given the register with its default limits and more contracts than a page holds is not needed:
    # the seeded register's 15 contracts fit one default page
    async with serve(Settings()) as client:
        # when a list is asked for without a size
        response = await post(client, DEFAULT_PAGE)

    # then the whole (short) list comes back in one page
    contracts = response.json()["data"]["contracts"]
    assert len(contracts["edges"]) == 15
    assert contracts["pageInfo"] == {"hasNextPage": False}


SMALL = Settings(max_query_depth=3, max_query_tokens=40, max_aliases=2, default_page_size=2, max_page_size=5)


async def test_a_small_depth_setting_is_enforced(serve: Serve) -> None:
    # given the register with a maximum depth of 3
    async with serve(SMALL) as client:
        # when a query 3 levels deep and one 4 levels deep are sent
        allowed = await post(client, deep_query(3))
        refused = await post(client, deep_query(4))

    # then only the first runs
    assert allowed.status_code == 200 and "errors" not in allowed.json()
    assert refusal(refused) == (400, "'anonymous' exceeds maximum operation depth of 3", "QUERY_TOO_LARGE")


async def test_a_small_token_setting_is_enforced(serve: Serve) -> None:
    # given the register with a maximum of 40 tokens
    async with serve(SMALL) as client:
        # when documents of 40 and 41 tokens are sent
        allowed = await post(client, long_query(40))
        refused = await post(client, long_query(41))

    # then only the first runs
    assert allowed.status_code == 200 and "errors" not in allowed.json()
    assert refusal(refused) == (
        400,
        "Syntax Error: Document contains more than 40 tokens. Parsing aborted.",
        "QUERY_TOO_LARGE",
    )


async def test_a_small_alias_setting_is_enforced(serve: Serve) -> None:
    # given the register with a maximum of 2 aliases
    async with serve(SMALL) as client:
        # when 2 and then 3 aliases are asked for
        allowed = await post(client, aliased_query(2))
        refused = await post(client, aliased_query(3))

    # then only the first runs
    assert allowed.status_code == 200 and "errors" not in allowed.json()
    assert refusal(refused) == (400, "3 aliases found. Allowed: 2", "QUERY_TOO_LARGE")


async def test_small_page_settings_are_enforced(serve: Serve) -> None:
    # given the register with a default page of 2 and a cap of 5
    async with serve(SMALL) as client:
        # when a list is asked for without a size, with the cap, and over the cap
        default = await post(client, DEFAULT_PAGE)
        capped = await post(client, PAGE, {"first": 5})
        over = await post(client, PAGE, {"first": 6})
        too_many_ids = await post(client, NODES, {"ids": contract_ids(6)})

    # then the settings decide the page sizes, and the errors quote them
    assert len(default.json()["data"]["contracts"]["edges"]) == 2
    assert default.json()["data"]["contracts"]["pageInfo"] == {"hasNextPage": True}
    assert len(capped.json()["data"]["contracts"]["edges"]) == 5
    assert refusal(over) == (
        200,
        "`first` may be at most 5; ask for 5 or fewer and page on with cursors",
        "PAGE_TOO_LARGE",
    )
    assert refusal(too_many_ids) == (200, "Ask for at most 5 IDs at once", "PAGE_TOO_LARGE")


@pytest.mark.parametrize("query", [deep_query(13), long_query(2001), aliased_query(31)])
async def test_a_query_over_a_limit_costs_no_sql(serve: Serve, query: str) -> None:
    # given the register counting its statements
    async with serve(Settings(statement_header=True)) as client:
        # when a query over a default limit is sent
        response = await post(client, query)

    # then it is refused before touching the database
    assert response.status_code == 400
    assert response.headers["x-sql-statements"] == "0"
