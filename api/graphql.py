"""The GraphQL endpoint: strawberry over starlette, speaking the GraphQL over HTTP specification."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UnsetType

from api.auth import authenticate
from api.graphiql.page import GraphiQLPage
from api.hangup import ClientGone, Hangup
from api.http_cache import NotModified, is_read, revalidate
from api.outages import RETRY_AFTER_SECONDS, outage_response
from api.persisted import keep_registration, resolve
from api.request_body import decode_json, operation_of
from api.request_size import MayImport, RequestRefused, SizeLimits, bounded_request
from api.websockets import RegisterTransportWS, WebsocketCount, admit
from db.outages import Outage, outage_of
from schema.context import Context
from schema.errors import ErrorCode, code_of, explained
from schema.outages import OUTAGE_CODES, outage_error, warn

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def wants_graphql_response(accept: str) -> bool:
    """Whether the client prefers the GraphQL response media type to plain JSON (q-values honoured)."""
    preference: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = next((float(p[2:]) for p in params if p.startswith("q=") and _number(p[2:])), 1.0)
        preference[media.lower()] = quality
    graphql = preference.get(GRAPHQL_RESPONSE, 0.0)
    json = max(preference.get(JSON, 0.0), preference.get("application/*", 0.0), preference.get("*/*", 0.0))
    return graphql > 0 and graphql >= json


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _formatted(error: GraphQLError) -> dict[str, Any]:
    """The error as the response shows it, with a code in `extensions.code` whether or not it was raised with one."""
    formatted: dict[str, Any] = dict(error.formatted)
    formatted["message"] = explained(error)
    formatted["extensions"] = {"code": code_of(error).value, **(error.extensions or {})}
    return formatted


def _may_import(request: Request) -> MayImport:
    async def may_import() -> bool:
        auth = await authenticate(request.app.state.sessionmaker, request.headers.get("authorization"))
        return auth.caller is not None and auth.caller.may_edit

    return may_import


class MethodNotAllowed(HTTPException):
    """An operation sent with a method that may not run it: a mutation over GET, which must be a POST."""

    def __init__(self, reason: str, allow: str) -> None:
        super().__init__(405, reason)
        self.allow = allow


class RegisterGraphQL(GraphQL[Context, None]):
    """The register's GraphQL view: one Context (one read session) per request, closed when it is done.

    A request error (a document that does not parse or validate, or variables that do not coerce) has no
    `data`; clients that accept `application/graphql-response+json` get it with status 400, as the spec says.
    Older clients asking for `application/json` get 200, as the spec also says. Every error has a code.
    """

    graphql_transport_ws_handler_class = RegisterTransportWS

    def __init__(
        self, schema: BaseSchema, *, graphiql: GraphiQLPage | None, allowed_origins: Sequence[str] = ("*",)
    ) -> None:
        # Only graphql-transport-ws: the older graphql-ws protocol is unmaintained, and one protocol is one
        # way in to authenticate and count.
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphiql is not None else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allowed_origins=allowed_origins,
        )
        self.graphiql = graphiql
        self.websocket_count = WebsocketCount()

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        await admit(context, self.websocket_count)
        return await super().on_ws_connect(context)

    async def render_graphql_ide(self, request: Request) -> Response:
        # The register's own GraphiQL page, not strawberry's, which loads its scripts from a CDN.
        assert self.graphiql is not None, "strawberry renders the IDE only when one is configured"
        return self.graphiql.response()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            # HEAD is answered as GET would be (headers, ETag and all), without the body.
            scope, send = {**scope, "method": "GET"}, _without_body(send)
        hangup = Hangup(scope, receive)
        request = Request(scope, hangup.receive)
        try:
            request = await bounded_request(
                request, SizeLimits.from_settings(request.app.state.settings), _may_import(request)
            )
            response = await hangup.unless_gone(self.run(request))
        except ClientGone:
            return
        except NotModified as unchanged:
            response = Response(status_code=304, headers=unchanged.headers)
        except HTTPException as error:
            response = self._http_error(request, error)
        except Exception as error:
            # Before execution (the token lookup in get_context): the database's failure, not the register's.
            if (outage := outage_of(error)) is None:
                raise
            warn(outage, error)
            graphql = wants_graphql_response(request.headers.get("accept", JSON))
            response = outage_response(
                outage, status_code=503 if graphql else 200, media_type=GRAPHQL_RESPONSE if graphql else JSON
            )
        await response(scope, receive, send)

    def _http_error(self, request: Request, error: HTTPException) -> Response:
        # Clients read errors as GraphQL responses whatever went wrong, so even a body that is not JSON
        # is answered with a GraphQL error, not plain text.
        code = error.code if isinstance(error, RequestRefused) else ErrorCode.BAD_REQUEST
        body = {"errors": [{"message": error.reason, "extensions": {"code": code.value}}]}
        graphql = wants_graphql_response(request.headers.get("accept", JSON))
        response = JSONResponse(body, status_code=error.status_code, media_type=GRAPHQL_RESPONSE if graphql else JSON)
        if isinstance(error, MethodNotAllowed):
            response.headers["allow"] = error.allow
        if isinstance(error, RequestRefused):
            response.headers.update(error.headers)
        return response

    def decode_json(self, data: str | bytes) -> object:
        return decode_json(data)

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData | list[GraphQLRequestData]:
        content_type, _ = parse_content_type(request.content_type or "")
        if request.method == "POST" and "application/json" in content_type:
            return operation_of(self.parse_json(await request.get_body()))
        if request.method == "GET":
            return operation_of(self.parse_query_params(request.query_params))
        return await super().parse_http_body(request)

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A GET naming a persisted query carries no `query`, yet is a request, not a browser opening the page.
        named = any(request.query_params.get(name) for name in ("extensions", "id", "doc_id"))
        return not named and super().should_render_graphql_ide(request)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        state = request.app.state
        auth = await authenticate(state.sessionmaker, request.headers.get("authorization"))
        client = request.client.host if request.client is not None else "unknown"
        return Context(
            sessionmaker=state.sessionmaker,
            settings=state.settings,
            auth=auth,
            client=client,
            change_signal=state.change_signal,
        )

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        response = await super().get_sub_response(request)
        response.graphql_request = request  # type: ignore[attr-defined]
        return response

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        context: Context = kwargs["context"]
        request: Request = kwargs["request"]
        try:
            # Cancelling the operation cancels the statement it awaits: asyncpg asks the server to stop it.
            async with asyncio.timeout(context.settings.request_timeout_seconds):
                resolved = await resolve(kwargs["request_data"], context.session(), context.settings)
                kwargs["request_data"] = resolved.request
                if kwargs["request_adapter"].method == "GET" and _may_revalidate(context, resolved.request):
                    media_type = (
                        GRAPHQL_RESPONSE if wants_graphql_response(request.headers.get("accept", JSON)) else JSON
                    )
                    request.state.cache_headers = await revalidate(request, context, resolved.request, media_type)
                result = await super().execute_operation(*args, **kwargs)
            if (
                resolved.registration is not None
                and isinstance(result, ExecutionResult)
                and not _is_request_error(result)
            ):
                # The read is over: its transaction ends before the registration is written in one of its own.
                await context.close()
                await keep_registration(context.sessionmaker, resolved.registration, context.settings)
            return result
        except TimeoutError:
            warn(Outage.TIMEOUT, TimeoutError())
            return ExecutionResult(data=None, errors=[outage_error(Outage.TIMEOUT)])
        except HTTPException as error:
            # The spec: a mutation over GET is refused with 405 and never run (strawberry says 400).
            if isinstance(error.__cause__, InvalidOperationTypeError) and kwargs["request_adapter"].method == "GET":
                raise MethodNotAllowed("Mutations must be sent with POST, not GET", allow="POST") from error
            raise
        finally:
            await context.close()

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        errors = result.errors or []
        request_error = _is_request_error(result)
        request.state.request_error = request_error
        request.state.outage = any(_formatted(error)["extensions"]["code"] in OUTAGE_CODES for error in errors)
        # With reads closed, a request without a valid token is refused before it runs: say so in HTTP too.
        request.state.unauthenticated = request_error and any(
            _formatted(error)["extensions"]["code"] == ErrorCode.UNAUTHENTICATED.value for error in errors
        )
        _note_rate_limit(request, result, errors)
        if getattr(request.state, "cache_headers", None) is not None and result.extensions:
            # A tagged GET's body must be the same bytes while its ETag is (a strong tag): the caller's remaining
            # allowance changes with every request, so it travels in the X-RateLimit headers only.
            cost = result.extensions.get("cost")
            if isinstance(cost, dict):
                result.extensions["cost"] = {name: value for name, value in cost.items() if name != "throttleStatus"}
        response = await super().process_result(request, result)
        if errors:
            response["errors"] = [_formatted(error) for error in errors]
        if request_error:
            # The GraphQL spec: an error raised before execution begins leaves no `data` entry at all.
            del response["data"]
        return response

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        request: Request = sub_response.graphql_request  # type: ignore[attr-defined]
        if getattr(request.state, "unauthenticated", False):
            response.status_code = 401
            response.headers["www-authenticate"] = 'Bearer realm="register"'
        outage = getattr(request.state, "outage", False)
        if outage:
            response.headers["retry-after"] = str(RETRY_AFTER_SECONDS)
        if wants_graphql_response(request.headers.get("accept", JSON)):
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if outage:
                response.status_code = 503
            elif getattr(request.state, "request_error", False) and response.status_code != 401:
                response.status_code = 400
        _rate_limit_headers(request, response)
        _cache_headers(request, response)
        return response


def _without_body(send: Send) -> Send:
    async def send_headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_headers_only


def _is_request_error(result: ExecutionResult) -> bool:
    """Whether the request never ran (no `data`, and an error at no path): it did not parse, validate, or pass
    a limit."""
    return result.data is None and any(error.path is None for error in result.errors or [])


def _may_revalidate(context: Context, data: GraphQLRequestData) -> bool:
    # With reads closed, an anonymous caller is refused, and must not learn from a 304 that nothing changed.
    if context.auth.caller is None and context.settings.reads_require_token:
        return False
    return is_read(data, context.settings.max_query_tokens)


def _cache_headers(request: Request, response: Response) -> None:
    """The ETag and Cache-Control of a GET's answer, on an answer that really ran: an error about the request,
    an outage or a refusal is never tagged, so it is asked again."""
    headers = getattr(request.state, "cache_headers", None)
    if headers is None or response.status_code != 200 or getattr(request.state, "request_error", False):
        return
    if getattr(request.state, "outage", False):
        return
    response.headers["etag"] = headers["ETag"]
    response.headers["cache-control"] = headers["Cache-Control"]
    for name in headers["Vary"].split(", "):
        response.headers.add_vary_header(name)


def _note_rate_limit(request: Request, result: ExecutionResult, errors: list[GraphQLError]) -> None:
    """Keep the caller's rate limit from `extensions.cost`, and when it refused the request, how long to wait."""
    status = (result.extensions or {}).get("cost", {}).get("throttleStatus")
    request.state.throttle_status = status
    request.state.retry_after = next(
        (extensions["retryAfter"] for error in errors if "retryAfter" in (extensions := error.extensions or {})), None
    )


def _rate_limit_headers(request: Request, response: Response) -> None:
    """The rate limit in headers too, for clients and proxies that never read the body; 429 once it is spent."""
    status = getattr(request.state, "throttle_status", None)
    if status is not None:
        response.headers["x-ratelimit-limit"] = str(status["maximumAvailable"])
        response.headers["x-ratelimit-remaining"] = str(status["currentlyAvailable"])
    retry_after = getattr(request.state, "retry_after", None)
    if retry_after is not None:
        response.status_code = 429
        response.headers["retry-after"] = str(retry_after)
