"""What a query really cost: the objects its answer holds, counted as schema/cost.py counts them beforehand.

The answer is walked beside the document: each response key of a selection set is a scalar (not counted, even
when it is a JSON value full of objects) or an object field, whose every non-null object counts one. Where a
field returns an interface or a union, the keys of all its possible types are merged, which GraphQL's rule that
a response key has one shape wherever it appears makes safe. The plan for a selection set is worked out once per
request, however many rows it applies to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
)

from schema.cost import field_of


class _Plan:
    """The object fields of one selection set on one type, each with the plan for its own objects."""

    __slots__ = ("owners", "on", "fields")

    def __init__(self, owners: Sequence[Any], on: GraphQLNamedType) -> None:
        self.owners = owners
        self.on = on
        self.fields: list[tuple[str, _Plan]] | None = None


class AnswerCount:
    """Counts the objects in one operation's answer."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }

    def operation(self, operation: OperationDefinitionNode, data: Mapping[str, Any] | None) -> int:
        """How many objects the answer's data holds under the operation's root fields."""
        root = self.schema.get_root_type(operation.operation)
        if root is None or data is None:
            return 0
        return self._object(data, _Plan([operation], root))

    def _object(self, data: Mapping[str, Any], plan: _Plan) -> int:
        fields = plan.fields if plan.fields is not None else self._fields(plan)
        total = 0
        for key, inner in fields:
            value = data.get(key)
            if isinstance(value, list):
                for item in value:
                    if item is not None:
                        total += 1 + self._object(item, inner)
            elif value is not None:
                total += 1 + self._object(value, inner)
        return total

    def _fields(self, plan: _Plan) -> list[tuple[str, _Plan]]:
        on = plan.on
        types = self.schema.get_possible_types(on) if is_abstract_type(on) else [on]
        collected: dict[str, tuple[list[FieldNode], GraphQLNamedType]] = {}
        for owner in plan.owners:
            for possible in types:
                self._collect(owner.selection_set.selections, possible, collected, set())
        plan.fields = [(key, _Plan(nodes, named)) for key, (nodes, named) in collected.items()]
        return plan.fields

    def _collect(
        self,
        selections: Sequence[SelectionNode],
        on: GraphQLNamedType,
        plan: dict[str, tuple[list[FieldNode], GraphQLNamedType]],
        visited: set[str],
    ) -> None:
        for selection in selections:
            if isinstance(selection, FieldNode):
                definition = field_of(on, selection.name.value)
                if definition is None or selection.selection_set is None:
                    continue
                named = get_named_type(definition.type)
                if not is_leaf_type(named):
                    key = selection.alias.value if selection.alias else selection.name.value
                    plan.setdefault(key, ([], named))[0].append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(selection.type_condition, on):
                    self._collect(selection.selection_set.selections, on, plan, visited)
            elif isinstance(selection, FragmentSpreadNode):
                # A fragment spread twice in one selection set adds nothing the first did not, as in execution.
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None and fragment.name.value not in visited:
                    visited.add(fragment.name.value)
                    if self._applies(fragment.type_condition, on):
                        self._collect(fragment.selection_set.selections, on, plan, visited)

    def _applies(self, condition: Any, on: GraphQLNamedType) -> bool:
        if condition is None:
            return True
        named = self.schema.get_type(condition.name.value)
        if named is None:
            return False
        if named.name == on.name:
            return True
        return is_abstract_type(named) and self.schema.is_sub_type(named, on)
