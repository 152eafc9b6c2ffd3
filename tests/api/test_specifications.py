"""The register serves the specification its CouncilDate scalar's @specifiedBy names, and means what it says."""

from __future__ import annotations

import re

import httpx
import pytest

from schema import schema
from schema.council_dates import read_council_date


async def test_the_council_date_specification_is_served_where_the_sdl_points(client: httpx.AsyncClient) -> None:
    # given the URL the SDL's @specifiedBy names for CouncilDate
    match = re.search(r'scalar CouncilDate @specifiedBy\(url: "([^"]+)"\)', schema.as_str())
    assert match is not None

    # when a developer opens it on the register
    response = await client.get(match.group(1))

    # then it is the specification, from the register itself, listing the forms and the financial year
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert "# CouncilDate" in response.text
    assert "1 April to 31 March" in response.text
    assert "`Q3 2017/18`" in response.text


@pytest.mark.parametrize(
    ("words", "earliest", "latest"),
    [
        ("2017-10-01", "2017-10-01", "2017-10-01"),
        ("31st March 2020", "2020-03-31", "2020-03-31"),
        ("March 2026", "2026-03-01", "2026-03-31"),
        ("Q3 2017/18", "2017-10-01", "2017-12-31"),
        ("2017/18", "2017-04-01", "2018-03-31"),
        ("2026", "2026-01-01", "2026-12-31"),
        ("Between Q2 2017/18 and Q1 2018/19", "2017-07-01", "2018-06-30"),
    ],
)
def test_each_example_the_specification_gives_means_the_days_it_says(words: str, earliest: str, latest: str) -> None:
    # when the scalar reads one of the specification's examples
    interval = read_council_date(words)

    # then it stands for the days the specification's table gives
    assert (interval.earliest.isoformat(), interval.latest.isoformat()) == (earliest, latest)
