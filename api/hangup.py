"""A client that hangs up: its request's work is cancelled, and with it any statement the database is running.

The request reads its body through `Hangup.receive`; once the body is in (or at once, for a GET), the only
message left on the ASGI channel is `http.disconnect`, which means the client has gone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from contextlib import suppress
from typing import Any, TypeVar

from starlette.types import Message, Receive, Scope

__all__ = ["ClientGone", "Hangup"]

T = TypeVar("T")


class ClientGone(Exception):
    """The client disconnected before its answer was ready; the work was cancelled and nobody awaits a reply."""


class Hangup:
    """Watches one HTTP request's receive channel for the client going away."""

    def __init__(self, scope: Scope, receive: Receive) -> None:
        self._receive = receive
        self._body_read = asyncio.Event()
        if scope.get("method") in ("GET", "HEAD"):
            self._body_read.set()

    async def receive(self) -> Message:
        """The channel as the request reads it, noting when the last of the body has arrived."""
        message = await self._receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            self._body_read.set()
        return message

    async def _gone(self) -> None:
        await self._body_read.wait()
        while (await self._receive())["type"] != "http.disconnect":
            pass

    async def unless_gone(self, work: Coroutine[Any, Any, T]) -> T:
        """The work's result; if the client disconnects first, the work is cancelled and ClientGone raised."""
        task = asyncio.ensure_future(work)
        watcher = asyncio.ensure_future(self._gone())
        try:
            await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watcher.cancel()
            if not task.done():
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
                raise ClientGone
        return task.result()
