"""Persisted queries: a request may name its document by hash instead of sending it.

Two ways of naming one are understood:

- Apollo's automatic persisted queries: `extensions.persistedQuery {version: 1, sha256Hash}`. A hash the
  register does not know, sent without a document, gets `PersistedQueryNotFound` (code
  PERSISTED_QUERY_NOT_FOUND, status 200, as Apollo Server answers), and the client sends the hash again with
  the document; the register checks the hash is the document's and, once the operation has run, keeps it.
- Relay's and others' persisted ids: `doc_id` or `id` in the body (or the URL), the hash of a kept document.

With PERSISTED_QUERIES_ONLY, only documents the council loaded ahead run (`register persisted load`), whether
asked for by hash or sent whole; anything else is PERSISTED_QUERY_REQUIRED, and no client may register one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.http import GraphQLRequestData

from api.request_body import PersistedRequestData
from api.request_size import RequestRefused
from db.engine import WRITES
from db.outages import outage_of
from db.persisted import AUTOMATIC_ORIGIN, Operation, document_hash, find_operation, remember
from db.settings import Settings
from schema.errors import ErrorCode
from schema.outages import warn

__all__ = ["Resolved", "keep_registration", "resolve"]

NOT_FOUND = "PersistedQueryNotFound"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Apollo Server's answer, so that no cache keeps the miss once the client has registered the document.
NOT_FOUND_HEADERS = {"Cache-Control": "private, no-cache, must-revalidate"}


@dataclass(frozen=True)
class Resolved:
    """A request with its document in hand, and the registration to keep once its operation has run."""

    request: GraphQLRequestData
    registration: Operation | None = None


def _hash_named(data: GraphQLRequestData) -> tuple[str | None, bool]:
    """The hash the request names its document by, and whether by Apollo's extension (so it may register)."""
    extension: Any = (data.extensions or {}).get("persistedQuery")
    document_id = data.document_id if isinstance(data, PersistedRequestData) else None
    if extension is None:
        return (None, False) if document_id is None else (_checked(document_id, "The request's `id`"), False)
    if not isinstance(extension, dict):
        raise RequestRefused(400, "`extensions.persistedQuery` must be an object: {version: 1, sha256Hash: ...}")
    if extension.get("version") != 1:
        raise RequestRefused(
            400, f"Unsupported persisted query version {extension.get('version')!r}: the register speaks version 1"
        )
    return _checked(extension.get("sha256Hash"), "`extensions.persistedQuery.sha256Hash`"), True


def _checked(value: object, what: str) -> str:
    if not isinstance(value, str) or not SHA256.match(value):
        raise RequestRefused(400, f"{what} must be the 64 lower-case hex digits of a SHA-256 hash, not {value!r}")
    return value


def _required(reason: str) -> RequestRefused:
    return RequestRefused(
        400,
        f"{reason} This register runs only operations loaded ahead (PERSISTED_QUERIES_ONLY): send the hash of one "
        "as extensions.persistedQuery.sha256Hash or id; `register persisted list` shows them.",
        ErrorCode.PERSISTED_QUERY_REQUIRED,
    )


async def resolve(data: GraphQLRequestData, session: AsyncSession, settings: Settings) -> Resolved:
    """The request with the document its hash names, or a RequestRefused saying why it cannot run."""
    sha256, automatic = _hash_named(data)
    only = settings.persisted_queries_only
    if sha256 is None:
        if (
            only
            and data.query is not None
            and await find_operation(session, document_hash(data.query), ahead_only=True) is None
        ):
            raise _required("The document sent is not one loaded ahead.")
        return Resolved(data)
    if data.query is None:
        document = await find_operation(session, sha256, ahead_only=only)
        if document is None:
            raise RequestRefused(200, NOT_FOUND, ErrorCode.PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_HEADERS)
        return Resolved(replace(data, query=document))
    if document_hash(data.query) != sha256:
        raise RequestRefused(
            400,
            f"The hash sent ({sha256}) is not the SHA-256 of the document sent ({document_hash(data.query)}): "
            "hash the document's exact text, as sent",
            ErrorCode.BAD_INPUT,
        )
    known = await find_operation(session, sha256, ahead_only=only)
    if only and known is None:
        raise _required("Clients may not register operations here.")
    if known is not None or not automatic:
        return Resolved(data)
    names = (data.operation_name,) if data.operation_name else ()
    return Resolved(data, Operation(document=data.query, operations=names, origin=AUTOMATIC_ORIGIN))


async def keep_registration(
    sessionmaker: async_sessionmaker[AsyncSession], registration: Operation, settings: Settings
) -> None:
    """Keep a client's registration; if the database cannot take it now, the answer already sent stands and
    the client registers again next time."""
    try:
        async with sessionmaker() as session:
            await session.connection(execution_options={WRITES: True})
            await remember(session, registration, settings.apq_max_operations)
            await session.commit()
    except Exception as error:
        if (outage := outage_of(error)) is None:
            raise
        warn(outage, error)
