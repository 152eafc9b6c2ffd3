"""The synthetic register is deterministic, keeps the register's rules, and guards a database that holds data.

Run with `.venv/bin/pytest bench/tests` (not timed: the benchmark's figures live in bench/README.md).
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.generate import RegisterNotEmptyError, Sizes, generate
from bench.synthetic import register
from bench.synthetic.organisation import build_organisation
from bench.synthetic.providers import build_providers
from bench.synthetic.register import TABLES, build_register, stream_register
from db.engine import make_engine
from db.models import Contract
from db.money import annualised, parse_money, whole_life

SMALL = Sizes(contracts=600, providers=80, activities=150, plans=12)


def test_the_same_seed_builds_the_same_rows_and_another_seed_does_not() -> None:
    # given / when
    first, again, other = build_register(3, SMALL), build_register(3, SMALL), build_register(4, SMALL)

    # then
    assert first == again
    assert first["contract"] != other["contract"]


def test_the_rows_are_streamed_in_chunks_parents_first(monkeypatch: pytest.MonkeyPatch) -> None:
    # given chunks of 100 rows, so a small register spans several
    monkeypatch.setattr(register, "CHUNK_ROWS", 100)

    # when
    chunks = list(stream_register(3, SMALL))

    # then every chunk fits, no table's rows come after a later table's, and together they are the register
    assert all(0 < len(rows) <= 100 for _, rows in chunks)
    order = [TABLES.index(name) for name, _ in chunks]
    assert order == sorted(order)
    assert [row for name, rows in chunks if name == "contract" for row in rows] == build_register(3, SMALL)["contract"]


def test_a_national_register_has_every_directorates_and_divisions_plan_for_each_year() -> None:
    # given the national scale's plans over a small register
    plans = build_register(2, Sizes(contracts=600, providers=80, activities=150, plans=Sizes.national().plans))

    # when
    years_by_title = Counter(row["title"] for row in plans["business_plan"])

    # then six directorates' and 22 divisions' plans, each for the ten years, none written twice in a year
    assert len(years_by_title) == 6 + 22 and set(years_by_title.values()) == {10}
    assert sum(row["division_id"] is None for row in plans["business_plan"]) == 6 * 10


def test_a_national_supplier_base_outgrows_the_plain_names_and_stays_unique() -> None:
    # given more providers than the word lists' 22,800 plain names
    providers = build_providers(random.Random("1/providers"), 30_000, build_organisation("test"), "test").providers

    # then every name is unique, and regional arms (not numbers) make up the difference
    names = [row["name"] for row in providers]
    assert len(set(names)) == len(names)
    assert not any(name[-1].isdigit() for name in names)


def test_derived_values_are_those_the_register_derives_from_the_stated_value() -> None:
    # given
    contracts = build_register(5, SMALL)["contract"]

    # when
    valued = [row for row in contracts if row["value_text"] is not None]

    # then
    assert 0.8 < len(valued) / len(contracts) < 0.97
    for row in valued:
        money = parse_money(row["value_text"])
        assert money is not None and money.pence == row["value_pence"] and money.basis == row["value_basis"]
        annual, total = annualised(money, row["term_months"]), whole_life(money, row["term_months"])
        assert row["annual_value_pence"] == (None if annual is None else int(annual * 100))
        assert row["total_value_pence"] == (None if total is None else int(total * 100))


def test_every_plan_reference_names_exactly_one_subject() -> None:
    references = build_register(6, SMALL)["plan_reference"]

    keys = ("contract_id", "activity_id", "provider_id", "traded_company_id", "service_id")
    assert references
    assert all(sum(row[key] is not None for key in keys) == 1 for row in references)
    assert {row["section"] for row in references} == {"I", "J"}


async def test_a_database_that_holds_a_register_is_only_overwritten_when_asked(tmp_path: Path) -> None:
    # given
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    counts = await generate(url, 9, SMALL)

    # when / then
    with pytest.raises(RegisterNotEmptyError, match="--replace"):
        await generate(url, 9, SMALL)
    await generate(url, 9, SMALL, replace=True)
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            stored = (await connection.execute(select(func.count()).select_from(Contract))).scalar_one()
    finally:
        await engine.dispose()
    assert stored == counts.rows["contract"] == SMALL.contracts
