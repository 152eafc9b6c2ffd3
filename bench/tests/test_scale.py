"""The national comparison and the page-size line judge the figures they are given as issue 13 asks."""

from __future__ import annotations

from bench.load import LoadResult
from bench.page_sizes import PageStatements, statement_lines
from bench.report import Measured, ScenarioResult
from bench.scale import scale_lines


def served(per_second: float, p50_ms: float = 100.0, cpu_ms: float = 10.0) -> Measured:
    """A server's figures for a one-second run."""
    return Measured(LoadResult(round(per_second), 1.0, p50_ms, p50_ms * 2), cpu_ms=cpu_ms)


def register(warm: float, cold: float, peer: float, pipeline_p50: float) -> list[ScenarioResult]:
    """The page (register warm and cold against the peer) and the pipeline (its cold p50 against the page's)."""
    page = ScenarioResult(
        "page", "50 contracts with provider", served(warm), served(0), served(0), cold=served(cold), peer=served(peer)
    )
    pipeline = ScenarioResult(
        "pipeline", "pipeline", served(1), served(0), served(0), cold=served(1, p50_ms=pipeline_p50)
    )
    return [page, pipeline]


def test_ratios_within_one_and_a_half_times_of_the_council_figures_meet_the_target() -> None:
    # given a national register where the page keeps 0.8 of its ratios and the pipeline's latency grows 1.4x
    council = register(warm=100, cold=50, peer=100, pipeline_p50=400)
    national = register(warm=80, cold=40, peer=100, pipeline_p50=560)

    # when
    lines = scale_lines(council, national)

    # then
    assert lines[-1].endswith(": met")
    assert "pipeline p50 / page p50, cold: 100,000 4.00, 1,000,000 5.60: 1.40x worse (met)" in map(str.strip, lines)


def test_a_ratio_more_than_one_and_a_half_times_worse_fails_the_target_and_better_never_does() -> None:
    # given a national page at half its ratio to the peer, and a pipeline relatively faster than before
    council = register(warm=100, cold=50, peer=100, pipeline_p50=400)
    national = register(warm=50, cold=50, peer=100, pipeline_p50=200)

    # when
    lines = scale_lines(council, national)

    # then
    assert "NOT met (1 of 4 measured ratios moved further)" in lines[-1]
    assert any("warm/PostGraphile throughput" in line and "2.00x worse (NOT met)" in line for line in lines)
    assert any("pipeline" in line and "as good or better (met)" in line for line in lines)


def test_statements_that_grow_with_the_page_do_not_meet_the_target() -> None:
    # given
    flat = PageStatements("page", {10: 4, 50: 4, 100: 4})
    growing = PageStatements("with plans", {10: 5, 50: 6, 100: 7})

    # then
    assert statement_lines([flat])[-1].endswith(": met")
    assert statement_lines([flat, growing])[-1].endswith(": NOT met")
    assert "could be counted" in statement_lines([flat, PageStatements("plans", {}, "HTTP 500")])[-1]


def test_a_ratio_not_measured_at_one_size_leaves_the_target_unshown() -> None:
    # given a national pipeline that gave no answer within its run
    council = register(warm=100, cold=50, peer=100, pipeline_p50=400)
    national = register(warm=100, cold=50, peer=100, pipeline_p50=400)
    pipeline = national[1]
    national[1] = ScenarioResult(pipeline.key, pipeline.title, pipeline.ours, pipeline.bare, pipeline.pgbench)

    # then
    assert scale_lines(council, national)[-1].endswith("not shown (3 of 4 ratios measured at both sizes, all within)")
