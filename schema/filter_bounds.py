"""Bounds on every filter input: text length, list length, and/or/not nesting, and conditions in all.

A filter input is any input type with `and`, `or` and `not` (every list's filter has them), so a new filter
is bounded without being named here. The bounds are checked on the request as the client sent it (literals in
the document and the raw variables) before execution starts: strawberry turning a 40,000-entry `or` into
objects takes seconds before a resolver could look at it, and the database would then be asked to match a
megabyte of text. Each refusal is a BAD_INPUT naming the field, as the client wrote it, and the setting.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLSchema,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    Visitor,
    get_nullable_type,
    get_operation_ast,
    visit,
)
from strawberry.extensions import SchemaExtension

from db.settings import Settings
from schema.errors import RegisterError

COMBINATORS = frozenset({"and", "or", "not"})


@dataclass(frozen=True)
class FilterLimits:
    """How large one filter argument may be."""

    text_length: int
    list_length: int
    depth: int
    conditions: int

    @classmethod
    def from_settings(cls, settings: Settings) -> FilterLimits:
        """The limits the settings give."""
        return cls(
            text_length=settings.max_text_filter_length,
            list_length=settings.max_filter_list_length,
            depth=settings.max_filter_depth,
            conditions=settings.max_filter_conditions,
        )


def is_filter(type_: GraphQLInputObjectType) -> bool:
    """Whether an input type is a filter: one that combines others of its kind with and/or/not."""
    return all(name in type_.fields for name in COMBINATORS)


class _FilterWalk:
    """One argument's value walked along its type, counting the filters it nests."""

    def __init__(self, limits: FilterLimits, variables: Mapping[str, Any], defaults: Mapping[str, ValueNode]) -> None:
        self.limits = limits
        self.variables = variables
        self.defaults = defaults
        self.conditions = 0

    def check(self, value: Any, type_: GraphQLInputType, path: str, depth: int, in_filter: bool) -> None:
        if isinstance(value, VariableNode):
            name = value.name.value
            value = self.variables[name] if name in self.variables else self.defaults.get(name)
        if value is None or isinstance(value, NullValueNode):
            return
        nullable = get_nullable_type(type_)
        if isinstance(nullable, GraphQLList):
            self._list(value, nullable, path, depth, in_filter)
        elif isinstance(nullable, GraphQLInputObjectType):
            self._object(value, nullable, path, depth, in_filter)
        elif in_filter:
            text = value.value if isinstance(value, StringValueNode) else value
            if isinstance(text, str) and len(text) > self.limits.text_length:
                raise RegisterError(
                    f"`{path}` is {len(text):,} characters long; filter text may be at most "
                    f"{self.limits.text_length:,} (MAX_TEXT_FILTER_LENGTH)",
                    argument=path,
                )

    def _list(self, value: Any, type_: GraphQLList[Any], path: str, depth: int, in_filter: bool) -> None:
        items = value.values if isinstance(value, ListValueNode) else value if isinstance(value, list) else [value]
        if in_filter and len(items) > self.limits.list_length:
            raise RegisterError(
                f"`{path}` lists {len(items):,} entries; a list in a filter may hold at most "
                f"{self.limits.list_length:,} (MAX_FILTER_LIST_LENGTH)",
                argument=path,
            )
        for i, item in enumerate(items):
            self.check(item, type_.of_type, f"{path}[{i}]", depth, in_filter)

    def _object(self, value: Any, type_: GraphQLInputObjectType, path: str, depth: int, in_filter: bool) -> None:
        filter_ = is_filter(type_)
        if filter_:
            self.conditions += 1
            if self.conditions > self.limits.conditions:
                raise RegisterError(
                    f"The filter at `{path}` is one too many: a filter argument may combine at most "
                    f"{self.limits.conditions:,} filters in all through and/or/not (MAX_FILTER_CONDITIONS)",
                    argument=path,
                )
        for name, field_value in _fields(value):
            field = type_.fields.get(name)
            if field is None:
                continue  # validation and coercion name unknown fields
            nested = depth + 1 if filter_ and name in COMBINATORS else depth
            if nested > self.limits.depth:
                raise RegisterError(
                    f"`{path}.{name}` nests and/or/not {nested} deep; a filter may nest them at most "
                    f"{self.limits.depth} deep (MAX_FILTER_DEPTH)",
                    argument=f"{path}.{name}",
                )
            self.check(field_value, field.type, f"{path}.{name}", nested, in_filter or filter_)


def _fields(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, ObjectValueNode):
        return ((field.name.value, field.value) for field in value.fields)
    if isinstance(value, dict):
        return iter(value.items())
    return iter(())


class _ArgumentVisitor(Visitor):
    def __init__(self, type_info: TypeInfo, limits: FilterLimits, variables: Mapping[str, Any], defaults: Any) -> None:
        super().__init__()
        self.type_info = type_info
        self.limits = limits
        self.variables = variables
        self.defaults = defaults

    def enter_argument(self, node: ArgumentNode, *_: Any) -> Any:
        argument = self.type_info.get_argument()
        if argument is not None:
            walk = _FilterWalk(self.limits, self.variables, self.defaults)
            walk.check(node.value, argument.type, node.name.value, 0, False)
        return Visitor.SKIP


def check_filters(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
    limits: FilterLimits,
) -> None:
    """Raise a BAD_INPUT error for the first filter argument of the operation that is over a limit."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return
    defaults = {
        definition.variable.name.value: definition.default_value
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    # The operation and each fragment once, never each path through the fragments: spreads can multiply paths.
    definitions: list[OperationDefinitionNode | FragmentDefinitionNode] = [operation]
    definitions += [node for node in document.definitions if isinstance(node, FragmentDefinitionNode)]
    for definition in definitions:
        type_info = TypeInfo(schema)
        visit(definition, TypeInfoVisitor(type_info, _ArgumentVisitor(type_info, limits, variables, defaults)))


class FilterBounds(SchemaExtension):
    """Refuses an operation whose filters are over the settings' bounds, before it runs."""

    def __init__(self, *, limits: FilterLimits) -> None:
        self.limits = limits

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        if execution.result is None and document is not None:
            try:
                # strawberry keeps the graphql-core schema it built on a private attribute; there is no other.
                graphql_schema = execution.schema._schema
                check_filters(
                    graphql_schema, document, execution.operation_name, execution.variables or {}, self.limits
                )
            except RegisterError as error:
                execution.result = ExecutionResult(data=None, errors=[error])
        yield
