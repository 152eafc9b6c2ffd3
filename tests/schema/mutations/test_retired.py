"""Retiring records: they leave the lists, keep their IDs and history, and no longer change or can be named."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from tests.conftest import GraphQL, Tokens
from tests.schema.mutations.rows import gid, state

CONTRACT_RETIRE = """
mutation Retire($input: RetireInput!) {
  contractRetire(input: $input) {
    contract { id record { version retiredAt } }
    userErrors { field message code }
  }
}
"""
CONTRACT_UPDATE = """
mutation Update($input: ContractUpdateInput!) {
  contractUpdate(input: $input) { contract { id } userErrors { field message code } }
}
"""
CONTRACT_CREATE = """
mutation Create($input: ContractCreateInput!) {
  contractCreate(input: $input) { contract { id } userErrors { field message code } }
}
"""
PROVIDER_RETIRE = "mutation($input: RetireInput!) { providerRetire(input: $input) { userErrors { code } } }"
KPSN_LISTED = """
query Kpsn($id: ID!) {
  contracts(filter: {text: "SCS-2017-KPSN"}) { totalCount valueTotals { basis counted } }
  node(id: $id) { ... on Contract { reference record { retiredAt } } }
}
"""
KPSN = "SCS-2017-KPSN"


async def test_a_retired_contract_leaves_the_lists_but_keeps_its_id(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given KPSN, listed
    kpsn = await gid(session, models.Contract, reference=KPSN)
    listed = await graphql(KPSN_LISTED, {"id": kpsn})
    assert listed.data["contracts"]["totalCount"] == 1

    # when an editor retires it
    response = await graphql(CONTRACT_RETIRE, {"input": {"id": kpsn, "version": 1}}, token=tokens.editor)

    # then it is retired at version 2; the list and its totals leave it out, but `node` still finds it
    retired = response.data["contractRetire"]["contract"]["record"]
    assert retired["version"] == 2 and retired["retiredAt"] is not None
    after = await graphql(KPSN_LISTED, {"id": kpsn})
    assert after.data["contracts"]["totalCount"] == 0
    assert [total["counted"] for total in after.data["contracts"]["valueTotals"]] == [0, 0]
    assert after.data["node"] == {"reference": KPSN, "record": {"retiredAt": retired["retiredAt"]}}


@pytest.mark.parametrize(
    ("mutation", "variables"),
    [
        pytest.param(CONTRACT_UPDATE, {"title": "KPSN"}, id="update"),
        pytest.param(CONTRACT_RETIRE, {}, id="retire"),
    ],
)
async def test_a_retired_contract_no_longer_changes(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens, mutation: str, variables: dict[str, Any]
) -> None:
    # given KPSN, retired
    kpsn = await gid(session, models.Contract, reference=KPSN)
    await graphql(CONTRACT_RETIRE, {"input": {"id": kpsn, "version": 1}}, token=tokens.editor)
    before = await state(session, models.Contract, kpsn)

    # when an editor tries to change or retire it again
    response = await graphql(mutation, {"input": {"id": kpsn, "version": 2, **variables}}, token=tokens.editor)

    # then it is refused as RETIRED, and nothing moves
    (payload,) = response.data.values()
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "id"], "RETIRED")]
    assert await state(session, models.Contract, kpsn) == before


async def test_a_new_contract_cannot_name_a_retired_provider(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given Agilisys, retired
    agilisys = await gid(session, models.Provider, name="Agilisys")
    await graphql(PROVIDER_RETIRE, {"input": {"id": agilisys, "version": 1}}, token=tokens.editor)

    # when a new contract names it as provider
    contract = {"reference": "SCS-2018-NEW", "title": "Print", "status": "ACTIVE", "providerId": agilisys}
    response = await graphql(CONTRACT_CREATE, {"input": contract}, token=tokens.editor)

    # then the provider is refused as RETIRED
    (error,) = response.data["contractCreate"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "providerId"], "RETIRED")


async def test_a_retired_contract_leaves_its_providers_list_too(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given KPSN, delivered by Daisy Updata
    kpsn = await gid(session, models.Contract, reference=KPSN)
    query = '{ providers(filter: {text: "Daisy Updata"}) { edges { node { contracts { totalCount } } } } }'
    assert (await graphql(query)).data["providers"]["edges"] == [{"node": {"contracts": {"totalCount": 1}}}]

    # when it is retired
    await graphql(CONTRACT_RETIRE, {"input": {"id": kpsn, "version": 1}}, token=tokens.editor)

    # then the provider's list of contracts leaves it out too
    assert (await graphql(query)).data["providers"]["edges"] == [{"node": {"contracts": {"totalCount": 0}}}]
