"""The benchmark's results: the register's figures beside the bare route's and pgbench's, as ratios."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from bench.load import LoadResult

# The target: the register serves the 50-contract page at a quarter of the bare route's rate.
TARGET_SHARE_OF_BARE = 0.25


@dataclass(frozen=True)
class Measured:
    """One server's figures for a scenario, or why there are none."""

    result: LoadResult | None
    statements: int | None = None
    problem: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario measured on the register, the bare route and pgbench, and whether their answers agree."""

    key: str
    title: str
    ours: Measured
    bare: Measured
    pgbench: Measured
    disagreement: str | None = None


def ratio(ours: Measured, other: Measured) -> float | None:
    """The register's throughput as a share of another's, when both were measured."""
    if ours.result is None or other.result is None or not other.result.per_second or not ours.result.requests:
        return None
    return ours.result.per_second / other.result.per_second


def _row(label: str, measured: Measured, share: float | None) -> str:
    if measured.result is None:
        return f"  {label:<11} {measured.problem or 'not measured'}"
    r = measured.result
    if r.requests == 0:
        return f"  {label:<11} no response in {r.seconds:.0f}s ({r.errors} errors): too slow or failing"
    sql = "?" if measured.statements is None else str(measured.statements)
    shown = "" if share is None else f"{share:.2f}"
    figures = f"{r.per_second:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {sql:>7} {r.errors:>7} {shown:>9}"
    line = f"  {label:<11} {figures}"
    return line + (f"  ({measured.detail})" if measured.detail else "")


def format_report(results: list[ScenarioResult], header: str) -> str:
    """The results as a table, then the targets the issue sets and any disagreement between answers."""
    columns = ("req/s", 9), ("p50 ms", 8), ("p99 ms", 8), ("SQL/req", 7), ("errors", 7), ("ours/this", 9)
    lines = [header, "", f"  {'server':<11} " + " ".join(f"{name:>{width}}" for name, width in columns)]
    for result in results:
        lines.append(result.title)
        lines.append(_row("register", result.ours, None))
        lines.append(_row("bare route", result.bare, ratio(result.ours, result.bare)))
        lines.append(_row("pgbench", result.pgbench, ratio(result.ours, result.pgbench)))
    lines += ["", *targets(results)]
    lines += [f"WARNING {r.title}: {r.disagreement}" for r in results if r.disagreement]
    return "\n".join(lines)


def targets(results: list[ScenarioResult]) -> list[str]:
    """The issue's targets: a quarter of the bare route's rate, and late pages as fast as the first."""
    by_key = {result.key: result for result in results}
    lines = []
    if "page" in by_key:
        share = ratio(by_key["page"].ours, by_key["page"].bare)
        verdict = "n/a" if share is None else ("met" if share >= TARGET_SHARE_OF_BARE else "NOT met")
        shown = "-" if share is None else f"{share:.2f}"
        lines.append(f"target ours/bare >= {TARGET_SHARE_OF_BARE} on the 50-contract page: {shown} ({verdict})")
    if "page" in by_key and "late" in by_key:
        for label, pick in (("register", "ours"), ("bare route", "bare")):
            first, late = getattr(by_key["page"], pick), getattr(by_key["late"], pick)
            shown = "-" if first.result is None or late.result is None else f"{ratio(late, first):.2f}"
            lines.append(f"late page / first page throughput, {label}: {shown}")
    return lines


def as_json(results: list[ScenarioResult], settings: dict[str, Any]) -> dict[str, Any]:
    """The results and the run's settings as plain data, for bench/results/."""
    return {"settings": settings, "scenarios": [asdict(result) for result in results]}
