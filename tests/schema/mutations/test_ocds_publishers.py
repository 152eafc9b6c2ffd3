"""OCDS as publishers send it, imported through `contractsImport`: record packages and bare records, a
process of several contracts coming back, other buyers' contracts, and the habits of real publishers' data."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from tests.conftest import GraphQL, Tokens
from tests.db.ocds_validation import DATA

SAMPLES = DATA / "samples"
RECORDS = sorted((SAMPLES / "contracts-finder-2014" / "records").glob("*.json"))
RELEASES = sorted((SAMPLES / "contracts-finder-2014" / "releases").glob("*.json"))
FICTIONAL = SAMPLES / "fictional-example-release-package.json"
DEVON_OCID = "ocds-b5fd17-2c44d7bf-adc8-11e6-9901-0019b9f3037b"
IMPORT = """
mutation Import($input: ContractsImportInput!) {
  contractsImport(input: $input) {
    summary { created updated unchanged }
    userErrors { field message code }
  }
}
"""
CONTRACT = """query($reference: String!) { contract(reference: $reference) { reference title status
  value { amount basis } provider { name } } }"""


def read_json(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def record_package(records: list[dict[str, Any]]) -> dict[str, Any]:
    """A record package as Find a Tender publishes one: its records, each with its releases and compiled release."""
    publisher = {"name": "Find a Tender", "scheme": "GB-GOR", "uid": "PB1"}
    return {
        "uri": "https://www.find-tender.service.gov.uk/api/1.0/ocdsRecordPackages",
        "version": "1.1",
        "publishedDate": "2024-03-05T10:15:00Z",
        "publisher": publisher,
        "records": records,
    }


async def import_document(
    graphql: GraphQL, tokens: Tokens, document: str | dict[str, Any], name: str = "publisher.json"
) -> dict[str, Any]:
    text = document if isinstance(document, str) else json.dumps(document)
    variables = {"input": {"format": "OCDS_JSON", "document": text, "sourceName": name}}
    response = await graphql(IMPORT, variables, token=tokens.editor)
    assert response.errors == []
    payload: dict[str, Any] = response.data["contractsImport"]
    return payload


def counts(payload: dict[str, Any]) -> tuple[int, int, int]:
    summary = payload["summary"]
    return summary["created"], summary["updated"], summary["unchanged"]


async def count(session: AsyncSession, model: type[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


# ---- Record packages and bare records


async def test_a_record_package_imports_each_records_compiled_release(graphql: GraphQL, tokens: Tokens) -> None:
    # given Contracts Finder's five records in one record package, as Find a Tender publishes
    package = record_package([read_json(path) for path in RECORDS])

    # when an editor imports it
    payload = await import_document(graphql, tokens, package, "records.json")

    # then each record's process is one contract on the register, at tender
    assert payload["userErrors"] == []
    assert counts(payload) == (5, 0, 0)
    devon = (await graphql(CONTRACT, {"reference": DEVON_OCID})).data["contract"]
    assert devon["title"] == "CP1089-14 Secure confidential waste collection, shredding and disposal service"
    assert devon["status"] == "PLANNED"
    assert devon["value"] == {"amount": "600000.00", "basis": "TOTAL"}

    # and the same processes sent as bare releases (under the same name) are the same contracts, unchanged
    for path in RELEASES:
        again = await import_document(graphql, tokens, path.read_text(encoding="utf-8"), "records.json")
        assert counts(again) == (0, 0, 1)


async def test_a_bare_record_is_a_record_not_a_package(graphql: GraphQL, tokens: Tokens, session: AsyncSession) -> None:
    # given one bare record (an object with releases and a compiled release, not a package)
    record = RECORDS[2].read_text(encoding="utf-8")
    before = await count(session, models.Contract)

    # when it is imported
    payload = await import_document(graphql, tokens, record, RECORDS[2].name)

    # then its process is one contract, named by the process's ocid
    assert payload["userErrors"] == []
    assert counts(payload) == (1, 0, 0)
    assert await count(session, models.Contract) == before + 1
    assert (await graphql(CONTRACT, {"reference": DEVON_OCID})).data["contract"]["status"] == "PLANNED"


async def test_a_record_without_a_compiled_release_has_its_releases_compiled(graphql: GraphQL, tokens: Tokens) -> None:
    # given the worked example's six releases as one record, in full, with no compiled release
    releases = read_json(FICTIONAL)["releases"]
    package = record_package([{"ocid": releases[0]["ocid"], "releases": releases}])

    # when it is imported
    payload = await import_document(graphql, tokens, package)

    # then the releases were compiled into the process's current state, as from the release package
    assert counts(payload) == (1, 0, 0)
    from_releases = await import_document(graphql, tokens, read_json(FICTIONAL))
    assert counts(from_releases) == (0, 0, 1)


async def test_a_record_that_only_links_its_releases_is_refused_naming_it(
    graphql: GraphQL, tokens: Tokens, session: AsyncSession
) -> None:
    # given a record package whose second record has only linked releases (URLs) and no compiled release
    linked = {
        "ocid": "ocds-h6vhtk-0421f9",
        "releases": [{"url": "https://example.org/releases.json#1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]}],
    }
    package = record_package([read_json(RECORDS[0]), linked])
    before = await count(session, models.Contract)

    # when it is imported, then nothing is written and the error names the record and the field it lacks
    payload = await import_document(graphql, tokens, package)
    assert payload["summary"] is None
    [error] = payload["userErrors"]
    assert error["message"].startswith("$.records[1].compiledRelease: a record needs its compiledRelease")
    assert await count(session, models.Contract) == before


async def test_a_compressed_file_is_refused_as_not_a_json_or_csv_document(graphql: GraphQL, tokens: Tokens) -> None:
    # given the worked example gzipped, as a publisher's bulk download comes, sent as it is
    squeezed = gzip.compress(FICTIONAL.read_bytes()).decode("latin-1")

    # when it is imported as OCDS, or as a Transparency Code CSV
    as_json = await import_document(graphql, tokens, squeezed)
    variables = {"input": {"format": "TRANSPARENCY_CSV", "document": squeezed}}
    as_csv = (await graphql(IMPORT, variables, token=tokens.editor)).data["contractsImport"]

    # then each is refused saying what the file is
    [json_error] = as_json["userErrors"]
    assert json_error["message"].startswith("the file is not a JSON document: it is a gzip-compressed file")
    [csv_error] = as_csv["userErrors"]
    assert csv_error["message"].startswith("the file is not a CSV document: it is a gzip-compressed file")
    assert as_csv["summary"] is None


# ---- Other buyers

BUYER = (
    """query($reference: String!) { contract(reference: $reference) { reference buyer { kind name identifier } } }"""
)
TOTALS = """query($filter: ContractFilter) { contractTotals(groupBy: [], basis: TOTAL, filter: $filter) {
  amount count } }"""
OCDS_EXPORT = "/exports/contracts.ocds.json?publishedDate=2026-11-24T09:30:00Z"


def a_neighbours_release() -> dict[str, Any]:
    """Devon's tender notice, as a neighbouring council published it on Contracts Finder."""
    return read_json(RELEASES[2])


async def test_another_buyers_contract_stays_theirs_and_is_not_this_councils_spend(
    graphql: GraphQL, tokens: Tokens, client: Any
) -> None:
    # given this council's total spend
    before = (await graphql(TOTALS)).data["contractTotals"][0]

    # when Devon's tender notice (£600,000, bought by Devon County Council) is imported
    payload = await import_document(graphql, tokens, a_neighbours_release(), "devon.json")
    assert counts(payload) == (1, 0, 0)

    # then the contract says who bought it
    found = (await graphql(BUYER, {"reference": DEVON_OCID})).data["contract"]
    assert found["buyer"] == {
        "kind": "OTHER",
        "name": "Devon County Council",
        "identifier": "098c30a2b4f40f0bb11071b7a5fab3d6",
    }
    # and this council's totals are as they were, unless other buyers are asked for
    assert (await graphql(TOTALS)).data["contractTotals"][0] == before
    others = await graphql(TOTALS, {"filter": {"buyers": ["OTHER"]}})
    assert others.data["contractTotals"][0] == {"amount": "600000.00", "count": 1}
    # and the council's own contracts say they are the council's
    kpsn = (await graphql(BUYER, {"reference": "SCS-2017-KPSN"})).data["contract"]
    assert kpsn["buyer"] == {"kind": "COUNCIL", "name": "Kent County Council", "identifier": "GB-LAE-KEN"}

    # and the export publishes Devon as its buyer, never the council
    package = (await client.get(OCDS_EXPORT)).json()
    [release] = [release for release in package["releases"] if release["ocid"] == DEVON_OCID]
    assert release["buyer"] == {"id": "098c30a2b4f40f0bb11071b7a5fab3d6", "name": "Devon County Council"}
    assert [party["name"] for party in release["parties"] if "buyer" in party["roles"]] == ["Devon County Council"]


async def test_a_release_that_names_no_buyer_is_not_published_as_the_councils(
    graphql: GraphQL, tokens: Tokens, client: Any
) -> None:
    # given a release with no buyer (and no party in the buyer's role)
    release = a_neighbours_release()
    del release["buyer"]
    release["parties"] = []

    # when it is imported
    payload = await import_document(graphql, tokens, release, "no-buyer.json")
    assert counts(payload) == (1, 0, 0)

    # then it has no buyer, counts in no council's totals, and is published with none
    assert (await graphql(BUYER, {"reference": DEVON_OCID})).data["contract"]["buyer"] is None
    unstated = await graphql(TOTALS, {"filter": {"buyers": ["NOT_STATED"]}})
    assert unstated.data["contractTotals"][0] == {"amount": "600000.00", "count": 1}
    package = (await client.get(OCDS_EXPORT)).json()
    [published] = [release for release in package["releases"] if release["ocid"] == DEVON_OCID]
    assert "buyer" not in published
    assert all("buyer" not in party["roles"] for party in published.get("parties", []))


# ---- Publishers' habits


async def test_html_entities_in_a_publishers_text_are_unescaped(graphql: GraphQL, tokens: Tokens) -> None:
    # given a release whose title and buyer's name came through a web form, HTML-escaped
    release = a_neighbours_release()
    release["tender"]["title"] = "Children&#039;s centres &amp; nurseries "
    release["buyer"]["name"] = "Devon &amp; Cornwall Police"

    # when it is imported
    assert counts(await import_document(graphql, tokens, release)) == (1, 0, 0)

    # then the register holds the text as it reads
    found = (await graphql(CONTRACT, {"reference": DEVON_OCID})).data["contract"]
    assert found["title"] == "Children's centres & nurseries"
    buyer = (await graphql(BUYER, {"reference": DEVON_OCID})).data["contract"]["buyer"]
    assert buyer["name"] == "Devon & Cornwall Police"
