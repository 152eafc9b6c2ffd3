"""Single requests before the timed runs: does a scenario work, what does it cost in SQL, what does it return.

A probe's summary (total count and references, or per-quarter counts) lets the run check that the register
and the bare route answer the same question before comparing how fast they do it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from bench.load import HttpRequest

STATEMENTS_HEADER = "x-sql-statements"


@dataclass(frozen=True)
class Probe:
    """What one request returned: a problem (or None), SQL statements (if told), and a summary of the data."""

    problem: str | None
    statements: int | None
    summary: Any
    data: Any


def summarise(data: Any) -> Any:
    """The parts of an answer both servers must agree on."""
    if not isinstance(data, dict):
        return None
    if "contracts" in data:
        connection = data["contracts"]
        return connection["totalCount"], [edge["node"]["reference"] for edge in connection["edges"]]
    if "pipeline" in data:
        return [
            (
                quarter["label"],
                quarter["keyDecisions"]["totalCount"],
                [edge["node"]["activity"]["name"] for edge in quarter["keyDecisions"]["edges"]],
                quarter["contractsEnding"]["totalCount"],
                [edge["node"]["contract"]["reference"] for edge in quarter["contractsEnding"]["edges"]],
            )
            for quarter in data["pipeline"]["quarters"]
        ]
    return None


def probe(client: httpx.Client, request: HttpRequest) -> Probe:
    """Send the request once and read its status, GraphQL errors, statement header and data."""
    try:
        response = client.request(request.method, request.url, content=request.body, headers=request.headers)
    except httpx.HTTPError as error:
        return Probe(f"no answer from {request.url}: {error.__class__.__name__}: {error}", None, None, None)
    header = response.headers.get(STATEMENTS_HEADER)
    statements = int(header) if header and header.isdigit() else None
    try:
        payload = response.json()
    except json.JSONDecodeError:
        return Probe(f"HTTP {response.status_code}, not JSON: {response.text[:200]}", statements, None, None)
    errors = payload.get("errors") if isinstance(payload, dict) else None
    if response.status_code != 200 or errors:
        message = errors[0].get("message") if errors else response.text[:200]
        return Probe(f"HTTP {response.status_code}: {message}", statements, None, None)
    data = payload.get("data")
    try:
        summary = summarise(data)
    except (KeyError, TypeError) as error:
        return Probe(f"unexpected answer shape ({error!r})", statements, None, data)
    return Probe(None, statements, summary, data)


def graphql_request(url: str, query: str, variables: dict[str, Any] | None = None) -> HttpRequest:
    """A GraphQL POST as JSON."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    return HttpRequest(url, "POST", body, {"Content-Type": "application/json"})


def follow_graphql_cursor(client: httpx.Client, url: str, query: str, pages: int, field: str = "contracts") -> str:
    """The `endCursor` after `pages` pages of a contracts query (its list at `field`); ValueError if the list
    ends first."""
    after: str | None = None
    for page in range(pages):
        found = probe(client, graphql_request(url, query, {"after": after}))
        if found.problem:
            raise ValueError(f"page {page + 1}: {found.problem}")
        info = found.data[field]["pageInfo"]
        if not info["hasNextPage"]:
            raise ValueError(f"the list ends after {page + 1} pages")
        after = info["endCursor"]
    assert after is not None
    return after


def follow_bare_cursor(client: httpx.Client, base_url: str, pages: int) -> str:
    """The same for the bare route's `/contracts`."""
    after = ""
    for page in range(pages):
        found = probe(client, HttpRequest(f"{base_url}/contracts?after={quote(after)}"))
        if found.problem:
            raise ValueError(f"page {page + 1}: {found.problem}")
        info = found.data["contracts"]["pageInfo"]
        if not info["hasNextPage"]:
            raise ValueError(f"the list ends after {page + 1} pages")
        after = info["endCursor"]
    return after
