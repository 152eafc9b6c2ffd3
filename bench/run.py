"""Benchmark the register against its floors: `python -m bench.run --url URL --duration 10 --connections 8`.

Starts the bare-route baseline (uvicorn, one worker) on a free loopback port; uses the register's server at
--graphql, or starts one itself (`api.app:app_from_environ`, DATABASE_URL=--url, SQL_STATEMENT_HEADER=1);
starts a second register with its response cache off (cold) and PostGraphile (bench/peer.py) over the same
database; counts the contracts page's statements at several sizes on the cold register; finds the late page's
cursor on each by paging; then for each scenario drives the register warm and cold and PostGraphile in
alternating rounds, then the bare route and pgbench, and prints requests per second, p50/p99 latency, CPU ms per
request of each server process, SQL statements per request and the ratios. With --national-url, stops them all
and does the same again on the national register, then prints how each ratio moved between the two sizes.
PostgreSQL only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench import peer, queries
from bench.baseline import asyncpg_dsn
from bench.load import LoadError, wrk_available
from bench.measure import Plan, Servers, measure
from bench.page_sizes import PageStatements, page_statements, statement_lines
from bench.probe import follow_bare_cursor, follow_graphql_cursor
from bench.report import ScenarioResult, format_report
from bench.scale import scale_lines
from bench.scenarios import build_scenarios
from bench.servers import (
    ServerError,
    ServerProcess,
    answers_get,
    answers_graphql,
    register_environment,
    start_uvicorn,
)

RESULTS = Path(__file__).resolve().parent / "results"
REGISTER_FACTORY = "api.app:app_from_environ"
BASELINE_FACTORY = "bench.baseline:app_from_environ"


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the generated PostgreSQL database (postgresql://...)")
    parser.add_argument(
        "--national-url", help="the national register (`make bench-data-national`), measured the same way after --url"
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of measured load per run")
    parser.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load before each run")
    parser.add_argument("--graphql", help="the running register's GraphQL URL (default: start one)")
    parser.add_argument("--no-graphql", action="store_true", help="measure only the baselines")
    parser.add_argument("--load", choices=("auto", "wrk", "python"), default="auto", help="load generator")
    parser.add_argument("--startup-timeout", type=float, default=60.0, help="seconds a server may take to answer")
    parser.add_argument("--json", type=Path, help="where to write the results (default bench/results/...)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of the register and its peer")
    parser.add_argument("--no-peer", action="store_true", help="leave PostGraphile out")
    return parser


def _load_tool(choice: str) -> str:
    if choice == "auto":
        return "wrk" if wrk_available() else "python"
    if choice == "wrk" and not wrk_available():
        raise LoadError("wrk is not installed (Debian: apt-get install wrk); use --load python")
    return choice


def _register(
    args: argparse.Namespace,
    url: str,
    started: list[ServerProcess],
    *,
    cache_bytes: str | None = None,
    name: str = "register",
) -> tuple[str | None, ServerProcess | None]:
    """The register's GraphQL URL: the one given for --url (which must answer), or a server started here over
    `url` (with its response cache's budget, when given: "0" for a cold register)."""
    if args.no_graphql:
        return None, None
    if args.graphql and url == args.url and cache_bytes is None:
        problem = answers_graphql("", queries.TYPENAME)(args.graphql)
        if problem is not None:
            raise ServerError(
                f"no GraphQL server answers at {args.graphql} ({problem}). Start the register with "
                f"DATABASE_URL={args.url} SQL_STATEMENT_HEADER=1, omit --graphql to let bench.run start it, "
                "or pass --no-graphql to measure only the baselines."
            )
        return str(args.graphql), None
    environment = register_environment(url)
    if cache_bytes is not None:
        environment["RESPONSE_CACHE_BYTES"] = cache_bytes
    ready = answers_graphql("/graphql", queries.TYPENAME)
    server = start_uvicorn(name, REGISTER_FACTORY, environment, ready, args.startup_timeout)
    started.append(server)
    return f"{server.base_url}/graphql", server


def _peer(args: argparse.Namespace, url: str, started: list[ServerProcess]) -> ServerProcess | None:
    if args.no_peer:
        return None
    server = peer.start(url, args.startup_timeout)
    started.append(server)
    return server


def _late_graphql_cursor(client: httpx.Client, graphql_url: str | None) -> tuple[str | None, str | None]:
    if graphql_url is None:
        return None, None
    try:
        pages = queries.LATE_PAGE_ROWS // queries.PAGE_ROWS
        return follow_graphql_cursor(client, graphql_url, queries.PAGE_WITH_PROVIDER, pages), None
    except ValueError as error:
        return None, f"cannot page {queries.LATE_PAGE_ROWS:,} rows in: {error}"


@dataclass(frozen=True)
class DatabaseRun:
    """Every scenario measured on one database, with the page's statements at each size."""

    name: str
    load_before: float
    results: list[ScenarioResult]
    pages: list[PageStatements]


def _database_name(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}"


def _measure_database(args: argparse.Namespace, url: str) -> DatabaseRun:
    """Start the servers over `url`, measure every scenario, stop the servers."""
    asyncpg_dsn(url)
    print(f"database {_database_name(url)}", file=sys.stderr, flush=True)
    # Others' work on the machine skews the figures; the load average before starting tells a reader.
    load_before = os.getloadavg()[0]
    plan = Plan(url, args.connections, args.duration, args.warmup, _load_tool(args.load), args.rounds)
    started: list[ServerProcess] = []
    try:
        bare = start_uvicorn(
            "bare route",
            BASELINE_FACTORY,
            {"DATABASE_URL": url, "BENCH_POOL_SIZE": str(args.connections)},
            answers_get("/healthz"),
            args.startup_timeout,
        )
        started.append(bare)
        graphql_url, warm = _register(args, url, started)
        cold_url, cold = _register(args, url, started, cache_bytes="0", name="register cold")
        peer_server = _peer(args, url, started)
        peer_url = None if peer_server is None else f"{peer_server.base_url}/graphql"
        servers = Servers(warm=warm, cold=cold, cold_url=cold_url, peer=peer_server, bare=bare)
        with httpx.Client(timeout=60.0) as client:
            counted = cold_url or graphql_url
            pages = [] if counted is None else page_statements(client, counted)
            late_bare = follow_bare_cursor(client, bare.base_url, queries.LATE_PAGE_ROWS // queries.PAGE_ROWS)
            late_graphql, late_missing = _late_graphql_cursor(client, graphql_url)
            late_peer = None
            if peer_url is not None:
                pages_in = queries.LATE_PAGE_ROWS // queries.PAGE_ROWS
                late_peer = follow_graphql_cursor(client, peer_url, peer.PAGE, pages_in, field="allContracts")
            scenarios = build_scenarios(
                graphql_url, bare.base_url, late_graphql, late_missing, late_bare, peer_url, late_peer
            )
            results = [measure(plan, client, scenario, servers) for scenario in scenarios]
    finally:
        for server in reversed(started):
            server.stop()
    return DatabaseRun(_database_name(url), load_before, results, pages)


def _report(runs: list[DatabaseRun], plan: str) -> str:
    sections = []
    for measured in runs:
        header = f"{plan}\ndatabase {measured.name}: machine load average {measured.load_before:.1f} before it"
        sections.append(format_report(measured.results, header) + "\n" + "\n".join(statement_lines(measured.pages)))
    if len(runs) == 2:
        council, national = runs
        sections.append(
            f"national ({national.name}) against council ({council.name}):\n"
            + "\n".join(scale_lines(council.results, national.results))
        )
    return "\n\n".join(sections)


def run(args: argparse.Namespace) -> str:
    """Measure every scenario on --url, then on --national-url if given; the printed report."""
    began = datetime.now(UTC)
    urls = [args.url] + ([args.national_url] if args.national_url else [])
    runs = [_measure_database(args, url) for url in urls]
    tool = _load_tool(args.load)
    plan = (
        f"bench.run {began:%Y-%m-%d %H:%M} UTC: {args.connections} connections, "
        f"{args.duration:.0f}s per run after {args.warmup:.0f}s warm-up, {args.rounds} alternating rounds, "
        f"load by {tool}"
    )
    settings: dict[str, Any] = {
        "connections": args.connections,
        "duration": args.duration,
        "warmup": args.warmup,
        "load": tool,
        "graphql": args.graphql,
        "rounds": args.rounds,
    }
    path = args.json or RESULTS / f"run-{began:%Y%m%dT%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"settings": settings, "databases": [asdict(measured) for measured in runs]}
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
    return _report(runs, plan) + f"\n\nresults written to {path}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from the command line; exit 2 with the reason when a server or tool fails."""
    args = build_parser().parse_args(argv)
    started = time.monotonic()
    try:
        report = run(args)
    except (ValueError, ServerError, LoadError) as error:
        print(f"bench.run: {error}", file=sys.stderr)
        return 2
    print(report)
    print(f"({time.monotonic() - started:.0f}s in all)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
