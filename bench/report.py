"""The benchmark's results: the register's figures (response cache warm, and cold) beside PostGraphile's, the
bare route's and pgbench's, as ratios, and the issue's targets."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.load import LoadResult

# Issue 13's targets against PostGraphile on the same data: warm throughput at least the peer's; cold at least
# half, with CPU per request at most twice the peer's; the pipeline's latency at most twice the page's.
TARGET_WARM = 1.0
TARGET_COLD = 0.5
TARGET_COLD_CPU = 2.0
TARGET_PIPELINE_LATENCY = 2.0
PEER_SCENARIOS = ("page", "plans", "late")


@dataclass(frozen=True)
class Measured:
    """One server's figures for a scenario, or why there are none; CPU ms per request when its process is known."""

    result: LoadResult | None
    statements: int | None = None
    problem: str | None = None
    detail: str = ""
    cpu_ms: float | None = None


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario measured on the register (warm: response cache on; cold: off), its peer PostGraphile, the bare
    route and pgbench, and whether their answers agree."""

    key: str
    title: str
    ours: Measured
    bare: Measured
    pgbench: Measured
    disagreement: str | None = None
    cold: Measured = field(default_factory=lambda: Measured(None, problem="not run"))
    peer: Measured = field(default_factory=lambda: Measured(None, problem="no peer"))
    peer_disagreement: str | None = None


def ratio(ours: Measured, other: Measured) -> float | None:
    """One server's throughput as a share of another's, when both were measured."""
    if ours.result is None or other.result is None or not other.result.per_second or not ours.result.requests:
        return None
    return ours.result.per_second / other.result.per_second


def cpu_ratio(ours: Measured, other: Measured) -> float | None:
    """One server's CPU per request as a multiple of another's."""
    if ours.cpu_ms is None or not other.cpu_ms:
        return None
    return ours.cpu_ms / other.cpu_ms


def _row(label: str, measured: Measured, share: float | None) -> str:
    if measured.result is None:
        return f"  {label:<15} {measured.problem or 'not measured'}"
    r = measured.result
    if r.requests == 0:
        return f"  {label:<15} no response in {r.seconds:.0f}s ({r.errors} errors): too slow or failing"
    sql = "?" if measured.statements is None else str(measured.statements)
    cpu = "?" if measured.cpu_ms is None else f"{measured.cpu_ms:.2f}"
    shown = "" if share is None else f"{share:.2f}"
    figures = f"{r.per_second:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {cpu:>8} {sql:>7} {r.errors:>7} {shown:>9}"
    line = f"  {label:<15} {figures}"
    return line + (f"  ({measured.detail})" if measured.detail else "")


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def format_report(results: list[ScenarioResult], header: str) -> str:
    """The results as a table, then the ratios to the peer, the issue's targets and any disagreement."""
    columns = (
        ("req/s", 9),
        ("p50 ms", 8),
        ("p99 ms", 8),
        ("CPU ms", 8),
        ("SQL/req", 7),
        ("errors", 7),
        ("warm/this", 9),
    )
    lines = [header, "", f"  {'server':<15} " + " ".join(f"{name:>{width}}" for name, width in columns)]
    for result in results:
        lines.append(result.title)
        lines.append(_row("register warm", result.ours, None))
        lines.append(_row("register cold", result.cold, ratio(result.ours, result.cold)))
        lines.append(_row("PostGraphile", result.peer, ratio(result.ours, result.peer)))
        lines.append(_row("bare route", result.bare, ratio(result.ours, result.bare)))
        lines.append(_row("pgbench", result.pgbench, ratio(result.ours, result.pgbench)))
        if result.peer.result is not None:
            lines.append(
                f"  against PostGraphile: throughput warm {_shown(ratio(result.ours, result.peer))}x, "
                f"cold {_shown(ratio(result.cold, result.peer))}x; CPU per request warm "
                f"{_shown(cpu_ratio(result.ours, result.peer))}x, cold {_shown(cpu_ratio(result.cold, result.peer))}x"
            )
    lines += ["", *targets(results)]
    lines += [f"WARNING {r.title}: {r.disagreement}" for r in results if r.disagreement]
    lines += [f"WARNING {r.title}, PostGraphile: {r.peer_disagreement}" for r in results if r.peer_disagreement]
    return "\n".join(lines)


def _verdict(value: float | None, target: float, *, at_most: bool = False) -> str:
    if value is None:
        return "- (n/a)"
    met = value <= target if at_most else value >= target
    return f"{value:.2f} ({'met' if met else 'NOT met'})"


def _pipeline_latency(by_key: dict[str, ScenarioResult]) -> float | None:
    """The pipeline's p50 as a multiple of the page's, both cold (every request runs)."""
    if "page" not in by_key or "pipeline" not in by_key:
        return None
    page, pipeline = by_key["page"].cold.result, by_key["pipeline"].cold.result
    # A run that got no answer has no latency (its p50 reads 0), not a short one.
    if page is None or pipeline is None or not page.requests or not pipeline.requests or not page.p50_ms:
        return None
    return pipeline.p50_ms / page.p50_ms


def targets(results: list[ScenarioResult]) -> list[str]:
    """Issue 13's targets, each with its figure and whether it is met."""
    by_key = {result.key: result for result in results}
    lines = []
    for key in PEER_SCENARIOS:
        if key not in by_key:
            continue
        r = by_key[key]
        lines.append(
            f"{r.title}: warm/PostGraphile >= {TARGET_WARM}: {_verdict(ratio(r.ours, r.peer), TARGET_WARM)}; "
            f"cold/PostGraphile >= {TARGET_COLD}: {_verdict(ratio(r.cold, r.peer), TARGET_COLD)}; "
            f"cold CPU/PostGraphile's <= {TARGET_COLD_CPU}: "
            f"{_verdict(cpu_ratio(r.cold, r.peer), TARGET_COLD_CPU, at_most=True)}"
        )
    if "page" in by_key and "late" in by_key:
        for label, pick in (("register cold", "cold"), ("register warm", "ours"), ("PostGraphile", "peer")):
            first, late = getattr(by_key["page"], pick), getattr(by_key["late"], pick)
            lines.append(f"late page / first page throughput, {label}: {_shown(ratio(late, first))}")
    if "page" in by_key and "pipeline" in by_key:
        lines.append(
            f"pipeline p50 / page p50, cold, <= {TARGET_PIPELINE_LATENCY}: "
            f"{_verdict(_pipeline_latency(by_key), TARGET_PIPELINE_LATENCY, at_most=True)}"
        )
    return lines


@dataclass(frozen=True)
class Headline:
    """One of the issue's ratios in a run: what it compares, its value, and which way is better."""

    name: str
    value: float | None
    higher_is_better: bool


def headlines(results: list[ScenarioResult]) -> list[Headline]:
    """The ratios the targets are set on: the register against PostGraphile (warm and cold throughput, cold CPU
    per request) on each page, and the pipeline's latency against the page's."""
    by_key = {result.key: result for result in results}
    found = []
    for key in PEER_SCENARIOS:
        if key in by_key:
            r = by_key[key]
            found += [
                Headline(f"{r.title}: warm/PostGraphile throughput", ratio(r.ours, r.peer), True),
                Headline(f"{r.title}: cold/PostGraphile throughput", ratio(r.cold, r.peer), True),
                Headline(f"{r.title}: cold CPU/PostGraphile's", cpu_ratio(r.cold, r.peer), False),
            ]
    if "page" in by_key and "pipeline" in by_key:
        found.append(Headline("pipeline p50 / page p50, cold", _pipeline_latency(by_key), False))
    return found
