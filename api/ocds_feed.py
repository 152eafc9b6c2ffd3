"""GET /feeds/contracts.ocds.json: the change feed for publication consumers, as pages of OCDS release packages.

`?after=<cursor>` (a cursor of the GraphQL `changes` feed, or this feed's own) and `?first=<n>` (up to the page
cap) read the contracts' changes after the cursor, in commit order, and publish a release of each changed
contract as it stands now, dated when its latest change in the page was made; a contract changed twice in a page
is published once, in the place of its later change. `links.next` is the page to ask for next: followed
from the start, the pages carry every contract's every change once, in order. A contract retired since is left
out, as the register no longer publishes it. A package must hold a release, so when nothing has changed after
the cursor the answer is 204 No Content with the same link in a `Link: <...>; rel="next"` header: poll it later.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Row, select
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from api.ocds_download import OCDS_MEDIA_TYPE
from api.reads import reads_checked
from db import models
from db.ocds.export import published_release
from db.ocds.identity import KENT_COUNTY_COUNCIL
from db.ocds.package import dumps, ocds_datetime, package_fields, stamp
from db.ocds.rows import ViewReader
from db.ocds.views import ContractView
from db.version import read_version, snapshot
from schema.context import Context
from schema.errors import RegisterError
from schema.feed.order import FEED_ORDER
from schema.keyset import PageRequest, encode_cursor, fetch_page

__all__ = ["FEED_PATH", "contracts_ocds_feed"]

FEED_PATH = "/feeds/contracts.ocds.json"

change = models.Change.__table__


def _latest_per_contract(rows: list[Row[Any]]) -> list[Row[Any]]:
    """Each contract's latest change in the page, in the order of those changes."""
    latest = {row.record_id: row for row in rows}
    return [row for row in rows if latest[row.record_id] is row]


def _page_request(request: Request, context: Context) -> PageRequest:
    first = request.query_params.get("first")
    if first is not None and not first.isdigit():
        raise RegisterError(f"`first` must be a whole number, not {first!r}", argument="first")
    return PageRequest.from_arguments(
        None if first is None else int(first),
        request.query_params.get("after"),
        None,
        None,
        default_size=context.settings.max_page_size,
        max_size=context.settings.max_page_size,
    )


async def _read(context: Context, request: PageRequest) -> tuple[list[Row[Any]], dict[int, ContractView], str | None]:
    """The next contracts' changes after the request's cursor that publish at least one release (pages that
    name only retired contracts are passed over), their contracts, and the cursor after them."""
    session = context.session()
    reader = await ViewReader.open(session)
    statement = select(change).where(change.c.record_table == models.Contract.__tablename__)
    cursor = request.cursor
    while True:
        page = await fetch_page(context, statement, FEED_ORDER, replace(request, cursor=cursor))
        changes = _latest_per_contract(list(page.rows))
        views = await reader.contracts([row.record_id for row in changes])
        cursor = encode_cursor(FEED_ORDER, page.positions[-1]) if page.positions else cursor
        if views or not page.has_next:
            return [row for row in changes if row.record_id in views], views, cursor


@reads_checked
async def contracts_ocds_feed(request: Request) -> Response:
    """A page of the contracts' change feed as an OCDS release package with a link to the next page."""
    context = Context(request.app.state.sessionmaker, request.app.state.settings)
    try:
        await snapshot(context.session())
        changes, views, resume = await _read(context, _page_request(request, context))
        version = await read_version(context.session())
    except RegisterError as error:
        return PlainTextResponse(str(error), status_code=400)
    finally:
        await context.close()
    following = str(
        request.url.remove_query_params("after").include_query_params(**({} if resume is None else {"after": resume}))
    )
    if not changes:
        # A release package holds at least one release: with nothing new, the answer is empty, saying where next.
        return Response(status_code=204, headers={"Link": f'<{following}>; rel="next"', "Cache-Control": "no-cache"})
    prefix = context.settings.ocid_prefix
    releases = [
        stamp(published_release(views[row.record_id], prefix, KENT_COUNTY_COUNCIL), ocds_datetime(row.at))
        for row in changes
    ]
    head = package_fields(
        uri=str(request.url), published=ocds_datetime(version.changed_at), council=KENT_COUNTY_COUNCIL
    )
    package = {**head, "releases": releases, "links": {"next": following}}
    return Response(dumps(package), media_type=OCDS_MEDIA_TYPE, headers={"Cache-Control": "no-cache"})
