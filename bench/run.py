"""Benchmark the register against its floors: `python -m bench.run --url URL --duration 10 --connections 8`.

Starts the bare-route baseline (uvicorn, one worker) on a free loopback port; uses the register's server at
--graphql, or starts one itself (`api.app:app_from_environ`, DATABASE_URL=--url, SQL_STATEMENT_HEADER=1);
starts a second register with its response cache off (cold) and PostGraphile (bench/peer.py) over the same
database; finds the late page's cursor on each by paging; then for each scenario drives the register warm and
cold and PostGraphile in alternating rounds, then the bare route and pgbench, and prints requests per second,
p50/p99 latency, CPU ms per request of each server process, SQL statements per request and the ratios.
PostgreSQL only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bench import peer, queries
from bench.baseline import asyncpg_dsn
from bench.load import LoadError, wrk_available
from bench.measure import Plan, Servers, measure
from bench.probe import follow_bare_cursor, follow_graphql_cursor
from bench.report import as_json, format_report
from bench.scenarios import build_scenarios
from bench.servers import ServerError, ServerProcess, answers_get, answers_graphql, start_uvicorn

RESULTS = Path(__file__).resolve().parent / "results"
REGISTER_FACTORY = "api.app:app_from_environ"
BASELINE_FACTORY = "bench.baseline:app_from_environ"


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the generated PostgreSQL database (postgresql://...)")
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
    args: argparse.Namespace, started: list[ServerProcess], *, cache_bytes: str | None = None, name: str = "register"
) -> tuple[str | None, ServerProcess | None]:
    """The register's GraphQL URL: the one given (which must answer), or a server started here (with its
    response cache's budget, when given: "0" for a cold register)."""
    if args.no_graphql:
        return None, None
    if args.graphql and cache_bytes is None:
        problem = answers_graphql("", queries.TYPENAME)(args.graphql)
        if problem is not None:
            raise ServerError(
                f"no GraphQL server answers at {args.graphql} ({problem}). Start the register with "
                f"DATABASE_URL={args.url} SQL_STATEMENT_HEADER=1, omit --graphql to let bench.run start it, "
                "or pass --no-graphql to measure only the baselines."
            )
        return str(args.graphql), None
    # Every request comes from this one address: the rate limit still charges each (its statement is part of
    # what a request costs), but a bucket this large never empties.
    unlimited = str(10**9)
    environment = {
        "DATABASE_URL": args.url,
        "SQL_STATEMENT_HEADER": "1",
        "RATE_LIMIT_POINTS": unlimited,
        "RATE_LIMIT_RESTORE": unlimited,
    }
    if cache_bytes is not None:
        environment["RESPONSE_CACHE_BYTES"] = cache_bytes
    ready = answers_graphql("/graphql", queries.TYPENAME)
    server = start_uvicorn(name, REGISTER_FACTORY, environment, ready, args.startup_timeout)
    started.append(server)
    return f"{server.base_url}/graphql", server


def _peer(args: argparse.Namespace, started: list[ServerProcess]) -> ServerProcess | None:
    if args.no_peer:
        return None
    server = peer.start(args.url, args.startup_timeout)
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


def run(args: argparse.Namespace) -> str:
    """Start what is needed, measure every scenario, stop what was started; the printed report."""
    asyncpg_dsn(args.url)
    # Others' work on the machine skews the figures; the load average before starting tells a reader.
    load_before = os.getloadavg()[0]
    plan = Plan(args.url, args.connections, args.duration, args.warmup, _load_tool(args.load), args.rounds)
    started: list[ServerProcess] = []
    try:
        bare = start_uvicorn(
            "bare route",
            BASELINE_FACTORY,
            {"DATABASE_URL": args.url, "BENCH_POOL_SIZE": str(args.connections)},
            answers_get("/healthz"),
            args.startup_timeout,
        )
        started.append(bare)
        graphql_url, warm = _register(args, started)
        cold_url, cold = _register(args, started, cache_bytes="0", name="register cold")
        peer_server = _peer(args, started)
        peer_url = None if peer_server is None else f"{peer_server.base_url}/graphql"
        servers = Servers(warm=warm, cold=cold, cold_url=cold_url, peer=peer_server, bare=bare)
        with httpx.Client(timeout=30.0) as client:
            late_bare = follow_bare_cursor(client, bare.base_url, queries.LATE_PAGE_ROWS // queries.PAGE_ROWS)
            late_graphql, late_missing = _late_graphql_cursor(client, graphql_url)
            late_peer = None
            if peer_url is not None:
                pages = queries.LATE_PAGE_ROWS // queries.PAGE_ROWS
                late_peer = follow_graphql_cursor(client, peer_url, peer.PAGE, pages, field="allContracts")
            scenarios = build_scenarios(
                graphql_url, bare.base_url, late_graphql, late_missing, late_bare, peer_url, late_peer
            )
            results = [measure(plan, client, scenario, servers) for scenario in scenarios]
    finally:
        for server in reversed(started):
            server.stop()
    database = urlsplit(args.url)
    header = (
        f"bench.run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: database {database.hostname}{database.path}, "
        f"{plan.connections} connections, {plan.duration:.0f}s per run after {plan.warmup:.0f}s warm-up, "
        f"{plan.rounds} alternating rounds, load by {plan.tool}; machine load average {load_before:.1f} before the run"
    )
    settings = {
        "database": f"{database.hostname}{database.path}",
        "connections": plan.connections,
        "duration": plan.duration,
        "warmup": plan.warmup,
        "load": plan.tool,
        "graphql": graphql_url,
        "load_average_before": load_before,
        "rounds": plan.rounds,
    }
    path = args.json or RESULTS / f"run-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(as_json(results, settings), indent=2, default=str) + "\n")
    return format_report(results, header) + f"\n\nresults written to {path}"


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
