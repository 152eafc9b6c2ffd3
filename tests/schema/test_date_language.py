"""Filters read dates in the council's words, as writes do: the same lists as the equivalent ISO windows."""

from __future__ import annotations

import time

import pytest

from tests.conftest import GraphQL

CONTRACTS = """
query Expiring($expiry: DateWindow) {
  contracts(first: 100, filter: {expiry: $expiry}) { totalCount edges { node { reference } } }
}
"""
ACTIVITIES = """
query Deciding($window: DateWindow) {
  commissioningActivities(first: 100, filter: {keyDecision: $window}) { totalCount edges { node { name } } }
}
"""
WITHIN_DAYS = """
query Within($asOf: CouncilDate) {
  contracts(first: 100, filter: {expiresWithinDays: 365, asOf: $asOf}) { totalCount edges { node { reference } } }
}
"""

WORDS_AND_ISO = [
    pytest.param({"from": "2019/20", "to": "2019/20"}, {"from": "2019-04-01", "to": "2020-03-31"}, id="financial year"),
    pytest.param({"from": "Q3 2019/20", "to": "Q3 2019/20"}, {"from": "2019-10-01", "to": "2019-12-31"}, id="quarter"),
    pytest.param({"from": "January 2020"}, {"from": "2020-01-01"}, id="month, open end"),
    pytest.param({"to": "May 2020"}, {"to": "2020-05-31"}, id="month, open start"),
    pytest.param(
        {"from": "Between Q2 2018/19 and Q1 2019/20", "to": "Between Q2 2018/19 and Q1 2019/20"},
        {"from": "2018-07-01", "to": "2019-06-30"},
        id="range",
    ),
    pytest.param({"from": "Quarter 1 2018-19", "to": "2019"}, {"from": "2018-04-01", "to": "2019-12-31"}, id="mixed"),
]


def names(response: object, field: str, key: str) -> list[str]:
    data = response.data[field]  # type: ignore[attr-defined]
    return [edge["node"][key] for edge in data["edges"]]


@pytest.mark.parametrize(("words", "iso"), WORDS_AND_ISO)
async def test_contracts_expiring_in_the_councils_words_match_the_iso_window(
    graphql: GraphQL, words: dict[str, str], iso: dict[str, str]
) -> None:
    # when the Board asks for contracts ending in a window written as the plans write it, and as ISO days
    by_words = await graphql(CONTRACTS, {"expiry": words})
    by_iso = await graphql(CONTRACTS, {"expiry": iso})

    # then both give the same contracts, and not none
    assert by_words.errors == [] and by_iso.errors == []
    assert names(by_words, "contracts", "reference") == names(by_iso, "contracts", "reference")
    assert by_words.data["contracts"]["totalCount"] > 0


async def test_the_tfm_contracts_end_in_q3_2019_20(graphql: GraphQL) -> None:
    # when the window is written as a literal quarter in the query itself
    response = await graphql(
        '{ contracts(filter: {expiry: {from: "Q3 2019/20", to: "Q3 2019/20"}}) { edges { node { reference } } } }'
    )

    # then Amey and Skanska (to October 2019) are there, and Kier (to January 2020) is not
    references = names(response, "contracts", "reference")
    assert {"SCS-2017-TFM-AMEY", "SCS-2017-TFM-SKANSKA"} <= set(references)
    assert "SCS-2017-TFM-KIER" not in references


@pytest.mark.parametrize(
    ("words", "iso"),
    [
        pytest.param({"from": "2017/18", "to": "2017/18"}, {"from": "2017-04-01", "to": "2018-03-31"}, id="year"),
        pytest.param({"from": "Q4 2017/18", "to": "2018"}, {"from": "2018-01-01", "to": "2018-12-31"}, id="mixed"),
    ],
)
async def test_key_decisions_in_the_councils_words_match_the_iso_window(
    graphql: GraphQL, words: dict[str, str], iso: dict[str, str]
) -> None:
    by_words = await graphql(ACTIVITIES, {"window": words})
    by_iso = await graphql(ACTIVITIES, {"window": iso})

    assert by_words.errors == [] and by_iso.errors == []
    assert names(by_words, "commissioningActivities", "name") == names(by_iso, "commissioningActivities", "name")
    assert by_words.data["commissioningActivities"]["totalCount"] > 0


async def test_as_of_in_the_councils_words_counts_from_its_first_day(graphql: GraphQL) -> None:
    by_words = await graphql(WITHIN_DAYS, {"asOf": "Q3 2019/20"})
    by_iso = await graphql(WITHIN_DAYS, {"asOf": "2019-10-01"})

    assert by_words.errors == [] and by_iso.errors == []
    assert names(by_words, "contracts", "reference") == names(by_iso, "contracts", "reference")
    assert by_words.data["contracts"]["totalCount"] > 0


@pytest.mark.parametrize("bad", ["Q5 2017/18", "2017/19", "Smarch 2020", "31/02/2020", "N/A", "By 2020"])
async def test_a_date_the_register_cannot_read_is_bad_input_listing_the_forms(graphql: GraphQL, bad: str) -> None:
    # when a window's end is not a date in any form the register reads
    response = await graphql(CONTRACTS, {"expiry": {"from": bad}})

    # then the client gets the register's own message, listing the forms, not Python's
    (error,) = response.errors
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "accepted forms" in error["message"]
    assert bad in error["message"]
    assert "isoformat" not in error["message"]
    assert response.data is None


async def test_a_bad_literal_date_is_bad_input_too(graphql: GraphQL) -> None:
    response = await graphql('{ contracts(filter: {expiry: {to: "Q9 2019/20"}}) { totalCount } }')

    (error,) = response.errors
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "accepted forms" in error["message"]


async def test_a_window_whose_end_quarter_comes_before_its_start_is_refused(graphql: GraphQL) -> None:
    response = await graphql(CONTRACTS, {"expiry": {"from": "Q3 2019/20", "to": "Q2 2019/20"}})

    (error,) = response.errors
    assert error["message"] == "The window from Q3 2019/20 to Q2 2019/20 ends before it starts"
    assert error["extensions"] == {"code": "BAD_INPUT", "argument": "filter.expiry.to"}


async def test_a_pathological_date_is_refused_quickly(graphql: GraphQL) -> None:
    started = time.monotonic()
    response = await graphql(CONTRACTS, {"expiry": {"from": "between " * 2000 + "2019"}})

    assert response.error_codes() == ["BAD_INPUT"]
    assert time.monotonic() - started < 1
