"""The register as OCDS 1.1 release packages: valid against the official schema, a lossless round trip, and
real publishers' packages read in, all or nothing, keeping what the register does not map."""

from __future__ import annotations

import copy
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from db.exchange import ImportRejected
from db.intervals import Precision
from db.migrations import upgrade
from db.models import Change, CommissioningActivity, Contract, KeyDecision, Provider
from db.ocds import DEFAULT_OCID_PREFIX, export_release_package, import_ocds_package
from db.ocds.identity import activity_ocid, contract_ocid
from tests.conftest import Database
from tests.db.ocds_validation import CODELIST_FIELDS, DATA, codelist, codes_used, schema_errors

PUBLISHED = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
URI = "https://register.example/exports/contracts.ocds.json"
SAMPLES = DATA / "samples"
CONTRACTS_FINDER = sorted((SAMPLES / "contracts-finder-2014" / "releases").glob("*.json"))
FICTIONAL = SAMPLES / "fictional-example-release-package.json"
KPSN = "SCS-2017-KPSN"


async def exported(session: AsyncSession, published: datetime = PUBLISHED) -> str:
    return await export_release_package(session, published=published, uri=URI)


def release_of(package: dict[str, Any], ocid: str) -> dict[str, Any]:
    return next(release for release in package["releases"] if release["ocid"] == ocid)


async def count(session: AsyncSession, model: type[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def read_json(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


# ---- The export


async def test_the_seeded_register_is_a_release_package_valid_against_ocds_1_1_5(session: AsyncSession) -> None:
    # when the seeded register is exported
    package = json.loads(await exported(session))

    # then the official release package schema (1.1.5, offline) finds nothing wrong
    assert schema_errors(package) == []
    # and there is one release per contract and per commissioning activity
    processes = await count(session, Contract) + await count(session, CommissioningActivity)
    assert len(package["releases"]) == processes
    assert package["publishedDate"] == "2026-11-24T09:30:00Z"
    assert package["publisher"] == {"name": "Kent County Council", "scheme": "GB-LAE", "uid": "KEN"}


async def test_every_code_the_export_uses_is_in_its_ocds_codelist(session: AsyncSession) -> None:
    package = json.loads(await exported(session))

    for name, paths in CODELIST_FIELDS.items():
        used = {code for release in package["releases"] for path in paths for code in codes_used(release, path)}
        assert used <= codelist(name), name
    tags = {tag for release in package["releases"] for tag in release["tag"]}
    assert {"planning", "award", "contract"} <= tags


async def test_every_seeded_contract_is_published_with_its_supplier_and_companies_house_number(
    session: AsyncSession,
) -> None:
    # given a supplier whose Companies House number the register knows
    agilisys = await session.scalar(select(Provider).where(Provider.name == "Agilisys"))
    assert agilisys is not None
    agilisys.company_number = "01234567"
    await session.flush()

    # when the register is exported
    package = json.loads(await exported(session))

    # then every contract is a release under an ocid from its reference, bought by the council
    contracts = (await session.scalars(select(Contract).options(selectinload(Contract.provider)))).all()
    assert len(contracts) == 15
    for contract in contracts:
        release = release_of(package, contract_ocid(DEFAULT_OCID_PREFIX, contract.reference))
        assert release["buyer"] == {"id": "GB-LAE-KEN", "name": "Kent County Council"}
        assert release["registerDetails"]["reference"] == contract.reference
        suppliers = [party for party in release["parties"] if "supplier" in party["roles"]]
        if contract.provider is None:
            assert suppliers == []
            continue
        # with its supplier as a party, named in the award
        assert [party["name"] for party in suppliers] == [contract.provider.name]
        assert release["awards"][0]["suppliers"] == [{"id": suppliers[0]["id"], "name": contract.provider.name}]
        if contract.provider.company_number is None:
            assert "identifier" not in suppliers[0]
    agilisys_release = release_of(package, contract_ocid(DEFAULT_OCID_PREFIX, "SCS-2017-AGILISYS"))
    supplier = agilisys_release["parties"][1]
    assert supplier["id"] == "GB-COH-01234567"
    assert supplier["identifier"] == {"scheme": "GB-COH", "id": "01234567"}


async def test_a_contract_carries_its_imprecise_end_and_yearly_value_beside_ocds_exact_fields(
    session: AsyncSession,
) -> None:
    package = json.loads(await exported(session))

    # KPSN: "£3.5m (p/a)" with no known term, ending "May 2020"
    kpsn = release_of(package, contract_ocid(DEFAULT_OCID_PREFIX, KPSN))
    contract = kpsn["contracts"][0]
    assert contract["status"] == "active"
    assert contract["period"] == {"endDate": "2020-05-31T23:59:59Z"}
    # OCDS's value is whole-life, unknown without a term: the stated yearly value is in registerDetails
    assert "value" not in contract
    details = kpsn["registerDetails"]
    assert details["value"] == {"amount": "3500000.00", "currency": "GBP", "basis": "ANNUAL", "text": "£3.5m (p/a)"}
    assert details["end"] == {
        "earliest": "2020-05-01",
        "latest": "2020-05-31",
        "precision": "MONTH",
        "text": "May 2020",
    }

    # Agilisys: £36.3m over ten years, a whole-life value OCDS can carry
    agilisys = release_of(package, contract_ocid(DEFAULT_OCID_PREFIX, "SCS-2017-AGILISYS"))
    assert agilisys["contracts"][0]["value"] == {"amount": 36300000, "currency": "GBP"}
    assert agilisys["registerDetails"]["termMonths"] == 120


async def test_an_activity_is_a_planning_release_with_its_budget_key_decision_and_prior_contract(
    session: AsyncSession,
) -> None:
    activity = await session.scalar(
        select(CommissioningActivity)
        .join(KeyDecision)
        .where(KeyDecision.expected_text == "Between Q2 2017/18 and Q1 2018/19")
    )
    assert activity is not None
    package = json.loads(await exported(session))

    release = release_of(package, activity_ocid(DEFAULT_OCID_PREFIX, "SCS", activity.name))

    assert release["tag"] == ["planning"]
    assert release["tender"]["title"] == activity.name
    assert release["planning"]["budget"]["description"] == activity.expected_value_text
    [milestone] = release["planning"]["milestones"]
    assert (milestone["type"], milestone["dueDate"]) == ("approval", "2018-06-30T23:59:59Z")
    assert release["registerDetails"]["keyDecision"]["expected"] == {
        "earliest": "2017-07-01",
        "latest": "2018-06-30",
        "precision": "RANGE",
        "text": "Between Q2 2017/18 and Q1 2018/19",
    }
    assert {process["identifier"] for process in release["relatedProcesses"]} == {
        contract_ocid(DEFAULT_OCID_PREFIX, KPSN)
    }


async def test_the_same_register_always_exports_the_same_bytes(session: AsyncSession) -> None:
    first, second = await exported(session), await exported(session)
    later = await exported(session, datetime(2027, 1, 1, tzinfo=UTC))

    assert first == second
    # a new published date changes the dates, not the releases' ids (their content is the same)
    ids = [release["id"] for release in json.loads(first)["releases"]]
    assert [release["id"] for release in json.loads(later)["releases"]] == ids
    assert later.replace("2027-01-01T00:00:00Z", "2026-11-24T09:30:00Z") == first


# ---- The round trip


async def test_a_round_trip_through_a_fresh_register_loses_nothing(
    session: AsyncSession, empty_database: Database
) -> None:
    # given the seeded register's export
    first = await exported(session)

    # when it is imported, as a stream, into a freshly migrated empty register and exported again
    engine = empty_database.engine()
    try:
        await upgrade(engine)
        async with async_sessionmaker(engine, expire_on_commit=False)() as fresh:
            report = await import_ocds_package(
                fresh, io.BytesIO(first.encode()), actor="test", source_name="contracts.ocds.json"
            )
            await fresh.commit()
            again = await exported(fresh)
            kpsn = await fresh.scalar(select(Contract).where(Contract.reference == KPSN))
            decisions = await count(fresh, KeyDecision)
    finally:
        await engine.dispose()

    # then every contract and activity was created, and the second export is the first, byte for byte
    assert (report.created, report.updated, report.unchanged, report.rejected) == (39, 0, 0, 0)
    assert again == first
    assert decisions == await count(session, KeyDecision)
    # with the imprecise end and the yearly value as the register holds them
    assert kpsn is not None
    assert (kpsn.end_earliest, kpsn.end_latest, kpsn.end_precision, kpsn.end_text) == (
        date(2020, 5, 1),
        date(2020, 5, 31),
        Precision.MONTH.value,
        "May 2020",
    )
    assert (kpsn.value_pence, kpsn.value_basis, kpsn.value_text, kpsn.annual_value_pence, kpsn.total_value_pence) == (
        350_000_000,
        "ANNUAL",
        "£3.5m (p/a)",
        350_000_000,
        None,
    )
    assert kpsn.ocid is None  # its ocid is the one its reference mints, so the register need not hold it


async def test_importing_its_own_export_back_changes_nothing(session: AsyncSession) -> None:
    package = json.loads(await exported(session))
    changes = await count(session, Change)

    report = await import_ocds_package(session, package, actor="test", source_name="contracts.ocds.json")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 39)
    assert await count(session, Change) == changes


# ---- Other publishers' packages


async def test_contracts_finder_tender_notices_import_as_planned_contracts_keeping_their_other_fields(
    session: AsyncSession,
) -> None:
    # when each of the five bare releases is imported
    reports = []
    for path in CONTRACTS_FINDER:
        with path.open("rb") as file:
            reports.append(await import_ocds_package(session, file, actor="test", source_name=path.name))

    # then each is one new contract, at tender
    assert [(r.created, r.updated, r.unchanged, r.rejected) for r in reports] == [(1, 0, 0, 0)] * 5
    ocid = "ocds-b5fd17-2c44d7bf-adc8-11e6-9901-0019b9f3037b"
    devon = await session.scalar(select(Contract).where(Contract.ocid == ocid))
    assert devon is not None
    assert devon.reference == ocid
    assert devon.title == "CP1089-14 Secure confidential waste collection, shredding and disposal service"
    assert (devon.status, devon.value_pence, devon.value_basis) == ("PLANNED", 60_000_000, "TOTAL")
    assert devon.source == f"{CONTRACTS_FINDER[2].name}, {ocid}"
    # bought by Devon, not by this council
    assert (devon.buyer, devon.buyer_name, devon.buyer_identifier) == (
        "OTHER",
        "Devon County Council",
        "098c30a2b4f40f0bb11071b7a5fab3d6",
    )
    # and what the register does not map is kept: the CPV items, Contracts Finder's own fields
    assert devon.extra is not None
    unmapped = devon.extra["ocds"]["unmapped"]
    assert "buyer" not in unmapped
    assert unmapped["tender"]["xClassifications"]["ojeuContractType"] == "Works"
    assert unmapped["tender"]["items"][0]["classification"]["id"] == "90500000"
    assert unmapped["tender"]["status"] == "unsuccessful"
    assert "tender.items" in reports[2].unmapped_columns


async def test_the_fictional_example_compiles_its_six_releases_into_one_contract(session: AsyncSession) -> None:
    with FICTIONAL.open("rb") as file:
        report = await import_ocds_package(session, file, actor="test", source_name=FICTIONAL.name)

    assert (report.created, report.updated, report.unchanged, report.rejected) == (1, 0, 0, 0)
    contract = await session.scalar(
        select(Contract).where(Contract.ocid == "ocds-213czf-000-00001").options(selectinload(Contract.provider))
    )
    assert contract is not None
    assert contract.title == "Contract to build new cycle lanes in the centre of town."
    assert (contract.status, contract.value_pence, contract.value_basis) == ("ACTIVE", 1_100_000_000, "TOTAL")
    assert (contract.start_earliest, contract.end_latest, contract.max_extent_latest) == (
        date(2010, 7, 1),
        date(2011, 6, 30),
        date(2011, 12, 31),
    )
    assert (contract.start_precision, contract.term_months) == ("DAY", 12)
    # the supplier, with the company number its spreadsheet-mangled identifier ("11111111.0") stands for
    assert contract.provider is not None
    assert (contract.provider.name, contract.provider.company_number) == ("AnyCorp Cycle Provision", "11111111")
    # the publisher's ids and everything unmapped are kept, from planning to implementation
    assert contract.extra is not None
    kept = contract.extra["ocds"]
    assert kept["ids"] == {"award": "ocds-213czf-000-00001-award-01", "contract": "ocds-213czf-000-00001-contract-01"}
    assert kept["unmapped"]["planning"]["budget"]["projectID"] == "SP001"
    assert kept["unmapped"]["contracts"][0]["implementation"]["transactions"]
    assert kept["unmapped"]["tender"]["status"] == "complete"


async def test_reimporting_a_publishers_package_changes_nothing(session: AsyncSession) -> None:
    package = read_json(FICTIONAL)
    await import_ocds_package(session, package, actor="test", source_name=FICTIONAL.name)
    changes = await count(session, Change)

    again = await import_ocds_package(session, package, actor="test", source_name=FICTIONAL.name)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert await count(session, Change) == changes


async def test_imported_contracts_are_published_again_with_what_was_kept_and_stay_valid(
    session: AsyncSession,
) -> None:
    await import_ocds_package(session, read_json(FICTIONAL), actor="test", source_name=FICTIONAL.name)
    for path in CONTRACTS_FINDER:
        await import_ocds_package(session, read_json(path), actor="test", source_name=path.name)

    package = json.loads(await exported(session))

    assert schema_errors(package) == []
    cycle_lanes = release_of(package, "ocds-213czf-000-00001")
    assert cycle_lanes["buyer"]["name"] == "London Borough of Barnet"
    assert cycle_lanes["contracts"][0]["id"] == "ocds-213czf-000-00001-contract-01"
    assert cycle_lanes["planning"]["budget"]["projectID"] == "SP001"
    assert cycle_lanes["registerDetails"]["status"] == "ACTIVE"


async def test_a_streamed_import_reports_its_progress_in_bytes(session: AsyncSession) -> None:
    seen: list[int] = []
    with FICTIONAL.open("rb") as file:
        await import_ocds_package(session, file, actor="test", source_name=FICTIONAL.name, progress=seen.append)

    assert len(seen) == 6
    assert seen == sorted(seen)
    assert seen[-1] == FICTIONAL.stat().st_size


# ---- All or nothing


async def test_a_package_with_one_bad_release_changes_nothing_and_names_its_json_path(session: AsyncSession) -> None:
    # given the fictional example with a seventh release, for another process, whose contract value is negative
    package = read_json(FICTIONAL)
    bad = copy.deepcopy(package["releases"][4])
    bad["ocid"] = "ocds-213czf-000-00002"
    bad["contracts"][0]["value"]["amount"] = -5
    bad["contracts"][0]["period"]["endDate"] = "30/06/2011"
    package["releases"].append(bad)
    contracts, changes = await count(session, Contract), await count(session, Change)

    # when it is imported, then it is rejected
    with pytest.raises(ImportRejected) as rejected:
        await import_ocds_package(session, package, actor="test", source_name="bad.json")

    # naming the bad release's fields by their JSON paths
    report = rejected.value.report
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 0, 1)
    assert [(problem.path, problem.reason) for problem in report.problems] == [
        ("$.releases[6].contracts[0].period.endDate", "'30/06/2011' is not a date-time such as 2020-05-31T23:59:59Z"),
        ("$.releases[6].contracts[0].value.amount", "must be an amount of at least 0, not -5"),
    ]
    # and the good process was not written either
    assert await count(session, Contract) == contracts
    assert await count(session, Change) == changes


async def test_a_contract_claimed_by_two_processes_rejects_the_package(session: AsyncSession) -> None:
    package = json.loads(await exported(session))
    kpsn = release_of(package, contract_ocid(DEFAULT_OCID_PREFIX, KPSN))
    twin = copy.deepcopy(kpsn) | {"ocid": "ocds-kccreg-contract-KPSN-twin"}
    package["releases"].append(twin)

    with pytest.raises(ImportRejected) as rejected:
        await import_ocds_package(session, package, actor="test", source_name="twins.json")

    [problem] = rejected.value.report.problems
    assert problem.path == f"$.releases[{len(package['releases']) - 1}]"
    assert KPSN in problem.reason


@pytest.mark.parametrize(
    ("document", "path", "reason"),
    [
        (
            b'{"records": [{"ocid": "ocds-x-1", "releases": [{"url": "https://x.org/1"}]}]}',
            "$.records[0].compiledRelease",
            "a record needs its compiledRelease",
        ),
        (b'{"records": {}}', "$.records", "must be an array of records"),
        (b"\x1f\x8b\x08\x00\x00\x00", "$", "the file is not a JSON document: it is a gzip-compressed file"),
        (b"Reference,Title\n", "$", "the file is not a JSON document: it is text beginning 'Reference,Title"),
        (b'{"uri": "x"}', "$", "is neither a release or record package"),
        (b'{"releases": [{"ocid": "ocds-x-1"', "$", "the file is not valid JSON"),
        (b'{"releases": [{"id": "1"}]}', "$.releases[0].ocid", "a release needs the ocid"),
    ],
)
async def test_a_file_that_is_not_a_release_package_is_rejected_with_where_and_why(
    session: AsyncSession, document: bytes, path: str, reason: str
) -> None:
    with pytest.raises(ImportRejected) as rejected:
        await import_ocds_package(session, io.BytesIO(document), actor="test", source_name="odd.json")

    [problem] = rejected.value.report.problems
    assert problem.path == path
    assert problem.reason.startswith(reason)


async def test_a_tender_later_awarded_in_two_lots_becomes_two_contracts_under_its_ocid(session: AsyncSession) -> None:
    # given a process imported at tender
    tender = read_json(FICTIONAL)["releases"][1]
    await import_ocds_package(session, tender, actor="test", source_name="tender.json")
    ocid = tender["ocid"]
    at_tender = await session.scalar(select(Contract).where(Contract.ocid == ocid))
    assert at_tender is not None and at_tender.status == "PLANNED"

    # when its award comes, in two lots to two suppliers
    award = read_json(FICTIONAL)["releases"][4]
    beta = {"id": "GB-COH-22222222", "name": "Beta Corp Construction"}
    second_award = copy.deepcopy(award["awards"][0]) | {"id": "lot-2", "suppliers": [beta]}
    second_contract = copy.deepcopy(award["contracts"][0]) | {"id": "contract-2", "awardID": "lot-2"}
    award["awards"].append(second_award)
    award["contracts"].append(second_contract)
    report = await import_ocds_package(session, award, actor="test", source_name="award.json")

    # then the tender's record is the first lot's contract, and the second lot is a new one
    assert (report.created, report.updated) == (1, 1)
    lots = (await session.scalars(select(Contract).where(Contract.reference.like(f"{ocid}/%")))).all()
    assert sorted(lot.reference for lot in lots) == sorted(
        [f"{ocid}/{award['contracts'][0]['id']}", f"{ocid}/contract-2"]
    )
    assert at_tender.id in {lot.id for lot in lots}
    assert all(lot.ocid is None and lot.extra and lot.extra["ocds"]["ids"]["ocid"] == ocid for lot in lots)

    # and both are published again under the process's ocid, with the publisher's contract ids
    package = json.loads(await exported(session))
    assert schema_errors(package) == []
    releases = [release for release in package["releases"] if release["ocid"] == ocid]
    assert sorted(release["contracts"][0]["id"] for release in releases) == sorted(
        [award["contracts"][0]["id"], "contract-2"]
    )


async def test_a_process_of_several_contracts_comes_back_from_the_registers_own_export(
    session: AsyncSession, empty_database: Database
) -> None:
    # given a publisher's process awarded in two lots, imported, and the register's export of it
    award = read_json(FICTIONAL)["releases"][4]
    beta = {"id": "GB-COH-22222222", "name": "Beta Corp Construction"}
    award["awards"].append(copy.deepcopy(award["awards"][0]) | {"id": "lot-2", "suppliers": [beta]})
    award["contracts"].append(copy.deepcopy(award["contracts"][0]) | {"id": "contract-2", "awardID": "lot-2"})
    await import_ocds_package(session, award, actor="test", source_name="award.json")
    first = await exported(session)

    # when the export is imported back into the same register
    again = await import_ocds_package(session, json.loads(first), actor="test", source_name="contracts.ocds.json")

    # then every process, the two lots included, is found: nothing refused, nothing created, the same releases
    # (the seed's 15 contracts and 24 activities, and the two lots)
    assert (again.created, again.updated + again.unchanged, again.rejected) == (0, 15 + 24 + 2, 0)
    assert content(await exported(session)) == content(first)

    # and into an empty register, whose export then publishes the same releases
    engine = empty_database.engine()
    try:
        await upgrade(engine)
        async with async_sessionmaker(engine, expire_on_commit=False)() as fresh:
            report = await import_ocds_package(fresh, json.loads(first), actor="test", source_name="x.json")
            await fresh.commit()
            assert content(await exported(fresh)) == content(first)
    finally:
        await engine.dispose()
    assert (report.created, report.rejected) == (15 + 24 + 2, 0)


def content(package: str) -> list[dict[str, Any]]:
    """A package's releases without their ids, which digest the bytes (and so the order of keys)."""
    return [
        {key: value for key, value in release.items() if key != "id"} for release in json.loads(package)["releases"]
    ]
