"""Fixtures for the HTTP surface: the register's app built with settings of the test's choosing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.app import create_app
from api.cli import main
from db.settings import Settings

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
