"""`register webhook add | list | remove | enable | disable | redeliver` and `register deliver`.

The same operations as the admins' GraphQL mutations, for whoever runs the register. `add` prints the signing
secret once, on standard output alone, so a script can capture it. `deliver` runs a delivery worker on its own,
for deployments that scale the API out (or run it with WEBHOOK_WORKER=false).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import sys
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from api.token_commands import in_session, refuse
from db.engine import make_engine, make_sessionmaker
from db.models import ChangeKind, WebhookSubscription
from db.outbox import RECORD_TYPES
from db.settings import Settings
from db.webhooks import (
    WebhookError,
    add_subscription,
    check_receiver,
    find_subscription,
    list_subscriptions,
    owed,
    redeliver,
    remove_subscription,
    set_enabled,
)

# Who the history of a subscription names when it was made on the command line.
CLI_ACTOR = "register webhook"


def add_webhook_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `webhook` and its actions, and `deliver`, to the `register` command line."""
    webhook = commands.add_parser("webhook", help="Subscribe receivers to the register's changes, and manage them.")
    actions = webhook.add_subparsers(dest="webhook_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="Subscribe a receiver and print its signing secret, once, on standard output.")
    add.add_argument("--name", required=True, help="Who receives: a name for the receiving system.")
    add.add_argument("--url", required=True, help="Where to POST deliveries (https on a public address).")
    add.add_argument(
        "--record-type",
        action="append",
        default=[],
        choices=list(RECORD_TYPES),
        help="Repeat for several; all if none.",
    )
    add.add_argument(
        "--kind", action="append", default=[], choices=[kind.value for kind in ChangeKind], help="Repeat; all if none."
    )
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", help="List subscriptions: name, URL, state, changes owed, failures.")
    listing.set_defaults(handler=_list)
    for name, handler, about in (
        ("remove", _remove, "Remove a subscription with the changes still owed to it and its log."),
        ("enable", _enable, "Enable a subscription; changes kept while it was disabled are delivered, oldest first."),
        ("disable", _disable, "Stop delivering to a subscription; its changes go on being kept for it."),
    ):
        action = actions.add_parser(name, help=about)
        action.add_argument("--name", required=True, help="The subscription's name.")
        action.set_defaults(handler=handler)
    again = actions.add_parser("redeliver", help="Send a change to a subscription again, after what it is owed.")
    again.add_argument("--name", required=True, help="The subscription's name.")
    again.add_argument("--change", required=True, help="The change's ID (a delivery's Idempotency-Key) or number.")
    again.set_defaults(handler=_redeliver)
    deliver = commands.add_parser("deliver", help="Deliver webhooks until stopped, without serving the API.")
    deliver.set_defaults(handler=_deliver)


def _run(settings: Settings, work: Callable[[AsyncSession], Awaitable[None]], done: str) -> int:
    try:
        in_session(settings, work)
    except (WebhookError, DBAPIError) as error:
        return refuse(error)
    print(done, file=sys.stderr)
    return 0


def _add(settings: Settings, args: argparse.Namespace) -> int:
    async def work(session: AsyncSession) -> str:
        receiver = await check_receiver(args.url, settings)
        _, secret = await add_subscription(
            session,
            receiver,
            name=args.name,
            record_types=args.record_type,
            kinds=args.kind,
            created_by=CLI_ACTOR,
        )
        return secret

    try:
        secret = in_session(settings, work)
    except (WebhookError, DBAPIError) as error:
        return refuse(error)
    print(secret)
    print(f"Subscribed {args.name.strip()!r}. Keep the secret now: it is not shown again.", file=sys.stderr)
    return 0


def _list(settings: Settings, _args: argparse.Namespace) -> int:
    async def work(session: AsyncSession) -> list[tuple[WebhookSubscription, int]]:
        subscriptions = await list_subscriptions(session)
        counts = await owed(session, [subscription.id for subscription in subscriptions])
        return [(subscription, counts[subscription.id]) for subscription in subscriptions]

    try:
        rows = in_session(settings, work)
    except DBAPIError as error:
        return refuse(error)
    print("name\turl\tstate\towed\tfailures")
    for subscription, count in rows:
        state = "enabled" if subscription.enabled else f"disabled: {subscription.disabled_reason}"
        print(
            "\t".join((subscription.name, subscription.url, state, str(count), str(subscription.consecutive_failures)))
        )
    return 0


def _named(args: argparse.Namespace, change: str, done: str, settings: Settings, enabled: bool | None = None) -> int:
    async def work(session: AsyncSession) -> None:
        subscription = await find_subscription(session, name=args.name)
        if change == "remove":
            await remove_subscription(session, subscription)
        elif change == "redeliver":
            await redeliver(session, subscription, _change_number(args.change))
        else:
            await set_enabled(session, subscription, bool(enabled), f"Disabled by {CLI_ACTOR}.")

    return _run(settings, work, done)


def _remove(settings: Settings, args: argparse.Namespace) -> int:
    return _named(args, "remove", f"Removed {args.name!r} with the changes owed to it.", settings)


def _enable(settings: Settings, args: argparse.Namespace) -> int:
    return _named(args, "enable", f"Enabled {args.name!r}; what it is owed is delivered, oldest first.", settings, True)


def _disable(settings: Settings, args: argparse.Namespace) -> int:
    return _named(args, "disable", f"Disabled {args.name!r}; its changes are kept for it.", settings, False)


def _redeliver(settings: Settings, args: argparse.Namespace) -> int:
    return _named(args, "redeliver", f"Queued change {args.change} for {args.name!r} again.", settings)


def _change_number(text: str) -> int:
    """A change's number, from its ID as deliveries carry it, or the number itself."""
    # Imported when used, as DeliveryWorker is: loading the schema costs every command seconds at start.
    from schema.feed.order import CHANGE_TYPE

    if text.isdigit():
        return int(text)
    try:
        kind, _, number = base64.b64decode(text, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeError):
        kind, number = "", ""
    if kind != CHANGE_TYPE or not number.isdigit():
        raise WebhookError(f"{text!r} is not a change's ID or number", "change")
    return int(number)


def _deliver(settings: Settings, _args: argparse.Namespace) -> int:
    from api.delivery import DeliveryWorker

    async def run() -> None:
        engine = make_engine(settings.database_url, settings)
        worker = DeliveryWorker(make_sessionmaker(engine), settings)
        try:
            await worker.run()
        finally:
            await worker.close()
            await engine.dispose()

    print("Delivering webhooks; stop with Ctrl-C.", file=sys.stderr)
    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
    return 0
