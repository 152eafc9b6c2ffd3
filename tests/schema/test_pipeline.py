"""The Board's pipeline by financial quarter: key decisions due, contracts ending, and their sums.

Every answer comes from the SCS Directorate Business Plan 2017-18 (004_1e9d5c562e6bd042.txt) as seeded:
section J's key decision dates, and section I's and J's contract ends.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from tests.conftest import GraphQL
from tests.schema.pipeline_totals import assert_quarters_add_up

PIPELINE = """
query Pipeline($from: String!, $to: String, $directorateIds: [ID!], $activityFilter: CommissioningActivityFilter,
               $first: Int, $after: String) {
  pipeline(from: $from, to: $to, directorateIds: $directorateIds, activityFilter: $activityFilter) {
    from
    to
    decisionTotals { ...sums }
    spanningDecisionTotals { ...sums }
    contractTotals { ...sums }
    spanningContractTotals { ...sums }
    quarters {
      label
      financialYear
      quarter
      days { earliest latest }
      dueDecisionTotals { ...sums }
      spanningDecisionTotals { ...sums }
      endingContractTotals { ...sums }
      spanningContractTotals { ...sums }
      keyDecisions(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            activity { name leadService }
            keyDecision { expected { earliest latest text } }
            span { quarters first last position several startsBeforeWindow endsAfterWindow }
          }
        }
      }
      contractsEnding {
        totalCount
        edges { node { contract { reference end { text } provider { name } } span { quarters several } } }
      }
    }
  }
}
fragment sums on ValueTotal { basis amount counted unknown }
"""

DIRECTORATES = "query { directorates { edges { node { id code } } } }"


async def pipeline(graphql: GraphQL, **variables: Any) -> dict[str, Any]:
    response = await graphql(PIPELINE, variables)
    assert response.errors == [], response.errors
    result: dict[str, Any] = response.data["pipeline"]
    return result


def decisions(quarter: dict[str, Any]) -> list[str]:
    return [edge["node"]["activity"]["name"] for edge in quarter["keyDecisions"]["edges"]]


def contracts(quarter: dict[str, Any]) -> list[str]:
    return [edge["node"]["contract"]["reference"] for edge in quarter["contractsEnding"]["edges"]]


def spans(quarter: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {edge["node"]["activity"]["name"]: edge["node"]["span"] for edge in quarter["keyDecisions"]["edges"]}


Q3_2017_18 = [
    # "By 2019" and "By 2020" run from the start of the plan's year (1 April 2017): earliest first, then latest.
    "Microsoft Cloud Navigator",
    "Social Care",
    # "Between Q2 2017/18 and Q1 2018/19"
    "Daisy Updata Communications Ltd (KPSN)",
    # "Q3 2017/18", in the register's order of their records
    "Kent Health & Wellbeing Strategy",
    "Total Facilities Management 2",
    "Total Facilities Management 3",
]


async def test_key_decisions_due_in_q3_2017_18(graphql: GraphQL) -> None:
    # when
    result = await pipeline(graphql, **{"from": "Q3 2017/18"})

    # then
    (quarter,) = result["quarters"]
    assert (result["from"], result["to"]) == ("Q3 2017-18", "Q3 2017-18")
    assert (quarter["label"], quarter["financialYear"], quarter["quarter"]) == ("Q3 2017-18", "2017-18", 3)
    assert quarter["days"] == {"earliest": "2017-10-01", "latest": "2017-12-31"}
    assert decisions(quarter) == Q3_2017_18
    assert quarter["keyDecisions"]["totalCount"] == 6


async def test_a_decision_spanning_several_quarters_says_so_in_each(graphql: GraphQL) -> None:
    # when
    (quarter,) = (await pipeline(graphql, **{"from": "Q3 2017/18"}))["quarters"]

    # then the KPSN range covers four quarters, of which Q3 2017-18 is the second
    found = spans(quarter)
    assert found["Daisy Updata Communications Ltd (KPSN)"] == {
        "quarters": 4,
        "first": "Q2 2017-18",
        "last": "Q1 2018-19",
        "position": 2,
        "several": True,
        "startsBeforeWindow": True,
        "endsAfterWindow": True,
    }
    assert (found["Microsoft Cloud Navigator"]["quarters"], found["Microsoft Cloud Navigator"]["last"]) == (
        11,
        "Q3 2019-20",
    )
    assert (found["Social Care"]["quarters"], found["Social Care"]["last"]) == (15, "Q3 2020-21")
    assert found["Total Facilities Management 2"]["several"] is False


async def test_a_window_that_cuts_the_kpsn_range_lists_it_in_each_quarter_inside(graphql: GraphQL) -> None:
    # given a window from Q4 2017/18 to Q2 2018/19: the KPSN decision "Between Q2 2017/18 and Q1 2018/19"
    # starts before it and ends inside it
    result = await pipeline(graphql, **{"from": "Q4 2017/18", "to": "Q2 2018/19"})

    # then it is listed in Q4 2017-18 and Q1 2018-19, not in Q2 2018-19, and says where the window cuts it
    kpsn = "Daisy Updata Communications Ltd (KPSN)"
    listed = {quarter["label"]: spans(quarter).get(kpsn) for quarter in result["quarters"]}
    assert [label for label, span in listed.items() if span is not None] == ["Q4 2017-18", "Q1 2018-19"]
    assert [
        (span["position"], span["startsBeforeWindow"], span["endsAfterWindow"]) for span in listed.values() if span
    ] == [
        (3, True, False),
        (4, True, False),
    ]
    assert listed["Q2 2018-19"] is None


async def test_contracts_ending_in_q3_2019_20_are_the_amey_and_skanska_tfm_contracts(graphql: GraphQL) -> None:
    # when
    result = await pipeline(graphql, **{"from": "Q3 2019/20", "to": "Q4 2019/20"})

    # then section I: "Amey and Skanska - October 2019 Kier - January 2020"
    q3, q4 = result["quarters"]
    assert contracts(q3) == ["SCS-2017-TFM-AMEY", "SCS-2017-TFM-SKANSKA"]
    assert [edge["node"]["contract"]["provider"]["name"] for edge in q3["contractsEnding"]["edges"]] == [
        "Amey",
        "Skanska",
    ]
    assert {edge["node"]["contract"]["end"]["text"] for edge in q3["contractsEnding"]["edges"]} == {"October 2019"}
    assert contracts(q4) == ["SCS-2017-TFM-KIER"]
    # no value is recorded for the TFM contracts (the plan's £53m, £12m and £32m are the new procurements)
    assert q3["endingContractTotals"] == [
        {"basis": "TOTAL", "amount": "0.00", "counted": 0, "unknown": 2},
        {"basis": "ANNUAL", "amount": "0.00", "counted": 0, "unknown": 2},
    ]


async def test_an_end_given_as_a_year_is_listed_in_each_quarter_it_spans(graphql: GraphQL) -> None:
    # when: Invicta Law's contract ends "2026", January to December
    result = await pipeline(graphql, **{"from": "Q4 2025/26", "to": "Q4 2026/27"})

    # then
    listed = [quarter["label"] for quarter in result["quarters"] if "SCS-2017-INVICTA-LAW" in contracts(quarter)]
    assert listed == ["Q4 2025-26", "Q1 2026-27", "Q2 2026-27", "Q3 2026-27"]
    assert result["contractTotals"][0]["unknown"] == 1
    # and is summed only where it may end, once over the window: in no quarter's contracts ending
    assert result["spanningContractTotals"] == result["contractTotals"]
    assert all(quarter["endingContractTotals"][0]["unknown"] == 0 for quarter in result["quarters"])
    assert [quarter["spanningContractTotals"][0]["unknown"] for quarter in result["quarters"]] == [1, 1, 1, 1, 0]


async def test_a_contract_whose_end_is_unknown_is_in_no_quarter_and_no_sum(
    graphql: GraphQL, session: AsyncSession
) -> None:
    # given the pipeline over the year Invicta Law's "2026" end spans, and then a contract with no end at all
    before = await pipeline(graphql, **{"from": "2025/26", "to": "2026/27"})
    scs = await session.scalar(select(models.Directorate.id).where(models.Directorate.code == "SCS"))
    session.add(models.Contract(reference="SCS-NO-END", title="No end recorded", status="ACTIVE", directorate_id=scs))
    await session.flush()

    # when it is asked for again
    after = await pipeline(graphql, **{"from": "2025/26", "to": "2026/27"})

    # then an unknown end may fall in no quarter: the lists, counts and sums are as they were
    assert after == before
    assert all("SCS-NO-END" not in contracts(quarter) for quarter in after["quarters"])


def total(basis: str, pounds: str, counted: int, unknown: int) -> dict[str, Any]:
    return {"basis": basis, "amount": pounds, "counted": counted, "unknown": unknown}


async def test_q1_2017_18s_due_totals_are_the_decisions_due_in_q1_alone(graphql: GraphQL) -> None:
    # when
    (q1,) = (await pipeline(graphql, **{"from": "Q1 2017/18"}))["quarters"]

    # then due in Q1 2017/18, section J of 004_1e9d5c562e6bd042.txt: Total Facilities Management 1, "£53m" (line
    # 558); Microsoft Software True-Up Licensing, "£1.1m (p/a)" (563); Microsoft Software Licensing Agreement,
    # "£3.5m" (564); Schools Broadband, "£2.9m" (572); Liberi (LCS), "£0.05m" (573). Whole-life: the four stated
    # without a basis; per year: True-Up alone (no term turns the others into a year's value, or it into a life's)
    whole_life = 53_000_000 + 3_500_000 + 2_900_000 + 50_000
    assert whole_life == 59_450_000
    assert q1["dueDecisionTotals"] == [
        total("TOTAL", f"{whole_life}.00", 4, 1),
        total("ANNUAL", "1100000.00", 1, 4),
    ]
    # the "By" rows may fall in Q1, so are totalled apart: Social Care "£8.3m" "By 2020" (575), Microsoft Cloud
    # Navigator "£4.3m" "By 2019" (576), both running from 1 April 2017
    assert q1["spanningDecisionTotals"] == [
        total("TOTAL", f"{8_300_000 + 4_300_000}.00", 2, 0),
        total("ANNUAL", "0.00", 0, 2),
    ]
    assert q1["keyDecisions"]["totalCount"] == 7


async def test_sums_per_basis_due_in_each_quarter_spanning_apart_and_once_over_the_window(graphql: GraphQL) -> None:
    # when
    result = await pipeline(graphql, **{"from": "Q3 2017/18", "to": "Q4 2017/18"})

    # then Q3: due, £12m and £32m whole-life (TFM 2 and 3) and the Health and Wellbeing Strategy's N/A
    q3, q4 = result["quarters"]
    assert q3["dueDecisionTotals"] == [total("TOTAL", "44000000.00", 2, 1), total("ANNUAL", "0.00", 0, 3)]
    # Q4: due, the Principle Contractor Framework (£0.15m), SWIFT (£0.23m) and SCC hardware (£1.6m p/a)
    assert q4["dueDecisionTotals"] == [total("TOTAL", "380000.00", 2, 1), total("ANNUAL", "1600000.00", 1, 2)]
    # in both, apart: "By 2020" (£8.3m), "By 2019" (£4.3m) and KPSN, "Between Q2 2017/18 and Q1 2018/19" (£3.5m p/a)
    spanning = [total("TOTAL", "12600000.00", 2, 1), total("ANNUAL", "3500000.00", 1, 2)]
    assert q3["spanningDecisionTotals"] == q4["spanningDecisionTotals"] == spanning
    # over the window each of the nine decisions counts once, the three spanning ones in its spanning total
    assert result["decisionTotals"] == [total("TOTAL", "56980000.00", 6, 3), total("ANNUAL", "5100000.00", 2, 7)]
    assert result["spanningDecisionTotals"] == spanning


@pytest.mark.parametrize(
    ("start", "end"),
    [
        *((f"Q{n} 2017/18", None) for n in (1, 2, 3, 4)),
        ("2017/18", None),
        ("Q1 2017/18", "Q4 2019/20"),
        ("Q2 2018/19", "Q1 2021/22"),
        ("Q4 2025/26", "Q3 2027/28"),
    ],
)
async def test_the_quarters_due_totals_and_the_windows_spanning_total_make_the_window_total(
    graphql: GraphQL, start: str, end: str | None
) -> None:
    # when
    result = await pipeline(graphql, **{"from": start, "to": end})

    # then each decision and each contract is counted once: due in one quarter, or spanning the window's quarters
    assert_quarters_add_up(result, "dueDecisionTotals", "spanningDecisionTotals", "decisionTotals")
    assert_quarters_add_up(result, "endingContractTotals", "spanningContractTotals", "contractTotals")


async def test_2017_18_adds_up_to_every_decision_of_the_year_once(graphql: GraphQL) -> None:
    # when
    result = await pipeline(graphql, **{"from": "2017/18"})

    # then the eleven decisions within a quarter of 2017-18 are due in it, and the three ranges span it
    due = [
        quarter["dueDecisionTotals"][0]["counted"] + quarter["dueDecisionTotals"][0]["unknown"]
        for quarter in result["quarters"]
    ]
    assert due == [5, 0, 3, 3]
    assert sum(result["spanningDecisionTotals"][0][key] for key in ("counted", "unknown")) == 3
    assert sum(result["decisionTotals"][0][key] for key in ("counted", "unknown")) == 14


@pytest.mark.parametrize(
    ("start", "end"),
    [("2019/20", None), ("Q1 2019/20", "Q4 2019-20"), ("2019-04-01", "2020-03-31"), ("April 2019", "March 2020")],
)
async def test_the_window_is_read_in_the_councils_words(graphql: GraphQL, start: str, end: str | None) -> None:
    # when
    result = await pipeline(graphql, **{"from": start, "to": end})

    # then
    assert [quarter["label"] for quarter in result["quarters"]] == [
        "Q1 2019-20",
        "Q2 2019-20",
        "Q3 2019-20",
        "Q4 2019-20",
    ]


async def test_only_the_directorates_asked_for(graphql: GraphQL) -> None:
    # given
    directorates = (await graphql(DIRECTORATES)).data["directorates"]["edges"]
    ids = {edge["node"]["code"]: edge["node"]["id"] for edge in directorates}

    # when
    scs = await pipeline(graphql, **{"from": "Q3 2017/18", "directorateIds": [ids["SCS"]]})
    get = await pipeline(graphql, **{"from": "Q3 2017/18", "directorateIds": [ids["GET"]]})

    # then GET's plan is not among the papers, so it has no activity
    assert decisions(scs["quarters"][0]) == Q3_2017_18
    assert decisions(get["quarters"][0]) == []
    assert get["decisionTotals"][0] == {"basis": "TOTAL", "amount": "0.00", "counted": 0, "unknown": 0}


async def test_which_significant_activity_needs_a_key_decision_in_q3_2017_18(graphql: GraphQL) -> None:
    # when
    significant = await pipeline(graphql, **{"from": "Q3 2017/18", "activityFilter": {"significant": True}})
    over = await pipeline(graphql, **{"from": "Q3 2017/18", "activityFilter": {"overThreshold": True}})

    # then every decision due is significant activity, since section J lists each; only KPSN is over the Board's
    # £1m-a-year threshold (the TFM values are whole-life with no term, so not known a year)
    assert decisions(significant["quarters"][0]) == Q3_2017_18
    assert decisions(over["quarters"][0]) == ["Daisy Updata Communications Ltd (KPSN)"]


async def test_each_quarters_decisions_page_on_with_cursors(graphql: GraphQL) -> None:
    # when
    first = (await pipeline(graphql, **{"from": "Q3 2017/18", "first": 4}))["quarters"][0]
    cursor = first["keyDecisions"]["pageInfo"]["endCursor"]
    rest = (await pipeline(graphql, **{"from": "Q3 2017/18", "first": 4, "after": cursor}))["quarters"][0]

    # then
    assert first["keyDecisions"]["pageInfo"]["hasNextPage"] is True
    assert decisions(first) + decisions(rest) == Q3_2017_18
    assert rest["keyDecisions"]["pageInfo"]["hasNextPage"] is False
    # the count is the quarter's, whichever page it is read with
    assert first["keyDecisions"]["totalCount"] == rest["keyDecisions"]["totalCount"] == 6


async def test_twelve_quarters_cost_the_same_statements_as_one(graphql: GraphQL) -> None:
    # when: one quarter with contracts ending, and twelve quarters around it
    one = await graphql(PIPELINE, {"from": "Q3 2019/20"})
    twelve = await graphql(PIPELINE, {"from": "Q1 2017/18", "to": "Q4 2019/20"})

    # then each list, the sums, the counts and each relation cost one statement for all the quarters
    assert one.errors == [] and twelve.errors == []
    assert len(twelve.data["pipeline"]["quarters"]) == 12
    assert twelve.statements == one.statements


@pytest.mark.parametrize(
    ("variables", "argument", "words"),
    [
        ({"from": "Q1 2019/20", "to": "Q1 2022/23"}, "to", "at most 12 quarters"),
        ({"from": "Q1 2019/20", "to": "Q4 2018/19"}, "to", "before it starts"),
        ({"from": "Q5 2019/20"}, "from", "cannot read"),
        ({"from": "N/A"}, "from", "names no date"),
    ],
)
async def test_a_bad_window_is_a_clear_error(
    graphql: GraphQL, variables: dict[str, Any], argument: str, words: str
) -> None:
    # when
    response = await graphql(PIPELINE, variables)

    # then
    assert response.error_codes() == ["BAD_INPUT"]
    assert response.errors[0]["extensions"]["argument"] == argument
    assert words in response.errors[0]["message"]
