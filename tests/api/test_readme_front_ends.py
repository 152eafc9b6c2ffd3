"""The README's front-end examples are true: its fetch example's query pages through the register as shown,
and its codegen configuration maps every custom scalar the schema declares."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from tests.api.conftest import GRAPHQL_RESPONSE

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text()


def fetch_example() -> tuple[str, dict[str, Any]]:
    """The query and the variables of the README's fetch example, as the page would send them."""
    block = next(block for block in re.findall(r"```js\n(.*?)```", README, re.S) if "fetch(" in block)
    query = re.search(r"query: `(.*?)`", block, re.S)
    window = re.search(r'variables: \{ from: "([^"]+)", to: "([^"]+)", after \}', block)
    assert query is not None and window is not None, "the README's fetch example has moved"
    return query.group(1), {"from": window.group(1), "to": window.group(2)}


async def test_the_readmes_fetch_example_pages_through_the_contracts_expiring(client: httpx.AsyncClient) -> None:
    # given the fetch example's query and variables
    query, variables = fetch_example()

    # when it is sent as the example sends it, page after page
    seen: list[dict[str, Any]] = []
    after: str | None = None
    total = None
    while True:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": {**variables, "after": after}},
            headers={"Accept": GRAPHQL_RESPONSE},
        )
        body = response.json()
        assert response.status_code == 200 and "errors" not in body
        page = body["data"]["contracts"]
        total = page["totalCount"]
        seen.extend(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    # then it collects every contract that may end in 2019/20 or 2020/21 once, soonest first, each with what it shows
    assert total is not None and total > 0 and len(seen) == total
    assert len({contract["reference"] for contract in seen}) == total
    ends = [(contract["end"]["earliest"], contract["end"]["latest"]) for contract in seen]
    assert ends == sorted(ends)
    assert all(earliest <= "2021-03-31" and latest >= "2019-04-01" for earliest, latest in ends)
    # an end known only as a year is listed where it may fall: the planned Microsoft agreement's "2021"
    assert seen[-1]["reference"] == "SCS-2017-MICROSOFT-LICENSING-2018"
    assert seen[-1]["end"] == {"text": "2021", "earliest": "2021-01-01", "latest": "2021-12-31"}


def test_the_readmes_codegen_config_maps_every_custom_scalar() -> None:
    sdl = (ROOT / "schema" / "schema.graphql").read_text()
    declared = set(re.findall(r"^scalar (\w+)", sdl, re.M))
    block = next(block for block in re.findall(r"```ts\n(.*?)```", README, re.S) if "CodegenConfig" in block)
    mapped = set(re.findall(r"(\w+): \"", block.split("scalars:")[1].split("}")[0]))
    assert declared == mapped
