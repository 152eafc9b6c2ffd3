"""Publishing the register as an OCDS 1.1 release package: one release per contracting process.

Each contract is a process (`db.ocds.contract_release`), and so is each significant commissioning activity
(`db.ocds.activity_release`). A contract imported from someone else's release is published with the
fields the register did not map laid back under its own (`db.ocds.merging.overlay`), under the ocid and
ids it came with. Releases are sorted by ocid and stamped with the given published date, so the same
register always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.ocds.activity_release import activity_release
from db.ocds.contract_release import contract_release
from db.ocds.identity import DEFAULT_OCID_PREFIX, KENT_COUNTY_COUNCIL, Council
from db.ocds.merging import overlay
from db.ocds.package import ocds_datetime, package_chunks
from db.ocds.rows import activity_views, contract_views
from db.ocds.views import ActivityView, ContractView

__all__ = ["export_release_package", "register_releases", "release_package_chunks"]


async def release_package_chunks(
    session: AsyncSession,
    *,
    published: datetime,
    uri: str,
    prefix: str = DEFAULT_OCID_PREFIX,
    council: Council = KENT_COUNTY_COUNCIL,
) -> Iterator[str]:
    """The register's release package as text chunks (a release each), read from the database up front."""
    contracts = await contract_views(session)
    activities = await activity_views(session, contracts, prefix)
    releases = register_releases(list(contracts.values()), activities, prefix=prefix, council=council)
    return package_chunks(releases, uri=uri, published=ocds_datetime(published), council=council)


async def export_release_package(
    session: AsyncSession,
    *,
    published: datetime,
    uri: str,
    prefix: str = DEFAULT_OCID_PREFIX,
    council: Council = KENT_COUNTY_COUNCIL,
) -> str:
    """The register's release package as one string."""
    chunks = await release_package_chunks(session, published=published, uri=uri, prefix=prefix, council=council)
    return "".join(chunks)


def register_releases(
    contracts: list[ContractView], activities: list[ActivityView], *, prefix: str, council: Council
) -> list[dict[str, Any]]:
    """Every process's release (not yet stamped), in ocid order."""
    keyed = [
        ((release["ocid"], view.reference), release)
        for view in contracts
        for release in [_contract(view, prefix, council)]
    ]
    keyed += [
        ((release["ocid"], ""), release)
        for release in (activity_release(view, prefix=prefix, council=council) for view in activities)
    ]
    return [release for _, release in sorted(keyed, key=lambda pair: pair[0])]


def _contract(view: ContractView, prefix: str, council: Council) -> dict[str, Any]:
    # A contract whose release named another buyer keeps that buyer rather than gaining the council.
    buyer = view.unmapped is None or "buyer" not in view.unmapped
    release = contract_release(view, prefix=prefix, council=council, buyer=buyer)
    if view.unmapped is None:
        return release
    merged: dict[str, Any] = overlay(view.unmapped, release)
    return merged
