"""The change feed: every accepted write to any record, in commit order, with cursors a consumer resumes from."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ADMIN_NAME, EDITOR_NAME, GraphQL, GraphQLResponse, Tokens
from tests.schema.mutations.test_history import CONTRACT_CREATE, CONTRACT_RETIRE, CONTRACT_UPDATE, NEW_CONTRACT

FEED = """
query Feed($first: Int, $after: String, $filter: RegisterChangeFilter) {
  changes(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id cursor registerVersion recordId recordType kind actor at version changed before after
        record { id ... on Contract { reference title record { retiredAt } } }
      }
    }
  }
}
"""
LAST_PAGE = """
query Last($filter: RegisterChangeFilter) {
  changes(last: 3, filter: $filter) { edges { cursor node { kind recordType actor changed } } }
}
"""


async def _follow(graphql: GraphQL, after: str | None = None, **variables: Any) -> list[dict[str, Any]]:
    """Every change after a cursor, a page of 100 at a time, as a consumer following the feed reads them."""
    seen: list[dict[str, Any]] = []
    while True:
        response = await graphql(FEED, {"first": 100, "after": after, **variables})
        assert response.errors == [], response.errors
        page = response.data["changes"]
        seen += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


async def test_the_feed_from_the_start_holds_every_seeded_record_once_in_order(graphql: GraphQL) -> None:
    # when a consumer follows the feed from the start of the seeded register
    changes = await _follow(graphql)

    # then it sees the seed, each change once, in order, every record as it stands now
    first = await graphql(FEED, {"first": 1})
    assert len(changes) == first.data["changes"]["totalCount"] > 300
    assert len({change["id"] for change in changes}) == len(changes)
    positions = [(change["registerVersion"], change["id"]) for change in changes]
    assert [p[0] for p in positions] == sorted(p[0] for p in positions)
    assert {change["kind"] for change in changes} == {"SEED"}
    assert all(change["record"]["id"] == change["recordId"] for change in changes)
    kpsn = next(c for c in changes if c["recordType"] == "CONTRACT" and "KPSN" in c["after"]["title"])
    assert kpsn["record"]["title"] == kpsn["after"]["title"] and kpsn["before"] is None


async def test_a_consumer_resuming_after_its_last_cursor_sees_each_new_write_once_in_the_order_made(
    graphql: GraphQL, tokens: Tokens
) -> None:
    # given a consumer that has read the whole feed
    caught_up = (await graphql(LAST_PAGE)).data["changes"]["edges"][-1]["cursor"]

    # when a contract is created, changed and retired
    created = await graphql(CONTRACT_CREATE, {"input": NEW_CONTRACT}, token=tokens.editor)
    contract = created.data["contractCreate"]["contract"]["id"]
    await graphql(
        CONTRACT_UPDATE, {"input": {"id": contract, "version": 1, "value": "£1.2m (p/a)"}}, token=tokens.editor
    )
    await graphql(CONTRACT_RETIRE, {"input": {"id": contract, "version": 2}}, token=tokens.admin)

    # then resuming after its cursor it sees exactly those three, in order, in the API's names and units
    create, change, retire = await _follow(graphql, caught_up)
    assert [(c["kind"], c["actor"], c["version"], c["recordId"]) for c in (create, change, retire)] == [
        ("CREATE", EDITOR_NAME, 1, contract),
        ("UPDATE", EDITOR_NAME, 2, contract),
        ("RETIRE", ADMIN_NAME, 3, contract),
    ]
    assert change["changed"] == ["value", "annualValue"]
    assert (change["before"]["value"]["amount"], change["after"]["value"]["amount"]) == ("1000000.00", "1200000.00")
    # the record is the contract as it stands now, retired, though lists no longer show it
    assert retire["record"] == {
        "id": contract,
        "reference": "GET-2020-ROADS",
        "title": "Highways term maintenance",
        "record": {"retiredAt": retire["after"]["record"]["retiredAt"]},
    }
    # and each edge's cursor is the change's own, so either resumes just after it
    assert await _follow(graphql, change["cursor"]) == [retire]
    assert await _follow(graphql, retire["cursor"]) == []


async def test_the_feed_filters_by_record_type_kind_and_time(graphql: GraphQL, tokens: Tokens) -> None:
    # given a new contract and a change to it after the seed
    seeded = await _follow(graphql)
    created = await graphql(CONTRACT_CREATE, {"input": NEW_CONTRACT}, token=tokens.editor)
    contract = created.data["contractCreate"]["contract"]["id"]
    await graphql(CONTRACT_UPDATE, {"input": {"id": contract, "version": 1, "title": "Roads"}}, token=tokens.editor)
    latest_seed = max(change["at"] for change in seeded)

    # when the feed is asked for contracts' updates, for what came after the seed, and for everything but SEEDs
    updates = await _follow(graphql, filter={"recordTypes": ["CONTRACT"], "kinds": ["UPDATE"]})
    later = await _follow(graphql, filter={"since": latest_seed, "not": {"kinds": ["SEED"]}})
    seeded_contracts = await _follow(graphql, filter={"recordTypes": ["CONTRACT"], "kinds": ["SEED"]})

    # then each holds exactly the changes that match
    assert [(c["kind"], c["after"]["title"]) for c in updates] == [("UPDATE", "Roads")]
    assert [c["kind"] for c in later] == ["CREATE", "UPDATE"]
    assert len(seeded_contracts) == len([c for c in seeded if c["recordType"] == "CONTRACT"]) > 10


@pytest.mark.parametrize(
    ("variables", "code", "argument"),
    [
        ({"after": "not-a-cursor"}, "BAD_CURSOR", "after"),
        # a cursor from another list (contracts ordered by end) is refused, not misread as a position
        ({"after": "WyJjb250cmFjdHM6RU5EOkFTQyIsWyIyMDE5LTEwLTAxIiwxXV0="}, "BAD_CURSOR", "after"),
        ({"first": 101}, "PAGE_TOO_LARGE", "first"),
        ({"first": -1}, "BAD_INPUT", "first"),
    ],
)
async def test_bad_paging_is_refused_with_a_typed_error(
    graphql: GraphQL, variables: dict[str, Any], code: str, argument: str
) -> None:
    response = await graphql(FEED, variables)
    assert response.data is None
    assert response.error_codes() == [code]
    assert response.errors[0]["extensions"]["argument"] == argument


@pytest.mark.parametrize(
    ("filter", "named"),
    [
        ({"recordTypes": ["INVOICE"]}, "'INVOICE'"),
        ({"kinds": ["DELETE"]}, "'DELETE'"),
        ({"since": "Tuesday"}, ".since"),
    ],
)
async def test_a_filter_the_feed_cannot_mean_is_refused_naming_the_value(
    graphql: GraphQL, filter: dict[str, Any], named: str
) -> None:
    response = await graphql(FEED, {"filter": filter})
    assert response.data is None
    assert response.error_codes() == ["BAD_INPUT"]
    assert named in response.errors[0]["message"]


PAGE_WITH_RECORDS = """
query($first: Int!) {
  changes(first: $first) {
    nodes {
      kind after
      record { __typename id ... on Contract { title provider { name } } ... on Division { name directorate { name } } }
    }
  }
}
"""


async def test_a_page_of_changes_with_their_records_costs_the_same_statements_at_any_size(graphql: GraphQL) -> None:
    # when pages of 10 and of 100 changes are read with their records and the records' relations
    small = await graphql(PAGE_WITH_RECORDS, {"first": 10})
    large = await graphql(PAGE_WITH_RECORDS, {"first": 100})

    # then each costs one statement for the page, one batch per type of record on it and one per relation those
    # records are asked for, and nothing per row
    assert small.errors == [] and large.errors == []
    assert len(large.data["changes"]["nodes"]) == 100
    assert large.statements - _batches(large) == small.statements - _batches(small)


def _batches(response: GraphQLResponse) -> int:
    types = {change["record"]["__typename"] for change in response.data["changes"]["nodes"]}
    return len(types) + len(types & {"Contract", "Division"})
