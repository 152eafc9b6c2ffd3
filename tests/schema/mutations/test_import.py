"""Integrating systems import whole files over the API: all or nothing, idempotent, editors only."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from schema.bounds import IMPORT_PROBLEMS
from tests.conftest import EDITOR_NAME, GraphQL, Tokens

DATA = Path(__file__).parents[2] / "data"
IMPORT = """
mutation Import($input: ContractsImportInput!) {
  contractsImport(input: $input) {
    summary { created updated unchanged unmappedColumns }
    userErrors { field message code }
  }
}
"""
CONTRACT = """query($text: String) { contracts(filter: {text: $text}) { edges { node { reference title
  value { amount basis } end { earliest latest text } provider { name } } } } }"""


async def _count(session: AsyncSession, model: type[models.Contract] | type[models.Change]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_an_editor_imports_a_council_csv_and_a_second_import_changes_nothing(
    graphql: GraphQL, tokens: Tokens, session: AsyncSession
) -> None:
    # given a Transparency Code file in one council's layout
    csv = (DATA / "transparency" / "county_layout.csv").read_text()
    variables = {"input": {"format": "TRANSPARENCY_CSV", "document": csv, "sourceName": "county_layout.csv"}}

    # when an editor imports it
    first = await graphql(IMPORT, variables, token=tokens.editor)

    # then its contracts are on the register, found like any other, and the history names the editor
    assert first.errors == [] and first.data["contractsImport"]["userErrors"] == []
    created = first.data["contractsImport"]["summary"]["created"]
    assert created > 0
    found = await graphql(CONTRACT, {"text": "Highways Term Maintenance"})
    (edge,) = found.data["contracts"]["edges"]
    assert edge["node"]["reference"] == "KCC-2019-0412"
    assert edge["node"]["value"] == {"amount": "1250000.00", "basis": "TOTAL"}
    assert edge["node"]["end"]["earliest"] == "2022-03-31"
    imported = select(models.Change.actor).where(
        models.Change.record_table == "contract", models.Change.kind == "IMPORT"
    )
    assert set(await session.scalars(imported)) == {EDITOR_NAME}

    # when the same file is imported again, then nothing changes
    changes = await _count(session, models.Change)
    again = await graphql(IMPORT, variables, token=tokens.editor)
    summary = again.data["contractsImport"]["summary"]
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, created)
    assert await _count(session, models.Change) == changes


async def test_a_file_with_a_bad_row_is_refused_whole_and_each_bad_row_is_named(
    graphql: GraphQL, tokens: Tokens, session: AsyncSession
) -> None:
    # given a file with one bad row among good ones
    csv = (DATA / "transparency" / "one_bad_row.csv").read_text()
    before = await _count(session, models.Contract)

    # when an editor imports it
    response = await graphql(IMPORT, {"input": {"format": "TRANSPARENCY_CSV", "document": csv}}, token=tokens.editor)

    # then nothing is written, and the error names the line
    payload = response.data["contractsImport"]
    assert payload["summary"] is None
    assert [error["code"] for error in payload["userErrors"]] == ["BAD_INPUT"]
    assert payload["userErrors"][0]["message"].startswith("line ")
    assert await _count(session, models.Contract) == before


async def test_an_ocds_package_imports_and_bad_json_is_a_user_error(graphql: GraphQL, tokens: Tokens) -> None:
    # given the OCDS project's worked example package
    package = (DATA / "ocds" / "samples" / "fictional-example-release-package.json").read_text()

    # when an editor imports it, then it is accepted
    response = await graphql(IMPORT, {"input": {"format": "OCDS_JSON", "document": package}}, token=tokens.editor)
    assert response.data["contractsImport"]["userErrors"] == []
    assert response.data["contractsImport"]["summary"]["created"] >= 1

    # and a document that is not JSON is refused with a clear reason
    broken = await graphql(IMPORT, {"input": {"format": "OCDS_JSON", "document": "{"}}, token=tokens.editor)
    (error,) = broken.data["contractsImport"]["userErrors"]
    assert error["code"] == "BAD_INPUT" and "not JSON" in error["message"]


async def test_only_editors_may_import(graphql: GraphQL, tokens: Tokens, session: AsyncSession) -> None:
    csv = (DATA / "transparency" / "county_layout.csv").read_text()
    before = await _count(session, models.Contract)
    variables = {"input": {"format": "TRANSPARENCY_CSV", "document": csv}}
    reader = await graphql(IMPORT, variables, token=tokens.reader)
    anonymous = await graphql(IMPORT, variables)
    assert reader.error_codes() == ["FORBIDDEN"]
    assert anonymous.error_codes() == ["UNAUTHENTICATED"]
    assert await _count(session, models.Contract) == before


async def test_a_file_with_more_bad_rows_than_are_listed_says_how_many_more(graphql: GraphQL, tokens: Tokens) -> None:
    # given a file of 150 rows, each with a value no one can read
    header = "Reference Number,Title of Agreement,Supplier Name,Value of Contract,Start Date,End Date\n"
    rows = "".join(
        f"MANY-{i:03},Cleaning lot {i},Clearview Cleaning Ltd,£12 thousand-ish,01/04/2022,31/03/2024\n"
        for i in range(150)
    )

    # when an editor imports it
    response = await graphql(
        IMPORT, {"input": {"format": "TRANSPARENCY_CSV", "document": header + rows}}, token=tokens.editor
    )

    # then the first bad rows are listed up to the field's bound, the last saying how many more there were
    errors = response.data["contractsImport"]["userErrors"]
    assert len(errors) == IMPORT_PROBLEMS
    assert errors[0]["message"].startswith("line 2")
    assert errors[-1]["message"] == "...and 51 more bad rows; fix these and import again"


HISTORY = """query($text: String) { contracts(filter: {text: $text}) { nodes { reference
  history { kind actor origin before after } } } }"""


async def test_an_imported_contracts_first_change_is_import_naming_the_format_and_file(
    graphql: GraphQL, tokens: Tokens
) -> None:
    # given a Transparency Code file imported by an editor
    csv = (DATA / "transparency" / "county_layout.csv").read_text()
    variables = {"input": {"format": "TRANSPARENCY_CSV", "document": csv, "sourceName": "county_layout.csv"}}
    await graphql(IMPORT, variables, token=tokens.editor)

    # when an imported contract's history is read
    response = await graphql(HISTORY, {"text": "Highways Term Maintenance"})

    # then its one change is the import, by the editor, naming the format, the file and the line
    (contract,) = response.data["contracts"]["nodes"]
    (change,) = contract["history"]
    assert (change["kind"], change["actor"], change["before"]) == ("IMPORT", EDITOR_NAME, None)
    assert change["origin"].startswith("Transparency Code CSV: county_layout.csv, line ")
    assert change["after"]["reference"] == "KCC-2019-0412"
    assert (change["after"]["value"]["amount"], change["after"]["value"]["basis"]) == ("1250000.00", "TOTAL")
    assert change["origin"].endswith(change["after"]["record"]["source"])


async def test_an_ocds_import_names_the_package_in_each_records_first_change(
    graphql: GraphQL, tokens: Tokens, session: AsyncSession
) -> None:
    # given the OCDS fictional example package imported by an editor
    package = (DATA / "ocds" / "samples" / "fictional-example-release-package.json").read_text()
    variables = {"input": {"format": "OCDS_JSON", "document": package, "sourceName": "fictional-example.json"}}
    imported = await graphql(IMPORT, variables, token=tokens.editor)
    assert imported.data["contractsImport"]["userErrors"] == []

    # when the first change of each record it created is read
    first = select(models.Change.kind, models.Change.origin).where(models.Change.actor == EDITOR_NAME)
    changes = (await session.execute(first)).all()

    # then each is an IMPORT naming the OCDS package
    assert changes and {kind for kind, _ in changes} == {"IMPORT"}
    assert all(origin.startswith("OCDS package: fictional-example.json") for _, origin in changes)
