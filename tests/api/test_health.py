"""Health and readiness: a load balancer can tell a live process from one that can serve the register."""

from __future__ import annotations

import httpx

from api.app import create_app
from db.settings import Settings
from tests.api.conftest import running

NOWHERE = "postgresql://nobody@127.0.0.1:1/none"


async def test_a_running_process_is_healthy(client: httpx.AsyncClient) -> None:
    # given the register's app
    # when a probe asks whether it is alive
    response = await client.get("/healthz")

    # then it is
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_the_register_is_ready_when_its_database_answers(client: httpx.AsyncClient) -> None:
    # given the app on the seeded register's database
    # when a probe asks whether it is ready
    response = await client.get("/readyz")

    # then it is
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_the_register_is_not_ready_without_its_database() -> None:
    # given the app pointed at a database that is not there
    app = create_app(Settings(database_url=NOWHERE))

    # when probes ask whether it is alive and whether it is ready
    async with running(app) as client:
        health = await client.get("/healthz")
        readiness = await client.get("/readyz")

    # then it is alive but not ready, and says why without naming the host or the user
    assert health.status_code == 200
    assert readiness.status_code == 503
    assert readiness.json() == {
        "status": "unavailable",
        "reason": "The database cannot be reached (ConnectionRefusedError)",
    }
    assert "nobody" not in readiness.text and "127.0.0.1" not in readiness.text


async def test_a_query_without_a_database_is_unavailable_without_leaking_why() -> None:
    # given the app pointed at a database that is not there
    app = create_app(Settings(database_url=NOWHERE))

    # when a client queries it
    async with running(app) as client:
        response = await client.post("/graphql", json={"query": "{ contracts { totalCount } }"})

    # then the client learns that the database is away and when to retry, and nothing about where it is
    errors = response.json()["errors"]
    assert [(error["message"], error["extensions"]) for error in errors] == [
        ("The register's database is not answering just now; try again shortly.", {"code": "UNAVAILABLE"})
    ]
    assert response.headers["retry-after"] == "5"
    assert "Connect" not in response.text and "127.0.0.1" not in response.text
