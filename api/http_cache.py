"""HTTP caching of GraphQL reads sent with GET: a strong ETag from the register's version and the request, so a
client (or a cache in between) revalidates and gets 304 Not Modified, without the query running, until a write.

The tag covers everything the answer depends on, as the response cache counts it (`read_identity`: the
register's version, which every committed write advances, the document, its variables and operation name, the
caller's role and the day), and the media type sent back. The version is the request's one reading
(`Context.version`), taken before the query runs, in the same transaction, so an answer is never tagged with a
version newer than its data (schema/response_cache.py says why that order is the safe one).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request
from strawberry.http import GraphQLRequestData

from db.version import Version
from schema.context import Context
from schema.response_cache import read_identity, role_of

__all__ = ["NotModified", "is_read", "matches", "revalidate", "tag_of"]

# Anonymous answers may be kept by shared caches, which must still ask each time; an answer to a token holder
# is for that holder's own cache alone. Both vary with the token and with the media type asked for.
ANONYMOUS = "no-cache"
PRIVATE = "private, no-cache"
VARY = ("Accept", "Authorization")


class NotModified(Exception):
    """The client already holds the answer: send 304 with these headers, and run nothing."""

    def __init__(self, headers: dict[str, str]) -> None:
        super().__init__("not modified")
        self.headers = headers


@lru_cache(maxsize=256)
def _operation_kinds(document: str, max_tokens: int) -> dict[str | None, OperationType] | None:
    try:
        parsed = parse(document, max_tokens=max_tokens)
    except GraphQLError:
        return None
    operations = [node for node in parsed.definitions if isinstance(node, OperationDefinitionNode)]
    kinds: dict[str | None, OperationType] = {
        operation.name.value: operation.operation for operation in operations if operation.name is not None
    }
    # Without an operation name, a document of one operation runs that one (as graphql-core chooses).
    return {**kinds, None: operations[0].operation} if len(operations) == 1 else kinds


def is_read(data: GraphQLRequestData, max_tokens: int) -> bool:
    """Whether the request runs a query: only then is there an answer to tag (a mutation over GET is refused
    before any SQL runs, and a document that does not parse is told so by GraphQL itself)."""
    if data.query is None:
        return False
    kinds = _operation_kinds(data.query, max_tokens)
    return kinds is not None and kinds.get(data.operation_name) == OperationType.QUERY


def tag_of(version: Version, role: str, data: GraphQLRequestData, media_type: str) -> str:
    """The strong ETag of one read's answer at one version of the register."""
    identity = [*read_identity(version, role, data.query, data.variables, data.operation_name), media_type]
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return f'"{digest[:40]}"'


def matches(if_none_match: str | None, tag: str, *, any_tag: bool) -> bool:
    """Whether an If-None-Match header names the tag (compared weakly, as RFC 9110 says); `*` counts only
    when `any_tag` is set, for a resource that always exists."""
    if if_none_match is None:
        return False
    candidates = {candidate.strip().removeprefix("W/") for candidate in if_none_match.split(",")}
    return tag in candidates or (any_tag and "*" in candidates)


async def revalidate(request: Request, context: Context, data: GraphQLRequestData, media_type: str) -> dict[str, str]:
    """The caching headers of a GET's answer; NotModified if the client's If-None-Match names its tag."""
    version = await context.version()
    headers = {
        "ETag": tag_of(version, role_of(context.auth), data, media_type),
        "Cache-Control": PRIVATE if "authorization" in request.headers else ANONYMOUS,
        "Vary": ", ".join(VARY),
    }
    if matches(request.headers.get("if-none-match"), headers["ETag"], any_tag=False):
        raise NotModified(headers)
    return headers
