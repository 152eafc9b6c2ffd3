"""Every record type's `history`: its changes, oldest first, loaded for a whole page in one statement."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Row, select

from db import models
from schema import graph  # noqa: F401  (the types' own relations, which `history` joins)
from schema.batches import many_each
from schema.commissioning.types import CommissioningActivity, KeyDecision
from schema.context import Context
from schema.contracts.types import Contract
from schema.history.states import State, state_shower
from schema.history.types import Change
from schema.organisation.types import Directorate, Division, Service
from schema.plans.types import BusinessPlan, PlanReference
from schema.providers.types import Provider, TradedCompany
from schema.relations import Relation

change = models.Change.__table__

# Every type that implements Node, and the model whose table its changes are recorded against.
HISTORY_MODELS: dict[type[Any], type[Any]] = {
    BusinessPlan: models.BusinessPlan,
    CommissioningActivity: models.CommissioningActivity,
    Contract: models.Contract,
    Directorate: models.Directorate,
    Division: models.Division,
    KeyDecision: models.KeyDecision,
    PlanReference: models.PlanReference,
    Provider: models.Provider,
    Service: models.Service,
    TradedCompany: models.TradedCompany,
}


def changes_by_record(
    record_type: type[Any], model: type[Any]
) -> Callable[[Context, Sequence[int]], Awaitable[dict[Any, list[Change]]]]:
    """A batch load of the changes to records of one type, by record ID, oldest first, in the type's terms."""
    shows: list[Callable[[Mapping[str, Any]], State]] = []

    def convert(row: Row[Any]) -> Change:
        # Built on first use: the types' lazy fields resolve only once every module is imported.
        if not shows:
            shows.append(state_shower(record_type, model))
        return Change.from_row(row, shows[0])

    async def load(context: Context, ids: Sequence[int]) -> dict[Any, list[Change]]:
        statement = (
            select(change).where(change.c.record_table == model.__tablename__).order_by(change.c.at, change.c.id)
        )
        return await many_each(context, statement, change.c.record_id, ids, convert)

    return load


def _pk(record: Any) -> int:
    return int(record.pk)


for record_type, model in HISTORY_MODELS.items():
    history = Relation("history", _pk, changes_by_record(record_type, model), many=True)
    record_type.relations = {**record_type.relations, "history": history}
