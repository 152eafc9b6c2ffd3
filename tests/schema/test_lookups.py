"""Records by natural key, as a detail page links to them: found, or null with NOT_FOUND at that path."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.base import utc_now
from tests.conftest import GraphQL

SCS_PLAN = "Strategic and Corporate Services Directorate Business Plan 2017-18"

FOUND = [
    pytest.param(
        '{ contract(reference: "SCS-2017-AGILISYS") { reference provider { name } } }',
        {"contract": {"reference": "SCS-2017-AGILISYS", "provider": {"name": "Agilisys"}}},
        id="contract",
    ),
    pytest.param(
        '{ provider(name: "Amey") { name } }',
        {"provider": {"name": "Amey"}},
        id="provider by name",
    ),
    pytest.param(
        '{ commissioningActivity(directorate: "SCS", name: "Kent Health & Wellbeing Strategy") '
        "{ name directorate { code } } }",
        {"commissioningActivity": {"name": "Kent Health & Wellbeing Strategy", "directorate": {"code": "SCS"}}},
        id="activity",
    ),
    pytest.param(
        f'{{ businessPlan(directorate: "SCS", financialYear: "2017/18", title: "{SCS_PLAN}") '
        "{ title financialYear } }",
        {"businessPlan": {"title": SCS_PLAN, "financialYear": "2017-18"}},
        id="plan",
    ),
    pytest.param(
        '{ tradedCompany(name: "GEN2 Property Ltd") { name } }',
        {"tradedCompany": {"name": "GEN2 Property Ltd"}},
        id="traded company",
    ),
]

NOT_FOUND = [
    pytest.param('{ contract(reference: "SCS-2017-NOPE") { reference } }', "contract", "reference", id="contract"),
    pytest.param('{ provider(name: "Nobody Ltd") { name } }', "provider", "name", id="provider"),
    pytest.param('{ provider(companyNumber: "00000000") { name } }', "provider", "companyNumber", id="company number"),
    pytest.param(
        '{ commissioningActivity(directorate: "GET", name: "Kent Health & Wellbeing Strategy") { name } }',
        "commissioningActivity",
        "name",
        id="activity in another directorate",
    ),
    pytest.param(
        f'{{ businessPlan(directorate: "SCS", financialYear: "2018-19", title: "{SCS_PLAN}") {{ title }} }}',
        "businessPlan",
        "title",
        id="plan of another year",
    ),
    pytest.param('{ tradedCompany(name: "Amey") { name } }', "tradedCompany", "name", id="traded company"),
]


@pytest.mark.parametrize(("query", "expected"), FOUND)
async def test_a_detail_page_finds_a_record_by_its_natural_key(
    graphql: GraphQL, query: str, expected: dict[str, Any]
) -> None:
    # when a record is asked for by the key the council knows it by
    response = await graphql(query)

    # then it is there, with what is asked for under it
    assert response.errors == []
    assert response.data == expected


@pytest.mark.parametrize(("query", "field", "argument"), NOT_FOUND)
async def test_a_key_that_names_nothing_is_null_with_not_found_at_its_path(
    graphql: GraphQL, query: str, field: str, argument: str
) -> None:
    # when a key that no record has is asked for
    response = await graphql(query)

    # then the field is null and the error says so at that path, naming the argument
    assert response.data == {field: None}
    (error,) = response.errors
    assert error["path"] == [field]
    assert error["extensions"] == {"code": "NOT_FOUND", "argument": argument}
    assert error["message"].startswith("No ")


async def test_a_provider_is_found_by_its_company_number(graphql: GraphQL, session: AsyncSession) -> None:
    # given Amey's Companies House number on the register
    await session.execute(update(models.Provider).where(models.Provider.name == "Amey").values(company_number="1"))
    await session.commit()

    # when it is looked up by that number
    response = await graphql('{ provider(companyNumber: "1") { name companyNumber } }')

    # then Amey is found
    assert response.errors == []
    assert response.data == {"provider": {"name": "Amey", "companyNumber": "1"}}


@pytest.mark.parametrize("arguments", ['name: "Amey", companyNumber: "1"', ""])
async def test_a_provider_needs_exactly_one_key(graphql: GraphQL, arguments: str) -> None:
    # when both keys, or neither, are given
    response = await graphql(f"{{ provider{f'({arguments})' if arguments else ''} {{ name }} }}")

    # then the client is told to give one
    (error,) = response.errors
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "exactly one" in error["message"]


async def test_a_plan_year_that_is_not_a_financial_year_is_bad_input(graphql: GraphQL) -> None:
    response = await graphql(
        f'{{ businessPlan(directorate: "SCS", financialYear: "2017", title: "{SCS_PLAN}") {{ title }} }}'
    )

    (error,) = response.errors
    assert error["extensions"] == {"code": "BAD_INPUT", "argument": "financialYear"}
    assert "2017/18" in error["message"]


async def test_a_retired_contract_is_found_by_reference_as_node_finds_it(
    graphql: GraphQL, session: AsyncSession
) -> None:
    # given the telephony contract retired
    table = models.Contract
    await session.execute(update(table).where(table.reference == "SCS-2017-TELEPHONY").values(retired_at=utc_now()))
    await session.commit()

    # when it is looked up by reference
    response = await graphql('{ contract(reference: "SCS-2017-TELEPHONY") { reference record { retiredAt } } }')

    # then it is still there, and says it is retired
    assert response.errors == []
    assert response.data["contract"]["reference"] == "SCS-2017-TELEPHONY"
    assert response.data["contract"]["record"]["retiredAt"] is not None


async def test_many_lookups_of_one_kind_cost_one_statement(graphql: GraphQL, session: AsyncSession) -> None:
    # given one contract looked up, and then five at once under aliases
    references = list(await session.scalars(select(models.Contract.reference).order_by(models.Contract.id).limit(5)))
    one = await graphql(f'{{ c0: contract(reference: "{references[0]}") {{ reference }} }}')
    aliases = " ".join(f'c{i}: contract(reference: "{r}") {{ reference }}' for i, r in enumerate(references))
    five = await graphql(f'{{ {aliases} missing: contract(reference: "NOPE") {{ reference }} }}')

    # then every one is answered, and five cost what one costs
    assert [five.data[f"c{i}"]["reference"] for i in range(5)] == references
    assert five.data["missing"] is None
    assert five.statements == one.statements
