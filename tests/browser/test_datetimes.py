"""A browser in London reads the register's moments as the instants they are, summer time or not."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.async_api import Browser
from sqlalchemy import update
from sqlalchemy.ext.asyncio import async_sessionmaker

from db import models
from tests.browser.conftest import Registers

READ_UPDATED_AT = """async () => {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({query: "{ contracts(first: 1) { edges { node { record { updatedAt } } } } }"}),
  });
  const text = (await response.json()).data.contracts.edges[0].node.record.updatedAt;
  const moment = new Date(text);
  return {text, iso: moment.toISOString(), hour: moment.getHours()};
}"""


async def test_an_instant_in_british_summer_time_reads_right_in_london(browser: Browser, registers: Registers) -> None:
    # given contracts last changed at 10:00 UTC on 1 July, which is 11:00 in London
    async with async_sessionmaker(registers.engine)() as session:
        await session.execute(update(models.Contract).values(updated_at=datetime(2026, 7, 1, 10, tzinfo=UTC)))
        await session.commit()
    context = await browser.new_context(timezone_id="Europe/London")
    page = await context.new_page()

    # when a page in London reads one with new Date()
    await page.goto(f"{registers.url}/healthz")
    seen = await page.evaluate(READ_UPDATED_AT)

    # then it is the server's instant, shown at 11:00 local time, not an hour off
    assert seen == {"text": "2026-07-01T10:00:00+00:00", "iso": "2026-07-01T10:00:00.000Z", "hour": 11}
    await context.close()
