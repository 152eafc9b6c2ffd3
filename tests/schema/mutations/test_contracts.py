"""Writing contracts: the finance system adds, changes and retires contracts, and a bad write changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from schema.relay import global_id
from tests.conftest import EDITOR_NAME, GraphQL, Tokens
from tests.schema.mutations.rows import gid, row, state

CONTRACT_CREATE = """
mutation Create($input: ContractCreateInput!) {
  contractCreate(input: $input) {
    contract {
      id reference title status termMonths annualValue
      value { amount basis annualised wholeLife text }
      start { earliest latest precision }
      end { earliest latest precision text }
      provider { name }
      directorate { code }
      division { name }
      record { version source retiredAt }
    }
    userErrors { field message code }
  }
}
"""
CONTRACT_UPDATE = """
mutation Update($input: ContractUpdateInput!) {
  contractUpdate(input: $input) {
    contract { id title termMonths value { amount basis annualised wholeLife text } record { version } }
    userErrors { field message code }
  }
}
"""
KPSN = "SCS-2017-KPSN"
NO_SUCH_PROVIDER = global_id("Provider", 999_999)


def a_new_contract(**changes: Any) -> dict[str, Any]:
    """A ten-year contract for £1.1m a year, as the finance system would push it."""
    return {
        "reference": "SCS-2018-NEW",
        "title": "Print and mail services",
        "status": "ACTIVE",
        "value": "£1.1m (p/a)",
        "termMonths": 120,
        "start": "2018-04-01",
        "end": "March 2028",
        **changes,
    }


async def test_the_finance_system_adds_a_contract_with_its_values_derived(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given a contract with Agilisys in SCS's Infrastructure division, at £1.1m a year for ten years
    provider = await gid(session, models.Provider, name="Agilisys")
    directorate = await gid(session, models.Directorate, code="SCS")
    division = await gid(session, models.Division, name="Infrastructure")
    contract = a_new_contract(providerId=provider, directorateId=directorate, divisionId=division)

    # when an editor creates it
    response = await graphql(CONTRACT_CREATE, {"input": contract}, token=tokens.editor)

    # then it is on the register, its yearly and whole-life values derived exactly as the seed derives them
    payload = response.data["contractCreate"]
    assert payload["userErrors"] == []
    created = payload["contract"]
    assert created["value"] == {
        "amount": "1100000.00",
        "basis": "ANNUAL",
        "annualised": "1100000.00",
        "wholeLife": "11000000.00",
        "text": "£1.1m (p/a)",
    }
    assert (created["annualValue"], created["termMonths"]) == ("1100000.00", 120)
    assert created["start"] == {"earliest": "2018-04-01", "latest": "2018-04-01", "precision": "DAY"}
    assert created["end"] == {
        "earliest": "2028-03-01",
        "latest": "2028-03-31",
        "precision": "MONTH",
        "text": "March 2028",
    }
    assert (created["provider"], created["directorate"], created["division"]) == (
        {"name": "Agilisys"},
        {"code": "SCS"},
        {"name": "Infrastructure"},
    )
    assert created["record"] == {
        "version": 1,
        "source": f"Entered through the register API by {EDITOR_NAME!r}",
        "retiredAt": None,
    }
    stored = await row(session, models.Contract, created["id"])
    assert stored is not None
    assert (stored["annual_value_pence"], stored["total_value_pence"]) == (110_000_000, 1_100_000_000)


async def test_an_update_recomputes_the_derived_values(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    # given KPSN at £3.5m a year with no term, so no whole-life value
    kpsn = await gid(session, models.Contract, reference=KPSN)

    # when its five-year term is recorded at the version read
    response = await graphql(
        CONTRACT_UPDATE, {"input": {"id": kpsn, "version": 1, "termMonths": 60}}, token=tokens.editor
    )

    # then the whole-life value is derived from the unchanged yearly value and the new term
    payload = response.data["contractUpdate"]
    assert payload["userErrors"] == []
    assert payload["contract"]["value"] == {
        "amount": "3500000.00",
        "basis": "ANNUAL",
        "annualised": "3500000.00",
        "wholeLife": "17500000.00",
        "text": "£3.5m (p/a)",
    }
    assert payload["contract"]["record"] == {"version": 2}


async def test_an_update_that_changes_nothing_keeps_the_version(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given KPSN, and its title as it stands
    kpsn = await gid(session, models.Contract, reference=KPSN)
    before = await state(session, models.Contract, kpsn)

    # when an editor sends the same title back
    response = await graphql(
        CONTRACT_UPDATE,
        {"input": {"id": kpsn, "version": 1, "title": "Kent Public Services Network (KPSN)"}},
        token=tokens.editor,
    )

    # then it is accepted, but there was nothing to record
    assert response.data["contractUpdate"]["contract"]["record"] == {"version": 1}
    assert await state(session, models.Contract, kpsn) == before


async def test_a_stale_version_is_a_conflict_and_changes_nothing(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given KPSN, changed once by someone else since version 1 was read
    kpsn = await gid(session, models.Contract, reference=KPSN)
    first = {"id": kpsn, "version": 1, "title": "KPSN"}
    await graphql(CONTRACT_UPDATE, {"input": first}, token=tokens.editor)
    before = await state(session, models.Contract, kpsn)

    # when an update names version 1 again
    stale = {"id": kpsn, "version": 1, "title": "Kent PSN"}
    response = await graphql(CONTRACT_UPDATE, {"input": stale}, token=tokens.editor)

    # then it is a CONFLICT on the version, and neither the contract nor the history moves
    payload = response.data["contractUpdate"]
    assert payload["contract"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "version"], "CONFLICT")]
    assert "version 2, not 1" in payload["userErrors"][0]["message"]
    assert await state(session, models.Contract, kpsn) == before


REFUSED = [
    pytest.param({"start": "2018-01-01", "end": "2017"}, "end", "BAD_INPUT", "ends before", id="end-before-start"),
    pytest.param({"value": "-£5m"}, "value", "BAD_INPUT", "must not be negative", id="negative-value"),
    pytest.param({"value": "£5m (fortnightly)"}, "value", "BAD_INPUT", "'fortnightly'", id="unknown-basis"),
    pytest.param({"value": "five million"}, "value", "BAD_INPUT", "five million", id="unreadable-value"),
    pytest.param({"end": "sometime soon"}, "end", "BAD_INPUT", "sometime soon", id="unreadable-date"),
    pytest.param({"providerId": NO_SUCH_PROVIDER}, "providerId", "NOT_FOUND", "No Provider", id="dangling-provider"),
    pytest.param({"providerId": "not-an-id"}, "providerId", "BAD_ID", "not-an-id", id="malformed-id"),
    pytest.param(
        {"providerId": global_id("Contract", 1)}, "providerId", "BAD_ID", "not of a Provider", id="wrong-kind"
    ),
    pytest.param({"termMonths": 0}, "termMonths", "BAD_INPUT", "between 1 and", id="zero-term"),
    pytest.param({"title": "   "}, "title", "BAD_INPUT", "blank", id="blank-title"),
]


@pytest.mark.parametrize(("change", "field", "code", "says"), REFUSED)
async def test_a_bad_update_is_refused_and_changes_nothing(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens, change: dict[str, Any], field: str, code: str, says: str
) -> None:
    # given KPSN as it stands, and the change log
    kpsn = await gid(session, models.Contract, reference=KPSN)
    before = await state(session, models.Contract, kpsn)

    # when an editor sends a change the register cannot accept
    response = await graphql(CONTRACT_UPDATE, {"input": {"id": kpsn, "version": 1, **change}}, token=tokens.editor)

    # then the field at fault is named with a code, and nothing is written
    payload = response.data["contractUpdate"]
    assert payload["contract"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", field], code)]
    assert says in payload["userErrors"][0]["message"]
    assert await state(session, models.Contract, kpsn) == before


@pytest.mark.parametrize(("change", "field", "code", "says"), REFUSED)
async def test_a_bad_create_is_refused_and_adds_nothing(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens, change: dict[str, Any], field: str, code: str, says: str
) -> None:
    # given the register's contracts and change log
    before = await state(session, models.Contract)

    # when an editor creates a contract with a value the register cannot accept
    response = await graphql(CONTRACT_CREATE, {"input": a_new_contract(**change)}, token=tokens.editor)

    # then the field at fault is named with a code, and no contract or change is added
    payload = response.data["contractCreate"]
    assert payload["contract"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", field], code)]
    assert says in payload["userErrors"][0]["message"]
    assert await state(session, models.Contract) == before


async def test_a_duplicate_reference_is_refused(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    # given the Agilisys contract's reference, already on the register
    before = await state(session, models.Contract)

    # when a new contract is created with it
    response = await graphql(
        CONTRACT_CREATE, {"input": a_new_contract(reference="SCS-2017-AGILISYS")}, token=tokens.editor
    )

    # then it is a DUPLICATE naming the reference, and nothing is added
    (error,) = response.data["contractCreate"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "reference"], "DUPLICATE")
    assert "'SCS-2017-AGILISYS'" in error["message"]
    assert await state(session, models.Contract) == before


async def test_every_problem_is_reported_at_once(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    # given a contract with a duplicate reference, a dangling provider and an end before its start
    contract = a_new_contract(reference=KPSN, providerId=NO_SUCH_PROVIDER, end="2001")

    # when it is created
    response = await graphql(CONTRACT_CREATE, {"input": contract}, token=tokens.editor)

    # then each problem is named on its own field
    errors = response.data["contractCreate"]["userErrors"]
    assert sorted((e["field"][1], e["code"]) for e in errors) == [
        ("end", "BAD_INPUT"),
        ("providerId", "NOT_FOUND"),
        ("reference", "DUPLICATE"),
    ]


async def test_a_division_must_belong_to_the_directorate(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given GET, and SCS's Infrastructure division
    get = await gid(session, models.Directorate, code="GET")
    infrastructure = await gid(session, models.Division, name="Infrastructure")

    # when a contract is owned by GET but managed by Infrastructure
    contract = a_new_contract(directorateId=get, divisionId=infrastructure)
    response = await graphql(CONTRACT_CREATE, {"input": contract}, token=tokens.editor)

    # then the division is refused
    (error,) = response.data["contractCreate"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "divisionId"], "BAD_INPUT")


async def test_an_unknown_contract_is_not_found(graphql: GraphQL, tokens: Tokens) -> None:
    # when an update names a contract the register never had
    missing = {"id": global_id("Contract", 999_999), "version": 1, "title": "Nothing"}
    response = await graphql(CONTRACT_UPDATE, {"input": missing}, token=tokens.editor)

    # then it is NOT_FOUND on the ID
    (error,) = response.data["contractUpdate"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "id"], "NOT_FOUND")
