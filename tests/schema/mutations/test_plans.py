"""Writing business plans and their references to contracts, activities, providers, companies and services."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from tests.conftest import GraphQL, Tokens
from tests.schema.mutations.rows import gid, state

PLAN_CREATE = """
mutation Create($input: BusinessPlanCreateInput!) {
  businessPlanCreate(input: $input) {
    businessPlan { id title financialYear rollingWindow status committeeDate publication { text } directorate { code } }
    userErrors { field message code }
  }
}
"""
PLAN_UPDATE = """
mutation Update($input: BusinessPlanUpdateInput!) {
  businessPlanUpdate(input: $input) { businessPlan { status record { version } } userErrors { field message code } }
}
"""
PLAN_RETIRE = """
mutation Retire($input: RetireInput!) {
  businessPlanRetire(input: $input) { businessPlan { record { retiredAt } } userErrors { field code } }
}
"""
REFERENCE_CREATE = """
mutation Create($input: PlanReferenceCreateInput!) {
  planReferenceCreate(input: $input) {
    planReference { id section sourceText plan { title } subject { __typename ... on Contract { reference } } }
    userErrors { field message code }
  }
}
"""
REFERENCE_UPDATE = """
mutation Update($input: PlanReferenceUpdateInput!) {
  planReferenceUpdate(input: $input) {
    planReference { subject { __typename ... on Service { name } } }
    userErrors { field message code }
  }
}
"""
REFERENCE_RETIRE = """
mutation Retire($input: RetireInput!) {
  planReferenceRetire(input: $input) { planReference { id } userErrors { field code } }
}
"""
SCS_PLAN = "Strategic and Corporate Services Directorate Business Plan 2017-18"


def a_new_plan(directorate: str, **changes: Any) -> dict[str, Any]:
    """GET's 2018-19 plan, in the rolling window 2018-2021, as a final draft."""
    return {
        "directorateId": directorate,
        "title": "GET Directorate Business Plan 2018-19",
        "financialYear": "2018/19",
        "rollingWindow": "2018-2021",
        "status": "FINAL_DRAFT",
        "committeeDate": "2018-03-15",
        "publication": "Q1 2018/19",
        **changes,
    }


async def test_a_plan_is_added_approved_and_retired(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    # given GET
    get = await gid(session, models.Directorate, code="GET")

    # when an editor adds its 2018-19 plan, records its approval, then retires it
    created = await graphql(PLAN_CREATE, {"input": a_new_plan(get)}, token=tokens.editor)
    plan = created.data["businessPlanCreate"]["businessPlan"]
    approved = await graphql(
        PLAN_UPDATE, {"input": {"id": plan["id"], "version": 1, "status": "APPROVED"}}, token=tokens.editor
    )
    retired = await graphql(PLAN_RETIRE, {"input": {"id": plan["id"], "version": 2}}, token=tokens.editor)

    # then the year reads as the register writes it, the window as printed, and each write is accepted
    assert plan == {
        "id": plan["id"],
        "title": "GET Directorate Business Plan 2018-19",
        "financialYear": "2018-19",
        "rollingWindow": "2018-2021",
        "status": "FINAL_DRAFT",
        "committeeDate": "2018-03-15",
        "publication": {"text": "Q1 2018/19"},
        "directorate": {"code": "GET"},
    }
    assert approved.data["businessPlanUpdate"]["businessPlan"] == {"status": "APPROVED", "record": {"version": 2}}
    assert retired.data["businessPlanRetire"]["businessPlan"]["record"]["retiredAt"] is not None


REFUSED_PLANS = [
    pytest.param({"financialYear": "2018/20"}, "financialYear", "BAD_INPUT", id="years-not-consecutive"),
    pytest.param({"rollingWindow": "2019-2022"}, "rollingWindow", "BAD_INPUT", id="window-misses-the-year"),
    pytest.param({"rollingWindow": "next three years"}, "rollingWindow", "BAD_INPUT", id="unreadable-window"),
    pytest.param({"publication": "soon"}, "publication", "BAD_INPUT", id="unreadable-publication"),
]


@pytest.mark.parametrize(("change", "field", "code"), REFUSED_PLANS)
async def test_a_bad_plan_is_refused_and_adds_nothing(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens, change: dict[str, Any], field: str, code: str
) -> None:
    # given GET, and the register's plans
    get = await gid(session, models.Directorate, code="GET")
    before = await state(session, models.BusinessPlan)

    # when an editor adds a plan the register cannot accept
    response = await graphql(PLAN_CREATE, {"input": a_new_plan(get, **change)}, token=tokens.editor)

    # then the field at fault is named, and nothing is added
    payload = response.data["businessPlanCreate"]
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", field], code)]
    assert await state(session, models.BusinessPlan) == before


async def test_a_duplicate_plan_is_refused(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    # given SCS's 2017-18 plan
    scs = await gid(session, models.Directorate, code="SCS")

    # when it is added again
    plan = a_new_plan(scs, title=SCS_PLAN, financialYear="2017-18", rollingWindow="2017-2020")
    response = await graphql(PLAN_CREATE, {"input": plan}, token=tokens.editor)

    # then it is a DUPLICATE on its title
    (error,) = response.data["businessPlanCreate"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "title"], "DUPLICATE")


async def test_a_plan_references_a_contract_then_a_service(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given SCS's plan, the KPSN contract and the Human Resources service
    plan = await gid(session, models.BusinessPlan, title=SCS_PLAN)
    kpsn = await gid(session, models.Contract, reference="SCS-2017-KPSN")
    hr = await gid(session, models.Service, name="Human Resources")

    # when an editor records section D's mention of KPSN, points it at the service instead, then retires it
    reference = {"planId": plan, "section": "D", "sourceText": "KPSN renewal", "subjectId": kpsn}
    created = await graphql(REFERENCE_CREATE, {"input": reference}, token=tokens.editor)
    made = created.data["planReferenceCreate"]["planReference"]
    moved = await graphql(
        REFERENCE_UPDATE, {"input": {"id": made["id"], "version": 1, "subjectId": hr}}, token=tokens.editor
    )
    retired = await graphql(REFERENCE_RETIRE, {"input": {"id": made["id"], "version": 2}}, token=tokens.editor)

    # then the reference's subject is the contract, then the service; retired, it is still found by ID
    assert made["plan"] == {"title": SCS_PLAN}
    assert made["subject"] == {"__typename": "Contract", "reference": "SCS-2017-KPSN"}
    assert moved.data["planReferenceUpdate"]["planReference"]["subject"] == {
        "__typename": "Service",
        "name": "Human Resources",
    }
    assert retired.data["planReferenceRetire"] == {"planReference": {"id": made["id"]}, "userErrors": []}


async def test_a_reference_already_recorded_is_a_duplicate(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given SCS's plan, whose section I already mentions the Agilisys contract
    plan = await gid(session, models.BusinessPlan, title=SCS_PLAN)
    agilisys = await gid(session, models.Contract, reference="SCS-2017-AGILISYS")
    before = await state(session, models.PlanReference)

    # when the same mention is recorded again
    reference = {"planId": plan, "section": "I", "sourceText": "Contact Point", "subjectId": agilisys}
    response = await graphql(REFERENCE_CREATE, {"input": reference}, token=tokens.editor)

    # then it is a DUPLICATE, and nothing is added
    (error,) = response.data["planReferenceCreate"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "subjectId"], "DUPLICATE")
    assert await state(session, models.PlanReference) == before


async def test_a_plan_cannot_reference_a_directorate(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    # given SCS's plan and the SCS directorate, which plans do not reference
    plan = await gid(session, models.BusinessPlan, title=SCS_PLAN)
    scs = await gid(session, models.Directorate, code="SCS")

    # when a reference to it is recorded
    reference = {"planId": plan, "section": "A", "sourceText": "SCS", "subjectId": scs}
    response = await graphql(REFERENCE_CREATE, {"input": reference}, token=tokens.editor)

    # then the subject is a BAD_ID, naming the kinds a plan can reference
    (error,) = response.data["planReferenceCreate"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "subjectId"], "BAD_ID")
    assert "not of a Contract or CommissioningActivity" in error["message"]
