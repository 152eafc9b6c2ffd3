"""Answers to reads kept against the register's version: a repeated read is answered from memory, and a write,
by this process or any other sharing the database, is seen by the very next read. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import async_sessionmaker
from strawberry.extensions import SchemaExtension

from db import models
from db.settings import Settings
from schema import make_schema
from schema.context import Context
from schema.response_cache import ResponseCache, ResponseCaching
from tests.api.conftest import LiveRegister, Serve, running
from tests.api.test_concurrent_editors import CREATE, UPDATE
from tests.conftest import Tokens

AGILISYS = "SCS-2017-AGILISYS"

CONTRACT = """
query($reference: String!) { contract(reference: $reference) { id title record { version } } }
"""

FIRST_CONTRACTS = "query($first: Int!) { contracts(first: $first) { nodes { reference title } } }"


async def _post(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None = None
) -> dict[str, Any]:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    response = await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _contract(client: httpx.AsyncClient, reference: str, token: str | None = None) -> dict[str, Any]:
    body = await _post(client, CONTRACT, {"reference": reference}, token)
    assert "errors" not in body, body["errors"]
    contract: dict[str, Any] = body["data"]["contract"]
    return contract


async def _retitle(client: httpx.AsyncClient, editor: str, contract: dict[str, Any], title: str) -> None:
    body = await _post(
        client,
        UPDATE,
        {"input": {"id": contract["id"], "version": contract["record"]["version"], "title": title}},
        editor,
    )
    assert "errors" not in body and body["data"]["contractUpdate"]["userErrors"] == [], body


async def _counts(client: httpx.AsyncClient) -> dict[str, int]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    counts: dict[str, int] = response.json()["responseCache"]
    return counts


async def test_a_repeated_read_is_answered_from_the_cache_and_a_write_is_seen_by_the_next_read(
    serve: Serve, tokens: Tokens
) -> None:
    async with serve(Settings()) as client:
        # given the Agilisys contract read twice: the second answer is the kept one
        first = await _contract(client, AGILISYS)
        assert await _contract(client, AGILISYS) == first
        assert (await _counts(client))["hits"] == 1

        # when an editor retitles it
        await _retitle(client, tokens.editor, first, "Contact Point and digital services (renamed)")

        # then the same read at once gives the new title, and the mutation's answer was not kept
        after = await _contract(client, AGILISYS)
        assert after["title"] == "Contact Point and digital services (renamed)"
        assert after["record"]["version"] == first["record"]["version"] + 1
        counts = await _counts(client)
        assert (counts["hits"], counts["misses"], counts["stored"]) == (1, 2, 2)


async def test_each_role_has_its_own_kept_answers(serve: Serve, tokens: Tokens) -> None:
    async with serve(Settings()) as client:
        # given the same read by an anonymous caller, a reader, an editor and an admin
        callers = [None, tokens.reader, tokens.editor, tokens.admin]
        answers = [await _contract(client, AGILISYS, token) for token in callers]

        # then each was run for its role (a reader shares the anonymous caller's answers only if its role is
        # the same: it is not), and each role's repeat is answered from its own
        assert (await _counts(client))["misses"] == 4
        assert [await _contract(client, AGILISYS, token) for token in callers] == answers
        counts = await _counts(client)
        assert (counts["hits"], counts["misses"]) == (4, 4)


async def test_an_answer_with_an_error_is_asked_again(serve: Serve) -> None:
    async with serve(Settings()) as client:
        # given a read that fails part-way (an ID that names no record's kind)
        query = 'query { node(id: "not-an-id") { id } contract(reference: "SCS-2017-AGILISYS") { id } }'
        first = await _post(client, query, {})
        second = await _post(client, query, {})

        # then both ran and gave the error, and neither answer was kept
        assert first["errors"] and second["errors"]
        counts = await _counts(client)
        assert (counts["hits"], counts["stored"]) == (0, 0)


async def test_the_byte_budget_drops_the_least_recently_used_answer(serve: Serve) -> None:
    # given the sizes of two answers, as kept
    async with serve(Settings()) as client:
        await _post(client, FIRST_CONTRACTS, {"first": 5})
        five = (await _counts(client))["bytes"]
        await _post(client, FIRST_CONTRACTS, {"first": 6})
        six = (await _counts(client))["bytes"] - five
    budget = six + five // 2

    async with serve(Settings(response_cache_bytes=budget)) as client:
        # when both are read into a cache with room for only one
        kept_five = await _post(client, FIRST_CONTRACTS, {"first": 5})
        await _post(client, FIRST_CONTRACTS, {"first": 6})

        # then the older went, the cache stayed within its budget, and the older is run again, with the same answer
        counts = await _counts(client)
        assert (counts["entries"], counts["evicted"]) == (1, 1) and counts["bytes"] <= budget
        assert await _post(client, FIRST_CONTRACTS, {"first": 5}) == kept_five
        assert (await _counts(client))["hits"] == 0


async def test_a_budget_of_nought_keeps_nothing(serve: Serve) -> None:
    async with serve(Settings(response_cache_bytes=0)) as client:
        # when the same read is made twice
        answers = [await _contract(client, AGILISYS) for _ in range(2)]

        # then both ran, and nothing was counted or kept
        assert answers[0] == answers[1] and answers[0]["title"]
        assert await _counts(client) == {
            "hits": 0,
            "misses": 0,
            "stored": 0,
            "evicted": 0,
            "entries": 0,
            "bytes": 0,
            "budgetBytes": 0,
        }


async def test_a_kept_answer_is_charged_to_the_rate_limit_as_the_run_was(serve: Serve) -> None:
    # given a bucket that barely refills while the test runs
    settings = Settings(rate_limit_points=1000, rate_limit_restore=1, max_query_cost=1000)
    async with serve(settings) as client:
        # when the same read is run, then answered from the cache
        run = await _post(client, CONTRACT, {"reference": AGILISYS})
        kept = await _post(client, CONTRACT, {"reference": AGILISYS})

        # then both cost the same, and the second came out of the bucket too
        assert (await _counts(client))["hits"] == 1
        run_cost, kept_cost = run["extensions"]["cost"], kept["extensions"]["cost"]
        assert kept_cost["actualQueryCost"] == run_cost["actualQueryCost"] > 0
        spent = run_cost["throttleStatus"]["currentlyAvailable"] - kept_cost["throttleStatus"]["currentlyAvailable"]
        assert spent >= kept_cost["actualQueryCost"] - 1


async def test_two_processes_on_one_database_never_serve_an_answer_from_before_the_others_write(
    live_register: LiveRegister,
) -> None:
    async with (
        live_register.app(Settings()) as first_app,
        live_register.app(Settings()) as second_app,
        running(first_app.app) as first,
        running(second_app.app) as second,
    ):
        # given a contract that the first process has read, and answered again from its cache
        body = await _post(
            first,
            CREATE,
            {"input": {"reference": "LIVE-CACHE-01", "title": "Courier services", "status": "ACTIVE"}},
            live_register.editor,
        )
        created = body["data"]["contractCreate"]["contract"]
        read = await _contract(first, "LIVE-CACHE-01")
        assert await _contract(first, "LIVE-CACHE-01") == read and read["title"] == "Courier services"
        assert (await _counts(first))["hits"] == 1

        # when the second process (its own engine, its own cache) retitles it
        await _retitle(second, live_register.editor, created, "Courier and post room services")

        # then the first process's next read has the new title
        assert (await _contract(first, "LIVE-CACHE-01"))["title"] == "Courier and post room services"
        assert (await _counts(first))["hits"] == 1


class WriteWhileReading(SchemaExtension):
    """Commits a retitle through another connection after the read has taken its version, before its query runs:
    the race a response cache must survive."""

    def __init__(self, *, write: Any) -> None:
        self.write = write

    async def on_execute(self) -> AsyncIterator[None]:
        await self.write()
        yield


async def test_a_read_racing_a_write_keeps_its_answer_under_the_version_it_read(live_register: LiveRegister) -> None:
    engine = live_register.database.engine()
    writer = live_register.database.engine()
    try:
        sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
        cache = ResponseCache(1024 * 1024)
        reference = "LIVE-CACHE-RACE"
        async with async_sessionmaker(writer)() as session:
            session.add(
                models.Contract(reference=reference, title="Before the race", status=models.ContractStatus.ACTIVE)
            )
            await session.commit()

        async def retitle() -> None:
            async with async_sessionmaker(writer)() as session:
                statement = update(models.Contract).where(models.Contract.reference == reference)
                await session.execute(statement.values(title="After the race"))
                await session.commit()

        settings = Settings()
        racing = make_schema(settings, (lambda: ResponseCaching(cache=cache), lambda: WriteWhileReading(write=retitle)))
        plain = make_schema(settings, (lambda: ResponseCaching(cache=cache),))
        query = "query($r: String!) { contract(reference: $r) { title } }"

        async def read(schema: Any) -> Any:
            context = Context(sessionmaker=sessionmaker, settings=settings)
            try:
                result = await schema.execute(query, {"r": reference}, context_value=context)
            finally:
                await context.close()
            assert result.errors is None
            return result.data["contract"]["title"]

        # when a read takes the register's version, a write commits, and then the read's query runs
        raced = await read(racing)

        # then that read saw the register as of its version (one snapshot), and the next read sees the write
        assert raced == "Before the race"
        assert await read(plain) == "After the race"
        assert cache.counts().hits == 0
    finally:
        await engine.dispose()
        await writer.dispose()
