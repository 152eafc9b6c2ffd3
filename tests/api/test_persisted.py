"""Persisted queries over HTTP: Apollo's automatic protocol (not found, register, then the hash alone), Relay's
ids, and PERSISTED_QUERIES_ONLY, where only operations loaded ahead run; the register's limits apply to all."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import parse, print_ast
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.persisted_commands import load_folders
from db.settings import Settings
from tests.api.conftest import GRAPHQL_RESPONSE, Serve
from tests.conftest import Tokens

EXPIRING = """query Expiring($from: CouncilDate!, $to: CouncilDate!) {
  contracts(filter: {expiry: {from: $from, to: $to}}) { totalCount }
}"""
OCTOBER_2019 = {"from": "October 2019", "to": "October 2019"}
# The Amey and Skanska TFM contracts end in October 2019.
TFM_ENDING = {"contracts": {"totalCount": 2}}


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def apq(sha: str) -> dict[str, Any]:
    """Apollo's extension naming a document by its hash."""
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


def codes(response: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json().get("errors", [])]


async def test_the_automatic_round_trip_not_found_then_registered_then_the_hash_alone(
    client: httpx.AsyncClient,
) -> None:
    hashed = {"variables": OCTOBER_2019, "extensions": apq(sha256(EXPIRING))}

    # when a client first sends only the hash, then the hash with the document, then the hash alone again
    unknown = await client.post("/graphql", json=hashed)
    registered = await client.post("/graphql", json={**hashed, "query": EXPIRING})
    known = await client.post("/graphql", json=hashed)

    # then the register first asks for the document as Apollo's clients expect, then runs it both times
    assert unknown.status_code == 200
    assert unknown.json()["errors"] == [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
    assert "no-cache" in unknown.headers["cache-control"]
    assert registered.json()["data"] == known.json()["data"] == TFM_ENDING


async def test_a_registered_hash_runs_over_get_with_an_etag(client: httpx.AsyncClient) -> None:
    # given a document registered over POST
    extensions = apq(sha256(EXPIRING))
    await client.post("/graphql", json={"query": EXPIRING, "variables": OCTOBER_2019, "extensions": extensions})

    # when the hash alone is sent with GET, as Apollo's useGETForHashedQueries does, even by a browser-like client
    params = {"variables": json.dumps(OCTOBER_2019), "extensions": json.dumps(extensions)}
    got = await client.get("/graphql", params=params, headers={"Accept": "*/*"})
    again = await client.get("/graphql", params=params, headers={"If-None-Match": got.headers["etag"]})

    # then it runs (not GraphiQL), is tagged, and revalidates: registering did not change the register's version
    assert got.json()["data"] == TFM_ENDING
    assert again.status_code == 304


async def test_an_unknown_hash_over_get_is_not_found(client: httpx.AsyncClient) -> None:
    params = {"extensions": json.dumps(apq(sha256("{ contracts { totalCount } }")))}

    response = await client.get("/graphql", params=params, headers={"Accept": GRAPHQL_RESPONSE})

    assert response.status_code == 200
    assert codes(response) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_a_hash_that_is_not_the_documents_is_refused_and_nothing_is_kept(client: httpx.AsyncClient) -> None:
    wrong = sha256("{ contracts { totalCount } }")

    # when a document is sent with another document's hash
    response = await client.post(
        "/graphql", json={"query": EXPIRING, "variables": OCTOBER_2019, "extensions": apq(wrong)}
    )

    # then it is refused, saying so, and the hash still names nothing
    assert response.status_code == 400
    assert codes(response) == ["BAD_INPUT"]
    assert "is not the SHA-256 of the document sent" in response.json()["errors"][0]["message"]
    later = await client.post("/graphql", json={"extensions": apq(wrong)})
    assert codes(later) == ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize(
    ("extension", "says"),
    [
        ({"version": 2, "sha256Hash": "0" * 64}, "Unsupported persisted query version 2"),
        ({"version": 1, "sha256Hash": "not a hash"}, "64 lower-case hex digits"),
        ("a string", "must be an object"),
    ],
)
async def test_a_malformed_persisted_query_is_a_400(client: httpx.AsyncClient, extension: object, says: str) -> None:
    response = await client.post("/graphql", json={"extensions": {"persistedQuery": extension}})

    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]
    assert says in response.json()["errors"][0]["message"]


async def test_a_document_that_does_not_validate_is_not_registered(client: httpx.AsyncClient) -> None:
    bad = "{ contracts { annualBudget } }"
    sent = await client.post("/graphql", json={"query": bad, "extensions": apq(sha256(bad))})
    later = await client.post("/graphql", json={"extensions": apq(sha256(bad))})

    assert codes(sent) == ["BAD_QUERY"]
    assert codes(later) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_automatic_registrations_are_bounded_the_oldest_dropped(serve: Serve) -> None:
    documents = [f"{{ contracts(first: {n}) {{ totalCount }} }}" for n in (1, 2, 3)]
    async with serve(Settings(apq_max_operations=2)) as client:
        # given three documents registered in turn, with room for two
        for document in documents:
            await client.post("/graphql", json={"query": document, "extensions": apq(sha256(document))})

        # when each is asked for by its hash alone
        asked = [await client.post("/graphql", json={"extensions": apq(sha256(d))}) for d in documents]

    # then the oldest was dropped (its client registers it again) and the newest two are kept
    assert [codes(response) for response in asked] == [["PERSISTED_QUERY_NOT_FOUND"], [], []]


# --- operations loaded ahead, and PERSISTED_QUERIES_ONLY


@pytest.fixture
def board_folder(tmp_path: Path) -> Path:
    """A front end's operations as its compiler emits them: two files, a fragment spread across them."""
    folder = tmp_path / "operations"
    folder.mkdir()
    (folder / "Expiring.graphql").write_text(EXPIRING + "\n")
    (folder / "Contracts.graphql").write_text(
        "query ContractTitles { contracts(first: 5) { nodes { ...ContractLine } } }\n"
        "query Count { contracts { totalCount } }\n"
    )
    (folder / "fragments.graphql").write_text("fragment ContractLine on Contract { reference title }\n")
    return folder


async def loaded(sessionmaker: async_sessionmaker[AsyncSession], folder: Path) -> dict[str, str]:
    """Load a folder as `register persisted load` does, and give each operation's hash by its name."""
    kept = await load_folders(sessionmaker, (folder,), Settings())
    return {operation.operations[0]: operation.sha256 for operation, _new in kept}


async def test_with_persisted_queries_only_an_operation_loaded_ahead_runs_by_its_hash(
    serve: Serve, sessionmaker: async_sessionmaker[AsyncSession], board_folder: Path
) -> None:
    hashes = await loaded(sessionmaker, board_folder)
    async with serve(Settings(persisted_queries_only=True)) as client:
        # when the front end sends hashes: Apollo's extension over POST and GET, and Relay's doc_id
        posted = await client.post("/graphql", json={"variables": OCTOBER_2019, "extensions": apq(hashes["Expiring"])})
        got = await client.get("/graphql", params={"extensions": json.dumps(apq(hashes["ContractTitles"]))})
        relay = await client.post("/graphql", json={"doc_id": hashes["Count"]})

    # then each runs, the fragment from another file included
    assert posted.json()["data"] == TFM_ENDING
    assert len(got.json()["data"]["contracts"]["nodes"]) == 5
    assert set(got.json()["data"]["contracts"]["nodes"][0]) == {"reference", "title"}
    assert relay.json()["data"]["contracts"]["totalCount"] > 0


async def test_a_folder_named_in_the_settings_is_loaded_when_the_register_starts(
    serve: Serve, board_folder: Path
) -> None:
    # the operation as the loader keeps it: printed in GraphQL's standard form, then hashed
    expiring = sha256(print_ast(parse(EXPIRING)))
    settings = Settings(persisted_queries_only=True, persisted_query_folders=(str(board_folder),))
    async with serve(settings) as client:
        response = await client.post("/graphql", json={"variables": OCTOBER_2019, "extensions": apq(expiring)})

    assert response.json()["data"] == TFM_ENDING


async def test_with_persisted_queries_only_any_other_document_is_refused(
    serve: Serve, sessionmaker: async_sessionmaker[AsyncSession], board_folder: Path
) -> None:
    await loaded(sessionmaker, board_folder)
    other = "{ providers { totalCount } }"
    async with serve(Settings(persisted_queries_only=True)) as client:
        # when a client sends its own document, tries to register it, and asks for it by hash
        sent = await client.post("/graphql", json={"query": other})
        registering = await client.post("/graphql", json={"query": other, "extensions": apq(sha256(other))})
        by_hash = await client.post("/graphql", json={"extensions": apq(sha256(other))})
        by_get = await client.get("/graphql", params={"query": other})

    # then none runs: a typed error that says what to do, and nothing was registered
    assert codes(sent) == codes(registering) == codes(by_get) == ["PERSISTED_QUERY_REQUIRED"]
    assert sent.status_code == 400
    assert "PERSISTED_QUERIES_ONLY" in sent.json()["errors"][0]["message"]
    assert codes(by_hash) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_with_persisted_queries_only_a_clients_earlier_registration_no_longer_runs(serve: Serve) -> None:
    document = "{ providers { totalCount } }"
    async with serve(Settings()) as client:
        await client.post("/graphql", json={"query": document, "extensions": apq(sha256(document))})
    async with serve(Settings(persisted_queries_only=True)) as client:
        response = await client.post("/graphql", json={"extensions": apq(sha256(document))})

    assert codes(response) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_limits_apply_to_persisted_operations_as_to_any_other(
    serve: Serve, sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path, tokens: Tokens
) -> None:
    # given an operation loaded ahead whose cost its variables decide
    (tmp_path / "Page.graphql").write_text(
        "query Page($first: Int) { contracts(first: $first) { nodes { provider { contracts(first: $first) "
        "{ nodes { title } } } } } }\n"
    )
    page = (await loaded(sessionmaker, tmp_path))["Page"]
    async with serve(Settings(persisted_queries_only=True, reads_require_token=True, max_query_cost=500)) as client:
        # when it is asked for too costly a page, without a token, and then with a reader's token
        costly = await client.post(
            "/graphql",
            json={"variables": {"first": 100}, "extensions": apq(page)},
            headers={"Authorization": f"Bearer {tokens.reader}"},
        )
        anonymous = await client.get(
            "/graphql", params={"variables": '{"first": 2}', "extensions": json.dumps(apq(page))}
        )
        allowed = await client.get(
            "/graphql",
            params={"variables": '{"first": 2}', "extensions": json.dumps(apq(page))},
            headers={"Authorization": f"Bearer {tokens.reader}"},
        )

    # then the cost limit and closed reads refuse it as they would the document itself, and the rate limit counts it
    assert codes(costly) == ["QUERY_TOO_COSTLY"]
    assert anonymous.status_code == 401 and codes(anonymous) == ["UNAUTHENTICATED"]
    assert allowed.status_code == 200
    assert allowed.json()["extensions"]["cost"]["requestedQueryCost"] > 0
    assert "x-ratelimit-remaining" in allowed.headers
