"""The Strategic Commissioning Board's views: the pipeline by quarter, the expiry risk list, what crosses the
review threshold, and totals to chart."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import ColumnElement, and_

from db import models
from schema.commissioning.filters import ACTIVITY_CLAUSES, CommissioningActivityFilter
from schema.context import Info
from schema.contracts.filters import CLAUSES as CONTRACT_CLAUSES
from schema.contracts.filters import ContractFilter
from schema.filtering import build_where, pks
from schema.pipeline.aggregates import TotalsQueries
from schema.pipeline.plan import PipelinePlan, PipelineSql
from schema.pipeline.risks import RiskQueries
from schema.pipeline.threshold import ThresholdQueries
from schema.pipeline.types import Pipeline
from schema.pipeline.windows import From, To, parse_window

DirectorateIds = Annotated[
    list[strawberry.ID] | None,
    strawberry.argument(description="Only the activities and contracts of these directorates."),
]
ActivityFilterArgument = Annotated[
    CommissioningActivityFilter | None,
    strawberry.argument(description="Only the key decisions of activities this filter matches (e.g. significant)."),
]
ContractFilterArgument = Annotated[
    ContractFilter | None, strawberry.argument(description="Only the contracts this filter matches.")
]


def directorates(column: ColumnElement[int | None], ids: list[strawberry.ID] | None) -> ColumnElement[bool] | None:
    """Records of any of the directorates named by global ID; None, no condition, when no list is given."""
    return None if ids is None else column.in_(pks(ids, "Directorate", "directorateIds"))


def narrowed(*conditions: ColumnElement[bool] | None) -> ColumnElement[bool] | None:
    """The conditions given, together; None when none is, so the window's SQL can be reused."""
    given = [condition for condition in conditions if condition is not None]
    return and_(*given) if given else None


@strawberry.type
class PipelineQueries:
    @strawberry.field(
        description="The Board's pipeline over a window of financial quarters: for each quarter, the key decisions "
        "due (a decision whose window spans several quarters is listed in each and says so), the contracts "
        "ending, and the sums of their values per basis with counts: those due within a quarter apart from those "
        "that may fall in it, so that no total counts a record twice."
    )
    def pipeline(
        self,
        info: Info,
        from_: From,
        to: To = None,
        directorate_ids: DirectorateIds = None,
        activity_filter: ActivityFilterArgument = None,
        contract_filter: ContractFilterArgument = None,
    ) -> Pipeline:
        window = parse_window(from_, to)
        activity = models.CommissioningActivity.__table__.c
        contract = models.Contract.__table__.c
        activity_where = narrowed(
            directorates(activity.directorate_id, directorate_ids),
            None if activity_filter is None else build_where(activity_filter, ACTIVITY_CLAUSES, "activityFilter"),
        )
        contract_where = narrowed(
            directorates(contract.directorate_id, directorate_ids),
            None if contract_filter is None else build_where(contract_filter, CONTRACT_CLAUSES, "contractFilter"),
        )
        return Pipeline.of(PipelinePlan(info.context, PipelineSql.of(window, activity_where, contract_where)))


@strawberry.type
class BoardQueries(PipelineQueries, RiskQueries, ThresholdQueries, TotalsQueries):
    """Every view the Board uses, as one base for the root Query."""
