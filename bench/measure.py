"""Measuring one scenario on each server: probe once, compare answers, then drive the register (its response
cache on, warm, and off, cold) and the peer in alternating rounds, then the bare route and pgbench."""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass, replace

import httpx

from bench import peer
from bench.load import HttpRequest, LoadError, LoadResult, drive
from bench.pgbench import find_pgbench, run_pgbench
from bench.probe import Probe, probe
from bench.report import Measured, ScenarioResult
from bench.scenarios import Scenario
from bench.servers import ServerProcess


@dataclass(frozen=True)
class Plan:
    """How every scenario is driven: the database, the clients, the times, the load tool, and how many
    alternating rounds the register and its peer take turns in."""

    url: str
    connections: int
    duration: float
    warmup: float
    tool: str
    rounds: int = 1


@dataclass(frozen=True)
class Servers:
    """The processes under test (None for one this run did not start, so its CPU time is unknown)."""

    warm: ServerProcess | None = None
    cold: ServerProcess | None = None
    cold_url: str | None = None
    peer: ServerProcess | None = None
    bare: ServerProcess | None = None


@dataclass(frozen=True)
class _Turn:
    label: str
    request: HttpRequest
    process: ServerProcess | None
    found: Probe


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _cache_counts(client: httpx.Client, process: ServerProcess | None) -> dict[str, int] | None:
    if process is None:
        return None
    try:
        counts: dict[str, int] = client.get(f"{process.base_url}/metrics").json()["responseCache"]
    except (httpx.HTTPError, ValueError, KeyError):
        return None
    return counts


def _combined(results: list[LoadResult]) -> LoadResult:
    return LoadResult(
        sum(r.requests for r in results),
        sum(r.seconds for r in results),
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p99_ms for r in results),
        sum(r.errors for r in results),
    )


def _drive_rounds(plan: Plan, client: httpx.Client, turns: list[_Turn]) -> dict[str, Measured]:
    """Each server driven in turn, for `plan.rounds` rounds, the order reversed every other round so that neither
    always follows the other; throughput and CPU over all rounds, latencies the median of the rounds'."""
    runs: dict[str, list[LoadResult]] = {turn.label: [] for turn in turns}
    cpu: dict[str, float] = dict.fromkeys(runs, 0.0)
    hits: dict[str, list[int]] = {turn.label: [0, 0] for turn in turns}
    for number in range(plan.rounds):
        for turn in turns if number % 2 == 0 else list(reversed(turns)):
            if plan.warmup > 0:
                drive(turn.request, plan.connections, plan.warmup, plan.tool)
            _say(f"  {turn.label}, round {number + 1}: {plan.connections} connections for {plan.duration:.0f}s")
            before = _cache_counts(client, turn.process)
            spent = turn.process.cpu_seconds() if turn.process is not None else 0.0
            runs[turn.label].append(drive(turn.request, plan.connections, plan.duration, plan.tool))
            cpu[turn.label] += turn.process.cpu_seconds() - spent if turn.process is not None else 0.0
            after = _cache_counts(client, turn.process)
            if before is not None and after is not None:
                hits[turn.label][0] += after["hits"] - before["hits"]
                hits[turn.label][1] += after["misses"] - before["misses"]
    measured = {}
    for turn in turns:
        result = _combined(runs[turn.label])
        notes = [] if turn.found.statements is not None else ["no X-SQL-Statements header"]
        if sum(hits[turn.label]):
            notes.append(f"response cache {hits[turn.label][0]:,} hits, {hits[turn.label][1]:,} misses")
        cpu_ms = None
        if turn.process is not None and result.requests:
            cpu_ms = cpu[turn.label] * 1000 / result.requests
        measured[turn.label] = Measured(result, turn.found.statements, detail="; ".join(notes), cpu_ms=cpu_ms)
    return measured


def _drive_once(
    plan: Plan, client: httpx.Client, label: str, request: HttpRequest, found: Probe, process: ServerProcess | None
) -> Measured:
    once = replace(plan, rounds=1)
    return _drive_rounds(once, client, [_Turn(label, request, process, found)])[label]


def _disagreement(ours: Probe, bare: Probe) -> str | None:
    if ours.summary is None or bare.summary is None or ours.summary == bare.summary:
        return None
    if isinstance(ours.summary, tuple):
        (our_total, our_refs), (bare_total, bare_refs) = ours.summary, bare.summary
        return (
            f"the register answers totalCount {our_total} with references {our_refs[:3]}..., "
            f"the bare route {bare_total} with {bare_refs[:3]}...; the figures compare different work"
        )
    differing = [mine[0] for mine, theirs in zip(ours.summary, bare.summary, strict=False) if mine != theirs]
    return f"the register's pipeline differs from the bare route's in {differing or 'its quarters'}"


def _pgbench(plan: Plan, scenario: Scenario) -> Measured:
    if find_pgbench() is None:
        return Measured(None, problem="not available: pgbench not found")
    _say(f"  pgbench: {plan.connections} clients for {plan.duration:.0f}s")
    try:
        done = run_pgbench(plan.url, scenario.statements, scenario.params, plan.connections, plan.duration)
    except LoadError as error:
        return Measured(None, problem=f"failed: {error}")
    detail = ", ".join(f"{name} {ms:.2f} ms" for name, ms in done.statement_ms.items())
    return Measured(done.load, len(scenario.statements), detail=f"mean per statement: {detail}")


def _cold_request(scenario: Scenario, servers: Servers) -> HttpRequest | None:
    """The register's request sent to the register whose response cache is off."""
    if scenario.ours is None or servers.cold_url is None:
        return None
    return replace(scenario.ours, url=servers.cold_url)


def measure(plan: Plan, client: httpx.Client, scenario: Scenario, servers: Servers) -> ScenarioResult:
    """The scenario on the register (warm and cold), its peer, the bare route and pgbench."""
    _say(f"{scenario.title}")
    bare_probe = probe(client, scenario.bare)
    if bare_probe.problem:
        raise LoadError(f"the bare route cannot answer {scenario.title!r}: {bare_probe.problem}")
    missing = Measured(None, problem=f"not available: {scenario.ours_missing}")
    ours, cold, peer_measured = missing, Measured(None, problem="not run"), Measured(None, problem="no peer")
    disagreement = peer_disagreement = None
    turns: list[_Turn] = []
    if scenario.ours is not None:
        ours_probe = probe(client, scenario.ours)
        if ours_probe.problem:
            ours = Measured(None, ours_probe.statements, problem=f"not available: {ours_probe.problem}")
        else:
            disagreement = _disagreement(ours_probe, bare_probe)
            turns.append(_Turn("warm", scenario.ours, servers.warm, ours_probe))
            cold_request = _cold_request(scenario, servers)
            if cold_request is not None:
                turns.append(_Turn("cold", cold_request, servers.cold, probe(client, cold_request)))
            if scenario.peer_request is not None:
                peer_probe = probe(client, scenario.peer_request)
                if peer_probe.problem:
                    peer_measured = Measured(None, problem=f"not available: {peer_probe.problem}")
                else:
                    peer_disagreement = peer.disagreement(ours_probe.data, peer_probe.data)
                    turns.append(_Turn("peer", scenario.peer_request, servers.peer, peer_probe))
    measured = _drive_rounds(plan, client, turns) if turns else {}
    ours = measured.get("warm", ours)
    cold = measured.get("cold", cold)
    peer_measured = measured.get("peer", peer_measured)
    bare = _drive_once(plan, client, "bare route", scenario.bare, bare_probe, servers.bare)
    return ScenarioResult(
        scenario.key,
        scenario.title,
        ours,
        bare,
        _pgbench(plan, scenario),
        disagreement,
        cold=cold,
        peer=peer_measured,
        peer_disagreement=peer_disagreement,
    )
