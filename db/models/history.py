"""Every change to the register: who made it, when, to which record, and the values before and after."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, select
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, one_of, utc_now
from db.models.version import RegisterVersion


class ChangeKind(enum.StrEnum):
    """What a change did to its record."""

    SEED = "SEED"
    IMPORT = "IMPORT"
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    RETIRE = "RETIRE"


# The kinds that bring a record onto the register: its first change, with no state before it.
FIRST_KINDS = frozenset({ChangeKind.SEED, ChangeKind.IMPORT, ChangeKind.CREATE})


class Change(Base):
    """One accepted write to one record, with its whole state before and after (null before a create)."""

    __tablename__ = "change"
    __table_args__ = (
        one_of("kind", ChangeKind),
        Index("ix_change_record", "record_table", "record_id", "at"),
        Index("ix_change_feed", "register_version", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    actor: Mapped[str]
    record_table: Mapped[str]
    record_id: Mapped[int]
    kind: Mapped[str]
    version: Mapped[int]
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Read from the register's version row inside the INSERT: by then the writer's transaction has advanced it and
    # holds its row lock until commit (db.version), so these numbers follow the order writers commit in. Every
    # change of a transaction lies between the numbers of the transactions committed before and after it, which
    # is what lets the change feed (schema/feed) page by (register_version, id) and never skip a late commit.
    register_version: Mapped[int] = mapped_column(
        BigInteger,
        default=select(RegisterVersion.number).scalar_subquery(),
        comment="The register's version the writing transaction had reached: with id, the change feed's order.",
    )
    origin: Mapped[str | None] = mapped_column(
        comment="Where a seeded or imported record came from: the seed file and paper, or the import's format and file."
    )
