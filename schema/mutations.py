"""The one way the register is written: create, update and retire, the same for every kind of editable record.

A kind (schema/<domain>/mutations.py) says how its input reads into columns and what must hold across them;
this module does the rest alike for all: load by global ID, check the version read, find the records the input
names, refuse duplicate natural keys, apply the change, record it in the history under the token's name, and
return the record with any user errors. A refused write rolls back to its savepoint, so it changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from sqlalchemy import Row, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.utils.str_converters import to_camel_case

from db.base import utc_now
from db.callers import Caller
from db.history import record_change, snapshot
from db.models import ChangeKind
from schema.context import Info
from schema.edits import Edit
from schema.errors import ErrorCode, UserError
from schema.integrity import NaturalKey, division_in_directorate, find_references, moment, unique_keys
from schema.permissions import CanEditRegister, editor
from schema.relations import children, hydrate, selected

T = TypeVar("T")

# Descriptions every kind's inputs and payloads share.
UPDATE_ID = "The global ID of the record to change."
UPDATE_VERSION = "The version of the record you read (`record.version`); a newer one is a CONFLICT."
USER_ERRORS = "Why the write was refused, field by field (and then it changed nothing); empty when it was accepted."
SOURCE = "Provenance: the paper, import or system the values come from; the API and token name when left out."


class Refused(Exception):
    """A write the register will not make, and every reason why."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


@strawberry.input(description="Which record to retire, and the version you read, so a concurrent edit is not lost.")
class RetireInput:
    id: strawberry.ID = strawberry.field(description="The global ID of the record to retire.")
    version: int = strawberry.field(description="The version of the record you read (`record.version`).")


def _accept(_edit: Edit) -> None:
    return None


@dataclass(frozen=True)
class RecordKind(Generic[T]):
    """One kind of editable record: its table, its GraphQL type and payload, and how its input reads."""

    type_name: str
    noun: str
    model: type[Any]
    convert: Callable[[Row[Any]], T]
    payload: type[Any]
    record_field: str
    read: Callable[[Edit, Any], None]
    check: Callable[[Edit], None] = _accept
    keys: tuple[NaturalKey, ...] = ()

    def create_field(self, input_type: type[Any], description: str) -> Any:
        """A `<kind>Create` mutation taking the kind's create input."""

        async def resolve(info: Info, input: Any) -> Any:
            return await create(self, info, input)

        return _mutation(resolve, input_type, self.payload, description, f"The new {self.noun}.")

    def update_field(self, input_type: type[Any], description: str) -> Any:
        """A `<kind>Update` mutation taking the kind's update input (id, version read, fields to change)."""

        async def resolve(info: Info, input: Any) -> Any:
            return await update(self, info, input)

        return _mutation(resolve, input_type, self.payload, description, f"The {self.noun} and what to change.")

    def retire_field(self, description: str) -> Any:
        """A `<kind>Retire` mutation taking the record's ID and the version read."""

        async def resolve(info: Info, input: Any) -> Any:
            return await retire(self, info, input)

        return _mutation(resolve, RetireInput, self.payload, description, f"The {self.noun} to retire.")


def _mutation(
    resolve: Callable[..., Awaitable[Any]], input_type: type[Any], payload: type[Any], description: str, about: str
) -> Any:
    # The resolver is shared by every kind, so its argument and result types are given here, per kind.
    resolve.__annotations__ = {
        "info": Info,
        "input": Annotated[input_type, strawberry.argument(description=about)],
        "return": payload,
    }
    return strawberry.mutation(resolver=resolve, description=description, permission_classes=[CanEditRegister])


async def create(kind: RecordKind[T], info: Info, input: Any) -> Any:
    """Add a record from its create input."""
    caller = editor(info.context.auth)

    async def work(session: AsyncSession) -> int:
        edit = Edit()
        kind.read(edit, input)
        if edit["source"] is None:
            edit.values["source"] = f"Entered through the register API by {caller.name!r}"
        return await _write(kind, session, edit, caller, None)

    return await _run(kind, info, work)


async def update(kind: RecordKind[T], info: Info, input: Any) -> Any:
    """Change the fields an update input sets on the version of the record it names."""
    caller = editor(info.context.auth)

    async def work(session: AsyncSession) -> int:
        row = await _current(kind, session, input.id, input.version)
        edit = Edit({column.key: getattr(row, column.key) for column in row.__mapper__.column_attrs})
        kind.read(edit, input)
        return await _write(kind, session, edit, caller, row)

    return await _run(kind, info, work)


async def retire(kind: RecordKind[T], info: Info, input: RetireInput) -> Any:
    """Retire the version of the record the input names: it stays, with its history, but lists leave it out."""
    caller = editor(info.context.auth)

    async def work(session: AsyncSession) -> int:
        row = await _current(kind, session, input.id, input.version)
        before = snapshot(row)
        row.retired_at = utc_now()
        row.version += 1
        await record_change(session, row, actor=caller.name, kind=ChangeKind.RETIRE, before=before)
        await session.flush()
        return int(row.id)

    return await _run(kind, info, work)


async def _run(kind: RecordKind[T], info: Info, work: Callable[[AsyncSession], Awaitable[int]]) -> Any:
    session = await info.context.writing()
    try:
        async with session.begin_nested():
            pk = await work(session)
        await session.commit()
    except Refused as refused:
        return kind.payload(**{kind.record_field: None, "user_errors": refused.errors})
    except IntegrityError as error:
        # Every rule is checked before the write, so this is a race with another writer: say which rule.
        reason = str(error.orig).splitlines()[0]
        code = ErrorCode.DUPLICATE if "unique" in reason.lower() else ErrorCode.CONFLICT
        message = f"The register refused the write because it breaks one of its rules: {reason}"
        errors = [UserError(field=["input"], message=message, code=code)]
        return kind.payload(**{kind.record_field: None, "user_errors": errors})
    return kind.payload(**{kind.record_field: await _written(kind, info, pk), "user_errors": []})


async def _current(kind: RecordKind[T], session: AsyncSession, id: strawberry.ID, version: int) -> Any:
    """The record an update or retirement names, locked for the write, at the version the client read."""
    edit = Edit()
    found = edit.global_id("id", id, kind.type_name)
    row = None if found is None else await session.get(kind.model, found[1], with_for_update=True)
    if found is not None and row is None:
        edit.fail("id", f"No {kind.noun} has the ID {str(id)!r}.", ErrorCode.NOT_FOUND)
    elif row is not None and row.retired_at is not None:
        message = (
            f"The {kind.noun} was retired at {moment(row.retired_at)}; it keeps its history but no longer changes."
        )
        edit.fail("id", message, ErrorCode.RETIRED)
    elif row is not None and row.version != version:
        message = (
            f"The {kind.noun} is at version {row.version}, not {version}: it changed after you read it. "
            "Read it again, then reapply your change."
        )
        edit.fail("version", message, ErrorCode.CONFLICT)
    if edit.errors:
        raise Refused(edit.errors)
    return row


async def _write(kind: RecordKind[T], session: AsyncSession, edit: Edit, caller: Caller, row: Any) -> int:
    await find_references(session, edit)
    await division_in_directorate(kind.model, session, edit)
    kind.check(edit)
    await unique_keys(session, kind.model, kind.noun, kind.keys, edit)
    if edit.errors:
        raise Refused(edit.errors)
    if row is None:
        row = kind.model(**edit.values)
        session.add(row)
        before, change = None, ChangeKind.CREATE
    else:
        changed = edit.changed()
        if not changed:
            return int(row.id)
        before, change = snapshot(row), ChangeKind.UPDATE
        for column, value in changed.items():
            setattr(row, column, value)
        _drop_readings(row, changed)
        row.version += 1
    await record_change(session, row, actor=caller.name, kind=change, before=before)
    await session.flush()
    return int(row.id)


def _drop_readings(row: Any, changed: Mapping[str, Any]) -> None:
    """An editor who writes a field states it: a reading of the papers recorded for that field no longer holds."""
    readings = getattr(row, "inferences", None)
    if not readings:
        return
    kept = [reading for reading in readings if not any(_holds(column, reading["field"]) for column in changed)]
    if kept != readings:
        row.inferences = kept or None


def _holds(column: str, field: str) -> bool:
    # The API's field `expectedValue` is held in `expected_value_*`; `division` in `division_id`.
    stem = re.sub(r"(?<!^)(?=[A-Z])", "_", field).lower()
    return column == stem or column.startswith(f"{stem}_")


async def _written(kind: RecordKind[T], info: Info, pk: int) -> T:
    """The record as written, with whatever the mutation's selection asks for under it loaded in batches."""
    table = kind.model.__table__
    (row,) = await info.context.rows(select(table).where(table.c.id == pk))
    record = kind.convert(row)
    fields = selected(children(info.selected_fields), {kind.payload.__name__})
    await hydrate(info.context, [record], children(fields.get(to_camel_case(kind.record_field), [])))
    return record
