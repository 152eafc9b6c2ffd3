"""The Transparency Code CSV: councils' layouts read in, all or nothing, and the register written out and back.

Each test runs on the seeded register (rolled back afterwards) on SQLite and on PostgreSQL; the fixture files in
tests/data/transparency are small, real-looking publications in two councils' header layouts.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.exchange import ImportRejected, ImportReport, RowProblem
from db.history import snapshot
from db.migrations import upgrade
from db.models import Change, Contract, Directorate, Division, Provider
from db.transparency import EXPORT_HEADERS, export_transparency_csv, import_transparency_csv
from db.transparency.columns import Field, field_for
from tests.conftest import Database

DATA = Path(__file__).parents[1] / "data" / "transparency"
ACTOR = "import-test"
# Fields of a contract that say where and when a row was written, not what the contract is.
BOOKKEEPING = {"id", "provider_id", "directorate_id", "division_id", "version", "created_at", "updated_at", "source"}
# The Code's columns have no place for the register's readings of the papers (the OCDS export carries them):
# a value's basis is written out as stated, so it comes back stated, not assumed.
READINGS = {"inferences", "value_basis_assumed"}


async def import_file(session: AsyncSession, name: str, actor: str = ACTOR) -> ImportReport:
    with (DATA / name).open(encoding="utf-8", newline="") as lines:
        return await import_transparency_csv(session, lines, actor=actor, source_name=name)


async def rejection(session: AsyncSession, name: str) -> ImportReport:
    with pytest.raises(ImportRejected) as rejected:
        await import_file(session, name)
    return rejected.value.report


async def contract(session: AsyncSession, reference: str) -> Contract:
    found = await session.scalar(select(Contract).where(Contract.reference == reference))
    assert found is not None, reference
    return found


async def count(session: AsyncSession, model: type[Contract] | type[Change] | type[Provider]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def exported(session: AsyncSession) -> str:
    out = io.StringIO()
    await export_transparency_csv(session, out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Reference Number", Field.REFERENCE),
        ("Contract Reference", Field.REFERENCE),
        ("REF", Field.REFERENCE),
        ("Title of Agreement", Field.TITLE),
        ("Contract Title", Field.TITLE),
        ("Department Responsible", Field.DEPARTMENT),
        ("Directorate", Field.DEPARTMENT),
        ("Description of the goods and/or services", Field.DESCRIPTION),
        ("Supplier Name", Field.SUPPLIER_NAME),
        ("Supplier Details", Field.SUPPLIER_DETAILS),
        ("Company Registration Number", Field.COMPANY_NUMBER),
        ("Value of Contract (£)", Field.VALUE),
        ("Sum to be paid over the length of the contract", Field.VALUE_TOTAL),
        ("Estimated annual spend", Field.VALUE_ANNUAL),
        ("VAT that cannot be recovered", Field.VAT),
        ("Start Date (DD/MM/YYYY)", Field.START),
        ("end date", Field.END),
        ("Review Date", Field.REVIEW),
        ("Tender / Quote", Field.ROUTE),
        ("Procurement Process", Field.ROUTE),
        ("SME (Y/N)", Field.SME),
        ("VCSE", Field.VCSE),
        ("Charity Number", Field.CHARITY_NUMBER),
        ("\ufeffReference  Number", Field.REFERENCE),
        ("Cost Centre", None),
    ],
)
def test_councils_header_names_map_to_the_codes_items(header: str, field: Field | None) -> None:
    assert field_for(header) is field


async def test_a_county_layout_imports_with_uk_dates_and_money(session: AsyncSession) -> None:
    # given the Code's own words as headers, UK dates and money as councils write them
    # when the file is imported
    report = await import_file(session, "county_layout.csv")

    # then every row is a new contract, read exactly
    assert (report.created, report.updated, report.unchanged, report.rejected) == (4, 0, 0, 0)
    assert report.unmapped_columns == []
    highways = await contract(session, "KCC-2019-0412")
    assert (highways.value_pence, highways.value_basis, highways.value_text) == (125_000_000, "TOTAL", "£1,250,000.00")
    # the term comes from the start and end days, so the yearly value is derived as the seed loader derives it
    assert (highways.term_months, highways.annual_value_pence, highways.total_value_pence) == (
        36,
        41_666_667,
        125_000_000,
    )
    assert (highways.start_earliest, highways.start_precision, highways.start_text) == (
        date(2019, 4, 1),
        "DAY",
        "01/04/2019",
    )
    assert (highways.review_earliest, highways.review_latest, highways.review_precision) == (
        date(2021, 3, 1),
        date(2021, 3, 31),
        "MONTH",
    )
    assert (highways.vat_irrecoverable_pence, highways.procurement_route, highways.status) == (0, "TENDER", "EXPIRED")
    assert highways.source == "county_layout.csv, line 2"
    get = await session.scalar(select(Directorate).where(Directorate.code == "GET"))
    assert get is not None and highways.directorate_id == get.id
    amey = await session.get_one(Provider, highways.provider_id)
    assert (amey.name, amey.company_number, amey.sme, amey.vcse) == ("Amey Highways Ltd", "09515658", False, False)

    care = await contract(session, "KCC-2019-0533")
    assert (care.value_pence, care.value_basis, care.annual_value_pence) == (125_000_000, "ANNUAL", 125_000_000)
    assert care.vat_irrecoverable_pence is None
    # a department the register does not know is kept as text, not refused
    assert care.directorate_id is None
    assert care.extra == {"Department Responsible": "Adult Social Care and Health"}
    carers = await session.get_one(Provider, care.provider_id)
    assert (carers.sme, carers.vcse, carers.charity_number) == (True, True, "1145200")

    # an existing supplier matched by name gains the company number and details the file gives
    licensing = await contract(session, "KCC-2020-0007")
    microsoft = await session.get_one(Provider, licensing.provider_id)
    assert (microsoft.name, microsoft.company_number, microsoft.version) == ("Microsoft", "01624297", 2)
    assert (licensing.start_precision, licensing.start_text, licensing.term_months) == ("MONTH", "July 2020", None)


async def test_a_district_layout_with_its_own_headers_imports(session: AsyncSession) -> None:
    # given another council's headers: a value with a basis column, one SME/VCSE column, a service area
    report = await import_file(session, "district_layout.csv")

    # then its columns are all understood
    assert (report.created, report.rejected, report.unmapped_columns) == (3, 0, [])
    grounds = await contract(session, "DC/2021/014")
    assert (grounds.value_pence, grounds.value_basis, grounds.term_months) == (4_800_000, "ANNUAL", 36)
    assert (grounds.annual_value_pence, grounds.total_value_pence) == (4_800_000, 14_400_000)
    assert (grounds.start_earliest, grounds.end_latest) == (date(2021, 4, 1), date(2024, 3, 31))
    assert (grounds.review_earliest, grounds.review_latest, grounds.review_precision) == (
        date(2022, 10, 1),
        date(2022, 12, 31),
        "QUARTER",
    )
    assert (grounds.procurement_route, grounds.vat_irrecoverable_pence) == ("QUOTE", 0)
    division = await session.get_one(Division, grounds.division_id)
    assert division.name == "Infrastructure"
    greenscape = await session.get_one(Provider, grounds.provider_id)
    # a spreadsheet's dropped leading zero is put back on the company number
    assert (greenscape.company_number, greenscape.sme, greenscape.vcse) == ("04412873", True, None)

    homelessness = await contract(session, "DC/2021/022")
    porchlight = await session.get_one(Provider, homelessness.provider_id)
    assert (homelessness.value_basis, homelessness.procurement_route) == ("TOTAL", "TENDER")
    assert (porchlight.vcse, porchlight.charity_number) == (True, "1100209")
    cash = await contract(session, "DC/2021/031")
    loomis = await session.get_one(Provider, cash.provider_id)
    assert (cash.procurement_route, loomis.sme, loomis.vcse) == ("FRAMEWORK", False, False)


async def test_one_bad_row_rejects_the_whole_file_and_writes_nothing(session: AsyncSession) -> None:
    # given a file of four contracts, the third ending on a day that does not exist
    before = (await count(session, Contract), await count(session, Provider), await count(session, Change))

    # when it is imported
    report = await rejection(session, "one_bad_row.csv")

    # then nothing is written, and the report names the bad row, its line and why
    assert (await count(session, Contract), await count(session, Provider), await count(session, Change)) == before
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 0, 1)
    assert [problem.line for problem in report.problems] == [4]
    assert 'End Date "31/02/2025" is not a date (no such day)' in report.problems[0].reason


async def test_the_report_names_every_bad_row_with_its_line_reference_column_and_reason(session: AsyncSession) -> None:
    # given several bad rows among good ones, one good row spanning two lines of the file
    report = await rejection(session, "bad_rows.csv")

    # then each bad row is named by the line it starts on, with every reason
    assert report.rejected == 5
    problems = {problem.line: problem.reason for problem in report.problems}
    assert list(problems) == [2, 3, 5, 7, 8]
    assert problems[2].startswith('Contract Value "£12,5oo" is not an amount of money')
    assert problems[3].startswith('Start "Spring 2022" is not a date')
    assert problems[5] == "Ref is blank"
    assert 'Procurement Route "Spot purchase" is not a procurement route' in problems[7]
    assert 'SME "Maybe" is not yes or no' in problems[7]
    assert problems[8] == 'repeats the reference "BR-001" of line 2'
    assert str(RowProblem(problems[5], line=5)) == "line 5: Ref is blank"
    # and by its record's reference, where it has one
    references = {problem.line: problem.reference for problem in report.problems}
    assert references == {2: "BR-001", 3: "BR-002", 5: None, 7: "BR-005", 8: "BR-001"}
    assert str(report.problems[0]).startswith('line 2 (record "BR-001"): Contract Value "£12,5oo" is not')


async def test_a_file_without_a_reference_column_is_refused_at_its_header(session: AsyncSession) -> None:
    lines = ["Contract Title,Supplier\r\n", "Pest control,Rentokil\r\n"]
    with pytest.raises(ImportRejected) as rejected:
        await import_transparency_csv(session, lines, actor=ACTOR, source_name="no-ref.csv")
    assert rejected.value.report.problems == [
        RowProblem('no column holds the reference number (headers: "Contract Title", "Supplier")', line=1)
    ]


async def test_importing_the_same_file_again_changes_nothing(session: AsyncSession) -> None:
    # given a file already imported
    await import_file(session, "county_layout.csv")
    changes = await count(session, Change)

    # when it is imported again
    report = await import_file(session, "county_layout.csv")

    # then every row is unchanged and no change is recorded
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 4, 0)
    assert await count(session, Change) == changes


async def test_columns_the_register_does_not_know_are_reported_and_kept(session: AsyncSession) -> None:
    # given a file with a cost centre, a contract manager and a ward
    report = await import_file(session, "unknown_columns.csv")

    # then the report says which columns it did not understand, and each record keeps its cells
    assert report.unmapped_columns == ["Cost Centre", "Contract Manager", "Ward"]
    assert "columns not understood (kept with each record): Cost Centre, Contract Manager, Ward" in str(report)
    cctv = await contract(session, "UC-2023-001")
    assert cctv.extra == {"Cost Centre": "KC1204", "Contract Manager": "J. Patel", "Ward": "Town Centre"}
    toilets = await contract(session, "UC-2023-002")
    assert toilets.extra == {"Cost Centre": "KC1187"}
    # and the export carries them on
    assert '"{""Contract Manager"": ""J. Patel"", ""Cost Centre"": ""KC1204"", ""Ward"": ""Town Centre""}"' in (
        await exported(session)
    )


async def test_every_record_written_is_in_the_history_with_the_actor(session: AsyncSession) -> None:
    await import_file(session, "county_layout.csv", actor="finance-system")

    changes = (await session.scalars(select(Change).where(Change.actor == "finance-system"))).all()
    by_table = sorted((change.record_table, change.kind) for change in changes)
    assert by_table == [("contract", "IMPORT")] * 4 + [("provider", "IMPORT")] * 3 + [("provider", "UPDATE")]
    assert all(str(change.origin).startswith("Transparency Code CSV: county_layout.csv, line ") for change in changes)
    microsoft = next(change for change in changes if change.kind == "UPDATE")
    assert microsoft.before is not None
    assert (microsoft.before["company_number"], microsoft.after["company_number"]) == (None, "01624297")


async def test_a_row_for_a_contract_on_the_register_updates_only_what_it_carries(session: AsyncSession) -> None:
    # given the KPSN contract, with a value and extension options the file does not mention
    lines = ["Contract Reference,Review Date,Tender / Quote\r\n", "SCS-2017-KPSN,Q4 2018/19,Tender\r\n"]

    report = await import_transparency_csv(session, lines, actor=ACTOR, source_name="reviews.csv")

    kpsn = await contract(session, "SCS-2017-KPSN")
    assert (report.updated, kpsn.version, kpsn.source) == (1, 2, "reviews.csv, line 2")
    assert (kpsn.review_earliest, kpsn.review_latest, kpsn.review_text) == (
        date(2019, 1, 1),
        date(2019, 3, 31),
        "Q4 2018/19",
    )
    assert (kpsn.procurement_route, kpsn.value_text, kpsn.title) == (
        "TENDER",
        "£3.5m (p/a)",
        "Kent Public Services Network (KPSN)",
    )
    assert kpsn.extension_options is not None
    updates = select(Change).where(
        Change.record_table == "contract", Change.record_id == kpsn.id, Change.kind == "UPDATE"
    )
    change = await session.scalar(updates)
    assert change is not None and change.kind == "UPDATE" and change.before is not None
    assert change.before["review_text"] is None


async def test_a_new_contract_from_a_file_without_titles_is_rejected(session: AsyncSession) -> None:
    lines = ["Contract Reference,Review Date\r\n", "SCS-2017-KPSN,Q4 2018/19\r\n", "NEW-1,March 2021\r\n"]

    with pytest.raises(ImportRejected) as rejected:
        await import_transparency_csv(session, lines, actor=ACTOR, source_name="reviews.csv")

    assert rejected.value.report.problems == [
        RowProblem(
            '"NEW-1" is a new contract, which needs a title, and the file has no title column',
            line=3,
            reference="NEW-1",
        )
    ]
    assert (await contract(session, "SCS-2017-KPSN")).review_text is None


async def test_a_file_that_says_two_things_about_who_a_supplier_is_is_rejected(session: AsyncSession) -> None:
    # An SME status may vary by contract (tests/schema/mutations/test_publishers_habits.py); an address may not.
    lines = [
        "Ref,Title,Supplier,Supplier Details,SME\r\n",
        "S-1,Pest control,Rentokil Initial UK Ltd,1 High Street,Yes\r\n",
        "S-2,Washroom services,Rentokil Initial UK Ltd,2 Low Street,No\r\n",
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_transparency_csv(session, lines, actor=ACTOR, source_name="suppliers.csv")
    assert rejected.value.report.problems == [
        RowProblem(
            'supplier "Rentokil Initial UK Ltd" has details "2 Low Street" here but "1 High Street" on line 2',
            line=3,
            reference="S-2",
        )
    ]


async def test_a_code_date_edited_without_its_interval_columns_is_rejected(session: AsyncSession) -> None:
    # given an export whose End Date was changed by hand but whose End columns still say December 2025
    text = (await exported(session)).replace("31/12/2025", "31/12/2026", 1)

    with pytest.raises(ImportRejected) as rejected:
        await import_transparency_csv(session, io.StringIO(text, newline=""), actor=ACTOR, source_name="edited.csv")

    (problem,) = rejected.value.report.problems
    assert problem.reason.startswith("End Date \"31/12/2026\" disagrees with 'December 2025'")


async def test_the_export_writes_every_contract_with_the_codes_columns_first(session: AsyncSession) -> None:
    lines = (await exported(session)).splitlines()

    assert lines[0].split(",")[:3] == ["Reference Number", "Title of Agreement", "Department Responsible"]
    assert len(lines) == 1 + await count(session, Contract)
    agilisys = next(line for line in lines if line.startswith("SCS-2017-AGILISYS,"))
    # exact pounds with the basis said beside them, the Code's day, then the register's own interval
    assert ",36300000.00,Sum over the length of the contract," in agilisys
    assert ",31/12/2025," in agilisys
    assert ",2025-12-01,2025-12-31,MONTH,December 2025," in agilisys
    assert ",Yes,ACTIVE,SCS," in agilisys  # over the Code's £5,000 threshold
    northgate = next(line for line in lines if line.startswith("SCS-2017-NORTHGATE-SWIFT,"))
    assert ",Unknown,ACTIVE,SCS," in northgate  # no value on the register


async def carried(session: AsyncSession) -> dict[str, dict[str, Any]]:
    """Every contract field the format carries, by reference, with its supplier and department by natural key."""
    query = (
        select(Contract, Provider, Directorate, Division)
        .outerjoin(Provider, Contract.provider_id == Provider.id)
        .outerjoin(Directorate, Contract.directorate_id == Directorate.id)
        .outerjoin(Division, Contract.division_id == Division.id)
    )
    fields: dict[str, dict[str, Any]] = {}
    for row, provider, directorate, division in (await session.execute(query)).all():
        values = {
            c.key: getattr(row, c.key) for c in inspect(Contract).column_attrs if c.key not in BOOKKEEPING | READINGS
        }
        supplier_keys = ("name", "kind", "company_number", "address", "sme", "vcse", "charity_number")
        values["provider"] = None if provider is None else {key: getattr(provider, key) for key in supplier_keys}
        values["directorate"] = None if directorate is None else (directorate.code, directorate.name)
        values["division"] = None if division is None else division.name
        fields[row.reference] = values
    return fields


async def test_the_register_survives_a_round_trip_through_the_csv(
    session: AsyncSession, empty_database: Database
) -> None:
    # given the seeded register written out
    first = await exported(session)

    # when a fresh, empty register imports it and writes it out again
    engine = empty_database.engine()
    try:
        await upgrade(engine)
        async with async_sessionmaker(engine, expire_on_commit=False)() as fresh:
            report = await import_transparency_csv(
                fresh, io.StringIO(first, newline=""), actor="round-trip", source_name="register.csv"
            )
            await fresh.commit()
            second = await exported(fresh)
            fresh_fields = await carried(fresh)
    finally:
        await engine.dispose()

    # then the second file is the first, and every contract field the format carries is equal
    assert report.created == await count(session, Contract) == 15
    assert second == first
    assert fresh_fields == await carried(session)
    assert first.splitlines()[0] == ",".join(EXPORT_HEADERS)


async def test_rows_repeating_the_same_cells_are_each_warned_of_and_rejected_on_their_own_line(
    session: AsyncSession,
) -> None:
    # given two rows with the same unknown zero value, dates and supplier (read once for the file, not per row)
    header = "Reference Number,Title of Agreement,Supplier Name,Value of Contract,Start Date,End Date\n"
    same = ",Same Supplier Ltd,0,01/04/2022,{end}\n"
    good = [
        header,
        "REP-1,Window cleaning" + same.format(end="31/03/2025"),
        "REP-2,Gutters" + same.format(end="31/03/2025"),
    ]

    # when they are imported
    report = await import_transparency_csv(session, good, actor=ACTOR, source_name="repeats.csv")

    # then each row has its own warning, naming its line and record
    assert [(notice.line, notice.reference) for notice in report.notices] == [(2, "REP-1"), (3, "REP-2")]
    assert report.notices[0].reason == report.notices[1].reason

    # and when two rows give the same impossible day, each is rejected with the reason on its own line
    bad = [header, "REP-3,Drains" + same.format(end="31/02/2025"), "REP-4,Roofs" + same.format(end="31/02/2025")]
    with pytest.raises(ImportRejected) as rejected:
        await import_transparency_csv(session, bad, actor=ACTOR, source_name="repeats.csv")
    problems = rejected.value.report.problems
    assert [(problem.line, problem.reference) for problem in problems] == [(2, "REP-3"), (3, "REP-4")]
    assert problems[0].reason == problems[1].reason
    assert 'End Date "31/02/2025" is not a date' in problems[0].reason


def _many_rows(count: int, bad_line: int | None = None) -> list[str]:
    """A file of `count` contracts, one new supplier for every fourth, past two of the importer's batches; the
    row on `bad_line` (the header is line 1) ends on a day that does not exist."""
    lines = ["Reference Number,Title of Agreement,Supplier Name,Value of Contract,Start Date,End Date\n"]
    for n in range(count):
        end = "31/02/2025" if n + 2 == bad_line else "31/03/2025"
        lines.append(
            f'BULK-{n:05d},Grounds maintenance lot {n},Bulk Supplier {n // 4} Ltd,"£12,000",01/04/2022,{end}\n'
        )
    return lines


async def test_a_bad_row_late_in_a_long_file_leaves_nothing_of_the_batches_already_written(
    session: AsyncSession,
) -> None:
    # given a file of 1,200 contracts whose 1,150th row is bad, after two batches of 500 have gone to the database
    before = (await count(session, Contract), await count(session, Provider), await count(session, Change))

    # when it is imported
    with pytest.raises(ImportRejected) as rejected:
        await import_transparency_csv(session, _many_rows(1200, bad_line=1151), actor=ACTOR, source_name="bulk.csv")

    # then nothing at all is written, and the report names that row
    assert (await count(session, Contract), await count(session, Provider), await count(session, Change)) == before
    assert [problem.line for problem in rejected.value.report.problems] == [1151]


async def test_a_long_file_written_in_batches_keeps_one_first_change_per_record(session: AsyncSession) -> None:
    # given a file of 1,200 good contracts naming 300 new suppliers
    before = await count(session, Change)

    # when it is imported
    report = await import_transparency_csv(session, _many_rows(1200), actor=ACTOR, source_name="bulk.csv")

    # then every contract and supplier is on the register, each with exactly one IMPORT change naming its line
    assert report.created == 1200
    assert await count(session, Change) == before + 1200 + 300
    changes = (await session.scalars(select(Change).where(Change.actor == ACTOR))).all()
    assert {(c.record_table, c.kind) for c in changes} == {("contract", "IMPORT"), ("provider", "IMPORT")}
    assert len({(c.record_table, c.record_id) for c in changes}) == len(changes)
    last = await contract(session, "BULK-01199")
    first_change = next(c for c in changes if c.record_table == "contract" and c.record_id == last.id)
    assert first_change.origin == "Transparency Code CSV: bulk.csv, line 1201"


async def test_each_new_contracts_first_change_holds_the_contract_as_the_register_holds_it(
    session: AsyncSession,
) -> None:
    # given a file of 600 new contracts, written in batches past the session (as rows, not records)
    await import_transparency_csv(session, _many_rows(600), actor=ACTOR, source_name="bulk.csv")

    # then each contract's IMPORT change records every column exactly as the register reads it back
    written = (await session.scalars(select(Contract).where(Contract.reference.like("BULK-%")))).all()
    changes = await session.scalars(select(Change).where(Change.actor == ACTOR, Change.record_table == "contract"))
    after = {change.record_id: change.after for change in changes}
    assert len(written) == len(after) == 600
    assert all(after[contract.id] == snapshot(contract) for contract in written)
    # and a column the file does not carry is null, as a record added through the session would have it
    assert {(contract.buyer, contract.extra, contract.inferences, contract.version) for contract in written} == {
        ("COUNCIL", None, None, 1)
    }
