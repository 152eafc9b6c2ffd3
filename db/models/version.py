"""The register's version: one row whose number every committed write to the register's records advances."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class RegisterVersion(Base):
    """The one row saying which state of the register a reader sees (see db.version for who advances it)."""

    __tablename__ = "register_version"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, comment="Goes up with every write to the register's records.")
    changed_at: Mapped[datetime] = mapped_column(comment="When the register's records last changed.")
