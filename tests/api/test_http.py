"""The endpoint speaks the GraphQL over HTTP specification, including its SHOULDs.

GET runs queries and nothing else; POST runs everything. A client that accepts
`application/graphql-response+json` gets it, with 400 when the request never ran (a document that does
not parse or validate, variables that do not coerce); a client of the older `application/json` gets 200
with the errors in the body. A request error leaves no `data` entry at all.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from api.statements import HEADER as STATEMENT_HEADER
from tests.api.conftest import GRAPHQL_RESPONSE, JSON

COUNT_CONTRACTS = "{ contracts { totalCount } }"
CONTRACTS_EXPIRING = """
query Expiring($from: CouncilDate!, $to: CouncilDate!) {
  contracts(filter: {expiry: {from: $from, to: $to}}) { totalCount }
}
"""
A_MUTATION = "mutation Renew { contracts { totalCount } }"
RETIRE = "mutation Retire($id: ID!) { contractRetire(input: {id: $id, version: 1}) { userErrors { code } } }"
A_QUERY_AND_A_MUTATION = "query Count { contracts { totalCount } } mutation Renew { contracts { totalCount } }"
DOES_NOT_PARSE = "{ contracts { totalCount "
UNKNOWN_FIELD = "{ contracts { totalCount annualBudget } }"
PAGE_SIZE_VARIABLE = "query Page($first: Int) { contracts(first: $first) { totalCount } }"
MONEY_VARIABLE = "query Worth($min: Decimal) { contracts(filter: {value: {min: $min}}) { totalCount } }"
NEGATIVE_PAGE = "{ contracts(first: -1) { totalCount } }"


def body(response: httpx.Response) -> dict[str, Any]:
    """The response body as JSON."""
    result: dict[str, Any] = json.loads(response.content)
    return result


def codes(response: httpx.Response) -> list[str]:
    """The `extensions.code` of every error in the response."""
    return [error["extensions"]["code"] for error in body(response)["errors"]]


def media_type(response: httpx.Response) -> str:
    """The response's media type, without parameters."""
    return response.headers["content-type"].split(";")[0].strip()


async def test_a_query_runs_over_get_with_its_variables_in_the_url(client: httpx.AsyncClient) -> None:
    # given a query and its variables as URL parameters, as a browser or a cache would send them
    params = {
        "query": CONTRACTS_EXPIRING,
        "variables": json.dumps({"from": "2019-10-01", "to": "2019-10-31"}),
        "operationName": "Expiring",
    }

    # when it is sent with GET
    response = await client.get("/graphql", params=params)

    # then it runs: the Amey and Skanska TFM contracts end in October 2019
    assert response.status_code == 200
    assert media_type(response) == JSON
    assert body(response)["data"] == {"contracts": {"totalCount": 2}}


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
async def test_a_mutation_over_get_is_refused_and_never_run(client: httpx.AsyncClient, accept: str) -> None:
    # given a document whose operation is a mutation (not even a valid one: refusal must come first)
    params = {"query": A_MUTATION}

    # when it is sent with GET
    response = await client.get("/graphql", params=params, headers={"accept": accept})

    # then it is refused as the spec says, pointing at POST, before any SQL runs
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert media_type(response) == accept
    assert "data" not in body(response)
    assert body(response)["errors"][0]["message"] == "Mutations must be sent with POST, not GET"
    assert codes(response) == ["BAD_REQUEST"]
    assert response.headers[STATEMENT_HEADER] == "0"


async def test_a_real_mutation_over_get_is_refused_before_it_runs(client: httpx.AsyncClient) -> None:
    # given a valid mutation, as a link on another site could carry it
    params = {"query": RETIRE, "variables": json.dumps({"id": base64.b64encode(b"Contract:1").decode()})}

    # when it is sent with GET
    response = await client.get("/graphql", params=params)

    # then it is refused with 405 before anything runs, not even its permission check
    assert response.status_code == 405
    assert codes(response) == ["BAD_REQUEST"]
    assert response.headers[STATEMENT_HEADER] == "0"


async def test_the_operation_chosen_by_name_decides_whether_get_may_run_it(client: httpx.AsyncClient) -> None:
    # given a document holding a query and a mutation
    # when the mutation is chosen by name over GET
    response = await client.get("/graphql", params={"query": A_QUERY_AND_A_MUTATION, "operationName": "Renew"})

    # then it is refused, never run
    assert response.status_code == 405
    assert response.headers[STATEMENT_HEADER] == "0"


async def test_post_carries_everything_a_mutation_included(client: httpx.AsyncClient) -> None:
    # given a real mutation, sent without a token
    payload = {"query": RETIRE, "variables": {"id": base64.b64encode(b"Contract:1").decode()}}

    # when it is posted
    response = await client.post("/graphql", json=payload, headers={"accept": GRAPHQL_RESPONSE})

    # then POST is not refused for its method: the mutation runs, and its own permission check answers
    assert response.status_code == 200
    assert codes(response) == ["UNAUTHENTICATED"]


async def test_a_query_posted_as_json_runs(client: httpx.AsyncClient) -> None:
    # given a query and variables as a JSON body
    payload = {"query": CONTRACTS_EXPIRING, "variables": {"from": "2019-10-01", "to": "2020-01-31"}}

    # when it is posted
    response = await client.post("/graphql", json=payload)

    # then it runs: Amey, Skanska (October 2019) and Kier (January 2020)
    assert response.status_code == 200
    assert body(response)["data"] == {"contracts": {"totalCount": 3}}


async def test_a_client_accepting_graphql_responses_gets_that_media_type(client: httpx.AsyncClient) -> None:
    # given a client that accepts the GraphQL response media type
    headers = {"accept": GRAPHQL_RESPONSE}

    # when its query succeeds
    response = await client.post("/graphql", json={"query": COUNT_CONTRACTS}, headers=headers)

    # then the response says so, with 200
    assert response.status_code == 200
    assert media_type(response) == GRAPHQL_RESPONSE
    assert body(response)["data"] == {"contracts": {"totalCount": 15}}


REQUEST_ERRORS = [
    pytest.param(
        {"query": DOES_NOT_PARSE}, "Syntax Error: Expected Name, found <EOF>.", "BAD_QUERY", id="does-not-parse"
    ),
    pytest.param(
        {"query": UNKNOWN_FIELD},
        "Cannot query field 'annualBudget' on type 'ContractConnection'.",
        "BAD_QUERY",
        id="unknown-field",
    ),
    pytest.param(
        {"query": PAGE_SIZE_VARIABLE, "variables": {"first": "abc"}},
        "Variable '$first' has invalid value: Int cannot represent non-integer value: 'abc'",
        "BAD_INPUT",
        id="int-variable-given-text",
    ),
    pytest.param(
        {"query": MONEY_VARIABLE, "variables": {"min": "abc"}},
        "Variable '$min' has invalid value: Value cannot represent a Decimal: \"abc\".",
        "BAD_INPUT",
        id="decimal-variable-given-text",
    ),
]


@pytest.mark.parametrize(("payload", "message", "code"), REQUEST_ERRORS)
async def test_a_request_that_cannot_run_is_a_400_for_graphql_response_clients(
    client: httpx.AsyncClient, payload: dict[str, Any], message: str, code: str
) -> None:
    # given a client that accepts the GraphQL response media type
    # when it sends a request that fails before execution
    response = await client.post("/graphql", json=payload, headers={"accept": GRAPHQL_RESPONSE})

    # then it gets 400, in that media type, with no data entry and a coded error; nothing ran
    assert response.status_code == 400
    assert media_type(response) == GRAPHQL_RESPONSE
    assert "data" not in body(response)
    assert body(response)["errors"][0]["message"] == message
    assert codes(response) == [code]
    assert response.headers[STATEMENT_HEADER] == "0"


@pytest.mark.parametrize(("payload", "message", "code"), REQUEST_ERRORS)
async def test_a_request_that_cannot_run_is_a_200_for_json_clients(
    client: httpx.AsyncClient, payload: dict[str, Any], message: str, code: str
) -> None:
    # given an older client that accepts only application/json
    # when it sends a request that fails before execution
    response = await client.post("/graphql", json=payload, headers={"accept": JSON})

    # then it gets 200 with the errors in the body, as the spec asks for that media type
    assert response.status_code == 200
    assert media_type(response) == JSON
    assert "data" not in body(response)
    assert body(response)["errors"][0]["message"] == message
    assert codes(response) == [code]


async def test_a_field_error_is_a_partial_response_with_200_even_for_graphql_response_clients(
    client: httpx.AsyncClient,
) -> None:
    # given a request that validates but asks a field for something impossible
    # when it runs
    response = await client.post("/graphql", json={"query": NEGATIVE_PAGE}, headers={"accept": GRAPHQL_RESPONSE})

    # then execution began, so the data entry is there (null) and the status is 200
    assert response.status_code == 200
    assert body(response)["data"] is None
    assert codes(response) == ["BAD_INPUT"]


async def test_a_client_that_says_nothing_gets_json(client: httpx.AsyncClient) -> None:
    # given a request with no Accept header at all
    request = client.build_request("POST", "/graphql", json={"query": UNKNOWN_FIELD})
    del request.headers["accept"]

    # when it is sent
    response = await client.send(request)

    # then it is treated as a legacy JSON client
    assert response.status_code == 200
    assert media_type(response) == JSON


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (f"{JSON};q=0.9, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.5, {JSON}", JSON),
        (f"{GRAPHQL_RESPONSE}, {JSON}", GRAPHQL_RESPONSE),
        ("*/*", JSON),
        (f"{GRAPHQL_RESPONSE};q=0", JSON),
    ],
)
async def test_the_media_type_follows_the_clients_preference(
    client: httpx.AsyncClient, accept: str, expected: str
) -> None:
    # given an Accept header ranking the two media types
    # when a query is posted
    response = await client.post("/graphql", json={"query": COUNT_CONTRACTS}, headers={"accept": accept})

    # then the preferred one is used
    assert media_type(response) == expected


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
async def test_a_body_that_is_not_json_is_a_400(client: httpx.AsyncClient, accept: str) -> None:
    # given a POST whose body claims to be JSON but is not
    headers = {"content-type": JSON, "accept": accept}

    # when it is sent
    response = await client.post("/graphql", content=b'{"query": "{ contracts', headers=headers)

    # then it is a bad request, answered as a GraphQL error the client can read, saying where the JSON broke
    assert response.status_code == 400
    assert media_type(response) == accept
    message = "Unable to parse request body as JSON: Unterminated string starting at (line 1, column 11)"
    assert body(response) == {"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]}


async def test_a_request_without_a_query_is_a_400(client: httpx.AsyncClient) -> None:
    # given a JSON body with no query
    # when it is posted
    response = await client.post("/graphql", json={"variables": {}})

    # then it is a bad request that says what is missing
    assert response.status_code == 400
    assert body(response)["errors"][0]["message"] == "No GraphQL query found in the request"
    assert codes(response) == ["BAD_REQUEST"]


async def test_a_body_in_an_unsupported_media_type_is_refused(client: httpx.AsyncClient) -> None:
    # given a POST of plain text
    # when it is sent
    response = await client.post("/graphql", content=COUNT_CONTRACTS, headers={"content-type": "text/plain"})

    # then it is refused as a client error, in JSON
    assert 400 <= response.status_code < 500
    assert codes(response) == ["BAD_REQUEST"]


async def test_graphiql_is_served_to_a_browser(client: httpx.AsyncClient) -> None:
    # given a browser asking for a page
    # when it opens /graphql
    response = await client.get("/graphql", headers={"accept": "text/html,application/xhtml+xml"})

    # then it gets GraphiQL
    assert response.status_code == 200
    assert media_type(response) == "text/html"
    assert "graphiql" in response.text.lower()


async def test_other_methods_are_refused(client: httpx.AsyncClient) -> None:
    # given a method GraphQL over HTTP does not use
    # when it is sent
    response = await client.put("/graphql", json={"query": COUNT_CONTRACTS})

    # then it is refused, naming the methods that are allowed
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
