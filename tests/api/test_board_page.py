"""The Board's page at /board: the register's own files, cached for good, and operations the API accepts."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import httpx
from graphql import parse, validate

from api.board.page import OPERATIONS, STATIC
from db.settings import Settings
from schema import make_schema
from tests.conftest import GraphQL

IMMUTABLE = "public, max-age=31536000, immutable"


def _settings(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="board-settings">(.*?)</script>', page)
    assert found is not None
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def _operation(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text()


async def test_the_page_loads_only_the_registers_own_files_with_their_integrity(client: httpx.AsyncClient) -> None:
    # when a browser opens /board
    response = await client.get("/board")

    # then it may load and reach nothing but the register, and is never served stale
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert response.headers["cache-control"] == "no-cache"
    assert "https://" not in response.text and "cdn" not in response.text.lower()

    # and each file it names has the integrity it states and may be kept for a year
    tags = re.findall(r'(?:src|href)="(/board/[^"]+)" integrity="([^"]+)"', response.text)
    assert sorted(url.rsplit("/", 1)[1] for url, _ in tags) == sorted(path.name for path in STATIC.iterdir())
    for url, sri in tags:
        served = await client.get(url)
        assert served.status_code == 200, url
        assert "sha384-" + base64.b64encode(hashlib.sha384(served.content).digest()).decode() == sri
        assert served.headers["cache-control"] == IMMUTABLE


async def test_each_operation_is_served_under_the_hash_it_is_persisted_by(client: httpx.AsyncClient) -> None:
    # given the operations the page names
    operations = _settings((await client.get("/board")).text)["operations"]
    assert isinstance(operations, dict)
    assert sorted(operations) == sorted(path.stem for path in OPERATIONS.glob("*.graphql"))

    for name, operation in operations.items():
        # when the page fetches one
        served = await client.get(operation["path"])

        # then its text is the project's file, and the hash the page sends is that text's SHA-256
        assert served.text == _operation(name)
        assert hashlib.sha256(served.content).hexdigest() == operation["sha256"]
        assert served.headers["cache-control"] == IMMUTABLE


def test_every_operation_is_valid_against_the_schema_the_register_serves() -> None:
    schema = make_schema(Settings())._schema
    for path in sorted(OPERATIONS.glob("*.graphql")):
        assert validate(schema, parse(path.read_text())) == [], path.name


async def test_three_years_of_pipeline_fit_within_the_query_cost_limit(graphql: GraphQL) -> None:
    # when the page asks for the longest window the pipeline allows, twelve quarters
    response = await graphql(_operation("BoardPipeline"), {"from": "2017/18", "to": "2019/20", "first": 50})

    # then it runs, and its cost is within the register's default limit
    assert response.errors == []
    assert len(response.data["pipeline"]["quarters"]) == 12
    assert response.body["extensions"]["cost"]["requestedQueryCost"] <= Settings().max_query_cost


async def test_a_window_the_register_cannot_read_is_refused_with_bad_input(graphql: GraphQL) -> None:
    response = await graphql(_operation("BoardPipeline"), {"from": "Q5 2017", "first": 50})
    assert response.data is None
    assert response.error_codes() == ["BAD_INPUT"]
    assert response.errors[0]["extensions"]["argument"] == "from"
