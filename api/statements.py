"""Counting SQL statements per HTTP request, reported in a response header for benchmarks and tests."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from api.middleware import HTTPMiddleware

HEADER = "X-SQL-Statements"
_count: ContextVar[list[int] | None] = ContextVar("sql_statements", default=None)


def _before_execute(*_args: Any) -> None:
    counter = _count.get()
    if counter is not None:
        counter[0] += 1


def count_statements(engine: AsyncEngine) -> None:
    """Count every statement the engine runs against the request that caused it (once per engine)."""
    if not event.contains(engine.sync_engine, "before_cursor_execute", _before_execute):
        event.listen(engine.sync_engine, "before_cursor_execute", _before_execute)


class StatementCountHeader(HTTPMiddleware):
    """ASGI middleware adding `X-SQL-Statements: N` to each HTTP response."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        counter = [0]
        token = _count.set(counter)

        async def send_with_count(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append(HEADER, str(counter[0]))
            await send(message)

        try:
            await self.app(scope, receive, send_with_count)
        finally:
            _count.reset(token)
