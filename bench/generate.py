"""Fill a database with a large synthetic register: `python -m bench.generate --url URL --seed N`.

The database is migrated to head first. A database that already holds register rows is left alone unless
`--replace` empties the register's tables; rows are then written in chunks through SQLAlchemy Core in one
transaction, with explicit ids, so the same seed writes the same rows byte for byte on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import db.models  # noqa: F401  (registers every table on the metadata)
from bench.synthetic.records import Row
from bench.synthetic.register import Sizes, build_register
from db.base import Base
from db.engine import make_engine
from db.migrations import upgrade
from db.version import advance

__all__ = ["Counts", "RegisterNotEmptyError", "Sizes", "generate", "main", "register_tables"]

CHUNK_ROWS = 5_000


class RegisterNotEmptyError(RuntimeError):
    """The target database already holds register rows and `replace` was not asked for."""


@dataclass(frozen=True)
class Counts:
    """How many rows each table received, and how long building and writing them took."""

    rows: dict[str, int]
    build_seconds: float
    write_seconds: float

    def __str__(self) -> str:
        tables = ", ".join(f"{name} {count:,}" for name, count in self.rows.items())
        return f"{tables}; built in {self.build_seconds:.1f}s, written in {self.write_seconds:.1f}s"


def register_tables(written: Sequence[str]) -> list[Table]:
    """The tables the generator writes and every table that refers to them, parents first.

    Tables outside that closure (API tokens, the change history) are never read, checked or emptied.
    """
    names = set(written)
    grown = True
    while grown:
        referring = {
            table.name
            for table in Base.metadata.sorted_tables
            if any(key.column.table.name in names for key in table.foreign_keys)
        }
        grown = not referring <= names
        names |= referring
    return [table for table in Base.metadata.sorted_tables if table.name in names]


async def _occupied(connection: AsyncConnection, tables: Sequence[Table]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in tables:
        count = (await connection.execute(select(func.count()).select_from(table))).scalar_one()
        if count:
            counts[table.name] = count
    return counts


async def _empty(connection: AsyncConnection, tables: Sequence[Table]) -> None:
    quote = connection.dialect.identifier_preparer.quote
    if connection.dialect.name == "postgresql":
        names = ", ".join(quote(table.name) for table in tables)
        await connection.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY"))
        return
    for table in reversed(tables):
        await connection.execute(table.delete())


async def _write(connection: AsyncConnection, rows_by_table: dict[str, list[Row]]) -> None:
    for name, rows in rows_by_table.items():
        table = Base.metadata.tables[name]
        for start in range(0, len(rows), CHUNK_ROWS):
            await connection.execute(table.insert(), rows[start : start + CHUNK_ROWS])


async def _advance_sequences(connection: AsyncConnection, names: Sequence[str]) -> None:
    # Rows were written with explicit ids, which leaves PostgreSQL's sequences behind; the next insert
    # by the application must not collide with them.
    quote = connection.dialect.identifier_preparer.quote
    for name in names:
        if "id" not in Base.metadata.tables[name].c:
            continue
        await connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f"COALESCE((SELECT max(id) FROM {quote(name)}), 1), "
                f"(SELECT max(id) FROM {quote(name)}) IS NOT NULL)"
            ),
            {"table": quote(name)},
        )


async def _analyse(engine: AsyncEngine) -> None:
    # Fresh statistics (and, on PostgreSQL, a visibility map for index-only scans) so the first
    # benchmark run sees the plans later runs will see.
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))


async def generate(url: str, seed: int, sizes: Sizes, *, replace: bool = False) -> Counts:
    """Migrate the database at `url` and fill it with the synthetic register for `seed` and `sizes`."""
    started = time.perf_counter()
    rows_by_table = build_register(seed, sizes)
    built = time.perf_counter()
    engine = make_engine(url)
    try:
        await upgrade(engine)
        tables = register_tables(list(rows_by_table))
        async with engine.begin() as connection:
            occupied = await _occupied(connection, tables)
            if occupied and not replace:
                held = ", ".join(f"{count:,} {name}" for name, count in occupied.items())
                raise RegisterNotEmptyError(
                    f"the database already holds register rows ({held}); pass --replace to empty it first"
                )
            if occupied:
                await _empty(connection, tables)
            await _write(connection, rows_by_table)
            # Written past the ORM, so the register's version is advanced here: downloads kept against it go stale.
            await connection.run_sync(advance)
            if connection.dialect.name == "postgresql":
                await _advance_sequences(connection, list(rows_by_table))
        await _analyse(engine)
    finally:
        await engine.dispose()
    written = time.perf_counter()
    return Counts(
        rows={name: len(rows) for name, rows in rows_by_table.items()},
        build_seconds=built - started,
        write_seconds=written - built,
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line: where to write, the seed, and the sizes (defaults are the benchmark's)."""
    defaults = Sizes()
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="sqlite:///path.db or postgresql://user@host/db")
    parser.add_argument("--seed", type=int, required=True, help="the same seed gives the same rows")
    parser.add_argument("--contracts", type=int, default=defaults.contracts)
    parser.add_argument("--providers", type=int, default=defaults.providers)
    parser.add_argument("--activities", type=int, default=defaults.activities)
    parser.add_argument("--plans", type=int, default=defaults.plans)
    parser.add_argument("--replace", action="store_true", help="empty the register's tables before writing")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the generator from the command line and print what it wrote."""
    args = build_parser().parse_args(argv)
    try:
        sizes = Sizes(args.contracts, args.providers, args.activities, args.plans)
        counts = asyncio.run(generate(args.url, args.seed, sizes, replace=args.replace))
    except (ValueError, RegisterNotEmptyError) as error:
        print(f"bench.generate: {error}", file=sys.stderr)
        return 2
    print(f"Generated seed {args.seed} into {args.url}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
