"""Who may write to the register: API tokens, stored only as hashes, each with a role."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, one_of, utc_now


class Role(enum.StrEnum):
    """What a token's holder may do: read, edit the register, or also manage tokens."""

    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"


class ApiToken(Base):
    """A bearer token for an integrating system or person; only its SHA-256 hash is kept."""

    __tablename__ = "api_token"
    __table_args__ = (one_of("role", Role),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    role: Mapped[str]
    token_hash: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    revoked_at: Mapped[datetime | None]
