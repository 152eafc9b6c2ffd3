"""A front end on another origin lists contracts with fetch() and, with an editor's token, renames one."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import httpx
from playwright.async_api import Browser, expect
from sqlalchemy.ext.asyncio import async_sessionmaker

from db.models import Role
from db.tokens import create_token
from tests.browser.conftest import Registers

CONTRACT = "query One($id: ID!) { node(id: $id) { ... on Contract { title record { version } } } }"


async def test_a_page_on_another_origin_lists_and_renames_a_contract(
    browser: Browser, registers: Registers, screenshots: Path
) -> None:
    # given an editor's token, and a front end served from another origin
    async with async_sessionmaker(registers.engine)() as session:
        token = await create_token(session, "intranet-front-end", Role.EDITOR)
        await session.commit()
    query = urlencode({"register": registers.url, "token": token, "title": "Renamed from the intranet"})
    page = await browser.new_page()

    # when the page loads in the browser
    await page.goto(f"{registers.pages_url}/contracts.html?{query}")
    await expect(page.locator("body[data-done=true]")).to_be_attached(timeout=15_000)
    await page.screenshot(path=screenshots / "cross-origin-contracts.png")

    # then it listed contracts and renamed the first, and the register now holds the new title
    assert await page.locator("#contracts li").count() == 10
    status = await page.locator("#status").text_content() or ""
    assert status.startswith("renamed "), status
    renamed_id = status.split()[1]
    async with httpx.AsyncClient(base_url=registers.url) as client:
        response = await client.post("/graphql", json={"query": CONTRACT, "variables": {"id": renamed_id}})
    node = response.json()["data"]["node"]
    assert node["title"] == "Renamed from the intranet"
    assert node["record"]["version"] >= 2
    await page.close()
