"""Answers to reads kept against the register's version, so a repeated query is answered without running it.

An answer is kept by what it depends on: the document, its variables and operation name, the caller's role (an
editor, an admin and an anonymous caller may be shown different things), the day (a filter such as
`expiresWithinDays` without `asOf` looks ahead from today, and today changes at midnight with no write), and
the register's version (db/version.py), which every committed write advances in the writer's own transaction.
Every process reads the same number from the database, so no process serves an answer from before a write it
could see, and nothing needs a time to live.

Why an answer is never stale. Each request reads the version once (`Context.version`, also the ETag's) before
any record, and looks up or stores the answer under that version only:

- On PostgreSQL the read runs in a REPEATABLE READ transaction begun by that version read (`db.version.snapshot`),
  and on SQLite in one transaction whose snapshot starts there too, so the records are exactly the version's:
  what is kept under version N is the register as of N.
- Where the request's transaction began before the version was read (a persisted query looked up first, a
  test's connection), the records read after it are at least as new as the version. A write that commits
  in between makes the answer newer than N, never older; N is then already out of date, so only requests
  that began before that write can be served it. Read the other way round (records, then version), an old
  answer could be stored under the new number and served after the write: that order is never used.

What is kept: only answers to queries (never mutations), only those without any error (a partial answer, a
refusal, a time-out or an outage is asked again), as the JSON of `data`, so the byte budget
(RESPONSE_CACHE_BYTES) is the memory the answers really take. The least recently used answers go first when
it is full, and every answer to an older version goes as soon as a request sees a newer one. 0 switches the
cache off.

The rate limit charges a kept answer exactly as the run it stands for (the cost extension counts the objects
in the answer either way): the limit shares the register fairly between callers, and a cheaper repeat would
let a caller learn what others have asked.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from graphql import ExecutionResult, get_operation_ast
from sqlalchemy.exc import SQLAlchemyError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from db.callers import Authentication
from db.version import Version
from schema.context import Context
from schema.limits import coerced_variables

__all__ = ["CacheCounts", "ResponseCache", "ResponseCaching", "read_identity", "role_of"]

# What a kept answer costs beyond its JSON: its key, and its place in the dictionary and in the order of use.
ENTRY_OVERHEAD_BYTES = 200


def role_of(auth: Authentication) -> str:
    """The caller's role as answers vary with it: `anonymous` without a valid token."""
    return "anonymous" if auth.caller is None else auth.caller.role.value


def read_identity(
    version: Version, role: str, query: str | None, variables: dict[str, Any] | None, operation_name: str | None
) -> list[Any]:
    """Everything a read's answer depends on, for the response cache and the HTTP ETag alike."""
    return [version.tag, role, date.today().isoformat(), query, variables or {}, operation_name]


def _digest(identity: list[Any]) -> bytes:
    return hashlib.sha256(json.dumps(identity, sort_keys=True, separators=(",", ":")).encode()).digest()


@dataclass(frozen=True)
class CacheCounts:
    """How the response cache has done since the process started."""

    hits: int
    misses: int
    stored: int
    evicted: int
    entries: int
    bytes: int
    budget_bytes: int

    def as_json(self) -> dict[str, int]:
        """The counts as the metrics route sends them."""
        return {
            "hits": self.hits,
            "misses": self.misses,
            "stored": self.stored,
            "evicted": self.evicted,
            "entries": self.entries,
            "bytes": self.bytes,
            "budgetBytes": self.budget_bytes,
        }


class ResponseCache:
    """Kept answers (the JSON of `data`) by their read's identity, least recently used first out, within a budget
    of bytes. One per process; every method runs without awaiting, so requests never see it half-changed."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._answers: OrderedDict[bytes, bytes] = OrderedDict()
        self._bytes = 0
        self._newest: Version | None = None
        self.hits = self.misses = self.stored = self.evicted = 0

    @property
    def enabled(self) -> bool:
        """Whether answers are kept at all (RESPONSE_CACHE_BYTES above 0)."""
        return self.budget_bytes > 0

    def get(self, version: Version, identity: list[Any]) -> bytes | None:
        """The answer kept for this read at this version, if any; counts a hit or a miss."""
        self._notice(version)
        key = _digest(identity)
        answer = self._answers.get(key)
        if answer is None:
            self.misses += 1
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, version: Version, identity: list[Any], answer: bytes) -> None:
        """Keep an answer read at this version, unless it alone is over the budget or the version is already
        superseded here."""
        size = len(answer) + ENTRY_OVERHEAD_BYTES
        if size > self.budget_bytes or self._newest is None or version.tag != self._newest.tag:
            return
        key = _digest(identity)
        previous = self._answers.pop(key, None)
        if previous is not None:
            self._bytes -= len(previous) + ENTRY_OVERHEAD_BYTES
        self._answers[key] = answer
        self._bytes += size
        self.stored += 1
        while self._bytes > self.budget_bytes:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= len(dropped) + ENTRY_OVERHEAD_BYTES
            self.evicted += 1

    def _notice(self, version: Version) -> None:
        # Answers to an older version can only be asked for by requests already under way: free their memory now.
        newest = self._newest
        if newest is not None and (version.tag == newest.tag or version.number < newest.number):
            return
        self.evicted += len(self._answers)
        self._answers.clear()
        self._bytes = 0
        self._newest = version

    def counts(self) -> CacheCounts:
        """The counters, and how full the cache is."""
        return CacheCounts(
            self.hits, self.misses, self.stored, self.evicted, len(self._answers), self._bytes, self.budget_bytes
        )


def _encoded(data: Any) -> bytes | None:
    try:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    except (TypeError, ValueError):
        return None


def _runs(execution: ExecutionContext) -> bool:
    """Whether the operation will run: one is chosen and its variables fit it. One that will not costs nothing,
    not even the version's statement."""
    document = execution.graphql_document
    operation = None if document is None else get_operation_ast(document, execution.operation_name)
    if operation is None:
        return False
    schema = execution.schema._schema
    return coerced_variables(schema, operation, execution.variables or {}) is not None


class ResponseCaching(SchemaExtension):
    """Answers a query from the response cache, or keeps its answer there. It runs after every limit and the rate
    limit have had their say (an operation they refused already has a result, and is left alone)."""

    def __init__(self, *, cache: ResponseCache) -> None:
        self.cache = cache

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        if (
            not self.cache.enabled
            or not isinstance(context, Context)
            or execution.result is not None
            or execution.operation_type != OperationType.QUERY
            or not _runs(execution)
        ):
            yield
            return
        try:
            version = await context.version()
        except (SQLAlchemyError, OSError):
            # The database is out of reach: the query meets the same failure, and is answered as any request is
            # when the database is down, not with this extension's error.
            yield
            return
        identity = read_identity(
            version, role_of(context.auth), execution.query, execution.variables, execution.operation_name
        )
        kept = self.cache.get(version, identity)
        if kept is not None:
            execution.result = ExecutionResult(data=json.loads(kept))
            yield
            return
        yield
        result = execution.result
        if isinstance(result, ExecutionResult) and not result.errors and result.data is not None:
            answer = _encoded(result.data)
            if answer is not None:
                self.cache.put(version, identity, answer)
