"""The one write engine: each write stands alone, and even a write the checks miss changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from schema import mutations
from tests.conftest import GraphQL, Tokens
from tests.schema.mutations.rows import count, state

TWO_PROVIDERS = """
mutation Two {
  taken: providerCreate(input: {name: "Agilisys"}) { provider { name } userErrors { field code } }
  fresh: providerCreate(input: {name: "Acme Print Ltd"}) { provider { name } userErrors { field code } }
}
"""
DUPLICATE_PROVIDER = 'mutation { providerCreate(input: {name: "Agilisys"}) { provider { name } userErrors { code } } }'


async def test_a_refused_write_does_not_undo_the_next_one(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given the register's providers and change log
    providers, changes = await count(session, models.Provider), await count(session, models.Change)

    # when one request adds a provider whose name is taken, then one whose name is free
    response = await graphql(TWO_PROVIDERS, token=tokens.editor)

    # then the first is refused and the second accepted: one provider and one change more
    assert response.data == {
        "taken": {"provider": None, "userErrors": [{"field": ["input", "name"], "code": "DUPLICATE"}]},
        "fresh": {"provider": {"name": "Acme Print Ltd"}, "userErrors": []},
    }
    assert (await count(session, models.Provider), await count(session, models.Change)) == (providers + 1, changes + 1)


async def test_a_write_the_database_refuses_rolls_back_whole(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a race the checks cannot see: another writer took the name between the check and the write
    async def no_check(*_args: object) -> None:
        return None

    monkeypatch.setattr(mutations, "unique_keys", no_check)
    before = await state(session, models.Provider)

    # when the provider is written
    response = await graphql(DUPLICATE_PROVIDER, token=tokens.editor)

    # then the database's unique rule refuses it as a DUPLICATE, and nothing of it is left behind
    assert response.data == {"providerCreate": {"provider": None, "userErrors": [{"code": "DUPLICATE"}]}}
    assert await state(session, models.Provider) == before
