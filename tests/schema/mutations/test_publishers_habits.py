"""More of OCDS and Transparency Code CSV as publishers send them, imported through `contractsImport`: terms
read from exact dates, zero values that mean unknown, invalid fields, publishers' own identifiers and times,
supplier details that vary by row, and errors that say where."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQL, Tokens
from tests.schema.mutations.test_ocds_publishers import DEVON_OCID, a_neighbours_release, counts, import_document

IMPORT = """
mutation Import($input: ContractsImportInput!) {
  contractsImport(input: $input) {
    summary { created updated unchanged }
    userErrors { field message code }
  }
}
"""
TERM = """query($reference: String!) { contract(reference: $reference) { termMonths annualValue
  value { amount basis annualised } } }"""
OVER_A_MILLION = """query($text: String!) { contracts(filter: {text: $text, value: {min: "1000000", basis: ANNUAL}}) {
  totalCount } }"""


async def import_csv(graphql: GraphQL, tokens: Tokens, document: str, name: str = "contracts.csv") -> dict[str, Any]:
    variables = {"input": {"format": "TRANSPARENCY_CSV", "document": document, "sourceName": name}}
    response = await graphql(IMPORT, variables, token=tokens.editor)
    assert response.errors == []
    payload: dict[str, Any] = response.data["contractsImport"]
    return payload


# ---- Terms from exact dates


async def test_a_contract_from_2_april_to_31_march_is_a_year_and_stays_under_the_threshold(
    graphql: GraphQL, tokens: Tokens
) -> None:
    # given a neighbour's £950,000 contract from 2 April 2017 to 31 March 2018, its start on a working day
    release = a_neighbours_release()
    release["tender"]["value"] = {"amount": 950000, "currency": "GBP"}
    release["tender"]["contractPeriod"] = {"startDate": "2017-04-02T00:00:00Z", "endDate": "2018-03-31T23:59:59Z"}

    # when it is imported
    assert counts(await import_document(graphql, tokens, release)) == (1, 0, 0)

    # then its term is a year, so its yearly value is the whole £950,000 and not over £1m
    found = (await graphql(TERM, {"reference": DEVON_OCID})).data["contract"]
    assert found["termMonths"] == 12
    assert found["annualValue"] == "950000.00"
    over = await graphql(OVER_A_MILLION, {"text": "confidential waste"})
    assert over.data["contracts"]["totalCount"] == 0


async def test_a_csv_contract_from_2_april_to_31_march_is_a_year(graphql: GraphQL, tokens: Tokens) -> None:
    # given a council's row for a £950,000 contract from 2 April 2017 to 31 March 2018, with no term column
    document = (
        "Reference Number,Title of Agreement,Supplier Name,Sum to be paid over the length of the contract,"
        "Start Date,End Date\n"
        'HAB-001,Winter gritting,Gritco Ltd,"£950,000",02/04/2017,31/03/2018\n'
    )

    # when it is imported
    assert counts(await import_csv(graphql, tokens, document)) == (1, 0, 0)

    # then its term is a year and its yearly value the whole £950,000, under the Board's threshold
    found = (await graphql(TERM, {"reference": "HAB-001"})).data["contract"]
    assert (found["termMonths"], found["annualValue"]) == (12, "950000.00")
    assert (await graphql(OVER_A_MILLION, {"text": "gritting"})).data["contracts"]["totalCount"] == 0
