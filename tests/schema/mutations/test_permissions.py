"""Who may write: every mutation in the schema needs an editor's or an admin's token (the webhooks' an admin's),
and refuses anyone else.

The mutations are found in the schema itself, so a new mutation without the permission fails here.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    Undefined,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from schema import schema
from schema.permissions import CanEditRegister, CanManageWebhooks
from schema.relay import global_id
from schema.root import Mutation
from tests.conftest import GraphQL, Tokens
from tests.schema.mutations.rows import state

MUTATION_TYPE = schema._schema.mutation_type
assert MUTATION_TYPE is not None
MUTATIONS = sorted(MUTATION_TYPE.fields)
PLACEHOLDERS: dict[str, Any] = {
    "ID": global_id("Contract", 1),
    "String": "2019",
    "Int": 1,
    "Boolean": True,
    "Date": "2019-01-01",
    "Decimal": "1",
}


def placeholder(kind: GraphQLInputType) -> Any:
    """A value of an input type that passes validation: every required field filled, the rest left out."""
    if isinstance(kind, GraphQLNonNull):
        return placeholder(kind.of_type)
    if isinstance(kind, GraphQLList):
        return []
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {
            name: placeholder(field.type)
            for name, field in kind.fields.items()
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        }
    assert isinstance(kind, GraphQLScalarType)
    return PLACEHOLDERS[kind.name]


def call(name: str) -> tuple[str, dict[str, Any]]:
    """A document calling one mutation, and variables that pass validation."""
    assert MUTATION_TYPE is not None
    field = MUTATION_TYPE.fields[name]
    (argument,) = field.args.items()
    argument_name, definition = argument
    document = (
        f"mutation Call($value: {definition.type}) {{ {name}({argument_name}: $value) {{ userErrors {{ code }} }} }}"
    )
    return document, {"value": placeholder(definition.type)}


def test_every_mutation_declares_the_edit_permission() -> None:
    # given every mutation field, then each declares CanEditRegister on the field itself, or, managing
    # webhooks, CanManageWebhooks
    fields = Mutation.__strawberry_definition__.fields
    assert {field.python_name: field.permission_classes for field in fields} == {
        field.python_name: [CanManageWebhooks if field.python_name.startswith("webhook_") else CanEditRegister]
        for field in fields
    }


# Each caller who may not write: the token (by holder) or the raw header they send, the code and the words.
REFUSED_CALLERS = [
    ("no token", None, None, "UNAUTHENTICATED", "No API token was presented"),
    ("a reader", "reader", None, "FORBIDDEN", "has the role reader"),
    ("a revoked token", "revoked", None, "UNAUTHENTICATED", "'old-importer' was revoked"),
    ("an unknown token", None, "Bearer reg_made-up", "UNAUTHENTICATED", "not one this register issued"),
    ("not a bearer token", None, "Basic dXNlcjpwYXNz", "UNAUTHENTICATED", "must be `Bearer <token>`"),
]


@pytest.mark.parametrize("mutation", MUTATIONS)
async def test_a_write_without_an_editor_token_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession, tokens: Tokens, mutation: str
) -> None:
    # given a valid call of the mutation, and the change log
    document, variables = call(mutation)
    before = await state(session, models.Change)

    for caller, holder, header, code, says in REFUSED_CALLERS:
        # when it is sent with no token, a reader's, a revoked one, one never issued, or not a bearer token
        authorization = header if holder is None else f"Bearer {getattr(tokens, holder)}"
        headers = {} if authorization is None else {"Authorization": authorization}
        body = (await client.post("/graphql", json={"query": document, "variables": variables}, headers=headers)).json()

        # then the field is refused with a clear error, and nothing is written
        assert body["data"] is None, caller
        (error,) = body["errors"]
        assert (error["path"], error["extensions"]["code"]) == ([mutation], code), caller
        assert says in error["message"], caller
        assert await state(session, models.Change) == before, caller


@pytest.mark.parametrize("holder", ["editor", "admin"])
async def test_editors_and_admins_may_write(graphql: GraphQL, tokens: Tokens, holder: str) -> None:
    # given a new supplier
    document = 'mutation { providerCreate(input: {name: "Acme"}) { provider { name } userErrors { code } } }'

    # when an editor or an admin adds it
    response = await graphql(document, token=getattr(tokens, holder))

    # then it is accepted
    assert response.data == {"providerCreate": {"provider": {"name": "Acme"}, "userErrors": []}}
