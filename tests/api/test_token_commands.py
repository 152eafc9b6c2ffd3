"""`register token create | list | revoke`, run as the command line runs, on a temporary SQLite register."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.cli import main
from db.settings import Settings

PROVIDER_CREATE = 'mutation { providerCreate(input: {name: "Acme"}) { provider { history { actor } } } }'


def stored_tokens(path: Path) -> list[tuple[str, str, str, str | None]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT name, role, token_hash, revoked_at FROM api_token ORDER BY name").fetchall()


def test_a_token_is_shown_once_and_only_its_hash_is_kept(
    register_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    # when an admin issues an editor token for the finance system
    status = main(["token", "create", "--name", "finance-system", "--role", "editor"])

    # then the token alone is printed on standard output, and the register keeps its SHA-256 hash, never the token
    output = capsys.readouterr()
    token = output.out.strip()
    assert status == 0 and token.startswith("reg_") and "\n" not in token
    assert "only its hash is stored" in output.err
    assert stored_tokens(register_file) == [
        ("finance-system", "editor", hashlib.sha256(token.encode()).hexdigest(), None)
    ]


def test_tokens_are_listed_and_revoked_by_name(register_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given two tokens
    main(["token", "create", "--name", "finance-system", "--role", "editor"])
    main(["token", "create", "--name", "transparency-site", "--role", "reader"])
    capsys.readouterr()

    # when one is revoked, and the tokens are listed
    revoked = main(["token", "revoke", "--name", "finance-system"])
    listed = main(["token", "list"])

    # then the list shows both, by name, with their roles, and the revoked one with when
    output = capsys.readouterr().out.splitlines()
    assert (revoked, listed) == (0, 0)
    assert output[0] == "Revoked the token 'finance-system'; requests that present it are refused from now on."
    assert output[1] == "name\trole\tcreated\trevoked"
    finance, transparency = (line.split("\t") for line in output[2:])
    assert (finance[:2], finance[3] != "-") == (["finance-system", "editor"], True)
    assert (transparency[:2], transparency[3]) == (["transparency-site", "reader"], "-")


ISSUE_FINANCE = ["token", "create", "--name", "finance-system", "--role", "editor"]
REVOKE_FINANCE = ["token", "revoke", "--name", "finance-system"]


@pytest.mark.parametrize(
    ("before", "command", "says"),
    [
        pytest.param([ISSUE_FINANCE], ISSUE_FINANCE, "already exists", id="name-taken"),
        pytest.param([ISSUE_FINANCE, REVOKE_FINANCE], ISSUE_FINANCE, "names stay taken", id="name-of-revoked"),
        pytest.param([], REVOKE_FINANCE, "no token is named", id="revoke-unknown"),
        pytest.param([ISSUE_FINANCE, REVOKE_FINANCE], REVOKE_FINANCE, "already revoked", id="revoke-twice"),
    ],
)
def test_a_token_command_that_cannot_be_done_says_why(
    register_file: Path, capsys: pytest.CaptureFixture[str], before: list[list[str]], command: list[str], says: str
) -> None:
    # given what was done with the finance system's token before
    for earlier in before:
        assert main(earlier) == 0
    capsys.readouterr()

    # when its name is issued again, or it is revoked when it does not exist or already was
    status = main(command)

    # then the command fails, saying why
    assert status == 1
    assert says in capsys.readouterr().err


def test_a_role_must_be_one_the_register_knows(register_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # when a token is asked for with a role the register does not have, then the command line refuses it
    with pytest.raises(SystemExit) as exit:
        main(["token", "create", "--name", "finance-system", "--role", "owner"])
    assert exit.value.code == 2
    assert "invalid choice: 'owner'" in capsys.readouterr().err


def test_a_register_not_yet_migrated_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a database that was never migrated
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")

    # when tokens are listed, then the command fails and suggests the migration
    assert main(["token", "list"]) == 1
    assert "register db upgrade" in capsys.readouterr().err


async def test_a_token_from_the_command_line_writes_until_revoked(
    register_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given an editor token issued on the command line (run in a thread: the CLI runs its own event loop)
    await asyncio.to_thread(main, ["token", "create", "--name", "finance-system", "--role", "editor"])
    token = capsys.readouterr().out.strip()
    app = create_app(Settings(database_url=f"sqlite:///{register_file}"))
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://register.test") as client,
    ):
        # when it writes, and writes again after it is revoked
        accepted = (await client.post("/graphql", json={"query": PROVIDER_CREATE}, headers=headers)).json()
        await asyncio.to_thread(main, ["token", "revoke", "--name", "finance-system"])
        refused = (await client.post("/graphql", json={"query": PROVIDER_CREATE}, headers=headers)).json()

    # then the first write is recorded under the token's name, and the second refused
    assert accepted["data"] == {"providerCreate": {"provider": {"history": [{"actor": "finance-system"}]}}}
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
