"""`register persisted load | list`: the operations a front end may send by hash, loaded ahead by the council.

`load FOLDER` reads every `.graphql` file below the folder (see api/operation_folder.py), checks each operation
against the schema and the register's limits, and keeps them all, or, if any is bad, reports every problem and
keeps none. Loading a folder again changes nothing. With PERSISTED_QUERIES_ONLY, these are the only operations
the register runs.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import make_engine, make_sessionmaker
from db.models import PersistedOperation
from db.persisted import Operation, list_operations, store_ahead
from db.settings import Settings

__all__ = ["add_persisted_commands", "load_folders"]


def add_persisted_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `persisted` and its actions to the `register` command line."""
    persisted = commands.add_parser("persisted", help="Load and list the operations front ends send by hash.")
    actions = persisted.add_subparsers(dest="persisted_command", required=True, metavar="ACTION")
    load = actions.add_parser(
        "load", help="Check every .graphql file below FOLDER against the schema and keep its operations (all or none)."
    )
    load.add_argument("folder", type=Path, help="A folder of .graphql files, as Relay's or Apollo's tools emit them.")
    load.set_defaults(handler=_load)
    listing = actions.add_parser("list", help="List every kept operation: its hash, how it was kept, its names.")
    listing.set_defaults(handler=_list)


async def load_folders(
    sessionmaker: async_sessionmaker[AsyncSession], folders: tuple[Path, ...], settings: Settings
) -> list[tuple[Operation, bool]]:
    """Keep every operation of the folders, or raise FolderProblems and keep none; each with whether it is new."""
    # Imported when folders are loaded: the schema takes seconds to build, which every command would pay at start.
    from api.operation_folder import operations_in_folder
    from schema import make_schema

    schema = make_schema(settings)._schema
    operations = [operation for folder in folders for operation in operations_in_folder(folder, schema, settings)]
    async with sessionmaker() as session:
        known = {operation.sha256 for operation in await list_operations(session)}
        await store_ahead(session, operations)
        await session.commit()
    return [(operation, operation.sha256 not in known) for operation in operations]


def _load(settings: Settings, args: argparse.Namespace) -> int:
    from api.operation_folder import FolderProblems

    async def run() -> list[tuple[Operation, bool]]:
        engine = make_engine(settings.database_url, settings)
        try:
            return await load_folders(make_sessionmaker(engine), (args.folder,), settings)
        finally:
            await engine.dispose()

    try:
        loaded = asyncio.run(run())
    except FolderProblems as problems:
        print(f"register: {problems}", file=sys.stderr)
        return 1
    except DBAPIError as error:
        return _refused(error)
    for operation, new in loaded:
        kept = "" if new else "  (kept already)"
        print(f"{operation.sha256}  {','.join(operation.operations)}  {operation.origin}{kept}")
    fresh = sum(new for _, new in loaded)
    print(f"Loaded {len(loaded)} operation(s) from {args.folder} ({fresh} new).", file=sys.stderr)
    return 0


def _list(settings: Settings, _args: argparse.Namespace) -> int:
    async def run() -> list[PersistedOperation]:
        engine = make_engine(settings.database_url, settings)
        try:
            async with make_sessionmaker(engine)() as session:
                return await list_operations(session)
        finally:
            await engine.dispose()

    try:
        kept = asyncio.run(run())
    except DBAPIError as error:
        return _refused(error)
    print("sha256\tregistration\toperations\torigin\tkept")
    for row in kept:
        print(
            "\t".join(
                (row.sha256, row.registration, row.operations or "-", row.origin, f"{row.created_at:%Y-%m-%d %H:%M:%S}")
            )
        )
    return 0


def _refused(error: DBAPIError) -> int:
    reason = str(error.orig).splitlines()[0]
    print(f"register: the database refused ({reason}); has `register db upgrade` been run?", file=sys.stderr)
    return 1
