"""Writing services: what each division provides, and how it is delivered."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from schema.relay import global_id
from tests.conftest import GraphQL, Tokens
from tests.schema.mutations.rows import gid, state

SERVICE_CREATE = """
mutation Create($input: ServiceCreateInput!) {
  serviceCreate(input: $input) {
    service { id name delivery contractEnd { earliest latest precision text } division { name } }
    userErrors { field message code }
  }
}
"""
SERVICE_UPDATE = """
mutation Update($input: ServiceUpdateInput!) {
  serviceUpdate(input: $input) { service { delivery deliveryText record { version } } userErrors { field code } }
}
"""
SERVICE_RETIRE = """
mutation Retire($input: RetireInput!) {
  serviceRetire(input: $input) { service { record { retiredAt } } userErrors { field code } }
}
"""


async def test_a_service_is_added_changed_and_retired(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    # given SCS's Infrastructure division
    infrastructure = await gid(session, models.Division, name="Infrastructure")

    # when an editor adds an external service, records that it is now partly internal, then retires it
    service = {"name": "Courier services", "delivery": "EXTERNAL", "divisionId": infrastructure, "contractEnd": "2020"}
    created = await graphql(SERVICE_CREATE, {"input": service}, token=tokens.editor)
    service_id = created.data["serviceCreate"]["service"]["id"]
    change = {"id": service_id, "version": 1, "delivery": "PART_COMMISSIONED", "deliveryText": "Part internal"}
    updated = await graphql(SERVICE_UPDATE, {"input": change}, token=tokens.editor)
    retired = await graphql(SERVICE_RETIRE, {"input": {"id": service_id, "version": 2}}, token=tokens.editor)

    # then each is accepted
    assert created.data["serviceCreate"]["service"] == {
        "id": service_id,
        "name": "Courier services",
        "delivery": "EXTERNAL",
        "contractEnd": {"earliest": "2020-01-01", "latest": "2020-12-31", "precision": "YEAR", "text": "2020"},
        "division": {"name": "Infrastructure"},
    }
    assert updated.data["serviceUpdate"]["service"] == {
        "delivery": "PART_COMMISSIONED",
        "deliveryText": "Part internal",
        "record": {"version": 2},
    }
    assert retired.data["serviceRetire"]["service"]["record"]["retiredAt"] is not None


REFUSED_SERVICES = [
    pytest.param({"divisionId": global_id("Division", 999_999)}, "divisionId", "NOT_FOUND", id="dangling-division"),
    pytest.param({"contractEnd": "the year after next"}, "contractEnd", "BAD_INPUT", id="unreadable-date"),
    pytest.param({"name": "Human Resources"}, "name", "DUPLICATE", id="duplicate-name-in-division"),
]


@pytest.mark.parametrize(("change", "field", "code"), REFUSED_SERVICES)
async def test_a_bad_service_is_refused_and_adds_nothing(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens, change: dict[str, Any], field: str, code: str
) -> None:
    # given the EODD division's services (among them Human Resources), and the change log
    eodd = await gid(session, models.Division, name="Engagement, Organisation Design and Development")
    before = await state(session, models.Service)

    # when an editor adds a service the register cannot accept
    service = {"name": "Courier services", "delivery": "INTERNAL", "divisionId": eodd, **change}
    response = await graphql(SERVICE_CREATE, {"input": service}, token=tokens.editor)

    # then the field at fault is named, and nothing is added
    payload = response.data["serviceCreate"]
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", field], code)]
    assert await state(session, models.Service) == before
