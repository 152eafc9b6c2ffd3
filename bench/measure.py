"""Measuring one scenario on each server: probe once, warm up, drive for the fixed time, compare answers."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import httpx

from bench.load import HttpRequest, LoadError, drive
from bench.pgbench import find_pgbench, run_pgbench
from bench.probe import Probe, probe
from bench.report import Measured, ScenarioResult
from bench.scenarios import Scenario


@dataclass(frozen=True)
class Plan:
    """How every scenario is driven: the database, the clients, the times and the load tool."""

    url: str
    connections: int
    duration: float
    warmup: float
    tool: str


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _drive_http(plan: Plan, label: str, request: HttpRequest, found: Probe) -> Measured:
    if plan.warmup > 0:
        drive(request, plan.connections, plan.warmup, plan.tool)
    _say(f"  {label}: {plan.connections} connections for {plan.duration:.0f}s")
    result = drive(request, plan.connections, plan.duration, plan.tool)
    note = "" if found.statements is not None else "no X-SQL-Statements header"
    return Measured(result, found.statements, detail=note)


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


def measure(plan: Plan, client: httpx.Client, scenario: Scenario) -> ScenarioResult:
    """The scenario on the register (when it can be asked), the bare route and pgbench, one after another."""
    _say(f"{scenario.title}")
    bare_probe = probe(client, scenario.bare)
    if bare_probe.problem:
        raise LoadError(f"the bare route cannot answer {scenario.title!r}: {bare_probe.problem}")
    ours = Measured(None, problem=f"not available: {scenario.ours_missing}")
    disagreement = None
    if scenario.ours is not None:
        ours_probe = probe(client, scenario.ours)
        if ours_probe.problem:
            ours = Measured(None, ours_probe.statements, problem=f"not available: {ours_probe.problem}")
        else:
            ours = _drive_http(plan, "register", scenario.ours, ours_probe)
            disagreement = _disagreement(ours_probe, bare_probe)
    bare = _drive_http(plan, "bare route", scenario.bare, bare_probe)
    return ScenarioResult(scenario.key, scenario.title, ours, bare, _pgbench(plan, scenario), disagreement)
