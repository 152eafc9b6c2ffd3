"""What must hold before a write is accepted, for every kind of record alike.

The records an input names exist and are current; a division sits in the record's directorate; and no two
records share a natural key (a contract reference, a provider name). Each failure is a user error on the input
field at fault, so the client hears every problem at once and the write changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from schema.edits import Edit
from schema.errors import ErrorCode
from schema.relay import global_id

# Every record type an input can name by global ID.
RECORD_MODELS: dict[str, type[Any]] = {
    "BusinessPlan": models.BusinessPlan,
    "CommissioningActivity": models.CommissioningActivity,
    "Contract": models.Contract,
    "Directorate": models.Directorate,
    "Division": models.Division,
    "KeyDecision": models.KeyDecision,
    "PlanReference": models.PlanReference,
    "Provider": models.Provider,
    "Service": models.Service,
    "TradedCompany": models.TradedCompany,
}


@dataclass(frozen=True)
class NaturalKey:
    """Columns no two records may share, the input field to blame, and how to say what clashed.

    The key applies only when its first column is set; other columns match nulls to nulls, as the seed does.
    `describe` completes "Another contract (ID) ..." and may name the key's columns, e.g. "{reference!r}".
    """

    field: str
    columns: tuple[str, ...]
    describe: str


def moment(value: datetime) -> str:
    """A timestamp as people read it in a message, to the second."""
    return value.strftime("%Y-%m-%d %H:%M:%S")


async def find_references(session: AsyncSession, edit: Edit) -> None:
    """Every record the input names must exist and be current; the rows found are kept for the kind's checks."""
    for reference in edit.references:
        row = await session.get(RECORD_MODELS[reference.type_name], reference.pk)
        shown = global_id(reference.type_name, reference.pk)
        if row is None:
            edit.fail(reference.field, f"No {reference.type_name} has the ID {shown!r}.", ErrorCode.NOT_FOUND)
        elif row.retired_at is not None:
            message = f"The {reference.type_name} {shown!r} was retired at {moment(row.retired_at)}."
            edit.fail(reference.field, message, ErrorCode.RETIRED)
        else:
            edit.found[reference.column] = row


async def division_in_directorate(model: type[Any], session: AsyncSession, edit: Edit) -> None:
    """A record that names both a directorate and a division must name one of that directorate's divisions."""
    changed = edit.changed()
    if "directorate_id" not in model.__table__.c or not {"division_id", "directorate_id"} & changed.keys():
        return
    division_id, directorate_id = edit["division_id"], edit["directorate_id"]
    if division_id is None or directorate_id is None:
        return
    division = edit.found.get("division_id") or await session.get(models.Division, division_id)
    if division is not None and division.directorate_id != directorate_id:
        field = "divisionId" if "division_id" in changed else "directorateId"
        edit.fail(field, f"The division {division.name!r} belongs to another directorate.")


async def unique_keys(
    session: AsyncSession, model: type[Any], noun: str, keys: tuple[NaturalKey, ...], edit: Edit
) -> None:
    """No other record of the model, retired or not, may already hold a natural key the write sets."""
    changed = edit.changed()
    for key in keys:
        values = {column: edit[column] for column in key.columns}
        touched = edit.creating or any(column in changed for column in key.columns)
        if not touched or values[key.columns[0]] is None:
            continue
        conditions = [
            getattr(model, column).is_(None) if value is None else getattr(model, column) == value
            for column, value in values.items()
        ]
        if not edit.creating:
            conditions.append(model.id != edit.current["id"])
        other = await session.scalar(select(model.id).where(*conditions).limit(1))
        if other is not None:
            shown = global_id(_type_name(model), other)
            edit.fail(key.field, f"Another {noun} ({shown}) {key.describe.format(**values)}.", ErrorCode.DUPLICATE)


def _type_name(model: type[Any]) -> str:
    return next(name for name, candidate in RECORD_MODELS.items() if candidate is model)
