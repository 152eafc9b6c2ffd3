"""Writing commissioning activities and key decisions for the Strategic Commissioning Board's pipeline."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from tests.conftest import GraphQL, Tokens
from tests.schema.mutations.rows import gid, state

ACTIVITY_CREATE = """
mutation Create($input: CommissioningActivityCreateInput!) {
  commissioningActivityCreate(input: $input) {
    commissioningActivity {
      id name leadService annualValue consultationRequired
      expectedValue { amount basis annualised wholeLife }
      significant significanceReasons overThreshold
      directorate { code }
      record { version }
    }
    userErrors { field message code }
  }
}
"""
ACTIVITY_UPDATE = """
mutation Update($input: CommissioningActivityUpdateInput!) {
  commissioningActivityUpdate(input: $input) {
    commissioningActivity {
      name annualValue expectedValue { wholeLife } overThreshold significant record { version }
    }
    userErrors { field message code }
  }
}
"""
ACTIVITY_RETIRE = """
mutation Retire($input: RetireInput!) {
  commissioningActivityRetire(input: $input) {
    commissioningActivity { record { version retiredAt } }
    userErrors { field message code }
  }
}
"""
DECISION_CREATE = """
mutation Create($input: KeyDecisionCreateInput!) {
  keyDecisionCreate(input: $input) {
    keyDecision { id reference decisionMaker expected { earliest latest precision text } activity { name } }
    userErrors { field message code }
  }
}
"""
DECISION_UPDATE = """
mutation Update($input: KeyDecisionUpdateInput!) {
  keyDecisionUpdate(input: $input) {
    keyDecision { expected { earliest latest precision } record { version } }
    userErrors { field message code }
  }
}
"""
DECISION_RETIRE = """
mutation Retire($input: RetireInput!) {
  keyDecisionRetire(input: $input) { keyDecision { record { retiredAt } } userErrors { code } }
}
"""
DECISIONS_LISTED = "{ keyDecisions(first: 100) { totalCount } }"


async def test_an_officer_records_an_activity_over_the_boards_threshold(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given SCS
    scs = await gid(session, models.Directorate, code="SCS")

    # when an editor adds a £12m five-year procurement needing consultation
    activity = {
        "directorateId": scs,
        "name": "Print procurement",
        "leadService": "Infrastructure",
        "expectedValue": "£12m",
        "termMonths": 60,
        "consultationRequired": True,
    }
    response = await graphql(ACTIVITY_CREATE, {"input": activity}, token=tokens.editor)

    # then its yearly value is derived (£2.4m), which puts it over the Board's threshold; it is significant only
    # once a plan lists it
    payload = response.data["commissioningActivityCreate"]
    assert payload["userErrors"] == []
    created = payload["commissioningActivity"]
    assert created["expectedValue"] == {
        "amount": "12000000.00",
        "basis": "TOTAL",
        "annualised": "2400000.00",
        "wholeLife": "12000000.00",
    }
    assert created["annualValue"] == "2400000.00"
    assert (created["overThreshold"], created["significant"], created["significanceReasons"]) == (True, False, [])
    assert (created["directorate"], created["record"]) == ({"code": "SCS"}, {"version": 1})


async def test_an_activity_update_recomputes_its_values(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given the seeded Agilisys activity: £36.3m over 120 months
    activity = await gid(session, models.CommissioningActivity, name="Agilisys contract")

    # when its value is restated as £0.5m a year
    update = {"id": activity, "version": 1, "expectedValue": "£0.5m (p/a)"}
    response = await graphql(ACTIVITY_UPDATE, {"input": update}, token=tokens.editor)

    # then its whole life is 120 months of it, and it falls below the Board's £1m a year threshold
    updated = response.data["commissioningActivityUpdate"]["commissioningActivity"]
    assert updated["annualValue"] == "500000.00"
    assert updated["expectedValue"] == {"wholeLife": "5000000.00"}
    assert (updated["overThreshold"], updated["significant"]) == (False, True)
    assert updated["record"] == {"version": 2}


REFUSED_ACTIVITIES = [
    pytest.param({"name": "Contract Reviews"}, "name", "DUPLICATE", id="duplicate-name-in-directorate"),
    pytest.param({"expectedValue": "-£1m"}, "expectedValue", "BAD_INPUT", id="negative-value"),
    pytest.param({"expectedValue": "£1m (monthly)"}, "expectedValue", "BAD_INPUT", id="unknown-basis"),
    pytest.param({"significanceReason": "VALUE"}, "significanceReason", "BAD_INPUT", id="value-is-derived"),
    pytest.param({"significanceReason": "NOT_STATED"}, "significanceReason", "BAD_INPUT", id="not-stated-is-derived"),
]


@pytest.mark.parametrize(("change", "field", "code"), REFUSED_ACTIVITIES)
async def test_a_bad_activity_is_refused_and_adds_nothing(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens, change: dict[str, Any], field: str, code: str
) -> None:
    # given SCS's activities and the change log
    scs = await gid(session, models.Directorate, code="SCS")
    before = await state(session, models.CommissioningActivity)

    # when an editor adds an activity the register cannot accept
    activity = {"directorateId": scs, "name": "Print procurement", **change}
    response = await graphql(ACTIVITY_CREATE, {"input": activity}, token=tokens.editor)

    # then the field at fault is named, and nothing is added
    payload = response.data["commissioningActivityCreate"]
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", field], code)]
    assert await state(session, models.CommissioningActivity) == before


async def test_the_same_name_is_allowed_in_another_directorate(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given SCS's "Contract Reviews", and GET
    get = await gid(session, models.Directorate, code="GET")

    # when GET records an activity of the same name
    response = await graphql(
        ACTIVITY_CREATE, {"input": {"directorateId": get, "name": "Contract Reviews"}}, token=tokens.editor
    )

    # then it is accepted: names are unique within a directorate
    assert response.data["commissioningActivityCreate"]["userErrors"] == []


async def test_a_key_decision_is_added_updated_and_retired(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given "Contract Reviews", which needs no key decision yet
    reviews = await gid(session, models.CommissioningActivity, name="Contract Reviews")
    listed = (await graphql(DECISIONS_LISTED)).data["keyDecisions"]["totalCount"]

    # when an editor records one for Q4 2017/18, then moves it to a window, then retires it
    decision = {"activityId": reviews, "expected": "Q4 2017/18", "decisionMaker": "Cabinet", "reference": "17/00123"}
    created = await graphql(DECISION_CREATE, {"input": decision}, token=tokens.editor)
    made = created.data["keyDecisionCreate"]["keyDecision"]
    moved = {"id": made["id"], "version": 1, "expected": "Between Q4 2017/18 and Q1 2018/19"}
    updated = await graphql(DECISION_UPDATE, {"input": moved}, token=tokens.editor)
    after_update = (await graphql(DECISIONS_LISTED)).data["keyDecisions"]["totalCount"]
    retired = await graphql(DECISION_RETIRE, {"input": {"id": made["id"], "version": 2}}, token=tokens.editor)

    # then each is accepted: the quarter is an interval, the window a range; retired, it leaves the list
    assert made["expected"] == {
        "earliest": "2018-01-01",
        "latest": "2018-03-31",
        "precision": "QUARTER",
        "text": "Q4 2017/18",
    }
    assert (made["activity"], made["decisionMaker"], made["reference"]) == (
        {"name": "Contract Reviews"},
        "Cabinet",
        "17/00123",
    )
    assert updated.data["keyDecisionUpdate"]["keyDecision"] == {
        "expected": {"earliest": "2018-01-01", "latest": "2018-06-30", "precision": "RANGE"},
        "record": {"version": 2},
    }
    assert after_update == listed + 1
    assert retired.data["keyDecisionRetire"]["keyDecision"]["record"]["retiredAt"] is not None
    assert (await graphql(DECISIONS_LISTED)).data["keyDecisions"]["totalCount"] == listed


REFUSED_DECISIONS = [
    pytest.param("Kent Health & Wellbeing Strategy", {}, "activityId", "DUPLICATE", id="activity-has-one"),
    pytest.param("Contract Reviews", {"expected": "N/A"}, "expected", "BAD_INPUT", id="no-date"),
    pytest.param("Contract Reviews", {"expected": "By 2020"}, "expected", "BAD_INPUT", id="by-needs-a-plan-year"),
    pytest.param(
        "Contract Reviews", {"expected": "By 2020", "planYear": "2017-19"}, "planYear", "BAD_INPUT", id="bad-plan-year"
    ),
    pytest.param("Contract Reviews", {"expected": "Q5 2017/18"}, "expected", "BAD_INPUT", id="no-such-quarter"),
]


@pytest.mark.parametrize(("activity", "change", "field", "code"), REFUSED_DECISIONS)
async def test_a_bad_key_decision_is_refused_and_adds_nothing(
    graphql: GraphQL,
    session: AsyncSession,
    tokens: Tokens,
    activity: str,
    change: dict[str, Any],
    field: str,
    code: str,
) -> None:
    # given an activity, and the register's key decisions
    activity_id = await gid(session, models.CommissioningActivity, name=activity)
    before = await state(session, models.KeyDecision)

    # when an editor records a decision the register cannot accept
    decision = {"activityId": activity_id, "expected": "Q4 2017/18", **change}
    response = await graphql(DECISION_CREATE, {"input": decision}, token=tokens.editor)

    # then the field at fault is named, and nothing is added
    payload = response.data["keyDecisionCreate"]
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", field], code)]
    assert await state(session, models.KeyDecision) == before


async def test_a_by_date_runs_from_the_start_of_the_plan_year_given(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given "Contract Reviews" and a forward plan entry printed as "By 2020" in the 2017-18 plan
    reviews = await gid(session, models.CommissioningActivity, name="Contract Reviews")
    decision = {"activityId": reviews, "expected": "By 2020", "planYear": "2017/18"}

    # when an editor records it with the plan's year
    response = await graphql(DECISION_CREATE, {"input": decision}, token=tokens.editor)

    # then it runs from 1 April 2017 to the end of 2020, as the seed reads the same words
    assert response.data["keyDecisionCreate"]["userErrors"] == []
    assert response.data["keyDecisionCreate"]["keyDecision"]["expected"] == {
        "earliest": "2017-04-01",
        "latest": "2020-12-31",
        "precision": "RANGE",
        "text": "By 2020",
    }


async def test_a_retired_activity_leaves_the_list(graphql: GraphQL, session: AsyncSession, tokens: Tokens) -> None:
    # given "Contract Reviews", listed
    reviews = await gid(session, models.CommissioningActivity, name="Contract Reviews")
    query = '{ commissioningActivities(filter: {text: "Contract Reviews"}) { totalCount } }'
    assert (await graphql(query)).data["commissioningActivities"]["totalCount"] == 1

    # when it is retired
    response = await graphql(ACTIVITY_RETIRE, {"input": {"id": reviews, "version": 1}}, token=tokens.editor)

    # then it is retired and no longer listed
    assert response.data["commissioningActivityRetire"]["commissioningActivity"]["record"]["version"] == 2
    assert (await graphql(query)).data["commissioningActivities"]["totalCount"] == 0
