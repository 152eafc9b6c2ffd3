"""Live subscriptions over graphql-transport-ws: a front end watching the register over a real websocket, served by
uvicorn, sees changes made through another app on its own engine (standing for another process): on PostgreSQL
woken by LISTEN/NOTIFY, on SQLite by polling the feed."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from db import models
from db.history import ChangeLog
from db.models import ChangeKind, ProviderKind, Role
from db.settings import Settings
from db.tokens import create_token
from tests.api.conftest import LiveRegister, served_over_http
from tests.api.feed_writes import create_contract, latest, retitle

PROTOCOL = Subprotocol("graphql-transport-ws")
# Long enough for a loaded machine; a subscriber on PostgreSQL that was not woken by the notice would wait for
# its fallback re-read (30 s) and fail here.
PATIENCE_SECONDS = 20

WATCH = """
subscription($after: String, $filter: RegisterChangeFilter) {
  changes(after: $after, filter: $filter) {
    id cursor kind actor recordType changed after
    record { id ... on Contract { reference title } }
  }
}
"""
LIVE = Settings(subscription_poll_seconds=0.05)


@asynccontextmanager
async def _watching(live_register: LiveRegister) -> AsyncIterator[tuple[str, httpx.AsyncClient, str]]:
    """One process served over a real socket, another (in process, on its own engine) to write through, and the
    feed's latest cursor: the URL, the other process's client, the cursor."""
    async with (
        live_register.app(LIVE) as watched,
        served_over_http(watched.app) as url,
        live_register.client(Settings()) as elsewhere,
    ):
        yield url, elsewhere, await latest(elsewhere)


@asynccontextmanager
async def _socket(url: str, payload: dict[str, Any] | None = None, **headers: str) -> AsyncIterator[ClientConnection]:
    """A websocket to /graphql that has sent its connection_init."""
    async with connect(
        f"ws{url.removeprefix('http')}/graphql", subprotocols=[PROTOCOL], additional_headers=headers
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": payload or {}}))
        yield ws


async def _message(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), PATIENCE_SECONDS))
    return message


async def _subscribe(ws: ClientConnection, variables: dict[str, Any]) -> None:
    assert (await _message(ws))["type"] == "connection_ack"
    await ws.send(json.dumps({"id": "watch", "type": "subscribe", "payload": {"query": WATCH, "variables": variables}}))


async def _next_change(ws: ClientConnection) -> dict[str, Any]:
    message = await _message(ws)
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message["payload"]
    change: dict[str, Any] = message["payload"]["data"]["changes"]
    return change


async def _refusal(ws: ClientConnection) -> tuple[int, str]:
    with pytest.raises(ConnectionClosed) as closed:
        await _message(ws)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code, closed.value.rcvd.reason


async def test_a_subscriber_sees_a_change_made_through_another_process_once_it_commits(
    live_register: LiveRegister,
) -> None:
    async with _watching(live_register) as (url, elsewhere, after):
        # given a front end subscribed to the feed of one process, from the feed's latest change
        async with _socket(url) as ws:
            await _subscribe(ws, {"after": after})

            # when another process adds a contract and then changes its title
            contract = await create_contract(elsewhere, live_register.editor, f"WS-{after[-8:]}")
            await retitle(elsewhere, live_register.editor, contract, 1, "Recycling")

            # then the subscriber is sent both, in order, with the record, as the feed shows them
            created, updated = await _next_change(ws), await _next_change(ws)
            assert (created["kind"], created["actor"], created["recordType"]) == ("CREATE", "live-editor", "CONTRACT")
            assert (updated["kind"], updated["changed"], updated["after"]["title"]) == (
                "UPDATE",
                ["title"],
                "Recycling",
            )
            assert updated["record"] == {"id": contract, "reference": f"WS-{after[-8:]}", "title": "Recycling"}

            # and a subscriber resuming after the first change's cursor is sent the second, and nothing twice
            async with _socket(url) as again:
                await _subscribe(again, {"after": created["cursor"]})
                assert await _next_change(again) == updated


async def test_a_subscription_delivers_only_the_changes_its_filter_selects(live_register: LiveRegister) -> None:
    async with _watching(live_register) as (url, elsewhere, after):
        # given a subscriber to contracts' updates only
        async with _socket(url) as ws:
            await _subscribe(ws, {"after": after, "filter": {"recordTypes": ["CONTRACT"], "kinds": ["UPDATE"]}})

            # when a contract is created and then updated
            contract = await create_contract(elsewhere, live_register.editor, f"WS-F-{after[-8:]}")
            await retitle(elsewhere, live_register.editor, contract, 1, "Street lighting")

            # then the first thing it is sent is the update
            change = await _next_change(ws)
            assert (change["kind"], change["after"]["title"]) == ("UPDATE", "Street lighting")


async def test_closed_reads_refuse_a_websocket_without_a_token_and_admit_one_with_it(
    live_register: LiveRegister,
) -> None:
    closed = Settings(subscription_poll_seconds=0.05, reads_require_token=True)
    async with live_register.app(closed) as watched, served_over_http(watched.app) as url:
        # when a websocket connects without a token, then it is closed with 4401 and the reason
        async with _socket(url) as ws:
            code, reason = await _refusal(ws)
        assert code == 4401 and "Reads are closed" in reason and "connection_init" in reason

        # and one with an unknown token in its connection_init is told so
        async with _socket(url, {"Authorization": "Bearer not-a-token"}) as ws:
            code, reason = await _refusal(ws)
        assert code == 4401 and "not one this register issued" in reason

        # while one with a valid token, in its connection_init or in its handshake's header, is admitted
        bearer = f"Bearer {live_register.editor}"
        for payload, headers in (({"Authorization": bearer}, {}), ({}, {"Authorization": bearer})):
            async with _socket(url, payload, **headers) as ws:
                assert (await _message(ws))["type"] == "connection_ack"


async def test_a_token_may_hold_only_its_number_of_connections(live_register: LiveRegister) -> None:
    engine = live_register.database.engine()
    async with engine.begin() as connection, AsyncSession(connection) as session:
        token = await create_token(session, f"dashboard-{secrets.token_hex(4)}", Role.READER)
    await engine.dispose()
    limited = Settings(subscription_poll_seconds=0.05, websockets_per_token=2)
    async with live_register.app(limited) as watched, served_over_http(watched.app) as url:
        payload = {"Authorization": f"Bearer {token}"}
        # given a token holding its two connections
        async with _socket(url, payload) as one, _socket(url, payload) as two:
            assert (await _message(one))["type"] == (await _message(two))["type"] == "connection_ack"

            # when it opens a third, then that is closed with 4429, saying why
            async with _socket(url, payload) as three:
                code, reason = await _refusal(three)
            assert code == 4429 and "Already 2 open connections" in reason

            # while another caller is not held back by it
            async with _socket(url) as anonymous:
                assert (await _message(anonymous))["type"] == "connection_ack"

        # and once its connections close, it may connect again
        async with _socket(url, payload) as again:
            assert (await _message(again))["type"] == "connection_ack"


async def test_a_subscription_after_a_bad_cursor_is_refused_with_a_typed_error(live_register: LiveRegister) -> None:
    async with live_register.app(LIVE) as watched, served_over_http(watched.app) as url, _socket(url) as ws:
        # when a subscriber resumes after something that is no cursor of the feed
        await _subscribe(ws, {"after": "not-a-cursor"})

        # then it is told so, with the feed's code, and the subscription ends
        message = await _message(ws)
        assert message["type"] == "next" and message["payload"]["data"] is None, message
        errors = message["payload"]["errors"]
        assert [(error["extensions"]["code"], error["extensions"]["argument"]) for error in errors] == [
            ("BAD_CURSOR", "after")
        ]
        assert "not a cursor this list issued" in errors[0]["message"]
        assert await _message(ws) == {"id": "watch", "type": "complete"}


async def test_a_subscriber_sees_an_imports_changes_written_in_one_batch_by_another_process(
    live_register: LiveRegister,
) -> None:
    async with _watching(live_register) as (url, _elsewhere, after), _socket(url) as ws:
        # given a subscriber to providers
        await _subscribe(ws, {"after": after, "filter": {"recordTypes": ["PROVIDER"]}})

        # when an import on an engine of its own (as `register import` runs) adds a supplier, its change written
        # in one batch with the import's others
        engine = live_register.database.engine()
        try:
            async with async_sessionmaker(engine)() as session:
                log = ChangeLog("register import", origin="Transparency Code CSV: test")
                supplier = models.Provider(name=f"Bulk Haulage {after[-8:]}", kind=ProviderKind.SUPPLIER.value)
                session.add(supplier)
                log.note(supplier, ChangeKind.IMPORT)
                await log.write(session)
                await session.commit()
        finally:
            await engine.dispose()

        # then the subscriber is sent it
        change = await _next_change(ws)
        assert (change["kind"], change["actor"], change["after"]["name"]) == (
            "IMPORT",
            "register import",
            f"Bulk Haulage {after[-8:]}",
        )
