"""The store of persisted operations: find one by its hash, keep a client's registration within a bound, load
the council's operations ahead, and list them all.

Every process reads the same table, so a document registered through one is found through any other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from db.base import utc_now
from db.models import PersistedOperation, Registration

__all__ = [
    "AUTOMATIC_ORIGIN",
    "Operation",
    "document_hash",
    "find_operation",
    "list_operations",
    "remember",
    "store_ahead",
]

AUTOMATIC_ORIGIN = "APQ"


def document_hash(document: str) -> str:
    """The hex SHA-256 of a document's text (UTF-8), as Apollo's and Relay's clients compute it."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Operation:
    """A document to keep, with the names of its operations and where it came from."""

    document: str
    operations: tuple[str, ...]
    origin: str

    @property
    def sha256(self) -> str:
        """The hash it is kept and asked for under."""
        return document_hash(self.document)


async def find_operation(session: AsyncSession, sha256: str, *, ahead_only: bool = False) -> str | None:
    """The document kept under a hash, or None; with `ahead_only`, only one the council loaded ahead."""
    query = select(PersistedOperation.document).where(PersistedOperation.sha256 == sha256)
    if ahead_only:
        query = query.where(PersistedOperation.registration == Registration.AHEAD.value)
    found: str | None = await session.scalar(query)
    return found


def _insert_if_new(session: AsyncSession, row: dict[str, object]) -> Executable:
    # Two processes may register one document at once: the second finds it kept and leaves it.
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(PersistedOperation).values(row).on_conflict_do_nothing()
    return sqlite_insert(PersistedOperation).values(row).on_conflict_do_nothing()


async def remember(session: AsyncSession, operation: Operation, bound: int) -> None:
    """Keep a client's registration, then drop the oldest automatic ones beyond `bound`.

    Anyone may register, so the bound keeps the table from growing without end; a client whose document was
    dropped is told PersistedQueryNotFound and registers it again. Operations loaded ahead are never dropped.
    """
    row = {
        "sha256": operation.sha256,
        "document": operation.document,
        "registration": Registration.AUTOMATIC.value,
        "operations": ",".join(operation.operations),
        "origin": operation.origin,
        "created_at": utc_now(),
    }
    await session.execute(_insert_if_new(session, row))
    kept = (
        select(PersistedOperation.sha256)
        .where(PersistedOperation.registration == Registration.AUTOMATIC.value)
        .order_by(PersistedOperation.created_at.desc(), PersistedOperation.sha256)
        .limit(bound)
    )
    await session.execute(
        delete(PersistedOperation).where(
            PersistedOperation.registration == Registration.AUTOMATIC.value,
            PersistedOperation.sha256.not_in(kept.scalar_subquery()),
        )
    )


async def store_ahead(session: AsyncSession, operations: Sequence[Operation]) -> int:
    """Keep the council's operations as loaded ahead (one a client registered becomes one loaded ahead);
    returns how many were not kept before."""
    hashes = [operation.sha256 for operation in operations]
    known = set(await session.scalars(select(PersistedOperation.sha256).where(PersistedOperation.sha256.in_(hashes))))
    fresh = [operation for operation in operations if operation.sha256 not in known]
    session.add_all(
        PersistedOperation(
            sha256=operation.sha256,
            document=operation.document,
            registration=Registration.AHEAD.value,
            operations=",".join(operation.operations),
            origin=operation.origin,
        )
        for operation in fresh
    )
    for operation in operations:
        if operation.sha256 in known:
            await session.execute(
                update(PersistedOperation)
                .where(PersistedOperation.sha256 == operation.sha256)
                .values(
                    registration=Registration.AHEAD.value,
                    operations=",".join(operation.operations),
                    origin=operation.origin,
                )
            )
    await session.flush()
    return len(fresh)


async def list_operations(session: AsyncSession) -> list[PersistedOperation]:
    """Every kept operation: those loaded ahead first, then by when they were kept."""
    return list(
        await session.scalars(
            select(PersistedOperation).order_by(
                PersistedOperation.registration, PersistedOperation.created_at, PersistedOperation.sha256
            )
        )
    )
