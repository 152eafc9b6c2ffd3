"""The risk list errs toward showing risk: a contract only inferred links cover is at risk unless told otherwise.

From 1 April 2017, by the SCS plan 2017-18 (004_1e9d5c562e6bd042.txt): the three TFM contracts (Amey and
Skanska to October 2019, Kier to January 2020) are covered only by the TFM procurements, linked by inference.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQL

RISKS = """
query($withinMonths: Int, $inferredLinksCover: Boolean) {
  expiryRisks(asOf: "2017-04-01", withinMonths: $withinMonths, inferredLinksCover: $inferredLinksCover, first: 50) {
    edges { node { contract { reference } atRisk cover inferences { field kind reason }
                   coveredBy { inferred activity { name } } } }
  }
}
"""
TFM = {"SCS-2017-TFM-AMEY", "SCS-2017-TFM-SKANSKA", "SCS-2017-TFM-KIER"}


async def risks(graphql: GraphQL, **variables: Any) -> dict[str, dict[str, Any]]:
    response = await graphql(RISKS, variables)
    assert response.errors == [], response.errors
    return {e["node"]["contract"]["reference"]: e["node"] for e in response.data["expiryRisks"]["edges"]}


async def test_from_april_2017_the_default_18_months_list_only_telephony(graphql: GraphQL) -> None:
    # Liberi and Northgate (April 2018) and the Microsoft agreement (June 2018) have stated decisions in time;
    # Telephony (July 2018) needs no key decision, so nothing covers it.
    found = await risks(graphql)
    assert set(found) == {"SCS-2017-TELEPHONY"}
    assert found["SCS-2017-TELEPHONY"]["cover"] == "NONE"
    assert found["SCS-2017-TELEPHONY"]["inferences"] == []


async def test_by_default_contracts_only_inferred_links_cover_are_at_risk_naming_the_cover(graphql: GraphQL) -> None:
    # when the Board looks three years ahead from 1 April 2017, with the defaults
    found = await risks(graphql, withinMonths=36)

    # then the three TFM contracts are on the list, at risk, each naming its inferred cover and why
    assert set(found) == TFM | {"SCS-2017-TELEPHONY"}
    for reference in TFM:
        row = found[reference]
        assert (row["atRisk"], row["cover"]) == (True, "INFERRED")
        (inference,) = row["inferences"]
        assert (inference["field"], inference["kind"]) == ("cover", "INFERRED_LINK")
        assert "Only inferred links cover it (3 linked activities" in inference["reason"]
        assert "listed as at risk" in inference["reason"]
        assert "does not say which replaces which" in inference["reason"]
        assert {link["activity"]["name"] for link in row["coveredBy"]} == {
            "Total Facilities Management 1",
            "Total Facilities Management 2",
            "Total Facilities Management 3",
        }
        assert {link["inferred"] for link in row["coveredBy"]} == {True}


async def test_callers_who_trust_the_inference_get_the_old_view(graphql: GraphQL) -> None:
    found = await risks(graphql, withinMonths=36, inferredLinksCover=True)
    assert set(found) == {"SCS-2017-TELEPHONY"}
