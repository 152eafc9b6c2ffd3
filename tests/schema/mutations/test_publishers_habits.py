"""More of OCDS and Transparency Code CSV as publishers send them, imported through `contractsImport`: terms
read from exact dates, zero values that mean unknown, invalid fields, publishers' own identifiers and times,
supplier details that vary by row, and errors that say where."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import GraphQL, Tokens
from tests.db.ocds_validation import schema_errors
from tests.schema.mutations.test_ocds_publishers import (
    DEVON_OCID,
    OCDS_EXPORT,
    a_neighbours_release,
    counts,
    import_document,
)

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


# ---- Zero values that mean unknown

WARNED = """
mutation Import($input: ContractsImportInput!) {
  contractsImport(input: $input) {
    summary { created updated unchanged warningCount warnings { code message line path reference column } }
    userErrors { message }
  }
}
"""
VALUE = """query($reference: String!) { contract(reference: $reference) { value { amount basis text } } }"""


async def import_warned(graphql: GraphQL, tokens: Tokens, form: str, document: str) -> dict[str, Any]:
    variables = {"input": {"format": form, "document": document, "sourceName": "habits"}}
    response = await graphql(WARNED, variables, token=tokens.editor)
    assert response.errors == [] and response.data["contractsImport"]["userErrors"] == []
    summary: dict[str, Any] = response.data["contractsImport"]["summary"]
    return summary


async def test_a_publishers_zero_value_is_imported_as_unknown_with_a_warning(
    graphql: GraphQL, tokens: Tokens, client: Any
) -> None:
    # given a neighbour's tender notice whose value is 0, as publishers write a value they do not know
    release = a_neighbours_release()
    release["tender"]["value"] = {"amount": 0, "currency": "GBP"}

    # when it is imported
    summary = await import_warned(graphql, tokens, "OCDS_JSON", json.dumps(release))

    # then the contract's value is unknown, not £0, and the summary says so, naming the field and the record
    assert (summary["created"], summary["warningCount"]) == (1, 1)
    [warning] = summary["warnings"]
    assert warning["code"] == "ZERO_VALUE_UNKNOWN"
    assert (warning["path"], warning["reference"], warning["line"]) == ("$.tender.value.amount", DEVON_OCID, None)
    assert warning["message"].startswith(f'warning: $.tender.value.amount (record "{DEVON_OCID}"): an amount of 0')
    assert (await graphql(VALUE, {"reference": DEVON_OCID})).data["contract"]["value"] is None
    # and the register does not publish the zero again as if it were stated
    package = (await client.get(OCDS_EXPORT)).json()
    [published] = [found for found in package["releases"] if found["ocid"] == DEVON_OCID]
    assert "value" not in published["tender"]


async def test_a_csv_zero_is_unknown_unless_the_row_states_it(graphql: GraphQL, tokens: Tokens, client: Any) -> None:
    # given a council's rows: one whose value is a bare £0.00, one that states its zero in words
    document = (
        "Reference Number,Title of Agreement,Supplier Name,Sum to be paid over the length of the contract,"
        "Value as Stated\n"
        "HAB-010,Library van hire,Vans Ltd,£0.00,\n"
        "HAB-011,Café concession,Kent Coffee Ltd,0,£0 (a concession: the supplier pays the council)\n"
    )

    # when they are imported
    summary = await import_warned(graphql, tokens, "TRANSPARENCY_CSV", document)

    # then the bare zero is unknown, with a warning naming its line, record and column
    assert (summary["created"], summary["warningCount"]) == (2, 1)
    [warning] = summary["warnings"]
    assert warning["code"] == "ZERO_VALUE_UNKNOWN"
    assert (warning["line"], warning["reference"], warning["column"], warning["path"]) == (
        2,
        "HAB-010",
        "Sum to be paid over the length of the contract",
        None,
    )
    assert (await graphql(VALUE, {"reference": "HAB-010"})).data["contract"]["value"] is None
    # and the stated zero is £0, as stated
    stated = (await graphql(VALUE, {"reference": "HAB-011"})).data["contract"]["value"]
    assert stated == {"amount": "0.00", "basis": "TOTAL", "text": "£0 (a concession: the supplier pays the council)"}

    # and the register's own OCDS export of the stated zero comes back as £0, with no warning
    export = (await client.get(OCDS_EXPORT)).text
    again = await import_warned(graphql, tokens, "OCDS_JSON", export)
    assert again["warnings"] == [] and again["created"] == 0
    assert (await graphql(VALUE, {"reference": "HAB-011"})).data["contract"]["value"]["amount"] == "0.00"


# ---- Invalid fields


def a_release_with_invalid_fields() -> dict[str, Any]:
    """Devon's notice as a careless publisher might send it awarded: nulls in arrays, ids OCDS requires missing."""
    release = a_neighbours_release()
    release["tender"]["items"] = [None, {"description": "Shredding on site"}, release["tender"]["items"][0]]
    release["tender"]["documents"] = [None]
    release["awards"] = [{"status": "active", "suppliers": [{"name": "Shred Safe Ltd"}], "items": [None]}]
    release["contracts"] = [{"status": "active", "title": "Confidential waste", "milestones": [{"title": "Start"}]}]
    return release


async def test_invalid_fields_are_repaired_or_dropped_reported_and_never_published(
    graphql: GraphQL, tokens: Tokens, client: Any
) -> None:
    # given a release with nulls in arrays and objects without the ids OCDS requires
    release = a_release_with_invalid_fields()

    # when it is imported
    summary = await import_warned(graphql, tokens, "OCDS_JSON", json.dumps(release))

    # then it is accepted, one contract, and the summary says what was dropped or repaired, where
    assert summary["created"] == 1
    found = [(warning["code"], warning["path"]) for warning in summary["warnings"]]
    assert found == [
        ("FIELD_REPAIRED", "$.awards[0].id"),
        ("FIELD_DROPPED", "$.awards[0].items[0]"),
        ("FIELD_REPAIRED", "$.contracts[0].awardID"),
        ("FIELD_REPAIRED", "$.contracts[0].id"),
        ("FIELD_REPAIRED", "$.contracts[0].milestones[0].id"),
        ("FIELD_DROPPED", "$.tender.documents[0]"),
        ("FIELD_DROPPED", "$.tender.items[0]"),
        ("FIELD_REPAIRED", "$.tender.items[1].id"),
    ]
    assert {warning["reference"] for warning in summary["warnings"]} == {DEVON_OCID}
    assert summary["warningCount"] == len(found)

    # and the register's export stays valid against OCDS 1.1.5, with the repaired fields and none of the dropped
    package = (await client.get(OCDS_EXPORT)).json()
    assert schema_errors(package) == []
    [published] = [found for found in package["releases"] if found["ocid"] == DEVON_OCID]
    assert [item["id"] for item in published["tender"]["items"]] == ["2", 1]
    assert "documents" not in published["tender"]
    assert "items" not in published["awards"][0]
    assert published["contracts"][0]["milestones"] == [{"id": "1", "title": "Start"}]
    assert published["contracts"][0]["awardID"] == published["awards"][0]["id"]

    # and importing the same file again changes nothing
    again = await import_warned(graphql, tokens, "OCDS_JSON", json.dumps(a_release_with_invalid_fields()))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)


# ---- Publishers' identifiers and times


def an_awarded_release() -> dict[str, Any]:
    """Devon's process awarded, with its own ids and times written in British Summer Time."""
    release = a_neighbours_release()
    supplier = {"id": "GB-COH-04567890", "name": "Shred Safe Ltd"}
    release["parties"].append({**supplier, "identifier": {"scheme": "GB-COH", "id": "04567890"}, "roles": ["supplier"]})
    release["awards"] = [
        {"id": "DCC-AW-0007", "date": "2017-03-20T10:30:00+01:00", "status": "active", "suppliers": [supplier]}
    ]
    period = {"startDate": "2017-04-02T00:00:00+01:00", "endDate": "2018-03-31T17:30:00+01:00"}
    release["contracts"] = [{"id": "DCC-CT-0007", "awardID": "DCC-AW-0007", "status": "active", "period": period}]
    return release


async def test_a_publishers_ids_and_times_come_back_as_published(graphql: GraphQL, tokens: Tokens, client: Any) -> None:
    # given a release with the publisher's own award, contract and supplier ids and times with a UTC offset
    sent = an_awarded_release()

    # when it is imported and the register exported
    assert counts(await import_document(graphql, tokens, sent)) == (1, 0, 0)
    export = (await client.get(OCDS_EXPORT)).text
    [published] = [found for found in json.loads(export)["releases"] if found["ocid"] == DEVON_OCID]

    # then the ids and times are as the publisher sent them, not the register's own or moved to UTC
    assert published["awards"][0]["id"] == "DCC-AW-0007"
    assert published["awards"][0]["date"] == "2017-03-20T10:30:00+01:00"
    assert published["awards"][0]["suppliers"] == [{"id": "GB-COH-04567890", "name": "Shred Safe Ltd"}]
    assert published["contracts"][0]["id"] == "DCC-CT-0007"
    assert published["contracts"][0]["awardID"] == "DCC-AW-0007"
    assert published["contracts"][0]["period"] == sent["contracts"][0]["period"]
    assert published["buyer"] == sent["buyer"]
    # and the register read the days as the publisher wrote them
    term = (await graphql(TERM, {"reference": DEVON_OCID})).data["contract"]
    assert term["termMonths"] == 12

    # and importing the export back changes nothing
    created, updated, _ = counts(await import_document(graphql, tokens, export))
    assert (created, updated) == (0, 0)


# ---- Supplier details that vary by row

SUPPLIER = """query($reference: String!) { contract(reference: $reference) { supplierAsStated { sme vcse charityNumber }
  provider { name sme charityNumber } } }"""
VARYING = (
    "Reference Number,Title of Agreement,Supplier Name,Sum to be paid over the length of the contract,SME,"
    "Charity Number\n"
    "HAB-020,Day care: Ashford,Kent Care Trust,£40000,Yes,1100001\n"
    "HAB-021,Day care: Swale,Kent Care Trust,£50000,No,1100001\n"
    "HAB-022,Day care: Dover,Kent Care Trust,£60000,Yes,1200002\n"
)


async def test_supplier_details_that_vary_by_row_are_kept_per_contract_not_refused(
    graphql: GraphQL, tokens: Tokens, client: Any
) -> None:
    # given a file whose rows say different things of one supplier: an SME for two contracts and not the third,
    # and a charity number since replaced

    # when it is imported
    summary = await import_warned(graphql, tokens, "TRANSPARENCY_CSV", VARYING)

    # then every contract is on the register, and the summary says where the supplier's details vary
    assert summary["created"] == 3
    found = [(w["code"], w["line"], w["reference"], w["column"]) for w in summary["warnings"]]
    assert found == [
        ("SUPPLIER_DETAILS_VARY", 3, "HAB-021", "SME"),
        ("SUPPLIER_DETAILS_VARY", 4, "HAB-022", "Charity Number"),
    ]
    # and the supplier is what it was first said to be, each contract keeping what its own row said otherwise
    first = (await graphql(SUPPLIER, {"reference": "HAB-020"})).data["contract"]
    assert first == {
        "supplierAsStated": None,
        "provider": {"name": "Kent Care Trust", "sme": True, "charityNumber": "1100001"},
    }
    swale = (await graphql(SUPPLIER, {"reference": "HAB-021"})).data["contract"]
    assert swale["supplierAsStated"] == {"sme": False, "vcse": None, "charityNumber": None}
    dover = (await graphql(SUPPLIER, {"reference": "HAB-022"})).data["contract"]
    assert dover["supplierAsStated"] == {"sme": None, "vcse": None, "charityNumber": "1200002"}

    # and the register's own CSV says per contract what each row said, and imports again changing nothing
    header, *lines = (await client.get("/exports/contracts.csv")).text.splitlines()
    rows = {line.split(",")[0]: line for line in lines if line.startswith("HAB-")}
    assert ",No," in rows["HAB-021"] and "1200002" in rows["HAB-022"]
    again = await import_warned(graphql, tokens, "TRANSPARENCY_CSV", VARYING)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    back = await import_warned(graphql, tokens, "TRANSPARENCY_CSV", "\n".join([header, *rows.values()]))
    assert (back["created"], back["updated"], back["unchanged"]) == (0, 0, 3)


# ---- Errors that say where


async def test_a_csv_error_names_its_line_its_records_reference_and_its_column(
    graphql: GraphQL, tokens: Tokens
) -> None:
    # given a council's file whose second row has a value no one can read
    document = (
        "Reference Number,Title of Agreement,Supplier Name,Sum to be paid over the length of the contract\n"
        "HAB-030,Street lighting,Lumen Ltd,£40000\n"
        'HAB-031,Bus shelters,Shelter Co,"£12,5oo"\n'
    )

    # when it is imported
    payload = await import_csv(graphql, tokens, document)

    # then nothing is written, and the error says where: the line, the record and the column, then why
    assert payload["summary"] is None
    [error] = payload["userErrors"]
    assert error["message"].startswith(
        'line 3 (record "HAB-031"): Sum to be paid over the length of the contract "£12,5oo" is not an amount of money'
    )
    assert (await graphql(TERM, {"reference": "HAB-030"})).data["contract"] is None
