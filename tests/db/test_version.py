"""The register's version: every committed write advances it, a refused or rolled-back one does not, and every
session sees it move together with the data."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cli import main
from db import models
from db.engine import make_engine, make_sessionmaker
from db.migrations import upgrade
from db.models import Role
from db.tokens import create_token, revoke_token
from db.version import read_version
from tests.conftest import Database, GraphQL, Tokens
from tests.schema.mutations.rows import gid

DATA = Path(__file__).parents[1] / "data"
CONTRACT_UPDATE = """
mutation Update($input: ContractUpdateInput!) {
  contractUpdate(input: $input) { contract { title } userErrors { code } }
}
"""
IMPORT = """
mutation Import($input: ContractsImportInput!) {
  contractsImport(input: $input) { summary { created } userErrors { code } }
}
"""
KPSN = "SCS-2017-KPSN"


async def _number(session: AsyncSession) -> int:
    return (await read_version(session)).number


async def test_an_edit_through_the_api_advances_the_version(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given the seeded register, whose seeding advanced the version past the migration's 1
    before = await _number(session)
    assert before > 1
    contract = await gid(session, models.Contract, reference=KPSN)

    # when an editor renames a contract
    variables = {"input": {"id": contract, "version": 1, "title": "Kent Public Services Network"}}
    response = await graphql(CONTRACT_UPDATE, variables, token=tokens.editor)

    # then the write is accepted and the register's version has moved on
    assert response.data["contractUpdate"]["userErrors"] == []
    assert await _number(session) > before


async def test_a_refused_edit_leaves_the_version_alone(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    before = await _number(session)
    contract = await gid(session, models.Contract, reference=KPSN)

    # when an editor writes over a version that is not the contract's (a concurrent edit), and a bad value
    stale = await graphql(CONTRACT_UPDATE, {"input": {"id": contract, "version": 7, "title": "X"}}, token=tokens.editor)
    bad = await graphql(
        CONTRACT_UPDATE, {"input": {"id": contract, "version": 1, "value": "lots"}}, token=tokens.editor
    )

    # then both are refused and the version is where it was
    assert stale.data["contractUpdate"]["userErrors"][0]["code"] == "CONFLICT"
    assert bad.data["contractUpdate"]["userErrors"][0]["code"] == "BAD_INPUT"
    assert await _number(session) == before


async def test_an_import_over_the_api_advances_the_version_and_a_refused_one_does_not(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    before = await _number(session)

    # when a file with a bad row is imported, then nothing is written and the version stays
    bad = (DATA / "transparency" / "one_bad_row.csv").read_text()
    refused = await graphql(IMPORT, {"input": {"format": "TRANSPARENCY_CSV", "document": bad}}, token=tokens.editor)
    assert refused.data["contractsImport"]["userErrors"][0]["code"] == "BAD_INPUT"
    assert await _number(session) == before

    # when a good one is, then it moves on
    good = (DATA / "ocds" / "samples" / "fictional-example-release-package.json").read_text()
    accepted = await graphql(IMPORT, {"input": {"format": "OCDS_JSON", "document": good}}, token=tokens.editor)
    assert accepted.data["contractsImport"]["summary"]["created"] >= 1
    assert await _number(session) > before


async def test_tokens_are_not_register_data(session: AsyncSession) -> None:
    before = await _number(session)

    await create_token(session, "dashboard", Role.READER)
    await revoke_token(session, "dashboard")
    await session.flush()

    assert await _number(session) == before


async def test_a_rolled_back_write_leaves_the_version_alone(session: AsyncSession) -> None:
    before = await _number(session)

    # when a write is flushed inside a savepoint that is then rolled back
    savepoint = await session.begin_nested()
    contract = await session.scalar(select(models.Contract).where(models.Contract.reference == KPSN))
    assert contract is not None
    contract.title = "Renamed, then thought better of"
    await session.flush()
    assert await _number(session) == before + 1
    await savepoint.rollback()

    # then the version went back with it
    assert await _number(session) == before


def test_the_command_line_imports_and_seeding_advance_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a migrated, empty register file, at the migration's version 1
    url = f"sqlite:///{tmp_path / 'register.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    seen = [_committed(url)]

    # when it is seeded and then imported into, in each format
    assert main(["seed"]) == 0
    seen.append(_committed(url))
    assert main(["import", "transparency", str(DATA / "transparency" / "district_layout.csv")]) == 0
    seen.append(_committed(url))
    assert main(["import", "ocds", str(DATA / "ocds" / "samples" / "fictional-example-release-package.json")]) == 0
    seen.append(_committed(url))

    # then each write moved the version on
    assert seen[0] == 1
    assert seen == sorted(set(seen))


def _committed(url: str) -> int:
    async def read() -> int:
        engine = make_engine(url)
        try:
            async with make_sessionmaker(engine)() as session:
                return await _number(session)
        finally:
            await engine.dispose()

    return asyncio.run(read())


async def test_a_reader_sees_the_new_version_when_it_sees_the_data_and_not_before(empty_database: Database) -> None:
    engine = empty_database.engine()
    try:
        await upgrade(engine)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        async with sessions() as writer, sessions() as reader:
            before = await _number(reader)
            await reader.rollback()

            # when one session writes a provider but has not committed
            writer.add(models.Provider(name="Agilisys", kind="SUPPLIER"))
            await writer.flush()

            # then another sees neither the provider nor a new version
            assert await _number(reader) == before
            assert await _providers(reader) == 0
            await reader.rollback()

            # when it commits, then the other sees both together
            await writer.commit()
            assert await _number(reader) == before + 1
            assert await _providers(reader) == 1
    finally:
        await engine.dispose()


async def _providers(session: AsyncSession) -> int:
    return int(await session.scalar(text("SELECT count(*) FROM provider")) or 0)
