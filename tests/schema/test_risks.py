"""The Board's risk list: contracts ending within 18 months with no key decision planned before they end.

As of 1 April 2018 the window runs to 1 October 2019. Every row and every non-row is explained by the SCS
Directorate Business Plan 2017-18 (004_1e9d5c562e6bd042.txt) and the activity-contract links the seed
records: stated where section J's row is the contract, inferred for the three TFM contracts and procurements.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ActivityContract, CommissioningActivity, Contract, Directorate, KeyDecision
from tests.conftest import GraphQL

RISKS = """
query Risks($asOf: Date, $withinMonths: Int, $includeCovered: Boolean, $inferredLinksCover: Boolean,
            $filter: ContractFilter) {
  expiryRisks(asOf: $asOf, withinMonths: $withinMonths, includeCovered: $includeCovered,
              inferredLinksCover: $inferredLinksCover, filter: $filter, first: 50) {
    asOf
    until
    totalCount
    valueTotals { basis amount counted unknown }
    edges {
      node {
        contract { reference end { text } }
        atRisk
        cover
        annualValue
        timeLeft { daysToEarliest daysToLatest monthsToEarliest monthsToLatest }
        latestActivity { inferred activity { name keyDecision { expected { text } } } }
        coveredBy { inferred reason activity { name keyDecision { expected { text } } } }
      }
    }
  }
}
"""


async def risks(graphql: GraphQL, **variables: Any) -> dict[str, Any]:
    response = await graphql(RISKS, {"asOf": "2018-04-01", **variables})
    assert response.errors == [], response.errors
    result: dict[str, Any] = response.data["expiryRisks"]
    return result


def rows(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {edge["node"]["contract"]["reference"]: edge["node"] for edge in result["edges"]}


async def test_as_of_april_2018_only_the_telephony_contract_is_at_risk(graphql: GraphQL) -> None:
    # when inferred links count as cover (by default they do not: see test_inferred_cover.py)
    result = await risks(graphql, inferredLinksCover=True)

    # then the Unified Communications contract runs to July 2018 and its activity ("Telephony Services") has
    # no key decision: section J prints N/A, since it is to be terminated after the Skype for Business roll-out
    assert (result["asOf"], result["until"]) == ("2018-04-01", "2019-10-01")
    (row,) = result["edges"]
    telephony = row["node"]
    assert telephony["contract"] == {"reference": "SCS-2017-TELEPHONY", "end": {"text": "July 2018"}}
    assert (telephony["atRisk"], telephony["cover"]) == (True, "NONE")
    assert telephony["timeLeft"] == {
        "daysToEarliest": 91,
        "daysToLatest": 121,
        "monthsToEarliest": 3,
        "monthsToLatest": 3,
    }
    # "£0.07m (current quarterly value)", four quarters a year
    assert telephony["annualValue"] == "280000.00"
    assert telephony["latestActivity"] == {
        "inferred": False,
        "activity": {"name": "Telephony Services", "keyDecision": None},
    }
    assert telephony["coveredBy"] == []
    assert result["valueTotals"][1] == {"basis": "ANNUAL", "amount": "280000.00", "counted": 1, "unknown": 0}


COVERED = {
    # contract: (cover, the activities whose key decisions come before it ends)
    "SCS-2017-NORTHGATE-SWIFT": ("STATED", ["Northgate Information Solutions UK Ltd"]),  # Q4 2017/18, ends April 2018
    "SCS-2017-LIBERI": ("STATED", ["Liberi (LCS)"]),  # Q1 2017/18, ends April 2018
    # both Microsoft rows decide in Q1 2017/18; the agreement ends June 2018
    "SCS-2017-MICROSOFT-LICENSING": (
        "STATED",
        ["Microsoft Software True-Up Licensing", "Microsoft Software Licensing Agreement"],
    ),
    "SCS-2017-SCC-HARDWARE": ("STATED", ["Specialist Computer Centre computer hardware"]),  # Q4 2017/18, May 2019
    "SCS-2017-MDS": ("STATED", ["Managed Document Service"]),  # Q1 2018/19, ends September 2019
    # October 2019: only the inferred links to the TFM procurements (Q1 and Q3 2017/18) cover them
    "SCS-2017-TFM-AMEY": (
        "INFERRED",
        ["Total Facilities Management 1", "Total Facilities Management 2", "Total Facilities Management 3"],
    ),
    "SCS-2017-TFM-SKANSKA": (
        "INFERRED",
        ["Total Facilities Management 1", "Total Facilities Management 2", "Total Facilities Management 3"],
    ),
}


async def test_every_other_contract_ending_in_the_window_is_covered_and_says_by_what(graphql: GraphQL) -> None:
    # when inferred links count as cover (by default they do not: see test_inferred_cover.py)
    found = rows(await risks(graphql, includeCovered=True, inferredLinksCover=True))

    # then
    assert set(found) == {"SCS-2017-TELEPHONY", *COVERED}
    for reference, (cover, activities) in COVERED.items():
        row = found[reference]
        assert (row["atRisk"], row["cover"]) == (False, cover), reference
        assert [link["activity"]["name"] for link in row["coveredBy"]] == activities, reference
        assert {link["inferred"] for link in row["coveredBy"]} == {cover == "INFERRED"}, reference


async def test_the_tfm_links_are_reported_as_inferred_with_the_papers_reasoning(graphql: GraphQL) -> None:
    # when
    amey = rows(await risks(graphql, includeCovered=True))["SCS-2017-TFM-AMEY"]

    # then
    assert all(link["inferred"] for link in amey["coveredBy"])
    assert all(link["reason"].startswith("Inferred: the plan lists three TFM contracts") for link in amey["coveredBy"])
    # the latest is TFM 3 (Q3 2017/18, its record after TFM 2's); section I says October 2019
    assert amey["latestActivity"]["activity"]["name"] == "Total Facilities Management 3"
    assert amey["timeLeft"]["daysToEarliest"] == 548


@pytest.mark.parametrize(
    ("reference", "why"),
    [
        ("SCS-2017-EIS-SCHOOLS-BROADBAND", "ended March 2017, before the as-of day"),
        ("SCS-2017-TFM-KIER", "ends January 2020, after 1 October 2019"),
        ("SCS-2017-KPSN", "ends May 2020"),
        ("SCS-2017-AGILISYS", "ends December 2025"),
        ("SCS-2017-INVICTA-LAW", "ends 2026"),
        ("SCS-2017-GEN2-SLC", "has no end date in the papers"),
    ],
)
async def test_contracts_not_ending_in_the_window_are_never_listed(graphql: GraphQL, reference: str, why: str) -> None:
    # when
    found = rows(await risks(graphql, includeCovered=True))

    # then
    assert reference not in found, why


async def test_without_inferred_links_the_tfm_contracts_ending_in_october_2019_are_at_risk(graphql: GraphQL) -> None:
    # when
    found = rows(await risks(graphql, inferredLinksCover=False))

    # then
    assert list(found) == ["SCS-2017-TELEPHONY", "SCS-2017-TFM-AMEY", "SCS-2017-TFM-SKANSKA"]
    assert (found["SCS-2017-TFM-AMEY"]["atRisk"], found["SCS-2017-TFM-AMEY"]["cover"]) == (True, "INFERRED")


async def test_seventeen_months_ahead_stops_before_october_2019(graphql: GraphQL) -> None:
    # when: 1 April 2018 + 17 months is 1 September 2019
    result = await risks(graphql, withinMonths=17, includeCovered=True)

    # then the Managed Document Service (September 2019) is in; the TFM contracts (October 2019) are not
    assert result["until"] == "2019-09-01"
    assert set(rows(result)) == {"SCS-2017-TELEPHONY", *COVERED} - {"SCS-2017-TFM-AMEY", "SCS-2017-TFM-SKANSKA"}


async def test_the_list_takes_any_contract_filter(graphql: GraphQL) -> None:
    # when
    found = rows(await risks(graphql, includeCovered=True, filter={"text": "TFM"}))

    # then
    assert set(found) == {"SCS-2017-TFM-AMEY", "SCS-2017-TFM-SKANSKA"}


async def _contract_with_decision(session: AsyncSession, reference: str, decision: date) -> None:
    scs = await session.scalar(select(Directorate.id).where(Directorate.code == "SCS"))
    assert scs is not None
    contract = Contract(
        reference=reference,
        title=f"Test contract {reference}",
        status="ACTIVE",
        directorate_id=scs,
        end_earliest=date(2019, 6, 1),
        end_latest=date(2019, 6, 30),
        end_precision="MONTH",
        end_text="June 2019",
    )
    activity = CommissioningActivity(directorate_id=scs, name=f"Re-let {reference}")
    session.add_all([contract, activity])
    await session.flush()
    session.add_all(
        [
            KeyDecision(
                activity_id=activity.id,
                expected_earliest=decision,
                expected_latest=decision,
                expected_precision="DAY",
                expected_text=decision.isoformat(),
            ),
            ActivityContract(activity_id=activity.id, contract_id=contract.id),
        ]
    )
    await session.flush()


async def test_a_decision_on_the_last_day_the_contract_can_end_is_not_before_it(
    graphql: GraphQL, session: AsyncSession
) -> None:
    # given two contracts ending "June 2019": one's decision is on 29 June, the other's on 30 June
    await _contract_with_decision(session, "EDGE-29", date(2019, 6, 29))
    await _contract_with_decision(session, "EDGE-30", date(2019, 6, 30))

    # when
    found = rows(await risks(graphql, includeCovered=True))

    # then the rule is strict: a decision whose earliest day is the contract's last possible day is too late
    assert (found["EDGE-29"]["atRisk"], found["EDGE-29"]["cover"]) == (False, "STATED")
    assert (found["EDGE-30"]["atRisk"], found["EDGE-30"]["cover"]) == (True, "NONE")
    assert found["EDGE-30"]["latestActivity"]["activity"]["name"] == "Re-let EDGE-30"


@pytest.mark.parametrize("months", [-1, 121])
async def test_months_out_of_range_is_a_clear_error(graphql: GraphQL, months: int) -> None:
    # when
    response = await graphql(RISKS, {"asOf": "2018-04-01", "withinMonths": months})

    # then
    assert response.error_codes() == ["BAD_INPUT"]
    assert response.errors[0]["extensions"]["argument"] == "withinMonths"
