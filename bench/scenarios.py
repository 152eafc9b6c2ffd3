"""The four questions the benchmark asks, each as the register, the bare route and pgbench ask it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from bench import peer, queries, shapes
from bench.load import HttpRequest
from bench.probe import graphql_request
from bench.sql import (
    CONTRACT_COUNT,
    PIPELINE_CONTRACTS,
    PIPELINE_DECISIONS,
    ParamValue,
    Statement,
    contract_page,
    contract_page_params,
    pipeline_params,
)


@dataclass(frozen=True)
class Scenario:
    """One question as each asks it; the register's request is None (with why) when it cannot be asked."""

    key: str
    title: str
    ours: HttpRequest | None
    ours_missing: str | None
    bare: HttpRequest
    statements: tuple[Statement, ...]
    params: dict[str, ParamValue]
    # The same page as the peer (PostGraphile) asks it, where it has one: the pipeline has no peer.
    peer_request: HttpRequest | None = None


def build_scenarios(
    graphql_url: str | None,
    bare_url: str,
    late_graphql: str | None,
    late_graphql_missing: str | None,
    late_bare: str,
    peer_url: str | None = None,
    late_peer: str | None = None,
) -> list[Scenario]:
    """The scenarios, given where each server is and the cursors ~2,000 rows into the list on each."""

    def peer_page(query: str, after: str | None = None) -> HttpRequest | None:
        return None if peer_url is None else peer.page_request(peer_url, query, after)

    def ours(query: str, after: str | None = None) -> HttpRequest | None:
        variables = None if after is None else {"after": after}
        return None if graphql_url is None else graphql_request(graphql_url, query, variables)

    no_server = None if graphql_url is not None else "the register's server was not run"
    return [
        Scenario(
            "page",
            "50 contracts with provider",
            ours(queries.PAGE_WITH_PROVIDER),
            no_server,
            HttpRequest(f"{bare_url}/contracts"),
            (CONTRACT_COUNT, contract_page(with_plans=False, after=False)),
            contract_page_params(None),
            peer_page(peer.PAGE),
        ),
        Scenario(
            "plans",
            "50 contracts with provider and plans",
            ours(queries.PAGE_WITH_PLANS),
            no_server,
            HttpRequest(f"{bare_url}/contracts?plans=1"),
            (CONTRACT_COUNT, contract_page(with_plans=True, after=False)),
            contract_page_params(None),
            peer_page(peer.PAGE_WITH_PLANS),
        ),
        Scenario(
            "late",
            f"late page (after {queries.LATE_PAGE_ROWS:,} rows)",
            ours(queries.PAGE_WITH_PROVIDER, late_graphql) if late_graphql else None,
            no_server or late_graphql_missing,
            HttpRequest(f"{bare_url}/contracts?after={quote(late_bare)}"),
            (CONTRACT_COUNT, contract_page(with_plans=False, after=True)),
            contract_page_params(shapes.read_end_cursor(late_bare)),
            peer_page(peer.PAGE, late_peer) if late_peer else None,
        ),
        Scenario(
            "pipeline",
            "pipeline, three years (12 quarters)",
            ours(queries.PIPELINE),
            no_server,
            HttpRequest(f"{bare_url}/pipeline"),
            (PIPELINE_DECISIONS, PIPELINE_CONTRACTS),
            pipeline_params(),
        ),
    ]
