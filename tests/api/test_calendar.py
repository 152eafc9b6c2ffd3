"""The key decision calendar, read back with the iCalendar library a calendar client would use.

The fifteen key decisions are section J's dates in the SCS Directorate Business Plan 2017-18
(004_1e9d5c562e6bd042.txt); "N/A" rows need no decision and have no event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
from icalendar import Calendar
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import KeyDecision
from schema.relay import global_id
from tests.conftest import GraphQL

FEED = "/calendar/key-decisions.ics"


async def events(client: httpx.AsyncClient, query: str = "") -> dict[str, Any]:
    response = await client.get(FEED + query)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]).removeprefix("Key decision: "): event for event in calendar.walk("VEVENT")}


async def test_one_all_day_event_per_key_decision_spanning_its_window(client: httpx.AsyncClient) -> None:
    # when
    found = await events(client)

    # then "Between Q2 2017/18 and Q1 2018/19" runs 1 July 2017 to 30 June 2018: DTEND is the day after
    assert len(found) == 15
    kpsn = found["Daisy Updata Communications Ltd (KPSN)"]
    assert (kpsn["dtstart"].dt, kpsn["dtend"].dt) == (date(2017, 7, 1), date(2018, 7, 1))
    assert kpsn["dtstart"].params.get("VALUE") == "DATE"
    social_care = found["Social Care"]  # "By 2020", from the start of the plan's year
    assert (social_care["dtstart"].dt, social_care["dtend"].dt) == (date(2017, 4, 1), date(2021, 1, 1))
    health = found["Kent Health & Wellbeing Strategy"]  # "Q3 2017/18"
    assert (health["dtstart"].dt, health["dtend"].dt) == (date(2017, 10, 1), date(2018, 1, 1))


async def test_each_event_says_the_activitys_value_and_lead_service(client: httpx.AsyncClient) -> None:
    # when
    found = await events(client)

    # then
    kpsn = str(found["Daisy Updata Communications Ltd (KPSN)"]["description"])
    assert "Expected: Between Q2 2017/18 and Q1 2018/19" in kpsn
    assert "Expected value: £3,500,000.00 a year (stated as '£3.5m (p/a)')" in kpsn
    assert "Lead service: Kent Public Services Network" in kpsn
    assert "Directorate: Strategic and Corporate Services (SCS)" in kpsn
    tfm = str(found["Total Facilities Management 2"]["description"])
    assert "Expected value: £12,000,000.00 whole life (stated as '£12m')" in tfm
    health = str(found["Kent Health & Wellbeing Strategy"]["description"])
    assert "Expected value: not stated" in health
    assert "Lead service: Policy" in health


async def test_uids_are_the_decisions_global_ids_and_stable_between_fetches(client: httpx.AsyncClient) -> None:
    # when
    first, second = await events(client), await events(client)

    # then
    uids = {name: str(event["uid"]) for name, event in first.items()}
    assert uids == {name: str(event["uid"]) for name, event in second.items()}
    assert len(set(uids.values())) == 15
    assert all(uid.endswith("@contracts-register") for uid in uids.values())


async def test_an_edited_decision_keeps_its_uid_and_raises_its_sequence(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # given
    before = (await events(client))["Social Care"]
    pk = await session.scalar(select(KeyDecision.id).where(KeyDecision.expected_text == "By 2020"))
    assert pk is not None

    # when the decision is brought forward to Q4 2019/20 (a new version of the record)
    await session.execute(
        update(KeyDecision)
        .where(KeyDecision.id == pk)
        .values(
            expected_earliest=date(2020, 1, 1),
            expected_latest=date(2020, 3, 31),
            expected_precision="QUARTER",
            expected_text="Q4 2019/20",
            version=KeyDecision.version + 1,
        )
    )
    await session.flush()
    after = (await events(client))["Social Care"]

    # then a calendar client updates the event it has rather than adding another
    assert str(after["uid"]) == str(before["uid"]) == f"{global_id('KeyDecision', pk)}@contracts-register"
    assert (int(before["sequence"]), int(after["sequence"])) == (0, 1)
    assert (after["dtstart"].dt, after["dtend"].dt) == (date(2020, 1, 1), date(2020, 4, 1))


async def test_the_feed_by_directorate_code_or_id(client: httpx.AsyncClient, graphql: GraphQL) -> None:
    # given
    directorates = (await graphql("query { directorates { edges { node { id code } } } }")).data
    ids = {edge["node"]["code"]: edge["node"]["id"] for edge in directorates["directorates"]["edges"]}

    # when
    by_code = await events(client, "?directorate=SCS")
    by_id = await events(client, "?" + str(httpx.QueryParams({"directorate": ids["SCS"]})))
    get = await events(client, "?directorate=GET")
    both = await events(client, "?directorate=GET&directorate=SCS")

    # then GET's plan is not among the papers, so it has no key decisions
    assert len(by_code) == len(by_id) == len(both) == 15
    assert get == {}
    assert {str(event["categories"].cats[0]) for event in by_code.values()} == {"SCS"}


async def test_an_unknown_directorate_is_not_found(client: httpx.AsyncClient) -> None:
    # when
    response = await client.get(FEED, params={"directorate": "XYZ"})

    # then
    assert response.status_code == 404
    assert "XYZ" in response.text


async def test_an_unchanged_feed_is_not_sent_again(client: httpx.AsyncClient) -> None:
    # given
    first = await client.get(FEED)

    # when
    again = await client.get(FEED, headers={"If-None-Match": first.headers["etag"]})

    # then
    assert again.status_code == 304
    assert again.content == b""
