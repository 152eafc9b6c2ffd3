"""The Board's pipeline page in headless Chromium, on the seeded register, with nothing outside it reachable."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.async_api import Browser, Locator, Page, Response, Route, expect
from sqlalchemy.ext.asyncio import async_sessionmaker

from db.models import Role
from db.settings import Settings
from db.tokens import create_token
from tests.browser.axe.refresh import MANIFEST, SCRIPT
from tests.browser.conftest import Registers, RegisterServer

# The five decisions paper 004's section J expects in Q1 2017/18 (lines 558-573 of the paper).
PAPER_004_Q1 = [
    "Total Facilities Management 1",
    "Microsoft Software True-Up Licensing",
    "Microsoft Software Licensing Agreement",
    "Schools Broadband",
    "Liberi (LCS)",
]
# Its rows whose decision is due "By 2020" and "By 2019": from April 2017, so they span every quarter of 2017/18.
SPANNING = ["Microsoft Cloud Navigator", "Social Care"]
CSV_LINK = "data:text/csv;charset=utf-8,"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass
class BoardPage:
    """A page on the register that can reach nothing else, and what it tried to reach or complained of."""

    page: Page
    blocked: list[str]
    failures: list[str]


async def open_board(browser: Browser, register: str, query: str) -> BoardPage:
    """The Board's page at `query`, once it has drawn, with every request outside the register refused."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = await context.new_page()
    opened = BoardPage(page=page, blocked=[], failures=[])
    origin = urlsplit(register).netloc

    async def only_the_register(route: Route) -> None:
        if urlsplit(route.request.url).netloc == origin:
            await route.continue_()
        else:
            opened.blocked.append(route.request.url)
            await route.abort()

    def failed(response: Response) -> None:
        status, url = response.status, response.url
        # A register without persisted queries refuses an operation sent by its hash alone; the page then
        # sends its text.
        if status >= 400 and not (status == 400 and url.endswith("/graphql")):
            opened.failures.append(f"{status} {url}")

    await page.route("**/*", only_the_register)
    page.on("response", failed)
    page.on("pageerror", lambda error: opened.failures.append(str(error)))
    await page.goto(f"{register}/board{query}")
    await expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=15_000)
    return opened


def quarter(page: Page, label: str, kind: str) -> Locator:
    return page.locator(f'section[data-quarter="{label}"] [data-table^="{kind}"] tbody tr')


async def table_rows(table: Locator) -> list[list[str]]:
    """A drawn table as text: its header row, then its rows (not the 'none' line of an empty table)."""
    return await table.evaluate(  # type: ignore[no-any-return]
        """(wrapper) => [...wrapper.querySelectorAll("thead tr, tbody tr:not(.empty)")].map(
             (row) => [...row.children].map((cell) => cell.innerText))"""
    )


async def test_the_2017_18_page_shows_paper_004s_first_quarter_and_marks_decisions_spanning_it(
    browser: Browser, registers: Registers, screenshots: Path
) -> None:
    # when a Board member opens the link for 2017/18
    board = await open_board(browser, registers.url, "?from=2017/18")
    page = board.page

    # then Q1 lists paper 004's five decisions due in the quarter, and the 'By 2019'/'By 2020' rows marked spanning
    q1 = quarter(page, "Q1 2017-18", "key-decisions")
    due = (
        await q1.filter(has_not=page.locator('[data-mark="spanning"]')).locator("button.open-record").all_inner_texts()
    )
    spanning = (
        await q1.filter(has=page.locator('[data-mark="spanning"]')).locator("button.open-record").all_inner_texts()
    )
    assert due == PAPER_004_Q1
    assert sorted(spanning) == SPANNING
    for row in await q1.filter(has=page.locator('[data-mark="spanning"]')).all():
        await expect(row.locator('[data-mark="spanning"]')).to_contain_text("may fall in this quarter")
    await expect(quarter(page, "Q4 2017-18", "key-decisions").filter(has_text="Social Care")).to_contain_text(
        "Spans Q1 2017-18 to"
    )

    # and the risk list, from 1 April 2017 and 18 months ahead, holds the telephony contract ending July 2018
    risks = page.locator("#risk-table tbody tr")
    await expect(risks).to_have_count(1)
    await expect(risks).to_contain_text("Telephony Services: Unified Communications")
    await expect(risks).to_contain_text("July 2018")

    # and a chart per money basis, each with its table
    await expect(page.locator("svg.chart")).to_have_count(2)
    await expect(page.locator('[data-table="totals-total"] tbody tr').first).to_contain_text("Q1 2017-18")
    await page.screenshot(path=screenshots / "board-2017-18.png")
    await page.screenshot(path=screenshots / "board-2017-18-full.png", full_page=True)
    assert board.blocked == []
    assert board.failures == []
    await page.context.close()


async def test_the_filters_live_in_the_url_and_a_link_reproduces_the_view(
    browser: Browser, registers: Registers
) -> None:
    # given the 2017/18 page
    board = await open_board(browser, registers.url, "?from=2017/18")
    page = board.page

    # when a member asks for SCS's significant activity over the threshold that mentions Microsoft
    await page.select_option("#directorate", "SCS")
    await page.check("#significant")
    await page.check("#over")
    await page.fill("#text", "Microsoft")
    await page.fill("#months", "24")
    await page.get_by_role("button", name="Show the pipeline").click()
    await expect(page.locator("body")).to_have_attribute("data-ready", "true")

    # then only the £1.1m-a-year True-Up licensing is due, and the URL says how to get here
    decisions = page.locator('[data-table^="key-decisions"] button.open-record')
    await expect(decisions).to_have_text(["Microsoft Software True-Up Licensing"])
    query = parse_qs(urlsplit(page.url).query)
    assert query == {
        "from": ["2017/18"],
        "directorate": ["SCS"],
        "significant": ["1"],
        "over": ["1"],
        "text": ["Microsoft"],
        "months": ["24"],
    }

    # when the link is opened afresh
    again = await open_board(browser, registers.url, "?" + urlsplit(page.url).query)

    # then the controls and the rows are the same
    await expect(again.page.locator("#directorate")).to_have_value("SCS")
    await expect(again.page.locator("#significant")).to_be_checked()
    await expect(again.page.locator("#over")).to_be_checked()
    await expect(again.page.locator("#consultation")).not_to_be_checked()
    await expect(again.page.locator("#text")).to_have_value("Microsoft")
    await expect(again.page.locator("#months")).to_have_value("24")
    await expect(again.page.locator('[data-table^="key-decisions"] button.open-record')).to_have_text(
        ["Microsoft Software True-Up Licensing"]
    )

    # and going back returns to the unfiltered view
    await page.go_back()
    await expect(page.locator("body")).to_have_attribute("data-ready", "true")
    await expect(page.locator("#significant")).not_to_be_checked()
    await expect(quarter(page, "Q1 2017-18", "key-decisions")).to_have_count(7)
    assert board.blocked == again.blocked == []
    await page.context.close()
    await again.page.context.close()


async def test_each_tables_csv_download_holds_what_the_table_shows(browser: Browser, registers: Registers) -> None:
    # given the 2017/18 page
    board = await open_board(browser, registers.url, "?from=2017/18")
    page = board.page
    tables = await page.locator("[data-table]").all()
    assert len(tables) == 2 + 4 * 2 + 1  # two charts' tables, each quarter's two lists, the risk list

    # when the risk list's CSV is downloaded
    risks = page.locator("#risk-table [data-table]")
    async with page.expect_download() as started:
        await risks.get_by_role("link", name=re.compile("^Download CSV")).click()
    download = await started.value

    # then it is a CSV file holding the table's header and rows, cell for cell
    assert download.suggested_filename == "risk-list-2017-04-01.csv"
    text = Path(await download.path()).read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(text))) == await table_rows(risks)

    # and so does every other table's link (Chromium asks before a page starts many downloads, so the rest
    # are read from the links, which hold the file itself)
    for table in tables:
        link = table.get_by_role("link", name=re.compile("^Download CSV"))
        href = await link.get_attribute("href") or ""
        assert href.startswith(CSV_LINK)
        text = unquote(href.removeprefix(CSV_LINK))
        assert list(csv.reader(io.StringIO(text))) == await table_rows(table), await link.get_attribute("download")
        assert (await link.get_attribute("download") or "").endswith(".csv")
    assert board.blocked == []
    await page.context.close()


async def test_a_row_opens_its_record_with_the_papers_row_and_links(browser: Browser, registers: Registers) -> None:
    # given the risk list from April 2017
    board = await open_board(browser, registers.url, "?from=2017/18")
    page = board.page

    # when the telephony contract is opened
    await page.locator("#risk-table button.open-record").click()

    # then the record shows the plan's row as printed, the linked activity and its history, and the URL names it
    record = page.get_by_role("dialog")
    await expect(record).to_be_visible()
    await expect(record.locator("h2")).to_have_text("SCS-2017-TELEPHONY: Telephony Services: Unified Communications")
    await expect(record).to_contain_text("Unified Communications contract runs until July 2018")
    await expect(record).to_contain_text("Strategic and Corporate Services Directorate Business Plan 2017-18")
    await expect(record.locator('[data-table="linked-activities"]')).to_contain_text("Telephony Services")
    await expect(record.locator('[data-table="history"]')).to_be_visible()
    assert "record" in parse_qs(urlsplit(page.url).query)

    # when its activity is followed, and the dialog closed with Escape
    await record.get_by_role("button", name=re.compile("^Telephony Services")).click()
    await expect(record.locator("h2")).to_have_text("Telephony Services")
    await expect(record).to_contain_text("Quarterly rolling contract")
    await page.keyboard.press("Escape")

    # then the record is closed and the URL no longer names it
    await expect(record).to_be_hidden()
    assert "record" not in parse_qs(urlsplit(page.url).query)
    assert board.blocked == []
    await page.context.close()


async def test_printing_gives_an_a4_board_paper_with_the_tables_and_charts(
    browser: Browser, registers: Registers, screenshots: Path
) -> None:
    # given the 2017/18 page
    board = await open_board(browser, registers.url, "?from=2017/18")
    page = board.page

    # when it is printed
    await page.emulate_media(media="print")
    pdf = await page.pdf(format="A4", print_background=True)
    (screenshots / "board-2017-18.pdf").write_bytes(pdf)
    await page.screenshot(path=screenshots / "board-2017-18-print.png", full_page=True)

    # then the controls are gone; the title, window, charts, tables and source note remain, on A4 pages
    await expect(page.locator("#controls")).to_be_hidden()
    await expect(page.locator("#printed")).to_contain_text("Window: Q1 2017-18 to Q4 2017-18")
    await expect(page.locator("svg.chart").first).to_be_visible()
    await expect(page.locator('[data-table^="key-decisions"]').first).to_be_visible()
    await expect(page.locator("#risk-table table")).to_be_visible()
    await expect(page.locator("#source-note")).to_contain_text("published business plans")
    await expect(page.get_by_role("link", name=re.compile("^Download CSV")).first).to_be_hidden()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) >= 2, "the pipeline runs over more than one page"
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(596, 843)}  # A4: 210 x 297 mm in points
    await page.context.close()


async def _axe_violations(page: Page) -> list[dict[str, object]]:
    manifest = json.loads(MANIFEST.read_text())
    assert SCRIPT.parent.name == f"axe-core@{manifest['version']}"
    await page.evaluate(SCRIPT.read_text())
    found = await page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map((v) => ({id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target)}))",
        WCAG_22_AA,
    )
    return found  # type: ignore[no-any-return]


async def test_axe_core_finds_no_wcag_2_2_aa_violation(browser: Browser, registers: Registers) -> None:
    # given the 2017/18 page, and then a record open over it
    board = await open_board(browser, registers.url, "?from=2017/18")
    page = board.page

    # then axe-core (the tests' own copy, injected) finds nothing to fix on the page or in the dialog
    assert await _axe_violations(page) == []
    await page.locator("#risk-table button.open-record").click()
    await expect(page.get_by_role("dialog")).to_contain_text("Unified Communications contract")
    assert await _axe_violations(page) == []
    await page.context.close()


async def test_a_window_the_register_cannot_read_is_shown_as_its_error(browser: Browser, registers: Registers) -> None:
    # when the link names a quarter that does not exist
    board = await open_board(browser, registers.url, "?from=Q5%202017")

    # then the register's own message is shown, and no pipeline is drawn
    await expect(board.page.get_by_role("alert")).to_contain_text('cannot read "Q5 2017" as a date')
    await expect(board.page.locator("#pipeline")).to_be_hidden()
    await board.page.context.close()


async def test_a_directorate_the_register_does_not_hold_is_named_in_the_error(
    browser: Browser, registers: Registers
) -> None:
    # when a link names a directorate code no directorate has
    board = await open_board(browser, registers.url, "?from=2017/18&directorate=XYZ")

    # then the page says so rather than show every directorate
    await expect(board.page.get_by_role("alert")).to_have_text('No directorate has the code "XYZ".')
    await expect(board.page.locator("#pipeline")).to_be_hidden()
    await board.page.context.close()


@pytest.fixture(scope="module")
async def closed_register(registers: Registers) -> AsyncIterator[tuple[str, str]]:
    """The same register with READS_REQUIRE_TOKEN set, and a reader's token for it."""
    async with async_sessionmaker(registers.engine)() as session:
        token = await create_token(session, "board-page-reader", Role.READER)
        await session.commit()
    with RegisterServer(Settings(database_url=registers.database_url, reads_require_token=True)) as server:
        yield server.url, token


async def test_a_closed_register_asks_for_a_token_and_keeps_it_for_the_session_only(
    browser: Browser, closed_register: tuple[str, str]
) -> None:
    url, token = closed_register
    # given a register whose reads need a token
    board = await open_board(browser, url, "?from=2017/18")
    page = board.page
    await expect(page.locator("#token")).to_be_visible()

    # when a wrong token is given, then the right one
    await page.fill("#token-value", "not-a-token")
    await page.get_by_role("button", name="Use this token").click()
    await expect(page.get_by_role("alert")).to_contain_text("refused that token")
    await page.fill("#token-value", token)
    await page.get_by_role("button", name="Use this token").click()

    # then the pipeline is shown, and the token is kept in this tab's session storage only
    await expect(quarter(page, "Q1 2017-18", "key-decisions")).to_have_count(7)
    stored = await page.evaluate("() => [sessionStorage.length, localStorage.length, document.cookie]")
    assert stored == [1, 0, ""]
    await page.context.close()
