"""Publishing the register as an OCDS 1.1 release package: one release per contracting process, streamed.

Each contract is a process (`db.ocds.contract_release`), and so is each significant commissioning activity
(`db.ocds.activity_release`). A contract imported from someone else's release is published with the
fields the register did not map laid back under its own (`db.ocds.merging.overlay`), under the ocid and
ids it came with. Releases are sorted by ocid and stamped with the given published date, so the same
register always gives the same bytes.

The package is written as it is read: first every process's key (`db.ocds.rows.process_order`), then the
processes a batch at a time in that order, so memory holds one batch of releases whatever the register's size.
Read it in one transaction (`db.version.snapshot`) so that every batch sees the same register.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.ocds.activity_release import activity_release
from db.ocds.contract_release import contract_release
from db.ocds.identity import DEFAULT_OCID_PREFIX, KENT_COUNTY_COUNCIL, Council
from db.ocds.merging import overlay
from db.ocds.package import PACKAGE_TAIL, ocds_datetime, package_head, release_line
from db.ocds.rows import CONTRACT, ProcessKey, ViewReader, process_order
from db.ocds.views import ContractView

__all__ = ["BATCH", "export_release_package", "published_release", "release_lines", "release_package_chunks"]

# Processes read and written at a time: a few hundred kilobytes of releases.
BATCH = 500


async def release_package_chunks(
    session: AsyncSession,
    *,
    published: datetime,
    uri: str,
    prefix: str = DEFAULT_OCID_PREFIX,
    council: Council = KENT_COUNTY_COUNCIL,
) -> AsyncIterator[str]:
    """The register's release package as text chunks: its head, then a release a line as they are read."""
    stamped = ocds_datetime(published)
    yield package_head(uri=uri, published=stamped, council=council)
    async for line in release_lines(session, published=stamped, prefix=prefix, council=council):
        yield line


async def release_lines(
    session: AsyncSession, *, published: str, prefix: str, council: Council = KENT_COUNTY_COUNCIL
) -> AsyncIterator[str]:
    """Everything in the package after its head: the stamped releases, a line each, and the package's close.

    The head names the URL the package was asked at; the rest depends only on the register and the date.
    """
    reader = await ViewReader.open(session)
    index = 0
    for kind, batch in _batches(await process_order(session, prefix)):
        ids = [key.id for key in batch]
        if kind == CONTRACT:
            contracts = await reader.contracts(ids)
            releases = [published_release(contracts[pk], prefix, council) for pk in ids]
        else:
            activities = await reader.activities(ids, prefix)
            releases = [activity_release(activities[pk], prefix=prefix, council=council) for pk in ids]
        for release in releases:
            yield release_line(index, release, published)
            index += 1
    yield PACKAGE_TAIL


async def export_release_package(
    session: AsyncSession,
    *,
    published: datetime,
    uri: str,
    prefix: str = DEFAULT_OCID_PREFIX,
    council: Council = KENT_COUNTY_COUNCIL,
) -> str:
    """The register's release package as one string."""
    chunks = release_package_chunks(session, published=published, uri=uri, prefix=prefix, council=council)
    return "".join([chunk async for chunk in chunks])


def _batches(order: list[ProcessKey]) -> Iterator[tuple[str, list[ProcessKey]]]:
    # Runs of one kind, cut at BATCH, so each batch is one query and the package keeps its order.
    for kind, run in groupby(order, key=lambda key: key.kind):
        keys = list(run)
        for start in range(0, len(keys), BATCH):
            yield kind, keys[start : start + BATCH]


def published_release(view: ContractView, prefix: str, council: Council) -> dict[str, Any]:
    """A contract's release as the register publishes it (without its id and date): an imported contract's
    with the fields the register did not map laid back under its own."""
    release = contract_release(view, prefix=prefix, council=council)
    if view.unmapped is None:
        return release
    merged: dict[str, Any] = overlay(view.unmapped, release)
    return merged
