"""Who is calling: bearer tokens in the Authorization header, and reads that a setting can close."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.auth import bearer_token
from db.settings import Settings, SettingsError
from tests.conftest import GraphQL, Tokens

CONTRACT_COUNT = "{ contracts { totalCount } }"
INTROSPECTION = "{ __schema { queryType { name } mutationType { name } } }"


@pytest.mark.parametrize(
    ("header", "token", "problem"),
    [
        pytest.param(None, None, False, id="none"),
        pytest.param("", None, False, id="blank"),
        pytest.param("Bearer reg_abc", "reg_abc", False, id="bearer"),
        pytest.param("bearer   reg_abc  ", "reg_abc", False, id="any-case-and-spacing"),
        pytest.param("Basic dXNlcjpwYXNz", None, True, id="basic"),
        pytest.param("Bearer", None, True, id="no-token"),
        pytest.param("reg_abc", None, True, id="no-scheme"),
    ],
)
def test_the_bearer_token_is_read_from_the_header(header: str | None, token: str | None, problem: bool) -> None:
    # when the Authorization header is read, then the token is found or the header is refused with why
    found, refusal = bearer_token(header)
    assert (found, refusal is not None) == (token, problem)


def test_reads_are_open_unless_the_setting_closes_them() -> None:
    # given the environment with and without READS_REQUIRE_TOKEN, then reads are open by default
    assert Settings.from_environ({}).reads_require_token is False
    assert Settings.from_environ({"READS_REQUIRE_TOKEN": "true"}).reads_require_token is True
    with pytest.raises(SettingsError, match="READS_REQUIRE_TOKEN"):
        Settings.from_environ({"READS_REQUIRE_TOKEN": "sometimes"})


async def test_open_reads_need_no_token(graphql: GraphQL) -> None:
    # when the published register is read without a token, then it answers
    response = await graphql(CONTRACT_COUNT)
    assert response.errors == [] and response.data["contracts"]["totalCount"] > 0


@pytest.fixture
async def closed(
    register_engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    """A client for a register whose reads are closed (READS_REQUIRE_TOKEN)."""
    app = create_app(Settings(reads_require_token=True), engine=register_engine, sessionmaker=sessionmaker)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://register.test") as client,
    ):
        yield client


async def test_closed_reads_refuse_a_request_without_a_token(closed: httpx.AsyncClient) -> None:
    # when the closed register is read without a token
    response = await closed.post("/graphql", json={"query": CONTRACT_COUNT})

    # then it is refused before it runs (so there is no `data`), with HTTP's own word for it, and the error
    # says a token is needed
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="register"'
    body = response.json()
    assert "data" not in body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "reads are closed" in error["message"]


@pytest.mark.parametrize("holder", ["reader", "editor", "admin"])
async def test_closed_reads_answer_any_valid_token(closed: httpx.AsyncClient, tokens: Tokens, holder: str) -> None:
    # when the closed register is read with a reader's, an editor's or an admin's token
    headers = {"Authorization": f"Bearer {getattr(tokens, holder)}"}
    response = await closed.post("/graphql", json={"query": CONTRACT_COUNT}, headers=headers)

    # then it answers
    assert response.json()["data"]["contracts"]["totalCount"] > 0


async def test_closed_reads_refuse_a_revoked_token(closed: httpx.AsyncClient, tokens: Tokens) -> None:
    # when the closed register is read with a revoked token
    headers = {"Authorization": f"Bearer {tokens.revoked}"}
    response = await closed.post("/graphql", json={"query": CONTRACT_COUNT}, headers=headers)

    # then it is refused, saying the token was revoked
    assert response.status_code == 401
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "'old-importer' was revoked" in error["message"]


async def test_closed_reads_still_describe_the_schema(closed: httpx.AsyncClient) -> None:
    # when a developer explores the closed register's schema without a token
    response = await closed.post("/graphql", json={"query": INTROSPECTION})

    # then introspection still answers, so GraphiQL works before a token is issued
    assert response.json()["data"] == {
        "__schema": {"queryType": {"name": "Query"}, "mutationType": {"name": "Mutation"}}
    }
