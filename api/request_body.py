"""What a GraphQL request body must be: UTF-8 JSON holding one operation, with text that is real Unicode.

Strawberry's own parsing lets several client mistakes through as server errors (a body nested deeper than
Python's recursion limit, bytes that are not UTF-8, a body that is `null` or a bare string); here each is a
400 that says what was wrong. JSON allows escapes of lone UTF-16 surrogates (`"\\ud800"`) that no UTF-8 text
can hold, so the databases would choke on them: they are refused with the place they were found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from strawberry.http import GraphQLRequestData

from api.request_size import RequestRefused
from schema.errors import ErrorCode


def decode_json(data: str | bytes) -> object:
    """The JSON value of a body or a URL parameter, or a 400 that says why it is not one."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            message = f"The request body is not UTF-8: {error.reason} at byte {error.start}"
            raise RequestRefused(400, message) from None
    try:
        value = json.loads(data)
    except json.JSONDecodeError as error:
        raise RequestRefused(
            400, f"Unable to parse request body as JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise RequestRefused(400, "The request body's JSON is nested too deeply to read") from None
    _refuse_lone_surrogates(value)
    return value


def _refuse_lone_surrogates(value: object) -> None:
    # Iterative, not recursive: the value can be nested nearly as deep as the recursion limit already.
    pending: list[tuple[str, object]] = [("", value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as error:
                where = path or "the body"
                raise RequestRefused(
                    400,
                    f"{where} holds a lone surrogate (\\u{ord(item[error.start]):04x}), which is not a character",
                    ErrorCode.BAD_INPUT,
                ) from None
        elif isinstance(item, dict):
            pending.extend((f"{path}.{key}" if path else str(key), v) for key, v in item.items())
            pending.extend((f"{path} (a key)", key) for key in item)
        elif isinstance(item, list):
            pending.extend((f"{path}[{i}]", v) for i, v in enumerate(item))


def _member(body: dict[str, Any], name: str, kind: type, described: str) -> Any:
    value = body.get(name)
    if value is not None and not isinstance(value, kind):
        raise RequestRefused(400, f"The request's `{name}` must be {described} or null, not {_kind_of(value)}")
    return value


def _kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


@dataclass
class PersistedRequestData(GraphQLRequestData):
    """A request's operation as sent, with the persisted id (Relay's `doc_id`, or `id`) when it names one so."""

    document_id: str | None = None


def operation_of(body: object) -> PersistedRequestData:
    """The one operation a decoded JSON body (or a GET's parameters) asks for, or a 400 that says what the body
    should have been."""
    if isinstance(body, list):
        raise RequestRefused(
            400, "Batched requests (a JSON array of operations) are not supported: send one operation per request"
        )
    if not isinstance(body, dict):
        raise RequestRefused(
            400, f'The request body must be a JSON object such as {{"query": "..."}}, not {_kind_of(body)}'
        )
    return PersistedRequestData(
        query=_member(body, "query", str, "a string"),
        variables=_member(body, "variables", dict, "an object"),
        operation_name=_member(body, "operationName", str, "a string"),
        extensions=_member(body, "extensions", dict, "an object"),
        document_id=_member(body, "doc_id", str, "a string") or _member(body, "id", str, "a string"),
    )
