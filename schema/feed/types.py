"""The change feed's entries: one accepted write to any record, with the record, in the API's names and units."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import strawberry
from sqlalchemy import Row

from schema.feed.order import change_global_id, feed_cursor
from schema.graph import records_by_key
from schema.history.loaders import HISTORY_MODELS
from schema.history.states import State, state_shower
from schema.history.types import Change
from schema.relations import Relation
from schema.relay import Node, global_id


@strawberry.enum(description="The kinds of record whose changes the feed carries, each named as its GraphQL type.")
class RecordType(enum.Enum):
    BUSINESS_PLAN = strawberry.enum_value("BusinessPlan", description="A directorate's or division's business plan.")
    COMMISSIONING_ACTIVITY = strawberry.enum_value(
        "CommissioningActivity", description="A significant commissioning activity from a plan's section J."
    )
    CONTRACT = strawberry.enum_value("Contract", description="A contract on the register.")
    DIRECTORATE = strawberry.enum_value("Directorate", description="A directorate of the council.")
    DIVISION = strawberry.enum_value("Division", description="A division of a directorate.")
    KEY_DECISION = strawberry.enum_value("KeyDecision", description="A key decision on the forward plan.")
    PLAN_REFERENCE = strawberry.enum_value("PlanReference", description="A plan's reference to a record.")
    PROVIDER = strawberry.enum_value("Provider", description="A supplier or one of the council's traded companies.")
    SERVICE = strawberry.enum_value("Service", description="A service a division provides or commissions.")
    TRADED_COMPANY = strawberry.enum_value(
        "TradedCompany", description="A company the council owns and trades through."
    )


# The record type and model for each table a change is recorded against.
RECORDS: dict[str, tuple[RecordType, type[Any], type[Any]]] = {
    model.__tablename__: (RecordType(record_type.type_name), record_type, model)
    for record_type, model in HISTORY_MODELS.items()
}
assert {kind for kind, _, _ in RECORDS.values()} == set(RecordType)

TABLES = {kind: table for table, (kind, _, _) in RECORDS.items()}


@strawberry.type(
    description="One accepted write to one record, in the register's change feed: the record, who changed it, "
    "when, and its fields before and after."
)
class RegisterChange(Change):
    relations: ClassVar[dict[str, Relation]]

    id: strawberry.ID = strawberry.field(
        description="The change's own ID, stable forever; webhook deliveries carry it as their idempotency key."
    )
    cursor: str = strawberry.field(
        description="The change's position in the feed: pass it as `after` to `changes` (query or subscription) "
        "or to the OCDS feed to carry on just after this change."
    )
    register_version: int = strawberry.field(
        description="The register's version the writing transaction had reached: changes committed later have "
        "higher numbers. The feed's order is this, then the change's own sequence."
    )
    record_id: strawberry.ID = strawberry.field(description="The changed record's global ID, as `node` takes it.")
    record_type: RecordType = strawberry.field(description="The changed record's type.")
    record: Node | None = strawberry.field(
        default=None,
        description="The changed record as it stands now (not as the change left it: see `after`); null if the "
        "register no longer holds it.",
    )
    record_key: strawberry.Private[tuple[str, int]] = ("", 0)

    @classmethod
    def from_feed_row(cls, row: Row[Any]) -> RegisterChange:
        """The change in a row of the change table, shown in its record type's terms."""
        kind, record_type, _ = RECORDS[row.record_table]
        change = cls.from_row(
            row,
            _shower(row.record_table),
            id=strawberry.ID(change_global_id(row.id)),
            cursor=feed_cursor(row.register_version, row.id),
            register_version=row.register_version,
            record_id=strawberry.ID(global_id(record_type.type_name, row.record_id)),
            record_type=kind,
            record_key=(record_type.type_name, row.record_id),
        )
        assert isinstance(change, RegisterChange)
        return change


_SHOWERS: dict[str, Callable[[Mapping[str, Any]], State]] = {}


def _shower(table: str) -> Callable[[Mapping[str, Any]], State]:
    # Built on first use: the types' lazy fields resolve only once every module is imported.
    if table not in _SHOWERS:
        _, record_type, model = RECORDS[table]
        _SHOWERS[table] = state_shower(record_type, model)
    return _SHOWERS[table]


RegisterChange.relations = {"record": Relation("record", lambda change: change.record_key, records_by_key)}
