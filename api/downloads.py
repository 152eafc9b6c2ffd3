"""One way to send a download of the register: streamed as it is read, in one snapshot, kept against its version.

The ETag is the register's version, so `If-None-Match` is answered 304 without reading a record; a repeat
download of an unchanged register is read from the stored file (api.download_cache). Every route under /exports
sends its file through `download`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from api.download_cache import DownloadCache, DownloadKey
from api.http_cache import matches
from db.version import Version, read_version, snapshot

__all__ = ["Download", "download", "etag"]


@dataclass(frozen=True)
class Download:
    """One download of one version: how it is stored and sent, and how its text is read.

    `head` is sent before the stored part and is not stored (the OCDS package names the URL it was asked at);
    `variant` tells apart stored downloads of one version (the package's date).
    """

    export: str
    media_type: str
    filename: str
    lines: Callable[[AsyncSession], AsyncIterator[str]]
    variant: str = ""
    head: str = ""


def etag(version: Version) -> str:
    """A download's ETag: the register's version, which any write changes."""
    return f'"{version.tag}"'


async def download(request: Request, plan: Callable[[Version], Download | Response]) -> Response:
    """A download of the register as it is now: 304 if the caller has it, else streamed from store or database.

    `plan` says what to send for the version read (or answers the request itself, e.g. with a 400).
    """
    sessionmaker = request.app.state.sessionmaker
    async with sessionmaker() as session:
        version = await read_version(session)
    tag = etag(version)
    if matches(request.headers.get("if-none-match"), tag, any_tag=True):
        return Response(status_code=304, headers={"ETag": tag})
    chosen = plan(version)
    if isinstance(chosen, Response):
        return chosen

    async def build() -> AsyncIterator[str | None]:
        async with sessionmaker() as session:
            await snapshot(session)
            if await read_version(session) != version:
                yield None  # written since the version was read: send the newer register, but do not store it
            async for line in chosen.lines(session):
                yield line

    cache: DownloadCache = request.app.state.download_cache
    key = DownloadKey(chosen.export, version.tag, chosen.variant)

    async def body() -> AsyncIterator[bytes]:
        if chosen.head:
            yield chosen.head.encode()
        async for block in cache.stream(key, build):
            yield block

    headers = {
        "ETag": tag,
        "Cache-Control": "no-cache",
        "Content-Disposition": f'attachment; filename="{chosen.filename}"',
    }
    return StreamingResponse(body(), media_type=chosen.media_type, headers=headers)
