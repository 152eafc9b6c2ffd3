"""HTTP caching of reads sent with GET: a strong ETag from the register's version and the request, 304 while the
register is unchanged (without running the query), a new tag after a write, HEAD, and who may keep the answer."""

from __future__ import annotations

import json

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.statements import HEADER as STATEMENT_HEADER
from db import models
from db.settings import Settings
from tests.api.conftest import GRAPHQL_RESPONSE, Serve
from tests.conftest import Tokens
from tests.schema.mutations.rows import gid

KPSN = "SCS-2017-KPSN"
CONTRACT_TITLE = "query Title($reference: String!) { contract(reference: $reference) { title } }"
RENAME = """
mutation Rename($input: ContractUpdateInput!) {
  contractUpdate(input: $input) { contract { title } userErrors { code } }
}
"""
FRONT_END = "http://localhost:5173"


def title_of(reference: str = KPSN) -> dict[str, str]:
    """The URL parameters of a GET asking for one contract's title."""
    return {"query": CONTRACT_TITLE, "variables": json.dumps({"reference": reference})}


async def test_a_read_over_get_carries_a_strong_etag_and_asks_caches_to_revalidate(client: httpx.AsyncClient) -> None:
    # when an anonymous caller reads with GET
    response = await client.get("/graphql", params=title_of())

    # then the answer has a strong ETag, may be kept by any cache that asks again each time, and varies by token
    assert response.status_code == 200
    assert response.headers["etag"].startswith('"') and not response.headers["etag"].startswith("W/")
    assert response.headers["cache-control"] == "no-cache"
    assert {"accept", "authorization"} <= {v.strip().lower() for v in response.headers["vary"].split(",")}


async def test_answers_under_one_strong_etag_are_the_same_bytes(client: httpx.AsyncClient) -> None:
    # when the same read is asked twice over GET while the register is unchanged
    first = await client.get("/graphql", params=title_of())
    second = await client.get("/graphql", params=title_of())

    # then both carry one tag and the same body, the allowance left travelling in headers, not in the body
    assert first.headers["etag"] == second.headers["etag"]
    assert first.content == second.content
    assert "throttleStatus" not in first.text and "requestedQueryCost" in first.text
    assert {"x-ratelimit-limit", "x-ratelimit-remaining"} <= set(second.headers)


async def test_the_current_etag_gets_304_without_the_query_running(client: httpx.AsyncClient) -> None:
    # given the ETag of a read
    first = await client.get("/graphql", params=title_of())
    tag = first.headers["etag"]

    # when the same read is asked again with If-None-Match
    again = await client.get("/graphql", params=title_of(), headers={"If-None-Match": tag})

    # then it is 304 with the same tag and no body; the query did not run, so it cost nothing from the rate limit
    assert again.status_code == 304
    assert again.headers["etag"] == tag
    assert again.headers["cache-control"] == "no-cache"
    assert again.content == b""
    assert "x-ratelimit-remaining" in first.headers
    assert "x-ratelimit-remaining" not in again.headers
    assert int(again.headers[STATEMENT_HEADER]) < int(first.headers[STATEMENT_HEADER])


async def test_a_write_changes_the_etag_and_the_old_one_gets_the_new_answer(
    client: httpx.AsyncClient, session: AsyncSession, tokens: Tokens
) -> None:
    # given a client holding the ETag of a contract's title
    tag = (await client.get("/graphql", params=title_of())).headers["etag"]

    # when an editor renames the contract
    contract = await gid(session, models.Contract, reference=KPSN)
    rename = {"input": {"id": contract, "version": 1, "title": "Kent Public Services Network"}}
    written = await client.post(
        "/graphql", json={"query": RENAME, "variables": rename}, headers={"Authorization": f"Bearer {tokens.editor}"}
    )
    assert written.json()["data"]["contractUpdate"]["userErrors"] == []

    # then revalidating gets the new title under a new tag
    again = await client.get("/graphql", params=title_of(), headers={"If-None-Match": tag})
    assert again.status_code == 200
    assert again.json()["data"]["contract"]["title"] == "Kent Public Services Network"
    assert again.headers["etag"] != tag


async def test_the_etag_is_the_requests_own(client: httpx.AsyncClient) -> None:
    # given the ETag of one contract's title
    tag = (await client.get("/graphql", params=title_of())).headers["etag"]

    # when another contract, or the same read as another media type, is revalidated with it
    other = await client.get("/graphql", params=title_of("SCS-2017-TFM"), headers={"If-None-Match": tag})
    other_media = await client.get(
        "/graphql", params=title_of(), headers={"If-None-Match": tag, "Accept": GRAPHQL_RESPONSE}
    )

    # then each is answered in full, with a tag of its own
    assert other.status_code == other_media.status_code == 200
    assert len({tag, other.headers["etag"], other_media.headers["etag"]}) == 3


async def test_variables_in_another_order_are_the_same_request(client: httpx.AsyncClient) -> None:
    query = (
        "query Between($from: CouncilDate!, $to: CouncilDate!) "
        "{ contracts(filter: {expiry: {from: $from, to: $to}}) { totalCount } }"
    )
    one = {"query": query, "variables": json.dumps({"from": "2019/20", "to": "2020/21"})}
    other = {"query": query, "variables": json.dumps({"to": "2020/21", "from": "2019/20"})}

    tag = (await client.get("/graphql", params=one)).headers["etag"]
    again = await client.get("/graphql", params=other, headers={"If-None-Match": tag})

    assert again.status_code == 304


async def test_an_answer_to_a_token_holder_is_private_and_tagged_for_its_role(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    # when an anonymous caller, a reader and an editor read the same thing
    anonymous = await client.get("/graphql", params=title_of())
    reader = await client.get("/graphql", params=title_of(), headers={"Authorization": f"Bearer {tokens.reader}"})
    editor = await client.get("/graphql", params=title_of(), headers={"Authorization": f"Bearer {tokens.editor}"})

    # then only the anonymous answer may be kept by a shared cache, and each role's tag is its own
    assert anonymous.headers["cache-control"] == "no-cache"
    assert reader.headers["cache-control"] == editor.headers["cache-control"] == "private, no-cache"
    assert len({anonymous.headers["etag"], reader.headers["etag"], editor.headers["etag"]}) == 3

    # and a reader's tag revalidates for the reader
    again = await client.get(
        "/graphql",
        params=title_of(),
        headers={"Authorization": f"Bearer {tokens.reader}", "If-None-Match": reader.headers["etag"]},
    )
    assert again.status_code == 304
    assert again.headers["cache-control"] == "private, no-cache"


async def test_head_is_answered_like_get_without_a_body(client: httpx.AsyncClient) -> None:
    # given the answer to a GET
    got = await client.get("/graphql", params=title_of())

    # when the same request is sent with HEAD, then with the GET's tag
    head = await client.head("/graphql", params=title_of())
    revalidated = await client.head("/graphql", params=title_of(), headers={"If-None-Match": got.headers["etag"]})

    # then HEAD gets the GET's status and headers, and no body; with the tag, 304
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["content-type"] == got.headers["content-type"]
    assert revalidated.status_code == 304


async def test_posts_and_refused_requests_carry_no_etag(client: httpx.AsyncClient) -> None:
    # when a read is posted, and a GET's document does not validate
    posted = await client.post("/graphql", json={"query": CONTRACT_TITLE, "variables": {"reference": KPSN}})
    refused = await client.get("/graphql", params={"query": "{ contracts { annualBudget } }"})

    # then neither has a tag to revalidate with
    assert posted.status_code == refused.status_code == 200
    assert "etag" not in posted.headers
    assert "etag" not in refused.headers


async def test_a_mutation_over_get_is_refused_whatever_if_none_match_says(client: httpx.AsyncClient) -> None:
    params = {"query": RENAME, "variables": json.dumps({"input": {"id": "x", "version": 1}})}

    response = await client.get("/graphql", params=params, headers={"If-None-Match": "*"})

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_with_reads_closed_an_anonymous_caller_gets_401_not_304(serve: Serve, tokens: Tokens) -> None:
    # given a reader's tag for a read, on a register whose reads are closed
    async with serve(Settings(reads_require_token=True)) as client:
        reader = await client.get("/graphql", params=title_of(), headers={"Authorization": f"Bearer {tokens.reader}"})
        assert reader.status_code == 200

        # when a caller without a token revalidates with every tag it could hold
        anonymous = await client.get("/graphql", params=title_of(), headers={"If-None-Match": reader.headers["etag"]})

    # then it is refused, and learns nothing about whether the register changed
    assert anonymous.status_code == 401
    assert "etag" not in anonymous.headers


async def test_a_page_on_another_origin_may_read_the_etag(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params=title_of(), headers={"Origin": FRONT_END})

    assert "etag" in {name.strip().lower() for name in response.headers["access-control-expose-headers"].split(",")}
    assert response.headers["etag"]
