"""Significance for the Strategic Commissioning Board: at least £1m a year, or a recorded reason of strategic
importance, complexity, risk or profile (the 2017-18 planning rules, 001_f61a40664072bf85.txt), and the list of
what crosses the threshold in a window.

No row of the SCS plan's section J records a non-financial reason, so the seeded activities are significant by
value alone; tests add small records of their own for the reasons and the threshold's edge.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import CommissioningActivity, Directorate, KeyDecision
from tests.conftest import GraphQL

SIGNIFICANT = """
query Significant($significant: Boolean) {
  commissioningActivities(filter: {significant: $significant}, first: 50, orderBy: {field: NAME}) {
    edges { node { name annualValue significance { significant reasons note } } }
  }
}
"""

OVER_THRESHOLD = """
query Review($from: String!, $to: String, $reasons: [SignificanceReason!]) {
  overThreshold(from: $from, to: $to, reasons: $reasons) {
    from
    to
    threshold { amount basis text }
    activities {
      totalCount
      valueTotals { basis amount counted unknown }
      edges { node { name keyDecision { expected { text } } significance { reasons } } }
    }
    contracts { totalCount edges { node { reference annualValue end { text } } } }
  }
}
"""


async def review(graphql: GraphQL, **variables: Any) -> dict[str, Any]:
    response = await graphql(OVER_THRESHOLD, variables)
    assert response.errors == [], response.errors
    result: dict[str, Any] = response.data["overThreshold"]
    return result


def names(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


async def test_the_seeded_activities_significant_by_value(graphql: GraphQL) -> None:
    # when
    response = await graphql(SIGNIFICANT, {"significant": True})

    # then each is worth at least £1m a year: Agilisys's £36.3m over its 10-year term is £3.63m a year
    found = {edge["node"]["name"]: edge["node"] for edge in response.data["commissioningActivities"]["edges"]}
    assert {name: node["annualValue"] for name, node in found.items()} == {
        "Agilisys contract": "3630000.00",
        "Daisy Updata Communications Ltd (KPSN)": "3500000.00",
        "Microsoft Software True-Up Licensing": "1100000.00",
        "Specialist Computer Centre computer hardware": "1600000.00",
    }
    assert all(
        node["significance"] == {"significant": True, "reasons": ["VALUE"], "note": None} for node in found.values()
    )


async def test_a_large_whole_life_value_with_no_term_is_not_known_to_be_a_million_a_year(graphql: GraphQL) -> None:
    # when
    response = await graphql(SIGNIFICANT, {"significant": False})

    # then TFM 1's £53m is whole-life, and the plan gives no term to annualise it over
    found = {edge["node"]["name"]: edge["node"] for edge in response.data["commissioningActivities"]["edges"]}
    assert found["Total Facilities Management 1"]["annualValue"] is None
    assert found["Total Facilities Management 1"]["significance"] == {"significant": False, "reasons": [], "note": None}
    assert len(found) == 20


async def _activity(
    session: AsyncSession, name: str, annual_pence: int | None = None, reason: str | None = None
) -> None:
    scs = await session.scalar(select(Directorate.id).where(Directorate.code == "SCS"))
    assert scs is not None
    activity = CommissioningActivity(
        directorate_id=scs,
        name=name,
        expected_value_pence=annual_pence,
        expected_value_basis=None if annual_pence is None else "ANNUAL",
        annual_value_pence=annual_pence,
        significance_reason=reason,
        significance_note=None if reason is None else "Chosen by the Board for its risk to service continuity.",
    )
    session.add(activity)
    await session.flush()
    session.add(
        KeyDecision(
            activity_id=activity.id,
            expected_earliest=date(2019, 7, 1),
            expected_latest=date(2019, 9, 30),
            expected_precision="QUARTER",
            expected_text="Q2 2019/20",
        )
    )
    await session.flush()


async def test_the_threshold_is_at_least_a_million_a_year(graphql: GraphQL, session: AsyncSession) -> None:
    # given
    await _activity(session, "Exactly a million", 100_000_000)
    await _activity(session, "A penny short", 99_999_999)

    # when
    result = await review(graphql, **{"from": "Q2 2019/20"})

    # then
    assert names(result["activities"]) == ["Exactly a million"]
    assert result["threshold"] == {"amount": "1000000.00", "basis": "ANNUAL", "text": "£1m a year"}


async def test_a_recorded_reason_makes_activity_significant_whatever_its_value(
    graphql: GraphQL, session: AsyncSession
) -> None:
    # given
    await _activity(session, "Data Centre Exit", 20_000_000, reason="RISK")

    # when
    everything = await review(graphql, **{"from": "Q2 2019/20"})
    by_risk = await review(graphql, **{"from": "Q2 2019/20", "reasons": ["RISK"]})
    by_profile = await review(graphql, **{"from": "Q2 2019/20", "reasons": ["PROFILE"]})
    flagged = await graphql(SIGNIFICANT, {"significant": True})

    # then
    assert names(everything["activities"]) == ["Data Centre Exit"]
    assert everything["activities"]["edges"][0]["node"]["significance"] == {"reasons": ["RISK"]}
    assert names(by_risk["activities"]) == ["Data Centre Exit"]
    assert names(by_profile["activities"]) == []
    node = next(
        edge["node"]
        for edge in flagged.data["commissioningActivities"]["edges"]
        if edge["node"]["name"] == "Data Centre Exit"
    )
    assert node["significance"] == {
        "significant": True,
        "reasons": ["RISK"],
        "note": "Chosen by the Board for its risk to service continuity.",
    }


async def test_what_crosses_the_threshold_in_2017_18(graphql: GraphQL) -> None:
    # when
    result = await review(graphql, **{"from": "2017/18"})

    # then in key decision order: Q1, "Between Q2 2017/18 and Q1 2018/19", Q4
    assert (result["from"], result["to"]) == ("Q1 2017-18", "Q4 2017-18")
    assert names(result["activities"]) == [
        "Microsoft Software True-Up Licensing",
        "Daisy Updata Communications Ltd (KPSN)",
        "Specialist Computer Centre computer hardware",
    ]
    assert result["activities"]["valueTotals"][1] == {
        "basis": "ANNUAL",
        "amount": "6200000.00",
        "counted": 3,
        "unknown": 0,
    }
    # no contract of £1m a year or more ends in 2017-18
    assert result["contracts"]["totalCount"] == 0


async def test_contracts_of_a_million_a_year_ending_in_2019_20_and_2020_21(graphql: GraphQL) -> None:
    # when
    result = await review(graphql, **{"from": "Q1 2019/20", "to": "Q4 2020/21"})

    # then SCC hardware (£1.6m p/a, May 2019) and KPSN (£3.5m p/a, May 2020); the TFM contracts end in the window
    # but have no recorded value, and no significant activity has a decision due (the "By" ranges are whole-life)
    assert [(edge["node"]["reference"], edge["node"]["annualValue"]) for edge in result["contracts"]["edges"]] == [
        ("SCS-2017-SCC-HARDWARE", "1600000.00"),
        ("SCS-2017-KPSN", "3500000.00"),
    ]
    assert result["activities"]["totalCount"] == 0


@pytest.mark.parametrize("reasons", [["STRATEGIC_IMPORTANCE"], ["COMPLEXITY", "PROFILE"]])
async def test_contracts_record_no_reason_but_value(graphql: GraphQL, reasons: list[str]) -> None:
    # when
    result = await review(graphql, **{"from": "Q1 2019/20", "to": "Q4 2020/21", "reasons": reasons})

    # then
    assert result["contracts"]["totalCount"] == 0
