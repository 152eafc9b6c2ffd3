"""The limits on one request, all measured by the one memoised walk of schema/cost.py.

Before a document runs: its depth, its aliases and how far its fragments expand (a validation rule, so the
answer is cached with the document). Before an operation runs: its cost against `MAX_QUERY_COST`, then the
caller's rate limit. After it runs: what it really built, the unused points given back, and the figures in
`extensions.cost` of every response that got that far.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from graphql import (
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    ValidationContext,
    ValidationRule,
    get_operation_ast,
)
from graphql.execution.values import get_variable_values
from sqlalchemy.exc import SQLAlchemyError
from strawberry.extensions import SchemaExtension

from db.settings import Settings
from db.throttle import Level, Throttle
from schema.built import AnswerCount
from schema.context import Context
from schema.cost import DocumentMeasure, Paging, requested_cost
from schema.errors import ErrorCode, RegisterError


def paging(settings: Settings) -> Paging:
    """The page sizes the settings give connections."""
    return Paging(default_size=settings.default_page_size, max_size=settings.max_page_size)


def shape_rule(settings: Settings) -> type[ValidationRule]:
    """A validation rule refusing a document too deep, with too many aliases, or expanding too far."""

    class DocumentShape(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            for error in shape_errors(settings, context):
                context.report_error(error)

    return DocumentShape


def shape_errors(settings: Settings, context: ValidationContext) -> list[GraphQLError]:
    """What is wrong with a document's shape, operation by operation (aliases over the whole document)."""
    measure = DocumentMeasure(context.schema, context.document, paging(settings))
    errors: list[GraphQLError] = []
    aliases = 0
    for definition in context.document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        shape = measure.operation(definition)
        name = definition.name.value if definition.name else "anonymous"
        aliases += shape.aliases
        if shape.depth > settings.max_query_depth:
            message = f"'{name}' exceeds maximum operation depth of {settings.max_query_depth}"
            errors.append(RegisterError(message, ErrorCode.QUERY_TOO_LARGE))
        # A document written out without fragments takes a token or more per field, so one that expands past
        # the token limit does so only by spreading fragments over and over.
        if shape.selections > settings.max_query_tokens:
            message = (
                f"'{name}' expands to {shape.selections:,} field selections through its fragments; at most "
                f"{settings.max_query_tokens:,} are allowed. Spread each fragment fewer times."
            )
            errors.append(RegisterError(message, ErrorCode.QUERY_TOO_LARGE))
    if aliases > settings.max_aliases:
        errors.append(
            RegisterError(f"{aliases} aliases found. Allowed: {settings.max_aliases}", ErrorCode.QUERY_TOO_LARGE)
        )
    return errors


def throttle_key(context: Context) -> str:
    """Whose bucket a request draws on: its token's, or its client address's when it has no valid token."""
    caller = context.auth.caller
    return f"token:{caller.name}" if caller is not None else f"address:{context.client}"


class QueryCost(SchemaExtension):
    """Refuses an operation over the cost limit or the caller's rate limit, and reports what it cost."""

    def __init__(self, *, throttle: Throttle) -> None:
        self.throttle = throttle
        self.requested: int | None = None
        self.actual = 0
        self.level: Level | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        document = execution.graphql_document
        # An operation already refused (reads closed to this caller) is neither costed nor charged.
        if not isinstance(context, Context) or document is None or execution.result is not None:
            yield
            return
        operation = get_operation_ast(document, execution.operation_name)
        schema = execution.schema._schema
        variables = None if operation is None else coerced_variables(schema, operation, execution.variables or {})
        # Without an operation, or with variables that do not fit it, the request fails before it runs.
        if operation is None or variables is None:
            yield
            return
        settings = context.settings
        measure = DocumentMeasure(schema, document, paging(settings), variables)
        self.requested = requested = requested_cost(measure.operation(operation))
        if requested > settings.max_query_cost:
            execution.result = _refused(
                f"This query could build {requested:,} objects; at most {settings.max_query_cost:,} are allowed "
                "(MAX_QUERY_COST). Ask for smaller pages (`first`/`last`) or fewer nested lists.",
                ErrorCode.QUERY_TOO_COSTLY,
            )
            yield
            return
        key = throttle_key(context)
        try:
            self.level = level = await self.throttle.charge(context.sessionmaker, key, requested)
        except (SQLAlchemyError, OSError):
            # Buckets out of reach mean the database is: the query meets the same failure, and is answered as
            # any request is when the database is down, not with the throttle's own error.
            yield
            return
        if not level.granted:
            retry = level.retry_after(requested)
            execution.result = _refused(
                f"Rate limit: this query costs {requested:,} points and {int(level.available):,} are left; they "
                f"come back at {level.restore_rate:,} a second, so retry in {retry} s.",
                ErrorCode.THROTTLED,
                retryAfter=retry,
            )
            yield
            return
        yield
        data = getattr(execution.result, "data", None)
        self.actual = AnswerCount(schema, document).operation(operation, data)
        self.level = self.throttle.refund(context.sessionmaker, key, requested - self.actual, level)

    def get_results(self) -> dict[str, Any]:
        if self.requested is None:
            return {}
        cost: dict[str, Any] = {"requestedQueryCost": self.requested, "actualQueryCost": self.actual}
        if self.level is not None:
            cost["throttleStatus"] = {
                "maximumAvailable": self.level.maximum,
                "currentlyAvailable": int(self.level.available),
                "restoreRate": self.level.restore_rate,
            }
        return {"cost": cost}


def coerced_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, given: dict[str, Any]
) -> Mapping[str, Any] | None:
    """The operation's variables as it will run with them, or None when they do not fit it (the request then
    fails before it runs)."""
    values = get_variable_values(schema, operation.variable_definitions or (), given)
    if isinstance(values, list):
        return None
    # graphql-core 3.3 returns the values with their sources, 3.2 the values alone.
    coerced: Mapping[str, Any] = getattr(values, "coerced", values)  # type: ignore[arg-type]
    return coerced


def _refused(message: str, code: ErrorCode, **extensions: Any) -> ExecutionResult:
    error = RegisterError(message, code)
    error.extensions = {**(error.extensions or {}), **extensions}
    return ExecutionResult(data=None, errors=[error])
