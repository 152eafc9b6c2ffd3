"""A mixed read and write load on one register for a fixed time: readers asking the benchmark's questions with
ever-changing variables, and a writer changing contracts back and forth through GraphQL.

Readers page through contracts lists (a window of ends, a minimum value on either basis, an order, a page size,
then one to five pages by cursor) and ask the pipeline over windows of one to twelve quarters; a share of them
ask the benchmark's own page and pipeline again, which the response cache can answer. The writer retitles one
of twenty contracts every few seconds ("... (reviewed)", then back), naming the version it read, so the
register's version advances and every kept answer goes stale. Choices come from one seeded stream per client,
so a run asks the same questions in the same order.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

import httpx

from bench import queries

PAGE_SIZES = (10, 50, 100)
ORDERS = (
    ("END", "ASC"),
    ("END", "DESC"),
    ("VALUE", "DESC"),
    ("ANNUAL_VALUE", "DESC"),
    ("TITLE", "ASC"),
    ("START", "ASC"),
)
MINIMUM_POUNDS = ("100000", "500000", "1000000", "5000000")
# The benchmark's own questions, asked again this often: the answers the cache keeps between writes.
REPEATED = 0.25
PIPELINE_SHARE = 0.2
RETITLED = 20
REVIEWED = " (reviewed)"

CONTRACT_UPDATE = """mutation Retitle($input: ContractUpdateInput!) {
  contractUpdate(input: $input) {
    contract { id title record { version } }
    userErrors { field message code }
  }
}"""
CONTRACTS_AS_READ = """query AsRead($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Contract { id title record { version } } }
}"""


@dataclass
class Tally:
    """What the load did: requests answered, writes accepted, and failures with the last one's reason."""

    reads: int = 0
    writes: int = 0
    errors: int = 0
    last_error: str | None = None

    def failed(self, reason: str) -> None:
        self.errors += 1
        self.last_error = reason

    def __str__(self) -> str:
        last = f" (the last: {self.last_error})" if self.last_error else ""
        return f"{self.reads:,} reads and {self.writes:,} writes answered, {self.errors:,} failed{last}"


async def ask(
    client: httpx.AsyncClient, url: str, query: str, variables: dict[str, Any], tally: Tally, token: str | None = None
) -> Any:
    """One GraphQL request; its data, or None (counted as an error) when it failed."""
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    try:
        response = await client.post(url, json={"query": query, "variables": variables}, headers=headers)
        payload = response.json()
    except (httpx.HTTPError, ValueError) as error:
        tally.failed(f"{error.__class__.__name__}: {error}")
        return None
    if response.status_code != 200 or payload.get("errors"):
        tally.failed(f"HTTP {response.status_code}: {str(payload.get('errors') or payload)[:300]}")
        return None
    return payload["data"]


def contract_list(rng: random.Random) -> dict[str, Any]:
    """A contracts list a commissioning officer might ask for: ends in a window of one to three financial years,
    worth at least a sum a year or over the whole life, in some order, 10 to 100 at a time."""
    first_year = rng.randint(2015, 2030)
    field, direction = rng.choice(ORDERS)
    return {
        "first": rng.choice(PAGE_SIZES),
        "after": None,
        "filter": {
            "expiry": {"from": f"{first_year}-04-01", "to": f"{first_year + rng.randint(1, 3)}-03-31"},
            "value": {"min": rng.choice(MINIMUM_POUNDS), "basis": rng.choice(("ANNUAL", "TOTAL"))},
        },
        "order": {"field": field, "direction": direction},
    }


def pipeline_window(rng: random.Random) -> dict[str, Any]:
    """A pipeline of one to twelve quarters, starting in some quarter of 2017-18 to 2029-30."""
    start = rng.randint(2017, 2029) * 4 + rng.randint(0, 3)
    end = start + rng.randint(0, 11)

    def label(index: int) -> str:
        year, quarter = divmod(index, 4)
        return f"Q{quarter + 1} {year}/{(year + 1) % 100:02d}"

    return {"from": label(start), "to": label(end)}


async def _read(client: httpx.AsyncClient, url: str, rng: random.Random, tally: Tally) -> None:
    if rng.random() < REPEATED:
        query = queries.PIPELINE if rng.random() < PIPELINE_SHARE else queries.PAGE_WITH_PROVIDER
        data = await ask(client, url, query, {}, tally)
    elif rng.random() < PIPELINE_SHARE:
        data = await ask(client, url, queries.PIPELINE_VARIED, pipeline_window(rng), tally)
    else:
        await _page_through(client, url, rng, tally)
        return
    # Counted after the answer, never as `tally.reads += await ...`, which would lose the other readers' counts.
    tally.reads += data is not None


async def _page_through(client: httpx.AsyncClient, url: str, rng: random.Random, tally: Tally) -> None:
    variables = contract_list(rng)
    for _ in range(rng.randint(1, 5)):
        data = await ask(client, url, queries.PAGE_VARIED, variables, tally)
        if data is None:
            return
        tally.reads += 1
        info = data["contracts"]["pageInfo"]
        if not info["hasNextPage"]:
            return
        variables = {**variables, "after": info["endCursor"]}


async def _reader(client: httpx.AsyncClient, url: str, seed: str, deadline: float, tally: Tally) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        await _read(client, url, rng, tally)


async def retitled_contracts(client: httpx.AsyncClient, url: str, tally: Tally) -> dict[str, tuple[str, int]]:
    """The contracts the writer changes (the first of the benchmark's page), each with its title and version."""
    page = await ask(client, url, queries.PAGE_WITH_PROVIDER, {}, tally)
    if page is None:
        raise RuntimeError(f"the register did not answer the benchmark's page: {tally.last_error}")
    ids = [edge["node"]["id"] for edge in page["contracts"]["edges"][:RETITLED]]
    found = await ask(client, url, CONTRACTS_AS_READ, {"ids": ids}, tally)
    if found is None:
        raise RuntimeError(f"the register did not answer for the contracts' versions: {tally.last_error}")
    return {node["id"]: (node["title"], node["record"]["version"]) for node in found["nodes"]}


async def _writer(client: httpx.AsyncClient, url: str, token: str, every: float, deadline: float, tally: Tally) -> None:
    contracts = await retitled_contracts(client, url, tally)
    order = list(contracts)
    turn = 0
    while time.monotonic() + every < deadline:
        await asyncio.sleep(every)
        contract_id = order[turn % len(order)]
        turn += 1
        title, version = contracts[contract_id]
        changed = title.removesuffix(REVIEWED) if title.endswith(REVIEWED) else title + REVIEWED
        change = {"input": {"id": contract_id, "version": version, "title": changed}}
        data = await ask(client, url, CONTRACT_UPDATE, change, tally, token)
        if data is None:
            continue
        payload = data["contractUpdate"]
        if payload["userErrors"]:
            tally.failed(f"contractUpdate refused: {payload['userErrors']}")
            # Someone else's write (or a lost answer) moved the version on: read it again and carry on.
            contracts.update(await retitled_contracts(client, url, tally))
            continue
        contracts[contract_id] = (payload["contract"]["title"], payload["contract"]["record"]["version"])
        tally.writes += 1


async def mixed_load(url: str, token: str, seconds: float, readers: int, write_every: float, seed: int) -> Tally:
    """Drive the register's GraphQL at `url` with `readers` readers and one writer (with `token`, an editor's)
    for `seconds`."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=readers + 1, max_keepalive_connections=readers + 1)
    async with httpx.AsyncClient(timeout=60.0, limits=limits) as client:
        await asyncio.gather(
            _writer(client, url, token, write_every, deadline, tally),
            *(_reader(client, url, f"{seed}/reader {n}", deadline, tally) for n in range(readers)),
        )
    return tally
