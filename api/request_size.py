"""How much of a request the register reads: a body and a query string no larger than the settings allow.

The body is read as it arrives, with a running count, so an oversized one is refused once it passes the limit
(or at once, when its Content-Length says so) and never held in memory whole. Editors and admins may send
larger bodies, up to the import limit, because `contractsImport` carries a whole file; the token is looked up
only when a body is over the ordinary limit, so ordinary requests pay nothing for it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from cross_web import HTTPException
from starlette.requests import Request
from starlette.types import Message, Receive

from db.settings import Settings
from schema.errors import ErrorCode


class RequestRefused(HTTPException):
    """A request refused before it reaches GraphQL, with the code its error carries and any headers to send."""

    def __init__(
        self,
        status_code: int,
        reason: str,
        code: ErrorCode = ErrorCode.BAD_REQUEST,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status_code, reason)
        self.code = code
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class SizeLimits:
    """The most the register reads of one request: anyone's, and an editor's (for imports)."""

    request_bytes: int
    import_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings) -> SizeLimits:
        """The limits the settings give."""
        return cls(request_bytes=settings.max_request_bytes, import_bytes=settings.max_import_bytes)


# Whether the request's caller may edit (and so import); asked only of a request over the ordinary limit.
MayImport = Callable[[], Awaitable[bool]]


def _too_large(limits: SizeLimits, allowed: int, size: str) -> RequestRefused:
    if allowed == limits.import_bytes:
        reason = f"The request body is {size}; the register reads at most {allowed:,} bytes (MAX_IMPORT_BYTES)"
    else:
        reason = (
            f"The request body is {size}; the register reads at most {allowed:,} bytes (MAX_REQUEST_BYTES), "
            f"or {limits.import_bytes:,} (MAX_IMPORT_BYTES) from an editor's or admin's token, for contractsImport"
        )
    return RequestRefused(413, reason, ErrorCode.REQUEST_TOO_LARGE)


def _declared_length(request: Request) -> int | None:
    raw = request.headers.get("content-length")
    if raw is None:
        return None
    if not raw.strip().isdigit():
        raise RequestRefused(400, f"The Content-Length header must be a whole number of bytes, not {raw!r}")
    return int(raw)


def _replaying(body: bytes, receive: Receive) -> Receive:
    # The body as one message, then the connection's own messages, so a disconnect is still seen.
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def bounded_request(request: Request, limits: SizeLimits, may_import: MayImport) -> Request:
    """The request with its body read within the limits, or a 413 (414 for a query string) that says which."""
    query_string: bytes = request.scope.get("query_string", b"")
    if len(query_string) > limits.request_bytes:
        raise RequestRefused(
            414,
            f"The query string is {len(query_string):,} bytes; the register reads at most "
            f"{limits.request_bytes:,} (MAX_REQUEST_BYTES). Send a long query with POST.",
            ErrorCode.REQUEST_TOO_LARGE,
        )
    if request.method != "POST":
        return request
    allowed = limits.request_bytes

    async def allowance(size: int, told: str) -> int:
        if allowed < limits.import_bytes and size <= limits.import_bytes and await may_import():
            return limits.import_bytes
        raise _too_large(limits, allowed, told)

    declared = _declared_length(request)
    if declared is not None and declared > allowed:
        allowed = await allowance(declared, f"{declared:,} bytes by its Content-Length")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > allowed:
            allowed = await allowance(len(body), f"over {allowed:,} bytes")
    return Request(request.scope, _replaying(bytes(body), request.receive))
