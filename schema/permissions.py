"""Who may write: every mutation declares CanEditRegister, so writes need an editor's or an admin's token."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from db.callers import Authentication, Caller
from schema.context import Info
from schema.errors import ErrorCode, RegisterError


def editor(auth: Authentication) -> Caller:
    """The caller when their token allows writes; otherwise the error that says what is missing.

    No token, or one that is malformed, unknown or revoked, is UNAUTHENTICATED; a valid token whose role does
    not allow writes (a reader's) is FORBIDDEN.
    """
    caller = auth.caller
    if caller is None:
        raise RegisterError(f"{auth.problem} Writes need an editor or admin token.", ErrorCode.UNAUTHENTICATED)
    if not caller.may_edit:
        raise RegisterError(
            f"The API token {caller.name!r} has the role {caller.role.value}; "
            "writing to the register needs an editor or admin token.",
            ErrorCode.FORBIDDEN,
        )
    return caller


class CanEditRegister(BasePermission):
    """Declared on every mutation: the field runs only for an editor's or an admin's token."""

    message = "Writing to the register needs an editor or admin API token."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        # Raising (rather than returning False) gives each refusal its own code and message.
        editor(info.context.auth)
        return True
