"""GET /exports/contracts.ocds.json: the register as an OCDS 1.1 release package, streamed a release at a time.

`?publishedDate=2026-11-24T00:00:00Z` fixes the package's date (default: now), so a client can ask for the
same bytes again; the package's `uri` is the URL it was asked for.
"""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from db.ocds import release_package_chunks

__all__ = ["DOWNLOAD_PATH", "OCDS_MEDIA_TYPE", "ocds_package", "published_date"]

DOWNLOAD_PATH = "/exports/contracts.ocds.json"
OCDS_MEDIA_TYPE = "application/json"


def published_date(text: str) -> datetime:
    """A package's published date from a query or the command line: ISO 8601, UTC when no zone is given."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def ocds_package(request: Request) -> Response:
    """The release package as a streamed download (reads checked by the caller, as for every export)."""
    text = request.query_params.get("publishedDate")
    try:
        published = datetime.now(UTC) if text is None else published_date(text)
    except ValueError:
        return PlainTextResponse(f"publishedDate must be an ISO 8601 date-time, not {text!r}", status_code=400)
    async with request.app.state.sessionmaker() as session:
        chunks = await release_package_chunks(
            session, published=published, uri=str(request.url), prefix=request.app.state.settings.ocid_prefix
        )
    headers = {"Content-Disposition": 'attachment; filename="contracts.ocds.json"'}
    return StreamingResponse(chunks, media_type=OCDS_MEDIA_TYPE, headers=headers)
