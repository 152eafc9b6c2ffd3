"""Plain fields answered without graphql-core's per-field machinery.

A page of 50 contracts is about 1,200 fields, and graphql-core spends most of a cold request completing them one by
one: a resolve-info object, strawberry's argument conversion and an awaitable check for every field, even for a
`reference` that is only an attribute. Most fields are plain: an attribute of the record, or a resolver that reads
only the record (no arguments, no `info`, not async, no extensions). `RegisterExecution` answers those directly:
it reads the value, coerces a scalar or enum as its type would, and completes an object or a list of them by
executing the object's own fields in turn, so a resolver further down (a nested connection, a count) still runs
in the usual way, with its path, its info and its errors.

Whatever is not plain, and anything a plain field does out of the ordinary (raises, returns null where the schema
says it cannot, returns something its type cannot coerce), goes through graphql-core exactly as before, so errors
and their paths are graphql-core's own; reading a plain field twice is harmless because it only reads.
"""

from __future__ import annotations

import operator
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
)
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType
from strawberry.types.field import StrawberryField

LEAF, OBJECT, LEAF_LIST, OBJECT_LIST = range(4)


@dataclass(frozen=True)
class PlainField:
    """How to answer one plain field: read it from the record, then complete it by the shape of its type."""

    read: Callable[[Any], Any]
    return_type: GraphQLOutputType
    non_null: bool
    shape: int
    # The named type (a leaf's coercion or the object's fields) and, for a list, whether its items may be null.
    named: Any
    items_non_null: bool = False
    coerce: Callable[[Any], Any] | None = None


def _enum_coercion(enum_type: GraphQLEnumType) -> Callable[[Any], Any]:
    # Strawberry's enum finds a member's name by scanning every value; a dictionary does it at once.
    names = {value.value: name for name, value in enum_type.values.items()}
    wrapped = getattr(enum_type, "wrapped_cls", None)
    slow = enum_type.coerce_output_value

    def coerce(value: Any) -> Any:
        if wrapped is not None and isinstance(value, wrapped):
            name = names.get(value.value)
            if name is not None:
                return name
        return slow(value)

    return coerce


def _coercion(leaf: GraphQLLeafType) -> Callable[[Any], Any]:
    if isinstance(leaf, CustomGraphQLEnumType):
        return _enum_coercion(leaf)
    return leaf.coerce_output_value


def _reader(field: StrawberryField) -> Callable[[Any], Any] | None:
    """How to read the field from its record, when that is all resolving it does."""
    if field.extensions:
        return None
    resolver = field.base_resolver
    if resolver is None:
        if field.default_resolver is getattr:
            return operator.attrgetter(field.python_name)
        default, name = field.default_resolver, field.python_name
        return lambda source: default(source, name)
    plain = (
        not resolver.is_async
        and not resolver.arguments
        and resolver.self_parameter is not None
        and resolver.info_parameter is None
        and resolver.parent_parameter is None
        and resolver.root_parameter is None
    )
    read: Callable[[Any], Any] = resolver.wrapped_func  # type: ignore[assignment]
    return read if plain else None


def _plain(parent_type: GraphQLObjectType, name: str) -> PlainField | None:
    if name == "__typename":
        typename = parent_type.name
        return PlainField(lambda _source: typename, GraphQLNonNull(parent_type), True, LEAF, None, coerce=str)
    definition = parent_type.fields.get(name)
    if definition is None or definition.resolve is None:
        return None
    field = definition.extensions.get("strawberry-definition")
    read = _reader(field) if isinstance(field, StrawberryField) else None
    if read is None:
        return None
    return_type = definition.type
    non_null = isinstance(return_type, GraphQLNonNull)
    inner = return_type.of_type if non_null else return_type
    if isinstance(inner, GraphQLList):
        item = inner.of_type
        items_non_null = isinstance(item, GraphQLNonNull)
        item = item.of_type if items_non_null else item
        if isinstance(item, GraphQLLeafType):
            return PlainField(read, return_type, non_null, LEAF_LIST, item, items_non_null, _coercion(item))
        if isinstance(item, GraphQLObjectType):
            return PlainField(read, return_type, non_null, OBJECT_LIST, item, items_non_null)
        return None
    if isinstance(inner, GraphQLLeafType):
        return PlainField(read, return_type, non_null, LEAF, inner, coerce=_coercion(inner))
    if isinstance(inner, GraphQLObjectType):
        return PlainField(read, return_type, non_null, OBJECT, inner)
    return None


# Plans by object type, then by field name; None marks a field that is not plain. Types live as long as their
# schema, and a process builds a handful of schemas, so the types themselves key it.
_PLANS: dict[int, tuple[GraphQLObjectType, dict[str, PlainField | None]]] = {}


def _plan(parent_type: GraphQLObjectType, name: str) -> PlainField | None:
    entry = _PLANS.get(id(parent_type))
    if entry is None or entry[0] is not parent_type:
        entry = _PLANS[id(parent_type)] = (parent_type, {})
    plans = entry[1]
    if name not in plans:
        plans[name] = _plain(parent_type, name)
    return plans[name]


class _Irregular(Exception):
    """A plain field did something out of the ordinary: graphql-core answers it instead."""


class RegisterExecution(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution, with plain fields answered directly (see the module's docstring)."""

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        # Strawberry always passes a middleware manager; only one that holds middleware changes how fields resolve.
        middleware = self.middleware_manager
        if position_context is not None or (middleware is not None and middleware.middlewares):
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        pending: list[str] = []
        is_awaitable = self.is_awaitable
        try:
            for response_name, field_details_list in grouped_field_set.items():
                node = field_details_list[0].node
                plain = None if node.directives else _plan(parent_type, node.name.value)
                result: Any = Undefined
                if plain is not None:
                    try:
                        result = self._answer(plain, source_value, field_details_list, path, response_name, parent_type)
                    except _Irregular:
                        result = Undefined
                if result is Undefined:
                    field_path = Path(path, response_name, parent_type.name)
                    result = self.execute_field(parent_type, source_value, field_details_list, field_path, None)
                    if result is Undefined:
                        continue
                results[response_name] = result
                if is_awaitable(result):
                    pending.append(response_name)
        except Exception:
            if pending:
                self.settle_in_background([results[name] for name in pending])
            raise
        if not pending:
            return results
        return self._settle(results, pending)

    async def _settle(self, results: dict[str, Any], pending: Sequence[str]) -> dict[str, Any]:
        for name, value in zip(pending, await self._gather([results[name] for name in pending]), strict=True):
            results[name] = value
        return results

    async def _gather(self, awaitables: list[Awaitable[Any]]) -> list[Any]:
        if len(awaitables) == 1:
            return [await awaitables[0]]
        return list(await gather_with_cancel(*awaitables))

    def _answer(
        self,
        plain: PlainField,
        source: Any,
        field_details_list: Any,
        path: Path | None,
        response_name: str,
        parent_type: GraphQLObjectType,
    ) -> Any:
        """The field's completed value, or _Irregular before anything of it has run when graphql-core must answer."""
        try:
            value = plain.read(source)
        except Exception:
            raise _Irregular from None
        if value is None:
            if plain.non_null:
                raise _Irregular
            return None
        shape = plain.shape
        if shape == LEAF:
            return self._coerced(plain, value)
        if self.is_awaitable(value):
            raise _Irregular
        field_path = Path(path, response_name, parent_type.name)
        if shape == OBJECT:
            self._check_type(plain.named, value)
            return self._completed(plain.return_type, field_details_list, field_path, value)
        if not isinstance(value, list | tuple):
            raise _Irregular
        if plain.items_non_null and any(item is None for item in value):
            raise _Irregular
        if shape == LEAF_LIST:
            return [None if item is None else self._coerced(plain, item) for item in value]
        for item in value:
            if item is not None:
                self._check_type(plain.named, item)
        return self._completed_list(plain, field_details_list, field_path, value)

    def _coerced(self, plain: PlainField, value: Any) -> Any:
        assert plain.coerce is not None
        try:
            coerced = plain.coerce(value)
        except Exception:
            raise _Irregular from None
        if coerced is None or coerced is Undefined:
            raise _Irregular
        return coerced

    def _check_type(self, object_type: GraphQLObjectType, value: Any) -> None:
        # Strawberry's is_type_of reads only the value; a record of another type is graphql-core's error to word.
        is_type_of = object_type.is_type_of
        if is_type_of is None:
            return
        answer = is_type_of(value, None)  # type: ignore[arg-type]
        if answer is not True:
            raise _Irregular

    def _completed(self, field_type: GraphQLOutputType, field_details_list: Any, path: Path, value: Any) -> Any:
        """An object's own fields, as graphql-core completes them, with an error in them located as it would."""
        object_type = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        assert isinstance(object_type, GraphQLObjectType)
        try:
            completed = self.collect_and_execute_subfields(object_type, field_details_list, path, value, None)
        except Exception as error:
            self.handle_field_error(error, field_type, field_details_list, path)
            return None
        if self.is_awaitable(completed):
            return self._awaited(completed, field_type, field_details_list, path)
        return completed

    async def _awaited(
        self, completed: Awaitable[Any], field_type: GraphQLOutputType, field_details_list: Any, path: Path
    ) -> Any:
        try:
            return await completed
        except Exception as error:
            self.handle_field_error(error, field_type, field_details_list, path)
            return None

    def _completed_list(self, plain: PlainField, field_details_list: Any, path: Path, items: Sequence[Any]) -> Any:
        item_type = plain.named if not plain.items_non_null else GraphQLNonNull(plain.named)
        completed: list[Any] = []
        pending: list[int] = []
        try:
            for index, item in enumerate(items):
                if item is None:
                    completed.append(None)
                    continue
                value = self._completed(item_type, field_details_list, path.add_key(index, None), item)
                if self.is_awaitable(value):
                    pending.append(index)
                completed.append(value)
        except Exception as error:
            if pending:
                self.settle_in_background([completed[index] for index in pending])
            self.handle_field_error(error, plain.return_type, field_details_list, path)
            return None
        if not pending:
            return completed
        return self._settled_list(completed, pending, plain, field_details_list, path)

    async def _settled_list(
        self, completed: list[Any], pending: list[int], plain: PlainField, field_details_list: Any, path: Path
    ) -> Any:
        try:
            values = await self._gather([completed[index] for index in pending])
        except Exception as error:
            self.handle_field_error(error, plain.return_type, field_details_list, path)
            return None
        for index, value in zip(pending, values, strict=True):
            completed[index] = value
        return completed
