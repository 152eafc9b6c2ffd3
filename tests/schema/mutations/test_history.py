"""The history: every write is recorded (who, when, before and after), and a contract can be seen as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.history import snapshot
from schema.bounds import HISTORY as HISTORY_BOUND
from schema.history.loaders import HISTORY_MODELS
from schema.relay import parse_global_id
from tests.conftest import ADMIN_NAME, EDITOR_NAME, GraphQL, Tokens
from tests.schema.mutations.rows import gid

CONTRACT_CREATE = """
mutation Create($input: ContractCreateInput!) {
  contractCreate(input: $input) { contract { id } userErrors { code } }
}
"""
CONTRACT_UPDATE = """
mutation Update($input: ContractUpdateInput!) {
  contractUpdate(input: $input) { contract { id } userErrors { code } }
}
"""
CONTRACT_RETIRE = """
mutation Retire($input: RetireInput!) {
  contractRetire(input: $input) { contract { id } userErrors { code } }
}
"""
HISTORY = """
query History($id: ID!) {
  node(id: $id) { history { at actor kind version before after changed } }
}
"""
SEED_HISTORY = """
query History($id: ID!) {
  node(id: $id) { history { actor kind version origin before after changed } }
}
"""
AS_AT = """
query AsAt($id: ID!, $date: Date!) {
  contractAsAt(id: $id, date: $date) {
    asOf version reference status retired
    value { amount basis text }
    end { earliest latest text }
    contract { reference value { amount } }
  }
}
"""
NEW_CONTRACT = {
    "reference": "GET-2020-ROADS",
    "title": "Highways term maintenance",
    "status": "ACTIVE",
    "value": "£1m (p/a)",
    "end": "March 2025",
}


async def test_history_records_who_changed_what_and_when(graphql: GraphQL, tokens: Tokens) -> None:
    # given a contract created by the finance system, updated by it, then retired by the admin
    created = await graphql(CONTRACT_CREATE, {"input": NEW_CONTRACT}, token=tokens.editor)
    contract = created.data["contractCreate"]["contract"]["id"]
    change = {"id": contract, "version": 1, "value": "£1.2m (p/a)"}
    await graphql(CONTRACT_UPDATE, {"input": change}, token=tokens.editor)
    await graphql(CONTRACT_RETIRE, {"input": {"id": contract, "version": 2}}, token=tokens.admin)

    # when its history is read
    response = await graphql(HISTORY, {"id": contract})

    # then each write is there, oldest first, with the token's name, the version it made and before and after
    create, change_value, retire = response.data["node"]["history"]
    assert [(c["kind"], c["actor"], c["version"]) for c in (create, change_value, retire)] == [
        ("CREATE", EDITOR_NAME, 1),
        ("UPDATE", EDITOR_NAME, 2),
        ("RETIRE", ADMIN_NAME, 3),
    ]
    assert create["before"] is None
    assert create["after"]["reference"] == "GET-2020-ROADS"
    assert retire["changed"] == ["record.retiredAt"]
    assert retire["before"]["record"]["retiredAt"] is None and retire["after"]["record"]["retiredAt"] is not None
    assert create["at"] <= change_value["at"] <= retire["at"]


async def test_an_edit_is_shown_in_the_apis_field_names_with_pounds_and_intervals(
    graphql: GraphQL, tokens: Tokens
) -> None:
    # given a contract at £1m a year to March 2025, extended to Q4 2026/27 at £1.2m a year
    created = await graphql(CONTRACT_CREATE, {"input": NEW_CONTRACT}, token=tokens.editor)
    contract = created.data["contractCreate"]["contract"]["id"]
    change = {"id": contract, "version": 1, "value": "£1.2m (p/a)", "end": "Q4 2026/27"}
    await graphql(CONTRACT_UPDATE, {"input": change}, token=tokens.editor)

    # when its history is read
    response = await graphql(HISTORY, {"id": contract})

    # then the update names the fields as the Contract type does, money in pounds and the end as an interval
    _, update = response.data["node"]["history"]
    assert update["changed"] == ["value", "annualValue", "end"]
    assert (update["before"]["annualValue"], update["after"]["annualValue"]) == ("1000000.00", "1200000.00")
    assert update["after"]["value"] == {
        "amount": "1200000.00",
        "currency": "GBP",
        "basis": "ANNUAL",
        "annualised": "1200000.00",
        "wholeLife": None,
        "text": "£1.2m (p/a)",
    }
    assert update["before"]["end"] == {
        "earliest": "2025-03-01",
        "latest": "2025-03-31",
        "precision": "MONTH",
        "text": "March 2025",
        "financialYear": "2024-25",
        "quarter": None,
    }
    assert update["after"]["end"]["text"] == "Q4 2026/27"
    assert (update["after"]["end"]["earliest"], update["after"]["end"]["latest"]) == ("2027-01-01", "2027-03-31")
    assert update["after"]["record"]["version"] == 2
    assert not any("_" in name for state in (update["before"], update["after"]) for name in state)


async def test_a_changed_provider_is_shown_by_its_global_id(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given a new contract handed to the seeded Agilisys
    agilisys = await gid(session, models.Provider, name="Agilisys")
    created = await graphql(CONTRACT_CREATE, {"input": NEW_CONTRACT}, token=tokens.editor)
    contract = created.data["contractCreate"]["contract"]["id"]
    change = {"id": contract, "version": 1, "providerId": agilisys}
    await graphql(CONTRACT_UPDATE, {"input": change}, token=tokens.editor)

    # when its history is read
    response = await graphql(HISTORY, {"id": contract})

    # then the provider is named as the API names records, by global ID
    _, update = response.data["node"]["history"]
    assert update["changed"] == ["provider"]
    assert (update["before"]["provider"], update["after"]["provider"]) == (None, agilisys)


async def test_a_seeded_contracts_first_change_is_seed_naming_its_paper(
    graphql: GraphQL, session: AsyncSession
) -> None:
    # given the seeded KPSN contract
    kpsn = await gid(session, models.Contract, reference="SCS-2017-KPSN")

    # when its history is read
    response = await graphql(SEED_HISTORY, {"id": kpsn})

    # then its only change is the seed, by the seed command, naming the seed file and the paper it came from
    (seed,) = response.data["node"]["history"]
    assert (seed["kind"], seed["actor"], seed["version"], seed["before"]) == ("SEED", "register seed", 1, None)
    assert seed["origin"].startswith("Seed file scs_2017_18.toml, contract 'SCS-2017-KPSN', transcribed from ")
    assert "004_1e9d5c562e6bd042.txt" in seed["origin"]
    assert seed["after"]["reference"] == "SCS-2017-KPSN"
    assert seed["after"]["record"]["source"] in seed["origin"]


async def test_every_seeded_record_has_a_first_change_saying_where_it_came_from(session: AsyncSession) -> None:
    # given the register seeded from the papers
    for model in HISTORY_MODELS.values():
        # when the records of each kind are matched with their first changes
        table, change = model.__table__, models.Change.__table__
        first = (
            select(change.c.kind)
            .where(change.c.record_table == model.__tablename__, change.c.record_id == table.c.id)
            .order_by(change.c.at, change.c.id)
            .limit(1)
            .scalar_subquery()
        )
        kinds = set((await session.scalars(select(first).select_from(table))).all())

        # then every one was seeded, and says from where
        assert kinds == {"SEED"}, model.__tablename__
    unexplained = select(func.count()).where(models.Change.kind == "SEED", models.Change.origin.is_(None))
    assert await session.scalar(unexplained) == 0


async def backdate(session: AsyncSession, id: str, kind: str, when: datetime) -> None:
    """Move a contract's recorded change of one kind back in time, as if it had been made then."""
    change = models.Change.__table__
    where = (change.c.record_table == "contract", change.c.record_id == parse_global_id(id)[1], change.c.kind == kind)
    await session.execute(update(change).where(*where).values(at=when))


async def test_a_contract_as_it_stood_before_and_after_an_update(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given a contract created on 1 January 2020 at £1m a year to March 2025, then today extended at £1.2m
    created = await graphql(CONTRACT_CREATE, {"input": NEW_CONTRACT}, token=tokens.editor)
    contract = created.data["contractCreate"]["contract"]["id"]
    await backdate(session, contract, "CREATE", datetime(2020, 1, 1, 9, 30, tzinfo=UTC))
    change = {"id": contract, "version": 1, "value": "£1.2m (p/a)", "end": "March 2027"}
    await graphql(CONTRACT_UPDATE, {"input": change}, token=tokens.editor)

    # when it is asked for as at the end of 30 June 2021, and as at today
    before = await graphql(AS_AT, {"id": contract, "date": "2021-06-30"})
    now = await graphql(AS_AT, {"id": contract, "date": date.today().isoformat()})

    # then mid-2021 shows the value and end it then had, and today the updated ones
    assert before.data["contractAsAt"] == {
        "asOf": "2021-06-30",
        "version": 1,
        "reference": "GET-2020-ROADS",
        "status": "ACTIVE",
        "retired": False,
        "value": {"amount": "1000000.00", "basis": "ANNUAL", "text": "£1m (p/a)"},
        "end": {"earliest": "2025-03-01", "latest": "2025-03-31", "text": "March 2025"},
        "contract": {"reference": "GET-2020-ROADS", "value": {"amount": "1200000.00"}},
    }
    assert now.data["contractAsAt"]["version"] == 2
    assert now.data["contractAsAt"]["value"]["amount"] == "1200000.00"
    assert now.data["contractAsAt"]["end"]["text"] == "March 2027"


async def test_a_contract_before_it_was_on_the_register_is_null_with_an_error(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given a contract created on 1 January 2020
    created = await graphql(CONTRACT_CREATE, {"input": NEW_CONTRACT}, token=tokens.editor)
    contract = created.data["contractCreate"]["contract"]["id"]
    await backdate(session, contract, "CREATE", datetime(2020, 1, 1, 9, 30, tzinfo=UTC))

    # when it is asked for as at the end of the day before
    response = await graphql(AS_AT, {"id": contract, "date": "2019-12-31"})

    # then there is no such state, and the error says why
    assert response.data == {"contractAsAt": None}
    assert response.error_codes() == ["NOT_FOUND"]
    assert "not yet on the register at the end of 2019-12-31" in response.errors[0]["message"]


async def test_a_seeded_contract_changed_later_shows_its_seeded_state_before(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given KPSN, loaded from the papers in 2017, and today recorded at £3.6m a year
    kpsn = await gid(session, models.Contract, reference="SCS-2017-KPSN")
    loaded = datetime(2017, 6, 1, tzinfo=UTC)
    await session.execute(
        update(models.Contract.__table__)
        .where(models.Contract.id == parse_global_id(kpsn)[1])
        .values(created_at=loaded)
    )
    await backdate(session, kpsn, "SEED", loaded)
    await graphql(CONTRACT_UPDATE, {"input": {"id": kpsn, "version": 1, "value": "£3.6m (p/a)"}}, token=tokens.editor)

    # when it is asked for as at the end of 2018 and as at today
    then = await graphql(AS_AT, {"id": kpsn, "date": "2018-12-31"})
    now = await graphql(AS_AT, {"id": kpsn, "date": date.today().isoformat()})

    # then 2018 shows the papers' £3.5m (the state before the first recorded change) and today £3.6m
    assert (then.data["contractAsAt"]["version"], then.data["contractAsAt"]["value"]["amount"]) == (1, "3500000.00")
    assert (now.data["contractAsAt"]["version"], now.data["contractAsAt"]["value"]["amount"]) == (2, "3600000.00")
    assert then.data["contractAsAt"]["end"]["text"] == "May 2020"


async def test_a_retired_contract_shows_as_retired_from_then_on(
    graphql: GraphQL, session: AsyncSession, tokens: Tokens
) -> None:
    # given KPSN, retired today
    kpsn = await gid(session, models.Contract, reference="SCS-2017-KPSN")
    await graphql(CONTRACT_RETIRE, {"input": {"id": kpsn, "version": 1}}, token=tokens.editor)

    # when it is asked for as at today
    response = await graphql(AS_AT, {"id": kpsn, "date": date.today().isoformat()})

    # then it is there, retired
    assert (response.data["contractAsAt"]["retired"], response.data["contractAsAt"]["status"]) == (True, "ACTIVE")


async def test_as_at_names_a_missing_or_mistyped_contract(graphql: GraphQL, session: AsyncSession) -> None:
    # given the ID of a provider, not a contract
    agilisys = await gid(session, models.Provider, name="Agilisys")

    # when it is asked for as a contract
    response = await graphql(AS_AT, {"id": agilisys, "date": "2020-01-01"})

    # then the ID is refused
    assert response.data == {"contractAsAt": None}
    assert response.error_codes() == ["BAD_ID"]


def test_every_record_type_keeps_its_history() -> None:
    # given every type that implements Node, then each loads its `history` in a batch
    from schema.relay import Node
    from schema.root import RECORD_TYPES

    records = [record_type for record_type in RECORD_TYPES if issubclass(record_type, Node)]
    assert records and all("history" in record_type.relations for record_type in records)


async def test_a_long_history_lists_the_latest_changes_its_bound_allows(
    graphql: GraphQL, session: AsyncSession
) -> None:
    # given a seeded contract changed 60 times since, a minute apart
    contract = (await session.scalars(select(models.Contract).order_by(models.Contract.id).limit(1))).one()
    contract_id, state = contract.id, snapshot(contract)
    session.add_all(
        models.Change(
            at=datetime.now(UTC) + timedelta(minutes=day + 1),
            actor=EDITOR_NAME,
            record_table=models.Contract.__tablename__,
            record_id=contract_id,
            kind=models.ChangeKind.UPDATE,
            version=day + 2,
            before={**state, "version": day + 1},
            after={**state, "version": day + 2},
        )
        for day in range(60)
    )
    await session.commit()

    # when its history is asked for
    response = await graphql(HISTORY, {"id": await gid(session, models.Contract, id=contract_id)})

    # then the latest 50, oldest first, are listed, as the field's description says
    versions = [change["version"] for change in response.data["node"]["history"]]
    assert len(versions) == HISTORY_BOUND
    assert versions == list(range(12, 62))
