"""Webhooks through the API: admins subscribe receivers, and each change reaches them signed, in order, retried
with growing delays while a receiver fails, and kept for it while it is disabled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.delivery import DeliveryWorker
from db.base import utc_now
from db.settings import Settings
from tests.api.conftest import Serve
from tests.api.webhook_receiver import Receiver, receiving, verify
from tests.conftest import GraphQL, GraphQLResponse, Tokens

CREATE = """
mutation($input: WebhookCreateInput!) {
  webhookCreate(input: $input) { secret subscription { id name url enabled owed } userErrors { field message code } }
}"""
WEBHOOKS = """
{ webhooks { id name enabled disabledReason consecutiveFailures retryAt owed
  attempts { at changeId attempt statusCode durationMs error succeeded } } }"""
KPSN = '{ contract(reference: "SCS-2017-KPSN") { id record { version } history { after changed } } }'
UPDATE = """
mutation($input: ContractUpdateInput!) {
  contractUpdate(input: $input) { contract { record { version } } userErrors { message } }
}"""
LOOPBACK = Settings(webhook_allow_loopback=True, webhook_timeout_seconds=5, statement_header=True)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as receiver:
        yield receiver


async def subscribe(graphql: GraphQL, tokens: Tokens, receiver: Receiver, **choices: Any) -> str:
    response = await graphql(CREATE, {"input": {"name": "finance", "url": receiver.url, **choices}}, token=tokens.admin)
    payload = response.data["webhookCreate"]
    assert payload["userErrors"] == []
    receiver.secret = payload["secret"]
    return str(payload["subscription"]["id"])


async def end_kpsn(graphql: GraphQL, tokens: Tokens, end: str) -> None:
    kpsn = (await graphql(KPSN)).data["contract"]
    variables = {"input": {"id": kpsn["id"], "version": kpsn["record"]["version"], "end": end}}
    response = await graphql(UPDATE, variables, token=tokens.editor)
    assert response.data["contractUpdate"]["userErrors"] == []


async def webhooks(graphql: GraphQL, tokens: Tokens) -> list[dict[str, Any]]:
    response = await graphql(WEBHOOKS, token=tokens.admin)
    assert response.errors == []
    return list(response.data["webhooks"])


@pytest.fixture
def graphql_on(serve: Serve) -> Any:
    """GraphQL over the app with the settings given (loopback receivers allowed unless said)."""

    async def run(query: str, variables: dict[str, Any] | None = None, *, token: str | None = None) -> GraphQLResponse:
        async with serve(LOOPBACK) as client:
            headers = {} if token is None else {"Authorization": f"Bearer {token}"}
            response = await client.post(
                "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
            )
            return GraphQLResponse(response)

    return run


async def test_a_receiver_gets_each_change_signed_as_the_history_shows_it(
    graphql_on: GraphQL, tokens: Tokens, receiver: Receiver, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    # given a receiver subscribed by an admin, and a contract an editor then changes
    await subscribe(graphql_on, tokens, receiver)
    await end_kpsn(graphql_on, tokens, "March 2026")
    assert (await webhooks(graphql_on, tokens))[0]["owed"] == 1

    # when a worker delivers what is owed
    worker = DeliveryWorker(sessionmaker, LOOPBACK)
    try:
        assert await worker.deliver_due() == 1
    finally:
        await worker.close()

    # then the receiver got one delivery whose signature holds under the secret it was shown
    (delivery,) = receiver.deliveries
    assert delivery.verified
    event = delivery.event
    kpsn = (await graphql_on(KPSN)).data["contract"]
    # carrying the change as the contract's history shows it, keyed by the change's ID
    assert delivery.headers["idempotency-key"] == event["id"]
    assert delivery.headers["register-event"] == event["type"] == "Contract.UPDATE"
    assert event["record"] == {"id": kpsn["id"], "type": "Contract"}
    assert event["kind"] == "UPDATE" and event["actor"] == "finance-system"
    assert event["version"] == kpsn["record"]["version"]
    assert event["after"] == kpsn["history"][-1]["after"] and event["changed"] == kpsn["history"][-1]["changed"]
    assert event["after"]["end"]["text"] == "March 2026" and event["before"]["end"]["text"] != "March 2026"
    # and it is the change feed's entry for it: the same ID and cursor, so a receiver can catch up from the feed
    feed = await graphql_on(
        "{ changes(first: 100, filter: {recordTypes: [CONTRACT], kinds: [UPDATE]}) { edges { node { id cursor } } } }"
    )
    assert {"id": event["id"], "cursor": event["cursor"]} in [edge["node"] for edge in feed.data["changes"]["edges"]]
    # and a body altered on the way, or signed with another secret, does not verify
    signature = delivery.headers["register-signature"]
    assert not verify(receiver.secret, signature, delivery.body.replace(b"March 2026", b"March 2036"))
    assert not verify("whsec_someone-else", signature, delivery.body)
    # and the log says it was acknowledged, with nothing left owed
    (subscription,) = await webhooks(graphql_on, tokens)
    assert subscription["owed"] == 0
    (attempt,) = subscription["attempts"]
    assert attempt["succeeded"] and attempt["statusCode"] == 200 and attempt["changeId"] == event["id"]


async def test_a_failing_receiver_is_retried_later_each_time_then_disabled_and_its_changes_kept(
    graphql_on: GraphQL, tokens: Tokens, receiver: Receiver, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    # given a receiver that answers 503, and settings that disable it after four failures
    settings = Settings(
        webhook_allow_loopback=True,
        webhook_retry_base_seconds=60,
        webhook_retry_max_seconds=3600,
        webhook_disable_after_failures=4,
    )
    subscription_id = await subscribe(graphql_on, tokens, receiver)
    receiver.status = 503
    receiver.tolerance = 24 * 3600
    await end_kpsn(graphql_on, tokens, "March 2026")
    now = [utc_now()]
    worker = DeliveryWorker(sessionmaker, settings, clock=lambda: now[0])
    try:
        # when the worker tries, and tries again each time the delay it set has passed
        delays: list[float] = []
        for _ in range(4):
            assert await worker.deliver_due() == 1
            (state,) = await webhooks(graphql_on, tokens)
            if state["retryAt"] is not None:
                retry_at = datetime.fromisoformat(state["retryAt"])
                delays.append((retry_at - now[0]).total_seconds())
                # not before the delay has passed
                now[0] = retry_at - timedelta(seconds=1)
                assert await worker.deliver_due() == 0
                now[0] = retry_at
        # then each delay was longer than the last, within the doubling base's jittered bounds
        assert len(delays) == 3
        for failures, delay in enumerate(delays, start=1):
            ceiling = 60 * 2 ** (failures - 1)
            assert ceiling / 2 <= delay <= ceiling
        assert delays == sorted(delays) and len(set(delays)) == 3
        # and after the fourth failure the subscription is disabled, saying why, with its change kept
        (state,) = await webhooks(graphql_on, tokens)
        assert not state["enabled"] and state["owed"] == 1
        assert "4 failed deliveries in a row" in state["disabledReason"] and "503" in state["disabledReason"]
        assert [a["statusCode"] for a in state["attempts"]] == [503] * 4
        assert [a["attempt"] for a in state["attempts"]] == [4, 3, 2, 1]
        # and changes made while it is disabled are kept too, and none is sent
        await end_kpsn(graphql_on, tokens, "April 2026")
        now[0] += timedelta(hours=10)
        assert await worker.deliver_due() == 0

        # when the receiver is mended and an admin enables the subscription
        receiver.status = 200
        now[0] = utc_now()
        enabled = await graphql_on(
            "mutation($id: ID!) { webhookEnable(input: {id: $id}) "
            "{ subscription { enabled owed } userErrors { message } } }",
            {"id": subscription_id},
            token=tokens.admin,
        )
        assert enabled.data["webhookEnable"]["subscription"] == {"enabled": True, "owed": 2}
        assert await worker.deliver_due() == 2
    finally:
        await worker.close()
    # then both changes arrive, signed, in the order they were made
    assert [event["after"]["end"]["text"] for event in receiver.events] == ["March 2026", "April 2026"]
    assert receiver.events[0]["version"] < receiver.events[1]["version"]
    (state,) = await webhooks(graphql_on, tokens)
    assert state["owed"] == 0 and state["consecutiveFailures"] == 0


async def test_a_change_is_sent_again_on_request_with_the_same_idempotency_key(
    graphql_on: GraphQL, tokens: Tokens, receiver: Receiver, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    # given a change delivered to a receiver
    subscription_id = await subscribe(graphql_on, tokens, receiver)
    await end_kpsn(graphql_on, tokens, "March 2026")
    worker = DeliveryWorker(sessionmaker, LOOPBACK)
    try:
        await worker.deliver_due()
        (first,) = receiver.events
        # when an admin asks for it again
        again = await graphql_on(
            "mutation($id: ID!, $change: ID!) { webhookRedeliver(input: {id: $id, changeId: $change}) "
            "{ subscription { owed } userErrors { message } } }",
            {"id": subscription_id, "change": first["id"]},
            token=tokens.admin,
        )
        assert again.data["webhookRedeliver"]["subscription"] == {"owed": 1}
        await worker.deliver_due()
    finally:
        await worker.close()
    # then the receiver gets it once more, under the same key
    assert [event["id"] for event in receiver.events] == [first["id"], first["id"]]
    assert receiver.events[1] == first


async def test_a_subscription_gets_only_the_record_types_and_kinds_it_chose(
    graphql_on: GraphQL, tokens: Tokens, receiver: Receiver
) -> None:
    # given receivers of providers' changes, and of contracts' retirements
    await subscribe(graphql_on, tokens, receiver, recordTypes=["PROVIDER"])
    listing_one = (await graphql_on(WEBHOOKS, token=tokens.admin)).statements
    other = await graphql_on(
        CREATE,
        {"input": {"name": "hub", "url": receiver.url, "recordTypes": ["CONTRACT"], "kinds": ["RETIRE"]}},
        token=tokens.admin,
    )
    assert other.data["webhookCreate"]["userErrors"] == []
    # (and listing two, with their logs, costs the statements listing one did)
    assert (await graphql_on(WEBHOOKS, token=tokens.admin)).statements == listing_one
    # when a contract is updated, then neither is owed anything
    await end_kpsn(graphql_on, tokens, "March 2026")
    assert [w["owed"] for w in await webhooks(graphql_on, tokens)] == [0, 0]


async def test_only_admins_manage_webhooks(graphql_on: GraphQL, tokens: Tokens, receiver: Receiver) -> None:
    variables = {"input": {"name": "finance", "url": receiver.url}}
    # an editor is forbidden, and a caller with no token unauthenticated, to subscribe or to list
    for token, code in ((tokens.editor, "FORBIDDEN"), (None, "UNAUTHENTICATED"), (tokens.revoked, "UNAUTHENTICATED")):
        assert (await graphql_on(CREATE, variables, token=token)).error_codes() == [code]
        assert (await graphql_on(WEBHOOKS, token=token)).error_codes() == [code]
    # and nothing was subscribed
    assert await webhooks(graphql_on, tokens) == []


@pytest.mark.parametrize(
    ("url", "settings", "reason"),
    [
        ("http://127.0.0.1:9/hooks", Settings(), "loopback address (WEBHOOK_ALLOW_LOOPBACK allows it)"),
        ("https://10.1.2.3/hooks", LOOPBACK, "private address (WEBHOOK_ALLOW_PRIVATE allows it)"),
        ("https://[fd00::1]/hooks", LOOPBACK, "private address"),
        ("https://169.254.169.254/latest", Settings(webhook_allow_private=True), "link-local"),
        ("http://93.184.216.34/hooks", LOOPBACK, "plain http"),
        ("https://user:pw@93.184.216.34/hooks", LOOPBACK, "carries credentials"),
        ("ftp://93.184.216.34/hooks", LOOPBACK, "not an https:// URL"),
        ("https://no-such-host.invalid/hooks", LOOPBACK, "cannot be resolved"),
    ],
)
async def test_a_receiver_the_register_could_be_made_to_probe_is_refused(
    serve: Serve, tokens: Tokens, url: str, settings: Settings, reason: str
) -> None:
    async with serve(settings) as client:
        headers = {"Authorization": f"Bearer {tokens.admin}"}
        # when an admin subscribes a URL on a refused address
        body = {"query": CREATE, "variables": {"input": {"name": "probe", "url": url}}}
        payload = (await client.post("/graphql", json=body, headers=headers)).json()["data"]["webhookCreate"]
        # then it is refused, at the URL, saying why
        (error,) = payload["userErrors"]
        assert error["field"] == ["input", "url"] and error["code"] == "BAD_INPUT" and reason in error["message"]
        assert payload["subscription"] is None and payload["secret"] is None
        # and nothing was subscribed
        listed = await client.post("/graphql", json={"query": WEBHOOKS}, headers=headers)
        assert listed.json()["data"]["webhooks"] == []


async def test_a_receiver_no_longer_allowed_is_not_sent_to(
    graphql_on: GraphQL, tokens: Tokens, receiver: Receiver, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    # given a loopback receiver subscribed while loopback was allowed, and a change owed to it
    await subscribe(graphql_on, tokens, receiver)
    await end_kpsn(graphql_on, tokens, "March 2026")
    # when a worker runs with loopback no longer allowed
    worker = DeliveryWorker(sessionmaker, Settings())
    try:
        assert await worker.deliver_due() == 1
    finally:
        await worker.close()
    # then no request reached the receiver, and the log says why
    assert receiver.deliveries == []
    (state,) = await webhooks(graphql_on, tokens)
    (attempt,) = state["attempts"]
    assert attempt["statusCode"] is None and "loopback" in attempt["error"] and state["owed"] == 1


async def test_a_removed_subscription_is_gone_with_what_it_was_owed(
    graphql_on: GraphQL, tokens: Tokens, receiver: Receiver
) -> None:
    subscription_id = await subscribe(graphql_on, tokens, receiver)
    await end_kpsn(graphql_on, tokens, "March 2026")
    removed = await graphql_on(
        "mutation($id: ID!) { webhookRemove(input: {id: $id}) { removedId userErrors { message } } }",
        {"id": subscription_id},
        token=tokens.admin,
    )
    assert removed.data["webhookRemove"] == {"removedId": subscription_id, "userErrors": []}
    assert await webhooks(graphql_on, tokens) == []
    # and removing it again names what is wrong
    assert await refusal(graphql_on, tokens, "webhookRemove", subscription_id) == "NOT_FOUND"
    # and an ID that is not a subscription's is refused as such
    contract = (await graphql_on(KPSN)).data["contract"]["id"]
    assert await refusal(graphql_on, tokens, "webhookEnable", contract) == "BAD_ID"


async def refusal(graphql: GraphQL, tokens: Tokens, mutation: str, id: str) -> str:
    """The code an admin's call of a webhook mutation on an ID is refused with, at the input's ID."""
    document = f"mutation($id: ID!) {{ {mutation}(input: {{id: $id}}) {{ userErrors {{ field code }} }} }}"
    (error,) = (await graphql(document, {"id": id}, token=tokens.admin)).data[mutation]["userErrors"]
    assert error["field"] == ["input", "id"]
    return str(error["code"])


async def test_a_refused_write_owes_no_receiver_anything(
    graphql_on: GraphQL, tokens: Tokens, receiver: Receiver
) -> None:
    # given a subscribed receiver
    await subscribe(graphql_on, tokens, receiver)
    kpsn = (await graphql_on(KPSN)).data["contract"]
    # when an update names a version that is not the contract's, and is refused
    stale = {"input": {"id": kpsn["id"], "version": kpsn["record"]["version"] + 5, "end": "March 2026"}}
    refused = await graphql_on(UPDATE, stale, token=tokens.editor)
    assert refused.data["contractUpdate"]["userErrors"] != []
    # then nothing is owed: the outbox row goes with the change it is written beside
    assert (await webhooks(graphql_on, tokens))[0]["owed"] == 0
