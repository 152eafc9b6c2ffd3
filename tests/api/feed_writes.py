"""Writes and feed reads over HTTP that the feed's tests share: an editor's contracts, and the feed's end."""

from __future__ import annotations

from typing import Any

import httpx

LATEST = "query { changes(last: 1) { pageInfo { endCursor } } }"
CREATE = """
mutation($input: ContractCreateInput!) {
  contractCreate(input: $input) { contract { id } userErrors { code } }
}
"""
UPDATE = """
mutation($input: ContractUpdateInput!) {
  contractUpdate(input: $input) { contract { id } userErrors { code } }
}
"""


async def post(client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None = None) -> Any:
    """The data of a GraphQL request that must succeed."""
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    response = await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


async def latest(client: httpx.AsyncClient) -> str:
    """The cursor of the feed's latest change."""
    cursor: str = (await post(client, LATEST, {}))["changes"]["pageInfo"]["endCursor"]
    return cursor


async def create_contract(client: httpx.AsyncClient, editor: str, reference: str, title: str = "Waste") -> str:
    """A new contract's ID, added by the editor."""
    data = await post(client, CREATE, {"input": {"reference": reference, "title": title, "status": "ACTIVE"}}, editor)
    assert data["contractCreate"]["userErrors"] == []
    contract: str = data["contractCreate"]["contract"]["id"]
    return contract


async def retitle(client: httpx.AsyncClient, editor: str, contract: str, version: int, title: str) -> None:
    """Change a contract's title from the version read."""
    data = await post(client, UPDATE, {"input": {"id": contract, "version": version, "title": title}}, editor)
    assert data["contractUpdate"]["userErrors"] == []
