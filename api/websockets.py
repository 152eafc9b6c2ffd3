"""GraphQL over websockets (graphql-transport-ws) at /graphql: who may connect, and how many connections each.

A websocket is authenticated as a request is: by the `Authorization: Bearer <token>` header of its handshake,
or, since browsers cannot set headers on a websocket, by `{"Authorization": "Bearer <token>"}` in its
connection_init payload, which wins. With READS_REQUIRE_TOKEN set, a connection without a valid token is closed
with 4401 and the reason. Each token (each address, for callers without one) may hold WEBSOCKETS_PER_TOKEN
connections to a process; one more is closed with 4429, saying so.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage

from api.auth import authenticate
from schema.context import Context

__all__ = ["ConnectionRefused", "RegisterTransportWS", "WebsocketCount", "admit"]

UNAUTHORIZED = 4401
TOO_MANY_CONNECTIONS = 4429


NO_TOKEN = 'Reads are closed: send {"Authorization": "Bearer <token>"} in connection_init.'
# A close frame carries at most 123 bytes of reason.
REASON_BYTES = 123


class ConnectionRefused(Exception):
    """A websocket the register will not serve: the close code and the reason sent with it."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason.encode()[:REASON_BYTES].decode(errors="ignore")


class WebsocketCount:
    """How many websockets each token (or anonymous address) holds open to this process."""

    def __init__(self) -> None:
        self.open: Counter[str] = Counter()
        self.holders: dict[int, str] = {}

    def take(self, context: Context, holder: str, limit: int) -> None:
        """Count a connection against its holder, or refuse it when the holder has no place left."""
        if self.open[holder] >= limit:
            raise ConnectionRefused(
                TOO_MANY_CONNECTIONS, f"Already {limit} open connections for this token or address, its most."
            )
        self.open[holder] += 1
        self.holders[id(context)] = holder

    def release(self, context: Context) -> None:
        """Give back a closed connection's place (if it had taken one)."""
        holder = self.holders.pop(id(context), None)
        if holder is not None:
            self.open[holder] -= 1


def _holder(context: Context) -> str:
    caller = context.auth.caller
    return f"token {caller.name!r}" if caller is not None else f"address {context.client}"


async def admit(context: Context, count: WebsocketCount) -> None:
    """Authenticate a websocket from its connection_init and count it against its holder's limit."""
    params = context.connection_params or {}
    header = params.get("Authorization", params.get("authorization"))
    if header is not None:
        context.auth = await authenticate(context.sessionmaker, str(header))
    if context.settings.reads_require_token and context.auth.caller is None:
        raise ConnectionRefused(UNAUTHORIZED, context.auth.refusal or NO_TOKEN)
    count.take(context, _holder(context), context.settings.websockets_per_token)


class RegisterTransportWS(BaseGraphQLTransportWSHandler[Context, None]):
    """strawberry's graphql-transport-ws handler, closing a refused connection with the register's code and
    reason, and giving its place back when it closes."""

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except ConnectionRefused as refused:
            await self.websocket.close(code=refused.code, reason=refused.reason)

    async def handle(self) -> Any:
        try:
            return await super().handle()
        finally:
            count: WebsocketCount = self.view.websocket_count  # type: ignore[attr-defined]
            count.release(self.context)
