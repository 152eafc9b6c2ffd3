"""REQUEST_TIMEOUT_SECONDS on the routes outside GraphQL that read the register: the calendar and the downloads.

GraphQL bounds its own operations (api/graphql.py) so that it can answer in GraphQL's terms; every other route
that can run long is wrapped in `TimeLimit`. A route has the time limit to begin its answer, and a streamed
download as long again for each further piece, so a long download that keeps coming is never cut off but one
that stalls (a database that stops answering part-way) is. Cancelling the work cancels its statement too.
"""

from __future__ import annotations

import asyncio

from starlette.types import Message, Receive, Scope, Send

from api.middleware import HTTPMiddleware
from api.outages import outage_response
from db.outages import Outage
from schema.outages import warn

__all__ = ["TimeLimit"]


class TimeLimit(HTTPMiddleware):
    """Answers a route's request with 503 and TIMEOUT if it has not begun within REQUEST_TIMEOUT_SECONDS, and
    ends a streamed answer that then waits that long for its next piece."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        seconds: float = scope["app"].state.settings.request_timeout_seconds
        loop = asyncio.get_running_loop()
        limit = asyncio.timeout(seconds)
        started = False

        async def sent(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)
            limit.reschedule(loop.time() + seconds)

        try:
            async with limit:
                await self.app(scope, receive, sent)
        except TimeoutError as error:
            if not limit.expired():
                raise  # another limit's (connecting to the database, say), answered as that one's outage
            warn(Outage.TIMEOUT, error)
            if not started:
                await outage_response(Outage.TIMEOUT)(scope, receive, send)
            # Once the status has gone there is no other way to say so: the answer ends short, without its
            # final chunk, and the client sees an incomplete download rather than a whole-looking one.
