"""The register's own specifications of its scalars, served so that `@specifiedBy` can point at them.

RFC 3339 and the General Decimal Arithmetic specification describe Date, DateTime and Decimal; nothing outside
the register describes the council's date words, so the register publishes that specification itself.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from schema.council_dates import COUNCIL_DATE_SPECIFICATION, COUNCIL_DATE_SPECIFIED_BY


async def council_date_specification(request: Request) -> PlainTextResponse:
    """The CouncilDate scalar's grammar and meaning, as plain text that a front-end developer can read."""
    return PlainTextResponse(
        COUNCIL_DATE_SPECIFICATION,
        media_type="text/markdown; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def specification_routes() -> list[Route]:
    """Every specification the register serves itself."""
    return [Route(COUNCIL_DATE_SPECIFIED_BY, council_date_specification, methods=["GET", "HEAD"])]
