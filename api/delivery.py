"""The webhook delivery worker: sends each change owed to a receiver, signed, in order, until acknowledged.

It runs inside `register serve` (a task of the app's lifespan) and on its own as `register deliver`; any number
of them may run against one database (db/outbox.py says how they share the work). Each delivery is a POST of the
change (schema/webhooks/events.py) with:

- `Register-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the subscription's secret>`,
  signed afresh for every attempt, so a receiver can refuse forgeries and replays of old deliveries;
- `Idempotency-Key: <the change's ID>`, the same on every attempt and redelivery of one change;
- `Register-Event: <RecordType>.<KIND>` and `Register-Delivery: <the outbox row's number>`.

A 2xx answer acknowledges it; anything else (another status, a redirect, no answer within the time limit, a
host that now resolves somewhere refused) is a failure, retried after a growing delay.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import random
import time
from collections.abc import Callable
from datetime import datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.base import utc_now
from db.engine import WRITES
from db.outbox import Lease, Outcome, Owed, claim, owed_changes, record_outcome, release
from db.receivers import ReceiverRefused, resolve_receiver
from db.settings import Settings
from schema.webhooks.events import change_id, event_body, event_type

__all__ = ["SIGNATURE_HEADER", "DeliveryWorker", "sign"]

SIGNATURE_HEADER = "Register-Signature"
USER_AGENT = "register-webhooks/1"

log = logging.getLogger("register.webhooks")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The Register-Signature header's value for a body sent at a time (Unix seconds)."""
    signed = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class DeliveryWorker:
    """Delivers what the outbox holds; `clock` and `rng` are the moment and the jitter (tests pass their own)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utc_now,
        rng: Callable[[], float] = random.random,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.clock = clock
        self.rng = rng
        timeout = httpx.Timeout(settings.webhook_timeout_seconds)
        # Redirects are not followed: a receiver is the URL an admin checked, not wherever it points. Connections
        # are not kept: requests go to an address, and a connection kept for one host's certificate must not
        # carry another host's delivery that happens to share the address. No proxy from the environment either.
        self.client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
            trust_env=False,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    async def close(self) -> None:
        """Close the worker's HTTP connections."""
        await self.client.aclose()

    async def deliver_due(self) -> int:
        """Lease the subscriptions that are owed changes and due, and deliver to each; returns how many
        attempts were made."""
        async with self.sessionmaker() as session:
            # The lease is a read then a write: on SQLite it takes the write lock first, queueing behind writers.
            await session.connection(execution_options={WRITES: True})
            leases = await claim(session, self.settings, self.clock())
        attempts = await asyncio.gather(*(self._deliver_leased(lease) for lease in leases))
        return sum(attempts)

    async def run(self) -> None:
        """Deliver until cancelled, looking for work every WEBHOOK_POLL_SECONDS while there is none."""
        while True:
            try:
                made = await self.deliver_due()
            except Exception:  # noqa: BLE001  (a database outage must not end the worker: it tries again)
                log.exception("webhook delivery failed; trying again shortly")
                made = 0
            if not made:
                await asyncio.sleep(self.settings.webhook_poll_seconds)

    async def _deliver_leased(self, lease: Lease) -> int:
        made = 0
        try:
            async with self.sessionmaker() as session:
                while True:
                    owed = await owed_changes(session, lease)
                    if not owed:
                        return made
                    for delivery in owed:
                        # Stop while the lease still covers a whole attempt: past it, another worker may send.
                        remaining = (lease.until - self.clock()).total_seconds()
                        if remaining < self.settings.webhook_timeout_seconds + 0.5:
                            return made
                        outcome = await self._attempt(lease, delivery)
                        made += 1
                        going_on = await record_outcome(
                            session, self.settings, lease, delivery, outcome, self.clock(), self.rng
                        )
                        if not going_on:
                            return made
        finally:
            async with self.sessionmaker() as session:
                await release(session, lease)

    async def _attempt(self, lease: Lease, owed: Owed) -> Outcome:
        body = event_body(owed.change)
        started = time.perf_counter()

        def outcome(status_code: int | None, error: str | None) -> Outcome:
            return Outcome(status_code, round((time.perf_counter() - started) * 1000), error)

        try:
            # Checked again now: the host may resolve elsewhere since the subscription was made. The request
            # goes to the address checked, so a second lookup cannot point it somewhere else.
            receiver = await resolve_receiver(lease.url, self.settings)
        except ReceiverRefused as refused:
            return outcome(None, f"refused to send: {refused}")
        url = httpx.URL(receiver.url)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Host": url.netloc.decode("ascii"),
            SIGNATURE_HEADER: sign(lease.secret, int(self.clock().timestamp()), body),
            "Idempotency-Key": change_id(owed.change),
            "Register-Event": event_type(owed.change),
            "Register-Delivery": str(owed.delivery_id),
        }
        request = self.client.build_request(
            "POST",
            url.copy_with(host=receiver.addresses[0]),
            content=body,
            headers=headers,
            extensions={"sni_hostname": receiver.host} if receiver.scheme == "https" else {},
        )
        try:
            async with asyncio.timeout(self.settings.webhook_timeout_seconds):
                response = await self.client.send(request, stream=True)
                # The body is not read: only the status counts, and a receiver may not make the register read more.
                await response.aclose()
        except (TimeoutError, httpx.TimeoutException):
            return outcome(None, f"no answer within {self.settings.webhook_timeout_seconds:g} seconds")
        except httpx.HTTPError as error:
            return outcome(None, f"{error.__class__.__name__}: {error}" if str(error) else error.__class__.__name__)
        if 200 <= response.status_code < 300:
            return outcome(response.status_code, None)
        return outcome(response.status_code, f"the receiver answered {response.status_code}, not 2xx")
