"""Plain fields answered directly (schema/execution.py) give exactly graphql-core's answers.

Every query here runs twice, with the register's execution and with strawberry's own, and the two answers (data
and errors, with their paths) must be equal: first on a small schema built to misbehave in every way a plain field
can (a resolver that raises, null where the schema says it cannot be, a value its type cannot coerce, a record of
the wrong type, nulls in lists, async fields below plain ones), then on the seeded register's own lists.
"""

from __future__ import annotations

import enum
from typing import Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from db.settings import Settings
from schema.execution import RegisterExecution
from schema.root import make_schema
from tests.conftest import GraphQL


@strawberry.enum(description="A kind.")
class Kind(enum.Enum):
    ONE = "one"
    TWO = "two"


@strawberry.type(description="Where a thing ends.")
class End:
    day: str = strawberry.field(description="A day.")
    kind: Kind = strawberry.field(description="A kind.")


@strawberry.type(description="Something else.")
class Other:
    name: str = strawberry.field(description="A name.")


@strawberry.type(description="A thing with every sort of plain field.")
class Thing:
    name: str = strawberry.field(description="Its name.")
    nickname: str | None = strawberry.field(description="Maybe a nickname.")
    kind: Kind = strawberry.field(description="Its kind.")
    tags: list[str] = strawberry.field(description="Its tags.")
    end: End | None = strawberry.field(description="Its end.")
    ends: list[End | None] = strawberry.field(description="Its ends, some unknown.")
    strict_ends: list[End] = strawberry.field(description="Its ends, none may be null.")
    mandatory: strawberry.Private[Any]
    wrong: strawberry.Private[Any]

    @strawberry.field(description="Read from the record; null when the record has none, though it may not be.")
    def required(self) -> str:
        return self.mandatory  # type: ignore[no-any-return]

    @strawberry.field(description="Raises for the thing named 'broken'.")
    def fragile(self) -> str:
        if self.name == "broken":
            raise ValueError("fragile broke")
        return self.name.upper()

    @strawberry.field(description="An integer, unless the record holds text.")
    def number(self) -> int:
        return self.wrong  # type: ignore[no-any-return]

    @strawberry.field(description="An End, or whatever the record holds instead.")
    def shaped(self) -> End:
        return self.wrong if isinstance(self.wrong, Other) else End(day="d", kind=Kind.TWO)  # type: ignore[no-any-return]

    @strawberry.field(description="Async, below plain fields.")
    async def later(self) -> str:
        return f"later {self.name}"

    @strawberry.field(description="Async and failing for the thing named 'broken'.")
    async def later_strict(self) -> str:
        if self.name == "broken":
            raise ValueError("later broke")
        return "fine"


def _thing(name: str, **changes: Any) -> Thing:
    values: dict[str, Any] = {
        "name": name,
        "nickname": None,
        "kind": Kind.ONE,
        "tags": ["a", "b"],
        "end": End(day="2020-01-01", kind=Kind.TWO),
        "ends": [End(day="x", kind=Kind.ONE), None],
        "strict_ends": [End(day="y", kind=Kind.TWO)],
        "mandatory": "here",
        "wrong": 7,
    }
    values.update(changes)
    return Thing(**values)


THINGS = [
    _thing("good"),
    _thing("broken"),
    _thing("no mandatory", mandatory=None),
    _thing("text for a number", wrong="seven"),
    _thing("wrong type", wrong=Other(name="o")),
    _thing("null in a strict list", strict_ends=[None]),
    _thing("no end", end=None, ends=[], tags=[]),
]


@strawberry.type(description="The test's root.")
class Query:
    @strawberry.field(description="Every thing.")
    def things(self) -> list[Thing | None]:
        return list(THINGS)

    @strawberry.field(description="Every thing, none may be null.")
    def strict_things(self) -> list[Thing]:
        return list(THINGS)


QUERIES = [
    "{ things { __typename name nickname kind tags end { day kind } ends { day } strictEnds { day } } }",
    "{ things { name required } }",
    "{ things { name fragile } }",
    "{ things { name number } }",
    "{ things { name shaped { day } } }",
    "{ things { name strictEnds { day kind } } }",
    "{ things { name later end { day } laterStrict } }",
    "{ strictThings { name required } }",
    "{ strictThings { name laterStrict ends { day } } }",
    "{ things { ...on Thing { n: name end { ...E } } } } fragment E on End { d: day k: kind }",
    "{ things { name @include(if: false) nickname @skip(if: true) kind } }",
]


def _schema(execution: type[StrawberryGraphQLCoreExecutionContext]) -> strawberry.Schema:
    return strawberry.Schema(query=Query, execution_context_class=execution)


def _answer(result: Any) -> tuple[Any, list[tuple[str, list[Any] | None]]]:
    errors = [(error.message, error.path) for error in result.errors or []]
    return result.data, sorted(errors, key=repr)


@pytest.mark.parametrize("query", QUERIES)
async def test_plain_fields_answer_as_graphql_core_does(query: str) -> None:
    register = await _schema(RegisterExecution).execute(query)
    strawberry_own = await _schema(StrawberryGraphQLCoreExecutionContext).execute(query)
    assert _answer(register) == _answer(strawberry_own)


async def test_the_misbehaving_fields_really_misbehave() -> None:
    """The differential test above proves nothing if nothing failed: these answers carry the errors it compares."""
    answers = [await _schema(RegisterExecution).execute(query) for query in QUERIES]
    messages = {error.message for answer in answers for error in answer.errors or []}
    assert "fragile broke" in messages
    assert "later broke" in messages
    assert any("Cannot return null for non-nullable field Thing.required" in message for message in messages)
    assert any("Int cannot represent non-integer value" in message for message in messages)
    assert "'Other' object has no attribute 'day'" in messages
    assert answers[0].data["things"][-1] == {
        "__typename": "Thing",
        "name": "no end",
        "nickname": None,
        "kind": "ONE",
        "tags": [],
        "end": None,
        "ends": [],
        "strictEnds": [{"day": "y"}],
    }


REGISTER_QUERIES = [
    """{ contracts(first: 100) { totalCount edges { cursor node { __typename id reference title status
         value { amount currency basis annualised text } start { earliest latest precision text }
         end { earliest latest precision text } provider { id name kind } directorate { code name }
         plans { title financialYear } references { section plan { title } } record { version source } } } } }""",
    """{ commissioningActivities(first: 100) { edges { node { name significant significanceReasons
         keyDecision { expected { text precision } } contracts { inferred contract { reference } } } } } }""",
    """{ providers(first: 50) { nodes { name
         contracts(first: 3) { totalCount nodes { reference value { text } } } } } }""",
    """{ pipeline(from: "Q1 2017/18", to: "Q4 2018/19") { quarters { label
         keyDecisions(first: 5) { totalCount edges { node { activity { name } } } }
         contractsEnding(first: 5) { totalCount edges { node { contract { reference } } } } } } }""",
]


@pytest.mark.parametrize("query", REGISTER_QUERIES)
async def test_the_registers_lists_answer_the_same_either_way(
    graphql: GraphQL, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = await graphql(query)
    monkeypatch.setattr(RegisterExecution, "execute_fields", StrawberryGraphQLCoreExecutionContext.execute_fields)
    slow = await graphql(query + " # the same question, so not the same response cache entry")
    assert fast.errors == slow.errors == []
    assert fast.data == slow.data
    assert fast.statements == slow.statements


def test_the_register_executes_with_its_own_execution() -> None:
    assert make_schema(Settings()).execution_context_class is RegisterExecution
