"""A retired contract leaves the Board's views: the pipeline, the totals and the risk list."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from tests.conftest import GraphQL

VIEWS = """{
  pipeline(from: "Q3 2019/20") { quarters { contractsEnding { totalCount edges { node { contract { reference } } } } } }
  contractTotals(groupBy: [], basis: TOTAL) { count }
}"""


async def test_a_retired_contract_leaves_the_pipeline_and_the_totals(graphql: GraphQL, session: AsyncSession) -> None:
    # given the Board's views of Q3 2019/20, which show the Amey and Skanska TFM contracts ending
    before = await graphql(VIEWS)
    (quarter,) = before.data["pipeline"]["quarters"]
    references = {edge["node"]["contract"]["reference"] for edge in quarter["contractsEnding"]["edges"]}
    assert "SCS-2017-TFM-AMEY" in references
    count = before.data["contractTotals"][0]["count"]

    # when the Amey contract is retired
    await session.execute(
        update(models.Contract)
        .where(models.Contract.reference == "SCS-2017-TFM-AMEY")
        .values(retired_at=datetime.now(UTC))
    )
    await session.flush()

    # then neither the pipeline nor the totals count it any more
    after = await graphql(VIEWS)
    (quarter,) = after.data["pipeline"]["quarters"]
    references = {edge["node"]["contract"]["reference"] for edge in quarter["contractsEnding"]["edges"]}
    assert "SCS-2017-TFM-AMEY" not in references
    assert quarter["contractsEnding"]["totalCount"] == len(references)
    assert after.data["contractTotals"][0]["count"] == count - 1
    assert await session.scalar(select(models.Contract.id).where(models.Contract.reference == "SCS-2017-TFM-AMEY"))


PLANS_OF = """query($text: String) { contracts(filter: {text: $text}) { edges { node {
  reference plans { title } references { section } } } } }"""


async def test_a_retired_reference_or_plan_no_longer_lists_under_a_contract(
    graphql: GraphQL, session: AsyncSession
) -> None:
    # given the Agilisys contract, which the SCS plan references
    before = await graphql(PLANS_OF, {"text": "Agilisys"})
    (edge,) = before.data["contracts"]["edges"]
    assert [plan["title"] for plan in edge["node"]["plans"]] == [
        "Strategic and Corporate Services Directorate Business Plan 2017-18"
    ]
    agilisys = select(models.Contract.id).where(models.Contract.reference == "SCS-2017-AGILISYS").scalar_subquery()

    # when the plan's references to it are retired
    await session.execute(
        update(models.PlanReference)
        .where(models.PlanReference.contract_id == agilisys)
        .values(retired_at=datetime.now(UTC))
    )
    await session.flush()

    # then the contract lists neither the references nor the plan
    after = await graphql(PLANS_OF, {"text": "Agilisys"})
    (edge,) = after.data["contracts"]["edges"]
    assert (edge["node"]["plans"], edge["node"]["references"]) == ([], [])
