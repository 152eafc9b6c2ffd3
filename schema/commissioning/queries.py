"""The commissioning lists: significant activity and the key decisions it needs, filtered, ordered and paged."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import ColumnElement, Select, select, true

from db import models
from schema.commissioning.filters import VALUE, CommissioningActivityFilter, KeyDecisionFilter
from schema.commissioning.orders import (
    ACTIVITY_WITH_DECISION,
    DEFAULT_ACTIVITY_ORDER,
    DEFAULT_KEY_DECISION_ORDER,
    CommissioningActivityOrder,
    KeyDecisionOrder,
)
from schema.commissioning.types import CommissioningActivity, CommissioningActivityConnection, KeyDecision
from schema.context import Info
from schema.nested import batch_key, nested_connection
from schema.relay import Connection, listing
from schema.values import value_totals, value_totals_by_parent

activity = models.CommissioningActivity.__table__
key_decision = models.KeyDecision.__table__


def activities_where(where: ColumnElement[bool]) -> Select[Any]:
    """The activities a condition selects, joined to their key decisions so every order can sort."""
    return select(activity).select_from(ACTIVITY_WITH_DECISION).where(where)


async def nested_activities(
    info: Info,
    parent_column: str,
    parent_pk: int,
    filter: CommissioningActivityFilter | None,
    order_by: CommissioningActivityOrder | None,
    **page: Any,
) -> CommissioningActivityConnection:
    """One parent record's activities (a directorate's), batched with its siblings'."""
    parent = activity.c[parent_column]
    where = filter.where() if filter is not None else true()
    arguments = {"filter": filter, "order_by": order_by, **page}
    totals = value_totals_by_parent(info, VALUE, where, parent, ("valueTotals", batch_key(info, arguments)))
    result: CommissioningActivityConnection = await nested_connection(
        info,
        parent_pk,
        statement=activities_where(where),
        parent=parent,
        ordering=(order_by or DEFAULT_ACTIVITY_ORDER).ordering(),
        convert=CommissioningActivity.from_row,
        arguments=arguments,
        connection=CommissioningActivityConnection,
        value_totals_of=lambda: totals(parent_pk),
    )
    return result


@strawberry.type
class CommissioningQueries:
    commissioning_activities = listing(
        activities_where,
        CommissioningActivity.from_row,
        filter_type=CommissioningActivityFilter,
        order_type=CommissioningActivityOrder,
        default_order=DEFAULT_ACTIVITY_ORDER,
        connection=CommissioningActivityConnection,
        description="Significant commissioning and service activity the plans set out, filtered and ordered "
        "(by key decision date unless told).",
        filter_description="Which activities to list.",
        order_description="The order; by key decision date unless told.",
        totals=lambda info, where: value_totals(info, VALUE, where),
    )
    key_decisions = listing(
        lambda where: select(key_decision).where(where),
        KeyDecision.from_row,
        filter_type=KeyDecisionFilter,
        order_type=KeyDecisionOrder,
        default_order=DEFAULT_KEY_DECISION_ORDER,
        connection=Connection[KeyDecision],
        description="Key decisions the council must take, as its forward plan will publish them, filtered and "
        "ordered (by expected date unless told).",
        filter_description="Which key decisions to list.",
        order_description="The order; by expected date unless told.",
    )
