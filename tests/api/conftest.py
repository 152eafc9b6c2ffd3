"""Fixtures for the HTTP surface: the register's app built with settings of the test's choosing."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.app import create_app
from api.cli import main
from db import models
from db.migrations import upgrade
from db.models import Role
from db.seed import seed_register
from db.settings import Settings
from db.tokens import create_token
from tests.conftest import Database, fresh_database

Serve = Callable[[Settings], AbstractAsyncContextManager[httpx.AsyncClient]]

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


@asynccontextmanager
async def running(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on an app, with the app's lifespan (its engine) open for as long as the client is."""
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://register.test") as client,
    ):
        yield client


@pytest.fixture
def serve(register_engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]) -> Serve:
    """Serve the seeded register, on the test's rolled-back transaction, with the settings given."""

    def serve_with(settings: Settings) -> AbstractAsyncContextManager[httpx.AsyncClient]:
        return running(create_app(settings, engine=register_engine, sessionmaker=sessionmaker))

    return serve_with


@pytest.fixture
def register_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated, empty register in a temporary SQLite file, named by DATABASE_URL, for the command line."""
    database = tmp_path / "register.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    assert main(["db", "upgrade"]) == 0
    return database


@dataclass(frozen=True)
class LiveRegister:
    """A seeded register of its own, whose writes are committed, with an editor's token issued on it."""

    database: Database
    editor: str

    @asynccontextmanager
    async def app(self, settings: Settings, engine: AsyncEngine | None = None) -> AsyncIterator[LiveApp]:
        """The register's app on this database, on an engine of its own with the settings' time limits
        (or the one given), disposed of afterwards."""
        engine = engine or self.database.engine(settings)
        try:
            yield LiveApp(create_app(settings, engine=engine), engine)
        finally:
            await engine.dispose()

    @asynccontextmanager
    async def client(self, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
        """An HTTP client on the app (in process, through httpx's ASGI transport)."""
        async with self.app(settings) as live, running(live.app) as client:
            yield client


@dataclass(frozen=True)
class LiveApp:
    """The app on a live register, and the engine it uses (to see what its connections are doing)."""

    app: Starlette
    engine: AsyncEngine


# Contracts whose descriptions are long schedules, and a search for long text that almost matches them, make a
# query that is slow for a legitimate reason: each of a few rows costs the database a long search (about a
# minute for the whole search on SQLite, so a test can tell a search stopped at its limit from one left to run).
LONG_DESCRIPTION = "schedule " * 6000
SLOW_SEARCH = "query($filter: ContractFilter) { contracts(filter: $filter) { totalCount } }"


def slow_search_filter() -> dict[str, Any]:
    """A filter of many long texts, each almost the start of every long description, matching none."""
    return {"or": [{"text": "schedule " * 27 + f"{i:02d}"} for i in range(99)]}


@pytest.fixture(scope="session")
async def live_register(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LiveRegister]:
    """The seeded register in a database of its own for the whole run, for tests of the running app (concurrent
    editors, time limits, hangups, outages) that need their writes committed and seen by other connections."""
    database = await fresh_database(backend, tmp_path_factory.mktemp(f"live-{backend}"))
    engine = database.engine()
    try:
        await upgrade(engine)
        async with async_sessionmaker(engine, expire_on_commit=False)() as session:
            await seed_register(session)
            editor = await create_token(session, "live-editor", Role.EDITOR)
            await session.execute(update(models.Contract).values(description=LONG_DESCRIPTION))
            await session.commit()
    finally:
        await engine.dispose()
    yield LiveRegister(database, editor)
    await database.drop()


@asynccontextmanager
async def served_over_http(app: Starlette) -> AsyncIterator[str]:
    """The app served by uvicorn on a free local port in this event loop, so clients can really hang up;
    yields its base URL."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_level="error"))
    task = asyncio.create_task(server.serve(sockets=[listening]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        listening.close()
