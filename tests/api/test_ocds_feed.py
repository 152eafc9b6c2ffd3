"""GET /feeds/contracts.ocds.json: the contracts' change feed as pages of valid OCDS release packages, on the same
cursors as the GraphQL feed, each page linking to the next."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from db.settings import Settings
from tests.api.conftest import Serve
from tests.conftest import GraphQL, Tokens
from tests.db.ocds_validation import schema_errors
from tests.schema.mutations.test_history import CONTRACT_RETIRE, CONTRACT_UPDATE

FEED = "/feeds/contracts.ocds.json"
LATEST_CONTRACT_CHANGE = """
query { changes(last: 1, filter: {recordTypes: [CONTRACT]}) { pageInfo { endCursor } nodes { at } } }
"""
KPSN = 'query { contracts(filter: {text: "KPSN"}) { nodes { id reference record { version } } } }'
CONTRACTS = "query { contracts { totalCount } }"


async def _follow(client: httpx.AsyncClient, url: str) -> tuple[list[dict[str, Any]], str]:
    """Every release the feed holds from a URL on, a page at a time, and the link to poll next."""
    releases: list[dict[str, Any]] = []
    while True:
        response = await client.get(url)
        if response.status_code == 204:
            assert response.content == b""
            return releases, response.links["next"]["url"]
        assert response.status_code == 200, response.text
        package = response.json()
        assert schema_errors(package) == []
        releases += package["releases"]
        url = package["links"]["next"]


async def test_followed_from_the_start_the_feed_publishes_every_contract_once_each_page_valid_ocds(
    client: httpx.AsyncClient, graphql: GraphQL
) -> None:
    # when a publication consumer follows the feed from the start, ten releases a page
    first = await client.get(FEED, params={"first": 10})
    releases, _ = await _follow(client, f"{FEED}?first=10")

    # then each page is a valid release package, and together they publish every current contract once
    assert first.headers["content-type"] == "application/json"
    assert len(first.json()["releases"]) == 10
    assert first.json()["links"]["next"].startswith("http://register.test/feeds/contracts.ocds.json?first=10&after=")
    total = (await graphql(CONTRACTS)).data["contracts"]["totalCount"]
    assert len(releases) == len({release["ocid"] for release in releases}) == total


async def test_a_consumer_polling_its_next_link_gets_a_release_for_each_contract_changed_since(
    client: httpx.AsyncClient, graphql: GraphQL, tokens: Tokens
) -> None:
    # given a consumer caught up, holding the GraphQL feed's cursor (the two feeds share cursors)
    after = (await graphql(LATEST_CONTRACT_CHANGE)).data["changes"]["pageInfo"]["endCursor"]
    caught_up, next_link = await _follow(client, f"{FEED}?after={after}")
    assert caught_up == []

    # when the KPSN contract's title is changed twice
    kpsn = (await graphql(KPSN)).data["contracts"]["nodes"][0]
    for n, title in enumerate(["Kent Public Services Network", "KPSN (renewed)"]):
        change = {"id": kpsn["id"], "version": kpsn["record"]["version"] + n, "title": title}
        assert (await graphql(CONTRACT_UPDATE, {"input": change}, token=tokens.editor)).errors == []

    # then polling its next link gives one release of the contract as it now stands, and then nothing more
    releases, polled_again = await _follow(client, next_link)
    (release,) = releases
    assert release["ocid"] == f"ocds-kccreg-contract-{kpsn['reference']}"
    assert release["contracts"][0]["title"] == "KPSN (renewed)"
    # dated when its latest change was made
    latest = (await graphql(LATEST_CONTRACT_CHANGE)).data["changes"]["nodes"][0]["at"]
    assert release["date"] == latest[:19] + "Z"
    assert (await _follow(client, polled_again)) == ([], polled_again)


async def test_a_retired_contract_is_published_no_more_and_the_feed_moves_past_it(
    client: httpx.AsyncClient, graphql: GraphQL, tokens: Tokens
) -> None:
    after = (await graphql(LATEST_CONTRACT_CHANGE)).data["changes"]["pageInfo"]["endCursor"]
    kpsn = (await graphql(KPSN)).data["contracts"]["nodes"][0]
    retire = {"id": kpsn["id"], "version": kpsn["record"]["version"]}
    assert (await graphql(CONTRACT_RETIRE, {"input": retire}, token=tokens.admin)).errors == []

    # when the feed is read after the cursor
    response = await client.get(FEED, params={"after": after})

    # then it has nothing to publish, and its next link has moved past the retirement
    assert response.status_code == 204
    assert response.links["next"]["url"] != f"http://register.test{FEED}?after={after}"
    assert (await client.get(response.links["next"]["url"])).links["next"]["url"] == response.links["next"]["url"]


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"after": "not-a-cursor"}, "not a cursor this list issued"),
        ({"first": "ten"}, "`first` must be a whole number"),
        ({"first": "101"}, "`first` may be at most 100"),
    ],
)
async def test_a_bad_cursor_or_page_size_is_a_bad_request_saying_why(
    client: httpx.AsyncClient, params: dict[str, str], said: str
) -> None:
    response = await client.get(FEED, params=params)
    assert response.status_code == 400
    assert said in response.text


async def test_closed_reads_close_the_feed_to_callers_without_a_token(serve: Serve, tokens: Tokens) -> None:
    async with serve(Settings(reads_require_token=True)) as client:
        refused = await client.get(FEED)
        admitted = await client.get(FEED, headers={"Authorization": f"Bearer {tokens.reader}"})
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert admitted.status_code == 200
