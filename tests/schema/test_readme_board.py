"""The README's answers to the Board's queries are the seeded register's: each query the README follows with a JSON
answer is run, on SQLite and PostgreSQL, and must give exactly that answer."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GraphQL

README = Path(__file__).parents[2] / "README.md"
SECTION = "## The Strategic Commissioning Board's three queries"


def answered_queries() -> list[tuple[str, Any]]:
    """Each query of the Board's section, with the answer the README prints after it (up to the next query)."""
    text = README.read_text()
    start = text.index(SECTION)
    board = text[start : text.index("\n## ", start + len(SECTION))]
    blocks = re.findall(r"```(graphql|json)\n(.*?)```", board, re.S)
    return [
        (query, json.loads(answer))
        for (kind, query), (next_kind, answer) in zip(blocks, blocks[1:], strict=False)
        if (kind, next_kind) == ("graphql", "json")
    ]


def test_the_board_section_answers_its_queries() -> None:
    # the pipeline's totals, significance, and what crosses the threshold
    assert len(answered_queries()) == 3


@pytest.mark.parametrize(
    ("query", "answer"),
    [pytest.param(query, answer, id=next(iter(answer))) for query, answer in answered_queries()],
)
async def test_the_readme_answer_is_the_registers(graphql: GraphQL, query: str, answer: Any) -> None:
    # when the README's query is run on the seeded register
    response = await graphql(query)

    # then the answer is the one the README prints
    assert response.errors == [], response.errors
    assert response.data == answer
