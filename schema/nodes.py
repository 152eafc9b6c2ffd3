"""`node` and `nodes`: fetch any record directly by its global ID."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.errors import ErrorCode, RegisterError
from schema.graph import NODE_LOADERS, records_by_key
from schema.relations import hydrate
from schema.relay import Node, parse_global_id


async def _fetch(info: Info, ids: list[strawberry.ID], argument: str) -> list[Node | None]:
    keys = [parse_global_id(str(value), argument) for value in ids]
    for type_name, _ in keys:
        if type_name not in NODE_LOADERS:
            raise RegisterError(f"The register has no records of type {type_name!r}", ErrorCode.BAD_ID, argument)
    found = await records_by_key(info.context, keys)
    records = [found.get(key) for key in keys]
    await hydrate(info.context, records, info.selected_fields[0].selections)
    return records


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any record by its global ID; null when no record has that ID.")
    async def node(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The record's global ID.")]
    ) -> Node | None:
        (record,) = await _fetch(info, [id], "id")
        return record

    @strawberry.field(description="Records by their global IDs, in the order asked; null for an ID with no record.")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="The records' global IDs (at most 100).")],
    ) -> list[Node | None]:
        if len(ids) > info.context.settings.max_page_size:
            raise RegisterError(
                f"Ask for at most {info.context.settings.max_page_size} IDs at once", ErrorCode.PAGE_TOO_LARGE, "ids"
            )
        return await _fetch(info, ids, "ids")
