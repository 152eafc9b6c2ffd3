"""Every column a change records is shown under one of the API's fields, so no edit can hide from the history."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Column, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.history import snapshot
from db.inferences import InferenceKind, Reading
from db.intervals import Precision
from db.models.plans import SUBJECT_KEYS
from db.money import Basis
from schema.history.loaders import HISTORY_MODELS
from schema.history.states import state_shower

TYPES = sorted(HISTORY_MODELS.items(), key=lambda pair: pair[0].__name__)


# Every choice a text column may be limited to, so that one of them is a different value it can hold.
CHOICES = [
    member.value
    for kind in (*vars(models).values(), Basis, Precision)
    if isinstance(kind, type) and issubclass(kind, enum.StrEnum)
    for member in kind
]


# A reading of the papers as a record's `inferences` column holds it.
READING = Reading("value", InferenceKind.BASIS_ASSUMED, "A reason (changed).").stored()


def _candidates(value: Any, column: Column[Any]) -> list[Any]:
    """Other values a column might hold: null where it may be null, then values of its kind."""
    python_type = column.type.python_type
    # A required column never holds null, so null showing as its default (false, say) proves nothing.
    blank = [None] if column.nullable else []
    if python_type is bool:
        return [*blank, not value]
    if python_type is int:
        return [*blank, 1000 if value is None else value + 1]
    if python_type is str:
        return [*blank, f"{value} (changed)", *CHOICES]
    if python_type is date:
        return [*blank, "2001-01-01", "2099-12-31"]
    if python_type is datetime:
        return [*blank, "2001-01-01T00:00:00+00:00"]
    # A JSON document: an import's unmapped fields, or a list of readings or of cabinet members.
    return [*blank, {"changed": True}, [READING]]


def _whole(stored: dict[str, Any]) -> dict[str, Any]:
    """The state with every unset date and amount filled in, so a change to any one part of it shows."""
    filled = dict(stored)
    for column, value in stored.items():
        if column.endswith("_precision") and value is None:
            prefix = column.removesuffix("_precision")
            filled.update({f"{prefix}_earliest": "2020-01-01", f"{prefix}_latest": "2020-01-01"})
            filled.update({column: "DAY", f"{prefix}_text": "1 January 2020"})
        if column.endswith("_basis") and value is None:
            filled.update({column: "TOTAL", f"{column.removesuffix('_basis')}_pence": 100})
    if "buyer" in stored:
        # Only another buyer is named by its own name and identifier; the council's come from the register.
        filled.update({"buyer": "OTHER", "buyer_name": "Devon County Council", "buyer_identifier": "GB-LAC-E10000008"})
    return filled


@pytest.mark.parametrize(("record_type", "model"), TYPES, ids=[t.__name__ for t, _ in TYPES])
async def test_every_column_of_a_record_is_shown_by_some_api_field(
    session: AsyncSession, record_type: type[Any], model: type[Any]
) -> None:
    # given a seeded record of the kind, as its history stores it
    record = (await session.scalars(select(model).limit(1))).one()
    stored = _whole(snapshot(record))
    show = state_shower(record_type, model)
    shown = show(stored)
    for column in inspect(model).columns:
        if column.key == "id":
            continue
        if column.key in SUBJECT_KEYS:
            # A reference names exactly one subject (the table's check), so each is varied with the others clear.
            alone = {**stored, **dict.fromkeys(SUBJECT_KEYS), column.key: 1000}
            assert show(alone) != show({**alone, column.key: 1001}), f"{column.key} is shown by no field"
            continue
        # when one column is set to null or to another value of its kind (as far as the type can read it)
        for value in _candidates(stored[column.key], column):
            if value == stored[column.key]:
                continue
            try:
                altered = show({**stored, column.key: value})
            except (KeyError, ValueError, AssertionError, TypeError):
                continue  # a value the column cannot hold (an enum, a required column)
            # then some field of the API's shows the difference
            assert altered != shown, (
                f"{model.__tablename__}.{column.key} is shown by no field of {record_type.__name__}"
            )
            break
        else:
            pytest.fail(f"{model.__tablename__}.{column.key} could not be varied to check it is shown")


@pytest.mark.parametrize(("record_type", "model"), TYPES, ids=[t.__name__ for t, _ in TYPES])
async def test_a_state_is_named_in_the_apis_camel_case(
    session: AsyncSession, record_type: type[Any], model: type[Any]
) -> None:
    # given a seeded record of the kind
    record = (await session.scalars(select(model).limit(1))).one()

    # when its stored state is shown
    shown = state_shower(record_type, model)(snapshot(record))

    # then no name is a column's, and `record` holds the provenance
    assert not [name for name in shown if "_" in name]
    assert set(shown["record"]) >= {"version", "createdAt", "updatedAt", "source", "retiredAt"}
