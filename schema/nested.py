"""Connections under each row of a page (a provider's contracts, a plan's references), in one statement.

Every parent's page is cut from a single window query: rows are numbered per parent in the keyset order,
and each parent keeps its first `size + 1`. The parents' resolvers meet in a DataLoader keyed by the
field's place in the query and its arguments, so a page of 100 providers costs one statement for all their
contract pages, one for everything nested under those, and one for their counts if asked.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Hashable
from importlib import import_module
from typing import Annotated, Any

import strawberry
from graphql.pyutils import Path
from sqlalchemy import ColumnElement, Row, Select, func, select
from strawberry.dataloader import DataLoader

from db.base import among
from schema.context import Context, Info
from schema.keyset import Ordering, PageRequest, decode_cursor, sort_after
from schema.relations import hydrate
from schema.relay import After, Before, Connection, First, Last, connection_selections, edges_of, page_info
from schema.retired import current_only


def batch_key(info: Info, arguments: dict[str, Any]) -> Hashable:
    """What sibling parents' resolvers of one nested field share: the field's place in the query (list
    positions left out) and its arguments."""
    path = []
    step: Path | None = info.path
    while step is not None:
        if isinstance(step.key, str):
            path.append(step.key)
        step = step.prev
    return (tuple(path), repr(sorted(arguments.items())))


async def nested_connection(
    info: Info,
    parent_pk: int,
    *,
    statement: Select[Any],
    parent: ColumnElement[Any],
    ordering: Ordering,
    convert: Callable[[Row[Any]], Any],
    arguments: dict[str, Any],
    connection: type[Connection[Any]] = Connection,
    **extra: Any,
) -> Any:
    """One parent's page of a nested list, batched with every sibling parent's page of the same field.
    `extra` fields of the connection are per parent (such as deferred totals), so pass them per call."""
    context = info.context
    key = batch_key(info, arguments)
    loader = context.batches.get(key)
    if loader is None:
        request = PageRequest.from_arguments(
            arguments.get("first"),
            arguments.get("after"),
            arguments.get("last"),
            arguments.get("before"),
            default_size=context.settings.default_page_size,
            max_size=context.settings.max_page_size,
        )
        selections = connection_selections(info)
        batch = _Batch(context, current_only(statement), parent, ordering, request, convert, selections, connection)
        loader = context.batches[key] = DataLoader(batch.load)
    page = await loader.load(parent_pk)
    for name, value in extra.items():
        setattr(page, name, value)
    return page


class _Batch:
    """The shared work of one nested field across all its parents in one request."""

    def __init__(
        self,
        context: Context,
        statement: Select[Any],
        parent: ColumnElement[Any],
        ordering: Ordering,
        request: PageRequest,
        convert: Callable[[Row[Any]], Any],
        selections: list[Any],
        connection: type[Connection[Any]],
    ) -> None:
        self.context = context
        self.statement = statement
        self.parent = parent
        self.ordering = ordering
        self.request = request
        self.convert = convert
        self.selections = selections
        self.connection = connection
        self.counts: asyncio.Task[dict[Any, int]] | None = None
        self.parents: list[int] = []

    async def load(self, parent_pks: list[int]) -> list[Any]:
        self.parents.extend(parent_pks)
        rows_by_parent = await self._rows(parent_pks)
        pages = {pk: [self.convert(row) for row in rows] for pk, rows in rows_by_parent.items()}
        await hydrate(self.context, [node for page in pages.values() for node in page], self.selections)
        return [self._connection(pk, rows_by_parent.get(pk, []), pages.get(pk, [])) for pk in parent_pks]

    async def _rows(self, parent_pks: list[int]) -> dict[Any, list[Row[Any]]]:
        ordering, request = self.ordering, self.request
        reverse = ordering.descending != request.backwards
        order = [key.expression.desc() if reverse else key.expression.asc() for key in ordering.keys]
        statement = self.statement.where(among(self.parent, parent_pks))
        if request.cursor is not None:
            argument = "before" if request.backwards else "after"
            values = decode_cursor(ordering, request.cursor, argument)
            statement = statement.where(sort_after(ordering, values, request.backwards))
        numbered = statement.add_columns(
            self.parent.label("batch_parent"),
            *(key.expression.label(f"sort_key_{i}") for i, key in enumerate(ordering.keys)),
            func.row_number().over(partition_by=self.parent, order_by=order).label("batch_position"),
        ).subquery()
        page = (
            select(numbered)
            .where(numbered.c.batch_position <= request.size + 1)
            .order_by(numbered.c.batch_parent, numbered.c.batch_position)
        )
        found: dict[Any, list[Row[Any]]] = defaultdict(list)
        for row in await self.context.rows(page):
            found[row.batch_parent].append(row)
        return found

    def _connection(self, parent_pk: int, rows: list[Row[Any]], nodes: list[Any]) -> Any:
        request, width = self.request, len(self.ordering.keys)
        more = len(rows) > request.size
        rows, nodes = rows[: request.size], nodes[: request.size]
        if request.backwards:
            rows.reverse()
            nodes.reverse()
        positions = [row[-width - 1 : -1] for row in rows]
        moved = request.cursor is not None
        return self.connection(
            edges=edges_of(self.ordering, positions, nodes),
            page_info=page_info(
                self.ordering,
                positions,
                has_next=moved if request.backwards else more,
                has_previous=more if request.backwards else moved,
            ),
            count_rows=lambda: self._count(parent_pk),
        )

    async def _count(self, parent_pk: int) -> int:
        if self.counts is None:
            self.counts = asyncio.ensure_future(self._count_all())
        return (await self.counts).get(parent_pk, 0)

    async def _count_all(self) -> dict[Any, int]:
        grouped = (
            self.statement.with_only_columns(self.parent, func.count())
            .where(among(self.parent, self.parents))
            .group_by(self.parent)
            .order_by(None)
        )
        return {parent: count for parent, count in map(tuple, await self.context.rows(grouped))}


def list_under(
    page: str,
    parent_column: str,
    *,
    filter_type: Any,
    order_type: Any,
    connection: Any,
    description: str,
    filter_description: str,
    order_description: str,
    key: Callable[[Any], int] = lambda record: int(record.pk),
) -> Any:
    """A field listing the records under a parent (a provider's contracts, a directorate's plans) with the root
    list's own filter, order and paging arguments.

    `page` names the domain's nested page function as "module:function"; it is imported when first resolved,
    so every domain can offer another's list without the two modules importing each other.
    """
    module_name, function_name = page.split(":")

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
        load = getattr(import_module(module_name), function_name)
        return await load(
            info, parent_column, key(self), filter, order_by, first=first, after=after, last=last, before=before
        )

    resolve.__annotations__ = {
        **resolve.__annotations__,
        "filter": Annotated[filter_type | None, strawberry.argument(description=filter_description)],
        "order_by": Annotated[order_type | None, strawberry.argument(description=order_description)],
        "return": connection,
    }
    return strawberry.field(resolver=resolve, description=description)
