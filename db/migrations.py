"""Running the register's alembic migrations from code: the CLI, the app's start-up and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

ALEMBIC_DIR = Path(__file__).resolve().parent.parent / "alembic"


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An alembic configuration for the register's migrations, bound to a URL or an open connection."""
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    if url is not None:
        config.attributes["url"] = url
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate the engine's database up to a revision (by default the newest)."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(connection=sync), revision))


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    """Migrate the engine's database down to a revision (by default nothing at all)."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(connection=sync), revision))
