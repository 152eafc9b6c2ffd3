"""Starting the servers under test as uvicorn subprocesses, knowing when they answer, and stopping them.

Every wait has a deadline, and a server that exits or never answers is reported with the end of its log,
so a benchmark fails with a reason instead of hanging.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

REPOSITORY = Path(__file__).resolve().parent.parent


class ServerError(RuntimeError):
    """A server under test did not start, or does not answer."""


def free_port() -> int:
    """A loopback port nothing is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ServerProcess:
    """A uvicorn process this run started, its address, and the file its output goes to."""

    name: str
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, lines: int = 25) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:]) or "(no output)"

    def cpu_seconds(self) -> float:
        """The CPU time (user and system) the server process has used so far, from /proc."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        # After the command name: state is field 3, so utime and stime (fields 14 and 15) are at 11 and 12.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Stop the process (and anything it started in its session), politely first."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def register_environment(url: str) -> dict[str, str]:
    """The environment a benchmark's register runs with: its database, the statement header, and no throttling."""
    # Every request comes from this one address: the rate limit still charges each (its statement is part of
    # what a request costs), but a bucket this large never empties.
    unlimited = str(10**9)
    return {
        "DATABASE_URL": url,
        "SQL_STATEMENT_HEADER": "1",
        "RATE_LIMIT_POINTS": unlimited,
        "RATE_LIMIT_RESTORE": unlimited,
    }


def start_uvicorn(
    name: str,
    factory: str,
    environment: Mapping[str, str],
    ready: Callable[[str], str | None],
    timeout: float,
) -> ServerProcess:
    """Start `uvicorn --factory FACTORY` (one worker) on a free loopback port and wait until `ready` says so.

    `ready(base_url)` returns None once the server answers, else what went wrong last.
    """

    def command(port: int) -> list[str]:
        uvicorn = [sys.executable, "-m", "uvicorn", "--factory", factory, "--host", "127.0.0.1", f"--port={port}"]
        return [*uvicorn, "--no-access-log", "--log-level=warning"]

    return start_server(name, command, environment, ready, timeout)


def start_server(
    name: str,
    command: Callable[[int], list[str]],
    environment: Mapping[str, str],
    ready: Callable[[str], str | None],
    timeout: float,
    cwd: Path = REPOSITORY,
) -> ServerProcess:
    """Start `command(port)` on a free loopback port (the environment's PORT too) and wait until it answers."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix=f"bench-{name.replace(' ', '-')}-", suffix=".log", delete=False)
    process = subprocess.Popen(
        command(port),
        cwd=cwd,
        env={**os.environ, **environment, "PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = ServerProcess(name, f"http://127.0.0.1:{port}", process, Path(log.name))
    log.close()
    try:
        wait_until_ready(server, ready, timeout)
    except ServerError:
        server.stop()
        raise
    return server


def wait_until_ready(server: ServerProcess, ready: Callable[[str], str | None], timeout: float) -> None:
    """Poll until the server answers; ServerError if it exits first or the deadline passes."""
    deadline = time.monotonic() + timeout
    problem: str | None = "not polled yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(
                f"{server.name} exited with status {server.process.returncode} before answering; "
                f"its output ends:\n{server.log_tail()}"
            )
        problem = ready(server.base_url)
        if problem is None:
            return
        time.sleep(0.25)
    raise ServerError(
        f"{server.name} did not answer at {server.base_url} within {timeout:.0f}s ({problem}); "
        f"its output ends:\n{server.log_tail()}"
    )


def answers_get(path: str) -> Callable[[str], str | None]:
    """A readiness check: GET `path` returns 200."""

    def check(base_url: str) -> str | None:
        try:
            response = httpx.get(base_url + path, timeout=2.0)
        except httpx.HTTPError as error:
            return f"{error.__class__.__name__}: {error}"
        return None if response.status_code == 200 else f"GET {path} answered {response.status_code}"

    return check


def answers_graphql(path: str, query: str) -> Callable[[str], str | None]:
    """A readiness check: POST a GraphQL query to `path` and get 200 with data."""

    def check(base_url: str) -> str | None:
        try:
            response = httpx.post(base_url + path, json={"query": query}, timeout=2.0)
        except httpx.HTTPError as error:
            return f"{error.__class__.__name__}: {error}"
        if response.status_code != 200:
            return f"POST {path} answered {response.status_code}: {response.text[:200]}"
        return None

    return check
