"""Database failures in a GraphQL result, told as UNAVAILABLE or TIMEOUT rather than masked as INTERNAL.

The database being away, overloaded or slow is not a fault of the register's, so it is logged as one warning
line, not a traceback, and the client is told to retry (the HTTP layer adds Retry-After).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from db.outages import Outage, outage_of
from schema.errors import ErrorCode

__all__ = ["OUTAGE_CODES", "DatabaseOutages", "outage_error"]

logger = logging.getLogger("register")

CODES = {
    Outage.UNAVAILABLE: ErrorCode.UNAVAILABLE,
    Outage.BUSY: ErrorCode.UNAVAILABLE,
    Outage.TIMEOUT: ErrorCode.TIMEOUT,
}
OUTAGE_CODES = frozenset(code.value for code in CODES.values())


def outage_error(outage: Outage, error: GraphQLError | None = None) -> GraphQLError:
    """The error a client sees for an outage, at the field where it struck when there is one."""
    return GraphQLError(
        outage.value,
        nodes=error.nodes if error else None,
        path=error.path if error else None,
        extensions={"code": CODES[outage].value},
    )


def warn(outage: Outage, cause: BaseException) -> None:
    """One line in the log for an outage: the kind and the exception's class, never its text or a traceback."""
    logger.warning("Database %s: %s", outage.name.lower(), cause.__class__.__name__)


class DatabaseOutages(SchemaExtension):
    """Replaces each error the database's absence or slowness caused with a typed one."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        errors: list[GraphQLError] = []
        for error in result.errors:
            outage = None if error.original_error is None else outage_of(error.original_error)
            if outage is None or error.original_error is None:
                errors.append(error)
                continue
            warn(outage, error.original_error)
            errors.append(outage_error(outage, error))
        result.errors = errors
