"""SQL statements per request at several page sizes: does a bigger page cost more statements (N+1)?

Issue 13's target is that it does not: the contracts page at `first: 10`, 50 and 100 (with its providers, and
with their plans too) is asked once at each size of a register whose response cache is off, so every request
runs, and the register's `X-SQL-Statements` header (SQL_STATEMENT_HEADER=1) is read. The tests prove the same on
small registers (tests/schema/test_statements.py); this says it on the benchmark's data.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from bench import queries
from bench.probe import graphql_request, probe

PAGE_SIZES = (10, 50, 100)
PAGES = (
    ("contracts page with provider", queries.PAGE_OF_SIZE),
    ("... with plans", queries.PAGE_WITH_PLANS_OF_SIZE),
)


@dataclass(frozen=True)
class PageStatements:
    """Statements per request of one page at each size, or why they could not be counted."""

    title: str
    by_size: dict[int, int | None]
    problem: str | None = None

    @property
    def unchanged(self) -> bool | None:
        """Whether every size cost the same statements; None when a count is missing."""
        counts = list(self.by_size.values())
        if self.problem or None in counts or len(counts) < len(PAGE_SIZES):
            return None
        return len(set(counts)) == 1


def count_statements(client: httpx.Client, graphql_url: str, title: str, query: str) -> PageStatements:
    """Ask the page once at each size and read how many statements each request ran."""
    by_size: dict[int, int | None] = {}
    for size in PAGE_SIZES:
        found = probe(client, graphql_request(graphql_url, query, {"first": size}))
        if found.problem:
            return PageStatements(title, by_size, f"first: {size}: {found.problem}")
        rows = len(found.data["contracts"]["edges"])
        if rows != size:
            return PageStatements(title, by_size, f"first: {size} gave {rows} rows, so the sizes compare nothing")
        by_size[size] = found.statements
    return PageStatements(title, by_size)


def page_statements(client: httpx.Client, graphql_url: str) -> list[PageStatements]:
    """Every page of `PAGES` at every size."""
    return [count_statements(client, graphql_url, title, query) for title, query in PAGES]


def statement_lines(pages: list[PageStatements]) -> list[str]:
    """The counts, one line a page, and the target line."""
    lines = []
    for page in pages:
        counts = ", ".join(f"{size}: {'?' if n is None else n}" for size, n in page.by_size.items())
        lines.append(
            f"SQL statements per request, {page.title}, first {counts}" + (f" ({page.problem})" if page.problem else "")
        )
    counted = [page for page in pages if page.unchanged is not None]
    verdict = "n/a" if not counted else "met" if all(page.unchanged for page in counted) else "NOT met"
    if counted and len(counted) < len(pages):
        verdict += f" (on the {len(counted)} of {len(pages)} pages that could be counted)"
    sizes = "/".join(str(size) for size in PAGE_SIZES)
    lines.append(f"statements per request unchanged across page sizes {sizes}: {verdict}")
    return lines
