"""Whether the register keeps its ratios on a national register (issue 13): each of the ratios the targets are
set on, measured on the 1,000,000-contract register, within 1.5x of the same ratio on the 100,000-contract one,
both in the same run. Ratios, not times, so the machine's load moves both sides alike."""

from __future__ import annotations

from bench.report import Headline, ScenarioResult, headlines

TARGET_SCALE = 1.5


def _worse_by(council: Headline, national: Headline) -> float | None:
    """How many times worse the national ratio is than the council's (below 1: better)."""
    if council.value is None or national.value is None or not council.value or not national.value:
        return None
    return council.value / national.value if council.higher_is_better else national.value / council.value


def scale_lines(council: list[ScenarioResult], national: list[ScenarioResult]) -> list[str]:
    """One line a ratio, at both sizes with how far it moved, then the target line."""
    at_national = {headline.name: headline for headline in headlines(national)}
    lines = []
    verdicts: list[bool] = []
    compared = headlines(council)
    for small in compared:
        large = at_national.get(small.name, Headline(small.name, None, small.higher_is_better))
        worse = _worse_by(small, large)
        if worse is None:
            lines.append(f"  {small.name}: 100,000 {_shown(small.value)}, 1,000,000 {_shown(large.value)}: n/a")
            continue
        verdicts.append(worse <= TARGET_SCALE)
        lines.append(
            f"  {small.name}: 100,000 {small.value:.2f}, 1,000,000 {large.value:.2f}: "
            f"{worse:.2f}x {'worse' if worse > 1 else 'as good or better'} ({'met' if verdicts[-1] else 'NOT met'})"
        )
    lines.append(
        f"at 1,000,000 contracts the page and pipeline keep their ratios (each within {TARGET_SCALE}x of the "
        f"100,000 figure): {_verdict(verdicts, len(compared))}"
    )
    return lines


def _verdict(verdicts: list[bool], wanted: int) -> str:
    """Met only when every ratio was measured at both sizes and each kept within the target."""
    failed = verdicts.count(False)
    if failed:
        return f"NOT met ({failed} of {len(verdicts)} measured ratios moved further)"
    if not verdicts or len(verdicts) < wanted:
        # A ratio that could not be measured (a server gave no answer within the run) proves nothing either way.
        return f"not shown ({len(verdicts)} of {wanted} ratios measured at both sizes, all within)"
    return "met"


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
