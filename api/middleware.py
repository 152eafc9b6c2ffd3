"""The one shape of the register's ASGI middleware: act on HTTP requests, pass everything else straight through."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["HTTPMiddleware"]


class HTTPMiddleware:
    """Middleware for HTTP requests only; the lifespan and any other scope go to the app untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP request, calling `self.app` for the answer."""
        raise NotImplementedError
