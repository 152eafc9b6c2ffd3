"""PostgreSQL going away and coming back under a running register, through a TCP proxy in the test: first
refusing connections, then accepting them and answering nothing. Every route, with a token or without, gets
a typed UNAVAILABLE or TIMEOUT promptly and never a 500 or a traceback; once the database is back, the same
requests succeed without restarting anything."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.engine import make_url

from db.engine import make_engine
from db.settings import Settings
from tests.api.conftest import GRAPHQL_RESPONSE, LiveRegister

# Generous: with the limits below, every answer comes within a couple of seconds.
ANSWERED_WITHIN_SECONDS = 8.0
LIMITS = Settings(
    request_timeout_seconds=1.5,
    statement_timeout_seconds=20.0,
    connect_timeout_seconds=0.5,
    pool_timeout_seconds=0.5,
)
QUERY = {"query": "{ contracts(first: 1) { totalCount } }"}


class DatabaseProxy:
    """A TCP proxy in front of PostgreSQL that can be up (passing bytes), down (refusing connections and
    dropping those it has), or frozen (accepting connections, and passing nothing either way)."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._flowing = asyncio.Event()
        self._writers: set[asyncio.StreamWriter] = set()

    async def up(self) -> None:
        """Pass bytes between clients and PostgreSQL."""
        self._flowing.set()
        if self._server is None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
            self.port = self._server.sockets[0].getsockname()[1]

    async def down(self) -> None:
        """Refuse new connections and drop every open one, as a stopped server does."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def freeze(self) -> None:
        """Accept connections and hold them, answering nothing, as a hung server does."""
        self._flowing.clear()
        await self.up()
        self._flowing.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            await self._flowing.wait()
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
            self._writers.add(upstream_writer)
            await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.transport.abort()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                await self._flowing.wait()
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.transport.abort()


@contextlib.asynccontextmanager
async def _proxied(live_register: LiveRegister) -> AsyncIterator[tuple[DatabaseProxy, httpx.AsyncClient]]:
    url = make_url(live_register.database.url)
    proxy = DatabaseProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.up()
    proxied = url.set(port=proxy.port).render_as_string(hide_password=False)
    server_settings = {"search_path": live_register.database.schema}
    engine = make_engine(proxied, LIMITS, connect_args={"server_settings": server_settings})
    try:
        async with live_register.app(LIMITS, engine) as live:
            transport = httpx.ASGITransport(app=live.app)
            async with (
                live.app.router.lifespan_context(live.app),
                httpx.AsyncClient(transport=transport, base_url="http://register.test") as client,
            ):
                yield proxy, client
    finally:
        await proxy.down()


async def _every_route(client: httpx.AsyncClient, editor: str) -> dict[str, httpx.Response]:
    graphql = {"Accept": GRAPHQL_RESPONSE}
    async with asyncio.timeout(ANSWERED_WITHIN_SECONDS):
        return {
            # The token is looked up first, on a pooled connection, before any operation's time limit applies.
            "with a token": await client.post(
                "/graphql", json=QUERY, headers={**graphql, "Authorization": f"Bearer {editor}"}
            ),
            "anonymous": await client.post("/graphql", json=QUERY, headers=graphql),
            "plain JSON": await client.post("/graphql", json=QUERY),
            "calendar": await client.get("/calendar/key-decisions.ics"),
            "export": await client.get("/exports/contracts.csv"),
        }


def _assert_answered(responses: dict[str, httpx.Response]) -> None:
    for route, response in responses.items():
        assert response.status_code == 200, (route, response.text)
    assert responses["anonymous"].json()["data"]["contracts"]["totalCount"] > 0
    assert responses["with a token"].json()["data"]["contracts"]["totalCount"] > 0


def _assert_unavailable(responses: dict[str, httpx.Response], codes: set[str]) -> None:
    for route, response in responses.items():
        assert response.status_code == (200 if route == "plain JSON" else 503), (route, response.text)
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] in codes, (route, error)
        assert response.headers["retry-after"] == "5"
        assert "Traceback" not in response.text and "127.0.0.1" not in response.text


async def test_postgresql_stopped_frozen_and_back_gives_unavailable_then_answers(
    live_register: LiveRegister,
) -> None:
    if live_register.database.backend != "postgresql":
        pytest.skip("SQLite is a file in the register's own process: it cannot go away")
    async with _proxied(live_register) as (proxy, client):
        # given a register answering through the proxy
        _assert_answered(await _every_route(client, live_register.editor))

        # when the database stops, then every route says it is unavailable, promptly
        await proxy.down()
        _assert_unavailable(await _every_route(client, live_register.editor), {"UNAVAILABLE"})

        # when it comes back, then the same requests succeed, with no restart
        await proxy.up()
        _assert_answered(await _every_route(client, live_register.editor))

        # when it hangs, accepting connections but answering nothing, then every route still answers promptly
        await proxy.freeze()
        _assert_unavailable(await _every_route(client, live_register.editor), {"UNAVAILABLE", "TIMEOUT"})

        # and when it answers again, so does the register
        await proxy.up()
        _assert_answered(await _every_route(client, live_register.editor))
