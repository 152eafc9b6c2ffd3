"""GET /exports/contracts.ocds.json: the register as an OCDS 1.1 release package, streamed."""

from __future__ import annotations

import httpx

from tests.db.ocds_validation import schema_errors


async def test_the_register_downloads_as_a_valid_ocds_release_package(client: httpx.AsyncClient) -> None:
    # when an integrating system downloads the package for a given date
    response = await client.get("/exports/contracts.ocds.json", params={"publishedDate": "2026-11-24T00:00:00Z"})

    # then it is a JSON attachment, valid OCDS 1.1.5, dated as asked, at the URL it was asked at
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"] == 'attachment; filename="contracts.ocds.json"'
    package = response.json()
    assert schema_errors(package) == []
    assert package["publishedDate"] == "2026-11-24T00:00:00Z"
    assert package["uri"] == "http://register.test/exports/contracts.ocds.json?publishedDate=2026-11-24T00%3A00%3A00Z"
    assert len(package["releases"]) == 15 + 24

    # and asking again for the same date gives the same bytes
    again = await client.get("/exports/contracts.ocds.json", params={"publishedDate": "2026-11-24T00:00:00Z"})
    assert again.content == response.content


async def test_a_published_date_that_is_not_a_date_is_a_bad_request(client: httpx.AsyncClient) -> None:
    response = await client.get("/exports/contracts.ocds.json", params={"publishedDate": "yesterday"})

    assert response.status_code == 400
    assert "publishedDate" in response.text
