"""Who is calling: a bearer token in the Authorization header becomes a Caller, or a reason why not.

This knows HTTP and the token store, not GraphQL: the schema decides what each caller may do.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.callers import Authentication, Caller
from db.models import Role
from db.tokens import find_token

__all__ = ["authenticate", "bearer_token"]


def bearer_token(header: str | None) -> tuple[str | None, str | None]:
    """The token in an Authorization header value, or why the header is not a bearer token."""
    if header is None or not header.strip():
        return None, None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None, "The Authorization header must be `Bearer <token>`, with the token the register issued."
    return token.strip(), None


async def authenticate(sessionmaker: async_sessionmaker[AsyncSession], header: str | None) -> Authentication:
    """The caller a request's Authorization header names; unknown and revoked tokens are refused, with why."""
    token, malformed = bearer_token(header)
    if token is None:
        return Authentication(refusal=malformed)
    async with sessionmaker() as session:
        found = await find_token(session, token)
    if found is None:
        return Authentication(refusal="The API token presented is not one this register issued.")
    if found.revoked_at is not None:
        when = f"{found.revoked_at:%Y-%m-%d %H:%M:%S}"
        return Authentication(refusal=f"The API token {found.name!r} was revoked at {when}; ask for a new one.")
    return Authentication(caller=Caller(name=found.name, role=Role(found.role)))
