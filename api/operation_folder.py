"""A folder of GraphQL operations, as Relay's and Apollo's compilers and hand-written front ends keep them:
every `.graphql` file below it read, each operation checked against the schema and the register's limits,
and each kept as one document (the operation, then the fragments it spreads, from whichever file holds them).

Nothing is kept unless every operation in the folder is good: a front end's operations are loaded together.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    Node,
    OperationDefinitionNode,
    parse,
    print_ast,
    specified_rules,
    validate,
)
from graphql.language import Visitor, visit

from db.persisted import Operation
from db.settings import Settings
from schema.limits import shape_rule

__all__ = ["FolderProblems", "operations_in_folder"]


class FolderProblems(ValueError):
    """What is wrong with a folder's operations, one line per problem, each naming its file."""

    def __init__(self, folder: Path, problems: list[str]) -> None:
        super().__init__(f"{folder}: nothing loaded, {len(problems)} problem(s):\n" + "\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class _Definition:
    node: OperationDefinitionNode | FragmentDefinitionNode
    file: str


class _Spreads(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_args: object) -> None:
        self.names.append(node.name.value)


def _spread_names(node: Node) -> list[str]:
    spreads = _Spreads()
    visit(node, spreads)
    return spreads.names


def _where(error: GraphQLError, file: str) -> str:
    place = f"{file}:{error.locations[0].line}:{error.locations[0].column}" if error.locations else file
    return f"{place}: {error.message}"


def _read(folder: Path, problems: list[str]) -> Iterator[_Definition]:
    for path in sorted(folder.rglob("*.graphql")):
        file = path.relative_to(folder).as_posix()
        try:
            document = parse(path.read_text(encoding="utf-8"))
        except GraphQLError as error:
            problems.append(_where(error, file))
            continue
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{file}: cannot be read ({error})")
            continue
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
                yield _Definition(definition, file)
            else:
                problems.append(f"{file}: holds a {definition.kind.replace('_', ' ')}, not an operation or fragment")


def _fragments_of(
    operation: _Definition, fragments: dict[str, _Definition], problems: list[str]
) -> list[FragmentDefinitionNode]:
    used: dict[str, FragmentDefinitionNode] = {}
    pending = _spread_names(operation.node)
    while pending:
        name = pending.pop(0)
        if name in used:
            continue
        found = fragments.get(name)
        if found is None:
            problems.append(f"{operation.file}: spreads ...{name}, which no file in the folder defines")
            continue
        assert isinstance(found.node, FragmentDefinitionNode)
        used[name] = found.node
        pending.extend(_spread_names(found.node))
    return list(used.values())


def operations_in_folder(folder: Path, schema: GraphQLSchema, settings: Settings) -> list[Operation]:
    """Every operation in the folder as a document to keep; FolderProblems (and nothing) if any is bad."""
    if not folder.is_dir():
        raise FolderProblems(folder, [f"{folder}: is not a folder"])
    problems: list[str] = []
    definitions = list(_read(folder, problems))
    fragments: dict[str, _Definition] = {}
    operations: list[_Definition] = []
    for definition in definitions:
        if isinstance(definition.node, FragmentDefinitionNode):
            name = definition.node.name.value
            if name in fragments:
                problems.append(f"{definition.file}: defines fragment {name} again (first in {fragments[name].file})")
            fragments[name] = definition
        else:
            operations.append(definition)
    if not operations and not problems:
        problems.append(f"{folder}: holds no operations in .graphql files")
    rules = [*specified_rules, shape_rule(settings)]
    kept: dict[str, Operation] = {}
    for operation in operations:
        assert isinstance(operation.node, OperationDefinitionNode)
        name = operation.node.name.value if operation.node.name else f"(anonymous {operation.node.operation.value})"
        document = DocumentNode(definitions=(operation.node, *_fragments_of(operation, fragments, problems)))
        errors = validate(schema, document, rules)
        problems.extend(f"{operation.file}: {name}: {error.message}" for error in errors)
        if not errors:
            text = print_ast(document)
            kept.setdefault(text, Operation(document=text, operations=(name,), origin=operation.file))
    if problems:
        raise FolderProblems(folder, problems)
    return list(kept.values())
