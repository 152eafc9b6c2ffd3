"""No client mistake is a server error: malformed bodies and oversized inputs get a typed 4xx and change nothing.

Each case is sent over HTTP to the seeded register (on SQLite and on PostgreSQL) by an editor, so a write would
happen if the request got through; every answer must be a GraphQL error response with a code on every error,
never INTERNAL, never plain text, with no change recorded and no contract added.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.settings import Settings
from tests.api.conftest import GRAPHQL_RESPONSE, JSON, Serve
from tests.conftest import Tokens

COUNT = "query Count($f: ContractFilter) { contracts(filter: $f) { totalCount } }"
CREATE = """
mutation Create($title: String!) {
  contractCreate(input: {reference: "BOUNDS-1", title: $title, status: ACTIVE}) { userErrors { code } }
}
"""
NODES = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }"
IMPORT = """
mutation Import($document: String!) {
  contractsImport(input: {format: TRANSPARENCY_CSV, document: $document}) { summary { created } userErrors { code } }
}
"""
MEGABYTE = 1024 * 1024


def operation(query: str, variables: dict[str, Any] | None = None) -> bytes:
    """A body holding one operation."""
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def counting(filter_: object) -> bytes:
    """A body counting the contracts a filter matches."""
    return operation(COUNT, {"f": filter_})


def nested(combinator: str, depth: int) -> dict[str, Any]:
    """A filter nesting `and`, `or` or `not` this deep around an empty filter."""
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {combinator: value if combinator == "not" else [value]}
    return value


def provider_ids(count: int) -> list[str]:
    """Well-formed global IDs of providers (whether or not they exist)."""
    return [base64.b64encode(f"Provider:{pk}".encode()).decode() for pk in range(1, count + 1)]


@dataclass(frozen=True)
class Case:
    """A request, and the status and code of the one error it must get."""

    body: bytes
    status: int
    code: str
    argument: str | None = None
    settings: Settings = field(default_factory=Settings)
    # Sent by an editor, so a request that got through would write; a body over the request limit is sent
    # anonymously, since an editor's may be larger (for imports; see the tests below).
    as_editor: bool = True


CASES: dict[str, Case] = {
    "JSON nested past the recursion limit": Case(b"[" * 100_000 + b"]" * 100_000, 400, "BAD_REQUEST"),
    "bytes that are not UTF-8": Case(b'{"query": "{ contracts { totalCount } }\xff"}', 400, "BAD_REQUEST"),
    "a body that is null": Case(b"null", 400, "BAD_REQUEST"),
    "a body that is a string": Case(b'"mutation { contractCreate }"', 400, "BAD_REQUEST"),
    "a body that is a number": Case(b"42", 400, "BAD_REQUEST"),
    "a batch of operations": Case(b"[" + operation(CREATE, {"title": "Batched"}) + b"]", 400, "BAD_REQUEST"),
    "a query that is not a string": Case(b'{"query": ["{ contracts { totalCount } }"]}', 400, "BAD_REQUEST"),
    "variables that are not an object": Case(b'{"query": "{ __typename }", "variables": "x"}', 400, "BAD_REQUEST"),
    "an operation name that is not a string": Case(
        b'{"query": "{ __typename }", "operationName": 7}', 400, "BAD_REQUEST"
    ),
    "a lone surrogate in a variable": Case(operation(CREATE, {"title": "Contact Point \ud800"}), 400, "BAD_INPUT"),
    "a lone surrogate in the query": Case(
        operation(
            'mutation { contractCreate(input: {reference: "X", title: "\ud800", status: ACTIVE}) { __typename } }'
        ),
        400,
        "BAD_INPUT",
    ),
    "a 1 MB text filter": Case(counting({"text": "a" * MEGABYTE}), 413, "REQUEST_TOO_LARGE", as_editor=False),
    "a 40,000-entry or": Case(
        counting({"or": [{"text": "Agilisys"}] * 40_000}), 413, "REQUEST_TOO_LARGE", as_editor=False
    ),
    "a 40,000-entry or, with the body limit raised": Case(
        counting({"or": [{"text": "Agilisys"}] * 40_000}),
        400,
        "BAD_INPUT",
        argument="filter.or",
        settings=Settings(max_request_bytes=8 * MEGABYTE),
    ),
    "a 1 MB text filter, with the body limit raised": Case(
        counting({"text": "a" * MEGABYTE}), 400, "BAD_INPUT", "filter.text", Settings(max_request_bytes=8 * MEGABYTE)
    ),
    "text one character over the limit": Case(counting({"text": "a" * 257}), 400, "BAD_INPUT", "filter.text"),
    "an ID list one over the limit": Case(
        counting({"providerIds": provider_ids(101)}), 400, "BAD_INPUT", "filter.providerIds"
    ),
    "an and list one over the limit": Case(counting({"and": [{}] * 101}), 400, "BAD_INPUT", "filter.and"),
    "not nested one deeper than the limit": Case(
        counting(nested("not", 6)), 400, "BAD_INPUT", "filter.not.not.not.not.not.not"
    ),
    "or nested one deeper than the limit": Case(
        counting(nested("or", 6)), 400, "BAD_INPUT", "filter.or[0].or[0].or[0].or[0].or[0].or"
    ),
    "one condition too many in all": Case(
        counting({"or": [{"and": [{}] * 9}] * 10}), 400, "BAD_INPUT", "filter.or[9].and[8]"
    ),
    "40,000 IDs for nodes": Case(
        operation(NODES, {"ids": provider_ids(40_000)}), 413, "REQUEST_TOO_LARGE", as_editor=False
    ),
}


async def recorded(session: AsyncSession) -> tuple[int, int]:
    """How many changes the history holds and how many contracts the register holds."""
    changes = await session.scalar(select(func.count()).select_from(models.Change))
    contracts = await session.scalar(select(func.count()).select_from(models.Contract))
    return int(changes or 0), int(contracts or 0)


def assert_typed_refusal(response: httpx.Response, status: int, code: str, argument: str | None = None) -> None:
    """The response is a GraphQL error response with this status, and every error has a code that is not INTERNAL."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].split(";")[0] == GRAPHQL_RESPONSE
    body = response.json()
    assert "data" not in body
    codes = [error["extensions"]["code"] for error in body["errors"]]
    assert codes == [code]
    if argument is not None:
        assert body["errors"][0]["extensions"]["argument"] == argument


@pytest.mark.parametrize("name", list(CASES))
async def test_a_malformed_or_oversized_request_is_refused_with_a_code(
    serve: Serve, session: AsyncSession, tokens: Tokens, name: str
) -> None:
    # given an editor's request that is malformed or over a bound
    case = CASES[name]
    before = await recorded(session)
    headers = {"content-type": JSON, "accept": GRAPHQL_RESPONSE}
    if case.as_editor:
        headers["authorization"] = f"Bearer {tokens.editor}"

    # when it is posted
    async with serve(case.settings) as client:
        started = time.perf_counter()
        response = await client.post("/graphql", content=case.body, headers=headers)
        elapsed = time.perf_counter() - started

    # then it is refused at once, with a typed error, and nothing is written
    assert_typed_refusal(response, case.status, case.code, case.argument)
    # A bound that proves no hang, not a benchmark: a loaded 2-core machine took 5 s to read the 40,000 entries
    assert elapsed < 15.0
    assert await recorded(session) == before


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
async def test_a_refusal_is_in_the_media_type_the_client_asked_for(serve: Serve, accept: str) -> None:
    # given a client of either media type sending a body that is null
    async with serve(Settings()) as client:
        # when it is posted
        response = await client.post("/graphql", content=b"null", headers={"content-type": JSON, "accept": accept})

    # then the error comes back as JSON of that media type, with its code
    assert response.status_code == 400
    assert response.headers["content-type"].split(";")[0] == accept
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_the_filter_bounds_themselves_are_allowed(serve: Serve) -> None:
    # given filters exactly at each default bound
    at_the_bounds = [
        {"text": "a" * 256},
        {"providerIds": provider_ids(100)},
        nested("not", 5),
        {"or": [{"and": [{}] * 9}] * 9 + [{"and": [{}] * 8}]},
    ]

    # when each is counted
    async with serve(Settings()) as client:
        responses = [
            await client.post("/graphql", content=counting(f), headers={"content-type": JSON}) for f in at_the_bounds
        ]

    # then each runs
    assert [r.json().get("errors") for r in responses] == [None] * 4
    assert all(isinstance(r.json()["data"]["contracts"]["totalCount"], int) for r in responses)


async def test_the_text_bound_is_a_setting(serve: Serve) -> None:
    # given the register allowing only 8 characters of filter text
    async with serve(Settings(max_text_filter_length=8)) as client:
        # when 8 and then 9 are sent
        allowed = await client.post("/graphql", content=counting({"text": "Agilisys"}), headers={"content-type": JSON})
        refused = await client.post("/graphql", content=counting({"text": "Agilisys "}), headers={"content-type": JSON})

    # then the first finds the Agilisys contract and the second is refused, naming the field and the setting
    assert allowed.json()["data"]["contracts"]["totalCount"] >= 1
    error = refused.json()["errors"][0]
    assert error["extensions"] == {"code": "BAD_INPUT", "argument": "filter.text"}
    assert (
        error["message"] == "`filter.text` is 9 characters long; filter text may be at most 8 (MAX_TEXT_FILTER_LENGTH)"
    )


LITERAL_OR = "{ contracts(filter: {or: [%s]}) { totalCount } }"
IN_A_FRAGMENT = """
query Counted($t: String) { ...Counted }
fragment Counted on Query { contracts(filter: {text: $t}) { totalCount } }
"""


@pytest.mark.parametrize(
    ("query", "variables", "argument"),
    [
        (LITERAL_OR % ", ".join(["{}"] * 101), {}, "filter.or"),
        ('{ contracts(filter: {not: {text: "%s"}}) { totalCount } }' % ("a" * 300), {}, "filter.not.text"),
        ("query($t: String) { contracts(filter: {text: $t}) { totalCount } }", {"t": "a" * 300}, "filter.text"),
        ('query($t: String = "%s") { contracts(filter: {text: $t}) { totalCount } }' % ("a" * 300), {}, "filter.text"),
        (IN_A_FRAGMENT, {"t": "a" * 300}, "filter.text"),
        (
            "query($f: ContractFilter) { providers { edges { node { contracts(filter: $f) { totalCount } } } } }",
            {"f": nested("and", 6)},
            "filter.and[0].and[0].and[0].and[0].and[0].and",
        ),
    ],
    ids=[
        "a literal or",
        "literal text under not",
        "text in a variable inside a literal",
        "a variable's default",
        "a fragment",
        "a nested list's filter",
    ],
)
async def test_the_bounds_hold_wherever_the_filter_is_written(
    serve: Serve, query: str, variables: dict[str, Any], argument: str
) -> None:
    # given a filter over a bound written as a literal, through a variable, a default, a fragment or on a nested list
    async with serve(Settings()) as client:
        # when it is posted
        response = await client.post(
            "/graphql", content=operation(query, variables), headers={"accept": GRAPHQL_RESPONSE, "content-type": JSON}
        )

    # then it is refused before it runs, naming the field
    assert_typed_refusal(response, 400, "BAD_INPUT", argument)


async def test_nodes_refuses_more_ids_than_a_page(serve: Serve) -> None:
    # given 5,000 IDs: within the body limit, far over the page cap
    async with serve(Settings()) as client:
        response = await client.post(
            "/graphql", content=operation(NODES, {"ids": provider_ids(5_000)}), headers={"content-type": JSON}
        )

    # then they are refused with the page cap, not looked up
    assert response.json()["errors"][0]["extensions"]["code"] == "PAGE_TOO_LARGE"


async def chunks(total: int, size: int, sent: list[int]) -> AsyncIterator[bytes]:
    """A body of `total` bytes in chunks, counting in `sent` how many the server pulled."""
    chunk = b" " * size
    for _ in range(total // size):
        sent[0] += size
        yield chunk


@pytest.mark.parametrize("declared", [True, False], ids=["with Content-Length", "chunked"])
async def test_a_50_mb_body_is_refused_without_being_read(serve: Serve, declared: bool) -> None:
    # given a 50 MB body, sent with its length declared or streamed without one
    sent = [0]
    total, size = 50 * MEGABYTE, 64 * 1024
    headers = {"content-type": JSON, "accept": GRAPHQL_RESPONSE}
    if declared:
        headers["content-length"] = str(total)

    # when it is posted
    async with serve(Settings()) as client:
        response = await client.post("/graphql", content=chunks(total, size, sent), headers=headers)

    # then it is a 413 that names the limit, and the register read no more than the limit and one chunk
    assert_typed_refusal(response, 413, "REQUEST_TOO_LARGE")
    assert "262,144 bytes (MAX_REQUEST_BYTES)" in response.json()["errors"][0]["message"]
    assert sent[0] <= (0 if declared else Settings().max_request_bytes + size)


async def test_a_long_query_string_is_refused(serve: Serve) -> None:
    # given a GET whose query string is over a request limit of 1 KB
    query = '{ contracts(filter: {text: "%s"}) { totalCount } }' % ("a" * 2_000)

    # when it is sent
    async with serve(Settings(max_request_bytes=1024)) as client:
        response = await client.get("/graphql", params={"query": query}, headers={"accept": GRAPHQL_RESPONSE})

    # then it is a 414 that says to use POST
    assert_typed_refusal(response, 414, "REQUEST_TOO_LARGE")
    assert "Send a long query with POST" in response.json()["errors"][0]["message"]


def import_body(size: int) -> bytes:
    """A contractsImport of a CSV document this many bytes long that imports nothing: one bad row, padded."""
    document = "Reference Number,Title of Agreement\n," + "x" * size
    return operation(IMPORT, {"document": document})


@pytest.mark.parametrize(
    ("who", "status"), [("editor", 200), ("admin", 200), ("reader", 413), ("revoked", 413), (None, 413)]
)
async def test_only_an_editor_may_send_an_import_over_the_request_limit(
    serve: Serve, session: AsyncSession, tokens: Tokens, who: str | None, status: int
) -> None:
    # given a 1 MB import: over the request limit, within the import limit
    before = await recorded(session)
    headers = {"content-type": JSON, "accept": GRAPHQL_RESPONSE}
    if who is not None:
        headers["authorization"] = f"Bearer {getattr(tokens, who)}"

    # when it is posted by each kind of caller
    async with serve(Settings()) as client:
        response = await client.post("/graphql", content=import_body(MEGABYTE), headers=headers)

    # then editors' and admins' bodies are read and the import answers; anyone else's is refused unread
    if status == 200:
        assert response.status_code == 200
        assert response.json()["data"]["contractsImport"]["userErrors"][0]["code"] == "BAD_INPUT"
    else:
        assert_typed_refusal(response, 413, "REQUEST_TOO_LARGE")
    assert await recorded(session) == before


async def test_an_editors_body_is_bounded_by_the_import_limit(serve: Serve, tokens: Tokens) -> None:
    # given an editor and a body over a small import limit
    settings = Settings(max_request_bytes=1024, max_import_bytes=64 * 1024)
    headers = {"content-type": JSON, "accept": GRAPHQL_RESPONSE, "authorization": f"Bearer {tokens.editor}"}

    # when it is posted
    async with serve(settings) as client:
        response = await client.post("/graphql", content=import_body(100 * 1024), headers=headers)

    # then it is refused, naming the import limit
    assert_typed_refusal(response, 413, "REQUEST_TOO_LARGE")
    assert "65,536 (MAX_IMPORT_BYTES)" in response.json()["errors"][0]["message"]
