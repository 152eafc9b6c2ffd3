"""The Python floor: a bare Starlette app answering the benchmark's questions with hand-written SQL.

No GraphQL, no ORM: asyncpg directly, a pool with a connection for each client connection, two
statements per request on one pooled connection, and the rows shaped into the JSON the register
returns. What the register costs beyond this is what its layers cost. PostgreSQL only, since that is
where the target is set. Serve it with `uvicorn --factory bench.baseline:app_from_environ` and
DATABASE_URL set.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bench import queries, shapes
from bench.sql import (
    CONTRACT_COUNT,
    PIPELINE_CONTRACTS,
    PIPELINE_DECISIONS,
    ParamValue,
    Statement,
    contract_page,
    contract_page_params,
    pipeline_params,
)

STATEMENTS_HEADER = "X-SQL-Statements"
PAGES = {
    (plans, after): contract_page(with_plans=plans, after=after) for plans in (False, True) for after in (False, True)
}


def asyncpg_dsn(url: str) -> str:
    """The DSN asyncpg takes for a register DATABASE_URL; ValueError unless it is PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise ValueError(f"the bare-route baseline runs on PostgreSQL only, not {parsed.get_backend_name()!r}")
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


class CountingConnection:
    """A pooled connection that counts the statements a request sends, for the X-SQL-Statements header."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection
        self.statements = 0

    async def fetch(self, statement: Statement, params: Mapping[str, ParamValue]) -> list[asyncpg.Record]:
        self.statements += 1
        rows: list[asyncpg.Record] = await self.connection.fetch(statement.positional, *statement.arguments(params))
        return rows

    async def fetchval(self, statement: Statement, params: Mapping[str, ParamValue]) -> Any:
        self.statements += 1
        return await self.connection.fetchval(statement.positional, *statement.arguments(params))

    def headers(self) -> dict[str, str]:
        return {STATEMENTS_HEADER: str(self.statements)}


async def contracts(request: Request) -> Response:
    """A page of contracts ending in the window above the value, with providers (and plans with ?plans=1)."""
    after = request.query_params.get("after") or None
    with_plans = request.query_params.get("plans") == "1"
    try:
        params = contract_page_params(None if after is None else shapes.read_end_cursor(after))
    except ValueError as error:
        return JSONResponse({"errors": [{"message": str(error)}]}, status_code=400)
    async with request.state.pool.acquire() as pooled:
        connection = CountingConnection(pooled)
        total = await connection.fetchval(CONTRACT_COUNT, params)
        rows = await connection.fetch(PAGES[(with_plans, after is not None)], params)
    body = shapes.contract_connection(rows, total, queries.PAGE_ROWS, with_plans)
    return JSONResponse(body, headers=connection.headers())


async def pipeline(request: Request) -> Response:
    """Key decisions due and contracts ending, by financial quarter, over the benchmark's year."""
    params = pipeline_params()
    async with request.state.pool.acquire() as pooled:
        connection = CountingConnection(pooled)
        decisions = await connection.fetch(PIPELINE_DECISIONS, params)
        ending = await connection.fetch(PIPELINE_CONTRACTS, params)
    return JSONResponse(
        shapes.pipeline((queries.PIPELINE_FROM, queries.PIPELINE_TO), decisions, ending),
        headers=connection.headers(),
    )


async def healthz(_request: Request) -> Response:
    """Whether the app is up; the runner polls it before driving load."""
    return PlainTextResponse("ok")


def create_app(database_url: str, pool_size: int) -> Starlette:
    """The bare-route app over a pool of `pool_size` connections to the register's PostgreSQL database."""
    dsn = asyncpg_dsn(database_url)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[dict[str, asyncpg.Pool]]:
        pool = await asyncpg.create_pool(dsn, min_size=pool_size, max_size=pool_size)
        try:
            yield {"pool": pool}
        finally:
            await pool.close()

    routes = [
        Route("/contracts", contracts),
        Route("/pipeline", pipeline),
        Route("/healthz", healthz),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def app_from_environ() -> Starlette:
    """The app for uvicorn's --factory: DATABASE_URL names the database, BENCH_POOL_SIZE the pool (8)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        raise ValueError("DATABASE_URL is not set; the bare-route baseline needs the benchmark's database")
    return create_app(url, int(os.environ.get("BENCH_POOL_SIZE", "8")))
