"""`node` and `nodes`: fetch any record directly by its global ID."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

import strawberry

from schema.context import Info
from schema.errors import ErrorCode, RegisterError
from schema.graph import NODE_LOADERS
from schema.relations import hydrate
from schema.relay import Node, parse_global_id


async def _fetch(info: Info, ids: list[strawberry.ID], argument: str) -> list[Node | None]:
    keys = [parse_global_id(str(value), argument) for value in ids]
    wanted: dict[str, list[int]] = defaultdict(list)
    for type_name, pk in keys:
        if type_name not in NODE_LOADERS:
            raise RegisterError(f"The register has no records of type {type_name!r}", ErrorCode.BAD_ID, argument)
        wanted[type_name].append(pk)
    found: dict[tuple[str, int], Any] = {}
    for type_name, pks in wanted.items():
        for pk, record in (await NODE_LOADERS[type_name](info.context, pks)).items():
            found[(type_name, pk)] = record
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
