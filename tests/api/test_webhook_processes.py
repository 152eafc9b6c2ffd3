"""Webhooks across real processes: a worker killed with SIGKILL loses nothing, and two servers on one
database deliver each change once."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from db.engine import WRITES, make_engine
from db.history import record_change, snapshot
from db.migrations import upgrade
from db.models import Change, ChangeKind, Contract, WebhookAttempt, WebhookDelivery
from db.seed import seed_register
from db.settings import Settings
from db.webhooks import add_subscription, check_receiver
from tests.api.webhook_receiver import Receiver, receiving
from tests.conftest import POSTGRES_URL, fresh_database

REGISTER = str(Path(sys.executable).with_name("register"))
# Generous bounds on waiting for another process, only so that a broken build fails instead of hanging.
PATIENCE_SECONDS = 60


@dataclass
class ProcessDatabase:
    """A seeded register in a database of its own that other processes reach by DATABASE_URL alone."""

    url: str
    engine: AsyncEngine

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "WEBHOOK_ALLOW_LOOPBACK": "true",
            "WEBHOOK_TIMEOUT_SECONDS": "2",
            "WEBHOOK_POLL_SECONDS": "0.1",
            "GRAPHIQL": "false",
            **extra,
        }


@pytest.fixture
async def process_database(backend: str, tmp_path: Path) -> AsyncIterator[ProcessDatabase]:
    await fresh_database(backend, tmp_path)  # skips (or fails under REQUIRE_POSTGRES) without PostgreSQL
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'register.db'}"
    else:
        # A database, not a schema: a process started with only DATABASE_URL must find the tables.
        name = f"test_webhooks_{secrets.token_hex(4)}"
        admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    await upgrade(engine)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        await seed_register(session)
        await session.commit()
    try:
        yield ProcessDatabase(url, engine)
    finally:
        await engine.dispose()
        if backend == "postgresql":
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            await admin.dispose()


@contextmanager
def process(*args: str, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A `register` command running in a process of its own, stopped (if still running) afterwards."""
    started = subprocess.Popen([REGISTER, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield started
    finally:
        if started.poll() is None:
            started.terminate()
            try:
                started.wait(timeout=PATIENCE_SECONDS)
            except subprocess.TimeoutExpired:
                started.kill()
                started.wait()
        assert started.stderr is not None
        started.stderr.close()


async def until(condition: Callable[[], Awaitable[bool]], what: str) -> None:
    """Wait for another process to bring something about."""
    for _ in range(PATIENCE_SECONDS * 20):
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"gave up waiting: {what}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def subscribe(database: ProcessDatabase, receiver: Receiver, name: str) -> None:
    async with async_sessionmaker(database.engine, expire_on_commit=False)() as session:
        checked = await check_receiver(receiver.url, Settings(webhook_allow_loopback=True))
        _, receiver.secret = await add_subscription(session, checked, name=name, created_by="test")
        await session.commit()


async def change_a_contract(database: ProcessDatabase, end: str) -> int:
    """Commit a change to a contract, as any writer does; returns the change's number."""
    async with async_sessionmaker(database.engine, expire_on_commit=False)() as session:
        # As the API's writes do: on SQLite the write lock is taken first, queueing behind the workers' writes.
        await session.connection(execution_options={WRITES: True})
        contract = await session.scalar(select(Contract).where(Contract.reference == "SCS-2017-KPSN"))
        assert contract is not None
        before = snapshot(contract)
        contract.end_text = end
        contract.version += 1
        change = await record_change(session, contract, actor="test", kind=ChangeKind.UPDATE, before=before)
        await session.commit()
        return change.id


async def owed(database: ProcessDatabase) -> int:
    async with database.engine.connect() as connection:
        query = select(func.count()).select_from(WebhookDelivery).where(WebhookDelivery.delivered_at.is_(None))
        return int((await connection.execute(query)).scalar_one())


async def test_a_worker_killed_mid_delivery_loses_nothing_and_the_server_delivers_after_restart(
    process_database: ProcessDatabase,
) -> None:
    async with receiving() as receiver:
        # given a receiver that keeps the first delivery waiting, and a change committed with its outbox row
        receiver.hold = asyncio.Event()
        await subscribe(process_database, receiver, "finance")
        change = await change_a_contract(process_database, "March 2026")
        assert await owed(process_database) == 1

        # when a `register deliver` is killed (SIGKILL) while its delivery is unanswered
        with process("deliver", env=process_database.env()) as worker:

            async def sent() -> bool:
                return bool(receiver.held)

            await until(sent, "the worker to send the change")
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        # then the change is still owed, and no attempt was recorded
        assert await owed(process_database) == 1
        async with process_database.engine.connect() as connection:
            assert (await connection.execute(select(func.count()).select_from(WebhookAttempt))).scalar_one() == 0

        # when the receiver answers again and the register is served once more
        receiver.hold.set()
        with process("serve", env=process_database.env(PORT=str(free_port()))):

            async def delivered() -> bool:
                return bool(receiver.events)

            await until(delivered, "the restarted server to deliver the change")
        # then the change arrives, signed, under the key the killed worker had sent it with
        (event,) = receiver.events
        assert receiver.held[0]["idempotency-key"] == event["id"]
        async with process_database.engine.connect() as connection:
            recorded = await connection.execute(select(Change.id).where(Change.record_table == "contract"))
            assert change in set(recorded.scalars())
        assert event["after"]["end"]["text"] == "March 2026"
        assert await owed(process_database) == 0


async def test_two_servers_on_one_database_deliver_each_change_once(process_database: ProcessDatabase) -> None:
    async with AsyncExitStack() as stack:
        # given three receivers, and two `register serve` processes on the one database
        receivers = [await stack.enter_async_context(receiving()) for _ in range(3)]
        for number, receiver in enumerate(receivers):
            await subscribe(process_database, receiver, f"receiver {number}")
        ports = [free_port(), free_port()]
        with (
            process("serve", env=process_database.env(PORT=str(ports[0]))),
            process("serve", env=process_database.env(PORT=str(ports[1]))),
        ):
            async with httpx.AsyncClient() as client:
                for port in ports:

                    async def up(port: int = port) -> bool:
                        try:
                            return (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
                        except httpx.TransportError:
                            return False

                    await until(up, f"the server on port {port} to start")
            # when twelve changes are committed while both deliver
            changes = [await change_a_contract(process_database, f"Month {n} 2030") for n in range(12)]

            async def all_delivered() -> bool:
                return await owed(process_database) == 0

            await until(all_delivered, "every change to be delivered")
        # then each receiver got every change exactly once, in the order they were made
        for receiver in receivers:
            assert len(receiver.deliveries) == 12
            assert [event["after"]["end"]["text"] for event in receiver.events] == [
                f"Month {n} 2030" for n in range(12)
            ]
            assert len({event["id"] for event in receiver.events}) == 12
        assert len(changes) == 12
