"""Who is calling: the holder of a valid API token, or why a request has none.

The HTTP layer establishes it from the Authorization header; the schema decides what each caller may do.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.models import Role

__all__ = ["ANONYMOUS", "Authentication", "Caller"]

NO_TOKEN = "No API token was presented: send the header `Authorization: Bearer <token>`."
EDITING_ROLES = frozenset({Role.EDITOR, Role.ADMIN})


@dataclass(frozen=True)
class Caller:
    """The holder of a valid token: the name the history records against their changes, and their role."""

    name: str
    role: Role

    @property
    def may_edit(self) -> bool:
        """Whether the role allows writes to the register (editor or admin)."""
        return self.role in EDITING_ROLES


@dataclass(frozen=True)
class Authentication:
    """What a request's Authorization header established: a caller, or why there is none."""

    caller: Caller | None = None
    refusal: str | None = None

    @property
    def problem(self) -> str:
        """Why the request has no caller, in words a client's developer can act on."""
        return self.refusal or NO_TOKEN


ANONYMOUS = Authentication()
