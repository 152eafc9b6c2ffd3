"""Closed reads for every route outside GraphQL: with READS_REQUIRE_TOKEN set, a download or feed needs a token.

GraphQL refuses such reads itself (api/graphql.py); every other route that reads the register is wrapped in
`reads_checked`, so the calendar and the exports answer a missing, unknown or revoked token the same way:
401 with `WWW-Authenticate: Bearer` and the reason.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from api.auth import authenticate

__all__ = ["Endpoint", "reads_checked"]

Endpoint = Callable[[Request], Awaitable[Response]]


def reads_checked(endpoint: Endpoint) -> Endpoint:
    """The endpoint, answered only for a caller with a valid token while the register's reads are closed."""

    @wraps(endpoint)
    async def checked(request: Request) -> Response:
        if not request.app.state.settings.reads_require_token:
            return await endpoint(request)
        auth = await authenticate(request.app.state.sessionmaker, request.headers.get("authorization"))
        if auth.caller is not None:
            return await endpoint(request)
        message = f"{auth.problem} This register's reads are closed: every request needs a valid token."
        return PlainTextResponse(message, status_code=401, headers={"WWW-Authenticate": "Bearer"})

    return checked
