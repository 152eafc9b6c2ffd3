"""The Board's questions of the commissioning pipeline, answered from section J of the SCS Directorate Business
Plan 2017-18 (004) as seeded; a test adds records of its own only where the papers have no example (flushed, not
committed, so the test's rollback removes them)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import CommissioningActivity, Directorate
from tests.conftest import GraphQL

ACTIVITIES = """
query Activities($filter: CommissioningActivityFilter, $orderBy: CommissioningActivityOrder, $first: Int,
                 $after: String) {
  commissioningActivities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    valueTotals { basis amount counted unknown }
    edges {
      node {
        name
        consultationRequired
        expectedValue { amount basis }
        keyDecision { expected { text } }
        significant
        significanceReasons
        overThreshold
      }
    }
  }
}
"""

KEY_DECISIONS = """
query KeyDecisions($filter: KeyDecisionFilter, $orderBy: KeyDecisionOrder) {
  keyDecisions(filter: $filter, orderBy: $orderBy, first: 50) {
    totalCount
    edges { node { expected { text } activity { name } } }
  }
}
"""

IDS = """
query {
  directorates(filter: {codes: ["SCS", "GET"]}) { edges { node { id code } } }
  businessPlans(filter: {financialYear: "2017-18"}) { edges { node { id directorate { code } } } }
}
"""

TRUE_UP = "Microsoft Software True-Up Licensing"
KPSN = "Daisy Updata Communications Ltd (KPSN)"
SCC = "Specialist Computer Centre computer hardware"
AGILISYS = "Agilisys contract"
HEALTH = "Kent Health & Wellbeing Strategy"
TFM_1, TFM_2, TFM_3 = (f"Total Facilities Management {n}" for n in (1, 2, 3))
CLOUD = "Microsoft Cloud Navigator"
LICENSING = "Microsoft Software Licensing Agreement"
SOCIAL_CARE = "Social Care"
Q3_2017_18 = {"from": "2017-10-01", "to": "2017-12-31"}
# Worth at least £1m a year: three stated p/a, and the Agilisys contract (£36.3m over 10 years); in key
# decision order, Agilisys (N/A) last.
OVER_A_MILLION_A_YEAR = [TRUE_UP, KPSN, SCC, AGILISYS]


async def activities(graphql: GraphQL, **variables: Any) -> dict[str, Any]:
    response = await graphql(ACTIVITIES, {"first": 50, **variables})
    assert response.errors == []
    return dict(response.data["commissioningActivities"])


def names(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


async def ids(graphql: GraphQL) -> dict[str, str]:
    data = (await graphql(IDS)).data
    found = {f"directorate {e['node']['code']}": e["node"]["id"] for e in data["directorates"]["edges"]}
    found |= {f"plan {e['node']['directorate']['code']}": e["node"]["id"] for e in data["businessPlans"]["edges"]}
    return found


async def test_the_boards_pipeline_for_q3_2017_18_in_key_decision_order(graphql: GraphQL) -> None:
    # when the Board asks which activities need a key decision in Q3 2017/18 (1 October-31 December 2017)
    pipeline = await activities(graphql, filter={"keyDecision": Q3_2017_18})

    # then every activity whose decision window overlaps the quarter is there, earliest possible day first:
    # the "By 2019"/"By 2020" ranges (from April 2017) and the ranged KPSN review overlap the quarter too
    rows = [
        (e["node"]["name"], e["node"]["keyDecision"]["expected"]["text"], e["node"]["expectedValue"])
        for e in pipeline["edges"]
    ]
    assert rows == [
        (CLOUD, "By 2019", {"amount": "4300000.00", "basis": "TOTAL"}),
        (SOCIAL_CARE, "By 2020", {"amount": "8300000.00", "basis": "TOTAL"}),
        (KPSN, "Between Q2 2017/18 and Q1 2018/19", {"amount": "3500000.00", "basis": "ANNUAL"}),
        (HEALTH, "Q3 2017/18", None),
        (TFM_2, "Q3 2017/18", {"amount": "12000000.00", "basis": "TOTAL"}),
        (TFM_3, "Q3 2017/18", {"amount": "32000000.00", "basis": "TOTAL"}),
    ]
    # and only the Kent Health & Wellbeing Strategy needs public consultation (N/A elsewhere)
    assert [e["node"]["consultationRequired"] for e in pipeline["edges"]] == [None, None, None, True, None, None]
    # and the totals cover the whole pipeline, saying how many values are unknown on each basis
    assert pipeline["valueTotals"] == [
        {"basis": "TOTAL", "amount": "56600000.00", "counted": 4, "unknown": 2},
        {"basis": "ANNUAL", "amount": "3500000.00", "counted": 1, "unknown": 5},
    ]


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        # at least £1m a year; and at least £10m over the life (p/a-only values are unknown on TOTAL)
        ({"value": {"min": "1000000", "basis": "ANNUAL"}}, OVER_A_MILLION_A_YEAR),
        ({"value": {"min": "10000000", "basis": "TOTAL"}}, [TFM_1, TFM_2, TFM_3, AGILISYS]),
        # over the Board's threshold: £1m a year or more
        ({"overThreshold": True}, OVER_A_MILLION_A_YEAR),
        ({"consultationRequired": True}, [HEALTH]),
        ({"consultationRequired": False}, []),
        # the lead service whole, in any case: "Infrastructure" alone leads nothing
        ({"leadService": "policy"}, [HEALTH]),
        ({"leadService": "Infrastructure"}, []),
        # text in the name, the description only, the lead service only; wildcards are literal
        ({"text": "microsoft"}, [TRUE_UP, LICENSING, CLOUD]),
        ({"text": "Adult Transformation"}, [SOCIAL_CARE]),
        ({"text": "Kent Communications"}, [AGILISYS]),
        ({"text": "100%"}, []),
        # decided in Q3 and worth £10m or more over the life
        ({"and": [{"keyDecision": Q3_2017_18}, {"value": {"min": "10000000", "basis": "TOTAL"}}]}, [TFM_2, TFM_3]),
        # led by Policy, or over the threshold
        ({"or": [{"leadService": "Policy"}, {"overThreshold": True}]}, [TRUE_UP, KPSN, HEALTH, SCC, AGILISYS]),
        # decided in Q3, but not with a "By" range
        (
            {"keyDecision": Q3_2017_18, "not": {"or": [{"text": "Social Care"}, {"text": "Cloud"}]}},
            [KPSN, HEALTH, TFM_2, TFM_3],
        ),
    ],
)
async def test_activities_filtered(graphql: GraphQL, filter_: dict[str, Any], expected: list[str]) -> None:
    # when the Board filters the activities
    response = await activities(graphql, filter=filter_)

    # then those that match come back in key decision order, none needed last
    assert names(response) == expected


@pytest.mark.parametrize(
    ("filter_", "count"),
    [
        # 15 of the 24 name a date for a key decision: the others never match a window, even an open one
        ({"keyDecision": {}}, 15),
        ({"not": {"keyDecision": {}}}, 9),
        # every row of section J is significant because the plan lists it; 20 are under the £1m threshold
        ({"significant": True}, 24),
        ({"significant": False}, 0),
        ({"overThreshold": False}, 20),
        # `not` keeps the activities whose column is blank: N/A consultation, no description
        ({"not": {"consultationRequired": True}}, 23),
        ({"not": {"text": "Microsoft"}}, 21),
        ({"leadService": "Infrastructure (Property)"}, 6),
    ],
)
async def test_activities_counted(graphql: GraphQL, filter_: dict[str, Any], count: int) -> None:
    # when the Board counts the activities a filter matches
    response = await activities(graphql, filter=filter_, first=0)

    # then the count is section J's
    assert response["totalCount"] == count


async def test_a_recorded_reason_does_not_make_an_activity_significant_without_a_plan(
    graphql: GraphQL, session: AsyncSession
) -> None:
    # given an activity with a reason of risk that no plan lists, and one recorded as needing no consultation
    scs = await session.scalar(select(Directorate.id).where(Directorate.code == "SCS"))
    session.add(CommissioningActivity(directorate_id=scs, name="Data Centre Exit", significance_reason="RISK"))
    session.add(CommissioningActivity(directorate_id=scs, name="Print Review", consultation_required=False))
    await session.flush()

    # when significant activity is listed, and activity needing no consultation
    significant = await activities(graphql, filter={"significant": True})
    not_significant = await activities(graphql, filter={"significant": False})
    no_consultation = await activities(graphql, filter={"consultationRequired": False})

    # then the risky one is not significant (no plan lists it, so it has no reasons to give), and only the
    # recorded "no" answers consultation false
    (risky,) = [e["node"] for e in not_significant["edges"] if e["node"]["name"] == "Data Centre Exit"]
    assert (risky["significant"], risky["significanceReasons"]) == (False, [])
    assert "Data Centre Exit" not in names(significant)
    assert names(no_consultation) == ["Print Review"]


async def test_activities_by_plan_and_directorate(graphql: GraphQL) -> None:
    # given the SCS and GET directorates and their 2017-18 plans (GET's appendix is not in the papers)
    known = await ids(graphql)

    # when activities are listed by the plan that sets them out, and by directorate
    counts = {
        name: (await activities(graphql, filter={key: value}, first=0))["totalCount"]
        for name, key, value in [
            ("SCS plan", "planId", known["plan SCS"]),
            ("GET plan", "planId", known["plan GET"]),
            ("SCS and GET", "directorateIds", [known["directorate SCS"], known["directorate GET"]]),
        ]
    }

    # then the SCS plan sets out all 24, all SCS's, and the GET plan none
    assert counts == {"SCS plan": 24, "GET plan": 0, "SCS and GET": 24}


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ({"field": "VALUE", "direction": "DESC"}, [TFM_1, AGILISYS, TFM_3, TFM_2]),
        ({"field": "ANNUAL_VALUE", "direction": "DESC"}, [AGILISYS, KPSN, SCC, TRUE_UP]),
        ({"field": "NAME"}, [AGILISYS, "Asbestos Framework", "BSC (ICT) Monitoring", "Business Service Centre"]),
    ],
)
async def test_activities_ordered(graphql: GraphQL, order: dict[str, str], expected: list[str]) -> None:
    # when the activities are ordered by value (largest first, unknown last) or by name
    response = await activities(graphql, orderBy=order, first=4)

    # then the first four are the paper's largest, or first alphabetically
    assert names(response) == expected


async def test_largest_whole_life_value_first_pages_on_with_cursors(graphql: GraphQL) -> None:
    # given the first five activities by whole-life value, largest first
    order = {"field": "VALUE", "direction": "DESC"}
    first = await activities(graphql, orderBy=order, first=5)

    # when the next five are asked for after the first page's last cursor
    second = await activities(graphql, orderBy=order, first=5, after=first["pageInfo"]["endCursor"])

    # then the second page carries on from Social Care (£8.3m) without a gap or an overlap
    assert names(first)[-1] == SOCIAL_CARE
    assert names(second) == [CLOUD, LICENSING, "Schools Broadband", "Asbestos Framework", "Managed Document Service"]
    assert second["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize(
    ("filter_", "argument"),
    [
        ({"keyDecision": {"from": "2017-12-31", "to": "2017-10-01"}}, "filter.keyDecision.to"),
        ({"or": [{"value": {"max": "-1"}}]}, "filter.or[0].value.max"),
        ({"and": [{"value": {"min": "3", "max": "2"}}]}, "filter.and[0].value.max"),
    ],
)
async def test_a_bad_window_or_range_is_a_clear_error(graphql: GraphQL, filter_: dict[str, Any], argument: str) -> None:
    # when a window ends before it starts, or a money bound is negative or below the other
    response = await graphql(ACTIVITIES, {"filter": filter_})

    # then the error is the client's, naming the argument at fault as the client wrote it
    assert response.error_codes() == ["BAD_INPUT"]
    assert response.errors[0]["extensions"]["argument"] == argument


async def test_a_money_bound_that_is_not_a_number_is_a_clear_error(graphql: GraphQL) -> None:
    # when a bound of the value range is not a number
    response = await graphql(ACTIVITIES, {"filter": {"value": {"min": "a million"}}})

    # then nothing runs, and the error quotes the bad value
    assert response.data is None
    assert 'Value cannot represent a Decimal: "a million"' in response.errors[0]["message"]


async def test_key_decisions_in_q3_2017_18_latest_first_and_by_directorate(graphql: GraphQL) -> None:
    # given the SCS directorate
    scs = (await ids(graphql))["directorate SCS"]

    # when the forward plan's decisions expected in Q3 2017/18 are listed latest first, and then by directorate
    in_q3 = await graphql(
        KEY_DECISIONS, {"filter": {"expected": Q3_2017_18}, "orderBy": {"field": "EXPECTED", "direction": "DESC"}}
    )
    of_scs = await graphql(KEY_DECISIONS, {"filter": {"directorateIds": [scs]}})
    not_of_scs = await graphql(KEY_DECISIONS, {"filter": {"not": {"directorateIds": [scs]}}})

    # then the six overlapping decisions come back with their activities, and all 15 are SCS's, soonest first
    rows = [(e["node"]["expected"]["text"], e["node"]["activity"]["name"]) for e in in_q3.data["keyDecisions"]["edges"]]
    assert rows == [
        ("Q3 2017/18", TFM_3),
        ("Q3 2017/18", TFM_2),
        ("Q3 2017/18", HEALTH),
        ("Between Q2 2017/18 and Q1 2018/19", KPSN),
        ("By 2020", SOCIAL_CARE),
        ("By 2019", CLOUD),
    ]
    assert of_scs.data["keyDecisions"]["totalCount"] == 15
    assert of_scs.data["keyDecisions"]["edges"][0]["node"]["expected"]["text"] == "Q1 2017/18"
    assert not_of_scs.data["keyDecisions"]["totalCount"] == 0


async def test_a_page_of_activities_costs_the_same_statements_whatever_its_size(graphql: GraphQL) -> None:
    # when a small and a large page are asked for with their decisions, directorates and plans
    query = ACTIVITIES.replace("keyDecision {", "directorate { code } plans { title } keyDecision {")
    small = await graphql(query, {"first": 2})
    large = await graphql(query, {"first": 24})

    # then both cost the same number of statements: one batch per relation
    assert small.errors == [] and large.errors == []
    assert small.statements == large.statements


ACTIVITY_PROVIDERS = """query($text: String) { commissioningActivities(filter: {text: $text}) {
  edges { node { name providers { name } } } } }"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Agilisys contract", {"Agilisys contract": ["Agilisys"]}),
        ("Total Facilities Management 1", {"Total Facilities Management 1": ["Amey", "Kier", "Skanska"]}),
        ("Kent Health", {"Kent Health & Wellbeing Strategy": []}),
    ],
)
async def test_an_activity_lists_the_providers_of_its_contracts(
    graphql: GraphQL, text: str, expected: dict[str, list[str]]
) -> None:
    # given the seeded register, where the TFM procurements are linked (by inference) to the three TFM contracts
    # when the Board asks which providers each activity concerns
    response = await graphql(ACTIVITY_PROVIDERS, {"text": text})

    # then each activity names the providers of its linked contracts, once each, by name
    found = {
        edge["node"]["name"]: [provider["name"] for provider in edge["node"]["providers"]]
        for edge in response.data["commissioningActivities"]["edges"]
    }
    assert found == expected
