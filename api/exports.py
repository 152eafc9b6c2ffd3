"""Downloads of the register in open formats, under /exports: the Transparency Code CSV at /exports/contracts.csv,
the OCDS 1.1 release package at /exports/contracts.ocds.json.

Each is streamed as it is read and kept against the register's version (api.downloads). Reads are open unless
READS_REQUIRE_TOKEN closes them, as for GraphQL; then a download needs a valid token too (api.reads).
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from api.downloads import Download, download
from api.ocds_download import ocds_download
from api.reads import reads_checked
from api.time_limit import TimeLimit
from db.transparency import transparency_csv_lines

__all__ = ["CSV_MEDIA_TYPE", "contracts_csv", "contracts_ocds", "exports"]

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
CONTRACTS_CSV = Download("contracts.csv", CSV_MEDIA_TYPE, "contracts.csv", transparency_csv_lines)


@reads_checked
async def contracts_csv(request: Request) -> Response:
    """Every contract on the register as a Local Government Transparency Code 2015 CSV."""
    return await download(request, lambda _version: CONTRACTS_CSV)


@reads_checked
async def contracts_ocds(request: Request) -> Response:
    """Every contracting process on the register as an OCDS 1.1 release package (see api.ocds_download)."""
    return await download(request, lambda version: ocds_download(request, version))


exports = Mount(
    "/exports",
    routes=[Route("/contracts.csv", contracts_csv), Route("/contracts.ocds.json", contracts_ocds)],
    middleware=[Middleware(TimeLimit)],
)
