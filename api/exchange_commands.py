"""`register import FORMAT FILE` and `register export FORMAT [FILE]`: the register in open exchange formats.

Each format adds its sub-commands under `import` and `export` here. An import is all or nothing: on any bad
row it exits 1, lists every bad row with its line and reason on standard error, and writes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from api.ocds_commands import add_ocds_commands
from api.progress import count_lines, line_progress
from db.engine import make_engine, make_sessionmaker
from db.exchange import ImportRejected, ImportReport, binary_kind, not_a_document
from db.settings import Settings
from db.transparency import export_transparency_csv, import_transparency_csv

__all__ = ["add_exchange_commands"]


def _default_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


async def _import_lines(
    settings: Settings, lines: Iterable[str], source_name: str, actor: str, progress: Callable[[int], None] | None
) -> ImportReport:
    engine = make_engine(settings.database_url, settings)
    try:
        async with make_sessionmaker(engine)() as session:
            report = await import_transparency_csv(
                session, lines, actor=actor, source_name=source_name, progress=progress
            )
            await session.commit()
            return report
    finally:
        await engine.dispose()


def _import_transparency(settings: Settings, args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        with path.open("rb") as raw:
            binary = binary_kind(raw.read(512))
        if binary is not None:
            print(f"register: {path}: {not_a_document(binary, 'CSV')}; nothing was written.", file=sys.stderr)
            return 1
        total = count_lines(path)
        with path.open(encoding=args.encoding, newline="") as file, line_progress(path.name, total) as progress:
            report = asyncio.run(_import_lines(settings, file, path.name, args.actor, progress))
    except OSError as error:
        print(f"register: cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as error:
        print(
            f"register: {path} is not {args.encoding} text ({error.reason}); nothing was written. "
            "Files saved by Excel are often cp1252: try --encoding cp1252.",
            file=sys.stderr,
        )
        return 1
    except ImportRejected as rejected:
        print(f"Import of {path.name} rejected; nothing was written.", file=sys.stderr)
        print(rejected.report, file=sys.stderr)
        return 1
    print(report)
    return 0


async def _export_to(settings: Settings, out: TextIO) -> int:
    engine = make_engine(settings.database_url, settings)
    try:
        async with make_sessionmaker(engine)() as session:
            return await export_transparency_csv(session, out)
    finally:
        await engine.dispose()


def _export_transparency(settings: Settings, args: argparse.Namespace) -> int:
    path: Path | None = args.file
    if path is None:
        count = asyncio.run(_export_to(settings, sys.stdout))
        print(f"Exported {count} contracts.", file=sys.stderr)
        return 0
    try:
        with path.open("w", encoding="utf-8", newline="") as out:
            count = asyncio.run(_export_to(settings, out))
    except OSError as error:
        print(f"register: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"Exported {count} contracts to {path}.", file=sys.stderr)
    return 0


def add_exchange_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `import` and `export`, each with one sub-command per format, to the `register` command line."""
    importing = commands.add_parser("import", help="Import contracts from a file in an open format; all or nothing.")
    import_formats = importing.add_subparsers(dest="format", required=True, metavar="FORMAT")
    transparency_in = import_formats.add_parser(
        "transparency",
        help="A Local Government Transparency Code 2015 contracts CSV, in any council's column layout.",
        description="Upsert contracts by reference (suppliers by company number, else name). A bad row rejects "
        "the whole file, listing every bad row; importing the same file again changes nothing.",
    )
    transparency_in.add_argument("file", type=Path, metavar="FILE", help="The CSV file to import.")
    transparency_in.add_argument(
        "--actor", default=_default_actor(), help="Who the change history records (default: cli:<your login>)."
    )
    transparency_in.add_argument(
        "--encoding", default="utf-8-sig", help="The file's text encoding (default: UTF-8, with or without a BOM)."
    )
    transparency_in.set_defaults(handler=_import_transparency)

    exporting = commands.add_parser("export", help="Export the register in an open format.")
    export_formats = exporting.add_subparsers(dest="format", required=True, metavar="FORMAT")
    transparency_out = export_formats.add_parser(
        "transparency",
        help="Every contract as a Transparency Code CSV: the Code's columns, then the register's own.",
    )
    transparency_out.add_argument(
        "file", type=Path, nargs="?", metavar="FILE", help="Where to write the CSV (default: standard output)."
    )
    transparency_out.set_defaults(handler=_export_transparency)
    add_ocds_commands(import_formats, export_formats, actor=_default_actor())
