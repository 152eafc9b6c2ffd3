"""The register's ASGI application: GraphQL at /graphql, health at /healthz, readiness at /readyz."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from api.board.page import BoardPage
from api.calendar import key_decisions_calendar
from api.cors import cross_origin
from api.delivery import DeliveryWorker
from api.download_cache import DownloadCache
from api.exports import exports
from api.graphiql.page import GraphiQLPage, graphiql_assets
from api.graphql import RegisterGraphQL
from api.ocds_feed import FEED_PATH, contracts_ocds_feed
from api.outages import RETRY_AFTER_SECONDS, DatabaseOutageAnswers
from api.persisted_commands import load_folders
from api.reads import reads_checked
from api.specifications import specification_routes
from api.statements import StatementCountHeader, count_statements
from api.time_limit import TimeLimit
from db.change_signal import ChangeSignal
from db.engine import make_engine, make_sessionmaker
from db.settings import Settings
from schema import make_schema
from schema.response_cache import ResponseCache, ResponseCaching


async def healthz(_request: Request) -> JSONResponse:
    """The process is up and serving."""
    return JSONResponse({"status": "ok"})


# A probe must answer promptly: a database that does not answer in time is as unready as one that refuses.
READY_TIMEOUT_SECONDS = 5.0
RETRY = {"Retry-After": str(RETRY_AFTER_SECONDS)}


async def readyz(request: Request) -> JSONResponse:
    """The database answers; until it does, the register is not ready for traffic."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS), request.app.state.sessionmaker() as session:
            await session.execute(text("SELECT 1"))
    except TimeoutError:
        reason = f"The database did not answer within {READY_TIMEOUT_SECONDS:g} seconds"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503, headers=RETRY)
    except Exception as error:  # noqa: BLE001  (any failure means not ready, and says why)
        # The kind of failure, not its text: that can name hosts and users, and this endpoint is public.
        reason = f"The database cannot be reached ({error.__class__.__name__})"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503, headers=RETRY)
    return JSONResponse({"status": "ok"})


async def metrics(request: Request) -> JSONResponse:
    """How this process's response cache has done: hits, misses and memory (the benchmark reads them)."""
    cache: ResponseCache = request.app.state.response_cache
    return JSONResponse({"responseCache": cache.counts().as_json()})


def create_app(
    settings: Settings,
    *,
    engine: AsyncEngine | None = None,
    sessionmaker: async_sessionmaker[AsyncSession] | None = None,
    deliver: bool = False,
) -> Starlette:
    """The register's app. It opens its own engine on DATABASE_URL unless given one; tests also pass the
    sessions to use (bound to a transaction they roll back). With `deliver`, it runs a webhook delivery worker
    for as long as it serves (`register serve` does, unless WEBHOOK_WORKER is false)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = engine is None
        active = make_engine(settings.database_url, settings) if engine is None else engine
        if settings.statement_header:
            count_statements(active)
        app.state.settings = settings
        app.state.sessionmaker = sessionmaker or make_sessionmaker(active)
        app.state.response_cache = response_cache
        app.state.download_cache = DownloadCache(settings.export_cache_folder, settings.export_cache_files)
        app.state.change_signal = ChangeSignal(active, settings.subscription_poll_seconds)
        # Front ends shipped with the register (and any the council names) have their operations kept before the
        # first request: a folder with a bad operation stops the start, saying which.
        folders = tuple(Path(folder) for folder in settings.persisted_query_folders)
        if folders:
            await load_folders(app.state.sessionmaker, folders, settings)
        worker = DeliveryWorker(app.state.sessionmaker, settings) if deliver else None
        delivering = asyncio.create_task(worker.run()) if worker is not None else None
        try:
            yield
        finally:
            if delivering is not None and worker is not None:
                # A delivery cut short is not recorded: it is sent again once its lease runs out.
                delivering.cancel()
                await asyncio.gather(delivering, return_exceptions=True)
                await worker.close()
            await app.state.change_signal.close()
            if owned:
                await active.dispose()

    response_cache = ResponseCache(settings.response_cache_bytes)
    caching = (lambda: ResponseCaching(cache=response_cache),) if response_cache.enabled else ()
    graphql = RegisterGraphQL(
        make_schema(settings, caching),
        graphiql=GraphiQLPage() if settings.graphiql else None,
        allowed_origins=settings.cors_origins,
    )
    # CORS outermost, so that every answer (errors included) reaches the page that asked; database outages
    # on every other route are answered as UNAVAILABLE inside it.
    middleware = [cross_origin(settings), Middleware(DatabaseOutageAnswers)]
    if settings.statement_header:
        middleware.append(Middleware(StatementCountHeader))
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
            Route(
                "/calendar/key-decisions.ics", reads_checked(key_decisions_calendar), middleware=[Middleware(TimeLimit)]
            ),
            exports,
            *BoardPage.build().routes(),
            Route(FEED_PATH, contracts_ocds_feed, middleware=[Middleware(TimeLimit)]),
            *specification_routes(),
            *([graphiql_assets()] if settings.graphiql else []),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )


def app_from_environ() -> Starlette:
    """The app configured from the environment, for `uvicorn --factory api.app:app_from_environ`."""
    settings = Settings.from_environ(os.environ)
    return create_app(settings, deliver=settings.webhook_worker)
