"""`register import ocds FILE` and `register export ocds [FILE]`: the register as OCDS 1.1 release packages."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from api.ocds_request import DOWNLOAD_PATH, published_date
from api.progress import line_progress
from db.engine import make_engine, make_sessionmaker
from db.exchange import ImportRejected, ImportReport
from db.ocds import import_ocds_package, release_package_chunks
from db.ocds.reading import Package
from db.settings import Settings
from db.version import read_version, snapshot

__all__ = ["add_ocds_commands"]


async def _import(
    settings: Settings, package: Package, source_name: str, actor: str, progress: Callable[[int], None] | None
) -> ImportReport:
    engine = make_engine(settings.database_url, settings)
    try:
        async with make_sessionmaker(engine)() as session:
            report = await import_ocds_package(
                session,
                package,
                actor=actor,
                source_name=source_name,
                progress=progress,
                prefix=settings.ocid_prefix,
            )
            await session.commit()
            return report
    finally:
        await engine.dispose()


def _import_ocds(settings: Settings, args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        with path.open("rb") as file, line_progress(f"{path.name} (bytes)", path.stat().st_size) as progress:
            report = asyncio.run(_import(settings, file, path.name, args.actor, progress))
    except OSError as error:
        print(f"register: cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    except ImportRejected as rejected:
        print(f"Import of {path.name} rejected; nothing was written.", file=sys.stderr)
        print(rejected.report, file=sys.stderr)
        return 1
    print(report)
    return 0


async def _export_to(settings: Settings, out: TextIO, published: datetime | None, uri: str) -> None:
    engine = make_engine(settings.database_url, settings)
    try:
        async with make_sessionmaker(engine)() as session:
            await snapshot(session)
            dated = (await read_version(session)).changed_at if published is None else published
            async for chunk in release_package_chunks(session, published=dated, uri=uri, prefix=settings.ocid_prefix):
                out.write(chunk)
    finally:
        await engine.dispose()


def _export_ocds(settings: Settings, args: argparse.Namespace) -> int:
    published: datetime | None = args.published_date
    uri = args.uri or f"http://{settings.host}:{settings.port}{DOWNLOAD_PATH}"
    path: Path | None = args.file
    if path is None:
        asyncio.run(_export_to(settings, sys.stdout, published, uri))
        return 0
    try:
        with path.open("w", encoding="utf-8") as out:
            asyncio.run(_export_to(settings, out, published, uri))
    except OSError as error:
        print(f"register: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"Exported the register to {path}.", file=sys.stderr)
    return 0


def add_ocds_commands(
    import_formats: argparse._SubParsersAction[argparse.ArgumentParser],
    export_formats: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    actor: str,
) -> None:
    """Add `ocds` under `register import` and `register export`."""
    ocds_in = import_formats.add_parser(
        "ocds",
        help="An OCDS 1.1 release package or release: the register's own, Contracts Finder's, Find a Tender's.",
        description="Upsert contracts by reference or ocid (suppliers by company number, else name) and the "
        "register's own activities. A bad release rejects the whole file, naming every problem by its JSON path; "
        "importing the same file again changes nothing. Fields the register does not map are kept with each "
        "contract and published again.",
    )
    ocds_in.add_argument("file", type=Path, metavar="FILE", help="The JSON file to import (read as it streams).")
    ocds_in.add_argument("--actor", default=actor, help="Who the change history records (default: cli:<your login>).")
    ocds_in.set_defaults(handler=_import_ocds)

    ocds_out = export_formats.add_parser(
        "ocds",
        help="Every contract and significant activity as an OCDS 1.1 release package (OCID_PREFIX sets the ocids).",
    )
    ocds_out.add_argument("file", type=Path, nargs="?", metavar="FILE", help="Where to write it (default: stdout).")
    ocds_out.add_argument(
        "--published-date",
        type=published_date,
        help="The package's and releases' date, ISO 8601 (default: when the register last changed); the same date "
        "gives the same bytes.",
    )
    ocds_out.add_argument("--uri", help=f"The package's URI (default: this register's {DOWNLOAD_PATH}).")
    ocds_out.set_defaults(handler=_export_ocds)
