"""Totals that front ends chart: sums and counts by directorate, provider, financial year and quarter.

The figures are the SCS Directorate Business Plan 2017-18's (004_1e9d5c562e6bd042.txt) as seeded: contracts
grouped by the earliest day their end can mean, activities by the earliest day of their key decision.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQL

CONTRACT_TOTALS = """
query Totals($groupBy: [ContractGrouping!]!, $basis: MoneyBasis, $filter: ContractFilter) {
  contractTotals(groupBy: $groupBy, basis: $basis, filter: $filter) {
    directorate { code }
    provider { name }
    financialYear
    quarter
    period
    basis
    amount
    counted
    unknown
    count
  }
}
"""

ACTIVITY_TOTALS = """
query Totals($groupBy: [ActivityGrouping!]!, $basis: MoneyBasis, $filter: CommissioningActivityFilter) {
  activityTotals(groupBy: $groupBy, basis: $basis, filter: $filter) {
    directorate { code }
    financialYear
    quarter
    period
    amount
    counted
    unknown
    count
  }
}
"""


async def totals(graphql: GraphQL, query: str, **variables: Any) -> list[dict[str, Any]]:
    response = await graphql(query, variables)
    assert response.errors == [], response.errors
    groups: list[dict[str, Any]] = next(iter(response.data.values()))
    return groups


async def test_contract_values_a_year_by_quarter_of_their_end(graphql: GraphQL) -> None:
    # when
    groups = await totals(graphql, CONTRACT_TOTALS, groupBy=["QUARTER"], basis="ANNUAL")

    # then
    assert [(g["period"], g["amount"], g["counted"], g["count"]) for g in groups] == [
        ("Q4 2016-17", "0.00", 0, 1),  # EiS, March 2017
        ("Q1 2018-19", "0.00", 0, 3),  # SWIFT and Liberi (April 2018), Microsoft (June 2018)
        ("Q2 2018-19", "280000.00", 1, 1),  # Telephony, July 2018: £0.07m a quarter
        ("Q1 2019-20", "1600000.00", 1, 1),  # SCC hardware, May 2019
        ("Q2 2019-20", "0.00", 0, 1),  # Managed Document Service, September 2019
        ("Q3 2019-20", "0.00", 0, 2),  # Amey and Skanska, October 2019
        ("Q4 2019-20", "0.00", 0, 1),  # Kier, January 2020
        ("Q1 2020-21", "3500000.00", 1, 1),  # KPSN, May 2020
        ("Q4 2020-21", "1166666.67", 1, 1),  # the planned Microsoft agreement to "2021": £3.5m over 36 months
        ("Q3 2025-26", "3630000.00", 1, 1),  # Agilisys, December 2025
        ("Q4 2025-26", "0.00", 0, 1),  # Invicta Law, "2026", whose earliest day is 1 January 2026
        (None, "0.00", 0, 1),  # the GEN2 Service Level Contract has no end in the papers
    ]
    assert groups[-1]["financialYear"] is None and groups[-1]["quarter"] is None


async def test_contract_whole_life_values_by_provider(graphql: GraphQL) -> None:
    # when
    groups = await totals(graphql, CONTRACT_TOTALS, groupBy=["PROVIDER"], basis="TOTAL")

    # then the whole-life values known are Agilisys's (£36.3m over ten years) and the planned Microsoft
    # agreement's (£3.5m), beside the expiring Microsoft agreement of no stated value
    by_provider = {(g["provider"] or {}).get("name"): g for g in groups}
    assert by_provider["Agilisys"]["amount"] == "36300000.00"
    assert (by_provider["Microsoft"]["amount"], by_provider["Microsoft"]["count"]) == ("3500000.00", 2)
    assert by_provider["Microsoft"]["unknown"] == 1
    assert (by_provider["Amey"]["count"], by_provider["Amey"]["unknown"]) == (1, 1)
    # Telephony, the Managed Document Service, EiS and Liberi name no provider; the £0.75m and £0.05m of
    # Managed Document Service and Liberi are read as whole-life
    assert (by_provider[None]["count"], by_provider[None]["amount"], by_provider[None]["unknown"]) == (
        4,
        "800000.00",
        2,
    )
    assert sum(g["count"] for g in groups) == 15
    assert {g["basis"] for g in groups} == {"TOTAL"}


async def test_a_quarterly_basis_is_a_quarter_of_the_yearly_sum(graphql: GraphQL) -> None:
    # when
    groups = await totals(graphql, CONTRACT_TOTALS, groupBy=[], basis="QUARTERLY", filter={"text": "Telephony"})

    # then "£0.07m (current quarterly value)"
    assert [(g["amount"], g["count"], g["directorate"], g["period"]) for g in groups] == [("70000.00", 1, None, None)]


async def test_activity_whole_life_values_by_directorate_and_year_of_key_decision(graphql: GraphQL) -> None:
    # when
    groups = await totals(graphql, ACTIVITY_TOTALS, groupBy=["DIRECTORATE", "FINANCIAL_YEAR"], basis="TOTAL")

    # then 2017-18: TFM £53m + £12m + £32m, Social Care £8.3m, Cloud Navigator £4.3m, Microsoft £3.5m, Schools
    # Broadband £2.9m, SWIFT £0.23m, Principle Contractor £0.15m, Liberi £0.05m; the per-year values (True-Up,
    # SCC, KPSN) and the Strategy's N/A are not known whole-life
    assert [(g["directorate"]["code"], g["period"], g["amount"], g["counted"], g["unknown"]) for g in groups] == [
        ("SCS", "2017-18", "116430000.00", 10, 4),
        ("SCS", "2018-19", "750000.00", 1, 0),  # Managed Document Service, Q1 2018/19
        ("SCS", None, "37300000.00", 2, 7),  # no key decision: Agilisys £36.3m, Asbestos £1m, and seven N/A
    ]


async def test_activity_totals_over_any_activity_filter(graphql: GraphQL) -> None:
    # when
    groups = await totals(graphql, ACTIVITY_TOTALS, groupBy=["QUARTER"], basis="ANNUAL", filter={"overThreshold": True})

    # then
    assert [(g["period"], g["amount"], g["count"]) for g in groups] == [
        ("Q1 2017-18", "1100000.00", 1),  # Microsoft True-Up
        ("Q2 2017-18", "3500000.00", 1),  # KPSN, "Between Q2 2017/18 and Q1 2018/19"
        ("Q4 2017-18", "1600000.00", 1),  # SCC hardware
        (None, "3630000.00", 1),  # Agilisys, no key decision
    ]


@pytest.mark.parametrize("group_by", [["DIRECTORATE"], ["DIRECTORATE", "PROVIDER", "QUARTER"]])
async def test_totals_cost_one_statement_and_one_per_relation(graphql: GraphQL, group_by: list[str]) -> None:
    # when
    once = await graphql(CONTRACT_TOTALS, {"groupBy": group_by})
    again = await graphql(CONTRACT_TOTALS, {"groupBy": group_by, "filter": {"status": ["ACTIVE"]}})

    # then the groups, the directorates and the providers: one statement each, whatever the group count
    assert once.errors == [] and again.errors == []
    assert once.statements == again.statements
