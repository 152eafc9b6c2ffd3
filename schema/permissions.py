"""Who may write: every mutation declares CanEditRegister, so writes need an editor's or an admin's token;
webhooks are an admin's alone (CanManageWebhooks)."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from db.callers import Authentication, Caller
from db.models import Role
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


def admin(auth: Authentication) -> Caller:
    """The caller when their token is an admin's (webhooks are managed by admins alone); otherwise the error."""
    caller = auth.caller
    if caller is None:
        raise RegisterError(f"{auth.problem} Managing webhooks needs an admin token.", ErrorCode.UNAUTHENTICATED)
    if caller.role is not Role.ADMIN:
        raise RegisterError(
            f"The API token {caller.name!r} has the role {caller.role.value}; managing webhooks needs an admin token.",
            ErrorCode.FORBIDDEN,
        )
    return caller


class CanManageWebhooks(BasePermission):
    """Declared on every webhook query and mutation: the field runs only for an admin's token."""

    message = "Managing webhooks needs an admin API token."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        admin(info.context.auth)
        return True


class CanEditRegister(BasePermission):
    """Declared on every mutation: the field runs only for an editor's or an admin's token."""

    message = "Writing to the register needs an editor or admin API token."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        # Raising (rather than returning False) gives each refusal its own code and message.
        editor(info.context.auth)
        return True
