"""A scratch copy of a benchmark database, for work that writes: made from the original, dropped after.

`CREATE DATABASE ... TEMPLATE` copies files and takes seconds, but PostgreSQL refuses it while anyone else is
connected to the original (others read the benchmark's database at the same time); then the copy is made by
`pg_dump | psql` instead, slower but indifferent to readers. Either way the original is only read.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine


def _with_database(url: str, name: str, scheme: str = "postgresql") -> str:
    parts = urlsplit(url)
    return urlunsplit((scheme, parts.netloc, f"/{name}", "", ""))


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


async def _admin(url: str, *statements: str) -> None:
    engine = create_async_engine(_with_database(url, "postgres", "postgresql+asyncpg"), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


def _dump_into(source: str, target: str) -> None:
    for tool in ("pg_dump", "psql"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is not installed (Debian: postgresql-client); it copies the database")
    dump = subprocess.Popen(["pg_dump", "--no-owner", "--dbname", source], stdout=subprocess.PIPE)
    load = subprocess.run(
        ["psql", "--quiet", "--set", "ON_ERROR_STOP=1", "--dbname", target],
        stdin=dump.stdout,
        capture_output=True,
        text=True,
        check=False,
    )
    if dump.stdout is not None:
        dump.stdout.close()
    if dump.wait() != 0 or load.returncode != 0:
        raise RuntimeError(f"pg_dump | psql could not copy {_name(source)}: {load.stderr[-2000:]}")


def copy_database(url: str, name: str) -> str:
    """A new database `name` holding what the database at `url` holds; its URL. An existing `name` is dropped
    first (it is a scratch copy, and a run that was killed may have left it)."""
    source = _name(url)
    if name == source:
        raise ValueError(f"the scratch copy must not be the original database ({source})")
    asyncio.run(_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    try:
        asyncio.run(_admin(url, f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
    except DBAPIError as error:
        if "being accessed by other users" not in str(error):
            raise
        asyncio.run(_admin(url, f'CREATE DATABASE "{name}"'))
        _dump_into(_with_database(url, source), _with_database(url, name))
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def drop_database(url: str) -> None:
    """Drop the database at `url`, closing any connection left to it."""
    asyncio.run(_admin(url, f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)'))


@contextmanager
def scratch_copy(url: str, name: str) -> Iterator[str]:
    """A copy of the database at `url` named `name`, dropped when the block ends however it ends."""
    copied = copy_database(url, name)
    try:
        yield copied
    finally:
        drop_database(copied)
