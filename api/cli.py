"""The `register` command: serve the API, migrate and seed the database, print the schema."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from api.exchange_commands import add_exchange_commands
from api.persisted_commands import add_persisted_commands
from api.token_commands import add_token_commands
from api.webhook_commands import add_webhook_commands
from db.engine import make_engine, make_sessionmaker
from db.migrations import downgrade, upgrade
from db.settings import Settings, SettingsError

Handler = Callable[[Settings, argparse.Namespace], int]


def _serve(settings: Settings, _args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    uvicorn.run(
        create_app(settings, deliver=settings.webhook_worker), host=settings.host, port=settings.port, log_level="info"
    )
    return 0


def _migration(step: Callable[[AsyncEngine, str], Awaitable[None]], done: str) -> Handler:
    def handler(settings: Settings, args: argparse.Namespace) -> int:
        async def run() -> None:
            engine = make_engine(settings.database_url, settings)
            try:
                await step(engine, args.revision)
            finally:
                await engine.dispose()

        asyncio.run(run())
        print(f"Database {done} to {args.revision}.")
        return 0

    return handler


_db_upgrade = _migration(upgrade, "upgraded")
_db_downgrade = _migration(downgrade, "downgraded")


def _seed(settings: Settings, args: argparse.Namespace) -> int:
    from db.seed import is_seeded, seed_register

    async def run() -> str:
        engine = make_engine(settings.database_url, settings)
        try:
            async with make_sessionmaker(engine)() as session:
                if args.if_empty and await is_seeded(session):
                    return "The register already holds data; nothing seeded."
                report = await seed_register(session)
                await session.commit()
                return str(report)
        finally:
            await engine.dispose()

    print(asyncio.run(run()))
    return 0


def _sdl(_settings: Settings, _args: argparse.Namespace) -> int:
    from schema import schema

    sys.stdout.write(schema.as_str() + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line, one sub-command per job, each with its own --help."""
    parser = argparse.ArgumentParser(
        prog="register",
        description="The council's contracts and commissioning register. "
        "DATABASE_URL picks the database (default SQLite ./register.db).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="Serve the GraphQL API on HOST:PORT (default 127.0.0.1:8000).")
    serve.set_defaults(handler=_serve)

    database = commands.add_parser("db", help="Migrate the database schema.")
    db_commands = database.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = db_commands.add_parser("upgrade", help="Apply migrations up to a revision (default: head, the newest).")
    up.add_argument("revision", nargs="?", default="head", help="Target revision (default: head).")
    up.set_defaults(handler=_db_upgrade)
    down = db_commands.add_parser("downgrade", help="Undo migrations down to a revision (default: base, empty).")
    down.add_argument("revision", nargs="?", default="base", help="Target revision (default: base).")
    down.set_defaults(handler=_db_downgrade)

    seed = commands.add_parser(
        "seed",
        help="Load the register transcribed from the council papers; running it again changes nothing.",
    )
    seed.add_argument("--if-empty", action="store_true", help="Only seed a register that holds no plans yet.")
    seed.set_defaults(handler=_seed)

    sdl = commands.add_parser("sdl", help="Print the GraphQL schema (SDL) the API serves.")
    sdl.set_defaults(handler=_sdl)
    add_exchange_commands(commands)
    add_token_commands(commands)
    add_persisted_commands(commands)
    add_webhook_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `register` command line and return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_environ(os.environ)
    except SettingsError as error:
        print(f"register: {error}", file=sys.stderr)
        return 2
    handler: Handler = args.handler
    try:
        return handler(settings, args)
    except BrokenPipeError:
        # The reader went away (`register export ocds | head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
