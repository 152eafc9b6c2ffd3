"""API tokens: issued once in plain text, kept only as a SHA-256 hash, revoked but never deleted.

A token names its holder (a person or an integrating system) and carries a role; the history records the
name against every change the token makes, so a revoked token's name stays taken.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utc_now
from db.models import ApiToken, Role

__all__ = ["TOKEN_PREFIX", "TokenError", "create_token", "find_token", "hash_token", "list_tokens", "revoke_token"]

# A recognisable prefix lets secret scanners and people tell a register token from other secrets.
TOKEN_PREFIX = "reg_"


class TokenError(ValueError):
    """A token operation the register refuses; the message says why, naming the token."""


def hash_token(token: str) -> str:
    """The hex SHA-256 digest under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def create_token(session: AsyncSession, name: str, role: Role) -> str:
    """Issue a token for a named holder and return it in plain text: the only time it is ever shown."""
    name = name.strip()
    if not name:
        raise TokenError("a token needs a name that says who or what holds it")
    if await session.scalar(select(ApiToken.id).where(ApiToken.name == name)) is not None:
        raise TokenError(f"a token named {name!r} already exists (names stay taken after revocation)")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(name=name, role=Role(role).value, token_hash=hash_token(token)))
    await session.flush()
    return token


async def revoke_token(session: AsyncSession, name: str) -> ApiToken:
    """Revoke the named token from now on; the record stays, so its name still explains the history."""
    found = await session.scalar(select(ApiToken).where(ApiToken.name == name))
    if found is None:
        raise TokenError(f"no token is named {name!r}")
    if found.revoked_at is not None:
        raise TokenError(f"the token {name!r} was already revoked at {found.revoked_at.isoformat()}")
    found.revoked_at = utc_now()
    await session.flush()
    return found


async def list_tokens(session: AsyncSession) -> list[ApiToken]:
    """Every token ever issued, revoked ones included, by name."""
    return list(await session.scalars(select(ApiToken).order_by(ApiToken.name)))


async def find_token(session: AsyncSession, token: str) -> ApiToken | None:
    """The token record a presented token matches, revoked or not, or None when the register never issued it."""
    found: ApiToken | None = await session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    return found
