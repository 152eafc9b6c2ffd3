"""Writing providers and the council's traded companies."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from tests.conftest import GraphQL, Tokens
from tests.schema.mutations.rows import gid, state

PROVIDER_CREATE = """
mutation Create($input: ProviderCreateInput!) {
  providerCreate(input: $input) {
    provider { id name kind companyNumber description record { version } }
    userErrors { field message code }
  }
}
"""
PROVIDER_UPDATE = """
mutation Update($input: ProviderUpdateInput!) {
  providerUpdate(input: $input) { provider { name companyNumber record { version } } userErrors { field code } }
}
"""
PROVIDER_RETIRE = """
mutation Retire($input: RetireInput!) {
  providerRetire(input: $input) { provider { record { retiredAt } } userErrors { field code } }
}
"""
COMPANY_CREATE = """
mutation Create($input: TradedCompanyCreateInput!) {
  tradedCompanyCreate(input: $input) {
    tradedCompany { id name legalForm established { earliest precision } provider { name kind } }
    userErrors { field message code }
  }
}
"""
COMPANY_UPDATE = """
mutation Update($input: TradedCompanyUpdateInput!) {
  tradedCompanyUpdate(input: $input) { tradedCompany { governance record { version } } userErrors { field code } }
}
"""
COMPANY_RETIRE = """
mutation Retire($input: RetireInput!) {
  tradedCompanyRetire(input: $input) { tradedCompany { record { retiredAt } } userErrors { field code } }
}
"""


async def test_a_supplier_is_added_renamed_and_retired(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    # given a new supplier
    supplier = {"name": "Acme Print Ltd", "companyNumber": "01234567", "description": "Print and mail"}

    # when an editor adds it, records its new name, then retires it
    created = await graphql(PROVIDER_CREATE, {"input": supplier}, token=tokens.editor)
    provider = created.data["providerCreate"]["provider"]
    renamed = await graphql(
        PROVIDER_UPDATE, {"input": {"id": provider["id"], "version": 1, "name": "Acme Print plc"}}, token=tokens.editor
    )
    retired = await graphql(PROVIDER_RETIRE, {"input": {"id": provider["id"], "version": 2}}, token=tokens.editor)

    # then it is a supplier unless said otherwise, renamed at version 2, and retired
    assert (provider["name"], provider["kind"], provider["record"]) == ("Acme Print Ltd", "SUPPLIER", {"version": 1})
    assert renamed.data["providerUpdate"]["provider"] == {
        "name": "Acme Print plc",
        "companyNumber": "01234567",
        "record": {"version": 2},
    }
    assert retired.data["providerRetire"]["provider"]["record"]["retiredAt"] is not None


REFUSED_PROVIDERS = [
    pytest.param({"name": "Agilisys"}, "name", "DUPLICATE", id="duplicate-name"),
    pytest.param({"name": ""}, "name", "BAD_INPUT", id="blank-name"),
]


@pytest.mark.parametrize(("change", "field", "code"), REFUSED_PROVIDERS)
async def test_a_bad_provider_is_refused_and_adds_nothing(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens, change: dict[str, Any], field: str, code: str
) -> None:
    # given the register's providers and change log
    before = await state(session, models.Provider)

    # when an editor adds a provider the register cannot accept
    response = await graphql(PROVIDER_CREATE, {"input": {"name": "Acme", **change}}, token=tokens.editor)

    # then the field at fault is named, and nothing is added
    payload = response.data["providerCreate"]
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", field], code)]
    assert await state(session, models.Provider) == before


async def test_a_company_number_is_unique(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    # given a supplier with a company number
    await graphql(PROVIDER_CREATE, {"input": {"name": "Acme", "companyNumber": "01234567"}}, token=tokens.editor)
    daisy = await gid(session, models.Provider, name="Daisy Updata Communications Ltd")
    before = await state(session, models.Provider, daisy)

    # when another supplier is given the same number
    change = {"id": daisy, "version": 1, "companyNumber": "01234567"}
    response = await graphql(PROVIDER_UPDATE, {"input": change}, token=tokens.editor)

    # then it is a DUPLICATE, and the other supplier is untouched
    assert response.data["providerUpdate"]["userErrors"] == [{"field": ["input", "companyNumber"], "code": "DUPLICATE"}]
    assert await state(session, models.Provider, daisy) == before


async def test_a_traded_company_is_added_against_its_provider(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given a provider record for a new council company
    company_provider = {"name": "Kent Energy Ltd", "kind": "TRADED_COMPANY"}
    provider = await graphql(PROVIDER_CREATE, {"input": company_provider}, token=tokens.editor)
    provider_id = provider.data["providerCreate"]["provider"]["id"]

    # when the company itself is added, its governance recorded, and then retired
    company = {"providerId": provider_id, "name": "Kent Energy Ltd", "legalForm": "LATC", "established": "May 2019"}
    created = await graphql(COMPANY_CREATE, {"input": company}, token=tokens.editor)
    company_id = created.data["tradedCompanyCreate"]["tradedCompany"]["id"]
    change = {"id": company_id, "version": 1, "governance": "Shareholder board"}
    updated = await graphql(COMPANY_UPDATE, {"input": change}, token=tokens.editor)
    retired = await graphql(COMPANY_RETIRE, {"input": {"id": company_id, "version": 2}}, token=tokens.editor)

    # then each is accepted
    assert created.data["tradedCompanyCreate"]["tradedCompany"] == {
        "id": company_id,
        "name": "Kent Energy Ltd",
        "legalForm": "LATC",
        "established": {"earliest": "2019-05-01", "precision": "MONTH"},
        "provider": {"name": "Kent Energy Ltd", "kind": "TRADED_COMPANY"},
    }
    assert updated.data["tradedCompanyUpdate"]["tradedCompany"] == {
        "governance": "Shareholder board",
        "record": {"version": 2},
    }
    assert retired.data["tradedCompanyRetire"]["tradedCompany"]["record"]["retiredAt"] is not None


REFUSED_COMPANIES = [
    pytest.param("Agilisys", "Kent Energy Ltd", [("providerId", "BAD_INPUT")], id="provider-is-a-supplier"),
    pytest.param("Invicta Law", "Kent Energy Ltd", [("providerId", "DUPLICATE")], id="provider-has-a-company"),
    pytest.param(
        "Invicta Law", "GEN2 Property Ltd", [("name", "DUPLICATE"), ("providerId", "DUPLICATE")], id="duplicate-name"
    ),
]


@pytest.mark.parametrize(("provider", "name", "problems"), REFUSED_COMPANIES)
async def test_a_bad_traded_company_is_refused_and_adds_nothing(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens, provider: str, name: str, problems: list[tuple[str, str]]
) -> None:
    # given a provider, and the register's companies
    provider_id = await gid(session, models.Provider, name=provider)
    before = await state(session, models.TradedCompany)

    # when a company is added that the register cannot accept
    response = await graphql(COMPANY_CREATE, {"input": {"providerId": provider_id, "name": name}}, token=tokens.editor)

    # then each field at fault is named, and nothing is added
    payload = response.data["tradedCompanyCreate"]
    assert [(e["field"][1], e["code"]) for e in payload["userErrors"]] == problems
    assert await state(session, models.TradedCompany) == before
