"""Editors writing at the same moment, over HTTP, on a database whose writes are committed: on SQLite (the
default) as on PostgreSQL, every write either lands or is a CONFLICT, never INTERNAL or "database is locked"."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from db.settings import Settings
from tests.api.conftest import LiveRegister

EDITORS = 20

CONTRACTS = """
query($first: Int!) {
  contracts(first: $first) { nodes { id reference title record { version } } }
}
"""

CREATE = """
mutation($input: ContractCreateInput!) {
  contractCreate(input: $input) { contract { id reference title record { version } } userErrors { field code } }
}
"""

UPDATE = """
mutation($input: ContractUpdateInput!) {
  contractUpdate(input: $input) { contract { title record { version } } userErrors { field code } }
}
"""


async def _write(client: httpx.AsyncClient, editor: str, mutation: str, input: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": mutation, "variables": {"input": input}},
        headers={"Authorization": f"Bearer {editor}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    payload: dict[str, Any] = next(iter(body["data"].values()))
    return payload


async def _contracts(client: httpx.AsyncClient, first: int = 1) -> list[dict[str, Any]]:
    response = await client.post("/graphql", json={"query": CONTRACTS, "variables": {"first": first}})
    assert "errors" not in response.json(), response.json()
    nodes: list[dict[str, Any]] = response.json()["data"]["contracts"]["nodes"]
    return nodes


def _new_contract(n: int) -> dict[str, Any]:
    return {"reference": f"LIVE-{n:02d}", "title": f"Print and mail services, lot {n}", "status": "ACTIVE"}


async def test_twenty_editors_adding_and_then_changing_twenty_contracts_at_once_all_succeed(
    live_register: LiveRegister,
) -> None:
    async with live_register.client(Settings()) as client:
        # given twenty editors each adding a contract at the same moment
        created = await asyncio.gather(
            *(_write(client, live_register.editor, CREATE, _new_contract(n)) for n in range(EDITORS))
        )
        assert [payload["userErrors"] for payload in created] == [[]] * EDITORS
        contracts = [payload["contract"] for payload in created]

        # when each then changes the contract they added, all at the same moment
        payloads = await asyncio.gather(
            *(
                _write(
                    client,
                    live_register.editor,
                    UPDATE,
                    {"id": c["id"], "version": c["record"]["version"], "title": f"{c['title']} (edited)"},
                )
                for c in contracts
            )
        )

        # then every change is accepted, and every contract now reads as its editor left it
        assert [payload["userErrors"] for payload in payloads] == [[]] * EDITORS
        assert [payload["contract"]["record"]["version"] for payload in payloads] == [
            c["record"]["version"] + 1 for c in contracts
        ]
        again = {c["id"]: c for c in await _contracts(client, first=100)}
        assert [again[c["id"]]["title"] for c in contracts] == [f"{c['title']} (edited)" for c in contracts]


async def test_twenty_editors_changing_one_contract_from_one_version_give_one_change_and_nineteen_conflicts(
    live_register: LiveRegister,
) -> None:
    # given one contract that twenty editors have read at the same version
    async with live_register.client(Settings()) as client:
        contract = (await _contracts(client))[0]
        version = contract["record"]["version"]

        # when each sends a different change at the same moment
        payloads = await asyncio.gather(
            *(
                _write(
                    client,
                    live_register.editor,
                    UPDATE,
                    {"id": contract["id"], "version": version, "title": f"Take {n}"},
                )
                for n in range(EDITORS)
            )
        )

        # then exactly one change lands and the other nineteen are told of the conflict, on the version field
        accepted = [payload for payload in payloads if not payload["userErrors"]]
        refused = [payload["userErrors"] for payload in payloads if payload["userErrors"]]
        assert len(accepted) == 1
        assert refused == [[{"field": ["input", "version"], "code": "CONFLICT"}]] * (EDITORS - 1)
        assert all(payload["contract"] is None for payload in payloads if payload["userErrors"])

        # and the contract holds the one accepted change, one version on
        [again] = await _contracts(client)
        assert again["title"] == accepted[0]["contract"]["title"]
        assert again["record"]["version"] == version + 1
