"""What the papers say that the register lacked, each traced to its line and read back through the API.

Papers in ../shared/seeds: 000 (SCS cover report), 002 (GET cover report), 003 (Annual Business Plans
2012/13) and 004 (the SCS Directorate Business Plan 2017-18).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GraphQL

SEEDS = Path(__file__).parents[3] / "shared" / "seeds"
SCS_PLAN = "Strategic and Corporate Services Directorate Business Plan 2017-18"
GET_PLAN = "Growth, Environment and Transport Directorate Business Plan 2017-18"


def paper(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


async def data(graphql: GraphQL, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = await graphql(query, variables)
    assert response.errors == [], response.errors
    return response.data


async def test_the_new_microsoft_agreement_from_2018_to_2021_is_a_planned_contract_over_1m_a_year(
    graphql: GraphQL,
) -> None:
    # 004, section J: "Procurement in 2017 for new contract from 2018 to 2021." ... £3.5m
    assert "Procurement in 2017 for new contract from 2018 to 2021.\tInfrastructure (ICT)\t£3.5m" in paper("004")
    found = await data(
        graphql,
        """{ contract(reference: "SCS-2017-MICROSOFT-LICENSING-2018") {
             status provider { name } start { text earliest } end { text latest } termMonths
             value { amount basis text } annualValue inferences { field kind }
             activities { inferred activity { name } } references { section } } }""",
    )
    contract = found["contract"]
    assert contract["status"] == "PLANNED"
    assert contract["provider"] == {"name": "Microsoft"}
    assert contract["start"] == {"text": "2018", "earliest": "2018-01-01"}
    assert contract["end"] == {"text": "2021", "latest": "2021-12-31"}
    assert contract["termMonths"] == 36
    assert contract["value"] == {"amount": "3500000.00", "basis": "TOTAL", "text": "£3.5m"}
    assert contract["annualValue"] == "1166666.67"
    assert {(i["field"], i["kind"]) for i in contract["inferences"]} == {
        ("value", "VALUE_FROM_ACTIVITY"),
        ("value", "BASIS_ASSUMED"),
        ("termMonths", "TERM_FROM_YEARS"),
    }
    assert contract["activities"] == [
        {"inferred": False, "activity": {"name": "Microsoft Software Licensing Agreement"}}
    ]
    assert contract["references"] == [{"section": "J"}]


async def test_the_1m_a_year_question_sees_the_new_microsoft_agreement(graphql: GraphQL) -> None:
    found = await data(
        graphql,
        """{ contracts(filter: {value: {min: "1000000", basis: ANNUAL}}, first: 50) {
             edges { node { reference } } } }""",
    )
    references = {edge["node"]["reference"] for edge in found["contracts"]["edges"]}
    assert "SCS-2017-MICROSOFT-LICENSING-2018" in references


async def test_newton_europe_is_a_provider_with_no_contract_from_section_d(graphql: GraphQL) -> None:
    line = (
        "- SBDI is supporting the directorate to lead by example in effective practice for major contracts with "
        "Newton Europe and Agilisys and providing advice for internally commissioned services."
    )
    assert line in paper("004")
    found = await data(
        graphql,
        '{ provider(name: "Newton Europe") { kind contracts { totalCount } references { section sourceText } } }',
    )
    assert found["provider"] == {
        "kind": "SUPPLIER",
        "contracts": {"totalCount": 0},
        "references": [{"section": "D", "sourceText": line}],
    }


PROVIDER_REFERENCES = """
query($name: String!) { provider(name: $name) { references { section sourceText } } }
"""
COMPANY_REFERENCES = """
query($name: String!) { tradedCompany(name: $name) { plans { title } provider { name } } }
"""
REFERENCES = """
query($plan: ID!) { businessPlan: node(id: $plan) { ... on BusinessPlan { references(first: 100) {
  edges { node { section sourceText subject { __typename ... on TradedCompany { name } } } } } } } }
"""


@pytest.mark.parametrize(
    ("name", "sections"), [("Agilisys", ["C", "D", "J"]), ("Microsoft", ["D", "J"])], ids=["Agilisys", "Microsoft"]
)
async def test_the_plan_references_suppliers_in_the_sections_that_name_them(
    graphql: GraphQL, name: str, sections: list[str]
) -> None:
    found = await data(graphql, PROVIDER_REFERENCES, {"name": name})
    references = found["provider"]["references"]
    assert sorted(r["section"] for r in references) == sections
    for reference in references:
        assert reference["sourceText"] in paper("004")
        assert name in reference["sourceText"]


async def test_the_plan_references_the_traded_companies_in_sections_b_and_d(graphql: GraphQL) -> None:
    # given the plan's references to traded companies
    found = await data(
        graphql,
        """{ tradedCompanies(first: 10) { edges { node { name } } } }""",
    )
    names = [edge["node"]["name"] for edge in found["tradedCompanies"]["edges"]]
    sections = await data(
        graphql,
        f'{{ businessPlan(directorate: "SCS", financialYear: "2017-18", title: "{SCS_PLAN}") {{ id }} }}',
    )
    refs = await data(graphql, REFERENCES, {"plan": sections["businessPlan"]["id"]})
    by_company: dict[str, set[str]] = {name: set() for name in names}
    for edge in refs["businessPlan"]["references"]["edges"]:
        node = edge["node"]
        if node["subject"]["__typename"] == "TradedCompany":
            by_company[node["subject"]["name"]].add(node["section"])
            assert node["sourceText"] in paper("004")

    # then section B (the foreword) names all four and section D all but Commercial Services
    assert by_company == {
        "Business Service Centre": {"B", "C", "D", "I", "J"},
        "Commercial Services": {"B", "C"},
        "GEN2 Property Ltd": {"B", "C", "D", "I", "J"},
        "Invicta Law": {"B", "C", "D", "I", "J"},
    }


async def test_commercial_services_keeps_the_papers_description_and_no_legal_form(graphql: GraphQL) -> None:
    assert "Commercial Services is an established trading platform" in paper("004")
    found = await data(graphql, '{ tradedCompany(name: "Commercial Services") { legalForm description } }')
    assert found["tradedCompany"]["legalForm"] is None
    assert found["tradedCompany"]["description"].startswith("Commercial Services is an established trading platform")


PLAN = """
query($directorate: String!, $year: String!, $title: String!) {
  businessPlan(directorate: $directorate, financialYear: $year, title: $title) { cabinetMembers { name portfolio } }
}
"""


@pytest.mark.parametrize(
    ("prefix", "directorate", "year", "title", "members"),
    [
        pytest.param(
            "000",
            "SCS",
            "2017-18",
            SCS_PLAN,
            [
                ("Paul Carter", "Leader and Cabinet Member for Business Strategy, Audit and Transformation"),
                ("John Simmonds", "Deputy Leader and Cabinet Member for Finance and Procurement"),
                ("Gary Cooke", "Cabinet Member for Corporate and Democratic Services"),
                ("Susan Carey", "Cabinet Member for Commercial and Traded Services"),
            ],
            id="000 SCS",
        ),
        pytest.param(
            "002",
            "GET",
            "2017-18",
            GET_PLAN,
            [
                ("Mark Dance", "Cabinet Member for Economic Development"),
                ("Mike Hill", "Cabinet Member for Community Services"),
            ],
            id="002 GET",
        ),
        pytest.param(
            "003",
            "BSS",
            "2012-13",
            "BSS Finance & Procurement",
            [("Roger Gough", "Cabinet Member for Business Strategy, Performance & Health Reform")],
            id="003 2012/13",
        ),
    ],
)
async def test_each_plan_names_the_cabinet_members_its_committee_paper_is_from(
    graphql: GraphQL, prefix: str, directorate: str, year: str, title: str, members: list[tuple[str, str]]
) -> None:
    text = " ".join(paper(prefix).split())
    for name, portfolio in members:
        assert f"{name}, {portfolio}" in text
    found = await data(graphql, PLAN, {"directorate": directorate, "year": year, "title": title})
    assert [(m["name"], m["portfolio"]) for m in found["businessPlan"]["cabinetMembers"]] == members
