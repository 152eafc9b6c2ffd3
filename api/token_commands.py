"""`register token create | revoke | list`: manage the API tokens that writes (and closed reads) need.

A token is printed once, when it is created, on standard output alone so a script can capture it; the
register keeps only its SHA-256 hash. Revoked tokens stay listed, since the history names them.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import make_engine, make_sessionmaker
from db.models import ApiToken, Role
from db.settings import Settings
from db.tokens import TokenError, create_token, list_tokens, revoke_token

T = TypeVar("T")


def add_token_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `token` and its actions to the `register` command line."""
    token = commands.add_parser("token", help="Issue, revoke and list API tokens (the register keeps only hashes).")
    actions = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="Issue a token and print it, once, on standard output.")
    create.add_argument("--name", required=True, help="Who or what holds it; the history records this name.")
    create.add_argument(
        "--role",
        required=True,
        choices=[role.value for role in Role],
        help="reader: reads (when closed); editor: also writes; admin: everything an editor may do.",
    )
    create.set_defaults(handler=_create)
    revoke = actions.add_parser("revoke", help="Revoke a token by name; it stays listed, as the history names it.")
    revoke.add_argument("--name", required=True, help="The name the token was created with.")
    revoke.set_defaults(handler=_revoke)
    listing = actions.add_parser("list", help="List every token: name, role, when created, and whether revoked.")
    listing.set_defaults(handler=_list)


def in_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = make_engine(settings.database_url, settings)
        try:
            async with make_sessionmaker(engine)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    return asyncio.run(run())


def refuse(error: Exception) -> int:
    if isinstance(error, DBAPIError):
        reason = str(error.orig).splitlines()[0]
        print(f"register: the database refused ({reason}); has `register db upgrade` been run?", file=sys.stderr)
    else:
        print(f"register: {error}", file=sys.stderr)
    return 1


def _create(settings: Settings, args: argparse.Namespace) -> int:
    try:
        token = in_session(settings, lambda session: create_token(session, args.name, Role(args.role)))
    except (TokenError, DBAPIError) as error:
        return refuse(error)
    print(token)
    print(
        f"Issued the token {args.name.strip()!r} with the role {args.role}. Keep it now: only its hash is stored.",
        file=sys.stderr,
    )
    return 0


def _revoke(settings: Settings, args: argparse.Namespace) -> int:
    try:
        in_session(settings, lambda session: revoke_token(session, args.name))
    except (TokenError, DBAPIError) as error:
        return refuse(error)
    print(f"Revoked the token {args.name!r}; requests that present it are refused from now on.")
    return 0


def _list(settings: Settings, _args: argparse.Namespace) -> int:
    try:
        tokens = in_session(settings, list_tokens)
    except DBAPIError as error:
        return refuse(error)
    print("name\trole\tcreated\trevoked")
    for token in tokens:
        print("\t".join((token.name, token.role, _when(token.created_at), _revoked(token))))
    return 0


def _when(moment: object) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def _revoked(token: ApiToken) -> str:
    return "-" if token.revoked_at is None else _when(token.revoked_at)
