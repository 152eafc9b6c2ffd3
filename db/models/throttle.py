"""The rate limit's buckets, shared by every API process on PostgreSQL: one row per token or client address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Double
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class ThrottleBucket(Base):
    """How many cost points a caller has left, as of a moment; the points leak back in at the restore rate."""

    __tablename__ = "throttle_bucket"

    key: Mapped[str] = mapped_column(primary_key=True, comment="'token:<name>' or 'address:<client address>'.")
    available: Mapped[float] = mapped_column(Double, comment="Points left at `updated_at`, before any leak since.")
    charged: Mapped[int] = mapped_column(BigInteger, comment="Points the last request was charged; 0 if refused.")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
