"""`register webhook ...`: subscribe, list, disable, enable, redeliver and remove on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main

URL = "http://127.0.0.1:9/hooks"


def test_an_operator_manages_a_subscription_from_the_command_line(
    register_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEBHOOK_ALLOW_LOOPBACK", "true")
    # when a receiver is subscribed, then its secret is printed once, alone on standard output
    assert main(["webhook", "add", "--name", "finance", "--url", URL, "--record-type", "Contract"]) == 0
    added = capsys.readouterr()
    assert added.out.startswith("whsec_") and added.out.count("\n") == 1
    assert "not shown again" in added.err
    # and it is listed, enabled, without its secret
    assert main(["webhook", "list"]) == 0
    listed = capsys.readouterr().out
    assert f"finance\t{URL}\tenabled\t0\t0" in listed and "whsec_" not in listed
    # when it is disabled, then the list says so and why
    assert main(["webhook", "disable", "--name", "finance"]) == 0
    assert main(["webhook", "list"]) == 0
    assert "disabled: Disabled by register webhook." in capsys.readouterr().out
    # and enabled again, redelivering a change that does not exist is refused, and removal leaves nothing
    assert main(["webhook", "enable", "--name", "finance"]) == 0
    assert main(["webhook", "redeliver", "--name", "finance", "--change", "999999"]) == 1
    assert "no change has the ID 999999" in capsys.readouterr().err
    assert main(["webhook", "remove", "--name", "finance"]) == 0
    assert main(["webhook", "list"]) == 0
    assert capsys.readouterr().out == "name\turl\tstate\towed\tfailures\n"


def test_a_refused_receiver_or_name_is_reported_and_nothing_kept(
    register_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # loopback is not allowed unless the setting says so
    assert main(["webhook", "add", "--name", "probe", "--url", URL]) == 1
    assert "loopback address (WEBHOOK_ALLOW_LOOPBACK allows it)" in capsys.readouterr().err
    assert main(["webhook", "enable", "--name", "nobody"]) == 1
    assert "no subscription is named 'nobody'" in capsys.readouterr().err
    assert main(["webhook", "list"]) == 0
    assert capsys.readouterr().out == "name\turl\tstate\towed\tfailures\n"
