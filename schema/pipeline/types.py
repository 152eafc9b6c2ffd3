"""The pipeline as front ends see it: a window of financial quarters, each with its decisions due and
contracts ending, paged per quarter, and the sums of their values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import strawberry
from sqlalchemy import Row

from schema.bounds import at_most
from schema.commissioning.loaders import activities_by_id, key_decisions_by_id
from schema.commissioning.types import CommissioningActivity, KeyDecision
from schema.context import Info
from schema.contracts.loaders import contracts_by_id
from schema.contracts.types import Contract
from schema.nested import nested_connection
from schema.pipeline.plan import ALL, CONTRACTS, DECISIONS, DUE, SPANNING, WHOLE_WINDOW, PipelinePlan
from schema.pipeline.windows import MAX_QUARTERS, Quarter, QuarterWindow, quarter_index, quarter_label
from schema.relations import Relation
from schema.relay import After, Before, Connection, First, Last
from schema.values import DateInterval, DatePrecision, ValueTotal


@strawberry.type(
    description="Where a date interval lies among the financial quarters it touches. A key decision "
    "'Between Q2 2017/18 and Q1 2018/19' spans four quarters and appears in the pipeline under each of them."
)
class QuarterSpan:
    quarters: int = strawberry.field(description="How many financial quarters the interval touches.")
    first: str = strawberry.field(description="The first quarter it touches, e.g. 'Q2 2017-18'.")
    last: str = strawberry.field(description="The last quarter it touches, e.g. 'Q1 2018-19'.")
    position: int = strawberry.field(description="Which of those quarters this row is listed under (1 is `first`).")
    several: bool = strawberry.field(description="True when it spans more than one quarter, so it is listed in each.")
    starts_before_window: bool = strawberry.field(
        description="True when it touches quarters before the pipeline's window: the window cuts it."
    )
    ends_after_window: bool = strawberry.field(
        description="True when it touches quarters after the pipeline's window: the window cuts it."
    )


@dataclass(frozen=True)
class Placed:
    """A row's interval and the quarter of the window it is listed under: all its span needs, worked out only
    when the query asks for the span."""

    earliest: date
    latest: date
    quarter: Quarter
    window: QuarterWindow

    def span(self) -> QuarterSpan:
        """The span of the interval, as seen from the quarter it is listed under."""
        low, high = quarter_index(self.earliest), quarter_index(self.latest)
        here = quarter_index(self.quarter.days.earliest)
        return QuarterSpan(
            quarters=high - low + 1,
            first=quarter_label(low),
            last=quarter_label(high),
            position=here - low + 1,
            several=high > low,
            starts_before_window=self.earliest < self.window.earliest,
            ends_after_window=self.latest > self.window.latest,
        )


@strawberry.type(description="A key decision due in a quarter of the pipeline, with its activity.")
class PipelineDecision:
    relations: ClassVar[dict[str, Relation]] = {
        "keyDecision": Relation("key_decision", lambda row: row.key_decision_pk, key_decisions_by_id),
        "activity": Relation("activity", lambda row: row.activity_pk, activities_by_id),
    }

    key_decision_pk: strawberry.Private[int]
    activity_pk: strawberry.Private[int]
    placed: strawberry.Private[Placed]
    key_decision: KeyDecision | None = strawberry.field(
        default=None, description="The decision, with when it is expected and who takes it."
    )
    activity: CommissioningActivity | None = strawberry.field(
        default=None, description="The commissioning activity the decision belongs to."
    )

    @strawberry.field(description="The quarters its expected date spans, and which this is.")
    def span(self) -> QuarterSpan:
        return self.placed.span()


@strawberry.type(description="A contract that may end in a quarter of the pipeline.")
class PipelineContract:
    relations: ClassVar[dict[str, Relation]] = {
        "contract": Relation("contract", lambda row: row.contract_pk, contracts_by_id),
    }

    contract_pk: strawberry.Private[int]
    placed: strawberry.Private[Placed]
    contract: Contract | None = strawberry.field(default=None, description="The contract.")

    @strawberry.field(description="The quarters its end date spans, and which this is.")
    def span(self) -> QuarterSpan:
        return self.placed.span()


@strawberry.type(description="A quarter's key decisions due, in date order (earliest possible day, then latest).")
class PipelineDecisionConnection(Connection[PipelineDecision]):
    pass


@strawberry.type(description="A quarter's contracts ending, in end-date order (earliest possible day, then latest).")
class PipelineContractConnection(Connection[PipelineContract]):
    pass


@strawberry.type(description="One financial quarter of the pipeline: what is due to be decided, and what ends.")
class PipelineQuarter:
    label: str = strawberry.field(description="The quarter in the council's words, e.g. 'Q3 2017-18'.")
    financial_year: str = strawberry.field(description="Its financial year, e.g. '2017-18'.")
    quarter: int = strawberry.field(description="Its number in the financial year: 1 is April to June.")
    days: DateInterval = strawberry.field(description="Its first and last day.")
    position: strawberry.Private[int]
    plan: strawberry.Private[PipelinePlan]

    @strawberry.field(
        description="Key decisions whose expected date overlaps the quarter: a decision spanning several "
        "quarters is listed in each (see `span`). Paged per quarter."
    )
    async def key_decisions(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> PipelineDecisionConnection:
        plan = self.plan

        listed = plan.sql.decisions

        def convert(row: Row[Any]) -> PipelineDecision:
            plan.counted(DECISIONS, row.batch_parent, row.quarter_rows)
            quarter = plan.window.by_position(row.batch_parent)
            return PipelineDecision(
                key_decision_pk=row.id,
                activity_pk=row.activity_id,
                placed=Placed(row.expected_earliest, row.expected_latest, quarter, plan.window),
            )

        result: PipelineDecisionConnection = await nested_connection(
            info,
            self.position,
            statement=listed.statement(),
            parent=listed.parent,
            ordering=listed.ordering,
            convert=convert,
            arguments={"first": first, "after": after, "last": last, "before": before},
            connection=PipelineDecisionConnection,
            count_rows=lambda: plan.count(DECISIONS, self.position),
        )
        return result

    @strawberry.field(
        description="Contracts whose end date overlaps the quarter: an end such as '2026' is listed under each "
        "quarter it spans (see `span`). Paged per quarter."
    )
    async def contracts_ending(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> PipelineContractConnection:
        plan = self.plan

        listed = plan.sql.contracts

        def convert(row: Row[Any]) -> PipelineContract:
            plan.counted(CONTRACTS, row.batch_parent, row.quarter_rows)
            quarter = plan.window.by_position(row.batch_parent)
            return PipelineContract(
                contract_pk=row.id, placed=Placed(row.end_earliest, row.end_latest, quarter, plan.window)
            )

        result: PipelineContractConnection = await nested_connection(
            info,
            self.position,
            statement=listed.statement(),
            parent=listed.parent,
            ordering=listed.ordering,
            convert=convert,
            arguments={"first": first, "after": after, "last": last, "before": before},
            connection=PipelineContractConnection,
            count_rows=lambda: plan.count(CONTRACTS, self.position),
        )
        return result

    @strawberry.field(
        description="Decisions due this quarter: the expected values of the activities whose key decision window "
        "lies wholly within the quarter ('Q3 2017/18', 'November 2017'), summed per basis (TOTAL whole-life, ANNUAL "
        "per year) with how many were known and unknown on each. A decision is due in one quarter at most, so "
        "these add up across quarters."
    )
    async def due_decision_totals(self) -> list[ValueTotal]:
        return await self.plan.totals(DECISIONS, DUE, self.position)

    @strawberry.field(
        description="Decisions that may fall in this quarter: the expected values of the activities whose key "
        "decision window overlaps the quarter but runs beyond it ('By 2020', 'Between Q2 2017/18 and Q1 "
        "2018/19'), summed per basis. Each is summed in every quarter it spans, so these do not add up across "
        "quarters: the window's `spanningDecisionTotals` counts each once."
    )
    async def spanning_decision_totals(self) -> list[ValueTotal]:
        return await self.plan.totals(DECISIONS, SPANNING, self.position)

    @strawberry.field(
        description="Contracts ending this quarter: the values of the contracts whose end lies wholly within the "
        "quarter ('October 2019'), summed per basis with how many were known and unknown on each. A contract "
        "ends in one quarter at most, so these add up across quarters."
    )
    async def ending_contract_totals(self) -> list[ValueTotal]:
        return await self.plan.totals(CONTRACTS, DUE, self.position)

    @strawberry.field(
        description="Contracts that may end in this quarter: the values of the contracts whose end overlaps the "
        "quarter but runs beyond it (an end given as '2026'), summed per basis. Each is summed in every quarter "
        "it spans, so these do not add up across quarters: the window's `spanningContractTotals` counts each once."
    )
    async def spanning_contract_totals(self) -> list[ValueTotal]:
        return await self.plan.totals(CONTRACTS, SPANNING, self.position)

    @classmethod
    def of(cls, quarter: Quarter, plan: PipelinePlan) -> PipelineQuarter:
        """The pipeline's view of one quarter of its window."""
        days = quarter.days
        return cls(
            label=quarter.label,
            financial_year=quarter.year.label,
            quarter=quarter.number,
            days=DateInterval(
                earliest=days.earliest, latest=days.latest, precision=DatePrecision.QUARTER, text=quarter.label
            ),
            position=quarter.position,
            plan=plan,
        )


@strawberry.type(
    description="The Strategic Commissioning Board's pipeline: for each financial quarter of a window, the key "
    "decisions due and the contracts ending, with the sums of their values, each total counting a record once."
)
class Pipeline:
    from_: str = strawberry.field(name="from", description="The window's first quarter, e.g. 'Q1 2019-20'.")
    to: str = strawberry.field(description="The window's last quarter, e.g. 'Q4 2021-22'.")
    quarters: list[PipelineQuarter] = strawberry.field(
        description=f"Every quarter of the window, in order. {at_most(MAX_QUARTERS)}"
    )
    plan: strawberry.Private[PipelinePlan]

    @strawberry.field(
        description="The expected values of every activity whose key decision window overlaps the window, each "
        "counted once, summed per basis: the quarters' `dueDecisionTotals` plus this window's "
        "`spanningDecisionTotals`."
    )
    async def decision_totals(self) -> list[ValueTotal]:
        return await self.plan.totals(DECISIONS, ALL, WHOLE_WINDOW)

    @strawberry.field(
        description="The expected values of the activities whose key decision window overlaps the window but lies "
        "within none of its quarters ('By 2020'), each counted once, summed per basis: what `decisionTotals` "
        "holds beyond the quarters' `dueDecisionTotals`."
    )
    async def spanning_decision_totals(self) -> list[ValueTotal]:
        return await self.plan.totals(DECISIONS, SPANNING, WHOLE_WINDOW)

    @strawberry.field(
        description="The values of every contract whose end overlaps the window, each counted once, summed per "
        "basis: the quarters' `endingContractTotals` plus this window's `spanningContractTotals`."
    )
    async def contract_totals(self) -> list[ValueTotal]:
        return await self.plan.totals(CONTRACTS, ALL, WHOLE_WINDOW)

    @strawberry.field(
        description="The values of the contracts whose end overlaps the window but lies within none of its quarters "
        "(an end given as '2026'), each counted once, summed per basis: what `contractTotals` holds beyond the "
        "quarters' `endingContractTotals`."
    )
    async def spanning_contract_totals(self) -> list[ValueTotal]:
        return await self.plan.totals(CONTRACTS, SPANNING, WHOLE_WINDOW)

    @classmethod
    def of(cls, plan: PipelinePlan) -> Pipeline:
        """The pipeline over a planned window."""
        quarters = [PipelineQuarter.of(quarter, plan) for quarter in plan.window.quarters]
        return cls(from_=quarters[0].label, to=quarters[-1].label, quarters=quarters, plan=plan)
