"""GraphiQL works with no way out of the machine: it runs the Board's pipeline query from the README."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Browser, ConsoleMessage, Route, expect

from tests.browser.conftest import Registers


async def test_graphiql_runs_the_boards_pipeline_with_every_other_host_blocked(
    browser: Browser, registers: Registers, screenshots: Path
) -> None:
    # given a browser that can reach nothing but the register, as on a council network with no way out
    register = urlsplit(registers.url).netloc
    blocked: list[str] = []
    problems: list[str] = []

    async def only_the_register(route: Route) -> None:
        if urlsplit(route.request.url).netloc == register:
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page = await browser.new_page(viewport={"width": 1400, "height": 900})
    await page.route("**/*", only_the_register)
    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))

    # when GraphiQL opens and its first tab, the Board's pipeline, is run
    await page.goto(f"{registers.url}/graphql")
    await expect(page.locator(".graphiql-tab").first).to_contain_text("Pipeline", timeout=15_000)
    await expect(page.locator(".graphiql-editor-tool")).to_contain_text("Bearer <token>")
    await page.locator(".graphiql-execute-button").click()

    # then the result pane shows the window and its first quarter, and nothing was fetched from anywhere else
    result = page.locator(".result-window")
    await expect(result).to_contain_text('"label": "Q3 2017-18"', timeout=20_000)
    await expect(result).to_contain_text('"to": "Q2 2018-19"')
    await expect(result).to_contain_text('"totalCount": 6')
    await page.screenshot(path=screenshots / "graphiql-pipeline.png")
    assert blocked == []
    assert problems == []
    await page.close()
