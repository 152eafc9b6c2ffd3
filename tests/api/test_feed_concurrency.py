"""Four writers committing at once while a consumer follows the change feed: it sees every change exactly once,
in the order each writer made them, on a database whose writes are really committed (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from db.settings import Settings
from tests.api.conftest import LiveRegister
from tests.api.feed_writes import create_contract, latest, post, retitle

WRITERS = 4
EDITS = 8

FEED = """
query($after: String) {
  changes(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id cursor kind recordId version }
  }
}
"""


async def _writer(client: httpx.AsyncClient, editor: str, n: int, tag: str) -> str:
    """One editor adding a contract and then changing its title, one committed write after another."""
    contract = await create_contract(client, editor, f"FEED-{tag}-{n}", "Lot 0")
    for version in range(1, EDITS + 1):
        await retitle(client, editor, contract, version, f"Lot {version}")
    return contract


async def _read_after(client: httpx.AsyncClient, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """Everything the feed holds after a cursor now, and the cursor to resume from."""
    seen: list[dict[str, Any]] = []
    while True:
        page = (await post(client, FEED, {"after": cursor}))["changes"]
        seen += page["nodes"]
        cursor = page["pageInfo"]["endCursor"] or cursor
        if not page["pageInfo"]["hasNextPage"]:
            return seen, cursor


async def test_a_consumer_following_the_feed_while_four_writers_commit_sees_each_change_once_in_order(
    live_register: LiveRegister,
) -> None:
    async with live_register.client(Settings()) as client:
        # given a consumer caught up with the feed
        start = await latest(client)
        tag = start[-8:]

        # when four editors write at once, a contract each and eight changes to it, while the consumer polls
        writers = asyncio.gather(*(_writer(client, live_register.editor, n, tag) for n in range(WRITERS)))
        followed: list[dict[str, Any]] = []
        cursor = start
        polls = 0
        while not writers.done():
            seen, cursor = await _read_after(client, cursor)
            followed += seen
            polls += 1
            await asyncio.sleep(0)
        contracts = await writers
        seen, cursor = await _read_after(client, cursor)
        followed += seen

        # then it saw every change exactly once: the same list, in the same order, as one read afterwards
        everything, _ = await _read_after(client, start)
        assert [change["id"] for change in followed] == [change["id"] for change in everything]
        assert len({change["id"] for change in followed}) == len(followed) == WRITERS * (EDITS + 1)
        # and each contract's changes came in the order its editor made them
        for contract in contracts:
            mine = [(change["kind"], change["version"]) for change in followed if change["recordId"] == contract]
            assert mine == [("CREATE", 1)] + [("UPDATE", version) for version in range(2, EDITS + 2)]
        assert polls > 1
