"""The register's errors: typed, with a machine-readable code, never a stack trace."""

from __future__ import annotations

import enum

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError, VariableDefinitionNode
from graphql.validation.validate import ValidationAbortedError
from strawberry.exceptions import StrawberryInputCoercionError


@strawberry.enum(description="Machine-readable kinds of error, stable for integrating systems to act on.")
class ErrorCode(enum.Enum):
    BAD_INPUT = strawberry.enum_value("BAD_INPUT", description="An argument or input field has a bad value.")
    BAD_ID = strawberry.enum_value("BAD_ID", description="An ID is malformed or names the wrong kind of record.")
    BAD_CURSOR = strawberry.enum_value("BAD_CURSOR", description="A cursor is malformed or from another ordering.")
    PAGE_TOO_LARGE = strawberry.enum_value(
        "PAGE_TOO_LARGE", description="A page size is over the cap; ask for fewer and page on."
    )
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="No record has that ID or key.")
    CONFLICT = strawberry.enum_value(
        "CONFLICT", description="The record changed since the version named; read it again and retry."
    )
    DUPLICATE = strawberry.enum_value("DUPLICATE", description="Another record already has that natural key.")
    RETIRED = strawberry.enum_value(
        "RETIRED", description="The record is retired: it keeps its history but can no longer be changed or referenced."
    )
    UNAUTHENTICATED = strawberry.enum_value(
        "UNAUTHENTICATED", description="No valid API token was presented; writes need one."
    )
    FORBIDDEN = strawberry.enum_value("FORBIDDEN", description="The token's role does not allow this.")
    BAD_QUERY = strawberry.enum_value(
        "BAD_QUERY", description="The document does not parse, or asks for something the schema does not have."
    )
    QUERY_TOO_LARGE = strawberry.enum_value(
        "QUERY_TOO_LARGE", description="The document is deeper, longer or has more aliases than the register allows."
    )
    QUERY_TOO_COSTLY = strawberry.enum_value(
        "QUERY_TOO_COSTLY",
        description="The query could build more objects than the register allows in one request (the message "
        "gives its cost and the limit); ask for smaller pages or fewer nested lists.",
    )
    THROTTLED = strawberry.enum_value(
        "THROTTLED",
        description="The caller has used up its rate limit; retry after `extensions.retryAfter` seconds (the "
        "`Retry-After` header says the same).",
    )
    REQUEST_TOO_LARGE = strawberry.enum_value(
        "REQUEST_TOO_LARGE",
        description="The request's body or query string is over the register's size limit; nothing was read past it.",
    )
    BAD_REQUEST = strawberry.enum_value(
        "BAD_REQUEST", description="The HTTP request is not one the endpoint can run, such as a body that is not JSON."
    )
    PERSISTED_QUERY_NOT_FOUND = strawberry.enum_value(
        "PERSISTED_QUERY_NOT_FOUND",
        description="The register keeps no document under the hash sent (the message is `PersistedQueryNotFound`, "
        "as Apollo's clients expect): send the hash again with the document as `query` to register it.",
    )
    PERSISTED_QUERY_REQUIRED = strawberry.enum_value(
        "PERSISTED_QUERY_REQUIRED",
        description="The register runs only operations the council loaded ahead (PERSISTED_QUERIES_ONLY): send the "
        "hash of one as `extensions.persistedQuery.sha256Hash` (or `id`), not a document of your own.",
    )
    UNAVAILABLE = strawberry.enum_value(
        "UNAVAILABLE",
        description="The register's database is away or busy; nothing was changed. Retry after the seconds in the "
        "Retry-After header.",
    )
    TIMEOUT = strawberry.enum_value(
        "TIMEOUT",
        description="The request ran past the register's time limit and was stopped; nothing was changed. Ask for "
        "less, or retry later.",
    )
    INTERNAL = strawberry.enum_value(
        "INTERNAL", description="Something failed inside the register; the details are in its log, not the response."
    )


class RegisterError(GraphQLError):
    """A GraphQL error the client caused, with its code in `extensions.code` and the argument at fault."""

    def __init__(self, message: str, code: ErrorCode = ErrorCode.BAD_INPUT, argument: str | None = None) -> None:
        extensions: dict[str, object] = {"code": code.value}
        if argument is not None:
            extensions["argument"] = argument
        super().__init__(message, extensions=extensions)


@strawberry.type(description="Why a write was refused: the input field at fault, what was wrong, and a code to act on.")
class UserError:
    field: list[str] = strawberry.field(
        description='The path to the input field at fault, e.g. ["input", "end"]; ["input"] for the input as a whole.'
    )
    message: str = strawberry.field(description="What was wrong, in words a person can act on, quoting the bad value.")
    code: ErrorCode = strawberry.field(description="The kind of problem, stable for integrating systems to act on.")


# MaxTokensLimiter reports through graphql-core without a code of its own; its message is the only thing
# that tells it apart from other parse errors (tests pin it). The register's own limits carry their code.
_LIMIT_MESSAGES = ("Syntax Error: Document contains more than",)


# graphql-core stops checking a document in two ways, and says only "Validation aborted." for one of them.
TOO_MANY_ERRORS = (
    "The document has too many errors to check them all; the first 100 are listed. Fix those and send it again."
)
TOO_COMPLEX = (
    "The document is too complex to check: its fragments spread into one another, or fields of one name are "
    "compared, more times than the register will check. Spread fewer fragments and send it again."
)


def explained(error: GraphQLError) -> str:
    """The error's message, told so a client can act on it (graphql-core's abort messages give no reason)."""
    if isinstance(error, ValidationAbortedError):
        return TOO_MANY_ERRORS if "error limit reached" in error.message else TOO_COMPLEX
    return error.message


def code_of(error: GraphQLError) -> ErrorCode:
    """The code for an error that carries none: what went wrong, told from how graphql-core raised it.

    Errors at a path come from resolving a field; the register raises only RegisterErrors there on purpose,
    so any other is internal (and masked). Errors without a path stop the request before it runs.
    """
    if error.path is not None:
        return ErrorCode.INTERNAL
    if any(limit in error.message for limit in _LIMIT_MESSAGES):
        return ErrorCode.QUERY_TOO_LARGE
    if isinstance(error, ValidationAbortedError):
        return ErrorCode.BAD_QUERY if "error limit reached" in error.message else ErrorCode.QUERY_TOO_LARGE
    if isinstance(error, GraphQLSyntaxError):
        return ErrorCode.BAD_QUERY
    if isinstance(error, StrawberryInputCoercionError):
        return ErrorCode.BAD_INPUT
    variable = any(isinstance(node, VariableDefinitionNode) for node in error.nodes or ())
    if variable and error.original_error is not None:
        return ErrorCode.BAD_INPUT
    return ErrorCode.BAD_QUERY
