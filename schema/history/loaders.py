"""Every record type's `history`: its changes, oldest first, loaded for a whole page in one statement."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import select

from db import models
from schema import graph  # noqa: F401  (the types' own relations, which `history` joins)
from schema.batches import many_each
from schema.commissioning.types import CommissioningActivity, KeyDecision
from schema.context import Context
from schema.contracts.types import Contract
from schema.history.types import Change
from schema.organisation.types import Directorate, Division, Service
from schema.plans.types import BusinessPlan, PlanReference
from schema.providers.types import Provider, TradedCompany
from schema.relations import Relation

change = models.Change.__table__

# Every type that implements Node, and the table its changes are recorded against.
HISTORY_TABLES: dict[type[Any], str] = {
    BusinessPlan: models.BusinessPlan.__tablename__,
    CommissioningActivity: models.CommissioningActivity.__tablename__,
    Contract: models.Contract.__tablename__,
    Directorate: models.Directorate.__tablename__,
    Division: models.Division.__tablename__,
    KeyDecision: models.KeyDecision.__tablename__,
    PlanReference: models.PlanReference.__tablename__,
    Provider: models.Provider.__tablename__,
    Service: models.Service.__tablename__,
    TradedCompany: models.TradedCompany.__tablename__,
}


def changes_by_record(table: str) -> Callable[[Context, Sequence[int]], Awaitable[dict[Any, list[Change]]]]:
    """A batch load of the changes to records of one table, by record ID, oldest first."""

    async def load(context: Context, ids: Sequence[int]) -> dict[Any, list[Change]]:
        statement = select(change).where(change.c.record_table == table).order_by(change.c.at, change.c.id)
        return await many_each(context, statement, change.c.record_id, ids, Change.from_row)

    return load


def _pk(record: Any) -> int:
    return int(record.pk)


for record_type, table_name in HISTORY_TABLES.items():
    history = Relation("history", _pk, changes_by_record(table_name), many=True)
    record_type.relations = {**record_type.relations, "history": history}
