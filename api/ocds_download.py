"""GET /exports/contracts.ocds.json: the register as an OCDS 1.1 release package, streamed a release at a time.

`?publishedDate=2026-11-24T00:00:00Z` fixes the package's date; by default it is when the register last changed,
as OCDS asks of a package generated on demand, so the same register gives the same bytes and its stored copy.
The package's `uri` is the URL it was asked for.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from api.downloads import Download
from api.ocds_request import DOWNLOAD_PATH, published_date
from db.ocds.export import release_lines
from db.ocds.identity import KENT_COUNTY_COUNCIL
from db.ocds.package import ocds_datetime, package_head
from db.version import Version

__all__ = ["DOWNLOAD_PATH", "OCDS_MEDIA_TYPE", "ocds_download", "published_date"]

OCDS_MEDIA_TYPE = "application/json"


def ocds_download(request: Request, version: Version) -> Download | Response:
    """The package of this version of the register, dated as asked (or as of its last change)."""
    text = request.query_params.get("publishedDate")
    try:
        published = ocds_datetime(version.changed_at if text is None else published_date(text))
    except ValueError:
        return PlainTextResponse(f"publishedDate must be an ISO 8601 date-time, not {text!r}", status_code=400)
    prefix = request.app.state.settings.ocid_prefix
    return Download(
        export="contracts.ocds.json",
        media_type=OCDS_MEDIA_TYPE,
        filename="contracts.ocds.json",
        lines=lambda session: release_lines(session, published=published, prefix=prefix),
        variant=f"{prefix}~{published}",
        head=package_head(uri=str(request.url), published=published, council=KENT_COUNTY_COUNCIL),
    )
