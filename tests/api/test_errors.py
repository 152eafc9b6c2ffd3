"""A client's mistake gets a clear GraphQL error with a code; the register's own failures are masked.

Never a 500, never a stack trace, never a driver's message: every error names what was wrong and carries
`extensions.code` (and, for a bad argument, `extensions.argument`).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from schema.graph import NODE_LOADERS
from schema.relations import Relation
from tests.conftest import GraphQL, GraphQLResponse

CONTRACTS = """
query Contracts($filter: ContractFilter, $order: ContractOrder, $first: Int, $after: String, $last: Int,
                $before: String) {
  contracts(filter: $filter, orderBy: $order, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { reference } }
  }
}
"""
NODE = "query Node($id: ID!) { node(id: $id) { id ... on Contract { reference } } }"
NODES = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }"
UNKNOWN_FIELD = "{ contracts { edges { node { reference budgetCode } } } }"
MONEY_LITERAL = '{ contracts(filter: {value: {min: "abc", basis: ANNUAL}}) { totalCount } }'
WITH_PROVIDERS = "{ contracts(first: 3) { edges { node { reference provider { name } } } } }"

# What a leak would look like: a traceback, a file path, a driver or ORM name, a Python exception.
LEAKS = ("Traceback", 'File "', "sqlalchemy", "asyncpg", "sqlite3", "RuntimeError", "Exception")


def gid(type_name: str, pk: object) -> str:
    """A global ID spelled as the register spells them (whether or not such a record exists)."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def cursor(payload: object) -> str:
    """A cursor in the register's encoding, holding whatever a forger chose."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def only_error(response: GraphQLResponse) -> dict[str, Any]:
    """The response's one error, after checking nothing internal leaked into the response."""
    text = json.dumps(response.body)
    assert not [leak for leak in LEAKS if leak in text], text
    assert response.status == 200
    (error,) = response.errors
    return error


CLIENT_MISTAKES = [
    pytest.param(
        {"first": -1},
        "`first` must not be negative, not -1",
        {"code": "BAD_INPUT", "argument": "first"},
        id="negative-first",
    ),
    pytest.param(
        {"last": -5},
        "`last` must not be negative, not -5",
        {"code": "BAD_INPUT", "argument": "last"},
        id="negative-last",
    ),
    pytest.param(
        {"first": 101},
        "`first` may be at most 100; ask for 100 or fewer and page on with cursors",
        {"code": "PAGE_TOO_LARGE", "argument": "first"},
        id="page-over-the-cap",
    ),
    pytest.param(
        {"first": 5, "last": 5},
        "Ask for `first` or `last`, not both",
        {"code": "BAD_INPUT", "argument": "last"},
        id="first-and-last",
    ),
    pytest.param(
        {"after": cursor(["END:ASC", ["2019-10-01", "2019-10-31", 2]]), "before": "x"},
        "Page `after` a cursor or `before` one, not both",
        {"code": "BAD_INPUT", "argument": "before"},
        id="after-and-before",
    ),
    pytest.param(
        {"first": 5, "before": cursor(["END:ASC", ["2019-10-01", "2019-10-31", 2]])},
        "Page forwards with `first` and `after`, not `before`",
        {"code": "BAD_INPUT", "argument": "before"},
        id="first-with-before",
    ),
    pytest.param(
        {"last": 5, "after": cursor(["END:ASC", ["2019-10-01", "2019-10-31", 2]])},
        "Page backwards with `last` and `before`, not `after`",
        {"code": "BAD_INPUT", "argument": "after"},
        id="last-with-after",
    ),
    pytest.param(
        {"after": "not-a-cursor"},
        "'not-a-cursor' is not a cursor this list issued",
        {"code": "BAD_CURSOR", "argument": "after"},
        id="garbage-cursor",
    ),
    pytest.param(
        {"filter": {"expiry": {"from": "2020-03-31", "to": "2018-04-01"}}},
        "The window from 2020-03-31 to 2018-04-01 ends before it starts",
        {"code": "BAD_INPUT", "argument": "filter.expiry.to"},
        id="inverted-window",
    ),
    pytest.param(
        {"filter": {"or": [{"text": "TFM"}, {"expiry": {"from": "2020-01-01", "to": "2019-01-01"}}]}},
        "The window from 2020-01-01 to 2019-01-01 ends before it starts",
        {"code": "BAD_INPUT", "argument": "filter.or[1].expiry.to"},
        id="inverted-window-inside-or",
    ),
    pytest.param(
        {"filter": {"value": {"min": "5000000", "max": "1000000"}}},
        "The range's max 1000000 is below its min 5000000",
        {"code": "BAD_INPUT", "argument": "filter.value.max"},
        id="inverted-money-range",
    ),
    pytest.param(
        {"filter": {"value": {"min": "-1"}}},
        "-1 is not an amount of money in pounds",
        {"code": "BAD_INPUT", "argument": "filter.value.min"},
        id="negative-money",
    ),
    pytest.param(
        {"filter": {"value": {"min": "NaN", "max": "5"}}},
        "NaN is not an amount of money in pounds",
        {"code": "BAD_INPUT", "argument": "filter.value.min"},
        id="not-a-number-money",
    ),
    pytest.param(
        {"filter": {"value": {"max": "Infinity"}}},
        "Infinity is not an amount of money in pounds",
        {"code": "BAD_INPUT", "argument": "filter.value.max"},
        id="infinite-money",
    ),
    pytest.param(
        {"filter": {"expiresWithinDays": -30, "asOf": "2019-04-01"}},
        "`expiresWithinDays` must not be negative, not -30",
        {"code": "BAD_INPUT", "argument": "filter.expiresWithinDays"},
        id="negative-days",
    ),
    pytest.param(
        {"filter": {"providerIds": ["garbage!!"]}},
        "'garbage!!' is not an ID this register issued",
        {"code": "BAD_ID", "argument": "filter.providerIds[0]"},
        id="malformed-provider-id",
    ),
    pytest.param(
        {"filter": {"directorateIds": [gid("Directorate", 1), gid("Contract", 1)]}},
        f"'{gid('Contract', 1)}' is the ID of a Contract, not of a Directorate",
        {"code": "BAD_ID", "argument": "filter.directorateIds[1]"},
        id="id-of-the-wrong-type",
    ),
    pytest.param(
        {"filter": {"referencedByPlanId": "QnVzaW5lc3NQbGFu"}},
        "'QnVzaW5lc3NQbGFu' is not an ID this register issued",
        {"code": "BAD_ID", "argument": "filter.referencedByPlanId"},
        id="plan-id-without-a-key",
    ),
]


@pytest.mark.parametrize(("variables", "message", "extensions"), CLIENT_MISTAKES)
async def test_a_clients_mistake_is_told_clearly(
    graphql: GraphQL, variables: dict[str, Any], message: str, extensions: dict[str, str]
) -> None:
    # given a contracts query with one mistake in its arguments
    # when it runs
    response = await graphql(CONTRACTS, variables)

    # then the one error says what was wrong, with a code and the argument at fault
    error = only_error(response)
    assert error["message"] == message
    assert error["extensions"] == extensions
    assert error["path"] == ["contracts"]


async def test_a_cursor_from_another_order_is_refused(graphql: GraphQL) -> None:
    # given a cursor from the list ordered by end date
    first_page = await graphql(CONTRACTS, {"first": 2, "order": {"field": "END"}})
    end_cursor = first_page.data["contracts"]["edges"][-1]["cursor"]

    # when it is used to page on through the list ordered by title
    response = await graphql(CONTRACTS, {"first": 2, "after": end_cursor, "order": {"field": "TITLE"}})

    # then the client is told to start again rather than given a wrong page
    error = only_error(response)
    assert error["message"] == (
        f"The cursor {end_cursor!r} belongs to the order END:ASC, not TITLE:ASC; "
        "start again from the first page when changing the order"
    )
    assert error["extensions"] == {"code": "BAD_CURSOR", "argument": "after"}


@pytest.mark.parametrize(
    ("order", "forged"),
    [
        pytest.param("ANNUAL_VALUE", ["ANNUAL_VALUE:ASC", [2**63, 1]], id="amount-past-64-bits"),
        pytest.param("TITLE", ["TITLE:ASC", ["Kier", 2**31]], id="key-past-32-bits"),
        pytest.param("TITLE", ["TITLE:ASC", ["Kier\u0000", 1]], id="title-with-nul"),
        pytest.param("TITLE", ["TITLE:ASC", ["\ud800", 1]], id="title-with-lone-surrogate"),
        pytest.param("END", ["END:ASC", ["2019-02-30", "2019-03-01", 1]], id="impossible-date"),
        pytest.param("END", ["END:ASC", ["2019-10-01", "2019-10-31"]], id="too-few-keys"),
        pytest.param("TITLE", ["TITLE:ASC", [1, "Kier"]], id="keys-of-the-wrong-kind"),
        pytest.param("TITLE", ["TITLE:ASC", [True, 1]], id="boolean-for-text"),
    ],
)
async def test_a_forged_cursor_is_refused_before_it_reaches_the_database(
    graphql: GraphQL, order: str, forged: object
) -> None:
    # given a cursor in the register's encoding holding values no page of that order could hold
    after = cursor(forged)

    # when it is used
    response = await graphql(CONTRACTS, {"first": 2, "after": after, "order": {"field": order}})

    # then it is refused as a bad cursor, not sent to the database to fail there
    error = only_error(response)
    assert error["extensions"] == {"code": "BAD_CURSOR", "argument": "after"}
    assert error["message"].endswith("is not a cursor this list issued")


async def test_a_cursor_nested_past_the_recursion_limit_is_refused(graphql: GraphQL) -> None:
    # given a cursor whose JSON nests deeper than the parser can follow
    after = base64.urlsafe_b64encode(b"[" * 100_000).decode()

    # when it is used
    response = await graphql(CONTRACTS, {"first": 2, "after": after})

    # then it is a bad cursor like any other
    assert only_error(response)["extensions"] == {"code": "BAD_CURSOR", "argument": "after"}


ARABIC_THREE = "\u0663"  # a digit to str.isdigit(), and to int(), but not how the register spells keys


@pytest.mark.parametrize(
    "node_id",
    [
        pytest.param("garbage!!", id="not-base64"),
        pytest.param(gid("Contract", ""), id="no-key"),
        pytest.param(gid("Contract", "007"), id="key-with-leading-zeros"),
        pytest.param(gid("Contract", ARABIC_THREE), id="key-in-other-digits"),
        pytest.param(gid("Contract", 2**31), id="key-past-32-bits"),
        pytest.param(gid("Contract", 1).rstrip("="), id="padding-dropped"),
    ],
)
async def test_an_id_the_register_never_issued_is_refused(graphql: GraphQL, node_id: str) -> None:
    # given an ID the register never issued (each would otherwise alias a record or reach the database)
    # when a client fetches it
    response = await graphql(NODE, {"id": node_id})

    # then the node is null and the error quotes the ID
    error = only_error(response)
    assert response.data == {"node": None}
    assert error["message"] == f"{node_id!r} is not an ID this register issued"
    assert error["extensions"] == {"code": "BAD_ID", "argument": "id"}


async def test_an_id_of_an_unknown_type_is_refused(graphql: GraphQL) -> None:
    # given a well-formed ID of a type the register does not hold
    # when a client fetches it
    response = await graphql(NODE, {"id": gid("Widget", 1)})

    # then the error names the type
    error = only_error(response)
    assert response.data == {"node": None}
    assert error["message"] == "The register has no records of type 'Widget'"
    assert error["extensions"] == {"code": "BAD_ID", "argument": "id"}


async def test_a_well_formed_id_with_no_record_is_simply_null(graphql: GraphQL) -> None:
    # given the ID of a contract that does not exist
    # when a client fetches it
    response = await graphql(NODE, {"id": gid("Contract", 2**31 - 1)})

    # then there is no such record, and that is not an error
    assert response.errors == []
    assert response.data == {"node": None}


async def test_one_bad_id_among_nodes_names_its_argument(graphql: GraphQL) -> None:
    # given a list of IDs, one of them malformed
    # when they are fetched
    response = await graphql(NODES, {"ids": [gid("Contract", 1), "nope"]})

    # then the error names the argument
    error = only_error(response)
    assert error["message"] == "'nope' is not an ID this register issued"
    assert error["extensions"] == {"code": "BAD_ID", "argument": "ids"}


async def test_an_unknown_field_is_named(graphql: GraphQL) -> None:
    # given a query for a field the schema does not have
    # when it is sent
    response = await graphql(UNKNOWN_FIELD)

    # then the error names the field and its type, and no data entry is returned
    error = only_error(response)
    assert "data" not in response.body
    assert error["message"] == "Cannot query field 'budgetCode' on type 'Contract'."
    assert error["extensions"] == {"code": "BAD_QUERY"}


async def test_a_money_bound_that_is_not_a_number_is_named(graphql: GraphQL) -> None:
    # given a value range whose bound is written as words
    # when it is sent
    response = await graphql(MONEY_LITERAL)

    # then the error quotes the bad value
    error = only_error(response)
    assert error["message"] == 'Value cannot represent a Decimal: "abc".'
    assert error["extensions"] == {"code": "BAD_INPUT"}


@pytest.mark.parametrize(("bound", "expected"), [("min", 0), ("max", 5)])
async def test_a_money_bound_beyond_any_amount_is_answered_not_overflowed(
    graphql: GraphQL, bound: str, expected: int
) -> None:
    # given a bound far larger than any amount the register holds (too large even to multiply exactly)
    variables = {"filter": {"value": {bound: "9e999999", "basis": "QUARTERLY"}}}

    # when it is used
    response = await graphql(CONTRACTS, variables)

    # then it means what it says: nothing is worth more, and everything with a known value is worth less
    assert response.errors == []
    assert response.data["contracts"]["totalCount"] == expected


async def test_an_internal_failure_is_masked(graphql: GraphQL, monkeypatch: pytest.MonkeyPatch) -> None:
    # given a loader that fails with an internal error carrying something secret
    async def broken(*_: object) -> dict[int, object]:
        raise RuntimeError("connection to postgres://admin:hunter2@db failed")

    monkeypatch.setitem(NODE_LOADERS, "Contract", broken)

    # when a client fetches a contract
    response = await graphql(NODE, {"id": gid("Contract", 1)})

    # then it learns only that something failed inside the register
    error = only_error(response)
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL"}
    assert "hunter2" not in json.dumps(response.body)


async def test_a_failing_relation_is_masked_too(graphql: GraphQL, monkeypatch: pytest.MonkeyPatch) -> None:
    # given the batch load behind `Contract.provider` failing internally
    from schema.contracts.types import Contract

    async def broken(*_: object) -> dict[int, object]:
        raise RuntimeError("providers table is locked by pid 4242")

    monkeypatch.setitem(Contract.relations, "provider", Relation("provider", lambda c: c.provider_pk, broken))

    # when a page of contracts with their providers is asked for
    response = await graphql(WITH_PROVIDERS)

    # then the error is generic, with a code, and the lock holder is not named
    error = only_error(response)
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL"}
    assert "4242" not in json.dumps(response.body)


async def test_a_window_of_days_past_the_calendar_is_told_clearly(graphql: GraphQL) -> None:
    # given a count of days that runs past the last date the calendar holds
    # when it is used
    response = await graphql(CONTRACTS, {"filter": {"expiresWithinDays": 99_999_999, "asOf": "2019-04-01"}})

    # then the client is told the window is out of range
    assert only_error(response)["extensions"]["code"] == "BAD_INPUT"
