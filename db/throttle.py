"""The rate limit: a leaky bucket of cost points per caller, as Shopify's.

Each caller's bucket holds at most `maximum` points and refills at `restore_rate` points a second. A request is
charged its requested cost before it runs, and refused when the bucket holds less; once it has run, what it did
not use is given back. On PostgreSQL the buckets are rows every API process shares, and a charge is one atomic
statement; a refund is credited with the caller's next charge, so it costs no statement of its own. On SQLite,
which serves one process, the buckets are kept in that process's memory.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Double, String, bindparam, case, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.models import ThrottleBucket

bucket = ThrottleBucket.__table__

MEMORY_KEYS = 10_000
"""Past this many callers in memory, buckets that have filled up again are forgotten (a new one starts full)."""


@dataclass(frozen=True)
class Level:
    """A bucket just after a charge: whether the request was let through, and the points then left."""

    granted: bool
    available: float
    maximum: int
    restore_rate: int

    def retry_after(self, cost: int) -> int:
        """Whole seconds until the bucket holds `cost` points again."""
        return max(1, math.ceil((cost - self.available) / self.restore_rate))

    def refunded(self, points: float) -> Level:
        """The level once unused points are given back."""
        return Level(self.granted, min(self.maximum, self.available + points), self.maximum, self.restore_rate)


class Throttle:
    """Every caller's bucket for one app: in the shared table on PostgreSQL, in memory on SQLite."""

    def __init__(self, maximum: int, restore_rate: int) -> None:
        self.maximum = maximum
        self.restore_rate = restore_rate
        self._memory: dict[str, tuple[float, float]] = {}
        self._refunds: dict[str, float] = {}
        # The app's engine, as used for charges: the same pool, without a transaction around each statement.
        self._engines: dict[AsyncEngine, AsyncEngine] = {}
        # Built once: only the caller, the cost and the refund change between charges, and they are bound.
        self._charge_statement = self._statement()

    async def charge(self, sessionmaker: async_sessionmaker[AsyncSession], key: str, cost: int) -> Level:
        """Take `cost` points from the caller's bucket if it holds that many; the level says whether it did."""
        if _dialect(sessionmaker) == "postgresql":
            return await self._charge_shared(sessionmaker, key, cost)
        return self._charge_memory(key, cost)

    def refund(self, sessionmaker: async_sessionmaker[AsyncSession], key: str, points: int, level: Level) -> Level:
        """Give back points a request was charged but did not use."""
        if points <= 0:
            return level
        if _dialect(sessionmaker) == "postgresql":
            if len(self._refunds) >= MEMORY_KEYS and key not in self._refunds:
                # Refunds wait for their caller's next request; past this many callers, the oldest is dropped
                # (erring on the caller's side of nothing: it was charged what it asked, as if it used it all).
                self._refunds.pop(next(iter(self._refunds)))
            self._refunds[key] = self._refunds.get(key, 0.0) + points
        else:
            available, at = self._memory[key]
            self._memory[key] = (min(self.maximum, available + points), at)
        return level.refunded(points)

    def _charge_memory(self, key: str, cost: int) -> Level:
        now = time.monotonic()
        available, at = self._memory.get(key, (float(self.maximum), now))
        available = min(float(self.maximum), available + (now - at) * self.restore_rate)
        granted = available >= cost
        if granted:
            available -= cost
        self._memory[key] = (available, now)
        if len(self._memory) > MEMORY_KEYS:
            self._forget_full(now)
        return Level(granted, available, self.maximum, self.restore_rate)

    def _forget_full(self, now: float) -> None:
        full = [
            key
            for key, (available, at) in self._memory.items()
            if available + (now - at) * self.restore_rate >= self.maximum
        ]
        for key in full:
            del self._memory[key]

    async def _charge_shared(self, sessionmaker: async_sessionmaker[AsyncSession], key: str, cost: int) -> Level:
        refund = self._refunds.pop(key, 0.0)
        # One atomic statement needs no transaction around it: in autocommit it is one round trip, not four
        # (BEGIN, the charge, COMMIT, and the pool's ping, which a connection used a moment ago skips).
        statement, parameters = self._charge_statement, {"key": key, "cost": cost, "refund": refund}
        bind = sessionmaker.kw["bind"]
        if isinstance(bind, AsyncEngine):
            async with self._autocommit(bind).connect() as connection:
                row = (await connection.execute(statement, parameters)).one()
        else:
            # Sessions bound to one connection (a caller's transaction, as the tests' are) charge inside it.
            async with sessionmaker() as session:
                row = (await session.execute(statement, parameters)).one()
                await session.commit()
        return Level(row.charged == cost, row.available, self.maximum, self.restore_rate)

    def _autocommit(self, engine: AsyncEngine) -> AsyncEngine:
        shared = self._engines.get(engine)
        if shared is None:
            shared = self._engines[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
        return shared

    def _statement(self) -> Any:
        """The charge as one statement with its caller, cost and refund bound, built once (see __init__)."""
        now = func.clock_timestamp()
        leaked = func.extract("epoch", now - bucket.c.updated_at) * self.restore_rate
        cost = bindparam("cost", type_=BigInteger)
        level = func.least(float(self.maximum), bucket.c.available + leaked + bindparam("refund", type_=Double))
        enough = level >= cost
        fresh = {
            "key": bindparam("key", type_=String),
            "available": float(self.maximum) - cost,
            "charged": cost,
            "updated_at": now,
        }
        return (
            insert(ThrottleBucket)
            .values(fresh)
            .on_conflict_do_update(
                index_elements=[bucket.c.key],
                set_={
                    "available": case((enough, level - cost), else_=level),
                    "charged": case((enough, cost), else_=0),
                    "updated_at": now,
                },
            )
            .returning(bucket.c.available, bucket.c.charged)
        )


def _dialect(sessionmaker: async_sessionmaker[AsyncSession]) -> str:
    bind = sessionmaker.kw.get("bind")
    return "" if bind is None else str(bind.dialect.name)
