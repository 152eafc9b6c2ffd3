"""Business plans and what they reference: `businessPlans` and each plan's `references` connection.

The 25 divisional plans of 2012/13 come from the Cabinet paper of 16 April 2012 (003_0786b428787bab2d.txt);
the SCS and GET directorate plans of 2017-18 from 004 and 002, with the SCS plan's 117 references.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQL

PLANS = """
query Plans($filter: BusinessPlanFilter, $orderBy: BusinessPlanOrder, $first: Int) {
  businessPlans(filter: $filter, orderBy: $orderBy, first: $first) {
    totalCount
    edges { node { id title financialYear status directorate { code } division { name } } }
  }
}
"""

SCS_PLAN_REFERENCES = """
query References($filter: PlanReferenceFilter, $first: Int, $after: String, $last: Int, $before: String) {
  businessPlans(filter: {text: "Strategic and Corporate Services", financialYear: "2017/18"}) {
    edges {
      node {
        title
        references(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges {
            node {
              section
              sourceText
              plan { title }
              subject {
                __typename
                ... on CommissioningActivity { name }
                ... on Contract { reference }
                ... on Provider { name }
                ... on TradedCompany { name }
                ... on Service { name }
              }
            }
          }
        }
      }
    }
  }
}
"""

EVERY_PLANS_REFERENCES = """
query ($first: Int) {
  businessPlans(first: $first, orderBy: {field: FINANCIAL_YEAR, direction: DESC}) {
    edges { node { title references(first: 3) { totalCount edges { node { section subject { __typename } } } } } }
  }
}
"""

DIRECTORATE = """query ($code: String!) { directorates(filter: {codes: [$code]}) { edges { node { id } } } }"""
SCS_PLAN = "Strategic and Corporate Services Directorate Business Plan 2017-18"
GET_PLAN = "Growth, Environment and Transport Directorate Business Plan 2017-18"


def titles(response: Any) -> list[str]:
    return [edge["node"]["title"] for edge in response.data["businessPlans"]["edges"]]


def scs_references(response: Any) -> Any:
    assert response.errors == []
    (plan,) = response.data["businessPlans"]["edges"]
    return plan["node"]["references"]


@pytest.mark.parametrize("year", ["2012-13", "2012/13", "12/13", "12-13", " 2012/2013 "])
async def test_the_25_plans_of_2012_13_however_the_year_is_written(graphql: GraphQL, year: str) -> None:
    # when the plans of 2012/13 are asked for, the year written any of the ways the papers write it
    response = await graphql(PLANS, {"filter": {"financialYear": year}, "first": 50})

    # then the 25 divisional plans of the five directorates come back, oldest year first and in the paper's order
    assert response.errors == []
    assert response.data["businessPlans"]["totalCount"] == 25
    plans = [edge["node"] for edge in response.data["businessPlans"]["edges"]]
    assert {plan["financialYear"] for plan in plans} == {"2012-13"}
    assert {plan["directorate"]["code"] for plan in plans} == {"ELS", "FSC", "BSS", "C&C", "E&E"}
    assert plans[0]["title"] == "ELS Advocacy & Entitlement"
    assert plans[0]["division"] == {"name": "Advocacy & Entitlement"}


@pytest.mark.parametrize(
    ("year", "reason"),
    [
        ("2012-14", "the years of a financial year must be consecutive"),
        ("next year", "not a financial year such as 2017/18"),
    ],
)
async def test_a_bad_financial_year_is_a_clear_error(graphql: GraphQL, year: str, reason: str) -> None:
    # when the financial year is not one
    response = await graphql(PLANS, {"filter": {"and": [{"financialYear": year}]}})

    # then the error quotes it, says why, shows the forms accepted, and names the argument
    assert response.error_codes() == ["BAD_INPUT"]
    assert response.errors[0]["message"] == (
        f"{year!r} is not a financial year ({reason}); write it as 2017-18, 2017/18 or 17-18"
    )
    assert response.errors[0]["extensions"]["argument"] == "filter.and[0].financialYear"


async def test_the_two_directorate_plans_of_2017_18_by_title(graphql: GraphQL) -> None:
    # when the 2017-18 plans are ordered by title, Z first
    response = await graphql(
        PLANS, {"filter": {"financialYear": "17-18"}, "orderBy": {"field": "TITLE", "direction": "DESC"}}
    )

    # then SCS's and GET's final drafts come back
    assert titles(response) == [SCS_PLAN, GET_PLAN]
    assert {edge["node"]["status"] for edge in response.data["businessPlans"]["edges"]} == {"FINAL_DRAFT"}


async def test_plans_by_status_directorate_and_title(graphql: GraphQL) -> None:
    # given the ELS directorate
    els = (await graphql(DIRECTORATE, {"code": "ELS"})).data["directorates"]["edges"][0]["node"]["id"]

    # when plans are listed by status, by directorate, and by words in their titles
    final_drafts = await graphql(PLANS, {"filter": {"status": ["FINAL_DRAFT"]}})
    published = await graphql(PLANS, {"filter": {"status": ["PUBLISHED", "APPROVED"]}})
    of_els = await graphql(PLANS, {"filter": {"directorateIds": [els]}})
    commissioning = await graphql(PLANS, {"filter": {"text": "strategic commissioning"}})

    # then every seeded plan is a final draft, ELS has seven, and one 2012/13 plan is FSC's Strategic Commissioning
    assert final_drafts.data["businessPlans"]["totalCount"] == 27
    assert published.data["businessPlans"]["totalCount"] == 0
    assert titles(of_els) == [
        "ELS Advocacy & Entitlement",
        "ELS Special Education Needs",
        "ELS Fair Access",
        "ELS Skills & Employability",
        "ELS Standards & School Improvement",
        "ELS Education Psychology",
        "ELS Provision Planning",
    ]
    assert titles(commissioning) == ["FSC Strategic Commissioning"]


async def test_plans_not_of_2012_13(graphql: GraphQL) -> None:
    # when the plans of every year but 2012/13 are asked for, newest first
    response = await graphql(
        PLANS,
        {"filter": {"not": {"financialYear": "2012-13"}}, "orderBy": {"field": "FINANCIAL_YEAR", "direction": "DESC"}},
    )

    # then the two 2017-18 directorate plans remain
    assert titles(response) == [GET_PLAN, SCS_PLAN]


async def test_the_scs_plans_section_j_references_with_their_rows_as_printed(graphql: GraphQL) -> None:
    # when the SCS plan's section J references to commissioning activity are listed
    references = scs_references(
        await graphql(
            SCS_PLAN_REFERENCES, {"filter": {"section": ["J"], "subjectKinds": ["COMMISSIONING_ACTIVITY"]}, "first": 2}
        )
    )

    # then its 24 rows come back in the paper's order, each quoting the row as printed, tabs and all
    assert references["totalCount"] == 24
    assert [edge["node"] for edge in references["edges"]] == [
        {
            "section": "J",
            "sourceText": "Kent Health & Wellbeing Strategy\tDevelopment of the new Kent Health and Wellbeing Strategy"
            "\tPolicy\tN/A\tQ3 2017/18\tYes",
            "plan": {"title": SCS_PLAN},
            "subject": {"__typename": "CommissioningActivity", "name": "Kent Health & Wellbeing Strategy"},
        },
        {
            "section": "J",
            "sourceText": "Contract Reviews\tDelivering contract reviews to improve quality of contract management "
            "practice\tStrategic Commissioning\tN/A\tN/A\tN/A",
            "plan": {"title": SCS_PLAN},
            "subject": {"__typename": "CommissioningActivity", "name": "Contract Reviews"},
        },
    ]


@pytest.mark.parametrize(
    ("filter_", "count"),
    [
        (None, 128),
        ({"section": ["j"]}, 42),
        ({"section": ["C", "D"]}, 13),
        ({"subjectKinds": ["SERVICE"]}, 57),
        ({"section": ["J"], "subjectKinds": ["CONTRACT", "PROVIDER"]}, 15),
        ({"text": "KPSN"}, 5),
        ({"section": ["J"], "not": {"subjectKinds": ["COMMISSIONING_ACTIVITY"]}}, 18),
    ],
)
async def test_the_scs_plans_references_by_section_kind_and_text(
    graphql: GraphQL, filter_: dict[str, Any] | None, count: int
) -> None:
    # when the SCS plan's references are filtered
    references = scs_references(await graphql(SCS_PLAN_REFERENCES, {"filter": filter_, "first": 1}))

    # then the counts are the paper's: 4 in B, 7 in C, 6 in D, 69 in I (57 services) and 42 in J
    assert references["totalCount"] == count


async def test_paging_through_section_j_forwards_and_back(graphql: GraphQL) -> None:
    # given section J of the SCS plan, 41 references, read 15 at a time
    section_j = {"section": ["J"]}
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = scs_references(await graphql(SCS_PLAN_REFERENCES, {"filter": section_j, "first": 15, "after": after}))
        seen += [edge["node"]["sourceText"] for edge in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    # when the last five are read backwards from the end
    tail = scs_references(await graphql(SCS_PLAN_REFERENCES, {"filter": section_j, "last": 5, "before": None}))

    # then three pages hold all 42, none twice, and reading backwards gives the same last five
    assert pages == 3
    assert len(seen) == 42
    assert [edge["node"]["sourceText"] for edge in tail["edges"]] == seen[-5:]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    assert seen[-1].startswith("Microsoft Cloud Navigator\t")


async def test_every_plans_references_cost_the_same_statements_whatever_the_page_of_plans(graphql: GraphQL) -> None:
    # when a page of 2 plans and a page of 27, newest first so both hold the SCS plan, are asked for with their
    # first references and what those reference
    small = await graphql(EVERY_PLANS_REFERENCES, {"first": 2})
    large = await graphql(EVERY_PLANS_REFERENCES, {"first": 27})

    # then the references of every plan load in one batch, whatever the number of plans
    assert small.errors == [] and large.errors == []
    assert small.statements == large.statements
    counts = {
        edge["node"]["title"]: edge["node"]["references"]["totalCount"] for edge in large.data["businessPlans"]["edges"]
    }
    assert counts[SCS_PLAN] == 128
    assert counts[GET_PLAN] == 0
