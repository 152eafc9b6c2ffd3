"""A request past its time limit, or whose client hangs up, is cancelled and its statement with it, while the
register goes on answering everyone else. The search is slow for a legitimate reason (long descriptions, long
search text, see tests/api/conftest.py); the limits are set small so that it outlasts them many times over."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.settings import Settings
from tests.api.conftest import SLOW_SEARCH, LiveApp, LiveRegister, running, served_over_http, slow_search_filter

# Generous bounds that exist only to show nothing hangs: the slow search alone runs for far longer.
ANSWERED_WITHIN_SECONDS = 5.0
STOPPED_WITHIN_SECONDS = 5.0
SMALL_QUERY = {"query": "{ contracts(first: 1) { totalCount } }"}
SLOW_QUERY = {"query": SLOW_SEARCH, "variables": {"filter": slow_search_filter()}}


class Searches:
    """What the app's connections are doing: on PostgreSQL, the statements its server is running for them;
    on SQLite, the connections out of the app's pool (one goes back only once SQLite has stopped its statement)."""

    def __init__(self, live_register: LiveRegister, live: LiveApp) -> None:
        self.live_register = live_register
        self.live = live
        self.monitor = live_register.database.engine()

    async def running(self) -> int:
        """How many are running now."""
        if self.live_register.database.backend == "sqlite":
            return self.live.engine.pool.checkedout()  # type: ignore[attr-defined, no-any-return]
        return await _active_statements(self.live_register, self.monitor)

    async def started(self) -> bool:
        """Whether one is running."""
        return await self.running() >= 1

    async def stopped(self) -> bool:
        """Whether none is."""
        return await self.running() == 0


async def _active_statements(live_register: LiveRegister, engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        found = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name AND state = 'active' "
                "AND pid <> pg_backend_pid()"
            ),
            {"name": live_register.database.schema},
        )
    return int(found or 0)


async def _until(check: Callable[[], Awaitable[bool]], seconds: float) -> bool:
    async with asyncio.timeout(seconds):
        while not await check():
            await asyncio.sleep(0.02)
    return True


async def test_a_search_past_the_time_limit_stops_with_timeout_while_others_are_answered(
    live_register: LiveRegister,
) -> None:
    # given a register that lets a request run for a second, and PostgreSQL's statements for much longer
    settings = Settings(request_timeout_seconds=1.0, statement_timeout_seconds=60.0)
    async with live_register.app(settings) as live, running(live.app) as client:
        searches = Searches(live_register, live)
        try:
            # when a slow search is asked for
            slow = asyncio.create_task(client.post("/graphql", json=SLOW_QUERY))
            assert await _until(searches.started, ANSWERED_WITHIN_SECONDS)

            # then, while it runs, the register answers others (asked while the search runs; on a loaded machine
            # the search may reach its limit before they are answered, so their answers are what is asserted)
            health = await client.get("/healthz")
            small = await client.post("/graphql", json=SMALL_QUERY)
            assert health.status_code == 200
            assert small.json()["data"]["contracts"]["totalCount"] > 0

            # and the search is stopped at the limit with a typed TIMEOUT, and told when to retry
            async with asyncio.timeout(ANSWERED_WITHIN_SECONDS):
                response = await slow
            assert response.status_code == 200
            assert response.json()["errors"] == [
                {
                    "message": "The request took longer than the register allows; ask for less, or try again later.",
                    "extensions": {"code": "TIMEOUT"},
                }
            ]
            assert response.headers["retry-after"] == "5"

            # and its statement is gone from the database (PostgreSQL's pg_stat_activity; SQLite's connection
            # is back in the pool, which it could only be once SQLite had stopped the search)
            assert await _until(searches.stopped, STOPPED_WITHIN_SECONDS)

            # and the register goes on answering
            again = await client.post("/graphql", json=SMALL_QUERY)
            assert again.json()["data"]["contracts"]["totalCount"] > 0
        finally:
            await searches.monitor.dispose()


async def test_postgresqls_statement_timeout_stops_a_search_with_timeout(live_register: LiveRegister) -> None:
    if live_register.database.backend != "postgresql":
        return  # SQLite has no statement timeout of its own: its statements stop at the request's limit
    # given a register whose statements may run for half a second, and its requests for much longer
    settings = Settings(request_timeout_seconds=60.0, statement_timeout_seconds=0.5)
    async with live_register.client(settings) as client:
        # when a slow search is asked for by a client that speaks GraphQL over HTTP
        async with asyncio.timeout(ANSWERED_WITHIN_SECONDS):
            response = await client.post(
                "/graphql", json=SLOW_QUERY, headers={"Accept": "application/graphql-response+json"}
            )

        # then PostgreSQL cancels it and the client gets a typed TIMEOUT with 503, at the field it struck
        assert response.status_code == 503
        [error] = response.json()["errors"]
        assert (error["extensions"], error["path"]) == ({"code": "TIMEOUT"}, ["contracts"])


async def test_a_client_that_hangs_up_has_its_search_stopped(live_register: LiveRegister) -> None:
    # given the register served over HTTP with no time limit that would stop a slow search soon
    settings = Settings(request_timeout_seconds=60.0, statement_timeout_seconds=60.0)
    async with live_register.app(settings) as live, served_over_http(live.app) as url:
        searches = Searches(live_register, live)
        try:
            # when a client asks for a slow search, and hangs up while the database works on it
            host, port = httpx.URL(url).host, httpx.URL(url).port
            reader, writer = await asyncio.open_connection(host, port)
            body = json.dumps(SLOW_QUERY).encode()
            writer.write(
                b"POST /graphql HTTP/1.1\r\nHost: register.test\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            await writer.drain()
            assert await _until(searches.started, ANSWERED_WITHIN_SECONDS)
            writer.close()
            await writer.wait_closed()

            # then the search stops within moments, far sooner than it would have finished
            assert await _until(searches.stopped, STOPPED_WITHIN_SECONDS)
            assert await reader.read() == b""

            # and the register goes on answering
            async with httpx.AsyncClient(base_url=url) as client:
                again = await client.post("/graphql", json=SMALL_QUERY)
            assert again.json()["data"]["contracts"]["totalCount"] > 0
        finally:
            await searches.monitor.dispose()
