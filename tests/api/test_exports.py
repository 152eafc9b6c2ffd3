"""GET /exports/contracts.csv: the register as a Transparency Code CSV download."""

from __future__ import annotations

import csv
import io

import httpx

from db.settings import Settings
from tests.api.conftest import Serve


async def test_the_contracts_register_downloads_as_a_transparency_code_csv(client: httpx.AsyncClient) -> None:
    # when a publisher downloads the register
    response = await client.get("/exports/contracts.csv")

    # then it is a CSV attachment holding every contract
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="contracts.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert len(rows) == 15
    kpsn = next(row for row in rows if row["Reference Number"] == "SCS-2017-KPSN")
    assert (kpsn["Supplier Name"], kpsn["Value of Contract"], kpsn["Value Basis"]) == (
        "Daisy Updata Communications Ltd",
        "3500000.00",
        "Estimated annual spend",
    )
    assert (kpsn["End Date"], kpsn["End Text"]) == ("31/05/2020", "May 2020")


async def test_an_unchanged_register_answers_a_repeat_download_with_not_modified(client: httpx.AsyncClient) -> None:
    first = await client.get("/exports/contracts.csv")

    again = await client.get("/exports/contracts.csv", headers={"If-None-Match": first.headers["etag"]})

    assert again.status_code == 304


async def test_closed_reads_need_a_token_to_download(serve: Serve) -> None:
    async with serve(Settings(reads_require_token=True)) as client:
        response = await client.get("/exports/contracts.csv")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "reads are closed" in response.text
