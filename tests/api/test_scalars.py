"""Scalars on the wire are what their descriptions and @specifiedBy links promise, on both databases."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from graphql import GraphQLScalarType
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from schema import schema
from tests.conftest import GraphQL, Tokens

RFC_3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00:00$")
TWO_PLACES = re.compile(r"^\d+\.\d{2}$")
AGILISYS = """
{ contracts(filter: {text: "Agilisys"}, first: 1) {
    edges { node { id reference end { latest } value { amount annualised } annualValue
      record { createdAt updatedAt retiredAt version } } } } }
"""
UPDATE_TITLE = """
mutation Rename($id: ID!, $version: Int!) {
  contractUpdate(input: {id: $id, version: $version, title: "Contact Point and digital services"}) {
    contract { record { updatedAt version } }
    userErrors { code }
  }
}
"""


async def _agilisys(graphql: GraphQL) -> dict[str, object]:
    response = await graphql(AGILISYS)
    assert response.errors == []
    node: dict[str, object] = response.data["contracts"]["edges"][0]["node"]
    return node


async def test_seeded_timestamps_are_utc_with_an_offset(graphql: GraphQL) -> None:
    # when a front end reads when a contract was recorded and last changed
    record = (await _agilisys(graphql))["record"]

    # then both are RFC 3339 instants in UTC, offset included, so new Date() reads them right anywhere
    assert isinstance(record, dict)
    assert RFC_3339_UTC.match(record["createdAt"]), record["createdAt"]
    assert RFC_3339_UTC.match(record["updatedAt"]), record["updatedAt"]
    assert record["retiredAt"] is None


async def test_a_summer_instant_comes_back_as_the_same_instant(graphql: GraphQL, session: AsyncSession) -> None:
    # given every contract last changed at 10:00 UTC on 1 July, 11:00 in London
    moment = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    await session.execute(update(models.Contract).values(updated_at=moment))
    await session.flush()

    # when it is read over the API
    record = (await _agilisys(graphql))["record"]

    # then it is that instant, in UTC
    assert isinstance(record, dict)
    assert record["updatedAt"] == "2026-07-01T10:00:00+00:00"


async def test_a_write_is_stamped_in_utc_as_the_database_keeps_it(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given an editor renaming a contract
    node = await _agilisys(graphql)
    record = node["record"]
    assert isinstance(record, dict)
    editor = tokens.editor

    # when the write is accepted
    response = await graphql(UPDATE_TITLE, {"id": node["id"], "version": record["version"]}, token=editor)
    stamped = response.data["contractUpdate"]["contract"]["record"]["updatedAt"]

    # then the stamp it answers with is UTC with an offset, and reading it back later gives the same text
    assert RFC_3339_UTC.match(stamped), stamped
    again = (await _agilisys(graphql))["record"]
    assert isinstance(again, dict)
    assert again["updatedAt"] == stamped
    kept = await session.scalar(select(func.max(models.Contract.updated_at)))
    assert kept is not None and datetime.fromisoformat(stamped) == kept


async def test_money_is_pounds_with_two_places_and_days_are_calendar_dates(graphql: GraphQL) -> None:
    # when the Agilisys contract's value and end (December 2025) are read
    node = await _agilisys(graphql)

    # then each amount is a decimal string with exactly two places, and the day is YYYY-MM-DD
    value = node["value"]
    assert isinstance(value, dict)
    assert value["amount"] == "36300000.00"
    for amount in (value["annualised"], node["annualValue"]):
        assert isinstance(amount, str) and TWO_PLACES.match(amount), amount
    assert node["end"] == {"latest": "2025-12-31"}


async def test_a_date_that_is_not_a_calendar_date_is_refused(graphql: GraphQL) -> None:
    # when a window is given in a compact form that JavaScript's Date would not read the same way
    response = await graphql(
        "query E($to: CouncilDate) { contracts(filter: {expiry: {to: $to}}) { totalCount } }", {"to": "20200331"}
    )

    # then it is refused as bad input, and says what is expected
    assert response.error_codes() == ["BAD_INPUT"]
    assert "2020-03-31" in response.errors[0]["message"]
    assert "financial quarter ('Q3 2017/18'" in response.errors[0]["message"]


def test_every_custom_scalar_names_its_specification_and_wire_format() -> None:
    # codegen tools read @specifiedBy and the description to type a scalar; none may be left unknown
    # (CouncilDate is the council's own language: the register serves its specification itself)
    custom = {
        name: kind
        for name, kind in schema._schema.type_map.items()
        if isinstance(kind, GraphQLScalarType) and not name.startswith("__")
        if name not in {"String", "Int", "Float", "Boolean", "ID"}
    }
    assert {"Date", "DateTime", "Decimal", "JSON"} <= set(custom)
    for name, kind in custom.items():
        assert kind.description, name
        assert kind.specified_by_url, name
        if name != "CouncilDate":
            assert kind.specified_by_url.startswith("https://"), name
    assert custom["CouncilDate"].specified_by_url == "/specifications/council-date"
    assert "'Q3 2017/18'" in (custom["CouncilDate"].description or "")
    assert "RFC 3339" in (custom["DateTime"].description or "")
    assert "two decimal places" in (custom["Decimal"].description or "")
    assert 'scalar DateTime @specifiedBy(url: "https://www.rfc-editor.org/rfc/rfc3339' in schema.as_str()
