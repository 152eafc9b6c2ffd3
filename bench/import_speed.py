"""How long `register import transparency` takes over a 100,000-row file: `python -m bench.import_speed`.

The file is the synthetic register's (bench/synthetic, seed 1, the benchmark's shapes: its contracts, values,
dates and suppliers as the papers write them), generated into a scratch SQLite register and written out by
`register export transparency`, so every row is one the importer must read, check and write. It is kept in
bench/results/ (git-ignored) and reused. Then, for each --into database: emptied, migrated to head, and the
file imported by the command line as a council would run it, timed (wall clock and the command's CPU).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.generate import Sizes, generate

RESULTS = Path(__file__).resolve().parent / "results"
REGISTER = [str(Path(sys.executable).parent / "register")]


@dataclass(frozen=True)
class Timed:
    """One import: where, how many rows, and what it took."""

    url: str
    rows: int
    seconds: float
    cpu_seconds: float
    output: str

    def __str__(self) -> str:
        rate = self.rows / self.seconds if self.seconds else 0.0
        return (
            f"{_shown(self.url)}: {self.rows:,} rows in {self.seconds:.1f} s ({rate:,.0f} rows/s), "
            f"the command's CPU {self.cpu_seconds:.1f} s; {self.output}"
        )


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}:{Path(parts.path).name}" if parts.scheme == "sqlite" else f"{parts.hostname}{parts.path}"


def _register(arguments: list[str], url: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([*REGISTER, *arguments], env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"register {' '.join(arguments)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done


def source_file(contracts: int, seed: int) -> Path:
    """The Transparency CSV of a synthetic register of `contracts` contracts, made once and kept."""
    path = RESULTS / f"transparency-{contracts}-seed{seed}.csv"
    if path.exists():
        return path
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        url = f"sqlite:///{Path(folder) / 'source.db'}"
        sizes = Sizes(contracts=contracts, providers=max(1, contracts // 20), activities=max(1, contracts // 5))
        asyncio.run(generate(url, seed, sizes))
        partial = path.with_suffix(".part")
        _register(["export", "transparency", str(partial)], url)
        partial.rename(path)
    return path


async def _recreate_postgres(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(("postgresql+asyncpg", parts.netloc, "/postgres", "", ""))
    engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()


def empty_register(url: str) -> None:
    """The database at `url` emptied (a PostgreSQL database dropped and made again, a SQLite file removed) and
    migrated to head."""
    if url.startswith("sqlite"):
        database = Path(urlsplit(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    else:
        asyncio.run(_recreate_postgres(url))
    _register(["db", "upgrade"], url)


def time_import(url: str, path: Path) -> Timed:
    """Import the file into an empty register at `url` with the command line, timed."""
    empty_register(url)
    rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = _register(["import", "transparency", str(path)], url)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(url, rows, seconds, cpu, " ".join(done.stdout.split()))


def main(argv: Sequence[str] | None = None) -> int:
    """Time the import into each database named; print one line each."""
    parser = argparse.ArgumentParser(prog="python -m bench.import_speed", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="contracts in the file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--into",
        action="append",
        help="a database to empty and import into (repeatable; default: PostgreSQL register_import and a "
        "SQLite file in bench/results)",
    )
    args = parser.parse_args(argv)
    targets = args.into or [
        "postgresql://postgres@127.0.0.1:5432/register_import",
        f"sqlite:///{RESULTS / 'import.db'}",
    ]
    path = source_file(args.rows, args.seed)
    print(f"bench.import_speed: {path.name}, load average {os.getloadavg()[0]:.1f} before", flush=True)
    for url in targets:
        print(time_import(url, path), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
