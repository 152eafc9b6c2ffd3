"""The seeded register against the council's papers: every value read back through the ORM.

The `session` fixture's register was seeded once by `seed_register`; these tests read it back and check
it says what the papers say, that every plan reference quotes its paper, and that seeding again changes
nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.history import ChangeLog
from db.models import (
    ActivityContract,
    BusinessPlan,
    CommissioningActivity,
    Contract,
    Directorate,
    Division,
    KeyDecision,
    PlanPriority,
    PlanReference,
    Provider,
    Service,
    TradedCompany,
    TradedCompanyCommissioner,
    service_contract,
)
from db.seed import SeedDataError, SeedReport, is_seeded, seed_register
from db.seed.entries import Entry
from db.seed.store import Rows

PAPERS = Path(__file__).parents[2].parent / "shared" / "seeds"
SCS_PAPER = "004_1e9d5c562e6bd042.txt"
PAPER_NAME = re.compile(r"^00[0-4]_[0-9a-f]{16}\.txt")
D = date
EODD = "Engagement, Organisation Design and Development"
SPRCA = "Strategy, Policy, Relationships and Corporate Assurance"
TFM_SERVICE = (
    "Day to Day management of KCC's estate – Landlord premises (three TFM contracts): Including: Statutory "
    "testing of 5 year fixed electrical, boiler, oil & gas testing, lifts; water hygiene; gas kitchen "
    "catering; fire alarms"
)
TABLES = [
    Directorate,
    Division,
    BusinessPlan,
    PlanPriority,
    Provider,
    TradedCompany,
    TradedCompanyCommissioner,
    Contract,
    CommissioningActivity,
    KeyDecision,
    ActivityContract,
    Service,
    PlanReference,
]

# Section J of 004, row by row (24 rows: 14 in its first table, 10 in its second), in the paper's order.
SECTION_J = [
    "Kent Health & Wellbeing Strategy",
    "Contract Reviews",
    "Agilisys contract",
    "Finance Operating Model",
    "Invicta Law",
    "Business Service Centre",
    "GEN2 (Property LATCO)",
    "Total Facilities Management 1",
    "Total Facilities Management 2",
    "Total Facilities Management 3",
    "Asbestos Framework",
    "Principle Contractor Framework",
    "Microsoft Software True-Up Licensing",
    "Microsoft Software Licensing Agreement",
    "Specialist Computer Centre computer hardware",
    "Telephony Services",
    "Daisy Updata Communications Ltd (KPSN)",
    "Northgate Information Solutions UK Ltd",
    "Managed Document Service",
    "Schools Broadband",
    "Liberi (LCS)",
    "BSC (ICT) Monitoring",
    "Social Care",
    "Microsoft Cloud Navigator",
]
# Expected value as printed, in pence, and its basis; rows whose value is "N/A" are absent.
VALUES = {
    "Agilisys contract": ("£36.3m", 3_630_000_000, "TOTAL"),
    "Total Facilities Management 1": ("£53m", 5_300_000_000, "TOTAL"),
    "Total Facilities Management 2": ("£12m", 1_200_000_000, "TOTAL"),
    "Total Facilities Management 3": ("£32m", 3_200_000_000, "TOTAL"),
    "Asbestos Framework": ("£1m", 100_000_000, "TOTAL"),
    "Principle Contractor Framework": ("£0.15m", 15_000_000, "TOTAL"),
    "Microsoft Software True-Up Licensing": ("£1.1m (p/a)", 110_000_000, "ANNUAL"),
    "Microsoft Software Licensing Agreement": ("£3.5m", 350_000_000, "TOTAL"),
    "Specialist Computer Centre computer hardware": ("£1.6m (p/a)", 160_000_000, "ANNUAL"),
    "Telephony Services": ("£0.07m (current quarterly value)", 7_000_000, "QUARTERLY"),
    "Daisy Updata Communications Ltd (KPSN)": ("£3.5m (p/a)", 350_000_000, "ANNUAL"),
    "Northgate Information Solutions UK Ltd": ("£0.23m", 23_000_000, "TOTAL"),
    "Managed Document Service": ("£0.75m", 75_000_000, "TOTAL"),
    "Schools Broadband": ("£2.9m", 290_000_000, "TOTAL"),
    "Liberi (LCS)": ("£0.05m", 5_000_000, "TOTAL"),
    "Social Care": ("£8.3m", 830_000_000, "TOTAL"),
    "Microsoft Cloud Navigator": ("£4.3m", 430_000_000, "TOTAL"),
}
# Date for key decision as printed, its earliest and latest day, and precision; rows with "N/A" are
# absent. "By 2020" runs from the start of the plan's year, 1 April 2017.
Q1_17, Q3_17, Q4_17 = (
    (D(2017, 4, 1), D(2017, 6, 30)),
    (D(2017, 10, 1), D(2017, 12, 31)),
    (D(2018, 1, 1), D(2018, 3, 31)),
)
KEY_DECISIONS = {
    "Kent Health & Wellbeing Strategy": ("Q3 2017/18", *Q3_17, "QUARTER"),
    "Total Facilities Management 1": ("Q1 2017/18", *Q1_17, "QUARTER"),
    "Total Facilities Management 2": ("Q3 2017/18", *Q3_17, "QUARTER"),
    "Total Facilities Management 3": ("Q3 2017/18", *Q3_17, "QUARTER"),
    "Principle Contractor Framework": ("Q4 2017/18", *Q4_17, "QUARTER"),
    "Microsoft Software True-Up Licensing": ("Q1 2017/18", *Q1_17, "QUARTER"),
    "Microsoft Software Licensing Agreement": ("Q1 2017/18", *Q1_17, "QUARTER"),
    "Specialist Computer Centre computer hardware": ("Q4 2017/18", *Q4_17, "QUARTER"),
    "Daisy Updata Communications Ltd (KPSN)": (
        "Between Q2 2017/18 and Q1 2018/19", D(2017, 7, 1), D(2018, 6, 30), "RANGE"
    ),
    "Northgate Information Solutions UK Ltd": ("Q4 2017/18", *Q4_17, "QUARTER"),
    "Managed Document Service": ("Q1 2018/19", D(2018, 4, 1), D(2018, 6, 30), "QUARTER"),
    "Schools Broadband": ("Q1 2017/18", *Q1_17, "QUARTER"),
    "Liberi (LCS)": ("Q1 2017/18", *Q1_17, "QUARTER"),
    "Social Care": ("By 2020", D(2017, 4, 1), D(2020, 12, 31), "RANGE"),
    "Microsoft Cloud Navigator": ("By 2019", D(2017, 4, 1), D(2019, 12, 31), "RANGE"),
}  # fmt: skip


def collapse(text: str) -> str:
    return " ".join(text.split())


def bare(text: str | None) -> str:
    """Text without whitespace or superscript markup: the PDF extraction's artefacts, not the paper's."""
    return re.sub(r"\s+|</?sup>", "", text or "")


def paper_text(name: str) -> str:
    if not PAPERS.is_dir():
        pytest.skip(f"the papers folder {PAPERS} is missing, so references cannot be checked against it")
    return collapse((PAPERS / name).read_text(encoding="utf-8"))


async def scs_activities(session: AsyncSession) -> dict[str, CommissioningActivity]:
    on_directorate = CommissioningActivity.directorate_id == Directorate.id
    query = select(CommissioningActivity).join(Directorate, on_directorate)
    rows = await session.scalars(query.where(Directorate.code == "SCS").order_by(CommissioningActivity.id))
    return {row.name: row for row in rows}


async def division_names(session: AsyncSession) -> dict[int, str]:
    return {row.id: row.name for row in await session.scalars(select(Division))}


async def contract(session: AsyncSession, reference: str) -> Contract:
    row = await session.scalar(select(Contract).where(Contract.reference == reference))
    assert row is not None, reference
    return row


async def service(session: AsyncSession, name: str) -> Service:
    row = await session.scalar(select(Service).where(Service.name == name))
    assert row is not None, name
    return row


async def row_counts(session: AsyncSession) -> dict[str, int]:
    count = select(func.count())
    counts = {model.__tablename__: await session.scalar(count.select_from(model)) for model in TABLES}
    counts["service_contract"] = await session.scalar(count.select_from(service_contract))
    return {name: int(count or 0) for name, count in counts.items()}


# --- Section J: significant commissioning and service activity ------------------------------------------


async def test_section_j_has_every_row_in_the_papers_order(session: AsyncSession) -> None:
    # The paper's section J has 24 rows, of which 15 give a date for a key decision: all are held.
    activities = await scs_activities(session)
    assert list(activities) == SECTION_J
    assert await session.scalar(select(func.count()).select_from(KeyDecision)) == len(KEY_DECISIONS) == 15


@pytest.mark.parametrize("name", SECTION_J)
async def test_activity_value_and_key_decision_as_printed(session: AsyncSession, name: str) -> None:
    activity = (await scs_activities(session))[name]
    value = (activity.expected_value_text, activity.expected_value_pence, activity.expected_value_basis)
    assert value == VALUES.get(name, (None, None, None))
    decision = await session.scalar(select(KeyDecision).where(KeyDecision.activity_id == activity.id))
    if name not in KEY_DECISIONS:
        assert decision is None
        return
    assert decision is not None
    expected = (decision.expected_text, decision.expected_earliest, decision.expected_latest)
    assert (*expected, decision.expected_precision) == KEY_DECISIONS[name]
    assert decision.decision_maker is None


async def test_activity_cells_are_the_rows_cells(session: AsyncSession) -> None:
    activities = await scs_activities(session)
    references = await session.scalars(
        select(PlanReference).where(PlanReference.subject_kind == "COMMISSIONING_ACTIVITY")
    )
    decisions = {row.activity_id: row.expected_text for row in await session.scalars(select(KeyDecision))}
    by_id = {activity.id: activity for activity in activities.values()}
    seen = 0
    for reference in references:
        activity = by_id[reference.activity_id or 0]
        cells = reference.source_text.split("\t")
        printed = [activity.name, activity.description, activity.lead_service, activity.expected_value_text]
        assert [bare(cell) for cell in cells[:4]] == [bare(cell) or "N/A" for cell in printed]
        assert cells[4] == (decisions.get(activity.id) or "N/A")
        assert cells[5] == {True: "Yes", None: "N/A"}[activity.consultation_required]
        seen += 1
    assert seen == len(SECTION_J)


async def test_only_the_health_and_wellbeing_strategy_needs_consultation(session: AsyncSession) -> None:
    activities = await scs_activities(session)
    consulting = {name for name, row in activities.items() if row.consultation_required}
    assert consulting == {"Kent Health & Wellbeing Strategy"}
    others = [row for name, row in activities.items() if name not in consulting]
    assert all(row.consultation_required is None for row in others)


async def test_activity_divisions_follow_the_lead_service(session: AsyncSession) -> None:
    names = await division_names(session)
    activities = (await scs_activities(session)).values()
    divisions = {row.lead_service: names[row.division_id or 0] for row in activities}
    assert divisions == {
        "Policy": SPRCA,
        "Strategic Commissioning": "Strategic Commissioning",
        "Kent Communications": EODD,
        "Finance": "Finance",
        "General Counsel": "Governance and Law",
        "Infrastructure (ICT)": "Infrastructure",
        "Infrastructure (Property)": "Infrastructure",
        "Kent Public Services Network": "Infrastructure",
        "Business Service Centre": "Infrastructure",
    }


async def test_only_the_northgate_row_states_a_reason_for_its_significance(session: AsyncSession) -> None:
    # The row's own words, "Complex procurement taking minimum of a year.", state its complexity, one of the
    # reasons paper 001 names ("strategic importance, complexity, risk and profile"); no other row states one.
    activities = await scs_activities(session)
    stated = {name: (row.significance_reason, row.significance_note) for name, row in activities.items()}
    northgate = "Northgate Information Solutions UK Ltd"
    assert {name: reason for name, reason in stated.items() if reason != (None, None)} == {
        northgate: ("COMPLEXITY", "Complex procurement taking minimum of a year.")
    }
    printed = f"{northgate}\t{activities[northgate].description}\tInfrastructure (ICT)\t£0.23m\tQ4 2017/18\tN/A"
    assert activities[northgate].significance_note in printed
    assert collapse(printed) in paper_text(SCS_PAPER)
    assert "complexity, risk, strategic importance and profile" in paper_text("001_f61a40664072bf85.txt")


async def test_derived_values(session: AsyncSession) -> None:
    activities = await scs_activities(session)
    agilisys = activities["Agilisys contract"]
    assert (agilisys.term_months, agilisys.annual_value_pence, agilisys.total_value_pence) == (
        120,
        363_000_000,
        3_630_000_000,
    )
    telephony = activities["Telephony Services"]
    assert (telephony.annual_value_pence, telephony.total_value_pence) == (28_000_000, None)
    tfm = activities["Total Facilities Management 1"]
    assert (tfm.term_months, tfm.annual_value_pence, tfm.total_value_pence) == (None, None, 5_300_000_000)
    true_up = activities["Microsoft Software True-Up Licensing"]
    assert (true_up.annual_value_pence, true_up.total_value_pence) == (110_000_000, None)
    unvalued = [row for row in activities.values() if row.expected_value_text is None]
    assert all(row.annual_value_pence is None for row in unvalued)

    contract_values = {
        "SCS-2017-AGILISYS": ("£36.3m", "TOTAL", 120, 363_000_000, 3_630_000_000),
        "SCS-2017-TELEPHONY": ("£0.07m (current quarterly value)", "QUARTERLY", None, 28_000_000, None),
        "SCS-2017-KPSN": ("£3.5m (p/a)", "ANNUAL", None, 350_000_000, None),
        "SCS-2017-SCC-HARDWARE": ("£1.6m (p/a)", "ANNUAL", None, 160_000_000, None),
    }
    for reference, expected in contract_values.items():
        row = await contract(session, reference)
        assert (
            row.value_text,
            row.value_basis,
            row.term_months,
            row.annual_value_pence,
            row.total_value_pence,
        ) == expected


# --- Contracts ----------------------------------------------------------------------------------------


async def test_contracts_with_their_providers_and_ends(session: AsyncSession) -> None:
    providers = {row.id: row.name for row in await session.scalars(select(Provider))}
    rows = await session.scalars(select(Contract).order_by(Contract.reference))
    found = {row.reference: (providers.get(row.provider_id or 0), row.end_text, row.status) for row in rows}
    assert found == {
        "SCS-2017-AGILISYS": ("Agilisys", "December 2025", "ACTIVE"),
        "SCS-2017-TFM-AMEY": ("Amey", "October 2019", "ACTIVE"),
        "SCS-2017-TFM-SKANSKA": ("Skanska", "October 2019", "ACTIVE"),
        "SCS-2017-TFM-KIER": ("Kier", "January 2020", "ACTIVE"),
        "SCS-2017-KPSN": ("Daisy Updata Communications Ltd", "May 2020", "ACTIVE"),
        "SCS-2017-TELEPHONY": (None, "July 2018", "ACTIVE"),
        "SCS-2017-MICROSOFT-LICENSING": ("Microsoft", "June 2018", "ACTIVE"),
        "SCS-2017-MICROSOFT-LICENSING-2018": ("Microsoft", "2021", "PLANNED"),
        "SCS-2017-SCC-HARDWARE": ("Specialist Computer Centre", "May 2019", "ACTIVE"),
        "SCS-2017-NORTHGATE-SWIFT": ("Northgate Information Solutions UK Ltd", "April 2018", "ACTIVE"),
        "SCS-2017-MDS": (None, "September 2019", "ACTIVE"),
        "SCS-2017-EIS-SCHOOLS-BROADBAND": (None, "March 2017", "ACTIVE"),
        "SCS-2017-LIBERI": (None, "April 2018", "ACTIVE"),
        "SCS-2017-INVICTA-LAW": ("Invicta Law", "2026", "ACTIVE"),
        "SCS-2017-GEN2-SLC": ("GEN2 Property Ltd", None, "ACTIVE"),
    }


async def test_contract_ends_are_intervals(session: AsyncSession) -> None:
    agilisys = await contract(session, "SCS-2017-AGILISYS")
    assert (agilisys.end_earliest, agilisys.end_latest, agilisys.end_precision) == (
        D(2025, 12, 1),
        D(2025, 12, 31),
        "MONTH",
    )
    assert (agilisys.start_earliest, agilisys.start_text) == (None, None)
    invicta = await contract(session, "SCS-2017-INVICTA-LAW")
    assert (invicta.end_earliest, invicta.end_latest, invicta.end_precision) == (
        D(2026, 1, 1),
        D(2026, 12, 31),
        "YEAR",
    )
    kier = await contract(session, "SCS-2017-TFM-KIER")
    assert (kier.end_earliest, kier.end_latest) == (D(2020, 1, 1), D(2020, 1, 31))
    gen2 = await contract(session, "SCS-2017-GEN2-SLC")
    assert (gen2.end_earliest, gen2.end_latest, gen2.end_precision, gen2.value_pence) == (
        None,
        None,
        None,
        None,
    )


async def test_contract_values_only_where_the_paper_ties_them_to_the_contract(session: AsyncSession) -> None:
    query = select(Contract).where(Contract.value_pence.is_not(None))
    valued = {row.reference for row in await session.scalars(query)}
    assert valued == {
        "SCS-2017-AGILISYS",
        "SCS-2017-KPSN",
        "SCS-2017-TELEPHONY",
        "SCS-2017-SCC-HARDWARE",
        # worded as KPSN and SCC are ("Current contract ...", "Existing contract ..."): taken from the activity
        "SCS-2017-MDS",
        "SCS-2017-LIBERI",
        # the new agreement "from 2018 to 2021", valued at the procurement's expected value
        "SCS-2017-MICROSOFT-LICENSING-2018",
    }
    taken = {row.reference for row in await session.scalars(query) if row.inferences}
    assert taken == valued - {"SCS-2017-AGILISYS", "SCS-2017-TELEPHONY"}


async def test_activity_contract_links(session: AsyncSession) -> None:
    activities = {row.id: row.name for row in (await scs_activities(session)).values()}
    contracts = {row.id: row.reference for row in await session.scalars(select(Contract))}
    links = list(await session.scalars(select(ActivityContract)))

    def pair(link: ActivityContract) -> tuple[str, str]:
        return activities[link.activity_id], contracts[link.contract_id]

    stated = {pair(link) for link in links if not link.inferred}
    inferred = {pair(link) for link in links if link.inferred}
    assert stated == {
        ("Agilisys contract", "SCS-2017-AGILISYS"),
        ("Microsoft Software True-Up Licensing", "SCS-2017-MICROSOFT-LICENSING"),
        ("Microsoft Software Licensing Agreement", "SCS-2017-MICROSOFT-LICENSING"),
        ("Microsoft Software Licensing Agreement", "SCS-2017-MICROSOFT-LICENSING-2018"),
        ("Specialist Computer Centre computer hardware", "SCS-2017-SCC-HARDWARE"),
        ("Telephony Services", "SCS-2017-TELEPHONY"),
        ("Daisy Updata Communications Ltd (KPSN)", "SCS-2017-KPSN"),
        ("Northgate Information Solutions UK Ltd", "SCS-2017-NORTHGATE-SWIFT"),
        ("Managed Document Service", "SCS-2017-MDS"),
        ("Schools Broadband", "SCS-2017-EIS-SCHOOLS-BROADBAND"),
        ("Liberi (LCS)", "SCS-2017-LIBERI"),
    }
    tfm_contracts = ("SCS-2017-TFM-AMEY", "SCS-2017-TFM-SKANSKA", "SCS-2017-TFM-KIER")
    assert inferred == {(f"Total Facilities Management {n}", ref) for n in (1, 2, 3) for ref in tfm_contracts}
    assert all("does not say which replaces which" in (link.reason or "") for link in links if link.inferred)
    assert all(link.reason for link in links)


# --- Section I: internal and external services --------------------------------------------------------


async def test_services_of_section_i(session: AsyncSession) -> None:
    names = await division_names(session)
    companies = {row.id: row.name for row in await session.scalars(select(TradedCompany))}
    services = list(await session.scalars(select(Service)))
    assert len(services) == 57
    by_division = Counter(names[row.division_id or 0] for row in services if row.traded_company_id is None)
    assert by_division == {
        EODD: 9,
        "Finance": 12,
        "Governance and Law": 3,
        "Infrastructure": 4,
        "Strategic Commissioning": 3,
        SPRCA: 6,
    }
    outsourced = [row for row in services if row.traded_company_id]
    by_company = Counter((companies[s.traded_company_id or 0], names[s.division_id or 0]) for s in outsourced)
    assert by_company == {
        ("Invicta Law", "Governance and Law"): 1,
        ("Business Service Centre", EODD): 1,
        ("Business Service Centre", "Finance"): 6,
        ("Business Service Centre", "Infrastructure"): 7,
        ("GEN2 Property Ltd", "Infrastructure"): 5,
    }
    assert "Infrastructure Client Functions" not in {row.name for row in services}
    assert Counter(row.delivery for row in services) == {
        "INTERNAL": 51,
        "EXTERNAL": 3,
        "PART_COMMISSIONED": 2,
        "VARIOUS": 1,
    }


async def test_service_deliveries_keep_the_printed_words(session: AsyncSession) -> None:
    estates = await service(
        session, "Delivery of estates services for operational, non-operational and investment portfolios"
    )
    assert (estates.delivery, estates.delivery_text) == (
        "INTERNAL",
        "Internal supported with specialist advice as necessary",
    )
    email = await service(session, "Provision of email and secure email services")
    assert (email.delivery, email.delivery_text) == ("PART_COMMISSIONED", "Part Internal, part commissioned")
    new_build = await service(session, "New build properties and major refurbishment (capital programmes)")
    assert (new_build.delivery, new_build.delivery_text) == ("VARIOUS", "Various")


async def test_service_contract_ends(session: AsyncSession) -> None:
    contact_point = await service(session, "Contact Point and Digital Services")
    assert (contact_point.delivery, contact_point.contract_end_text) == ("EXTERNAL", "December 2025")
    assert (contact_point.contract_end_earliest, contact_point.contract_end_latest) == (
        D(2025, 12, 1),
        D(2025, 12, 31),
    )
    legal = await service(session, "Legal Services")
    assert (legal.contract_end_text, legal.contract_end_earliest, legal.contract_end_latest) == (
        "2026",
        D(2026, 1, 1),
        D(2026, 12, 31),
    )
    kpsn = await service(session, "Infrastructure Partnerships (KPSN, Kent Connects, One Public Estate)")
    assert (kpsn.contract_end_text, kpsn.contract_end_earliest, kpsn.contract_end_precision) == (
        "KPSN - 2020",
        D(2020, 1, 1),
        "YEAR",
    )
    training = await service(session, "Training delivery (commissioned through Business Services Centre)")
    assert (training.contract_end_earliest, training.contract_end_text) == (None, None)
    tfm = await service(session, TFM_SERVICE)
    assert tfm.contract_end_text == "Amey and Skanska - October 2019 Kier - January 2020"
    assert (tfm.contract_end_earliest, tfm.contract_end_latest, tfm.contract_end_precision) == (
        D(2019, 10, 1),
        D(2020, 1, 31),
        "RANGE",
    )


async def test_service_contract_links(session: AsyncSession) -> None:
    services = {row.id: row.name for row in await session.scalars(select(Service))}
    contracts = {row.id: row.reference for row in await session.scalars(select(Contract))}
    pairs = await session.execute(select(service_contract.c.service_id, service_contract.c.contract_id))
    assert {(services[s], contracts[c]) for s, c in pairs} == {
        ("Contact Point and Digital Services", "SCS-2017-AGILISYS"),
        ("Legal Services", "SCS-2017-INVICTA-LAW"),
        ("Infrastructure Partnerships (KPSN, Kent Connects, One Public Estate)", "SCS-2017-KPSN"),
        (TFM_SERVICE, "SCS-2017-TFM-AMEY"),
        (TFM_SERVICE, "SCS-2017-TFM-SKANSKA"),
        (TFM_SERVICE, "SCS-2017-TFM-KIER"),
    }


# --- Traded companies and providers -------------------------------------------------------------------


async def test_traded_companies_and_who_commissions_them(session: AsyncSession) -> None:
    names = await division_names(session)
    companies = {row.name: row for row in await session.scalars(select(TradedCompany))}
    commissioners: dict[str, set[str]] = {name: set() for name in companies}
    by_id = {row.id: name for name, row in companies.items()}
    for row in await session.scalars(select(TradedCompanyCommissioner)):
        commissioners[by_id[row.traded_company_id]].add(names[row.division_id])
    assert commissioners == {
        "Business Service Centre": {"Infrastructure", EODD, "Finance"},
        "Commercial Services": set(),
        "GEN2 Property Ltd": {"Infrastructure"},
        "Invicta Law": {"Governance and Law"},
    }
    providers = {row.id: row for row in await session.scalars(select(Provider))}
    for name, company in companies.items():
        assert (providers[company.provider_id].name, providers[company.provider_id].kind) == (
            name,
            "TRADED_COMPANY",
        )


async def test_traded_company_facts_in_the_papers_words(session: AsyncSession) -> None:
    companies = {row.name: row for row in await session.scalars(select(TradedCompany))}
    facts = {
        name: (row.legal_form, row.ownership, row.governance, row.established_text, row.established_earliest)
        for name, row in companies.items()
    }
    assert facts == {
        "Business Service Centre": (None, None, None, "April 2015", D(2015, 4, 1)),
        "Commercial Services": (
            None,
            "KCC, as the 100% shareholder",
            "Shareholder Board, supported by Commercial Services Boards, Audit and Remuneration Committees",
            None,
            None,
        ),
        "GEN2 Property Ltd": (
            "Local Authority Trading Company (LATCo), a limited company",
            "wholly owned by KCC",
            "its own shareholder board",
            "May 2016",
            D(2016, 5, 1),
        ),
        "Invicta Law": (
            "Alternative Business Structure",
            None,
            "its own shareholder governance board",
            None,
            None,
        ),
    }
    paper = paper_text(SCS_PAPER)
    for row in companies.values():
        assert collapse(row.description or "").replace("GEN2", "GEN<sup>2</sup>") in paper


async def test_suppliers(session: AsyncSession) -> None:
    query = select(Provider).where(Provider.kind == "SUPPLIER")
    suppliers = {row.name for row in await session.scalars(query)}
    assert suppliers == {
        "Agilisys",
        "Amey",
        "Skanska",
        "Kier",
        "Microsoft",
        "Specialist Computer Centre",
        "Daisy Updata Communications Ltd",
        "Northgate Information Solutions UK Ltd",
        "Newton Europe",
    }


# --- Directorates, divisions and plans ----------------------------------------------------------------


async def test_directorates(session: AsyncSession) -> None:
    rows = await session.scalars(select(Directorate))
    assert {row.code: (row.name, row.corporate_director) for row in rows} == {
        "SCS": ("Strategic and Corporate Services", "David Cockburn"),
        "GET": ("Growth, Environment and Transport", "Barbara Cooper"),
        "ELS": ("ELS", None),
        "FSC": ("FSC", None),
        "BSS": ("Business Strategy & Support", "David Cockburn"),
        "C&C": ("C&C", None),
        "E&E": ("E&E", None),
    }


async def test_scs_divisions_and_directors(session: AsyncSession) -> None:
    query = select(Division).join(Directorate, Division.directorate_id == Directorate.id)
    rows = await session.scalars(query.where(Directorate.code == "SCS"))
    assert {row.name: (row.director_title, row.director) for row in rows} == {
        EODD: ("Corporate Director", "Amanda Beer"),
        "Finance": ("Corporate Director", "Andy Wood"),
        "Governance and Law": ("Director", "Ben Watts"),
        "Infrastructure": ("Director", "Rebecca Spore"),
        "Strategic Commissioning": (None, None),
        SPRCA: ("Director", "David Whittle"),
    }


async def test_the_2017_18_plans(session: AsyncSession) -> None:
    rows = await session.scalars(select(BusinessPlan).where(BusinessPlan.financial_year == 2017))
    plans = {row.title: row for row in rows}
    scs = plans["Strategic and Corporate Services Directorate Business Plan 2017-18"]
    get = plans["Growth, Environment and Transport Directorate Business Plan 2017-18"]
    assert (scs.status, scs.committee, scs.committee_date, scs.document_date) == (
        "FINAL_DRAFT",
        "Policy and Resources Cabinet Committee",
        D(2017, 3, 8),
        D(2017, 2, 23),
    )
    assert (get.status, get.committee, get.committee_date, get.document_date) == (
        "FINAL_DRAFT",
        "Growth, Economic Development and Communities Cabinet Committee",
        D(2017, 3, 22),
        None,
    )
    for plan in (scs, get):
        assert (plan.window_start_year, plan.window_end_year) == (2017, 2019)
        assert (plan.publication_text, plan.publication_earliest, plan.publication_latest) == (
            "April 2017",
            D(2017, 4, 1),
            D(2017, 4, 30),
        )


async def priorities(session: AsyncSession, title: str) -> list[str]:
    query = select(PlanPriority).join(BusinessPlan, PlanPriority.plan_id == BusinessPlan.id)
    rows = await session.scalars(query.where(BusinessPlan.title == title).order_by(PlanPriority.position))
    return [row.text for row in rows]


async def test_plan_priorities_in_order(session: AsyncSession) -> None:
    get = await priorities(session, "Growth, Environment and Transport Directorate Business Plan 2017-18")
    assert len(get) == 7
    assert get[0] == "Further develop and refine GET's approach to commissioning services"
    assert get[2] == "Explore and develop multi-agency approaches to improve delivery of GET's services"
    assert get[4].startswith("Develop GET's offer of a preventative model")
    assert get[6].startswith("Plan and deliver appropriate growth in the county")
    scs = await priorities(session, "Strategic and Corporate Services Directorate Business Plan 2017-18")
    assert len(scs) == 11
    assert scs[0].startswith("Provide professional, high quality and cost effective services")
    assert scs[7].startswith("Develop the new Kent Health and Wellbeing Strategy")
    assert scs[10].startswith("Continue to implement our Prevent duty")
    for text in get:
        assert text in paper_text("002_a727e2d8bf129bcf.txt")
    for text in scs:
        assert text in paper_text(SCS_PAPER)


async def test_the_25_plans_of_2012_13(session: AsyncSession) -> None:
    on_directorate = BusinessPlan.directorate_id == Directorate.id
    query = select(BusinessPlan, Directorate.code).join(Directorate, on_directorate)
    rows = (await session.execute(query.where(BusinessPlan.financial_year == 2012))).all()
    assert Counter(code for _, code in rows) == {"ELS": 7, "FSC": 4, "BSS": 7, "C&C": 3, "E&E": 4}
    names = await division_names(session)
    for plan, code in rows:
        assert plan.title == f"{code} {names[plan.division_id or 0]}"
        assert (plan.status, plan.committee, plan.committee_date) == (
            "FINAL_DRAFT",
            "Cabinet",
            D(2012, 4, 16),
        )
        assert (plan.window_start_year, plan.publication_text) == (None, None)
        assert f"- {plan.title}" in paper_text("003_0786b428787bab2d.txt")
    titles = {plan.title for plan, _ in rows}
    assert "BSS Regeneration & Economic Development (inc. International Affairs)" in titles


# --- Plan references and provenance -------------------------------------------------------------------


async def test_every_reference_quotes_its_paper(session: AsyncSession) -> None:
    references = list(await session.scalars(select(PlanReference)))
    assert len(references) == 128
    for reference in references:
        paper = reference.source.split(",")[0] if reference.source else ""
        assert collapse(reference.source_text) in paper_text(paper), reference.source_text


async def test_what_the_scs_plan_references(session: AsyncSession) -> None:
    query = select(BusinessPlan).where(BusinessPlan.title.startswith("Strategic and Corporate"))
    plan = await session.scalar(query)
    assert plan is not None
    references = list(await session.scalars(select(PlanReference).where(PlanReference.plan_id == plan.id)))
    kinds = Counter((row.subject_kind, row.section) for row in references)
    assert kinds == {
        ("COMMISSIONING_ACTIVITY", "J"): 24,
        ("SERVICE", "I"): 57,
        ("CONTRACT", "J"): 10,
        ("CONTRACT", "I"): 6,
        ("CONTRACT", "C"): 2,
        ("PROVIDER", "J"): 5,
        ("PROVIDER", "I"): 3,
        ("PROVIDER", "C"): 1,
        ("PROVIDER", "D"): 3,
        ("TRADED_COMPANY", "B"): 4,
        ("TRADED_COMPANY", "C"): 4,
        ("TRADED_COMPANY", "D"): 3,
        ("TRADED_COMPANY", "I"): 3,
        ("TRADED_COMPANY", "J"): 3,
    }
    contracts = {row.contract_id for row in references if row.contract_id}
    assert contracts == {row.id for row in await session.scalars(select(Contract))}
    newton = await session.scalar(select(Provider).where(Provider.name == "Newton Europe"))
    assert newton is not None
    assert any(row.provider_id == newton.id and row.section == "D" for row in references)


async def test_service_cells_are_the_rows_cells(session: AsyncSession) -> None:
    services = {row.id: row for row in await session.scalars(select(Service))}
    query = select(PlanReference).where(PlanReference.subject_kind == "SERVICE")
    for reference in await session.scalars(query):
        lines = [line.split("\t") for line in reference.source_text.split("\n")]
        row = services[reference.service_id or 0]
        assert bare("".join(cells[0] for cells in lines)) == bare(row.name)
        assert bare("".join(cells[1] for cells in lines)) == bare(row.delivery_text)
        end_cell = "".join(cells[2] for cells in lines)
        assert end_cell == (row.contract_end_text or "") or (row.contract_end_text, end_cell) == (
            None,
            "Multiple contracts",
        )


async def test_every_record_keeps_its_source(session: AsyncSession) -> None:
    for model in (
        Directorate,
        Division,
        BusinessPlan,
        Provider,
        TradedCompany,
        Contract,
        CommissioningActivity,
        Service,
    ):
        sources = list(await session.scalars(select(model.source)))
        assert sources and all(PAPER_NAME.match(source or "") for source in sources), model


async def test_printed_dates_and_values_are_in_the_paper(session: AsyncSession) -> None:
    paper = paper_text(SCS_PAPER)
    for row in await session.scalars(select(Contract)):
        for text in (row.value_text, row.end_text, row.extension_options):
            assert text is None or text in paper, text


# --- Seeding again ------------------------------------------------------------------------------------


async def test_seeding_again_changes_nothing(session: AsyncSession) -> None:
    before = await row_counts(session)
    versions = [row.version for row in await session.scalars(select(Contract).order_by(Contract.id))]
    report = await seed_register(session)
    assert (report.total.created, report.total.updated) == (0, 0)
    assert report.total.unchanged == sum(before.values())
    assert not report.changed
    assert await row_counts(session) == before
    assert [row.version for row in await session.scalars(select(Contract).order_by(Contract.id))] == versions


async def test_seeding_restores_an_edited_record_and_counts_the_update(session: AsyncSession) -> None:
    agilisys = await contract(session, "SCS-2017-AGILISYS")
    version = agilisys.version
    agilisys.title = "Edited by hand"
    await session.flush()
    report = await seed_register(session)
    assert (report.table("contract").updated, report.total.updated, report.total.created) == (1, 1, 0)
    assert (agilisys.title, agilisys.version) == ("Contact Point and Digital Services", version + 1)


def test_an_unreadable_cell_names_its_file_and_record() -> None:
    paper = Entry({"activity": [{"name": "Social Care", "key_decision": "soon"}]}, "scs_2017_18.toml")
    activity = paper.entries("activity")[0]
    expected = r"^scs_2017_18\.toml, activity 'Social Care': key_decision: .*\"soon\""
    with pytest.raises(SeedDataError, match=expected):
        activity.interval("key_decision")
    with pytest.raises(SeedDataError, match=r"activity 'Social Care': consultation 'Maybe' is not one of"):
        record = Entry({"consultation": "Maybe"}, "scs_2017_18.toml, activity 'Social Care'")
        record.consultation("consultation")


async def test_a_record_repeated_in_the_seed_files_is_an_error(session: AsyncSession) -> None:
    rows = await Rows.load(session, Directorate, lambda row: (row.code,), SeedReport(), ChangeLog("register seed"))
    entry = Entry({"code": "GET"}, "get_2017_18.toml, directorate 'GET'")
    values = {
        "code": "GET",
        "name": "Growth, Environment and Transport",
        "corporate_director": "Barbara Cooper",
    }
    rows.put(entry, ("GET",), values)
    repeated = r"^get_2017_18\.toml, directorate 'GET': repeats the directorate"
    with pytest.raises(SeedDataError, match=repeated):
        rows.put(entry, ("GET",), values)


async def test_the_seeded_register_says_so(session: AsyncSession) -> None:
    assert await is_seeded(session)
