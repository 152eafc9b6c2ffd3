"""Cursor paging never skips or repeats a row, whichever order and direction a client pages in.

Sixty contracts of our own share end dates, start dates, values and titles (and some have none), so every
ordering meets ties and unknowns; the ID breaks every tie. Each list is paged forwards with first=7 and
backwards with last=7, and both must give every matching row exactly once, in the order the ordering means.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from tests.conftest import GraphQL

PAGE = """
query Page($filter: ContractFilter, $order: ContractOrder, $first: Int, $after: String, $last: Int,
           $before: String) {
  contracts(filter: $filter, orderBy: $order, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { reference } }
  }
}
"""

PAGE_SIZE = 7
UNKNOWN_DATE = date(9999, 12, 31)  # where the register sorts an unknown date: after every known one
UNKNOWN_AMOUNT = -1  # where it sorts an unknown amount: before every known one

# (earliest, latest, precision) of the few end and start dates the sixty contracts share; None is unknown.
ENDS = [
    (date(2030, 3, 31), date(2030, 3, 31), "DAY"),
    (date(2030, 6, 1), date(2030, 6, 30), "MONTH"),
    (date(2030, 6, 1), date(2030, 6, 30), "MONTH"),
    (date(2031, 1, 1), date(2031, 3, 31), "QUARTER"),
    (date(2031, 1, 1), date(2031, 12, 31), "YEAR"),
    None,
    (date(2030, 3, 31), date(2030, 3, 31), "DAY"),
]
STARTS = [None, (date(2025, 4, 1), date(2025, 4, 1), "DAY"), (date(2025, 1, 1), date(2025, 12, 31), "YEAR")]
ANNUAL_PENCE = [None, 10_000_000, 25_000_000, 25_000_000, 40_000_000]
TITLES = ["Paging contract A", "Paging contract B", "Paging contract B", "Paging contract C"]


@dataclass(frozen=True)
class Row:
    """What the test knows of one contract it added: enough to say where each ordering puts it."""

    pk: int
    reference: str
    title: str
    end: tuple[date, date] | None
    start: tuple[date, date] | None
    annual: int | None
    total: int | None


def _interval(prefix: str, value: tuple[date, date, str] | None) -> dict[str, Any]:
    if value is None:
        return {}
    earliest, latest, precision = value
    return {f"{prefix}_earliest": earliest, f"{prefix}_latest": latest, f"{prefix}_precision": precision}


def paging_contract(i: int) -> models.Contract:
    """The i-th of the sixty: each property cycles with its own period, so they combine in many ways."""
    annual = ANNUAL_PENCE[i % len(ANNUAL_PENCE)]
    # A whole-life value needs a known term: every third contract with a value has none.
    term = None if annual is None or i % 3 == 0 else 36
    value: dict[str, Any] = {}
    if annual is not None:
        value = {
            "value_pence": annual,
            "value_basis": "ANNUAL",
            "annual_value_pence": annual,
            "total_value_pence": None if term is None else annual * 3,
            "term_months": term,
        }
    return models.Contract(
        reference=f"PAGING-{i:03d}",
        title=TITLES[i % len(TITLES)],
        status="ACTIVE",
        **_interval("end", ENDS[i % len(ENDS)]),
        **_interval("start", STARTS[i % len(STARTS)]),
        **value,
    )


@pytest.fixture
async def paging_rows(session: AsyncSession) -> list[Row]:
    """Sixty contracts added to the seeded register for this test, as the test knows them."""
    contracts = [paging_contract(i) for i in range(60)]
    session.add_all(contracts)
    await session.commit()
    return [
        Row(
            pk=c.id,
            reference=c.reference,
            title=c.title,
            end=None if c.end_earliest is None else (c.end_earliest, c.end_latest),  # type: ignore[arg-type]
            start=None if c.start_earliest is None else (c.start_earliest, c.start_latest),  # type: ignore[arg-type]
            annual=c.annual_value_pence,
            total=c.total_value_pence,
        )
        for c in contracts
    ]


SortKey = Callable[[Row], tuple[Any, ...]]
SORT_KEYS: dict[str, SortKey] = {
    "END": lambda r: (*(r.end or (UNKNOWN_DATE, UNKNOWN_DATE)), r.pk),
    "START": lambda r: (*(r.start or (UNKNOWN_DATE, UNKNOWN_DATE)), r.pk),
    "VALUE": lambda r: (UNKNOWN_AMOUNT if r.total is None else r.total, r.pk),
    "ANNUAL_VALUE": lambda r: (UNKNOWN_AMOUNT if r.annual is None else r.annual, r.pk),
    "TITLE": lambda r: (r.title, r.pk),
}


@dataclass(frozen=True)
class Listing:
    """A filtered list the board might page through, and which of our rows it should hold."""

    filter: dict[str, Any]
    matches: Callable[[Row], bool]


def _in_window(r: Row) -> bool:
    # Contracts ending (possibly) in calendar 2030 or 2031 and worth at most £300,000 a year.
    in_window = r.end is not None and r.end[0] <= date(2031, 12, 31) and r.end[1] >= date(2030, 1, 1)
    return in_window and r.annual is not None and r.annual <= 30_000_000


LISTINGS = {
    "expiring-2030-31-under-300k-a-year": Listing(
        filter={
            "text": "PAGING-",
            "expiry": {"from": "2030-01-01", "to": "2031-12-31"},
            "value": {"max": "300000", "basis": "ANNUAL"},
        },
        matches=_in_window,
    ),
    "all-of-ours-unknowns-included": Listing(filter={"text": "PAGING-"}, matches=lambda r: True),
}


def expected_order(rows: list[Row], listing: Listing, field: str, direction: str) -> list[str]:
    """The references of the matching rows in the order the ordering means; DESC turns every key round."""
    ordered = sorted((r for r in rows if listing.matches(r)), key=SORT_KEYS[field])
    if direction == "DESC":
        ordered.reverse()
    return [r.reference for r in ordered]


async def page_forwards(graphql: GraphQL, variables: dict[str, Any], total: int) -> list[str]:
    """Every reference, paging with first/after until the list says there is no next page."""
    seen: list[str] = []
    after: str | None = None
    while True:
        response = await graphql(PAGE, {**variables, "first": PAGE_SIZE, "after": after})
        assert response.errors == []
        page = response.data["contracts"]
        edges, info = page["edges"], page["pageInfo"]
        assert page["totalCount"] == total
        assert info["hasPreviousPage"] is (after is not None)
        assert (info["startCursor"], info["endCursor"]) == (edges[0]["cursor"], edges[-1]["cursor"])
        seen += [edge["node"]["reference"] for edge in edges]
        if not info["hasNextPage"]:
            assert len(seen) == total, "the last page came before every row was seen"
            return seen
        assert len(edges) == PAGE_SIZE
        after = info["endCursor"]


async def page_backwards(graphql: GraphQL, variables: dict[str, Any], total: int) -> list[str]:
    """Every reference, paging with last/before from the end until there is no previous page."""
    seen: list[str] = []
    before: str | None = None
    while True:
        response = await graphql(PAGE, {**variables, "last": PAGE_SIZE, "before": before})
        assert response.errors == []
        page = response.data["contracts"]
        edges, info = page["edges"], page["pageInfo"]
        assert page["totalCount"] == total
        assert info["hasNextPage"] is (before is not None)
        assert (info["startCursor"], info["endCursor"]) == (edges[0]["cursor"], edges[-1]["cursor"])
        seen = [edge["node"]["reference"] for edge in edges] + seen
        if not info["hasPreviousPage"]:
            assert len(seen) == total, "the first page came before every row was seen"
            return seen
        assert len(edges) == PAGE_SIZE
        before = info["startCursor"]


def test_the_test_data_meets_ties_and_unknowns_in_every_ordering() -> None:
    # the proof below is only as good as its data: every ordering must meet ties and unknowns
    contracts = [paging_contract(i) for i in range(60)]
    ends = [(c.end_earliest, c.end_latest) for c in contracts]
    assert ends.count((None, None)) >= 5 and ends.count((date(2030, 3, 31), date(2030, 3, 31))) >= 10
    assert sum(c.start_earliest is None for c in contracts) >= 10
    assert sum(c.annual_value_pence is None for c in contracts) >= 10
    assert sum(c.annual_value_pence == 25_000_000 for c in contracts) >= 20
    assert sum(c.total_value_pence is None for c in contracts) > sum(c.annual_value_pence is None for c in contracts)
    assert sum(c.title == "Paging contract B" for c in contracts) == 30


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("field", list(SORT_KEYS))
@pytest.mark.parametrize("listing", list(LISTINGS))
async def test_paging_either_way_gives_every_row_once_in_order(
    graphql: GraphQL, paging_rows: list[Row], listing: str, field: str, direction: str
) -> None:
    # given sixty contracts of our own and a filtered list of them in one order
    expected = expected_order(paging_rows, LISTINGS[listing], field, direction)
    variables = {"filter": LISTINGS[listing].filter, "order": {"field": field, "direction": direction}}
    assert len(expected) > 3 * PAGE_SIZE

    # when the board pages through it forwards from the start, and backwards from the end, 7 at a time
    forwards = await page_forwards(graphql, variables, len(expected))
    backwards = await page_backwards(graphql, variables, len(expected))

    # then both ways give every matching row exactly once, in the order the ordering means
    assert forwards == expected
    assert backwards == expected


async def test_a_page_is_20_rows_unless_the_client_says(graphql: GraphQL, paging_rows: list[Row]) -> None:
    # given sixty contracts of our own
    # when a list of them is asked for without a page size, forwards and then backwards
    first = await graphql(PAGE, {"filter": {"text": "PAGING-"}})
    last = await graphql(
        PAGE, {"filter": {"text": "PAGING-"}, "before": first.data["contracts"]["pageInfo"]["endCursor"]}
    )

    # then each page holds 20 rows
    assert len(first.data["contracts"]["edges"]) == 20
    assert first.data["contracts"]["pageInfo"]["hasNextPage"] is True
    assert len(last.data["contracts"]["edges"]) == 19
    assert last.data["contracts"]["pageInfo"]["hasPreviousPage"] is False


async def test_an_empty_page_says_whether_rows_lie_beyond_it(graphql: GraphQL, paging_rows: list[Row]) -> None:
    # given sixty contracts of our own
    # when a page of none is asked for
    response = await graphql(PAGE, {"filter": {"text": "PAGING-"}, "first": 0})

    # then it has no rows and no cursors, but says that rows follow and how many there are
    page = response.data["contracts"]
    assert page["edges"] == []
    assert page["totalCount"] == 60
    assert page["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False, "startCursor": None, "endCursor": None}
