"""What a query costs, worked out from the document before it runs, and what its answer really held.

The cost is how many objects the answer can hold, as GitHub and Shopify count it: every object field costs one
for each object it can return, a connection multiplies what is under its `edges` (or `nodes`) by its page size
(`first` or `last`, else the default page), every other list of objects by its stated bound (schema/bounds.py),
and scalars cost nothing. The same walk measures the document's depth, its aliases and how many field selections
it expands to. Each fragment is measured once and its measure reused wherever it is spread, so a document whose
fragments spread one another twice over, forty deep, is measured in forty steps rather than 2^40.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
)

from schema.bounds import STRUCTURAL_BOUNDS, bound_of

EDGES = "edges"
NODES = "nodes"
PAGE_LISTS = frozenset({EDGES, NODES})
"""The lists under a connection that its page size multiplies: its edges, and the same rows' nodes."""

PAGE_ARGUMENTS = ("first", "last")

ARGUMENT_BOUNDS: dict[tuple[str, str], str] = {("Query", "nodes"): "ids"}
"""Lists as long as a list argument (capped at the page size): `nodes(ids:)` returns one record per ID."""


@dataclass(frozen=True)
class Measure:
    """A selection set's measure: the objects it can build once (`fixed`) and per row of the connection it sits
    on (`per_row`, only under a connection type), its depth, its aliases and its field selections."""

    fixed: int = 0
    per_row: int = 0
    depth: int = 0
    aliases: int = 0
    selections: int = 0

    def __add__(self, other: Measure) -> Measure:
        return Measure(
            self.fixed + other.fixed,
            self.per_row + other.per_row,
            max(self.depth, other.depth),
            self.aliases + other.aliases,
            self.selections + other.selections,
        )


@dataclass(frozen=True)
class Paging:
    """The page sizes that size connections: the default when none is asked for, and the cap."""

    default_size: int
    max_size: int


def is_connection(named: GraphQLNamedType) -> bool:
    """Whether a type is one of the register's cursor connections (a page of edges)."""
    return isinstance(named, GraphQLObjectType) and named.name.endswith("Connection") and EDGES in named.fields


class DocumentMeasure:
    """Measures a document's operations, with every fragment measured once (variables may be empty when
    the document is checked before any are known: then page sizes are the default)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        paging: Paging,
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        self.schema = schema
        self.paging = paging
        self.variables = variables or {}
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.measured: dict[str, Measure] = {}
        self.measuring: set[str] = set()

    def operation(self, operation: OperationDefinitionNode) -> Measure:
        """The measure of one operation, from its root type down."""
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return Measure()
        return self.selection_set(operation.selection_set.selections, root)

    def selection_set(self, selections: Iterable[SelectionNode], parent: GraphQLNamedType) -> Measure:
        total = Measure()
        for selection in selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = parent if condition is None else self.schema.get_type(condition.name.value)
                if on is not None:
                    total += self.selection_set(selection.selection_set.selections, on)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value)
        return total

    def fragment(self, name: str) -> Measure:
        found = self.measured.get(name)
        if found is not None:
            return found
        definition = self.fragments.get(name)
        # An unknown fragment or a cycle is reported by graphql-core's own rules; it adds nothing here.
        if definition is None or name in self.measuring:
            return Measure()
        self.measuring.add(name)
        on = self.schema.get_type(definition.type_condition.name.value)
        measure = Measure() if on is None else self.selection_set(definition.selection_set.selections, on)
        self.measuring.discard(name)
        self.measured[name] = measure
        return measure

    def field(self, node: FieldNode, parent: GraphQLNamedType) -> Measure:
        aliases = 1 if node.alias is not None else 0
        name = node.name.value
        definition = field_of(parent, name)
        if name.startswith("__") or definition is None:
            # Introspection costs nothing and has no depth: the schema it describes is fixed in size.
            return Measure(aliases=aliases, selections=1)
        named = get_named_type(definition.type)
        if is_leaf_type(named) or node.selection_set is None:
            return Measure(aliases=aliases, selections=1)
        inner = self.selection_set(node.selection_set.selections, named)
        rows = self._page_size(node) if is_connection(named) else 0
        each = 1 + inner.fixed + rows * inner.per_row
        shape = Measure(depth=1 + inner.depth, aliases=aliases + inner.aliases, selections=1 + inner.selections)
        if not is_list_type(get_nullable_type(definition.type)):
            return Measure(fixed=each) + shape
        if name in PAGE_LISTS and is_connection(parent):
            return Measure(per_row=each) + shape
        return Measure(fixed=self._list_size(node, parent, named) * each) + shape

    def _page_size(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value in PAGE_ARGUMENTS:
                size = self._value(argument.value)
                if isinstance(size, int) and not isinstance(size, bool):
                    # Past the cap the field itself refuses (PAGE_TOO_LARGE), so it never builds more than that.
                    return max(0, min(size, self.paging.max_size))
        return self.paging.default_size

    def _list_size(self, node: FieldNode, parent: GraphQLNamedType, named: GraphQLNamedType) -> int:
        argument = ARGUMENT_BOUNDS.get((parent.name, node.name.value))
        if argument is not None:
            for given in node.arguments or ():
                if given.name.value == argument:
                    value = self._value(given.value)
                    count = len(value) if isinstance(value, list) else 1
                    return min(count, self.paging.max_size)
            return 0
        interfaces = tuple(i.name for i in getattr(parent, "interfaces", ()))
        bound = bound_of(parent.name, interfaces, node.name.value)
        if bound is not None:
            return bound.size
        # A list the bounds do not name is sized as a full page; tests/schema/test_cost.py keeps there being none.
        return STRUCTURAL_BOUNDS.get(named.name, self.paging.max_size)

    def _value(self, value: ValueNode) -> Any:
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, ListValueNode):
            return list(value.values)
        return None


def field_of(parent: GraphQLNamedType, name: str) -> GraphQLField | None:
    """A field of an object or interface type by name; None on a union or for a name the type lacks."""
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        found: GraphQLField | None = parent.fields.get(name)
        return found
    return None


def requested_cost(measure: Measure) -> int:
    """An operation's cost from its measure: what its root fields can build."""
    return measure.fixed
