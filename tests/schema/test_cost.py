"""Every list in the schema is sized for the query cost: a connection by its page, any other list by its bound."""

from __future__ import annotations

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
    parse,
)
from graphql.validation.validate import ValidationAbortedError

from schema import schema
from schema.bounds import STRUCTURAL_BOUNDS, at_most, bound_of
from schema.cost import ARGUMENT_BOUNDS, PAGE_LISTS, DocumentMeasure, Paging, is_connection
from schema.errors import TOO_COMPLEX, TOO_MANY_ERRORS, ErrorCode, code_of, explained

GRAPHQL = schema._schema


def fields() -> list[tuple[GraphQLObjectType | GraphQLInterfaceType, str, GraphQLField]]:
    """Every field of every object and interface type of the register (not introspection's own)."""
    return [
        (named, name, field)
        for named in GRAPHQL.type_map.values()
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType) and not named.name.startswith("__")
        for name, field in named.fields.items()
    ]


def test_every_list_of_objects_has_a_page_or_a_stated_bound() -> None:
    # given every field whose value is a list of objects, apart from a connection's page of edges
    lists = [
        (owner, name, field)
        for owner, name, field in fields()
        if is_list_type(get_nullable_type(field.type))
        and not is_leaf_type(get_named_type(field.type))
        and not (name in PAGE_LISTS and is_connection(owner))
    ]
    assert len(lists) > 20

    # then each is bounded by an argument, by the kind of thing it lists, or by a bound its description states
    unbounded = []
    for owner, name, field in lists:
        item = get_named_type(field.type).name
        if (owner.name, name) in ARGUMENT_BOUNDS or item in STRUCTURAL_BOUNDS:
            continue
        interfaces = tuple(interface.name for interface in owner.interfaces)
        bound = bound_of(owner.name, interfaces, name)
        if bound is None or at_most(bound.size) not in (field.description or ""):
            unbounded.append(f"{owner.name}.{name}")
    assert unbounded == []


def test_every_connection_takes_a_page_size() -> None:
    # given every field that returns a connection
    connections = [(owner, name, field) for owner, name, field in fields() if is_connection(get_named_type(field.type))]

    # then each takes `first` and `last`, which the cost multiplies by
    assert len(connections) > 15
    assert [f"{o.name}.{n}" for o, n, f in connections if not {"first", "last"} <= set(f.args)] == []


def test_a_fragment_spread_twice_counts_twice_but_is_measured_once() -> None:
    # given a fragment spread twice, each time under a page of 10 contracts
    document = parse(
        "query { a: contracts(first: 10) { ...Page } b: contracts(first: 10) { ...Page } }"
        " fragment Page on ContractConnection { edges { node { provider { name } } } }"
    )

    # when the operation is measured
    measure = DocumentMeasure(GRAPHQL, document, Paging(default_size=20, max_size=100))
    found = measure.operation(document.definitions[0])  # type: ignore[arg-type]

    # then each connection counts its page of edges, nodes and providers, the fragment measured once
    assert found.fixed == 2 * (1 + 10 * 3)
    assert found.depth == 4 and found.aliases == 2
    assert list(measure.measured) == ["Page"]


def test_a_page_size_from_a_variable_is_used_and_a_missing_one_is_the_default() -> None:
    # given a page size passed as a variable
    document = parse("query ($n: Int) { contracts(first: $n) { edges { node { title } } } }")
    paging = Paging(default_size=20, max_size=100)

    # when it is measured with and without the variable, and with one over the cap
    def cost(variables: dict[str, object]) -> int:
        return DocumentMeasure(GRAPHQL, document, paging, variables).operation(document.definitions[0]).fixed  # type: ignore[arg-type]

    # then the variable sizes the page, the default stands in for it, and the cap bounds it
    assert (cost({"n": 7}), cost({}), cost({"n": 1000})) == (1 + 7 * 2, 1 + 20 * 2, 1 + 100 * 2)


def test_an_aborted_validation_says_why_and_what_to_do() -> None:
    # given graphql-core giving up on a document it finds too complex to check, or too full of errors
    too_complex = ValidationAbortedError("Validation aborted.")
    too_many = ValidationAbortedError("Too many validation errors, error limit reached. Validation aborted.")

    # then each is told with a reason a client can act on, and a code
    assert (explained(too_complex), code_of(too_complex)) == (TOO_COMPLEX, ErrorCode.QUERY_TOO_LARGE)
    assert (explained(too_many), code_of(too_many)) == (TOO_MANY_ERRORS, ErrorCode.BAD_QUERY)
    assert "Spread fewer fragments" in TOO_COMPLEX
