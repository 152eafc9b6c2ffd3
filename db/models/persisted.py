"""Persisted operations: GraphQL documents the register keeps by their SHA-256, so clients send only the hash."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, one_of, utc_now


class Registration(enum.StrEnum):
    """How an operation came to be kept: loaded ahead by the council, or registered by a client on the fly."""

    AHEAD = "ahead"
    AUTOMATIC = "automatic"


class PersistedOperation(Base):
    """A GraphQL document kept under the hex SHA-256 of its text; not register data, so writes leave the
    register's version alone."""

    __tablename__ = "persisted_operation"
    __table_args__ = (
        one_of("registration", Registration),
        # Automatic registrations are bounded: the oldest are found, and dropped, through this index.
        Index("ix_persisted_operation_registration_created_at", "registration", "created_at"),
    )

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, comment="Hex SHA-256 of `document`.")
    document: Mapped[str] = mapped_column(Text, comment="The document's text, exactly as hashed.")
    registration: Mapped[str] = mapped_column(comment="'ahead' (loaded by the council) or 'automatic' (APQ).")
    operations: Mapped[str] = mapped_column(comment="The names of the document's operations, comma-separated.")
    origin: Mapped[str] = mapped_column(comment="The file it was loaded from, or 'APQ' for a client's registration.")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
