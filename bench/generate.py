"""Fill a database with a large synthetic register: `python -m bench.generate --url URL --seed N`.

The database is migrated to head first. A database that already holds register rows is left alone unless
`--replace` empties the register's tables; rows are then written in chunks through SQLAlchemy Core in one
transaction, with explicit ids, so the same seed writes the same rows byte for byte on SQLite and PostgreSQL.
Chunks are written as they are drawn, so `--scale national` (a million contracts) needs no more memory than
its smaller tables.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import db.models  # noqa: F401  (registers every table on the metadata)
from bench.synthetic.records import Row
from bench.synthetic.register import TABLES, Sizes, stream_register
from db.base import Base
from db.engine import make_engine
from db.migrations import upgrade
from db.version import advance

__all__ = ["Counts", "RegisterNotEmptyError", "Sizes", "generate", "main", "register_tables"]

SCALES = {"council": Sizes(), "national": Sizes.national()}
SIZES = ("contracts", "providers", "activities", "plans")


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


@dataclass
class _Clock:
    """Rows written per table, and the time spent drawing them apart from the time spent writing them."""

    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    building: float = 0.0
    writing: float = 0.0


def _timed(chunks: Iterator[tuple[str, list[Row]]], clock: _Clock) -> Iterator[tuple[str, list[Row]]]:
    while True:
        started = time.perf_counter()
        chunk = next(chunks, None)
        clock.building += time.perf_counter() - started
        if chunk is None:
            return
        yield chunk


async def _write(connection: AsyncConnection, chunks: Iterator[tuple[str, list[Row]]], clock: _Clock) -> None:
    for name, rows in _timed(chunks, clock):
        started = time.perf_counter()
        await connection.execute(Base.metadata.tables[name].insert(), rows)
        clock.writing += time.perf_counter() - started
        clock.rows[name] += len(rows)


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
    clock = _Clock()
    engine = make_engine(url)
    started = time.perf_counter()
    try:
        await upgrade(engine)
        tables = register_tables(TABLES)
        async with engine.begin() as connection:
            occupied = await _occupied(connection, tables)
            if occupied and not replace:
                held = ", ".join(f"{count:,} {name}" for name, count in occupied.items())
                raise RegisterNotEmptyError(
                    f"the database already holds register rows ({held}); pass --replace to empty it first"
                )
            if occupied:
                await _empty(connection, tables)
            await _write(connection, stream_register(seed, sizes), clock)
            # Written past the ORM, so the register's version is advanced here: downloads kept against it go stale.
            await connection.run_sync(advance)
            if connection.dialect.name == "postgresql":
                await _advance_sequences(connection, TABLES)
        await _analyse(engine)
    finally:
        await engine.dispose()
    # Writing is everything but drawing the rows: migrating, inserting, the sequences and VACUUM ANALYZE.
    return Counts(
        rows=clock.rows,
        build_seconds=clock.building,
        write_seconds=time.perf_counter() - started - clock.building,
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line: where to write, the seed, and the sizes (defaults are the benchmark's)."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="sqlite:///path.db or postgresql://user@host/db")
    parser.add_argument("--seed", type=int, required=True, help="the same seed gives the same rows")
    parser.add_argument(
        "--scale",
        choices=tuple(SCALES),
        default="council",
        help="council: 100,000 contracts (the default); national: 1,000,000, see bench/README.md",
    )
    for name in SIZES:
        parser.add_argument(f"--{name}", type=int, help="instead of the scale's")
    parser.add_argument("--replace", action="store_true", help="empty the register's tables before writing")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the generator from the command line and print what it wrote."""
    args = build_parser().parse_args(argv)
    try:
        given = {name: getattr(args, name) for name in SIZES if getattr(args, name) is not None}
        sizes = dataclasses.replace(SCALES[args.scale], **given)
        counts = asyncio.run(generate(args.url, args.seed, sizes, replace=args.replace))
    except (ValueError, RegisterNotEmptyError) as error:
        print(f"bench.generate: {error}", file=sys.stderr)
        return 2
    print(f"Generated seed {args.seed} into {args.url}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
