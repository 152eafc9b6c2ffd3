"""Related records are fetched a whole page at a time, before any row is resolved.

A type lists its relations (`relations` on the class): for each field, how to find the key on a record and
how to load every key of a page in one statement. `hydrate` walks the query's selection: for each relation
the client asked for, it loads the page's related records in one batch, sets them on the records as plain
attributes, and carries on into the related records' own selection. So a page costs one statement per
relation asked for, whatever its size, and resolving a row costs no more than reading attributes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from schema.bounds import Bound, bound_of
from schema.context import Context


@dataclass(frozen=True)
class Relation:
    """How one field of a type reaches its related records: the key on the record, and the batch load."""

    attribute: str
    key: Callable[[Any], Hashable | None]
    load: Callable[[Context, list[Any]], Awaitable[Mapping[Any, Any]]]
    many: bool = False


def selected(selections: Iterable[Selection], type_names: set[str]) -> dict[str, list[SelectedField]]:
    """The fields asked for on a record of the named type (or its interfaces), through any fragments."""
    fields: dict[str, list[SelectedField]] = defaultdict(list)
    for selection in selections:
        if isinstance(selection, SelectedField):
            fields[selection.name].append(selection)
        elif isinstance(selection, InlineFragment | FragmentSpread):
            if selection.type_condition is None or selection.type_condition in type_names:
                for name, nodes in selected(selection.selections, type_names).items():
                    fields[name].extend(nodes)
    return fields


def children(fields: Sequence[Selection]) -> list[Selection]:
    """The selections under every occurrence of one field (aliases and fragments may repeat it)."""
    return [selection for field in fields for selection in field.selections]


def _type_names(cls: type) -> set[str]:
    names = {getattr(cls, "type_name", cls.__name__), "Node"}
    return names


def _bound(cls: type, field: str) -> Bound | None:
    return bound_of(getattr(cls, "type_name", cls.__name__), ("Node",), field)


async def hydrate(context: Context, records: Sequence[Any], selections: Sequence[Selection]) -> None:
    """Load, in one batch per relation, everything the selection asks for under these records."""
    by_type: dict[type, list[Any]] = defaultdict(list)
    seen: set[int] = set()
    for record in records:
        if record is not None and id(record) not in seen:
            seen.add(id(record))
            by_type[type(record)].append(record)
    for cls, group in by_type.items():
        relations: Mapping[str, Relation] = getattr(cls, "relations", {})
        if not relations:
            continue
        for name, fields in selected(selections, _type_names(cls)).items():
            relation = relations.get(name)
            if relation is not None:
                await _load(context, relation, group, children(fields), _bound(cls, name))


async def _load(
    context: Context, relation: Relation, records: list[Any], selections: list[Selection], bound: Bound | None
) -> None:
    keys = sorted({key for record in records if (key := relation.key(record)) is not None}, key=repr)
    found = await relation.load(context, keys) if keys else {}
    related: list[Any] = []
    for record in records:
        key = relation.key(record)
        value = found.get(key) if key is not None else None
        if relation.many:
            value = _within(list(value or []), bound)
            related.extend(value)
        elif value is not None:
            related.append(value)
        setattr(record, relation.attribute, value)
    if related and selections:
        await hydrate(context, related, selections)


def _within(values: list[Any], bound: Bound | None) -> list[Any]:
    # The query's cost was checked against each list's stated bound, so no list may hold more than that.
    if bound is None or len(values) <= bound.size:
        return values
    return values[-bound.size :] if bound.keep_latest else values[: bound.size]
