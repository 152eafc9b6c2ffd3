"""The council's structure: `directorates`, `divisions` and `services`, and the lists under each directorate
and division. The SCS structure is section C of 004; the 2012/13 directorates and divisions are 003's.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQL

DIRECTORATES = """
query Directorates($filter: DirectorateFilter, $orderBy: DirectorateOrder) {
  directorates(filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { node { id code name corporateDirector } }
  }
}
"""

DIVISIONS = """
query Divisions($filter: DivisionFilter, $orderBy: DivisionOrder) {
  divisions(filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { node { id name director directorate { code } } }
  }
}
"""

SERVICES = """
query Services($filter: ServiceFilter, $orderBy: ServiceOrder, $first: Int) {
  services(filter: $filter, orderBy: $orderBy, first: $first) {
    totalCount
    edges { node { name delivery contractEnd { text } tradedCompany { name } } }
  }
}
"""

TRADED_COMPANIES = """query { tradedCompanies { edges { node { id name } } } }"""

SCS_LISTS = """
query ($expiry: DateWindow!, $keyDecision: DateWindow!) {
  directorates(filter: {codes: ["SCS"]}) {
    edges {
      node {
        contracts(filter: {expiry: $expiry}) {
          totalCount
          valueTotals { basis amount counted unknown }
          edges { node { reference end { text } } }
        }
        commissioningActivities(filter: {keyDecision: $keyDecision}, orderBy: {field: NAME}, first: 3) {
          totalCount
          edges { node { name } }
        }
        businessPlans { totalCount edges { node { title } } }
        divisions { name contracts(orderBy: {field: TITLE}, first: 2) { totalCount edges { node { reference } } } }
      }
    }
  }
}
"""

EVERY_DIRECTORATES_LISTS = """
query ($first: Int) {
  directorates(first: $first, orderBy: {field: NAME, direction: DESC}) {
    edges {
      node {
        code
        contracts(first: 2) {
          totalCount
          valueTotals { basis amount }
          edges { node { reference provider { name } } }
        }
        commissioningActivities(first: 2) {
          totalCount
          valueTotals { basis amount }
          edges { node { name keyDecision { expected { text } } } }
        }
        businessPlans(first: 2) { totalCount edges { node { title } } }
        divisions { contracts(first: 1) { totalCount edges { node { reference } } } }
      }
    }
  }
}
"""

TFM_SERVICE = "Day to Day management of KCC's estate – Landlord premises (three TFM contracts)"
TFM_END = "Amey and Skanska - October 2019 Kier - January 2020"


def nodes(response: Any, field: str) -> list[dict[str, Any]]:
    assert response.errors == []
    return [edge["node"] for edge in response.data[field]["edges"]]


async def directorate_id(graphql: GraphQL, code: str) -> str:
    (directorate,) = nodes(await graphql(DIRECTORATES, {"filter": {"codes": [code]}}), "directorates")
    return str(directorate["id"])


async def test_the_seven_directorates_by_name(graphql: GraphQL) -> None:
    # when every directorate is listed by name
    response = await graphql(DIRECTORATES, {"orderBy": {"field": "NAME"}})

    # then the two of 2017-18 and the five of 2012/13 come back (the papers name only some in full)
    assert [d["name"] for d in nodes(response, "directorates")] == [
        "Business Strategy & Support",
        "C&C",
        "E&E",
        "ELS",
        "FSC",
        "Growth, Environment and Transport",
        "Strategic and Corporate Services",
    ]


@pytest.mark.parametrize(
    ("filter_", "codes"),
    [
        ({"codes": ["scs", "GET"]}, ["GET", "SCS"]),
        ({"text": "corporate"}, ["SCS"]),
        ({"text": "Cockburn"}, ["BSS", "SCS"]),
        ({"not": {"text": "Cockburn"}, "codes": ["SCS", "GET", "ELS"]}, ["ELS", "GET"]),
    ],
)
async def test_directorates_by_code_and_text(graphql: GraphQL, filter_: dict[str, Any], codes: list[str]) -> None:
    # when directorates are filtered by code (any case) or by text in code, name or Corporate Director
    response = await graphql(DIRECTORATES, {"filter": filter_, "orderBy": {"field": "CODE"}})

    # then those that match come back by code; David Cockburn led both BSS (2012) and SCS (2017)
    assert [d["code"] for d in nodes(response, "directorates")] == codes


async def test_the_divisions_of_scs_and_their_directors(graphql: GraphQL) -> None:
    # given the SCS directorate
    scs = await directorate_id(graphql, "SCS")

    # when its divisions are listed
    divisions = nodes(await graphql(DIVISIONS, {"filter": {"directorateIds": [scs]}}), "divisions")

    # then section C's six come back by name, Strategic Commissioning's director still to be appointed
    assert [(d["name"], d["director"]) for d in divisions] == [
        ("Engagement, Organisation Design and Development", "Amanda Beer"),
        ("Finance", "Andy Wood"),
        ("Governance and Law", "Ben Watts"),
        ("Infrastructure", "Rebecca Spore"),
        ("Strategic Commissioning", None),
        ("Strategy, Policy, Relationships and Corporate Assurance", "David Whittle"),
    ]


async def test_divisions_by_text_in_name_or_director(graphql: GraphQL) -> None:
    # when divisions are searched by name and by director
    commissioning = nodes(await graphql(DIVISIONS, {"filter": {"text": "strategic commissioning"}}), "divisions")
    spore = nodes(await graphql(DIVISIONS, {"filter": {"text": "Spore"}}), "divisions")
    last = nodes(await graphql(DIVISIONS, {"orderBy": {"field": "NAME", "direction": "DESC"}}), "divisions")

    # then both directorates' Strategic Commissioning divisions match, and Rebecca Spore leads Infrastructure
    assert [(d["name"], d["directorate"]["code"]) for d in commissioning] == [
        ("Strategic Commissioning", "SCS"),
        ("Strategic Commissioning", "FSC"),
    ]
    assert [d["name"] for d in spore] == ["Infrastructure"]
    assert last[0]["name"] == "Waste Management"


@pytest.mark.parametrize(
    ("filter_", "contract_ends"),
    [
        # the three external services of section I
        ({"delivery": ["EXTERNAL"]}, [TFM_END, "December 2025", "2026"]),
        # contracts ending in 2019-20: the TFM contracts, and the partnerships including KPSN (2020)
        ({"contractEnd": {"from": "2019-04-01", "to": "2020-03-31"}}, [TFM_END, "KPSN - 2020"]),
    ],
)
async def test_services_by_contract_end(graphql: GraphQL, filter_: dict[str, Any], contract_ends: list[str]) -> None:
    # when services are listed soonest contract end first
    response = await graphql(SERVICES, {"filter": filter_, "orderBy": {"field": "CONTRACT_END"}})

    # then the three TFM contracts' service ends first (October 2019 to January 2020)
    assert [s["contractEnd"]["text"] for s in nodes(response, "services")] == contract_ends
    assert nodes(response, "services")[0]["name"].startswith(TFM_SERVICE)


async def test_services_of_a_traded_company_and_of_a_division(graphql: GraphQL) -> None:
    # given GEN2 Property Ltd and the Governance and Law division
    companies = {c["name"]: c["id"] for c in nodes(await graphql(TRADED_COMPANIES), "tradedCompanies")}
    divisions = nodes(await graphql(DIVISIONS, {"filter": {"text": "Governance and Law"}}), "divisions")

    # when their services are listed
    gen2 = nodes(
        await graphql(SERVICES, {"filter": {"tradedCompanyIds": [companies["GEN2 Property Ltd"]]}}), "services"
    )
    law = nodes(await graphql(SERVICES, {"filter": {"divisionIds": [divisions[0]["id"]]}}), "services")

    # then GEN2 provides the five property services, and Governance and Law lists four, one through Invicta Law
    assert {s["tradedCompany"]["name"] for s in gen2} == {"GEN2 Property Ltd"}
    assert len(gen2) == 5
    assert [(s["name"], s["tradedCompany"]) for s in law] == [
        ("Democratic Services", None),
        ("General Counsel", None),
        ("Information Resilience & Transparency", None),
        ("Legal Services", {"name": "Invicta Law"}),
    ]


@pytest.mark.parametrize(
    ("filter_", "count"),
    [
        ({"delivery": ["PART_COMMISSIONED", "VARIOUS"]}, 3),
        ({"text": "TFM"}, 1),
        ({"text": "specialist advice"}, 1),
        ({"contractEnd": {}}, 4),
        ({"not": {"contractEnd": {}}}, 53),
    ],
)
async def test_services_by_delivery_text_and_contract_end(
    graphql: GraphQL, filter_: dict[str, Any], count: int
) -> None:
    # when services are filtered
    response = await graphql(SERVICES, {"filter": filter_})

    # then the counts are section I's: 57 services, four with a contract end
    assert response.data["services"]["totalCount"] == count


async def test_an_inverted_contract_end_window_is_a_clear_error(graphql: GraphQL) -> None:
    # when the window ends before it starts
    response = await graphql(SERVICES, {"filter": {"contractEnd": {"from": "2020-01-01", "to": "2019-01-01"}}})

    # then the error names the argument at fault
    assert response.error_codes() == ["BAD_INPUT"]
    assert response.errors[0]["extensions"]["argument"] == "filter.contractEnd.to"


async def test_what_scs_and_its_divisions_own_expire_and_plan(graphql: GraphQL) -> None:
    # when SCS's contracts expiring in 2019, its activities needing a decision in Q3 2017/18, its plans, and its
    # divisions' contracts by title are asked for
    response = await graphql(
        SCS_LISTS,
        {
            "expiry": {"from": "2019-01-01", "to": "2019-12-31"},
            "keyDecision": {"from": "2017-10-01", "to": "2017-12-31"},
        },
    )

    # then four contracts end in 2019, soonest first, with their totals; six activities; and one plan
    (scs,) = nodes(response, "directorates")
    assert [(c["node"]["reference"], c["node"]["end"]["text"]) for c in scs["contracts"]["edges"]] == [
        ("SCS-2017-SCC-HARDWARE", "May 2019"),
        ("SCS-2017-MDS", "September 2019"),
        ("SCS-2017-TFM-AMEY", "October 2019"),
        ("SCS-2017-TFM-SKANSKA", "October 2019"),
    ]
    assert scs["contracts"]["valueTotals"] == [
        # Managed Document Service's £0.75m, read as whole-life; SCC's £1.6m a year
        {"basis": "TOTAL", "amount": "750000.00", "counted": 1, "unknown": 3},
        {"basis": "ANNUAL", "amount": "1600000.00", "counted": 1, "unknown": 3},
    ]
    assert scs["commissioningActivities"]["totalCount"] == 6
    assert [a["node"]["name"] for a in scs["commissioningActivities"]["edges"]] == [
        "Daisy Updata Communications Ltd (KPSN)",
        "Kent Health & Wellbeing Strategy",
        "Microsoft Cloud Navigator",
    ]
    assert [p["node"]["title"] for p in scs["businessPlans"]["edges"]] == [
        "Strategic and Corporate Services Directorate Business Plan 2017-18"
    ]
    # and of its divisions' contracts, Infrastructure manages thirteen (the planned Microsoft agreement among them),
    # EODD Agilisys's, Governance and Law Invicta's
    contracts = {d["name"]: d["contracts"] for d in scs["divisions"]}
    assert {name: c["totalCount"] for name, c in contracts.items()} == {
        "Engagement, Organisation Design and Development": 1,
        "Finance": 0,
        "Governance and Law": 1,
        "Infrastructure": 13,
        "Strategic Commissioning": 0,
        "Strategy, Policy, Relationships and Corporate Assurance": 0,
    }
    assert [e["node"]["reference"] for e in contracts["Governance and Law"]["edges"]] == ["SCS-2017-INVICTA-LAW"]
    assert [e["node"]["reference"] for e in contracts["Infrastructure"]["edges"]] == [
        "SCS-2017-SCC-HARDWARE",
        "SCS-2017-EIS-SCHOOLS-BROADBAND",
    ]


async def test_every_directorates_lists_cost_the_same_statements_whatever_the_page(graphql: GraphQL) -> None:
    # when 2 directorates and all 7 are asked for with their contracts and activities (with totals), their plans,
    # and their divisions' contracts
    small = await graphql(EVERY_DIRECTORATES_LISTS, {"first": 2})
    large = await graphql(EVERY_DIRECTORATES_LISTS, {"first": 7})

    # then each nested list costs one batch for every directorate on the page, whatever their number
    assert small.errors == [] and large.errors == []
    assert [d["node"]["code"] for d in small.data["directorates"]["edges"]] == ["SCS", "GET"]
    assert small.statements == large.statements
    totals = {d["node"]["code"]: d["node"]["contracts"]["valueTotals"] for d in large.data["directorates"]["edges"]}
    # whole-life: Agilisys £36.3m, Microsoft £3.5m, Managed Document Service £0.75m, Liberi £0.05m; a year: Agilisys
    # £3.63m, KPSN £3.5m, SCC £1.6m, telephony £0.28m, Microsoft £1,166,666.67
    assert totals["SCS"] == [{"basis": "TOTAL", "amount": "40600000.00"}, {"basis": "ANNUAL", "amount": "10176666.67"}]
    assert totals["GET"] == [{"basis": "TOTAL", "amount": "0.00"}, {"basis": "ANNUAL", "amount": "0.00"}]
