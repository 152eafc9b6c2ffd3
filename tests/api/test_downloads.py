"""Downloads kept against the register's version: built once, served again while the register is unchanged,
rebuilt after a write, revalidated with If-None-Match; and every read route closed when reads are."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

import db.ocds.export
from api.app import create_app
from db import models
from db.ocds.package import ocds_datetime
from db.settings import Settings
from db.version import read_version
from tests.api.conftest import Serve, running
from tests.conftest import GraphQL, Tokens
from tests.db.ocds_validation import schema_errors
from tests.schema.mutations.rows import gid

CSV = "/exports/contracts.csv"
OCDS = "/exports/contracts.ocds.json"
CALENDAR = "/calendar/key-decisions.ics"
READ_ROUTES = [CSV, OCDS, CALENDAR]
KPSN = "SCS-2017-KPSN"
RENAME = """
mutation Rename($input: ContractUpdateInput!) { contractUpdate(input: $input) { userErrors { code } } }
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The register's settings, with its downloads kept in the test's own folder."""
    return Settings(export_cache_dir=str(tmp_path / "downloads"))


def _stored(settings: Settings) -> list[Path]:
    return sorted(settings.export_cache_folder.glob("*.download"))


@pytest.mark.parametrize("route", [CSV, OCDS])
async def test_a_repeat_download_of_an_unchanged_register_is_served_from_its_stored_copy(
    serve: Serve, settings: Settings, session: AsyncSession, graphql: GraphQL, tokens: Tokens, route: str
) -> None:
    async with serve(settings) as client:
        # given a first download, which stores the file
        first = await client.get(route)
        assert first.status_code == 200
        assert len(_stored(settings)) == 1

        # when a contract's title changes behind the register's back (no version advance), and it is asked again
        await session.execute(text("UPDATE contract SET title = 'Renamed unseen' WHERE reference = :r"), {"r": KPSN})
        again = await client.get(route)

        # then the stored copy is what is sent: same bytes, same ETag, nothing rebuilt
        assert again.content == first.content
        assert again.headers["etag"] == first.headers["etag"]
        assert "Renamed unseen" not in again.text

        # when an editor renames it through the API, then the next download is built afresh with the new title
        contract = await gid(session, models.Contract, reference=KPSN)
        renamed = {"input": {"id": contract, "version": 1, "title": "Kent Public Services Network"}}
        assert (await graphql(RENAME, renamed, token=tokens.editor)).data["contractUpdate"]["userErrors"] == []
        after = await client.get(route)
        assert after.headers["etag"] != first.headers["etag"]
        assert "Kent Public Services Network" in after.text

        # and the older version's file is gone: only the current one is kept
        assert len(_stored(settings)) == 1


@pytest.mark.parametrize("route", [CSV, OCDS])
async def test_a_client_holding_the_current_version_is_told_not_modified(
    serve: Serve, settings: Settings, session: AsyncSession, route: str
) -> None:
    async with serve(settings) as client:
        first = await client.get(route)
        version = await read_version(session)

        # the ETag is the register's version, and clients are asked to revalidate
        assert first.headers["etag"] == f'"{version.tag}"'
        assert first.headers["cache-control"] == "no-cache"

        # when the client revalidates with it (alone or in a list), then 304 with no body
        for header in (first.headers["etag"], f'"stale", W/{first.headers["etag"]}'):
            again = await client.get(route, headers={"If-None-Match": header})
            assert (again.status_code, again.content) == (304, b"")
            assert again.headers["etag"] == first.headers["etag"]

        # and an old version's tag gets the whole download
        assert (await client.get(route, headers={"If-None-Match": '"1-20260101T000000000000"'})).status_code == 200


async def test_the_package_is_dated_when_the_register_last_changed_unless_a_date_is_asked_for(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # when the package is downloaded without a date
    package = (await client.get(OCDS)).json()

    # then it and every release carry the moment of the register's last change, as OCDS asks of on-demand packages
    changed = ocds_datetime((await read_version(session)).changed_at)
    assert package["publishedDate"] == changed
    assert {release["date"] for release in package["releases"]} == {changed}

    # and a date asked for is the package's, kept apart from the undated one
    dated = (await client.get(OCDS, params={"publishedDate": "2026-11-24T00:00:00Z"})).json()
    assert dated["publishedDate"] == "2026-11-24T00:00:00Z"
    assert [release["ocid"] for release in dated["releases"]] == [release["ocid"] for release in package["releases"]]


async def test_the_streamed_package_is_valid_ocds_in_ocid_order_whatever_the_batch(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the package read in the usual batches
    params = {"publishedDate": "2026-11-24T00:00:00Z"}
    whole = await client.get(OCDS, params=params)
    package = whole.json()

    # then it is valid OCDS, one release per current contract and significant activity, sorted by ocid
    assert schema_errors(package) == []
    ocids = [release["ocid"] for release in package["releases"]]
    contracts = await session.scalar(text("SELECT count(*) FROM contract WHERE retired_at IS NULL"))
    activities = await session.scalar(text("SELECT count(*) FROM commissioning_activity WHERE retired_at IS NULL"))
    assert len(ocids) == contracts + activities == 15 + 24
    assert ocids == sorted(ocids)
    assert len(set(ocids)) == len(ocids)

    # when it is read three processes at a time instead (and asked for at another date, so it is built again)
    monkeypatch.setattr(db.ocds.export, "BATCH", 3)
    small = (await client.get(OCDS, params={"publishedDate": "2026-11-24T00:00:00+00:00"})).json()

    # then the releases are the same, in the same order
    assert small["releases"] == package["releases"]


@pytest.mark.parametrize("route", READ_ROUTES)
async def test_closed_reads_refuse_every_read_route_without_a_valid_token(
    serve: Serve, settings: Settings, tokens: Tokens, route: str
) -> None:
    closed = Settings(reads_require_token=True, export_cache_dir=settings.export_cache_dir)
    async with serve(closed) as client:
        # when the register's reads are closed, then no token, a revoked one or a malformed header is refused
        for headers in ({}, {"Authorization": f"Bearer {tokens.revoked}"}, {"Authorization": "Basic abc"}):
            refused = await client.get(route, headers=headers)
            assert refused.status_code == 401
            assert refused.headers["www-authenticate"] == "Bearer"
            assert "reads are closed" in refused.text

        # and a reader's token is answered
        allowed = await client.get(route, headers={"Authorization": f"Bearer {tokens.reader}"})
        assert allowed.status_code == 200
        assert allowed.content

        # and no stored copy leaks to a refused caller, nor does a 304
        etag = {"If-None-Match": allowed.headers["etag"]}
        assert (await client.get(route, headers=etag)).status_code == 401


@pytest.mark.parametrize("route", READ_ROUTES)
async def test_open_reads_need_no_token(serve: Serve, settings: Settings, route: str) -> None:
    async with serve(settings) as client:
        assert (await client.get(route)).status_code == 200


async def test_concurrent_first_downloads_build_the_file_once(register_engine: AsyncEngine, settings: Settings) -> None:
    # given the register's own engine and sessions (no test transaction), counting how often the package is read
    reads: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "commissioning_activity.name" in statement and "directorate.code" in statement:
            reads.append(statement)

    event.listen(register_engine.sync_engine, "before_cursor_execute", count)
    async with running(create_app(settings, engine=register_engine)) as client:
        # when five callers ask for the package at once
        responses = await asyncio.gather(*(client.get(OCDS) for _ in range(5)))

    # then all get the same package, and it was read from the database once
    assert {response.status_code for response in responses} == {200}
    assert len({response.content for response in responses}) == 1
    assert len(reads) == 1
    assert len(_stored(settings)) == 1
    assert not list(settings.export_cache_folder.glob(".*.part"))
