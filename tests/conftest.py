"""Fixtures: every database test runs on SQLite and on PostgreSQL, on the migrated, seeded register.

Each backend's database is built once per run (migrated to head, then seeded from the papers); each test
then runs inside a transaction that is rolled back, so tests never see each other's writes.
PostgreSQL is the server at TEST_POSTGRES_URL (default the local one); each run gets a schema of its own so
runs never collide. Without a server the PostgreSQL half is skipped with the reason, unless
REQUIRE_POSTGRES=1, when it fails.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.statements import HEADER as STATEMENT_HEADER
from db.engine import make_engine
from db.migrations import upgrade
from db.models import Role
from db.seed import seed_register
from db.settings import Settings
from db.tokens import create_token, revoke_token

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]


async def _postgres_reachable() -> str | None:
    engine = make_engine(POSTGRES_URL)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return None
    except Exception as error:  # noqa: BLE001  (any failure to connect is a reason to skip)
        return f"PostgreSQL at {POSTGRES_URL} is not reachable: {error.__class__.__name__}: {error}"
    finally:
        await engine.dispose()


class Database:
    """A fresh, empty database on one backend, with a URL and a way to remove it afterwards."""

    def __init__(self, backend: str, tmp_path: Path) -> None:
        self.backend = backend
        self.schema = f"test_{secrets.token_hex(6)}"
        if backend == "sqlite":
            self.url = f"sqlite:///{tmp_path / f'{self.schema}.db'}"
        else:
            self.url = POSTGRES_URL

    def engine(self, settings: Settings | None = None) -> AsyncEngine:
        """An engine on this database with the settings' time limits; on PostgreSQL every connection searches
        the run's own schema, and is named after it in pg_stat_activity."""
        if self.backend == "postgresql":
            server_settings = {"search_path": self.schema, "application_name": self.schema}
            return make_engine(self.url, settings, connect_args={"server_settings": server_settings})
        return make_engine(self.url, settings)

    async def create(self) -> None:
        if self.backend == "postgresql":
            admin = make_engine(self.url)
            async with admin.begin() as connection:
                await connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
            await admin.dispose()

    async def drop(self) -> None:
        if self.backend == "postgresql":
            admin = make_engine(self.url)
            async with admin.begin() as connection:
                await connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            await admin.dispose()


async def fresh_database(backend: str, tmp_path: Path) -> Database:
    """An empty database on a backend, skipping (or failing under REQUIRE_POSTGRES) without PostgreSQL."""
    if backend == "postgresql":
        reason = await _postgres_reachable()
        if reason is not None:
            if os.environ.get("REQUIRE_POSTGRES") == "1":
                pytest.fail(f"REQUIRE_POSTGRES=1 but {reason}")
            pytest.skip(reason)
    database = Database(backend, tmp_path)
    await database.create()
    return database


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend a test runs on."""
    return str(request.param)


@pytest.fixture
async def empty_database(backend: str, tmp_path: Path) -> AsyncIterator[Database]:
    """An empty database, not even migrated, removed after the test."""
    database = await fresh_database(backend, tmp_path)
    yield database
    await database.drop()


@pytest.fixture(scope="session")
async def register_engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[AsyncEngine]:
    """An engine on the migrated register, seeded from the papers once for the whole run."""
    database = await fresh_database(backend, tmp_path_factory.mktemp(backend))
    engine = database.engine()
    await upgrade(engine)
    async with async_sessionmaker(engine)() as session:
        await seed_register(session)
        await session.commit()
    yield engine
    await engine.dispose()
    await database.drop()


@pytest.fixture
async def connection(register_engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection to the seeded register inside a transaction that is rolled back after the test."""
    async with register_engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    """Sessions on the test's connection; their commits become savepoints, so the rollback undoes them."""
    return async_sessionmaker(connection, expire_on_commit=False, join_transaction_mode="create_savepoint")


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session on the seeded register whose writes vanish after the test."""
    async with sessionmaker() as session:
        yield session


@pytest.fixture
async def client(
    register_engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the register's app, on the test's rolled-back transaction, counting statements."""
    app = create_app(Settings(statement_header=True), engine=register_engine, sessionmaker=sessionmaker)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://register.test") as client,
    ):
        yield client


class GraphQLResponse:
    """A GraphQL response as a test sees it: data, errors, status and the statements it cost."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.body: dict[str, Any] = response.json()
        self.data: Any = self.body.get("data")
        self.errors: list[dict[str, Any]] = self.body.get("errors", [])
        self.statements = int(response.headers.get(STATEMENT_HEADER, "-1"))

    def error_codes(self) -> list[str | None]:
        """The `extensions.code` of each error, in order."""
        return [error.get("extensions", {}).get("code") for error in self.errors]


class GraphQL(Protocol):
    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> GraphQLResponse: ...


@pytest.fixture
def graphql(client: httpx.AsyncClient) -> GraphQL:
    """Run a query over HTTP POST and return its response; assert on `.data`, `.errors`, `.statements`.
    Pass `token` to send it as `Authorization: Bearer <token>`."""

    async def run(query: str, variables: dict[str, Any] | None = None, *, token: str | None = None) -> GraphQLResponse:
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        response = await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        return GraphQLResponse(response)

    return run


@dataclass(frozen=True)
class Tokens:
    """Plain API tokens for each kind of caller, issued inside the test's transaction."""

    editor: str
    admin: str
    reader: str
    revoked: str


EDITOR_NAME = "finance-system"
ADMIN_NAME = "register-admin"


@pytest.fixture
async def tokens(session: AsyncSession) -> Tokens:
    """An editor (named EDITOR_NAME, which the history records), an admin, a reader and a revoked editor."""
    editor = await create_token(session, EDITOR_NAME, Role.EDITOR)
    admin = await create_token(session, ADMIN_NAME, Role.ADMIN)
    reader = await create_token(session, "transparency-site", Role.READER)
    revoked = await create_token(session, "old-importer", Role.EDITOR)
    await revoke_token(session, "old-importer")
    return Tokens(editor=editor, admin=admin, reader=reader, revoked=revoked)
