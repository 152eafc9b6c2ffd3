"""Who delivers for the council: `providers`, `tradedCompanies`, and the contracts under each.

The suppliers are those sections D, I and J of the SCS plan name (004); the traded companies are section C's
"Our traded services", with the divisions that commission them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQL

TRADED_COMPANIES = """
query TradedCompanies($filter: TradedCompanyFilter) {
  tradedCompanies(filter: $filter) {
    totalCount
    edges {
      node {
        id
        name
        legalForm
        description
        established { text }
        provider { name kind }
        commissionedBy { arrangement division { name } }
        services { name }
        contracts { totalCount edges { node { reference title } } }
      }
    }
  }
}
"""

PROVIDERS = """
query Providers($filter: ProviderFilter, $orderBy: ProviderOrder, $first: Int) {
  providers(filter: $filter, orderBy: $orderBy, first: $first) {
    totalCount
    edges { node { name kind tradedCompany { name } } }
  }
}
"""

PROVIDER_CONTRACTS = """
query ($name: String!, $contracts: ContractFilter) {
  providers(filter: {text: $name}) {
    edges {
      node {
        name
        contracts(filter: $contracts) {
          totalCount
          valueTotals { basis amount counted unknown }
          edges { node { reference end { text } value { amount basis text } } }
        }
      }
    }
  }
}
"""

EVERY_PROVIDERS_CONTRACTS = """
query ($first: Int) {
  providers(first: $first) {
    edges {
      node {
        name
        contracts(first: 2) {
          totalCount
          valueTotals { basis amount }
          edges { node { reference directorate { code } } }
        }
      }
    }
  }
  tradedCompanies(first: $first) {
    edges { node { name contracts(first: 2) { totalCount edges { node { reference } } } } }
  }
}
"""

DIRECTORATE = """query ($code: String!) { directorates(filter: {codes: [$code]}) { edges { node { id } } } }"""
DIVISION = """query ($text: String!) { divisions(filter: {text: $text}) { edges { node { id name } } } }"""
BSC_SLA = "outcomes-based Service Level Agreements (SLA's) for each service"
COMPANIES = ["Business Service Centre", "Commercial Services", "GEN2 Property Ltd", "Invicta Law"]
SUPPLIERS = [
    "Agilisys",
    "Amey",
    "Daisy Updata Communications Ltd",
    "Kier",
    "Microsoft",
    "Newton Europe",
    "Northgate Information Solutions UK Ltd",
    "Skanska",
    "Specialist Computer Centre",
]


def nodes(response: Any, field: str) -> list[dict[str, Any]]:
    assert response.errors == []
    return [edge["node"] for edge in response.data[field]["edges"]]


def provider_names(response: Any) -> list[str]:
    return [provider["name"] for provider in nodes(response, "providers")]


async def test_the_traded_companies_with_their_commissioning_divisions_and_services(graphql: GraphQL) -> None:
    # when the council's traded companies are listed
    companies = {c["name"]: c for c in nodes(await graphql(TRADED_COMPANIES), "tradedCompanies")}

    # then section C's four come back, each with who commissions it, how, and what it provides
    assert list(companies) == COMPANIES
    bsc, commercial, gen2, invicta = companies.values()
    assert [(c["division"]["name"], c["arrangement"]) for c in bsc["commissionedBy"]] == [
        ("Infrastructure", BSC_SLA),
        ("Engagement, Organisation Design and Development", BSC_SLA),
        ("Finance", BSC_SLA),
    ]
    assert bsc["established"] == {"text": "April 2015"}
    assert len(bsc["services"]) == 14
    assert {"name": "ICT Service Desk"} in bsc["services"]
    assert commercial["commissionedBy"] == [] and commercial["services"] == []
    # "an established trading platform" describes Commercial Services; no paper gives its legal form
    assert commercial["legalForm"] is None
    assert commercial["description"].startswith("Commercial Services is an established trading platform providing")
    assert [(c["division"]["name"], c["arrangement"]) for c in gen2["commissionedBy"]] == [
        ("Infrastructure", "Service Level Contract (SLC) and Annual Delivery Plan")
    ]
    assert gen2["legalForm"] == "Local Authority Trading Company (LATCo), a limited company"
    assert gen2["established"] == {"text": "May 2016"}
    assert [(c["division"]["name"], c["arrangement"]) for c in invicta["commissionedBy"]] == [
        ("Governance and Law", "a contract, commissioned through the General Counsel function")
    ]
    assert invicta["services"] == [{"name": "Legal Services"}]
    assert {c["provider"]["kind"] for c in companies.values()} == {"TRADED_COMPANY"}


async def test_each_traded_companys_contracts_are_its_providers(graphql: GraphQL) -> None:
    # when the traded companies are listed with their contracts
    companies = {c["name"]: c["contracts"] for c in nodes(await graphql(TRADED_COMPANIES), "tradedCompanies")}

    # then Invicta Law holds the legal services contract to 2026 and GEN2 its Service Level Contract
    assert companies["Invicta Law"]["edges"] == [
        {"node": {"reference": "SCS-2017-INVICTA-LAW", "title": "Legal Services"}}
    ]
    assert [e["node"]["reference"] for e in companies["GEN2 Property Ltd"]["edges"]] == ["SCS-2017-GEN2-SLC"]
    assert companies["Business Service Centre"]["totalCount"] == 0


async def test_the_companies_a_division_commissions(graphql: GraphQL) -> None:
    # given the Infrastructure and Finance divisions
    divisions = nodes(await graphql(DIVISION, {"text": "Infrastructure"}), "divisions")
    (finance,) = [d for d in nodes(await graphql(DIVISION, {"text": "Finance"}), "divisions") if d["name"] == "Finance"]

    # when the companies each commissions are listed
    by_infrastructure = await graphql(
        TRADED_COMPANIES, {"filter": {"commissionedByDivisionIds": [d["id"] for d in divisions]}}
    )
    by_finance = await graphql(TRADED_COMPANIES, {"filter": {"commissionedByDivisionIds": [finance["id"]]}})

    # then Infrastructure commissions the Business Service Centre and GEN2, and Finance the Business Service Centre
    assert [c["name"] for c in nodes(by_infrastructure, "tradedCompanies")] == [
        "Business Service Centre",
        "GEN2 Property Ltd",
    ]
    assert [c["name"] for c in nodes(by_finance, "tradedCompanies")] == ["Business Service Centre"]


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"text": "trading company"}, ["GEN2 Property Ltd"]),
        ({"text": "law"}, ["Invicta Law"]),
        ({"not": {"text": "law"}}, [name for name in COMPANIES if name != "Invicta Law"]),
    ],
)
async def test_traded_companies_by_text(graphql: GraphQL, filter_: dict[str, Any], expected: list[str]) -> None:
    # when companies are searched by name, legal form or description
    response = await graphql(TRADED_COMPANIES, {"filter": filter_})

    # then those containing the text come back; a company with no legal form recorded is still "not law"
    assert [c["name"] for c in nodes(response, "tradedCompanies")] == expected


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["SUPPLIER"], SUPPLIERS),
        (["TRADED_COMPANY"], COMPANIES),
        (["SUPPLIER", "TRADED_COMPANY"], sorted([*SUPPLIERS, *COMPANIES])),
    ],
)
async def test_providers_by_kind(graphql: GraphQL, kinds: list[str], expected: list[str]) -> None:
    # when providers are listed by kind
    response = await graphql(PROVIDERS, {"filter": {"kind": kinds}, "first": 20})

    # then the nine suppliers and four traded companies come back by name
    assert provider_names(response) == expected


async def test_a_traded_company_provider_links_to_its_company(graphql: GraphQL) -> None:
    # when the traded-company providers are listed with their company details
    response = await graphql(PROVIDERS, {"filter": {"kind": ["TRADED_COMPANY"]}})

    # then each provider record leads to the company of the same name
    assert all(p["tradedCompany"]["name"] == p["name"] for p in nodes(response, "providers"))


async def test_providers_with_a_contract_expiring_in_2019(graphql: GraphQL) -> None:
    # when the Board asks which providers have a contract ending in 2019
    response = await graphql(PROVIDERS, {"filter": {"hasContractExpiring": {"from": "2019-01-01", "to": "2019-12-31"}}})

    # then Amey and Skanska (TFM, October 2019) and SCC (hardware, May 2019) do; the MDS contract has no provider
    assert provider_names(response) == ["Amey", "Skanska", "Specialist Computer Centre"]


async def test_providers_with_a_contract_owned_by_a_directorate(graphql: GraphQL) -> None:
    # given the SCS and GET directorates
    scs = nodes(await graphql(DIRECTORATE, {"code": "SCS"}), "directorates")[0]["id"]
    get = nodes(await graphql(DIRECTORATE, {"code": "GET"}), "directorates")[0]["id"]

    # when providers are listed by the directorate owning their contracts
    of_scs = await graphql(PROVIDERS, {"filter": {"directorateIds": [scs]}, "first": 20})
    of_get = await graphql(PROVIDERS, {"filter": {"directorateIds": [get]}})
    not_of_scs = await graphql(PROVIDERS, {"filter": {"not": {"directorateIds": [scs]}}})

    # then ten deliver SCS contracts; Newton Europe, the Business Service Centre and Commercial Services do not
    assert provider_names(of_scs) == [
        "Agilisys",
        "Amey",
        "Daisy Updata Communications Ltd",
        "GEN2 Property Ltd",
        "Invicta Law",
        "Kier",
        "Microsoft",
        "Northgate Information Solutions UK Ltd",
        "Skanska",
        "Specialist Computer Centre",
    ]
    assert provider_names(of_get) == []
    assert provider_names(not_of_scs) == ["Business Service Centre", "Commercial Services", "Newton Europe"]


async def test_a_bad_directorate_id_is_a_clear_error(graphql: GraphQL) -> None:
    # given the ID of a provider where a directorate's is expected
    agilisys = await graphql("{ providers(first: 1) { edges { node { id } } } }")
    provider_id = agilisys.data["providers"]["edges"][0]["node"]["id"]

    # when it is passed as a directorate
    response = await graphql(PROVIDERS, {"filter": {"directorateIds": [provider_id]}})

    # then the error says what kind of record it names, and where it was passed
    assert response.error_codes() == ["BAD_ID"]
    assert response.errors[0]["extensions"]["argument"] == "filter.directorateIds[0]"


async def test_a_providers_contracts(graphql: GraphQL) -> None:
    # when Agilisys's contracts are asked for
    response = await graphql(PROVIDER_CONTRACTS, {"name": "Agilisys"})

    # then the Contact Point and digital services contract, £36.3m over ten years to December 2025, comes back
    (agilisys,) = nodes(response, "providers")
    assert agilisys["contracts"]["edges"] == [
        {
            "node": {
                "reference": "SCS-2017-AGILISYS",
                "end": {"text": "December 2025"},
                "value": {"amount": "36300000.00", "basis": "TOTAL", "text": "£36.3m"},
            }
        }
    ]
    assert agilisys["contracts"]["valueTotals"] == [
        {"basis": "TOTAL", "amount": "36300000.00", "counted": 1, "unknown": 0},
        {"basis": "ANNUAL", "amount": "3630000.00", "counted": 1, "unknown": 0},
    ]


async def test_a_providers_contracts_filtered(graphql: GraphQL) -> None:
    # when Kier's contracts ending in 2019 are asked for, and then those ending in January 2020
    in_2019 = await graphql(
        PROVIDER_CONTRACTS, {"name": "Kier", "contracts": {"expiry": {"from": "2019-01-01", "to": "2019-12-31"}}}
    )
    in_january = await graphql(
        PROVIDER_CONTRACTS, {"name": "Kier", "contracts": {"expiry": {"from": "2020-01-01", "to": "2020-01-31"}}}
    )

    # then its TFM contract ends in January 2020, not 2019
    assert nodes(in_2019, "providers")[0]["contracts"]["totalCount"] == 0
    assert [e["node"]["end"]["text"] for e in nodes(in_january, "providers")[0]["contracts"]["edges"]] == [
        "January 2020"
    ]


async def test_every_providers_contracts_cost_the_same_statements_whatever_the_page(graphql: GraphQL) -> None:
    # when 2 and then 13 providers (and traded companies) are asked for with their contracts
    small = await graphql(EVERY_PROVIDERS_CONTRACTS, {"first": 2})
    large = await graphql(EVERY_PROVIDERS_CONTRACTS, {"first": 13})

    # then each nested list costs one batch, whatever the number of parents
    assert small.errors == [] and large.errors == []
    assert small.statements == large.statements
