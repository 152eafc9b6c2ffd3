"""Database outages over HTTP: 503 with Retry-After and a typed error body, on every route, never a plain-text 500.

GraphQL answers them in its own view (api/graphql.py), following the spec's choice of status by media type;
this middleware answers them for every other route (readiness, the calendar, the exports).
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import Message, Receive, Scope, Send

from api.middleware import HTTPMiddleware
from db.outages import Outage, outage_of
from schema.outages import CODES, warn

__all__ = ["RETRY_AFTER_SECONDS", "DatabaseOutageAnswers", "outage_response"]

# Long enough for a restarted database or a queue of writers to clear, short enough that clients come back soon.
RETRY_AFTER_SECONDS = 5


def outage_response(outage: Outage, *, status_code: int = 503, media_type: str = "application/json") -> JSONResponse:
    """An outage as a GraphQL-shaped error body, so every client reads one shape, with Retry-After."""
    body = {"errors": [{"message": outage.value, "extensions": {"code": CODES[outage].value}}]}
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return JSONResponse(body, status_code=status_code, media_type=media_type, headers=headers)


class DatabaseOutageAnswers(HTTPMiddleware):
    """Answers a route's database outage with 503 instead of letting it become a 500 with a traceback."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:
            outage = outage_of(error)
            if outage is None:
                raise
            warn(outage, error)
            if not started:
                await outage_response(outage)(scope, receive, send)
            # A response already under way cannot change its status; ending it short is all that is left.
