"""The schema clients rely on: committed, described throughout, and never changed by accident."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
)

from schema import schema

SDL = Path(__file__).parents[2] / "schema" / "schema.graphql"


def test_committed_sdl_matches_the_code() -> None:
    # given the SDL committed for clients, when the code's schema is printed, then they are the same
    assert SDL.read_text() == schema.as_str() + "\n", "The schema changed: run `make schema` and commit the SDL"


def _undescribed() -> list[str]:
    missing: list[str] = []
    for name, kind in schema._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [f"{name}.{field_name}({a})" for a, arg in field.args.items() if not arg.description]
        elif isinstance(kind, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in kind.fields.items() if not field.description]
        elif isinstance(kind, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in kind.values.items() if not value.description]
        elif isinstance(kind, GraphQLUnionType):
            pass
    return missing


def test_every_type_field_argument_and_value_is_described() -> None:
    # front-end developers read these descriptions in GraphiQL; none may be left blank
    assert _undescribed() == []
