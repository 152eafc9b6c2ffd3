"""Downloads of the register in open formats, under /exports: the Transparency Code CSV at /exports/contracts.csv,
the OCDS 1.1 release package at /exports/contracts.ocds.json.

Reads are open unless READS_REQUIRE_TOKEN closes them, as for GraphQL; then a download needs a valid token too.
"""

from __future__ import annotations

import hashlib
import io

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from api.auth import authenticate
from api.ocds_download import ocds_package
from db.transparency import export_transparency_csv

__all__ = ["CSV_MEDIA_TYPE", "contracts_csv", "contracts_ocds", "exports"]

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


async def _refusal(request: Request) -> Response | None:
    """A 401 when the register's reads are closed and the request has no valid token, else None."""
    if not request.app.state.settings.reads_require_token:
        return None
    auth = await authenticate(request.app.state.sessionmaker, request.headers.get("authorization"))
    if auth.caller is not None:
        return None
    message = f"{auth.problem} This register's reads are closed: every request needs a valid token."
    return PlainTextResponse(message, status_code=401, headers={"WWW-Authenticate": "Bearer"})


def _download(request: Request, body: bytes, media_type: str, filename: str) -> Response:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    headers = {"ETag": etag, "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)


async def contracts_csv(request: Request) -> Response:
    """Every contract on the register as a Local Government Transparency Code 2015 CSV."""
    if (refusal := await _refusal(request)) is not None:
        return refusal
    out = io.StringIO()
    async with request.app.state.sessionmaker() as session:
        await export_transparency_csv(session, out)
    return _download(request, out.getvalue().encode("utf-8"), CSV_MEDIA_TYPE, "contracts.csv")


async def contracts_ocds(request: Request) -> Response:
    """Every contracting process on the register as an OCDS 1.1 release package (see api.ocds_download)."""
    if (refusal := await _refusal(request)) is not None:
        return refusal
    return await ocds_package(request)


exports = Mount(
    "/exports", routes=[Route("/contracts.csv", contracts_csv), Route("/contracts.ocds.json", contracts_ocds)]
)
