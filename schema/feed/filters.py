"""Which changes the feed carries: by record type, by kind, and from a moment on."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy import ColumnElement

from db import models
from schema.feed.types import TABLES, RecordType
from schema.filtering import Clause, build_where
from schema.history.types import ChangeKind

change = models.Change.__table__.c


@strawberry.input(description="Which changes the feed carries; every field set must hold. Combine with and/or/not.")
class RegisterChangeFilter:
    record_types: list[RecordType] | None = strawberry.field(
        default=None, description="Changes to records of any of these types."
    )
    kinds: list[ChangeKind] | None = strawberry.field(default=None, description="Changes of any of these kinds.")
    since: datetime | None = strawberry.field(
        default=None, description="Changes the register accepted at or after this instant."
    )
    and_: list[RegisterChangeFilter] | None = strawberry.field(
        name="and", default=None, description="Filters that must all hold as well."
    )
    or_: list[RegisterChangeFilter] | None = strawberry.field(
        name="or", default=None, description="Filters of which at least one must hold as well."
    )
    not_: RegisterChangeFilter | None = strawberry.field(
        name="not", default=None, description="A filter that must not hold."
    )

    def where(self) -> ColumnElement[bool]:
        """The SQL condition this filter means."""
        return build_where(self, CHANGE_CLAUSES)


CHANGE_CLAUSES: dict[str, Clause] = {
    "record_types": lambda types, _, argument: change.record_table.in_([TABLES[kind] for kind in types]),
    "kinds": lambda kinds, _, argument: change.kind.in_([kind.value for kind in kinds]),
    "since": lambda moment, _, argument: change.at >= moment,
}
