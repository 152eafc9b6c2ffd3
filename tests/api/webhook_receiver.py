"""A receiver for the register's webhooks, as the README shows one: it checks every delivery's signature with
the README's own example code."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.api.conftest import served_over_http


def _readme_verify() -> Callable[..., bool]:
    """The README's receiver check, run as the README prints it, so the example stays one that works."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    (example,) = [block for block in re.findall(r"```python\n(.*?)```", readme, re.S) if "def verify(" in block]
    namespace: dict[str, Any] = {}
    exec(compile(example, "README.md", "exec"), namespace)
    return cast(Callable[..., bool], namespace["verify"])


verify = _readme_verify()


@dataclass
class Delivery:
    """One request the receiver got: its event, headers and raw body, and whether its signature held."""

    event: dict[str, Any]
    headers: dict[str, str]
    body: bytes
    verified: bool
    status: int


@dataclass
class Receiver:
    """Answers each delivery with `status` (200 unless a test says otherwise), keeping what it got."""

    url: str = ""
    secret: str = ""
    status: int = 200
    # How far a signature's time may be from the receiver's clock (a test that moves the register's clock widens it).
    tolerance: int = 300
    deliveries: list[Delivery] = field(default_factory=list)
    # While `hold` is set and not yet released, requests are kept waiting, unanswered (and kept in `held`).
    hold: asyncio.Event | None = None
    held: list[dict[str, str]] = field(default_factory=list)

    @property
    def events(self) -> list[dict[str, Any]]:
        """The events it acknowledged (their signatures held), in the order they came."""
        return [delivery.event for delivery in self.deliveries if delivery.verified and delivery.status < 300]

    async def receive(self, request: Request) -> Response:
        body = await request.body()
        if self.hold is not None and not self.hold.is_set():
            self.held.append(dict(request.headers))
            await self.hold.wait()
            return Response(status_code=503)
        verified = verify(self.secret, request.headers.get("Register-Signature", ""), body, self.tolerance)
        status = self.status if verified else 400
        self.deliveries.append(Delivery(json.loads(body), dict(request.headers), body, verified, status))
        return Response(status_code=status)


@asynccontextmanager
async def receiving() -> AsyncIterator[Receiver]:
    """A receiver served by uvicorn on a free port of 127.0.0.1, in the test's event loop."""
    receiver = Receiver()
    app = Starlette(routes=[Route("/hooks", receiver.receive, methods=["POST"])])
    async with served_over_http(app) as base:
        receiver.url = f"{base}/hooks"
        yield receiver
