"""Records that arrive with their row, so there is nothing to load, yet `hydrate` must still reach inside them.

A pipeline row carries the contract or key decision it is about, read in the row's own statement. Declaring
it as a relation whose batch load hands back what is already there lets `schema.relations.hydrate` carry on
into that record's own relations (a contract's provider, a key decision's activity) in one batch per page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from schema.context import Context
from schema.relations import Relation


class _Held:
    """A record as a batch key: equal only to a key for the very same record object."""

    __slots__ = ("record",)

    def __init__(self, record: Any) -> None:
        self.record = record

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Held) and other.record is self.record

    def __hash__(self) -> int:
        return id(self.record)

    def __repr__(self) -> str:
        return f"held:{id(self.record)}"


async def _already_there(_context: Context, keys: Sequence[Any]) -> Mapping[Any, Any]:
    return {key: key.record for key in keys}


def embedded(attribute: str) -> Relation:
    """The relation for a record stored on `attribute` when the row was read: no statement, but hydrated."""
    return Relation(
        attribute,
        lambda row: None if getattr(row, attribute) is None else _Held(getattr(row, attribute)),
        _already_there,
    )
