"""The Strategic Commissioning Board's questions about contracts, asked of the register seeded from the papers.

The seeded contracts come from the SCS Directorate Business Plan 2017-18 (sections C, I and J): the
Agilisys contract (£36.3m over 10 years, to December 2025), the three TFM contracts (Amey and Skanska to
October 2019, Kier to January 2020), KPSN with Daisy Updata (£3.5m a year, to May 2020), telephony on a
quarterly rolling contract (£0.07m a quarter, to July 2018), and the ICT contracts of section J, among them
the planned Microsoft licensing agreement "from 2018 to 2021" (the activity's £3.5m over 36 months).
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from tests.conftest import GraphQL

SCS_PLAN = "Strategic and Corporate Services Directorate Business Plan 2017-18"

EXPIRING_WITH_PROVIDERS_AND_PLANS = """
query Expiring($from: CouncilDate, $to: CouncilDate) {
  contracts(filter: {expiry: {from: $from, to: $to}}, orderBy: {field: END}) {
    totalCount
    edges {
      node {
        reference
        end { text earliest latest precision }
        provider { name }
        plans { title financialYear }
        references { section sourceText plan { title } }
      }
    }
  }
}
"""
REFERENCES = """
query Contracts($filter: ContractFilter, $order: ContractOrder) {
  contracts(filter: $filter, orderBy: $order, first: 100) {
    totalCount
    edges { node { reference } }
  }
}
"""
VALUES = """
query Values($filter: ContractFilter) {
  contracts(filter: $filter, first: 100) {
    edges { node { reference value { amount currency basis annualised wholeLife text } annualValue termMonths } }
    valueTotals { basis amount counted unknown }
  }
}
"""
NODE = "query Node($id: ID!) { node(id: $id) { id ... on Contract { reference title provider { name } } } }"
NODES = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Contract { reference } } }"
FIRST_CONTRACT_ID = "{ contracts(first: 1) { edges { node { id reference } } } }"


def gid(type_name: str, pk: int) -> str:
    """The global ID of a record, as the register issues it."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


async def references(graphql: GraphQL, filter: dict[str, Any], order: str = "END") -> list[str]:
    """The references of the contracts a filter matches, in the order asked (by end date unless said)."""
    response = await graphql(REFERENCES, {"filter": filter, "order": {"field": order}})
    assert response.errors == []
    contracts = response.data["contracts"]
    found = [edge["node"]["reference"] for edge in contracts["edges"]]
    assert contracts["totalCount"] == len(found)
    return found


async def provider_id(session: AsyncSession, name: str) -> str:
    """The global ID of a seeded provider, by name."""
    pk = await session.scalar(select(models.Provider.id).where(models.Provider.name == name))
    assert pk is not None, name
    return gid("Provider", pk)


async def directorate_id(session: AsyncSession, code: str) -> str:
    """The global ID of a seeded directorate, by code."""
    pk = await session.scalar(select(models.Directorate.id).where(models.Directorate.code == code))
    assert pk is not None, code
    return gid("Directorate", pk)


async def plan_id(session: AsyncSession, title: str) -> str:
    """The global ID of a seeded business plan, by title."""
    pk = await session.scalar(select(models.BusinessPlan.id).where(models.BusinessPlan.title == title))
    assert pk is not None, title
    return gid("BusinessPlan", pk)


TFM_ROW = (
    "Day to Day management of KCC's estate – Landlord premises (three TFM contracts): Including: Statutory "
    "testing of 5 year fixed electrical, boiler, oil & gas testing, lifts; water hygiene; gas kitchen catering; "
    "fire alarms\tExternal\tAmey and Skanska - October 2019 Kier - January 2020"
)

# Contracts ending between 1 April 2018 and 31 March 2020, soonest first (ties by record): reference, end as
# printed, provider, and the section of the SCS plan that names it with the start of the row as printed.
EXPIRING_2018_TO_2020 = [
    ("SCS-2017-NORTHGATE-SWIFT", "April 2018", "Northgate Information Solutions UK Ltd", "J",
     "Northgate Information Solutions UK Ltd\tSWIFT, Supply & Support of a Social Care Information System "
     "contract ends April 2018."),
    ("SCS-2017-LIBERI", "April 2018", None, "J", "Liberi (LCS)\tExisting contract extended to April 2018."),
    ("SCS-2017-MICROSOFT-LICENSING", "June 2018", "Microsoft", "J",
     "Microsoft Software Licensing Agreement\tSoftware licencing agreement, expiring in June 2018."),
    ("SCS-2017-TELEPHONY", "July 2018", None, "J",
     "Telephony Services\tUnified Communications contract runs until July 2018"),
    ("SCS-2017-SCC-HARDWARE", "May 2019", "Specialist Computer Centre", "J",
     "Specialist Computer Centre computer hardware\tExisting contract continues roll- out for replacement "
     "devices until May 2019."),
    ("SCS-2017-MDS", "September 2019", None, "J",
     "Managed Document Service\tCurrent contract expires September 2019."),
    ("SCS-2017-TFM-AMEY", "October 2019", "Amey", "I", TFM_ROW),
    ("SCS-2017-TFM-SKANSKA", "October 2019", "Skanska", "I", TFM_ROW),
    ("SCS-2017-TFM-KIER", "January 2020", "Kier", "I", TFM_ROW),
]  # fmt: skip


async def test_contracts_expiring_in_the_next_two_financial_years_with_providers_and_plans(
    graphql: GraphQL,
) -> None:
    # given the register seeded from the SCS plan
    # when the board asks which contracts end between 1 April 2018 and 31 March 2020, soonest first
    response = await graphql(EXPIRING_WITH_PROVIDERS_AND_PLANS, {"from": "2018-04-01", "to": "2020-03-31"})

    # then it gets the nine, each with its provider and the one SCS plan row that names it
    assert response.errors == []
    contracts = response.data["contracts"]
    assert contracts["totalCount"] == len(EXPIRING_2018_TO_2020)
    nodes = [edge["node"] for edge in contracts["edges"]]
    for node, (reference, end, provider, section, row) in zip(nodes, EXPIRING_2018_TO_2020, strict=True):
        assert node["reference"] == reference
        assert node["end"]["text"] == end
        assert node["provider"] == (None if provider is None else {"name": provider})
        assert node["plans"] == [{"title": SCS_PLAN, "financialYear": "2017-18"}]
        (reference_row,) = node["references"]
        assert (reference_row["section"], reference_row["plan"]) == (section, {"title": SCS_PLAN})
        assert reference_row["sourceText"].startswith(row)


async def test_an_end_stated_as_a_month_is_the_whole_month(graphql: GraphQL) -> None:
    # given the Kier TFM contract, which the plan says ends "January 2020"
    # when contracts ending in the last week of January 2020 are asked for
    response = await graphql(EXPIRING_WITH_PROVIDERS_AND_PLANS, {"from": "2020-01-25", "to": "2020-01-31"})

    # then it is there, with its end as an interval of the whole month
    (edge,) = response.data["contracts"]["edges"]
    assert edge["node"]["reference"] == "SCS-2017-TFM-KIER"
    assert edge["node"]["end"] == {
        "text": "January 2020",
        "earliest": "2020-01-01",
        "latest": "2020-01-31",
        "precision": "MONTH",
    }


async def test_the_agilisys_contract_references_twice_in_the_plan(graphql: GraphQL) -> None:
    # given the Agilisys contract, which the SCS plan names in section I (services) and section J (activity)
    # when its references are asked for
    response = await graphql(EXPIRING_WITH_PROVIDERS_AND_PLANS, {"from": "2025-12-01", "to": "2025-12-31"})

    # then both come back, section I first, and the plan is listed once
    (edge,) = response.data["contracts"]["edges"]
    node = edge["node"]
    assert node["reference"] == "SCS-2017-AGILISYS"
    assert [(r["section"], r["sourceText"].split("\t")[0]) for r in node["references"]] == [
        ("I", "Contact Point and Digital Services"),
        ("J", "Agilisys contract"),
    ]
    assert node["plans"] == [{"title": SCS_PLAN, "financialYear": "2017-18"}]


@pytest.mark.parametrize(
    ("as_of", "days", "expected"),
    [
        ("2019-09-01", 60, ["SCS-2017-MDS", "SCS-2017-TFM-AMEY", "SCS-2017-TFM-SKANSKA"]),
        ("2019-09-01", 0, ["SCS-2017-MDS"]),
        ("2019-11-01", 30, []),
        ("2018-03-01", 31, ["SCS-2017-NORTHGATE-SWIFT", "SCS-2017-LIBERI"]),
    ],
)
async def test_contracts_expiring_within_days_of_a_date(
    graphql: GraphQL, as_of: str, days: int, expected: list[str]
) -> None:
    # given the seeded register
    # when the board asks which contracts may end within some days of a given date
    found = await references(graphql, {"expiresWithinDays": days, "asOf": as_of})

    # then those whose end interval overlaps the window are listed
    assert found == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            {"min": "1000000", "basis": "ANNUAL"},
            ["SCS-2017-SCC-HARDWARE", "SCS-2017-KPSN", "SCS-2017-MICROSOFT-LICENSING-2018", "SCS-2017-AGILISYS"],
            id="over-1m-a-year",
        ),
        pytest.param({"min": "3630000", "max": "3630000", "basis": "ANNUAL"}, ["SCS-2017-AGILISYS"], id="exact"),
        pytest.param({"max": "300000", "basis": "ANNUAL"}, ["SCS-2017-TELEPHONY"], id="under-300k-a-year"),
        # Whole-life values: Agilisys £36.3m, the planned Microsoft agreement £3.5m, and the values read as
        # whole-life for Managed Document Service (£0.75m) and Liberi (£0.05m). KPSN's £3.5m a year has no
        # term, so its total is unknown.
        pytest.param(
            {"min": "1000000", "basis": "TOTAL"},
            ["SCS-2017-MICROSOFT-LICENSING-2018", "SCS-2017-AGILISYS"],
            id="over-1m-whole-life",
        ),
        pytest.param(
            {"max": "40000000", "basis": "TOTAL"},
            ["SCS-2017-LIBERI", "SCS-2017-MDS", "SCS-2017-MICROSOFT-LICENSING-2018", "SCS-2017-AGILISYS"],
            id="unknown-total-never-matches",
        ),
        pytest.param({"max": "70000", "basis": "QUARTERLY"}, ["SCS-2017-TELEPHONY"], id="up-to-70k-a-quarter"),
        pytest.param(
            {"min": "500000", "basis": "QUARTERLY"}, ["SCS-2017-KPSN", "SCS-2017-AGILISYS"], id="over-500k-a-quarter"
        ),
        pytest.param({"min": "0"}, ["SCS-2017-TELEPHONY", "SCS-2017-SCC-HARDWARE", "SCS-2017-KPSN",
                                    "SCS-2017-MICROSOFT-LICENSING-2018", "SCS-2017-AGILISYS"],
                     id="any-known-annual-value"),
    ],
)  # fmt: skip
async def test_contracts_by_value_on_a_basis(graphql: GraphQL, value: dict[str, str], expected: list[str]) -> None:
    # given the seeded register
    # when the board asks for contracts in a value range on a basis
    found = await references(graphql, {"value": value})

    # then a contract matches on its value on that basis, and one whose value there is unknown never does
    assert found == expected


async def test_contracts_by_value_order_unknown_values_first(graphql: GraphQL) -> None:
    # given the seeded register, where five contracts have a known annual value
    # when every contract is listed by annual value, smallest first
    found = await references(graphql, {}, order="ANNUAL_VALUE")

    # then the ten of unknown annual value come first, then the five from smallest to largest (so that
    # descending puts the largest first and the unknowns last)
    assert len(found) == 15
    assert found[-5:] == [
        "SCS-2017-TELEPHONY",
        "SCS-2017-MICROSOFT-LICENSING-2018",
        "SCS-2017-SCC-HARDWARE",
        "SCS-2017-KPSN",
        "SCS-2017-AGILISYS",
    ]


async def test_money_is_exact_and_on_its_stated_basis(graphql: GraphQL) -> None:
    # given the four contracts whose value the plan states
    # when their values are asked for
    response = await graphql(VALUES, {"filter": {"value": {"min": "0"}}})

    # then each is stated as the plan states it, with its annualised and whole-life values where derivable
    values = {edge["node"]["reference"]: edge["node"] for edge in response.data["contracts"]["edges"]}
    assert values["SCS-2017-AGILISYS"]["value"] == {
        "amount": "36300000.00",
        "currency": "GBP",
        "basis": "TOTAL",
        "annualised": "3630000.00",
        "wholeLife": "36300000.00",
        "text": "£36.3m",
    }
    assert values["SCS-2017-AGILISYS"]["termMonths"] == 120
    assert values["SCS-2017-TELEPHONY"]["value"]["amount"] == "70000.00"
    assert values["SCS-2017-TELEPHONY"]["value"]["basis"] == "QUARTERLY"
    assert values["SCS-2017-TELEPHONY"]["annualValue"] == "280000.00"
    assert values["SCS-2017-KPSN"]["value"]["wholeLife"] is None
    assert Decimal(values["SCS-2017-SCC-HARDWARE"]["annualValue"]) == Decimal("1600000")


async def test_value_totals_sum_the_whole_list_and_count_the_unknowns(graphql: GraphQL) -> None:
    # given the seeded register
    # when the board asks what every contract is worth, on each basis
    response = await graphql(VALUES, {"filter": None})

    # then the sums are of the known values, and the contracts with no value on a basis are counted apart
    assert response.data["contracts"]["valueTotals"] == [
        # Agilisys £36.3m + the planned Microsoft agreement £3.5m + Managed Document Service £0.75m + Liberi £0.05m
        {"basis": "TOTAL", "amount": "40600000.00", "counted": 4, "unknown": 11},
        # Agilisys £3.63m + KPSN £3.5m + SCC £1.6m + telephony 4 x £0.07m + Microsoft £3.5m x 12 / 36 (£1,166,666.67)
        {"basis": "ANNUAL", "amount": "10176666.67", "counted": 5, "unknown": 10},
    ]


async def test_value_totals_follow_the_filter(graphql: GraphQL) -> None:
    # given the seeded register
    # when the board asks what the contracts ending by 2020 are worth
    response = await graphql(VALUES, {"filter": {"expiry": {"to": "2020-12-31"}}})

    # then only those are summed: whole-life, Managed Document Service £0.75m and Liberi £0.05m; a year, SCC,
    # KPSN and telephony
    assert response.data["contracts"]["valueTotals"] == [
        {"basis": "TOTAL", "amount": "800000.00", "counted": 2, "unknown": 9},
        {"basis": "ANNUAL", "amount": "5380000.00", "counted": 3, "unknown": 8},
    ]


async def test_contracts_by_status(graphql: GraphQL, session: AsyncSession) -> None:
    # given the seeded register, whose contracts are active but for the planned Microsoft agreement, and one
    # terminated contract added
    session.add(models.Contract(reference="TEST-TERMINATED", title="A terminated contract", status="TERMINATED"))
    await session.commit()

    # when the board asks by status
    terminated = await references(graphql, {"status": ["TERMINATED"]})
    either = await references(graphql, {"status": ["EXPIRED", "TERMINATED"]})
    active = await references(graphql, {"status": ["ACTIVE"]})
    planned = await references(graphql, {"status": ["PLANNED"]})

    # then each status picks its own
    assert terminated == either == ["TEST-TERMINATED"]
    assert len(active) == 14 and "TEST-TERMINATED" not in active
    assert planned == ["SCS-2017-MICROSOFT-LICENSING-2018"]


async def test_contracts_by_provider(graphql: GraphQL, session: AsyncSession) -> None:
    # given the IDs of two of the TFM providers
    ids = [await provider_id(session, "Kier"), await provider_id(session, "Amey")]

    # when the board asks for their contracts
    found = await references(graphql, {"providerIds": ids})

    # then it gets theirs and no one else's
    assert found == ["SCS-2017-TFM-AMEY", "SCS-2017-TFM-KIER"]


async def test_contracts_by_directorate(graphql: GraphQL, session: AsyncSession) -> None:
    # given the IDs of the SCS and GET directorates
    scs, get = await directorate_id(session, "SCS"), await directorate_id(session, "GET")

    # when the board asks for each one's contracts
    # then the fifteen seeded contracts are all SCS's, and GET's plan names none
    assert len(await references(graphql, {"directorateIds": [scs]})) == 15
    assert await references(graphql, {"directorateIds": [get]}) == []
    assert len(await references(graphql, {"directorateIds": [get, scs]})) == 15


@pytest.mark.parametrize("field", ["providerIds", "directorateIds"])
async def test_a_malformed_id_in_a_filter_is_refused(graphql: GraphQL, field: str) -> None:
    # given a filter naming a record by an ID the register never issued
    # when it is used
    response = await graphql(REFERENCES, {"filter": {field: ["Amey"]}})

    # then the client is told which ID and where
    (error,) = response.errors
    assert error["message"] == "'Amey' is not an ID this register issued"
    assert error["extensions"] == {"code": "BAD_ID", "argument": f"filter.{field}[0]"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("total facilities", ["SCS-2017-TFM-AMEY", "SCS-2017-TFM-SKANSKA", "SCS-2017-TFM-KIER"]),
        ("kpsn", ["SCS-2017-KPSN"]),
        ("scs-2017-tfm-k", ["SCS-2017-TFM-KIER"]),
        ("100%", []),
        ("_", []),
    ],
)
async def test_contracts_by_text(graphql: GraphQL, text: str, expected: list[str]) -> None:
    # given the seeded register
    # when the board searches the references, titles and descriptions (any case; wildcards are literal)
    found = await references(graphql, {"text": text})

    # then only contracts containing the text match
    assert found == expected


async def test_a_nul_in_the_text_is_refused_clearly(graphql: GraphQL) -> None:
    # given a search text holding a NUL character, which no record's text can hold
    # when it is used
    response = await graphql(REFERENCES, {"filter": {"text": "Kier\u0000"}})

    # then the client is told the text is bad
    assert [error["extensions"]["code"] for error in response.errors] == ["BAD_INPUT"]


async def test_contracts_referenced_by_a_plan(graphql: GraphQL, session: AsyncSession) -> None:
    # given the SCS plan, which names every seeded contract, and the GET plan, which names none
    scs = await plan_id(session, SCS_PLAN)
    get = await plan_id(session, "Growth, Environment and Transport Directorate Business Plan 2017-18")

    # when the board asks which contracts each references
    # then the SCS plan's are all fifteen, and the GET plan's none
    assert len(await references(graphql, {"referencedByPlanId": scs})) == 15
    assert await references(graphql, {"referencedByPlanId": get}) == []


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        pytest.param({"and": [{"text": "TFM"}, {"expiry": {"from": "2020-01-01"}}]}, ["SCS-2017-TFM-KIER"], id="and"),
        pytest.param(
            {"or": [{"text": "KPSN"}, {"text": "Telephony"}]}, ["SCS-2017-TELEPHONY", "SCS-2017-KPSN"], id="or"
        ),
        pytest.param(
            # contracts not known to end by the end of 2019: later ends, and GEN2's SLC with no end at all
            {"not": {"expiry": {"to": "2019-12-31"}}},
            [
                "SCS-2017-TFM-KIER",
                "SCS-2017-KPSN",
                "SCS-2017-MICROSOFT-LICENSING-2018",
                "SCS-2017-AGILISYS",
                "SCS-2017-INVICTA-LAW",
                "SCS-2017-GEN2-SLC",
            ],
            id="not",
        ),
        pytest.param(
            {"text": "TFM", "not": {"or": [{"text": "Amey"}, {"text": "Kier"}]}}, ["SCS-2017-TFM-SKANSKA"], id="nested"
        ),
        pytest.param(
            {"value": {"min": "1000000"}, "expiry": {"to": "2020-12-31"}},
            ["SCS-2017-SCC-HARDWARE", "SCS-2017-KPSN"],
            id="fields-together",
        ),
    ],
)
async def test_filters_combine_with_and_or_not(graphql: GraphQL, filter: dict[str, Any], expected: list[str]) -> None:
    # given the seeded register
    # when the board combines filters
    found = await references(graphql, filter)

    # then the combination means what it says
    assert found == expected


async def test_a_contract_id_round_trips_through_node_and_nodes(graphql: GraphQL) -> None:
    # given the ID of the contract that ends first
    listed = await graphql(FIRST_CONTRACT_ID)
    first = listed.data["contracts"]["edges"][0]["node"]

    # when it is fetched by `node`, and by `nodes` with an ID that has no record
    node = await graphql(NODE, {"id": first["id"]})
    nodes = await graphql(NODES, {"ids": [first["id"], gid("Contract", 999_999), first["id"]]})

    # then the same contract comes back, null stands in for the missing one, and the order is kept
    assert node.errors == [] and nodes.errors == []
    assert node.data["node"]["id"] == first["id"]
    assert node.data["node"]["reference"] == first["reference"] == "SCS-2017-EIS-SCHOOLS-BROADBAND"
    assert nodes.data["nodes"] == [
        {"id": first["id"], "reference": first["reference"]},
        None,
        {"id": first["id"], "reference": first["reference"]},
    ]
