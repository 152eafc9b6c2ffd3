"""Significance as the plan states it, and the Board's £1m review threshold, which is another thing.

An activity is significant because a plan lists it as significant commissioning and service activity: every one of
the 24 rows of section J of the SCS plan 2017-18 (004_1e9d5c562e6bd042.txt). Why is its own list: VALUE when its
annual value reaches £1m, the reason a paper states (paper 001, section F: "strategic importance, complexity, risk
and profile"), or NOT_STATED. The Board's threshold (`overThreshold`) is £1m a year whatever a plan says.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import BusinessPlan, CommissioningActivity, Directorate, KeyDecision
from tests.conftest import GraphQL, Tokens
from tests.schema.mutations.rows import gid

ACTIVITIES = """
query Activities($filter: CommissioningActivityFilter) {
  commissioningActivities(filter: $filter, first: 50, orderBy: {field: NAME}) {
    totalCount
    edges { node { name annualValue significant significanceReasons significanceNote overThreshold } }
  }
}
"""

SECTION_J = """
{
  businessPlans(filter: {financialYear: "2017-18"}) {
    edges { node { directorate { code } references(first: 100, filter: {section: ["J"]}) {
      edges { node { subject { ... on CommissioningActivity { name } } } } } } }
  }
}
"""

OVER_THRESHOLD = """
query Review($from: String!, $to: String) {
  overThreshold(from: $from, to: $to) {
    from
    to
    threshold { amount basis text }
    activities {
      totalCount
      valueTotals { basis amount counted unknown }
      edges { node { name overThreshold significant keyDecision { expected { text } } } }
    }
    contracts { totalCount edges { node { reference annualValue end { text } } } }
  }
}
"""

# Worth £1m a year or more (paper 004, section J): Agilisys's £36.3m over its 10-year term is £3.63m a year; the
# others are stated per year ("£3.5m (p/a)", "£1.1m (p/a)", "£1.6m (p/a)").
A_MILLION_A_YEAR = {
    "Agilisys contract": "3630000.00",
    "Daisy Updata Communications Ltd (KPSN)": "3500000.00",
    "Microsoft Software True-Up Licensing": "1100000.00",
    "Specialist Computer Centre computer hardware": "1600000.00",
}
# The Northgate row: "Complex procurement taking minimum of a year." No other row states a reason.
NORTHGATE = "Northgate Information Solutions UK Ltd"
NORTHGATE_NOTE = "Complex procurement taking minimum of a year."


async def activities(graphql: GraphQL, **filter: Any) -> dict[str, dict[str, Any]]:
    response = await graphql(ACTIVITIES, {"filter": filter})
    assert response.errors == [], response.errors
    connection = response.data["commissioningActivities"]
    found = {edge["node"]["name"]: edge["node"] for edge in connection["edges"]}
    assert connection["totalCount"] == len(found)
    return found


async def review(graphql: GraphQL, **variables: Any) -> dict[str, Any]:
    response = await graphql(OVER_THRESHOLD, variables)
    assert response.errors == [], response.errors
    result: dict[str, Any] = response.data["overThreshold"]
    return result


def names(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


async def section_j(graphql: GraphQL) -> set[str]:
    """The activities the SCS plan 2017-18 lists in its section J, as the plan's references give them."""
    response = await graphql(SECTION_J)
    assert response.errors == [], response.errors
    (scs,) = [
        edge["node"] for edge in response.data["businessPlans"]["edges"] if edge["node"]["directorate"]["code"] == "SCS"
    ]
    # section J also names providers and contracts, which the fragment leaves empty
    subjects = [edge["node"]["subject"] for edge in scs["references"]["edges"]]
    return {subject["name"] for subject in subjects if subject}


async def test_every_row_of_section_j_is_significant_with_its_reasons(graphql: GraphQL) -> None:
    # when
    significant = await activities(graphql, significant=True)

    # then all 24 rows of the plan's section J, each significant because the plan lists it
    assert len(significant) == 24
    assert set(significant) == await section_j(graphql)
    assert all(node["significant"] for node in significant.values())
    reasons = {name: node["significanceReasons"] for name, node in significant.items()}
    assert {name: r for name, r in reasons.items() if r != ["NOT_STATED"]} == {
        **{name: ["VALUE"] for name in A_MILLION_A_YEAR},
        NORTHGATE: ["COMPLEXITY"],
    }
    # among those no paper gives a reason for: £97m of TFM, Social Care's £8.3m, the one row needing consultation
    for name in ("Total Facilities Management 1", "Social Care", "Kent Health & Wellbeing Strategy"):
        assert significant[name]["significanceReasons"] == ["NOT_STATED"]
        assert significant[name]["significanceNote"] is None
    assert significant[NORTHGATE]["significanceNote"] == NORTHGATE_NOTE
    assert await activities(graphql, significant=False) == {}


@pytest.mark.parametrize(
    ("reasons", "expected"),
    [
        (["VALUE"], set(A_MILLION_A_YEAR)),
        (["COMPLEXITY"], {NORTHGATE}),
        (["RISK", "PROFILE", "STRATEGIC_IMPORTANCE"], set()),
        (["VALUE", "COMPLEXITY"], {*A_MILLION_A_YEAR, NORTHGATE}),
    ],
)
async def test_significant_activity_by_its_reasons(graphql: GraphQL, reasons: list[str], expected: set[str]) -> None:
    # when
    found = await activities(graphql, significanceReasons=reasons)

    # then
    assert set(found) == expected


async def test_the_rows_no_paper_gives_a_reason_for(graphql: GraphQL) -> None:
    # when
    found = await activities(graphql, significanceReasons=["NOT_STATED"])

    # then the other 19 rows, TFM 1 among them: £53m whole-life, but no term to make it £1m a year
    assert len(found) == 19
    assert found["Total Facilities Management 1"]["annualValue"] is None
    assert not set(found) & {*A_MILLION_A_YEAR, NORTHGATE}


async def test_the_boards_threshold_is_its_own_filter(graphql: GraphQL) -> None:
    # when
    over = await activities(graphql, overThreshold=True)
    under = await activities(graphql, overThreshold=False)
    both = await activities(graphql, overThreshold=True, significant=True)

    # then the four worth £1m a year; the other 20 (TFM 1's unknown annual value among them) are not over it
    assert {name: node["annualValue"] for name, node in over.items()} == A_MILLION_A_YEAR
    assert all(node["overThreshold"] for node in over.values())
    assert len(under) == 20
    assert not any(node["overThreshold"] for node in under.values())
    assert under["Total Facilities Management 1"]["significant"] is True
    assert set(both) == set(A_MILLION_A_YEAR)


async def test_an_activity_no_plan_lists_is_not_significant_until_one_does(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given an activity an officer records, worth £2m a year, that no plan lists yet
    scs = await gid(session, Directorate, code="SCS")
    created = await graphql(
        CREATE,
        {"input": {"directorateId": scs, "name": "Print procurement", "expectedValue": "£2m (p/a)"}},
        token=tokens.editor,
    )
    activity = created.data["commissioningActivityCreate"]["commissioningActivity"]

    # when
    unlisted = await activities(graphql, significant=False)
    plan = await gid(session, BusinessPlan, title=SCS_PLAN)
    listed = await graphql(
        REFER,
        {"input": {"planId": plan, "section": "J", "sourceText": "Print procurement", "subjectId": activity["id"]}},
        token=tokens.editor,
    )
    significant = await activities(graphql, significant=True)

    # then it is over the Board's threshold at once, but significant only once the plan lists it, for its value
    assert activity["significant"] is False
    assert activity["significanceReasons"] == []
    assert activity["overThreshold"] is True
    assert list(unlisted) == ["Print procurement"]
    assert listed.data["planReferenceCreate"]["userErrors"] == []
    assert significant["Print procurement"]["significanceReasons"] == ["VALUE"]
    assert len(significant) == 25


CREATE = """
mutation Create($input: CommissioningActivityCreateInput!) {
  commissioningActivityCreate(input: $input) {
    commissioningActivity { id significant significanceReasons overThreshold }
    userErrors { field message code }
  }
}
"""
REFER = """
mutation Refer($input: PlanReferenceCreateInput!) {
  planReferenceCreate(input: $input) { userErrors { field message code } }
}
"""
SCS_PLAN = "Strategic and Corporate Services Directorate Business Plan 2017-18"


async def _activity(session: AsyncSession, name: str, annual_pence: int | None = None) -> None:
    scs = await session.scalar(select(Directorate.id).where(Directorate.code == "SCS"))
    assert scs is not None
    activity = CommissioningActivity(
        directorate_id=scs,
        name=name,
        expected_value_pence=annual_pence,
        expected_value_basis=None if annual_pence is None else "ANNUAL",
        annual_value_pence=annual_pence,
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
    # given two activities no plan lists, either side of £1m a year
    await _activity(session, "Exactly a million", 100_000_000)
    await _activity(session, "A penny short", 99_999_999)

    # when
    result = await review(graphql, **{"from": "Q2 2019/20"})

    # then the threshold asks nothing of significance
    assert names(result["activities"]) == ["Exactly a million"]
    assert result["activities"]["edges"][0]["node"]["significant"] is False
    assert result["threshold"] == {"amount": "1000000.00", "basis": "ANNUAL", "text": "£1m a year"}


async def test_what_crosses_the_threshold_in_2017_18(graphql: GraphQL) -> None:
    # when
    result = await review(graphql, **{"from": "2017/18"})

    # then in key decision order: Q1, "Between Q2 2017/18 and Q1 2018/19", Q4; Northgate (complex, £0.23m, Q4) and
    # the £53m TFM 1 (Q1, no annual value) are significant but not over the threshold
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

    # then SCC hardware (£1.6m p/a, May 2019), KPSN (£3.5m p/a, May 2020) and the planned Microsoft agreement to
    # "2021" (£3.5m over 36 months, whose end may fall in Q4 2020/21); the TFM contracts end in the window but have no
    # recorded value, and no activity over the threshold has a decision due (the "By" ranges are whole-life values)
    assert [(edge["node"]["reference"], edge["node"]["annualValue"]) for edge in result["contracts"]["edges"]] == [
        ("SCS-2017-SCC-HARDWARE", "1600000.00"),
        ("SCS-2017-KPSN", "3500000.00"),
        ("SCS-2017-MICROSOFT-LICENSING-2018", "1166666.67"),
    ]
    assert result["activities"]["totalCount"] == 0
