"""Relay conventions: the Node interface with opaque global IDs, and the one connection type."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, TypeVar

import strawberry
from sqlalchemy import ColumnElement, Row, Select, func, select, true
from strawberry.types.nodes import Selection

from schema.bounds import HISTORY, at_most
from schema.context import Info
from schema.errors import ErrorCode, RegisterError
from schema.keyset import Ordering, PageRequest, encode_cursor, fetch_page
from schema.relations import children, hydrate, selected
from schema.retired import current_only

if TYPE_CHECKING:
    from schema.history.types import Change

NodeType = TypeVar("NodeType")


def global_id(type_name: str, pk: int) -> str:
    """The opaque, stable ID clients use for a record: base64 of "Type:pk", as Relay clients expect."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode("ascii")


def parse_global_id(value: str, argument: str = "id") -> tuple[str, int]:
    """The type name and primary key inside a global ID, or a BAD_ID error that quotes it."""
    try:
        type_name, _, pk = base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8").partition(":")
        # Only the exact text global_id() gives: no other spelling of a number ("007", "٣") aliases a
        # record, and a key past the 32-bit primary keys, which PostgreSQL would refuse to bind, is no ID.
        if not type_name or not pk.isdigit() or global_id(type_name, int(pk)) != value or int(pk) >= 2**31:
            raise ValueError(value)
        return type_name, int(pk)
    except (ValueError, UnicodeError, binascii.Error):
        raise RegisterError(
            f"{value!r} is not an ID this register issued", ErrorCode.BAD_ID, argument=argument
        ) from None


def pk_of(value: str, type_name: str, argument: str) -> int:
    """The primary key inside a global ID that must name a record of one type."""
    found, pk = parse_global_id(value, argument)
    if found != type_name:
        raise RegisterError(
            f"{value!r} is the ID of a {found}, not of a {type_name}", ErrorCode.BAD_ID, argument=argument
        )
    return pk


First = Annotated[
    int | None,
    strawberry.argument(description="Page forwards: at most this many rows (20 unless said; the cap is 100)."),
]
After = Annotated[str | None, strawberry.argument(description="Page forwards from just after this cursor.")]
Last = Annotated[int | None, strawberry.argument(description="Page backwards: at most this many rows.")]
Before = Annotated[str | None, strawberry.argument(description="Page backwards from just before this cursor.")]


@strawberry.interface(description="A record with a stable, opaque ID that `node` and `nodes` fetch directly.")
class Node:
    id: strawberry.ID = strawberry.field(description="The record's opaque global ID; stable for its life.")
    pk: strawberry.Private[int]
    history: list[Annotated[Change, strawberry.lazy("schema.history.types")]] = strawberry.field(
        default_factory=list,
        description="The record's accepted writes, oldest first: who made it, when, before and after. "
        f"{at_most(HISTORY)} When there are more, the latest are.",
    )

    type_name: ClassVar[str]


@strawberry.type(description="Where a page sits in the whole list, for paging on in either direction.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether rows follow this page in the list's order.")
    has_previous_page: bool = strawberry.field(description="Whether rows come before this page.")
    start_cursor: str | None = strawberry.field(description="The cursor of the page's first row.")
    end_cursor: str | None = strawberry.field(description="The cursor of the page's last row.")


@strawberry.type(description="A row of a page, with the cursor to page from it.")
class Edge(Generic[NodeType]):
    node: NodeType = strawberry.field(description="The record at this position.")
    # The row's sort values: its cursor is written from them only when a query asks for it.
    ordering: strawberry.Private[Ordering]
    position: strawberry.Private[Sequence[Any]]

    @strawberry.field(description="An opaque position; pass it as `after` or `before`.")
    def cursor(self) -> str:
        return encode_cursor(self.ordering, self.position)


def edges_of(ordering: Ordering, positions: Sequence[Sequence[Any]], nodes: Sequence[Any]) -> list[Edge[Any]]:
    """A page's edges: each record with the sort values its cursor is written from."""
    return [
        Edge(node=node, ordering=ordering, position=position) for position, node in zip(positions, nodes, strict=True)
    ]


def page_info(
    ordering: Ordering, positions: Sequence[Sequence[Any]], *, has_next: bool, has_previous: bool
) -> PageInfo:
    """Where a page sits: whether rows lie either side, and the cursors of its first and last rows."""
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=encode_cursor(ordering, positions[0]) if positions else None,
        end_cursor=encode_cursor(ordering, positions[-1]) if positions else None,
    )


@strawberry.type(description="A page of a list, in a stable order, with cursors to page forwards and back.")
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]] = strawberry.field(description="The page's rows, in order.")
    page_info: PageInfo = strawberry.field(description="Whether more rows lie either side of this page.")
    count_rows: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="The page's records, in order: `edges { node }` without the cursors.")
    def nodes(self) -> list[NodeType]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="How many records the whole filtered list holds, across every page.")
    async def total_count(self) -> int:
        return await self.count_rows()


def connection_selections(info: Info) -> list[Selection]:
    """What the query asks for on each record of the connection being resolved, under `edges { node }` and
    under `nodes` alike, so both are loaded by the same batches."""
    fields = selected(children(info.selected_fields), {"Connection"})
    edges = selected(children(fields.get("edges", [])), {"Edge"})
    return children(edges.get("node", [])) + children(fields.get("nodes", []))


async def resolve_connection(
    info: Info,
    statement: Select[Any],
    ordering: Ordering,
    convert: Callable[[Row[Any]], NodeType],
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    connection: type[Connection[Any]] = Connection,
    **extra: Any,
) -> Any:
    """One page of a filtered statement as a connection, with everything the query asks for under each row
    loaded in one batch per relation. `totalCount` runs its count only when the query asks for it."""
    context = info.context
    statement = current_only(statement)
    request = PageRequest.from_arguments(
        first,
        after,
        last,
        before,
        default_size=context.settings.default_page_size,
        max_size=context.settings.max_page_size,
    )
    page = await fetch_page(context, statement, ordering, request)
    nodes = [convert(row) for row in page.rows]
    await hydrate(context, nodes, connection_selections(info))
    count = select(func.count()).select_from(statement.order_by(None).subquery())
    return connection(
        edges=edges_of(ordering, page.positions, nodes),
        page_info=page_info(ordering, page.positions, has_next=page.has_next, has_previous=page.has_previous),
        count_rows=lambda: context.scalar(count),
        **extra,
    )


def listing(
    statement: Callable[[ColumnElement[bool]], Select[Any]],
    convert: Callable[[Row[Any]], Any],
    *,
    filter_type: Any,
    order_type: Any,
    default_order: Any,
    connection: Any,
    description: str,
    filter_description: str,
    order_description: str,
    totals: Callable[[Info, ColumnElement[bool]], Any] | None = None,
) -> Any:
    """A root list field: the domain's filter and order arguments and Relay paging, answered by one keyset page.

    `statement` gives the rows a filter's condition selects; `totals`, when the connection sums values, gives
    the deferred sums for the same condition.
    """

    async def resolve(
        self: Any,
        info: Info,
        filter: Any = None,
        order_by: Any = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Any:
        where = filter.where() if filter is not None else true()
        extra = {} if totals is None else {"value_totals_of": totals(info, where)}
        ordering = (order_by or default_order).ordering()
        return await resolve_connection(
            info,
            statement(where),
            ordering,
            convert,
            first=first,
            after=after,
            last=last,
            before=before,
            connection=connection,
            **extra,
        )

    resolve.__annotations__ = {
        **resolve.__annotations__,
        "filter": Annotated[filter_type | None, strawberry.argument(description=filter_description)],
        "order_by": Annotated[order_type | None, strawberry.argument(description=order_description)],
        "return": connection,
    }
    return strawberry.field(resolver=resolve, description=description)
